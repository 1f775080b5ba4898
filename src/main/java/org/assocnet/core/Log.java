package org.assocnet.core;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Minimal logging to stderr: results go to files, messages and progress go here. */
public final class Log {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static volatile boolean quiet;

    private Log() {}

    public static void setQuiet(boolean q) {
        quiet = q;
    }

    public static void info(String fmt, Object... args) {
        if (!quiet) System.err.println("[" + LocalTime.now().format(TIME) + "] " + String.format(fmt, args));
    }

    public static void warn(String fmt, Object... args) {
        System.err.println("[" + LocalTime.now().format(TIME) + "] WARNING: " + String.format(fmt, args));
    }

    /** Progress reporter that logs every {@code every} units and at most once every few seconds. */
    public static final class Progress {
        private final String what;
        private final long every;
        private final long start = System.nanoTime();
        private long next;
        private long lastLog = System.nanoTime();

        public Progress(String what, long every) {
            this.what = what;
            this.every = every;
            this.next = every;
        }

        public void tick(long done) {
            if (done < next) return;
            next = done + every;
            long now = System.nanoTime();
            if (now - lastLog < 2_000_000_000L) return;
            lastLog = now;
            double s = (now - start) / 1e9;
            info("%s: %,d done (%.1f s, %,.0f/s)", what, done, s, done / Math.max(s, 1e-9));
        }

        public void done(long total) {
            double s = (System.nanoTime() - start) / 1e9;
            info("%s: %,d done in %.1f s", what, total, s);
        }
    }
}
