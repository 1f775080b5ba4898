package org.assocnet.attribution;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assocnet.matrix.Cohort;
import org.assocnet.nn.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/**
 * What --null conditional is for, on cohorts with LD: a null variant that tags a causal one is found by the marginal
 * tests (it is associated with y) and not by the conditional ones (it is not associated given its neighbours), while
 * the causal variant stays significant; and on a null cohort with LD the conditional p-values are uniform.
 */
class ConditionalCalibrationTest {
    @TempDir Path dir;

    /**
     * Haplotypes as a Markov chain along each chromosome (variants 0..p/2-1 on "1", the rest on "2", as
     * Fixtures.chrom): allele j copies allele j-1 of the same haplotype with probability copy[j], else is drawn from
     * its frequency. One standard-normal covariate with effect covEffect; y from the covariate and logOr[j] * g_j.
     */
    static Fixtures.Data simulateLd(int n, int p, long seed, double[] copy, double covEffect, double[] logOr) {
        Random r = new Random(seed);
        double[] maf = new double[p];
        for (int j = 0; j < p; j++) maf[j] = 0.15 + 0.35 * r.nextDouble();
        double[][] g = new double[n][p];
        double[][] cov = new double[n][1];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double eta = -0.2;
            for (int hap = 0; hap < 2; hap++) {
                int prev = 0;
                for (int j = 0; j < p; j++) {
                    boolean start = j == 0 || !Fixtures.chrom(j, p).equals(Fixtures.chrom(j - 1, p));
                    int a = !start && r.nextDouble() < copy[j] ? prev : (r.nextDouble() < maf[j] ? 1 : 0);
                    g[i][j] += a;
                    prev = a;
                }
            }
            for (int j = 0; j < p; j++) if (logOr != null && logOr[j] != 0) eta += logOr[j] * g[i][j];
            cov[i][0] = r.nextGaussian();
            eta += covEffect * cov[i][0];
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        return new Fixtures.Data(g, y, cov, List.of("COV1"));
    }

    AttributionResult[] marginalAndConditional(Fixtures.Data d, ModelBundle b, long seed) throws Exception {
        String prefix = Fixtures.writeCohort(dir, d, false);
        try (Cohort c = Cohort.open(prefix)) {
            AttributionOptions o = new AttributionOptions(2, seed, 2, 4);
            return new AttributionResult[] {new Attribution(c, b, o).run(), new Attribution(c, b, o.conditional(5)).run()};
        }
    }

    @Test
    void aTagOfACausalVariantIsSignificantMarginallyButNotConditionally() throws Exception {
        int n = 1500, p = 60;
        double[] copy = new double[p];
        Arrays.fill(copy, 0.5);
        int causal = 12, tag = 13;
        copy[tag] = 0.9; // the tag copies the causal allele on 90% of haplotypes: r^2 ~ 0.8
        double[] logOr = new double[p];
        logOr[causal] = 1.0;
        Fixtures.Data d = simulateLd(n, p, 7, copy, 1.0, logOr);
        ModelBundle b = Fixtures.bundle(d, 5, new int[] {8}, Activation.RELU, 60, 1);
        AttributionResult[] r = marginalAndConditional(d, b, 1);
        AttributionResult m = r[0], c = r[1];
        String diag = String.format("causal P marginal %.3g conditional %.3g (ADD %.3g / %.3g, CONTRIB %.3g / %.3g);"
                + " tag P marginal %.3g conditional %.3g (ADD %.3g / %.3g, CONTRIB %.3g / %.3g)",
                m.pval[causal], c.pval[causal], m.addP[causal], c.addP[causal], m.contribP[causal], c.contribP[causal],
                m.pval[tag], c.pval[tag], m.addP[tag], c.addP[tag], m.contribP[tag], c.contribP[tag]);
        assertEquals(p, c.condFitted, diag);
        // marginally the tag is associated with y (through the causal variant) ...
        assertTrue(m.pval[tag] < 1e-6 && m.addP[tag] < 1e-6, diag);
        // ... given its neighbours (the causal variant among them) it is not
        assertTrue(c.pval[tag] > 0.01 && c.addP[tag] > 0.01 && c.contribP[tag] > 0.01, diag);
        // the causal variant stays significant given its tag and other neighbours
        assertTrue(m.pval[causal] < 1e-10, diag);
        assertTrue(c.pval[causal] < 1e-4 && c.addP[causal] < 1e-4, diag);
        // the other variants in LD with the causal one (copy 0.5 chain) lose their marginal signal too
        int[] near = {causal - 2, causal - 1, tag + 1, tag + 2};
        for (int j : near) assertTrue(c.addP[j] > 1e-3, "neighbour " + j + ": conditional ADD_P " + c.addP[j] + "; " + diag);
    }

    @Test
    void nullCohortWithLdIsCalibratedInConditionalMode() throws Exception {
        int n = 800, p = 600; // 600 variants: lambda from 200 variants in LD chains varied 0.8-1.5 between seeds
        double[] copy = new double[p];
        Random rr = new Random(11);
        for (int j = 0; j < p; j++) copy[j] = 0.3 + 0.65 * rr.nextDouble(); // r^2 between neighbours ~0.1-0.9
        Fixtures.Data d = simulateLd(n, p, 21, copy, 1.0, null);
        ModelBundle b = Fixtures.bundle(d, 5, new int[] {8}, Activation.RELU, 60, 3);
        AttributionResult[] r = marginalAndConditional(d, b, 3);
        AttributionResult c = r[1];
        assertEquals(p, c.condFitted + c.condFellBack);
        assertTrue(c.condFellBack <= p / 20, "fell back to marginal: " + c.condFellBack);
        CalibrationTest.assertUniformish(c.addP, "conditional ADD_P, null cohort with LD");
        CalibrationTest.assertUniformish(c.contribP, "conditional CONTRIB_P, null cohort with LD");
        CalibrationTest.assertUniformish(c.pval, "conditional NN_P, null cohort with LD");
        for (double alpha : new double[] {0.05, 0.01}) {
            int k = org.assocnet.stats.MultipleTesting.countBelow(c.pval, alpha);
            int hi = new org.apache.commons.math3.distribution.BinomialDistribution(p, alpha).inverseCumulativeProbability(0.9995);
            assertTrue(k <= hi, "conditional NN_P: " + k + " of " + p + " below " + alpha);
        }
    }
}
