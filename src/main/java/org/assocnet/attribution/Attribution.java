package org.assocnet.attribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.assocnet.core.CpuTime;
import org.assocnet.core.Tasks;

/**
 * Attribution of a cross-fitted network to each variant (STATISTICS.md sections 4 and 5), on held-out
 * samples only: sample i is always evaluated by the fold model that never saw it.
 *
 * <ul>
 *   <li>4a contribution score test: d_ij, r_ij, T_j, V_j, Z = T/sqrt(V), two-sided P (the headline NN_P).
 *       pi_j(g) = genotype frequencies (rounded hard calls 0/1/2) among the called held-out samples of the
 *       same fold, i.e. the samples that enter T, as a score test centres g at its sample mean. Conditional mode
 *       ({@link AttributionOptions#conditional()}): per sample pi_ij(g) = Binomial(2, q_ij), q_ij from a genotype model given the
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
    public static final String OK = ".";
    public static final String NOT_IN_MODEL = "NOT_IN_MODEL";
    public static final String MONOMORPHIC = "MONOMORPHIC";

    final CohortMatrix matrix;
    final ModelBundle model;
    final AttributionOptions opt;
    final int n; // scored samples (FOLD >= 0)
    final int nAll; // cohort samples
    final int[] rows; // cohort row of each scored sample
    private final int pv; // variant inputs of the model
    final int[] fold;
    final int[] y;
    final DenseNet[] nets;
    final int stride; // max first-layer width
    final Encoding enc;
    private final double[][] covariates; // n x k, model covariate order
    final int[][] foldMembers;
    final int[] locoGroup; // LOCO group (chromosome) of each variant input
    private final List<String> locoNames;
    ScoreNullModel[] locoNull; // per LOCO group: y ~ 1 + covariates + network LOCO logit
    final int[][] neighbours; // conditional mode: the W nearest variant inputs on each side, same chromosome
    double[][] covStd; // k x n standardised covariates (as the model sees them)
    // caches
    double[] z; // n x stride first-layer pre-activation
    double[] logit; // full logit of each sample
    double[] igDelta; // n x stride: trapezoid average of d logit / d z along the IG path
    double[] baseInput; // standardised baseline (raw dosage 0) of each variant input

    public Attribution(Cohort cohort, ModelBundle model, AttributionOptions opt) {
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
    public AttributionResult run() throws IOException, InterruptedException {
        AttributionResult res = new AttributionResult(matrix.variants());
        res.network = nets[0].describe();
        res.heldOut = n;
        res.modelVariants = pv;
        long t0 = System.nanoTime();
        precompute(res);
        res.precomputeSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        double cpu0 = CpuTime.processSeconds();
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
                    VariantWorker w = new VariantWorker(this);
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
            for (Future<?> f : fs) Tasks.await(f);
        } finally {
            ex.shutdownNow();
        }
        prog.done(pv);
        FoldCombination.combine(res, nets.length, opt.foldCorrelation());
        res.variantSeconds = (System.nanoTime() - t1) / 1e9;
        res.variantCpuSeconds = CpuTime.processSeconds() - cpu0;
        res.evaluations = evals.get();
        return res;
    }

    /** First-layer products of every sample, full logits and the Integrated-Gradients path averages. */
    void precompute(AttributionResult res) throws IOException, InterruptedException {
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
                for (Future<?> f : fs) Tasks.await(f);
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
    void fitLocoNullModels(AttributionResult res, double[] zCovariates, double[][][] scr) throws IOException, InterruptedException {
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

    /** Ridge of the conditional genotype model, per scored sample (added to the information diagonal as COND_RIDGE * n). */
    static final double COND_RIDGE = 1e-6;
}
