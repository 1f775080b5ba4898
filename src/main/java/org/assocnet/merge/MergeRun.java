package org.assocnet.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.core.Log;
import org.assocnet.core.Version;
import org.assocnet.io.AtomicOutput;
import org.assocnet.io.GwasSsf;
import org.assocnet.io.Json;
import org.assocnet.io.JsonInputs;

/**
 * The merge stage: per-chunk glm.tsv / nn.tsv into genome-wide tables (OUT.glm.tsv, OUT.glm.ssf.tsv, OUT.nn.tsv)
 * and OUT.merge.json, all written through one {@link AtomicOutput}.
 */
public final class MergeRun {
    private MergeRun() {}

    /** Merges the chunks' tables; {@code nn}, {@code train} and {@code encode} may be empty. */
    public static void run(List<Path> glm, List<Path> nn, List<Path> train, List<Path> encode, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path glmOut = Path.of(out + ".glm.tsv");
        Path ssfOut = Path.of(out + ".glm.ssf.tsv");
        Path nnOut = Path.of(out + ".nn.tsv");
        Path jsonOut = Path.of(out + ".merge.json");
        refuseOverwritingInputs(List.of(glmOut, ssfOut, Path.of(ssfOut + "-meta.yaml"), nnOut, jsonOut), glm, nn, train, encode);

        ObjectNode json = Json.stageHeader("merge");
        try (AtomicOutput ao = new AtomicOutput()) {
            ObjectNode encodeQc = encode.isEmpty() ? null : JsonInputs.combineEncodeQc(encode);
            Path glmTmp = ao.temp(glmOut);
            json.set("glm", mergeOne(Merger.GLM, glm, glmTmp));
            writeSsf(ao, glmTmp, ssfOut, encodeQc);
            if (!nn.isEmpty()) json.set("nn", mergeOne(Merger.NN, nn, ao.temp(nnOut)));
            if (encodeQc != null) json.set("encode", encodeQc);
            if (!train.isEmpty()) {
                ArrayNode t = json.putArray("train");
                for (Path p : train) t.add(JsonInputs.trainMetrics(p));
            }
            Json.write(ao.temp(jsonOut), json);
            ao.commit();
        }
        Log.info("wrote %s.{glm.tsv,%smerge.json}", out, nn.isEmpty() ? "" : "nn.tsv,");
    }

    /** An output name that is also an input would replace the input (and, for a chunk, lose its rows): refused. */
    @SafeVarargs
    private static void refuseOverwritingInputs(List<Path> outputs, List<Path>... inputs) {
        for (Path o : outputs) {
            Path ro = real(o);
            for (List<Path> l : inputs) {
                for (Path i : l) {
                    if (real(i).equals(ro)) {
                        throw new org.assocnet.core.UserException(i + ": is an input and also the output " + o
                                + "; choose an output prefix whose files are not inputs");
                    }
                }
            }
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** Merges one kind of table into {@code tmp}; the rows are released when this returns. */
    private static ObjectNode mergeOne(Merger.Kind kind, List<Path> files, Path tmp) throws IOException {
        Merger.Table t = Merger.read(kind, files);
        Merger.write(t, tmp);
        Merger.logSummary(t);
        return Merger.summary(t);
    }

    /**
     * GWAS-SSF output of the merged glm.tsv through {@link GwasSsf}: OUT.glm.ssf.tsv and
     * OUT.glm.ssf.tsv-meta.yaml (sample, case and control counts from the encode JSONs when given, else the
     * largest OBS_CT), both through the atomic output so the metadata names the final file.
     */
    private static void writeSsf(AtomicOutput ao, Path glmTsv, Path ssfOut, ObjectNode encodeQc) throws IOException {
        JsonNode samples = encodeQc == null ? null : encodeQc.get("samples");
        int n = count(samples, "samples.kept"), cases = count(samples, "samples.cases"), controls = count(samples, "samples.controls");
        if (cases < 0 || controls < 0) cases = controls = -1;
        Path metaOut = Path.of(ssfOut + "-meta.yaml");
        GwasSsf.write(glmTsv, ao.temp(ssfOut), ao.temp(metaOut),
                new GwasSsf.Meta(ssfOut.getFileName().toString(), n, cases, controls, null, "assocnet " + Version.get()));
    }

    private static int count(JsonNode samples, String key) {
        JsonNode v = samples == null ? null : samples.get(key);
        return v != null && v.canConvertToInt() ? v.asInt() : -1;
    }
}
