package org.assocnet.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.assocnet.core.UserException;
import org.assocnet.io.Json;

/**
 * One interaction block of the wide model: the two variants' hard-call genotypes as a one-hot 3 x 3 cell
 * (9 inputs) -> {@link #UNITS} ReLU units -> a weighted sum into the output logit. A missing call in either variant
 * enters as {@link #missing}, the block's mean over its training samples.
 *
 * @param a       cohort variant column of the first variant
 * @param b       cohort variant column of the second variant
 * @param w       9 x UNITS first-layer weights, row = cell g_a * 3 + g_b
 * @param bias    UNITS biases
 * @param v       UNITS output weights
 * @param missing block output for a sample with a missing call in either variant
 * @param scanP   P of the exact 3x3x2 interaction test that nominated the pair on the fold's training samples
 */
public record PairBlock(int a, int b, double[] w, double[] bias, double[] v, double missing, double scanP) {
    public static final int UNITS = 4;
    public static final int CELLS = 9;

    /** Block output for hard calls ga, gb (3 = missing). */
    public double value(int ga, int gb) {
        if (ga > 2 || gb > 2 || ga < 0 || gb < 0) return missing;
        return cell(ga * 3 + gb);
    }

    /** Block output of one cell. */
    public double cell(int c) {
        double s = 0;
        int o = c * UNITS;
        for (int u = 0; u < UNITS; u++) {
            double z = w[o + u] + bias[u];
            if (z > 0) s += v[u] * z;
        }
        return s;
    }

    /** True if the block involves cohort column j. */
    public boolean touches(int j) {
        return a == j || b == j;
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("variantA", a);
        o.put("variantB", b);
        o.put("scanP", scanP);
        o.put("missing", missing);
        put(o.putArray("w"), w);
        put(o.putArray("bias"), bias);
        put(o.putArray("v"), v);
        return o;
    }

    static PairBlock fromJson(JsonNode o, Path file) {
        double[] w = read(o.path("w"), CELLS * UNITS, file, "w");
        double[] bias = read(o.path("bias"), UNITS, file, "bias");
        double[] v = read(o.path("v"), UNITS, file, "v");
        if (!o.path("variantA").canConvertToInt() || !o.path("variantB").canConvertToInt()) {
            throw UserException.at(file, 0, "variantA", "pair block without integer variant columns");
        }
        return new PairBlock(o.path("variantA").asInt(), o.path("variantB").asInt(), w, bias, v, o.path("missing").asDouble(),
                o.path("scanP").asDouble(Double.NaN));
    }

    private static void put(ArrayNode a, double[] x) {
        for (double d : x) a.add(d);
    }

    private static double[] read(JsonNode a, int len, Path file, String field) {
        if (!a.isArray() || a.size() != len) throw UserException.at(file, 0, field, "expected an array of " + len + " numbers");
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            if (!a.get(i).isNumber()) throw UserException.at(file, 0, field, "element " + i + " is not a number");
            x[i] = a.get(i).asDouble();
        }
        return x;
    }
}
