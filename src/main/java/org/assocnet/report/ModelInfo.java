package org.assocnet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.assocnet.io.Json;
import org.assocnet.io.JsonInputs;
import org.assocnet.io.TsvTable;

/**
 * What the report takes from train.json files, read defensively (the train stage owns the format): scalar
 * metrics, and per fold the loss curves and held-out ROC points when the file has them.
 */
public final class ModelInfo {
    /** One fold's curves; arrays are null when absent. */
    public record Fold(String label, double[] trainLoss, double[] valLoss, double[] fpr, double[] tpr, double auc) {}

    public final List<ObjectNode> metrics = new ArrayList<>();
    public final List<Fold> folds = new ArrayList<>();
    /** Mean held-out AUC over the files that report one, NaN when none does. */
    public double auc = Double.NaN;
    public double samples = Double.NaN, cases = Double.NaN, controls = Double.NaN;

    static final String[] AUC = {"heldout_auc", "held_out_auc", "oof_auc", "cv_auc", "test_auc", "auc", "AUC"};
    static final String[] TRAIN_LOSS = {"train_loss", "trainLoss", "loss_train", "training_loss", "loss"};
    static final String[] VAL_LOSS = {"validationLoss", "val_loss", "valLoss", "validation_loss", "loss_val", "valid_loss", "inner_val_loss"};

    public static ModelInfo read(List<Path> files) throws IOException {
        ModelInfo m = new ModelInfo();
        double aucSum = 0;
        int aucN = 0;
        for (int k = 0; k < files.size(); k++) {
            Path f = files.get(k);
            ObjectNode root = JsonInputs.read(f);
            m.metrics.add(JsonInputs.trainMetrics(f));
            // train.json: pooled held-out metrics ("pooled"), else the file's first AUC-like number
            double auc = JsonInputs.findNumber(root.get("pooled"), AUC);
            if (Double.isNaN(auc)) auc = JsonInputs.findNumber(root, AUC);
            if (!Double.isNaN(auc)) {
                aucSum += auc;
                aucN++;
            }
            if (Double.isNaN(m.samples)) m.samples = JsonInputs.findNumber(root, "samples", "n_samples", "n");
            if (Double.isNaN(m.cases)) m.cases = JsonInputs.findNumber(root, "cases", "n_cases");
            if (Double.isNaN(m.controls)) m.controls = JsonInputs.findNumber(root, "controls", "n_controls");
            JsonNode folds = root.get("folds");
            String prefix = files.size() > 1 ? "chunk " + (k + 1) + " " : "";
            if (folds != null && folds.isArray()) {
                for (int i = 0; i < folds.size(); i++) {
                    JsonNode fo = folds.get(i);
                    if (!fo.isObject()) continue;
                    double fid = JsonInputs.findNumber(fo, "fold");
                    String label = prefix + "fold " + (Double.isNaN(fid) ? i : (long) fid);
                    m.folds.add(fold(label, fo));
                }
                JsonNode pooled = root.get("pooled");
                if (pooled != null && pooled.isObject()) {
                    Fold p = fold(prefix + "pooled", pooled);
                    if (p.fpr() != null) m.folds.add(new Fold(p.label(), null, null, p.fpr(), p.tpr(), p.auc()));
                }
            } else {
                m.folds.add(fold(prefix + "model", root));
            }
        }
        if (aucN > 0) m.auc = aucSum / aucN;
        m.folds.removeIf(f -> f.trainLoss == null && f.valLoss == null && f.fpr == null);
        return m;
    }

    private static Fold fold(String label, JsonNode n) {
        double[] fpr = JsonInputs.findArray(n, "fpr", "roc_fpr");
        double[] tpr = JsonInputs.findArray(n, "tpr", "roc_tpr");
        if (fpr != null && (tpr == null || tpr.length != fpr.length)) fpr = tpr = null;
        return new Fold(label, JsonInputs.findArray(n, TRAIN_LOSS), JsonInputs.findArray(n, VAL_LOSS), fpr, tpr,
                JsonInputs.findNumber(n, AUC));
    }

    public boolean hasCurves() {
        return folds.stream().anyMatch(f -> f.trainLoss != null || f.valLoss != null);
    }

    public boolean hasRoc() {
        return folds.stream().anyMatch(f -> f.fpr != null);
    }

    /** Scalar metrics flattened to "path: value" pairs per file, for the HTML table. */
    public static void flatten(JsonNode n, String prefix, Map<String, String> out) {
        if (n == null) return;
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            var e = it.next();
            String p = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) flatten(v, p, out);
            else if (v.isNumber()) out.put(p, TsvTable.fmt(v.asDouble()));
            else if (v.isValueNode()) out.put(p, v.asText());
        }
    }

    static ObjectNode empty() {
        return Json.object();
    }
}
