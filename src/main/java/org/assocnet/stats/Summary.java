package org.assocnet.stats;

import java.util.Arrays;
import java.util.List;

/** Summaries of samples of numbers: medians, robust scales and correlations, the standard error of a mean. */
public final class Summary {
    private Summary() {}

    public static int countFinite(double[] z) {
        int c = 0;
        for (double v : z) if (!Double.isNaN(v)) c++;
        return c;
    }

    /**
     * Gnanadesikan-Kettenring correlation of the per-fold z statistics over the fold pairs where both folds score
     * the variant, pooled over pairs (folds are exchangeable): rho = (s+^2 - s-^2) / (s+^2 + s-^2) with s+-
     * the MAD scales of z_f +- z_g. Only variants scored by exactly {@code m} folds, or all if m < 0. Clamped to
     * [0, 0.95].
     */
    public static double gkRho(List<double[]> zs, int m) {
        int n = 0;
        for (double[] zf : zs) {
            int c = countFinite(zf);
            if (m < 0 || c == m) n += c * (c - 1) / 2;
        }
        double[] a = new double[n], b = new double[n];
        int at = 0;
        for (double[] zf : zs) {
            if (m >= 0 && countFinite(zf) != m) continue;
            for (int f = 0; f < zf.length; f++) {
                if (Double.isNaN(zf[f])) continue;
                for (int g = f + 1; g < zf.length; g++) {
                    if (Double.isNaN(zf[g])) continue;
                    a[at] = zf[f] + zf[g];
                    b[at++] = zf[f] - zf[g];
                }
            }
        }
        double sp = mad(a), sm = mad(b);
        double rho = (sp * sp - sm * sm) / (sp * sp + sm * sm);
        return Double.isNaN(rho) ? 0 : Math.max(0, Math.min(0.95, rho));
    }

    /** Median absolute deviation, scaled to the SD of a normal. */
    public static double mad(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        double med = median(s);
        for (int i = 0; i < s.length; i++) s[i] = Math.abs(x[i] - med);
        Arrays.sort(s);
        return 1.482602218505602 * median(s);
    }

    public static double median(double[] sorted) {
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);
    }

    public static double seOfMean(double s, double ss, int n) {
        if (n < 2) return Double.NaN;
        double m = s / n;
        double var = Math.max(0, (ss - n * m * m) / (n - 1));
        return Math.sqrt(var / n);
    }
}
