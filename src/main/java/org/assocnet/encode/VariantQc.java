package org.assocnet.encode;

import java.nio.file.Path;
import org.assocnet.genotype.SiteRecord;
import org.assocnet.matrix.HardCallCounts;

/** The per-variant QC of encode (docs/encode.md): call rate, monomorphic and constant columns, MAC, MAF, HWE. */
final class VariantQc {
    private final EncodeOptions o;
    /** Variants whose HWE test was skipped because they hold haploid calls. */
    long hweSkippedHaploid;

    VariantQc(EncodeOptions o) {
        this.o = o;
    }

    /** Summary of one column over the kept samples. */
    record Stats(int obs, double sum, double min, double max, int ctrl0, int ctrl1, int ctrl2) {
        /**
         * Counts hard-call columns (0, 1, 2, 0xFF = missing) by case/control status with the GLM's
         * genotype x phenotype table ({@link HardCallCounts#table}, 8 samples per 64-bit word). One per encode run:
         * it holds the case masks and the scratch of the counts.
         */
        static final class Counter {
            private final long[] caseMask;
            private final byte[] caseBytes;
            private final int cases;
            private final long[] cnt = new long[6];
            private final long[] tab = new long[6];

            Counter(boolean[] isCase) {
                caseMask = HardCallCounts.caseMask(isCase);
                caseBytes = HardCallCounts.caseBytes(isCase);
                int k = 0;
                for (boolean c : isCase) if (c) k++;
                cases = k;
            }

            /** The summary of one column; {@code file} and {@code record} name it should a call code be invalid. */
            Stats of(byte[] c, Path file, long record) {
                HardCallCounts.table(c, 0, caseBytes.length, caseMask, caseBytes, cases, cnt, tab, null, file, (int) record);
                long k0 = tab[0] + tab[1], k1 = tab[2] + tab[3], k2 = tab[4] + tab[5];
                int min = k0 > 0 ? 0 : k1 > 0 ? 1 : k2 > 0 ? 2 : 3;
                int max = k2 > 0 ? 2 : k1 > 0 ? 1 : k0 > 0 ? 0 : -1;
                return new Stats((int) (k0 + k1 + k2), k1 + 2 * k2, min, max, (int) tab[0], (int) tab[2], (int) tab[4]);
            }
        }

        static Stats of(float[] d, boolean[] isCase) {
            // no branch on case status or genotype class (both change from sample to sample at random, and
            // mispredicted branches were most of the loop's 7.6 ns per sample): controls counted by adds of 0/1;
            // the class is Math.round's (0 below 0.5, 1 below 1.5, else 2); plain float comparisons for min and
            // max (NaN, the missing dosage, is skipped first, so Math.min/max's NaN and -0.0 rules change nothing);
            // the sum stays in sample order, in double
            int obs = 0;
            double sum = 0;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            int ctrl = 0;
            int ctrl12 = 0;
            int ctrl2 = 0;
            for (int i = 0; i < isCase.length; i++) {
                float v = d[i];
                if (v != v) continue;
                obs++;
                sum += v;
                min = v < min ? v : min;
                max = v > max ? v : max;
                int c = isCase[i] ? 0 : 1;
                ctrl += c;
                ctrl12 += c & (v >= 0.5f ? 1 : 0);
                ctrl2 += c & (v >= 1.5f ? 1 : 0);
            }
            int k0 = ctrl - ctrl12;
            int k1 = ctrl12 - ctrl2;
            int k2 = ctrl2;
            return new Stats(obs, sum, min, max, k0, k1, k2);
        }
    }

    /** Why the variant is dropped ("max_missing", "maf", "hwe", ...), or null when it passes. */
    String reason(Stats s, int n, SiteRecord r) {
        if (s.obs == 0) return "all_missing";
        double missing = 1.0 - (double) s.obs / n;
        if (missing > o.maxMissing() + 1e-12) return "max_missing";
        double eps = 1e-9;
        if (s.sum <= eps || s.sum >= 2.0 * s.obs - eps) return "monomorphic";
        if (s.max - s.min <= eps) return "constant";
        double minor = Math.min(s.sum, 2.0 * s.obs - s.sum);
        if (o.mac() > 0 && minor < o.mac() - eps) return "mac";
        if (o.maf() > 0 && minor / (2.0 * s.obs) < o.maf()) return "maf";
        if (o.hwe() > 0) {
            if (r.haploidCalls > 0) {
                hweSkippedHaploid++;
            } else if (Hwe.exactP(s.ctrl0, s.ctrl1, s.ctrl2) < o.hwe()) {
                return "hwe";
            }
        }
        return null;
    }
}
