package org.assocnet.stats;

/**
 * Whether the SIMD kernels ({@link SimdKernels}, JDK Vector API) are used: the incubator module
 * {@code jdk.incubator.vector} must be in the boot layer (bin/assocnet adds it; {@code java -jar} alone does
 * not), the preferred vector must hold at least 4 doubles (AVX2 or wider), and the system property
 * {@code assocnet.simd} must not be {@code false}. Otherwise the scalar kernels run; both give the same
 * results to rounding (tested).
 */
public final class Simd {
    private Simd() {}

    public static final boolean ENABLED = detect();

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("assocnet.simd"))) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            int lanes = SimdKernels.lanes();
            return lanes == 4 || lanes == 8; // AVX2 or AVX-512 (SimdKernels.sum folds at most 8 lanes)
        } catch (Throwable e) {
            return false;
        }
    }
}
