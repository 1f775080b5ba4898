package org.assocnet.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assocnet.core.Log;
import org.assocnet.core.Tasks;
import org.assocnet.epistasis.GenotypePlanes;
import org.assocnet.epistasis.PairScan;
import org.assocnet.matrix.Cohort;
import org.assocnet.regression.PenalizedLogistic;
import org.assocnet.stats.Logistic;
import org.assocnet.stats.Seeds;

/**
 * Cross-fitted training of the wide network ({@link WideModel}, STATISTICS.md section 8). For fold f, on the samples
 * of the other folds only:
 * <ol>
 * <li>the linear part (covariates unpenalised; every variant's additive, dominant and recessive terms under an
 * elastic-net penalty) along a path of penalties, the penalty and relaxation with the lowest inner cross-validated
 * log-loss kept, then fitted on all the fold's training samples;
 * <li>variants left at 0 keep an infinitesimal additive weight along their training score ({@link #DIRECTION}): it
 * changes no prediction, and gives the contribution test of every variant a direction fixed by the training
 * samples in every fold, so that no fold's test depends on which variants another fold's penalty selected;
 * <li>the exhaustive pair scan (3x3x2 tables) on the training samples nominates the top pairs (proxies of a stronger
 * pair in LD are skipped, {@link #clump}); which of them get a block is decided by inner cross-validation, with a
 * scan per inner fit set ({@link #pairGains}); each such pair's ReLU block is trained by
 * Adam (binary cross-entropy, full batch) on top of the linear part;
 * <li>the linear part is refitted at its penalty with the blocks as an offset, and the blocks once more on top of it.
 * </ol>
 * The held-out fold is then scored once. Folds are independent and seeded by (seed, fold).
 */
public final class WideTrainer {
    /** Weight of an unselected variant, relative to the penalty's bound on its score: at most this on the standardised scale. */
    static final double DIRECTION = 1e-6;
    /**
     * Adam steps of every pair block (in the inner cross-validation that chooses the pair cut and on all the fold's
     * training samples): to convergence, weight decay the only shrinkage (on seed 12 with its true pairs given, 1,500
     * and 4,000 steps gave the same held-out AUC, and blocks early-stopped on a validation split after 190-580 steps
     * lost 5 points of the way from covariates to the true model).
     */
    static final int REFIT_STEPS = 2000;
    static final double LEARNING_RATE = 0.02;
    static final double WEIGHT_DECAY = 1e-3;
    static final double TOL = 1e-7;
    /** The path stops early when the cross-validated loss has not improved for this many penalties. */
    static final int PATH_PATIENCE = 10;
    /**
     * A nominated pair keeps its block if the block's deviance gain on the inner held-out samples ({@link #pairGains})
     * exceeds this (chi-square 1 df, P 0.05).
     */
    static final double PAIR_CUT_CHI2 = 3.84;
    /** Inner cross-validation folds that choose the penalty and the pair cut. */
    static final int CV_FOLDS = 5;

    private WideTrainer() {}

    public record Result(WideModel model, List<Trainer.FoldResult> folds, double[] heldoutLogit) {}

    public static Result crossFit(Cohort cohort, WideData data, int[] fold, TrainOptions o, WideOptions w) throws Exception {
        int k = o.folds();
        WideModel.Fold[] parts = new WideModel.Fold[k];
        Trainer.FoldResult[] res = new Trainer.FoldResult[k];
        double[] logit = new double[data.n];
        Arrays.fill(logit, Double.NaN);
        // the pair scans read the cohort: one at a time, before the folds train (they are fast)
        List<Nomination> nominated = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int ff = f;
            int[] train = java.util.stream.IntStream.range(0, data.n).filter(i -> fold[i] >= 0 && fold[i] != ff).toArray();
            if (w.pairs() <= 0) {
                nominated.add(Nomination.NONE);
            } else if (data.p > w.maxPairVariants()) {
                if (f == 0) {
                    Log.warn("train: %,d variants > --max-pair-variants %,d: no pair scan, no interaction blocks (scan chunks"
                            + " with 'assocnet epistasis' instead)", data.p, w.maxPairVariants());
                }
                nominated.add(Nomination.NONE);
            } else {
                // on all the fold's training samples for the blocks, and on each inner cross-validation fit set for the
                // cut that decides which of them keep a block (the inner held-out samples took no part in its scan)
                int[] cvFold = cvFolds(data.y, train, o, f);
                int[][] leftOut = new int[w.keepAllPairs() ? 0 : CV_FOLDS][];
                for (int c = 0; c < leftOut.length; c++) {
                    int cc = c;
                    leftOut[c] = java.util.stream.IntStream.range(0, train.length).filter(r -> cvFold[r] == cc).map(r -> train[r]).toArray();
                }
                ScanOut all = scan(cohort, data, train, leftOut, o, w);
                StringBuilder counts = new StringBuilder();
                for (List<Nominee> in : all.inner) counts.append(counts.length() == 0 ? "" : "/").append(in.size());
                Log.info("train: fold %d pair scan on %,d training samples: %,d pairs in %.1f s, %d with P <= %s, %d nominated"
                        + " (%d skipped as LD proxies of a stronger pair)%s", f, train.length, all.tested, all.seconds, all.passed,
                        w.pairP(), all.pairs.size(), all.proxies,
                        counts.length() == 0 ? "" : "; on the inner cross-validation fit sets " + counts);
                nominated.add(new Nomination(all.pairs, all.inner));
            }
        }
        int threads = Math.max(1, Math.min(o.threads(), k));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "assocnet-train");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                int ff = f;
                fs.add(pool.submit(() -> {
                    FoldFit r = trainFold(data, fold, ff, o, w, nominated.get(ff));
                    parts[ff] = r.part;
                    res[ff] = r.result;
                    for (int i = 0; i < r.held.length; i++) logit[r.held[i]] = r.heldLogit[i];
                    return null;
                }));
            }
            for (Future<?> fu : fs) Tasks.await(fu);
        } finally {
            pool.shutdownNow();
        }
        int[] columns = new int[data.p];
        for (int j = 0; j < data.p; j++) columns[j] = j;
        WideModel model = new WideModel(columns, data.center, data.scale, data.covariates, data.covCenter, data.covScale, parts);
        return new Result(model, List.of(res), logit);
    }

    /** The scan keeps this many candidates per nominated pair, for the clumping to choose from. */
    static final int CLUMP_POOL = 10;
    /** Two variants tag each other in the clumping at this squared correlation of their hard calls or more. */
    static final double CLUMP_R2 = 0.1;

    /**
     * The first {@code k} of {@code hits} (strongest first) that are not LD proxies of a pair taken before them. A pair
     * (a, b) is a proxy of (c, d) when a tags c and b tags d, or a tags d and b tags c; a variant tags itself and every
     * variant whose hard calls it correlates with at r^2 >= {@link #CLUMP_R2} over all samples (no labels are read).
     * Without it the proxies of one strong pair filled the nominations: seed 12's second true pair was not among a
     * fold's ten best in 3 folds of 5, behind up to 4 proxies of the first.
     */
    static List<PairScan.Hit> clump(WideData data, GenotypePlanes pl, List<PairScan.Hit> hits, int k) {
        return clump(hits, pl.variant, k, (a, b) -> a == b || data.callR2(a, b) >= CLUMP_R2);
    }

    /** The clumping itself: {@code variant} maps a hit's indices to variants, {@code tags} says whether two variants tag. */
    static List<PairScan.Hit> clump(List<PairScan.Hit> hits, int[] variant, int k, java.util.function.BiPredicate<Integer, Integer> tags) {
        List<PairScan.Hit> kept = new ArrayList<>();
        for (PairScan.Hit h : hits) {
            if (kept.size() >= k) break;
            int a = variant[h.i()], b = variant[h.j()];
            boolean proxy = false;
            for (PairScan.Hit g : kept) {
                int c = variant[g.i()], d = variant[g.j()];
                if ((tags.test(a, c) && tags.test(b, d)) || (tags.test(a, d) && tags.test(b, c))) {
                    proxy = true;
                    break;
                }
            }
            if (!proxy) kept.add(h);
        }
        return kept;
    }

    /** How many of the hits ranked before the last nominated one were skipped as proxies. */
    private static int skippedProxies(List<PairScan.Hit> passed, List<PairScan.Hit> top) {
        if (top.isEmpty()) return 0;
        return passed.indexOf(top.get(top.size() - 1)) + 1 - top.size();
    }

    /** The inner cross-validation folds of fold f's training samples (stratified, seeded; the same for the scans and the fits). */
    static int[] cvFolds(int[] y, int[] train, TrainOptions o, int f) {
        return Folds.stratified(sub(y, train), CV_FOLDS, Seeds.forFold(o.seed(), f, 5));
    }

    /** A nominated pair: its two variants (cohort indices) and the P of the scan that nominated it. */
    record Nominee(int a, int b, double p) {}

    private record ScanOut(List<Nominee> pairs, long tested, long passed, int proxies, double seconds, List<List<Nominee>> inner) {}

    /**
     * The exhaustive scan over {@code rows}: the best {@link #CLUMP_POOL} x {@code --pairs} pairs with P <= {@code --pair-p}
     * (so a permissive {@code --pair-p} costs no memory), clumped to the {@code --pairs} strongest distinct ones; in the
     * same pass the same for each subset of {@code rows} that leaves out the rows of {@code leftOut[c]} (the inner
     * cross-validation fit sets; {@link PairScan#subsets}).
     */
    private static ScanOut scan(Cohort cohort, WideData data, int[] rows, int[][] leftOut, TrainOptions o, WideOptions w) throws Exception {
        GenotypePlanes pl = GenotypePlanes.read(cohort, rows);
        PairScan ps = new PairScan(pl, null, w.pairP(), o.threads()).top(CLUMP_POOL * w.pairs());
        if (leftOut.length > 0) {
            long[][] masks = new long[leftOut.length][];
            for (int c = 0; c < masks.length; c++) masks[c] = pl.mask(leftOut[c]);
            ps.subsets(masks, SUBSET_PREFILTER_P);
        }
        PairScan.Result sr = ps.run();
        List<PairScan.Hit> passed = passing(sr.hits(), w.pairP());
        List<PairScan.Hit> top = clump(data, pl, passed, w.pairs());
        List<List<Nominee>> inner = new ArrayList<>();
        for (List<PairScan.Hit> sub : sr.subsetHits()) inner.add(nominees(pl, clump(data, pl, passing(sub, w.pairP()), w.pairs())));
        return new ScanOut(nominees(pl, top), sr.pairs(), sr.passed(), skippedProxies(passed, top), sr.seconds(), inner);
    }

    /** A subset's table is counted only for pairs whose screen on all the training samples passes this P (PairScan#subsets). */
    static final double SUBSET_PREFILTER_P = 1e-2;

    private static List<PairScan.Hit> passing(List<PairScan.Hit> hits, double p) {
        List<PairScan.Hit> out = new ArrayList<>();
        for (PairScan.Hit h : hits) if (h.p() <= p) out.add(h);
        return out;
    }

    private static List<Nominee> nominees(GenotypePlanes pl, List<PairScan.Hit> hits) {
        List<Nominee> out = new ArrayList<>();
        for (PairScan.Hit h : hits) out.add(new Nominee(pl.variant[h.i()], pl.variant[h.j()], h.p()));
        return out;
    }

    /** Blends of the relaxation, lasso weight phi (1 = the lasso itself, last = the default on ties). */
    static final double[] RELAX = {0, 0.25, 0.5, 0.75, 1};

    /**
     * The support of {@code lasso} (nonzero variant terms) refitted with the intercept and covariates under a weak ridge
     * (1% of the lasso penalty on its L2 scale, for stability under separation); the coefficients of the full design.
     */
    static double[] relaxedRefit(PenalizedLogistic.Design x, int[] y, double[] offset, double[] lasso, int first, double lambda) {
        List<Integer> cols = new ArrayList<>();
        for (int c = 0; c < lasso.length; c++) if (c < first || lasso[c] != 0) cols.add(c);
        int[] idx = cols.stream().mapToInt(Integer::intValue).toArray();
        PenalizedLogistic.Design sub = x.columns(idx);
        double[] pf = new double[idx.length];
        double[] start = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            pf[k] = idx[k] < first ? 0 : 1;
            start[k] = lasso[idx[k]];
        }
        PenalizedLogistic fit = new PenalizedLogistic(sub, y, offset, pf, 0, TOL);
        fit.warmStart(start);
        fit.fit(0.01 * lambda);
        double[] out = new double[lasso.length];
        for (int k = 0; k < idx.length; k++) out[idx[k]] = fit.beta()[k];
        return out;
    }

    /**
     * A fold's nominated pairs (strongest first) from the scan on all its training samples, and those of the scans on
     * each inner cross-validation fit set (empty with {@code --keep-all-pairs}).
     */
    private record Nomination(List<Nominee> pairs, List<List<Nominee>> inner) {
        static final Nomination NONE = new Nomination(List.of(), List.of());
    }

    private record FoldFit(WideModel.Fold part, Trainer.FoldResult result, int[] held, double[] heldLogit) {}

    private static FoldFit trainFold(WideData data, int[] fold, int f, TrainOptions o, WideOptions w, Nomination nom) {
        long t0 = System.nanoTime();
        int n = data.n;
        int[] y = data.y;
        int[] train = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] >= 0 && fold[i] != f).toArray();
        int[] held = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] == f).toArray();
        int cols = data.designColumns();
        int first = data.firstVariantColumn();
        double[] pf = new double[cols];
        for (int j = data.firstVariantColumn(); j < cols; j++) pf[j] = 1;

        // 1. the penalty by cross-validation within the training samples (inner folds, stratified, seeded): mean
        // held-out log-loss at each penalty of a common path, the smallest mean kept
        int[] ytrain = sub(y, train);
        PenalizedLogistic.Design xt = data.design(train);
        PenalizedLogistic full = new PenalizedLogistic(xt, ytrain, null, pf, w.alpha(), TOL);
        double lmax = full.lambdaMax();
        int L = w.lambdas();
        double[] lambdas = new double[L];
        for (int s = 0; s < L; s++) lambdas[s] = lmax * Math.pow(w.lambdaRatio(), s / (double) Math.max(1, L - 1));
        int[] cvFold = cvFolds(y, train, o, f);
        // loss at each (penalty, relaxation phi): phi = 1 is the lasso, phi < 1 blends it with a refit of its support
        double[][] cvLoss = new double[L][RELAX.length];
        int[] cvCount = new int[L];
        int[][] cvFit = new int[CV_FOLDS][], cvOut = new int[CV_FOLDS][];
        // each inner fit's lasso and relaxed coefficients along its path (nonzero entries only): the pair cut below is
        // chosen on top of the inner fits' linear parts at the chosen penalty
        Sparse[][] lassoAt = new Sparse[CV_FOLDS][L], relaxAt = new Sparse[CV_FOLDS][L];
        for (int cf = 0; cf < CV_FOLDS; cf++) {
            int cc = cf;
            int[] fitRows = java.util.stream.IntStream.range(0, train.length).filter(r -> cvFold[r] != cc).map(r -> train[r]).toArray();
            int[] outRows = java.util.stream.IntStream.range(0, train.length).filter(r -> cvFold[r] == cc).map(r -> train[r]).toArray();
            cvFit[cf] = fitRows;
            cvOut[cf] = outRows;
            PenalizedLogistic.Design xo = data.design(outRows), xf = data.design(fitRows);
            int[] yf = sub(y, fitRows);
            PenalizedLogistic path = new PenalizedLogistic(xf, yf, null, pf, w.alpha(), TOL);
            path.fit(Double.POSITIVE_INFINITY);
            int[] yo = sub(y, outRows);
            double prev = Double.POSITIVE_INFINITY, bestHere = Double.POSITIVE_INFINITY;
            int bestAt = 0;
            for (int s = 0; s < L; s++) {
                int nz = path.fit(lambdas[s], prev);
                prev = lambdas[s];
                double[] br = nz > 0 ? relaxedRefit(xf, yf, null, path.beta(), first, lambdas[s]) : path.beta();
                lassoAt[cf][s] = Sparse.of(path.beta());
                relaxAt[cf][s] = Sparse.of(br);
                double[] el = linear(xo, path.beta(), null);
                double[] er = nz > 0 ? linear(xo, br, null) : el;
                double here = Double.POSITIVE_INFINITY;
                for (int q = 0; q < RELAX.length; q++) {
                    double[] e = new double[el.length];
                    for (int r = 0; r < e.length; r++) e[r] = RELAX[q] * el[r] + (1 - RELAX[q]) * er[r];
                    double l = meanLoss(yo, e) * outRows.length;
                    cvLoss[s][q] += l;
                    here = Math.min(here, l);
                }
                cvCount[s] += outRows.length;
                if (here < bestHere) {
                    bestHere = here;
                    bestAt = s;
                }
                if (s - bestAt >= PATH_PATIENCE || nz > fitRows.length / 2) break;
            }
        }
        List<Double> trainCurve = new ArrayList<>(), valCurve = new ArrayList<>();
        int bestAt = 0, bestQ = RELAX.length - 1;
        double bestMean = Double.POSITIVE_INFINITY;
        for (int s = 0; s < L; s++) {
            if (cvCount[s] != train.length) continue; // beyond an inner fold's path: not a candidate
            valCurve.add(cvLoss[s][RELAX.length - 1] / train.length);
            for (int q = RELAX.length - 1; q >= 0; q--) {
                double m = cvLoss[s][q] / train.length;
                if (m < bestMean) {
                    bestMean = m;
                    bestAt = s;
                    bestQ = q;
                }
            }
        }
        double phi = RELAX[bestQ];
        double bestLambda = lambdas[bestAt];
        // 2. the fit on all the fold's training samples along the path down to that penalty (warm starts), relaxed
        LinearFit lin = fitLinear(full, xt, ytrain, null, lambdas, bestAt, phi, first);
        trainCurve.addAll(lin.curve);
        double[] beta = lin.beta;
        // 3. pair blocks on top of the linear part, for the nominated pairs whose blocks lowered the inner
        // cross-validated deviance
        List<PairBlock> blocks = new ArrayList<>();
        double bias = 0;
        int iters = 0;
        String cutNote = "";
        List<Nominee> kept = new ArrayList<>();
        List<Double> shrink = new ArrayList<>(); // per kept pair: its block's scale
        if (!nom.pairs().isEmpty()) {
            if (!w.keepAllPairs()) {
                double[][] etaFit = new double[CV_FOLDS][], etaOut = new double[CV_FOLDS][];
                for (int c = 0; c < CV_FOLDS; c++) {
                    double[] bl = lassoAt[c][bestAt].dense(cols), brx = relaxAt[c][bestAt].dense(cols);
                    for (int j = 0; j < cols; j++) bl[j] = phi * bl[j] + (1 - phi) * brx[j];
                    etaFit[c] = linear(data.design(cvFit[c]), bl, null);
                    etaOut[c] = linear(data.design(cvOut[c]), bl, null);
                }
                PairGains pg = pairGains(data, y, cvFit, cvOut, etaFit, etaOut, nom.pairs(), nom.inner(), o.seed(), f);
                iters += pg.iterations;
                StringBuilder sb = new StringBuilder();
                for (int q = 0; q < nom.pairs().size(); q++) {
                    if (pg.gain[q] > PAIR_CUT_CHI2 && pg.scale[q] > 0) {
                        kept.add(nom.pairs().get(q));
                        shrink.add(pg.scale[q]);
                    }
                    sb.append(q == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.1f (%d, x%.2f)", pg.gain[q], pg.folds[q], pg.scale[q]));
                }
                cutNote = "per nominated pair, cross-validated deviance gain of its block (inner folds nominating it, scale): " + sb;
            } else {
                kept.addAll(nom.pairs());
                for (int q = 0; q < kept.size(); q++) shrink.add(1.0);
                cutNote = "every nominated pair kept (--keep-all-pairs)";
            }
        }
        if (!kept.isEmpty()) {
            // the blocks are fitted one after another on all the fold's training samples, to convergence (REFIT_STEPS,
            // weight decay the only shrinkage); then the linear part is refitted at its penalty with the blocks as an
            // offset (fitted without them it shrinks its terms to absorb the pairs' unexplained variance), and the
            // blocks once more on that linear part
            int[][] ct = new int[kept.size()][];
            for (int q = 0; q < kept.size(); q++) ct[q] = cells(data, kept.get(q), train);
            BlockSet bs = fitBlocks(kept, shrink, ct, linear(xt, beta, null), ytrain, o.seed(), f);
            double[] offT = new double[train.length];
            for (int r = 0; r < train.length; r++) {
                offT[r] = bs.bias;
                for (PairBlock pb : bs.blocks) offT[r] += pb.value(data.call(pb.a(), train[r]), data.call(pb.b(), train[r]));
            }
            PenalizedLogistic withBlocks = new PenalizedLogistic(xt, ytrain, offT, pf, w.alpha(), TOL);
            lin = fitLinear(withBlocks, xt, ytrain, offT, lambdas, bestAt, phi, first);
            beta = lin.beta;
            iters += bs.iterations;
            bs = fitBlocks(kept, shrink, ct, linear(xt, beta, null), ytrain, o.seed(), f);
            blocks.addAll(bs.blocks);
            bias = bs.bias;
            iters += bs.iterations;
        }
        xt = null;
        int selected = lin.selected;
        // variants left at 0 by the penalty: their direction (see DIRECTION)
        int directionOnly = 0;
        double bound = train.length * w.alpha() * bestLambda;
        for (int j = 0; j < data.p; j++) {
            int c = first + WideData.TERMS * j;
            if (beta[c] == 0 && beta[c + 1] == 0 && beta[c + 2] == 0 && bound > 0) {
                beta[c] = DIRECTION * lin.grad[c] / bound;
                directionOnly++;
            }
        }
        double[] cov = Arrays.copyOfRange(beta, 1, first);
        WideModel.Fold part = new WideModel.Fold(beta[0] + bias, cov, Arrays.copyOfRange(beta, first, cols), blocks, bestLambda,
                selected, directionOnly, phi);
        // held-out logits
        double[] hl = linear(data.design(held), beta, null);
        for (int r = 0; r < held.length; r++) {
            hl[r] += bias;
            for (PairBlock pb : blocks) hl[r] += pb.value(data.call(pb.a(), held[r]), data.call(pb.b(), held[r]));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Log.info("fold %d: penalty %.4g, relaxation phi %.2f (%d of %d on the path, %d terms selected, %,d variants by direction only), %d pair"
                + " blocks of %d nominated%s (%d Adam steps), %d training samples, %.1f s", f, bestLambda, phi, bestAt + 1, valCurve.size(),
                selected, directionOnly, blocks.size(), nom.pairs().size(), cutNote.isEmpty() ? "" : ": " + cutNote, iters, train.length, secs);
        Trainer.FoldResult fr = new Trainer.FoldResult(f, train.length, 0, held.length, valCurve.size(), bestAt + 1,
                trainCurve.stream().mapToDouble(Double::doubleValue).toArray(),
                valCurve.stream().mapToDouble(Double::doubleValue).toArray(), 0.0, secs);
        return new FoldFit(part, fr, held, hl);
    }

    /** Nonzero coefficients of a design's coefficient vector (the inner fits' paths, kept for the pair cut). */
    private record Sparse(int[] idx, double[] v) {
        static Sparse of(double[] beta) {
            int nz = 0;
            for (double b : beta) if (b != 0) nz++;
            int[] idx = new int[nz];
            double[] v = new double[nz];
            for (int j = 0, k = 0; j < beta.length; j++) {
                if (beta[j] != 0) {
                    idx[k] = j;
                    v[k++] = beta[j];
                }
            }
            return new Sparse(idx, v);
        }

        double[] dense(int length) {
            double[] b = new double[length];
            for (int k = 0; k < idx.length; k++) b[idx[k]] = v[k];
            return b;
        }
    }

    /**
     * Per pair the scan on all the training samples nominated: its block's deviance gain on the inner held-out samples,
     * in how many inner folds it was nominated, the Adam steps spent, and the block's scale (0-1).
     */
    record PairGains(double[] gain, int[] folds, int iterations, double[] scale) {}

    /**
     * The cross-validated evidence for each pair of {@code pairs} (the nominations of the scan on all the fold's training
     * samples). For each inner fold c, the scan on its fit set nominated its own pairs (strongest first); those that are
     * one of {@code pairs} or an LD proxy of one ({@link #clump}'s rule) get blocks, fitted one after another on the fit
     * set (to convergence, on top of the inner fit's linear part), and each block's output on the fold's held-out
     * samples is recorded with the logit before it. The inner held-out samples took no part in that scan, so the block
     * of a pair found by chance does not predict them, while a true pair's block does in every inner fold that nominated
     * it. Per pair, pooled over the inner folds that nominated it: the gain, 2 x (held-out loss before its block - loss
     * with it), decides (the pair keeps its block if it exceeds {@link #PAIR_CUT_CHI2}); and a logistic regression of
     * the held-out outcomes on the block's output, with the logit before it as offset, gives the block's scale gamma
     * (0-1), by which its block on all the fold's training samples is multiplied. A block fitted to convergence on a
     * weak pair is too confident: at full scale, such blocks took seed 31's held-out calibration slope from 0.97 to
     * 0.82. The gain is taken at full scale: the likelihood-ratio statistic of a fitted gamma kept chance pairs with
     * gamma 0.5-0.7 in 4 folds of 5 on seed 14.
     * This replaces a validation split of 15% (360 samples), which could not tell an uncommon true pair from chance.
     */
    static PairGains pairGains(WideData data, int[] y, int[][] fit, int[][] out, double[][] etaFit, double[][] etaOut,
            List<Nominee> pairs, List<List<Nominee>> inner, long seed, int f) {
        int m = pairs.size();
        int[] seen = new int[m];
        int iters = 0;
        // per pair, per inner held-out sample where its block was fitted: outcome, logit before the block, block output
        List<List<double[]>> held = new ArrayList<>();
        for (int h = 0; h < m; h++) held.add(new ArrayList<>());
        java.util.function.BiPredicate<Integer, Integer> tags = (a, b) -> a.intValue() == b.intValue() || data.callR2(a, b) >= CLUMP_R2;
        for (int c = 0; c < fit.length; c++) {
            int[] yf = sub(y, fit[c]), yo = sub(y, out[c]);
            double[] off = etaFit[c].clone(), offO = etaOut[c].clone();
            boolean[] taken = new boolean[m];
            List<Nominee> hits = inner.get(c);
            for (int q = 0; q < hits.size(); q++) {
                Nominee g = hits.get(q);
                int match = -1;
                for (int h = 0; h < m && match < 0; h++) {
                    Nominee e = pairs.get(h);
                    if (!taken[h] && ((tags.test(g.a(), e.a()) && tags.test(g.b(), e.b())) || (tags.test(g.a(), e.b()) && tags.test(g.b(), e.a())))) {
                        match = h;
                    }
                }
                if (match < 0) continue;
                taken[match] = true;
                seen[match]++;
                int[] cf = cells(data, g, fit[c]), co = cells(data, g, out[c]);
                BlockFit bf = fitBlock(yf, off, cf, new SplittableRandom(Seeds.forFold(seed, f, 6 + c) + q), REFIT_STEPS);
                iters += bf.iterations;
                PairBlock tmp = new PairBlock(g.a(), g.b(), bf.w, bf.b, bf.v, 0, g.p());
                for (int r = 0; r < off.length; r++) off[r] += bf.bias + (cf[r] < PairBlock.CELLS ? tmp.cell(cf[r]) : 0);
                for (int r = 0; r < offO.length; r++) {
                    double v = bf.bias + (co[r] < PairBlock.CELLS ? tmp.cell(co[r]) : 0);
                    held.get(match).add(new double[] {yo[r], offO[r], v});
                    offO[r] += v;
                }
            }
        }
        double[] gain = new double[m], scale = new double[m];
        for (int h = 0; h < m; h++) {
            if (held.get(h).isEmpty()) continue;
            double without = 0, with = 0;
            for (double[] q : held.get(h)) {
                without += Logistic.bce((int) q[0], q[1]);
                with += Logistic.bce((int) q[0], q[1] + q[2]);
            }
            gain[h] = 2 * (without - with);
            scale[h] = Math.max(0, Math.min(1, scaleFit(held.get(h))));
        }
        return new PairGains(gain, seen, iters, scale);
    }

    /** Newton's method for gamma in logit P(y) = offset + gamma v over rows {y, offset, v}. */
    static double scaleFit(List<double[]> rows) {
        double gm = 0;
        for (int it = 0; it < 50; it++) {
            double gr = 0, hs = 0;
            for (double[] q : rows) {
                double pr = Logistic.sigmoid(q[1] + gm * q[2]);
                gr += (q[0] - pr) * q[2];
                hs += pr * (1 - pr) * q[2] * q[2];
            }
            if (!(hs > 0)) break;
            double step = gr / hs;
            gm += step;
            if (Math.abs(step) < 1e-10 * (1 + Math.abs(gm))) break;
        }
        return gm;
    }

    private record LinearFit(double[] beta, double[] grad, int selected, List<Double> curve) {}

    /**
     * The linear part on the fold's training samples: {@code fit} taken along the path down to penalty
     * {@code lambdas[bestAt]} (warm starts), blended with the relaxed refit of its support at weight 1 - phi.
     */
    private static LinearFit fitLinear(PenalizedLogistic fit, PenalizedLogistic.Design x, int[] y, double[] offset, double[] lambdas,
            int bestAt, double phi, int first) {
        double prev = Double.POSITIVE_INFINITY;
        int selected = 0;
        List<Double> curve = new ArrayList<>();
        for (int s = 0; s <= bestAt; s++) {
            selected = fit.fit(lambdas[s], prev);
            prev = lambdas[s];
            curve.add(meanLoss(y, fit.eta()));
        }
        double[] beta = fit.beta().clone();
        if (phi < 1 && selected > 0) {
            double[] br = relaxedRefit(x, y, offset, beta, first, lambdas[bestAt]);
            for (int c = 0; c < beta.length; c++) beta[c] = phi * beta[c] + (1 - phi) * br[c];
        }
        return new LinearFit(beta, fit.gradient(), selected, curve);
    }

    private record BlockSet(List<PairBlock> blocks, double bias, int iterations) {}

    /**
     * The blocks of {@code pairs} fitted one after another on the rows {@code cells} index ({@code off} their linear
     * part), each for {@link #REFIT_STEPS} on top of the blocks before it, its output then multiplied by its
     * {@code scale} ({@link #pairGains}). A block's missing-call value is its mean over the rows.
     */
    private static BlockSet fitBlocks(List<Nominee> pairs, List<Double> scale, int[][] cells, double[] off, int[] y, long seed, int f) {
        double[] oa = off.clone();
        List<PairBlock> blocks = new ArrayList<>();
        double bias = 0;
        int iters = 0;
        for (int q = 0; q < pairs.size(); q++) {
            Nominee h = pairs.get(q);
            int[] ca = cells[q];
            BlockFit rf = fitBlock(y, oa, ca, new SplittableRandom(Seeds.forFold(seed, f, 2) + q), REFIT_STEPS).scaled(scale.get(q));
            iters += rf.iterations;
            PairBlock tmp = new PairBlock(h.a(), h.b(), rf.w, rf.b, rf.v, 0, h.p());
            bias += rf.bias;
            double m = 0;
            int cnt = 0;
            for (int r = 0; r < oa.length; r++) {
                if (ca[r] < PairBlock.CELLS) {
                    double c = tmp.cell(ca[r]);
                    oa[r] += c;
                    m += c;
                    cnt++;
                }
                oa[r] += rf.bias;
            }
            blocks.add(new PairBlock(h.a(), h.b(), rf.w, rf.b, rf.v, cnt > 0 ? m / cnt : 0, h.p()));
        }
        return new BlockSet(blocks, bias, iters);
    }

    record BlockFit(double[] w, double[] b, double[] v, double bias, int iterations) {
        /** The block's output (its cells and bias) times s. */
        BlockFit scaled(double s) {
            double[] sv = v.clone();
            for (int u = 0; u < sv.length; u++) sv[u] *= s;
            return new BlockFit(w, b, sv, bias * s, iterations);
        }
    }

    /**
     * Full-batch Adam on one pair block and an output bias, everything else fixed as an offset: binary cross-entropy
     * plus weight decay on the block's weights, exactly {@code steps} steps from Glorot-uniform weights.
     */
    static BlockFit fitBlock(int[] y, double[] off, int[] cells, SplittableRandom rng, int steps) {
        int U = PairBlock.UNITS, C = PairBlock.CELLS;
        int oW = 0, oB = C * U, oV = oB + U, oBias = oV + U, np = oBias + 1;
        double[] th = new double[np];
        double lim = Math.sqrt(6.0 / (C + U));
        for (int q = 0; q < C * U; q++) th[oW + q] = (rng.nextDouble() * 2 - 1) * lim;
        for (int q = 0; q < U; q++) th[oB + q] = 0.1;
        double[] m = new double[np], s = new double[np], g = new double[np];
        double b1 = 0.9, b2 = 0.999;
        int n = y.length;
        double[] cellGrad = new double[C + 1];
        for (int it = 1; it <= steps; it++) {
            Arrays.fill(g, 0);
            Arrays.fill(cellGrad, 0);
            double biasGrad = 0;
            for (int i = 0; i < n; i++) {
                double z = off[i] + th[oBias] + blockValue(th, cells[i]);
                double r = Logistic.sigmoid(z) - y[i];
                biasGrad += r;
                cellGrad[cells[i]] += r;
            }
            g[oBias] = biasGrad / n;
            for (int c = 0; c < C; c++) {
                double gc = cellGrad[c] / n;
                if (gc == 0) continue;
                for (int u = 0; u < U; u++) {
                    double zz = th[oW + c * U + u] + th[oB + u];
                    if (zz <= 0) continue;
                    g[oV + u] += gc * zz;
                    double dz = gc * th[oV + u];
                    g[oW + c * U + u] += dz;
                    g[oB + u] += dz;
                }
            }
            for (int q = 0; q < oBias; q++) if (q < oB || q >= oV) g[q] += WEIGHT_DECAY * th[q];
            double c1 = 1 - Math.pow(b1, it), c2 = 1 - Math.pow(b2, it);
            for (int q = 0; q < np; q++) {
                m[q] = b1 * m[q] + (1 - b1) * g[q];
                s[q] = b2 * s[q] + (1 - b2) * g[q] * g[q];
                th[q] -= LEARNING_RATE * (m[q] / c1) / (Math.sqrt(s[q] / c2) + 1e-8);
            }
        }
        return new BlockFit(Arrays.copyOfRange(th, oW, oB), Arrays.copyOfRange(th, oB, oV), Arrays.copyOfRange(th, oV, oBias),
                th[oBias], steps);
    }

    /** Cell index = 3 g_a + g_b, or 9 when either call is missing (the block then gives 0 during training). */
    private static int[] cells(WideData data, Nominee h, int[] rows) {
        int[] c = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            int ga = data.call(h.a(), rows[r]), gb = data.call(h.b(), rows[r]);
            c[r] = ga > 2 || gb > 2 ? 9 : ga * 3 + gb;
        }
        return c;
    }

    private static double blockValue(double[] th, int cell) {
        if (cell >= PairBlock.CELLS) return 0;
        int U = PairBlock.UNITS, C = PairBlock.CELLS;
        int oB = C * U, oV = oB + U;
        double v = 0;
        for (int u = 0; u < U; u++) {
            double z = th[cell * U + u] + th[oB + u];
            if (z > 0) v += th[oV + u] * z;
        }
        return v;
    }

    /** X beta (+ offset) over the design's rows, reading only the nonzero coefficients. */
    static double[] linear(PenalizedLogistic.Design x, double[] beta, double[] offset) {
        double[] e = offset == null ? new double[x.rows()] : offset.clone();
        for (int j = 0; j < beta.length; j++) if (beta[j] != 0) x.axpy(j, beta[j], null, e);
        return e;
    }

    static double meanLoss(int[] y, double[] eta) {
        double l = 0;
        for (int i = 0; i < y.length; i++) l += Logistic.bce(y[i], eta[i]);
        return l / Math.max(1, y.length);
    }

    private static int[] sub(int[] a, int[] idx) {
        int[] o = new int[idx.length];
        for (int i = 0; i < idx.length; i++) o[i] = a[idx[i]];
        return o;
    }
}
