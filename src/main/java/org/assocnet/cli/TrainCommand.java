package org.assocnet.cli;

import org.assocnet.core.Version;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.assocnet.io.AtomicOutput;
import org.assocnet.io.Json;
import org.assocnet.matrix.Cohort;
import org.assocnet.nn.Folds;
import org.assocnet.nn.InputData;
import org.assocnet.nn.Metrics;
import org.assocnet.nn.ModelBundle;
import org.assocnet.nn.TrainOptions;
import org.assocnet.nn.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assocnet train}: the cross-fitted sigmoid classifier (STATISTICS.md section 3). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the cross-fitted network: K stratified folds, fold f's model never sees fold f.",
            "Writes OUT.model/ (config.json, folds.tsv, fold-K.zip, heldout.tsv) and OUT.train.json."})
public final class TrainCommand implements Callable<Integer> {
    private static final TrainOptions D = TrainOptions.defaults();

    @Option(names = "--cohort", required = true, paramLabel = "PREFIX", description = "Cohort written by 'assocnet encode'.")
    String cohort;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output prefix (OUT.model/, OUT.train.json).")
    String out;

    @Option(names = "--folds", defaultValue = "5", description = "Cross-fitting folds, stratified by label (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--hidden", defaultValue = "64", split = ",", paramLabel = "N[,N...]", hideParamSyntax = true,
            description = "Dense ReLU layer sizes, input side first (default ${DEFAULT-VALUE}). '--hidden 60' is the classic Dense(60, relu) -> Dense(1, sigmoid); '--hidden 0' = no hidden layer (penalised logistic regression).")
    int[] hidden;

    @Option(names = "--epochs", defaultValue = "200", description = "Maximum epochs per fold (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Minibatch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--l1", defaultValue = "0.01", description = "L1 penalty on the first layer's weights (input selection), 0 = off (default ${DEFAULT-VALUE}).")
    double l1;

    @Option(names = "--l2", defaultValue = "0.01", description = "L2 penalty on weights, 0 = off (default ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--dropout", defaultValue = "0.2", description = "Dropout probability on hidden activations, 0 = off (default ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--patience", defaultValue = "10",
            description = "Early stopping: epochs without improvement of the validation loss; 0 = off, train all --epochs (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--val-fraction", defaultValue = "0.15",
            description = "Share of each class of the training folds held back for early stopping (default ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--class-weight", defaultValue = "balanced", paramLabel = "balanced|none",
            description = "balanced: weight classes equally in the loss, then shift the output bias back so probabilities stay calibrated (default ${DEFAULT-VALUE}).")
    String classWeight;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "1",
            description = "Folds trained concurrently; results are identical for any value (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-variants", defaultValue = "20000",
            description = "With more variants than this, keep this many per fold ranked by the trend test on that fold's training samples; 0 = keep all (default ${DEFAULT-VALUE}).")
    int maxVariants;

    @Option(names = "--screen-fraction", defaultValue = "0",
            description = "Hold out this stratified random share of the samples (seeded) as a screening set: it only ranks variants for --screen-top, is never trained on or scored (FOLD -1 in folds.tsv); cross-fitting runs on the rest. 0 = off (default ${DEFAULT-VALUE}).")
    double screenFraction;

    @Option(names = "--screen-top", defaultValue = "200",
            description = "With --screen-fraction > 0: the inputs of every fold model are the top N variants by the trend test on the screening set; --max-variants is then ignored (default ${DEFAULT-VALUE}).")
    int screenTop;

    @Option(names = "--max-memory", defaultValue = "2048", paramLabel = "MB",
            description = "Fail if the float input matrix (samples x inputs x 4 bytes) exceeds this (default ${DEFAULT-VALUE}).")
    long maxMemoryMb;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        TrainOptions o = options();
        Path modelDir = Path.of(out + ".model");
        Path jsonPath = Path.of(out + ".train.json");
        try (Cohort c = Cohort.open(cohort); AtomicOutput ao = new AtomicOutput()) {
            int n = c.matrix().samples();
            int[] y = c.samples().pheno();
            for (int i = 0; i < n; i++) {
                if (y[i] != 0 && y[i] != 1) {
                    throw UserException.at(Cohort.samplesPath(cohort), i + 2, "PHENO", "expected 0 or 1, found " + y[i]);
                }
            }
            Log.info("train: %,d samples (%,d cases), %,d variants, %d covariates; %d folds, hidden %s, seed %d",
                    n, c.samples().cases(), c.matrix().variants(), c.samples().covariateNames().size(), folds,
                    Arrays.toString(hidden), seed);
            int[] fold = Folds.withScreening(y, folds, seed, screenFraction);
            if (screenFraction > 0) {
                Log.info("train: screening set of %,d samples (FOLD -1, never scored), %,d samples cross-fitted",
                        Arrays.stream(fold).filter(f -> f < 0).count(), Arrays.stream(fold).filter(f -> f >= 0).count());
            }
            long tl = System.nanoTime();
            InputData data = InputData.load(c, fold, folds, maxVariants, maxMemoryMb * 1_000_000L,
                    screenFraction > 0 ? screenTop : 0);
            double loadSecs = (System.nanoTime() - tl) / 1e9;
            long tt = System.nanoTime();
            Trainer.Result r = Trainer.crossFit(data, fold, o);
            double trainSecs = (System.nanoTime() - tt) / 1e9;

            ObjectNode config = modelConfig(o, data, r, c);
            putScreenSet(config, fold);
            ModelBundle bundle = new ModelBundle(data.variantColumns, data.covariates, data.center, data.scale, fold,
                    c.samples().iid(), folds, seed, config, r.networks());
            Path tmpDir = ao.temp(modelDir);
            bundle.save(tmpDir);
            try (BufferedWriter w = Files.newBufferedWriter(tmpDir.resolve("heldout.tsv"))) {
                w.write("IID\tFOLD\tY\tLOGIT\n");
                for (int i = 0; i < n; i++) {
                    if (fold[i] < 0) continue; // screening set: never scored
                    w.write(c.samples().iid().get(i) + "\t" + fold[i] + "\t" + y[i] + "\t" + r.heldoutLogit()[i] + "\n");
                }
            }
            ObjectNode j = report(o, data, fold, r, c, loadSecs, trainSecs, (System.nanoTime() - t0) / 1e9);
            putScreenSet(j, fold);
            Json.write(ao.temp(jsonPath), j);
            ao.commit();
            ObjectNode pooled = (ObjectNode) j.get("pooled");
            Log.info("train: held-out AUC %.4f, log-loss %.4f, calibration slope %.3f intercept %.3f -> %s, %s",
                    pooled.get("auc").asDouble(), pooled.get("logLoss").asDouble(),
                    pooled.get("calibrationSlope").asDouble(), pooled.get("calibrationIntercept").asDouble(),
                    modelDir, jsonPath);
        }
        return Main.EXIT_OK;
    }

    TrainOptions options() {
        if (folds < 2) throw new UserException("--folds must be at least 2 (got " + folds + ")");
        if (hidden.length == 0) throw new UserException("--hidden needs at least one layer size (0 = no hidden layer)");
        if (hidden.length == 1 && hidden[0] == 0) hidden = new int[0];
        for (int h : hidden) if (h < 1) throw new UserException("--hidden sizes must be positive (got " + h + "; 0 alone = no hidden layer)");
        if (epochs < 1) throw new UserException("--epochs must be at least 1");
        if (batchSize < 1) throw new UserException("--batch-size must be at least 1");
        if (!(learningRate > 0)) throw new UserException("--learning-rate must be positive");
        if (!(l1 >= 0)) throw new UserException("--l1 must be >= 0");
        if (!(l2 >= 0)) throw new UserException("--l2 must be >= 0");
        if (!(dropout >= 0 && dropout < 1)) throw new UserException("--dropout must be in [0, 1)");
        if (patience < 0) throw new UserException("--patience must be >= 0");
        if (!(valFraction >= 0 && valFraction <= 0.5)) throw new UserException("--val-fraction must be in [0, 0.5]");
        if (patience > 0 && valFraction == 0) throw new UserException("early stopping (--patience > 0) needs --val-fraction > 0; use --patience 0 to train all --epochs");
        if (threads < 1) throw new UserException("--threads must be at least 1");
        if (maxVariants < 0) throw new UserException("--max-variants must be >= 0");
        if (!(screenFraction >= 0 && screenFraction < 1)) throw new UserException("--screen-fraction must be in [0, 1)");
        if (screenTop < 1) throw new UserException("--screen-top must be at least 1");
        if (maxMemoryMb < 1) throw new UserException("--max-memory must be at least 1 (MB)");
        boolean balanced = switch (classWeight.toLowerCase(Locale.ROOT)) {
            case "balanced" -> true;
            case "none" -> false;
            default -> throw new UserException("--class-weight must be 'balanced' or 'none' (got '" + classWeight + "')");
        };
        return new TrainOptions(hidden, epochs, batchSize, learningRate, l1, l2, dropout, patience, valFraction, folds, seed,
                threads, maxVariants, maxMemoryMb, balanced);
    }

    static ObjectNode modelConfig(TrainOptions o, InputData data, Trainer.Result r, Cohort c) {
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

    static ObjectNode report(TrainOptions o, InputData data, int[] fold, Trainer.Result r, Cohort c, double loadSecs,
            double trainSecs, double totalSecs) {
        ObjectNode j = Json.object();
        j.put("tool", "assocnet train");
        int[] scored = java.util.stream.IntStream.range(0, data.n).filter(i -> fold[i] >= 0).toArray();
        j.put("version", Version.get());
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
    void putScreenSet(ObjectNode j, int[] fold) {
        ObjectNode s = j.putObject("screenSet");
        s.put("fraction", screenFraction);
        s.put("samples", Arrays.stream(fold).filter(f -> f < 0).count());
        s.put("top", screenFraction > 0 ? screenTop : 0);
        s.put("statistic", "Armitage trend n*r^2 on the screening-set samples only (FOLD -1, never trained on or scored)");
        s.put("seed", seed);
    }

    static void metrics(ObjectNode f, int[] y, double[] logit) {
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
    static long peakRss() {
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
