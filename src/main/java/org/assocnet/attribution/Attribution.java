package org.assocnet.attribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.CohortMatrix;
import org.assocnet.matrix.Encoding;
import org.assocnet.matrix.SampleTable;
import org.assocnet.nn.ModelBundle;
import org.assocnet.regression.ScoreNullModel;
import org.assocnet.stats.Distributions;

/**
 * Attribution of a cross-fitted network to each variant (STATISTICS.md sections 4 and 5), on held-out
 * samples only: sample i is always evaluated by the fold model that never saw it.
 *
 * <ul>
 *   <li>4a contribution score test: d_ij, r_ij, T_j, V_j, Z = T/sqrt(V), two-sided P (the headline NN_P).
 *       pi_j(g) = genotype frequencies (rounded hard calls 0/1/2) among the called held-out samples of the
 *       same fold, i.e. the samples that enter T, as a score test centres g at its sample mean. Conditional mode
 *       ({@link Options#conditional()}): per sample pi_ij(g) = Binomial(2, q_ij), q_ij from a genotype model given the
 *       W nearest variant inputs on each side and the covariates ({@link org.assocnet.regression.ConditionalGenotypes}), and
 *       ADD tests the residualised dosage g_ij - 2 q_ij: association given the LD neighbours.
 *   <li>4b loss-difference test: mean BCE increase when column j is permuted within the fold (R draws).
 *   <li>Section 5: NN_BETA (mean per-allele logit change), RISK_0/1/2, Integrated Gradients.
 * </ul>
 *
 * <p>Cost: the first-layer pre-activation z_i = x_i W1 + b1 is computed once per sample; setting input j to
 * value v changes it to z_i + (v - x_ij) W1[j,:], after which only the later (small) layers are evaluated.
 * Every per-variant number is a sum in sample order computed by one thread, and random draws are seeded by
 * (seed, matrix column, fold, draw), so results are identical for any thread count or variant chunking.
 */
public final class Attribution {
    /** Options of one attribution run. */
    public record Options(int draws, long seed, int threads, int igSteps, boolean foldCorrelation, boolean conditional,
            int condWindow) {
        public static final int DEFAULT_COND_WINDOW = 5;

        public Options(int draws, long seed, int threads, int igSteps) {
            this(draws, seed, threads, igSteps, true);
        }

        public Options(int draws, long seed, int threads, int igSteps, boolean foldCorrelation) {
            this(draws, seed, threads, igSteps, foldCorrelation, false, DEFAULT_COND_WINDOW);
        }

        public Options {
            if (draws < 1) throw new UserException("--draws must be >= 1");
            if (threads < 1) throw new UserException("--threads must be >= 1");
            if (igSteps < 1) throw new UserException("--ig-steps must be >= 1");
            if (condWindow < 0) throw new UserException("--cond-window must be >= 0");
        }

        /** The same options with the conditional null mode (STATISTICS.md 4, "Conditional mode") and window W. */
        public Options conditional(int window) {
            return new Options(draws, seed, threads, igSteps, foldCorrelation, true, window);
        }
    }

    public static final String OK = ".";
    public static final String NOT_IN_MODEL = "NOT_IN_MODEL";
    public static final String MONOMORPHIC = "MONOMORPHIC";

    /** Per cohort variant (matrix column order); NaN where not computed. */
    public static final class Result {
        public final int p;
        public final double[] a1Freq, beta, betaSe, risk0, risk1, risk2, igMean, z, contribP, imp, impSe, impP, addZ, addP;
        /** The headline network p-value: min-P of ADD and CONTRIB, exact for their correlation {@link #addContribCorr}. */
        public final double[] pval;
        /** Null correlation of ADD_Z and CONTRIB_Z per variant (from the per-sample score contributions). */
        public final double[] addContribCorr;
        /** Per variant: sum_i r^2 a d per fold (a = centred dosage) and sum_i r^2 a^2, for that correlation. */
        public final double[][] foldC;
        public final double[] addA;
        public final int[] obsCt;
        public final String[] errcode;
        /** Per variant and fold: T_f and V_f of the score test (null where not tested). */
        public final double[][] foldT, foldV;
        /** Estimated null correlation of the per-fold score statistics (identity when not estimated). */
        public double[][] foldCorrelation;
        public int foldCorrelationVariants;
        /** rho used for a variant scored by m folds (index m; 0 and 1 unused) and how many variants had m >= 2. */
        public double[] foldCorrelationByScoredFolds;
        public int[] foldCorrelationVariantsByScoredFolds;
        /** The pooled Z of STATISTICS.md 4a without the cross-fold correction, and its lambda. */
        public final double[] zPooled;
        public long evaluations;
        public double precomputeSeconds, variantSeconds, igCompletenessMaxError, variantCpuSeconds;
        public int heldOut, modelVariants;
        /** ADD test: LOCO groups (chromosomes), null models without a finite fit, and those where the network
         * logit was collinear with the covariates (dropped; the test is then the covariate-adjusted score test). */
        public int locoGroups, addNullFailed, addLogitDropped;
        /** Conditional mode: variants whose genotype model was fitted, and those that fell back to the marginal pi
         * (no finite fit); CPU seconds spent reading neighbours and fitting (all threads). */
        public int condFitted, condFellBack;
        public double condCpuSeconds;
        /** Conditional mode: per cohort variant, whether the genotype model was used (false: marginal fallback). */
        public final boolean[] condUsed;
        public String network;

        Result(int p) {
            this.p = p;
            a1Freq = nan(p);
            beta = nan(p);
            betaSe = nan(p);
            risk0 = nan(p);
            risk1 = nan(p);
            risk2 = nan(p);
            igMean = nan(p);
            z = nan(p);
            contribP = nan(p);
            pval = nan(p);
            addContribCorr = nan(p);
            foldC = new double[p][];
            addA = nan(p);
            imp = nan(p);
            impSe = nan(p);
            impP = nan(p);
            addZ = nan(p);
            addP = nan(p);
            obsCt = new int[p];
            errcode = new String[p];
            Arrays.fill(errcode, NOT_IN_MODEL);
            foldT = new double[p][];
            foldV = new double[p][];
            zPooled = nan(p);
            condUsed = new boolean[p];
        }

        private static double[] nan(int p) {
            double[] a = new double[p];
            Arrays.fill(a, Double.NaN);
            return a;
        }
    }

    private final CohortMatrix matrix;
    private final ModelBundle model;
    private final Options opt;
    private final int n; // scored samples (FOLD >= 0)
    private final int nAll; // cohort samples
    private final int[] rows; // cohort row of each scored sample
    private final int pv; // variant inputs of the model
    private final int[] fold;
    private final int[] y;
    private final DenseNet[] nets;
    private final int stride; // max first-layer width
    private final Encoding enc;
    private final double[][] covariates; // n x k, model covariate order
    private final int[][] foldMembers;
    private final int[] locoGroup; // LOCO group (chromosome) of each variant input
    private final List<String> locoNames;
    private ScoreNullModel[] locoNull; // per LOCO group: y ~ 1 + covariates + network LOCO logit
    private final int[][] neighbours; // conditional mode: the W nearest variant inputs on each side, same chromosome
    private double[][] covStd; // k x n standardised covariates (as the model sees them)
    // caches
    private double[] z; // n x stride first-layer pre-activation
    private double[] logit; // full logit of each sample
    private double[] igDelta; // n x stride: trapezoid average of d logit / d z along the IG path
    private double[] baseInput; // standardised baseline (raw dosage 0) of each variant input

    public Attribution(Cohort cohort, ModelBundle model, Options opt) {
        this.matrix = cohort.matrix();
        List<String> groups = new ArrayList<>();
        Map<String, Integer> gi = new HashMap<>();
        this.locoGroup = new int[model.variantColumns().length];
        for (int c = 0; c < locoGroup.length; c++) {
            int mc = model.variantColumns()[c];
            if (mc < 0 || mc >= cohort.variants().size()) continue; // reported below
            String chrom = cohort.variants().get(mc).chrom();
            locoGroup[c] = gi.computeIfAbsent(chrom, k -> {
                groups.add(k);
                return groups.size() - 1;
            });
        }
        this.locoNames = groups;
        this.model = model;
        this.opt = opt;
        SampleTable st = cohort.samples();
        int nAll = st.size();
        this.nAll = nAll;
        this.pv = model.variantColumns().length;
        int p = matrix.variants();
        for (int c : model.variantColumns()) {
            if (c < 0 || c >= p) {
                throw new UserException("model input refers to variant column " + c + " but the cohort has " + p + " variants"
                        + " (was the model trained on this cohort?)");
            }
        }
        if (model.inputs() != pv + model.covariates().size() || model.scale().length != model.inputs()) {
            throw new UserException("model config: " + model.inputs() + " standardised inputs for " + pv + " variants + "
                    + model.covariates().size() + " covariates");
        }
        // samples -> folds by IID
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < model.iids().size(); i++) at.put(model.iids().get(i), i);
        // only scored samples (FOLD >= 0) enter; FOLD -1 = the screening set of train --screen-fraction, which
        // selected the model's inputs and is never scored
        List<Integer> keep = new ArrayList<>();
        int[] foldAll = new int[nAll];
        for (int i = 0; i < nAll; i++) {
            Integer k = at.get(st.iid().get(i));
            if (k == null) throw new UserException("sample " + st.iid().get(i) + " of the cohort is not in the model's folds.tsv");
            foldAll[i] = model.fold()[k];
            if (foldAll[i] < -1 || foldAll[i] >= model.folds()) {
                throw new UserException("folds.tsv: fold " + foldAll[i] + " out of range");
            }
            if (foldAll[i] >= 0) keep.add(i);
        }
        rows = keep.stream().mapToInt(Integer::intValue).toArray();
        this.n = rows.length;
        if (n == 0) throw new UserException("folds.tsv: no scored samples (every FOLD is -1)");
        fold = new int[n];
        y = new int[n];
        for (int r = 0; r < n; r++) {
            int i = rows[r];
            fold[r] = foldAll[i];
            y[r] = st.pheno()[i];
            if (y[r] != 0 && y[r] != 1) throw new UserException("sample " + st.iid().get(i) + ": phenotype " + y[r] + " is not 0/1");
        }
        List<List<Integer>> mem = new ArrayList<>();
        for (int f = 0; f < model.folds(); f++) mem.add(new ArrayList<>());
        for (int i = 0; i < n; i++) mem.get(fold[i]).add(i);
        foldMembers = mem.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        // covariates by name
        covariates = new double[n][model.covariates().size()];
        for (int c = 0; c < model.covariates().size(); c++) {
            int idx = st.covariateNames().indexOf(model.covariates().get(c));
            if (idx < 0) throw new UserException("model covariate '" + model.covariates().get(c) + "' is not in the cohort's samples.tsv");
            for (int i = 0; i < n; i++) covariates[i][c] = st.covariates()[rows[i]][idx];
        }
        nets = new DenseNet[model.folds()];
        int s = 0;
        for (int f = 0; f < nets.length; f++) {
            nets[f] = DenseNet.of(model.networks().get(f), "fold-" + f + " model");
            if (nets[f].inputs() != model.inputs()) {
                throw new UserException("fold-" + f + " model has " + nets[f].inputs() + " inputs, config.json says " + model.inputs());
            }
            s = Math.max(s, nets[f].firstWidth());
        }
        stride = s;
        String e = model.config() == null ? "" : model.config().path("encoding").asText("");
        enc = e.isEmpty() ? matrix.header().encoding() : Encoding.parse(e);
        if (enc == Encoding.GENOTYPIC) throw new UserException("attribution of genotypic (two-column) encodings is not supported");
        neighbours = opt.conditional() ? neighbourInputs(model.variantColumns(), locoGroup, opt.condWindow()) : null;
        covStd = new double[model.covariates().size()][n];
        for (int c = 0; c < covStd.length; c++) {
            for (int i = 0; i < n; i++) covStd[c][i] = model.standardize(pv + c, covariates[i][c]);
        }
    }

    /**
     * For each variant input, the (up to) W nearest other variant inputs on each side on the same chromosome, in
     * cohort order (inputs sorted by their cohort column, grouped by chromosome).
     */
    static int[][] neighbourInputs(int[] cohortColumn, int[] chromGroup, int w) {
        int m = cohortColumn.length;
        Integer[] order = new Integer[m];
        for (int c = 0; c < m; c++) order[c] = c;
        Arrays.sort(order, (a, b) -> chromGroup[a] != chromGroup[b] ? Integer.compare(chromGroup[a], chromGroup[b])
                : Integer.compare(cohortColumn[a], cohortColumn[b]));
        int[][] nb = new int[m][];
        for (int t = 0; t < m; t++) {
            int c = order[t];
            List<Integer> l = new ArrayList<>();
            for (int u = Math.max(0, t - w); u <= Math.min(m - 1, t + w); u++) {
                if (u != t && chromGroup[order[u]] == chromGroup[c]) l.add(order[u]);
            }
            nb[c] = l.stream().mapToInt(Integer::intValue).toArray();
        }
        return nb;
    }

    public int samples() {
        return n;
    }

    /** Standardised model input of variant input c for raw ALT dosage g (NaN = missing -> 0). */
    double input(int c, double g) {
        return model.standardize(c, enc.apply(g));
    }

    /** Runs everything; results indexed by cohort variant (matrix column). */
    public Result run() throws IOException, InterruptedException {
        Result res = new Result(matrix.variants());
        res.network = nets[0].describe();
        res.heldOut = n;
        res.modelVariants = pv;
        long t0 = System.nanoTime();
        precompute(res);
        res.precomputeSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        double cpu0 = processCpuSeconds();
        AtomicLong evals = new AtomicLong();
        Log.Progress prog = new Log.Progress("attribute: variants", 500);
        AtomicLong done = new AtomicLong();
        ExecutorService ex = Executors.newFixedThreadPool(opt.threads());
        try {
            List<Future<?>> fs = new ArrayList<>();
            int chunk = 16;
            for (int start = 0; start < pv; start += chunk) {
                int a = start;
                int b = Math.min(pv, start + chunk);
                fs.add(ex.submit(() -> {
                    Worker w = new Worker();
                    for (int c = a; c < b; c++) {
                        w.variant(c, res);
                        evals.addAndGet((long) n * (3 + opt.draws()));
                        synchronized (prog) {
                            prog.tick(done.incrementAndGet());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) get(f);
        } finally {
            ex.shutdownNow();
        }
        prog.done(pv);
        combineFolds(res);
        res.variantSeconds = (System.nanoTime() - t1) / 1e9;
        res.variantCpuSeconds = processCpuSeconds() - cpu0;
        res.evaluations = evals.get();
        return res;
    }

    private static void get(Future<?> f) throws IOException, InterruptedException {
        try {
            f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error er) throw er;
            throw new IllegalStateException(c);
        }
    }

    /** First-layer products of every sample, full logits and the Integrated-Gradients path averages. */
    void precompute(Result res) throws IOException, InterruptedException {
        z = new double[n * stride];
        double[] zb = new double[n * stride];
        baseInput = new double[pv];
        for (int c = 0; c < pv; c++) baseInput[c] = input(c, 0.0);
        // bias + covariates; baseline: variants at REF (raw dosage 0), covariates at their own values
        double[][] baseVariant = new double[nets.length][];
        for (int f = 0; f < nets.length; f++) {
            DenseNet net = nets[f];
            int h = net.firstWidth();
            double[] bv = new double[h];
            for (int c = 0; c < pv; c++) {
                double v = baseInput[c];
                if (v == 0.0) continue;
                for (int k = 0; k < h; k++) bv[k] += v * net.w1(c, k);
            }
            baseVariant[f] = bv;
        }
        for (int i = 0; i < n; i++) {
            DenseNet net = nets[fold[i]];
            int h = net.firstWidth();
            int o = i * stride;
            System.arraycopy(net.firstBias(), 0, z, o, h);
            for (int c = 0; c < covariates[i].length; c++) {
                double v = model.standardize(pv + c, covariates[i][c]);
                for (int k = 0; k < h; k++) z[o + k] += v * net.w1(pv + c, k);
            }
            for (int k = 0; k < h; k++) zb[o + k] = z[o + k] + baseVariant[fold[i]][k];
        }
        // variant inputs, in blocks of columns; each sample's sum runs in column order whatever the threads
        int[] all = new int[pv];
        for (int c = 0; c < pv; c++) all[c] = c;
        double[] zCovariates = z.clone(); // bias + covariates: the LOCO products start from here or from z
        addInputs(z, all, 1.0, new Log.Progress("attribute: first-layer cache, variants", 2000));
        // logits and IG path averages (the path x(a) = base + a (x - base) is linear in z as well)
        logit = new double[n];
        igDelta = new double[n * stride];
        int steps = opt.igSteps();
        double maxErr = 0;
        double[] zz = new double[stride];
        double[][][] scr = new double[nets.length][][];
        for (int f = 0; f < nets.length; f++) scr[f] = nets[f].newScratch();
        for (int i = 0; i < n; i++) {
            DenseNet net = nets[fold[i]];
            int h = net.firstWidth();
            int o = i * stride;
            // the same code path as the counterfactual evaluations, so that an unchanged input gives the same bits
            logit[i] = net.logitShifted(z, o, 0.0, 0, zz, scr[fold[i]]);
            double[] g = new double[h];
            for (int s = 0; s <= steps; s++) {
                double a = (double) s / steps;
                double wgt = (s == 0 || s == steps ? 0.5 : 1.0) / steps;
                for (int k = 0; k < h; k++) zz[k] = zb[o + k] + a * (z[o + k] - zb[o + k]);
                net.gradFirst(zz, 0, wgt, g, scr[fold[i]]);
            }
            System.arraycopy(g, 0, igDelta, o, h);
            // completeness: sum_j IG_ij = sum_k (z - zb)_k g_k  vs  f(x) - f(baseline)
            double total = 0;
            for (int k = 0; k < h; k++) total += (z[o + k] - zb[o + k]) * g[k];
            double fb = net.logitFromFirst(zb, o, scr[fold[i]]);
            maxErr = Math.max(maxErr, Math.abs(total - (logit[i] - fb)));
        }
        res.igCompletenessMaxError = maxErr;
        fitLocoNullModels(res, zCovariates, scr);
    }

    /** Logit of sample i (held-out, own fold model). */
    double logit(int i) {
        return logit[i];
    }

    /**
     * Adds sign * x_ic * W1[c,:] of the given variant inputs c to every sample's first-layer product in
     * {@code target} (n x stride), reading the columns in blocks and splitting samples over the threads; each
     * sample's sum runs in input order whatever the threads.
     */
    private void addInputs(double[] target, int[] inputs, double sign, Log.Progress prog) throws IOException, InterruptedException {
        int block = 256;
        double[][] xb = new double[block][n];
        double[] raw = new double[nAll];
        ByteBuffer scratch = matrix.newScratch();
        ExecutorService ex = Executors.newFixedThreadPool(opt.threads());
        try {
            for (int start = 0; start < inputs.length; start += block) {
                int m = Math.min(block, inputs.length - start);
                for (int t = 0; t < m; t++) {
                    int c = inputs[start + t];
                    matrix.column(model.variantColumns()[c], raw, scratch);
                    for (int i = 0; i < n; i++) xb[t][i] = sign * input(c, raw[rows[i]]);
                }
                int s0 = start;
                List<Future<?>> fs = new ArrayList<>();
                int rows = 64;
                for (int r0 = 0; r0 < n; r0 += rows) {
                    int a = r0;
                    int b = Math.min(n, r0 + rows);
                    fs.add(ex.submit(() -> {
                        for (int i = a; i < b; i++) {
                            DenseNet net = nets[fold[i]];
                            int h = net.firstWidth();
                            double[] w1 = net.firstWeights();
                            int o = i * stride;
                            for (int t = 0; t < m; t++) {
                                double v = xb[t][i];
                                if (v == 0.0) continue;
                                int wo = inputs[s0 + t] * h;
                                for (int k = 0; k < h; k++) target[o + k] += v * w1[wo + k];
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) get(f);
                if (prog != null) prog.tick(start + m);
            }
        } finally {
            ex.shutdownNow();
        }
    }

    /**
     * The null models of the ADD test, one per LOCO group (chromosome): y ~ 1 + covariates + o, where o is each
     * held-out sample's network logit with every variant input of the group at its mean (standardised 0), i.e.
     * the network's prediction from the covariates and the other chromosomes (leave one chromosome out, as in
     * REGENIE, so that the network's use of the tested variant and of its LD neighbours does not absorb the
     * signal being tested).
     */
    void fitLocoNullModels(Result res, double[] zCovariates, double[][][] scr) throws IOException, InterruptedException {
        int groups = locoNames.size();
        locoNull = new ScoreNullModel[groups];
        int k = model.covariates().size();
        double[][] cols = new double[k + 2][];
        cols[0] = new double[n];
        Arrays.fill(cols[0], 1.0);
        System.arraycopy(covStd, 0, cols, 1, k);
        double[] zl = new double[z.length];
        for (int grp = 0; grp < groups; grp++) {
            int gg = grp;
            int[] members = java.util.stream.IntStream.range(0, pv).filter(c -> locoGroup[c] == gg).toArray();
            int[] others = java.util.stream.IntStream.range(0, pv).filter(c -> locoGroup[c] != gg).toArray();
            // the first-layer product without the group's inputs, from whichever side reads fewer columns: z minus the
            // group, or bias + covariates plus the other groups (with one chromosome, as in a pipeline chunk, no reads)
            if (others.length < members.length) {
                System.arraycopy(zCovariates, 0, zl, 0, z.length);
                addInputs(zl, others, 1.0, null);
            } else {
                System.arraycopy(z, 0, zl, 0, z.length);
                addInputs(zl, members, -1.0, null);
            }
            double[] o = new double[n];
            for (int i = 0; i < n; i++) o[i] = nets[fold[i]].logitFromFirst(zl, i * stride, scr[fold[i]]);
            cols[k + 1] = o;
            ScoreNullModel m = ScoreNullModel.fit(y, cols);
            if (m == null) {
                Log.warn("attribute: chromosome %s: the null model y ~ covariates + network LOCO logit has no finite fit"
                        + " (separation?): ADD_P not computed, P = CONTRIB_P", locoNames.get(grp));
                res.addNullFailed++;
            } else if (Arrays.stream(m.dropped()).anyMatch(d -> d == cols.length - 1)) {
                res.addLogitDropped++;
            }
            locoNull[grp] = m;
        }
        res.locoGroups = groups;
    }

    /** Per-thread scratch and the per-variant computation. */
    final class Worker {
        final double[] g = new double[n];
        final double[] ga = new double[n];
        final double[] gAll = new double[nAll];
        final double[] xs = new double[n];
        final double[] zz = new double[stride];
        final double[] dsum = new double[n];
        final double[] perm = new double[n];
        final ByteBuffer scratch = matrix.newScratch();
        final double[][][] scr = new double[nets.length][][];
        // conditional mode: standardised neighbour inputs (scored samples) by variant input, kept while still needed
        Map<Integer, double[]> nbCache = new HashMap<>();
        final double[] pis = new double[3];

        Worker() {
            for (int f = 0; f < nets.length; f++) scr[f] = nets[f].newScratch();
        }

        /**
         * Conditional mode: fits the genotype model of variant input c given its neighbours and the covariates;
         * null if there is no finite fit (the variant then uses the marginal pi).
         */
        org.assocnet.regression.ConditionalGenotypes conditionalModel(int c) throws IOException {
            int[] nb = neighbours[c];
            Map<Integer, double[]> next = new HashMap<>();
            double[][] cols = new double[nb.length + covStd.length][];
            for (int t = 0; t < nb.length; t++) {
                double[] h = nbCache.get(nb[t]);
                if (h == null) {
                    h = new double[n];
                    matrix.column(model.variantColumns()[nb[t]], gAll, scratch);
                    for (int i = 0; i < n; i++) h[i] = input(nb[t], gAll[rows[i]]); // missing: 0, the mean
                }
                next.put(nb[t], h);
                cols[t] = h;
            }
            // this variant is the next one's neighbour: keep its standardised input (xs, missing = 0) too
            next.put(c, xs.clone());
            nbCache = next;
            System.arraycopy(covStd, 0, cols, nb.length, covStd.length);
            return org.assocnet.regression.ConditionalGenotypes.fit(g, cols, COND_RIDGE * n);
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
                    org.assocnet.regression.ConditionalGenotypes.genotypeProbabilities(q[i], pis);
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

        void variant(int c, Result res) throws IOException {
            int mc = model.variantColumns()[c];
            matrix.column(mc, gAll, scratch);
            for (int i = 0; i < n; i++) g[i] = gAll[rows[i]];
            int folds = nets.length;
            double[][] cnt = new double[folds][3];
            int called = 0;
            double dosageSum = 0;
            for (int i = 0; i < n; i++) {
                xs[i] = input(c, g[i]);
                if (!Double.isNaN(g[i])) {
                    called++;
                    dosageSum += g[i];
                    cnt[fold[i]][hardCall(g[i])]++;
                }
            }
            double[] xg = {input(c, 0), input(c, 1), input(c, 2)};
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
                long tc = threadCpuNanos();
                org.assocnet.regression.ConditionalGenotypes cg = conditionalModel(c);
                if (cg != null) q = cg.q();
                long dt = threadCpuNanos() - tc;
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
                double s0 = DenseNet.sigmoid(l[0]), s1 = DenseNet.sigmoid(l[1]), s2 = DenseNet.sigmoid(l[2]);
                r0 += s0;
                r1 += s1;
                r2 += s2;
                if (!Double.isNaN(g[i])) {
                    double[] pr = pi[f];
                    if (cond) {
                        org.assocnet.regression.ConditionalGenotypes.genotypeProbabilities(q[i], pis);
                        pr = pis;
                    }
                    // d = f(g_ij) - sum_g pi(g) f(g), written as sum_g pi(g) (f(g_ij) - f(g)) so that a network
                    // that ignores the variant gives exactly 0 (the pi do not sum to 1 exactly in floating point)
                    double lo = l[hardCall(g[i])];
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
                    SplittableRandom rng = new SplittableRandom(mix(opt.seed(), mc, f, r));
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
                        dsum[i] += DenseNet.bce(y[i], lp) - DenseNet.bce(y[i], logit[i]);
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
                res.obsCt[mc] = called;
                res.a1Freq[mc] = called > 0 ? dosageSum / (2.0 * called) : Double.NaN;
                res.beta[mc] = bs / n;
                res.betaSe[mc] = seOfMean(bs, bss, n);
                res.risk0[mc] = r0 / n;
                res.risk1[mc] = r1 / n;
                res.risk2[mc] = r2 / n;
                res.igMean[mc] = ig / n;
                if (mono) {
                    res.errcode[mc] = MONOMORPHIC;
                } else {
                    res.errcode[mc] = OK;
                    res.foldT[mc] = T;
                    res.foldV[mc] = V;
                    res.foldC[mc] = C;
                    res.addA[mc] = aa;
                    if (nullModel != null) {
                        double za = nullModel.z(ga);
                        res.addZ[mc] = za;
                        res.addP[mc] = Double.isNaN(za) ? Double.NaN : Distributions.twoSidedP(za);
                    }
                    double m = is / n;
                    double se = seOfMean(is, iss, n);
                    res.imp[mc] = m;
                    res.impSe[mc] = se;
                    res.impP[mc] = se > 0 ? Distributions.upperP(m / se) : (m > 0 ? 0 : 1);
                }
            }
        }
    }

    /**
     * Combines the per-fold contribution statistics z_f = T_f / sqrt(V_f), each N(0,1) under H0, into
     * CONTRIB_Z = sum_f z_f / sqrt(m + m (m - 1) rho) over the m folds whose model scores the variant (Stouffer:
     * one vote per fold model). Two dependences between folds shape this:
     * <ul>
     * <li>model f was trained on fold g's samples and vice versa, so a network that fits the noise of variant j
     * points d in the direction of fold g's score and the z_f are positively correlated (up to 2x the variance of
     * the sum for a fully fitted linear model). rho is that null correlation, estimated across all tested variants
     * and fold pairs (folds are exchangeable: one rho) with the outlier-robust Gnanadesikan-Kettenring estimator
     * (MAD scale), so that the few associated variants do not count; clamped to [0, 0.95].
     * <li>how strongly model f uses variant j (V_f) depends on the other folds' noise, and given that, z_f is not
     * N(0,1): when model f relies on j far more than the other models, fold f's own samples tend to disagree with
     * the others (else those models, trained on them, would rely on j too), and z_f is underdispersed. Pooling
     * T_f with weights sqrt(V_f), as STATISTICS.md 4a writes it (kept as {@link Result#zPooled}), therefore leans
     * on exactly those folds and is conservative in the bulk (lambda 0.89 on the 3,000 x 8,000 null cohort of
     * bench/validation.sh, 0.99 when the same z_f are shuffled across variants); equal weights are not (0.96).
     * </ul>
     */
    void combineFolds(Result res) {
        int K = nets.length;
        double[][] R = new double[K][K];
        for (int f = 0; f < K; f++) R[f][f] = 1;
        // per variant: the folds whose model scores it (V_f > 0). With per-fold screening (train --max-variants)
        // a variant can be an input of some fold models only; T_f = V_f = 0 in the others, so those folds drop
        // out of NN_Z and of its variance, and rho is estimated from the fold pairs where both folds score it.
        int[] scored = new int[res.p];
        List<double[]> zs = new ArrayList<>();
        for (int j = 0; j < res.p; j++) {
            if (res.foldT[j] == null) continue;
            double[] zf = new double[K];
            for (int f = 0; f < K; f++) {
                if (res.foldV[j][f] > 0) {
                    scored[j]++;
                    zf[f] = res.foldT[j][f] / Math.sqrt(res.foldV[j][f]);
                } else {
                    zf[f] = Double.NaN;
                }
            }
            if (scored[j] >= 2) zs.add(zf);
        }
        res.foldCorrelationVariants = zs.size();
        int partial = 0, anyScored = 0;
        for (int j = 0; j < res.p; j++) {
            if (scored[j] > 0) anyScored++;
            if (scored[j] > 0 && scored[j] < K) partial++;
        }
        if (partial > anyScored / 10) {
            Log.warn("attribute: %d of %d scored variants are inputs of some fold models only (per-fold screening):"
                    + " which folds select a variant depends on the other folds' held-out samples, so NN_P of these variants"
                    + " is anti-conservative (docs/attribute.md); prefer models without screening for p-values", partial, anyScored);
        }
        res.foldCorrelationByScoredFolds = new double[K + 1];
        res.foldCorrelationVariantsByScoredFolds = new int[K + 1];
        for (double[] zf : zs) res.foldCorrelationVariantsByScoredFolds[countFinite(zf)]++;
        if (opt.foldCorrelation() && K > 1 && zs.size() >= MIN_VARIANTS_FOR_CORRELATION) {
            // folds are exchangeable (same training procedure): one correlation, pooled over all fold pairs
            double rho = gkRho(zs, -1);
            for (int f = 0; f < K; f++) {
                for (int g = 0; g < K; g++) if (f != g) R[f][g] = rho;
            }
            // Screening selects a variant into a fold model because its training folds (the other folds' held-out
            // samples) fit it strongly, so variants scored by more folds are those the training data fit most
            // strongly, and their per-fold statistics are more correlated: rho per number of scoring folds m,
            // where there are enough such variants, else the pooled rho.
            for (int m = 2; m <= K; m++) {
                res.foldCorrelationByScoredFolds[m] = res.foldCorrelationVariantsByScoredFolds[m] >= MIN_VARIANTS_FOR_CORRELATION
                        ? gkRho(zs, m) : rho;
            }
        } else if (opt.foldCorrelation() && K > 1) {
            Log.warn("attribute: only %d variants scored in at least two folds (< %d): cross-fold correlation not estimated,"
                    + " NN_P assumes independent folds and may be anti-conservative", zs.size(), MIN_VARIANTS_FOR_CORRELATION);
        }
        res.foldCorrelation = R;
        for (int j = 0; j < res.p; j++) {
            if (res.foldT[j] == null) continue;
            double[] T = res.foldT[j], V = res.foldV[j];
            int m = scored[j];
            double rhoJ = m >= 2 ? res.foldCorrelationByScoredFolds[m] : 0;
            double t = 0, v = 0, zsum = 0;
            for (int f = 0; f < K; f++) {
                t += T[f];
                v += V[f];
                if (V[f] > 0) zsum += T[f] / Math.sqrt(V[f]);
            }
            if (v > 0) {
                res.zPooled[j] = t / Math.sqrt(v);
                // one vote per scoring fold model (Stouffer), with the variance of a sum of m equicorrelated z's
                double sd = Math.sqrt(m + m * (m - 1.0) * rhoJ);
                res.z[j] = zsum / sd;
                res.contribP[j] = Distributions.twoSidedP(res.z[j]);
                // corr(ADD_Z, CONTRIB_Z) under H0: both are sums over samples of r times (centred dosage a, contribution
                // d), so cov(ADD, z_f) = sum_{i in f} r^2 a d / sqrt(sum r^2 a^2 * V_f)
                double cov = 0;
                double[] C = res.foldC[j];
                for (int f = 0; f < K; f++) if (V[f] > 0 && res.addA[j] > 0) cov += C[f] / Math.sqrt(res.addA[j] * V[f]);
                double corr = Math.max(-1, Math.min(1, cov / sd));
                res.addContribCorr[j] = corr;
                res.pval[j] = Distributions.twoSidedMaxP(res.addZ[j], res.z[j], corr);
            } else { // the network ignores the variant: d = 0 for every sample, no contribution to test
                res.zPooled[j] = 0;
                res.z[j] = 0;
                res.contribP[j] = 1;
                res.pval[j] = res.addP[j];
            }
        }
    }

    static final int MIN_VARIANTS_FOR_CORRELATION = 50;
    /** Ridge of the conditional genotype model, per scored sample (added to the information diagonal as COND_RIDGE * n). */
    static final double COND_RIDGE = 1e-6;

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    static int countFinite(double[] z) {
        int c = 0;
        for (double v : z) if (!Double.isNaN(v)) c++;
        return c;
    }

    /**
     * Gnanadesikan-Kettenring correlation of the per-fold z statistics over the fold pairs where both folds score
     * the variant, pooled over pairs (folds are exchangeable): rho = (s+^2 - s-^2) / (s+^2 + s-^2) with s+-
     * the MAD scales of z_f +- z_g. Only variants scored by exactly {@code m} folds, or all if m < 0. Clamped to
     * [0, 0.95].
     */
    static double gkRho(List<double[]> zs, int m) {
        int n = 0;
        for (double[] zf : zs) {
            int c = countFinite(zf);
            if (m < 0 || c == m) n += c * (c - 1) / 2;
        }
        double[] a = new double[n], b = new double[n];
        int at = 0;
        for (double[] zf : zs) {
            if (m >= 0 && countFinite(zf) != m) continue;
            for (int f = 0; f < zf.length; f++) {
                if (Double.isNaN(zf[f])) continue;
                for (int g = f + 1; g < zf.length; g++) {
                    if (Double.isNaN(zf[g])) continue;
                    a[at] = zf[f] + zf[g];
                    b[at++] = zf[f] - zf[g];
                }
            }
        }
        double sp = mad(a), sm = mad(b);
        double rho = (sp * sp - sm * sm) / (sp * sp + sm * sm);
        return Double.isNaN(rho) ? 0 : Math.max(0, Math.min(0.95, rho));
    }

    /** Median absolute deviation, scaled to the SD of a normal. */
    static double mad(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        double med = median(s);
        for (int i = 0; i < s.length; i++) s[i] = Math.abs(x[i] - med);
        Arrays.sort(s);
        return 1.482602218505602 * median(s);
    }

    static double median(double[] sorted) {
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);
    }

    /** CPU time of this process (all threads), for benchmarks on a shared machine; NaN if unavailable. */
    public static double processCpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    static int hardCall(double g) {
        int h = (int) Math.rint(g);
        return h < 0 ? 0 : Math.min(h, 2);
    }

    static double seOfMean(double s, double ss, int n) {
        if (n < 2) return Double.NaN;
        double m = s / n;
        double var = Math.max(0, (ss - n * m * m) / (n - 1));
        return Math.sqrt(var / n);
    }

    /** A seed for (run seed, matrix column, fold, draw): SplitMix64 finaliser over the combined words. */
    static long mix(long seed, long column, long fold, long draw) {
        long h = seed;
        for (long v : new long[] {column, fold, draw}) {
            h = (h ^ v) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        return h;
    }
}
