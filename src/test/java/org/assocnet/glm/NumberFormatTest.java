package org.assocnet.glm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumberFormatTest {
    /** C's %.6g with trailing zeros removed, via Java's formatter (slow but independent). */
    static String reference(double v) {
        String s = String.format(Locale.ROOT, "%.5e", v); // 6 significant digits, d.ddddde+XX
        double r = Double.parseDouble(s);
        int e = Integer.parseInt(s.substring(s.indexOf('e') + 1));
        if (e < -4 || e >= 6) {
            String mant = s.substring(0, s.indexOf('e'));
            if (mant.contains(".")) mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
            return mant + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
        }
        return new java.math.BigDecimal(s).stripTrailingZeros().toPlainString().equals("0") ? "0"
                : new java.math.BigDecimal(Double.toString(r)).stripTrailingZeros().toPlainString();
    }

    @Test
    void matchesCStyleG() {
        assertEquals("0.5", NumberFormat.g6(0.5));
        assertEquals("1", NumberFormat.g6(1));
        assertEquals("-1.5e-05", NumberFormat.g6(-0.000015));
        assertEquals("0.0001", NumberFormat.g6(0.0001));
        assertEquals("123457", NumberFormat.g6(123456.7));
        assertEquals("1e+06", NumberFormat.g6(999999.7));
        assertEquals("1.23457e+06", NumberFormat.g6(1234567));
        assertEquals("NA", NumberFormat.g6(Double.NaN));
        Random r = new Random(7);
        for (int i = 0; i < 20000; i++) {
            double v = (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble() * 40 - 20) * r.nextDouble();
            if (v == 0) continue;
            assertEquals(reference(v), NumberFormat.g6(v), "value " + v);
        }
    }

    @Test
    void tinyProbabilitiesComeFromTheLogarithm() {
        assertEquals("3.16228e-401", NumberFormat.prob(0, -400.5));
        assertEquals("1e-400", NumberFormat.prob(0, -400));
        assertEquals("2.5e-10", NumberFormat.prob(2.5e-10, Math.log10(2.5e-10)));
        assertEquals("NA", NumberFormat.prob(Double.NaN, Double.NaN));
    }

    @Test
    void countsAreWholeNumbers() {
        assertEquals("1234567", NumberFormat.count(1234567));
        assertEquals("12.5", NumberFormat.count(12.5));
    }
}
