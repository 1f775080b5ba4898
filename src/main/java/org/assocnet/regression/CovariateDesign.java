package org.assocnet.regression;

import org.assocnet.stats.Dot;
import org.assocnet.stats.Cholesky;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.assocnet.core.UserException;
import org.assocnet.matrix.SampleTable;

/**
 * The covariate part of the design: columns standardised to mean 0, SD 1 over all samples (only the
 * genotype coefficient is reported, and it does not change under this reparameterisation), checked up
 * front for constant, collinear and near-collinear covariates (PLINK 2's --vif / --max-corr logic), which
 * are user errors naming the covariates.
 */
public final class CovariateDesign {
    public final String[] names;
    /** Standardised columns, k x n. */
    public final double[][] columns;
    /** Sum over all samples of c_j * c_k (standardised), k x k. */
    public final double[][] cross;
    public final int n;

    private CovariateDesign(String[] names, double[][] columns, double[][] cross, int n) {
        this.names = names;
        this.columns = columns;
        this.cross = cross;
        this.n = n;
    }

    public int size() {
        return names.length;
    }

    public List<String> names() {
        return List.of(names);
    }

    public static CovariateDesign prepare(SampleTable st, String source, double maxVif, double maxCorr) {
        int n = st.size();
        int k = st.covariateNames().size();
        double[][] raw = st.covariateMatrix();
        String[] names = st.covariateNames().toArray(new String[0]);
        double[][] cols = new double[k][n];
        List<String> constant = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double v = raw[i][j];
                if (!Double.isFinite(v)) {
                    throw UserException.at(source, i + 2, names[j], "covariate value is not a finite number: " + v);
                }
                sum += v;
            }
            double mean = sum / n;
            double ss = 0;
            for (int i = 0; i < n; i++) ss += (raw[i][j] - mean) * (raw[i][j] - mean);
            double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
            boolean allSame = true;
            for (int i = 1; i < n && allSame; i++) allSame = raw[i][j] == raw[0][j];
            if (allSame || !(sd > 1e-12 * Math.max(1, Math.abs(mean)))) {
                constant.add(names[j]);
                continue;
            }
            for (int i = 0; i < n; i++) cols[j][i] = (raw[i][j] - mean) / sd;
        }
        if (!constant.isEmpty()) {
            throw new UserException(source + ": constant covariate" + (constant.size() > 1 ? "s" : "") + " "
                    + String.join(", ", constant) + " (no variation across samples; remove from the covariate file)");
        }
        double[][] cross = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double v = Dot.dot(cols[a], cols[b], n);
                cross[a][b] = v;
                cross[b][a] = v;
            }
        }
        // pairwise correlation
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < a; b++) {
                double r = cross[a][b] / (n - 1);
                if (Math.abs(r) > maxCorr) {
                    throw new UserException(source + ": covariates " + names[b] + " and " + names[a]
                            + " are collinear (correlation " + String.format(Locale.ROOT, "%.6f", r)
                            + " exceeds --max-corr " + maxCorr + "); drop one of them");
                }
            }
        }
        if (k >= 2) {
            // exact linear dependence: Gram-Schmidt in column order names the dependent covariates
            List<String> dependent = new ArrayList<>();
            double[][] basis = new double[k][];
            int nb = 0;
            for (int a = 0; a < k; a++) {
                double[] v = cols[a].clone();
                for (int b = 0; b < nb; b++) {
                    double c = Dot.dot(v, basis[b], n);
                    for (int i = 0; i < n; i++) v[i] -= c * basis[b][i];
                }
                double norm = Math.sqrt(Dot.dot(v, v, n));
                if (norm < 1e-6 * Math.sqrt(n - 1)) {
                    dependent.add(names[a]);
                } else {
                    for (int i = 0; i < n; i++) v[i] /= norm;
                    basis[nb++] = v;
                }
            }
            if (!dependent.isEmpty()) {
                throw new UserException(source + ": covariate" + (dependent.size() > 1 ? "s " : " ")
                        + String.join(", ", dependent)
                        + " linearly dependent on earlier covariates (collinear); remove " + (dependent.size() > 1 ? "them" : "it"));
            }
            double[] vif = vif(cross, n);
            for (int a = 0; a < k; a++) {
                if (vif[a] > maxVif) {
                    throw new UserException(source + ": covariate " + names[a] + " has variance inflation factor "
                            + String.format(Locale.ROOT, "%.4g", vif[a]) + " > --vif " + maxVif
                            + " (nearly collinear with the other covariates)");
                }
            }
        }
        return new CovariateDesign(names, cols, cross, n);
    }

    /** VIFs = diagonal of the inverse correlation matrix (from a cross-product matrix of centred columns). */
    public static double[] vif(double[][] cross, int n) {
        int k = cross.length;
        double[] r = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) r[a * k + b] = cross[a][b] / Math.sqrt(cross[a][a] * cross[b][b]);
        }
        double[] l = new double[k * k];
        double[] inv = null;
        if (Cholesky.factor(r, k, null, k, l, 1e-12, 1e-12 * 1e-300)) {
            inv = new double[k * k];
            Cholesky.invert(l, k, k, inv, new double[k]);
        }
        double[] out = new double[k];
        for (int a = 0; a < k; a++) out[a] = inv == null ? Double.POSITIVE_INFINITY : inv[a * k + a];
        return out;
    }
}
