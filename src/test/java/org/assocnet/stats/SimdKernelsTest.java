package org.assocnet.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels against plain per-element formulas: every dot-product kernel and the logistic row terms,
 * at lengths around the lane count (tails), with unused rows (m = 0, also with s = 1), grouped rows (m > 1)
 * and |eta| up to 40. The test JVM adds jdk.incubator.vector (pom.xml), as bin/assocnet does.
 */
class SimdKernelsTest {
    @Test
    void enabledInTheTestJvm() {
        assertTrue(Simd.ENABLED, "surefire's argLine adds jdk.incubator.vector; the SIMD path must be the one tested");
    }

    private static double naive(double[] a, double[] b, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] * b[i];
        return s;
    }

    private static double[] vec(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
        return v;
    }

    private static void close(double exp, double got, String what) {
        assertEquals(exp, got, 1e-12 * Math.max(1, Math.abs(exp)), what);
    }

    @Test
    void dotKernels() {
        Random r = new Random(7);
        for (int n : new int[] {0, 1, 3, 7, 8, 9, 15, 16, 17, 33, 1001}) {
            double[] a = vec(r, n), c = vec(r, n), b0 = vec(r, n), b1 = vec(r, n), b2 = vec(r, n), b3 = vec(r, n);
            double[] out = new double[8];
            close(naive(a, b0, n), SimdKernels.dot(a, b0, n), "dot n=" + n);
            close(naive(a, b0, n), Dot.dot(a, b0, n), "Dot.dot n=" + n);
            SimdKernels.dot4(a, b0, b1, b2, b3, n, out);
            double[][] b = {b0, b1, b2, b3};
            for (int k = 0; k < 4; k++) close(naive(a, b[k], n), out[k], "dot4 " + k + " n=" + n);
            SimdKernels.dot2x2(a, c, b0, b1, n, out);
            close(naive(a, b0, n), out[0], "dot2x2");
            close(naive(a, b1, n), out[1], "dot2x2");
            close(naive(c, b0, n), out[2], "dot2x2");
            close(naive(c, b1, n), out[3], "dot2x2");
            SimdKernels.dot2x4(a, c, b0, b1, b2, b3, n, out);
            for (int k = 0; k < 4; k++) {
                close(naive(a, b[k], n), out[k], "dot2x4 a " + k);
                close(naive(c, b[k], n), out[4 + k], "dot2x4 c " + k);
            }
        }
    }

    /** The fused evaluation of a (1, x1, x2, x3) design against per-row formulas: sample rows, some unused (m = 0). */
    @Test
    void fusedEvaluationOfAFourColumnDesign() {
        Random r = new Random(13);
        for (int n : new int[] {1, 7, 8, 9, 17, 64, 1003, 5000}) {
            double[] x1 = vec(r, n), x2 = vec(r, n), x3 = new double[n], m = new double[n], s = new double[n];
            for (int i = 0; i < n; i++) {
                x3[i] = r.nextInt(3);
                m[i] = r.nextInt(10) == 0 ? 0 : 1;
                s[i] = m[i] * r.nextInt(2);
            }
            double[] beta = {0.3, 1.5 * r.nextGaussian(), -0.7, r.nextInt(4) == 0 ? 12 : 0.4};
            double[] h = new double[10], g = new double[4];
            double ll = 0, max = 0;
            for (int i = 0; i < n; i++) {
                if (m[i] == 0) continue;
                double[] row = {1, x1[i], x2[i], x3[i]};
                double eta = 0;
                for (int j = 0; j < 4; j++) eta += beta[j] * row[j];
                max = Math.max(max, Math.abs(eta));
                double mu = Logistic.sigmoid(eta);
                ll += s[i] * eta - Logistic.softplus(eta);
                int c = 0;
                for (int j = 0; j < 4; j++) {
                    for (int k = 0; k <= j; k++) h[c++] += mu * (1 - mu) * row[j] * row[k];
                    g[j] += (s[i] - mu) * row[j];
                }
            }
            for (boolean vectors : new boolean[] {true, false}) {
                double[] acc = new double[14], mx = {0};
                double got = Logistic.evaluateSmall(4, beta, new double[][] {null, x1, x2, x3}, m, s, n, new double[n],
                        acc, mx, vectors);
                String at = " n=" + n + (vectors ? " SIMD" : " scalar");
                close(ll, got, "log-likelihood" + at);
                close(max, mx[0], "max |eta|" + at);
                for (int c = 0; c < 10; c++) close(h[c], acc[c], "information " + c + at);
                for (int j = 0; j < 4; j++) close(g[j], acc[10 + j], "score " + j + at);
            }
        }
    }

    /** The same for the 6-column design (intercept, x1..x5), SIMD and scalar. */
    @Test
    void fusedEvaluationOfASixColumnDesign() {
        Random r = new Random(19);
        for (int n : new int[] {1, 7, 8, 9, 17, 1003, 5000}) {
            double[][] x = new double[6][];
            for (int j = 1; j < 5; j++) x[j] = vec(r, n);
            x[5] = new double[n];
            double[] m = new double[n], s = new double[n];
            for (int i = 0; i < n; i++) {
                x[5][i] = r.nextInt(3);
                m[i] = r.nextInt(10) == 0 ? 0 : 1;
                s[i] = m[i] * r.nextInt(2);
            }
            double[] beta = {0.3, 0.8 * r.nextGaussian(), -0.7, 0.2, -0.1, r.nextInt(4) == 0 ? 12 : 0.4};
            double[] h = new double[21], g = new double[6];
            double ll = 0, max = 0;
            for (int i = 0; i < n; i++) {
                if (m[i] == 0) continue;
                double[] row = {1, x[1][i], x[2][i], x[3][i], x[4][i], x[5][i]};
                double eta = 0;
                for (int j = 0; j < 6; j++) eta += beta[j] * row[j];
                max = Math.max(max, Math.abs(eta));
                double mu = Logistic.sigmoid(eta);
                ll += s[i] * eta - Logistic.softplus(eta);
                int c = 0;
                for (int j = 0; j < 6; j++) {
                    for (int k = 0; k <= j; k++) h[c++] += mu * (1 - mu) * row[j] * row[k];
                    g[j] += (s[i] - mu) * row[j];
                }
            }
            for (boolean vectors : new boolean[] {true, false}) {
                double[] acc = new double[27], mx = {0};
                double got = Logistic.evaluateSmall(6, beta, x, m, s, n, new double[n], acc, mx, vectors);
                String at = " n=" + n + (vectors ? " SIMD" : " scalar");
                close(ll, got, "log-likelihood" + at);
                close(max, mx[0], "max |eta|" + at);
                for (int c = 0; c < 21; c++) close(h[c], acc[c], "information " + c + at);
                for (int j = 0; j < 6; j++) close(g[j], acc[21 + j], "score " + j + at);
            }
        }
    }

    @Test
    void logisticRows() {
        Random r = new Random(11);
        for (int n : new int[] {1, 7, 8, 9, 64, 65, 200, 1003}) {
            double[] eta = new double[n], m = new double[n], s = new double[n];
            for (int i = 0; i < n; i++) {
                eta[i] = r.nextInt(20) == 0 ? (r.nextBoolean() ? 40 : -40) : 3 * r.nextGaussian();
                int kind = r.nextInt(10);
                m[i] = kind == 0 ? 0 : kind == 1 ? 3 : 1;
                s[i] = m[i] == 3 ? r.nextInt(4) : r.nextInt(2); // unused rows may carry s = 1
            }
            double[] mu = new double[n], w = new double[n], res = new double[n], mx = {0};
            double ll = Logistic.rows(eta, m, s, n, mu, w, res, mx);
            double expLl = 0, expMax = 0;
            for (int i = 0; i < n; i++) {
                if (m[i] == 0) {
                    assertEquals(0, w[i], "w of an unused row");
                    assertEquals(0, res[i], "r of an unused row");
                    assertEquals(0.5, mu[i], "mu of an unused row");
                    continue;
                }
                double p = 1 / (1 + Math.exp(-eta[i]));
                expLl += s[i] * eta[i] - m[i] * (Math.max(eta[i], 0) + Math.log1p(Math.exp(-Math.abs(eta[i]))));
                expMax = Math.max(expMax, Math.abs(eta[i]));
                assertEquals(p, mu[i], 1e-15, "mu");
                assertEquals(m[i] * p * (1 - p), w[i], 1e-15, "w");
                assertEquals(s[i] - m[i] * p, res[i], 1e-14, "r");
            }
            assertEquals(expLl, ll, 1e-11 * Math.max(1, Math.abs(expLl)), "log-likelihood n=" + n);
            assertEquals(expMax, mx[0], 0.0, "max |eta|");
        }
    }
}
