package org.assocnet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assocnet.io.Json;

/**
 * MultiQC custom content (files MultiQC picks up by their "_mqc" suffix): a table section with the headline
 * numbers (OUT_mqc.json: id, section_name, description, plot_type "table", pconfig, data keyed by run
 * name), and the encode QC counts as a bar graph (OUT.qc_mqc.tsv, with the '#' YAML header lines).
 */
public final class MultiQc {
    private MultiQc() {}

    public static void write(ObjectNode summary, String run, Path json, Path tsv) throws IOException {
        ObjectNode o = Json.object();
        o.put("id", "assocnet_summary");
        o.put("section_name", "assocnet");
        o.put("description", "GLM and neural-network association summary (from " + run + ".summary.json): "
                + "genomic-control lambda, significant counts, held-out AUC.");
        o.put("plot_type", "table");
        ObjectNode pc = o.putObject("pconfig");
        pc.put("id", "assocnet_summary_table");
        pc.put("title", "assocnet: association summary");
        ObjectNode row = o.putObject("data").putObject(run);
        copy(summary, "cohort.samples", row, "samples");
        copy(summary, "cohort.cases", row, "cases");
        copy(summary, "cohort.controls", row, "controls");
        copy(summary, "glm.tested", row, "variants_tested_glm");
        copy(summary, "glm.lambda", row, "lambda_glm");
        copy(summary, "glm.p_below_5e-8", row, "glm_p_below_5e-8");
        copy(summary, "glm.q_below_fdr", row, "glm_q_below_fdr");
        copy(summary, "nn.tested", row, "variants_tested_nn");
        copy(summary, "nn.lambda", row, "lambda_nn");
        copy(summary, "nn.p_below_5e-8", row, "nn_p_below_5e-8");
        copy(summary, "nn.q_below_fdr", row, "nn_q_below_fdr");
        copy(summary, "model.heldout_auc_mean", row, "heldout_auc");
        copy(summary, "agreement.both", row, "agree_both");
        copy(summary, "agreement.glm_only", row, "glm_only");
        copy(summary, "agreement.nn_only", row, "nn_only");
        Json.write(json, o);

        try (BufferedWriter w = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8)) {
            w.write("# id: 'assocnet_qc'\n");
            w.write("# section_name: 'assocnet QC counts'\n");
            w.write("# description: 'Variant and sample QC counts summed over chunks, from the encode JSONs.'\n");
            w.write("# plot_type: 'bargraph'\n");
            w.write("# pconfig:\n#    id: 'assocnet_qc_bargraph'\n#    title: 'assocnet: QC counts'\n");
            JsonNode counts = summary.path("qc").path("encode_counts");
            StringBuilder head = new StringBuilder("Sample");
            StringBuilder vals = new StringBuilder(run.replace('\t', ' '));
            counts.fields().forEachRemaining(e -> {
                head.append('\t').append(e.getKey());
                vals.append('\t').append(e.getValue().asText());
            });
            if (!counts.fields().hasNext()) {
                head.append("\tvariants_in_report");
                vals.append('\t').append(summary.path("variants").path("in_report").asText());
            }
            w.write(head + "\n" + vals + "\n");
        }
    }

    static void copy(ObjectNode s, String path, ObjectNode row, String key) {
        JsonNode v = Html.lookup(s, path);
        if (v != null && v.isNumber()) row.set(key, v);
    }
}
