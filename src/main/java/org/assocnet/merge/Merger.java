package org.assocnet.merge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.io.Json;
import org.assocnet.stats.MultipleTesting;
import org.assocnet.io.Chromosomes;
import org.assocnet.io.TsvTable;

/**
 * The gather step: concatenates chunk tables of one kind (glm.tsv or nn.tsv), sorts the rows by chromosome
 * (natural order, {@link Chromosomes}) and position, and recomputes the genome-wide BH q-value column from
 * the P column. Columns are handled by name, so columns a stage adds later pass through untouched.
 *
 * <p>Deterministic: the row order is a total order on the variant's identity (CHROM, POS, ID, REF, ALT and,
 * when present, A1 and TEST) and the q-values depend only on the multiset of P values, so the output is
 * byte-identical whether the cohort ran as one chunk or many.
 */
public final class Merger {
    /** Columns identifying a row; those present in the header are used. */
    static final List<String> KEY_COLUMNS = List.of("CHROM", "POS", "ID", "REF", "ALT", "A1", "TEST");

    /** A table kind: its P column and the q-value column recomputed from it. */
    public record Kind(String name, String pColumn, String qColumn) {}

    public static final Kind GLM = new Kind("glm", "P", "Q_BH");
    public static final Kind NN = new Kind("nn", "P", "NN_Q");

    /** One row held for sorting: the raw line plus its parsed locus (identity columns are split on demand). */
    private record Entry(String line, int rank, String chrom, long pos, int file, long lineNo) {}

    /** The identity columns after CHROM and POS (ID, REF, ALT, A1, TEST as present) of a row. */
    private static String[] tie(Entry e, int[] keyIdx) {
        String[] f = e.line.split("\t", -1);
        String[] t = new String[keyIdx.length];
        for (int k = 0; k < keyIdx.length; k++) t[k] = f[keyIdx[k]];
        return t;
    }

    private static Comparator<Entry> order(int[] keyIdx) {
        return (a, b) -> {
            int c = Integer.compare(a.rank, b.rank);
            if (c == 0) c = a.chrom.compareTo(b.chrom);
            if (c == 0) c = Long.compare(a.pos, b.pos);
            if (c == 0) c = Arrays.compare(tie(a, keyIdx), tie(b, keyIdx));
            if (c == 0) c = a.line.compareTo(b.line);
            return c;
        };
    }

    /** The merged table: header, sorted rows, P values in row order, and the recomputed q-values. */
    public static final class Table {
        public final Kind kind;
        public final TsvTable.Header header;
        final List<Entry> rows;
        final List<Path> files;
        final long[] rowsPerFile;
        public final double[] p;
        public final double[] q;

        Table(Kind kind, TsvTable.Header header, List<Entry> rows, List<Path> files, long[] rowsPerFile, double[] p) {
            this.kind = kind;
            this.header = header;
            this.rows = rows;
            this.files = files;
            this.rowsPerFile = rowsPerFile;
            this.p = p;
            this.q = MultipleTesting.benjaminiHochberg(p);
        }

        public int size() {
            return rows.size();
        }
    }

    /** Reads, checks and sorts the chunk tables of one kind. */
    public static Table read(Kind kind, List<Path> files) throws IOException {
        if (files.isEmpty()) throw new IllegalArgumentException("no files");
        TsvTable.Header first = null;
        Path firstFile = null;
        List<Entry> rows = new ArrayList<>();
        long[] perFile = new long[files.size()];
        int[] keyIdx = null;
        int chromIdx = -1, posIdx = -1;
        for (int fi = 0; fi < files.size(); fi++) {
            Path f = files.get(fi);
            try (TsvTable.Reader r = new TsvTable.Reader(f)) {
                TsvTable.Header h = r.header();
                if (first == null) {
                    first = h;
                    firstFile = f;
                    h.require(kind.pColumn());
                    chromIdx = h.require("CHROM");
                    posIdx = h.require("POS");
                    h.require("REF");
                    h.require("ALT");
                    keyIdx = KEY_COLUMNS.stream().skip(2).mapToInt(h::index).filter(i -> i >= 0).toArray();
                } else if (!h.sameAs(first)) {
                    throw headerMismatch(first, firstFile, h, f);
                }
                TsvTable.Row row;
                while ((row = r.next()) != null) {
                    String chrom = row.get(chromIdx).intern();
                    long pos = row.integer(posIdx);
                    rows.add(new Entry(row.joined(), Chromosomes.rank(chrom), chrom, pos, fi, row.line));
                    perFile[fi]++;
                }
            }
        }
        rows.sort(order(keyIdx));
        int pIdx = first.require(kind.pColumn());
        double[] p = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Entry e = rows.get(i);
            if (i > 0) {
                Entry prev = rows.get(i - 1);
                if (prev.rank == e.rank && prev.chrom.equals(e.chrom) && prev.pos == e.pos && Arrays.equals(tie(prev, keyIdx), tie(e, keyIdx))) {
                    throw UserException.at(files.get(e.file), e.lineNo, null, "duplicate variant row " + e.chrom + ":" + e.pos
                            + " " + String.join(" ", tie(e, keyIdx)) + " (also at " + files.get(prev.file) + ":" + prev.lineNo + ")");
                }
            }
            String[] f = e.line.split("\t", -1);
            p[i] = TsvTable.parseNumber(files.get(e.file), e.lineNo, kind.pColumn(), f[pIdx]);
            if (!Double.isNaN(p[i]) && (p[i] < 0 || p[i] > 1)) {
                throw UserException.at(files.get(e.file), e.lineNo, kind.pColumn(), "p-value outside [0, 1]: " + f[pIdx]);
            }
        }
        return new Table(kind, first, rows, List.copyOf(files), perFile, p);
    }

    private static UserException headerMismatch(TsvTable.Header a, Path aFile, TsvTable.Header b, Path bFile) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? TsvTable.Header.bare(a.names().get(i)) : null;
            String y = i < b.size() ? TsvTable.Header.bare(b.names().get(i)) : null;
            if (x != null && x.equals(y)) continue;
            String msg = "column " + (i + 1) + (x == null ? " is extra" : " should be '" + x + "'") + " as in " + aFile
                    + " (all chunks of one kind must have the same columns)";
            return UserException.at(bFile, 1, y == null ? "(none)" : y, msg);
        }
        throw new IllegalStateException("headers equal");
    }

    /** Writes the merged table with the q column recomputed (appended if the chunks had none). */
    public static void write(Table t, Path out) throws IOException {
        List<String> names = new ArrayList<>(t.header.names());
        int qIdx = t.header.index(t.kind.qColumn());
        boolean append = qIdx < 0;
        if (append) names.add(t.kind.qColumn());
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                TsvTable.Writer tw = new TsvTable.Writer(w, names)) {
            for (int i = 0; i < t.rows.size(); i++) {
                String[] f = t.rows.get(i).line.split("\t", -1);
                String q = TsvTable.fmt(t.q[i]);
                if (append) {
                    String[] g = Arrays.copyOf(f, f.length + 1);
                    g[f.length] = q;
                    f = g;
                } else {
                    f[qIdx] = q;
                }
                tw.row(f);
            }
        }
    }

    /** Names of the P columns of a header: "P" and every name ending in "_P". */
    public static List<String> pColumns(TsvTable.Header h) {
        List<String> out = new ArrayList<>();
        for (String n : h.names()) {
            String b = TsvTable.Header.bare(n);
            if (b.equals("P") || b.endsWith("_P")) out.add(b);
        }
        return out;
    }

    /** Per-table summary for merge.json: files, rows per file, tested counts, lambda per P column. */
    public static ObjectNode summary(Table t) {
        ObjectNode o = Json.object();
        o.put("rows", t.size());
        o.put("q_column", t.kind.qColumn());
        ArrayNode chunks = o.putArray("chunks");
        for (int i = 0; i < t.files.size(); i++) {
            ObjectNode c = chunks.addObject();
            c.put("file", t.files.get(i).toString());
            c.put("rows", t.rowsPerFile[i]);
        }
        ObjectNode lam = o.putObject("lambda");
        ObjectNode tested = o.putObject("tested");
        ObjectNode sig = o.putObject("p_below_5e-8");
        for (String col : pColumns(t.header)) {
            double[] p = column(t, col);
            lam.put(col, MultipleTesting.genomicControlLambda(p));
            tested.put(col, MultipleTesting.tested(p));
            sig.put(col, MultipleTesting.countBelow(p, 5e-8));
        }
        o.put("q_below_0.05", MultipleTesting.countBelow(t.q, 0.05));
        return o;
    }

    /** A numeric column of the merged table, in row order. */
    public static double[] column(Table t, String name) {
        if (name.equals(t.kind.pColumn())) return t.p;
        int idx = t.header.require(name);
        double[] v = new double[t.size()];
        for (int i = 0; i < v.length; i++) {
            Entry e = t.rows.get(i);
            String[] f = e.line.split("\t", -1);
            v[i] = TsvTable.parseNumber(t.files.get(e.file), e.lineNo, name, f[idx]);
        }
        return v;
    }

    public static void logSummary(Table t) {
        Log.info("%s: %,d rows from %d chunk(s); lambda(%s) = %s", t.kind.name(), t.size(), t.files.size(),
                t.kind.pColumn(), TsvTable.fmt(MultipleTesting.genomicControlLambda(t.p)));
    }
}
