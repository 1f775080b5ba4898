package org.assocnet.regression;

/**
 * A genotype model for one variant given other columns (its LD neighbours, covariates): the ALT dosage of sample i
 * is Binomial(2, q_i) with logit(q_i) = x_i' b, x_i = (1, h_i). Fitted by maximum likelihood with a small ridge
 * penalty on every coefficient but the intercept (Newton-Raphson with step halving on the penalised
 * log-likelihood): score X'(g - 2q) - lambda b, information X' diag(2 q (1 - q)) X + lambda I. Samples with a missing
 * dosage (NaN) are left out of the fit; {@link #q} is defined for every sample (missing column values must be
 * imputed by the caller). It never sees a phenotype, so it may be fitted on every sample that is later tested.
 * The fit is {@link BinomialNewton} with 2 trials.
 *
 * <p>This is what R fits as {@code glm(cbind(g, 2 - g) ~ h1 + h2 + ..., family = binomial)} when the ridge is 0
 * (ConditionalGenotypesTest). The ridge keeps the fit finite when a neighbour is collinear with others or tags the
 * variant perfectly (then q is close to 0 or 1 and the variant carries little information given its neighbours).
 */
public final class ConditionalGenotypes {
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
        double[][] x = new double[k][];
        x[0] = new double[n];
        java.util.Arrays.fill(x[0], 1.0);
        System.arraycopy(columns, 0, x, 1, k - 1);
        double[] penalty = new double[k];
        java.util.Arrays.fill(penalty, 1, k, ridge);
        double[] start = new double[k];
        start[0] = Math.log(mean / (1 - mean));
        BinomialNewton.Fit f = BinomialNewton.fit(g, 2, x, penalty, start);
        return f == null ? null : new ConditionalGenotypes(f.beta(), f.q(), f.iterations());
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
