package org.assocnet.cli;

import static org.assocnet.cli.EncodeFixtures.outputs;
import static org.assocnet.cli.EncodeFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.assocnet.io.Json;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-written PLINK 1 and BGEN files with hand-derived expected values: A1/A2 coding, missing calls,
 * padding bits, PLINK chromosome codes, multi-allelic BGEN (colex genotype order), phased, haploid,
 * odd bit widths, every compression; and every malformed case as a one-line exit-2 error naming the
 * file and the byte offset or line, with nothing written.
 */
class PlinkBgenFormatTest {
    static final double NA = Double.NaN;

    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private Object[] encode(String out, String... more) {
        List<String> a = new ArrayList<>(List.of("encode", "--pheno", p("pheno.txt"), "--out", p(out)));
        a.addAll(List.of(more));
        return EncodeCommandTest.cli(a.toArray(new String[0]));
    }

    private double[][] matrix(String prefix) throws Exception {
        try (Cohort c = Cohort.open(p(prefix))) {
            return EncodeCommandTest.columns(c);
        }
    }

    private List<String> variants(String prefix) throws Exception {
        List<String> out = new ArrayList<>();
        try (Cohort c = Cohort.open(p(prefix))) {
            for (Variant v : c.variants()) out.add(v.chrom() + ":" + v.pos() + ":" + v.id() + ":" + v.ref() + ":" + v.alt());
        }
        return out;
    }

    private void assertError(String out, String expected, String... args) throws Exception {
        Object[] r = encode(out, args);
        assertEquals(2, r[0], (String) r[1]);
        String err = ((String) r[1]).trim();
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
        assertEquals(1, err.lines().filter(l -> l.contains("error")).count(), err);
        assertEquals(List.of(), outputs(dir, out), "nothing written");
    }

    // ---------------------------------------------------------------- PLINK 1

    /** A1 counts per sample (-1 = missing) to a .bed variant block: 00 hom A1, 01 missing, 10 het, 11 hom A2. */
    static byte[] bedBlock(int... a1) {
        byte[] b = new byte[(a1.length + 3) / 4];
        for (int s = 0; s < a1.length; s++) {
            int code = a1[s] < 0 ? 1 : a1[s] == 2 ? 0 : a1[s] == 1 ? 2 : 3;
            b[s / 4] |= (byte) (code << (2 * (s % 4)));
        }
        return b;
    }

    private void writeBed(String prefix, byte mode, int[][] a1) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(new byte[] {0x6c, 0x1b, mode});
        for (int[] v : a1) o.write(bedBlock(v));
        Files.write(dir.resolve(prefix + ".bed"), o.toByteArray());
    }

    private void bedFixture() throws Exception {
        // 5 samples: the phenotype file's FID of sample C differs (matched by IID, as a VCF ID would be)
        write(dir.resolve("t.fam"), "F1 A 0 0 1 -9\nF2 B 0 0 2 -9\nF3 C 0 0 1 -9\nF4 D 0 0 2 -9\nF5 E 0 0 0 -9\n");
        write(dir.resolve("pheno.txt"), "FID IID PHENO\nF1 A 2\nF2 B 1\nOTHER C 2\nF4 D 1\nF5 E 1\nF6 Z 2\n");
        write(dir.resolve("t.bim"), String.join("\n",
                "1\trs1\t0\t100\tG\tA",
                "23\trs2\t0\t200\tT\tC",
                "X\trs3\t0\t300\tA\tG",
                "25\trs4\t0\t400\tC\tT",
                "26\trs5\t0\t500\tG\tA",
                "1 rs6 0.5 600 AT A", "") );
        writeBed("t", (byte) 1, new int[][] {
            {2, 1, 0, -1, 1},
            {0, 2, 1, 1, 0},
            {1, 1, 1, 0, 2},
            {-1, -1, 0, 2, 1},
            {2, 0, 0, 0, 0},
            {0, 1, 2, 1, 0}});
    }

    @Test
    void handWrittenBedGivesHandDerivedMatrix() throws Exception {
        bedFixture();
        Object[] r = encode("b", "--bed", p("t"));
        assertEquals(0, r[0], (String) r[1]);
        assertEquals(List.of("1:100:rs1:A:G", "X:200:rs2:C:T", "X:300:rs3:G:A", "XY:400:rs4:T:C", "MT:500:rs5:A:G", "1:600:rs6:A:AT"),
                variants("b"));
        double[][] m = matrix("b");
        assertArrayEquals(new double[] {2, 1, 0, NA, 1}, m[0]);
        assertArrayEquals(new double[] {0, 2, 1, 1, 0}, m[1]);
        assertArrayEquals(new double[] {1, 1, 1, 0, 2}, m[2]);
        assertArrayEquals(new double[] {NA, NA, 0, 2, 1}, m[3]);
        assertArrayEquals(new double[] {2, 0, 0, 0, 0}, m[4]);
        assertArrayEquals(new double[] {0, 1, 2, 1, 0}, m[5]);
        var j = Json.read(dir.resolve("b.encode.json"));
        assertEquals(5, j.at("/samples/kept").asInt());
        assertEquals("PLINK1_BED", j.at("/parameters/input_formats/0").asText());
        try (Cohort c = Cohort.open(p("b"))) {
            assertEquals(List.of(1, 0, 1, 0, 0), Arrays.stream(c.samples().pheno()).boxed().toList());
        }
        // --bed-count a2: the other allele counted, REF/ALT swapped
        assertEquals(0, encode("b2", "--bed", p("t.bed"), "--bed-count", "a2")[0]);
        assertEquals("1:100:rs1:G:A", variants("b2").get(0));
        assertArrayEquals(new double[] {0, 1, 2, NA, 1}, matrix("b2")[0]);
        // regions through the .bim: PLINK code 23 and X are the same chromosome
        assertEquals(0, encode("rx", "--bed", p("t"), "--region", "23:150-350")[0]);
        assertEquals(List.of("X:200:rs2:C:T", "X:300:rs3:G:A"), variants("rx"));
        assertEquals(0, encode("rx2", "--bed", p("t"), "--region", "X:250-1000", "--region", "1:600")[0]);
        assertEquals(List.of("X:300:rs3:G:A", "1:600:rs6:A:AT"), variants("rx2"));
        // variant ranges (the pipeline's chunks): records by index in the file, read by seeking
        assertEquals(0, encode("vr1", "--bed", p("t"), "--variant-range", "2-3")[0]);
        assertEquals(List.of("X:200:rs2:C:T", "X:300:rs3:G:A"), variants("vr1"));
        assertEquals(0, encode("vr2", "--bed", p("t"), "--variant-range", "5-9")[0]);
        assertEquals(List.of("MT:500:rs5:A:G", "1:600:rs6:A:AT"), variants("vr2"));
        assertArrayEquals(new double[] {0, 1, 2, 1, 0}, matrix("vr2")[1]);
        // overlap vs start: the 2-base REF of rs6 (A2 = AT... counted A1 = AT, REF = A) spans 600 only
        assertEquals(0, encode("rmt", "--bed", p("t"), "--region", "MT:1-1000")[0]);
        assertEquals(List.of("MT:500:rs5:A:G"), variants("rmt"));
    }

    @Test
    void malformedBedIsAOneLineError() throws Exception {
        bedFixture();
        byte[] good = Files.readAllBytes(dir.resolve("t.bed"));
        Files.copy(dir.resolve("t.fam"), dir.resolve("u.fam"));
        Files.copy(dir.resolve("t.bim"), dir.resolve("u.bim"));

        Files.write(dir.resolve("u.bed"), Arrays.copyOf(good, good.length - 1));
        assertError("e1", "u.bed: 14 bytes, but 5 samples in u.fam and 6 variants in u.bim need 3 + 6 x 2 = 15 bytes (truncated", "--bed", p("u"));
        byte[] longer = Arrays.copyOf(good, good.length + 2);
        Files.write(dir.resolve("u.bed"), longer);
        assertError("e2", "u.bed: 17 bytes, but", "--bed", p("u"));
        byte[] magic = good.clone();
        magic[1] = 0x1c;
        Files.write(dir.resolve("u.bed"), magic);
        assertError("e3", "u.bed: byte 0: not a PLINK 1 .bed file", "--bed", p("u"));
        byte[] ind = good.clone();
        ind[2] = 0;
        Files.write(dir.resolve("u.bed"), ind);
        assertError("e4", "u.bed: byte 2: individual-major .bed", "--bed", p("u"));
        Files.write(dir.resolve("u.bed"), new byte[] {0x6c});
        assertError("e5", "u.bed: byte 0: truncated .bed", "--bed", p("u"));
        Files.write(dir.resolve("u.bed"), good);
        write(dir.resolve("u.fam"), "F1 A 0 0 1 -9\nF2 B 0 0 2\n");
        assertError("e6", "u.fam:2: expected 6 whitespace-separated fields", "--bed", p("u"));
        write(dir.resolve("u.fam"), "F1 A 0 0 1 -9\nF1 A 0 0 2 -9\nF3 C 0 0 1 -9\nF4 D 0 0 2 -9\nF5 E 0 0 0 -9\n");
        assertError("e7", "u.fam:2: field 'IID': duplicate sample", "--bed", p("u"));
        Files.copy(dir.resolve("t.fam"), dir.resolve("u.fam"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        write(dir.resolve("u.bim"), "1\trs1\t0\t100\tG\tA\n1\trs2\t0\tx200\tT\tC\n");
        assertError("e8", "u.bim:2: field 'POS': not an integer: 'x200'", "--bed", p("u"));
        write(dir.resolve("u.bim"), "1\trs1\t0\t100\tG\n");
        assertError("e9", "u.bim:1: expected 6 whitespace-separated fields", "--bed", p("u"));
        Files.delete(dir.resolve("u.fam"));
        assertError("e10", "u.fam: file not found", "--bed", p("u"));
        assertError("e11", "--dosage names a VCF FORMAT field", "--bed", p("t"), "--dosage", "DS");
        assertError("e12", "one format per run", "--bed", p("t"), "--bgen", p("t.bgen"));
        assertError("e13", "--bed-count: expected a1 or a2", "--bed", p("t"), "--bed-count", "minor");
        assertError("e14", "--variant-range '0-3': expected FIRST-LAST", "--bed", p("t"), "--variant-range", "0-3");
        assertError("e15", "t.bed: --variant-range starts at variant 7 but the fileset holds 6", "--bed", p("t"), "--variant-range", "7-8");
        assertError("e16", "--variant-range and --region exclude each other", "--bed", p("t"), "--variant-range", "1-2", "--region", "1");
        assertError("e17", "--variant-range needs exactly one --bed or --bgen input", "--vcf", p("x.vcf"), "--variant-range", "1-2");
    }

    // ---------------------------------------------------------------- BGEN

    /** One BGEN layout-2 variant: identifying data and uncompressed probability block. */
    record BgenVariant(String chrom, long pos, String id, String[] alleles, byte[] probs) {
    }

    /** Layout-2 probability block: ploidy bytes (0x80 = missing), phased flag, bits, then values packed LSB first. */
    static byte[] probs(int n, int k, boolean phased, int bits, int[] ploidy, int[]... values) {
        ByteBuffer b = ByteBuffer.allocate(10 + n + 64 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(n).putShort((short) k);
        int min = 63;
        int max = 0;
        for (int z : ploidy) {
            min = Math.min(min, z & 0x3f);
            max = Math.max(max, z & 0x3f);
        }
        b.put((byte) min).put((byte) max);
        for (int z : ploidy) b.put((byte) z);
        b.put((byte) (phased ? 1 : 0)).put((byte) bits);
        long acc = 0;
        int have = 0;
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (int[] v : values) {
            for (int x : v) {
                acc |= (x & 0xffffffffL) << have;
                have += bits;
                while (have >= 8) {
                    packed.write((int) (acc & 0xff));
                    acc >>>= 8;
                    have -= 8;
                }
            }
        }
        if (have > 0) packed.write((int) (acc & 0xff));
        b.put(packed.toByteArray());
        return Arrays.copyOf(b.array(), b.position());
    }

    static byte[] bgen(int compression, int layout, String[] ids, List<BgenVariant> vs) {
        ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        int n = ids == null ? 4 : ids.length;
        b.putInt(0); // offset, patched below
        b.putInt(20).putInt(vs.size()).putInt(n).put("bgen".getBytes(StandardCharsets.US_ASCII));
        b.putInt(compression | (layout << 2) | (ids != null ? 0x80000000 : 0));
        if (ids != null) {
            int start = b.position();
            b.putInt(0).putInt(n);
            for (String s : ids) {
                b.putShort((short) s.length()).put(s.getBytes(StandardCharsets.US_ASCII));
            }
            b.putInt(start, b.position() - start);
        }
        b.putInt(0, b.position() - 4);
        for (BgenVariant v : vs) {
            for (String s : new String[] {v.id, v.id, v.chrom}) b.putShort((short) s.length()).put(s.getBytes(StandardCharsets.US_ASCII));
            b.putInt((int) v.pos).putShort((short) v.alleles.length);
            for (String a : v.alleles) b.putInt(a.length()).put(a.getBytes(StandardCharsets.US_ASCII));
            byte[] raw = v.probs;
            if (compression == 0) {
                b.putInt(raw.length).put(raw);
            } else {
                byte[] c;
                if (compression == 1) {
                    Deflater d = new Deflater();
                    d.setInput(raw);
                    d.finish();
                    byte[] out = new byte[raw.length + 64];
                    int len = d.deflate(out);
                    d.end();
                    c = Arrays.copyOf(out, len);
                } else {
                    c = com.github.luben.zstd.Zstd.compress(raw);
                }
                b.putInt(c.length + 4).putInt(raw.length).put(c);
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    static final int[] DIPLOID = {2, 2, 2, 2};

    static List<BgenVariant> bgenVariants() {
        List<BgenVariant> vs = new ArrayList<>();
        // 3 alleles, unphased diploid, 8 bits: genotype order AA AC CC AG CG (GG implied)
        vs.add(new BgenVariant("1", 100, "m1", new String[] {"A", "C", "G"}, probs(4, 3, false, 8, new int[] {2, 2, 2, 0x82},
                new int[] {0, 255, 0, 0, 0}, new int[] {0, 0, 0, 0, 255}, new int[] {51, 51, 51, 51, 51}, new int[] {0, 0, 0, 0, 0})));
        // 3 alleles, phased diploid, 8 bits: per haplotype P(A) P(C) (G implied)
        vs.add(new BgenVariant("1", 200, "m2", new String[] {"A", "C", "G"}, probs(4, 3, true, 8, DIPLOID,
                new int[] {255, 0, 0, 0}, new int[] {0, 255, 0, 255}, new int[] {102, 51, 0, 0}, new int[] {255, 0, 255, 0})));
        // haploid samples 1-2 (chrX, PLINK code 23), 3 bits: haploid P(A); diploid P(AA) P(AB)
        vs.add(new BgenVariant("23", 300, "h3", new String[] {"T", "C"}, probs(4, 2, false, 3, new int[] {1, 1, 2, 2},
                new int[] {7}, new int[] {0}, new int[] {0, 7}, new int[] {0, 0})));
        // 16 bits; sample 4 has dosage 0.3: no hard call within 0.1
        vs.add(new BgenVariant("1", 400, "d4", new String[] {"G", "A"}, probs(4, 2, false, 16, DIPLOID,
                new int[] {65535, 0}, new int[] {0, 65535}, new int[] {0, 0}, new int[] {45875, 19660})));
        // a single allele: no ALT
        vs.add(new BgenVariant("1", 500, "n5", new String[] {"C"}, probs(4, 1, false, 8, DIPLOID, new int[0], new int[0], new int[0],
                new int[0])));
        return vs;
    }

    private void bgenPheno() throws Exception {
        write(dir.resolve("pheno.txt"), "IID PHENO\ns1 2\ns2 1\ns3 2\ns4 1\n");
    }

    @Test
    void handWrittenBgenGivesHandDerivedDosages() throws Exception {
        bgenPheno();
        String[] ids = {"s1", "s2", "s3", "s4"};
        write(dir.resolve("t.sample"), "ID_1 ID_2 missing\n0 0 0\nf1 s1 0\nf2 s2 0\nf3 s3 0\nf4 s4 0\n");
        double[][] expected = {
            {1, 1, 0.8, NA}, {0, 1, 0.4, NA},       // m1 ALT C, ALT G
            {0, 2, 0.2, 0}, {1, 0, 1.4, 0},         // m2 ALT C, ALT G
            {0, 2, 1, 2},                           // h3 (haploid doubled)
            {0, 1, 2, 19660 / 65535.0}};            // d4
        for (int comp = 0; comp <= 2; comp++) {
            Files.write(dir.resolve("t" + comp + ".bgen"), bgen(comp, 2, ids, bgenVariants()));
            Object[] r = encode("g" + comp, "--bgen", p("t" + comp + ".bgen"));
            assertEquals(0, r[0], (String) r[1]);
            assertEquals(List.of("1:100:m1:A:C", "1:100:m1:A:G", "1:200:m2:A:C", "1:200:m2:A:G", "X:300:h3:T:C", "1:400:d4:G:A"),
                    variants("g" + comp));
            double[][] m = matrix("g" + comp);
            for (int j = 0; j < expected.length; j++) assertArrayEquals(expected[j], m[j], 1e-6, "compression " + comp + " column " + j);
            var js = Json.read(dir.resolve("g" + comp + ".encode.json"));
            assertEquals(1, js.at("/variants/dropped/no_alt").asInt());
            assertEquals(2, js.at("/variants/multiallelic_sites").asInt());
            assertEquals(2, js.at("/haploid/calls").asInt());
        }
        // .sample IDs (ID_2 = IID) and hard calls: 0.8 -> 1, 0.4 and 1.4 and 0.3 -> missing
        Files.write(dir.resolve("noids.bgen"), bgen(1, 2, null, bgenVariants()));
        assertError("e0", "noids.bgen: no sample identifiers in the file; give them with --sample", "--bgen", p("noids.bgen"));
        Object[] r = encode("h", "--bgen", p("noids.bgen"), "--sample", p("t.sample"), "--hard-calls");
        assertEquals(0, r[0], (String) r[1]);
        // m1:C becomes 1, 1, 1, NA: constant, dropped by QC
        assertEquals(List.of("1:100:m1:A:G", "1:200:m2:A:C", "1:200:m2:A:G", "X:300:h3:T:C", "1:400:d4:G:A"), variants("h"));
        assertEquals(1, Json.read(dir.resolve("h.encode.json")).at("/variants/dropped/constant").asInt());
        double[][] h = matrix("h");
        assertArrayEquals(new double[] {0, 1, NA, NA}, h[0]);
        assertArrayEquals(new double[] {0, 2, NA, 0}, h[1]); // 0.2 is not within 0.1 of 0
        assertArrayEquals(new double[] {1, 0, NA, 0}, h[2]);
        assertArrayEquals(new double[] {0, 2, 1, 2}, h[3]);
        assertArrayEquals(new double[] {0, 1, 2, NA}, h[4]);
        // --bgen-ref last: the last allele is REF, the others ALT
        assertEquals(0, encode("last", "--bgen", p("t1.bgen"), "--bgen-ref", "last")[0]);
        assertEquals(List.of("1:100:m1:G:A", "1:100:m1:G:C", "1:200:m2:G:A", "1:200:m2:G:C", "X:300:h3:C:T", "1:400:d4:A:G"),
                variants("last"));
        double[][] l = matrix("last");
        assertArrayEquals(new double[] {1, 0, 0.8, NA}, l[0], 1e-6); // A count: AC, CG, 2AA+AC+AG = 0.4+0.2+0.2
        assertArrayEquals(new double[] {2, 1, 0, 2 - 19660 / 65535.0}, l[5], 1e-6); // G count = 2 - A count
        assertEquals(0, encode("vr", "--bgen", p("t2.bgen"), "--variant-range", "2-3")[0]);
        assertEquals(List.of("1:200:m2:A:C", "1:200:m2:A:G", "X:300:h3:T:C"), variants("vr"));
        assertArrayEquals(new double[] {0, 2, 1, 2}, matrix("vr")[2]);
        // 32-bit probabilities: P(AA) = 0.2, P(AB) = 0 for sample 4 -> dosage 1.6
        List<BgenVariant> v32 = List.of(new BgenVariant("1", 700, "b32", new String[] {"A", "T"}, probs(4, 2, false, 32, DIPLOID,
                new int[] {-1, 0}, new int[] {0, -1}, new int[] {0, 0}, new int[] {858993459, 0})));
        Files.write(dir.resolve("b32.bgen"), bgen(1, 2, ids, v32));
        assertEquals(0, encode("b32", "--bgen", p("b32.bgen"))[0]);
        assertArrayEquals(new double[] {0, 1, 2, 1.6}, matrix("b32")[0], 1e-6);
        // regions by scanning the variant headers
        assertEquals(0, encode("rg", "--bgen", p("t2.bgen"), "--region", "1:150-450")[0]);
        assertEquals(List.of("1:200:m2:A:C", "1:200:m2:A:G", "1:400:d4:G:A"), variants("rg"));
        assertEquals(0, encode("rx", "--bgen", p("t2.bgen"), "--region", "X")[0]);
        assertEquals(List.of("X:300:h3:T:C"), variants("rx"));
    }

    @Test
    void layoutOneIsRead() throws Exception {
        bgenPheno();
        // layout 1, uncompressed: per variant N, ids, chrom, pos, two alleles, 6N bytes of uint16 probabilities / 32768
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(20).putInt(20).putInt(1).putInt(4).put("bgen".getBytes(StandardCharsets.US_ASCII)).putInt(1 << 2);
        b.putInt(4);
        for (String s : new String[] {"v1", "rs1", "1"}) b.putShort((short) s.length()).put(s.getBytes(StandardCharsets.US_ASCII));
        b.putInt(123);
        for (String a : new String[] {"A", "G"}) b.putInt(1).put(a.getBytes(StandardCharsets.US_ASCII));
        int[][] p = {{32768, 0, 0}, {0, 32768, 0}, {0, 0, 0}, {0, 16384, 16384}};
        for (int[] s : p) for (int x : s) b.putShort((short) x);
        Files.write(dir.resolve("l1.bgen"), Arrays.copyOf(b.array(), b.position()));
        write(dir.resolve("l1.sample"), "ID_1 ID_2 missing\n0 0 0\ns1 s1 0\ns2 s2 0\ns3 s3 0\ns4 s4 0\n");
        Object[] r = encode("l1", "--bgen", p("l1.bgen"), "--sample", p("l1.sample"));
        assertEquals(0, r[0], (String) r[1]);
        assertEquals(List.of("1:123:rs1:A:G"), variants("l1"));
        assertArrayEquals(new double[] {0, 1, NA, 1.5}, matrix("l1")[0], 1e-6);
    }

    @Test
    void malformedBgenIsAOneLineError() throws Exception {
        bgenPheno();
        String[] ids = {"s1", "s2", "s3", "s4"};
        byte[] good = bgen(1, 2, ids, bgenVariants());
        Files.write(dir.resolve("ok.bgen"), good);

        byte[] magic = good.clone();
        magic[16] = 'x';
        Files.write(dir.resolve("u.bgen"), magic);
        assertError("e1", "u.bgen: byte 16: not a BGEN file", "--bgen", p("u.bgen"));
        Files.write(dir.resolve("u.bgen"), Arrays.copyOf(good, good.length - 7));
        assertError("e2", "u.bgen: byte " + (good.length - 7) + ": unexpected end of file (truncated BGEN)", "--bgen", p("u.bgen"));
        Files.write(dir.resolve("u.bgen"), Arrays.copyOf(good, 10));
        assertError("e3", "u.bgen: byte 10: unexpected end of file", "--bgen", p("u.bgen"));
        byte[] layout = good.clone();
        layout[20] = (byte) (1 | (3 << 2));
        Files.write(dir.resolve("u.bgen"), layout);
        assertError("e4", "u.bgen: byte 20: unsupported BGEN layout 3", "--bgen", p("u.bgen"));
        List<BgenVariant> tri = List.of(new BgenVariant("1", 1, "t", new String[] {"A", "C"},
                probs(4, 2, false, 8, new int[] {2, 3, 2, 2}, new int[] {255, 0}, new int[] {255, 0, 0}, new int[] {255, 0},
                        new int[] {255, 0})));
        Files.write(dir.resolve("u.bgen"), bgen(2, 2, ids, tri));
        assertError("e5", "u.bgen: byte 73: variant 1 (1:1): ploidy up to 3; ploidy above 2 is not supported", "--bgen", p("u.bgen"));
        // a corrupt zlib block: the error names the byte offset of the variant's genotype block
        byte[] z = good.clone();
        int at = indexOf(z, new byte[] {0x78, (byte) 0x9c}); // zlib header of the first block
        z[at + 5] ^= 0x55;
        z[at + 6] ^= 0x55;
        Files.write(dir.resolve("u.bgen"), z);
        assertError("e6", "u.bgen: byte " + (at - 8) + ": ", "--bgen", p("u.bgen"));
        write(dir.resolve("short.sample"), "ID_1 ID_2 missing\n0 0 0\na a 0\nb b 0\nc c 0\n");
        assertError("e7", "short.sample: 3 samples, but the BGEN file holds 4", "--bgen", p("ok.bgen"), "--sample", p("short.sample"));
        write(dir.resolve("bad.sample"), "FID IID\n0 0\n");
        assertError("e8", "bad.sample:1: field 'FID': expected a .sample header", "--bgen", p("ok.bgen"), "--sample", p("bad.sample"));
        assertError("e9", "--sample goes with --bgen", "--vcf", p("x.vcf"), "--sample", p("bad.sample"));
        assertError("e10", "nope.bgen: file not found", "--bgen", p("nope.bgen"));
    }

    static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) if (a[i + j] != b[j]) continue outer;
            return i;
        }
        return -1;
    }
}
