package org.assocnet.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.assocnet.io.TsvTable;

/** The K most significant rows of the association table by min(GLM_P, NN_P), kept in bounded memory. */
public final class TopHits {
    /** One top row: its assoc.tsv fields plus the numbers plots need. */
    public record Hit(long order, double minP, String[] fields) {
        String f(String col) {
            int i = AssocJoin.COLUMNS.indexOf(col);
            return fields[i];
        }

        double d(String col) {
            return TsvTable.parseNumber("assoc", 0, col, f(col));
        }

        public String label() {
            String id = f("ID");
            return (id.equals(".") || id.isEmpty()) ? f("CHROM") + ":" + f("POS") : id;
        }

        public String ref() {
            return f("REF");
        }

        public String alt() {
            return f("ALT");
        }

        public double[] risks() {
            return new double[] {d("RISK_0"), d("RISK_1"), d("RISK_2")};
        }

        public String pattern() {
            return f("PATTERN");
        }

        public double nnP() {
            return d("NN_P");
        }

        public double glmP() {
            return d("GLM_P");
        }

        boolean hasRisks() {
            for (double r : risks()) if (Double.isNaN(r)) return false;
            return true;
        }
    }

    private static final Comparator<Hit> BEST_FIRST = Comparator.comparingDouble(Hit::minP).thenComparingLong(Hit::order);
    private final int k;
    private final PriorityQueue<Hit> worstFirst = new PriorityQueue<>(BEST_FIRST.reversed());

    public TopHits(int k) {
        this.k = k;
    }

    void offer(long order, double minP, String[] fields) {
        if (Double.isNaN(minP) || k == 0) return;
        if (worstFirst.size() < k) {
            worstFirst.add(new Hit(order, minP, fields.clone()));
        } else if (BEST_FIRST.compare(new Hit(order, minP, null), worstFirst.peek()) < 0) {
            worstFirst.poll();
            worstFirst.add(new Hit(order, minP, fields.clone()));
        }
    }

    /** Most significant first. */
    public List<Hit> sorted() {
        List<Hit> l = new ArrayList<>(worstFirst);
        l.sort(BEST_FIRST);
        return l;
    }

    /** The first n hits that have all three genotype risks. */
    public List<Hit> withRisks(int n) {
        List<Hit> out = new ArrayList<>();
        for (Hit h : sorted()) {
            if (out.size() >= n) break;
            if (h.hasRisks()) out.add(h);
        }
        return out;
    }
}
