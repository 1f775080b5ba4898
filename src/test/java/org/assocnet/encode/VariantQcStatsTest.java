package org.assocnet.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The column summary of hard calls (through the word-parallel genotype x phenotype table) against a plain count. */
class VariantQcStatsTest {
    @Test
    void wordParallelCountsEqualPlainCounts() {
        Random rnd = new Random(11);
        for (int n : new int[] {1, 7, 8, 9, 15, 16, 17, 64, 1001}) {
            for (int rep = 0; rep < 40; rep++) {
                boolean[] isCase = new boolean[n];
                byte[] c = new byte[n];
                double pMiss = rep % 4 == 0 ? 0 : rep % 4 == 1 ? 1 : 0.1;
                int maxCall = rep % 5; // 0: constant 0; 1: 0/1 only; 2..: all
                for (int i = 0; i < n; i++) {
                    isCase[i] = rnd.nextBoolean();
                    c[i] = rnd.nextDouble() < pMiss ? (byte) 0xFF : (byte) rnd.nextInt(Math.min(maxCall, 2) + 1);
                }
                int obs = 0, sum = 0, min = 3, max = -1, k0 = 0, k1 = 0, k2 = 0;
                for (int i = 0; i < n; i++) {
                    int v = c[i] & 0xff;
                    if (v == 0xff) continue;
                    obs++;
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    if (!isCase[i]) {
                        if (v == 0) k0++;
                        else if (v == 1) k1++;
                        else k2++;
                    }
                }
                VariantQc.Stats s = new VariantQc.Stats.Counter(isCase).of(c, java.nio.file.Path.of("x.vcf"), 1);
                String at = "n=" + n + " rep=" + rep;
                assertEquals(new VariantQc.Stats(obs, sum, min, max, k0, k1, k2), s, at);
            }
        }
    }

    /** The dosage summary against Math.round classes and Math.min/max, including ties at 0.5 and 1.5 and NaN. */
    @Test
    void dosageSummaryEqualsPlainFormulas() {
        Random rnd = new Random(12);
        float[] special = {0f, 0.5f, 1.5f, 2f, 0.49999997f, 0.50000006f, 1.4999999f, 1.5000001f, 1f, Float.NaN};
        for (int n : new int[] {1, 2, 9, 100, 5000}) {
            for (int rep = 0; rep < 30; rep++) {
                boolean[] isCase = new boolean[n];
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    isCase[i] = rnd.nextBoolean();
                    d[i] = rep % 3 == 0 ? special[rnd.nextInt(special.length)]
                            : rep % 3 == 1 ? (rnd.nextDouble() < 0.1 ? Float.NaN : 2 * rnd.nextFloat()) : Float.NaN;
                }
                int obs = 0, k0 = 0, k1 = 0, k2 = 0;
                double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    if (Float.isNaN(d[i])) continue;
                    obs++;
                    sum += d[i];
                    min = Math.min(min, d[i]);
                    max = Math.max(max, d[i]);
                    if (!isCase[i]) {
                        long h = Math.round(d[i]);
                        if (h <= 0) k0++;
                        else if (h == 1) k1++;
                        else k2++;
                    }
                }
                assertEquals(new VariantQc.Stats(obs, sum, min, max, k0, k1, k2), VariantQc.Stats.of(d, isCase), "n=" + n + " rep=" + rep);
            }
        }
    }
}
