package org.assocnet.glm;

import org.assocnet.regression.LogisticFitter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assocnet.core.Log;
import org.assocnet.core.Version;
import org.assocnet.io.AtomicOutput;
import org.assocnet.io.Json;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.Variant;
import org.assocnet.io.GwasSsf;
import org.assocnet.stats.MultipleTesting;

/** The glm stage end to end: fit every variant, then write OUT.glm.tsv, OUT.glm.ssf.tsv(+meta), OUT.glm.json. */
public final class GlmRun {
    public static final double GENOME_WIDE = 5e-8;

    private GlmRun() {}

    public static Path tsvPath(String out) {
        return Path.of(out + ".glm.tsv");
    }

    public static Path ssfPath(String out) {
        return Path.of(out + ".glm.ssf.tsv");
    }

    public static Path jsonPath(String out) {
        return Path.of(out + ".glm.json");
    }

    public static ObjectNode run(String cohortPrefix, String out, GlmOptions opt) throws IOException {
        long t0 = System.nanoTime();
        AtomicOutput.precheck(tsvPath(out), ssfPath(out), Path.of(ssfPath(out) + "-meta.yaml"), jsonPath(out));
        try (Cohort cohort = Cohort.open(cohortPrefix)) {
            GlmEngine engine = new GlmEngine(cohort, opt);
            Log.info("glm: %,d samples (%,d cases, %,d controls), %,d variants, %d covariate(s), encoding %s, test %s, firth %s, %d thread(s)",
                    cohort.samples().size(), cohort.samples().cases(), cohort.samples().controls(),
                    cohort.variants().size(), engine.k, engine.encoding().label(), opt.test().name().toLowerCase(),
                    opt.firth().name().toLowerCase(), opt.threads());
            GlmRow[][] perVariant = engine.run();
            List<GlmRow> rows = new ArrayList<>();
            for (GlmRow[] rs : perVariant) rows.addAll(Arrays.asList(rs));
            double[] log10p = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                GlmRow row = rows.get(r);
                log10p[r] = row.primary() ? row.log10P() : Double.NaN;
            }
            double[] log10q = MultipleTesting.benjaminiHochbergLog10(log10p);
            ObjectNode json = summary(cohort, engine, opt, rows, cohortPrefix);
            json.put("seconds", (System.nanoTime() - t0) / 1e9);
            try (AtomicOutput ao = new AtomicOutput()) {
                Path tsv = ao.temp(tsvPath(out));
                Path ssf = ao.temp(ssfPath(out));
                Path meta = ao.temp(Path.of(ssfPath(out) + "-meta.yaml"));
                GwasSsf.Meta m = new GwasSsf.Meta(ssfPath(out).getFileName().toString(), cohort.samples().size(),
                        cohort.samples().cases(), cohort.samples().controls(), engine.covariates().names(),
                        "assocnet " + Version.get() + " glm");
                try (GwasSsf.Writer sw = new GwasSsf.Writer(ssf)) {
                    GlmTableWriter.write(tsv, cohort.variants(), rows, log10q, sw);
                    sw.finish(meta, m);
                }
                Path js = ao.temp(jsonPath(out));
                Json.write(js, json);
                ao.commit();
            }
            Log.info("glm: wrote %s, %s, %s", tsvPath(out), ssfPath(out), jsonPath(out));
            return json;
        }
    }

    static ObjectNode summary(Cohort cohort, GlmEngine engine, GlmOptions opt, List<GlmRow> rows, String prefix) {
        ObjectNode j = Json.stageHeader("glm");
        ObjectNode par = j.putObject("parameters");
        par.put("cohort", prefix);
        par.put("test", opt.test().name().toLowerCase());
        par.put("encoding", engine.encoding().label());
        par.put("firth", switch (opt.firth()) {
            case FALLBACK -> "firth-fallback";
            case ALWAYS -> "firth";
            case NEVER -> "no-firth";
        });
        par.put("threads", opt.threads());
        par.put("vif", opt.maxVif());
        par.put("max_corr", opt.maxCorr());
        par.put("max_iterations", opt.maxIter());
        par.put("firth_max_iterations", opt.firthMaxIter());
        par.put("deviance_tolerance", LogisticFitter.DEV_TOL);
        par.put("step_tolerance_se", LogisticFitter.STEP_TOL);
        par.put("a1", "ALT allele of variants.tsv (the counted allele); BETA is per ALT allele on the chosen encoding");
        par.put("confidence_level", 0.95);
        ObjectNode in = j.putObject("input");
        in.put("samples", cohort.samples().size());
        in.put("cases", cohort.samples().cases());
        in.put("controls", cohort.samples().controls());
        in.put("variants", cohort.variants().size());
        ArrayNode cv = in.putArray("covariates");
        engine.covariates().names().forEach(cv::add);
        in.put("null_model_loglik", engine.nullLogLik());

        List<GlmRow> prim = new ArrayList<>(rows.size());
        for (GlmRow r : rows) if (r.primary()) prim.add(r);
        double[] p = new double[prim.size()];
        for (int i = 0; i < p.length; i++) p[i] = prim.get(i).p();
        int tested = MultipleTesting.tested(p);
        ObjectNode c = j.putObject("counts");
        c.put("variants", prim.size());
        c.put("rows", rows.size());
        c.put("tested", tested);
        c.put("failed", prim.size() - tested);
        Map<String, Integer> byErr = new TreeMap<>();
        int firth = 0, firthOk = 0;
        long iters = 0;
        int converged = 0;
        for (GlmRow r : prim) {
            if (!GlmRow.OK.equals(r.errcode())) byErr.merge(r.errcode(), 1, Integer::sum);
            if (r.firth()) {
                firth++;
                if (GlmRow.OK.equals(r.errcode())) firthOk++;
            }
            if (r.converged()) converged++;
            iters += r.iterations();
        }
        ObjectNode be = c.putObject("failed_by_errcode");
        byErr.forEach(be::put);
        c.put("firth_used", firth);
        c.put("firth_succeeded", firthOk);
        c.put("converged", converged);
        c.put("mean_iterations", prim.isEmpty() ? 0 : (double) iters / prim.size());
        c.put("p_below_5e-8", MultipleTesting.countBelow(p, GENOME_WIDE));
        double lambda = MultipleTesting.genomicControlLambda(p);
        if (Double.isNaN(lambda)) j.putNull("lambda_gc");
        else j.put("lambda_gc", lambda);
        ObjectNode bon = j.putObject("bonferroni");
        double thr = tested > 0 ? 0.05 / tested : Double.NaN;
        bon.put("alpha", 0.05);
        if (tested > 0) bon.put("threshold", thr);
        else bon.putNull("threshold");
        bon.put("significant", tested > 0 ? MultipleTesting.countBelow(p, thr) : 0);
        ArrayNode top = j.putArray("top_hits");
        List<Variant> vs = cohort.variants();
        for (GlmRow r : topHits(prim, 10)) {
            Variant v = vs.get(r.variant());
            ObjectNode h = top.addObject();
            h.put("chrom", v.chrom());
            h.put("pos", v.pos());
            h.put("id", v.id());
            h.put("ref", v.ref());
            h.put("alt", v.alt());
            h.put("test", r.test());
            h.put("firth", r.firth());
            if (!Double.isNaN(r.beta())) {
                h.put("beta", r.beta());
                h.put("or", Math.exp(r.beta()));
                h.put("se", r.se());
            }
            h.put("p", NumberFormat.prob(r.p(), r.log10P()));
            h.put("log10_p", r.log10P());
        }
        return j;
    }

    /** The k rows of smallest P (log10 P; ties by variant index), smallest first: one pass, no sort of all rows. */
    static List<GlmRow> topHits(List<GlmRow> rows, int k) {
        GlmRow[] best = new GlmRow[k];
        int size = 0;
        for (GlmRow r : rows) {
            if (Double.isNaN(r.log10P())) continue;
            if (size == k && !before(r, best[k - 1])) continue;
            int i = size < k ? size++ : k - 1;
            while (i > 0 && before(r, best[i - 1])) {
                best[i] = best[i - 1];
                i--;
            }
            best[i] = r;
        }
        return Arrays.asList(best).subList(0, size);
    }

    private static boolean before(GlmRow a, GlmRow b) {
        int c = Double.compare(a.log10P(), b.log10P());
        return c < 0 || (c == 0 && a.variant() < b.variant());
    }
}
