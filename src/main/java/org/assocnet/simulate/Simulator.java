package org.assocnet.simulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.io.AtomicOutput;
import org.assocnet.io.Json;
import org.assocnet.stats.Logistic;

/**
 * Simulates a case/control cohort with known causal variants and writes PREFIX.vcf.gz (+ .tbi), PREFIX.pheno.tsv,
 * PREFIX.covar.tsv, PREFIX.truth.tsv and PREFIX.simulate.json. All draws come from one seed, split into
 * independent streams (layout, genotypes, causal choice, missingness, dosages, multi-allelic sites, covariates,
 * phenotype), so e.g. changing --missing-rate does not change the genotypes. Same seed and parameters give
 * byte-identical files.
 *
 * <p>Phenotype model: logit P(case) = b0 + sum of covariate effects + sum over causal variants of
 * additive: beta * g; dominant: beta * [g >= 1]; recessive: beta * [g == 2]; epistatic pair (j, k):
 * gamma * (g_j - 2 f_j) * (g_k - 2 f_k), with f the realised ALT frequencies, so that neither member has a
 * marginal effect. g are the true genotypes (before missing calls are masked). b0 is solved so that the mean case
 * probability over the simulated samples equals --prevalence; case status is then a Bernoulli draw.
 */
public final class Simulator {
    public enum Kind {
        ADDITIVE, DOMINANT, RECESSIVE, EPISTATIC;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One causal variant (epistatic pairs appear as two entries pointing at each other). */
    public record Causal(int variant, Kind kind, double logOr, int partner, double targetFreq) {}

    /** What a run produced (for the command's log and for tests). */
    public record Result(int cases, int controls, double intercept, int multiallelic, int monomorphic) {}


    private Simulator() {}

    public static Path vcfPath(String prefix) {
        return Path.of(prefix + ".vcf.gz");
    }

    public static Result run(SimulationParameters p, String prefix) throws IOException {
        p.validate();
        Path vcf = vcfPath(prefix);
        Path tbi = Path.of(prefix + ".vcf.gz.tbi");
        Path pheno = Path.of(prefix + ".pheno.tsv");
        Path covar = Path.of(prefix + ".covar.tsv");
        Path truth = Path.of(prefix + ".truth.tsv");
        Path json = Path.of(prefix + ".simulate.json");
        Path dir = vcf.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) throw new UserException("--out: directory " + dir + " does not exist");

        SplittableRandom root = new SplittableRandom(p.seed);
        SplittableRandom layoutRng = root.split();
        SplittableRandom genoRng = root.split();
        SplittableRandom causalRng = root.split();
        SplittableRandom missRng = root.split();
        SplittableRandom dosRng = root.split();
        SplittableRandom multiRng = root.split();
        SplittableRandom covRng = root.split();
        SplittableRandom phenoRng = root.split();

        HaplotypeSource src = p.donor != null
                ? DonorMosaic.load(p, layoutRng, genoRng)
                : new MosaicGenerator(p, layoutRng, genoRng);
        Log.info("simulate: %,d samples x %,d variants; %s", p.samples, src.variants(), src.describe());
        List<Causal> causal = chooseCausal(p, src, causalRng);
        int m = src.variants();
        int n = p.samples;
        int[] causalOf = new int[m];
        java.util.Arrays.fill(causalOf, -1);
        for (int c = 0; c < causal.size(); c++) causalOf[causal.get(c).variant()] = c;

        try (AtomicOutput out = new AtomicOutput()) {
            Path vcfTmp = out.temp(vcf);
            Path tbiTmp = out.temp(tbi);
            SimulatedVcf.GenotypePass gp = SimulatedVcf.write(p, src, causal, causalOf, vcfTmp, tbiTmp, missRng, dosRng, multiRng);
            byte[][] causalG = gp.causalG();
            double[] causalFreq = gp.causalFreq();
            int multiallelic = gp.multiallelic(), monomorphic = gp.monomorphic();

            String[] ids = sampleIds(n);
            int k = p.covariates;
            PhenotypeDraw d = drawPhenotype(p, causal, causalG, causalFreq, covRng, phenoRng);
            double[][] cov = d.cov();
            int[] site = d.site();
            double[] covEffect = d.covEffect(), siteEffect = d.siteEffect();
            double b0 = d.intercept();
            int[] y = d.y();
            int cases = d.cases();

            try (BufferedWriter bw = Files.newBufferedWriter(out.temp(pheno), StandardCharsets.US_ASCII)) {
                bw.write("#FID\tIID\tPHENO\n");
                for (int i = 0; i < n; i++) bw.write(ids[i] + "\t" + ids[i] + "\t" + (y[i] == 1 ? 2 : 1) + "\n");
            }
            try (BufferedWriter bw = Files.newBufferedWriter(out.temp(covar), StandardCharsets.US_ASCII)) {
                StringBuilder sb = new StringBuilder("#FID\tIID");
                for (int q = 0; q < k; q++) sb.append("\tCOV").append(q + 1);
                if (p.siteLevels > 0) sb.append("\tSITE");
                bw.write(sb.append('\n').toString());
                for (int i = 0; i < n; i++) {
                    sb.setLength(0);
                    sb.append(ids[i]).append('\t').append(ids[i]);
                    for (int q = 0; q < k; q++) sb.append('\t').append(fmt4(cov[q][i]));
                    if (p.siteLevels > 0) sb.append('\t').append(siteLevel(site[i]));
                    bw.write(sb.append('\n').toString());
                }
            }
            try (BufferedWriter bw = Files.newBufferedWriter(out.temp(truth), StandardCharsets.US_ASCII)) {
                bw.write("ID\tCHROM\tPOS\tKIND\tPARTNER\tLOG_OR\tALT_FREQ\n");
                for (int c = 0; c < causal.size(); c++) {
                    Causal cv = causal.get(c);
                    String partner = cv.partner() >= 0 ? variantId(src, causal.get(cv.partner()).variant()) : ".";
                    bw.write(variantId(src, cv.variant()) + "\t" + src.contigs().get(src.contig(cv.variant())) + "\t"
                            + src.pos(cv.variant()) + "\t" + cv.kind().label() + "\t" + partner + "\t" + fmt4(cv.logOr())
                            + "\t" + fmt4(causalFreq[c]) + "\n");
                }
            }

            ObjectNode j = Json.stageHeader("simulate");
            j.set("parameters", p.toJson());
            j.put("genotype_source", src.describe());
            ObjectNode model = j.putObject("phenotype_model");
            model.put("intercept", b0);
            ObjectNode ce = model.putObject("covariate_log_or");
            for (int q = 0; q < k; q++) ce.put("COV" + (q + 1), covEffect[q]);
            ObjectNode se = model.putObject("site_log_or");
            for (int l = 0; l < p.siteLevels; l++) se.put(siteLevel(l), siteEffect[l]);
            model.put("causal_variants", causal.size());
            ObjectNode r = j.putObject("realised");
            r.put("samples", n);
            r.put("variants", m);
            r.put("cases", cases);
            r.put("controls", n - cases);
            r.put("case_fraction", cases / (double) n);
            r.put("multiallelic_sites", multiallelic);
            r.put("monomorphic_sites", monomorphic);
            r.put("ld_blocks", src.blocks());
            ArrayNode files = j.putArray("outputs");
            for (Path f : new Path[] {vcf, tbi, pheno, covar, truth, json}) files.add(f.getFileName().toString());
            Json.write(out.temp(json), j);
            out.commit();
            Log.info("simulate: %d cases, %d controls (intercept %.4f), %d causal variants, %d multi-allelic sites -> %s.*",
                    cases, n - cases, b0, causal.size(), multiallelic, prefix);
            return new Result(cases, n - cases, b0, multiallelic, monomorphic);
        }
    }


    /** Covariates, their effects and the phenotype drawn from the logistic model (docs/simulate.md). */
    private record PhenotypeDraw(double[][] cov, int[] site, double[] covEffect, double[] siteEffect, double intercept,
            int[] y, int cases) {}

    private static PhenotypeDraw drawPhenotype(SimulationParameters p, List<Causal> causal, byte[][] causalG,
            double[] causalFreq, SplittableRandom covRng, SplittableRandom phenoRng) {
        int n = p.samples;
        int k = p.covariates;
        double[][] cov = new double[k][n];
        int[] site = new int[n];
        double[] covEffect = new double[k];
        double[] siteEffect = new double[p.siteLevels];
        for (int q = 0; q < k; q++) {
            covEffect[q] = round4((0.5 + 0.5 * covRng.nextDouble()) * p.covariateEffect * (covRng.nextBoolean() ? 1 : -1));
            for (int i = 0; i < n; i++) cov[q][i] = round4(gaussian(covRng));
        }
        for (int l = 1; l < p.siteLevels; l++) siteEffect[l] = round4((2 * covRng.nextDouble() - 1) * p.covariateEffect);
        if (p.siteLevels > 0) for (int i = 0; i < n; i++) site[i] = covRng.nextInt(p.siteLevels);

        // linear predictor without intercept
        double[] eta = new double[n];
        for (int i = 0; i < n; i++) {
            double e = 0;
            for (int q = 0; q < k; q++) e += covEffect[q] * cov[q][i];
            if (p.siteLevels > 0) e += siteEffect[site[i]];
            eta[i] = e;
        }
        for (int c = 0; c < causal.size(); c++) {
            Causal cv = causal.get(c);
            byte[] g = causalG[c];
            double b = cv.logOr();
            switch (cv.kind()) {
                case ADDITIVE -> { for (int i = 0; i < n; i++) eta[i] += b * g[i]; }
                case DOMINANT -> { for (int i = 0; i < n; i++) if (g[i] >= 1) eta[i] += b; }
                case RECESSIVE -> { for (int i = 0; i < n; i++) if (g[i] == 2) eta[i] += b; }
                case EPISTATIC -> {
                    if (cv.partner() > c) { // each pair once, from its first member
                        byte[] g2 = causalG[cv.partner()];
                        double m1 = 2 * causalFreq[c];
                        double m2 = 2 * causalFreq[cv.partner()];
                        for (int i = 0; i < n; i++) eta[i] += b * (g[i] - m1) * (g2[i] - m2);
                    }
                }
            }
        }
        double b0 = solveIntercept(eta, p.prevalence);
        int[] y = new int[n];
        int cases = 0;
        for (int i = 0; i < n; i++) {
            y[i] = phenoRng.nextDouble() < Logistic.sigmoid(b0 + eta[i]) ? 1 : 0;
            cases += y[i];
        }
        if (cases == 0 || cases == n)
            throw new UserException("the simulated phenotype has " + (cases == 0 ? "no cases" : "no controls")
                    + "; raise --samples or move --prevalence away from 0/1");
        return new PhenotypeDraw(cov, site, covEffect, siteEffect, b0, y, cases);
    }

    static List<Causal> chooseCausal(SimulationParameters p, HaplotypeSource src, SplittableRandom rng) {
        int need = p.causalCount();
        List<Causal> out = new ArrayList<>();
        if (need == 0) return out;
        int nb = src.blocks();
        int m = src.variants();
        int[] first = new int[nb + 1];
        java.util.Arrays.fill(first, -1);
        for (int v = m - 1; v >= 0; v--) first[src.block(v)] = v;
        first[nb] = m;
        int[] order = new int[nb];
        for (int b = 0; b < nb; b++) order[b] = b;
        for (int b = nb - 1; b > 0; b--) {
            int r = rng.nextInt(b + 1);
            int t = order[b];
            order[b] = order[r];
            order[r] = t;
        }
        List<Integer> chosen = new ArrayList<>();
        for (int b : order) {
            if (chosen.size() == need) break;
            int end = b + 1 < nb ? first[b + 1] : m;
            List<Integer> ok = new ArrayList<>();
            for (int v = first[b]; v < end; v++) if (src.eligibleCausal(v)) ok.add(v);
            if (!ok.isEmpty()) chosen.add(ok.get(rng.nextInt(ok.size())));
        }
        if (chosen.size() < need)
            throw new UserException("asked for " + need + " causal variants (one per LD block) but only " + chosen.size()
                    + " LD blocks have an eligible variant; use more --variants, a smaller --block-size or fewer causal variants");
        int idx = 0;
        Kind[] kinds = {Kind.ADDITIVE, Kind.DOMINANT, Kind.RECESSIVE};
        int[] counts = {p.additive, p.dominant, p.recessive};
        for (int t = 0; t < 3; t++) {
            for (int q = 0; q < counts[t]; q++) {
                double beta = round4(uniform(rng, p.effectMin, p.effectMax) * (rng.nextBoolean() ? 1 : -1));
                out.add(new Causal(chosen.get(idx++), kinds[t], beta, -1, uniform(rng, p.causalFreqMin, p.causalFreqMax)));
            }
        }
        for (int q = 0; q < p.epistaticPairs; q++) {
            double gamma = round4(uniform(rng, p.epistaticMin, p.epistaticMax) * (rng.nextBoolean() ? 1 : -1));
            int a = out.size();
            out.add(new Causal(chosen.get(idx++), Kind.EPISTATIC, gamma, a + 1, uniform(rng, p.causalFreqMin, p.causalFreqMax)));
            out.add(new Causal(chosen.get(idx++), Kind.EPISTATIC, gamma, a, uniform(rng, p.causalFreqMin, p.causalFreqMax)));
        }
        return out;
    }

    /** Intercept b0 with mean_i Logistic.sigmoid(b0 + eta_i) = prevalence (bisection; the mean is increasing in b0). */
    static double solveIntercept(double[] eta, double prevalence) {
        double lo = -50;
        double hi = 50;
        for (int it = 0; it < 200 && hi - lo > 1e-12; it++) {
            double mid = 0.5 * (lo + hi);
            double s = 0;
            for (double e : eta) s += Logistic.sigmoid(mid + e);
            if (s / eta.length < prevalence) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    static double gaussian(SplittableRandom rng) {
        // Box-Muller with one value per call: deterministic given the stream
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    static double round4(double x) {
        return Math.round(x * 1e4) / 1e4;
    }

    static String fmt4(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    static String siteLevel(int l) {
        return String.valueOf((char) ('A' + l));
    }

    static String[] sampleIds(int n) {
        int width = Integer.toString(n).length();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) ids[i] = "S" + String.format(Locale.ROOT, "%0" + width + "d", i + 1);
        return ids;
    }

    static String variantId(HaplotypeSource src, int v) {
        return src.contigs().get(src.contig(v)) + ":" + src.pos(v);
    }
}
