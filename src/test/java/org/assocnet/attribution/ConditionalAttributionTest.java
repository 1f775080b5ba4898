package org.assocnet.attribution;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assocnet.regression.ConditionalGenotypes;
import org.assocnet.regression.ScoreNullModel;
import org.assocnet.matrix.Cohort;
import org.assocnet.nn.ModelBundle;
import org.assocnet.stats.Distributions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * attribute --null conditional against a naive implementation written from STATISTICS.md 4 ("Conditional mode"):
 * neighbours picked by hand, the genotype model fitted by {@link ConditionalGenotypes} (checked against R in its own
 * test), every logit from DL4J {@code output()} on the modified row.
 */
class ConditionalAttributionTest {
    @TempDir Path dir;

    @Test
    void matchesNaiveConditionalComputation() throws Exception {
        Fixtures.Data d = AttributionTest.smallData();
        ModelBundle b = Fixtures.bundle(d, 3, new int[] {6, 4}, Activation.RELU, 40, 5, DataType.DOUBLE);
        int w = 2;
        AttributionOptions marg = new AttributionOptions(3, 99, 2, 8, false);
        AttributionOptions cond = marg.conditional(w);
        String prefix = Fixtures.writeCohort(dir, d, false);
        AttributionResult rm, rc, rc1;
        try (Cohort c = Cohort.open(prefix)) {
            rm = new Attribution(c, b, marg).run();
            rc = new Attribution(c, b, cond).run();
            rc1 = new Attribution(c, b, new AttributionOptions(3, 99, 1, 8, false, true, w)).run();
        }
        int n = d.n(), p = d.p(), K = b.folds(), k = d.cov()[0].length;
        double[][] cs = {b.center(), b.scale()};
        assertEquals(p, rc.condFitted);
        assertEquals(0, rc.condFellBack);
        for (String chr : new String[] {"1", "2"}) {
            // LOCO null model as AttributionTest rebuilds it
            double[][] cols = new double[k + 2][n];
            java.util.Arrays.fill(cols[0], 1.0);
            for (int i = 0; i < n; i++) {
                double[] x = Fixtures.inputRow(d, i, cs[0], cs[1]);
                for (int v = 0; v < p; v++) if (Fixtures.chrom(v, p).equals(chr)) x[v] = 0;
                for (int q = 0; q < k; q++) cols[1 + q][i] = x[p + q];
                cols[k + 1][i] = AttributionTest.logits(b.networks().get(b.fold()[i]), List.of(x))[0];
            }
            ScoreNullModel nm = ScoreNullModel.fit(d.y(), cols);
            for (int j = 0; j < p; j++) {
                if (!Fixtures.chrom(j, p).equals(chr)) continue;
                // neighbours: the w nearest variants on each side on the same chromosome, standardised, missing = 0
                List<double[]> h = new ArrayList<>();
                for (int v = j - w; v <= j + w; v++) {
                    if (v == j || v < 0 || v >= p || !Fixtures.chrom(v, p).equals(chr)) continue;
                    double[] col = new double[n];
                    for (int i = 0; i < n; i++) col[i] = AttributionTest.std(b, v, d.g()[i][v]);
                    h.add(col);
                }
                for (int q = 0; q < k; q++) h.add(cols[1 + q]);
                double[] gj = new double[n];
                for (int i = 0; i < n; i++) gj[i] = d.g()[i][j];
                ConditionalGenotypes cg = ConditionalGenotypes.fit(gj, h.toArray(new double[0][]), 1e-6 * n);
                double[] q = cg.q();
                double[] ga = new double[n];
                for (int i = 0; i < n; i++) ga[i] = Double.isNaN(gj[i]) ? 0 : gj[i] - 2 * q[i];
                double[] T = new double[K], V = new double[K], C = new double[K];
                double aa = 0;
                for (int i = 0; i < n; i++) {
                    if (Double.isNaN(gj[i])) continue;
                    int f = b.fold()[i];
                    double[] x = Fixtures.inputRow(d, i, cs[0], cs[1]);
                    List<double[]> rows = new ArrayList<>();
                    for (int g = 0; g <= 2; g++) {
                        double[] m = x.clone();
                        m[j] = AttributionTest.std(b, j, g);
                        rows.add(m);
                    }
                    double[] l = AttributionTest.logits(b.networks().get(f), rows);
                    double[] pi = {(1 - q[i]) * (1 - q[i]), 2 * q[i] * (1 - q[i]), q[i] * q[i]};
                    double dij = l[(int) Math.rint(gj[i])] - (pi[0] * l[0] + pi[1] * l[1] + pi[2] * l[2]);
                    double r = d.y()[i] - nm.mu()[i];
                    T[f] += r * dij;
                    V[f] += r * r * dij * dij;
                    C[f] += r * r * ga[i] * dij;
                    aa += r * r * ga[i] * ga[i];
                }
                double zsum = 0, cov = 0;
                int m = 0;
                for (int f = 0; f < K; f++) {
                    if (V[f] > 0) {
                        zsum += T[f] / Math.sqrt(V[f]);
                        cov += C[f] / Math.sqrt(aa * V[f]);
                        m++;
                    }
                }
                double zc = zsum / Math.sqrt(m), corr = cov / Math.sqrt(m), za = nm.z(ga);
                String at = "variant " + j;
                assertTrue(rc.condUsed[j], at);
                assertEquals(za, rc.addZ[j], 1e-8 * Math.max(1, Math.abs(za)), at);
                assertEquals(zc, rc.z[j], 1e-7 * Math.max(1, Math.abs(zc)), at);
                assertEquals(corr, rc.addContribCorr[j], 1e-7, at);
                assertEquals(Distributions.twoSidedMaxP(za, zc, corr), rc.pval[j], 1e-6 * rc.pval[j], at);
                // the conditional statistics differ from the marginal ones ...
                assertNotEquals(rm.addZ[j], rc.addZ[j], at);
                // ... and nothing that is not a null-distribution statement changes
                assertEquals(rm.beta[j], rc.beta[j], 0.0, at);
                assertEquals(rm.risk1[j], rc.risk1[j], 0.0, at);
                assertEquals(rm.igMean[j], rc.igMean[j], 0.0, at);
                assertEquals(rm.imp[j], rc.imp[j], 0.0, at);
                assertEquals(rm.impP[j], rc.impP[j], 0.0, at);
                // identical for any thread count
                assertEquals(rc.pval[j], rc1.pval[j], 0.0, at);
                assertEquals(rc.z[j], rc1.z[j], 0.0, at);
            }
        }
    }

    @Test
    void neighbourInputsStayOnTheChromosomeInCohortOrder() {
        // inputs listed out of cohort order; chromosome groups 0,0,0,1,1,0
        int[] col = {5, 1, 3, 7, 6, 0};
        int[] chr = {0, 0, 0, 1, 1, 0};
        int[][] nb = Attribution.neighbourInputs(col, chr, 1);
        // chromosome 0 in cohort order: inputs 5 (col 0), 1 (col 1), 2 (col 3), 0 (col 5)
        assertArrayEquals(new int[] {1}, nb[5]);
        assertArrayEquals(new int[] {5, 2}, nb[1]);
        assertArrayEquals(new int[] {1, 0}, nb[2]);
        assertArrayEquals(new int[] {2}, nb[0]);
        // chromosome 1: inputs 4 (col 6), 3 (col 7)
        assertArrayEquals(new int[] {3}, nb[4]);
        assertArrayEquals(new int[] {4}, nb[3]);
        assertEquals(0, Attribution.neighbourInputs(col, chr, 0)[1].length);
    }
}
