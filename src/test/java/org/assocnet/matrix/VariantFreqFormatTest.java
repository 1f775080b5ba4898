package org.assocnet.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** variants.tsv's ALT_FREQ text: the Formatter-free %.6g must write exactly what String.format writes. */
class VariantFreqFormatTest {
    private static void same(double x) {
        assertEquals(String.format(Locale.ROOT, "%.6g", x), Variant.freq(x), "value " + x);
    }

    @Test
    void equalsStringFormatOnFrequenciesTiesAndSmallValues() {
        for (double x : new double[] {0, -0.0, 1, 0.5, 1e-4, 9.99995e-5, 9.999995e-5, 0.0001234565, 0.9999995, 0.99999949,
                123456.5, 999999.5, 1e6, 2.5e-7, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, -0.25}) {
            same(x);
        }
        Random r = new Random(5);
        for (int i = 0; i < 300_000; i++) {
            double x = switch (i % 4) {
                case 0 -> r.nextDouble();
                case 1 -> r.nextInt(20_001) / 20_000.0; // allele frequencies of 10,000 samples
                case 2 -> Math.round(r.nextDouble() * 1e7) / 1e7 + 5e-7; // ties at the 6th digit
                default -> Math.pow(10, -9 * r.nextDouble());
            };
            same(x);
        }
    }
}
