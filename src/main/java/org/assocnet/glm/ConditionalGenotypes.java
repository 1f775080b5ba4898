package org.assocnet.glm;

/**
 * A genotype model for one variant given other columns (its LD neighbours, covariates): the ALT dosage of sample i
 * is Binomial(2, q_i) with logit(q_i) = x_i' b, x_i = (1, h_i). Fitted by maximum likelihood with a small ridge
 * penalty on every coefficient but the intercept (Newton-Raphson with step halving on the penalised
 * log-likelihood): score X'(g - 2q) - lambda b, information X' diag(2 q (1 - q)) X + lambda I. Samples with a missing
 * dosage (NaN) are left out of the fit; {@link #q} is defined for every sample (missing column values must be
 * imputed by the caller). It never sees a phenotype, so it may be fitted on every sample that is later tested.
 *
 * <p>This is what R fits as {@code glm(cbind(g, 2 - g) ~ h1 + h2 + ..., family = binomial)} when the ridge is 0
 * (ConditionalGenotypesTest). The ridge keeps the fit finite when a neighbour is collinear with others or tags the
 * variant perfectly (then q is close to 0 or 1 and the variant carries little information given its neighbours).
 */
public final class ConditionalGenotypes {
    static final int MAX_ITER = 50;

    private final double[] beta;
    private final double[] q;
    private final int iterations;

    private ConditionalGenotypes(double[] beta, double[] q, int iterations) {
        this.beta = beta;
        this.q = q;
        this.iterations = iterations;
    }

    /**
     * Fits the model. {@code columns[a]} has length n (no NaN), the intercept is added here. {@code ridge} is the
     * penalty added to the information diagonal of every non-intercept coefficient (e.g. 1e-6 n). Returns null when
     * fewer than two distinct dosages are observed, the fit does not converge, or the information is singular.
     */
    public static ConditionalGenotypes fit(double[] g, double[][] columns, double ridge) {
        int n = g.length;
        int k = columns.length + 1;
        int called = 0;
        double sum = 0, first = Double.NaN;
        boolean varies = false;
        for (int i = 0; i < n; i++) {
            double v = g[i];
            if (Double.isNaN(v)) continue;
            if (called == 0) first = v;
            else if (v != first) varies = true;
            called++;
            sum += v;
        }
        if (called < 2 || !varies) return null;
        double mean = sum / (2.0 * called);
        if (!(mean > 0 && mean < 1)) return null;
        double[] b = new double[k];
        b[0] = Math.log(mean / (1 - mean));
        double[] eta = new double[n];
        double ll = penalisedLoglik(g, columns, b, ridge, eta);
        double[] grad = new double[k];
        double[] info = new double[k * k];
        double[] xi = new double[k];
        double[] next = new double[k];
        for (int it = 1; it <= MAX_ITER; it++) {
            java.util.Arrays.fill(grad, 0);
            java.util.Arrays.fill(info, 0);
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(g[i])) continue;
                double qi = sigmoid(eta[i]);
                double w = 2 * qi * (1 - qi);
                double r = g[i] - 2 * qi;
                xi[0] = 1;
                for (int a = 1; a < k; a++) xi[a] = columns[a - 1][i];
                for (int a = 0; a < k; a++) {
                    double xa = xi[a];
                    grad[a] += xa * r;
                    double wx = w * xa;
                    int row = a * k;
                    for (int c = 0; c <= a; c++) info[row + c] += wx * xi[c];
                }
            }
            for (int a = 1; a < k; a++) {
                grad[a] -= ridge * b[a];
                info[a * k + a] += ridge;
            }
            double[] step = solve(info, grad, k);
            if (step == null) return null;
            double maxStep = 0;
            for (double s : step) maxStep = Math.max(maxStep, Math.abs(s));
            if (!(maxStep < Double.POSITIVE_INFINITY)) return null;
            double f = 1, llNext = Double.NaN;
            for (int h = 0; h <= 30; h++, f /= 2) {
                for (int a = 0; a < k; a++) next[a] = b[a] + f * step[a];
                llNext = penalisedLoglik(g, columns, next, ridge, eta);
                if (llNext >= ll - 1e-12 * Math.abs(ll)) break;
            }
            if (!(llNext >= ll - 1e-12 * Math.abs(ll))) return null;
            double change = Math.abs(llNext - ll);
            System.arraycopy(next, 0, b, 0, k);
            ll = llNext;
            if (maxStep < 1e-9 || (f == 1 && change < 1e-13 * (Math.abs(ll) + 1))) {
                double[] q = new double[n];
                for (int i = 0; i < n; i++) {
                    double e = b[0];
                    for (int a = 1; a < k; a++) e += b[a] * columns[a - 1][i];
                    q[i] = sigmoid(e);
                }
                for (int a = 0; a < k; a++) if (!Double.isFinite(b[a])) return null;
                return new ConditionalGenotypes(b, q, it);
            }
        }
        return null;
    }

    /** Binomial(2, q) log-likelihood (up to the constant) of the called samples minus ridge / 2 * |b without intercept|^2; fills eta. */
    private static double penalisedLoglik(double[] g, double[][] columns, double[] b, double ridge, double[] eta) {
        int n = g.length;
        double ll = 0;
        for (int i = 0; i < n; i++) {
            double e = b[0];
            for (int a = 1; a < b.length; a++) e += b[a] * columns[a - 1][i];
            eta[i] = e;
            if (Double.isNaN(g[i])) continue;
            // g log q + (2 - g) log(1 - q) = g e - 2 log(1 + exp(e))
            double sp = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
            ll += g[i] * e - 2 * sp;
        }
        double pen = 0;
        for (int a = 1; a < b.length; a++) pen += b[a] * b[a];
        return ll - 0.5 * ridge * pen;
    }

    static double sigmoid(double e) {
        return e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
    }

    /** Solves A x = b for symmetric positive definite A (lower triangle filled, row-major k x k) by Cholesky; null if not PD. */
    static double[] solve(double[] a, double[] rhs, int k) {
        double[] l = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * k + j];
                for (int t = 0; t < j; t++) s -= l[i * k + t] * l[j * k + t];
                if (i == j) {
                    if (!(s > 1e-13 * Math.max(1, Math.abs(a[i * k + i])))) return null;
                    l[i * k + i] = Math.sqrt(s);
                } else {
                    l[i * k + j] = s / l[j * k + j];
                }
            }
        }
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double s = rhs[i];
            for (int t = 0; t < i; t++) s -= l[i * k + t] * y[t];
            y[i] = s / l[i * k + i];
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = y[i];
            for (int t = i + 1; t < k; t++) s -= l[t * k + i] * x[t];
            x[i] = s / l[i * k + i];
        }
        return x;
    }

    /** Coefficients: intercept first, then one per column in the order given to {@link #fit}. */
    public double[] coefficients() {
        return beta.clone();
    }

    /** Fitted ALT allele probability q_i of every sample (also those with a missing dosage). Shared; do not modify. */
    public double[] q() {
        return q;
    }

    public int iterations() {
        return iterations;
    }

    /** Binomial(2, q) probabilities of 0, 1, 2 ALT copies. */
    public static void genotypeProbabilities(double q, double[] out) {
        double r = 1 - q;
        out[0] = r * r;
        out[1] = 2 * q * r;
        out[2] = q * q;
    }
}
