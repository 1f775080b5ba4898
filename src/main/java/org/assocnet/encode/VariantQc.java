package org.assocnet.encode;

import java.util.Arrays;
import org.assocnet.genotype.SiteRecord;

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
        private static final java.lang.invoke.VarHandle LONG_LE =
                java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        private static final long LOW_BITS = 0x0101010101010101L;

        /**
         * Bit 0 of every byte of each 8-sample word set for the controls, for {@link #of(byte[], long[])}; the
         * samples past the last whole word are read one by one.
         */
        static long[] controlBits(boolean[] isCase) {
            long[] m = new long[isCase.length / 8];
            for (int i = 0; i < m.length * 8; i++) if (!isCase[i]) m[i >>> 3] |= 1L << ((i & 7) * 8);
            return m;
        }

        /**
         * Hard calls 0, 1, 2, 0xFF (missing), eight samples per 64-bit word: bit 0 and bit 1 of each byte tell the
         * call (1 = 01, 2 = 10, missing = 11), so popcounts of the masked bit planes give the counts.
         */
        static Stats of(byte[] c, boolean[] isCase, long[] controlBits) {
            int n = isCase.length;
            int words = controlBits.length;
            long ones = 0, twos = 0, miss = 0, cOnes = 0, cTwos = 0, cMiss = 0, controls = 0;
            for (int w = 0; w < words; w++) {
                long x = (long) LONG_LE.get(c, w << 3);
                long lo = x & LOW_BITS;
                long hi = (x >>> 1) & LOW_BITS;
                long one = lo & ~hi;
                long two = hi & ~lo;
                long mis = lo & hi;
                long ctl = controlBits[w];
                ones += Long.bitCount(one);
                twos += Long.bitCount(two);
                miss += Long.bitCount(mis);
                cOnes += Long.bitCount(one & ctl);
                cTwos += Long.bitCount(two & ctl);
                cMiss += Long.bitCount(mis & ctl);
                controls += Long.bitCount(ctl);
            }
            for (int i = words << 3; i < n; i++) {
                int v = c[i] & 0xff;
                boolean ctl = !isCase[i];
                if (ctl) controls++;
                if (v == 1) {
                    ones++;
                    if (ctl) cOnes++;
                } else if (v == 2) {
                    twos++;
                    if (ctl) cTwos++;
                } else if (v != 0) {
                    miss++;
                    if (ctl) cMiss++;
                }
            }
            int obs = (int) (n - miss);
            long zeros = obs - ones - twos;
            int min = zeros > 0 ? 0 : ones > 0 ? 1 : twos > 0 ? 2 : 3;
            int max = twos > 0 ? 2 : ones > 0 ? 1 : zeros > 0 ? 0 : -1;
            return new Stats(obs, ones + 2 * twos, min, max, (int) (controls - cOnes - cTwos - cMiss), (int) cOnes, (int) cTwos);
        }

        static Stats of(float[] d, boolean[] isCase) {
            int obs = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int k0 = 0;
            int k1 = 0;
            int k2 = 0;
            for (int i = 0; i < isCase.length; i++) {
                float v = d[i];
                if (Float.isNaN(v)) continue;
                obs++;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                if (!isCase[i]) {
                    long h = Math.round(v);
                    if (h <= 0) k0++;
                    else if (h == 1) k1++;
                    else k2++;
                }
            }
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
