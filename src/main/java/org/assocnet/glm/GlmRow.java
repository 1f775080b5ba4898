package org.assocnet.glm;

/**
 * One output row of {@code OUT.glm.tsv}: one variant and one TEST. Missing numbers are NaN; {@code errcode}
 * is "." when the fit succeeded. {@code log10P} is log10 of P, finite even where P underflows a double.
 *
 * @param primary true for the row whose P enters Q_BH, lambda and counts (ADD/DOM/REC/GENO_2DF)
 */
public record GlmRow(int variant, String test, boolean firth, int obsCount, double a1Freq, double a1CaseCount,
                     double a1CtrlCount, double beta, double se, double z, double p, double log10P, int df,
                     String errcode, boolean primary, int iterations, boolean converged) {

    public static final String OK = ".";

    static GlmRow failed(int variant, String test, boolean firth, int obs, double freq, double caseCt, double ctrlCt,
                         String err, boolean primary, int df, int iterations) {
        return new GlmRow(variant, test, firth, obs, freq, caseCt, ctrlCt, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, df, err, primary, iterations, false);
    }
}
