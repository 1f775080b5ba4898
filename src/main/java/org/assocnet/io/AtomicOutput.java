package org.assocnet.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Outputs of one stage, written under temporary names and renamed into place only when the whole stage
 * succeeded: a killed or failed run never leaves a truncated file that looks finished.
 * Use in try-with-resources; call {@link #commit()} at the end of a successful run.
 */
public final class AtomicOutput implements AutoCloseable {
    private final List<Path[]> pending = new ArrayList<>();
    private boolean committed;

    /** Returns the temporary path to write instead of {@code target}. */
    public Path temp(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp" + ProcessHandle.current().pid());
        pending.add(new Path[] {tmp, target});
        return tmp;
    }

    public void commit() throws IOException {
        for (Path[] p : pending) {
            if (Files.isDirectory(p[1])) deleteTree(p[1]);
            Files.move(p[0], p[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        committed = true;
    }

    @Override
    public void close() {
        if (committed) return;
        for (Path[] p : pending) {
            try {
                deleteTree(p[0]);
            } catch (IOException ignored) {
                // best effort clean-up of our own temporary files
            }
        }
    }

    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        if (Files.isDirectory(p)) {
            try (var s = Files.list(p)) {
                for (Path c : (Iterable<Path>) s::iterator) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }
}
