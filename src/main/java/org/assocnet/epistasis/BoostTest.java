package org.assocnet.epistasis;

import org.assocnet.stats.Distributions;

/**
 * The case/control interaction test of one variant pair from its 3x3x2 table (genotype of the first variant
 * a, of the second b, status k; cell {@code c[k * 9 + a * 3 + b]}, k = 0 cases, 1 controls), as in BOOST
 * (Wan et al. 2010) and PLINK 1.9 {@code --fast-epistasis boost}:
 * <ul>
 * <li>{@link #kirkwood}: the likelihood-ratio statistic of the table against the Kirkwood superposition
 *     approximation p(a,b,k) ~ p(a|b) p(b|k) p(k|a), renormalised. Written with n log n sums of the table and
 *     its margins it needs one logarithm per pair (a lookup table does the rest). It bounds the exact
 *     statistic from above, so it is a safe screen.</li>
 * <li>{@link #exact}: the likelihood-ratio (G) statistic of the table against the log-linear model without
 *     the three-way interaction (margins ab, ak, bk fitted by iterative proportional fitting). It equals
 *     the 4-df likelihood-ratio test of logit P(case) ~ factor(a) + factor(b) against the saturated
 *     factor(a) * factor(b) model.</li>
 * </ul>
 * Degrees of freedom: 4, less one per genotype class absent from the pair's samples (2 with one class
 * absent, 1 with one absent in each variant); a variant with two classes absent is not testable (df 0).
 */
public final class BoostTest {
    /** IPF stops when the summed absolute change of the 18 fitted counts over one cycle is at most this (PLINK 1.9's rule). */
    public static final double IPF_TOLERANCE = 1e-3;
    public static final int IPF_MAX_CYCLES = 10_000;

    private final double[] xlogx;
    private final double[] m = new double[18];
    private final double[] m0 = new double[18];
    private final int[] nab = new int[9];
    /** Cycles used by the last {@link #exact} call. */
    public int lastCycles;

    /** {@code maxN}: the largest table total that will be seen (the number of samples). */
    public BoostTest(int maxN) {
        xlogx = new double[maxN + 1];
        for (int i = 1; i <= maxN; i++) xlogx[i] = i * Math.log(i);
    }

    /** Degrees of freedom of the pair's test: 4, 2, 1, or 0 when a variant has fewer than two genotype classes. */
    public static int df(int[] c) {
        int ea = 0, eb = 0;
        for (int a = 0; a < 3; a++) {
            int s = 0;
            for (int b = 0; b < 3; b++) s += c[a * 3 + b] + c[9 + a * 3 + b];
            if (s == 0) ea++;
        }
        for (int b = 0; b < 3; b++) {
            int s = 0;
            for (int a = 0; a < 3; a++) s += c[a * 3 + b] + c[9 + a * 3 + b];
            if (s == 0) eb++;
        }
        if (ea > 1 || eb > 1) return 0;
        return 4 >> (ea + eb);
    }

    /** df of the last {@link #kirkwood} call (0: not testable). */
    public int lastDf;

    /**
     * The Kirkwood-superposition statistic (an upper bound of {@link #exact}); sets {@link #lastDf}. NaN when
     * the pair is not testable (a variant with fewer than two genotype classes, or no case or no control).
     */
    public double kirkwood(int[] c) {
        final double[] xl = xlogx;
        // margins: ab (9), ak and bk (3 x 2 each)
        int a00 = c[0] + c[1] + c[2], a10 = c[3] + c[4] + c[5], a20 = c[6] + c[7] + c[8];
        int a01 = c[9] + c[10] + c[11], a11 = c[12] + c[13] + c[14], a21 = c[15] + c[16] + c[17];
        int b00 = c[0] + c[3] + c[6], b10 = c[1] + c[4] + c[7], b20 = c[2] + c[5] + c[8];
        int b01 = c[9] + c[12] + c[15], b11 = c[10] + c[13] + c[16], b21 = c[11] + c[14] + c[17];
        int na0 = a00 + a01, na1 = a10 + a11, na2 = a20 + a21;
        int nb0 = b00 + b01, nb1 = b10 + b11, nb2 = b20 + b21;
        int ea = (na0 == 0 ? 1 : 0) + (na1 == 0 ? 1 : 0) + (na2 == 0 ? 1 : 0);
        int eb = (nb0 == 0 ? 1 : 0) + (nb1 == 0 ? 1 : 0) + (nb2 == 0 ? 1 : 0);
        int n0 = a00 + a10 + a20, n1 = a01 + a11 + a21;
        if (ea > 1 || eb > 1 || n0 == 0 || n1 == 0) {
            lastDf = 0;
            return Double.NaN;
        }
        lastDf = 4 >> (ea + eb);
        double sCell = 0;
        for (int i = 0; i < 18; i++) sCell += xl[c[i]];
        int[] ab = nab;
        for (int i = 0; i < 9; i++) {
            ab[i] = c[i] + c[9 + i];
        }
        double sAb = 0;
        for (int i = 0; i < 9; i++) sAb += xl[ab[i]];
        double sAk = xl[a00] + xl[a10] + xl[a20] + xl[a01] + xl[a11] + xl[a21];
        double sBk = xl[b00] + xl[b10] + xl[b20] + xl[b01] + xl[b11] + xl[b21];
        double sA = xl[na0] + xl[na1] + xl[na2], sB = xl[nb0] + xl[nb1] + xl[nb2];
        // tau = sum_abk n_ab n_ak n_bk / (n_a n_b n_k)
        double r0 = 1.0 / n0, r1 = 1.0 / n1;
        double rb0 = nb0 == 0 ? 0 : 1.0 / nb0, rb1 = nb1 == 0 ? 0 : 1.0 / nb1, rb2 = nb2 == 0 ? 0 : 1.0 / nb2;
        double u00 = b00 * r0 * rb0, u10 = b10 * r0 * rb1, u20 = b20 * r0 * rb2;
        double u01 = b01 * r1 * rb0, u11 = b11 * r1 * rb1, u21 = b21 * r1 * rb2;
        double tau = 0;
        if (na0 > 0) tau += (ab[0] * (a00 * u00 + a01 * u01) + ab[1] * (a00 * u10 + a01 * u11) + ab[2] * (a00 * u20 + a01 * u21)) / na0;
        if (na1 > 0) tau += (ab[3] * (a10 * u00 + a11 * u01) + ab[4] * (a10 * u10 + a11 * u11) + ab[5] * (a10 * u20 + a11 * u21)) / na1;
        if (na2 > 0) tau += (ab[6] * (a20 * u00 + a21 * u01) + ab[7] * (a20 * u10 + a21 * u11) + ab[8] * (a20 * u20 + a21 * u21)) / na2;
        int n = n0 + n1;
        double g = sCell - sAb - sAk - sBk + sA + sB + xl[n0] + xl[n1] + n * Math.log(tau) - xl[n];
        return g > 0 ? 2 * g : 0;
    }

    /** The exact no-three-way-interaction likelihood-ratio statistic by iterative proportional fitting. */
    public double exact(int[] c) {
        return exact(c, IPF_TOLERANCE);
    }

    public double exact(int[] c, double tolerance) {
        java.util.Arrays.fill(m, 1.0);
        int cycles = 0;
        double err;
        do {
            System.arraycopy(m, 0, m0, 0, 18);
            // margin ab (over status)
            for (int ab = 0; ab < 9; ab++) {
                double s = m[ab] + m[9 + ab];
                double f = s != 0 ? (c[ab] + c[9 + ab]) / s : 0;
                m[ab] *= f;
                m[9 + ab] *= f;
            }
            // margin ak (over b)
            for (int k = 0; k < 2; k++) {
                for (int a = 0; a < 3; a++) {
                    int o = k * 9 + a * 3;
                    double s = m[o] + m[o + 1] + m[o + 2];
                    double f = s != 0 ? (c[o] + c[o + 1] + c[o + 2]) / s : 0;
                    m[o] *= f;
                    m[o + 1] *= f;
                    m[o + 2] *= f;
                }
            }
            // margin bk (over a)
            for (int k = 0; k < 2; k++) {
                for (int b = 0; b < 3; b++) {
                    int o = k * 9 + b;
                    double s = m[o] + m[o + 3] + m[o + 6];
                    double f = s != 0 ? (c[o] + c[o + 3] + c[o + 6]) / s : 0;
                    m[o] *= f;
                    m[o + 3] *= f;
                    m[o + 6] *= f;
                }
            }
            err = 0;
            for (int i = 0; i < 18; i++) err += Math.abs(m[i] - m0[i]);
            cycles++;
        } while (err > tolerance && cycles < IPF_MAX_CYCLES);
        lastCycles = cycles;
        double g = 0, tot = 0;
        int n = 0;
        for (int i = 0; i < 18; i++) {
            tot += m[i];
            n += c[i];
        }
        if (n == 0) return Double.NaN;
        for (int i = 0; i < 18; i++) {
            if (c[i] == 0) continue;
            g += m[i] > 0 ? c[i] * Math.log(c[i] / m[i]) : c[i] * Math.log((double) c[i] / n);
        }
        g += n * Math.log(tot / n);
        return Math.max(0, 2 * g);
    }

    /** Upper-tail probability of a chi-square with 1, 2 or 4 df (closed forms, accurate far into the tail). */
    public static double p(double x, int df) {
        if (Double.isNaN(x) || df == 0) return Double.NaN;
        if (x <= 0) return 1.0;
        return Distributions.chiSquareP(x, df);
    }

    /** log10 of {@link #p}, finite where P underflows. */
    public static double log10P(double x, int df) {
        if (Double.isNaN(x) || df == 0) return Double.NaN;
        if (x <= 0) return 0;
        double ln = switch (df) {
            case 1 -> -Distributions.minusLog10TwoSidedP(Math.sqrt(x)) * Math.log(10);
            case 2 -> -0.5 * x;
            case 4 -> -0.5 * x + Math.log1p(0.5 * x);
            default -> throw new IllegalArgumentException("df " + df);
        };
        return ln / Math.log(10);
    }

    /** The statistic with upper-tail probability p for 1, 2 or 4 df (the screen's critical values). */
    public static double critical(double p, int df) {
        if (p >= 1) return 0;
        if (p <= 0) return Double.POSITIVE_INFINITY;
        return switch (df) {
            case 1 -> Distributions.chiSquare1FromP(p);
            case 2 -> -2 * Math.log(p);
            case 4 -> {
                // solve -x/2 + log1p(x/2) = ln p (decreasing in x > 0) by Newton from the right
                double lp = Math.log(p);
                double x = Math.max(1.0, -2 * lp + 4);
                for (int it = 0; it < 100; it++) {
                    double h = -0.5 * x + Math.log1p(0.5 * x) - lp;
                    double dh = -0.5 + 0.5 / (1 + 0.5 * x);
                    double nx = x - h / dh;
                    if (nx <= 0) nx = x / 2;
                    if (Math.abs(nx - x) < 1e-12 * x) {
                        x = nx;
                        break;
                    }
                    x = nx;
                }
                yield x;
            }
            default -> throw new IllegalArgumentException("df " + df);
        };
    }
}
