package org.assocnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java heap too small for the input ends with exit 3 and one line (the pipeline retries exit 3 with more memory),
 * not a JVM stack trace and exit 1, and leaves no output: the pair scan's genotype planes of 3,000 x 16,000 (18 MB)
 * in a 16 MB heap.
 */
class OutOfMemoryTest {
    @TempDir Path dir;

    @Test
    void fullHeapIsExitThreeWithOneLineAndNoOutput() throws Exception {
        String sim = dir.resolve("s").toString();
        Cli.run("simulate", "--samples", "3000", "--variants", "16000", "--seed", "3", "--out", sim).expectOk();
        Cli.run("encode", "--vcf", sim + ".vcf.gz", "--pheno", sim + ".pheno.tsv", "--out", sim).expectOk();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "org.assocnet.cli.Main",
                "epistasis", "--cohort", sim, "--out", dir.resolve("e").toString()));
        Path log = dir.resolve("oom.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "run did not finish");
        String out = Files.readString(log);
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("assocnet epistasis: error: out of memory (") && out.contains("raise ASSOCNET_HEAP"), out);
        assertTrue(!out.contains("\tat "), "a stack trace was printed: " + out);
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("e.") || f.getFileName().toString().contains(".tmp")),
                    "outputs or temporaries left");
        }
    }
}
