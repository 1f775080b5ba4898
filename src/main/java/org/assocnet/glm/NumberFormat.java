package org.assocnet.glm;

import java.math.BigDecimal;
import java.math.MathContext;

/** PLINK-like number formatting: C's %.6g without trailing zeros; P-values below the double range from log10 P. */
public final class NumberFormat {
    private static final MathContext SIG6 = new MathContext(6);

    private NumberFormat() {}

    /** %.6g style: 6 significant digits, plain for 1e-4 <= |v| < 1e6, otherwise d.ddddde[+-]XX; NaN -> NA. */
    public static String g6(double v) {
        return g6(new StringBuilder(16), v).toString();
    }

    /** {@link #g6(double)} appended to sb (no intermediate strings); returns sb. */
    public static StringBuilder g6(StringBuilder sb, double v) {
        if (Double.isNaN(v)) return sb.append("NA");
        if (Double.isInfinite(v)) return sb.append(v > 0 ? "inf" : "-inf");
        if (v == 0) return sb.append('0');
        double a = Math.abs(v);
        if (a > 1e-290 && a < 1e290) return fast(sb, v, a);
        return sb.append(slow(v));
    }

    private static final double[] POW10 = new double[601];

    static {
        for (int i = 0; i <= 600; i++) POW10[i] = Double.parseDouble("1e" + (i - 300));
    }

    /** 6 significant digits with C %g layout, by scaled integer rounding (exact enough for display). */
    private static StringBuilder fast(StringBuilder sb, double v, double a) {
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
        // the 6 digits of m, and the last one that is not a trailing zero
        int m0 = (int) m;
        int d0 = m0 / 100000, d1 = m0 / 10000 % 10, d2 = m0 / 1000 % 10, d3 = m0 / 100 % 10, d4 = m0 / 10 % 10,
                d5 = m0 % 10;
        int last = d5 != 0 ? 5 : d4 != 0 ? 4 : d3 != 0 ? 3 : d2 != 0 ? 2 : d1 != 0 ? 1 : 0;
        if (v < 0) sb.append('-');
        if (e < -4 || e >= 6) {
            sb.append((char) ('0' + d0));
            if (last > 0) {
                sb.append('.');
                digits(sb, m0, 1, last);
            }
            sb.append('e').append(e < 0 ? '-' : '+');
            int ae = Math.abs(e);
            if (ae < 10) sb.append('0');
            sb.append(ae);
        } else if (e >= 0) {
            digits(sb, m0, 0, e);
            if (last > e) {
                sb.append('.');
                digits(sb, m0, e + 1, last);
            }
        } else {
            sb.append("0.");
            for (int z = 0; z < -e - 1; z++) sb.append('0');
            digits(sb, m0, 0, last);
        }
        return sb;
    }

    private static final int[] DIV = {100000, 10000, 1000, 100, 10, 1};

    /** Appends digits from..to (0 = leading) of the 6-digit number m. */
    private static void digits(StringBuilder sb, int m, int from, int to) {
        for (int k = from; k <= to; k++) sb.append((char) ('0' + m / DIV[k] % 10));
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
        return prob(new StringBuilder(16), v, log10).toString();
    }

    /** {@link #prob(double, double)} appended to sb; returns sb. */
    public static StringBuilder prob(StringBuilder sb, double v, double log10) {
        if (Double.isNaN(v) && Double.isNaN(log10)) return sb.append("NA");
        if (v >= Double.MIN_NORMAL || Double.isNaN(log10) || (v > 0 && log10 > -300)) return g6(sb, v);
        return sb.append(tinyProb(log10));
    }

    private static String tinyProb(double log10) {
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
