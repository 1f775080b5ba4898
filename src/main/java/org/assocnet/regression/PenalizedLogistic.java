package org.assocnet.regression;

import java.util.Arrays;
import org.assocnet.stats.Logistic;

/**
 * Elastic-net penalised logistic regression by cyclic coordinate descent on the IRLS quadratic approximation, along
 * a decreasing path of penalties with warm starts, strong-rule screening and a KKT check (the algorithm of Friedman,
 * Hastie and Tibshirani 2010, written for assocnet's column layouts). Minimises
 *
 * <pre>
 *   - sum_i loglik_i(beta) + n * lambda * sum_j pf_j * (alpha |beta_j| + (1 - alpha) / 2 * beta_j^2)
 * </pre>
 *
 * with eta_i = offset_i + sum_j x_ij beta_j; columns with penalty factor 0 (intercept, covariates) are unpenalised.
 * Columns are accessed through {@link Design} only, so that callers keep genotypes in their compact form.
 */
public final class PenalizedLogistic {
    /** Column access to an n x p design held by the caller. */
    public interface Design {
        int rows();

        int columns();

        /** sum_i x_ij v_i. */
        double dot(int j, double[] v);

        /** sum_i w_i x_ij^2. */
        double weightedSquares(int j, double[] w);

        /** v_i += a * w_i * x_ij (w null: weight 1). */
        void axpy(int j, double a, double[] w, double[] v);

        /** The columns {@code idx} of this design, in that order (a view). */
        default Design columns(int[] idx) {
            Design x = this;
            return new Design() {
                @Override
                public int rows() {
                    return x.rows();
                }

                @Override
                public int columns() {
                    return idx.length;
                }

                @Override
                public double dot(int j, double[] v) {
                    return x.dot(idx[j], v);
                }

                @Override
                public double weightedSquares(int j, double[] w) {
                    return x.weightedSquares(idx[j], w);
                }

                @Override
                public void axpy(int j, double a, double[] w, double[] v) {
                    x.axpy(idx[j], a, w, v);
                }
            };
        }
    }

    /** Smallest IRLS weight (p (1 - p) of a fitted probability near 0 or 1). */
    static final double MIN_WEIGHT = 1e-5;
    static final int MAX_OUTER = 30;
    static final int MAX_SWEEPS = 500;

    private final Design x;
    private final int[] y;
    private final double[] offset;
    private final double[] pf;
    private final double alpha;
    private final int n, p;
    /** Current coefficients and linear predictor (warm start for the next penalty). */
    final double[] beta;
    private final double[] eta;
    private final double[] grad; // sum_i x_ij (y_i - p_i) at the last solution
    private final boolean[] active;
    private final double tol;

    /**
     * @param pf    penalty factor per column (0 = unpenalised)
     * @param alpha mixing: 1 = lasso, 0 = ridge
     * @param tol   convergence on max_j (weighted column norm x change)^2, relative to n
     */
    public PenalizedLogistic(Design x, int[] y, double[] offset, double[] pf, double alpha, double tol) {
        this.x = x;
        this.y = y;
        this.n = x.rows();
        this.p = x.columns();
        if (y.length != n || pf.length != p) throw new IllegalArgumentException("design / y / pf sizes differ");
        this.offset = offset == null ? new double[n] : offset;
        this.pf = pf;
        this.alpha = alpha;
        this.tol = tol;
        this.beta = new double[p];
        this.eta = this.offset.clone();
        this.grad = new double[p];
        this.active = new boolean[p];
        for (int j = 0; j < p; j++) active[j] = pf[j] == 0;
    }

    /** Starts from the given coefficients (e.g. a fit on a subset of the rows at the same penalty). */
    public void warmStart(double[] start) {
        System.arraycopy(start, 0, beta, 0, p);
        System.arraycopy(offset, 0, eta, 0, n);
        for (int j = 0; j < p; j++) {
            if (beta[j] != 0) x.axpy(j, beta[j], null, eta);
            active[j] = beta[j] != 0 || pf[j] == 0;
        }
    }

    /** Coefficients at the last {@link #fit}. */
    public double[] beta() {
        return beta;
    }

    /** Gradient of the log-likelihood, sum_i x_ij (y_i - p_i), at the last {@link #fit} (every column). */
    public double[] gradient() {
        return grad;
    }

    /**
     * The smallest lambda at which every penalised coefficient is 0: fits the unpenalised columns first (lambda
     * infinite) and returns max_j |grad_j| / (n alpha pf_j).
     */
    public double lambdaMax() {
        fit(Double.POSITIVE_INFINITY);
        double m = 0;
        for (int j = 0; j < p; j++) if (pf[j] > 0) m = Math.max(m, Math.abs(grad[j]) / (n * Math.max(alpha, 1e-3) * pf[j]));
        return m;
    }

    /**
     * Fits at one penalty, warm-started from the current coefficients; candidate columns by the sequential strong
     * rule from the previous gradient ({@code lambdaPrev}; infinite = none), then a KKT check over all columns.
     * Returns the number of nonzero penalised coefficients.
     */
    public int fit(double lambda) {
        return fit(lambda, Double.POSITIVE_INFINITY);
    }

    public int fit(double lambda, double lambdaPrev) {
        boolean[] candidate = new boolean[p];
        for (int j = 0; j < p; j++) {
            candidate[j] = active[j] || pf[j] == 0 || (Double.isFinite(lambda) && Double.isFinite(lambdaPrev)
                    ? Math.abs(grad[j]) >= n * alpha * pf[j] * (2 * lambda - lambdaPrev)
                    : Double.isFinite(lambda) && Math.abs(grad[j]) >= n * alpha * pf[j] * lambda);
        }
        while (true) {
            solve(lambda, candidate);
            computeGradient();
            boolean violated = false;
            if (Double.isFinite(lambda)) {
                for (int j = 0; j < p; j++) {
                    if (!candidate[j] && Math.abs(grad[j]) > n * alpha * pf[j] * lambda * (1 + 1e-9)) {
                        candidate[j] = true;
                        violated = true;
                    }
                }
            }
            if (!violated) break;
        }
        int nz = 0;
        for (int j = 0; j < p; j++) {
            active[j] = beta[j] != 0 || pf[j] == 0;
            if (pf[j] > 0 && beta[j] != 0) nz++;
        }
        return nz;
    }

    /** IRLS outer loop with coordinate descent over the candidate columns. */
    private void solve(double lambda, boolean[] candidate) {
        double[] w = new double[n];
        double[] r = new double[n];
        double[] xwx = new double[p];
        double l1 = Double.isFinite(lambda) ? n * lambda * alpha : 0;
        double l2 = Double.isFinite(lambda) ? n * lambda * (1 - alpha) : 0;
        for (int outer = 0; outer < MAX_OUTER; outer++) {
            for (int i = 0; i < n; i++) {
                double mu = Logistic.sigmoid(eta[i]);
                w[i] = Math.max(mu * (1 - mu), MIN_WEIGHT);
                r[i] = y[i] - mu; // = w_i (z_i - eta_i), the weighted working residual
            }
            Arrays.fill(xwx, Double.NaN);
            double outerChange = 0;
            boolean full = true;
            for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
                double maxChange = 0;
                for (int j = 0; j < p; j++) {
                    if (!candidate[j] || (!full && beta[j] == 0 && pf[j] > 0)) continue;
                    if (Double.isInfinite(lambda) && pf[j] > 0) continue;
                    if (Double.isNaN(xwx[j])) xwx[j] = x.weightedSquares(j, w);
                    double h = xwx[j];
                    if (h <= 0) continue;
                    double u = x.dot(j, r) + h * beta[j];
                    double b;
                    if (pf[j] == 0) {
                        b = u / h;
                    } else {
                        double t = Math.abs(u) - l1 * pf[j];
                        b = t <= 0 ? 0 : Math.copySign(t, u) / (h + l2 * pf[j]);
                    }
                    double d = b - beta[j];
                    if (d != 0) {
                        x.axpy(j, -d, w, r);
                        beta[j] = b;
                        maxChange = Math.max(maxChange, h * d * d);
                    }
                }
                outerChange = Math.max(outerChange, maxChange);
                if (maxChange < tol * n) {
                    if (full) break;
                    full = true; // converged on the active set: one full sweep over the candidates
                } else {
                    full = false;
                }
            }
            // new linear predictor from the coefficients (exact, no drift)
            System.arraycopy(offset, 0, eta, 0, n);
            for (int j = 0; j < p; j++) if (beta[j] != 0) x.axpy(j, beta[j], null, eta);
            if (outerChange < tol * n) break;
        }
    }

    private void computeGradient() {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = y[i] - Logistic.sigmoid(eta[i]);
        for (int j = 0; j < p; j++) grad[j] = x.dot(j, r);
    }

    /** Linear predictor offset + X beta at the current coefficients (training rows). */
    public double[] eta() {
        return eta;
    }
}
