package org.assocnet.attribution;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.assocnet.matrix.Cohort;
import org.assocnet.nn.Folds;
import org.assocnet.nn.InputData;
import org.assocnet.nn.ModelBundle;
import org.assocnet.nn.SimCohort;
import org.assocnet.nn.TrainOptions;
import org.assocnet.nn.Trainer;
import org.assocnet.stats.MultipleTesting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --screen-fraction / --screen-top: the inputs are selected on a screening set (FOLD -1) that is never
 * trained on or scored, so NN_P of the selected variants stays calibrated on null data, unlike per-fold
 * screening (CalibrationTest#screenedFoldModelsCorrelationFromScoredFoldPairsAndTheSelectionBias).
 * Runs the real code path: Folds.withScreening -> InputData.load -> Trainer.crossFit -> Attribution.
 */
class CalibrationScreenSetTest {
    @TempDir Path dir;

    /** Small network that overfits: without a valid design it would fit the selected noise variants. */
    static TrainOptions overfitting() {
        return new TrainOptions(new int[] {16}, 60, 32, 1e-2, 0, 0, 0, 0, 0, 5, 7, 2, 0, 512, true);
    }

    record Run(AttributionResult res, int[] fold, int[] cols, Trainer.Result tr, String prefix, ModelBundle bundle) {}

    Run run(long seed, int n, int p, double fraction, int top) throws Exception {
        String prefix = dir.resolve("null" + seed).toString();
        SimCohort.write(prefix, new SimCohort.Spec().n(n).p(p).additive(0).covariates(1).seed(seed));
        try (Cohort c = Cohort.open(prefix)) {
            int[] y = c.samples().pheno();
            int[] fold = Folds.withScreening(y, 5, seed, fraction);
            InputData data = InputData.load(c, fold, 5, 0, 1L << 30, top);
            Trainer.Result tr = Trainer.crossFit(data, fold, overfitting());
            ModelBundle b = new ModelBundle(data.variantColumns, data.covariates, data.center, data.scale, fold,
                    c.samples().iid(), 5, seed, null, tr.networks());
            AttributionResult r = new Attribution(c, b, new AttributionOptions(2, seed, 2, 4)).run();
            return new Run(r, fold, data.variantColumns, tr, prefix, b);
        }
    }

    @Test
    void selectedNullVariantsHaveUniformPValues() throws Exception {
        List<Double> ps = new ArrayList<>();
        double zSum = 0;
        for (long seed = 1; seed <= 2; seed++) {
            Run r = run(seed, 1000, 300, 0.2, 50);
            assertEquals(50, r.cols().length);
            for (int j = 0; j < 300; j++) {
                boolean in = Arrays.binarySearch(r.cols(), j) >= 0;
                assertEquals(in, !Double.isNaN(r.res().pval[j]), "P only for the selected variants, variant " + j);
                if (in) {
                    ps.add(r.res().pval[j]);
                    zSum += r.res().z[j];
                }
            }
        }
        double[] p = ps.stream().mapToDouble(Double::doubleValue).toArray();
        int m = p.length;
        BinomialDistribution bin = new BinomialDistribution(m, 0.05);
        int k = MultipleTesting.countBelow(p, 0.05);
        double lambda = MultipleTesting.genomicControlLambda(p);
        double zMean = zSum / m;
        String diag = k + " of " + m + " below 0.05, lambda " + lambda + ", mean NN_Z " + zMean;
        org.assocnet.core.Log.info("CalibrationScreenSetTest: %s", diag);
        assertTrue(k >= bin.inverseCumulativeProbability(0.0005) && k <= bin.inverseCumulativeProbability(0.9995), diag);
        assertTrue(lambda > 0.7 && lambda < 1.35, diag);
        // the signature of selection bias is a shifted mean (selecting on the scored samples' own association,
        // i.e. per-fold screening or screening on all samples, gives mean NN_Z > 0): SE ~ 0.1 for 100 variants
        assertTrue(Math.abs(zMean) < 0.35, diag);
        double[] s = p.clone();
        Arrays.sort(s);
        double dmax = 0;
        for (int i = 0; i < m; i++) dmax = Math.max(dmax, Math.max((i + 1.0) / m - s[i], s[i] - (double) i / m));
        assertTrue(dmax < 1.95 / Math.sqrt(m), "KS distance " + dmax + "; " + diag);
    }

    @Test
    void screeningSamplesAreNeverTrainedOnOrScored() throws Exception {
        Run r = run(5, 400, 60, 0.25, 20);
        int[] fold = r.fold();
        int ns = (int) Arrays.stream(fold).filter(f -> f == Folds.SCREENING).count();
        assertEquals(100, ns, "a quarter of 400 samples (stratified: round per class)");
        int scored = fold.length - ns;
        for (int i = 0; i < fold.length; i++) {
            assertEquals(fold[i] < 0, Double.isNaN(r.tr().heldoutLogit()[i]), "held-out logit only for scored sample " + i);
        }
        for (Trainer.FoldResult fr : r.tr().folds()) {
            assertEquals(scored, fr.trainSamples() + fr.valSamples() + fr.heldoutSamples(),
                    "fold " + fr.fold() + " trains only on scored samples");
        }
        assertEquals(scored, r.res().heldOut, "attribute uses only FOLD >= 0");
        // flipping the screening samples' labels changes nothing attribute computes
        Path sp = Cohort.samplesPath(r.prefix());
        List<String> lines = new ArrayList<>(Files.readAllLines(sp));
        int pc = Arrays.asList(lines.get(0).split("\t")).indexOf("PHENO");
        assertTrue(pc >= 0);
        for (int i = 0; i < fold.length; i++) {
            if (fold[i] >= 0) continue;
            String[] f = lines.get(i + 1).split("\t", -1);
            f[pc] = f[pc].equals("1") ? "0" : "1";
            lines.set(i + 1, String.join("\t", f));
        }
        Files.write(sp, lines);
        try (Cohort c = Cohort.open(r.prefix())) {
            AttributionResult again = new Attribution(c, r.bundle(), new AttributionOptions(2, 5, 2, 4)).run();
            assertArrayEquals(r.res().pval, again.pval, "NN_P");
            assertArrayEquals(r.res().impP, again.impP, "IMPORTANCE_P");
            assertArrayEquals(r.res().beta, again.beta, "NN_BETA");
            assertArrayEquals(r.res().igMean, again.igMean, "IG");
        }
        // and the selection does not depend on any scored sample's label: flip every label once more, so the
        // screening samples are back to their own labels and the scored ones are flipped; select again
        lines = new ArrayList<>(Files.readAllLines(sp));
        for (int i = 0; i < fold.length; i++) {
            String[] f = lines.get(i + 1).split("\t", -1);
            f[pc] = f[pc].equals("1") ? "0" : "1";
            lines.set(i + 1, String.join("\t", f));
        }
        Files.write(sp, lines);
        try (Cohort c = Cohort.open(r.prefix())) {
            InputData d2 = InputData.load(c, fold, 5, 0, 1L << 30, 20);
            assertArrayEquals(r.cols(), d2.variantColumns, "selected inputs do not depend on scored labels");
            assertArrayEquals(r.bundle().center(), d2.center, "standardisation is label-free");
        }
    }
}
