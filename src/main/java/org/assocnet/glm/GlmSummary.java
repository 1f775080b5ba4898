package org.assocnet.glm;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Across-variant numbers of a glm run: BH q-values in log10 (tiny P stay exact), lambda, Bonferroni. */
public final class GlmSummary {
    private GlmSummary() {}

    /**
     * Benjamini-Hochberg on log10 p-values (same as R's p.adjust(p, "BH"), but in log space so P below the
     * double range keep their order and value). NaN stays NaN and does not count in m. Returns log10 q.
     */
    public static double[] bhLog10(double[] log10p) {
        Integer[] idx = IntStream.range(0, log10p.length).filter(i -> !Double.isNaN(log10p[i])).boxed().toArray(Integer[]::new);
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> log10p[i]).thenComparingInt(i -> i));
        int m = idx.length;
        double[] q = new double[log10p.length];
        Arrays.fill(q, Double.NaN);
        double run = 0;
        double lm = Math.log10(m);
        for (int r = m - 1; r >= 0; r--) {
            int i = idx[r];
            run = Math.min(run, log10p[i] + lm - Math.log10(r + 1));
            q[i] = Math.min(0, run);
        }
        return q;
    }
}
