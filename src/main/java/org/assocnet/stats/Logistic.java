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
     * The log-likelihood, information and score of a logistic model with q = 4 or 6 design columns (1, x[1..q-1])
     * at coefficients beta[0..q), for rows that are samples: weight m 0 (not used) or 1, outcome s 0 or 1 and 0
     * where m is 0. Returns the log-likelihood; writes the lower triangle of X'WX row by row (h00 h10 h11 h20 ...)
     * and then the q scores X'(s - m mu) into acc, and raises maxAbs[0] to the largest |eta| of a used row. For
     * designs of at most 6 columns this replaces {@link #rows} and the separate passes over the weighted columns by
     * two passes (exp; then every sum in a register, SimdKernels.evaluate4/evaluate6); a smaller design passes zero
     * columns with coefficient 0. The log terms are summed as logs of products, as in {@link #rows}. scratch: n
     * doubles. vectors: use the SIMD kernel where enabled; false for a one-off fit before the JIT has compiled it
     * (interpreted Vector API code is tens of times slower than the scalar loop).
     */
    public static double evaluateSmall(int q, double[] beta, double[][] x, double[] m, double[] s, int n,
                                       double[] scratch, double[] acc, double[] maxAbs, boolean vectors) {
        if (q != 4 && q != 6) throw new IllegalArgumentException("q = " + q + ": the one-pass kernels have 4 or 6 columns");
        int from = 0;
        double ll = 0;
        int scores = q * (q + 1) / 2;
        if (vectors && Simd.ENABLED) {
            from = SimdKernels.bound(n);
            ll = q == 4 ? SimdKernels.evaluate4(beta, x[1], x[2], x[3], m, s, from, scratch, acc, maxAbs)
                    : SimdKernels.evaluate6(beta, x, m, s, from, scratch, acc, maxAbs);
        } else {
            java.util.Arrays.fill(acc, 0, scores + q, 0.0);
        }
        // the rows the vector loop leaves (or all of them), one at a time
        double maxEta = maxAbs[0];
        double[] row = new double[q];
        row[0] = 1;
        double prod = 1;
        int inProd = 0;
        for (int i = from; i < n; i++) {
            double mi = m[i];
            if (mi == 0) continue;
            double et = beta[0];
            for (int j = 1; j < q; j++) {
                row[j] = x[j][i];
                et += beta[j] * row[j];
            }
            double a = Math.abs(et);
            if (a > maxEta) maxEta = a;
            double ex = Math.exp(-a);
            double op = 1 + ex;
            double inv = 1 / op;
            double mui = et >= 0 ? inv : ex * inv;
            // rows are samples (m = 1 here): log(1 + e^-|eta|) through products of 64 factors, as in rows()
            ll += s[i] * et - (et > 0 ? et : 0);
            prod *= op;
            if (++inProd == 64) {
                ll -= Math.log(prod);
                prod = 1;
                inProd = 0;
            }
            double w = ex * inv * inv;
            double r = s[i] - mui;
            int c = 0;
            for (int j = 0; j < q; j++) {
                double wj = w * row[j];
                for (int k = 0; k <= j; k++) acc[c++] += wj * row[k];
                acc[scores + j] += r * row[j];
            }
        }
        maxAbs[0] = maxEta;
        return ll - Math.log(prod);
    }
}
