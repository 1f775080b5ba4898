package org.assocnet.epistasis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.assocnet.core.Log;
import org.assocnet.io.Chromosomes;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.CohortMatrix;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.matrix.Variant;

/**
 * Hard-call genotypes of a cohort's variants as bit planes, cases and controls apart: for each variant three
 * planes (ALT count 0, 1, 2), one bit per sample, a missing call set in none of them. A pair's 3x3x2 table is
 * then a handful of AND + popcount passes over 64 samples per machine word. Memory: 3 bits per sample per
 * variant (n * 3 / 8 bytes), for the variants that can be tested only.
 *
 * <p>Hard calls: UINT8 matrices hold them already; FLOAT32 dosages are rounded to the nearest integer
 * (d &lt; 0.5 -> 0, d &lt; 1.5 -> 1, else 2). Variants are skipped, as PLINK 1.9 {@code --fast-epistasis}
 * does, on chrX, chrY and chrMT (haploid calls) and when fewer than two genotype classes are observed.
 */
public final class GenotypePlanes {
    public final Cohort cohort;
    /** Cohort rows of the cases and of the controls, in cohort order. */
    public final int[] caseRows, ctrlRows;
    public final int nCase, nCtrl, wc, wt, words;
    /** Cohort variant index of each kept variant. */
    public final int[] variant;
    /** planes[v]: 3 * words longs; plane g at g * words; case bits in [0, wc), control bits in [wc, words). */
    public final long[][] planes;
    /** Genotype class counts per kept variant: [k * 3 + g], k = 0 cases, 1 controls. */
    public final int[][] totals;
    public final boolean[] hasMissing;
    /** Positions (within their group) of the missing calls of each kept variant: [0] cases, [1] controls. */
    public final int[][][] missing;
    public final int skippedNonAutosomal, skippedMonomorphic;

    private GenotypePlanes(Cohort cohort, int[] caseRows, int[] ctrlRows, int[] variant, long[][] planes,
                           int[][] totals, boolean[] hasMissing, int[][][] missing, int skippedNonAutosomal, int skippedMonomorphic) {
        this.cohort = cohort;
        this.caseRows = caseRows;
        this.ctrlRows = ctrlRows;
        this.nCase = caseRows.length;
        this.nCtrl = ctrlRows.length;
        this.wc = (nCase + 63) >>> 6;
        this.wt = (nCtrl + 63) >>> 6;
        this.words = wc + wt;
        this.variant = variant;
        this.planes = planes;
        this.totals = totals;
        this.hasMissing = hasMissing;
        this.missing = missing;
        this.skippedNonAutosomal = skippedNonAutosomal;
        this.skippedMonomorphic = skippedMonomorphic;
    }

    public int size() {
        return variant.length;
    }

    public Variant info(int v) {
        return cohort.variants().get(variant[v]);
    }

    /** Hard call of kept variant v for a case (k = 0) or control (k = 1) at position r of its group; -1 = missing. */
    public int call(int v, int k, int r) {
        int w = (k == 0 ? 0 : wc) + (r >>> 6);
        long bit = 1L << (r & 63);
        long[] p = planes[v];
        if ((p[w] & bit) != 0) return 0;
        if ((p[words + w] & bit) != 0) return 1;
        if ((p[2 * words + w] & bit) != 0) return 2;
        return -1;
    }

    static boolean nonAutosomal(String chrom) {
        int r = Chromosomes.rank(chrom);
        return r == 23 || r == 24 || r == 26;
    }

    /**
     * Reads the planes of every variant of {@code cohort} for the given rows (cohort sample indices; null =
     * all samples), split by the cohort's phenotype (1 case, 0 control).
     */
    public static GenotypePlanes read(Cohort cohort, int[] rows) throws IOException {
        int[] pheno = cohort.samples().pheno();
        int n = cohort.samples().size();
        if (rows == null) {
            rows = new int[n];
            for (int i = 0; i < n; i++) rows[i] = i;
        }
        int nc = 0;
        for (int r : rows) if (pheno[r] == 1) nc++;
        int[] cases = new int[nc], ctrls = new int[rows.length - nc];
        int a = 0, b = 0;
        for (int r : rows) {
            if (pheno[r] == 1) cases[a++] = r;
            else ctrls[b++] = r;
        }
        java.util.Arrays.sort(cases);
        java.util.Arrays.sort(ctrls);
        CohortMatrix mx = cohort.matrix();
        boolean u8 = mx.header().valueType() == MatrixHeader.ValueType.UINT8;
        int wc = (cases.length + 63) >>> 6, wt = (ctrls.length + 63) >>> 6, words = wc + wt;
        List<Variant> vs = cohort.variants();
        List<Integer> keep = new ArrayList<>();
        List<long[]> pl = new ArrayList<>();
        List<int[]> tot = new ArrayList<>();
        List<Boolean> miss = new ArrayList<>();
        List<int[][]> missPos = new ArrayList<>();
        int[] mbuf = new int[n];
        int nonAuto = 0, mono = 0;
        ByteBuffer scratch = mx.newScratch();
        byte[] g = new byte[n];
        Log.Progress prog = new Log.Progress("epistasis: genotype planes", 5_000);
        for (int j = 0; j < vs.size(); j++) {
            if (nonAutosomal(vs.get(j).chrom())) {
                nonAuto++;
                continue;
            }
            ByteBuffer buf = mx.rawColumn(j, scratch);
            for (int i = 0; i < n; i++) {
                if (u8) {
                    byte v = buf.get(i);
                    g[i] = v == CohortMatrix.MISSING_U8 ? -1 : v;
                } else {
                    float d = buf.getFloat(i * 4);
                    g[i] = Float.isNaN(d) ? -1 : d < 0.5f ? 0 : d < 1.5f ? (byte) 1 : 2;
                }
            }
            long[] p = new long[3 * words];
            int[] t = new int[6];
            boolean m = false;
            int[][] mp = new int[2][];
            for (int k = 0; k < 2; k++) {
                int[] grp = k == 0 ? cases : ctrls;
                int off = k == 0 ? 0 : wc;
                int nm = 0;
                for (int r = 0; r < grp.length; r++) {
                    int v = g[grp[r]];
                    if (v < 0 || v > 2) {
                        m = true;
                        mbuf[nm++] = r;
                        continue;
                    }
                    p[v * words + off + (r >>> 6)] |= 1L << (r & 63);
                    t[k * 3 + v]++;
                }
                mp[k] = java.util.Arrays.copyOf(mbuf, nm);
            }
            int classes = 0;
            for (int c = 0; c < 3; c++) if (t[c] + t[3 + c] > 0) classes++;
            if (classes < 2) {
                mono++;
                continue;
            }
            keep.add(j);
            pl.add(p);
            tot.add(t);
            miss.add(m);
            missPos.add(mp);
            prog.tick(j + 1);
        }
        boolean[] hm = new boolean[miss.size()];
        for (int i = 0; i < hm.length; i++) hm[i] = miss.get(i);
        return new GenotypePlanes(cohort, cases, ctrls, keep.stream().mapToInt(Integer::intValue).toArray(),
                pl.toArray(new long[0][]), tot.toArray(new int[0][]), hm, missPos.toArray(new int[0][][]), nonAuto, mono);
    }

    /** Bytes held by the planes. */
    public long bytes() {
        return (long) planes.length * 3 * words * 8;
    }
}
