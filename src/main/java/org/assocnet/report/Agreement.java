package org.assocnet.report;

/**
 * Where the GLM and the network agree, per variant. A test calls a variant when its genome-wide BH q-value
 * (GLM: Q_BH, network: NN_Q) is at most the FDR level (default 0.05); a missing q (test not run or failed)
 * counts as not called, and a variant with neither q is NA.
 */
public enum Agreement {
    BOTH("both", "#2e7d32"),
    /** Both call it but the effect directions (GLM BETA, NN_BETA) differ. */
    BOTH_OPPOSITE("both_opposite", "#6a1b9a"),
    GLM_ONLY("glm_only", "#1f4e79"),
    NN_ONLY("nn_only", "#d35400"),
    NONE("none", "#b0b0b0"),
    NA("NA", "#dddddd");

    public final String label;
    public final String color;

    Agreement(String label, String color) {
        this.label = label;
        this.color = color;
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
