package org.assocnet.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assocnet.core.Log;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.assocnet.stats.Logistic;
import org.assocnet.stats.Seeds;
import org.assocnet.core.Tasks;

/**
 * Cross-fitted training (STATISTICS.md section 3): fold f's network is trained on the samples of every
 * other fold (minus an inner, label-stratified validation split used for early stopping) and scores fold
 * f's samples, which it never saw. Folds are independent and may train concurrently; each runs
 * single-threaded with seeds derived from (seed, fold), so results do not depend on {@code threads}.
 */
public final class Trainer {
    private static final int EVAL_CHUNK = 512;
    /**
     * Native buffers that DL4J allocates inside fit() (gradients and updater temporaries the size of the first
     * layer's weights) are freed only when their Java wrappers are garbage-collected, and they do not count
     * towards javacpp's off-heap limit; with a large heap the collector rarely runs and the process grew by about
     * a first-layer-sized buffer per minibatch (7 GB after 5 epochs at 5,000 x 20,000). A collection every this
     * many minibatches and at the end of every epoch keeps it flat (1.4 GB; bench/results/train.md).
     */
    static final int GC_EVERY_MINIBATCHES = 64;

    private Trainer() {}

    /** What one fold's training did. */
    public record FoldResult(int fold, int trainSamples, int valSamples, int heldoutSamples, int epochsRun,
            int bestEpoch, double[] trainLoss, double[] valLoss, double logitShift, double seconds) {}

    public record Result(List<MultiLayerNetwork> networks, List<FoldResult> folds, double[] heldoutLogit) {}

    public static Result crossFit(InputData data, int[] fold, TrainOptions o) throws Exception {
        int k = o.folds();
        MultiLayerNetwork[] nets = new MultiLayerNetwork[k];
        FoldResult[] res = new FoldResult[k];
        double[] logit = new double[data.n];
        Arrays.fill(logit, Double.NaN);
        int threads = Math.max(1, Math.min(o.threads(), k));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "assocnet-train");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                final int ff = f;
                fs.add(pool.submit(() -> {
                    Object[] r = trainFold(data, fold, ff, o);
                    nets[ff] = (MultiLayerNetwork) r[0];
                    res[ff] = (FoldResult) r[1];
                    double[] l = (double[]) r[2];
                    int[] held = (int[]) r[3];
                    for (int i = 0; i < held.length; i++) logit[held[i]] = l[i];
                    return null;
                }));
            }
            for (Future<?> fu : fs) Tasks.await(fu);
        } finally {
            pool.shutdownNow();
        }
        return new Result(List.of(nets), List.of(res), logit);
    }


    /** The network: Dense(h, relu) ... -> Output(1, sigmoid), binary cross-entropy, Adam; no hidden layer = logistic regression. */
    public static MultiLayerNetwork build(int nIn, TrainOptions o, long seed) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(o.learningRate()))
                .weightInit(WeightInit.XAVIER_UNIFORM);
        if (o.l2() > 0) b.l2(o.l2());
        NeuralNetConfiguration.ListBuilder lb = b.list();
        int prev = nIn;
        for (int li = 0; li < o.hidden().length; li++) {
            DenseLayer.Builder db = new DenseLayer.Builder().nIn(prev).nOut(o.hidden()[li]).activation(Activation.RELU);
            // DL4J's dropOut(x) acts on the layer's INPUT and x is the RETAIN probability
            if (li > 0 && o.dropout() > 0) db.dropOut(1 - o.dropout());
            if (li == 0 && o.l1() > 0) db.l1(o.l1());
            lb.layer(db.build());
            prev = o.hidden()[li];
        }
        OutputLayer.Builder ob = new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                .nIn(prev).nOut(1).activation(Activation.SIGMOID);
        // dropout acts on hidden activations; without a hidden layer (--hidden 0) the output layer reads the inputs,
        // and L1 (input selection) moves to it
        if (o.dropout() > 0 && o.hidden().length > 0) ob.dropOut(1 - o.dropout());
        if (o.hidden().length == 0 && o.l1() > 0) ob.l1(o.l1());
        // a logistic regression starts at zero (no symmetry to break; random starts put it far from the optimum)
        if (o.hidden().length == 0) ob.weightInit(WeightInit.ZERO);
        lb.layer(ob.build());
        MultiLayerNetwork net = new MultiLayerNetwork(lb.build());
        net.init();
        return net;
    }

    /**
     * Folds trained concurrently ({@code --threads > 1}) hold the read side while they compute, and let it go for a
     * moment between minibatches; purging ND4J's memory caches takes the write side, so no fold computes while
     * another purges. Purging caches that a
     * concurrent fold's op still used crashed the JVM (SIGSEGV in sd::DataBuffer::primary under execBroadcast;
     * seen twice in 'mvn verify', in EndToEndCalibrationTest and CalibrationScreenSetTest, both --threads 2; once
     * more on 2026-11-28 in CalibrationScreenSetTest while System.gc() still ran outside the lock, and again the
     * same day in mvn test: the collection every {@link #GC_EVERY_MINIBATCHES} minibatches still ran outside it).
     * Every explicit collection and purge goes through {@link #releaseNativeMemory(boolean)}.
     */
    private static final java.util.concurrent.locks.ReentrantReadWriteLock ND4J_CACHES =
            new java.util.concurrent.locks.ReentrantReadWriteLock();

    /** Frees the native memory of unreachable ND4J arrays and purges ND4J's caches (at the end of an epoch). */
    static void releaseNativeMemory() {
        releaseNativeMemory(true);
    }

    /**
     * A collection (and, if {@code purge}, a purge of ND4J's caches) while no fold computes: the read locks this
     * thread holds are given up for the write lock and taken back after.
     */
    static void releaseNativeMemory(boolean purge) {
        int held = ND4J_CACHES.getReadHoldCount();
        for (int i = 0; i < held; i++) ND4J_CACHES.readLock().unlock();
        ND4J_CACHES.writeLock().lock();
        try {
            // the collection too only while no fold computes: it lets javacpp free the native buffers of
            // unreachable arrays, and a concurrent op whose Java wrapper the JIT already considers dead could
            // still be reading one (the same SIGSEGV under execBroadcast recurred with System.gc() outside the lock)
            System.gc();
            if (purge) Nd4j.getMemoryManager().purgeCaches();
        } finally {
            ND4J_CACHES.writeLock().unlock();
            for (int i = 0; i < held; i++) ND4J_CACHES.readLock().lock();
        }
    }

    /** Returns {network, FoldResult, held-out logits, held-out indices}. */
    static Object[] trainFold(InputData data, int[] fold, int f, TrainOptions o) {
        ND4J_CACHES.readLock().lock();
        try {
            return trainFoldComputing(data, fold, f, o);
        } finally {
            ND4J_CACHES.readLock().unlock();
        }
    }

    private static Object[] trainFoldComputing(InputData data, int[] fold, int f, TrainOptions o) {
        long t0 = System.nanoTime();
        int n = data.n, d = data.d;
        int[] y = data.y;
        int[] train = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] >= 0 && fold[i] != f).toArray();
        int[] held = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] == f).toArray();
        boolean early = o.patience() > 0 && o.valFraction() > 0;
        int[][] split = Folds.innerSplit(train, y, early ? o.valFraction() : 0, Seeds.forFold(o.seed(), f, 1));
        int[] inner = split[0], val = split[1];
        int n1 = 0;
        for (int i : inner) n1 += y[i];
        int n0 = inner.length - n1;
        boolean weighted = o.balanced() && n1 != n0;
        float w1 = (float) (inner.length / (2.0 * n1)), w0 = (float) (inner.length / (2.0 * n0));
        double shift = weighted ? Math.log((double) n0 / n1) : 0.0; // weighted-loss logit minus prior-correct logit
        int[] dropped = data.foldDropped[f];

        long netSeed = Seeds.forFold(o.seed(), f, 2);
        Nd4j.getRandom().setSeed(netSeed);
        MultiLayerNetwork net = build(d, o, netSeed);
        if (dropped.length > 0) {
            INDArray w = net.getLayer(0).getParam("W");
            for (int r : dropped) w.getRow(r).assign(0);
        }
        Nd4j.getRandom().setSeed(Seeds.forFold(o.seed(), f, 3)); // dropout masks
        SplittableRandom shuf = new SplittableRandom(Seeds.forFold(o.seed(), f, 4));

        List<Double> trainCurve = new ArrayList<>();
        List<Double> valCurve = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        INDArray bestParams = null;
        int bs = Math.max(1, o.batchSize());
        float[] buf = new float[bs * d];
        float[] lab = new float[bs];
        float[] wts = new float[bs];
        int[] order = inner.clone();
        int epoch = 0;
        long minibatches = 0;
        for (epoch = 1; epoch <= o.epochs(); epoch++) {
            Folds.shuffle(order, shuf);
            double lossSum = 0;
            for (int s = 0; s < order.length; s += bs) {
                int m = Math.min(bs, order.length - s);
                for (int q = 0; q < m; q++) {
                    int i = order[s + q];
                    System.arraycopy(data.x, i * d, buf, q * d, d);
                    for (int r : dropped) buf[q * d + r] = 0f;
                    lab[q] = y[i];
                    wts[q] = y[i] == 1 ? w1 : w0;
                }
                INDArray fe = m == bs ? Nd4j.create(buf, new long[] {m, d}, DataType.FLOAT)
                        : Nd4j.create(Arrays.copyOf(buf, m * d), new long[] {m, d}, DataType.FLOAT);
                INDArray la = Nd4j.create(Arrays.copyOf(lab, m), new long[] {m, 1}, DataType.FLOAT);
                INDArray wm = weighted ? Nd4j.create(Arrays.copyOf(wts, m), new long[] {m, 1}, DataType.FLOAT) : null;
                net.fit(new DataSet(fe, la, null, wm));
                lossSum += net.score() * m;
                net.clear();
                fe.close();
                la.close();
                if (wm != null) wm.close();
                if (++minibatches % GC_EVERY_MINIBATCHES == 0) releaseNativeMemory(false);
                // between minibatches a fold waiting to collect may go first: it waits for one minibatch of this
                // fold, not for this fold's whole epoch (the folds then ran one epoch at a time, not side by side)
                ND4J_CACHES.readLock().unlock();
                ND4J_CACHES.readLock().lock();
            }
            trainCurve.add(lossSum / order.length);
            releaseNativeMemory();
            if (!early) continue;
            double[] vl = logits(net, data, val, dropped);
            double loss = 0;
            for (int q = 0; q < val.length; q++) loss += Logistic.bce(y[val[q]], vl[q] - shift);
            loss /= val.length;
            valCurve.add(loss);
            if (loss < best) {
                best = loss;
                bestEpoch = epoch;
                if (bestParams != null) bestParams.close();
                bestParams = net.params().dup();
            } else if (epoch - bestEpoch >= o.patience()) {
                break;
            }
        }
        int epochsRun = Math.min(epoch, o.epochs());
        if (bestParams != null) {
            net.setParams(bestParams);
            bestParams.close();
        } else {
            bestEpoch = epochsRun;
        }
        if (shift != 0) {
            INDArray b = net.getLayer(net.getnLayers() - 1).getParam("b");
            b.subi(shift);
        }
        double[] hl = logits(net, data, held, new int[0]);
        double secs = (System.nanoTime() - t0) / 1e9;
        Log.info("fold %d: %d epochs (best %d), %d train + %d validation samples, %.1f s", f, epochsRun, bestEpoch,
                inner.length, val.length, secs);
        FoldResult fr = new FoldResult(f, inner.length, val.length, held.length, epochsRun, bestEpoch,
                trainCurve.stream().mapToDouble(Double::doubleValue).toArray(),
                valCurve.stream().mapToDouble(Double::doubleValue).toArray(), shift, secs);
        return new Object[] {net, fr, hl, held};
    }

    /**
     * Logits (pre-sigmoid output) of {@code net} for the given sample rows, computed from the last hidden
     * layer's activations and the output layer's W and b (no float sigmoid round trip).
     */
    public static double[] logits(MultiLayerNetwork net, InputData data, int[] rows, int[] dropped) {
        int d = data.d;
        double[] out = new double[rows.length];
        for (int s = 0; s < rows.length; s += EVAL_CHUNK) {
            int m = Math.min(EVAL_CHUNK, rows.length - s);
            float[] buf = new float[m * d];
            for (int q = 0; q < m; q++) {
                System.arraycopy(data.x, rows[s + q] * d, buf, q * d, d);
                for (int r : dropped) buf[q * d + r] = 0f;
            }
            INDArray in = Nd4j.create(buf, new long[] {m, d}, DataType.FLOAT);
            double[] z = logits(net, in);
            System.arraycopy(z, 0, out, s, m);
            in.close();
        }
        return out;
    }

    /** Logits of {@code net} for an input matrix (rows = samples); the caller keeps ownership of {@code in}. */
    public static double[] logits(MultiLayerNetwork net, INDArray in) {
        int last = net.getnLayers() - 1;
        // no hidden layer (train --hidden 0): the output layer reads the inputs themselves
        List<INDArray> acts = last == 0 ? List.of(in) : net.feedForwardToLayer(last - 1, in, false);
        INDArray h = acts.get(acts.size() - 1);
        INDArray w = net.getLayer(last).getParam("W");
        INDArray b = net.getLayer(last).getParam("b");
        INDArray z = h.mmul(w).addiRowVector(b);
        double[] out = Arrays.copyOf(z.data().asDouble(), (int) z.length());
        IdentityHashMap<INDArray, Boolean> seen = new IdentityHashMap<>();
        seen.put(in, true);
        for (INDArray a : acts) {
            if (seen.put(a, true) == null && !a.isView()) a.close();
        }
        z.close();
        net.clear();
        return out;
    }
}
