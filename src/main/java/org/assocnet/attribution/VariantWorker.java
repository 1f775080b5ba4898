package org.assocnet.attribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.assocnet.matrix.CohortMatrix;
import org.assocnet.matrix.Encoding;
import org.assocnet.nn.ModelBundle;
import org.assocnet.regression.ConditionalGenotypes;
import org.assocnet.regression.ScoreNullModel;
import org.assocnet.stats.Distributions;
import org.assocnet.stats.Logistic;
import org.assocnet.core.CpuTime;
import org.assocnet.stats.Seeds;
import org.assocnet.stats.Summary;

/**
 * The per-variant tests of one attribution run (STATISTICS.md 4a contribution and additive score statistics per
 * fold, 4b permutation importance, section 5 effect sizes and Integrated Gradients), one variant input at a time,
 * with per-thread scratch. Reads the run's caches (first-layer products, logits, LOCO null models) and writes one
 * variant's numbers into the result under its lock.
 */
final class VariantWorker {
    private final Attribution run;
    // the run's state, read-only here
    private final CohortMatrix matrix;
    private final ModelBundle model;
    private final AttributionOptions opt;
    private final int n;
    private final int nAll;
    private final int[] rows;
    private final int[] fold;
    private final int[] y;
    private final DenseNet[] nets;
    private final int stride;
    private final Encoding enc;
    private final int[][] foldMembers;
    private final int[] locoGroup;
    private final ScoreNullModel[] locoNull;
    private final int[][] neighbours;
    private final double[][] covStd;
    private final double[] z;
    private final double[] logit;
    private final double[] igDelta;
    private final double[] baseInput;
    // per-thread scratch
    private final double[] g;
    private final double[] ga;
    private final double[] gAll;
    private final double[] xs;
    private final double[] zz;
    private final double[] dsum;
    private final double[] perm;
    private final ByteBuffer scratch;
    private final double[][][] scr;
    // conditional mode: standardised neighbour inputs (scored samples) by variant input, kept while still needed
    private Map<Integer, double[]> nbCache;
    private final double[] pis;

    VariantWorker(Attribution run) {
        this.run = run;
        this.matrix = run.matrix;
        this.model = run.model;
        this.opt = run.opt;
        this.n = run.n;
        this.nAll = run.nAll;
        this.rows = run.rows;
        this.fold = run.fold;
        this.y = run.y;
        this.nets = run.nets;
        this.stride = run.stride;
        this.enc = run.enc;
        this.foldMembers = run.foldMembers;
        this.locoGroup = run.locoGroup;
        this.locoNull = run.locoNull;
        this.neighbours = run.neighbours;
        this.covStd = run.covStd;
        this.z = run.z;
        this.logit = run.logit;
        this.igDelta = run.igDelta;
        this.baseInput = run.baseInput;
        this.g = new double[n];
        this.ga = new double[n];
        this.gAll = new double[nAll];
        this.xs = new double[n];
        this.zz = new double[stride];
        this.dsum = new double[n];
        this.perm = new double[n];
        this.scratch = matrix.newScratch();
        this.scr = new double[nets.length][][];
        this.nbCache = new HashMap<>();
        this.pis = new double[3];
        for (int f = 0; f < nets.length; f++) scr[f] = nets[f].newScratch();
    
    }

    /**
     * Conditional mode: fits the genotype model of variant input c given its neighbours and the covariates;
     * null if there is no finite fit (the variant then uses the marginal pi).
     */
    ConditionalGenotypes conditionalModel(int c) throws IOException {
        int[] nb = neighbours[c];
        Map<Integer, double[]> next = new HashMap<>();
        double[][] cols = new double[nb.length + covStd.length][];
        for (int t = 0; t < nb.length; t++) {
            double[] h = nbCache.get(nb[t]);
            if (h == null) {
                h = new double[n];
                matrix.column(model.variantColumns()[nb[t]], gAll, scratch);
                for (int i = 0; i < n; i++) h[i] = run.input(nb[t], gAll[rows[i]]); // missing: 0, the mean
            }
            next.put(nb[t], h);
            cols[t] = h;
        }
        // this variant is the next one's neighbour: keep its standardised input (xs, missing = 0) too
        next.put(c, xs.clone());
        nbCache = next;
        System.arraycopy(covStd, 0, cols, nb.length, covStd.length);
        return ConditionalGenotypes.fit(g, cols, Attribution.COND_RIDGE * n);
    }

    /** Logit of sample i with variant input c set to standardised value v (observed value xs[i]). */
    double at(int i, int c, double v) {
        double dx = v - xs[i];
        if (dx == 0.0) return logit[i];
        DenseNet net = nets[fold[i]];
        return net.logitShifted(z, i * stride, dx, c * net.firstWidth(), zz, scr[fold[i]]);
    }

    /**
     * Conditional mode: fills {@code ga} with the residualised encoded dosage enc(g_ij) - E[enc(g) | neighbours,
     * covariates] under Binomial(2, q_i) (missing: 0); returns 0, their centre.
     */
    double residualiseAdditive(double[] q) {
        double e0 = enc.apply(0), e1 = enc.apply(1), e2 = enc.apply(2);
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(g[i])) {
                ga[i] = 0;
            } else {
                ConditionalGenotypes.genotypeProbabilities(q[i], pis);
                ga[i] = enc.apply(g[i]) - (pis[0] * e0 + pis[1] * e1 + pis[2] * e2);
            }
        }
        return 0;
    }

    /** Fills {@code ga} with the current variant's encoded dosage (missing = mean of the called); returns that mean. */
    double prepareAdditive() {
        double sum = 0;
        int called = 0;
        for (int i = 0; i < n; i++) {
            ga[i] = enc.apply(g[i]);
            if (!Double.isNaN(ga[i])) {
                sum += ga[i];
                called++;
            }
        }
        double fill = called > 0 ? sum / called : 0;
        for (int i = 0; i < n; i++) if (Double.isNaN(ga[i])) ga[i] = fill;
        return fill;
    }

    void variant(int c, AttributionResult res) throws IOException {
        int mc = model.variantColumns()[c];
        matrix.column(mc, gAll, scratch);
        for (int i = 0; i < n; i++) g[i] = gAll[rows[i]];
        int folds = nets.length;
        double[][] cnt = new double[folds][3];
        int called = 0;
        double dosageSum = 0;
        for (int i = 0; i < n; i++) {
            xs[i] = run.input(c, g[i]);
            if (!Double.isNaN(g[i])) {
                called++;
                dosageSum += g[i];
                cnt[fold[i]][Encoding.hardCall(g[i])]++;
            }
        }
        double[] xg = {run.input(c, 0), run.input(c, 1), run.input(c, 2)};
        double[][] pi = new double[folds][3];
        int[] present = new int[3];
        for (int f = 0; f < folds; f++) {
            double tot = cnt[f][0] + cnt[f][1] + cnt[f][2];
            for (int k = 0; k < 3; k++) {
                pi[f][k] = tot > 0 ? cnt[f][k] / tot : 0;
                if (cnt[f][k] > 0) present[k] = 1;
            }
        }
        boolean mono = present[0] + present[1] + present[2] <= 1;
        // conditional mode: pi_i(g) = Binomial(2, q_i), q_i from the genotype model given the LD neighbours and
        // the covariates (per sample instead of per fold)
        double[] q = null;
        if (opt.conditional() && !mono) {
            long tc = CpuTime.threadNanos();
            ConditionalGenotypes cg = conditionalModel(c);
            if (cg != null) q = cg.q();
            long dt = CpuTime.threadNanos() - tc;
            synchronized (res) {
                res.condCpuSeconds += dt / 1e9;
                if (q != null) res.condFitted++;
                else res.condFellBack++;
                res.condUsed[mc] = q != null;
            }
        }
        boolean cond = q != null;
        double bs = 0, bss = 0, r0 = 0, r1 = 0, r2 = 0, ig = 0;
        double[] T = new double[folds], V = new double[folds];
        ScoreNullModel nullModel = locoNull[locoGroup[c]];
        double[] nullMu = nullModel == null ? null : nullModel.mu();
        double gbar = cond ? residualiseAdditive(q) : prepareAdditive();
        double[] C = new double[folds];
        double aa = 0;
        double[] l = new double[3];
        for (int i = 0; i < n; i++) {
            int f = fold[i];
            for (int k = 0; k < 3; k++) l[k] = at(i, c, xg[k]);
            double b = (l[2] - l[0]) / 2;
            bs += b;
            bss += b * b;
            double s0 = Logistic.sigmoid(l[0]), s1 = Logistic.sigmoid(l[1]), s2 = Logistic.sigmoid(l[2]);
            r0 += s0;
            r1 += s1;
            r2 += s2;
            if (!Double.isNaN(g[i])) {
                double[] pr = pi[f];
                if (cond) {
                    ConditionalGenotypes.genotypeProbabilities(q[i], pis);
                    pr = pis;
                }
                // d = f(g_ij) - sum_g pi(g) f(g), written as sum_g pi(g) (f(g_ij) - f(g)) so that a network
                // that ignores the variant gives exactly 0 (the pi do not sum to 1 exactly in floating point)
                double lo = l[Encoding.hardCall(g[i])];
                double d = pr[0] * (lo - l[0]) + pr[1] * (lo - l[1]) + pr[2] * (lo - l[2]);
                // residual without variant j: of the LOCO null model (covariates + the network's prediction
                // from the other chromosomes), so that the network's use of j's LD neighbours does not absorb
                // the signal; without a null model, of the network with j averaged over pi (STATISTICS.md 4a)
                double r = nullMu != null ? y[i] - nullMu[i] : y[i] - (pr[0] * s0 + pr[1] * s1 + pr[2] * s2);
                T[f] += r * d;
                V[f] += r * r * d * d;
                double a = ga[i] - gbar;
                C[f] += r * r * a * d;
                aa += r * r * a * a;
            }
            // Integrated Gradients of input c for sample i
            DenseNet net = nets[f];
            int h = net.firstWidth();
            double[] w1 = net.firstWeights();
            int o = i * stride;
            int wo = c * h;
            double dot = 0;
            for (int k = 0; k < h; k++) dot += w1[wo + k] * igDelta[o + k];
            ig += (xs[i] - baseInput[c]) * dot;
        }
        // 4b: permutation draws within each fold
        Arrays.fill(dsum, 0.0);
        for (int f = 0; f < folds; f++) {
            int[] mem = foldMembers[f];
            for (int r = 0; r < opt.draws(); r++) {
                SplittableRandom rng = new SplittableRandom(Seeds.forDraw(opt.seed(), mc, f, r));
                for (int t = 0; t < mem.length; t++) perm[t] = xs[mem[t]];
                for (int t = mem.length - 1; t > 0; t--) {
                    int u = rng.nextInt(t + 1);
                    double tmp = perm[t];
                    perm[t] = perm[u];
                    perm[u] = tmp;
                }
                for (int t = 0; t < mem.length; t++) {
                    int i = mem[t];
                    if (perm[t] == xs[i]) continue;
                    double lp = at(i, c, perm[t]);
                    dsum[i] += Logistic.bce(y[i], lp) - Logistic.bce(y[i], logit[i]);
                }
            }
        }
        double is = 0, iss = 0;
        for (int i = 0; i < n; i++) {
            double d = dsum[i] / opt.draws();
            is += d;
            iss += d * d;
        }
        synchronized (res) {
            res.putSummary(mc, called, dosageSum, r0, r1, r2, ig, n);
            res.beta[mc] = bs / n;
            res.betaSe[mc] = Summary.seOfMean(bs, bss, n);
            if (mono) res.errcode[mc] = Attribution.MONOMORPHIC;
            else res.putTests(mc, T, V, C, aa, nullModel, ga, is, iss, n);
        }
    }
}
