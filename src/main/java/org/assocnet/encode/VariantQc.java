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
        /** Branch-free: a histogram of (is-case, value) pairs, then the summary from its 2 x 256 cells. */
        static Stats of(byte[] c, boolean[] isCase, int[] caseShift, int[] hist) {
            Arrays.fill(hist, 0);
            int n = isCase.length;
            for (int i = 0; i < n; i++) hist[caseShift[i] | (c[i] & 0xff)]++;
            int obs = 0;
            long sum = 0;
            int min = 3;
            int max = -1;
            for (int v = 0; v <= 2; v++) {
                int k = hist[v] + hist[256 + v];
                if (k == 0) continue;
                obs += k;
                sum += (long) k * v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return new Stats(obs, sum, min, max, hist[0], hist[1], hist[2]);
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
