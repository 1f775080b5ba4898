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
}
