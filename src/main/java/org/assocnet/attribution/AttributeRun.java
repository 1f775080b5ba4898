package org.assocnet.attribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.io.AtomicOutput;
import org.assocnet.io.Json;
import org.assocnet.matrix.Cohort;
import org.assocnet.nn.ModelBundle;
import org.assocnet.nn.WideModel;
import java.util.List;
import org.assocnet.nn.ModelCohort;
import org.assocnet.stats.Distributions;
import org.assocnet.stats.MultipleTesting;

/** The attribute stage: a trained model bundle and its cohort -> OUT.nn.tsv and OUT.nn.json (docs/attribute.md). */
public final class AttributeRun {
    private AttributeRun() {}

    public static void run(String cohort, Path model, String out, AttributionOptions opt) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        checkOutput(out);
        ModelBundle bundle = ModelBundle.load(model);
        WideModel wide = bundle.wide() ? WideModel.load(model, bundle.folds()) : null;
        if (wide != null) AtomicOutput.precheck(Path.of(out + ".nn.pairs.tsv"));
        try (Cohort c = Cohort.open(cohort)) {
            ModelCohort.check(model, bundle, c);
            attribute(c, bundle, wide, out, opt, t0, j -> ((ObjectNode) j.get("parameters")).put("model", model.toString()));
        }
    }

    /** An imported Keras model trained elsewhere (docs/attribute.md "Your own Keras model"). */
    public record KerasSource(Path model, Path inputs, KerasInputs.Coding coding, Path trainingSamples) {}

    /**
     * The attribute stage for a Keras model trained elsewhere: every cohort sample is scored (one "fold" whose held-out
     * samples are the whole cohort), which is valid only if the model never saw them; {@code --training-samples}
     * checks that promise.
     */
    public static void runKeras(String cohort, KerasSource k, String out, AttributionOptions opt) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        checkOutput(out);
        KerasModel.Imported imported = KerasModel.load(k.model());
        try (Cohort c = Cohort.open(cohort)) {
            int overlap = 0;
            String firstOverlap = null;
            if (k.trainingSamples() != null) {
                java.util.Set<String> train = KerasInputs.trainingSamples(k.trainingSamples());
                for (String iid : c.samples().iid()) {
                    if (train.contains(iid)) {
                        overlap++;
                        if (firstOverlap == null) firstOverlap = iid;
                    }
                }
                if (overlap > 0) {
                    throw new UserException(k.trainingSamples() + ": " + overlap + " of the " + c.samples().size() + " cohort samples"
                            + " (first: " + firstOverlap + ") are training samples of the model; its p-values hold only on samples"
                            + " it never saw: encode a cohort without them");
                }
            }
            KerasInputs.Mapping m = KerasInputs.map(k.inputs(), imported, c, k.coding());
            Log.info("attribute: Keras model %s: %s; %d inputs = %d variants (%d allele-flipped) + %d covariates, coding %s",
                    k.model(), String.join(" -> ", imported.layers()), imported.inputs(), m.variantInputs(), m.flipped(),
                    m.covariateInputs(), k.coding().name().toLowerCase(java.util.Locale.ROOT));
            if (k.trainingSamples() == null) {
                Log.warn("attribute: no --training-samples given: the p-values assume that none of the %d cohort samples was used"
                        + " to train or tune the Keras model", c.samples().size());
            }
            boolean checked = k.trainingSamples() != null;
            attribute(c, m.bundle(), null, out, opt, t0, j -> {
                ObjectNode p = ((ObjectNode) j.get("parameters"));
                p.put("model", k.model().toString());
                ObjectNode kj = j.putObject("keras");
                kj.put("model", k.model().toString());
                kj.put("sha256", imported.sha256());
                kj.put("inputsFile", k.inputs().toString());
                kj.put("coding", k.coding().name().toLowerCase(java.util.Locale.ROOT));
                kj.put("missing", k.coding() == KerasInputs.Coding.RAW
                        ? "a missing call enters as the cohort's mean dosage (2 ALT_FREQ), a missing covariate as its cohort mean"
                        : "a missing value enters as the training MEAN of INPUTS.txt (standardised 0)");
                com.fasterxml.jackson.databind.node.ArrayNode ly = kj.putArray("layers");
                imported.layers().forEach(ly::add);
                kj.put("inputs", imported.inputs());
                kj.put("variantInputs", m.variantInputs());
                kj.put("covariateInputs", m.covariateInputs());
                kj.put("alleleFlips", m.flipped());
                com.fasterxml.jackson.databind.node.ArrayNode fl = kj.putArray("flippedInputs");
                m.flippedInputs().forEach(fl::add);
                kj.put("folds", "one: the imported model scores every cohort sample; CONTRIB_Z = z of that model (no cross-fold correction)");
                kj.put("validity", "p-values hold only if no scored sample was used to train or tune the model");
                kj.put("trainingSamplesChecked", checked);
                if (checked) kj.put("trainingSamplesFile", k.trainingSamples().toString());
            });
        }
    }

    private static void checkOutput(String out) {
        Path tsv = Path.of(out + ".nn.tsv");
        if (tsv.toAbsolutePath().getParent() != null && !java.nio.file.Files.isDirectory(tsv.toAbsolutePath().getParent())) {
            throw new UserException(tsv.toAbsolutePath().getParent() + ": output directory does not exist");
        }
        AtomicOutput.precheck(tsv, Path.of(out + ".nn.json"));
    }

    private static void attribute(Cohort c, ModelBundle bundle, WideModel wide, String out, AttributionOptions opt, long t0,
            java.util.function.Consumer<ObjectNode> extra) throws IOException, InterruptedException {
        Path tsv = Path.of(out + ".nn.tsv");
        Path json = Path.of(out + ".nn.json");
        try (AtomicOutput ao = new AtomicOutput()) {
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            Log.info("attribute: %d samples (%d scored; FOLD -1 = screening set, not used), %d variants in the cohort, %d in the model, %d folds, %d draws, %d threads",
                    c.samples().size(), java.util.Arrays.stream(bundle.fold()).filter(f -> f >= 0).count(),
                    c.variants().size(), bundle.variantColumns().length, bundle.folds(), opt.draws(), opt.threads());
            Attribution a = null;
            AttributionResult r;
            List<WideAttribution.PairResult> pairs = null;
            WideAttribution wa = null;
            if (wide != null) {
                wa = new WideAttribution(c, bundle, wide, opt);
                r = wa.run();
                pairs = wa.pairs();
            } else {
                a = new Attribution(c, bundle, opt);
                r = a.run();
            }
            double[] q = MultipleTesting.benjaminiHochberg(r.pval);
            NnTable.write(ao.temp(tsv), c.variants(), r, q);
            ObjectNode j = summary(c.prefix(), r, opt, loadSeconds, (System.nanoTime() - t0) / 1e9);
            extra.accept(j);
            if (wa != null) {
                ObjectNode fc = (ObjectNode) j.get("foldCorrelation");
                fc.put("corrected", false);
                fc.put("why", "wide network: per-fold statistics are oriented by each fold model's ALT-allele direction, which"
                        + " makes them independent across folds for a linear contribution (docs/attribute.md)");
            }
            if (pairs != null) {
                Path pt = Path.of(out + ".nn.pairs.tsv");
                NnPairTable.write(ao.temp(pt), c.variants(), pairs);
                NnPairTable.summary(j, pairs, wa.pairRho);
            }
            if (bundle.folds() == 1 && a != null) heldOut(j, a, c);
            Json.write(ao.temp(json), j);
            ao.commit();
            Log.info("attribute: wrote %s and %s (lambda P %.3f, ADD_P %.3f, CONTRIB_P %.3f, IMPORTANCE_P %.3f)", tsv, json,
                    j.path("P").path("lambda").asDouble(), j.path("ADD_P").path("lambda").asDouble(),
                    j.path("CONTRIB_P").path("lambda").asDouble(), j.path("IMPORTANCE_P").path("lambda").asDouble());
        }
    }

    /** Held-out performance of a single (imported) model on the scored samples, and which samples were scored. */
    private static void heldOut(ObjectNode j, Attribution a, Cohort c) {
        double[] logit = new double[a.n];
        for (int i = 0; i < a.n; i++) logit[i] = a.logit(i);
        ObjectNode h = j.putObject("heldOut");
        int cases = 0;
        for (int v : a.y) cases += v;
        h.put("samples", a.n);
        h.put("cases", cases);
        h.put("controls", a.n - cases);
        putNumber(h, "auc", org.assocnet.nn.Metrics.auc(a.y, logit));
        putNumber(h, "logLoss", org.assocnet.nn.Metrics.logLoss(a.y, logit));
        double prev = (double) cases / a.n;
        double base = -(prev > 0 && prev < 1 ? prev * Math.log(prev) + (1 - prev) * Math.log(1 - prev) : 0);
        putNumber(h, "logLossPrevalenceOnly", base);
        double meanP = 0;
        for (double l : logit) meanP += org.assocnet.stats.Logistic.sigmoid(l);
        putNumber(h, "meanPredicted", meanP / a.n);
        double[] cal = org.assocnet.nn.Metrics.calibration(a.y, logit);
        putNumber(h, "calibrationIntercept", cal[0]);
        putNumber(h, "calibrationSlope", cal[1]);
        h.put("calibration", "logistic recalibration logit P(y=1) = a + b * model logit; a = 0, b = 1 when calibrated");
        com.fasterxml.jackson.databind.node.ArrayNode ids = j.putArray("scoredSamples");
        for (int i = 0; i < a.n; i++) ids.add(c.samples().iid().get(a.rows[i]));
    }

    private static void putNumber(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) o.put(k, v);
        else o.putNull(k);
    }

    private static ObjectNode summary(String cohort, AttributionResult r, AttributionOptions opt, double loadSeconds,
            double totalSeconds) {
        ObjectNode j = Json.stageHeader("attribute");
        ((ObjectNode) j.get("versions")).put("dl4j", "1.0.0-M2.1");
        ObjectNode p = j.putObject("parameters");
        p.put("cohort", cohort);
        p.put("draws", opt.draws());
        p.put("seed", opt.seed());
        p.put("threads", opt.threads());
        p.put("igSteps", opt.igSteps());
        p.put("igBaseline", "all variants REF (raw dosage 0), covariates at their own values; attributions of the logit");
        p.put("null", opt.conditional() ? "conditional" : "marginal");
        if (opt.conditional()) p.put("condWindow", opt.condWindow());
        p.put("foldCorrelation", opt.foldCorrelation());
        if (opt.conditional()) {
            p.put("pi", "per sample Binomial(2, q), logit(q) = a + b'h with h the standardised dosages of the " + opt.condWindow()
                    + " nearest model variant inputs on each side (same chromosome) and the standardised covariates, fitted on"
                    + " all scored samples (ridge 1e-6 x n); ADD tests g - 2q; variants without a finite fit use the"
                    + " marginal pi (genotype frequencies of the fold)");
        } else {
            p.put("pi", "genotype frequencies (rounded hard calls 0/1/2) among the called held-out samples of each fold");
        }
        p.put("network", r.network);
        j.put("seed", opt.seed());
        j.put("samples", r.heldOut);
        j.put("variants", r.p);
        j.put("modelVariants", r.modelVariants);
        p.put("P", "min-P of ADD_P (additive score test given the covariates and the network's LOCO logit) and CONTRIB_P (contribution score test), exact for their correlation");
        column(j.putObject("P"), r.pval);
        ObjectNode add = j.putObject("ADD_P");
        column(add, r.addP);
        add.put("nullModel", "y ~ 1 + covariates + network held-out logit with the tested variant's chromosome at its mean (LOCO)");
        add.put("locoGroups", r.locoGroups);
        add.put("nullModelsWithoutFit", r.addNullFailed);
        add.put("networkLogitCollinearWithCovariates", r.addLogitDropped);
        column(j.putObject("CONTRIB_P"), r.contribP);
        ObjectNode fc = j.putObject("foldCorrelation");
        fc.put("corrected", opt.foldCorrelation());
        fc.put("rho", r.foldCorrelation.length > 1 ? r.foldCorrelation[0][1] : 0.0);
        fc.put("variantsUsed", r.foldCorrelationVariants);
        double[] pooled = new double[r.p];
        for (int i = 0; i < r.p; i++) pooled[i] = Distributions.twoSidedP(r.zPooled[i]);
        double lp = MultipleTesting.genomicControlLambda(pooled);
        if (Double.isNaN(lp)) fc.putNull("lambdaUncorrected");
        else fc.put("lambdaUncorrected", lp);
        column(j.putObject("IMPORTANCE_P"), r.impP);
        if (opt.conditional()) {
            ObjectNode cn = j.putObject("conditional");
            cn.put("window", opt.condWindow());
            cn.put("genotypeModelsFitted", r.condFitted);
            cn.put("fellBackToMarginal", r.condFellBack);
            cn.put("cpuSeconds", r.condCpuSeconds);
        }
        ObjectNode t = j.putObject("timings");
        t.put("loadSeconds", loadSeconds);
        t.put("precomputeSeconds", r.precomputeSeconds);
        t.put("variantSeconds", r.variantSeconds);
        t.put("variantCpuSeconds", r.variantCpuSeconds);
        t.put("totalSeconds", totalSeconds);
        j.put("evaluations", r.evaluations);
        j.put("evaluationsPerSecond", r.variantSeconds > 0 ? r.evaluations / r.variantSeconds : 0);
        j.put("evaluationsPerCpuSecond", r.variantCpuSeconds > 0 ? r.evaluations / r.variantCpuSeconds : 0);
        j.put("igCompletenessMaxError", r.igCompletenessMaxError);
        return j;
    }

    private static void column(ObjectNode o, double[] p) {
        int m = MultipleTesting.tested(p);
        o.put("tested", m);
        double lambda = MultipleTesting.genomicControlLambda(p);
        if (Double.isNaN(lambda)) o.putNull("lambda");
        else o.put("lambda", lambda);
        o.put("count_0.05", MultipleTesting.countBelow(p, 0.05));
        o.put("count_1e-3", MultipleTesting.countBelow(p, 1e-3));
        o.put("count_5e-8", MultipleTesting.countBelow(p, 5e-8));
        o.put("bonferroni", m > 0 ? 0.05 / m : 0);
        o.put("count_bonferroni", m > 0 ? MultipleTesting.countBelow(p, 0.05 / m) : 0);
    }
}
