package org.assocnet.nn;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.cli.Main;
import org.assocnet.io.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.assocnet.stats.Logistic;

class TrainCommandTest {
    @TempDir Path dir;

    private String cohort(SimCohort.Spec s) throws Exception {
        String prefix = dir.resolve("c").toString();
        SimCohort.write(prefix, s);
        return prefix;
    }

    /** Main.run with stderr captured into {@code err}; returns the exit code. */
    private static int runCapturingStderr(StringBuilder err, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf));
        try {
            return Main.run(args);
        } finally {
            System.setErr(old);
            err.append(buf);
        }
    }

    @Test
    void trainsHeldOutModelsThatBeatChanceAndRoundTrip() throws Exception {
        String c = cohort(new SimCohort.Spec().n(800).p(60).additive(6).effect(0.6).seed(3));
        String out = dir.resolve("o").toString();
        assertEquals(0, Main.run("train", "--architecture", "mlp", "--cohort", c, "--out", out, "--folds", "4", "--epochs", "40", "--seed", "7"));
        ObjectNode j = Json.read(Path.of(out + ".train.json"));
        double auc = j.path("pooled").path("auc").asDouble();
        assertTrue(auc > 0.6, "held-out AUC " + auc); // oracle AUC 0.75 on this cohort; chance 0.5 (SE ~0.02)
        assertEquals(4, j.path("folds").size());
        assertEquals(7, j.path("seed").asLong());
        assertTrue(j.path("folds").get(0).path("trainLoss").size() >= 1);
        assertEquals(j.path("folds").get(0).path("epochsRun").asInt(), j.path("folds").get(0).path("validationLoss").size());

        ModelBundle b = ModelBundle.load(Path.of(out + ".model"));
        assertEquals(4, b.networks().size());
        assertEquals(60 + 1, b.inputs());
        assertEquals(800, b.fold().length);
        // the saved networks reproduce the held-out logits from the bundle's own standardisation
        List<String> lines = Files.readAllLines(Path.of(out + ".model", "heldout.tsv"));
        assertEquals("IID\tFOLD\tY\tLOGIT", lines.get(0));
        org.assocnet.matrix.Cohort co = org.assocnet.matrix.Cohort.open(c);
        double[] col = new double[800];
        float[][] x = new float[800][b.inputs()];
        for (int v = 0; v < b.variantColumns().length; v++) {
            co.matrix().column(b.variantColumns()[v], col);
            for (int i = 0; i < 800; i++) x[i][v] = (float) b.standardize(v, col[i]);
        }
        for (int i = 0; i < 800; i++) x[i][60] = (float) b.standardize(60, co.samples().covariates()[i][0]);
        co.close();
        for (int i = 0; i < 800; i += 97) {
            String[] f = lines.get(i + 1).split("\t");
            int k = Integer.parseInt(f[1]);
            assertEquals(b.fold()[i], k);
            MultiLayerNetwork net = b.networks().get(k);
            INDArray in = Nd4j.create(x[i], new long[] {1, b.inputs()}, DataType.FLOAT);
            double z = Trainer.logits(net, in)[0];
            double p = net.output(in, false).getDouble(0);
            assertEquals(Double.parseDouble(f[3]), z, 1e-4, "logit of sample " + i);
            assertEquals(Logistic.sigmoid(z), p, 1e-5, "network output is sigmoid(logit)");
        }
    }

    @Test
    void hiddenZeroIsPenalisedLogisticRegressionThatAttributeReads() throws Exception {
        String c = cohort(new SimCohort.Spec().n(600).p(30).additive(4).effect(0.6).seed(11));
        String out = dir.resolve("h0").toString();
        assertEquals(0, Main.run("train", "--architecture", "mlp", "--cohort", c, "--out", out, "--folds", "3", "--hidden", "0", "--epochs", "30",
                "--seed", "2"));
        ModelBundle b = ModelBundle.load(Path.of(out + ".model"));
        for (MultiLayerNetwork net : b.networks()) {
            assertEquals(1, net.getnLayers(), "no hidden layer");
            assertEquals(0.0, net.getLayerWiseConfigurations().getConf(0).getLayer().getIDropout() == null ? 0.0 : 1.0,
                    "no dropout on the inputs");
        }
        ObjectNode j = Json.read(Path.of(out + ".train.json"));
        assertTrue(j.path("pooled").path("auc").asDouble() > 0.6, "a linear model learns additive effects: AUC " + j.path("pooled").path("auc"));
        assertEquals(0, Main.run("attribute", "--cohort", c, "--model", out + ".model", "--out", out, "--draws", "1"));
        assertTrue(Files.readString(Path.of(out + ".nn.json")).contains("\"network\" : \"31 -> 1 sigmoid\""));
        assertEquals(2, Main.run("train", "--architecture", "mlp", "--cohort", c, "--out", dir.resolve("h00").toString(), "--hidden", "0,4"));
    }

    @Test
    void denseNetworkOptionsChooseTheDenseNetworkUnlessTheWideOneIsAsked() throws Exception {
        String c = cohort(new SimCohort.Spec().n(300).p(20).additive(2).effect(0.6).seed(12));
        String out = dir.resolve("auto").toString();
        // '--hidden 8' alone: the classic dense network, as before the wide network became the default
        assertEquals(0, Main.run("train", "--cohort", c, "--out", out, "--folds", "3", "--hidden", "8", "--epochs", "3"));
        ModelBundle b = ModelBundle.load(Path.of(out + ".model"));
        assertFalse(b.wide());
        assertEquals(3, b.networks().size());
        // no dense option: the wide network
        String w = dir.resolve("wide").toString();
        assertEquals(0, Main.run("train", "--cohort", c, "--out", w, "--folds", "3", "--pairs", "0"));
        assertTrue(ModelBundle.load(Path.of(w + ".model")).wide());
        // asking for both is a user error, and writes nothing
        String bad = dir.resolve("both").toString();
        assertEquals(2, Main.run("train", "--cohort", c, "--out", bad, "--architecture", "wide", "--hidden", "8"));
        assertFalse(Files.exists(Path.of(bad + ".model")));
    }

    /**
     * The wide network's memory check counts the folds that train at once, not only the cohort: 400 x 500 is 1 MB
     * of cohort, and 2 folds of 5 in parallel copy 1.6 MB each (training rows, once for the path and once split
     * for the inner cross-validation), 4.2 MB in all. --max-memory 3 once passed (1 MB) and the run then ran out
     * of heap at this ratio on 5,000 x 25,000 with a 2 GB heap.
     */
    @Test
    void wideMemoryCheckCountsTheFoldsTrainingAtOnce() throws Exception {
        String c = cohort(new SimCohort.Spec().n(400).p(500).additive(3).effect(0.5).seed(9));
        String out = dir.resolve("mem").toString();
        StringBuilder err = new StringBuilder();
        int rc = runCapturingStderr(err, "train", "--cohort", c, "--out", out, "--threads", "2", "--max-memory", "3", "--pairs", "0");
        assertEquals(3, rc); // needs more memory: the pipeline retries with more
        String msg = err.toString();
        assertTrue(msg.contains("1 MB, plus 3 MB for 2 fold(s) training at once") && msg.contains("exceeds --max-memory 3 MB"), msg);
        assertFalse(Files.exists(Path.of(out + ".model")));
    }

    @Test
    void oneClassFoldIsAUserErrorAndLeavesNoOutput() throws Exception {
        String c = cohort(new SimCohort.Spec().n(120).p(10).prevalence(0.02).effect(0).seed(5));
        String out = dir.resolve("bad").toString();
        StringBuilder err = new StringBuilder();
        int rc = runCapturingStderr(err, "train", "--architecture", "mlp", "--cohort", c, "--out", out, "--folds", "5");
        assertEquals(2, rc);
        String msg = err.toString();
        assertTrue(msg.contains("use fewer --folds"), msg);
        assertFalse(Files.exists(Path.of(out + ".model")));
        assertFalse(Files.exists(Path.of(out + ".train.json")));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "temporary files left");
        }
    }

    @Test
    void screenSetIsFoldMinusOneOutsideHeldOutAndRoundTrips() throws Exception {
        String c = cohort(new SimCohort.Spec().n(500).p(40).additive(4).effect(0.6).seed(9));
        String out = dir.resolve("s").toString();
        assertEquals(0, Main.run("train", "--architecture", "mlp", "--cohort", c, "--out", out, "--folds", "3", "--epochs", "5", "--patience", "0",
                "--screen-fraction", "0.2", "--screen-top", "10", "--seed", "4"));
        ModelBundle b = ModelBundle.load(Path.of(out + ".model"));
        assertEquals(10, b.variantColumns().length);
        assertEquals(10 + 1, b.inputs());
        long screening = java.util.Arrays.stream(b.fold()).filter(f -> f == -1).count();
        assertEquals(100, screening, "20% of 500 samples, stratified");
        List<String> held = Files.readAllLines(Path.of(out + ".model", "heldout.tsv"));
        assertEquals(500 - 100 + 1, held.size(), "heldout.tsv lists only scored samples");
        for (String l : held.subList(1, held.size())) assertNotEquals("-1", l.split("\t")[1]);
        ObjectNode j = Json.read(Path.of(out + ".train.json"));
        assertEquals(100, j.path("screenSet").path("samples").asInt());
        assertEquals(10, j.path("screenSet").path("top").asInt());
        assertEquals(400, j.path("scoredSamples").asInt());
        assertFalse(Double.isNaN(j.path("pooled").path("auc").asDouble()));
        assertEquals(2, Main.run("train", "--architecture", "mlp", "--cohort", c, "--out", dir.resolve("bad").toString(), "--screen-fraction", "1"));
    }
}
