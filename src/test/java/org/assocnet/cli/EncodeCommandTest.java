package org.assocnet.cli;

import static org.assocnet.cli.EncodeFixtures.BODY;
import static org.assocnet.cli.EncodeFixtures.COVAR;
import static org.assocnet.cli.EncodeFixtures.HEADER;
import static org.assocnet.cli.EncodeFixtures.PHENO;
import static org.assocnet.cli.EncodeFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assocnet.io.Json;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.matrix.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end tests of {@code assocnet encode} through {@link Main#run}. */
class EncodeCommandTest {
    static final double NA = Double.NaN;

    @TempDir
    Path dir;

    /** Runs the CLI, returns {exit code, stderr}. */
    static Object[] cli(String... args) {
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
        return new Object[] {code, err};
    }

    static double[][] columns(Cohort c) throws Exception {
        double[][] out = new double[c.matrix().variants()][c.matrix().samples()];
        for (int j = 0; j < out.length; j++) c.matrix().column(j, out[j]);
        return out;
    }

    static List<String> keys(Cohort c) {
        List<String> k = new ArrayList<>();
        for (Variant v : c.variants()) k.add(v.id() + ":" + v.alt());
        return k;
    }

    @Test
    void handWrittenVcfGivesHandDerivedDosages() throws Exception {
        Path vcf = write(dir.resolve("small.vcf"), HEADER + BODY);
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        Object[] r = cli("encode", "--vcf", vcf.toString(), "--pheno", ph.toString(), "--out", dir.resolve("c").toString());
        assertEquals(0, r[0]);
        try (Cohort c = Cohort.open(dir.resolve("c").toString())) {
            assertEquals(MatrixHeader.ValueType.UINT8, c.matrix().header().valueType());
            assertEquals(List.of("rs1:G", "rs2:T", "rs2:G", "rs4:A", "rs5:C", "rs7:A", "rsx1:T"), keys(c));
            double[][] m = columns(c);
            assertArrayEquals(new double[] {0, 1, 2, NA, 1, 1}, m[0]);      // 0/0 0/1 1/1 ./. 0|1 1|0
            assertArrayEquals(new double[] {1, 1, 0, 0, NA, 2}, m[1]);      // T of 0/1 1/2 2/2 0/0 ./. 1|1
            assertArrayEquals(new double[] {0, 1, 2, 0, NA, 0}, m[2]);      // G of the same
            assertArrayEquals(new double[] {1, 0, 2, 0, 0, 1}, m[3]);       // A of 0/1 0/2(*) 1/1 0/0 0/0 0/1
            assertArrayEquals(new double[] {1, 0, 2, NA, 0, 1}, m[4]);      // GT of GT:DS
            assertArrayEquals(new double[] {0, 1, 2, 1, NA, 0}, m[5]);      // GT second in FORMAT
            assertArrayEquals(new double[] {0, 2, 1, 2, NA, 0}, m[6]);      // haploid 0 -> 0, 1 -> 2
            assertEquals(List.of(1, 0, 1, 0, 1, 0), toList(c.samples().pheno()));
            Variant v = c.variants().get(0);
            assertEquals(5, v.obsCount());
            assertEquals(0.5, v.altFreq(), 1e-6);
        }
        ObjectNode j = Json.read(dir.resolve("c.encode.json"));
        assertEquals(9, j.at("/variants/records_read").asInt());
        assertEquals(7, j.at("/variants/kept").asInt());
        assertEquals(1, j.at("/variants/dropped/symbolic_allele").asInt());
        assertEquals(1, j.at("/variants/dropped/star_allele").asInt());
        assertEquals(1, j.at("/variants/dropped/no_alt").asInt());
        assertEquals(1, j.at("/variants/dropped/monomorphic").asInt());
        assertEquals(2, j.at("/variants/multiallelic_sites").asInt());
        assertEquals(2, j.at("/haploid/calls").asInt());
        assertEquals(6, j.at("/samples/kept").asInt());
        assertEquals("4.1.3", j.at("/versions/htsjdk").asText());
        assertTrue(j.get("seed").isNull());
    }

    static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int v : a) l.add(v);
        return l;
    }

    @Test
    void dosagesGoToFloatMatrixWithGtFallback() throws Exception {
        Path vcf = write(dir.resolve("small.vcf"), HEADER + BODY);
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        Object[] r = cli("encode", "--vcf", vcf.toString(), "--pheno", ph.toString(), "--dosage", "DS", "--encoding", "dominant",
                "--out", dir.resolve("d").toString());
        assertEquals(0, r[0]);
        try (Cohort c = Cohort.open(dir.resolve("d").toString())) {
            assertEquals(MatrixHeader.ValueType.FLOAT32, c.matrix().header().valueType());
            assertEquals(org.assocnet.matrix.Encoding.DOMINANT, c.matrix().header().encoding());
            double[][] m = columns(c);
            assertArrayEquals(new double[] {0, 1, 2, NA, 1, 1}, m[0]);                    // no DS: GT
            assertArrayEquals(new double[] {0.9f, 0.1f, 1.8f, NA, 0, 1.2f}, m[4], 1e-7);  // DS, '.' -> GT (0/0 -> 0)
            assertArrayEquals(new double[] {0, 1, 2, 1, NA, 0}, m[5]);                    // DS first in FORMAT
            assertArrayEquals(new double[] {0, 2, 1, 2, NA, 0}, m[6]);                    // haploid DS doubled
        }
    }

    @Test
    void covariatesNumericAndOneHotAndSampleDrops() throws Exception {
        Path vcf = write(dir.resolve("small.vcf"), HEADER + BODY);
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        Path cv = write(dir.resolve("covar.txt"), COVAR);
        Object[] r = cli("encode", "--vcf", vcf.toString(), "--pheno", ph.toString(), "--covar", cv.toString(),
                "--out", dir.resolve("k").toString());
        assertEquals(0, r[0]);
        try (Cohort c = Cohort.open(dir.resolve("k").toString())) {
            assertEquals(List.of("AGE", "SITE=b", "SITE=c"), c.samples().covariateNames());
            assertEquals(List.of("S1", "S2", "S3", "S5", "S6"), c.samples().iid());
            assertArrayEquals(new double[] {40, 1, 0}, c.samples().covariates()[0]);
            assertArrayEquals(new double[] {50.5, 0, 0}, c.samples().covariates()[1]);
            assertArrayEquals(new double[] {61, 0, 1}, c.samples().covariates()[2]);
        }
        ObjectNode j = Json.read(dir.resolve("k.encode.json"));
        assertEquals(1, j.at("/samples/dropped/missing_covariate").asInt());
        assertEquals(5, j.at("/samples/kept").asInt());
    }

    /** PLINK 2 users keep phenotype and covariates in one file and pass it as both (--pheno f --covar f). */
    @Test
    void oneFileAsPhenotypeAndCovariates() throws Exception {
        Path vcf = write(dir.resolve("small.vcf"), HEADER + BODY);
        Path both = write(dir.resolve("both.tsv"), "#FID\tIID\tCC\tAGE\n"
                + "F1\tS1\t2\t40\nF2\tS2\t1\t50\nF3\tS3\t2\t61\nF4\tS4\t1\t38\nF5\tS5\t2\t33\nF6\tS6\t1\t45\n");
        Object[] r = cli("encode", "--vcf", vcf.toString(), "--pheno", both.toString(), "--covar", both.toString(),
                "--out", dir.resolve("b").toString());
        assertEquals(0, r[0]);
        try (Cohort c = Cohort.open(dir.resolve("b").toString())) {
            assertEquals(List.of("AGE"), c.samples().covariateNames()); // CC is the phenotype, never a covariate
            assertEquals(6, c.samples().size());
        }
        // naming the phenotype as a covariate is an error that names the column, and writes nothing
        r = cli("encode", "--vcf", vcf.toString(), "--pheno", both.toString(), "--covar", both.toString(),
                "--covar-name", "AGE,CC", "--out", dir.resolve("b2").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("column 'CC' is the phenotype being analysed"), (String) r[1]);
        assertFalse(Files.exists(dir.resolve("b2.cohort.bin")));
    }

    @Test
    void qcFiltersCountEachReason() throws Exception {
        // rs1 has 1/6 missing; rsx1 too. --max-missing 0.1 drops rs1, rs2 (both alts), rs5, rs7, rsx1
        Path vcf = write(dir.resolve("small.vcf"), HEADER + BODY);
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        Object[] r = cli("encode", "--vcf", vcf.toString(), "--pheno", ph.toString(), "--max-missing", "0.1",
                "--out", dir.resolve("q").toString());
        assertEquals(0, r[0]);
        ObjectNode j = Json.read(dir.resolve("q.encode.json"));
        assertEquals(6, j.at("/variants/dropped/max_missing").asInt());
        assertEquals(1, j.at("/variants/kept").asInt());
        // MAC: rs2:G has 3 ALT copies, rs4:A 4, rs1 5 (ref 5): --mac 4 drops rs2:G only... and rs2:T (4 -> kept)
        r = cli("encode", "--vcf", vcf.toString(), "--pheno", ph.toString(), "--mac", "4", "--out", dir.resolve("q2").toString());
        assertEquals(0, r[0]);
        j = Json.read(dir.resolve("q2.encode.json"));
        assertEquals(1, j.at("/variants/dropped/mac").asInt());
        // sample call rate over the 8 non-symbolic ALT records: S5 misses rs2:T, rs2:G, rs7, rsx1 (rate 0.5),
        // S4 misses rs1, rs5 (0.75): --min-sample-call-rate 0.6 drops S5 only
        r = cli("encode", "--vcf", vcf.toString(), "--pheno", ph.toString(), "--min-sample-call-rate", "0.6",
                "--out", dir.resolve("q3").toString());
        assertEquals(0, r[0]);
        j = Json.read(dir.resolve("q3.encode.json"));
        assertEquals(1, j.at("/samples/dropped/low_call_rate").asInt());
        assertEquals(5, j.at("/samples/kept").asInt());
    }

    @Test
    void fastParserAndHtsjdkGiveIdenticalOutputs() throws Exception {
        // htsjdk insists on GT first in FORMAT, so drop rs7 (DS:GT) for this comparison
        StringBuilder body = new StringBuilder();
        for (String l : BODY.split("\n")) if (!l.contains("\trs7\t")) body.append(l).append('\n');
        Path plain = write(dir.resolve("cmp.vcf"), HEADER + body);
        Path gz = EncodeFixtures.bgzip(dir.resolve("cmp.vcf.gz"), HEADER + body);
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        for (String[] mode : new String[][] {{}, {"--dosage", "DS"}}) {
            for (Path in : List.of(plain, gz)) {
                String tag = in.getFileName() + String.join("", mode).replace("-", "");
                List<String> a = new ArrayList<>(List.of("encode", "--vcf", in.toString(), "--pheno", ph.toString()));
                a.addAll(List.of(mode));
                List<String> fast = new ArrayList<>(a);
                fast.addAll(List.of("--out", dir.resolve("f" + tag).toString()));
                List<String> hts = new ArrayList<>(a);
                hts.addAll(List.of("--reader", "htsjdk", "--out", dir.resolve("h" + tag).toString()));
                assertEquals(0, cli(fast.toArray(new String[0]))[0]);
                assertEquals(0, cli(hts.toArray(new String[0]))[0]);
                for (String ext : List.of(".cohort.bin", ".variants.tsv", ".samples.tsv")) {
                    assertArrayEquals(Files.readAllBytes(dir.resolve("f" + tag + ext)), Files.readAllBytes(dir.resolve("h" + tag + ext)),
                            tag + ext);
                }
                ObjectNode jf = Json.read(dir.resolve("f" + tag + ".encode.json"));
                ObjectNode jh = Json.read(dir.resolve("h" + tag + ".encode.json"));
                assertEquals(jf.get("variants"), jh.get("variants"));
                assertEquals(jf.get("haploid"), jh.get("haploid"));
                assertEquals(6, jf.at("/variants/kept").asInt());
            }
        }
    }

    /**
     * The parser's word-at-a-time paths (two samples per 8-byte load when every sample is kept in order, one per
     * 4-byte load otherwise) against htsjdk on random genotype text: phased and unphased calls mixed within a line,
     * missing, half-missing and haploid calls, and a phenotype file that keeps all samples or drops some.
     */
    @Test
    void fastParserWordPathsMatchHtsjdkOnRandomGenotypes() throws Exception {
        java.util.Random rnd = new java.util.Random(17);
        int samples = 23;
        String[] calls = {"0|0", "0|1", "1|0", "1|1", "0/0", "0/1", "1/1", "./.", ".|.", "./1", "0", "1", "."};
        StringBuilder vcf = new StringBuilder("##fileformat=VCFv4.2\n##contig=<ID=1>\n"
                + "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT");
        StringBuilder all = new StringBuilder("FID\tIID\tPHENO\n");
        StringBuilder some = new StringBuilder("FID\tIID\tPHENO\n");
        for (int i = 0; i < samples; i++) {
            vcf.append("\tS").append(i);
            all.append("S").append(i).append("\tS").append(i).append('\t').append(1 + i % 2).append('\n');
            if (i % 5 != 3) some.append("S").append(i).append("\tS").append(i).append('\t').append(1 + i % 2).append('\n');
        }
        vcf.append('\n');
        for (int v = 0; v < 300; v++) {
            vcf.append("1\t").append(100 + v).append("\tr").append(v).append("\tA\tG\t.\tPASS\t.\tGT");
            int style = v % 3; // 0: all phased diploid; 1: all unphased diploid; 2: anything
            for (int i = 0; i < samples; i++) {
                String c = style == 0 ? calls[rnd.nextInt(4)] : style == 1 ? calls[4 + rnd.nextInt(3)]
                        : calls[rnd.nextInt(rnd.nextInt(4) == 0 ? calls.length : 9)];
                vcf.append('\t').append(c);
            }
            vcf.append('\n');
        }
        Path in = EncodeFixtures.bgzip(dir.resolve("words.vcf.gz"), vcf.toString());
        for (String[] ph : new String[][] {{"all", all.toString()}, {"some", some.toString()}}) {
            Path phFile = write(dir.resolve("words." + ph[0] + ".pheno.tsv"), ph[1]);
            String f = dir.resolve("wf" + ph[0]).toString();
            String h = dir.resolve("wh" + ph[0]).toString();
            assertEquals(0, cli("encode", "--vcf", in.toString(), "--pheno", phFile.toString(), "--max-missing", "1", "--out", f)[0]);
            assertEquals(0, cli("encode", "--vcf", in.toString(), "--pheno", phFile.toString(), "--max-missing", "1", "--reader", "htsjdk",
                    "--out", h)[0]);
            for (String ext : List.of(".cohort.bin", ".variants.tsv", ".samples.tsv")) {
                assertArrayEquals(Files.readAllBytes(Path.of(h + ext)), Files.readAllBytes(Path.of(f + ext)), ph[0] + ext);
            }
            ObjectNode jf = Json.read(Path.of(f + ".encode.json"));
            assertEquals(Json.read(Path.of(h + ".encode.json")).get("haploid"), jf.get("haploid"), ph[0]);
            assertTrue(jf.at("/variants/kept").asInt() > 250, ph[0] + ": " + jf.at("/variants"));
        }
    }

    @Test
    void bcfDecoderMatchesFastVcfParser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(EncodeFixtures.have("bcftools"), "needs bcftools");
        Path vcf = write(dir.resolve("small.vcf"), HEADER + BODY);
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        EncodeFixtures.run(dir, "bcftools", "view", "-Ob", "-o", "small.bcf", vcf.toString());
        for (String[] mode : new String[][] {{}, {"--dosage", "DS"}}) {
            String tag = String.join("", mode).replace("-", "");
            List<String> a = new ArrayList<>(List.of("encode", "--pheno", ph.toString()));
            a.addAll(List.of(mode));
            List<String> v = new ArrayList<>(a);
            v.addAll(List.of("--vcf", vcf.toString(), "--out", dir.resolve("v" + tag).toString()));
            List<String> b = new ArrayList<>(a);
            b.addAll(List.of("--vcf", dir.resolve("small.bcf").toString(), "--out", dir.resolve("b" + tag).toString()));
            assertEquals(0, cli(v.toArray(new String[0]))[0]);
            assertEquals(0, cli(b.toArray(new String[0]))[0]);
            for (String ext : List.of(".cohort.bin", ".variants.tsv", ".samples.tsv")) {
                assertArrayEquals(Files.readAllBytes(dir.resolve("v" + tag + ext)), Files.readAllBytes(dir.resolve("b" + tag + ext)), tag + ext);
            }
            assertEquals(Json.read(dir.resolve("v" + tag + ".encode.json")).get("variants"),
                    Json.read(dir.resolve("b" + tag + ".encode.json")).get("variants"));
        }
    }

    // ---- bad input: exit 2, one-line message naming file/line/field, nothing left behind ----

    void assertUserError(String expectedFragment, String... args) throws Exception {
        Object[] r = cli(args);
        assertEquals(2, r[0], "exit code");
        String err = (String) r[1];
        assertTrue(err.contains(expectedFragment), "stderr should contain '" + expectedFragment + "' but was: " + err);
        assertEquals(List.of(), EncodeFixtures.outputs(dir, "out"), "no output may be left behind");
    }

    String[] args(Path vcf, Path ph, String... more) {
        List<String> a = new ArrayList<>(List.of("encode", "--vcf", vcf.toString(), "--pheno", ph.toString(),
                "--out", dir.resolve("out").toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void malformedLineNamesFileLineAndField() throws Exception {
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        Path vcf = write(dir.resolve("short.vcf"), HEADER + BODY + EncodeFixtures.row("X", 2000, "bad", "A", "G", "GT", "0/1", "0/1") + "\n");
        assertUserError("short.vcf:18: expected 6 sample columns, found 2", args(vcf, ph));
        Path vcf2 = write(dir.resolve("badgt.vcf"), HEADER + EncodeFixtures.row("1", 5, "b", "A", "G", "GT", "0/1", "0/x", "0/0", "0/0", "0/0", "0/0") + "\n");
        assertUserError("badgt.vcf:9: field 'GT': malformed genotype '0/x'", args(vcf2, ph));
        Path vcf3 = write(dir.resolve("badpos.vcf"), HEADER + EncodeFixtures.row("1", 5, "b", "A", "G", "GT", "0/1", "0/1", "0/0", "0/0", "0/0", "0/0").replace("\t5\t", "\t5x\t") + "\n");
        assertUserError("badpos.vcf:9: field 'POS': not a number: '5x'", args(vcf3, ph));
        Path vcf4 = write(dir.resolve("allele.vcf"), HEADER + EncodeFixtures.row("1", 5, "b", "A", "G", "GT", "0/1", "0/2", "0/0", "0/0", "0/0", "0/0") + "\n");
        assertUserError("allele.vcf:9: field 'GT': allele index 2", args(vcf4, ph));
        // the htsjdk reader reports malformed input as a user error too
        assertUserError("short.vcf", args(vcf, ph, "--reader", "htsjdk"));
    }

    @Test
    void truncatedBgzipIsAUserError() throws Exception {
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        StringBuilder body = new StringBuilder();
        java.util.Random rnd = new java.util.Random(1);
        String[] g = {"0/0", "0/1", "1/1"};
        for (int i = 1; i <= 4000; i++) {
            String[] s = new String[6];
            for (int k = 0; k < 6; k++) s[k] = g[rnd.nextInt(3)];
            body.append(EncodeFixtures.row("1", i, "v" + i, "A", "G", "GT", s)).append('\n');
        }
        Path full = EncodeFixtures.bgzip(dir.resolve("full.vcf.gz"), HEADER + body);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.vcf.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertUserError("cut.vcf.gz: truncated", args(cut, ph));
        // corrupt deflate data in the middle: a user error with either decompressor
        byte[] bad = bytes.clone();
        java.util.Arrays.fill(bad, bytes.length / 2, bytes.length / 2 + 400, (byte) 0x55);
        Path corrupt = dir.resolve("corrupt.vcf.gz");
        Files.write(corrupt, bad);
        assertUserError("corrupt", args(corrupt, ph, "--decompressor", "java"));
        if (EncodeFixtures.have("bgzip")) assertUserError("corrupt", args(corrupt, ph, "--decompressor", "bgzip"));
        // the intact multi-block file: both decompressors give the same cohort
        if (EncodeFixtures.have("bgzip")) {
            assertEquals(0, cli(args(full, ph, "--decompressor", "bgzip"))[0]);
            byte[] viaBgzip = Files.readAllBytes(dir.resolve("out.cohort.bin"));
            assertEquals(0, cli(args(full, ph, "--decompressor", "java"))[0]);
            assertArrayEquals(viaBgzip, Files.readAllBytes(dir.resolve("out.cohort.bin")));
        }
    }

    @Test
    void duplicateSampleIds() throws Exception {
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        Path vcf = write(dir.resolve("dup.vcf"), HEADER.replace("\tS6", "\tS1") + BODY);
        assertUserError("dup.vcf:8: field '#CHROM': duplicate sample ID 'S1'", args(vcf, ph));
        Path ph2 = write(dir.resolve("dup.pheno"), PHENO + "F1\tS1\t1\n");
        assertUserError("dup.pheno:8: field 'IID': duplicate sample 'F1 S1'", args(write(dir.resolve("s.vcf"), HEADER + BODY), ph2));
    }

    @Test
    void phenotypeProblems() throws Exception {
        Path vcf = write(dir.resolve("s.vcf"), HEADER + BODY);
        Path ph = write(dir.resolve("nb.pheno"), PHENO.replace("F3\tS3\t2", "F3\tS3\t3"));
        assertUserError("nb.pheno:4: field 'PHENO': phenotype value '3' is not binary", args(vcf, ph));
        Path ph2 = write(dir.resolve("const.pheno"), PHENO.replace("\t1\n", "\t2\n"));
        assertUserError("phenotype 'PHENO' is constant among the 6 matched samples (all cases)", args(vcf, ph2));
        Path ph3 = write(dir.resolve("none.pheno"), PHENO.replace("\tS", "\tP"));
        assertUserError("no sample of", args(vcf, ph3));
        Path ph4 = write(dir.resolve("nohead.pheno"), "F1 S1 2\n");
        assertUserError("nohead.pheno:1: field 'F1': header must start with", args(vcf, ph4));
        assertUserError("no column 'NOPE'", args(vcf, write(dir.resolve("p.tsv"), PHENO), "--pheno-name", "NOPE"));
    }

    @Test
    void badCovariateValue() throws Exception {
        Path vcf = write(dir.resolve("s.vcf"), HEADER + BODY);
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        Path cv = write(dir.resolve("bad.covar"), COVAR.replace("F3 S3 61", "F3 S3 6I"));
        assertUserError("bad.covar:4: field 'AGE': bad covariate value '6I'", args(vcf, ph, "--covar", cv.toString()));
    }

    @Test
    void vcfFilesMustHoldTheSameSamples() throws Exception {
        Path a = write(dir.resolve("a.vcf"), HEADER + BODY);
        Path b = write(dir.resolve("b.vcf"), HEADER.replace("\tS6", "\tS7") + BODY);
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        assertUserError("b.vcf: sample 'S7' is not in", "encode", "--vcf", a.toString(), "--vcf", b.toString(), "--pheno", ph.toString(),
                "--out", dir.resolve("out").toString());
    }

    @Test
    void twoVcfFilesConcatenate() throws Exception {
        String[] lines = BODY.split("\n");
        Path a = write(dir.resolve("a.vcf"), HEADER + String.join("\n", java.util.Arrays.copyOfRange(lines, 0, 4)) + "\n");
        // second file: samples in another order
        String h2 = HEADER.replace("S1\tS2\tS3\tS4\tS5\tS6", "S6\tS5\tS4\tS3\tS2\tS1");
        StringBuilder b2 = new StringBuilder(h2);
        for (int i = 4; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            String[] r = f.clone();
            for (int k = 0; k < 6; k++) r[9 + k] = f[14 - k];
            b2.append(String.join("\t", r)).append('\n');
        }
        Path b = write(dir.resolve("b.vcf"), b2.toString());
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        assertEquals(0, cli("encode", "--vcf", a.toString(), "--vcf", b.toString(), "--pheno", ph.toString(), "--out",
                dir.resolve("two").toString())[0]);
        assertEquals(0, cli("encode", "--vcf", write(dir.resolve("all.vcf"), HEADER + BODY).toString(), "--pheno", ph.toString(),
                "--out", dir.resolve("one").toString())[0]);
        assertArrayEquals(Files.readAllBytes(dir.resolve("one.cohort.bin")), Files.readAllBytes(dir.resolve("two.cohort.bin")));
        assertEquals(Files.readString(dir.resolve("one.variants.tsv")), Files.readString(dir.resolve("two.variants.tsv")));
    }

    @Test
    void unsortedInputWithRegion() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(EncodeFixtures.have("tabix"), "needs tabix");
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        Path sorted = EncodeFixtures.bgzip(dir.resolve("sorted.vcf.gz"), HEADER + BODY);
        EncodeFixtures.run(dir, "tabix", "-p", "vcf", sorted.toString());
        String[] l = BODY.split("\n");
        String swapped = l[1] + "\n" + l[0] + "\n" + String.join("\n", java.util.Arrays.copyOfRange(l, 2, l.length)) + "\n";
        Path unsorted = EncodeFixtures.bgzip(dir.resolve("unsorted.vcf.gz"), HEADER + swapped);
        Files.copy(Path.of(sorted + ".tbi"), Path.of(unsorted + ".tbi"));
        assertUserError("unsorted.vcf.gz: unsorted input: 1:100 comes after 1:200", args(unsorted, ph, "--region", "1:1-1000"));
        // the sorted file with its index works, and a region selects records
        assertEquals(0, cli(args(sorted, ph, "--region", "1:150-450"))[0]);
        try (Cohort c = Cohort.open(dir.resolve("out").toString())) {
            assertEquals(List.of("rs2:T", "rs2:G", "rs4:A"), keys(c));
        }
    }

    @Test
    void adjacentChunksByStartPositionShareNoRecord() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(EncodeFixtures.have("tabix"), "needs tabix");
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        // a 5-base deletion at 148 spans the boundary between chunks 1:1-150 and 1:151-300
        String body = String.join("\n",
                EncodeFixtures.row("1", 100, "a", "A", "G", "GT", "0/1", "0/0", "1/1", "0/0", "0/1", "0/0"),
                EncodeFixtures.row("1", 148, "del", "ACGTA", "A", "GT", "0/1", "0/1", "0/0", "0/0", "1/1", "0/0"),
                EncodeFixtures.row("1", 200, "b", "C", "T", "GT", "0/0", "0/1", "0/1", "1/1", "0/0", "0/1")) + "\n";
        Path gz = EncodeFixtures.bgzip(dir.resolve("chunks.vcf.gz"), HEADER + body);
        EncodeFixtures.run(dir, "tabix", "-p", "vcf", gz.toString());
        assertUserError("--region-match: expected overlap or start, got 'middle'", args(gz, ph, "--region", "1:1-150", "--region-match", "middle"));
        List<String> byStart = new ArrayList<>();
        for (String r : List.of("1:1-150", "1:151-300")) {
            assertEquals(0, cli(args(gz, ph, "--region", r, "--region-match", "start"))[0]);
            try (Cohort c = Cohort.open(dir.resolve("out").toString())) {
                byStart.addAll(keys(c));
            }
        }
        assertEquals(List.of("a:G", "del:A", "b:T"), byStart);
        // the default (overlap, as bcftools -r) gives the deletion to both chunks
        assertEquals(0, cli(args(gz, ph, "--region", "1:151-300"))[0]);
        try (Cohort c = Cohort.open(dir.resolve("out").toString())) {
            assertEquals(List.of("del:A", "b:T"), keys(c));
        }
    }

    @Test
    void regionWithoutIndexOrOnPlainVcf() throws Exception {
        Path ph = write(dir.resolve("pheno.tsv"), PHENO);
        Path gz = EncodeFixtures.bgzip(dir.resolve("noidx.vcf.gz"), HEADER + BODY);
        assertUserError("noidx.vcf.gz: --region needs an index", args(gz, ph, "--region", "1:100-300"));
        Path plain = write(dir.resolve("plain.vcf"), HEADER + BODY);
        assertUserError("plain.vcf: --region needs a bgzip-compressed, indexed file", args(plain, ph, "--region", "1:100-300"));
        assertUserError("--region '1:300-100': expected chr:start-end", args(gz, ph, "--region", "1:300-100"));
    }
}
