package org.assocnet.glm;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * A logistic null model {@code y ~ columns} (maximum likelihood, Newton-Raphson with step halving) and the
 * score test of one added column against it: U = g'(y - mu), Var = g'Wg - (X'Wg)'(X'WX)^-1(X'Wg), Z = U / sqrt(Var),
 * the efficient score (Rao) test that R reports as {@code anova(null, null + g, test = "Rao")}. One fit serves
 * any number of tested columns, each at O(n k).
 *
 * <p>Columns that are (nearly) linear combinations of the columns before them (residual sum of squares below
 * {@link #COLLINEAR_TOL} of the column's own) are dropped before fitting and listed in {@link #dropped()}.
 */
public final class ScoreNullModel {
    static final double COLLINEAR_TOL = 1e-8;
    static final int MAX_ITER = 60;

    private final int n;
    private final double[][] x; // kept columns, k x n
    private final double[] mu, w, resid, ainv; // ainv: (X'WX)^-1 row-major
    private final int[] kept, dropped;
    private final boolean converged;
    private final int iterations;

    private ScoreNullModel(double[][] x, int[] kept, int[] dropped, double[] mu, double[] ainv, boolean converged, int iterations,
            int[] y) {
        this.n = mu.length;
        this.x = x;
        this.kept = kept;
        this.dropped = dropped;
        this.mu = mu;
        this.ainv = ainv;
        this.converged = converged;
        this.iterations = iterations;
        this.w = new double[n];
        this.resid = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = mu[i] * (1 - mu[i]);
            resid[i] = y[i] - mu[i];
        }
    }

    /**
     * Fits {@code y ~ columns} (each column of length n; include the intercept column yourself). Returns null if
     * the kept design is still singular or the fit does not converge (separation).
     */
    public static ScoreNullModel fit(int[] y, double[][] columns) {
        int n = y.length;
        List<double[]> basis = new ArrayList<>(); // orthonormalised kept columns, for the collinearity check
        List<Integer> keep = new ArrayList<>(), drop = new ArrayList<>();
        for (int c = 0; c < columns.length; c++) {
            double[] v = columns[c].clone();
            double ss0 = 0;
            for (double a : v) ss0 += a * a;
            for (double[] q : basis) {
                double d = 0;
                for (int i = 0; i < n; i++) d += q[i] * v[i];
                for (int i = 0; i < n; i++) v[i] -= d * q[i];
            }
            double ss = 0;
            for (double a : v) ss += a * a;
            if (!(ss0 > 0) || ss <= COLLINEAR_TOL * ss0) {
                drop.add(c);
                continue;
            }
            double s = Math.sqrt(ss);
            for (int i = 0; i < n; i++) v[i] /= s;
            basis.add(v);
            keep.add(c);
        }
        int k = keep.size();
        double[][] x = new double[k][];
        for (int a = 0; a < k; a++) x[a] = columns[keep.get(a)];
        double ybar = 0;
        for (int v : y) ybar += v;
        ybar /= n;
        double[] beta = new double[k];
        double[] eta = new double[n], mu = new double[n];
        // start: intercept-like fit through the first column if it is constant, else zero
        boolean constFirst = k > 0;
        for (int i = 1; i < n && constFirst; i++) constFirst = x[0][i] == x[0][0];
        if (constFirst && ybar > 0 && ybar < 1 && x[0][0] != 0) beta[0] = Math.log(ybar / (1 - ybar)) / x[0][0];
        double ll = loglik(y, x, beta, eta, mu);
        boolean conv = false;
        int it;
        double[] ainv = null;
        for (it = 1; it <= MAX_ITER; it++) {
            double[] grad = new double[k];
            double[][] info = new double[k][k];
            for (int i = 0; i < n; i++) {
                double wi = mu[i] * (1 - mu[i]);
                double ri = y[i] - mu[i];
                for (int a = 0; a < k; a++) {
                    double xa = x[a][i];
                    grad[a] += xa * ri;
                    for (int b = 0; b <= a; b++) info[a][b] += wi * xa * x[b][i];
                }
            }
            for (int a = 0; a < k; a++) for (int b = 0; b < a; b++) info[b][a] = info[a][b];
            double[] step;
            try {
                RealMatrix inv = new CholeskyDecomposition(new Array2DRowRealMatrix(info, false), 1e-14, 1e-14)
                        .getSolver().getInverse();
                step = inv.operate(grad);
                ainv = new double[k * k];
                for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) ainv[a * k + b] = inv.getEntry(a, b);
            } catch (NonPositiveDefiniteMatrixException e) {
                return null;
            }
            double maxStep = 0;
            for (double s : step) maxStep = Math.max(maxStep, Math.abs(s));
            double[] next = new double[k];
            double llNext = Double.NaN;
            double f = 1;
            for (int h = 0; h <= 20; h++, f /= 2) {
                for (int a = 0; a < k; a++) next[a] = beta[a] + f * step[a];
                llNext = loglik(y, x, next, eta, mu);
                if (llNext >= ll - 1e-12 * Math.abs(ll)) break;
            }
            double change = Math.abs(llNext - ll);
            System.arraycopy(next, 0, beta, 0, k);
            ll = llNext;
            if (maxStep < 1e-9 || change < 1e-13 * (Math.abs(ll) + 1)) {
                conv = true;
                break;
            }
        }
        if (!conv || ainv == null) return null;
        // information and its inverse at the final beta (mu is current after loglik)
        double[][] info = new double[k][k];
        for (int i = 0; i < n; i++) {
            double wi = mu[i] * (1 - mu[i]);
            for (int a = 0; a < k; a++) for (int b = 0; b <= a; b++) info[a][b] += wi * x[a][i] * x[b][i];
        }
        for (int a = 0; a < k; a++) for (int b = 0; b < a; b++) info[b][a] = info[a][b];
        try {
            RealMatrix inv = new CholeskyDecomposition(new Array2DRowRealMatrix(info, false), 1e-14, 1e-14).getSolver().getInverse();
            for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) ainv[a * k + b] = inv.getEntry(a, b);
        } catch (NonPositiveDefiniteMatrixException e) {
            return null;
        }
        return new ScoreNullModel(x, keep.stream().mapToInt(Integer::intValue).toArray(),
                drop.stream().mapToInt(Integer::intValue).toArray(), mu, ainv, conv, it, y);
    }

    private static double loglik(int[] y, double[][] x, double[] beta, double[] eta, double[] mu) {
        double ll = 0;
        for (int i = 0; i < y.length; i++) {
            double e = 0;
            for (int a = 0; a < beta.length; a++) e += beta[a] * x[a][i];
            eta[i] = e;
            mu[i] = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
            // log(1 + e^e) stably
            double sp = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
            ll += y[i] * e - sp;
        }
        return ll;
    }

    /**
     * Score statistic Z of column g (length n, no missing values: impute first) added to the null model;
     * NaN if g is (numerically) in the span of the null model's columns.
     */
    public double z(double[] g) {
        int k = x.length;
        double u = 0, gwg = 0;
        double[] b = new double[k];
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            u += gi * resid[i];
            double wg = w[i] * gi;
            gwg += wg * gi;
            for (int a = 0; a < k; a++) b[a] += x[a][i] * wg;
        }
        double q = 0;
        for (int a = 0; a < k; a++) {
            double s = 0;
            for (int c = 0; c < k; c++) s += ainv[a * k + c] * b[c];
            q += b[a] * s;
        }
        double var = gwg - q;
        if (!(var > 1e-10 * gwg)) return Double.NaN;
        return u / Math.sqrt(var);
    }

    /** Fitted probabilities of the null model (shared; do not modify). */
    public double[] mu() {
        return mu;
    }

    /** Indices (into the columns given to {@link #fit}) of the columns in the model. */
    public int[] kept() {
        return kept.clone();
    }

    /** Indices of the columns dropped as (nearly) collinear with earlier ones. */
    public int[] dropped() {
        return dropped.clone();
    }

    public boolean converged() {
        return converged;
    }

    public int iterations() {
        return iterations;
    }
}
