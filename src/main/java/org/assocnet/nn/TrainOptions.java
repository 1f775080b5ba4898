package org.assocnet.nn;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assocnet.io.Json;

/**
 * Hyperparameters of {@code assocnet train} (defaults and their justification in docs/train.md).
 *
 * @param hidden       sizes of the dense ReLU layers, input side first
 * @param epochs       maximum number of epochs per fold
 * @param batchSize    minibatch size
 * @param learningRate Adam step size
 * @param l1           L1 penalty on the first layer's weights (input selection; adds l1 * sign(w) to the gradient)
 * @param l2           L2 penalty coefficient on weights (DL4J {@code l2}: adds l2 * w to the gradient)
 * @param dropout      probability of dropping a hidden unit's activation during training (0 = off)
 * @param patience     early stopping: stop after this many epochs without a lower validation loss (0 = off)
 * @param valFraction  fraction of each class in the training folds held back for early stopping
 * @param folds        K of the cross-fitting
 * @param seed         seed of every random draw (folds, splits, initialisation, shuffling, dropout)
 * @param threads      folds trained concurrently (results do not depend on it)
 * @param maxVariants  screening bound: with more variants, keep this many per fold by the trend statistic
 * @param maxMemoryMb  bound on the in-memory input matrix, in MB
 * @param balanced     weight the classes equally in the loss (and shift the output bias back afterwards)
 */
public record TrainOptions(
        int[] hidden,
        int epochs,
        int batchSize,
        double learningRate,
        double l1,
        double l2,
        double dropout,
        int patience,
        double valFraction,
        int folds,
        long seed,
        int threads,
        int maxVariants,
        long maxMemoryMb,
        boolean balanced) {

    /** The defaults (also the CLI's). */
    public static TrainOptions defaults() {
        return new TrainOptions(new int[] {64}, 200, 64, 1e-3, 1e-2, 1e-2, 0.2, 10, 0.15, 5, 1, 1, 20000, 2048, true);
    }

    public TrainOptions withSeed(long s) {
        return new TrainOptions(hidden, epochs, batchSize, learningRate, l1, l2, dropout, patience, valFraction, folds, s,
                threads, maxVariants, maxMemoryMb, balanced);
    }

    public TrainOptions withThreads(int t) {
        return new TrainOptions(hidden, epochs, batchSize, learningRate, l1, l2, dropout, patience, valFraction, folds, seed,
                t, maxVariants, maxMemoryMb, balanced);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        ArrayNode h = o.putArray("hidden");
        for (int v : hidden) h.add(v);
        o.put("epochs", epochs);
        o.put("batchSize", batchSize);
        o.put("learningRate", learningRate);
        o.put("l1", l1);
        o.put("l2", l2);
        o.put("dropout", dropout);
        o.put("patience", patience);
        o.put("valFraction", valFraction);
        o.put("folds", folds);
        o.put("seed", seed);
        o.put("threads", threads);
        o.put("maxVariants", maxVariants);
        o.put("maxMemoryMb", maxMemoryMb);
        o.put("classWeight", balanced ? "balanced" : "none");
        return o;
    }
}
