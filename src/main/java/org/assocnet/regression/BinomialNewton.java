package org.assocnet.regression;

import org.assocnet.stats.Cholesky;
import java.util.Arrays;
import org.assocnet.stats.Logistic;

/**
 * Maximum-likelihood fit of a small binomial logistic model, s_i ~ Binomial(m, q_i) with logit q_i = x_i' b, by
 * Newton-Raphson with step halving, optionally with a ridge penalty ridge_a / 2 * b_a^2 per coefficient. Rows with
 * a NaN count are left out. The common engine of {@link ScoreNullModel} (m = 1, the y ~ covariates null model) and
 * {@link ConditionalGenotypes} (m = 2, a dosage given its neighbours); the per-variant GLM has its own, allocation-free
 * {@link LogisticFitter}.
 *
 * <p>Converged when the largest Newton step is below 1e-9 or a full step changes the (penalised) log-likelihood by
 * less than 1e-13 of its size; no finite fit (separation, a singular information matrix, no improving step, no
 * convergence in {@link #MAX_ITER} iterations) gives null.
 */
final class BinomialNewton {
    static final int MAX_ITER = 60;
    static final int MAX_HALVINGS = 30;
    /** A Cholesky pivot must exceed 1e-13 * max(1, diagonal) for the information to count as positive definite. */
    private static final double PIVOT_REL = 1e-13;

    /** Coefficients, fitted probabilities q_i of every row (NaN-count rows too) and the inverse penalised information. */
    record Fit(double[] beta, double[] q, double[] inverseInformation, int iterations) {}

    private BinomialNewton() {}

    /**
     * @param s      success counts (NaN = row left out)
     * @param m      trials per row
     * @param x      design columns, k x n (include the intercept column yourself)
     * @param ridge  penalty per coefficient (length k; 0 = none)
     * @param start  starting coefficients (length k)
     */
    static Fit fit(double[] s, double m, double[][] x, double[] ridge, double[] start) {
        int k = x.length, n = s.length;
        double[] b = start.clone();
        double[] eta = new double[n];
        double ll = loglik(s, m, x, b, ridge, eta);
        double[] grad = new double[k], info = new double[k * k], next = new double[k];
        for (int it = 1; it <= MAX_ITER; it++) {
            information(s, m, x, b, ridge, eta, grad, info);
            double[] step = solve(info, grad, k);
            if (step == null) return null;
            double maxStep = 0;
            for (double v : step) maxStep = Math.max(maxStep, Math.abs(v));
            if (!(maxStep < Double.POSITIVE_INFINITY)) return null;
            double f = 1, llNext = Double.NaN;
            for (int h = 0; h <= MAX_HALVINGS; h++, f /= 2) {
                for (int a = 0; a < k; a++) next[a] = b[a] + f * step[a];
                llNext = loglik(s, m, x, next, ridge, eta);
                if (llNext >= ll - 1e-12 * Math.abs(ll)) break;
            }
            if (!(llNext >= ll - 1e-12 * Math.abs(ll))) return null;
            double change = Math.abs(llNext - ll);
            System.arraycopy(next, 0, b, 0, k);
            ll = llNext;
            if (maxStep < 1e-9 || (f == 1 && change < 1e-13 * (Math.abs(ll) + 1))) {
                for (double v : b) if (!Double.isFinite(v)) return null;
                // information and its inverse at the final coefficients (eta is current after loglik)
                information(s, m, x, b, ridge, eta, grad, info);
                double[] inv = invert(info, k);
                if (inv == null) return null;
                double[] q = new double[n];
                for (int i = 0; i < n; i++) q[i] = Logistic.sigmoid(eta[i]);
                return new Fit(b, q, inv, it);
            }
        }
        return null;
    }

    /** Penalised log-likelihood (up to a constant) of the rows with a count; fills eta for every row. */
    private static double loglik(double[] s, double m, double[][] x, double[] b, double[] ridge, double[] eta) {
        double ll = 0;
        for (int i = 0; i < s.length; i++) {
            double e = 0;
            for (int a = 0; a < b.length; a++) e += b[a] * x[a][i];
            eta[i] = e;
            if (Double.isNaN(s[i])) continue;
            // s log q + (m - s) log(1 - q) = s e - m log(1 + exp(e))
            ll += s[i] * e - m * Logistic.softplus(e);
        }
        for (int a = 0; a < b.length; a++) ll -= 0.5 * ridge[a] * b[a] * b[a];
        return ll;
    }

    /** Score (into grad) and information X' diag(m q (1 - q)) X + diag(ridge) (lower triangle, into info) at eta. */
    private static void information(double[] s, double m, double[][] x, double[] b, double[] ridge, double[] eta, double[] grad,
            double[] info) {
        int k = x.length;
        Arrays.fill(grad, 0);
        Arrays.fill(info, 0);
        for (int i = 0; i < s.length; i++) {
            if (Double.isNaN(s[i])) continue;
            double qi = Logistic.sigmoid(eta[i]);
            double w = m * qi * (1 - qi);
            double r = s[i] - m * qi;
            for (int a = 0; a < k; a++) {
                double xa = x[a][i];
                grad[a] += xa * r;
                double wx = w * xa;
                for (int c = 0; c <= a; c++) info[a * k + c] += wx * x[c][i];
            }
        }
        for (int a = 0; a < k; a++) {
            grad[a] -= ridge[a] * b[a];
            info[a * k + a] += ridge[a];
        }
    }

    /** Solves A x = rhs for symmetric positive definite A (lower triangle filled); null if A is not PD. */
    static double[] solve(double[] a, double[] rhs, int k) {
        double[] l = new double[k * k];
        if (!Cholesky.factor(a, k, null, k, l, PIVOT_REL, PIVOT_REL)) return null;
        double[] x = rhs.clone();
        Cholesky.solve(l, k, k, x);
        return x;
    }

    /** Inverse of a symmetric positive definite matrix (lower triangle filled), full row-major; null if not PD. */
    static double[] invert(double[] a, int k) {
        double[] l = new double[k * k];
        if (!Cholesky.factor(a, k, null, k, l, PIVOT_REL, PIVOT_REL)) return null;
        double[] inv = new double[k * k];
        Cholesky.invert(l, k, k, inv, new double[k]);
        return inv;
    }
}
