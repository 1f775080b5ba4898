package org.assocnet.stats;

import java.util.Arrays;

/** Across-variant summaries of a P column (STATISTICS.md section 6). NaN p-values are ignored. */
public final class MultipleTesting {
    /** Median of a 1-df chi-square: qchisq(0.5, 1) in R = 0.4549364231195724. */
    public static final double CHISQ1_MEDIAN = 0.4549364231195724;

    private MultipleTesting() {}

    /** Benjamini-Hochberg q-values (R's p.adjust(p, "BH")); NaN stays NaN and does not count in m. */
    public static double[] benjaminiHochberg(double[] p) {
        int[] idx = ascendingNonNaN(p);
        int m = idx.length;
        double[] q = nanArray(p.length);
        double run = 1.0;
        for (int r = m - 1; r >= 0; r--) {
            int i = idx[r];
            run = Math.min(run, p[i] * m / (r + 1));
            q[i] = Math.min(1.0, run);
        }
        return q;
    }

    /**
     * Benjamini-Hochberg on log10 p-values, returning log10 q: the same as {@link #benjaminiHochberg} but in
     * log space, so P below the double range keep their order and value. NaN stays NaN and does not count in m.
     */
    public static double[] benjaminiHochbergLog10(double[] log10p) {
        int[] idx = ascendingNonNaN(log10p);
        int m = idx.length;
        double[] q = nanArray(log10p.length);
        double run = 0;
        double lm = Math.log10(m);
        for (int r = m - 1; r >= 0; r--) {
            int i = idx[r];
            run = Math.min(run, log10p[i] + lm - Math.log10(r + 1));
            q[i] = Math.min(0, run);
        }
        return q;
    }

    /**
     * Indices of the non-NaN values, in ascending order of value (ties in index order): a stable merge sort of
     * primitive indices (a boxed sort with a comparator costs ~0.3 s for 50,000 p-values in a fresh JVM).
     */
    static int[] ascendingNonNaN(double[] v) {
        int m = 0;
        for (double x : v) if (!Double.isNaN(x)) m++;
        int[] a = new int[m];
        int k = 0;
        for (int i = 0; i < v.length; i++) if (!Double.isNaN(v[i])) a[k++] = i;
        int[] b = new int[m];
        for (int width = 1; width < m; width <<= 1) {
            for (int lo = 0; lo < m; lo += width << 1) {
                int mid = Math.min(lo + width, m), hi = Math.min(lo + (width << 1), m);
                int i = lo, j = mid, o = lo;
                while (i < mid && j < hi) b[o++] = v[a[j]] < v[a[i]] ? a[j++] : a[i++];
                while (i < mid) b[o++] = a[i++];
                while (j < hi) b[o++] = a[j++];
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    private static double[] nanArray(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** Number of non-NaN p-values. */
    public static int tested(double[] p) {
        int c = 0;
        for (double v : p) if (!Double.isNaN(v)) c++;
        return c;
    }

    /** Count of p-values at or below the threshold. */
    public static int countBelow(double[] p, double threshold) {
        int c = 0;
        for (double v : p) if (v <= threshold) c++;
        return c;
    }

    /**
     * Genomic-control lambda: median of the 1-df chi-square statistics implied by the p-values, divided by
     * {@link #CHISQ1_MEDIAN}. Computed from P, so it applies to any two-sided test. NaN if no p-values. The
     * chi-square of P falls as P rises, so the median statistic is that of the median P (the mean of the two
     * middle ones for an even count): two inverse CDFs, not one per variant.
     */
    public static double genomicControlLambda(double[] p) {
        double[] s = new double[tested(p)];
        int k = 0;
        for (double v : p) if (!Double.isNaN(v)) s[k++] = v;
        if (s.length == 0) return Double.NaN;
        Arrays.sort(s);
        int m = s.length;
        double med = (m % 2 == 1) ? Distributions.chiSquare1FromP(s[m / 2])
                : 0.5 * (Distributions.chiSquare1FromP(s[m / 2 - 1]) + Distributions.chiSquare1FromP(s[m / 2]));
        return med / CHISQ1_MEDIAN;
    }
}
