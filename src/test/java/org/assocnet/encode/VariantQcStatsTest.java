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
}
