package org.assocnet.attribution;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.assocnet.matrix.Cohort;
import org.assocnet.nn.ModelBundle;
import org.assocnet.stats.MultipleTesting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/**
 * Small, fast version of bench/validation.sh: cross-fitted networks trained on a simulated cohort
 * (n = 800, p = 200; a covariate acts, three causal variants), then the null variants' p-values must look
 * uniform and the causal ones must be found. Loose bounds: this guards against gross miscalibration
 * (e.g. training-sample scoring or a mis-centred pi), the benchmark measures it properly.
 */
class CalibrationTest {
    @TempDir Path dir;

    static final int CAUSAL = 3;

    AttributionResult fitAndAttribute(Fixtures.Data d, long seed) throws Exception {
        ModelBundle b = Fixtures.bundle(d, 5, new int[] {8}, Activation.RELU, 60, seed);
        String prefix = Fixtures.writeCohort(dir, d, false);
        try (Cohort c = Cohort.open(prefix)) {
            return new Attribution(c, b, new AttributionOptions(5, seed, 2, 8)).run();
        }
    }

    static double[] nullP(double[] p) {
        return Arrays.copyOfRange(p, CAUSAL, p.length);
    }

    static void assertUniformish(double[] p, String what) {
        int m = p.length;
        // type-I error at 0.05 inside the binomial 99.9% interval
        BinomialDistribution bin = new BinomialDistribution(m, 0.05);
        int k = MultipleTesting.countBelow(p, 0.05);
        assertTrue(k >= bin.inverseCumulativeProbability(0.0005) && k <= bin.inverseCumulativeProbability(0.9995),
                what + ": " + k + " of " + m + " below 0.05");
        double lambda = MultipleTesting.genomicControlLambda(p);
        assertTrue(lambda > 0.7 && lambda < 1.35, what + ": lambda " + lambda);
        // Kolmogorov-Smirnov distance to U(0,1), 99.9% critical value ~ 1.95 / sqrt(m)
        double[] s = p.clone();
        Arrays.sort(s);
        double dmax = 0;
        for (int i = 0; i < m; i++) dmax = Math.max(dmax, Math.max((i + 1.0) / m - s[i], s[i] - (double) i / m));
        assertTrue(dmax < 1.95 / Math.sqrt(m), what + ": KS distance " + dmax);
    }

    @Test
    void nullVariantsAreCalibratedAndCausalOnesFound() throws Exception {
        Fixtures.Data d = Fixtures.simulate(800, 200, 2024, 1.0, new double[] {1.0, -1.0, 1.0});
        AttributionResult r = fitAndAttribute(d, 1);
        assertUniformish(nullP(r.addP), "ADD_P null variants");
        assertUniformish(nullP(r.contribP), "CONTRIB_P null variants");
        assertUniformish(nullP(r.pval), "NN_P null variants");
        assertUniformish(nullP(r.impP), "IMPORTANCE_P null variants");
        for (int j = 0; j < CAUSAL; j++) {
            assertTrue(r.pval[j] < 1e-2, "causal variant " + j + ": P " + r.pval[j]);
            assertTrue(r.addP[j] < 1e-2, "causal variant " + j + ": ADD_P " + r.addP[j]);
            assertEquals(Math.signum(j == 1 ? -1 : 1), Math.signum(r.beta[j]), "sign of NN_BETA, variant " + j);
            // NN_Z > 0: the network's use of the variant agrees with the held-out outcomes (whatever the direction)
            assertTrue(r.z[j] > 0, "NN_Z of a learned causal variant is positive");
        }
    }

    @Test
    void crossFoldCorrelationCorrectionIsWhatMakesTheScoreTestCalibrated() throws Exception {
        // a fully fitted linear network (logistic regression on all variants, no hidden layer) is the worst case:
        // each fold model's weight for a null variant is its training folds' score, so the plain pooled sum
        // over folds has about twice the variance it claims
        Fixtures.Data d = Fixtures.simulate(800, 200, 2024, 1.0, new double[] {1.0, -1.0, 1.0});
        ModelBundle b = Fixtures.bundle(d, 5, new int[0], Activation.RELU, 60, 1);
        String prefix = Fixtures.writeCohort(dir, d, false);
        try (Cohort c = Cohort.open(prefix)) {
            AttributionResult r = new Attribution(c, b, new AttributionOptions(1, 1, 2, 4)).run();
            double[] pooled = Arrays.stream(nullP(r.zPooled)).map(org.assocnet.stats.Distributions::twoSidedP).toArray();
            double lp = MultipleTesting.genomicControlLambda(pooled);
            assertTrue(lp > 1.4, "pooled (uncorrected) lambda " + lp + " should show the cross-fold inflation");
            assertTrue(r.foldCorrelation[0][1] > 0.1, "estimated cross-fold correlation " + r.foldCorrelation[0][1]);
            assertUniformish(nullP(r.contribP), "corrected CONTRIB_P, linear network");
            // the additive test with the network as offset needs no correction: its direction is not learned
            assertUniformish(nullP(r.addP), "ADD_P, linear network");
            assertUniformish(nullP(r.pval), "NN_P, linear network");
            // CONTRIB_Z = sum_f z_f / sqrt(K + K (K - 1) rho), z_f = T_f / sqrt(V_f)
            double rho = r.foldCorrelation[0][1];
            for (int j = 0; j < 5; j++) {
                double zs = 0;
                for (int f = 0; f < 5; f++) zs += r.foldT[j][f] / Math.sqrt(r.foldV[j][f]);
                assertEquals(zs / Math.sqrt(5 + 20 * rho), r.z[j], 1e-12);
            }
        }
    }

    @Test
    void permutedLabelsGiveUniformPValues() throws Exception {
        Fixtures.Data d = Fixtures.simulate(800, 200, 77, 1.0, new double[] {1.0, -1.0, 1.0});
        Random r = new Random(5);
        int[] y = d.y().clone();
        for (int i = y.length - 1; i > 0; i--) {
            int u = r.nextInt(i + 1);
            int t = y[i];
            y[i] = y[u];
            y[u] = t;
        }
        Fixtures.Data perm = new Fixtures.Data(d.g(), y, d.cov(), d.covNames());
        AttributionResult res = fitAndAttribute(perm, 2);
        assertUniformish(res.pval, "NN_P permuted labels");
        assertUniformish(res.addP, "ADD_P permuted labels");
        assertUniformish(res.impP, "IMPORTANCE_P permuted labels");
    }

    /**
     * Per-fold screening (train --max-variants): each fold model uses only the variants its own training folds
     * associate most strongly with y, so on a null cohort the scored variants are those whose noise the models fit,
     * and most are scored by some folds only (T_f = V_f = 0 elsewhere). The cross-fold correlation is then
     * estimated from the fold pairs that both score a variant (before: only from variants scored by every fold, too
     * few here, so rho was 0 and nothing was corrected), and it reduces the inflation. It does not remove it: the
     * set of folds that select a variant depends on the other folds' held-out samples, so conditional on that set
     * the per-fold statistics are not centred (measured here: mean NN_Z < 0 for variants scored by one fold only,
     * > 0 for those scored by every fold). That is why screening is not train's default (docs/attribute.md).
     */
    @Test
    void screenedFoldModelsCorrelationFromScoredFoldPairsAndTheSelectionBias() throws Exception {
        Fixtures.Data d = Fixtures.simulate(800, 300, 31, 1.0, null);
        ModelBundle b = Fixtures.bundle(d, 5, new int[0], Activation.RELU, 60, 3,
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 60);
        String prefix = Fixtures.writeCohort(dir, d, false);
        try (Cohort c = Cohort.open(prefix)) {
            AttributionResult r = new Attribution(c, b, new AttributionOptions(1, 1, 2, 4)).run();
            java.util.List<Double> ps = new java.util.ArrayList<>(), pooled = new java.util.ArrayList<>();
            double[] zSum = new double[6];
            int[] zN = new int[6];
            int partial = 0;
            for (int j = 0; j < d.p(); j++) {
                int scored = 0;
                for (int f = 0; f < 5; f++) if (r.foldV[j][f] > 0) scored++;
                if (scored == 0) {
                    assertEquals(1.0, r.contribP[j], "a variant no fold model uses has CONTRIB_P = 1");
                    assertEquals(r.addP[j], r.pval[j], "... and P = ADD_P");
                    continue;
                }
                if (scored < 5) partial++;
                zSum[scored] += r.z[j];
                zN[scored]++;
                ps.add(r.contribP[j]);
                pooled.add(org.assocnet.stats.Distributions.twoSidedP(r.zPooled[j]));
            }
            double[] p = ps.stream().mapToDouble(Double::doubleValue).toArray();
            double lp = MultipleTesting.genomicControlLambda(pooled.stream().mapToDouble(Double::doubleValue).toArray());
            double lc = MultipleTesting.genomicControlLambda(p);
            String diag = String.format("tested %d, partially scored %d, lambda uncorrected %.3f corrected %.3f, rho by m %s,"
                    + " variants by m %s", p.length, partial, lp, lc, Arrays.toString(r.foldCorrelationByScoredFolds),
                    Arrays.toString(r.foldCorrelationVariantsByScoredFolds));
            assertTrue(partial > p.length / 3, diag);
            assertTrue(lp > 1.1, "the uncorrected statistic is inflated: " + diag);
            assertTrue(r.foldCorrelationVariants >= FoldCombination.MIN_VARIANTS_FOR_CORRELATION, diag);
            assertTrue(r.foldCorrelation[0][1] > 0.1, "rho estimated from scored fold pairs: " + diag);
            assertTrue(lc < lp - 0.05, "the correction reduces the inflation: " + diag);
            // the selection bias that the correlation correction cannot remove (a mean shift, not a variance)
            assertTrue(zSum[1] / zN[1] < -0.3, "mean NN_Z of variants scored by one fold " + zSum[1] / zN[1]);
            assertTrue(zSum[5] / zN[5] > 0.3, "mean NN_Z of variants scored by every fold " + zSum[5] / zN[5]);
        }
    }
}
