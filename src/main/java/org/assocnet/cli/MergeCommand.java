package org.assocnet.cli;

import org.assocnet.core.Version;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.assocnet.io.AtomicOutput;
import org.assocnet.io.Json;
import org.assocnet.report.GwasSsf;
import org.assocnet.report.JsonInputs;
import org.assocnet.report.Merger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** assocnet merge: the pipeline's gather step over region/chromosome chunks. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Merge per-chunk results into genome-wide tables: rows of all chunks sorted by chromosome "
                    + "(1..22, X, Y, MT, then others) and position, BH q-values (Q_BH, NN_Q) and genomic-control "
                    + "lambda recomputed over all variants. The result is identical whether the cohort ran as one "
                    + "chunk or many.",
            "Outputs: OUT.glm.tsv, OUT.glm.ssf.tsv (+ -meta.yaml), OUT.nn.tsv (with --nn), OUT.merge.json."
        })
public final class MergeCommand implements Callable<Integer> {
    @Option(names = "--glm", required = true, arity = "1..*", paramLabel = "FILE",
            description = "glm.tsv of each chunk (repeatable).")
    List<Path> glm = new ArrayList<>();

    @Option(names = "--nn", arity = "1..*", paramLabel = "FILE", description = "nn.tsv of each chunk (repeatable).")
    List<Path> nn = new ArrayList<>();

    @Option(names = "--train", arity = "1..*", paramLabel = "FILE",
            description = "train.json of each chunk: its metrics are copied into OUT.merge.json.")
    List<Path> train = new ArrayList<>();

    @Option(names = "--encode", arity = "1..*", paramLabel = "FILE",
            description = "encode.json of each chunk: QC counts are summed (sample counts must agree).")
    List<Path> encode = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output prefix.")
    Path out;

    @Override
    public Integer call() throws Exception {
        for (List<Path> l : List.of(glm, nn, train, encode)) {
            for (Path p : l) if (!Files.isRegularFile(p)) throw new UserException(p + ": file not found");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path glmOut = Path.of(out + ".glm.tsv");
        Path ssfOut = Path.of(out + ".glm.ssf.tsv");
        Path nnOut = Path.of(out + ".nn.tsv");
        Path jsonOut = Path.of(out + ".merge.json");

        ObjectNode json = Json.object();
        json.put("assocnet_version", Version.get());
        json.put("command", "merge");
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
        return Main.EXIT_OK;
    }

    /** Merges one kind of table into {@code tmp}; the rows are released when this returns. */
    private static ObjectNode mergeOne(Merger.Kind kind, List<Path> files, Path tmp) throws java.io.IOException {
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
    static void writeSsf(AtomicOutput ao, Path glmTsv, Path ssfOut, ObjectNode encodeQc) throws java.io.IOException {
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
