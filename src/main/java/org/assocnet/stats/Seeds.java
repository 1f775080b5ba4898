package org.assocnet.stats;

/** Seeds derived from a run's seed, so that every random draw is reproducible and independent of thread count. */
public final class Seeds {
    private Seeds() {}

    /** A seed for (run seed, matrix column, fold, draw): SplitMix64 finaliser over the combined words (attribute). */
    public static long forDraw(long seed, long column, long fold, long draw) {
        long h = seed;
        for (long v : new long[] {column, fold, draw}) {
            h = (h ^ v) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        return h;
    }

    /** SplitMix64 of (seed, fold, stream): independent, reproducible seeds per fold and purpose (train). */
    public static long forFold(long seed, int fold, int stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (1 + fold * 8L + stream);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
