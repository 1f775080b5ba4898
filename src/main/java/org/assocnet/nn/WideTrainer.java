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
 * elastic-net penalty) along a path of penalties on the inner training split, the penalty with the lowest
 * validation log-loss kept, then refitted on all the fold's training samples;
 * <li>variants left at 0 keep an infinitesimal additive weight along their training score ({@link #DIRECTION}): it
 * changes no prediction, and gives the contribution test of every variant a direction fixed by the training
 * samples in every fold, so that no fold's test depends on which variants another fold's penalty selected;
 * <li>the exhaustive pair scan (3x3x2 tables) on the training samples nominates the top pairs, and one ReLU block per
 * pair is trained by Adam (binary cross-entropy, full batch) on top of the linear part, early-stopped on the
 * validation split, which keeps or drops it; proxies of a stronger pair in LD are not nominated ({@link #clump});
 * <li>the kept blocks are refitted to convergence on all the fold's training samples, the linear part refitted at
 * its penalty with them as an offset, and the blocks once more on top of it.
 * </ol>
 * The held-out fold is then scored once. Folds are independent and seeded by (seed, fold).
 */
public final class WideTrainer {
    /** Weight of an unselected variant, relative to the penalty's bound on its score: at most this on the standardised scale. */
    static final double DIRECTION = 1e-6;
    static final int MAX_ITER = 600;
    /**
     * Adam steps of a kept block's refit on all the fold's training samples: to convergence, weight decay the only
     * shrinkage (on seed 12 with its true pairs given, 1,500 and 4,000 steps gave the same held-out AUC, and the
     * early-stopped step counts, 190-580, lost 5 points of the way from covariates to the true model).
     */
    static final int REFIT_STEPS = 2000;
    static final int PATIENCE = 40;
    static final double LEARNING_RATE = 0.02;
    static final double WEIGHT_DECAY = 1e-3;
    static final double TOL = 1e-7;
    /** The path stops early when the validation loss has not improved for this many penalties. */
    static final int PATH_PATIENCE = 10;
    /** A pair block is kept if it lowers the validation deviance by more than this (chi-square 1 df, P 0.001). */
    static final double BLOCK_KEEP_CHI2 = 10.83;
    /**
     * A pair block is also kept when the scan on the inner training samples found its pair significant over every
     * pair it tested at this family-wise error (Bonferroni): the scan's evidence is far stronger than a validation
     * split of a few hundred samples can give for a pair of uncommon variants.
     */
    static final double SURE_FWER = 0.05;
    /** Inner cross-validation folds that choose the penalty. */
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
                // on the inner training split only: the validation split that early-stops the blocks must not have
                // taken part in choosing the pairs, else it shares the scan's chance findings and cannot stop them
                int[] inner = innerSplit(train, data.y, o, f)[0];
                GenotypePlanes pl = GenotypePlanes.read(cohort, inner);
                // only the best CLUMP_POOL x w.pairs() are kept by the scan (with a permissive --pair-p every pair
                // passes), then clumped to w.pairs() distinct pairs
                PairScan.Result sr = new PairScan(pl, null, w.pairP(), o.threads()).top(CLUMP_POOL * w.pairs()).run();
                List<PairScan.Hit> passed = new ArrayList<>();
                for (PairScan.Hit h : sr.hits()) if (h.p() <= w.pairP()) passed.add(h);
                List<PairScan.Hit> top = clump(data, pl, passed, w.pairs());
                Log.info("train: fold %d pair scan on %,d inner training samples: %,d pairs in %.1f s, %d with P <= %s, %d nominated"
                        + " (%d skipped as LD proxies of a stronger pair)", f, inner.length, sr.pairs(), sr.seconds(), sr.passed(),
                        w.pairP(), top.size(), skippedProxies(passed, top));
                nominated.add(new Nomination(top, pl, SURE_FWER / Math.max(1, sr.pairs())));
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

    /** The inner training / validation split of fold f's training samples (the same for the scan and the fits). */
    static int[][] innerSplit(int[] train, int[] y, TrainOptions o, int f) {
        return Folds.innerSplit(train, y, o.valFraction() > 0 ? o.valFraction() : 0.15, Seeds.forFold(o.seed(), f, 1));
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
     * A fold's nominated pairs (strongest first), the genotype planes they index, and the scan P at or below which a
     * pair is significant over all the pairs the scan tested (Bonferroni at {@link #SURE_FWER}).
     */
    private record Nomination(List<PairScan.Hit> hits, GenotypePlanes planes, double sureP) {
        static final Nomination NONE = new Nomination(List.of(), null, 0);
    }

    private record FoldFit(WideModel.Fold part, Trainer.FoldResult result, int[] held, double[] heldLogit) {}

    private static FoldFit trainFold(WideData data, int[] fold, int f, TrainOptions o, WideOptions w, Nomination nom) {
        List<PairScan.Hit> hits = nom.hits();
        GenotypePlanes planes = nom.planes();
        long t0 = System.nanoTime();
        int n = data.n;
        int[] y = data.y;
        int[] train = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] >= 0 && fold[i] != f).toArray();
        int[] held = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] == f).toArray();
        int[][] split = innerSplit(train, y, o, f);
        int[] inner = split[0], val = split[1];
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
        int[] cvFold = Folds.stratified(ytrain, CV_FOLDS, Seeds.forFold(o.seed(), f, 5));
        // loss at each (penalty, relaxation phi): phi = 1 is the lasso, phi < 1 blends it with a refit of its support
        double[][] cvLoss = new double[L][RELAX.length];
        int[] cvCount = new int[L];
        for (int cf = 0; cf < CV_FOLDS; cf++) {
            int cc = cf;
            int[] fitRows = java.util.stream.IntStream.range(0, train.length).filter(r -> cvFold[r] != cc).map(r -> train[r]).toArray();
            int[] outRows = java.util.stream.IntStream.range(0, train.length).filter(r -> cvFold[r] == cc).map(r -> train[r]).toArray();
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
                double[] el = linear(xo, path.beta(), null);
                double[] er = nz > 0 ? linear(xo, relaxedRefit(xf, yf, null, path.beta(), first, lambdas[s]), null) : el;
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
        PenalizedLogistic.Design xv = data.design(val);
        int[] yv = sub(y, val), yi = sub(y, inner);
        // 3. pair blocks on top of the linear part
        PenalizedLogistic.Design xi = data.design(inner);
        double[] offTrain = linear(xi, beta, null);
        double[] offVal = linear(xv, beta, null);
        List<PairBlock> blocks = new ArrayList<>();
        double bias = 0;
        int iters = 0, dropped = 0, keptByScan = 0;
        if (!hits.isEmpty()) {
            int[][] ci = new int[hits.size()][], cv = new int[hits.size()][];
            int[][] ab = new int[hits.size()][2];
            for (int q = 0; q < hits.size(); q++) {
                ab[q][0] = planes.variant[hits.get(q).i()];
                ab[q][1] = planes.variant[hits.get(q).j()];
                ci[q] = cells(data, ab[q], inner);
                cv[q] = cells(data, ab[q], val);
            }
            // one block at a time, strongest scan P first, each on top of the linear part and the blocks before it,
            // each early-stopped on the validation split by itself (a chance pair stops at once, a real one learns)
            double[] ot = offTrain.clone(), ov = offVal.clone();
            List<Integer> keep = new ArrayList<>();
            for (int q = 0; q < hits.size(); q++) {
                BlockFit bf = fitBlock(yi, ot, ci[q], yv, ov, cv[q], new SplittableRandom(Seeds.forFold(o.seed(), f, 2) + q));
                iters += bf.iterations;
                PairBlock tmp = new PairBlock(ab[q][0], ab[q][1], bf.w, bf.b, bf.v, 0, hits.get(q).p());
                // keep the block only if it lowers the validation deviance by more than chance would:
                // 2 n_val (loss without - loss with) > BLOCK_KEEP_CHI2. Early stopping alone keeps small chance gains
                // on a small validation split, and ten such blocks made held-out predictions worse than the constant
                // on for.exercise (a stratified real cohort where the scan nominates hundreds of pairs). A pair that
                // the scan found significant over all the pairs it tested (SURE_FWER) is kept if the block lowers the
                // validation loss at all: 360 validation samples hold a few dozen carriers of an uncommon member, and
                // the chi-square rule alone dropped a pair at scan P 4e-19 in 4 folds of 5
                double without = meanLoss(yv, ov), with;
                {
                    double[] e = ov.clone();
                    for (int r = 0; r < e.length; r++) e[r] += bf.bias + (cv[q][r] < 9 ? tmp.cell(cv[q][r]) : 0);
                    with = meanLoss(yv, e);
                }
                boolean byValidation = 2 * yv.length * (without - with) > BLOCK_KEEP_CHI2;
                boolean byScan = hits.get(q).p() <= nom.sureP() && with < without;
                if (!byValidation && !byScan && !w.keepAllPairs()) {
                    dropped++;
                    continue;
                }
                if (!byValidation && byScan) keptByScan++;
                for (int r = 0; r < ot.length; r++) ot[r] += bf.bias + (ci[q][r] < 9 ? tmp.cell(ci[q][r]) : 0);
                for (int r = 0; r < ov.length; r++) ov[r] += bf.bias + (cv[q][r] < 9 ? tmp.cell(cv[q][r]) : 0);
                keep.add(q);
                trainCurve.addAll(bf.trainCurve);
                valCurve.addAll(bf.valCurve);
            }
            if (!keep.isEmpty()) {
                // the validation split has chosen the blocks; they are refitted on all the fold's training samples
                // (inner + validation), in the same order, to convergence (REFIT_STEPS): early stopping on 360 samples
                // stopped real pairs' blocks short of their shape. Then the linear part is refitted at its penalty with
                // the blocks as an offset (fitted without them it shrinks its terms to absorb the pairs' unexplained
                // variance), and the blocks once more on that linear part
                int[] ya = concat(yi, yv);
                BlockSet bs = refitBlocks(keep, concat(offTrain, offVal), ya, ci, cv, ab, hits, o.seed(), f);
                double[] offT = new double[train.length];
                for (int r = 0; r < train.length; r++) {
                    offT[r] = bs.bias;
                    for (PairBlock pb : bs.blocks) offT[r] += pb.value(data.call(pb.a(), train[r]), data.call(pb.b(), train[r]));
                }
                PenalizedLogistic withBlocks = new PenalizedLogistic(xt, ytrain, offT, pf, w.alpha(), TOL);
                lin = fitLinear(withBlocks, xt, ytrain, offT, lambdas, bestAt, phi, first);
                beta = lin.beta;
                bs = refitBlocks(keep, concat(linear(xi, beta, null), linear(xv, beta, null)), ya, ci, cv, ab, hits, o.seed(), f);
                blocks.addAll(bs.blocks);
                bias = bs.bias;
                iters += bs.iterations;
            }
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
                + " blocks kept (%d by the scan's Bonferroni; %d dropped: no validation gain beyond chance; %d Adam steps), %d train + %d validation samples, %.1f s", f, bestLambda, phi, bestAt + 1, valCurve.size(),
                selected, directionOnly, blocks.size(), keptByScan, dropped, iters, inner.length, val.length, secs);
        Trainer.FoldResult fr = new Trainer.FoldResult(f, inner.length, val.length, held.length, valCurve.size(), bestAt + 1,
                trainCurve.stream().mapToDouble(Double::doubleValue).toArray(),
                valCurve.stream().mapToDouble(Double::doubleValue).toArray(), 0.0, secs);
        return new FoldFit(part, fr, held, hl);
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
     * The kept blocks ({@code keep}: hit indices) fitted one after another on all the fold's training samples (rows:
     * inner then validation; {@code off} their linear part), each for {@link #REFIT_STEPS} from the same initial weights
     * as its validated fit, on top of the blocks before it. A block's missing-call value is its mean over the rows.
     */
    private static BlockSet refitBlocks(List<Integer> keep, double[] off, int[] y, int[][] ci, int[][] cv, int[][] ab,
            List<PairScan.Hit> hits, long seed, int f) {
        double[] oa = off.clone();
        List<PairBlock> blocks = new ArrayList<>();
        double bias = 0;
        int iters = 0;
        for (int q : keep) {
            int[] ca = concat(ci[q], cv[q]);
            BlockFit rf = fitBlock(y, oa, ca, null, null, null, new SplittableRandom(Seeds.forFold(seed, f, 2) + q), REFIT_STEPS);
            iters += rf.iterations;
            PairBlock tmp = new PairBlock(ab[q][0], ab[q][1], rf.w, rf.b, rf.v, 0, hits.get(q).p());
            bias += rf.bias;
            double m = 0;
            int cnt = 0;
            for (int r = 0; r < oa.length; r++) {
                if (ca[r] < 9) {
                    double c = tmp.cell(ca[r]);
                    oa[r] += c;
                    m += c;
                    cnt++;
                }
                oa[r] += rf.bias;
            }
            blocks.add(new PairBlock(ab[q][0], ab[q][1], rf.w, rf.b, rf.v, cnt > 0 ? m / cnt : 0, hits.get(q).p()));
        }
        return new BlockSet(blocks, bias, iters);
    }

    private record BlockFit(double[] w, double[] b, double[] v, double bias, int iterations, List<Double> trainCurve,
            List<Double> valCurve) {}

    /**
     * Full-batch Adam on one pair block and an output bias, everything else fixed as an offset: binary cross-entropy
     * plus weight decay on the block's weights; the parameters with the lowest validation loss are kept (the start,
     * output weights 0, if no step improves it).
     */
    static BlockFit fitBlock(int[] y, double[] off, int[] cells, int[] yv, double[] offV, int[] cellsV, SplittableRandom rng) {
        return fitBlock(y, off, cells, yv, offV, cellsV, rng, MAX_ITER);
    }

    /**
     * As above; with {@code yv == null} no validation: exactly {@code steps} Adam steps, the last parameters kept (the
     * refit of a kept block on all the fold's training samples).
     */
    static BlockFit fitBlock(int[] y, double[] off, int[] cells, int[] yv, double[] offV, int[] cellsV, SplittableRandom rng,
            int steps) {
        int U = PairBlock.UNITS, C = PairBlock.CELLS;
        int oW = 0, oB = C * U, oV = oB + U, oBias = oV + U, np = oBias + 1;
        double[] th = new double[np];
        double lim = Math.sqrt(6.0 / (C + U));
        for (int q = 0; q < C * U; q++) th[oW + q] = (rng.nextDouble() * 2 - 1) * lim;
        for (int q = 0; q < U; q++) th[oB + q] = 0.1;
        double[] m = new double[np], s = new double[np], g = new double[np];
        double[] bestTh = th.clone();
        boolean validated = yv != null;
        double best = validated ? loss(th, yv, offV, cellsV) : 0;
        int bestIt = 0;
        List<Double> tc = new ArrayList<>(), vc = new ArrayList<>();
        double b1 = 0.9, b2 = 0.999;
        int n = y.length;
        int it;
        for (it = 1; it <= steps; it++) {
            Arrays.fill(g, 0);
            double tl = 0;
            double[] cellGrad = new double[C + 1];
            double biasGrad = 0;
            for (int i = 0; i < n; i++) {
                double z = off[i] + th[oBias] + blockValue(th, cells[i]);
                double r = Logistic.sigmoid(z) - y[i];
                tl += Logistic.bce(y[i], z);
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
            for (int q = 0; q < np; q++) {
                m[q] = b1 * m[q] + (1 - b1) * g[q];
                s[q] = b2 * s[q] + (1 - b2) * g[q] * g[q];
                double mh = m[q] / (1 - Math.pow(b1, it)), sh = s[q] / (1 - Math.pow(b2, it));
                th[q] -= LEARNING_RATE * mh / (Math.sqrt(sh) + 1e-8);
            }
            tc.add(tl / n);
            if (!validated) {
                bestTh = th; // the last step's parameters
                continue;
            }
            double vl = loss(th, yv, offV, cellsV);
            vc.add(vl);
            if (vl < best - 1e-9) {
                best = vl;
                bestTh = th.clone();
                bestIt = it;
            } else if (it - bestIt >= PATIENCE) {
                break;
            }
        }
        return new BlockFit(Arrays.copyOfRange(bestTh, oW, oB), Arrays.copyOfRange(bestTh, oB, oV),
                Arrays.copyOfRange(bestTh, oV, oBias), bestTh[oBias], Math.min(it, steps), tc, vc);
    }

    /** Cell index = 3 g_a + g_b, or 9 when either call is missing (the block then gives 0 during training). */
    private static int[] cells(WideData data, int[] ab, int[] rows) {
        int[] c = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            int ga = data.call(ab[0], rows[r]), gb = data.call(ab[1], rows[r]);
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

    private static double loss(double[] th, int[] y, double[] off, int[] cells) {
        int oBias = PairBlock.CELLS * PairBlock.UNITS + 2 * PairBlock.UNITS;
        double l = 0;
        for (int i = 0; i < y.length; i++) l += Logistic.bce(y[i], off[i] + th[oBias] + blockValue(th, cells[i]));
        return l / Math.max(1, y.length);
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

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
