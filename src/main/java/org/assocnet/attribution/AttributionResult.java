package org.assocnet.attribution;

import java.util.Arrays;

/** Per cohort variant (matrix column order); NaN where not computed. */
public final class AttributionResult {
    public final int p;
    public final double[] a1Freq, beta, betaSe, risk0, risk1, risk2, igMean, z, contribP, imp, impSe, impP, addZ, addP;
    /** The headline network p-value: min-P of ADD and CONTRIB, exact for their correlation {@link #addContribCorr}. */
    public final double[] pval;
    /** Null correlation of ADD_Z and CONTRIB_Z per variant (from the per-sample score contributions). */
    public final double[] addContribCorr;
    /** Per variant: sum_i r^2 a d per fold (a = centred dosage) and sum_i r^2 a^2, for that correlation. */
    public final double[][] foldC;
    public final double[] addA;
    public final int[] obsCt;
    public final String[] errcode;
    /** Per variant and fold: T_f and V_f of the score test (null where not tested). */
    public final double[][] foldT, foldV;
    /** Estimated null correlation of the per-fold score statistics (identity when not estimated). */
    public double[][] foldCorrelation;
    public int foldCorrelationVariants;
    /** rho used for a variant scored by m folds (index m; 0 and 1 unused) and how many variants had m >= 2. */
    public double[] foldCorrelationByScoredFolds;
    public int[] foldCorrelationVariantsByScoredFolds;
    /** The pooled Z of STATISTICS.md 4a without the cross-fold correction, and its lambda. */
    public final double[] zPooled;
    public long evaluations;
    public double precomputeSeconds, variantSeconds, igCompletenessMaxError, variantCpuSeconds;
    public int heldOut, modelVariants;
    /** ADD test: LOCO groups (chromosomes), null models without a finite fit, and those where the network
     * logit was collinear with the covariates (dropped; the test is then the covariate-adjusted score test). */
    public int locoGroups, addNullFailed, addLogitDropped;
    /** Conditional mode: variants whose genotype model was fitted, and those that fell back to the marginal pi
     * (no finite fit); CPU seconds spent reading neighbours and fitting (all threads). */
    public int condFitted, condFellBack;
    public double condCpuSeconds;
    /** Conditional mode: per cohort variant, whether the genotype model was used (false: marginal fallback). */
    public final boolean[] condUsed;
    public String network;

    AttributionResult(int p) {
        this.p = p;
        a1Freq = nan(p);
        beta = nan(p);
        betaSe = nan(p);
        risk0 = nan(p);
        risk1 = nan(p);
        risk2 = nan(p);
        igMean = nan(p);
        z = nan(p);
        contribP = nan(p);
        pval = nan(p);
        addContribCorr = nan(p);
        foldC = new double[p][];
        addA = nan(p);
        imp = nan(p);
        impSe = nan(p);
        impP = nan(p);
        addZ = nan(p);
        addP = nan(p);
        obsCt = new int[p];
        errcode = new String[p];
        Arrays.fill(errcode, Attribution.NOT_IN_MODEL);
        foldT = new double[p][];
        foldV = new double[p][];
        zPooled = nan(p);
        condUsed = new boolean[p];
    }

    /**
     * Stores one variant's summaries (caller holds the lock): called samples, ALT frequency, genotype risks and the
     * mean attribution. NN_BETA and its SE are the caller's (they differ between the dense and the wide network).
     */
    void putSummary(int mc, int called, double dosageSum, double r0, double r1, double r2, double ig, int n) {
        obsCt[mc] = called;
        a1Freq[mc] = called > 0 ? dosageSum / (2.0 * called) : Double.NaN;
        risk0[mc] = r0 / n;
        risk1[mc] = r1 / n;
        risk2[mc] = r2 / n;
        igMean[mc] = ig / n;
    }

    /**
     * Stores one polymorphic variant's tests (caller holds the lock): the per-fold contribution statistics, the ADD
     * score test of {@code ga} in the LOCO null model (none without one) and the permutation importance from the
     * sum and sum of squares of the per-sample loss differences.
     */
    void putTests(int mc, double[] T, double[] V, double[] C, double aa, org.assocnet.regression.ScoreNullModel nm, double[] ga,
            double impSum, double impSumSq, int n) {
        errcode[mc] = Attribution.OK;
        foldT[mc] = T;
        foldV[mc] = V;
        foldC[mc] = C;
        addA[mc] = aa;
        if (nm != null) {
            double za = nm.z(ga);
            addZ[mc] = za;
            addP[mc] = Double.isNaN(za) ? Double.NaN : org.assocnet.stats.Distributions.twoSidedP(za);
        }
        double m = impSum / n, se = org.assocnet.stats.Summary.seOfMean(impSum, impSumSq, n);
        imp[mc] = m;
        impSe[mc] = se;
        impP[mc] = se > 0 ? org.assocnet.stats.Distributions.upperP(m / se) : (m > 0 ? 0 : 1);
    }

    private static double[] nan(int p) {
        double[] a = new double[p];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
