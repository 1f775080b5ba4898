package org.assocnet.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.assocnet.core.UserException;
import org.assocnet.matrix.Cohort;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Folds, screening and cross-fitting: stratification, no leakage of held-out labels, reproducibility. */
class CrossFitTest {
    @TempDir Path dir;

    static TrainOptions small(int folds) {
        return new TrainOptions(new int[] {16}, 6, 32, 1e-3, 0, 1e-3, 0.2, 3, 0.15, folds, 11, 1, 0, 512, true);
    }

    @Test
    void foldsAreStratifiedBalancedAndSeeded() {
        int[] y = new int[403];
        for (int i = 0; i < y.length; i++) y[i] = i % 4 == 0 ? 1 : 0; // 101 cases, 302 controls
        int[] f = Folds.stratified(y, 5, 42);
        for (int k = 0; k < 5; k++) {
            int cases = 0, all = 0;
            for (int i = 0; i < y.length; i++) {
                if (f[i] == k) {
                    all++;
                    cases += y[i];
                }
            }
            assertTrue(cases == 20 || cases == 21, "fold " + k + " cases " + cases);
            assertTrue(all == 80 || all == 81, "fold " + k + " size " + all);
        }
        assertArrayEquals(f, Folds.stratified(y, 5, 42));
        assertFalse(Arrays.equals(f, Folds.stratified(y, 5, 43)));
    }

    @Test
    void tooFewCasesForTheFoldsIsAUserError() {
        int[] y = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
        UserException e = assertThrows(UserException.class, () -> Folds.stratified(y, 5, 1));
        assertTrue(e.getMessage().contains("3 cases") && e.getMessage().contains("fewer --folds (at most 3)"), e.getMessage());
    }

    @Test
    void innerValidationSplitIsStratifiedAndDisjoint() {
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) y[i] = i < 40 ? 1 : 0;
        int[] train = java.util.stream.IntStream.range(0, 200).filter(i -> i % 5 != 0).toArray();
        int[][] s = Folds.innerSplit(train, y, 0.15, 3);
        assertEquals(train.length, s[0].length + s[1].length);
        TreeSet<Integer> all = new TreeSet<>();
        for (int[] a : s) for (int i : a) assertTrue(all.add(i));
        assertEquals(Math.round(0.15 * 32), Arrays.stream(s[1]).filter(i -> y[i] == 1).count());
    }

    /** Screening ranks variants with the training folds' labels only: changing fold 0's labels leaves fold 0's selection unchanged. */
    @Test
    void screeningIgnoresHeldOutLabels() throws Exception {
        String prefix = dir.resolve("s").toString();
        SimCohort sim = SimCohort.write(prefix, new SimCohort.Spec().n(400).p(150).additive(8).effect(0.5).seed(9));
        int[] fold = Folds.stratified(sim.y, 4, 1);
        List<Integer> sel0a;
        List<Integer> sel1a;
        try (Cohort c = Cohort.open(prefix)) {
            InputData d = InputData.load(c, fold, 4, 20, 1L << 30);
            assertTrue(d.screened);
            sel0a = selected(d, 0);
            sel1a = selected(d, 1);
            assertEquals(20, sel0a.size());
        }
        flipLabels(prefix, fold, 0);
        try (Cohort c = Cohort.open(prefix)) {
            InputData d = InputData.load(c, fold, 4, 20, 1L << 30);
            assertEquals(sel0a, selected(d, 0), "fold 0's screening must not depend on fold 0's labels");
            assertNotEquals(sel1a, selected(d, 1), "fold 1 trains on fold 0's labels, so its screening may change");
        }
    }

    /** Fold 0's network is bit-identical whatever fold 0's labels are: it never sees them. */
    @Test
    void heldOutLabelsNeverReachTheirFoldModel() throws Exception {
        String prefix = dir.resolve("l").toString();
        SimCohort sim = SimCohort.write(prefix, new SimCohort.Spec().n(400).p(40).additive(4).effect(0.5).seed(4));
        int[] fold = Folds.stratified(sim.y, 4, 1);
        TrainOptions o = small(4);
        Trainer.Result a;
        try (Cohort c = Cohort.open(prefix)) {
            a = Trainer.crossFit(InputData.load(c, fold, 4, 0, 1L << 30), fold, o);
        }
        flipLabels(prefix, fold, 0);
        Trainer.Result b;
        try (Cohort c = Cohort.open(prefix)) {
            b = Trainer.crossFit(InputData.load(c, fold, 4, 0, 1L << 30), fold, o);
        }
        assertEquals(a.networks().get(0).params(), b.networks().get(0).params());
        assertNotEquals(a.networks().get(1).params(), b.networks().get(1).params());
        for (int i = 0; i < fold.length; i++) {
            if (fold[i] == 0) assertEquals(a.heldoutLogit()[i], b.heldoutLogit()[i], 0.0);
        }
    }

    /** Same seed -> the same bits, whatever --threads; another seed -> other bits. Screened-out inputs have zero weights. */
    @Test
    void reproducibleBitForBitAcrossRunsAndThreadCounts() throws Exception {
        String prefix = dir.resolve("r").toString();
        SimCohort sim = SimCohort.write(prefix, new SimCohort.Spec().n(400).p(80).additive(4).effect(0.5).seed(2));
        int[] fold = Folds.stratified(sim.y, 3, 5);
        List<Trainer.Result> runs = new ArrayList<>();
        InputData data;
        try (Cohort c = Cohort.open(prefix)) {
            data = InputData.load(c, fold, 3, 30, 1L << 30);
        }
        runs.add(Trainer.crossFit(data, fold, small(3)));
        runs.add(Trainer.crossFit(data, fold, small(3)));
        runs.add(Trainer.crossFit(data, fold, small(3).withThreads(2)));
        runs.add(Trainer.crossFit(data, fold, small(3).withSeed(12)));
        for (int k = 0; k < 3; k++) {
            INDArray p0 = runs.get(0).networks().get(k).params();
            assertEquals(p0, runs.get(1).networks().get(k).params(), "same seed, fold " + k);
            assertEquals(p0, runs.get(2).networks().get(k).params(), "threads 2, fold " + k);
            assertNotEquals(p0, runs.get(3).networks().get(k).params(), "other seed, fold " + k);
            MultiLayerNetwork net = runs.get(0).networks().get(k);
            INDArray w = net.getLayer(0).getParam("W");
            assertTrue(data.foldDropped[k].length > 0);
            for (int r : data.foldDropped[k]) assertEquals(0.0, w.getRow(r).norm1Number().doubleValue(), 0.0);
        }
        assertArrayEquals(runs.get(0).heldoutLogit(), runs.get(2).heldoutLogit(), 0.0);
    }

    @Test
    void inputMatrixOverTheMemoryBoundFailsClearly() throws Exception {
        String prefix = dir.resolve("m").toString();
        SimCohort sim = SimCohort.write(prefix, new SimCohort.Spec().n(100).p(30).additive(2).seed(8));
        int[] fold = Folds.stratified(sim.y, 2, 1);
        try (Cohort c = Cohort.open(prefix)) {
            UserException e = assertThrows(UserException.class, () -> InputData.load(c, fold, 2, 0, 10_000));
            assertTrue(e.getMessage().contains("100 samples x 31 inputs") && e.getMessage().contains("--max-variants"),
                    e.getMessage());
            // screening to 5 variants per fold fits: union of the folds' selections + 1 covariate
            InputData d = InputData.load(c, fold, 2, 5, 10_000);
            assertTrue(d.d <= 11 && d.d >= 6, "inputs " + d.d);
        }
    }

    private static List<Integer> selected(InputData d, int f) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < d.variantInputs(); c++) {
            if (Arrays.binarySearch(d.foldDropped[f], c) < 0) out.add(d.variantColumns[c]);
        }
        return out;
    }

    private static void flipLabels(String prefix, int[] fold, int f) throws Exception {
        Path p = Path.of(prefix + ".samples.tsv");
        List<String> lines = new ArrayList<>(Files.readAllLines(p));
        for (int i = 0; i < fold.length; i++) {
            if (fold[i] != f) continue;
            String[] x = lines.get(i + 1).split("\t", -1);
            x[2] = x[2].equals("1") ? "0" : "1";
            lines.set(i + 1, String.join("\t", x));
        }
        Files.write(p, lines);
    }

    /**
     * With folds trained concurrently, a collection while another fold's native op runs can free a buffer that op
     * reads (JVM crash in sd::DataBuffer::primary): every explicit collection in the main sources is the one in
     * Trainer.releaseNativeMemory, under the write side of the lock the computing folds hold.
     */
    @Test
    void explicitCollectionsOnlyUnderTheFoldLock() throws Exception {
        List<String> found = new ArrayList<>();
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
                List<String> lines = Files.readAllLines(f);
                String method = "";
                for (int i = 0; i < lines.size(); i++) {
                    String t = lines.get(i).strip();
                    if (t.matches("(public |private |protected )?(static )?[\\w<>\\[\\], ]+ \\w+\\(.*\\)( throws [\\w., ]+)? \\{")) method = t;
                    if (t.startsWith("//") || t.startsWith("*") || t.startsWith("/*")) continue;
                    if (t.contains("System.gc()")) found.add(f.getFileName() + ":" + (i + 1) + " in " + method);
                }
            }
        }
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("Trainer.java:") && found.get(0).endsWith("in static void releaseNativeMemory(boolean purge) {"),
                found.toString());
    }
}
