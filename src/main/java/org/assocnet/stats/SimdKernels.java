package org.assocnet.stats;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link Dot}'s kernels and of {@link Logistic#rows}, one CPU vector of doubles per step
 * (8 with AVX-512, 4 with AVX2); exp and log through the JDK's vector intrinsics (within 1 ulp). Loaded only
 * when {@link Simd#ENABLED}. Lane sums are added in a fixed order (not reduceLanes, whose order may change
 * between interpreted and compiled code). One difference remains: until the JIT compiles a kernel, EXP and LOG
 * are per-lane Math calls, which can differ from the compiled intrinsics in the last bit, so a number can differ in
 * its last bits between runs with different thread counts (far below the printed digits). Exp and log by plain
 * arithmetic would remove it, at the price of slower interpreted warm-up (glm one core: loop 3.6 -> 7.4 s).
 */
final class SimdKernels {
    private SimdKernels() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    static int lanes() {
        return L;
    }

    /** Shuffles exchanging lane i with lane i ^ step, for step = L/2, L/4, ..., 1. */
    private static final VectorShuffle<Double> FOLD4 = VectorShuffle.fromOp(S, i -> L >= 8 ? i ^ 4 : i);
    private static final VectorShuffle<Double> FOLD2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Double> FOLD1 = VectorShuffle.fromOp(S, i -> i ^ 1);

    /**
     * The lanes' sum as a fixed pairwise tree (halves, then quarters, ...): explicit vector adds, so the same
     * order in interpreted and compiled code, unlike reduceLanes(ADD).
     */
    private static double sum(DoubleVector v) {
        if (L >= 8) v = v.add(v.rearrange(FOLD4));
        v = v.add(v.rearrange(FOLD2));
        v = v.add(v.rearrange(FOLD1));
        return v.lane(0);
    }

    static double dot(double[] a, double[] b, int n) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            s0 = DoubleVector.fromArray(S, a, i).fma(DoubleVector.fromArray(S, b, i), s0);
            s1 = DoubleVector.fromArray(S, a, i + L).fma(DoubleVector.fromArray(S, b, i + L), s1);
        }
        for (; i + L <= n; i += L) s0 = DoubleVector.fromArray(S, a, i).fma(DoubleVector.fromArray(S, b, i), s0);
        double s = sum(s0.add(s1));
        for (; i < n; i++) s = Math.fma(a[i], b[i], s);
        return s;
    }

    static void dot4(double[] a, double[] b0, double[] b1, double[] b2, double[] b3, int n, double[] out) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector av = DoubleVector.fromArray(S, a, i);
            s0 = av.fma(DoubleVector.fromArray(S, b0, i), s0);
            s1 = av.fma(DoubleVector.fromArray(S, b1, i), s1);
            s2 = av.fma(DoubleVector.fromArray(S, b2, i), s2);
            s3 = av.fma(DoubleVector.fromArray(S, b3, i), s3);
        }
        double r0 = sum(s0), r1 = sum(s1), r2 = sum(s2), r3 = sum(s3);
        for (; i < n; i++) {
            double ai = a[i];
            r0 = Math.fma(ai, b0[i], r0);
            r1 = Math.fma(ai, b1[i], r1);
            r2 = Math.fma(ai, b2[i], r2);
            r3 = Math.fma(ai, b3[i], r3);
        }
        out[0] = r0;
        out[1] = r1;
        out[2] = r2;
        out[3] = r3;
    }

    static void dot2x2(double[] a, double[] c, double[] b0, double[] b1, int n, double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, c0 = a0, c1 = a0;
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector u = DoubleVector.fromArray(S, a, i), v = DoubleVector.fromArray(S, c, i);
            DoubleVector y0 = DoubleVector.fromArray(S, b0, i), y1 = DoubleVector.fromArray(S, b1, i);
            a0 = u.fma(y0, a0);
            a1 = u.fma(y1, a1);
            c0 = v.fma(y0, c0);
            c1 = v.fma(y1, c1);
        }
        double r0 = sum(a0), r1 = sum(a1), r2 = sum(c0), r3 = sum(c1);
        for (; i < n; i++) {
            r0 = Math.fma(a[i], b0[i], r0);
            r1 = Math.fma(a[i], b1[i], r1);
            r2 = Math.fma(c[i], b0[i], r2);
            r3 = Math.fma(c[i], b1[i], r3);
        }
        out[0] = r0;
        out[1] = r1;
        out[2] = r2;
        out[3] = r3;
    }

    static void dot2x4(double[] a, double[] c, double[] b0, double[] b1, double[] b2, double[] b3, int n, double[] out) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, c0 = a0, c1 = a0, c2 = a0, c3 = a0;
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector u = DoubleVector.fromArray(S, a, i), v = DoubleVector.fromArray(S, c, i);
            DoubleVector y0 = DoubleVector.fromArray(S, b0, i), y1 = DoubleVector.fromArray(S, b1, i);
            DoubleVector y2 = DoubleVector.fromArray(S, b2, i), y3 = DoubleVector.fromArray(S, b3, i);
            a0 = u.fma(y0, a0);
            a1 = u.fma(y1, a1);
            a2 = u.fma(y2, a2);
            a3 = u.fma(y3, a3);
            c0 = v.fma(y0, c0);
            c1 = v.fma(y1, c1);
            c2 = v.fma(y2, c2);
            c3 = v.fma(y3, c3);
        }
        out[0] = sum(a0);
        out[1] = sum(a1);
        out[2] = sum(a2);
        out[3] = sum(a3);
        out[4] = sum(c0);
        out[5] = sum(c1);
        out[6] = sum(c2);
        out[7] = sum(c3);
        for (; i < n; i++) {
            double u = a[i], v = c[i];
            out[0] = Math.fma(u, b0[i], out[0]);
            out[1] = Math.fma(u, b1[i], out[1]);
            out[2] = Math.fma(u, b2[i], out[2]);
            out[3] = Math.fma(u, b3[i], out[3]);
            out[4] = Math.fma(v, b0[i], out[4]);
            out[5] = Math.fma(v, b1[i], out[5]);
            out[6] = Math.fma(v, b2[i], out[6]);
            out[7] = Math.fma(v, b3[i], out[7]);
        }
    }

    /** {@link Logistic#rows} for rows [0, end), end a multiple of the lane count; returns the log-likelihood. */
    static double rows(double[] eta, double[] m, double[] s, int end, double[] mu, double[] w, double[] r, double[] maxAbs) {
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1.0), half = DoubleVector.broadcast(S, 0.5);
        DoubleVector ll = zero, mx = zero;
        for (int i = 0; i < end; i += L) {
            DoubleVector et = DoubleVector.fromArray(S, eta, i);
            DoubleVector mi = DoubleVector.fromArray(S, m, i);
            DoubleVector si = DoubleVector.fromArray(S, s, i);
            VectorMask<Double> used = mi.compare(VectorOperators.NE, 0.0);
            DoubleVector a = et.abs();
            DoubleVector ex = a.neg().lanewise(VectorOperators.EXP);
            DoubleVector op = ex.add(one);
            DoubleVector inv = one.div(op);
            DoubleVector mui = ex.mul(inv).blend(inv, et.compare(VectorOperators.GE, 0.0));
            DoubleVector term = si.mul(et).sub(mi.mul(et.max(zero).add(op.lanewise(VectorOperators.LOG))));
            ll = ll.add(zero.blend(term, used));
            mx = mx.max(zero.blend(a, used));
            mi.mul(ex).mul(inv).mul(inv).blend(zero, used.not()).intoArray(w, i);
            si.sub(mi.mul(mui)).blend(zero, used.not()).intoArray(r, i);
            mui.blend(half, used.not()).intoArray(mu, i);
        }
        maxAbs[0] = Math.max(maxAbs[0], mx.reduceLanes(VectorOperators.MAX)); // exact in any order
        return sum(ll);
    }

    /**
     * {@link Logistic#evaluateSmall} (4 columns) for rows [0, end), end a multiple of the lane count: the linear predictor, the
     * per-row logistic terms and all sums of a 4-column design (intercept, x1, x2, x3) with row weights 0 or 1.
     * acc receives h00 h10 h11 h20 h21 h22 h30 h31 h32 h33 g0 g1 g2 g3; returns the log-likelihood.
     */
    static double evaluate4(double[] beta, double[] x1, double[] x2, double[] x3, double[] m, double[] s, int end,
                            double[] exps, double[] acc, double[] maxAbs) {
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1.0);
        DoubleVector b0 = DoubleVector.broadcast(S, beta[0]), b1 = DoubleVector.broadcast(S, beta[1]);
        DoubleVector b2 = DoubleVector.broadcast(S, beta[2]), b3 = DoubleVector.broadcast(S, beta[3]);
        // exp(-|eta|) and the largest |eta| of a used row first, in a loop of their own: the exp routine is a
        // call, around which every live vector register is saved; in the accumulating loop that would be 16 sums
        DoubleVector mx = zero;
        for (int i = 0; i < end; i += L) {
            DoubleVector a = DoubleVector.fromArray(S, x3, i).fma(b3, DoubleVector.fromArray(S, x2, i)
                    .fma(b2, DoubleVector.fromArray(S, x1, i).fma(b1, b0))).abs();
            mx = mx.max(a.mul(DoubleVector.fromArray(S, m, i)));
            a.neg().lanewise(VectorOperators.EXP).intoArray(exps, i);
        }
        maxAbs[0] = Math.max(maxAbs[0], mx.reduceLanes(VectorOperators.MAX)); // exact in any order
        // log(1 + e^-|eta|) summed as the log of a per-lane product of factors in (1, 2], one log per 512 steps;
        // with m in {0, 1} and s = 0 where m = 0, unused rows add nothing without masks
        DoubleVector ll = zero, prod = one, lsum = zero;
        int inProd = 0;
        DoubleVector h00 = zero, h10 = zero, h11 = zero, h20 = zero, h21 = zero, h22 = zero;
        DoubleVector h30 = zero, h31 = zero, h32 = zero, h33 = zero;
        DoubleVector g0 = zero, g1 = zero, g2 = zero, g3 = zero;
        for (int i = 0; i < end; i += L) {
            DoubleVector u1 = DoubleVector.fromArray(S, x1, i);
            DoubleVector u2 = DoubleVector.fromArray(S, x2, i);
            DoubleVector u3 = DoubleVector.fromArray(S, x3, i);
            DoubleVector mi = DoubleVector.fromArray(S, m, i);
            DoubleVector si = DoubleVector.fromArray(S, s, i);
            DoubleVector ex = DoubleVector.fromArray(S, exps, i);
            DoubleVector et = u3.fma(b3, u2.fma(b2, u1.fma(b1, b0)));
            DoubleVector mex = mi.mul(ex);
            DoubleVector inv = one.div(ex.add(one));
            DoubleVector mui = ex.mul(inv).blend(inv, et.compare(VectorOperators.GE, 0.0));
            ll = si.fma(et, ll).sub(mi.mul(et.max(zero)));
            prod = prod.mul(mex.add(one));
            if (++inProd == 512) {
                lsum = lsum.add(prod.lanewise(VectorOperators.LOG));
                prod = one;
                inProd = 0;
            }
            DoubleVector w = mex.mul(inv).mul(inv);
            DoubleVector r = si.sub(mi.mul(mui));
            DoubleVector w1 = w.mul(u1), w2 = w.mul(u2), w3 = w.mul(u3);
            h00 = h00.add(w);
            h10 = h10.add(w1);
            h11 = w1.fma(u1, h11);
            h20 = h20.add(w2);
            h21 = w2.fma(u1, h21);
            h22 = w2.fma(u2, h22);
            h30 = h30.add(w3);
            h31 = w3.fma(u1, h31);
            h32 = w3.fma(u2, h32);
            h33 = w3.fma(u3, h33);
            g0 = g0.add(r);
            g1 = r.fma(u1, g1);
            g2 = r.fma(u2, g2);
            g3 = r.fma(u3, g3);
        }
        acc[0] = sum(h00);
        acc[1] = sum(h10);
        acc[2] = sum(h11);
        acc[3] = sum(h20);
        acc[4] = sum(h21);
        acc[5] = sum(h22);
        acc[6] = sum(h30);
        acc[7] = sum(h31);
        acc[8] = sum(h32);
        acc[9] = sum(h33);
        acc[10] = sum(g0);
        acc[11] = sum(g1);
        acc[12] = sum(g2);
        acc[13] = sum(g3);
        return sum(ll.sub(lsum.add(prod.lanewise(VectorOperators.LOG))));
    }

    /**
     * {@link Logistic#evaluateSmall} (6 columns): {@link #evaluate4} for a 6-column design (intercept, x1..x5): acc receives the 21
     * lower-triangle entries of X'WX row by row (h00 h10 h11 h20 ... h55), then the 6 scores. 27 sums do not all fit
     * in registers; the few the JIT spills still cost far less than a pass over the rows each.
     */
    static double evaluate6(double[] beta, double[][] x, double[] m, double[] s, int end, double[] exps, double[] acc,
                            double[] maxAbs) {
        double[] x1 = x[1], x2 = x[2], x3 = x[3], x4 = x[4], x5 = x[5];
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1.0);
        DoubleVector b0 = DoubleVector.broadcast(S, beta[0]), b1 = DoubleVector.broadcast(S, beta[1]);
        DoubleVector b2 = DoubleVector.broadcast(S, beta[2]), b3 = DoubleVector.broadcast(S, beta[3]);
        DoubleVector b4 = DoubleVector.broadcast(S, beta[4]), b5 = DoubleVector.broadcast(S, beta[5]);
        DoubleVector mx = zero;
        for (int i = 0; i < end; i += L) {
            DoubleVector a = DoubleVector.fromArray(S, x5, i).fma(b5, DoubleVector.fromArray(S, x4, i).fma(b4,
                    DoubleVector.fromArray(S, x3, i).fma(b3, DoubleVector.fromArray(S, x2, i)
                    .fma(b2, DoubleVector.fromArray(S, x1, i).fma(b1, b0))))).abs();
            mx = mx.max(a.mul(DoubleVector.fromArray(S, m, i)));
            a.neg().lanewise(VectorOperators.EXP).intoArray(exps, i);
        }
        maxAbs[0] = Math.max(maxAbs[0], mx.reduceLanes(VectorOperators.MAX)); // exact in any order
        DoubleVector ll = zero, prod = one, lsum = zero;
        int inProd = 0;
        DoubleVector h00 = zero, h10 = zero, h11 = zero, h20 = zero, h21 = zero, h22 = zero, h30 = zero, h31 = zero, h32 = zero, h33 = zero, h40 = zero;
        DoubleVector h41 = zero, h42 = zero, h43 = zero, h44 = zero, h50 = zero, h51 = zero, h52 = zero, h53 = zero, h54 = zero, h55 = zero;
        DoubleVector g0 = zero, g1 = zero, g2 = zero, g3 = zero, g4 = zero, g5 = zero;
        for (int i = 0; i < end; i += L) {
            DoubleVector u1 = DoubleVector.fromArray(S, x1, i);
            DoubleVector u2 = DoubleVector.fromArray(S, x2, i);
            DoubleVector u3 = DoubleVector.fromArray(S, x3, i);
            DoubleVector u4 = DoubleVector.fromArray(S, x4, i);
            DoubleVector u5 = DoubleVector.fromArray(S, x5, i);
            DoubleVector mi = DoubleVector.fromArray(S, m, i);
            DoubleVector si = DoubleVector.fromArray(S, s, i);
            DoubleVector ex = DoubleVector.fromArray(S, exps, i);
            DoubleVector et = u5.fma(b5, u4.fma(b4, u3.fma(b3, u2.fma(b2, u1.fma(b1, b0)))));
            DoubleVector mex = mi.mul(ex);
            DoubleVector inv = one.div(ex.add(one));
            DoubleVector mui = ex.mul(inv).blend(inv, et.compare(VectorOperators.GE, 0.0));
            ll = si.fma(et, ll).sub(mi.mul(et.max(zero)));
            prod = prod.mul(mex.add(one));
            if (++inProd == 512) {
                lsum = lsum.add(prod.lanewise(VectorOperators.LOG));
                prod = one;
                inProd = 0;
            }
            DoubleVector w = mex.mul(inv).mul(inv);
            DoubleVector r = si.sub(mi.mul(mui));
            h00 = h00.add(w);
            DoubleVector w1 = w.mul(u1);
            h10 = h10.add(w1);
            h11 = w1.fma(u1, h11);
            DoubleVector w2 = w.mul(u2);
            h20 = h20.add(w2);
            h21 = w2.fma(u1, h21);
            h22 = w2.fma(u2, h22);
            DoubleVector w3 = w.mul(u3);
            h30 = h30.add(w3);
            h31 = w3.fma(u1, h31);
            h32 = w3.fma(u2, h32);
            h33 = w3.fma(u3, h33);
            DoubleVector w4 = w.mul(u4);
            h40 = h40.add(w4);
            h41 = w4.fma(u1, h41);
            h42 = w4.fma(u2, h42);
            h43 = w4.fma(u3, h43);
            h44 = w4.fma(u4, h44);
            DoubleVector w5 = w.mul(u5);
            h50 = h50.add(w5);
            h51 = w5.fma(u1, h51);
            h52 = w5.fma(u2, h52);
            h53 = w5.fma(u3, h53);
            h54 = w5.fma(u4, h54);
            h55 = w5.fma(u5, h55);
            g0 = g0.add(r);
            g1 = r.fma(u1, g1);
            g2 = r.fma(u2, g2);
            g3 = r.fma(u3, g3);
            g4 = r.fma(u4, g4);
            g5 = r.fma(u5, g5);
        }
        acc[0] = sum(h00);
        acc[1] = sum(h10);
        acc[2] = sum(h11);
        acc[3] = sum(h20);
        acc[4] = sum(h21);
        acc[5] = sum(h22);
        acc[6] = sum(h30);
        acc[7] = sum(h31);
        acc[8] = sum(h32);
        acc[9] = sum(h33);
        acc[10] = sum(h40);
        acc[11] = sum(h41);
        acc[12] = sum(h42);
        acc[13] = sum(h43);
        acc[14] = sum(h44);
        acc[15] = sum(h50);
        acc[16] = sum(h51);
        acc[17] = sum(h52);
        acc[18] = sum(h53);
        acc[19] = sum(h54);
        acc[20] = sum(h55);
        acc[21] = sum(g0);
        acc[22] = sum(g1);
        acc[23] = sum(g2);
        acc[24] = sum(g3);
        acc[25] = sum(g4);
        acc[26] = sum(g5);
        return sum(ll.sub(lsum.add(prod.lanewise(VectorOperators.LOG))));
    }

    /** Rows the vector loop covers: the largest multiple of the lane count not above n. */
    static int bound(int n) {
        return S.loopBound(n);
    }
}
