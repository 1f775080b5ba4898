package org.assocnet.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assocnet.core.UserException;
import org.assocnet.io.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The trained cross-fitted network, as written by {@code assocnet train} into {@code PREFIX.model/}:
 *
 * <pre>
 * config.json   version, hidden sizes, folds, seed, input layout and the standardisation of each input
 * folds.tsv     IID and FOLD (0-based) of every sample, in cohort order; fold f's model never saw fold f;
 *               FOLD -1 = screening set (train --screen-fraction): selected the inputs, never trained on or scored
 * fold-K.zip    DL4J MultiLayerNetwork for fold K (ModelSerializer), logits via a final sigmoid unit
 * </pre>
 *
 * Input layout of every fold model: first the selected variant columns (matrix column indices in
 * {@link #variantColumns}), then the covariates (names in {@link #covariates}), each standardised as
 * {@code (x - center) / scale}; a missing genotype enters as its center (the called-sample mean), i.e. 0.
 */
public record ModelBundle(
        int[] variantColumns,
        List<String> covariates,
        double[] center,
        double[] scale,
        int[] fold,
        List<String> iids,
        int folds,
        long seed,
        ObjectNode config,
        List<MultiLayerNetwork> networks) {

    public static final int VERSION = 1;

    /** True for the wide network (train --architecture wide): fold parts in wide.tsv / wide.json, no fold-K.zip. */
    public boolean wide() {
        return "wide".equals(config.path("architecture").path("type").asText());
    }

    public int inputs() {
        return center.length;
    }

    /** Standardised value of input column c for raw value x (NaN = missing -> 0). */
    public double standardize(int c, double x) {
        return Double.isNaN(x) ? 0.0 : (x - center[c]) / scale[c];
    }

    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode c = config.deepCopy();
        c.put("version", VERSION);
        c.put("folds", folds);
        c.put("seed", seed);
        ArrayNode vc = c.putArray("variantColumns");
        for (int v : variantColumns) vc.add(v);
        ArrayNode cv = c.putArray("covariates");
        covariates.forEach(cv::add);
        ArrayNode ce = c.putArray("center");
        for (double v : center) ce.add(v);
        ArrayNode sc = c.putArray("scale");
        for (double v : scale) sc.add(v);
        Json.write(dir.resolve("config.json"), c);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("folds.tsv"))) {
            w.write("IID\tFOLD\n");
            for (int i = 0; i < fold.length; i++) w.write(iids.get(i) + "\t" + fold[i] + "\n");
        }
        for (int k = 0; k < networks.size(); k++) {
            Path z = dir.resolve("fold-" + k + ".zip");
            ModelSerializer.writeModel(networks.get(k), z.toFile(), false);
            ZipTimes.fix(z); // fixed entry times: reruns are byte-identical
        }
    }

    /**
     * Reads a model directory. A damaged or foreign directory (missing or malformed config.json, folds.tsv or
     * fold-K.zip, inconsistent sizes) is a {@link UserException} naming the file, line and field.
     */
    public static ModelBundle load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + ": " + (Files.exists(dir) ? "not a directory" : "not found")
                    + " (expected a model directory written by 'assocnet train', OUT.model)");
        }
        Path cfg = dir.resolve("config.json");
        if (!Files.isRegularFile(cfg)) throw new UserException(dir + ": not a model directory (no config.json)");
        JsonNode root;
        try {
            root = Json.mapper().readTree(cfg.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw UserException.at(cfg, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
                    "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw UserException.at(cfg, 0, null, "not a JSON object");
        ObjectNode c = (ObjectNode) root;
        if (c.path("version").asInt() != VERSION) {
            throw UserException.at(cfg, 0, "version", "model format " + c.path("version") + " is not supported");
        }
        int folds = c.path("folds").asInt();
        if (folds < 2) throw UserException.at(cfg, 0, "folds", "expected an integer >= 2, found " + c.path("folds"));
        int[] vc = ints(c.path("variantColumns"), cfg, "variantColumns");
        List<String> cov = new ArrayList<>();
        c.path("covariates").forEach(n -> cov.add(n.asText()));
        double[] ce = doubles(c.path("center"), cfg, "center");
        double[] sc = doubles(c.path("scale"), cfg, "scale");
        if (ce.length != vc.length + cov.size() || sc.length != ce.length) {
            throw UserException.at(cfg, 0, "center", ce.length + " centers and " + sc.length + " scales for " + vc.length
                    + " variant inputs + " + cov.size() + " covariates");
        }
        List<String> iids = new ArrayList<>();
        List<Integer> fl = new ArrayList<>();
        Path fp = dir.resolve("folds.tsv");
        if (!Files.isRegularFile(fp)) throw new UserException(fp + ": not found (damaged model directory)");
        try (BufferedReader r = Files.newBufferedReader(fp)) {
            String line = r.readLine();
            if (line == null || !line.equals("IID\tFOLD")) throw UserException.at(fp, 1, null, "expected header 'IID<TAB>FOLD'");
            long ln = 1;
            while ((line = r.readLine()) != null) {
                ln++;
                String[] f = line.split("\t", -1);
                if (f.length != 2) throw UserException.at(fp, ln, null, "expected IID<TAB>FOLD");
                int k;
                try {
                    k = Integer.parseInt(f[1]);
                } catch (NumberFormatException e) {
                    throw UserException.at(fp, ln, "FOLD", "not an integer: '" + f[1] + "'");
                }
                if (k < -1 || k >= folds) throw UserException.at(fp, ln, "FOLD", "fold " + k + " out of range -1.." + (folds - 1));
                iids.add(f[0]);
                fl.add(k);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw UserException.at(fp, 0, null, "not UTF-8 text");
        }
        List<MultiLayerNetwork> nets = new ArrayList<>();
        boolean wide = "wide".equals(c.path("architecture").path("type").asText());
        for (int k = 0; k < (wide ? 0 : folds); k++) {
            Path z = dir.resolve("fold-" + k + ".zip");
            if (!Files.isRegularFile(z)) throw new UserException(z + ": fold model missing");
            MultiLayerNetwork net;
            try {
                net = ModelSerializer.restoreMultiLayerNetwork(z.toFile(), false);
            } catch (IOException | RuntimeException e) {
                throw new UserException(z + ": cannot read the fold model (damaged or not written by 'assocnet train'): " + e, e);
            }
            if (net.numParams() > 0 && net.layerInputSize(0) != ce.length) {
                throw new UserException(z + ": the network has " + net.layerInputSize(0) + " inputs but config.json lists "
                        + ce.length);
            }
            nets.add(net);
        }
        return new ModelBundle(vc, cov, ce, sc, fl.stream().mapToInt(Integer::intValue).toArray(), iids, folds,
                c.path("seed").asLong(), c, nets);
    }

    private static int[] ints(JsonNode a, Path file, String field) {
        if (!a.isArray()) throw UserException.at(file, 0, field, "expected an array");
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).canConvertToInt()) throw UserException.at(file, 0, field, "element " + i + " is not an integer: " + a.get(i));
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode a, Path file, String field) {
        if (!a.isArray()) throw UserException.at(file, 0, field, "expected an array");
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) throw UserException.at(file, 0, field, "element " + i + " is not a number: " + a.get(i));
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
