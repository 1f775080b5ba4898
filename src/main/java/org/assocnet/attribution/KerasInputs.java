package org.assocnet.attribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.assocnet.core.UserException;
import org.assocnet.io.Json;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.SampleTable;
import org.assocnet.matrix.Variant;
import org.assocnet.nn.ModelBundle;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mapping of an imported Keras model's inputs to an encoded cohort (INPUTS.txt, docs/attribute.md "Your own Keras
 * model"), and the model bundle attribution works on: one "fold" whose held-out samples are every sample of the cohort.
 *
 * <p>INPUTS.txt has one line per model input, in the model's input order ({@code #} lines and blank lines are skipped):
 * {@code SOURCE [MEAN SD]}, SOURCE = a cohort variant ID, {@code CHROM:POS:REF:ALT} (ALT = the allele whose count the model
 * was trained on; REF and ALT swapped relative to the cohort flips the dosage to 2 - g) or {@code cov:NAME} (a covariate
 * column of the cohort's samples.tsv). With coding {@code standardized} every line carries the MEAN and SD the model's
 * input was standardised with during training, (x - MEAN) / SD, x counted in the model's allele.
 *
 * <p>Bundle layout (as {@link ModelBundle}): variant inputs first, then covariates; the first layer's weight rows are
 * permuted to match. Input c enters as (x - center_c) / scale_c with x in the cohort's ALT orientation, so a flipped
 * input has center 2 - MEAN and scale -SD; the imputation value of a missing call (standardised 0) is the training
 * MEAN for standardised coding and the cohort's mean dosage (2 ALT_FREQ) or covariate mean for raw coding, and the
 * first layer's bias absorbs the difference between that centre and the coding's own (0 for raw), so that the network
 * computes exactly the imported model on called values.
 */
public final class KerasInputs {
    private KerasInputs() {}

    public enum Coding { RAW, STANDARDIZED }

    /** What the mapping did, for nn.json. */
    public record Mapping(ModelBundle bundle, int variantInputs, int covariateInputs, int flipped, List<String> flippedInputs) {}

    public static Mapping map(Path inputsFile, KerasModel.Imported model, Cohort cohort, Coding coding) throws IOException {
        List<String[]> lines = new ArrayList<>();
        List<Long> lineNo = new ArrayList<>();
        if (!Files.isRegularFile(inputsFile)) throw new UserException(inputsFile + ": model inputs file not found");
        try (BufferedReader r = Files.newBufferedReader(inputsFile)) {
            String s;
            long ln = 0;
            while ((s = r.readLine()) != null) {
                ln++;
                String t = s.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                lines.add(t.split("\\s+"));
                lineNo.add(ln);
            }
        }
        int d = model.inputs();
        if (lines.size() != d) {
            throw new UserException(inputsFile + ": maps " + lines.size() + " inputs but the model " + "has " + d
                    + " inputs (one line per model input, in the model's input order)");
        }
        // cohort lookups
        List<Variant> vs = cohort.variants();
        Map<String, Integer> byKey = new HashMap<>();
        Map<String, Integer> byId = new HashMap<>();
        Set<String> dupId = new HashSet<>();
        for (int j = 0; j < vs.size(); j++) {
            Variant v = vs.get(j);
            byKey.putIfAbsent(key(v.chrom(), v.pos(), v.ref(), v.alt()), j);
            if (!v.id().equals(".") && byId.putIfAbsent(v.id(), j) != null) dupId.add(v.id());
        }
        SampleTable st = cohort.samples();
        int[] column = new int[d]; // cohort variant column, or -1 - covariate index
        boolean[] flip = new boolean[d];
        double[] mean = new double[d];
        double[] sd = new double[d];
        Map<String, Integer> seen = new HashMap<>();
        List<String> flippedInputs = new ArrayList<>();
        for (int c = 0; c < d; c++) {
            String[] f = lines.get(c);
            long ln = lineNo.get(c);
            String src = f[0];
            String where = "input " + (c + 1) + " (" + src + ")";
            if (coding == Coding.STANDARDIZED) {
                if (f.length != 3) throw UserException.at(inputsFile, ln, null, where + ": expected SOURCE MEAN SD (coding standardized)");
                mean[c] = number(inputsFile, ln, "MEAN", f[1]);
                sd[c] = number(inputsFile, ln, "SD", f[2]);
                if (!(sd[c] > 0)) throw UserException.at(inputsFile, ln, "SD", where + ": SD must be > 0 (got " + f[2] + ")");
            } else {
                if (f.length != 1) {
                    throw UserException.at(inputsFile, ln, null, where + ": expected one field SOURCE (coding raw; MEAN SD columns"
                            + " need the standardized coding)");
                }
                mean[c] = 0;
                sd[c] = 1;
            }
            String target;
            if (src.regionMatches(true, 0, "cov:", 0, 4)) {
                String name = src.substring(4);
                int k = st.covariateNames().indexOf(name);
                if (k < 0) {
                    throw UserException.at(inputsFile, ln, "SOURCE", where + ": covariate '" + name + "' is not a covariate of the cohort"
                            + " (has: " + String.join(", ", st.covariateNames()) + ")");
                }
                column[c] = -1 - k;
                target = "covariate " + name;
            } else {
                Integer j = null;
                String[] parts = src.split(":");
                if (parts.length == 4) {
                    long pos = parsePos(parts[1]);
                    if (pos > 0) {
                        j = byKey.get(key(parts[0], pos, parts[2], parts[3]));
                        if (j == null) {
                            j = byKey.get(key(parts[0], pos, parts[3], parts[2]));
                            if (j != null) flip[c] = true;
                        }
                    }
                }
                if (j == null) {
                    if (dupId.contains(src)) {
                        throw UserException.at(inputsFile, ln, "SOURCE", where + ": ID matches several cohort variants; use CHROM:POS:REF:ALT");
                    }
                    j = byId.get(src);
                }
                if (j == null) {
                    throw UserException.at(inputsFile, ln, "SOURCE", where + ": variant not in the cohort (by ID or CHROM:POS:REF:ALT,"
                            + " either allele order)");
                }
                column[c] = j;
                Variant v = vs.get(j);
                target = "variant " + key(v.chrom(), v.pos(), v.ref(), v.alt());
                if (flip[c]) flippedInputs.add(src);
            }
            Integer prev = seen.put(target, c);
            if (prev != null) {
                throw UserException.at(inputsFile, ln, "SOURCE", where + ": maps to the same " + target + " as input " + (prev + 1));
            }
        }
        // bundle order: variants (model order), then covariates
        int[] order = new int[d];
        int pv = 0;
        for (int c = 0; c < d; c++) if (column[c] >= 0) order[pv++] = c;
        int q = 0;
        for (int c = 0; c < d; c++) if (column[c] < 0) order[pv + q++] = c;
        int[] variantColumns = new int[pv];
        List<String> covNames = new ArrayList<>();
        double[] center = new double[d];
        double[] scale = new double[d];
        double[] shift = new double[d]; // (center - coding centre) / scale, in bundle order, absorbed by the first bias
        int n = st.size();
        for (int t = 0; t < d; t++) {
            int c = order[t];
            double a = mean[c], s = sd[c];
            double imputed;
            if (column[c] >= 0) {
                variantColumns[t] = column[c];
                if (flip[c]) {
                    a = 2 - a;
                    s = -s;
                }
                imputed = coding == Coding.STANDARDIZED ? a : 2 * vs.get(column[c]).altFreq();
                if (Double.isNaN(imputed)) imputed = a; // no called sample
            } else {
                int k = -1 - column[c];
                covNames.add(st.covariateNames().get(k));
                double sum = 0;
                int m = 0;
                for (int i = 0; i < n; i++) {
                    double x = st.covariates()[i][k];
                    if (!Double.isNaN(x)) {
                        sum += x;
                        m++;
                    }
                }
                imputed = coding == Coding.STANDARDIZED || m == 0 ? a : sum / m;
            }
            center[t] = imputed;
            scale[t] = s;
            shift[t] = (imputed - a) / s;
        }
        MultiLayerNetwork net = model.network().clone();
        Layer first = KerasModel.firstDense(net);
        INDArray w = first.getParam("W");
        INDArray b = first.getParam("b");
        int h = (int) w.size(1);
        double[][] wr = new double[d][h];
        for (int c = 0; c < d; c++) for (int k = 0; k < h; k++) wr[c][k] = w.getDouble(c, k);
        for (int t = 0; t < d; t++) {
            for (int k = 0; k < h; k++) w.putScalar(t, k, wr[order[t]][k]);
        }
        for (int k = 0; k < h; k++) {
            double add = 0;
            for (int t = 0; t < d; t++) add += wr[order[t]][k] * shift[t];
            b.putScalar(k, b.getDouble(k) + add); // linear index: the bias is [h] or [1, h]
        }
        int[] fold = new int[n];
        ObjectNode cfg = Json.object();
        cfg.put("encoding", "additive");
        cfg.put("source", "keras");
        ModelBundle bundle = new ModelBundle(variantColumns, covNames, center, scale, fold, st.iid(), 1, 0L, cfg, List.of(net));
        return new Mapping(bundle, pv, d - pv, flippedInputs.size(), flippedInputs);
    }

    /** Sample IIDs of a training-samples file: one sample per line, IID or FID IID (PLINK --keep layout); # lines skipped. */
    public static Set<String> trainingSamples(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new UserException(file + ": training samples file not found");
        Set<String> out = new HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String s;
            while ((s = r.readLine()) != null) {
                String t = s.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                String[] f = t.split("\\s+");
                out.add(f.length >= 2 ? f[1] : f[0]);
            }
        }
        return out;
    }

    static String key(String chrom, long pos, String ref, String alt) {
        String c = chrom.length() > 3 && chrom.regionMatches(true, 0, "chr", 0, 3) ? chrom.substring(3) : chrom;
        return c.toUpperCase(Locale.ROOT) + ":" + pos + ":" + ref.toUpperCase(Locale.ROOT) + ":" + alt.toUpperCase(Locale.ROOT);
    }

    private static long parsePos(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double number(Path file, long ln, String field, String s) {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw UserException.at(file, ln, field, "not a finite number: '" + s + "'");
        }
    }
}
