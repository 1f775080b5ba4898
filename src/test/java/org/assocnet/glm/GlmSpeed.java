package org.assocnet.glm;


import org.assocnet.matrix.Cohort;

/**
 * Timing harness for the per-variant loop (not a test): {@code java -cp target/classes:target/test-classes:...
 * org.assocnet.glm.GlmSpeed PREFIX [REPEATS]}; prints the CPU time of each pass over all variants and a
 * checksum of BETA and SE so that changes to the fitter can be timed and compared in one JVM.
 */
public final class GlmSpeed {
    public static void main(String[] a) throws Exception {
        int reps = a.length > 1 ? Integer.parseInt(a[1]) : 3;
        try (Cohort c = Cohort.open(a[0])) {
            GlmEngine e = new GlmEngine(c, GlmOptions.defaults());
            VariantFit w = new VariantFit(e);
            int m = (int) c.matrix().header().variants();
            var bean = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int r = 0; r < reps; r++) {
                long t0 = bean.getCurrentThreadCpuTime();
                double sb = 0, ss = 0;
                long its = 0;
                for (int j = 0; j < m; j++) {
                    GlmRow row = w.analyse(j)[0];
                    if (Double.isFinite(row.beta())) sb += row.beta();
                    if (Double.isFinite(row.se())) ss += row.se();
                    its += row.iterations();
                }
                long t1 = bean.getCurrentThreadCpuTime();
                System.out.printf("pass %d: %.3f s CPU, %d variants, mean iterations %.3f, sum BETA %.12f, sum SE %.12f%n",
                        r, (t1 - t0) / 1e9, m, its / (double) m, sb, ss);
            }
        }
    }
}
