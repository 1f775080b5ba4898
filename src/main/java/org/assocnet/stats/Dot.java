package org.assocnet.stats;

/**
 * Dot-product kernels of the logistic fitters: several independent accumulators per loop so that the JIT keeps
 * them in registers and the sums do not wait on each other. Each result is a fixed order of additions, so it is
 * the same on every run and thread count. With {@link Simd#ENABLED} the same kernels run on CPU vectors
 * ({@link SimdKernels}).
 */
public final class Dot {
    private Dot() {}

    /** out[0..1] = a . b0..b1, out[2..3] = c . b0..b1 (two samples per step: 8 accumulators). */
    public static void dot2x2(double[] a, double[] c, double[] b0, double[] b1, int n, double[] out) {
        if (Simd.ENABLED) {
            SimdKernels.dot2x2(a, c, b0, b1, n, out);
            return;
        }
        double a0 = 0, a1 = 0, c0 = 0, c1 = 0, d0 = 0, d1 = 0, e0 = 0, e1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            double u = a[i], v = c[i], y0 = b0[i], y1 = b1[i];
            double u2 = a[i + 1], v2 = c[i + 1], z0 = b0[i + 1], z1 = b1[i + 1];
            a0 = Math.fma(u, y0, a0);
            a1 = Math.fma(u, y1, a1);
            c0 = Math.fma(v, y0, c0);
            c1 = Math.fma(v, y1, c1);
            d0 = Math.fma(u2, z0, d0);
            d1 = Math.fma(u2, z1, d1);
            e0 = Math.fma(v2, z0, e0);
            e1 = Math.fma(v2, z1, e1);
        }
        if (i < n) {
            a0 = Math.fma(a[i], b0[i], a0);
            a1 = Math.fma(a[i], b1[i], a1);
            c0 = Math.fma(c[i], b0[i], c0);
            c1 = Math.fma(c[i], b1[i], c1);
        }
        out[0] = a0 + d0;
        out[1] = a1 + d1;
        out[2] = c0 + e0;
        out[3] = c1 + e1;
    }

    /** out[k - from] = a . x[k] for k in [from, to), four columns per pass over a; quad is scratch of 4. */
    public static void products(double[] a, double[][] x, int from, int to, int n, double[] out, double[] quad) {
        int k = from;
        for (; k + 4 <= to; k += 4) {
            dot4(a, x[k], x[k + 1], x[k + 2], x[k + 3], n, quad);
            System.arraycopy(quad, 0, out, k - from, 4);
        }
        for (; k < to; k++) out[k - from] = dot(a, x[k], n);
    }

    /** out[0..3] = a . b0..b3, out[4..7] = c . b0..b3. */
    public static void dot2x4(double[] a, double[] c, double[] b0, double[] b1, double[] b2, double[] b3, int n,
                       double[] out) {
        if (Simd.ENABLED) {
            SimdKernels.dot2x4(a, c, b0, b1, b2, b3, n, out);
            return;
        }
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        for (int i = 0; i < n; i++) {
            double u = a[i], v = c[i], y0 = b0[i], y1 = b1[i], y2 = b2[i], y3 = b3[i];
            a0 = Math.fma(u, y0, a0);
            a1 = Math.fma(u, y1, a1);
            a2 = Math.fma(u, y2, a2);
            a3 = Math.fma(u, y3, a3);
            c0 = Math.fma(v, y0, c0);
            c1 = Math.fma(v, y1, c1);
            c2 = Math.fma(v, y2, c2);
            c3 = Math.fma(v, y3, c3);
        }
        out[0] = a0;
        out[1] = a1;
        out[2] = a2;
        out[3] = a3;
        out[4] = c0;
        out[5] = c1;
        out[6] = c2;
        out[7] = c3;
    }

    /** Four dot products sharing the loads of a (the weighted column). */
    public static void dot4(double[] a, double[] b0, double[] b1, double[] b2, double[] b3, int n, double[] out) {
        if (Simd.ENABLED) {
            SimdKernels.dot4(a, b0, b1, b2, b3, n, out);
            return;
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            double ai = a[i], aj = a[i + 1];
            s0 = Math.fma(ai, b0[i], s0);
            s1 = Math.fma(ai, b1[i], s1);
            s2 = Math.fma(ai, b2[i], s2);
            s3 = Math.fma(ai, b3[i], s3);
            r0 = Math.fma(aj, b0[i + 1], r0);
            r1 = Math.fma(aj, b1[i + 1], r1);
            r2 = Math.fma(aj, b2[i + 1], r2);
            r3 = Math.fma(aj, b3[i + 1], r3);
        }
        if (i < n) {
            double ai = a[i];
            s0 = Math.fma(ai, b0[i], s0);
            s1 = Math.fma(ai, b1[i], s1);
            s2 = Math.fma(ai, b2[i], s2);
            s3 = Math.fma(ai, b3[i], s3);
        }
        out[0] = s0 + r0;
        out[1] = s1 + r1;
        out[2] = s2 + r2;
        out[3] = s3 + r3;
    }

    public static double dot(double[] a, double[] b, int n) {
        if (Simd.ENABLED) return SimdKernels.dot(a, b, n);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) s0 += a[i] * b[i];
        return (s0 + s1) + (s2 + s3);
    }
}
