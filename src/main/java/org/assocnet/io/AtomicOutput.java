package org.assocnet.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;

/**
 * Outputs of one stage, written under temporary names and renamed into place only when the whole stage
 * succeeded: a killed or failed run never leaves a truncated file that looks finished.
 * Use in try-with-resources; call {@link #commit()} at the end of a successful run.
 *
 * <p>Replacing never touches anything the tool did not write: links are never followed (a symbolic link at an
 * output name is replaced by the output, what it points to is left alone); a real directory at an output name is
 * replaced only when it is an output directory this class wrote (its {@link #MARKER} file lists what it wrote)
 * and holds nothing else; anything else is refused with a
 * {@link UserException} before the stage does its work. Temporary files {@code .NAME.tmpPID} left by a killed
 * run (PID no longer alive) are removed when the same output is written again.
 */
public final class AtomicOutput implements AutoCloseable {
    /** Written into every output directory; marks it as replaceable by a later run. */
    public static final String MARKER = ".assocnet-output";
    private static final Pattern TMP = Pattern.compile("\\.(.+)\\.tmp(\\d+)");

    private final List<Path[]> pending = new ArrayList<>();
    private boolean committed;

    /**
     * Returns the temporary path to write instead of {@code target}. Refuses (exit 2) a target that is a
     * directory the tool did not write, and removes stale temporaries of the same target left by killed runs.
     */
    public Path temp(Path target) {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        checkReplaceable(abs);
        cleanStale(parent, abs.getFileName().toString());
        Path tmp = parent.resolve("." + abs.getFileName() + ".tmp" + ProcessHandle.current().pid());
        pending.add(new Path[] {tmp, abs});
        return tmp;
    }

    /**
     * Checks output names before a long stage starts (the same check {@link #temp} makes), so a run that would be
     * refused at the end is refused at once.
     */
    public static void precheck(Path... targets) {
        for (Path t : targets) checkReplaceable(t.toAbsolutePath());
    }

    public void commit() throws IOException {
        for (Path[] p : pending) {
            Path tmp = p[0], target = p[1];
            boolean tmpIsDir = Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS);
            if (tmpIsDir) writeMarker(tmp);
            checkReplaceable(target);
            if (Files.isSymbolicLink(target)) {
                Files.delete(target); // the link itself, never what it points to
            } else if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(target); // checked above: an output directory of ours holding only our kind of files
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        committed = true;
    }

    /**
     * A real directory at {@code target} may be replaced only if it is empty, or holds the {@link #MARKER} and
     * nothing but regular files that the marker lists (the files a run of this tool wrote there).
     */
    static void checkReplaceable(Path target) {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) return; // absent, a file or a link: replaced as such
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target)) {
            ds.forEach(entries::add);
        } catch (IOException e) {
            throw new UserException(target + ": an output name is a directory that cannot be read (" + e.getMessage()
                    + "); remove it or choose another output prefix");
        }
        if (entries.isEmpty()) return;
        Path marker = target.resolve(MARKER);
        Set<String> owned = new HashSet<>();
        if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            try {
                for (String l : Files.readAllLines(marker)) if (!l.startsWith("#")) owned.add(l);
            } catch (IOException e) {
                owned.clear();
            }
            owned.add(MARKER);
        } else {
            throw new UserException(target + ": an output name is an existing directory that assocnet did not write (holds '"
                    + entries.get(0).getFileName() + "'); remove it or choose another output prefix");
        }
        for (Path e : entries) {
            String name = e.getFileName().toString();
            if (!Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS) || !owned.contains(name)) {
                throw new UserException(target + ": the existing output directory holds '" + name
                        + "', which assocnet did not write there; move it away or choose another output prefix");
            }
        }
    }

    /** Lists the entries of a new output directory in its {@link #MARKER}. */
    private static void writeMarker(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("# written by assocnet: the next run with the same output prefix replaces these files\n");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            List<String> names = new ArrayList<>();
            for (Path e : ds) names.add(e.getFileName().toString());
            names.sort(null);
            for (String n : names) sb.append(n).append('\n');
        }
        Files.writeString(dir.resolve(MARKER), sb.toString());
    }

    /** Removes {@code .NAME.tmpPID} left in {@code dir} by runs whose process is gone. */
    static void cleanStale(Path dir, String name) {
        String prefix = "." + name + ".tmp";
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : ds) {
                Matcher m = TMP.matcher(p.getFileName().toString());
                if (!m.matches() || !m.group(1).equals(name)) continue;
                long pid;
                try {
                    pid = Long.parseLong(m.group(2));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == self || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                try {
                    deleteTree(p);
                    Log.info("removed %s, left by an interrupted run (process %d)", p, pid);
                } catch (IOException e) {
                    Log.warn("could not remove %s, left by an interrupted run: %s", p, e.getMessage());
                }
            }
        } catch (IOException e) {
            // an unreadable output directory fails later, when the output is written, with the file named
        }
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

    /** Deletes a file, link or directory tree; never follows symbolic links (a link is deleted, not its target). */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
                for (Path c : s) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }
}
