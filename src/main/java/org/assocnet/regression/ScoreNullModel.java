package org.assocnet.regression;

import java.util.ArrayList;
import java.util.List;

/**
 * A logistic null model {@code y ~ columns} (maximum likelihood, {@link BinomialNewton}) and the
 * score test of one added column against it: U = g'(y - mu), Var = g'Wg - (X'Wg)'(X'WX)^-1(X'Wg), Z = U / sqrt(Var),
 * the efficient score (Rao) test that R reports as {@code anova(null, null + g, test = "Rao")}. One fit serves
 * any number of tested columns, each at O(n k).
 *
 * <p>Columns that are (nearly) linear combinations of the columns before them (residual sum of squares below
 * {@link #COLLINEAR_TOL} of the column's own) are dropped before fitting and listed in {@link #dropped()}.
 */
public final class ScoreNullModel {
    static final double COLLINEAR_TOL = 1e-8;

    private final int n;
    private final double[][] x; // kept columns, k x n
    private final double[] mu, w, resid, ainv; // ainv: (X'WX)^-1 row-major
    private final int[] kept, dropped;
    private final int iterations;

    private ScoreNullModel(double[][] x, int[] kept, int[] dropped, double[] mu, double[] ainv, int iterations,
            int[] y) {
        this.n = mu.length;
        this.x = x;
        this.kept = kept;
        this.dropped = dropped;
        this.mu = mu;
        this.ainv = ainv;
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
        double[] ys = new double[n];
        double ybar = 0;
        for (int i = 0; i < n; i++) {
            ys[i] = y[i];
            ybar += y[i];
        }
        ybar /= n;
        // start: intercept-like fit through the first column if it is constant, else zero
        double[] start = new double[k];
        boolean constFirst = k > 0;
        for (int i = 1; i < n && constFirst; i++) constFirst = x[0][i] == x[0][0];
        if (constFirst && ybar > 0 && ybar < 1 && x[0][0] != 0) start[0] = Math.log(ybar / (1 - ybar)) / x[0][0];
        BinomialNewton.Fit f = BinomialNewton.fit(ys, 1, x, new double[k], start);
        if (f == null) return null;
        return new ScoreNullModel(x, keep.stream().mapToInt(Integer::intValue).toArray(),
                drop.stream().mapToInt(Integer::intValue).toArray(), f.q(), f.inverseInformation(), f.iterations(), y);
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

    public int iterations() {
        return iterations;
    }
}
