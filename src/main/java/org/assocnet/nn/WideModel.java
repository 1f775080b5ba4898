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

/**
 * The cross-fitted wide network (STATISTICS.md section 8), one part per fold:
 *
 * <pre>
 *   logit f(x) = b0 + sum_q a_q c_q                     covariates (standardised, unpenalised)
 *              + sum_j t_j(g_j)                         every variant: additive, dominant and recessive terms
 *              + sum_(j,k) B_jk(g_j, g_k)               ReLU blocks of the pairs nominated on the fold's training samples
 *   t_j(g) = sum_q beta_jq (term_q(g) - center_jq) / scale_jq       (missing call: 0, the mean)
 * </pre>
 *
 * Written as {@code wide.tsv} (per variant: standardisation and every fold's three coefficients, full precision) and
 * {@code wide.json} (per fold: intercept, covariate weights, penalty, pair blocks) in the model directory.
 */
public final class WideModel {
    public static final String TSV = "wide.tsv";
    public static final String JSON = "wide.json";

    /** One fold's model. {@code beta} is p x 3 (standardised terms), row-major. */
    public record Fold(double intercept, double[] cov, double[] beta, List<PairBlock> pairs, double lambda, int selected,
            int directionOnly, double relax) {}

    public final int p;
    public final int[] columns; // cohort variant column of each row
    public final double[][] center, scale;
    public final List<String> covariates;
    public final double[] covCenter, covScale;
    public final Fold[] folds;
    // per fold: t_j(g, h) = slope_j * g + lut_j[h] (h = hard call 0..2), 0 if missing
    private final double[][] slope, lut;
    private final List<List<List<PairBlock>>> byVariant; // [fold][variant row] -> blocks touching it

    public WideModel(int[] columns, double[][] center, double[][] scale, List<String> covariates, double[] covCenter,
            double[] covScale, Fold[] folds) {
        this.p = columns.length;
        this.columns = columns;
        this.center = center;
        this.scale = scale;
        this.covariates = covariates;
        this.covCenter = covCenter;
        this.covScale = covScale;
        this.folds = folds;
        slope = new double[folds.length][p];
        lut = new double[folds.length][3 * p];
        byVariant = new ArrayList<>();
        java.util.Map<Integer, Integer> row = new java.util.HashMap<>();
        for (int j = 0; j < p; j++) row.put(columns[j], j);
        for (int f = 0; f < folds.length; f++) {
            double[] be = folds[f].beta();
            for (int j = 0; j < p; j++) {
                double b0 = be[3 * j] / scale[j][0], b1 = be[3 * j + 1] / scale[j][1], b2 = be[3 * j + 2] / scale[j][2];
                slope[f][j] = b0;
                double base = -b0 * center[j][0] - b1 * center[j][1] - b2 * center[j][2];
                lut[f][3 * j] = base;
                lut[f][3 * j + 1] = base + b1;
                lut[f][3 * j + 2] = base + b1 + b2;
            }
            List<List<PairBlock>> bv = new ArrayList<>();
            for (int j = 0; j < p; j++) bv.add(new ArrayList<>());
            for (PairBlock pb : folds[f].pairs()) {
                Integer ra = row.get(pb.a()), rb = row.get(pb.b());
                if (ra == null || rb == null) throw new IllegalArgumentException("pair block refers to a variant outside the model");
                bv.get(ra).add(pb);
                bv.get(rb).add(pb);
            }
            byVariant.add(bv);
        }
    }

    public int folds() {
        return folds.length;
    }

    /** Variant row j's term t_j for dosage g with hard call h (h 3 = missing: 0). */
    public double term(int f, int j, double g, int h) {
        if (h > 2) return 0;
        return slope[f][j] * g + lut[f][3 * j + h];
    }

    /** The pair blocks of fold f that involve variant row j. */
    public List<PairBlock> blocksOf(int f, int j) {
        return byVariant.get(f).get(j);
    }

    /** Intercept plus covariate part of fold f for raw covariates {@code c} (model order). */
    public double base(int f, double[] c) {
        double s = folds[f].intercept();
        for (int q = 0; q < c.length; q++) s += folds[f].cov()[q] * (c[q] - covCenter[q]) / covScale[q];
        return s;
    }

    public void save(Path dir) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(TSV))) {
            StringBuilder h = new StringBuilder("COLUMN");
            for (String t : new String[] {"ADD", "DOM", "REC"}) h.append("\tCENTER_").append(t).append("\tSCALE_").append(t);
            for (int f = 0; f < folds.length; f++) for (String t : new String[] {"ADD", "DOM", "REC"}) h.append("\tF").append(f).append('_').append(t);
            w.write(h.append('\n').toString());
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < p; j++) {
                sb.setLength(0);
                sb.append(columns[j]);
                for (int q = 0; q < 3; q++) sb.append('\t').append(center[j][q]).append('\t').append(scale[j][q]);
                for (Fold fo : folds) for (int q = 0; q < 3; q++) sb.append('\t').append(fo.beta()[3 * j + q]);
                w.write(sb.append('\n').toString());
            }
        }
        ObjectNode o = Json.object();
        o.put("terms", "additive g, dominant [g>=1], recessive [g==2] (hard calls), standardised; wide.tsv");
        ArrayNode cv = o.putArray("covariates");
        covariates.forEach(cv::add);
        ArrayNode cc = o.putArray("covariateCenter");
        for (double d : covCenter) cc.add(d);
        ArrayNode cs = o.putArray("covariateScale");
        for (double d : covScale) cs.add(d);
        ArrayNode fa = o.putArray("folds");
        for (Fold fo : folds) {
            ObjectNode x = fa.addObject();
            x.put("intercept", fo.intercept());
            ArrayNode c = x.putArray("covariateWeights");
            for (double d : fo.cov()) c.add(d);
            x.put("lambda", fo.lambda());
            x.put("selectedTerms", fo.selected());
            x.put("directionOnlyVariants", fo.directionOnly());
            x.put("relaxation", fo.relax());
            ArrayNode pa = x.putArray("pairs");
            for (PairBlock pb : fo.pairs()) pa.add(pb.toJson());
        }
        Json.write(dir.resolve(JSON), o);
    }

    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(JSON));
    }

    public static WideModel load(Path dir, int folds) throws IOException {
        Path jp = dir.resolve(JSON), tp = dir.resolve(TSV);
        JsonNode o;
        try {
            o = Json.mapper().readTree(jp.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw UserException.at(jp, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null, "not valid JSON: " + e.getOriginalMessage());
        }
        List<String> cov = new ArrayList<>();
        o.path("covariates").forEach(n -> cov.add(n.asText()));
        double[] cc = nums(o.path("covariateCenter"), cov.size(), jp, "covariateCenter");
        double[] cs = nums(o.path("covariateScale"), cov.size(), jp, "covariateScale");
        if (!o.path("folds").isArray() || o.path("folds").size() != folds) {
            throw UserException.at(jp, 0, "folds", "expected " + folds + " fold entries");
        }
        if (!Files.isRegularFile(tp)) throw new UserException(tp + ": not found (damaged model directory)");
        List<Integer> cols = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        int width = 1 + 6 + 3 * folds;
        try (BufferedReader r = Files.newBufferedReader(tp)) {
            String line = r.readLine();
            if (line == null || !line.startsWith("COLUMN\t")) throw UserException.at(tp, 1, null, "expected a header starting with COLUMN");
            if (line.split("\t", -1).length != width) throw UserException.at(tp, 1, null, "expected " + width + " columns for " + folds + " folds");
            long ln = 1;
            while ((line = r.readLine()) != null) {
                ln++;
                String[] f = line.split("\t", -1);
                if (f.length != width) throw UserException.at(tp, ln, null, "expected " + width + " fields, found " + f.length);
                double[] v = new double[width - 1];
                try {
                    cols.add(Integer.parseInt(f[0]));
                    for (int q = 1; q < width; q++) v[q - 1] = Double.parseDouble(f[q]);
                } catch (NumberFormatException e) {
                    throw UserException.at(tp, ln, null, "not a number: " + e.getMessage());
                }
                rows.add(v);
            }
        }
        int p = rows.size();
        int[] columns = cols.stream().mapToInt(Integer::intValue).toArray();
        double[][] center = new double[p][3], scale = new double[p][3];
        double[][] beta = new double[folds][3 * p];
        for (int j = 0; j < p; j++) {
            double[] v = rows.get(j);
            for (int q = 0; q < 3; q++) {
                center[j][q] = v[2 * q];
                scale[j][q] = v[2 * q + 1];
            }
            for (int f = 0; f < folds; f++) for (int q = 0; q < 3; q++) beta[f][3 * j + q] = v[6 + 3 * f + q];
        }
        Fold[] fs = new Fold[folds];
        for (int f = 0; f < folds; f++) {
            JsonNode x = o.path("folds").get(f);
            List<PairBlock> pbs = new ArrayList<>();
            for (JsonNode b : x.path("pairs")) pbs.add(PairBlock.fromJson(b, jp));
            fs[f] = new Fold(x.path("intercept").asDouble(), nums(x.path("covariateWeights"), cov.size(), jp, "covariateWeights"),
                    beta[f], pbs, x.path("lambda").asDouble(), x.path("selectedTerms").asInt(), x.path("directionOnlyVariants").asInt(),
                    x.path("relaxation").asDouble(1));
        }
        try {
            return new WideModel(columns, center, scale, cov, cc, cs, fs);
        } catch (IllegalArgumentException e) {
            throw UserException.at(jp, 0, "pairs", e.getMessage());
        }
    }

    private static double[] nums(JsonNode a, int len, Path file, String field) {
        if (!a.isArray() || a.size() != len) throw UserException.at(file, 0, field, "expected an array of " + len + " numbers");
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = a.get(i).asDouble();
        return x;
    }
}
