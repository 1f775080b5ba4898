package org.assocnet.epistasis;

/**
 * Options of one {@code assocnet epistasis} run.
 *
 * @param screenP  pairs whose Kirkwood screen statistic exceeds the chi-square critical value of this P (at the
 *                 pair's df) get the exact test; NaN = the larger of reportP and confirmP, so that no pair
 *                 below either is missed (the screen statistic bounds the exact one from above)
 * @param reportP  pairs with exact P at most this are written to OUT.epistasis.tsv
 * @param confirmP pairs with exact P at most this get the covariate-adjusted logistic confirmation
 * @param threads  worker threads (the result does not depend on it)
 * @param maxVif   covariate VIF limit (as glm --vif)
 * @param maxCorr  covariate correlation limit (as glm --max-corr)
 */
public record EpistasisOptions(double screenP, double reportP, double confirmP, int threads, double maxVif, double maxCorr) {
    public static final double DEFAULT_REPORT_P = 1e-4;
    public static final double DEFAULT_CONFIRM_P = 1e-5;

    public static EpistasisOptions defaults() {
        return new EpistasisOptions(Double.NaN, DEFAULT_REPORT_P, DEFAULT_CONFIRM_P, 1, 50, 0.999);
    }

    /** The screen threshold in effect. */
    public double effectiveScreenP() {
        return Double.isNaN(screenP) ? Math.max(reportP, confirmP) : screenP;
    }

    public EpistasisOptions withThreads(int t) {
        return new EpistasisOptions(screenP, reportP, confirmP, t, maxVif, maxCorr);
    }

    public EpistasisOptions withThresholds(double screen, double report, double confirm) {
        return new EpistasisOptions(screen, report, confirm, threads, maxVif, maxCorr);
    }
}
