package org.assocnet.glm;

import org.assocnet.stats.Dot;
import org.assocnet.regression.CovariateDesign;

/**
 * PLINK 2's predictor checks of one variant's design on the samples used (STATISTICS.md section 2): a genotype
 * column correlated beyond --max-corr with another predictor, or with a VIF beyond --max-vif, is not fitted.
 * One per worker thread (holds scratch).
 */
final class Collinearity {
    private final int n, k, gc;
    private final boolean grouped;
    private final CovariateDesign cov;
    private final double maxCorr, maxVif;
    private final double[] gcov, quad;

    Collinearity(int n, int gc, boolean grouped, CovariateDesign cov, double maxCorr, double maxVif) {
        this.n = n;
        this.k = cov.size();
        this.gc = gc;
        this.grouped = grouped;
        this.cov = cov;
        this.maxCorr = maxCorr;
        this.maxVif = maxVif;
        this.gcov = new double[2 + k + gc];
        this.quad = new double[4];
    }

    /**
     * PLINK 2 style predictor checks on the samples used: any genotype column with |correlation| >
     * max-corr against another predictor -> CORR_TOO_HIGH; VIF > max-vif -> VIF_TOO_HIGH.
     */
    String check(double[][] X, double[] M, int rows, int obs, int nMiss, int[] missing) {
        int d = k + gc;
        double[][] sxx = new double[d][d];
        double[] sx = new double[d];
        if (grouped) {
            for (int a = 0; a < d; a++) {
                for (int r = 0; r < rows; r++) sx[a] += M[r] * X[1 + a][r];
                for (int b = 0; b <= a; b++) {
                    double v = 0;
                    for (int r = 0; r < rows; r++) v += M[r] * X[1 + a][r] * X[1 + b][r];
                    sxx[a][b] = v;
                }
            }
        } else {
            for (int a = 0; a < k; a++) {
                double[] ca = cov.columns[a];
                double sm = 0;
                for (int q = 0; q < nMiss; q++) sm += ca[missing[q]];
                sx[a] = -sm; // standardised columns sum to 0 over all samples
                for (int b = 0; b <= a; b++) {
                    double[] cb = cov.columns[b];
                    double mm = 0;
                    for (int q = 0; q < nMiss; q++) mm += ca[missing[q]] * cb[missing[q]];
                    sxx[a][b] = cov.cross[a][b] - mm;
                }
            }
            for (int t = 0; t < gc; t++) {
                // X = [1, covariates, genotype columns]: one pass of products gives the genotype column's sum,
                // its cross-products with the covariates and with the genotype columns up to itself
                double[] g = X[1 + k + t]; // 0 for dropped samples
                Dot.products(g, X, 0, 2 + k + t, n, gcov, quad);
                sx[k + t] = gcov[0];
                for (int a = 0; a < k; a++) sxx[k + t][a] = gcov[1 + a];
                for (int u = 0; u <= t; u++) sxx[k + t][k + u] = gcov[1 + k + u];
            }
        }
        double[][] c = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                double v = sxx[a][b] - sx[a] * sx[b] / obs;
                c[a][b] = v;
                c[b][a] = v;
            }
        }
        for (int t = 0; t < gc; t++) {
            int a = k + t;
            for (int b = 0; b < d; b++) {
                if (b == a) continue;
                double r = c[a][b] / Math.sqrt(c[a][a] * c[b][b]);
                if (!(Math.abs(r) <= maxCorr)) return "CORR_TOO_HIGH";
            }
        }
        double[] vif = CovariateDesign.vif(c, obs);
        for (int t = 0; t < gc; t++) if (!(vif[k + t] <= maxVif)) return "VIF_TOO_HIGH";
        return null;
    }
}
