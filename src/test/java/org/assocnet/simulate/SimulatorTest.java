package org.assocnet.simulate;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.vcf.VCFFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.assocnet.cli.Main;
import org.assocnet.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {
    @TempDir Path dir;

    private String sim(String name, String... args) {
        String prefix = dir.resolve(name).toString();
        List<String> a = new ArrayList<>(List.of("simulate", "--out", prefix));
        a.addAll(Arrays.asList(args));
        assertEquals(0, Main.run(a.toArray(String[]::new)), "simulate " + a);
        return prefix;
    }

    private static final String[] OUTPUTS = {".vcf.gz", ".vcf.gz.tbi", ".pheno.tsv", ".covar.tsv", ".truth.tsv", ".simulate.json"};

    @Test
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
        String[] args = {"--samples", "150", "--variants", "400", "--additive", "2", "--dominant", "1", "--recessive", "1",
            "--epistatic-pairs", "1", "--dosages", "--multiallelic-rate", "0.05", "--seed", "7"};
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        String a = sim("a/x", args);
        String b = sim("b/x", args);
        for (String ext : OUTPUTS) {
            assertArrayEquals(Files.readAllBytes(Path.of(a + ext)), Files.readAllBytes(Path.of(b + ext)), ext);
        }
        String[] other = args.clone();
        other[other.length - 1] = "8";
        String c = sim("c", other);
        assertFalse(Arrays.equals(Files.readAllBytes(Path.of(a + ".vcf.gz")), Files.readAllBytes(Path.of(c + ".vcf.gz"))));
        assertFalse(Arrays.equals(Files.readAllBytes(Path.of(a + ".truth.tsv")), Files.readAllBytes(Path.of(c + ".truth.tsv"))));
    }

    @Test
    void writesAValidIndexedVcfAndTables() throws Exception {
        String p = sim("v", "--samples", "300", "--variants", "600", "--chromosomes", "3", "--additive", "3",
                "--recessive", "1", "--epistatic-pairs", "1", "--missing-rate", "0.05", "--dosages",
                "--multiallelic-rate", "0.05", "--covariates", "3", "--seed", "3");
        SimulatedCohort c = SimulatedCohort.read(p);
        assertEquals(300, c.samples.size());
        assertEquals(600, c.records.size());
        assertEquals("S001", c.samples.get(0));
        // positions strictly increasing per chromosome, unique IDs, 200 variants per chromosome
        Set<String> ids = new HashSet<>();
        int[] perChrom = new int[3];
        VariantContext prev = null;
        int multi = 0;
        long missing = 0;
        double maxDsError = 0;
        for (int j = 0; j < c.records.size(); j++) {
            VariantContext vc = c.records.get(j);
            assertTrue(ids.add(vc.getID()), "duplicate ID " + vc.getID());
            assertEquals(vc.getContig() + ":" + vc.getStart(), vc.getID());
            perChrom[Integer.parseInt(vc.getContig()) - 1]++;
            if (prev != null && prev.getContig().equals(vc.getContig())) assertTrue(vc.getStart() > prev.getStart());
            prev = vc;
            if (vc.getNAlleles() > 2) multi++;
            for (var g : vc.getGenotypes()) {
                if (g.isNoCall()) {
                    missing++;
                    continue;
                }
                if (vc.getNAlleles() == 2) {
                    double ds = Double.parseDouble(g.getExtendedAttribute("DS").toString());
                    maxDsError = Math.max(maxDsError, Math.abs(ds - g.countAllele(vc.getAlternateAllele(0))));
                }
            }
        }
        assertArrayEquals(new int[] {200, 200, 200}, perChrom);
        double missRate = missing / (300.0 * 600);
        assertEquals(0.05, missRate, 0.004, "missing-call fraction");
        assertTrue(maxDsError > 0.05 && maxDsError < 0.8, "DS is GT plus moderate noise: max |DS-GT| = " + maxDsError);
        ObjectNode json = Json.read(Path.of(p + ".simulate.json"));
        assertEquals(multi, json.get("realised").get("multiallelic_sites").asInt());
        assertTrue(multi > 10 && multi < 50, "multi-allelic sites: " + multi);
        assertEquals(3, json.get("parameters").get("seed").asInt());
        int cases = 0;
        for (int v : c.y) cases += v;
        assertEquals(cases, json.get("realised").get("cases").asInt());
        // tables
        assertEquals("#FID\tIID\tPHENO", Files.readAllLines(Path.of(p + ".pheno.tsv")).get(0));
        assertEquals("#FID\tIID\tCOV1\tCOV2\tCOV3\tSITE", Files.readAllLines(Path.of(p + ".covar.tsv")).get(0));
        assertEquals("ID\tCHROM\tPOS\tKIND\tPARTNER\tLOG_OR\tALT_FREQ", Files.readAllLines(Path.of(p + ".truth.tsv")).get(0));
        assertEquals(3 + 1 + 2, c.truth.size());
        for (String[] t : c.truth) {
            assertTrue(ids.contains(t[0]), t[0]);
            VariantContext vc = c.records.get(c.index.get(t[0]));
            assertEquals(2, vc.getNAlleles(), "causal variants are biallelic");
            double lor = Math.abs(Double.parseDouble(t[5]));
            if (t[3].equals("epistatic")) {
                assertTrue(lor >= 0.6 && lor <= 1.0, t[5]);
                assertTrue(ids.contains(t[4]));
            } else {
                assertTrue(lor >= 0.18 && lor <= 0.35, t[5]);
                assertEquals(".", t[4]);
            }
        }
        // the index answers region queries (htsjdk)
        try (VCFFileReader r = new VCFFileReader(Path.of(p + ".vcf.gz"), true)) {
            long expected = c.records.stream().filter(v -> v.getContig().equals("2") && v.getStart() >= 50_000 && v.getStart() <= 120_000).count();
            assertTrue(expected > 50);
            assertEquals(expected, r.query("2", 50_000, 120_000).stream().count());
        }
    }

    @Test
    void bcftoolsAndTabixReadTheOutput() throws Exception {
        if (!onPath("bcftools") || !onPath("tabix")) {
            System.err.println("bcftools/tabix not on PATH: skipping the external check");
            return;
        }
        String p = sim("b", "--samples", "50", "--variants", "300", "--chromosomes", "2", "--dosages",
                "--multiallelic-rate", "0.05", "--seed", "5");
        assertEquals("1\n2\n", exec("tabix", "-l", p + ".vcf.gz"));
        String stats = exec("bcftools", "stats", p + ".vcf.gz");
        assertTrue(stats.contains("number of samples:\t50"), stats);
        assertTrue(stats.contains("number of records:\t300"), stats);
        // region query through the .tbi, compared with a full scan
        long region = exec("bcftools", "view", "-H", p + ".vcf.gz", "2:20000-90000").lines().count();
        long scan = exec("bcftools", "view", "-H", p + ".vcf.gz").lines()
                .map(l -> l.split("\t", 3))
                .filter(f -> f[0].equals("2") && Integer.parseInt(f[1]) >= 20000 && Integer.parseInt(f[1]) <= 90000).count();
        assertTrue(scan > 30);
        assertEquals(scan, region);
        String q = exec("bcftools", "query", "-f", "%ID[\\t%GT:%DS]\\n", "-r", "1:1-5000", p + ".vcf.gz");
        assertFalse(q.isBlank());
    }

    @Test
    void plink2ReadsTheCohortWithItsPhenotypeAndCovariates() throws Exception {
        if (!onPath("plink2")) {
            System.err.println("plink2 not on PATH: skipping the external check");
            return;
        }
        String p = sim("pl", "--samples", "400", "--variants", "300", "--additive", "2", "--effect-min", "1.0",
                "--effect-max", "1.0", "--causal-freq-min", "0.4", "--multiallelic-rate", "0.02", "--seed", "9");
        String out = dir.resolve("plout").toString();
        exec("plink2", "--vcf", p + ".vcf.gz", "--double-id", "--pheno", p + ".pheno.tsv", "--covar", p + ".covar.tsv",
                "--glm", "firth-fallback", "hide-covar", "--covar-variance-standardize", "--threads", "1", "--out", out);
        String log = Files.readString(Path.of(out + ".log"));
        assertTrue(log.contains("400 samples"), log);
        assertTrue(log.contains("3 covariates loaded"), log); // COV1, COV2 and the categorical SITE
        List<String> rows = Files.readAllLines(Path.of(out + ".PHENO.glm.logistic.hybrid"));
        SimulatedCohort c = SimulatedCohort.read(p);
        for (String[] t : c.truth) {
            // the strong causal variants are among the most significant rows
            String row = rows.stream().filter(r -> r.split("\t")[2].equals(t[0])).findFirst().orElseThrow();
            double pval = Double.parseDouble(row.split("\t")[12]);
            assertTrue(pval < 1e-4, t[0] + " P = " + pval);
        }
    }

    @Test
    void additiveEffectsAreRecoveredByALogisticFit() throws Exception {
        // Correctly specified model: y ~ causal genotypes + covariates (+ site dummies) recovers the simulated
        // conditional log-ORs within a few SE. Java IRLS (test helper); R glm gives the same fit.
        String p = sim("g", "--samples", "2000", "--variants", "200", "--additive", "4", "--effect-min", "0.4",
                "--effect-max", "0.6", "--causal-freq-min", "0.2", "--missing-rate", "0", "--seed", "11");
        SimulatedCohort c = SimulatedCohort.read(p);
        int n = c.y.length;
        int k = c.truth.size();
        int w = k + c.covar[0].length;
        double[][] x = new double[n][w];
        for (int t = 0; t < k; t++) {
            double[] g = c.dosage(c.truth.get(t)[0]);
            for (int i = 0; i < n; i++) x[i][t] = g[i];
        }
        for (int i = 0; i < n; i++) System.arraycopy(c.covar[i], 0, x[i], k, c.covar[i].length);
        LogisticFit f = LogisticFit.fit(x, c.y);
        for (int t = 0; t < k; t++) {
            double truth = Double.parseDouble(c.truth.get(t)[5]);
            double z = (f.beta[t + 1] - truth) / f.se[t + 1];
            assertTrue(Math.abs(z) < 3.5, "variant " + c.truth.get(t)[0] + ": truth " + truth + ", estimate "
                    + f.beta[t + 1] + " (SE " + f.se[t + 1] + ")");
            assertTrue(Math.abs(f.beta[t + 1] / f.se[t + 1]) > 4, "strong effect is detected");
        }
        // covariate effects from the JSON are recovered too
        ObjectNode json = Json.read(Path.of(p + ".simulate.json"));
        double cov1 = json.get("phenotype_model").get("covariate_log_or").get("COV1").asDouble();
        assertEquals(cov1, f.beta[k + 1], 3.5 * f.se[k + 1]);
        // and the realised case fraction is near the requested prevalence
        assertEquals(0.5, json.get("realised").get("case_fraction").asDouble(), 0.04);
    }

    @Test
    void prevalenceSetsTheCaseFraction() throws Exception {
        String p = sim("prev", "--samples", "3000", "--variants", "40", "--additive", "2", "--prevalence", "0.2",
                "--missing-rate", "0", "--seed", "4");
        ObjectNode json = Json.read(Path.of(p + ".simulate.json"));
        // binomial SD at n = 3000, p = 0.2 is 0.0073
        assertEquals(0.2, json.get("realised").get("case_fraction").asDouble(), 0.03);
    }

    @Test
    void dominantAndRecessiveEffectsActOnTheirGenotypeClasses() throws Exception {
        String p = sim("dr", "--samples", "4000", "--variants", "100", "--additive", "0", "--dominant", "1",
                "--recessive", "1", "--effect-min", "0.8", "--effect-max", "0.8", "--causal-freq-min", "0.3",
                "--covariates", "0", "--site-levels", "0", "--missing-rate", "0", "--seed", "12");
        SimulatedCohort c = SimulatedCohort.read(p);
        int n = c.y.length;
        // genotypic model: het and hom-alt indicators of both variants
        double[][] x = new double[n][4];
        for (int t = 0; t < 2; t++) {
            double[] g = c.dosage(c.truth.get(t)[0]);
            for (int i = 0; i < n; i++) {
                x[i][2 * t] = g[i] == 1 ? 1 : 0;
                x[i][2 * t + 1] = g[i] == 2 ? 1 : 0;
            }
        }
        LogisticFit f = LogisticFit.fit(x, c.y);
        double dom = Double.parseDouble(c.truth.get(0)[5]);
        double rec = Double.parseDouble(c.truth.get(1)[5]);
        assertEquals("dominant", c.truth.get(0)[3]);
        assertEquals("recessive", c.truth.get(1)[3]);
        // dominant: het and hom-alt both carry the effect
        assertEquals(dom, f.beta[1], 3.5 * f.se[1]);
        assertEquals(dom, f.beta[2], 3.5 * f.se[2]);
        // recessive: het carries nothing, hom-alt the effect
        assertEquals(0, f.beta[3], 3.5 * f.se[3]);
        assertEquals(rec, f.beta[4], 3.5 * f.se[4]);
    }

    @Test
    void epistaticPairHasNoMarginalEffectButAStrongInteraction() throws Exception {
        String p = sim("epi", "--samples", "20000", "--variants", "12", "--block-size", "4", "--additive", "0", "--epistatic-pairs", "1",
                "--epistatic-min", "0.8", "--epistatic-max", "0.8", "--causal-freq-min", "0.3", "--covariates", "0",
                "--site-levels", "0", "--missing-rate", "0", "--seed", "21");
        SimulatedCohort c = SimulatedCohort.read(p);
        int n = c.y.length;
        double[] a = c.dosage(c.truth.get(0)[0]);
        double[] b = c.dosage(c.truth.get(1)[0]);
        assertEquals(c.truth.get(1)[0], c.truth.get(0)[4]);
        for (double[] g : new double[][] {a, b}) {
            double[][] x = new double[n][1];
            for (int i = 0; i < n; i++) x[i][0] = g[i];
            LogisticFit m = LogisticFit.fit(x, c.y);
            System.err.printf("epistatic member: marginal log-OR %.4f (SE %.4f)%n", m.beta[1], m.se[1]);
            assertTrue(Math.abs(m.beta[1]) < 0.05 && Math.abs(m.beta[1] / m.se[1]) < 3.5,
                    "marginal additive effect ~0: " + m.beta[1] + " (SE " + m.se[1] + ")");
        }
        double[][] x = new double[n][3];
        for (int i = 0; i < n; i++) x[i] = new double[] {a[i], b[i], a[i] * b[i]};
        LogisticFit f = LogisticFit.fit(x, c.y);
        double gamma = Double.parseDouble(c.truth.get(0)[5]);
        System.err.printf("epistatic pair: truth %.4f, interaction %.4f (SE %.4f)%n", gamma, f.beta[3], f.se[3]);
        assertEquals(gamma, f.beta[3], 3.5 * f.se[3], "interaction coefficient");
        assertTrue(f.beta[3] / f.se[3] * Math.signum(gamma) > 10, "strong interaction: z = " + f.beta[3] / f.se[3]);
    }

    @Test
    void builtInGeneratorHasLdInsideBlocksAndNoneAcrossChromosomes() {
        SimulationParameters p = new SimulationParameters();
        p.samples = 1000;
        p.variants = 400;
        p.chromosomes = 2;
        p.validate();
        MosaicGenerator gen = new MosaicGenerator(p, new SplittableRandom(1), new SplittableRandom(2));
        double[][] g = new double[p.variants][p.samples];
        byte[] haps = new byte[2 * p.samples];
        for (int j = 0; j < p.variants; j++) {
            gen.next(j, Double.NaN, haps);
            for (int i = 0; i < p.samples; i++) g[j][i] = haps[2 * i] + haps[2 * i + 1];
        }
        double within = 0;
        int nWithin = 0;
        double across = 0;
        int nAcross = 0;
        for (int j = 0; j + 1 < p.variants; j++) {
            if (gen.block(j) == gen.block(j + 1)) {
                double r2 = r2(g[j], g[j + 1]);
                if (!Double.isNaN(r2)) {
                    within += r2;
                    nWithin++;
                }
            }
        }
        int half = p.variants / 2;
        assertEquals(1, gen.contig(half));
        for (int j = 0; j + 1 < half; j++) {
            double r2 = r2(g[j], g[half + j]);
            if (!Double.isNaN(r2)) {
                across += r2;
                nAcross++;
            }
        }
        within /= nWithin;
        across /= nAcross;
        System.err.printf("built-in generator: mean adjacent r2 inside blocks %.3f, across chromosomes %.4f%n", within, across);
        assertTrue(within > 0.1, "mean adjacent r2 inside blocks: " + within);
        assertTrue(across < 0.005, "mean r2 across chromosomes (expected ~1/n = 0.001): " + across);
        // frequencies span rare and common
        int rare = 0;
        int common = 0;
        for (double[] col : g) {
            double f = Arrays.stream(col).sum() / (2.0 * p.samples);
            double maf = Math.min(f, 1 - f);
            if (maf < 0.05) rare++;
            if (maf > 0.2) common++;
        }
        assertTrue(rare > 40 && common > 100, "rare " + rare + ", common " + common);
    }

    @Test
    void targetFrequencyIsHonoured() {
        SimulationParameters p = new SimulationParameters();
        p.samples = 5000;
        p.variants = 50;
        p.validate();
        MosaicGenerator gen = new MosaicGenerator(p, new SplittableRandom(3), new SplittableRandom(4));
        byte[] haps = new byte[2 * p.samples];
        double[] targets = {0.01, 0.1, 0.3, 0.45, 0.9};
        for (int j = 0; j < p.variants; j++) {
            double t = targets[j % targets.length];
            gen.next(j, t, haps);
            int s = 0;
            for (byte h : haps) s += h;
            // founder weights are random, so the realised frequency scatters around the target with the
            // (correlated) sampling of founders; 0.06 absolute is many SDs for n = 10,000 haplotypes
            assertEquals(t, s / (double) haps.length, 0.06, "variant " + j);
        }
    }

    @Test
    void donorMosaicCopiesDonorSitesAndFrequencies() throws Exception {
        String donor = sim("donor", "--samples", "400", "--variants", "500", "--chromosomes", "2", "--missing-rate",
                "0.02", "--multiallelic-rate", "0.05", "--seed", "31");
        String p = sim("fromdonor", "--samples", "2000", "--variants", "300", "--donor", donor + ".vcf.gz",
                "--additive", "3", "--causal-freq-min", "0.2", "--missing-rate", "0", "--seed", "32");
        SimulatedCohort d = SimulatedCohort.read(donor);
        SimulatedCohort c = SimulatedCohort.read(p);
        assertEquals(300, c.records.size());
        for (int j = 0; j < c.records.size(); j++) {
            VariantContext vc = c.records.get(j);
            Integer dj = d.index.get(vc.getID());
            assertNotNull(dj, "site from the donor: " + vc.getID());
            VariantContext dv = d.records.get(dj);
            assertEquals(2, dv.getNAlleles(), "only biallelic donor sites are used");
            assertEquals(dv.getReference(), vc.getReference());
            assertEquals(dv.getAlternateAllele(0), vc.getAlternateAllele(0));
            double fd = nanMean(d.dosage.get(dj)) / 2;
            double fs = nanMean(c.dosage.get(j)) / 2;
            assertEquals(fd, fs, 0.08, "frequency of " + vc.getID());
        }
        for (String[] t : c.truth) {
            double f = Double.parseDouble(t[6]);
            assertTrue(f > 0.12 && f < 0.58, "causal frequency from the donor range: " + f);
        }
        // asking for more variants than the donor has is a user error
        assertEquals(2, Main.run("simulate", "--out", dir.resolve("toomany").toString(), "--samples", "10",
                "--variants", "5000", "--donor", donor + ".vcf.gz"));
        assertFalse(Files.exists(dir.resolve("toomany.vcf.gz")));
    }

    @Test
    void malformedDonorsAreUserErrors() throws Exception {
        String head = "##fileformat=VCFv4.2\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tD1\tD2\n";
        String unsorted = head + "1\t200\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t1/1\n1\t100\t.\tC\tT\t.\tPASS\t.\tGT\t0/0\t0/1\n";
        String split = head + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t1/1\n2\t100\t.\tC\tT\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                + "1\t300\t.\tC\tT\t.\tPASS\t.\tGT\t0/0\t0/1\n";
        String noSamples = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t100\t.\tA\tG\t.\tPASS\t.\n";
        String garbage = "this is not a VCF\n";
        String[][] cases = {{"unsorted", unsorted}, {"split", split}, {"nosamples", noSamples}, {"garbage", garbage}};
        for (String[] c : cases) {
            Path f = dir.resolve(c[0] + ".vcf");
            Files.writeString(f, c[1]);
            assertEquals(2, Main.run("simulate", "--out", dir.resolve("o").toString(), "--samples", "10", "--variants",
                    "1", "--additive", "0", "--donor", f.toString()), c[0]);
        }
        // a good donor with haploid and missing calls works
        String ok = head + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0\t./.\n1\t200\t.\tC\tT\t.\tPASS\t.\tGT\t1|0\t1/1\n"
                + "1\t300\t.\tC\tT,G\t.\tPASS\t.\tGT\t1/2\t0/0\n";
        Path f = dir.resolve("ok.vcf");
        Files.writeString(f, ok);
        assertEquals(0, Main.run("simulate", "--out", dir.resolve("fromok").toString(), "--samples", "10",
                "--variants", "2", "--additive", "0", "--missing-rate", "0", "--donor", f.toString()));
        SimulatedCohort c = SimulatedCohort.read(dir.resolve("fromok").toString());
        assertEquals(List.of("1:100", "1:200"), c.records.stream().map(VariantContext::getID).toList());
    }

    @Test
    void badOptionsExitTwoAndLeaveNoOutput() throws Exception {
        String out = dir.resolve("bad").toString();
        String[][] bad = {
            {"--samples", "0", "--variants", "10"},
            {"--samples", "10", "--variants", "10", "--prevalence", "1"},
            {"--samples", "10", "--variants", "10", "--missing-rate", "1.5"},
            {"--samples", "10", "--variants", "10", "--effect-min", "0.5", "--effect-max", "0.2"},
            {"--samples", "10", "--variants", "10", "--additive", "11"},
            {"--samples", "10", "--variants", "100", "--additive", "20", "--block-size", "20"},
            {"--samples", "10", "--variants", "10", "--site-levels", "1"},
            {"--samples", "10", "--variants", "10", "--donor", dir.resolve("nope.vcf").toString()},
            {"--samples", "ten", "--variants", "10"},
            {"--variants", "10"},
        };
        for (String[] b : bad) {
            List<String> a = new ArrayList<>(List.of("simulate", "--out", out));
            a.addAll(Arrays.asList(b));
            assertEquals(2, Main.run(a.toArray(String[]::new)), String.join(" ", b));
        }
        assertEquals(2, Main.run("simulate", "--out", dir.resolve("no/such/dir/x").toString(), "--samples", "10", "--variants", "10"));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "nothing left behind");
        }
    }

    @Test
    void shippedTestDataMatchesMakeSh() throws Exception {
        // test-data/make.sh is the recipe of the shipped cohort: rerunning its options must give the same
        // content (the VCF compared as text: the compression level is lowered here to save time).
        Path root = Path.of("").toAbsolutePath();
        Path make = root.resolve("test-data/make.sh");
        if (!Files.exists(make)) {
            System.err.println("test-data/make.sh not found from " + root + ": skipping");
            return;
        }
        String script = Files.readString(make).replace("\\\n", " ");
        String line = script.lines().filter(l -> l.contains(" simulate ")).findFirst().orElseThrow();
        List<String> args = new ArrayList<>(Arrays.asList(line.substring(line.indexOf(" simulate ") + 10).trim().split("\\s+")));
        int out = args.indexOf("--out");
        args = new ArrayList<>(args.subList(0, out));
        int level = args.indexOf("--compression-level");
        if (level >= 0) args.set(level + 1, "1");
        String p = sim("shipped", args.toArray(String[]::new));
        Path td = root.resolve("test-data");
        assertEquals(Files.readString(td.resolve("pheno.tsv")), Files.readString(Path.of(p + ".pheno.tsv")));
        assertEquals(Files.readString(td.resolve("covar.tsv")), Files.readString(Path.of(p + ".covar.tsv")));
        assertEquals(Files.readString(td.resolve("truth.tsv")), Files.readString(Path.of(p + ".truth.tsv")));
        assertArrayEquals(gunzip(td.resolve("cohort.vcf.gz")), gunzip(Path.of(p + ".vcf.gz")));
    }

    private static byte[] gunzip(Path p) throws IOException {
        try (var in = new htsjdk.samtools.util.BlockCompressedInputStream(p.toFile())) {
            return in.readAllBytes();
        }
    }

    private static double nanMean(double[] v) {
        double s = 0;
        int k = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                k++;
            }
        }
        return s / k;
    }

    static double r2(double[] a, double[] b) {
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        if (saa == 0 || sbb == 0) return Double.NaN;
        return sab * sab / (saa * sbb);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }

    private static String exec(String... cmd) throws Exception {
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(pr.getInputStream().readAllBytes());
        String err = new String(pr.getErrorStream().readAllBytes());
        assertEquals(0, pr.waitFor(), String.join(" ", cmd) + ": " + err);
        return out;
    }
}
