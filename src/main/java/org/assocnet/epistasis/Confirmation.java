package org.assocnet.epistasis;

import org.assocnet.regression.CovariateDesign;
import org.assocnet.regression.LogisticFitter;
import org.assocnet.stats.Distributions;

/**
 * Covariate-adjusted confirmation of one pair on the scan's samples (those with both calls; hard calls
 * 0/1/2 of the ALT allele), with the logistic engine of the glm stage ({@link LogisticFitter}):
 * <ul>
 * <li>1-df: logit P(case) = b0 + covariates + b1 g_j + b2 g_k + b3 g_j g_k. BETA_INT = b3 with its Wald
 *     SE, 95% CI exp(b3 -+ 1.959964 SE) and Wald P (R's {@code glm(y ~ covs + g1 * g2, binomial)}). When the
 *     plain fit does not converge or separation is suspected, Firth-penalised regression (PLINK 2's
 *     firth-fallback): Wald CI from the penalised fit, P from the penalised likelihood-ratio test.</li>
 * <li>4-df genotypic interaction: covariates + factor(g_j) + factor(g_k) against covariates +
 *     factor(g_j) * factor(g_k), likelihood-ratio test; columns that are empty or linearly dependent on
 *     earlier ones (empty genotype cells) are dropped and the df is the number of interaction columns
 *     kept, as R's anova does.</li>
 * </ul>
 * One instance per thread.
 */
public final class Confirmation {
    public static final int MAX_ITER = 25;

    /** Confirmation columns of one pair; NaN where not computed, with the reason in errcode. */
    public record Result(double betaInt, double se, double pInt, double pGeno4, int dfGeno4, boolean firth, String errcode) {
        public double orInt() {
            return Math.exp(betaInt);
        }

        public double l95() {
            return Math.exp(betaInt - Distributions.Z975 * se);
        }

        public double u95() {
            return Math.exp(betaInt + Distributions.Z975 * se);
        }

        public static Result notRun(String why) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, false, why);
        }
    }

    private final GenotypePlanes a, b;
    private final CovariateDesign cov;
    private final int n, k;
    private final double[] y, m, ones;
    private final double[][] covCols;
    private final int[] g1, g2;
    private final LogisticFitter fitter;
    private final LogisticFitter.Fit fit, fit0;
    private final double[][] x;
    private final double[] start;
    private final boolean[] fixed;

    /** cov may be null (no covariates); its columns are indexed by cohort row. */
    public Confirmation(GenotypePlanes a, GenotypePlanes b, CovariateDesign cov) {
        this.a = a;
        this.b = b == null ? a : b;
        this.cov = cov;
        this.k = cov == null ? 0 : cov.size();
        this.n = a.nCase + a.nCtrl;
        y = new double[n];
        m = new double[n];
        ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        for (int r = 0; r < a.nCase; r++) y[r] = 1;
        covCols = new double[k][n];
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < n; r++) {
                int row = r < a.nCase ? a.caseRows[r] : a.ctrlRows[r - a.nCase];
                covCols[c][r] = cov.columns[c][row];
            }
        }
        g1 = new int[n];
        g2 = new int[n];
        int pMax = 1 + k + 8;
        fitter = new LogisticFitter(n, pMax);
        fit = new LogisticFitter.Fit(pMax);
        fit0 = new LogisticFitter.Fit(pMax);
        x = new double[pMax][];
        for (int c = 4; c < pMax; c++) x[c] = null;
        start = new double[pMax];
        fixed = new boolean[pMax];
        extra = new double[8][n];
    }

    private final double[][] extra;
    private final int[] cellAll = new int[9], cellCases = new int[9];

    public Result run(int i, int j) {
        int cases = 0, used = 0;
        java.util.Arrays.fill(cellAll, 0);
        java.util.Arrays.fill(cellCases, 0);
        for (int r = 0; r < n; r++) {
            int kk = r < a.nCase ? 0 : 1, rr = kk == 0 ? r : r - a.nCase;
            g1[r] = a.call(i, kk, rr);
            g2[r] = b.call(j, kk, rr);
            boolean ok = g1[r] >= 0 && g2[r] >= 0;
            m[r] = ok ? 1 : 0;
            if (ok) {
                used++;
                int cell = g1[r] * 3 + g2[r];
                cellAll[cell]++;
                if (kk == 0) {
                    cases++;
                    cellCases[cell]++;
                }
            }
        }
        if (cases == 0 || cases == used) return Result.notRun("NO_CASES_OR_CONTROLS");
        // a genotype cell holding only cases (or only controls) separates the saturated 4-df model: its
        // maximum-likelihood estimate does not exist, so that test goes straight to Firth
        boolean cellSeparated = false;
        for (int cell = 0; cell < 9; cell++) {
            if (cellAll[cell] > 0 && (cellCases[cell] == 0 || cellCases[cell] == cellAll[cell])) cellSeparated = true;
        }
        double b0 = Math.log((double) cases / (used - cases));
        // ---- 1-df model: 1, covs, g1, g2, g1*g2
        double[] d1 = extra[0], d2 = extra[1], d12 = extra[2];
        for (int r = 0; r < n; r++) {
            d1[r] = Math.max(g1[r], 0);
            d2[r] = Math.max(g2[r], 0);
            d12[r] = d1[r] * d2[r];
        }
        int p = 0;
        x[p++] = ones;
        for (int c = 0; c < k; c++) x[p++] = covCols[c];
        x[p++] = d1;
        x[p++] = d2;
        x[p++] = d12;
        String err = ".";
        double beta = Double.NaN, se = Double.NaN, pInt = Double.NaN;
        boolean firth = false;
        int[] keep = independent(x, p, m);
        if (keep.length < p) {
            err = "COLLINEAR";
        } else {
            java.util.Arrays.fill(start, 0);
            start[0] = b0;
            fitter.fit(x, p, n, m, y, start, null, false, MAX_ITER, fit);
            int t = p - 1, pm = fitter.pMax();
            if (!fit.singular && fit.converged && fit.maxAbsEta <= 15) {
                // the fitter's covariance is that of the iterate before its last (tiny) step: restart at the
                // converged estimate so SE, CI and P come from the information at the estimate itself
                System.arraycopy(fit.beta, 0, start, 0, p);
                fitter.fit(x, p, n, m, y, start, null, false, MAX_ITER, fit);
                beta = fit.beta[t];
                se = Math.sqrt(fit.cov[t * pm + t]);
                pInt = Distributions.twoSidedP(beta / se);
            } else {
                firth = true;
                fitter.fit(x, p, n, m, y, start, null, true, MAX_ITER, fit);
                java.util.Arrays.fill(fixed, false);
                fixed[t] = true;
                fitter.fit(x, p, n, m, y, start, fixed, true, MAX_ITER, fit0);
                if (fit.converged && !fit.singular && fit0.converged && !fit0.singular) {
                    beta = fit.beta[t];
                    se = Math.sqrt(fit.cov[t * pm + t]);
                    pInt = Distributions.chiSquare1P(Math.max(0, 2 * (fit.penLoglik - fit0.penLoglik)));
                    err = "FIRTH";
                } else {
                    err = "FIRTH_CONVERGE_FAIL";
                }
            }
        }
        // ---- 4-df genotypic: 1, covs, het1, hom1, het2, hom2 | 4 products
        double[][] e = extra;
        for (int r = 0; r < n; r++) {
            double h1 = g1[r] == 1 ? 1 : 0, r1 = g1[r] == 2 ? 1 : 0, h2 = g2[r] == 1 ? 1 : 0, r2 = g2[r] == 2 ? 1 : 0;
            e[3][r] = h1;
            e[4][r] = r1;
            e[5][r] = h2;
            e[6][r] = r2;
        }
        // products need 4 more columns: reuse 0..2 (1-df columns are done) and 7
        for (int r = 0; r < n; r++) {
            e[0][r] = e[3][r] * e[5][r];
            e[1][r] = e[3][r] * e[6][r];
            e[2][r] = e[4][r] * e[5][r];
            e[7][r] = e[4][r] * e[6][r];
        }
        double[][] all = new double[1 + k + 8][];
        int q = 0;
        all[q++] = ones;
        for (int c = 0; c < k; c++) all[q++] = covCols[c];
        all[q++] = e[3];
        all[q++] = e[4];
        all[q++] = e[5];
        all[q++] = e[6];
        int mainEnd = q;
        all[q++] = e[0];
        all[q++] = e[1];
        all[q++] = e[2];
        all[q++] = e[7];
        int[] kept = independent(all, q, m);
        int p0 = 0, df = 0;
        double[][] xs = new double[kept.length][];
        for (int c = 0; c < kept.length; c++) {
            xs[c] = all[kept[c]];
            if (kept[c] < mainEnd) p0++;
            else df++;
        }
        double pGeno = Double.NaN;
        if (df == 0) {
            err = join(err, "GENO4_NO_DF");
        } else {
            int pf = kept.length;
            java.util.Arrays.fill(start, 0);
            start[0] = b0;
            java.util.Arrays.fill(fixed, false);
            for (int c = p0; c < pf; c++) fixed[c] = true;
            // nested fits: the reduced model (interaction columns fixed at 0) first, the full model started at
            // its estimate
            fitter.fit(xs, pf, n, m, y, start, fixed, false, MAX_ITER, fit0);
            boolean reducedOk = !fit0.singular && fit0.converged;
            if (reducedOk) System.arraycopy(fit0.beta, 0, start, 0, pf);
            boolean plainOk = false;
            if (!cellSeparated) {
                fitter.fit(xs, pf, n, m, y, start, null, false, MAX_ITER, fit);
                plainOk = reducedOk && !fit.singular && fit.converged && fit.maxAbsEta <= 15;
            }
            if (plainOk) {
                pGeno = BoostTestChi.p(Math.max(0, 2 * (fit.loglik - fit0.loglik)), df);
            } else {
                // a genotype cell holding only cases (or only controls): the plain likelihood ratio (taken at the
                // likelihood's supremum) is anti-conservative (type-I 0.097 at 0.05 over 53,581 such null pairs,
                // bench/results/epistasis-calibration-maf0.01.md); Firth's penalised likelihood-ratio test instead,
                // the reduced model being the full one with the interaction columns fixed at 0 (as logistf),
                // started at the plain reduced estimate
                fitter.fit(xs, pf, n, m, y, start, fixed, true, MAX_ITER, fit0);
                if (fit0.converged && !fit0.singular) System.arraycopy(fit0.beta, 0, start, 0, pf);
                fitter.fit(xs, pf, n, m, y, start, null, true, MAX_ITER, fit);
                if (fit.converged && !fit.singular && fit0.converged && !fit0.singular) {
                    pGeno = BoostTestChi.p(Math.max(0, 2 * (fit.penLoglik - fit0.penLoglik)), df);
                    err = join(err, "GENO4_FIRTH");
                } else {
                    err = join(err, "GENO4_CONVERGE_FAIL");
                }
            }
        }
        return new Result(beta, se, pInt, pGeno, df, firth, err);
    }

    private static String join(String a, String b) {
        return ".".equals(a) ? b : a + "," + b;
    }

    /**
     * Columns (in order) linearly independent of the earlier ones on the rows with weight m > 0: modified
     * Gram-Schmidt, a column is dropped when less than 1e-9 of its norm is left.
     */
    static int[] independent(double[][] cols, int p, double[] m) {
        int n = m.length;
        double[][] basis = new double[p][];
        int[] keep = new int[p];
        int nk = 0;
        for (int c = 0; c < p; c++) {
            double[] v = new double[n];
            double norm0 = 0;
            for (int r = 0; r < n; r++) {
                v[r] = m[r] > 0 ? cols[c][r] : 0;
                norm0 += v[r] * v[r];
            }
            if (norm0 == 0) continue;
            for (int bb = 0; bb < nk; bb++) {
                double d = 0;
                double[] u = basis[bb];
                for (int r = 0; r < n; r++) d += u[r] * v[r];
                for (int r = 0; r < n; r++) v[r] -= d * u[r];
            }
            double norm = 0;
            for (int r = 0; r < n; r++) norm += v[r] * v[r];
            if (norm <= 1e-18 * norm0) continue;
            double s = 1 / Math.sqrt(norm);
            for (int r = 0; r < n; r++) v[r] *= s;
            basis[nk] = v;
            keep[nk++] = c;
        }
        return java.util.Arrays.copyOf(keep, nk);
    }

    /** Chi-square tails for any small df (the 4-df genotypic test can lose df to empty cells). */
    static final class BoostTestChi {
        static double p(double x, int df) {
            if (df == 1 || df == 2 || df == 4) return BoostTest.p(x, df);
            if (x <= 0) return 1.0;
            return org.apache.commons.math3.special.Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
        }
    }
}
