package org.assocnet.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.assocnet.io.Json;
import org.assocnet.report.Synthetic;
import org.assocnet.io.TsvTable;
import org.assocnet.stats.MultipleTesting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeCommandTest {
    @TempDir static Path tmp;
    static Path whole;

    @BeforeAll
    static void data() throws Exception {
        whole = tmp.resolve("whole");
        Synthetic.write(whole, 2400, 3, 11);
    }

    /** Splits a table into k chunks of interleaved, shuffled rows (as if chunks were arbitrary regions). */
    static List<Path> split(Path table, int k, String tag, long seed) throws Exception {
        List<String> lines = Files.readAllLines(table);
        String header = lines.get(0);
        List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(rows, new Random(seed));
        List<Path> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<String> part = new ArrayList<>(List.of(header));
            for (int i = c; i < rows.size(); i += k) {
                String[] f = rows.get(i).split("\t", -1);
                f[f.length - (table.toString().endsWith("nn.tsv") ? 5 : 1)] = "0.999"; // stale per-chunk q-values
                part.add(String.join("\t", f));
            }
            Path p = tmp.resolve(tag + "-chunk" + c + (table.toString().endsWith("nn.tsv") ? ".nn.tsv" : ".glm.tsv"));
            Files.write(p, part);
            out.add(p);
        }
        return out;
    }

    static int run(String... args) {
        return Main.run(args);
    }

    static List<String> args(String flag, List<Path> files) {
        List<String> a = new ArrayList<>();
        a.add(flag);
        files.forEach(f -> a.add(f.toString()));
        return a;
    }

    @Test
    void oneChunkAndManyChunksGiveIdenticalOutput() throws Exception {
        Path glm = Path.of(whole + ".glm.tsv"), nn = Path.of(whole + ".nn.tsv");
        List<String> a1 = new ArrayList<>(List.of("merge", "--out", tmp.resolve("one").toString()));
        a1.addAll(args("--glm", List.of(glm)));
        a1.addAll(args("--nn", List.of(nn)));
        assertEquals(0, run(a1.toArray(String[]::new)));
        List<String> a5 = new ArrayList<>(List.of("merge", "--out", tmp.resolve("five").toString()));
        a5.addAll(args("--glm", split(glm, 5, "g", 1)));
        a5.addAll(args("--nn", split(nn, 4, "n", 2)));
        assertEquals(0, run(a5.toArray(String[]::new)));
        for (String ext : new String[] {".glm.tsv", ".nn.tsv"}) {
            byte[] one = Files.readAllBytes(tmp.resolve("one" + ext));
            byte[] five = Files.readAllBytes(tmp.resolve("five" + ext));
            assertArrayEquals(one, five, ext + " differs between 1 and 5 chunks");
        }
        // the single sorted input comes back byte for byte (its Q columns were computed genome-wide already)
        assertArrayEquals(Files.readAllBytes(glm), Files.readAllBytes(tmp.resolve("one.glm.tsv")));
        JsonNode j1 = Json.read(tmp.resolve("one.merge.json")), j5 = Json.read(tmp.resolve("five.merge.json"));
        assertEquals(j1.at("/glm/lambda/P").asDouble(), j5.at("/glm/lambda/P").asDouble(), 0);
        assertEquals(5, j5.at("/glm/chunks").size());
        assertEquals(2400, j5.at("/glm/rows").asInt());
    }

    @Test
    void qValuesAndLambdaAreRecomputedGenomeWide() throws Exception {
        Path glm = Path.of(whole + ".glm.tsv");
        List<Path> chunks = split(glm, 3, "q", 3);
        List<String> a = new ArrayList<>(List.of("merge", "--out", tmp.resolve("q").toString()));
        a.addAll(args("--glm", chunks));
        assertEquals(0, run(a.toArray(String[]::new)));
        List<Double> p = new ArrayList<>(), q = new ArrayList<>();
        String prevChrom = null;
        long prevPos = -1;
        try (TsvTable.Reader r = new TsvTable.Reader(tmp.resolve("q.glm.tsv"))) {
            int pi = r.header().require("P"), qi = r.header().require("Q_BH");
            for (TsvTable.Row row : r) {
                p.add(row.num(pi));
                q.add(row.num(qi));
                String c = row.get(0);
                long pos = row.integer(1);
                if (c.equals(prevChrom)) assertTrue(pos >= prevPos, "sorted by position");
                prevChrom = c;
                prevPos = pos;
            }
        }
        double[] pa = p.stream().mapToDouble(Double::doubleValue).toArray();
        double[] expect = MultipleTesting.benjaminiHochberg(pa);
        for (int i = 0; i < pa.length; i++) assertEquals(TsvTable.fmt(expect[i]), TsvTable.fmt(q.get(i)));
        assertTrue(q.stream().anyMatch(v -> v < 0.999), "stale chunk q-values were replaced");
        JsonNode j = Json.read(tmp.resolve("q.merge.json"));
        assertEquals(MultipleTesting.genomicControlLambda(pa), j.at("/glm/lambda/P").asDouble(), 1e-12);
    }

    @Test
    void encodeCountsAreSummedAndTrainMetricsCopied() throws Exception {
        Path e1 = tmp.resolve("e1.encode.json"), e2 = tmp.resolve("e2.encode.json");
        // encode.json layout of the encode stage (EncodeRun.summary), two chunks of the same 100 samples
        Files.writeString(e1, "{\"seed_note\":\"n/a\",\"parameters\":{\"mac\":5},\"samples\":{\"kept\":100,\"cases\":40,\"controls\":60,"
                + "\"call_rate_pass\":{\"variants_counted\":12}},\"variants\":{\"kept\":10,\"dropped\":{\"maf\":2}}}");
        Files.writeString(e2, "{\"seed_note\":\"n/a\",\"parameters\":{\"mac\":5},\"samples\":{\"kept\":100,\"cases\":40,\"controls\":60,"
                + "\"call_rate_pass\":{\"variants_counted\":19}},\"variants\":{\"kept\":15,\"dropped\":{\"maf\":3,\"hwe\":1}}}");
        assertEquals(0, run("merge", "--glm", whole + ".glm.tsv", "--encode", e1.toString(), e2.toString(),
                "--train", whole + ".train.json", "--out", tmp.resolve("e").toString()));
        JsonNode j = Json.read(tmp.resolve("e.merge.json"));
        assertEquals(25, j.at("/encode/summed/variants.kept").asInt());
        assertEquals(5, j.at("/encode/summed/variants.dropped.maf").asInt());
        assertEquals(1, j.at("/encode/summed/variants.dropped.hwe").asInt());
        assertEquals(31, j.at("/encode/summed/samples.call_rate_pass.variants_counted").asInt());
        assertTrue(j.at("/encode/summed/parameters.mac").isMissingNode(), "parameters are not counts");
        assertEquals(100, j.at("/encode/samples/samples.kept").asInt(), "sample counts are not summed over chunks");
        assertEquals(40, j.at("/encode/samples/samples.cases").asInt());
        assertTrue(j.at("/encode/sample_count_conflicts").isMissingNode());
        assertEquals(0.64, j.at("/train/0/metrics/pooled/auc").asDouble(), 0);
        assertEquals(2400, j.at("/train/0/metrics/variants").asInt());
        assertEquals(5, j.at("/train/0/metrics/folds").size());
        assertTrue(j.at("/train/0/metrics/folds/0/trainLoss").isMissingNode(), "curves stay in train.json");
        // GWAS-SSF of the merged table, metadata naming the final file with the encode sample counts
        Path ssf = tmp.resolve("e.glm.ssf.tsv");
        assertEquals(2401, Files.readAllLines(ssf).size());
        String meta = Files.readString(tmp.resolve("e.glm.ssf.tsv-meta.yaml"));
        assertTrue(meta.contains("data_file_name: \"e.glm.ssf.tsv\""), meta);
        assertTrue(meta.contains("sample_size: 100") && meta.contains("case_count: 40") && meta.contains("control_count: 60"), meta);
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(ssf)));
        assertTrue(meta.contains("data_file_md5sum: " + md5), meta);
    }

    static String stderrOf(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setErr(new PrintStream(b, true));
        try {
            assertEquals(2, run(args));
        } finally {
            System.setErr(old);
        }
        return b.toString();
    }

    @Test
    void badInputIsAUserErrorNamingFileLineAndFieldAndLeavesNoOutput() throws Exception {
        Path glm = Path.of(whole + ".glm.tsv");
        List<String> lines = Files.readAllLines(glm);
        // mismatched header
        Path other = tmp.resolve("other.glm.tsv");
        Files.write(other, List.of(lines.get(0).replace("\tZ_STAT", "\tT_STAT"), lines.get(1).replace("\t", "\t")));
        Path out = tmp.resolve("bad");
        String err = stderrOf("merge", "--glm", glm.toString(), other.toString(), "--out", out.toString());
        assertTrue(err.contains(other + ":1: field 'T_STAT': column 18 should be 'Z_STAT' as in " + glm), err);
        // missing P column
        Path noP = tmp.resolve("nop.glm.tsv");
        Files.write(noP, List.of(lines.get(0).replace("\tP\t", "\tPVAL\t"), lines.get(1)));
        err = stderrOf("merge", "--glm", noP.toString(), "--out", out.toString());
        assertTrue(err.contains(noP + ":1: field 'P': required column is missing"), err);
        // duplicate variant row across chunks
        Path dup = tmp.resolve("dup.glm.tsv");
        Files.write(dup, List.of(lines.get(0), lines.get(5)));
        err = stderrOf("merge", "--glm", glm.toString(), dup.toString(), "--out", out.toString());
        assertTrue(err.contains(dup + ":2: duplicate variant row") && err.contains("(also at " + glm + ":6)"), err);
        // p-value out of range
        Path badP = tmp.resolve("badp.glm.tsv");
        String[] f = lines.get(1).split("\t");
        f[18] = "1.5";
        Files.write(badP, List.of(lines.get(0), String.join("\t", f)));
        err = stderrOf("merge", "--glm", badP.toString(), "--out", out.toString());
        assertTrue(err.contains(badP + ":2: field 'P': p-value outside [0, 1]: 1.5"), err);
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("bad.") || p.getFileName().toString().startsWith(".bad.")),
                    "no output left behind");
        }
    }

    @Test
    void newColumnsFlowThrough() throws Exception {
        Path glm = Path.of(whole + ".glm.tsv");
        List<String> lines = Files.readAllLines(glm);
        List<String> extended = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) extended.add(lines.get(i) + "\t" + (i == 0 ? "EXTRA" : "x" + i));
        Path x = tmp.resolve("x.glm.tsv");
        Files.write(x, extended);
        assertEquals(0, run("merge", "--glm", x.toString(), "--out", tmp.resolve("xm").toString()));
        List<String> out = Files.readAllLines(tmp.resolve("xm.glm.tsv"));
        assertTrue(out.get(0).endsWith("\tQ_BH\tEXTRA"));
        assertEquals(Arrays.asList(extended.get(1).split("\t")), Arrays.asList(out.get(1).split("\t")));
    }
}
