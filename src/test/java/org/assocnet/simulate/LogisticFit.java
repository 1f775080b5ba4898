package org.assocnet.simulate;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Test-only Newton/IRLS logistic regression (intercept added as column 0), used to check that simulated data
 * carry the effects they were simulated with. Not the product's GLM (that lives in org.assocnet.glm).
 */
final class LogisticFit {
    final double[] beta;
    final double[] se;

    private LogisticFit(double[] beta, double[] se) {
        this.beta = beta;
        this.se = se;
    }

    /** x[i][k]: sample i, predictor k (no intercept column); y in {0,1}. Returns coefficients 0 = intercept. */
    static LogisticFit fit(double[][] x, int[] y) {
        int n = y.length;
        int p = x[0].length + 1;
        double[] b = new double[p];
        RealMatrix inv = null;
        for (int it = 0; it < 50; it++) {
            double[][] h = new double[p][p];
            double[] g = new double[p];
            double[] row = new double[p];
            for (int i = 0; i < n; i++) {
                row[0] = 1;
                System.arraycopy(x[i], 0, row, 1, p - 1);
                double eta = 0;
                for (int k = 0; k < p; k++) eta += b[k] * row[k];
                double mu = 1 / (1 + Math.exp(-eta));
                double w = mu * (1 - mu);
                for (int k = 0; k < p; k++) {
                    g[k] += (y[i] - mu) * row[k];
                    for (int l = 0; l <= k; l++) h[k][l] += w * row[k] * row[l];
                }
            }
            for (int k = 0; k < p; k++) for (int l = k + 1; l < p; l++) h[k][l] = h[l][k];
            inv = new LUDecomposition(new Array2DRowRealMatrix(h, false)).getSolver().getInverse();
            double[] step = inv.operate(g);
            double maxStep = 0;
            for (int k = 0; k < p; k++) {
                b[k] += step[k];
                maxStep = Math.max(maxStep, Math.abs(step[k]));
            }
            if (maxStep < 1e-10) break;
        }
        double[] se = new double[p];
        for (int k = 0; k < p; k++) se[k] = Math.sqrt(inv.getEntry(k, k));
        return new LogisticFit(b, se);
    }
}
