package org.assocnet.regression;

import org.assocnet.stats.Cholesky;
import org.assocnet.stats.Dot;
import org.assocnet.stats.Logistic;

/**
 * Newton (IRLS) fits of a logistic model, plain maximum likelihood or Firth-penalised, on a small design
 * (intercept + covariates + genotype columns). One instance per thread: all work arrays are allocated once,
 * so the per-variant loop allocates nothing.
 *
 * <p>Data: {@code p} design columns {@code x[j][0..rows)}, a row weight {@code m[i]} (1 for a sample, 0 for
 * a sample dropped because its genotype is missing, or the number of identical samples when rows are
 * grouped) and a success count {@code s[i]} (cases among the row's samples). Grouping identical rows
 * gives exactly the same likelihood, score, information and Firth penalty as individual rows.
 *
 * <p>Parameters listed in a "fixed" mask stay at their start value (used for the null model of LRT and
 * score tests, and for the profile penalised likelihood of the Firth LRT, where the penalty still uses
 * the full model's information matrix, as logistf does).
 *
 * <p>Convergence: the relative change in deviance between successive iterates is below
 * {@link #DEV_TOL} (R's glm criterion) <em>and</em> the Newton step is below {@link #STEP_TOL} standard
 * errors for every parameter; the final (tiny) step is then applied. The second condition makes the
 * estimates accurate to ~1e-10 also for rare variants, where the deviance criterion alone stops early.
 */
public final class LogisticFitter {
    public static final double DEV_TOL = 1e-8;
    public static final double STEP_TOL = 1e-7;
    public static final double FIRTH_MAX_STEP = 5.0;
    public static final int MAX_HALVINGS = 10;
    /** A Cholesky pivot must exceed max(PIVOT_ABS, PIVOT_REL * diagonal) for the information to count as positive definite. */
    static final double PIVOT_REL = 1e-13, PIVOT_ABS = 1e-300;
    /** Firth: Fisher-scoring iterations before switching to Newton steps with a differenced Hessian. */
    public static final int FIRTH_SCORING_ITERS = 5;

    /** Outcome of one fit; reused (owned by the caller). */
    public static final class Fit {
        public final double[] beta;
        /** Inverse information (p x p, row-major) at the last evaluated iterate; valid if !singular. */
        public final double[] cov;
        public final double[] grad;
        public double loglik;
        /** Penalised log-likelihood (Firth fits): loglik + 0.5 log det I. */
        public double penLoglik;
        public int iterations;
        public boolean converged;
        public boolean singular;
        public double maxAbsEta;

        public Fit(int pMax) {
            beta = new double[pMax];
            cov = new double[pMax * pMax];
            grad = new double[pMax];
        }
    }

    private final int pMax;
    private double[] eta, mu, w, r, t, q;
    private double[][] tw;
    private final double[] h, chol, step, betaOld, ustar, tmp, covScratch, col, u0, negJ, chol2, tmp2, damped;
    private double[] curGrad;
    private final int[] free;
    private double loglik, logdet;

    public LogisticFitter(int rowsMax, int pMax) {
        this.pMax = pMax;
        ensureRows(rowsMax);
        h = new double[pMax * pMax];
        chol = new double[pMax * pMax];
        step = new double[pMax];
        betaOld = new double[pMax];
        ustar = new double[pMax];
        tmp = new double[pMax];
        covScratch = new double[pMax * pMax];
        col = new double[pMax];
        u0 = new double[pMax];
        negJ = new double[pMax * pMax];
        damped = new double[pMax * pMax];
        chol2 = new double[pMax * pMax];
        tmp2 = new double[pMax];
        free = new int[pMax];
    }

    private void ensureRows(int n) {
        if (eta != null && eta.length >= n) return;
        eta = new double[n];
        mu = new double[n];
        w = new double[n];
        r = new double[n];
        t = new double[n];
        q = new double[n];
        tw = new double[pMax][n];
    }

    /**
     * Fits the model. {@code fixed} may be null (all free). Returns false only if the information matrix
     * is singular at the start. The result (beta, cov of all p parameters, loglik) is in {@code out}.
     */
    public boolean fit(double[][] x, int p, int n, double[] m, double[] s, double[] start, boolean[] fixed,
                boolean firth, int maxIter, Fit out) {
        ensureRows(n);
        int nf = 0;
        for (int j = 0; j < p; j++) if (fixed == null || !fixed[j]) free[nf++] = j;
        double[] beta = out.beta;
        curGrad = out.grad;
        System.arraycopy(start, 0, beta, 0, p);
        out.converged = false;
        out.singular = false;
        out.iterations = 0;
        if (pre != null && !firth && fixed == null) {
            evaluateAtStart(x, p, n);
        } else if (!evaluate(x, p, n, m, s, beta, firth)) {
            out.singular = true;
            finish(out, p, firth);
            return false;
        }
        double obj = firth ? loglik + 0.5 * logdet : loglik;
        double devPrev = Double.NaN;
        for (int iter = 1; ; iter++) {
            out.iterations = iter;
            double[] g = firth ? ustar : out.grad;
            if (!Cholesky.factor(h, pMax, free, nf, chol, PIVOT_REL, PIVOT_ABS)) {
                out.singular = true;
                break;
            }
            for (int a = 0; a < nf; a++) tmp[a] = g[free[a]];
            Cholesky.solve(chol, pMax, nf, tmp);
            if (firth && iter > FIRTH_SCORING_ITERS) newtonFirthStep(x, p, n, m, s, beta, nf);
            double stepSe = 0;
            double maxStep = 0;
            for (int a = 0; a < nf; a++) {
                int j = free[a];
                stepSe = Math.max(stepSe, Math.abs(tmp[a]) * Math.sqrt(h[j * pMax + j]));
                maxStep = Math.max(maxStep, Math.abs(tmp[a]));
            }
            double dev = -2 * obj;
            boolean devConv = !Double.isNaN(devPrev) && Math.abs(dev - devPrev) / (Math.abs(dev) + 0.1) < DEV_TOL;
            if (devConv && stepSe < STEP_TOL) {
                // converged: keep information/likelihood of this iterate, apply the final tiny step
                for (int a = 0; a < nf; a++) beta[free[a]] += tmp[a];
                out.converged = true;
                break;
            }
            if (iter >= maxIter) break;
            double scale = 1.0;
            if (firth && maxStep > FIRTH_MAX_STEP) scale = FIRTH_MAX_STEP / maxStep;
            System.arraycopy(beta, 0, betaOld, 0, p);
            double objOld = obj;
            for (int a = 0; a < nf; a++) step[a] = tmp[a] * scale;
            int halvings = 0;
            while (true) {
                for (int a = 0; a < nf; a++) beta[free[a]] = betaOld[free[a]] + step[a];
                boolean ok = evaluate(x, p, n, m, s, beta, firth);
                obj = firth ? loglik + 0.5 * logdet : loglik;
                if (ok && Double.isFinite(obj) && obj >= objOld - 1e-12 * (Math.abs(objOld) + 1)) break;
                if (++halvings > MAX_HALVINGS) {
                    // cannot improve: go back to the last good iterate and stop (not converged)
                    System.arraycopy(betaOld, 0, beta, 0, p);
                    evaluate(x, p, n, m, s, beta, firth);
                    obj = objOld;
                    iter = maxIter;
                    break;
                }
                for (int a = 0; a < nf; a++) step[a] *= 0.5;
            }
            devPrev = -2 * objOld;
            if (iter >= maxIter && halvings > MAX_HALVINGS) break;
        }
        finish(out, p, firth);
        return true;
    }

    /**
     * The covariate-only null model fitted on all rows of a design whose first q columns are the intercept and
     * covariates (every row used, m = 1): per-row weights w = mu (1 - mu), residuals r = y - mu and
     * log-likelihood terms, their log-likelihood sum and the score of the q columns (zero up to the null fit's
     * convergence). A variant's fit starts here; its rows with a missing genotype are taken out by difference.
     */
    public static final class NullStart {
        final double[] w, r, ll, grad;
        final double llSum;
        final int q;

        public NullStart(double[][] x, int q, int n, double[] y, double[] mu, double[] ll) {
            this.q = q;
            this.ll = ll;
            w = new double[n];
            r = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                w[i] = mu[i] * (1 - mu[i]);
                r[i] = y[i] - mu[i];
                sum += ll[i];
            }
            llSum = sum;
            grad = new double[q];
            for (int j = 0; j < q; j++) grad[j] = Dot.dot(r, x[j], n);
        }

        /** The weight mu (1 - mu) of row i. */
        public double weight(int i) {
            return w[i];
        }
    }

    private NullStart pre;
    private double[] preHq;
    private int[] preMissing;
    private int preMissingCount;

    /**
     * The next plain {@link #fit} starts at the null model {@code ns}, whose genotype columns (the columns after
     * the first q) must be 0 on the rows listed in {@code missing} (the rows with weight m = 0); hq is the
     * null information of the first q columns on the rows used. Its first evaluation then needs no exp/log,
     * and only one pass per genotype column: the information rows of the genotype columns; the score and
     * log-likelihood of the rows used from the all-row sums minus the missing rows. Consumed by the next fit.
     */
    public void startAtNull(NullStart ns, double[] hq, int[] missing, int nMissing) {
        pre = ns;
        preHq = hq;
        preMissing = missing;
        preMissingCount = nMissing;
    }

    private void evaluateAtStart(double[][] x, int p, int n) {
        NullStart ns = pre;
        double[] hq = preHq;
        int q = ns.q;
        pre = null;
        preHq = null;
        double ll = ns.llSum;
        for (int a = 0; a < preMissingCount; a++) ll -= ns.ll[preMissing[a]];
        loglik = ll;
        maxAbsEta = 0;
        for (int j = 0; j < q; j++) {
            for (int k = 0; k < q; k++) h[j * pMax + k] = hq[j * pMax + k];
            double g = ns.grad[j];
            double[] xj = x[j];
            for (int a = 0; a < preMissingCount; a++) g -= ns.r[preMissing[a]] * xj[preMissing[a]];
            curGrad[j] = g;
        }
        // genotype columns vanish on the missing rows: all-row sums are the sums over the rows used
        double[] w0 = ns.w, r0 = ns.r;
        for (int j = q; j < p; j++) {
            double[] xj = x[j];
            for (int i = 0; i < n; i++) t[i] = w0[i] * xj[i];
            if (j == 3 && p == 4) {
                Dot.dot2x4(t, r0, x[0], x[1], x[2], x[3], n, acc);
                for (int u = 0; u < 4; u++) setH(3, u, acc[u]);
                curGrad[3] = acc[7];
                continue;
            }
            products(t, x, 0, j + 1, n, col);
            for (int k = 0; k <= j; k++) setH(j, k, col[k]);
            curGrad[j] = Dot.dot(r0, xj, n);
        }
    }

    /**
     * Replaces the Fisher-scoring step in tmp by a Newton step on the penalised log-likelihood, with the
     * Hessian from forward differences of the modified score (Fisher scoring converges slowly for nearly
     * separated data, where the penalty's curvature dominates). Keeps the scoring step if the
     * differenced Hessian is not negative definite. Restores the evaluation state at beta.
     */
    private void newtonFirthStep(double[][] x, int p, int n, double[] m, double[] s, double[] beta, int nf) {
        System.arraycopy(ustar, 0, u0, 0, p);
        for (int b = 0; b < nf; b++) {
            int k = free[b];
            double bk = beta[k];
            double d = 1e-6 * Math.max(1, Math.abs(bk));
            beta[k] = bk + d;
            boolean ok = evaluate(x, p, n, m, s, beta, true);
            beta[k] = bk;
            if (!ok) {
                evaluate(x, p, n, m, s, beta, true);
                return;
            }
            for (int a = 0; a < nf; a++) negJ[free[a] * pMax + k] = -(ustar[free[a]] - u0[free[a]]) / d;
        }
        for (int a = 0; a < nf; a++) {
            for (int b = 0; b < a; b++) {
                int ja = free[a], jb = free[b];
                double v = 0.5 * (negJ[ja * pMax + jb] + negJ[jb * pMax + ja]);
                negJ[ja * pMax + jb] = v;
                negJ[jb * pMax + ja] = v;
            }
        }
        evaluate(x, p, n, m, s, beta, true);
        // not concave here (the penalty can dominate): damp towards Fisher scoring until positive definite
        boolean pd = Cholesky.factor(negJ, pMax, free, nf, chol2, PIVOT_REL, PIVOT_ABS);
        for (double tau = 1e-4; !pd && tau <= 1.0; tau *= 4) {
            for (int a = 0; a < nf; a++) {
                for (int b = 0; b < nf; b++) {
                    int ja = free[a], jb = free[b];
                    damped[ja * pMax + jb] = negJ[ja * pMax + jb] + tau * h[ja * pMax + jb];
                }
            }
            pd = Cholesky.factor(damped, pMax, free, nf, chol2, PIVOT_REL, PIVOT_ABS);
        }
        if (!pd) return;
        for (int a = 0; a < nf; a++) tmp2[a] = u0[free[a]];
        Cholesky.solve(chol2, pMax, nf, tmp2);
        System.arraycopy(tmp2, 0, tmp, 0, nf);
    }

    private void finish(Fit out, int p, boolean firth) {
        out.loglik = loglik;
        out.penLoglik = firth ? loglik + 0.5 * logdet : Double.NaN;
        out.maxAbsEta = maxAbsEta;
        for (int j = 0; j < p; j++) free[j] = j;
        if (!Cholesky.factor(h, pMax, free, p, chol, PIVOT_REL, PIVOT_ABS)) {
            out.singular = true;
            java.util.Arrays.fill(out.cov, 0, p * p, Double.NaN);
            return;
        }
        Cholesky.invert(chol, pMax, p, out.cov, col);
    }

    private double maxAbsEta;

    /**
     * Evaluates eta, mu, weights, log-likelihood, score and the full information matrix at beta; for
     * Firth also log det I and the modified score U* = X'(s - m mu + w q (1/2 - mu)), q_i = x_i' I^-1 x_i.
     */
    private boolean evaluate(double[][] x, int p, int n, double[] m, double[] s, double[] beta, boolean firth) {
        double[] grad = curGrad;
        if (!firth && unitWeights && p >= 3 && p <= 6 && interceptFirst(x[0], n)) {
            // one pass (plus one for exp): the 4- or 6-column kernel, missing columns zero with coefficient 0
            int q = p <= 4 ? 4 : 6;
            System.arraycopy(beta, 0, bq, 0, p);
            java.util.Arrays.fill(bq, p, q, 0.0);
            for (int j = 0; j < q; j++) xq[j] = j < p ? x[j] : zeros;
            maxBuf[0] = 0;
            loglik = Logistic.evaluateSmall(q, bq, xq, m, s, n, eta, sums, maxBuf, vectors);
            maxAbsEta = maxBuf[0];
            int c = 0;
            for (int j = 0; j < p; j++) {
                for (int k = 0; k <= j; k++) setH(j, k, sums[c++]);
            }
            int scores = q * (q + 1) / 2;
            for (int j = 0; j < p; j++) grad[j] = sums[scores + j];
            return true;
        }
        double[] e = eta;
        double b0 = beta[0];
        double[] x0 = x[0];
        for (int i = 0; i < n; i++) e[i] = b0 * x0[i];
        int jj = 1;
        for (; jj + 4 <= p; jj += 4) {
            double c0 = beta[jj], c1 = beta[jj + 1], c2 = beta[jj + 2], c3 = beta[jj + 3];
            double[] y0 = x[jj], y1 = x[jj + 1], y2 = x[jj + 2], y3 = x[jj + 3];
            for (int i = 0; i < n; i++) e[i] += c0 * y0[i] + c1 * y1[i] + c2 * y2[i] + c3 * y3[i];
        }
        for (int j = jj; j < p; j++) {
            double bj = beta[j];
            if (bj == 0) continue;
            double[] xj = x[j];
            for (int i = 0; i < n; i++) e[i] += bj * xj[i];
        }
        maxBuf[0] = 0;
        loglik = Logistic.rows(e, m, s, n, mu, w, r, maxBuf);
        maxAbsEta = maxBuf[0];
        information(x, p, n);
        products(r, x, 0, p, n, grad);
        if (!firth) return true;
        for (int j = 0; j < p; j++) free[j] = j;
        if (!Cholesky.factor(h, pMax, free, p, chol, PIVOT_REL, PIVOT_ABS)) return false;
        double ld = 0;
        for (int j = 0; j < p; j++) ld += Math.log(chol[j * pMax + j]);
        logdet = 2 * ld;
        Cholesky.invert(chol, pMax, p, covScratch, col);
        java.util.Arrays.fill(q, 0, n, 0.0);
        for (int j = 0; j < p; j++) {
            double[] xj = x[j];
            for (int k = 0; k <= j; k++) {
                double c = covScratch[j * pMax + k] * (k == j ? 1 : 2);
                double[] xk = x[k];
                for (int i = 0; i < n; i++) q[i] += c * xj[i] * xk[i];
            }
        }
        for (int i = 0; i < n; i++) t[i] = r[i] + w[i] * q[i] * (0.5 - mu[i]);
        for (int j = 0; j < p; j++) ustar[j] = Dot.dot(x[j], t, n);
        return true;
    }

    private final double[] quad = new double[4];
    /** Coefficients, columns and sums of the one-pass kernels (up to 6 columns: 21 information entries, 6 scores). */
    private final double[] bq = new double[6];
    private final double[][] xq = new double[6][];
    private final double[] sums = new double[27];
    private double[] zeros = new double[0];
    private boolean unitWeights;
    private boolean vectors = true;

    /** Whether {@link Logistic#evaluateSmall} may use its SIMD kernel (default true; false for a one-off fit at start-up). */
    public void vectorKernels(boolean use) {
        vectors = use;
    }

    /**
     * The caller's promise that the rows of the following fits are samples, not groups of samples: every row
     * weight m is 0 or 1, every outcome s is 0 or 1 and 0 where m is 0. Designs of 3 or 4 columns starting
     * with the intercept are then evaluated by {@link Logistic#evaluateSmall}.
     */
    public void unitWeights(boolean unit) {
        unitWeights = unit;
    }

    private double[] onesSeen;
    private int onesRows;

    /** Whether column x0 is the intercept (all ones on the first n rows); remembered for the same array. */
    private boolean interceptFirst(double[] x0, int n) {
        if (x0 == onesSeen && n <= onesRows) return true;
        for (int i = 0; i < n; i++) if (x0[i] != 1.0) return false;
        onesSeen = x0;
        onesRows = n;
        if (zeros.length < x0.length) zeros = new double[x0.length];
        return true;
    }
    private final double[] maxBuf = new double[1];
    private final double[] acc = new double[8];

    /**
     * h = X'WX (lower triangle, mirrored). The weighted columns t_j = w x_j are formed once; the products
     * are then taken for two rows against four columns at a time (8 accumulators, 6 loads per 8
     * multiply-adds instead of 2 loads per 1), which roughly halves the cost of this, the O(n p^2) part
     * of an evaluation.
     */
    private void information(double[][] x, int p, int n) {
        double[][] tw = this.tw;
        for (int j = 0; j < p; j++) {
            double[] xj = x[j], tj = tw[j];
            for (int i = 0; i < n; i++) tj[i] = w[i] * xj[i];
        }
        int j = 0;
        for (; j + 1 < p; j += 2) {
            double[] ta = tw[j], tb = tw[j + 1];
            int k = 0;
            for (; k + 3 <= j + 1; k += 4) {
                Dot.dot2x4(ta, tb, x[k], x[k + 1], x[k + 2], x[k + 3], n, acc);
                for (int u = 0; u < 4; u++) {
                    if (k + u <= j) setH(j, k + u, acc[u]);
                    setH(j + 1, k + u, acc[4 + u]);
                }
            }
            for (; k <= j + 1; k += 2) {
                // k = j or j + 1 remain (pairs start at even j >= k): two columns k, k + 1 <= j + 1
                Dot.dot2x2(ta, tb, x[k], x[k + 1], n, acc);
                setH(j, k, acc[0]);
                if (k + 1 <= j) setH(j, k + 1, acc[1]);
                setH(j + 1, k, acc[2]);
                setH(j + 1, k + 1, acc[3]);
            }
        }
        if (j < p) {
            double[] ta = tw[j];
            int k = 0;
            for (; k + 3 <= j; k += 4) {
                Dot.dot4(ta, x[k], x[k + 1], x[k + 2], x[k + 3], n, quad);
                for (int u = 0; u < 4; u++) setH(j, k + u, quad[u]);
            }
            for (; k <= j; k++) setH(j, k, Dot.dot(ta, x[k], n));
        }
    }

    private void setH(int j, int k, double v) {
        h[j * pMax + k] = v;
        h[k * pMax + j] = v;
    }

    /** out[k - from] = a . x[k] for k in [from, to), four columns per pass over a. */
    public void products(double[] a, double[][] x, int from, int to, int n, double[] out) {
        Dot.products(a, x, from, to, n, out, quad);
    }

    public int pMax() {
        return pMax;
    }
}
