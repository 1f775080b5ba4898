package org.assocnet.attribution;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assocnet.matrix.Cohort;
import org.assocnet.nn.ModelBundle;
import org.assocnet.regression.ScoreNullModel;
import org.assocnet.stats.Distributions;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.assocnet.stats.Logistic;
import org.assocnet.stats.Seeds;

/**
 * The attribution engine against a naive implementation written straight from STATISTICS.md sections 4-5,
 * with every logit from DL4J's own {@code output()} on the modified input row (no caching, no shortcuts).
 */
class AttributionTest {
    @TempDir Path dir;

    static Fixtures.Data smallData() {
        Fixtures.Data d = Fixtures.simulate(90, 8, 42, 0.8, new double[] {0.9, 0, -0.7});
        d.g()[3][2] = Double.NaN; // missing calls enter the network as the centre
        d.g()[17][5] = Double.NaN;
        return d;
    }

    AttributionResult run(Fixtures.Data d, ModelBundle b, AttributionOptions o) throws Exception {
        String prefix = Fixtures.writeCohort(dir, d, false);
        try (Cohort c = Cohort.open(prefix)) {
            return new Attribution(c, b, o).run();
        }
    }

    static double logit(double prob) {
        return Math.log(prob / (1 - prob));
    }

    static double[] logits(MultiLayerNetwork net, List<double[]> rows) {
        INDArray out = net.output(Nd4j.create(rows.toArray(new double[0][])));
        double[] l = new double[rows.size()];
        for (int r = 0; r < l.length; r++) l[r] = logit(out.getDouble(r, 0));
        return l;
    }

    static double std(ModelBundle b, int j, double g) {
        return Double.isNaN(g) ? 0 : (g - b.center()[j]) / b.scale()[j];
    }

    @Test
    void matchesNaiveFullForwardPasses() throws Exception {
        Fixtures.Data d = smallData();
        ModelBundle b = Fixtures.bundle(d, 3, new int[] {6, 4}, Activation.RELU, 40, 5, DataType.DOUBLE);
        // foldCorrelation off: CONTRIB_Z is the plain Stouffer sum of the per-fold statistics
        AttributionOptions o = new AttributionOptions(3, 99, 2, 32, false);
        AttributionResult r = run(d, b, o);
        int n = d.n(), p = d.p(), K = b.folds();
        double[][] c = {b.center(), b.scale()};
        // LOCO null models: y ~ 1 + covariates + the fold model's logit with the chromosome's variants at their mean
        java.util.Map<String, ScoreNullModel> loco = new java.util.HashMap<>();
        for (String chr : new String[] {"1", "2"}) {
            int k = d.cov()[0].length;
            double[][] cols = new double[k + 2][n];
            java.util.Arrays.fill(cols[0], 1.0);
            List<List<double[]>> byFold = new ArrayList<>();
            for (int f = 0; f < K; f++) byFold.add(new ArrayList<>());
            for (int i = 0; i < n; i++) {
                double[] x = Fixtures.inputRow(d, i, c[0], c[1]);
                for (int v = 0; v < p; v++) if (Fixtures.chrom(v, p).equals(chr)) x[v] = 0;
                for (int q = 0; q < k; q++) cols[1 + q][i] = x[p + q];
                cols[k + 1][i] = logits(b.networks().get(b.fold()[i]), List.of(x))[0];
            }
            loco.put(chr, ScoreNullModel.fit(d.y(), cols));
        }
        for (int j = 0; j < p; j++) {
            double bs = 0, bss = 0, r0 = 0, r1 = 0, r2 = 0;
            double[] T = new double[K], V = new double[K];
            ScoreNullModel nm = loco.get(Fixtures.chrom(j, p));
            double[] mu = nm.mu();
            // ADD: the dosage (missing = mean of the called) in the LOCO null model
            double[] ga = new double[n];
            double gs = 0;
            int gc = 0;
            for (int i = 0; i < n; i++) {
                if (!Double.isNaN(d.g()[i][j])) {
                    gs += d.g()[i][j];
                    gc++;
                }
            }
            for (int i = 0; i < n; i++) ga[i] = Double.isNaN(d.g()[i][j]) ? gs / gc : d.g()[i][j];
            double gbar = gs / gc, aa = 0;
            double[] C = new double[K];
            double[][] cnt = new double[K][3];
            for (int i = 0; i < n; i++) {
                double g = d.g()[i][j];
                if (!Double.isNaN(g)) cnt[b.fold()[i]][(int) Math.rint(g)]++;
            }
            double[] full = new double[n];
            double[] dsum = new double[n];
            for (int i = 0; i < n; i++) {
                int f = b.fold()[i];
                double[] x = Fixtures.inputRow(d, i, c[0], c[1]);
                List<double[]> rows = new ArrayList<>();
                rows.add(x);
                for (int g = 0; g <= 2; g++) {
                    double[] m = x.clone();
                    m[j] = std(b, j, g);
                    rows.add(m);
                }
                double[] l = logits(b.networks().get(f), rows);
                full[i] = l[0];
                double tot = cnt[f][0] + cnt[f][1] + cnt[f][2];
                double[] pi = {cnt[f][0] / tot, cnt[f][1] / tot, cnt[f][2] / tot};
                double beta = (l[3] - l[1]) / 2;
                bs += beta;
                bss += beta * beta;
                r0 += Logistic.sigmoid(l[1]);
                r1 += Logistic.sigmoid(l[2]);
                r2 += Logistic.sigmoid(l[3]);
                double g = d.g()[i][j];
                if (Double.isNaN(g)) continue;
                double dij = l[1 + (int) Math.rint(g)] - (pi[0] * l[1] + pi[1] * l[2] + pi[2] * l[3]);
                double rij = d.y()[i] - mu[i];
                T[f] += rij * dij;
                V[f] += rij * rij * dij * dij;
                C[f] += rij * rij * (g - gbar) * dij;
                aa += rij * rij * (g - gbar) * (g - gbar);
            }
            // 4b: the same permutations (seeded by seed, column, fold, draw), every logit from DL4J
            for (int f = 0; f < K; f++) {
                List<Integer> mem = new ArrayList<>();
                for (int i = 0; i < n; i++) if (b.fold()[i] == f) mem.add(i);
                for (int rd = 0; rd < o.draws(); rd++) {
                    SplittableRandom rng = new SplittableRandom(Seeds.forDraw(o.seed(), j, f, rd));
                    double[] perm = new double[mem.size()];
                    for (int t = 0; t < perm.length; t++) perm[t] = std(b, j, d.g()[mem.get(t)][j]);
                    for (int t = perm.length - 1; t > 0; t--) {
                        int u = rng.nextInt(t + 1);
                        double tmp = perm[t];
                        perm[t] = perm[u];
                        perm[u] = tmp;
                    }
                    List<double[]> rows = new ArrayList<>();
                    for (int t = 0; t < perm.length; t++) {
                        double[] x = Fixtures.inputRow(d, mem.get(t), c[0], c[1]);
                        x[j] = perm[t];
                        rows.add(x);
                    }
                    double[] l = logits(b.networks().get(f), rows);
                    for (int t = 0; t < perm.length; t++) {
                        int i = mem.get(t);
                        dsum[i] += Logistic.bce(d.y()[i], l[t]) - Logistic.bce(d.y()[i], full[i]);
                    }
                }
            }
            double is = 0, iss = 0;
            for (int i = 0; i < n; i++) {
                double v = dsum[i] / o.draws();
                is += v;
                iss += v * v;
            }
            double zsum = 0;
            int m = 0;
            for (int f = 0; f < K; f++) {
                if (V[f] > 0) {
                    zsum += T[f] / Math.sqrt(V[f]);
                    m++;
                }
            }
            double zz = zsum / Math.sqrt(m);
            double za = nm.z(ga);
            String at = "variant " + j;
            assertEquals(za, r.addZ[j], 1e-9 * Math.max(1, Math.abs(za)), at);
            assertEquals(Distributions.twoSidedP(za), r.addP[j], 1e-8 * r.addP[j], at);
            assertEquals(".", r.errcode[j], at);
            assertEquals(zz, r.z[j], 1e-7 * Math.max(1, Math.abs(zz)), at);
            assertEquals(Distributions.twoSidedP(zz), r.contribP[j], 1e-6 * r.contribP[j], at);
            double cov = 0;
            for (int f = 0; f < K; f++) if (V[f] > 0) cov += C[f] / Math.sqrt(aa * V[f]);
            double corr = cov / Math.sqrt(m);
            assertEquals(corr, r.addContribCorr[j], 1e-7, at);
            assertEquals(Distributions.twoSidedMaxP(za, zz, corr), r.pval[j], 1e-6 * r.pval[j], at);
            assertEquals(bs / n, r.beta[j], 1e-8, at);
            assertEquals(Math.sqrt((bss / n - (bs / n) * (bs / n)) * n / (n - 1) / n), r.betaSe[j], 1e-8, at);
            assertEquals(r0 / n, r.risk0[j], 1e-9, at);
            assertEquals(r1 / n, r.risk1[j], 1e-9, at);
            assertEquals(r2 / n, r.risk2[j], 1e-9, at);
            double im = is / n, ise = Math.sqrt((iss / n - im * im) * n / (n - 1) / n);
            assertEquals(im, r.imp[j], 1e-9, at);
            assertEquals(ise, r.impSe[j], 1e-9, at);
            assertEquals(Distributions.upperP(im / ise), r.impP[j], 1e-6, at);
        }
        // OBS_CT and A1_FREQ over called samples
        assertEquals(n - 1, r.obsCt[2]);
        assertEquals(n, r.obsCt[0]);
    }

    @Test
    void integratedGradientsMatchNumericPathIntegralAndAreComplete() throws Exception {
        Fixtures.Data d = Fixtures.simulate(30, 6, 8, 0.5, new double[] {1.0, 0.5});
        ModelBundle b = Fixtures.bundle(d, 2, new int[] {5, 3}, Activation.TANH, 30, 3, DataType.DOUBLE);
        int steps = 32;
        AttributionResult r = run(d, b, new AttributionOptions(1, 1, 1, steps));
        int n = d.n(), p = d.p();
        double[] igMean = new double[p];
        double maxIncomplete = 0;
        for (int i = 0; i < n; i++) {
            MultiLayerNetwork net = b.networks().get(b.fold()[i]);
            double[] x = Fixtures.inputRow(d, i, b.center(), b.scale());
            double[] base = x.clone();
            for (int j = 0; j < p; j++) base[j] = std(b, j, 0);
            List<double[]> rows = new ArrayList<>();
            double h = 1e-5;
            for (int s = 0; s <= steps; s++) {
                double a = (double) s / steps;
                for (int j = 0; j < p; j++) {
                    for (int sign = -1; sign <= 1; sign += 2) {
                        double[] pt = new double[x.length];
                        for (int k = 0; k < x.length; k++) pt[k] = base[k] + a * (x[k] - base[k]);
                        pt[j] += sign * h;
                        rows.add(pt);
                    }
                }
            }
            rows.add(x);
            rows.add(base);
            double[] l = logits(net, rows);
            double sum = 0;
            for (int j = 0; j < p; j++) {
                double avg = 0;
                for (int s = 0; s <= steps; s++) {
                    int at = (s * p + j) * 2;
                    double grad = (l[at + 1] - l[at]) / (2 * h);
                    avg += (s == 0 || s == steps ? 0.5 : 1.0) / steps * grad;
                }
                double ig = (x[j] - base[j]) * avg;
                igMean[j] += ig / n;
                sum += ig;
            }
            double diff = l[l.length - 2] - l[l.length - 1];
            maxIncomplete = Math.max(maxIncomplete, Math.abs(sum - diff));
        }
        for (int j = 0; j < p; j++) assertEquals(igMean[j], r.igMean[j], 1e-6, "IG_MEAN variant " + j);
        // completeness (sum of attributions = f(x) - f(baseline)) holds up to the 32-step quadrature error
        assertTrue(maxIncomplete < 0.02, "numeric completeness error " + maxIncomplete);
        assertTrue(r.igCompletenessMaxError < 0.02, "engine completeness error " + r.igCompletenessMaxError);
        AttributionResult fine = run(d, b, new AttributionOptions(1, 1, 1, 1024));
        assertTrue(fine.igCompletenessMaxError < 1e-4, "1024 steps: " + fine.igCompletenessMaxError);
        assertTrue(fine.igCompletenessMaxError < r.igCompletenessMaxError);
    }

    @Test
    void networkIgnoringAVariantGivesZeroContributionAndPOne() throws Exception {
        Fixtures.Data d = smallData();
        ModelBundle b = Fixtures.bundle(d, 3, new int[] {6}, Activation.RELU, 20, 5);
        int j = 4;
        for (MultiLayerNetwork net : b.networks()) {
            INDArray w = net.getLayer(0).getParam("W");
            for (int k = 0; k < w.size(1); k++) w.putScalar(j, k, 0.0);
            assertEquals(0.0, net.getLayer(0).getParam("W").getRow(j).norm1Number().doubleValue());
        }
        AttributionResult r = run(d, b, new AttributionOptions(4, 1, 2, 32));
        assertEquals(".", r.errcode[j]);
        assertEquals(0.0, r.z[j]);
        assertEquals(1.0, r.contribP[j]);
        // no contribution to test: the headline P is the additive test with the network as offset alone
        assertEquals(r.addP[j], r.pval[j]);
        assertTrue(r.addP[j] > 0 && r.addP[j] <= 1);
        assertEquals(0.0, r.beta[j]);
        assertEquals(0.0, r.betaSe[j]);
        assertEquals(0.0, r.igMean[j]);
        assertEquals(0.0, r.imp[j]);
        assertEquals(1.0, r.impP[j]);
        assertEquals(r.risk0[j], r.risk2[j]);
        assertTrue(r.contribP[0] < 1.0, "a used variant has a real contribution p-value");
    }

    @Test
    void logitLinearInGenotypeGivesItsCoefficientAsNnBeta() throws Exception {
        Fixtures.Data d = smallData();
        // no hidden layer: logit = b + sum_j w_j (g_j - c_j) / s_j, so d logit / d g_j = w_j / s_j for every sample
        ModelBundle lin = Fixtures.bundle(d, 3, new int[0], Activation.RELU, 30, 5, DataType.DOUBLE);
        AttributionResult r = run(d, lin, new AttributionOptions(2, 1, 2, 32));
        // one identity hidden layer is linear too
        ModelBundle id = Fixtures.bundle(d, 3, new int[] {4}, Activation.IDENTITY, 30, 5, DataType.DOUBLE);
        AttributionResult r2 = run(d, id, new AttributionOptions(2, 1, 2, 32));
        for (int j = 0; j < d.p(); j++) {
            double mean = 0, mean2 = 0;
            for (int i = 0; i < d.n(); i++) {
                int f = lin.fold()[i];
                mean += lin.networks().get(f).getLayer(0).getParam("W").getDouble(j, 0) / lin.scale()[j] / d.n();
                INDArray w1 = id.networks().get(f).getLayer(0).getParam("W");
                INDArray w2 = id.networks().get(f).getLayer(1).getParam("W");
                mean2 += w1.getRow(j).mmul(w2).getDouble(0) / id.scale()[j] / d.n();
            }
            assertEquals(mean, r.beta[j], 1e-10, "variant " + j);
            assertEquals(mean2, r2.beta[j], 1e-10, "variant " + j);
            // additive network: the genotype risks on the logit scale are equally spaced
            assertTrue(r.risk1[j] > Math.min(r.risk0[j], r.risk2[j]) && r.risk1[j] < Math.max(r.risk0[j], r.risk2[j]));
        }
        // with a single fold model the per-sample effect is constant: SE 0
        Fixtures.Data d1 = d;
        ModelBundle one = Fixtures.bundle(d1, 1, new int[0], Activation.RELU, 0, 5, DataType.DOUBLE);
        AttributionResult r1 = run(d1, one, new AttributionOptions(1, 1, 1, 8));
        double w = one.networks().get(0).getLayer(0).getParam("W").getDouble(1, 0) / one.scale()[1];
        assertEquals(w, r1.beta[1], 1e-12);
        assertEquals(0.0, r1.betaSe[1], 1e-12);
        assertEquals(Math.exp(w), Math.exp(r1.beta[1]), 1e-12);
    }

    @Test
    void identicalResultsForAnyThreadCount() throws Exception {
        Fixtures.Data d = Fixtures.simulate(120, 40, 3, 0.5, new double[] {0.5});
        ModelBundle b = Fixtures.bundle(d, 3, new int[] {8}, Activation.RELU, 10, 2);
        AttributionResult a = run(d, b, new AttributionOptions(3, 7, 1, 16));
        for (int t : new int[] {2, 3}) {
            AttributionResult c = run(d, b, new AttributionOptions(3, 7, t, 16));
            assertArrayEquals(a.z, c.z, "threads " + t);
            assertArrayEquals(a.beta, c.beta);
            assertArrayEquals(a.betaSe, c.betaSe);
            assertArrayEquals(a.imp, c.imp);
            assertArrayEquals(a.impSe, c.impSe);
            assertArrayEquals(a.igMean, c.igMean);
            assertArrayEquals(a.risk1, c.risk1);
        }
        AttributionResult other = run(d, b, new AttributionOptions(3, 8, 2, 16));
        assertFalse(java.util.Arrays.equals(a.imp, other.imp), "a different seed draws different permutations");
        assertArrayEquals(a.z, other.z, "the score test uses no random draws");
    }

    @Test
    void variantsOutsideTheModelAndMonomorphicVariants() throws Exception {
        Fixtures.Data d = smallData();
        for (int i = 0; i < d.n(); i++) d.g()[i][6] = 1; // monomorphic (all het)
        ModelBundle full = Fixtures.bundle(d, 3, new int[] {4}, Activation.RELU, 5, 5);
        // a model that uses only variants 1, 3, 6 (+ the covariate): rebuild its nets with 4 inputs
        Fixtures.Data sub = new Fixtures.Data(new double[d.n()][], d.y(), d.cov(), d.covNames());
        for (int i = 0; i < d.n(); i++) sub.g()[i] = new double[] {d.g()[i][1], d.g()[i][3], d.g()[i][6]};
        ModelBundle s = Fixtures.bundle(sub, 3, new int[] {4}, Activation.RELU, 5, 5);
        ModelBundle b = new ModelBundle(new int[] {1, 3, 6}, s.covariates(), s.center(), s.scale(), s.fold(), s.iids(),
                s.folds(), s.seed(), s.config(), s.networks());
        AttributionResult r = run(d, b, new AttributionOptions(2, 1, 2, 8));
        for (int j : new int[] {0, 2, 4, 5, 7}) {
            assertEquals(Attribution.NOT_IN_MODEL, r.errcode[j]);
            assertTrue(Double.isNaN(r.pval[j]) && Double.isNaN(r.beta[j]) && Double.isNaN(r.imp[j]));
        }
        assertEquals(".", r.errcode[1]);
        assertEquals(".", r.errcode[3]);
        assertEquals(Attribution.MONOMORPHIC, r.errcode[6]);
        assertTrue(Double.isNaN(r.pval[6]) && Double.isNaN(r.impP[6]));
        assertNotNull(full);
    }
}
