package org.assocnet.core;

/**
 * The input needs more memory than the stage may use (--max-memory or the Java heap): exit 3, like a full heap,
 * so that the pipeline retries the task with more memory instead of stopping as for bad input.
 */
public class MemoryLimitException extends UserException {
    public MemoryLimitException(String message) {
        super(message);
    }
}
