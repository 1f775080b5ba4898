package org.assocnet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Formatter-free %.6g against String.format itself, and its trimmed form against trimming String.format's text. */
class DecimalTextTest {
    /** What io.TsvTable.fmt wrote before: String.format's %.6g with the mantissa's trailing zeros removed. */
    private static String trimmedByFormatter(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e);
        String exp = e < 0 ? "" : s.substring(e);
        if (mant.indexOf('.') >= 0) {
            int end = mant.length();
            while (mant.charAt(end - 1) == '0') end--;
            if (mant.charAt(end - 1) == '.') end--;
            mant = mant.substring(0, end);
        }
        return mant + exp;
    }

    private static void same(double x) {
        assertEquals(String.format(Locale.ROOT, "%.6g", x), DecimalText.g6(x), "g6 of " + x);
        if (x != 0 && Double.isFinite(x)) assertEquals(trimmedByFormatter(x), DecimalText.g6Trimmed(x), "g6Trimmed of " + x);
    }

    @Test
    void equalsStringFormatOnFrequenciesStatisticsTiesAndExtremes() {
        for (double x : new double[] {0, -0.0, 1, -1, 0.5, 1e-4, 9.99995e-5, 9.999995e-5, 0.0001234565, 0.9999995, 0.99999949,
                123456.5, 999999.5, 1e6, -1e6, 2.5e-7, 1e-300, 1e300, 4.9e-324, Double.MIN_VALUE, Double.MAX_VALUE, -0.25, 100,
                10, 1.5e-5, 999999.6, -9.9999951e-5, 99999.95, 0.00999995, 1e-5, 1e7, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            same(x);
        }
        Random r = new Random(5);
        for (int i = 0; i < 400_000; i++) {
            double x = switch (i % 6) {
                case 0 -> r.nextDouble();
                case 1 -> r.nextInt(20_001) / 20_000.0; // allele frequencies of 10,000 samples
                case 2 -> Math.round(r.nextDouble() * 1e7) / 1e7 + 5e-7; // ties at the 6th digit
                case 3 -> Math.pow(10, -9 * r.nextDouble());
                case 4 -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20); // betas, SEs, Z, both signs
                default -> Math.pow(10, -320 * r.nextDouble()); // P values down to the subnormals
            };
            same(x);
        }
    }

    @Test
    void fullPrecisionWritesIntegersWholeAndOthersRoundTripping() {
        assertEquals("2", DecimalText.full(2.0));
        assertEquals("-3", DecimalText.full(-3.0));
        assertEquals("0", DecimalText.full(0.0));
        assertEquals("0.1", DecimalText.full(0.1));
        assertEquals("1.0E20", DecimalText.full(1e20));
        assertEquals("NaN", DecimalText.full(Double.NaN));
        Random r = new Random(3);
        for (int i = 0; i < 1000; i++) {
            double x = r.nextGaussian() * 100;
            assertEquals(x, Double.parseDouble(DecimalText.full(x)), 0.0);
        }
    }
}
