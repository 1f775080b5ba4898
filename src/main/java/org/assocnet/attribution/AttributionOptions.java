package org.assocnet.attribution;

import org.assocnet.core.UserException;

/** Options of one attribution run. */
public record AttributionOptions(int draws, long seed, int threads, int igSteps, boolean foldCorrelation, boolean conditional,
        int condWindow) {
    public static final int DEFAULT_COND_WINDOW = 5;

    public AttributionOptions(int draws, long seed, int threads, int igSteps) {
        this(draws, seed, threads, igSteps, true);
    }

    public AttributionOptions(int draws, long seed, int threads, int igSteps, boolean foldCorrelation) {
        this(draws, seed, threads, igSteps, foldCorrelation, false, DEFAULT_COND_WINDOW);
    }

    public AttributionOptions {
        if (draws < 1) throw new UserException("permutation draws must be >= 1 (got " + draws + ")");
        if (threads < 1) throw new UserException("threads must be >= 1 (got " + threads + ")");
        if (igSteps < 1) throw new UserException("Integrated Gradients steps must be >= 1 (got " + igSteps + ")");
        if (condWindow < 0) throw new UserException("the conditional window must be >= 0 (got " + condWindow + ")");
    }

    /** The same options with the conditional null mode (STATISTICS.md 4, "Conditional mode") and window W. */
    public AttributionOptions conditional(int window) {
        return new AttributionOptions(draws, seed, threads, igSteps, foldCorrelation, true, window);
    }
}
