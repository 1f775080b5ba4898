package org.assocnet.epistasis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.cli.Main;
import org.assocnet.matrix.Cohort;
import org.assocnet.regression.CovariateDesign;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The covariate-adjusted confirmation against R 4.2 {@code glm(y ~ COV1 + COV2 + SITE + g1 * g2, binomial)} and
 * {@code anova(factor main effects, factor interaction, test = "LRT")} on the shipped simulated cohort
 * (test-data/), six pairs: the simulated epistatic pair, additive, null, and pairs with rare variants whose
 * empty genotype cells cost the 4-df test degrees of freedom. Expected values and the R script:
 * src/test/resources/epistasis/confirm/ (expected.tsv = Rscript confirm.R). Where R's genotypic fit separates (a genotype
 * cell of only cases or only controls) P_GENO4 is Firth's penalised likelihood-ratio test, maximised in R by optim.
 */
class ConfirmationReferenceTest {
    static final Path RES = Path.of("src/test/resources/epistasis/confirm");

    @TempDir
    static Path dir;

    static String cohort;

    @BeforeAll
    static void encode() {
        cohort = dir.resolve("td").toString();
        assertEquals(0, Main.run("encode", "--vcf", "test-data/cohort.vcf.gz", "--pheno", "test-data/pheno.tsv",
                "--covar", "test-data/covar.tsv", "--out", cohort));
    }

    static int index(GenotypePlanes p, String id) {
        for (int v = 0; v < p.size(); v++) if (p.info(v).id().equals(id)) return v;
        throw new AssertionError("variant " + id + " not in the cohort");
    }

    static void rel(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(expected - actual) <= tol * Math.abs(expected), what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void equalsRGlm() throws Exception {
        List<String> lines = Files.readAllLines(RES.resolve("expected.tsv"));
        try (Cohort c = Cohort.open(cohort)) {
            GenotypePlanes p = GenotypePlanes.read(c, null);
            CovariateDesign cov = CovariateDesign.prepare(c.samples(), "samples", 50, 0.999);
            Confirmation cf = new Confirmation(p, null, cov);
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split("\t");
                int i = index(p, f[0]), j = index(p, f[1]);
                Confirmation.Result r = cf.run(i, j);
                String pair = f[0] + " x " + f[1];
                boolean separated = "1".equals(f[9]);
                assertEquals(separated ? "GENO4_FIRTH" : ".", r.errcode(), pair);
                double expGeno = Double.parseDouble(separated ? f[10] : f[8]);
                System.err.printf("%s: BETA %.3g SE %.3g P_INT %.3g P_GENO4%s %.3g relative difference%n", pair,
                        Math.abs(r.betaInt() / Double.parseDouble(f[3]) - 1), Math.abs(r.se() / Double.parseDouble(f[4]) - 1),
                        Math.abs(r.pInt() / Double.parseDouble(f[5]) - 1), separated ? " (Firth)" : "", Math.abs(r.pGeno4() / expGeno - 1));
                rel(Double.parseDouble(f[3]), r.betaInt(), 1e-6, pair + " BETA_INT");
                rel(Double.parseDouble(f[4]), r.se(), 1e-6, pair + " SE");
                rel(Double.parseDouble(f[5]), r.pInt(), 1e-6, pair + " P_INT");
                assertEquals(Integer.parseInt(f[7]), r.dfGeno4(), pair + " df");
                rel(expGeno, r.pGeno4(), 1e-6, pair + " P_GENO4");
            }
        }
    }

    /** Without covariates the 4-df genotypic likelihood-ratio test is the exact table test (fully converged IPF). */
    @Test
    void genotypicTestWithoutCovariatesIsTheExactTableTest() throws Exception {
        try (Cohort c = Cohort.open(cohort)) {
            GenotypePlanes p = GenotypePlanes.read(c, null);
            Confirmation cf = new Confirmation(p, null, null);
            PairScan s = new PairScan(p, null, 1, 1);
            BoostTest t = new BoostTest(p.nCase + p.nCtrl);
            int[] tab = new int[18];
            int n = 0;
            for (int i = 0; i < 400; i += 37) {
                for (int j = i + 1; j < p.size(); j += 211) {
                    s.table(i, j, tab);
                    boolean full = true;
                    for (int x : tab) full &= x > 0;
                    if (!full) continue;
                    t.kirkwood(tab);
                    double exact = t.exact(tab, 1e-11);
                    Confirmation.Result r = cf.run(i, j);
                    rel(BoostTest.p(exact, 4), r.pGeno4(), 1e-6, i + " x " + j);
                    n++;
                }
            }
            assertTrue(n > 20, "pairs compared: " + n);
        }
    }
}
