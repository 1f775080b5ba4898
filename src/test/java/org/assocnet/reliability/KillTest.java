package org.assocnet.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assocnet.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of encode, glm and train in the middle of their work (in a child JVM), then a rerun with the same
 * options: the rerun's outputs must be byte-identical to an uninterrupted run's (JSON summaries compared without
 * their timings), the killed run must have left no final output, and the rerun must have removed its temporaries.
 */
class KillTest {
    @TempDir
    static Path dir;
    static String sim;

    @BeforeAll
    static void simulate() {
        sim = dir.resolve("s").toString();
        // large enough that each stage is still running 300 ms after its marker line (encode of 4,000 variants
        // finished within that once glm/encode start-up got faster)
        Cli.run("simulate", "--samples", "2000", "--variants", "16000", "--seed", "7", "--out", sim).expectOk();
    }

    static Process start(Path cwd, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        cmd.add("org.assocnet.cli.Main");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void runToEnd(Path cwd, String... args) throws Exception {
        Path log = cwd.resolve("run-" + System.nanoTime() + ".log");
        Process p = start(cwd, log, args);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "run did not finish");
        assertEquals(0, p.exitValue(), Files.readString(log));
        Files.delete(log);
    }

    /** Starts a run, waits until its log shows {@code marker} (work under way), waits {@code delayMs} more, kills it with SIGKILL. */
    static void killMidRun(Path cwd, String marker, long delayMs, String... args) throws Exception {
        Path log = cwd.resolve("killed.log");
        Process p = start(cwd, log, args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(log) && Files.readString(log).contains(marker))) {
            assertTrue(p.isAlive(), "finished before it could be killed:\n" + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "no '" + marker + "' in the log");
            Thread.sleep(20);
        }
        Thread.sleep(delayMs);
        assertTrue(p.isAlive(), "finished before it could be killed; make the workload larger:\n" + Files.readString(log));
        Runtime.getRuntime().exec(new String[] {"kill", "-9", Long.toString(p.pid())}).waitFor();
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        Files.delete(log);
    }

    /** Relative path -> bytes of every output under {@code d} ({@code .json} without timings), ignoring logs. */
    static Map<String, byte[]> outputs(Path d, String prefix) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(d)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String rel = d.relativize(f).toString();
                if (!rel.startsWith(prefix + ".")) continue;
                byte[] b = Files.readAllBytes(f);
                if (rel.endsWith(".json")) b = Json.mapper().writeValueAsBytes(withoutTimings(Json.mapper().readTree(b)));
                out.put(rel, b);
            }
        }
        return out;
    }

    static JsonNode withoutTimings(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                String l = k.toLowerCase();
                if (l.contains("second") || l.contains("timing") || l.contains("peakrss") || l.contains("persecond")) it.remove();
                else withoutTimings(o.get(k));
            }
        } else if (n != null && n.isArray()) {
            n.forEach(KillTest::withoutTimings);
        }
        return n;
    }

    static void assertSameOutputs(Path clean, Path rerun, String prefix) throws IOException {
        Map<String, byte[]> a = outputs(clean, prefix), b = outputs(rerun, prefix);
        assertEquals(a.keySet(), b.keySet());
        assertFalse(a.isEmpty());
        for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), k + " differs between the uninterrupted run and the rerun");
        try (Stream<Path> s = Files.list(rerun)) {
            List<String> tmp = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("." + prefix + ".")).toList();
            assertTrue(tmp.isEmpty(), "temporaries left after the rerun: " + tmp);
        }
    }

    static void assertNoFinalOutput(Path d, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            List<String> fin = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix + ".")).toList();
            assertTrue(fin.isEmpty(), "a killed run left final outputs: " + fin);
        }
        try (Stream<Path> s = Files.list(d)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("." + prefix + ".")),
                    "the kill should have caught the run while it wrote its temporaries");
        }
    }

    @Test
    void killedRunsRerunToByteIdenticalOutputs() throws Exception {
        Path clean = Files.createDirectories(dir.resolve("clean")), killed = Files.createDirectories(dir.resolve("killed"));
        String[] encode = {"encode", "--vcf", sim + ".vcf.gz", "--pheno", sim + ".pheno.tsv", "--covar", sim + ".covar.tsv",
            "--progress-every", "200", "--out", "c"};
        String[] glm = {"glm", "--cohort", "c", "--threads", "1", "--out", "g"};
        String[] train = {"train", "--architecture", "mlp", "--cohort", "c", "--out", "m", "--folds", "2", "--hidden", "8", "--epochs", "15", "--patience", "0",
            "--val-fraction", "0", "--max-variants", "2000"};

        runToEnd(clean, encode);
        runToEnd(clean, glm);
        runToEnd(clean, train);

        // encode: killed while writing the matrix (its temporary exists), then rerun
        killMidRun(killed, "reading ", 300, encode);
        assertNoFinalOutput(killed, "c");
        runToEnd(killed, encode);
        assertSameOutputs(clean, killed, "c");

        // glm: killed while fitting (before its outputs exist), then rerun
        killMidRun(killed, "glm: ", 300, glm);
        runToEnd(killed, glm);
        assertSameOutputs(clean, killed, "g");

        // train: killed while training the folds, then rerun
        killMidRun(killed, "train: ", 1500, train);
        runToEnd(killed, train);
        assertSameOutputs(clean, killed, "m");
    }
}
