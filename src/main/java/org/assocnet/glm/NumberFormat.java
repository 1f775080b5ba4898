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
        double a = Math.abs(v);
        if (a > 1e-290 && a < 1e290) return fast(v, a);
        return slow(v);
    }

    private static final double[] POW10 = new double[601];

    static {
        for (int i = 0; i <= 600; i++) POW10[i] = Double.parseDouble("1e" + (i - 300));
    }

    /** 6 significant digits with C %g layout, by scaled integer rounding (exact enough for display). */
    private static String fast(double v, double a) {
        int e = (int) Math.floor(Math.log10(a));
        long m = Math.round(a * POW10[300 + 5 - e]);
        if (m >= 1_000_000L) {
            e++;
            m = Math.round(a * POW10[300 + 5 - e]);
        } else if (m < 100_000L) {
            e--;
            m = Math.round(a * POW10[300 + 5 - e]);
        }
        if (m >= 1_000_000L) { // rounding carried to 7 digits (e.g. 9.999995)
            m = 100_000L;
            e++;
        }
        String d = Long.toString(m);
        int last = 5;
        while (last > 0 && d.charAt(last) == '0') last--;
        StringBuilder sb = new StringBuilder(16);
        if (v < 0) sb.append('-');
        if (e < -4 || e >= 6) {
            sb.append(d.charAt(0));
            if (last > 0) sb.append('.').append(d, 1, last + 1);
            sb.append('e').append(e < 0 ? '-' : '+');
            int ae = Math.abs(e);
            if (ae < 10) sb.append('0');
            sb.append(ae);
        } else if (e >= 0) {
            sb.append(d, 0, e + 1);
            if (last > e) sb.append('.').append(d, e + 1, last + 1);
        } else {
            sb.append("0.");
            for (int z = 0; z < -e - 1; z++) sb.append('0');
            sb.append(d, 0, last + 1);
        }
        return sb.toString();
    }

    static String slow(double v) {
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
