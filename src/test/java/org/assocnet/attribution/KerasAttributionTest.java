package org.assocnet.attribution;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assocnet.cli.Main;
import org.assocnet.core.UserException;
import org.assocnet.io.Json;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.Variant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * attribute --keras: a Keras 2 HDF5 file written by tests/keras/keras_h5.py (h5py + NumPy, no TensorFlow) from known
 * weights is imported, mapped to a cohort through INPUTS.txt and attributed. Reference: the NumPy forward pass of the
 * same file, {@code python3 tests/keras/keras_h5.py predict MODEL.h5 X.tsv OUT.tsv}, run by this test.
 */
class KerasAttributionTest {
    static final Path SCRIPT = Path.of("tests/keras/keras_h5.py").toAbsolutePath();
    static final int N = 400, P = 64, D = 60, IGNORED = 7; // cohort variants, model inputs, the input with zero weights

    @TempDir static Path dir;
    static String cohort;
    static Fixtures.Data data;
    static int[] inputVariant = new int[D]; // cohort column of model input c
    static boolean[] flipped = new boolean[D];
    static List<String> inputLines = new ArrayList<>();

    @BeforeAll
    static void setup() throws Exception {
        data = Fixtures.simulate(N, P, 11, 0.4, new double[] {0.9, -0.7, 0.6, 0.5});
        Random r = new Random(3);
        for (int i = 0; i < N; i++) for (int j = 0; j < P; j++) if (r.nextDouble() < 0.02) data.g()[i][j] = Double.NaN;
        cohort = Fixtures.writeCohort(dir, data, false);
        // model input c -> cohort variant: a shuffled subset; mixed ID / CHROM:POS:REF:ALT / flipped spellings
        List<Integer> cols = new ArrayList<>();
        for (int j = 0; j < P; j++) cols.add(j);
        java.util.Collections.shuffle(cols, new Random(5));
        for (int c = 0; c < D; c++) {
            int j = cols.get(c);
            inputVariant[c] = j;
            String chrom = Fixtures.chrom(j, P);
            if (c % 3 == 0) inputLines.add("v" + j);
            else if (c % 3 == 1) inputLines.add(chrom + ":" + (1000 + j) + ":A:G");
            else {
                inputLines.add("chr" + chrom + ":" + (1000 + j) + ":G:A"); // the model counts REF: dosage flipped
                flipped[c] = true;
            }
        }
    }

    /** The question's network: Dense(60, relu, input_dim=60) -> Dense(1, sigmoid), weights from a seed. */
    static ObjectNode questionSpec(long seed, int zeroRow) {
        Random r = new Random(seed);
        ObjectNode spec = Json.object();
        ArrayNode layers = spec.putArray("layers");
        layers.add(dense(r, D, 60, "relu", zeroRow, true));
        layers.add(dense(r, 60, 1, "sigmoid", -1, false));
        return spec;
    }

    static ObjectNode dense(Random r, int in, int out, String act, int zeroRow, boolean first) {
        ObjectNode l = Json.object();
        l.put("type", "dense");
        l.put("units", out);
        l.put("activation", act);
        if (first) l.put("input_dim", in);
        ArrayNode k = l.putArray("kernel");
        for (int a = 0; a < in; a++) {
            ArrayNode row = k.addArray();
            for (int b = 0; b < out; b++) row.add(a == zeroRow ? 0.0 : r.nextGaussian() * 0.4);
        }
        ArrayNode b = l.putArray("bias");
        for (int c = 0; c < out; c++) b.add(r.nextGaussian() * 0.1);
        return l;
    }

    static Path writeModel(ObjectNode spec, String name) throws Exception {
        Path js = dir.resolve(name + ".json");
        Json.write(js, spec);
        Path h5 = dir.resolve(name + ".h5");
        python("write", js.toString(), h5.toString());
        return h5;
    }

    static void python(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "python3 keras_h5.py " + String.join(" ", args) + ": " + out
                + " (needs Debian python3-h5py, scripts/install-test-deps.sh)");
    }

    static Path writeInputs(String name, List<String> lines) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    /** Model-input matrix (model allele counts; missing at the cohort mean) of every sample, optionally standardised. */
    static double[][] modelX(double[] mean, double[] sd) throws Exception {
        List<Variant> vs;
        try (Cohort c = Cohort.open(cohort)) {
            vs = c.variants();
        }
        double[][] x = new double[N][D];
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < D; c++) {
                int j = inputVariant[c];
                double g = data.g()[i][j];
                double v;
                if (Double.isNaN(g)) {
                    v = mean == null ? 2 * vs.get(j).altFreq() : mean[c]; // raw: cohort mean; standardized: training mean
                    if (flipped[c] && mean == null) v = 2 - v;
                } else {
                    v = flipped[c] ? 2 - g : g;
                }
                x[i][c] = mean == null ? v : (v - mean[c]) / sd[c];
            }
        }
        return x;
    }

    static double[] numpyPredict(Path h5, double[][] x) throws Exception {
        Path xf = dir.resolve("X.tsv");
        try (BufferedWriter w = Files.newBufferedWriter(xf)) {
            for (double[] row : x) {
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < row.length; c++) sb.append(c > 0 ? "\t" : "").append(row[c]);
                w.write(sb.append('\n').toString());
            }
        }
        Path pf = dir.resolve("pred.tsv");
        python("predict", h5.toString(), xf.toString(), pf.toString());
        return Files.readAllLines(pf).stream().mapToDouble(Double::parseDouble).toArray();
    }

    /** Probabilities of the attribution's own forward pass (DenseNet on the mapped bundle), in cohort sample order. */
    static double[] attributionPredict(KerasInputs.Mapping m) throws Exception {
        try (Cohort c = Cohort.open(cohort)) {
            Attribution a = new Attribution(c, m.bundle(), new AttributionOptions(1, 1, 1, 4));
            a.precompute(new AttributionResult(P));
            double[] p = new double[N];
            for (int i = 0; i < N; i++) p[a.rows[i]] = 1 / (1 + Math.exp(-a.logit(i)));
            return p;
        }
    }

    @Test
    void questionShapeMatchesNumpyForwardPass() throws Exception {
        Path h5 = writeModel(questionSpec(21, -1), "q");
        KerasModel.Imported imp = KerasModel.load(h5);
        assertEquals(D, imp.inputs());
        double[][] x = modelX(null, null);
        double[] ref = numpyPredict(h5, x);
        // DL4J's imported network on the same inputs
        INDArray out = imp.network().output(Nd4j.create(x).castTo(DataType.DOUBLE));
        double maxDl4j = 0, maxAttr = 0;
        for (int i = 0; i < N; i++) maxDl4j = Math.max(maxDl4j, Math.abs(out.getDouble(i, 0) - ref[i]));
        // attribution's forward pass after the INPUTS.txt mapping (permuted rows, flips, missing at the mean)
        Path inputs = writeInputs("q.inputs", inputLines);
        try (Cohort c = Cohort.open(cohort)) {
            KerasInputs.Mapping m = KerasInputs.map(inputs, imp, c, KerasInputs.Coding.RAW);
            assertEquals(D / 3, m.flipped());
            double[] p = attributionPredict(m);
            for (int i = 0; i < N; i++) maxAttr = Math.max(maxAttr, Math.abs(p[i] - ref[i]));
        }
        System.out.printf("KerasAttributionTest: question shape vs NumPy: max |dp| DL4J import %.3g, attribution forward pass %.3g%n",
                maxDl4j, maxAttr);
        assertTrue(maxDl4j < 1e-6, "DL4J import vs NumPy: max |dp| = " + maxDl4j);
        assertTrue(maxAttr < 1e-6, "attribution forward pass vs NumPy: max |dp| = " + maxAttr);
    }

    @Test
    void tfKerasLayoutWithInputLayer() throws Exception {
        ObjectNode spec = questionSpec(22, -1);
        spec.put("style", "tf2"); // tf.keras 2.x: explicit InputLayer, keras_version 2.11.0
        Path h5 = writeModel(spec, "tf2");
        KerasModel.Imported imp = KerasModel.load(h5);
        assertEquals(D, imp.inputs());
        double[][] x = modelX(null, null);
        double[] ref = numpyPredict(h5, x);
        INDArray out = imp.network().output(Nd4j.create(x).castTo(DataType.DOUBLE));
        double max = 0;
        for (int i = 0; i < N; i++) max = Math.max(max, Math.abs(out.getDouble(i, 0) - ref[i]));
        assertTrue(max < 1e-6, "max |dp| = " + max);
    }

    @Test
    void inputDropoutTanhLinearStandardisedWithCovariate() throws Exception {
        Random r = new Random(8);
        ObjectNode spec = Json.object();
        ArrayNode layers = spec.putArray("layers");
        ObjectNode inDrop = layers.addObject(); // dropout on the inputs first: the first Dense layer is layer 1
        inDrop.put("type", "dropout");
        inDrop.put("rate", 0.1);
        inDrop.put("input_dim", D + 1);
        layers.add(dense(r, D + 1, 16, "tanh", -1, false));
        ObjectNode drop = layers.addObject();
        drop.put("type", "dropout");
        drop.put("rate", 0.3);
        layers.add(dense(r, 16, 8, "linear", -1, false));
        layers.add(dense(r, 8, 1, "sigmoid", -1, false));
        Path h5 = writeModel(spec, "s");
        KerasModel.Imported imp = KerasModel.load(h5);
        assertTrue(String.join(";", imp.layers()).contains("Dropout"), imp.layers().toString());
        double[] mean = new double[D], sd = new double[D];
        List<String> lines = new ArrayList<>();
        lines.add("cov:COV1\t0.1\t1.2"); // covariate first: the bundle puts it last
        for (int c = 0; c < D; c++) {
            mean[c] = 0.3 + 0.02 * c;
            sd[c] = 0.5 + 0.01 * c;
            lines.add(inputLines.get(c) + "\t" + mean[c] + "\t" + sd[c]);
        }
        double[][] xv = modelX(mean, sd);
        double[][] x = new double[N][D + 1];
        for (int i = 0; i < N; i++) {
            x[i][0] = (data.cov()[i][0] - 0.1) / 1.2;
            System.arraycopy(xv[i], 0, x[i], 1, D);
        }
        double[] ref = numpyPredict(h5, x);
        try (Cohort c = Cohort.open(cohort)) {
            KerasInputs.Mapping m = KerasInputs.map(writeInputs("s.inputs", lines), imp, c, KerasInputs.Coding.STANDARDIZED);
            assertEquals(1, m.covariateInputs());
            double[] p = attributionPredict(m);
            double max = 0;
            for (int i = 0; i < N; i++) max = Math.max(max, Math.abs(p[i] - ref[i]));
            System.out.printf("KerasAttributionTest: tanh/dropout/linear, standardized + covariate vs NumPy: max |dp| %.3g%n", max);
            assertTrue(max < 1e-6, "max |dp| = " + max);
        }
    }

    @Test
    void ignoredVariantHasContribPOne() throws Exception {
        // the first-layer row of input IGNORED is zero: the model's output does not depend on that variant
        Path h5 = writeModel(questionSpec(21, IGNORED), "z");
        Path inputs = writeInputs("z.inputs", inputLines);
        String out = dir.resolve("z").toString();
        assertEquals(0, Main.run("attribute", "--cohort", cohort, "--keras", h5.toString(), "--keras-inputs", inputs.toString(),
                "--out", out, "--draws", "2", "--threads", "2"));
        Map<String, String[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(Path.of(out + ".nn.tsv"));
        String[] head = lines.get(0).split("\t");
        Map<String, Integer> col = new HashMap<>();
        for (int k = 0; k < head.length; k++) col.put(head[k], k);
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            rows.put(f[2], f);
        }
        assertEquals(P, rows.size());
        String[] ign = rows.get("v" + inputVariant[IGNORED]);
        assertEquals(1.0, Double.parseDouble(ign[col.get("CONTRIB_P")]), 0.0);
        assertEquals(0.0, Double.parseDouble(ign[col.get("NN_BETA")]), 0.0);
        assertEquals(ign[col.get("ADD_P")], ign[col.get("P")]);
        int notIn = 0;
        for (String[] f : rows.values()) if (f[col.get("ERRCODE")].equals("NOT_IN_MODEL")) notIn++;
        assertEquals(P - D, notIn);
        ObjectNode j = Json.read(Path.of(out + ".nn.json"));
        assertEquals(N, j.path("scoredSamples").size());
        assertEquals(N, j.path("samples").asInt());
        assertEquals(D / 3, j.path("keras").path("alleleFlips").asInt());
        assertFalse(j.path("keras").path("trainingSamplesChecked").asBoolean());
        assertTrue(j.path("heldOut").path("auc").isNumber());
        assertTrue(j.path("heldOut").path("calibrationSlope").isNumber() || j.path("heldOut").path("calibrationSlope").isNull());
    }

    @Test
    void badInputsAreRefusedNamingTheInput() throws Exception {
        Path h5 = writeModel(questionSpec(21, -1), "b");
        List<String> missing = new ArrayList<>(inputLines);
        missing.set(4, "rs_not_there");
        assertMessage(missing, "input 5 (rs_not_there)", "not in the cohort");
        List<String> dup = new ArrayList<>(inputLines);
        dup.set(9, inputLines.get(2)); // flipped spelling of input 3's variant
        assertMessage(dup, "input 10", "as input 3");
        List<String> dupSwap = new ArrayList<>(inputLines);
        int j = inputVariant[1];
        dupSwap.set(6, "v" + j); // input 2 is the same variant written as CHROM:POS:REF:ALT
        assertMessage(dupSwap, "input 7 (v" + j + ")", "as input 2");
        assertMessage(inputLines.subList(0, D - 1), "maps 59 inputs", "has 60 inputs");
        List<String> cov = new ArrayList<>(inputLines);
        cov.set(0, "cov:AGE");
        assertMessage(cov, "input 1 (cov:AGE)", "not a covariate");
        // the command maps it to exit 2
        Path bad = writeInputs("bad.inputs", missing);
        assertEquals(2, Main.run("attribute", "--cohort", cohort, "--keras", h5.toString(), "--keras-inputs", bad.toString(),
                "--out", dir.resolve("bad").toString()));
        assertFalse(Files.exists(dir.resolve("bad.nn.tsv")));
        assertFalse(Files.exists(dir.resolve("bad.nn.json")));
        // --keras without --keras-inputs, or together with --model: exit 2
        assertEquals(2, Main.run("attribute", "--cohort", cohort, "--keras", h5.toString(), "--out", dir.resolve("bad").toString()));
        assertEquals(2, Main.run("attribute", "--cohort", cohort, "--keras", h5.toString(), "--keras-inputs", bad.toString(),
                "--model", dir.toString(), "--out", dir.resolve("bad").toString()));
        assertFalse(Files.exists(dir.resolve("bad.nn.tsv")));
    }

    private void assertMessage(List<String> lines, String... parts) throws Exception {
        Path f = writeInputs("m.inputs", lines);
        KerasModel.Imported imp = KerasModel.load(dir.resolve("b.h5"));
        try (Cohort c = Cohort.open(cohort)) {
            UserException e = assertThrows(UserException.class, () -> KerasInputs.map(f, imp, c, KerasInputs.Coding.RAW));
            for (String s : parts) assertTrue(e.getMessage().contains(s), e.getMessage());
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void multiAllelicSiteSplitIntoRecordsMapsByAllele() throws Exception {
        // a copy of the cohort whose first two variants are the two ALT alleles (G, T) of one site, as encode writes a
        // split multi-allelic record: CHROM:POS:REF:ALT picks the record by its ALT, and A swapped with T flips that one
        Path d2 = dir.resolve("multi");
        Files.createDirectories(d2);
        for (String ext : new String[] {".cohort.bin", ".samples.tsv"}) Files.copy(Path.of(cohort + ext), d2.resolve("c" + ext));
        List<String> vt = new ArrayList<>(Files.readAllLines(Path.of(cohort + ".variants.tsv")));
        String[] f0 = vt.get(1).split("\t"), f1 = vt.get(2).split("\t");
        f1[1] = f0[1];
        f1[4] = "T";
        vt.set(2, String.join("\t", f1));
        Files.write(d2.resolve("c.variants.tsv"), vt);
        List<String> lines = new ArrayList<>();
        lines.add(f0[0] + ":" + f0[1] + ":A:G"); // variant 0
        lines.add(f0[0] + ":" + f0[1] + ":T:A"); // variant 1, the model counts A: flipped
        for (int c = 2; c < D; c++) lines.add("v" + (c + 2));
        KerasModel.Imported imp = KerasModel.load(writeModel(questionSpec(21, -1), "multi"));
        try (Cohort c = Cohort.open(d2.resolve("c").toString())) {
            KerasInputs.Mapping m = KerasInputs.map(writeInputs("multi.inputs", lines), imp, c, KerasInputs.Coding.RAW);
            assertEquals(0, m.bundle().variantColumns()[0]);
            assertEquals(1, m.bundle().variantColumns()[1]);
            assertEquals(List.of(lines.get(1)), m.flippedInputs());
            assertEquals(-1.0, m.bundle().scale()[1], 0.0);
        }
    }

    @Test
    void unsupportedLayerIsRefusedNamingIt() throws Exception {
        Random r = new Random(2);
        ObjectNode spec = Json.object();
        ArrayNode layers = spec.putArray("layers");
        layers.add(dense(r, D, 8, "relu", -1, true));
        ObjectNode bn = layers.addObject();
        bn.put("type", "batchnorm");
        for (String k : new String[] {"gamma", "beta", "moving_mean", "moving_variance"}) {
            ArrayNode a = bn.putArray(k);
            for (int u = 0; u < 8; u++) a.add(k.equals("beta") || k.equals("moving_mean") ? 0.0 : 1.0);
        }
        layers.add(dense(r, 8, 1, "sigmoid", -1, false));
        Path h5 = writeModel(spec, "bn");
        UserException e = assertThrows(UserException.class, () -> KerasModel.load(h5));
        assertTrue(e.getMessage().contains("batch_normalization_1"), e.getMessage());
        // a softmax output is not a binary classifier with one sigmoid unit
        ObjectNode sm = Json.object();
        ArrayNode l2 = sm.putArray("layers");
        l2.add(dense(r, D, 8, "relu", -1, true));
        l2.add(dense(r, 8, 2, "sigmoid", -1, false));
        Path h52 = writeModel(sm, "two");
        UserException e2 = assertThrows(UserException.class, () -> KerasModel.load(h52));
        assertTrue(e2.getMessage().contains("dense_2") && e2.getMessage().contains("Dense(1, sigmoid)"), e2.getMessage());
    }

    @Test
    void trainingSampleOverlapIsRefused() throws Exception {
        Path h5 = writeModel(questionSpec(21, -1), "t");
        Path inputs = writeInputs("t.inputs", inputLines);
        Path train = dir.resolve("train.ids");
        Files.write(train, List.of("# FID IID", "x1 other1", "f17 s17", "f30 s30"));
        String out = dir.resolve("t").toString();
        UserException e = assertThrows(UserException.class, () -> AttributeRun.runKeras(cohort,
                new AttributeRun.KerasSource(h5, inputs, KerasInputs.Coding.RAW, train), out, new AttributionOptions(1, 1, 1, 4)));
        assertTrue(e.getMessage().contains("2 of the 400") && e.getMessage().contains("s17"), e.getMessage());
        assertFalse(Files.exists(Path.of(out + ".nn.tsv")));
        // disjoint training samples: runs, and the JSON says they were checked
        Files.write(train, List.of("other1", "other2"));
        AttributeRun.runKeras(cohort, new AttributeRun.KerasSource(h5, inputs, KerasInputs.Coding.RAW, train), out,
                new AttributionOptions(1, 1, 1, 4));
        assertTrue(Json.read(Path.of(out + ".nn.json")).path("keras").path("trainingSamplesChecked").asBoolean());
    }
}
