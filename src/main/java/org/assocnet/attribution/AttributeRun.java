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
import org.assocnet.nn.ModelCohort;
import org.assocnet.stats.Distributions;
import org.assocnet.stats.MultipleTesting;

/** The attribute stage: a trained model bundle and its cohort -> OUT.nn.tsv and OUT.nn.json (docs/attribute.md). */
public final class AttributeRun {
    private AttributeRun() {}

    public static void run(String cohort, Path model, String out, AttributionOptions opt) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path tsv = Path.of(out + ".nn.tsv");
        Path json = Path.of(out + ".nn.json");
        if (tsv.toAbsolutePath().getParent() != null && !java.nio.file.Files.isDirectory(tsv.toAbsolutePath().getParent())) {
            throw new UserException(tsv.toAbsolutePath().getParent() + ": output directory does not exist");
        }
        AtomicOutput.precheck(tsv, json);
        ModelBundle bundle = ModelBundle.load(model);
        try (Cohort c = Cohort.open(cohort); AtomicOutput ao = new AtomicOutput()) {
            ModelCohort.check(model, bundle, c);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            Log.info("attribute: %d samples (%d scored; FOLD -1 = screening set, not used), %d variants in the cohort, %d in the model, %d folds, %d draws, %d threads",
                    c.samples().size(), java.util.Arrays.stream(bundle.fold()).filter(f -> f >= 0).count(),
                    c.variants().size(), bundle.variantColumns().length, bundle.folds(), opt.draws(), opt.threads());
            Attribution a = new Attribution(c, bundle, opt);
            AttributionResult r = a.run();
            double[] q = MultipleTesting.benjaminiHochberg(r.pval);
            NnTable.write(ao.temp(tsv), c.variants(), r, q);
            ObjectNode j = summary(cohort, model, r, opt, loadSeconds, (System.nanoTime() - t0) / 1e9);
            Json.write(ao.temp(json), j);
            ao.commit();
            Log.info("attribute: wrote %s and %s (lambda P %.3f, ADD_P %.3f, CONTRIB_P %.3f, IMPORTANCE_P %.3f)", tsv, json,
                    j.path("P").path("lambda").asDouble(), j.path("ADD_P").path("lambda").asDouble(),
                    j.path("CONTRIB_P").path("lambda").asDouble(), j.path("IMPORTANCE_P").path("lambda").asDouble());
        }
    }

    private static ObjectNode summary(String cohort, Path model, AttributionResult r, AttributionOptions opt, double loadSeconds,
            double totalSeconds) {
        ObjectNode j = Json.stageHeader("attribute");
        ((ObjectNode) j.get("versions")).put("dl4j", "1.0.0-M2.1");
        ObjectNode p = j.putObject("parameters");
        p.put("cohort", cohort);
        p.put("model", model.toString());
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
