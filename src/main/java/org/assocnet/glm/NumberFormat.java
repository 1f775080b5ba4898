package org.assocnet.glm;

import java.math.BigDecimal;
import java.math.MathContext;

/** PLINK-like number formatting: C's %.6g without trailing zeros; P-values below the double range from log10 P. */
public final class NumberFormat {
    private static final MathContext SIG6 = new MathContext(6);

    private NumberFormat() {}

    /** %.6g style: 6 significant digits, plain for 1e-4 <= |v| < 1e6, otherwise d.ddddde[+-]XX; NaN -> NA. */
    public static String g6(double v) {
        if (Double.isNaN(v)) return "NA";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        BigDecimal bd = new BigDecimal(v).round(SIG6);
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 6) {
            BigDecimal mant = bd.movePointLeft(exp).stripTrailingZeros();
            String m = mant.toPlainString();
            return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String s = bd.stripTrailingZeros().toPlainString();
        return s;
    }

    /** Counts: integers written whole, fractional (dosage) counts with %.6g. */
    public static String count(double v) {
        if (Double.isNaN(v)) return "NA";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return g6(v);
    }

    /**
     * A probability given as value and log10(value): the value itself where it is a normal double, else
     * mantissa and exponent from log10 (e.g. {@code 3.16228e-401}); never 0 unless log10 is -infinity.
     */
    public static String prob(double v, double log10) {
        if (Double.isNaN(v) && Double.isNaN(log10)) return "NA";
        if (v >= Double.MIN_NORMAL || Double.isNaN(log10) || (v > 0 && log10 > -300)) return g6(v);
        if (log10 == Double.NEGATIVE_INFINITY) return "0";
        double e = Math.floor(log10);
        double mant = Math.pow(10, log10 - e);
        BigDecimal bd = new BigDecimal(mant).round(SIG6);
        if (bd.compareTo(BigDecimal.TEN) >= 0) {
            bd = BigDecimal.ONE;
            e += 1;
        }
        long ex = (long) e;
        return bd.stripTrailingZeros().toPlainString() + "e" + (ex < 0 ? "-" : "+") + (Math.abs(ex) < 10 ? "0" : "") + Math.abs(ex);
    }
}
