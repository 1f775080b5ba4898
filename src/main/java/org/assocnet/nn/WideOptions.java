package org.assocnet.nn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assocnet.io.Json;

/**
 * Options of the wide network ({@code train --architecture wide}, the default; docs/train.md).
 *
 * @param pairs     interaction blocks per fold: the top pairs of the exhaustive scan on the fold's training samples
 * @param pairP     a pair is nominated only if its exact 3x3x2 interaction P on the training samples is at most this
 * @param alpha     elastic-net mixing of the variant terms' penalty (1 = lasso)
 * @param lambdas   penalties on the path, from the smallest that keeps every variant term at 0 down to
 *                  {@code lambdaRatio} of it; the one with the lowest validation loss is kept
 * @param lambdaRatio smallest penalty of the path relative to the largest
 * @param maxPairVariants the scan is skipped (no pair blocks, with a warning) above this many variants
 * @param keepAllPairs every nominated pair keeps its block, without the validation gate (calibration studies of the
 *                  pair test: under the null the gate leaves almost no block to test)
 */
public record WideOptions(int pairs, double pairP, double alpha, int lambdas, double lambdaRatio, int maxPairVariants,
        boolean keepAllPairs) {
    public static WideOptions defaults() {
        return new WideOptions(10, 1e-6, 0.95, 40, 0.01, 60_000, false);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("pairs", pairs);
        o.put("pairP", pairP);
        o.put("alpha", alpha);
        o.put("lambdas", lambdas);
        o.put("lambdaRatio", lambdaRatio);
        o.put("maxPairVariants", maxPairVariants);
        o.put("keepAllPairs", keepAllPairs);
        return o;
    }
}
