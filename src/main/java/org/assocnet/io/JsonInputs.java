package org.assocnet.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;

/**
 * Defensive readers for the JSON side files of other stages (encode.json, train.json, merge.json). Their
 * layouts belong to those stages, so nothing here fails on a missing key: absent numbers are absent.
 */
public final class JsonInputs {
    private JsonInputs() {}

    public static ObjectNode read(Path p) throws IOException {
        InputFile.require(p, "JSON file");
        try {
            JsonNode n = Json.mapper().readTree(p.toFile());
            if (n == null || !n.isObject()) throw UserException.at(p, 0, null, "not a JSON object");
            return (ObjectNode) n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw UserException.at(p, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
                    "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** The QC part of an encode.json: the first object whose key contains "qc", else the whole document. */
    static JsonNode qcSubtree(JsonNode root) {
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().toLowerCase(Locale.ROOT).contains("qc") && e.getValue().isObject()) return e.getValue();
        }
        return root;
    }

    private static boolean skipped(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("seed") || k.contains("version") || k.startsWith("param") || k.equals("options")
                || k.equals("thresholds") || k.equals("command") || k.equals("args") || k.equals("seconds") || k.equals("timings")
                || k.equals("peakrssbytes") || k.equals("threads");
    }

    /** Integral numeric leaves of a tree by dotted path (arrays are not entered). */
    static void integralLeaves(JsonNode n, String prefix, Map<String, Long> out) {
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (skipped(e.getKey())) continue;
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) integralLeaves(v, path, out);
            else if (v.isIntegralNumber()) out.put(path, v.asLong());
        }
    }

    /**
     * Combines the QC counts of several encode.json files (one per chunk). Chunks split the variants, not
     * the samples: counts whose path mentions "sample" must agree across chunks (else a UserException naming both files) and are taken once; all
     * other integral counts are summed.
     */
    public static ObjectNode combineEncodeQc(List<Path> files) throws IOException {
        Map<String, Long> sums = new TreeMap<>();
        Map<String, Long> samples = new TreeMap<>();
        Map<String, List<Long>> sampleConflicts = new TreeMap<>();
        Map<String, Path> firstFile = new TreeMap<>();
        for (Path f : files) {
            Map<String, Long> leaves = new TreeMap<>();
            integralLeaves(qcSubtree(read(f)), "", leaves);
            for (var e : leaves.entrySet()) {
                if (isSampleCount(e.getKey())) {
                    Long prev = samples.putIfAbsent(e.getKey(), e.getValue());
                    firstFile.putIfAbsent(e.getKey(), f);
                    if (prev != null && !prev.equals(e.getValue())) {
                        throw new UserException(f + ": sample count '" + e.getKey() + "' is " + e.getValue() + " but "
                                + prev + " in " + firstFile.get(e.getKey())
                                + ": the chunks must be encoded from the same samples with the same sample QC");
                    }
                } else {
                    sums.merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
        }
        ObjectNode out = Json.object();
        ArrayNode fl = out.putArray("files");
        files.forEach(f -> fl.add(f.toString()));
        ObjectNode s = out.putObject("summed");
        sums.forEach(s::put);
        ObjectNode sa = out.putObject("samples");
        samples.forEach(sa::put);
        if (!sampleConflicts.isEmpty()) {
            ObjectNode c = out.putObject("sample_count_conflicts");
            sampleConflicts.forEach((k, v) -> {
                ArrayNode a = c.putArray(k);
                v.forEach(a::add);
            });
            Log.warn("encode JSONs disagree on sample counts %s: were the chunks made from the same samples?", sampleConflicts.keySet());
        }
        return out;
    }

    /**
     * Whether a QC count describes samples (the same in every chunk) rather than variants (summed over
     * chunks): its path mentions "sample" and its own name does not mention "variant".
     */
    static boolean isSampleCount(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        String leaf = p.substring(p.lastIndexOf('.') + 1);
        return p.contains("sample") && !leaf.contains("variant");
    }

    /**
     * Refuses a JSON that says it was written by another assocnet stage than {@code stage} (its "stage" or
     * "command" key, or "tool": "assocnet STAGE"), e.g. an encode.json given where a train.json belongs.
     */
    public static void requireStage(Path f, String stage) throws IOException {
        ObjectNode root = read(f);
        String said = null;
        if (root.path("stage").isTextual()) said = root.get("stage").asText();
        else if (root.path("command").isTextual()) said = root.get("command").asText();
        else if (root.path("tool").isTextual() && root.get("tool").asText().startsWith("assocnet ")) {
            said = root.get("tool").asText().substring("assocnet ".length()).split(" ")[0];
        }
        if (said != null && !said.equals(stage)) {
            throw new UserException(f + ": written by 'assocnet " + said + "', expected the " + stage + " stage's JSON ("
                    + stage + ".json)");
        }
    }

    /** The metrics of one train.json: its "metrics"/"summary" object if any, else its scalar top-level fields. */
    public static ObjectNode trainMetrics(Path f) throws IOException {
        ObjectNode root = read(f);
        ObjectNode out = Json.object();
        out.put("file", f.toString());
        ObjectNode m = out.putObject("metrics");
        root.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !skipped(e.getKey())) m.set(e.getKey(), e.getValue());
        });
        for (String k : new String[] {"metrics", "summary", "pooled", "timings"}) {
            if (root.has(k) && root.get(k).isObject()) m.set(k, scalars(root.get(k)));
        }
        if (root.has("folds") && root.get("folds").isArray()) {
            ArrayNode folds = m.putArray("folds");
            for (JsonNode fo : root.get("folds")) if (fo.isObject()) folds.add(scalars(fo));
        }
        return out;
    }

    /** The scalar fields of an object and of its nested objects (arrays such as curves are left out). */
    static ObjectNode scalars(JsonNode n) {
        ObjectNode o = Json.object();
        n.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode()) o.set(e.getKey(), e.getValue());
            else if (e.getValue().isObject()) {
                ObjectNode c = scalars(e.getValue());
                if (c.size() > 0) o.set(e.getKey(), c);
            }
        });
        return o;
    }

    /** First numeric value under any key (case-insensitive, depth-first) in the given list, or NaN. */
    public static double findNumber(JsonNode n, String... keys) {
        if (n == null) return Double.NaN;
        for (String k : keys) {
            JsonNode v = findKey(n, k, 0);
            if (v != null && v.isNumber()) return v.asDouble();
        }
        return Double.NaN;
    }

    static JsonNode findKey(JsonNode n, String key, int depth) {
        if (depth > 6 || n == null) return null;
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            List<JsonNode> children = new ArrayList<>();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getKey().equalsIgnoreCase(key) && e.getValue().isValueNode()) return e.getValue();
                if (e.getValue().isContainerNode() && !skipped(e.getKey())) children.add(e.getValue());
            }
            for (JsonNode c : children) {
                if (c.isArray()) continue;
                JsonNode r = findKey(c, key, depth + 1);
                if (r != null) return r;
            }
        }
        return null;
    }

    /** Numeric array under a key (depth-first within an object), or null. */
    public static double[] findArray(JsonNode n, String... keys) {
        for (String k : keys) {
            JsonNode a = findArrayNode(n, k, 0);
            if (a != null) {
                double[] v = new double[a.size()];
                for (int i = 0; i < v.length; i++) v[i] = a.get(i).isNumber() ? a.get(i).asDouble() : Double.NaN;
                return v;
            }
        }
        return null;
    }

    static JsonNode findArrayNode(JsonNode n, String key, int depth) {
        if (depth > 4 || n == null || !n.isObject()) return null;
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        List<JsonNode> children = new ArrayList<>();
        while (it.hasNext()) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (e.getKey().equalsIgnoreCase(key) && v.isArray() && v.size() > 0 && v.get(0).isNumber()) return v;
            if (v.isObject()) children.add(v);
        }
        for (JsonNode c : children) {
            JsonNode r = findArrayNode(c, key, depth + 1);
            if (r != null) return r;
        }
        return null;
    }
}
