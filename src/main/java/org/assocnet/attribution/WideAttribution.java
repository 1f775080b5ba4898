package org.assocnet.attribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.assocnet.core.CpuTime;
import org.assocnet.core.Log;
import org.assocnet.core.Tasks;
import org.assocnet.core.UserException;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.CohortMatrix;
import org.assocnet.matrix.Encoding;
import org.assocnet.matrix.SampleTable;
import org.assocnet.nn.ModelBundle;
import org.assocnet.nn.PairBlock;
import org.assocnet.nn.WideModel;
import org.assocnet.regression.ScoreNullModel;
import org.assocnet.stats.Distributions;
import org.assocnet.stats.Logistic;
import org.assocnet.stats.Seeds;
import org.assocnet.stats.Summary;

/**
 * Attribution of the wide network ({@link WideModel}; STATISTICS.md 4a and 8). The network's logit is a sum of
 * per-variant terms and pair blocks, so changing variant j's genotype changes the logit by
 * {@code t_j(g) - t_j(g_ij)} plus the change of the blocks that involve j: every counterfactual costs O(1 + blocks of
 * j) per sample, with no approximation. Per variant: the contribution test (CONTRIB, per fold, combined as
 * {@link FoldCombination}), the additive score test given the LOCO null (ADD), the min-P (P), genotype risks,
 * permutation importance, and the effect size calibrated on held-out samples (NN_BETA, see {@link #calibrate}). Per
 * nominated pair: the pure interaction contribution test (PAIR_Z, PAIR_P) and the 3x3 genotype risk table.
 */
public final class WideAttribution {
    /**
     * Null correlation of the per-fold pair statistics when too few pairs are tested to estimate it: the value for a
     * one-dimensional contribution whose sign is fitted on the other folds (z_f = sign(sum_{g != f} s_g) s_f with s iid
     * N(0, 1) and 5 folds: 4 E[phi(A)^2], A ~ N(0, 3), = 2 / (pi sqrt 7) = 0.2406), the largest such correlation for
     * contributions fitted by least squares (a shape fitted in more dimensions aligns less).
     */
    static final double PAIR_RHO_DEFAULT = 2 / (Math.PI * Math.sqrt(7));

    private final Cohort cohort;
    private final CohortMatrix matrix;
    private final WideModel wm;
    private final AttributionOptions opt;
    private final int n, nAll, K;
    private final int[] rows, fold, y;
    private final int[][] foldMembers;
    private final double[][] covRaw; // n x k, model order
    private final int[] rowOf; // cohort column -> model row (-1 = not in model)
    private final int[] group; // model row -> LOCO group
    private final List<String> groupNames = new ArrayList<>();
    // caches
    private double[] logit;
    private ScoreNullModel[] locoNull;
    private final Map<Integer, byte[]> pairCalls = new HashMap<>(); // cohort column -> hard calls of scored samples

    /** One tested pair: cohort columns, per fold T, V (V = 0 where the fold's model has no block), risks and counts. */
    public static final class PairResult {
        public final int a, b;
        public final double[] T, V;
        public final double[] risk = new double[9];
        public final int[] count = new int[9];
        public int folds;
        public double z = Double.NaN, p = Double.NaN;

        PairResult(int a, int b, int k) {
            this.a = a;
            this.b = b;
            T = new double[k];
            V = new double[k];
        }
    }

    public WideAttribution(Cohort cohort, ModelBundle bundle, WideModel wm, AttributionOptions opt) {
        if (opt.conditional()) throw new UserException("attribute --conditional applies to --architecture mlp models only");
        this.cohort = cohort;
        this.matrix = cohort.matrix();
        this.wm = wm;
        this.opt = opt;
        this.K = wm.folds();
        SampleTable st = cohort.samples();
        nAll = st.size();
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < bundle.iids().size(); i++) at.put(bundle.iids().get(i), i);
        List<Integer> keep = new ArrayList<>();
        int[] fa = new int[nAll];
        for (int i = 0; i < nAll; i++) {
            Integer k = at.get(st.iid().get(i));
            if (k == null) throw new UserException("sample " + st.iid().get(i) + " of the cohort is not in the model's folds.tsv");
            fa[i] = bundle.fold()[k];
            if (fa[i] >= 0) keep.add(i);
        }
        rows = keep.stream().mapToInt(Integer::intValue).toArray();
        n = rows.length;
        fold = new int[n];
        y = new int[n];
        for (int r = 0; r < n; r++) {
            fold[r] = fa[rows[r]];
            y[r] = st.pheno()[rows[r]];
        }
        foldMembers = new int[K][];
        for (int f = 0; f < K; f++) {
            int ff = f;
            foldMembers[f] = java.util.stream.IntStream.range(0, n).filter(r -> fold[r] == ff).toArray();
        }
        covRaw = new double[n][wm.covariates.size()];
        for (int q = 0; q < wm.covariates.size(); q++) {
            int idx = st.covariateNames().indexOf(wm.covariates.get(q));
            if (idx < 0) throw new UserException("model covariate '" + wm.covariates.get(q) + "' is not in the cohort's samples.tsv");
            for (int r = 0; r < n; r++) covRaw[r][q] = st.covariates()[rows[r]][idx];
        }
        rowOf = new int[matrix.variants()];
        Arrays.fill(rowOf, -1);
        for (int j = 0; j < wm.p; j++) {
            if (wm.columns[j] < 0 || wm.columns[j] >= matrix.variants()) {
                throw new UserException("wide.tsv refers to variant column " + wm.columns[j] + " but the cohort has " + matrix.variants());
            }
            rowOf[wm.columns[j]] = j;
        }
        group = new int[wm.p];
        Map<String, Integer> gi = new LinkedHashMap<>();
        for (int j = 0; j < wm.p; j++) {
            String chrom = cohort.variants().get(wm.columns[j]).chrom();
            group[j] = gi.computeIfAbsent(chrom, c -> {
                groupNames.add(c);
                return groupNames.size() - 1;
            });
        }
    }

    /** Hard call of a dosage (3 = missing). */
    private static int call(double g) {
        return Double.isNaN(g) ? 3 : Encoding.hardCall(g);
    }

    public AttributionResult run() throws IOException, InterruptedException {
        AttributionResult res = new AttributionResult(matrix.variants());
        res.network = "wide: per-variant additive/dominant/recessive terms + pair ReLU blocks (" + blockCount() + " blocks over "
                + K + " folds)";
        res.heldOut = n;
        res.modelVariants = wm.p;
        long t0 = System.nanoTime();
        precompute(res);
        res.precomputeSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        double cpu0 = CpuTime.processSeconds();
        AtomicLong done = new AtomicLong(), evals = new AtomicLong();
        Log.Progress prog = new Log.Progress("attribute: variants", 2000);
        ExecutorService ex = Executors.newFixedThreadPool(opt.threads());
        try {
            List<Future<?>> fs = new ArrayList<>();
            int chunk = 64;
            for (int s = 0; s < wm.p; s += chunk) {
                int a = s, b = Math.min(wm.p, s + chunk);
                fs.add(ex.submit(() -> {
                    Worker w = new Worker();
                    for (int j = a; j < b; j++) {
                        w.variant(j, res);
                        evals.addAndGet((long) n * (3 + opt.draws()));
                        synchronized (prog) {
                            prog.tick(done.incrementAndGet());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) Tasks.await(f);
        } finally {
            ex.shutdownNow();
        }
        prog.done(wm.p);
        // oriented per-fold statistics of a linear contribution are independent across folds (z_f = s_f; see
        // variant()), so no cross-fold correlation is estimated: on four 3,000 x 8,000 null cohorts the estimate was
        // 0.000-0.010, noise that deflated the ADD/CONTRIB correlation of the min-P and made P conservative in the
        // bulk (lambda 0.84 at rho 0.0099 while ADD_P and CONTRIB_P had 1.04 and 0.99)
        FoldCombination.combine(res, K, false);
        calibrate(res);
        res.variantSeconds = (System.nanoTime() - t1) / 1e9;
        res.variantCpuSeconds = CpuTime.processSeconds() - cpu0;
        res.evaluations = evals.get();
        res.igCompletenessMaxError = 0;
        return res;
    }

    private int blockCount() {
        int c = 0;
        for (WideModel.Fold f : wm.folds) c += f.pairs().size();
        return c;
    }

    /** Held-out logits of every scored sample and the LOCO null models (one per chromosome). */
    private void precompute(AttributionResult res) throws IOException {
        logit = new double[n];
        for (int r = 0; r < n; r++) logit[r] = wm.base(fold[r], covRaw[r]);
        double[][] groupSum = new double[groupNames.size()][n];
        for (WideModel.Fold f : wm.folds) {
            for (PairBlock pb : f.pairs()) {
                pairCalls.put(pb.a(), null);
                pairCalls.put(pb.b(), null);
            }
        }
        double[] col = new double[nAll];
        ByteBuffer scratch = matrix.newScratch();
        Log.Progress prog = new Log.Progress("attribute: held-out logits, variants", 5000);
        for (int j = 0; j < wm.p; j++) {
            matrix.column(wm.columns[j], col, scratch);
            double[] gs = groupSum[group[j]];
            for (int r = 0; r < n; r++) {
                double g = col[rows[r]];
                double t = wm.term(fold[r], j, g, call(g));
                logit[r] += t;
                gs[r] += t;
            }
            if (pairCalls.containsKey(wm.columns[j])) {
                byte[] c = new byte[n];
                for (int r = 0; r < n; r++) c[r] = (byte) call(col[rows[r]]);
                pairCalls.put(wm.columns[j], c);
            }
            prog.tick(j + 1);
        }
        // pair blocks: into the logit, and out of the LOCO logit of each group that holds either variant
        for (int r = 0; r < n; r++) {
            for (PairBlock pb : wm.folds[fold[r]].pairs()) {
                double v = pb.value(pairCalls.get(pb.a())[r], pairCalls.get(pb.b())[r]);
                logit[r] += v;
                groupSum[group[rowOf[pb.a()]]][r] += v - pb.missing();
                if (group[rowOf[pb.b()]] != group[rowOf[pb.a()]]) groupSum[group[rowOf[pb.b()]]][r] += v - pb.missing();
            }
        }
        int k = wm.covariates.size();
        double[][] cols = new double[k + 2][];
        cols[0] = new double[n];
        Arrays.fill(cols[0], 1.0);
        for (int q = 0; q < k; q++) {
            cols[1 + q] = new double[n];
            for (int r = 0; r < n; r++) cols[1 + q][r] = (covRaw[r][q] - wm.covCenter[q]) / wm.covScale[q];
        }
        locoNull = new ScoreNullModel[groupNames.size()];
        for (int gI = 0; gI < groupNames.size(); gI++) {
            double[] o = new double[n];
            for (int r = 0; r < n; r++) o[r] = logit[r] - groupSum[gI][r];
            cols[k + 1] = o;
            ScoreNullModel m = ScoreNullModel.fit(y, cols);
            if (m == null) {
                Log.warn("attribute: chromosome %s: the null model y ~ covariates + network LOCO logit has no finite fit"
                        + " (separation?): the contribution tests of its variants use the network's own residual", groupNames.get(gI));
                res.addNullFailed++;
            } else if (Arrays.stream(m.dropped()).anyMatch(d -> d == cols.length - 1)) {
                res.addLogitDropped++;
            }
            locoNull[gI] = m;
        }
        res.locoGroups = groupNames.size();
    }

    /** Per-thread state of the per-variant tests. */
    private final class Worker {
        private final double[] col = new double[nAll];
        private final ByteBuffer scratch = matrix.newScratch();
        private final double[] g = new double[n];
        private final int[] h = new int[n];
        private final double[] ga = new double[n];
        private final double[] dsum = new double[n];
        private final int[] perm = new int[n];

        /** Logit change of sample r when variant row j moves from its observed genotype to dosage gg / call hh. */
        private double delta(int r, int j, double gg, int hh) {
            int f = fold[r];
            double d = wm.term(f, j, gg, hh) - wm.term(f, j, g[r], h[r]);
            for (PairBlock pb : wm.blocksOf(f, j)) {
                boolean first = pb.a() == wm.columns[j];
                int other = pairCalls.get(first ? pb.b() : pb.a())[r];
                d += first ? pb.value(hh, other) - pb.value(h[r], other) : pb.value(other, hh) - pb.value(other, h[r]);
            }
            return d;
        }

        /**
         * The contribution d = f(g_ij) - sum_g pi(g) f(g) of sample r, each part oriented for its fold. The sign a model
         * learns for a null variant comes from the other folds' samples, so unoriented per-fold statistics are
         * correlated and their sum is not normal (lambda 1.3 on a null cohort: z_f = sign(sum_{g != f} s_g) s_f).
         * The variant's own terms count in the direction in which the fold's risk rises with the ALT allele (a linear
         * contribution gives z_f = s_f exactly, and CONTRIB_Z the sign of the association, as the GLM's Z); each pair
         * block's part in the direction of its interaction ({@link #interactionSign}, as the pair test). One sign for
         * the whole contribution would be the average slope's, which a pure interaction leaves at chance, flipping
         * the block's evidence from fold to fold (a pair found at PAIR_P 4e-14 gave a member CONTRIB_P of 0.003).
         */
        private double oriented(int r, int j, double[] pr, double sLin, double[] sBlk) {
            int f = fold[r];
            double t0 = wm.term(f, j, g[r], h[r]), lin = 0;
            for (int q = 0; q < 3; q++) lin -= pr[q] * (wm.term(f, j, q, q) - t0);
            double d = sLin * lin;
            List<PairBlock> bl = wm.blocksOf(f, j);
            for (int k = 0; k < bl.size(); k++) {
                PairBlock pb = bl.get(k);
                boolean first = pb.a() == wm.columns[j];
                int other = pairCalls.get(first ? pb.b() : pb.a())[r];
                double cur = first ? pb.value(h[r], other) : pb.value(other, h[r]), bd = 0;
                for (int q = 0; q < 3; q++) bd -= pr[q] * ((first ? pb.value(q, other) : pb.value(other, q)) - cur);
                d += sBlk[k] * bd;
            }
            return d;
        }

        void variant(int j, AttributionResult res) throws IOException {
            int mc = wm.columns[j];
            matrix.column(mc, col, scratch);
            int called = 0;
            double dosageSum = 0;
            double[][] cnt = new double[K][3];
            for (int r = 0; r < n; r++) {
                g[r] = col[rows[r]];
                h[r] = call(g[r]);
                if (h[r] < 3) {
                    called++;
                    dosageSum += g[r];
                    cnt[fold[r]][h[r]]++;
                }
            }
            double[][] pi = new double[K][3];
            int[] present = new int[3];
            for (int f = 0; f < K; f++) {
                double tot = cnt[f][0] + cnt[f][1] + cnt[f][2];
                for (int q = 0; q < 3; q++) {
                    pi[f][q] = tot > 0 ? cnt[f][q] / tot : 0;
                    if (cnt[f][q] > 0) present[q] = 1;
                }
            }
            boolean mono = present[0] + present[1] + present[2] <= 1;
            ScoreNullModel nm = locoNull[group[j]];
            double[] mu = nm == null ? null : nm.mu();
            double fill = called > 0 ? dosageSum / called : 0;
            for (int r = 0; r < n; r++) ga[r] = h[r] < 3 ? g[r] : fill;
            double[] T = new double[K], V = new double[K], C = new double[K];
            double aa = 0, bs = 0, r0 = 0, r1 = 0, r2 = 0, occl = 0;
            double[] U = new double[K], I = new double[K];
            double[] l = new double[3];
            double[] slope = new double[K];
            // orientation of each part of the contribution, per fold (see below)
            double[] sLin = new double[K];
            double[][] sBlk = new double[K][];
            for (int f = 0; f < K; f++) {
                sLin[f] = wm.term(f, j, 2, 2) - wm.term(f, j, 0, 0) < 0 ? -1 : 1;
                List<PairBlock> bl = wm.blocksOf(f, j);
                sBlk[f] = new double[bl.size()];
                for (int q = 0; q < bl.size(); q++) sBlk[f][q] = interactionSign(bl.get(q), f);
            }
            for (int r = 0; r < n; r++) {
                int f = fold[r];
                for (int q = 0; q < 3; q++) l[q] = delta(r, j, q, q); // logit(g = q) - logit(observed)
                bs += (l[2] - l[0]) / 2;
                slope[f] += l[2] - l[0];
                r0 += Logistic.sigmoid(logit[r] + l[0]);
                r1 += Logistic.sigmoid(logit[r] + l[1]);
                r2 += Logistic.sigmoid(logit[r] + l[2]);
                occl -= l[0];
                if (h[r] < 3) {
                    double[] pr = pi[f];
                    // d = f(g_ij) - sum_g pi(g) f(g) = -sum_g pi(g) (f(g) - f(g_ij)): exactly 0 for a model that ignores j
                    double d = -(pr[0] * l[0] + pr[1] * l[1] + pr[2] * l[2]);
                    // without a block in this fold, d is the variant's own terms alone
                    double od = sBlk[f].length == 0 ? sLin[f] * d : oriented(r, j, pr, sLin[f], sBlk[f]);
                    double m = mu != null ? mu[r]
                            : pr[0] * Logistic.sigmoid(logit[r] + l[0]) + pr[1] * Logistic.sigmoid(logit[r] + l[1])
                                    + pr[2] * Logistic.sigmoid(logit[r] + l[2]);
                    double res0 = y[r] - m;
                    T[f] += res0 * od;
                    V[f] += res0 * res0 * od * od;
                    double a = ga[r] - fill;
                    C[f] += res0 * res0 * a * od;
                    aa += res0 * res0 * a * a;
                    U[f] += res0 * d;
                    I[f] += m * (1 - m) * d * d;
                }
            }
            // effect size (see calibrate): per fold, gamma_f = U_f / I_f and raw_f = the fold's mean per-allele log-odds;
            // NN_BETA = sum_f (gamma_f raw_f) (I_f / raw_f^2) / sum_f I_f / raw_f^2 = sum_f U_f / raw_f / sum_f I_f / raw_f^2
            double num = 0, den = 0;
            for (int f = 0; f < K; f++) {
                double raw = slope[f] / 2 / Math.max(1, foldMembers[f].length);
                if (raw == 0 || !(I[f] > 0)) continue;
                num += U[f] / raw;
                den += I[f] / (raw * raw);
            }
            double nnBeta = den > 0 ? num / den : Double.NaN;
            // permutation importance (4b), draws within each fold
            Arrays.fill(dsum, 0);
            for (int f = 0; f < K; f++) {
                int[] mem = foldMembers[f];
                for (int d = 0; d < opt.draws(); d++) {
                    SplittableRandom rng = new SplittableRandom(Seeds.forDraw(opt.seed(), mc, f, d));
                    for (int t = 0; t < mem.length; t++) perm[t] = mem[t];
                    for (int t = mem.length - 1; t > 0; t--) {
                        int u = rng.nextInt(t + 1);
                        int tmp = perm[t];
                        perm[t] = perm[u];
                        perm[u] = tmp;
                    }
                    for (int t = 0; t < mem.length; t++) {
                        int r = mem[t], s = perm[t];
                        if (g[s] == g[r] || (h[s] == 3 && h[r] == 3)) continue;
                        double lp = logit[r] + delta(r, j, g[s], h[s]);
                        dsum[r] += Logistic.bce(y[r], lp) - Logistic.bce(y[r], logit[r]);
                    }
                }
            }
            double is = 0, iss = 0;
            for (int r = 0; r < n; r++) {
                double d = dsum[r] / opt.draws();
                is += d;
                iss += d * d;
            }
            synchronized (res) {
                res.putSummary(mc, called, dosageSum, r0, r1, r2, occl, n);
                res.beta[mc] = nnBeta; // its SE in calibrate()
                if (mono) res.errcode[mc] = Attribution.MONOMORPHIC;
                else res.putTests(mc, T, V, C, aa, nm, ga, is, iss, n);
            }
        }
    }

    /**
     * NN_BETA with a confidence interval that means what it says (STATISTICS.md 8). The raw per-allele log-odds the
     * network implies, mean_i (f(g=2) - f(g=0)) / 2, is shrunk by the penalty; on each fold's held-out samples,
     * y ~ LOCO null + gamma_f * d_j gives the factor gamma_f the data support (one Newton step from gamma = 0:
     * U_f / I_f = sum r d / sum mu (1 - mu) d^2), and gamma_f * raw_f is that fold's per-allele log-odds on the GLM's
     * scale; folds are pooled with weights I_f / raw_f^2 (their information on that scale). For a linear contribution
     * this is the one-step estimate of the GLM's BETA on held-out samples given the network's prediction from the other
     * chromosomes. The SE is test-based, |NN_BETA| / |CONTRIB_Z|, so that the 95% interval excludes 0 exactly when
     * CONTRIB_P < 0.05 (CONTRIB_Z carries the fold combination that a naive Wald SE would not).
     */
    private static void calibrate(AttributionResult res) {
        for (int j = 0; j < res.p; j++) {
            double b = res.beta[j], z = res.z[j];
            res.betaSe[j] = Double.isNaN(b) || Double.isNaN(z) || z == 0 ? Double.NaN : Math.abs(b) / Math.abs(z);
        }
    }

    /**
     * The network's pure interaction contribution of every pair with a block in at least one fold model
     * (STATISTICS.md 8): d_i = B(g_j, g_k) - sum_h pi_k(h) B(g_j, h) - sum_g pi_j(g) B(g, g_k) + sum pi_j pi_k B(g, h)
     * (the blocks are the only part of the network where j and k act jointly), tested against the residual of
     * y ~ 1 + covariates + the network logit without the block, per fold, folds combined as for CONTRIB.
     */
    public List<PairResult> pairs() {
        Map<Long, PairResult> byPair = new LinkedHashMap<>();
        for (int f = 0; f < K; f++) {
            for (PairBlock pb : wm.folds[f].pairs()) {
                long key = (long) Math.min(pb.a(), pb.b()) * Integer.MAX_VALUE + Math.max(pb.a(), pb.b());
                byPair.computeIfAbsent(key, x -> new PairResult(Math.min(pb.a(), pb.b()), Math.max(pb.a(), pb.b()), K)).folds++;
            }
        }
        int k = wm.covariates.size();
        List<double[]> zs = new ArrayList<>();
        for (PairResult pr : byPair.values()) {
            byte[] ca = pairCalls.get(pr.a), cb = pairCalls.get(pr.b);
            // the network without this pair's block (each fold: its own block, if any)
            double[] o = new double[n];
            PairBlock[] blk = new PairBlock[K];
            for (int f = 0; f < K; f++) {
                for (PairBlock pb : wm.folds[f].pairs()) if (pb.touches(pr.a) && pb.touches(pr.b)) blk[f] = pb;
            }
            for (int r = 0; r < n; r++) {
                PairBlock b = blk[fold[r]];
                o[r] = logit[r] - (b == null ? 0 : b.value(ca(b, pr, ca, cb, r, true), ca(b, pr, ca, cb, r, false)) - b.missing());
            }
            double[][] cols = new double[k + 2][];
            cols[0] = new double[n];
            Arrays.fill(cols[0], 1.0);
            for (int q = 0; q < k; q++) {
                cols[1 + q] = new double[n];
                for (int r = 0; r < n; r++) cols[1 + q][r] = (covRaw[r][q] - wm.covCenter[q]) / wm.covScale[q];
            }
            cols[k + 1] = o;
            ScoreNullModel nm = ScoreNullModel.fit(y, cols);
            double[] mu = nm == null ? null : nm.mu();
            for (int f = 0; f < K; f++) {
                PairBlock b = blk[f];
                if (b == null) continue;
                double[][] B = new double[3][3];
                for (int u = 0; u < 3; u++) for (int v = 0; v < 3; v++) B[u][v] = blockAt(b, pr, u, v);
                Interaction it = Interaction.of(B, ca, cb, foldMembers[f]);
                if (it == null) continue;
                double orient = it.sign();
                for (int r : foldMembers[f]) {
                    if (ca[r] > 2 || cb[r] > 2) continue;
                    double d = orient * it.contrast(ca[r], cb[r]);
                    double res0 = y[r] - (mu != null ? mu[r] : Logistic.sigmoid(o[r]));
                    pr.T[f] += res0 * d;
                    pr.V[f] += res0 * res0 * d * d;
                }
            }
            // 3x3 risks: every held-out sample with the pair set to (u, v), own fold model; counts of the observed cells
            int ja = rowOf[pr.a], jb = rowOf[pr.b];
            for (int r = 0; r < n; r++) {
                if (ca[r] < 3 && cb[r] < 3) pr.count[ca[r] * 3 + cb[r]]++;
            }
            double[] col = new double[nAll];
            double[] ga = columnOf(pr.a, col), gb = columnOf(pr.b, col);
            for (int r = 0; r < n; r++) {
                int f = fold[r];
                double base = logit[r] - wm.term(f, ja, ga[r], ca[r]) - wm.term(f, jb, gb[r], cb[r]);
                for (PairBlock pb : wm.blocksOf(f, ja)) base -= pb.value(callOf(pb.a(), r), callOf(pb.b(), r));
                for (PairBlock pb : wm.blocksOf(f, jb)) if (!(pb.touches(pr.a))) base -= pb.value(callOf(pb.a(), r), callOf(pb.b(), r));
                for (int u = 0; u < 3; u++) {
                    for (int v = 0; v < 3; v++) {
                        double z = base + wm.term(f, ja, u, u) + wm.term(f, jb, v, v);
                        for (PairBlock pb : wm.blocksOf(f, ja)) z += pb.value(set(pb.a(), r, pr, u, v), set(pb.b(), r, pr, u, v));
                        for (PairBlock pb : wm.blocksOf(f, jb)) {
                            if (!pb.touches(pr.a)) z += pb.value(set(pb.a(), r, pr, u, v), set(pb.b(), r, pr, u, v));
                        }
                        pr.risk[u * 3 + v] += Logistic.sigmoid(z);
                    }
                }
            }
            for (int c = 0; c < 9; c++) pr.risk[c] /= n;
            double[] zf = new double[K];
            int m = 0;
            double zsum = 0;
            for (int f = 0; f < K; f++) {
                zf[f] = pr.V[f] > 0 ? pr.T[f] / Math.sqrt(pr.V[f]) : Double.NaN;
                if (pr.V[f] > 0) {
                    m++;
                    zsum += zf[f];
                }
            }
            if (m >= 2) zs.add(zf);
            pr.folds = m;
        }
        double rho = zs.size() >= FoldCombination.MIN_VARIANTS_FOR_CORRELATION ? Math.max(Summary.gkRho(zs, -1), 0) : PAIR_RHO_DEFAULT;
        for (PairResult pr : byPair.values()) {
            int m = pr.folds;
            if (m == 0) { // no fold's block varies with the pair (each stopped at its start): nothing to test
                pr.z = Double.NaN;
                pr.p = Double.NaN;
                continue;
            }
            double zsum = 0;
            for (int f = 0; f < K; f++) if (pr.V[f] > 0) zsum += pr.T[f] / Math.sqrt(pr.V[f]);
            pr.z = zsum / Math.sqrt(m + m * (m - 1.0) * rho);
            pr.p = Distributions.twoSidedP(pr.z);
        }
        pairRho = rho;
        List<PairResult> out = new ArrayList<>(byPair.values());
        out.sort((x, z) -> Double.isNaN(x.p) != Double.isNaN(z.p) ? (Double.isNaN(x.p) ? 1 : -1) : Double.compare(x.p, z.p));
        return out;
    }

    /** Cross-fold correlation used for PAIR_Z (after {@link #pairs}). */
    public double pairRho = Double.NaN;

    private double[] columnOf(int mc, double[] scratchCol) {
        try {
            matrix.column(mc, scratchCol);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        double[] g = new double[n];
        for (int r = 0; r < n; r++) g[r] = scratchCol[rows[r]];
        return g;
    }

    private int callOf(int mc, int r) {
        return pairCalls.get(mc)[r];
    }

    /**
     * A pair block's 3 x 3 outputs B under one fold's genotype frequencies pa, pb (samples with both calls): the pure
     * interaction contrast B(u, v) - row mean - column mean + grand mean, and its orientation.
     */
    record Interaction(double[][] b, double[] pa, double[] pb, double[] rowM, double[] colM, double all) {
        /** From the calls ca, cb of the fold's samples; null if no sample has both calls. */
        static Interaction of(double[][] b, byte[] ca, byte[] cb, int[] members) {
            double[] pa = new double[3], pb = new double[3];
            double tot = 0;
            for (int r : members) {
                if (ca[r] < 3 && cb[r] < 3) {
                    pa[ca[r]]++;
                    pb[cb[r]]++;
                    tot++;
                }
            }
            if (tot == 0) return null;
            for (int u = 0; u < 3; u++) {
                pa[u] /= tot;
                pb[u] /= tot;
            }
            double[] rowM = new double[3], colM = new double[3];
            double all = 0;
            for (int u = 0; u < 3; u++) {
                for (int v = 0; v < 3; v++) {
                    rowM[u] += pb[v] * b[u][v];
                    colM[v] += pa[u] * b[u][v];
                    all += pa[u] * pb[v] * b[u][v];
                }
            }
            return new Interaction(b, pa, pb, rowM, colM, all);
        }

        double contrast(int u, int v) {
            return b[u][v] - rowM[u] - colM[v] + all;
        }

        /**
         * The sign (+1 or -1) that makes the contrast agree with the product of the two centred allele counts. A
         * 1-df-like interaction then gives a fold statistic whose sign does not come from the other folds' samples
         * (the pair test and the block part of the contribution test both use it).
         */
        double sign() {
            double ma = pa[1] + 2 * pa[2], mb = pb[1] + 2 * pb[2], proj = 0;
            for (int u = 0; u < 3; u++) {
                for (int v = 0; v < 3; v++) proj += pa[u] * pb[v] * contrast(u, v) * (u - ma) * (v - mb);
            }
            return proj < 0 ? -1 : 1;
        }
    }

    /** {@link Interaction#sign} of block b in fold f (b.a() first), +1 if no sample of the fold has both calls. */
    private double interactionSign(PairBlock b, int f) {
        double[][] B = new double[3][3];
        for (int u = 0; u < 3; u++) for (int v = 0; v < 3; v++) B[u][v] = b.value(u, v);
        Interaction it = Interaction.of(B, pairCalls.get(b.a()), pairCalls.get(b.b()), foldMembers[f]);
        return it == null ? 1 : it.sign();
    }

    /** Call of variant mc for sample r with the pair (pr.a, pr.b) set to (u, v). */
    private int set(int mc, int r, PairResult pr, int u, int v) {
        if (mc == pr.a) return u;
        if (mc == pr.b) return v;
        return pairCalls.get(mc)[r];
    }

    private static int ca(PairBlock b, PairResult pr, byte[] ca, byte[] cb, int r, boolean first) {
        boolean aFirst = b.a() == pr.a;
        if (first) return aFirst ? ca[r] : cb[r];
        return aFirst ? cb[r] : ca[r];
    }

    /** Block value with pair variant a at u and b at v, whichever order the block stores them in. */
    private static double blockAt(PairBlock b, PairResult pr, int u, int v) {
        return b.a() == pr.a ? b.value(u, v) : b.value(v, u);
    }
}
