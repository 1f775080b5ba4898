package org.assocnet.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.assocnet.core.UserException;
import org.assocnet.io.TsvTable;

/**
 * The report's "Network pair tests" section from PREFIX.nn.pairs.tsv (one file per chunk or merged): the
 * network's own test of each pair (PAIR_Z, PAIR_P) and its 3x3 genotype risks (RISK_gh: the mean predicted case
 * probability with variant 1 set to g and variant 2 to h ALT alleles; N_gh: held-out samples with that
 * genotype combination). Rows sorted by PAIR_P; panels for the top pairs through the same 3x3 renderer as the
 * exhaustive scan's.
 */
public final class NetworkPairs {
    private NetworkPairs() {}

    static final String SOURCE = "The network's pair test (PREFIX.nn.pairs.tsv, written with the trained network):"
            + " PAIR_Z and PAIR_P are that test's statistic and P, FOLDS the cross-fitting folds it used. The panels show"
            + " the network's mean predicted case probability (RISK_gh) with variant 1 set to g and variant 2 set to h ALT"
            + " alleles, and under each value the held-out samples that carry that combination (N_gh): the shape the network"
            + " learned, not an observed case fraction. These numbers come from the network, not from the exhaustive scan"
            + " above; the Bonferroni threshold here counts only the pairs listed in the file(s).";

    static final String[] CELLS = {"00", "01", "02", "10", "11", "12", "20", "21", "22"};

    record Row(double p, int order, String[] cells, double[] risk, double[] n, String id1, String id2, String loc1, String loc2, String pText) {}

    public static PairSection read(List<Path> files, int top, int panels) throws IOException {
        List<Row> all = new ArrayList<>();
        for (Path f : files) {
            try (TsvTable.Reader r = new TsvTable.Reader(f)) {
                TsvTable.Header h = r.header();
                int[] loc = PairSection.variantColumns(h);
                int z = h.require("PAIR_Z"), pc = h.require("PAIR_P"), folds = h.require("FOLDS");
                int[] risk = new int[9], n = new int[9];
                for (int i = 0; i < 9; i++) {
                    risk[i] = h.require("RISK_" + CELLS[i]);
                    n[i] = h.require("N_" + CELLS[i]);
                }
                for (TsvTable.Row row : r) {
                    double p = PairSection.probability(row, pc);
                    row.num(z);
                    row.integer(loc[1]);
                    row.integer(loc[4]);
                    double[] rv = new double[9], nv = new double[9];
                    for (int i = 0; i < 9; i++) {
                        rv[i] = PairSection.probability(row, risk[i]);
                        nv[i] = row.num(n[i]);
                        if (nv[i] < 0 || nv[i] != Math.rint(nv[i]) && !Double.isNaN(nv[i])) {
                            throw UserException.at(f, row.line, h.names().get(n[i]), "not a sample count: '" + row.get(n[i]) + "'");
                        }
                    }
                    List<String> cells = PairSection.variantCells(row, loc);
                    cells.addAll(List.of(row.get(z), row.get(pc), row.get(folds)));
                    all.add(new Row(Double.isNaN(p) ? 2 : p, all.size(), cells.toArray(new String[0]), rv, nv, row.get(loc[2]), row.get(loc[5]),
                            row.get(loc[0]) + ":" + row.get(loc[1]), row.get(loc[3]) + ":" + row.get(loc[4]), row.get(pc)));
                }
            }
        }
        all.sort(Comparator.comparingDouble(Row::p).thenComparingInt(Row::order));
        long tested = all.stream().filter(x -> x.p() <= 1).count();
        double thr = tested > 0 ? 0.05 / tested : Double.NaN;

        PairSection s = new PairSection("nn_pairs", "Network pair tests", SOURCE);
        ObjectNode sum = s.summary;
        ArrayNode fl = sum.putArray("files");
        files.forEach(f -> fl.add(f.toString()));
        sum.put("pairs", all.size());
        sum.put("tested", tested);
        Report.putNum(sum, "min_p", tested > 0 ? all.get(0).p() : Double.NaN);
        Report.putNum(sum, "bonferroni_threshold", thr);
        sum.put("below_bonferroni", all.stream().filter(x -> x.p() <= thr).count());
        s.cards.add(new String[] {"pairs", "pairs in the table"});
        s.cards.add(new String[] {"min_p", "smallest PAIR_P"});
        s.cards.add(new String[] {"bonferroni_threshold", "Bonferroni threshold (0.05 / pairs with a PAIR_P)"});
        s.cards.add(new String[] {"below_bonferroni", "pairs below it"});
        s.columns.addAll(PairSection.VARIANT_COLUMNS);
        s.columns.addAll(List.of("PAIR_Z", "PAIR_P", "FOLDS"));
        for (int i = 0; i < Math.min(top, all.size()); i++) s.rows.add(all.get(i).cells());
        s.topPairsJson(10);

        List<PairPlots.Panel> ps = new ArrayList<>();
        ArrayNode out = sum.putArray("panels");
        for (Row x : all) {
            if (ps.size() >= panels) break;
            boolean any = false;
            for (double v : x.risk()) any |= !Double.isNaN(v);
            if (!any) continue;
            String[] note = new String[9];
            for (int i = 0; i < 9; i++) note[i] = "n=" + (Double.isNaN(x.n()[i]) ? "NA" : Long.toString((long) x.n()[i]));
            ps.add(new PairPlots.Panel(x.id1() + " x " + x.id2(), "PAIR_P = " + x.pText() + "; cell: network risk, n held out",
                    PairSection.locus(x.loc1(), x.id1()), PairSection.locus(x.loc2(), x.id2()), x.risk(), note));
            ObjectNode o = out.addObject();
            o.put("id1", x.id1());
            o.put("id2", x.id2());
            o.put("pair_p", x.pText());
            PairSection.grid(o, "risk", x.risk(), false);
            PairSection.grid(o, "n", x.n(), true);
        }
        if (!ps.isEmpty()) s.plots.add(PairPlots.panels("nn_pair_panels", "Network risk by genotype, top pairs (network pair test)", "network risk", ps));
        else s.notes.add("No pair in the network pair table has RISK_gh values: pair panels skipped.");
        return s;
    }
}
