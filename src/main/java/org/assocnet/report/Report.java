package org.assocnet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assocnet.core.Log;
import org.assocnet.io.AtomicOutput;
import org.assocnet.io.Json;
import org.assocnet.stats.MultipleTesting;
import org.assocnet.io.JsonInputs;
import org.assocnet.io.TsvTable;
import org.assocnet.merge.Merger;

/**
 * assocnet report: the association table, plots, a self-contained HTML page, MultiQC custom content and a
 * JSON of every headline number (the HTML shows exactly those numbers).
 */
public final class Report {
    private Report() {}

    /** Inputs and options of one report. */
    public record Options(Path glm, Path nn, List<Path> train, List<Path> encode, Path mergeJson, double fdr,
            int topHits, int labels, boolean bgzip, boolean png, Path epistasis, List<Path> nnPairs, int pairPanels) {}

    public static final double GENOME_WIDE = 5e-8;

    public static void run(Options o, Path out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        List<Path> cleanup = new ArrayList<>();
        for (Path t : o.train()) JsonInputs.requireStage(t, "train");
        for (Path e : o.encode()) JsonInputs.requireStage(e, "encode");
        if (o.mergeJson() != null) JsonInputs.requireStage(o.mergeJson(), "merge");
        try (AtomicOutput ao = new AtomicOutput()) {
            Path glm = o.glm(), nn = o.nn();
            Path assoc = Path.of(out + (o.bgzip() ? ".assoc.tsv.gz" : ".assoc.tsv"));
            Path tbi = o.bgzip() ? Path.of(assoc + ".tbi") : null;
            Path assocTmp = ao.temp(assoc), tbiTmp = tbi == null ? null : ao.temp(tbi);
            long t0 = System.nanoTime();
            AssocJoin.Result res;
            try {
                res = AssocJoin.run(glm, nn, assocTmp, tbiTmp, o.fdr(), o.topHits());
            } catch (AssocJoin.Unsorted e) {
                // rare: tables not written by merge; sort copies and join again
                glm = AssocJoin.sortedCopy(glm, Merger.GLM, dir, cleanup);
                if (nn != null) nn = AssocJoin.sortedCopy(nn, Merger.NN, dir, cleanup);
                res = AssocJoin.run(glm, nn, assocTmp, tbiTmp, o.fdr(), o.topHits());
            }
            if (res.glmRows == 0) throw new org.assocnet.core.UserException(o.glm() + ": no variant rows (header only?): nothing to report");
            if (nn != null && res.nnRows == 0) throw new org.assocnet.core.UserException(o.nn() + ": no variant rows (header only?)");
            Log.info("association table: %,d variants (%.1f s)", res.rows, (System.nanoTime() - t0) / 1e9);

            ModelInfo model = ModelInfo.read(o.train());
            ObjectNode mergeJson = o.mergeJson() == null ? null : JsonInputs.read(o.mergeJson());
            ObjectNode encodeQc = !o.encode().isEmpty() ? JsonInputs.combineEncodeQc(o.encode())
                    : mergeJson != null && mergeJson.has("encode") ? (ObjectNode) mergeJson.get("encode") : null;
            if (o.train().isEmpty() && mergeJson != null && mergeJson.has("train")) {
                for (JsonNode t : mergeJson.get("train")) if (t.isObject()) model.metrics.add((ObjectNode) t);
                if (Double.isNaN(model.auc)) model.auc = JsonInputs.findNumber(mergeJson.get("train"), ModelInfo.AUC);
            }

            ObjectNode summary = summary(o, res, model, encodeQc);

            // plots
            t0 = System.nanoTime();
            Path plotsDir = Path.of(out + ".plots");
            Path plotsTmp = ao.temp(plotsDir);
            Files.createDirectories(plotsTmp);
            List<Plot> plots = new ArrayList<>();
            Map<String, String> notes = new LinkedHashMap<>();
            double[] gp = res.points.glmP(), np = res.points.nnP();
            boolean haveNn = nn != null && MultipleTesting.tested(np) > 0;
            plots.add(Plots.manhattan("manhattan_glm", "GLM: Manhattan plot", res.points, 0, o.labels()));
            if (haveNn) plots.add(Plots.manhattan("manhattan_nn", "Network (NN_P): Manhattan plot", res.points, 1, o.labels()));
            if (haveNn && MultipleTesting.tested(res.points.contribP()) > 0) {
                plots.add(Plots.manhattan("manhattan_contrib", "Network's own evidence (CONTRIB_P: the contribution test alone):"
                        + " Manhattan plot", res.points, 2, o.labels()));
            }
            plots.add(Plots.qq("qq_glm", "GLM: QQ plot", gp, summary.path("glm").path("lambda").asDouble(Double.NaN), "#1f4e79"));
            if (haveNn) {
                plots.add(Plots.qq("qq_nn", "Network (NN_P): QQ plot", np, summary.path("nn").path("lambda").asDouble(Double.NaN), "#a0522d"));
                plots.add(Plots.scatter("effects_glm_vs_nn", res.points));
                List<TopHits.Hit> rh = res.top.withRisks(6);
                if (!rh.isEmpty()) plots.add(Plots.riskPanels("genotype_risks", rh));
                else notes.put("genotype_risks", "No top hit has RISK_0/1/2 values: genotype-risk panels skipped.");
            } else {
                notes.put("manhattan_nn", "No network results (--nn): network plots skipped.");
            }
            if (model.hasCurves()) {
                List<Plots.Series> s = new ArrayList<>();
                int k = 0;
                for (ModelInfo.Fold f : model.folds) {
                    if (f.trainLoss() != null) s.add(new Plots.Series(f.label() + " train", seq(f.trainLoss().length), f.trainLoss(), k, false));
                    if (f.valLoss() != null) s.add(new Plots.Series(f.label() + " validation", seq(f.valLoss().length), f.valLoss(), k, true));
                    if (f.trainLoss() != null || f.valLoss() != null) k++;
                }
                plots.add(Plots.lines("training_curves", "Loss per epoch: training (solid), validation (dashed)", "epoch", "loss", s, false, false));
            } else {
                notes.put("training_curves", o.train().isEmpty() ? "No --train JSON given: training curves skipped."
                        : "The train JSON has no per-epoch loss arrays: training curves skipped.");
            }
            if (model.hasRoc()) {
                List<Plots.Series> s = new ArrayList<>();
                for (ModelInfo.Fold f : model.folds) {
                    if (f.fpr() != null) {
                        String l = f.label() + (Double.isNaN(f.auc()) ? "" : " AUC " + String.format(java.util.Locale.ROOT, "%.3f", f.auc()));
                        s.add(new Plots.Series(l, f.fpr(), f.tpr()));
                    }
                }
                plots.add(Plots.lines("roc_heldout", "Held-out ROC per fold", "false positive rate", "true positive rate", s, true, true));
            } else {
                notes.put("roc_heldout", o.train().isEmpty() ? "No --train JSON given: ROC curves skipped."
                        : "The train JSON has no held-out ROC points (fpr/tpr): ROC plot skipped.");
            }
            // pair sections: the exhaustive scan and the network's pair test, each with its own table and plots
            List<PairSection> sections = new ArrayList<>();
            if (o.epistasis() != null) sections.add(EpistasisPairs.read(o.epistasis(), res.points, o.topHits(), o.pairPanels()));
            if (!o.nnPairs().isEmpty()) sections.add(NetworkPairs.read(o.nnPairs(), o.topHits(), o.pairPanels()));
            for (PairSection sec : sections) {
                summary.set(sec.key(), sec.summary());
                plots.addAll(sec.plots());
            }
            Map<String, String> svgs = new LinkedHashMap<>();
            for (Plot p : plots) {
                long t1 = System.nanoTime();
                String svg = p.svg();
                long t2 = System.nanoTime();
                svgs.put(p.name(), svg);
                Files.writeString(plotsTmp.resolve(p.name() + ".svg"), svg, StandardCharsets.UTF_8);
                if (o.png()) Files.write(plotsTmp.resolve(p.name() + ".png"), p.png(2));
                Log.info("plot %s: SVG %.2f s%s", p.name(), (t2 - t1) / 1e9,
                        o.png() ? String.format(java.util.Locale.ROOT, ", PNG %.2f s", (System.nanoTime() - t2) / 1e9) : "");
            }
            Log.info("plots: %d (%.1f s)", plots.size(), (System.nanoTime() - t0) / 1e9);
            ArrayNode skipped = summary.putArray("plots_skipped");
            notes.values().forEach(skipped::add);
            sections.forEach(sec -> sec.notes().forEach(skipped::add));
            ArrayNode made = summary.putArray("plots");
            svgs.keySet().forEach(made::add);

            Json.write(ao.temp(Path.of(out + ".summary.json")), summary);
            Files.writeString(ao.temp(Path.of(out + ".report.html")), Html.page(summary, svgs, notes, res.top.sorted(), model, sections), StandardCharsets.UTF_8);
            MultiQc.write(summary, out.getFileName().toString(), ao.temp(Path.of(out + "_mqc.json")), ao.temp(Path.of(out + ".qc_mqc.tsv")));
            ao.commit();
        } finally {
            for (Path p : cleanup) Files.deleteIfExists(p);
        }
        Log.info("wrote %s.report.html, %s.summary.json, %s.assoc.tsv%s, %s.plots/", out, out, out, o.bgzip() ? ".gz (+.tbi)" : "", out);
    }

    static double[] seq(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }

    static void putNum(ObjectNode o, String k, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) o.putNull(k);
        else if (v == Math.rint(v) && Math.abs(v) < 1e15) o.put(k, (long) v);
        else o.put(k, v);
    }

    static ObjectNode testSummary(double[] p, double fdr, double[] q) {
        ObjectNode t = Json.object();
        int m = MultipleTesting.tested(p);
        t.put("tested", m);
        putNum(t, "lambda", MultipleTesting.genomicControlLambda(p));
        t.put("p_below_5e-8", MultipleTesting.countBelow(p, GENOME_WIDE));
        putNum(t, "bonferroni_threshold", m > 0 ? 0.05 / m : Double.NaN);
        t.put("p_below_bonferroni", m > 0 ? MultipleTesting.countBelow(p, 0.05 / m) : 0);
        t.put("q_below_fdr", MultipleTesting.countBelow(q, fdr));
        double min = Double.NaN;
        for (double v : p) if (!Double.isNaN(v) && !(v >= min)) min = v;
        putNum(t, "min_p", min);
        return t;
    }

    static ObjectNode summary(Options o, AssocJoin.Result res, ModelInfo model, ObjectNode encodeQc) throws IOException {
        ObjectNode s = Json.stageHeader("report");
        ObjectNode in = s.putObject("inputs");
        in.put("glm", o.glm().toString());
        if (o.nn() != null) in.put("nn", o.nn().toString());
        ArrayNode tr = in.putArray("train");
        o.train().forEach(p -> tr.add(p.toString()));
        ArrayNode en = in.putArray("encode");
        o.encode().forEach(p -> en.add(p.toString()));
        if (o.mergeJson() != null) in.put("merge_json", o.mergeJson().toString());
        if (o.epistasis() != null) in.put("epistasis", o.epistasis().toString());
        ArrayNode pairFiles = in.putArray("nn_pairs");
        o.nnPairs().forEach(p -> pairFiles.add(p.toString()));
        s.put("fdr", o.fdr());

        // cohort: from encode QC (sample counts), else train.json
        ObjectNode c = s.putObject("cohort");
        JsonNode samples = encodeQc == null ? null : encodeQc.get("samples");
        double n = firstNonNaN(JsonInputs.findNumber(samples, "samples.kept", "matrix.samples", "samples_kept", "samples_after_qc", "kept_samples", "samples", "n_samples", "samples_out", "n"), model.samples);
        double cases = firstNonNaN(JsonInputs.findNumber(samples, "samples.cases", "cases", "n_cases", "samples_cases"), model.cases);
        double controls = firstNonNaN(JsonInputs.findNumber(samples, "samples.controls", "controls", "n_controls", "samples_controls"), model.controls);
        if (encodeQc != null) {
            // sample-count keys are only in "samples"; cases/controls may be among them under any prefix
            for (var it = samples == null ? null : samples.fields(); it != null && it.hasNext(); ) {
                var e = it.next();
                String k = e.getKey().toLowerCase(java.util.Locale.ROOT);
                if (Double.isNaN(cases) && k.contains("case")) cases = e.getValue().asDouble();
                if (Double.isNaN(controls) && k.contains("control")) controls = e.getValue().asDouble();
            }
        }
        putNum(c, "samples", n);
        putNum(c, "cases", cases);
        putNum(c, "controls", controls);

        ObjectNode v = s.putObject("variants");
        v.put("in_report", res.rows);
        v.put("in_glm_table", res.glmRows);
        v.put("in_nn_table", res.nnRows);
        v.put("glm_only_rows", res.glmOnlyRows);
        v.put("nn_only_rows", res.nnOnlyRows);
        ObjectNode qc = s.putObject("qc");
        if (encodeQc != null && encodeQc.has("summed")) qc.set("encode_counts", encodeQc.get("summed"));
        if (encodeQc != null && encodeQc.has("samples")) qc.set("encode_sample_counts", encodeQc.get("samples"));

        double[] gp = res.points.glmP(), np = res.points.nnP();
        s.set("glm", testSummary(gp, o.fdr(), qColumn(res, false)));
        if (o.nn() != null) s.set("nn", testSummary(np, o.fdr(), qColumn(res, true)));

        ObjectNode ag = s.putObject("agreement");
        res.agreement.forEach((a, k) -> ag.put(a.label, k));
        ObjectNode av = s.putObject("agreement_variants");
        res.listed.forEach((a, ids) -> {
            if (!ids.isEmpty()) ids.forEach(av.putArray(a.label)::add);
        });
        ObjectNode pa = s.putObject("pattern");
        res.pattern.forEach(pa::put);

        ObjectNode mo = s.putObject("model");
        putNum(mo, "heldout_auc_mean", model.auc);
        ArrayNode mf = mo.putArray("train_files");
        model.metrics.forEach(mf::add);

        ArrayNode top = s.putArray("top_hits");
        int k = 0;
        for (TopHits.Hit h : res.top.sorted()) {
            if (k++ >= 10) break;
            ObjectNode t = top.addObject();
            for (String col : new String[] {"CHROM", "POS", "ID", "REF", "ALT", "GLM_OR", "GLM_P", "GLM_Q_BH", "NN_OR", "NN_P", "NN_Q", "AGREEMENT", "PATTERN"}) {
                String val = h.f(col);
                if (col.equals("POS")) t.put(col, Long.parseLong(val));
                else if (col.startsWith("GLM_") || col.startsWith("NN_")) putNum(t, col, TsvTable.parseNumber("assoc", 0, col, val));
                else t.put(col, val);
            }
        }
        return s;
    }

    static double firstNonNaN(double a, double b) {
        return Double.isNaN(a) ? b : a;
    }

    /** q-values as read from the table (Q_BH / NN_Q), rebuilt from the P arrays by BH for the counts. */
    static double[] qColumn(AssocJoin.Result res, boolean nn) {
        return MultipleTesting.benjaminiHochberg(nn ? res.points.nnP() : res.points.glmP());
    }
}
