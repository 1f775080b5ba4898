package org.assocnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.assocnet.cli.Main;

/** Runs the CLI in-process and snapshots directories, for the reliability tests. */
final class Cli {
    private Cli() {}

    record Result(int code, String err) {
        /** The error line ("assocnet STAGE: error: ..."), or "" when there is none. */
        String errorLine() {
            for (String l : err.split("\n")) if (l.startsWith("assocnet") && l.contains("error")) return l;
            return "";
        }

        /** Exit 2 with one error line that contains every fragment (file names, fields). */
        Result expectUserError(String... fragments) {
            assertEquals(2, code, "expected exit 2; stderr:\n" + err);
            String line = errorLine();
            assertTrue(line.contains(": error: "), "no one-line error in stderr:\n" + err);
            for (String f : fragments) assertTrue(line.contains(f), "error line should contain '" + f + "' but is: " + line);
            return this;
        }

        Result expectOk() {
            assertEquals(0, code, "expected exit 0; stderr:\n" + err);
            return this;
        }
    }

    static synchronized Result run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setErr(old);
        }
        String err = buf.toString();
        old.print(err);
        return new Result(code, err);
    }

    /**
     * Every path under {@code dir} (links not followed) with a digest of its content ("link -> target" for a link,
     * "dir" for a directory): two equal snapshots mean nothing in the tree changed.
     */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                out.put(dir.relativize(d).toString(), "dir");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                String v;
                if (Files.isSymbolicLink(f)) v = "link -> " + Files.readSymbolicLink(f);
                else if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) v = sha(Files.readAllBytes(f));
                else v = "other";
                out.put(dir.relativize(f).toString(), v);
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PID that no process holds: one of a process that has exited. */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
