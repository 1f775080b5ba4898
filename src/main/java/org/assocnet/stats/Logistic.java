package org.assocnet.stats;

/** The logistic function and its logs, computed without overflow: one home for every stage that needs them. */
public final class Logistic {
    private Logistic() {}

    /** 1 / (1 + e^-x), exact in both tails. */
    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** log(1 + e^x) without overflow. */
    public static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** Binary cross-entropy -log P(y | logit z) = log(1 + e^z) - y z for a 0/1 label y. */
    public static double bce(int y, double z) {
        return softplus(z) - y * z;
    }

    /**
     * The per-row terms of a logistic log-likelihood at linear predictor eta, rows weighted by m (0 = row not
     * used, k = k identical samples) with s successes: mu = sigmoid(eta), w = m mu (1 - mu), r = s - m mu
     * (w = r = 0 and mu = 1/2 where m = 0). Returns the log-likelihood sum of s eta - m log(1 + e^eta) and
     * raises maxAbs[0] to the largest |eta| of a used row. exp(-|eta|) keeps every step finite.
     */
    public static double rows(double[] eta, double[] m, double[] s, int n, double[] mu, double[] w, double[] r,
                              double[] maxAbs) {
        int from = 0;
        double ll = 0;
        if (Simd.ENABLED) {
            from = SimdKernels.bound(n);
            ll = SimdKernels.rows(eta, m, s, from, mu, w, r, maxAbs);
        }
        double maxEta = maxAbs[0];
        // sum of log(1 + exp(-|eta|)) over unit-weight rows as the log of products of 64 factors in (1, 2]
        // (one log per 64 samples instead of one per sample; relative rounding ~1e-14)
        double prod = 1;
        int inProd = 0;
        for (int i = from; i < n; i++) {
            double mi = m[i];
            if (mi == 0) {
                w[i] = 0;
                r[i] = 0;
                mu[i] = 0.5;
                continue;
            }
            double et = eta[i];
            double a = Math.abs(et);
            if (a > maxEta) maxEta = a;
            double ex = Math.exp(-a);
            double op = 1 + ex;
            double mui = et >= 0 ? 1 / op : ex / op;
            if (mi == 1) {
                ll += s[i] * et - (et > 0 ? et : 0);
                prod *= op;
                if (++inProd == 64) {
                    ll -= Math.log(prod);
                    prod = 1;
                    inProd = 0;
                }
            } else {
                ll += s[i] * et - mi * ((et > 0 ? et : 0) + Math.log(op));
            }
            w[i] = mi * ex / (op * op);
            r[i] = s[i] - mi * mui;
            mu[i] = mui;
        }
        maxAbs[0] = maxEta;
        return ll - Math.log(prod);
    }

    /**
     * The log-likelihood, information and score of a logistic model with design columns (1, x1, x2, x3) at
     * coefficients beta[0..3], for rows that are samples: weight m 0 (not used) or 1, outcome s 0 or 1 and 0
     * where m is 0. Returns the log-likelihood; writes the lower triangle of X'WX (h00 h10 h11 h20 h21 h22 h30
     * h31 h32 h33) and the score X'(s - m mu) (g0 g1 g2 g3) into acc[0..14) and raises maxAbs[0] to the largest
     * |eta| of a used row. For designs of at most 4 columns this replaces {@link #rows} and the separate passes
     * over the weighted columns by two passes (exp; then every sum in a register); a 3-column design passes a
     * zero x3 and beta[3] = 0. The log terms are summed as logs of products, as in {@link #rows}. scratch: n doubles. vectors: use the SIMD
     * kernel where enabled; false for a one-off fit before the JIT has compiled it (interpreted Vector API code is
     * tens of times slower than the scalar loop).
     */
    public static double evaluate4(double[] beta, double[] x1, double[] x2, double[] x3, double[] m, double[] s,
                                   int n, double[] scratch, double[] acc, double[] maxAbs, boolean vectors) {
        int from = 0;
        double ll = 0;
        if (vectors && Simd.ENABLED) {
            from = SimdKernels.bound(n);
            ll = SimdKernels.evaluate4(beta, x1, x2, x3, m, s, from, scratch, acc, maxAbs);
        } else {
            java.util.Arrays.fill(acc, 0, 14, 0.0);
        }
        double b0 = beta[0], b1 = beta[1], b2 = beta[2], b3 = beta[3];
        double h00 = 0, h10 = 0, h11 = 0, h20 = 0, h21 = 0, h22 = 0, h30 = 0, h31 = 0, h32 = 0, h33 = 0;
        double g0 = 0, g1 = 0, g2 = 0, g3 = 0, lt = 0;
        double maxEta = maxAbs[0];
        for (int i = from; i < n; i++) {
            double mi = m[i];
            if (mi == 0) continue;
            double u1 = x1[i], u2 = x2[i], u3 = x3[i], si = s[i];
            double et = b0 + b1 * u1 + b2 * u2 + b3 * u3;
            double a = Math.abs(et);
            if (a > maxEta) maxEta = a;
            double ex = Math.exp(-a);
            double op = 1 + ex;
            double inv = 1 / op;
            double mui = et >= 0 ? inv : ex * inv;
            lt += si * et - mi * ((et > 0 ? et : 0) + Math.log(op));
            double w = mi * ex * inv * inv;
            double r = si - mi * mui;
            double w1 = w * u1, w2 = w * u2, w3 = w * u3;
            h00 += w;
            h10 += w1;
            h11 += w1 * u1;
            h20 += w2;
            h21 += w2 * u1;
            h22 += w2 * u2;
            h30 += w3;
            h31 += w3 * u1;
            h32 += w3 * u2;
            h33 += w3 * u3;
            g0 += r;
            g1 += r * u1;
            g2 += r * u2;
            g3 += r * u3;
        }
        maxAbs[0] = maxEta;
        acc[0] += h00;
        acc[1] += h10;
        acc[2] += h11;
        acc[3] += h20;
        acc[4] += h21;
        acc[5] += h22;
        acc[6] += h30;
        acc[7] += h31;
        acc[8] += h32;
        acc[9] += h33;
        acc[10] += g0;
        acc[11] += g1;
        acc[12] += g2;
        acc[13] += g3;
        return ll + lt;
    }

    /**
     * {@link #evaluate4} for a design of 6 columns (intercept, x[1..5]; a 5-column design passes a zero x[5] and
     * beta[5] = 0): acc receives the 21 lower-triangle entries of X'WX row by row, then the 6 scores.
     */
    public static double evaluate6(double[] beta, double[][] x, double[] m, double[] s, int n, double[] scratch,
                                   double[] acc, double[] maxAbs, boolean vectors) {
        int from = 0;
        double ll = 0;
        if (vectors && Simd.ENABLED) {
            from = SimdKernels.bound(n);
            ll = SimdKernels.evaluate6(beta, x, m, s, from, scratch, acc, maxAbs);
        } else {
            java.util.Arrays.fill(acc, 0, 27, 0.0);
        }
        double maxEta = maxAbs[0];
        double[] row = new double[6];
        row[0] = 1;
        for (int i = from; i < n; i++) {
            double mi = m[i];
            if (mi == 0) continue;
            double et = beta[0];
            for (int j = 1; j < 6; j++) {
                row[j] = x[j][i];
                et += beta[j] * row[j];
            }
            double a = Math.abs(et);
            if (a > maxEta) maxEta = a;
            double ex = Math.exp(-a);
            double op = 1 + ex;
            double inv = 1 / op;
            double mui = et >= 0 ? inv : ex * inv;
            ll += s[i] * et - mi * ((et > 0 ? et : 0) + Math.log(op));
            double w = mi * ex * inv * inv;
            double r = s[i] - mi * mui;
            int c = 0;
            for (int j = 0; j < 6; j++) {
                double wj = w * row[j];
                for (int k = 0; k <= j; k++) acc[c++] += wj * row[k];
                acc[21 + j] += r * row[j];
            }
        }
        maxAbs[0] = maxEta;
        return ll;
    }
}
