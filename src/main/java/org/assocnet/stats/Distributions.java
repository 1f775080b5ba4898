package org.assocnet.stats;

import org.apache.commons.math3.special.Erf;

/** Normal and chi-square tail probabilities with accuracy far into the tail (P down to ~1e-300). */
public final class Distributions {
    private static final double SQRT2 = Math.sqrt(2.0);

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
}
