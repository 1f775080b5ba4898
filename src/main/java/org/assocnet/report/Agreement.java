package org.assocnet.report;

/**
 * Where the GLM and the network agree, per variant. A test calls a variant when its genome-wide BH q-value
 * (GLM: Q_BH, network: NN_Q) is at most the FDR level (default 0.05); a missing q (test not run or failed)
 * counts as not called, and a variant with neither q is NA.
 */
public enum Agreement {
    BOTH("both", "#2e7d32", "both tests call the variant and their effects point the same way"),
    /** Both call it but the effect directions (GLM BETA, NN_BETA) differ. */
    BOTH_OPPOSITE("both_opposite", "#6a1b9a", "both tests call the variant but the GLM's BETA and the network's NN_BETA have"
            + " opposite signs: typically a non-additive effect (the network's per-allele change averages a shape the"
            + " additive GLM fits as a line), an effect carried by an LD neighbour or a covariate, or a weak network"
            + " effect whose sign is noise; look at the variant's RISK_0/1/2 and its neighbours before reading either sign"),
    GLM_ONLY("glm_only", "#1f4e79", "only the GLM calls it (the network's test does not reach the FDR level)"),
    NN_ONLY("nn_only", "#d35400", "only the network calls it: a candidate for a non-additive or interaction effect the"
            + " additive GLM misses; check RISK_0/1/2 and the GLM's genotypic test"),
    NONE("none", "#b0b0b0", "tested by both, called by neither"),
    NA("NA", "#dddddd", "no q-value from either test (not tested, or the fits failed)");

    public final String label;
    public final String color;
    /** What the category means, shown next to its count in the report. */
    public final String meaning;

    Agreement(String label, String color, String meaning) {
        this.label = label;
        this.color = color;
        this.meaning = meaning;
    }

    public static Agreement of(double glmQ, double nnQ, double glmBeta, double nnBeta, double fdr) {
        if (Double.isNaN(glmQ) && Double.isNaN(nnQ)) return NA;
        boolean g = glmQ <= fdr, n = nnQ <= fdr;
        if (g && n) {
            boolean opposite = !Double.isNaN(glmBeta) && !Double.isNaN(nnBeta) && glmBeta * nnBeta < 0;
            return opposite ? BOTH_OPPOSITE : BOTH;
        }
        return g ? GLM_ONLY : n ? NN_ONLY : NONE;
    }
}
