package org.assocnet.attribution;

import java.util.ArrayList;
import java.util.List;
import org.assocnet.core.Log;
import org.assocnet.stats.Distributions;
import org.assocnet.stats.Summary;

/** The fold combination of the contribution test and the headline min-P (STATISTICS.md 4a, docs/attribute.md). */
final class FoldCombination {
    /** Fewest variants scored by two or more folds for the cross-fold correlation to be estimated. */
    static final int MIN_VARIANTS_FOR_CORRELATION = 50;

    private FoldCombination() {}

    /**
     * Combines the per-fold contribution statistics z_f = T_f / sqrt(V_f), each N(0,1) under H0, into
     * CONTRIB_Z = sum_f z_f / sqrt(m + m (m - 1) rho) over the m folds whose model scores the variant (Stouffer:
     * one vote per fold model). Two dependences between folds shape this:
     * <ul>
     * <li>model f was trained on fold g's samples and vice versa, so a network that fits the noise of variant j
     * points d in the direction of fold g's score and the z_f are positively correlated (up to 2x the variance of
     * the sum for a fully fitted linear model). rho is that null correlation, estimated across all tested variants
     * and fold pairs (folds are exchangeable: one rho) with the outlier-robust Gnanadesikan-Kettenring estimator
     * (MAD scale), so that the few associated variants do not count; clamped to [0, 0.95].
     * <li>how strongly model f uses variant j (V_f) depends on the other folds' noise, and given that, z_f is not
     * N(0,1): when model f relies on j far more than the other models, fold f's own samples tend to disagree with
     * the others (else those models, trained on them, would rely on j too), and z_f is underdispersed. Pooling
     * T_f with weights sqrt(V_f), as STATISTICS.md 4a writes it (kept as {@link AttributionResult#zPooled}), therefore leans
     * on exactly those folds and is conservative in the bulk (lambda 0.89 on the 3,000 x 8,000 null cohort of
     * bench/validation.sh, 0.99 when the same z_f are shuffled across variants); equal weights are not (0.96).
     * </ul>
     */
    static void combine(AttributionResult res, int K, boolean estimateCorrelation) {
        double[][] R = new double[K][K];
        for (int f = 0; f < K; f++) R[f][f] = 1;
        // per variant: the folds whose model scores it (V_f > 0). With per-fold screening (train --max-variants)
        // a variant can be an input of some fold models only; T_f = V_f = 0 in the others, so those folds drop
        // out of NN_Z and of its variance, and rho is estimated from the fold pairs where both folds score it.
        int[] scored = new int[res.p];
        List<double[]> zs = new ArrayList<>();
        for (int j = 0; j < res.p; j++) {
            if (res.foldT[j] == null) continue;
            double[] zf = new double[K];
            for (int f = 0; f < K; f++) {
                if (res.foldV[j][f] > 0) {
                    scored[j]++;
                    zf[f] = res.foldT[j][f] / Math.sqrt(res.foldV[j][f]);
                } else {
                    zf[f] = Double.NaN;
                }
            }
            if (scored[j] >= 2) zs.add(zf);
        }
        res.foldCorrelationVariants = zs.size();
        int partial = 0, anyScored = 0;
        for (int j = 0; j < res.p; j++) {
            if (scored[j] > 0) anyScored++;
            if (scored[j] > 0 && scored[j] < K) partial++;
        }
        if (partial > anyScored / 10) {
            Log.warn("attribute: %d of %d scored variants are inputs of some fold models only (per-fold screening):"
                    + " which folds select a variant depends on the other folds' held-out samples, so NN_P of these variants"
                    + " is anti-conservative (docs/attribute.md); prefer models without screening for p-values", partial, anyScored);
        }
        res.foldCorrelationByScoredFolds = new double[K + 1];
        res.foldCorrelationVariantsByScoredFolds = new int[K + 1];
        for (double[] zf : zs) res.foldCorrelationVariantsByScoredFolds[Summary.countFinite(zf)]++;
        if (estimateCorrelation && K > 1 && zs.size() >= MIN_VARIANTS_FOR_CORRELATION) {
            // folds are exchangeable (same training procedure): one correlation, pooled over all fold pairs
            double rho = Summary.gkRho(zs, -1);
            for (int f = 0; f < K; f++) {
                for (int g = 0; g < K; g++) if (f != g) R[f][g] = rho;
            }
            // Screening selects a variant into a fold model because its training folds (the other folds' held-out
            // samples) fit it strongly, so variants scored by more folds are those the training data fit most
            // strongly, and their per-fold statistics are more correlated: rho per number of scoring folds m,
            // where there are enough such variants, else the pooled rho.
            for (int m = 2; m <= K; m++) {
                res.foldCorrelationByScoredFolds[m] = res.foldCorrelationVariantsByScoredFolds[m] >= MIN_VARIANTS_FOR_CORRELATION
                        ? Summary.gkRho(zs, m) : rho;
            }
        } else if (estimateCorrelation && K > 1) {
            Log.warn("attribute: only %d variants scored in at least two folds (< %d): cross-fold correlation not estimated,"
                    + " NN_P assumes independent folds and may be anti-conservative", zs.size(), MIN_VARIANTS_FOR_CORRELATION);
        }
        res.foldCorrelation = R;
        for (int j = 0; j < res.p; j++) {
            if (res.foldT[j] == null) continue;
            double[] T = res.foldT[j], V = res.foldV[j];
            int m = scored[j];
            double rhoJ = m >= 2 ? res.foldCorrelationByScoredFolds[m] : 0;
            double t = 0, v = 0, zsum = 0;
            for (int f = 0; f < K; f++) {
                t += T[f];
                v += V[f];
                if (V[f] > 0) zsum += T[f] / Math.sqrt(V[f]);
            }
            if (v > 0) {
                res.zPooled[j] = t / Math.sqrt(v);
                // one vote per scoring fold model (Stouffer), with the variance of a sum of m equicorrelated z's
                double sd = Math.sqrt(m + m * (m - 1.0) * rhoJ);
                res.z[j] = zsum / sd;
                res.contribP[j] = Distributions.twoSidedP(res.z[j]);
                // corr(ADD_Z, CONTRIB_Z) under H0: both are sums over samples of r times (centred dosage a, contribution
                // d), so cov(ADD, z_f) = sum_{i in f} r^2 a d / sqrt(sum r^2 a^2 * V_f)
                double cov = 0;
                double[] C = res.foldC[j];
                for (int f = 0; f < K; f++) if (V[f] > 0 && res.addA[j] > 0) cov += C[f] / Math.sqrt(res.addA[j] * V[f]);
                double corr = Math.max(-1, Math.min(1, cov / sd));
                res.addContribCorr[j] = corr;
                res.pval[j] = Distributions.twoSidedMaxP(res.addZ[j], res.z[j], corr);
            } else { // the network ignores the variant: d = 0 for every sample, no contribution to test
                res.zPooled[j] = 0;
                res.z[j] = 0;
                res.contribP[j] = 1;
                res.pval[j] = res.addP[j];
            }
        }
    }
}
