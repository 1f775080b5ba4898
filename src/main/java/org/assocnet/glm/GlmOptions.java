package org.assocnet.glm;

import org.assocnet.matrix.Encoding;

/**
 * Options of one {@code assocnet glm} run.
 *
 * @param test       the reported test for plain (non-Firth) fits
 * @param encoding   genotype encoding; null = the one recorded in the matrix header
 * @param firth      when Firth regression is used
 * @param threads    worker threads (results do not depend on it)
 * @param maxVif     per-variant and covariate VIF limit (PLINK 2 --vif)
 * @param maxCorr    pairwise predictor correlation limit (PLINK 2 --max-corr)
 * @param maxIter    Newton iterations at most, plain fits
 * @param firthMaxIter Newton iterations at most, Firth fits
 */
public record GlmOptions(Test test, Encoding encoding, FirthMode firth, int threads, double maxVif, double maxCorr,
                         int maxIter, int firthMaxIter) {
    public enum Test { WALD, LRT, SCORE }

    public enum FirthMode {
        /** Firth only when the plain fit does not converge or separation is detected (PLINK 2 default). */
        FALLBACK,
        /** Firth for every variant. */
        ALWAYS,
        /** never; failed plain fits are reported as NA with an ERRCODE. */
        NEVER
    }

    public static GlmOptions defaults() {
        return new GlmOptions(Test.WALD, null, FirthMode.FALLBACK, 1, 50, 0.999, 25, 25);
    }

    public GlmOptions withThreads(int t) {
        return new GlmOptions(test, encoding, firth, t, maxVif, maxCorr, maxIter, firthMaxIter);
    }

    public GlmOptions withTest(Test t) {
        return new GlmOptions(t, encoding, firth, threads, maxVif, maxCorr, maxIter, firthMaxIter);
    }

    public GlmOptions withFirth(FirthMode f) {
        return new GlmOptions(test, encoding, f, threads, maxVif, maxCorr, maxIter, firthMaxIter);
    }

    public GlmOptions withEncoding(Encoding e) {
        return new GlmOptions(test, e, firth, threads, maxVif, maxCorr, maxIter, firthMaxIter);
    }
}
