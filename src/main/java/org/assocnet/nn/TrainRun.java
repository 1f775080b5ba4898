package org.assocnet.nn;

import org.assocnet.core.Version;
import org.assocnet.core.Log;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assocnet.io.AtomicOutput;
import org.assocnet.io.Json;
import org.assocnet.matrix.Cohort;







/**
 * The train stage (STATISTICS.md section 3): K stratified folds, fold f's network never sees fold f's samples.
 * Writes OUT.model/ (config.json, folds.tsv, variants.tsv, fold-K.zip, heldout.tsv) and OUT.train.json through one atomic output.
 */
public final class TrainRun {
    private TrainRun() {}

    /**
     * Trains and writes the model bundle and its summary.
     *
     * @param screenFraction fraction of samples set aside to choose the inputs (FOLD -1, never scored); 0 = none
     * @param screenTop inputs kept by the screening set when {@code screenFraction > 0}
     */
    public static void run(String cohort, String out, TrainOptions o, double screenFraction, int screenTop) throws Exception {
        run(cohort, out, o, screenFraction, screenTop, null);
    }

    /** As above; {@code wide} non-null trains the wide network ({@link WideTrainer}) instead of the dense one. */
    public static void run(String cohort, String out, TrainOptions o, double screenFraction, int screenTop, WideOptions wide)
            throws Exception {
        if (wide != null) {
            runWide(cohort, out, o, wide);
            return;
        }
        long t0 = System.nanoTime();
        Path modelDir = Path.of(out + ".model");
        Path jsonPath = Path.of(out + ".train.json");
        AtomicOutput.precheck(modelDir, jsonPath);
        try (Cohort c = Cohort.open(cohort); AtomicOutput ao = new AtomicOutput()) {
            int n = c.matrix().samples();
            int[] y = c.samples().pheno();
            Log.info("train: %,d samples (%,d cases), %,d variants, %d covariates; %d folds, hidden %s, seed %d",
                    n, c.samples().cases(), c.matrix().variants(), c.samples().covariateNames().size(), o.folds(),
                    Arrays.toString(o.hidden()), o.seed());
            int[] fold = Folds.withScreening(y, o.folds(), o.seed(), screenFraction);
            if (screenFraction > 0) {
                Log.info("train: screening set of %,d samples (FOLD -1, never scored), %,d samples cross-fitted",
                        Arrays.stream(fold).filter(f -> f < 0).count(), Arrays.stream(fold).filter(f -> f >= 0).count());
            }
            long tl = System.nanoTime();
            InputData data = InputData.load(c, fold, o.folds(), o.maxVariants(), o.maxMemoryMb() * 1_000_000L,
                    screenFraction > 0 ? screenTop : 0);
            double loadSecs = (System.nanoTime() - tl) / 1e9;
            long tt = System.nanoTime();
            Trainer.Result r = Trainer.crossFit(data, fold, o);
            double trainSecs = (System.nanoTime() - tt) / 1e9;
            Divergence.warn(r);

            ObjectNode config = modelConfig(o, data, r, c);
            putScreenSet(config, fold, screenFraction, screenTop, o.seed());
            ModelBundle bundle = new ModelBundle(data.variantColumns, data.covariates, data.center, data.scale, fold,
                    c.samples().iid(), o.folds(), o.seed(), config, r.networks());
            Path tmpDir = ao.temp(modelDir);
            bundle.save(tmpDir);
            ModelCohort.write(tmpDir, c);
            writeHeldOut(tmpDir, c, fold, r.heldoutLogit());
            ObjectNode j = report(o, data, fold, r, c, loadSecs, trainSecs, (System.nanoTime() - t0) / 1e9);
            putScreenSet(j, fold, screenFraction, screenTop, o.seed());
            Json.write(ao.temp(jsonPath), j);
            ao.commit();
            logDone(j, modelDir, jsonPath);
        }
    }

    /** heldout.tsv: IID, FOLD, Y and held-out logit of every scored sample (the screening set, FOLD -1, is never scored). */
    private static void writeHeldOut(Path dir, Cohort c, int[] fold, double[] logit) throws java.io.IOException {
        int[] y = c.samples().pheno();
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("heldout.tsv"))) {
            w.write("IID\tFOLD\tY\tLOGIT\n");
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] < 0) continue;
                w.write(c.samples().iid().get(i) + "\t" + fold[i] + "\t" + y[i] + "\t" + logit[i] + "\n");
            }
        }
    }

    private static void logDone(ObjectNode j, Path modelDir, Path jsonPath) {
        ObjectNode pooled = (ObjectNode) j.get("pooled");
        Log.info("train: held-out AUC %.4f, log-loss %.4f, calibration slope %.3f intercept %.3f -> %s, %s",
                pooled.get("auc").asDouble(), pooled.get("logLoss").asDouble(),
                pooled.get("calibrationSlope").asDouble(), pooled.get("calibrationIntercept").asDouble(), modelDir, jsonPath);
    }

    private static void runWide(String cohort, String out, TrainOptions o, WideOptions w) throws Exception {
        long t0 = System.nanoTime();
        Path modelDir = Path.of(out + ".model");
        Path jsonPath = Path.of(out + ".train.json");
        AtomicOutput.precheck(modelDir, jsonPath);
        try (Cohort c = Cohort.open(cohort); AtomicOutput ao = new AtomicOutput()) {
            int n = c.matrix().samples();
            int[] y = c.samples().pheno();
            Log.info("train: %,d samples (%,d cases), %,d variants, %d covariates; %d folds, wide network (pairs %d, P <= %s), seed %d",
                    n, c.samples().cases(), c.matrix().variants(), c.samples().covariateNames().size(), o.folds(), w.pairs(),
                    w.pairP(), o.seed());
            int[] fold = Folds.withScreening(y, o.folds(), o.seed(), 0);
            long tl = System.nanoTime();
            WideData data = WideData.load(c, o.maxMemoryMb() * 1_000_000L, Math.min(o.threads(), o.folds()), o.folds());
            double loadSecs = (System.nanoTime() - tl) / 1e9;
            long tt = System.nanoTime();
            WideTrainer.Result r = WideTrainer.crossFit(c, data, fold, o, w);
            double trainSecs = (System.nanoTime() - tt) / 1e9;
            int p = data.p, k = data.covariates.size();
            int[] columns = r.model().columns;
            double[] center = new double[p + k], scale = new double[p + k];
            for (int j = 0; j < p; j++) {
                center[j] = data.center[j][0];
                scale[j] = data.scale[j][0];
            }
            for (int q = 0; q < k; q++) {
                center[p + q] = data.covCenter[q];
                scale[p + q] = data.covScale[q];
            }
            ObjectNode config = wideConfig(o, w, data, r, c);
            putScreenSet(config, fold, 0, 0, o.seed());
            ModelBundle bundle = new ModelBundle(columns, data.covariates, center, scale, fold, c.samples().iid(), o.folds(),
                    o.seed(), config, java.util.List.of());
            Path tmpDir = ao.temp(modelDir);
            bundle.save(tmpDir);
            r.model().save(tmpDir);
            ModelCohort.write(tmpDir, c);
            writeHeldOut(tmpDir, c, fold, r.heldoutLogit());
            InputData shape = InputData.shapeOnly(n, p + k, y, columns, data.covariates);
            ObjectNode j = report(o, shape, fold, new Trainer.Result(java.util.List.of(), r.folds(), r.heldoutLogit()), c,
                    loadSecs, trainSecs, (System.nanoTime() - t0) / 1e9);
            j.set("architecture", config.get("architecture"));
            j.set("wide", config.get("wide"));
            putScreenSet(j, fold, 0, 0, o.seed());
            Json.write(ao.temp(jsonPath), j);
            ao.commit();
            logDone(j, modelDir, jsonPath);
        }
    }

    private static ObjectNode wideConfig(TrainOptions o, WideOptions w, WideData data, WideTrainer.Result r, Cohort c) {
        ObjectNode cfg = Json.object();
        cfg.put("tool", "assocnet train " + Version.get());
        cfg.put("cohort", c.prefix());
        cfg.put("samples", data.n);
        cfg.put("inputs", data.p + data.covariates.size());
        cfg.put("variantInputs", data.p);
        cfg.putArray("hidden");
        ObjectNode arch = cfg.putObject("architecture");
        arch.put("type", "wide");
        arch.put("description", "logit = intercept + covariates (unpenalised) + per variant additive, dominant and recessive"
                + " terms (elastic net, penalty by validation loss) + one ReLU block (9 one-hot genotype cells -> "
                + PairBlock.UNITS + " ReLU -> 1) per pair nominated by the exhaustive 3x3x2 scan on the fold's training"
                + " samples; sigmoid output, binary cross-entropy; blocks trained by full-batch Adam, early-stopped");
        cfg.set("hyperparameters", o.toJson());
        cfg.set("wide", wideSummary(w, r));
        cfg.put("normalization", "wide.tsv: each variant term (g, [g>=1], [g==2]) standardised by its called-sample mean and"
                + " population SD over all samples, without labels; missing -> 0");
        ObjectNode scr = cfg.putObject("screening");
        scr.put("screened", false);
        ArrayNode shifts = cfg.putArray("foldLogitShift");
        for (Trainer.FoldResult fr : r.folds()) shifts.add(fr.logitShift());
        return cfg;
    }

    private static ObjectNode wideSummary(WideOptions w, WideTrainer.Result r) {
        ObjectNode o = w.toJson();
        ArrayNode fa = o.putArray("folds");
        for (int f = 0; f < r.model().folds(); f++) {
            WideModel.Fold fo = r.model().folds[f];
            ObjectNode x = fa.addObject();
            x.put("fold", f);
            x.put("lambda", fo.lambda());
            x.put("selectedTerms", fo.selected());
            x.put("directionOnlyVariants", fo.directionOnly());
            x.put("relaxation", fo.relax());
            ArrayNode pa = x.putArray("pairs");
            for (PairBlock pb : fo.pairs()) {
                ObjectNode q = pa.addObject();
                q.put("variantA", pb.a());
                q.put("variantB", pb.b());
                q.put("scanP", pb.scanP());
            }
        }
        return o;
    }

    private static ObjectNode modelConfig(TrainOptions o, InputData data, Trainer.Result r, Cohort c) {
        ObjectNode cfg = Json.object();
        cfg.put("tool", "assocnet train " + Version.get());
        cfg.put("cohort", c.prefix());
        cfg.put("samples", data.n);
        cfg.put("inputs", data.d);
        cfg.put("variantInputs", data.variantInputs());
        ArrayNode h = cfg.putArray("hidden");
        for (int v : o.hidden()) h.add(v);
        ObjectNode arch = cfg.putObject("architecture");
        arch.put("type", "MultiLayerNetwork");
        ArrayNode layers = arch.putArray("layers");
        for (int v : o.hidden()) {
            ObjectNode l = layers.addObject();
            l.put("type", "dense");
            l.put("units", v);
            l.put("activation", "relu");
        }
        ObjectNode ol = layers.addObject();
        ol.put("type", "output");
        ol.put("units", 1);
        ol.put("activation", "sigmoid");
        ol.put("loss", "binary cross-entropy (XENT)");
        arch.put("weightInit", "xavier_uniform (glorot_uniform), zero biases");
        arch.put("optimizer", "adam");
        arch.put("dataType", "float32");
        cfg.set("hyperparameters", o.toJson());
        cfg.put("normalization", "input c = (x - center[c]) / scale[c]; missing -> 0; center = called-sample mean, "
                + "scale = population SD (1 if constant), computed on all samples without labels");
        ObjectNode scr = cfg.putObject("screening");
        scr.put("screened", data.screened);
        scr.put("maxVariants", o.maxVariants());
        scr.put("statistic", "Armitage trend n*r^2 on the fold's training samples");
        if (data.screened) {
            ArrayNode fd = scr.putArray("foldDroppedInputs");
            for (int[] dr : data.foldDropped) {
                ArrayNode a = fd.addArray();
                for (int v : dr) a.add(v);
            }
        }
        ArrayNode shifts = cfg.putArray("foldLogitShift");
        for (Trainer.FoldResult fr : r.folds()) shifts.add(fr.logitShift());
        return cfg;
    }

    private static ObjectNode report(TrainOptions o, InputData data, int[] fold, Trainer.Result r, Cohort c, double loadSecs,
            double trainSecs, double totalSecs) {
        ObjectNode j = Json.stageHeader("train");
        int[] scored = java.util.stream.IntStream.range(0, data.n).filter(i -> fold[i] >= 0).toArray();
        j.put("cohort", c.prefix());
        j.put("samples", data.n);
        int cases = Arrays.stream(data.y).sum();
        j.put("cases", cases);
        j.put("controls", data.n - cases);
        j.put("variants", c.matrix().variants());
        j.put("variantInputs", data.variantInputs());
        ArrayNode cv = j.putArray("covariates");
        data.covariates.forEach(cv::add);
        j.put("inputs", data.d);
        j.put("screened", data.screened);
        j.put("scoredSamples", scored.length);
        j.put("seed", o.seed());
        j.put("threads", o.threads());
        String omp = System.getenv("OMP_NUM_THREADS");
        j.put("ompNumThreads", omp == null ? "unset" : omp);
        j.set("hyperparameters", o.toJson());
        ArrayNode fa = j.putArray("folds");
        for (Trainer.FoldResult fr : r.folds()) {
            int[] idx = java.util.stream.IntStream.range(0, data.n).filter(i -> fold[i] == fr.fold()).toArray();
            ObjectNode f = fa.addObject();
            f.put("fold", fr.fold());
            f.put("heldoutSamples", fr.heldoutSamples());
            f.put("trainSamples", fr.trainSamples());
            f.put("validationSamples", fr.valSamples());
            f.put("epochsRun", fr.epochsRun());
            f.put("bestEpoch", fr.bestEpoch());
            f.put("logitShift", fr.logitShift());
            f.put("seconds", fr.seconds());
            metrics(f, sub(data.y, idx), sub(r.heldoutLogit(), idx));
            ArrayNode tl = f.putArray("trainLoss");
            for (double v : fr.trainLoss()) tl.add(v);
            ArrayNode vl = f.putArray("validationLoss");
            for (double v : fr.valLoss()) vl.add(v);
        }
        metrics(j.putObject("pooled"), sub(data.y, scored), sub(r.heldoutLogit(), scored));
        ObjectNode t = j.putObject("timings");
        t.put("loadSeconds", loadSecs);
        t.put("trainSeconds", trainSecs);
        t.put("foldSecondsSum", r.folds().stream().mapToDouble(Trainer.FoldResult::seconds).sum());
        t.put("totalSeconds", totalSecs);
        j.put("peakRssBytes", peakRss());
        return j;
    }

    /** The screening set (train --screen-fraction), recorded in config.json and train.json. */
    private static void putScreenSet(ObjectNode j, int[] fold, double screenFraction, int screenTop, long seed) {
        ObjectNode s = j.putObject("screenSet");
        s.put("fraction", screenFraction);
        s.put("samples", Arrays.stream(fold).filter(f -> f < 0).count());
        s.put("top", screenFraction > 0 ? screenTop : 0);
        s.put("statistic", "Armitage trend n*r^2 on the screening-set samples only (FOLD -1, never trained on or scored)");
        s.put("seed", seed);
    }

    private static void metrics(ObjectNode f, int[] y, double[] logit) {
        f.put("auc", Metrics.auc(y, logit));
        f.put("logLoss", Metrics.logLoss(y, logit));
        double[] cal = Metrics.calibration(y, logit);
        f.put("calibrationIntercept", cal[0]);
        f.put("calibrationSlope", cal[1]);
        double[][] roc = Metrics.roc(y, logit, 101);
        ObjectNode ro = f.putObject("roc");
        ArrayNode fp = ro.putArray("fpr");
        ArrayNode tp = ro.putArray("tpr");
        for (int i = 0; i < roc[0].length; i++) {
            fp.add(roc[0][i]);
            tp.add(roc[1][i]);
        }
    }

    private static int[] sub(int[] a, int[] idx) {
        int[] o = new int[idx.length];
        for (int i = 0; i < idx.length; i++) o[i] = a[idx[i]];
        return o;
    }

    private static double[] sub(double[] a, int[] idx) {
        double[] o = new double[idx.length];
        for (int i = 0; i < idx.length; i++) o[i] = a[idx[i]];
        return o;
    }

    /** Peak resident set size of this process (VmHWM), or -1 where /proc is unavailable. */
    private static long peakRss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }
}
