package org.assocnet.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to a thread pool, with the task's own exception rethrown as if it ran here. */
public final class Tasks {
    private Tasks() {}

    /**
     * The task's result. A task that failed rethrows its exception: an IOException (also when wrapped in an
     * UncheckedIOException), a RuntimeException (so a UserException stays a user error) or an Error as it is;
     * any other checked exception wrapped in an IllegalStateException.
     */
    public static <T> T await(Future<T> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) throw u.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error er) throw er;
            throw new IllegalStateException(c);
        }
    }
}
