package org.assocnet.nn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.assocnet.core.Log;
import org.assocnet.core.MemoryLimitException;
import org.assocnet.core.UserException;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.CohortMatrix;
import org.assocnet.matrix.Encoding;
import org.assocnet.regression.PenalizedLogistic;

/**
 * The genotypes of every cohort variant for the wide model ({@link WideModel}), held column by column: the ALT
 * dosage as a float and its hard call as a byte (3 = missing). Each variant enters through three genotype terms,
 * standardised over all samples without labels (so nothing about a held-out label leaks):
 *
 * <pre>
 *   term 0  additive   g
 *   term 1  dominant   [g >= 1]   (hard call)
 *   term 2  recessive  [g == 2]   (hard call)
 * </pre>
 *
 * g = [g>=1] + [g==2], so the three are redundant on purpose: under an L1 penalty an additive, dominant or
 * recessive effect each costs one coefficient. A missing call enters every term at its mean (standardised 0).
 */
public final class WideData {
    public static final int TERMS = 3;
    public static final String[] TERM_NAMES = {"additive", "dominant", "recessive"};
    public final int n, p;
    public final int[] y;
    final float[] dose; // n x p column-major, NaN = missing
    final byte[] call; // n x p column-major, 0/1/2, 3 = missing
    /** Per variant and term: mean and SD of the raw term over the called samples (SD 1 if constant). */
    public final double[][] center, scale;
    /** Covariates, standardised over all samples (k x n). */
    final double[][] cov;
    public final double[] covCenter, covScale;
    public final List<String> covariates;

    private WideData(int n, int p, int[] y, float[] dose, byte[] call, double[][] center, double[][] scale, double[][] cov,
            double[] cc, double[] cs, List<String> covariates) {
        this.n = n;
        this.p = p;
        this.y = y;
        this.dose = dose;
        this.call = call;
        this.center = center;
        this.scale = scale;
        this.cov = cov;
        this.covCenter = cc;
        this.covScale = cs;
        this.covariates = covariates;
    }

    /**
     * Loads every variant of the cohort. The memory check counts the cohort (5 bytes per sample and variant) and
     * what the folds training at once hold on top: each fold's training rows, copied once for the penalty path and
     * once more, split, for its inner cross-validation ({@link #design}), i.e. 2 (k - 1) / k of the cohort per fold.
     */
    public static WideData load(Cohort c, long maxBytes, int parallelFolds, int folds) throws IOException {
        CohortMatrix m = c.matrix();
        int n = m.samples(), p = m.variants();
        long cohortBytes = 5L * n * p;
        double perFold = 2.0 * (folds - 1) / folds;
        long bytes = (long) (cohortBytes * (1 + perFold * Math.max(1, parallelFolds)));
        if ((long) n * p > Integer.MAX_VALUE - 8) {
            throw new UserException(String.format(java.util.Locale.ROOT, "the wide model holds every variant in one array:"
                    + " %,d samples x %,d variants is more than 2^31 values; train per chromosome chunk", n, p));
        }
        if (bytes > maxBytes || bytes > 0.8 * Runtime.getRuntime().maxMemory()) {
            throw new MemoryLimitException(String.format(java.util.Locale.ROOT,
                    "the wide model holds every variant (%,d samples x %,d variants: %.0f MB, plus %.0f MB for %d fold(s)"
                            + " training at once): this exceeds --max-memory %.0f MB or 80%% of the Java heap (%.0f MB); train"
                            + " per chromosome chunk, use fewer --threads, or raise --max-memory and the heap (ASSOCNET_HEAP)",
                    n, p, cohortBytes / 1e6, (bytes - cohortBytes) / 1e6, Math.max(1, parallelFolds), maxBytes / 1e6,
                    Runtime.getRuntime().maxMemory() / 1e6));
        }
        float[] dose = new float[n * p];
        byte[] call = new byte[n * p];
        double[][] center = new double[p][TERMS], scale = new double[p][TERMS];
        double[] col = new double[n];
        ByteBuffer scratch = m.newScratch();
        Log.Progress prog = new Log.Progress("loading variant columns", 2000);
        for (int j = 0; j < p; j++) {
            m.column(j, col, scratch);
            int o = j * n;
            double[] s = new double[TERMS], ss = new double[TERMS];
            int called = 0;
            for (int i = 0; i < n; i++) {
                double g = col[i];
                if (Double.isNaN(g)) {
                    dose[o + i] = Float.NaN;
                    call[o + i] = 3;
                    continue;
                }
                int h = Encoding.hardCall(g);
                dose[o + i] = (float) g;
                call[o + i] = (byte) h;
                called++;
                double[] t = {g, h >= 1 ? 1 : 0, h == 2 ? 1 : 0};
                for (int q = 0; q < TERMS; q++) {
                    s[q] += t[q];
                    ss[q] += t[q] * t[q];
                }
            }
            for (int q = 0; q < TERMS; q++) {
                double mean = called > 0 ? s[q] / called : 0;
                double var = called > 0 ? ss[q] / called - mean * mean : 0;
                center[j][q] = mean;
                scale[j][q] = var > 1e-12 ? Math.sqrt(var) : 1;
            }
            prog.tick(j + 1);
        }
        prog.done(p);
        double[][] raw = c.samples().covariateMatrix();
        int k = c.samples().covariateNames().size();
        double[][] cov = new double[k][n];
        double[] cc = new double[k], cs = new double[k];
        for (int q = 0; q < k; q++) {
            double s = 0, ss = 0;
            for (int i = 0; i < n; i++) {
                s += raw[i][q];
                ss += raw[i][q] * raw[i][q];
            }
            double mean = s / n, var = ss / n - mean * mean;
            cc[q] = mean;
            cs[q] = var > 1e-12 ? Math.sqrt(var) : 1;
            for (int i = 0; i < n; i++) cov[q][i] = (raw[i][q] - mean) / cs[q];
        }
        return new WideData(n, p, c.samples().pheno().clone(), dose, call, center, scale, cov, cc, cs,
                List.copyOf(c.samples().covariateNames()));
    }

    /** Raw value of term q for dosage g and hard call h (h = 3: missing, returns NaN). */
    public static double term(int q, double g, int h) {
        if (h == 3) return Double.NaN;
        return switch (q) {
            case 0 -> g;
            case 1 -> h >= 1 ? 1 : 0;
            default -> h == 2 ? 1 : 0;
        };
    }

    public double dose(int j, int i) {
        return dose[j * n + i];
    }

    public int call(int j, int i) {
        return call[j * n + i];
    }

    /**
     * Squared correlation of the hard calls of variants a and b over the samples called at both (0 if either is
     * constant there).
     */
    public double callR2(int a, int b) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        int m = 0;
        for (int i = 0, oa = a * n, ob = b * n; i < n; i++) {
            int ga = call[oa + i], gb = call[ob + i];
            if (ga > 2 || gb > 2) continue;
            sa += ga;
            sb += gb;
            saa += ga * ga;
            sbb += gb * gb;
            sab += ga * gb;
            m++;
        }
        if (m < 2) return 0;
        double va = saa - sa * sa / m, vb = sbb - sb * sb / m, cab = sab - sa * sb / m;
        return va <= 0 || vb <= 0 ? 0 : cab * cab / (va * vb);
    }

    /** Covariate q of sample i, standardised. */
    public double covariate(int q, int i) {
        return cov[q][i];
    }

    /** Columns of the penalised design: intercept, covariates, then TERMS per variant. */
    public int designColumns() {
        return 1 + cov.length + TERMS * p;
    }

    /** First design column of the variant terms. */
    public int firstVariantColumn() {
        return 1 + cov.length;
    }

    /**
     * The design restricted to {@code rows} (copied, column-major): the solver reads contiguous memory. Variant
     * terms are standardised; missing calls are 0.
     */
    public PenalizedLogistic.Design design(int[] rows) {
        return new RowDesign(rows);
    }

    /** A row subset of the standardised design. */
    final class RowDesign implements PenalizedLogistic.Design {
        private final int m;
        private final float[] add; // m x p standardised additive
        private final byte[] hc; // m x p hard calls
        private final double[][] lut; // per variant: terms 1, 2 standardised by hard call (index t * 4 + call)
        private final double[][] covRows;

        RowDesign(int[] rows) {
            m = rows.length;
            add = new float[m * p];
            hc = new byte[m * p];
            lut = new double[p][8];
            for (int j = 0; j < p; j++) {
                int o = j * n, oo = j * m;
                double c0 = center[j][0], s0 = scale[j][0];
                for (int r = 0; r < m; r++) {
                    int i = rows[r];
                    byte h = call[o + i];
                    hc[oo + r] = h;
                    add[oo + r] = h == 3 ? 0f : (float) ((dose[o + i] - c0) / s0);
                }
                for (int t = 1; t < TERMS; t++) {
                    for (int h = 0; h < 3; h++) lut[j][(t - 1) * 4 + h] = (term(t, h, h) - center[j][t]) / scale[j][t];
                    lut[j][(t - 1) * 4 + 3] = 0;
                }
            }
            covRows = new double[cov.length][m];
            for (int q = 0; q < cov.length; q++) for (int r = 0; r < m; r++) covRows[q][r] = cov[q][rows[r]];
        }

        @Override
        public int rows() {
            return m;
        }

        @Override
        public int columns() {
            return designColumns();
        }

        @Override
        public double dot(int j, double[] v) {
            double s = 0;
            if (j == 0) {
                for (int r = 0; r < m; r++) s += v[r];
            } else if (j <= cov.length) {
                double[] c = covRows[j - 1];
                for (int r = 0; r < m; r++) s += c[r] * v[r];
            } else {
                int vj = (j - 1 - cov.length) / TERMS, t = (j - 1 - cov.length) % TERMS;
                int o = vj * m;
                if (t == 0) {
                    for (int r = 0; r < m; r++) s += add[o + r] * v[r];
                } else {
                    double[] l = lut[vj];
                    int lo = (t - 1) * 4;
                    for (int r = 0; r < m; r++) s += l[lo + hc[o + r]] * v[r];
                }
            }
            return s;
        }

        @Override
        public double weightedSquares(int j, double[] w) {
            double s = 0;
            if (j == 0) {
                for (int r = 0; r < m; r++) s += w[r];
            } else if (j <= cov.length) {
                double[] c = covRows[j - 1];
                for (int r = 0; r < m; r++) s += c[r] * c[r] * w[r];
            } else {
                int vj = (j - 1 - cov.length) / TERMS, t = (j - 1 - cov.length) % TERMS;
                int o = vj * m;
                if (t == 0) {
                    for (int r = 0; r < m; r++) s += (double) add[o + r] * add[o + r] * w[r];
                } else {
                    double[] l = lut[vj];
                    int lo = (t - 1) * 4;
                    for (int r = 0; r < m; r++) {
                        double x = l[lo + hc[o + r]];
                        s += x * x * w[r];
                    }
                }
            }
            return s;
        }

        @Override
        public void axpy(int j, double a, double[] w, double[] v) {
            if (j == 0) {
                for (int r = 0; r < m; r++) v[r] += a * (w == null ? 1 : w[r]);
            } else if (j <= cov.length) {
                double[] c = covRows[j - 1];
                for (int r = 0; r < m; r++) v[r] += a * c[r] * (w == null ? 1 : w[r]);
            } else {
                int vj = (j - 1 - cov.length) / TERMS, t = (j - 1 - cov.length) % TERMS;
                int o = vj * m;
                if (t == 0) {
                    if (w == null) for (int r = 0; r < m; r++) v[r] += a * add[o + r];
                    else for (int r = 0; r < m; r++) v[r] += a * add[o + r] * w[r];
                } else {
                    double[] l = lut[vj];
                    int lo = (t - 1) * 4;
                    if (w == null) for (int r = 0; r < m; r++) v[r] += a * l[lo + hc[o + r]];
                    else for (int r = 0; r < m; r++) v[r] += a * l[lo + hc[o + r]] * w[r];
                }
            }
        }
    }
}
