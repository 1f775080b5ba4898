package org.assocnet.report;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import htsjdk.tribble.SimpleFeature;
import htsjdk.tribble.index.Index;
import htsjdk.tribble.index.tabix.TabixFormat;
import htsjdk.tribble.index.tabix.TabixIndexCreator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.io.Chromosomes;
import org.assocnet.io.TsvTable;
import org.assocnet.merge.Merger;

/**
 * Joins the merged glm.tsv and nn.tsv into the association table (one row per variant, GLM and network
 * side by side, AGREEMENT and PATTERN), streaming: both inputs must be sorted by chromosome (natural order)
 * and position, as {@code assocnet merge} writes them ({@link Unsorted} is thrown otherwise, and the caller
 * sorts a copy with {@link #sortedCopy} and runs again).
 * Rows are matched on CHROM, POS, REF, ALT (and ID when both rows have one); a variant in only one table
 * gets NA for the other model.
 */
public final class AssocJoin {
    /** Output columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "CHROM", "POS", "ID", "REF", "ALT", "A1", "A1_FREQ",
            "GLM_BETA", "GLM_SE", "GLM_OR", "GLM_L95", "GLM_U95", "GLM_P", "GLM_Q_BH",
            "NN_BETA", "NN_OR", "NN_L95", "NN_U95", "IMPORTANCE", "NN_P", "NN_Q", "NN_ADD_P", "NN_CONTRIB_P",
            "RISK_0", "RISK_1", "RISK_2", "AGREEMENT", "PATTERN");

    static final String[] LOCUS = {"CHROM", "POS", "ID", "REF", "ALT", "A1", "A1_FREQ"};
    /** Output name -> glm.tsv column. */
    static final String[][] GLM_COLS = {{"GLM_BETA", "BETA"}, {"GLM_SE", "LOG(OR)_SE"}, {"GLM_OR", "OR"},
        {"GLM_L95", "L95"}, {"GLM_U95", "U95"}, {"GLM_P", "P"}, {"GLM_Q_BH", "Q_BH"}};
    /** Output name -> nn.tsv column. */
    static final String[][] NN_COLS = {{"NN_BETA", "NN_BETA"}, {"NN_OR", "NN_OR"}, {"NN_L95", "NN_L95"},
        {"NN_U95", "NN_U95"}, {"IMPORTANCE", "IMPORTANCE"}, {"NN_P", "P"}, {"NN_Q", "NN_Q"},
        {"NN_ADD_P", "ADD_P"}, {"NN_CONTRIB_P", "CONTRIB_P"}, {"RISK_0", "RISK_0"}, {"RISK_1", "RISK_1"}, {"RISK_2", "RISK_2"}};

    /** Variants listed per agreement category in the report and its summary JSON. */
    static final int LISTED = 20;

    /** Everything the report needs from the join besides the table itself. */
    public static final class Result {
        public final Points points = new Points();
        public final TopHits top;
        public final Map<Agreement, Long> agreement = new EnumMap<>(Agreement.class);
        /** The first {@link #LISTED} variants (file order) of each category a test calls (both, both_opposite, *_only). */
        public final Map<Agreement, java.util.List<String>> listed = new EnumMap<>(Agreement.class);
        public final Map<String, Long> pattern = new TreeMap<>();
        public long rows, glmRows, nnRows, glmOnlyRows, nnOnlyRows;

        Result(int k) {
            top = new TopHits(k);
            for (Agreement a : Agreement.values()) {
                agreement.put(a, 0L);
                listed.put(a, new java.util.ArrayList<>());
            }
        }
    }

    private static final class Side {
        final TsvTable.Reader r;
        final int chrom, pos, id, ref, alt;
        final int[] src; // per output column of this side, index in the input or -1
        TsvTable.Row peek;

        Side(TsvTable.Reader r, String[][] cols, String qName) throws IOException {
            this.r = r;
            TsvTable.Header h = r.header();
            chrom = h.require("CHROM");
            pos = h.require("POS");
            ref = h.require("REF");
            alt = h.require("ALT");
            id = h.index("ID");
            h.require("P");
            if (!h.has(qName)) {
                throw UserException.at(r.path(), 1, qName, "column missing: run 'assocnet merge' first (it adds the genome-wide q-values)");
            }
            src = new int[cols.length];
            for (int i = 0; i < cols.length; i++) src[i] = h.index(cols[i][1]);
            peek = r.next();
        }

        int locusCompare(TsvTable.Row a, TsvTable.Row b, Side bs) {
            String ca = a.get(chrom), cb = b.get(bs.chrom);
            int c = Chromosomes.ORDER.compare(ca, cb);
            if (c != 0) return c;
            return Long.compare(a.integer(pos), b.integer(bs.pos));
        }

        /** All rows at the next locus (same CHROM and POS). */
        List<TsvTable.Row> block() throws IOException {
            List<TsvTable.Row> out = new ArrayList<>();
            TsvTable.Row first = peek;
            while (peek != null && locusCompare(peek, first, this) == 0) {
                out.add(peek);
                peek = r.next();
            }
            if (peek != null && locusCompare(peek, first, this) < 0) throw new Unsorted(r.path());
            return out;
        }
    }

    /** Thrown when an input turns out not to be in natural chromosome/position order. */
    public static final class Unsorted extends RuntimeException {
        public final Path file;

        Unsorted(Path file) {
            super(file + " is not sorted by chromosome and position");
            this.file = file;
        }
    }

    /** A sorted temporary copy of a table (deleted by the caller). */
    public static Path sortedCopy(Path p, Merger.Kind kind, Path tmpDir, List<Path> cleanup) throws IOException {
        Log.info("%s is not in chromosome/position order: sorting a copy (assocnet merge writes sorted tables)", p);
        Path tmp = Files.createTempFile(tmpDir, ".assocnet-sorted-", "." + kind.name() + ".tsv");
        cleanup.add(tmp);
        Merger.write(Merger.read(kind, List.of(p)), tmp);
        return tmp;
    }

    /**
     * Streams the join into {@code out} (plain TSV, or BGZF with a tabix index written to {@code tbi} when
     * that is not null).
     */
    public static Result run(Path glm, Path nn, Path out, Path tbi, double fdr, int topK) throws IOException {
        Result res = new Result(topK);
        try (TsvTable.Reader gr = new TsvTable.Reader(glm); TsvTable.Reader nr = nn == null ? null : new TsvTable.Reader(nn)) {
            Side g = new Side(gr, GLM_COLS, "Q_BH");
            Side n = nr == null ? null : new Side(nr, NN_COLS, "NN_Q");
            int[] glmLocus = new int[LOCUS.length], nnLocus = new int[LOCUS.length];
            for (int i = 0; i < LOCUS.length; i++) {
                glmLocus[i] = gr.header().index(LOCUS[i]);
                nnLocus[i] = nr == null ? -1 : nr.header().index(LOCUS[i]);
            }
            Sink sink = tbi == null ? new PlainSink(out) : new BgzfSink(out, tbi);
            try (sink) {
                sink.header(String.join("\t", COLUMNS).replaceFirst("^", "#"));
                String[] fields = new String[COLUMNS.size()];
                while (g.peek != null || (n != null && n.peek != null)) {
                    int cmp;
                    if (n == null || n.peek == null) cmp = -1;
                    else if (g.peek == null) cmp = 1;
                    else cmp = g.locusCompare(g.peek, n.peek, n);
                    List<TsvTable.Row> gb = cmp <= 0 ? g.block() : List.of();
                    List<TsvTable.Row> nb = cmp >= 0 ? n.block() : List.of();
                    boolean[] used = new boolean[nb.size()];
                    for (TsvTable.Row gRow : gb) {
                        int match = -1;
                        for (int j = 0; j < nb.size() && match < 0; j++) {
                            if (!used[j] && sameVariant(gRow, g, nb.get(j), n)) match = j;
                        }
                        TsvTable.Row nRow = match >= 0 ? nb.get(match) : null;
                        if (match >= 0) used[match] = true;
                        emit(res, sink, fields, gRow, g, glmLocus, nRow, n, nnLocus, fdr);
                    }
                    for (int j = 0; j < nb.size(); j++) {
                        if (!used[j]) emit(res, sink, fields, null, g, glmLocus, nb.get(j), n, nnLocus, fdr);
                    }
                }
            }
        }
        return res;
    }

    private static boolean sameVariant(TsvTable.Row a, Side as, TsvTable.Row b, Side bs) {
        if (!a.get(as.ref).equals(b.get(bs.ref)) || !a.get(as.alt).equals(b.get(bs.alt))) return false;
        if (as.id < 0 || bs.id < 0) return true;
        String ia = a.get(as.id), ib = b.get(bs.id);
        return ia.equals(ib) || ia.equals(".") || ib.equals(".");
    }

    private static void emit(Result res, Sink sink, String[] out, TsvTable.Row gRow, Side g, int[] glmLocus,
            TsvTable.Row nRow, Side n, int[] nnLocus, double fdr) throws IOException {
        TsvTable.Row lr = gRow != null ? gRow : nRow;
        int[] li = gRow != null ? glmLocus : nnLocus;
        for (int i = 0; i < LOCUS.length; i++) {
            String v = li[i] >= 0 ? lr.get(li[i]) : "NA";
            if (li[i] < 0 && gRow != null && nRow != null && nnLocus[i] >= 0) v = nRow.get(nnLocus[i]);
            out[i] = v;
        }
        int o = LOCUS.length;
        for (int i = 0; i < GLM_COLS.length; i++) out[o + i] = gRow != null && g.src[i] >= 0 ? gRow.get(g.src[i]) : "NA";
        o += GLM_COLS.length;
        for (int i = 0; i < NN_COLS.length; i++) out[o + i] = nRow != null && n.src[i] >= 0 ? nRow.get(n.src[i]) : "NA";
        o += NN_COLS.length;

        double glmP = num(gRow, g, "P"), glmQ = num(gRow, g, "Q_BH"), nnP = num(nRow, n, "P"), nnQ = num(nRow, n, "NN_Q");
        double glmBeta = num(gRow, g, "BETA");
        if (Double.isNaN(glmBeta)) {
            double or = num(gRow, g, "OR");
            if (or > 0) glmBeta = Math.log(or);
        }
        double nnBeta = num(nRow, n, "NN_BETA");
        if (Double.isNaN(nnBeta)) {
            double or = num(nRow, n, "NN_OR");
            if (or > 0) nnBeta = Math.log(or);
        }
        Agreement a = n == null ? Agreement.NA : Agreement.of(glmQ, nnQ, glmBeta, nnBeta, fdr);
        String pat = Pattern.of(num(nRow, n, "RISK_0"), num(nRow, n, "RISK_1"), num(nRow, n, "RISK_2"));
        out[o] = a.label;
        out[o + 1] = pat;

        res.rows++;
        if (gRow != null) res.glmRows++;
        if (nRow != null) res.nnRows++;
        if (gRow != null && nRow == null && n != null) res.glmOnlyRows++;
        if (gRow == null) res.nnOnlyRows++;
        res.agreement.merge(a, 1L, Long::sum);
        res.pattern.merge(pat, 1L, Long::sum);
        long pos = Long.parseLong(out[1]);
        String id = out[2];
        String label = (id.equals(".") || id.isEmpty()) ? out[0] + ":" + out[1] : id;
        res.points.add(out[0], pos, glmP, nnP, num(nRow, n, "CONTRIB_P"), glmBeta, nnBeta, a, label);
        if (a != Agreement.NONE && a != Agreement.NA && res.listed.get(a).size() < LISTED) res.listed.get(a).add(label);
        double minP = Double.isNaN(glmP) ? nnP : Double.isNaN(nnP) ? glmP : Math.min(glmP, nnP);
        res.top.offer(res.rows, minP, out);
        sink.row(out, out[0], pos);
    }

    private static double num(TsvTable.Row row, Side s, String col) {
        if (row == null) return Double.NaN;
        int i = row.header().index(col);
        return i < 0 ? Double.NaN : row.num(i);
    }

    interface Sink extends AutoCloseable {
        void header(String line) throws IOException;

        void row(String[] fields, String chrom, long pos) throws IOException;

        @Override
        void close() throws IOException;
    }

    static final class PlainSink implements Sink {
        private final BufferedWriter w;

        PlainSink(Path p) throws IOException {
            w = Files.newBufferedWriter(p, StandardCharsets.UTF_8);
        }

        public void header(String line) throws IOException {
            w.write(line);
            w.write('\n');
        }

        public void row(String[] f, String chrom, long pos) throws IOException {
            for (int i = 0; i < f.length; i++) {
                if (i > 0) w.write('\t');
                w.write(f[i]);
            }
            w.write('\n');
        }

        public void close() throws IOException {
            w.close();
        }
    }

    /** BGZF output plus a tabix index (sequence column 1, begin = end = column 2, '#' comments). */
    static final class BgzfSink implements Sink {
        private final BlockCompressedOutputStream bgzf;
        private final OutputStream raw;
        private final TabixIndexCreator index = new TabixIndexCreator(new TabixFormat(TabixFormat.GENERIC_FLAGS, 1, 2, 2, '#', 0));
        private final Path tbi;
        private final StringBuilder sb = new StringBuilder(512);

        BgzfSink(Path p, Path tbi) throws IOException {
            this.raw = Files.newOutputStream(p);
            this.bgzf = new BlockCompressedOutputStream(raw, (Path) null);
            this.tbi = tbi;
        }

        public void header(String line) throws IOException {
            bgzf.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        public void row(String[] f, String chrom, long pos) throws IOException {
            if (pos < 1 || pos > Integer.MAX_VALUE) throw new UserException("position out of range for a tabix index: " + chrom + ":" + pos);
            long start = bgzf.getFilePointer();
            index.addFeature(new SimpleFeature(chrom, (int) pos, (int) pos), start);
            sb.setLength(0);
            for (int i = 0; i < f.length; i++) {
                if (i > 0) sb.append('\t');
                sb.append(f[i]);
            }
            sb.append('\n');
            bgzf.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }

        public void close() throws IOException {
            Index idx = index.finalizeIndex(bgzf.getFilePointer());
            bgzf.close();
            idx.write(tbi);
        }
    }
}
