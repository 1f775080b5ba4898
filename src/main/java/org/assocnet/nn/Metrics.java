package org.assocnet.nn;

import java.util.Arrays;
import org.assocnet.stats.Logistic;

/**
 * Held-out performance of a probabilistic classifier from logits: ROC AUC (Mann-Whitney, ties counted
 * half), mean binary cross-entropy (log-loss, nats) and logistic recalibration (fit y ~ a + b * logit by
 * Newton's method; b = calibration slope, a = calibration intercept; a perfectly calibrated model has
 * b = 1, a = 0, an overfitted one b &lt; 1).
 */
public final class Metrics {
    private Metrics() {}

    /** Area under the ROC curve of score s for labels y (1 = case); NaN if one class is absent. */
    public static double auc(int[] y, double[] s) {
        int n = y.length;
        Integer[] o = order(s);
        // average ranks with ties
        double[] rank = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && s[o[j + 1]] == s[o[i]]) j++;
            double r = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) rank[o[k]] = r;
            i = j + 1;
        }
        long n1 = 0;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            if (y[k] == 1) {
                n1++;
                sum += rank[k];
            }
        }
        long n0 = n - n1;
        if (n1 == 0 || n0 == 0) return Double.NaN;
        return (sum - n1 * (n1 + 1) / 2.0) / ((double) n1 * n0);
    }

    /** Mean binary cross-entropy of Logistic.sigmoid(logit) against y, computed stably from the logit. */
    public static double logLoss(int[] y, double[] logit) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += Logistic.bce(y[i], logit[i]);
        return s / y.length;
    }

    /**
     * Logistic recalibration: maximum-likelihood fit of {@code logit P(y=1) = a + b * logit}.
     * Returns {a, b}; NaN, NaN when the fit does not converge (e.g. separation) or a class is absent.
     */
    public static double[] calibration(int[] y, double[] logit) {
        double a = 0, b = 0;
        double prevDev = Double.POSITIVE_INFINITY;
        for (int it = 0; it < 100; it++) {
            double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0, dev = 0;
            for (int i = 0; i < y.length; i++) {
                double z = a + b * logit[i];
                double p = Logistic.sigmoid(z);
                double w = p * (1 - p);
                double r = y[i] - p;
                g0 += r;
                g1 += r * logit[i];
                h00 += w;
                h01 += w * logit[i];
                h11 += w * logit[i] * logit[i];
                dev += 2 * Logistic.bce(y[i], z);
            }
            double det = h00 * h11 - h01 * h01;
            if (!(det > 0) || !Double.isFinite(det)) return new double[] {Double.NaN, Double.NaN};
            double da = (h11 * g0 - h01 * g1) / det;
            double db = (h00 * g1 - h01 * g0) / det;
            a += da;
            b += db;
            if (Math.abs(prevDev - dev) <= 1e-12 * (Math.abs(dev) + 1e-12) && Math.abs(da) + Math.abs(db) < 1e-10) {
                return new double[] {a, b};
            }
            prevDev = dev;
        }
        return new double[] {Double.NaN, Double.NaN};
    }

    /**
     * ROC curve points (false-positive rate, true-positive rate) at every distinct score threshold,
     * thinned to at most {@code maxPoints} (first and last kept). Returns {fpr[], tpr[]}.
     */
    public static double[][] roc(int[] y, double[] s, int maxPoints) {
        int n = y.length;
        Integer[] o = order(s);
        long n1 = Arrays.stream(y).filter(v -> v == 1).count();
        long n0 = n - n1;
        double[] fpr = new double[n + 1];
        double[] tpr = new double[n + 1];
        int m = 1;
        long tp = 0, fp = 0;
        for (int k = n - 1; k >= 0; k--) {
            if (y[o[k]] == 1) tp++;
            else fp++;
            if (k > 0 && s[o[k - 1]] == s[o[k]]) continue;
            fpr[m] = n0 == 0 ? Double.NaN : (double) fp / n0;
            tpr[m] = n1 == 0 ? Double.NaN : (double) tp / n1;
            m++;
        }
        if (m <= maxPoints) return new double[][] {Arrays.copyOf(fpr, m), Arrays.copyOf(tpr, m)};
        double[] f = new double[maxPoints];
        double[] t = new double[maxPoints];
        for (int q = 0; q < maxPoints; q++) {
            int k = (int) Math.round((double) q * (m - 1) / (maxPoints - 1));
            f[q] = fpr[k];
            t[q] = tpr[k];
        }
        return new double[][] {f, t};
    }

    private static Integer[] order(double[] s) {
        Integer[] o = new Integer[s.length];
        for (int i = 0; i < o.length; i++) o[i] = i;
        Arrays.sort(o, (p, q) -> Double.compare(s[p], s[q]));
        return o;
    }
}
