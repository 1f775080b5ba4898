package org.assocnet.reliability;

import static org.assocnet.reliability.Cli.run;
import static org.assocnet.reliability.Cli.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assocnet.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per defect of issue 15 (a fuzz sweep of hostile inputs): each asserts the exit code, the one-line
 * message naming the file, and that nothing outside the tool's own outputs changed. Inputs are a small simulated
 * cohort (300 samples x 200 variants) and hand-written VCFs.
 */
class ReliabilityTest {
    @TempDir
    static Path shared;

    static String sim; // simulate prefix: sim.vcf.gz, sim.pheno.tsv, sim.covar.tsv
    static String cohort; // encoded cohort prefix
    static Path model; // trained model directory

    static final String[] FAST_TRAIN = {"--architecture", "mlp", "--folds", "2", "--hidden", "4", "--epochs", "3", "--patience", "0", "--val-fraction", "0"};

    @BeforeAll
    static void cohort() throws Exception {
        sim = shared.resolve("s").toString();
        run("simulate", "--samples", "300", "--variants", "200", "--seed", "3", "--out", sim).expectOk();
        cohort = shared.resolve("c").toString();
        run("encode", "--vcf", sim + ".vcf.gz", "--pheno", sim + ".pheno.tsv", "--covar", sim + ".covar.tsv", "--out", cohort).expectOk();
        run(train(cohort, shared.resolve("m").toString())).expectOk();
        model = shared.resolve("m.model");
    }

    static String[] train(String c, String out, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("train", "--cohort", c, "--out", out));
        a.addAll(List.of(FAST_TRAIN));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    /** Copies the cohort's four files to dir/NAME.*; returns the new prefix. */
    static String copyCohort(Path dir, String name) throws IOException {
        for (String ext : List.of(".cohort.bin", ".samples.tsv", ".variants.tsv", ".encode.json")) {
            Files.copy(Path.of(cohort + ext), dir.resolve(name + ext));
        }
        return dir.resolve(name).toString();
    }

    static Path write(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardCharsets.UTF_8);
        return p;
    }

    // ---- 1: data outside the outputs is never deleted; stale temporaries are cleaned

    @Test
    void d01_symlinkToDirectoryAtOutputNameIsReplacedNotFollowed(@TempDir Path dir) throws Exception {
        Path victim = Files.createDirectories(dir.resolve("victim"));
        write(victim.resolve("precious.txt"), "keep me\n");
        Files.createDirectories(victim.resolve("sub"));
        write(victim.resolve("sub/also.txt"), "and me\n");
        Map<String, String> before = snapshot(victim);
        Files.createSymbolicLink(dir.resolve("g.glm.json"), victim);
        Files.createSymbolicLink(dir.resolve("m.model"), victim);
        run("glm", "--cohort", cohort, "--out", dir.resolve("g").toString()).expectOk();
        run(train(cohort, dir.resolve("m").toString())).expectOk();
        assertEquals(before, snapshot(victim), "the folder behind the links must be untouched");
        assertTrue(Files.isRegularFile(dir.resolve("g.glm.json"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(dir.resolve("m.model"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void d01_realFolderAtOutputNameIsRefused(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("g.glm.json"));
        write(folder.resolve("notes.txt"), "mine\n");
        Path m = Files.createDirectories(dir.resolve("m.model"));
        write(m.resolve("thesis.tex"), "mine too\n");
        Map<String, String> before = snapshot(dir);
        run("glm", "--cohort", cohort, "--out", dir.resolve("g").toString()).expectUserError(folder.toString(), "did not write");
        run(train(cohort, dir.resolve("m").toString())).expectUserError(m.toString(), "did not write");
        assertEquals(before, snapshot(dir), "a refused run changes nothing");
    }

    @Test
    void d01_ownModelFolderIsReplacedButNotWithForeignFiles(@TempDir Path dir) throws Exception {
        String out = dir.resolve("m").toString();
        run(train(cohort, out)).expectOk();
        run("train", "--architecture", "mlp", "--cohort", cohort, "--out", out, "--folds", "3", "--hidden", "4", "--epochs", "2", "--patience", "0",
                "--val-fraction", "0").expectOk(); // replaces its own output (fold-2.zip is new)
        assertTrue(Files.exists(dir.resolve("m.model/fold-2.zip")));
        write(dir.resolve("m.model/my-notes.txt"), "mine\n");
        Map<String, String> before = snapshot(dir);
        run(train(cohort, out)).expectUserError("m.model", "my-notes.txt");
        assertEquals(before, snapshot(dir));
    }

    @Test
    void d01_staleTemporariesOfTheSameOutputAreCleaned(@TempDir Path dir) throws Exception {
        long dead = Cli.deadPid();
        Path staleFile = write(dir.resolve(".g.glm.tsv.tmp" + dead), "half-written");
        Path staleDir = Files.createDirectories(dir.resolve(".m.model.tmp" + dead));
        write(staleDir.resolve("fold-0.zip"), "half");
        Path otherOutput = write(dir.resolve(".x.glm.tsv.tmp" + dead), "another output's: not ours to clean");
        Path alive = write(dir.resolve(".g.glm.json.tmp" + ProcessHandle.current().parent().orElseThrow().pid()), "a live run's");
        run("glm", "--cohort", cohort, "--out", dir.resolve("g").toString()).expectOk();
        run(train(cohort, dir.resolve("m").toString())).expectOk();
        assertFalse(Files.exists(staleFile));
        assertFalse(Files.exists(staleDir));
        assertTrue(Files.exists(otherOutput));
        assertTrue(Files.exists(alive), "a temporary of a live process is left alone");
    }

    // ---- 2: the cohort checksum is verified on open, in every stage

    @Test
    void d02_flippedGenotypeByteIsCaughtByEveryStage(@TempDir Path dir) throws Exception {
        String c = copyCohort(dir, "c");
        Path bin = Path.of(c + ".cohort.bin");
        try (RandomAccessFile f = new RandomAccessFile(bin.toFile(), "rw")) {
            long off = 64 + 300L * 17 + 5; // variant 18, sample 6
            f.seek(off);
            int v = f.read();
            f.seek(off);
            f.write(v == 0 ? 1 : 0); // a valid-looking genotype: only the checksum can tell
        }
        Map<String, String> before = snapshot(dir);
        run("glm", "--cohort", c, "--out", dir.resolve("g").toString()).expectUserError(bin.toString(), "checksum");
        run(train(c, dir.resolve("m").toString())).expectUserError(bin.toString(), "checksum");
        run("attribute", "--cohort", c, "--model", model.toString(), "--out", dir.resolve("a").toString(), "--draws", "2")
                .expectUserError(bin.toString(), "checksum");
        assertEquals(before, snapshot(dir));
    }

    // ---- 3: a model is never applied to another cohort

    @Test
    void d03_modelFromAnotherCohortIsRefused(@TempDir Path dir) throws Exception {
        String other = dir.resolve("maf").toString();
        run("encode", "--vcf", sim + ".vcf.gz", "--pheno", sim + ".pheno.tsv", "--covar", sim + ".covar.tsv", "--maf", "0.2",
                "--out", other).expectOk();
        Map<String, String> before = snapshot(dir);
        run("attribute", "--cohort", other, "--model", model.toString(), "--out", dir.resolve("a").toString(), "--draws", "2")
                .expectUserError(model.toString(), "trained on another cohort", "variant");
        assertEquals(before, snapshot(dir));
    }

    // ---- 4: UTF-8 sample names; other encodings are an error naming the line

    static final String VCF_HEAD = "##fileformat=VCFv4.2\n##contig=<ID=1,length=1000000>\n"
            + "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
            + "##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"ALT dosage\">\n"
            + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT";

    static String vcf(List<String> samples, String... rows) {
        return VCF_HEAD + "\t" + String.join("\t", samples) + "\n" + String.join("\n", rows) + "\n";
    }

    static final List<String> UTF8_NAMES = List.of("Zoë", "Zoé", "Jürgen", "Ólafur", "Søren", "王芳");
    static final List<String> ASCII_NAMES = List.of("S1", "S2", "S3", "S4", "S5", "S6");

    static String rows6() {
        return String.join("\n",
                "1\t100\trs1\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\t1/1\t0/1\t0/0\t0/1",
                "1\t200\trs2\tC\tT\t.\tPASS\t.\tGT\t0/1\t0/0\t0/1\t1/1\t0/1\t0/0",
                "1\t300\trs3\tG\tA\t.\tPASS\t.\tGT\t1/1\t0/1\t0/0\t0/0\t0/1\t0/1");
    }

    static String pheno(List<String> ids, int... y) {
        StringBuilder sb = new StringBuilder("IID\tPHENO\n");
        for (int i = 0; i < ids.size(); i++) sb.append(ids.get(i)).append('\t').append(y[i]).append('\n');
        return sb.toString();
    }

    @Test
    void d04_utf8SampleNamesAreKept(@TempDir Path dir) throws Exception {
        Path v = write(dir.resolve("u.vcf"), vcf(UTF8_NAMES, rows6()));
        Path p = write(dir.resolve("u.pheno"), pheno(UTF8_NAMES, 1, 2, 1, 2, 1, 2));
        run("encode", "--vcf", v.toString(), "--pheno", p.toString(), "--out", dir.resolve("u").toString()).expectOk();
        List<String> lines = Files.readAllLines(dir.resolve("u.samples.tsv"));
        assertEquals(7, lines.size(), "all six UTF-8 named samples are kept");
        for (String s : UTF8_NAMES) assertTrue(lines.stream().anyMatch(l -> l.contains("\t" + s + "\t")), s);
    }

    @Test
    void d04_cp1252PhenotypeFileIsAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
        Path v = write(dir.resolve("u.vcf"), vcf(UTF8_NAMES, rows6()));
        Path p = dir.resolve("cp.pheno");
        Files.write(p, pheno(UTF8_NAMES, 1, 2, 1, 2, 1, 2).replace("王芳", "Wang").getBytes(Charset.forName("windows-1252")));
        Map<String, String> before = snapshot(dir);
        run("encode", "--vcf", v.toString(), "--pheno", p.toString(), "--out", dir.resolve("u").toString())
                .expectUserError(p + ":2:", "UTF-8");
        assertEquals(before, snapshot(dir));
    }

    // ---- 5: user and system errors exit 2 with the file named

    @Test
    void d05_unreadableInputIsExit2(@TempDir Path dir) throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root reads any file");
        Path p = write(dir.resolve("locked.pheno"), pheno(UTF8_NAMES, 1, 2, 1, 2, 1, 2));
        p.toFile().setReadable(false);
        Path v = write(dir.resolve("u.vcf"), vcf(UTF8_NAMES, rows6()));
        run("encode", "--vcf", v.toString(), "--pheno", p.toString(), "--out", dir.resolve("u").toString())
                .expectUserError(p.toString(), "permission denied");
    }

    @Test
    void d05_outputUnderProcIsExit2() {
        run("glm", "--cohort", cohort, "--out", "/proc/self/assocnet-test/g").expectUserError("/proc/self/assocnet-test");
        run("glm", "--cohort", cohort, "--out", "/proc/g").expectUserError("/proc/");
    }

    @Test
    void d05_corruptCohortHeaderIsExit2(@TempDir Path dir) throws Exception {
        for (int[] patch : new int[][] {{12, 9}, {32, 77}, {16, 0}}) {
            String c = copyCohort(dir, "h" + patch[0]);
            Path bin = Path.of(c + ".cohort.bin");
            try (RandomAccessFile f = new RandomAccessFile(bin.toFile(), "rw")) {
                f.seek(patch[0]);
                f.write(patch[1]);
                if (patch[0] == 16) for (int k = 1; k < 8; k++) f.write(0);
            }
            run("glm", "--cohort", c, "--out", dir.resolve("g").toString()).expectUserError(bin.toString(), "byte " + patch[0]);
        }
    }

    @Test
    void d05_damagedModelFoldersAreExit2(@TempDir Path dir) throws Exception {
        record Damage(String file, String fragment, java.util.function.UnaryOperator<byte[]> how) {}
        List<Damage> damages = List.of(
                new Damage("fold-1.zip", "fold-1.zip", b -> java.util.Arrays.copyOf(b, b.length / 2)),
                new Damage("config.json", "config.json", b -> "{\"version\": 1, \"folds\": ".getBytes()),
                new Damage("config.json", "config.json", b -> "[1, 2]".getBytes()),
                new Damage("folds.tsv", "folds.tsv:2: field 'FOLD'", b -> new String(b).replaceFirst("\n([^\n\t]+)\t[01]\n", "\n$1\tx\n").getBytes()),
                new Damage("folds.tsv", "folds.tsv:2: field 'FOLD'", b -> new String(b).replaceFirst("\n([^\n\t]+)\t[01]\n", "\n$1\t9\n").getBytes()));
        int k = 0;
        for (Damage d : damages) {
            Path m = dir.resolve("m" + k++ + ".model");
            Files.createDirectories(m);
            try (Stream<Path> s = Files.list(model)) {
                for (Path f : s.toList()) Files.copy(f, m.resolve(f.getFileName()));
            }
            Path f = m.resolve(d.file());
            Files.write(f, d.how().apply(Files.readAllBytes(f)));
            run("attribute", "--cohort", cohort, "--model", m.toString(), "--out", dir.resolve("a").toString(), "--draws", "2")
                    .expectUserError(d.fragment());
        }
        assertFalse(Files.exists(dir.resolve("a.nn.tsv")));
    }

    // ---- 6: duplicate variants

    @Test
    void d06_sameVcfTwiceIsRefusedAndRepeatedRecordsDropped(@TempDir Path dir) throws Exception {
        Path v = write(dir.resolve("u.vcf"), vcf(ASCII_NAMES, rows6()));
        Path p = write(dir.resolve("u.pheno"), pheno(ASCII_NAMES, 1, 2, 1, 2, 1, 2));
        run("encode", "--vcf", v.toString(), "--vcf", dir.resolve(".").resolve("u.vcf").toString(), "--pheno", p.toString(), "--out",
                dir.resolve("u").toString()).expectUserError("u.vcf", "twice");
        String r = rows6();
        String[] rs = r.split("\n");
        Path d = write(dir.resolve("d.vcf"), vcf(ASCII_NAMES, rs[0], rs[1], rs[1], rs[2]));
        run("encode", "--vcf", d.toString(), "--pheno", p.toString(), "--out", dir.resolve("d").toString()).expectOk();
        assertEquals(4, Files.readAllLines(dir.resolve("d.variants.tsv")).size(), "3 variants, the repeat dropped");
        JsonNode j = Json.mapper().readTree(dir.resolve("d.encode.json").toFile());
        assertEquals(1, j.findValue("duplicate").asInt(), j.toString());
    }

    // ---- 7: dosage range and NaN with both readers

    @Test
    void d07_dosageOutOfRangeAndNanAreErrorsWithBothReaders(@TempDir Path dir) throws Exception {
        Path p = write(dir.resolve("u.pheno"), pheno(ASCII_NAMES, 1, 2, 1, 2, 1, 2));
        for (String bad : List.of("2.7", "nan", "Infinity")) {
            Path v = write(dir.resolve("ds.vcf"), vcf(ASCII_NAMES,
                    "1\t100\trs1\tA\tG\t.\tPASS\t.\tGT:DS\t0/0:0\t0/1:1\t1/1:2\t0/1:" + bad + "\t0/0:0.1\t0/1:0.9"));
            for (String reader : List.of("fast", "htsjdk")) {
                run("encode", "--vcf", v.toString(), "--pheno", p.toString(), "--dosage", "DS", "--reader", reader, "--out",
                        dir.resolve("u").toString()).expectUserError(v.toString(), "DS", reader.equals("fast") ? "ds.vcf:6" : "1:100");
            }
        }
        assertFalse(Files.exists(dir.resolve("u.cohort.bin")));
    }

    // ---- 8 and 12: merge

    @Test
    void d08_mergeRefusesChunksWithDifferentSampleCounts(@TempDir Path dir) throws Exception {
        Path g = dir.resolve("g");
        run("glm", "--cohort", cohort, "--out", g.toString()).expectOk();
        Path e1 = Path.of(cohort + ".encode.json");
        JsonNode j = Json.mapper().readTree(e1.toFile());
        String text = Files.readString(e1).replaceFirst("\"kept\" : " + j.at("/samples/kept").asInt(), "\"kept\" : 299");
        assertTrue(!text.equals(Files.readString(e1)), "fixture: samples.kept patched");
        Path e2 = write(dir.resolve("other.encode.json"), text);
        run("merge", "--glm", g + ".glm.tsv", "--encode", e1.toString(), e2.toString(), "--out", dir.resolve("mm").toString())
                .expectUserError(e2.toString(), "samples.kept");
        assertFalse(Files.exists(dir.resolve("mm.glm.tsv")));
    }

    @Test
    void d12_mergeRefusesAnOutputThatIsAnInput(@TempDir Path dir) throws Exception {
        Path g = dir.resolve("P");
        run("glm", "--cohort", cohort, "--out", g.toString()).expectOk();
        Map<String, String> before = snapshot(dir);
        run("merge", "--glm", g + ".glm.tsv", "--out", g.toString()).expectUserError("P.glm.tsv", "input");
        assertEquals(before, snapshot(dir));
    }

    // ---- 9: ambiguous phenotype coding

    @Test
    void d09_zeroOneCodingWithAStrayTwoIsAnError(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(sim + ".pheno.tsv"));
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t");
            int y = Integer.parseInt(f[2]) - 1; // 1/2 -> 0/1
            if (i == 7) y = 2; // the typo, on line 8
            sb.append(f[0]).append('\t').append(f[1]).append('\t').append(y).append('\n');
        }
        Path p = write(dir.resolve("typo.pheno"), sb.toString());
        run("encode", "--vcf", sim + ".vcf.gz", "--pheno", p.toString(), "--out", dir.resolve("t").toString())
                .expectUserError(p + ":8:", "PHENO", "ambiguous");
    }

    // ---- 10: a region contig absent from the file

    @Test
    void d10_regionContigAbsentListsTheContigs(@TempDir Path dir) {
        run("encode", "--vcf", sim + ".vcf.gz", "--pheno", sim + ".pheno.tsv", "--region", "chr1:1-100000000",
                "--out", dir.resolve("r").toString()).expectUserError("s.vcf.gz", "'chr1' is absent", "try '1'", "contigs are: 1, 2");
    }

    // ---- 11: train hyperparameter ranges

    @Test
    void d11_learningRateOutOfRangeIsRefused(@TempDir Path dir) {
        for (String lr : List.of("Infinity", "1e9", "NaN", "0", "-1")) {
            run(train(cohort, dir.resolve("m").toString(), "--learning-rate", lr)).expectUserError("--learning-rate");
        }
        run(train(cohort, dir.resolve("m").toString(), "--l2", "Infinity")).expectUserError("--l2");
    }

    // ---- 13: a covariate that predicts the phenotype perfectly

    @Test
    void d13_covariateEqualToPhenotypeIsRefused(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(sim + ".pheno.tsv"));
        List<String> cov = Files.readAllLines(Path.of(sim + ".covar.tsv"));
        StringBuilder sb = new StringBuilder(cov.get(0)).append("\tSTATUS\n");
        for (int i = 1; i < cov.size(); i++) sb.append(cov.get(i)).append('\t').append(lines.get(i).split("\t")[2]).append('\n');
        Path c = write(dir.resolve("leak.covar"), sb.toString());
        run("encode", "--vcf", sim + ".vcf.gz", "--pheno", sim + ".pheno.tsv", "--covar", c.toString(), "--out",
                dir.resolve("l").toString()).expectUserError(c.toString(), "STATUS", "perfectly");
        assertFalse(Files.exists(dir.resolve("l.cohort.bin")));
    }

    // ---- 14: report inputs

    @Test
    void d14_reportRefusesEmptyTablesAndWrongJsons(@TempDir Path dir) throws Exception {
        Path g = dir.resolve("g");
        run("glm", "--cohort", cohort, "--out", g.toString()).expectOk();
        Path empty = write(dir.resolve("empty.glm.tsv"), Files.readAllLines(Path.of(g + ".glm.tsv")).get(0) + "\n");
        run("report", "--glm", empty.toString(), "--out", dir.resolve("r1").toString()).expectUserError(empty.toString(), "no variant rows");
        run("report", "--glm", g + ".glm.tsv", "--train", cohort + ".encode.json", "--out", dir.resolve("r2").toString())
                .expectUserError("c.encode.json", "encode", "train");
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("r")), "nothing written");
        }
    }

    // ---- 15: messages

    @Test
    void d15_messagesNameTheRealProblem(@TempDir Path dir) throws Exception {
        Path v = write(dir.resolve("u.vcf"), vcf(UTF8_NAMES, rows6()));
        Path folder = Files.createDirectories(dir.resolve("folder.pheno"));
        run("encode", "--vcf", v.toString(), "--pheno", folder.toString(), "--out", dir.resolve("u").toString())
                .expectUserError(folder.toString(), "is a directory");
        run("encode", "--vcf", v.toString(), "--pheno", "/dev/null", "--out", dir.resolve("u").toString())
                .expectUserError("/dev/null", "not a regular file");
        // a huge covariate: named in the user's file, not the derived samples.tsv
        List<String> cov = Files.readAllLines(Path.of(sim + ".covar.tsv"));
        String[] f = cov.get(5).split("\t");
        f[2] = "1e300";
        cov.set(5, String.join("\t", f));
        Path c = write(dir.resolve("big.covar"), String.join("\n", cov) + "\n");
        run("encode", "--vcf", sim + ".vcf.gz", "--pheno", sim + ".pheno.tsv", "--covar", c.toString(), "--out",
                dir.resolve("b").toString()).expectUserError(c + ":6:", "1e300", "out of range");
        // a bad number in the cohort's variant table names file, line and field
        String co = copyCohort(dir, "v");
        Path vt = Path.of(co + ".variants.tsv");
        List<String> vl = Files.readAllLines(vt);
        vl.set(3, vl.get(3).replaceFirst("\t[0-9]+\t", "\tabc\t"));
        Files.write(vt, vl);
        run("glm", "--cohort", co, "--out", dir.resolve("g").toString()).expectUserError(vt + ":4:", "POS", "abc");
        // too few cases for any cross-fitting
        Path one = write(dir.resolve("one.pheno"), pheno(UTF8_NAMES, 1, 2, 1, 1, 1, 1));
        run("encode", "--vcf", v.toString(), "--pheno", one.toString(), "--out", dir.resolve("o").toString()).expectOk();
        run(train(dir.resolve("o").toString(), dir.resolve("om").toString())).expectUserError("at least 2 of each");
        // a UTF-8 byte order mark before the header is not part of the first field name
        Path bom = write(dir.resolve("bom.pheno"), "\uFEFF" + pheno(UTF8_NAMES, 1, 2, 1, 2, 1, 2));
        run("encode", "--vcf", v.toString(), "--pheno", bom.toString(), "--out", dir.resolve("bo").toString()).expectOk();
        // DL4J's SLF4J has a binding, so no "SLF4J: ..." lines precede an attribute error
        Class.forName("org.slf4j.impl.StaticLoggerBinder");
        Cli.Result r = run("attribute", "--cohort", cohort, "--model", dir.resolve("none.model").toString(), "--out",
                dir.resolve("a").toString());
        r.expectUserError("none.model");
        assertFalse(r.err().contains("SLF4J"), r.err());
    }

    // ---- 16: identical runs write identical model files

    @Test
    void d16_rerunsWriteByteIdenticalFoldZips(@TempDir Path dir) throws Exception {
        run(train(cohort, dir.resolve("a").toString())).expectOk();
        Thread.sleep(2100); // zip entry times have a 2-second resolution
        run(train(cohort, dir.resolve("b").toString())).expectOk();
        for (String f : List.of("fold-0.zip", "fold-1.zip", "folds.tsv", "variants.tsv", "heldout.tsv")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a.model").resolve(f)), Files.readAllBytes(dir.resolve("b.model").resolve(f)), f);
        }
    }
}
