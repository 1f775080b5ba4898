package org.assocnet.stats;

import org.apache.commons.math3.special.Erf;

/** Normal and chi-square tail probabilities with accuracy far into the tail (P down to ~1e-300). */
public final class Distributions {
    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double LN10 = Math.log(10);
    /** The 97.5% point of the standard normal: a 95% confidence interval is estimate +- Z975 SE. */
    public static final double Z975 = 1.959963984540054;

    private Distributions() {}

    /** Two-sided normal p-value 2 * Phi(-|z|), accurate for tiny p (uses erfc, not 1 - Phi). */
    public static double twoSidedP(double z) {
        if (Double.isNaN(z)) return Double.NaN;
        return Erf.erfc(Math.abs(z) / SQRT2);
    }

    /** Upper tail P(Z > z). */
    public static double upperP(double z) {
        if (Double.isNaN(z)) return Double.NaN;
        return 0.5 * Erf.erfc(z / SQRT2);
    }

    /** P(chi2_1 > x) = 2 * Phi(-sqrt(x)). */
    public static double chiSquare1P(double x) {
        if (Double.isNaN(x)) return Double.NaN;
        if (x <= 0) return 1.0;
        return Erf.erfc(Math.sqrt(x / 2.0));
    }

    /** Inverse of {@link #chiSquare1P}: the chi-square(1) statistic with upper tail p. */
    public static double chiSquare1FromP(double p) {
        if (p >= 1) return 0;
        if (p <= 0) return Double.POSITIVE_INFINITY;
        double z = Erf.erfcInv(p) * SQRT2;
        return z * z;
    }

    /** -log10 of a two-sided normal p-value, finite even where P underflows to 0. */
    public static double minusLog10TwoSidedP(double z) {
        double p = twoSidedP(z);
        if (p > 1e-300) return -Math.log10(p);
        // asymptotic expansion of log(erfc(x)) for large x: -x^2 - log(x sqrt(pi)) + log(1 - 1/(2x^2) + 3/(4x^4))
        double x = Math.abs(z) / SQRT2;
        double ln = -x * x - Math.log(x * Math.sqrt(Math.PI)) + Math.log1p(-1 / (2 * x * x) + 3 / (4 * x * x * x * x));
        return -ln / Math.log(10);
    }

    /**
     * P(max(|Z1|, |Z2|) >= max(|z1|, |z2|)) for (Z1, Z2) standard bivariate normal with correlation rho: the
     * two-sided p-value of the larger of two correlated z statistics (min-P with the correlation accounted for).
     * Equals twoSidedP(z) at |rho| = 1 and 1 - (1 - p)^2 at rho = 0. Computed as 2 p(t) - P(|Z1| >= t, |Z2| >= t),
     * the joint tail by adaptive Simpson integration of P(|Z2| >= t | Z1 = x) phi(x) over x >= t, so it keeps its
     * relative accuracy for tiny p.
     */
    public static double twoSidedMaxP(double z1, double z2, double rho) {
        if (Double.isNaN(z1)) return twoSidedP(z2);
        if (Double.isNaN(z2)) return twoSidedP(z1);
        double t = Math.max(Math.abs(z1), Math.abs(z2));
        double p = twoSidedP(t);
        double r = Math.min(1.0, Math.abs(Double.isNaN(rho) ? 0 : rho));
        double s = Math.sqrt(Math.max(0.0, 1 - r * r));
        if (s < 1e-6) return p;
        if (t == 0) return 1.0;
        // J = 2 int_t^inf phi(x) h(x) dx, h(x) = P(Z2 >= t | x) + P(Z2 <= -t | x); x = t + u, phi(t + u) = phi(t) e^{-tu - u^2/2}
        java.util.function.DoubleUnaryOperator f = u -> {
            double x = t + u;
            return Math.exp(-t * u - 0.5 * u * u) * (upperP((t - r * x) / s) + upperP((t + r * x) / s));
        };
        double hi = -t + Math.sqrt(t * t + 80);
        int panels = 32;
        double[] fx = new double[2 * panels + 1];
        for (int k = 0; k <= 2 * panels; k++) fx[k] = f.applyAsDouble(hi * k / (2.0 * panels));
        double rough = 0;
        for (int k = 0; k < panels; k++) rough += hi / panels / 6 * (fx[2 * k] + 4 * fx[2 * k + 1] + fx[2 * k + 2]);
        double eps = 1e-10 * rough / panels;
        double integral = 0;
        for (int k = 0; k < panels; k++) {
            integral += simpson(f, hi * k / panels, hi * (k + 1) / panels, fx[2 * k], fx[2 * k + 1], fx[2 * k + 2], eps, 24);
        }
        double phiT = Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
        double joint = 2 * phiT * integral;
        return Math.min(1.0, Math.max(p, 2 * p - joint));
    }

    private static double simpson(java.util.function.DoubleUnaryOperator f, double a, double b, double fa, double fm, double fb,
            double eps, int depth) {
        double m = 0.5 * (a + b);
        double whole = (b - a) / 6 * (fa + 4 * fm + fb);
        double flm = f.applyAsDouble(0.5 * (a + m)), frm = f.applyAsDouble(0.5 * (m + b));
        double left = (m - a) / 6 * (fa + 4 * flm + fm), right = (b - m) / 6 * (fm + 4 * frm + fb);
        double diff = left + right - whole;
        if (depth <= 0 || Math.abs(diff) <= 15 * eps) return left + right + diff / 15;
        return simpson(f, a, m, fa, flm, fm, eps / 2, depth - 1) + simpson(f, m, b, fm, frm, fb, eps / 2, depth - 1);
    }

    /** Upper tail of the chi-square distribution with 1, 2 or 4 degrees of freedom (closed forms, exact far into the tail). */
    public static double chiSquareP(double chi2, int df) {
        if (df == 1) return chiSquare1P(chi2);
        if (df == 2) return Math.exp(-chi2 / 2);
        if (df == 4) return Math.exp(-0.5 * chi2) * (1 + 0.5 * chi2);
        throw new IllegalArgumentException("df " + df);
    }

    /** log10 of the upper chi-square tail (1 or 2 degrees of freedom), finite far below the double range. */
    public static double log10ChiSquareP(double chi2, int df) {
        if (df == 1) return -minusLog10TwoSidedP(Math.sqrt(chi2));
        if (df == 2) return -chi2 / (2 * LN10);
        throw new IllegalArgumentException("df " + df);
    }
}
