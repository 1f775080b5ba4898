package org.assocnet.cli;

import static org.assocnet.cli.EncodeFixtures.have;
import static org.assocnet.cli.EncodeFixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.matrix.Variant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same genotypes through --vcf, --bed and --bgen give the same cohort and the same GLM table, on
 * {@code assocnet simulate} cohorts of two seeds (multi-allelic sites, 1% missing calls). Conversions,
 * run by the test (plink2 2.00a3.5, plink 1.9, bcftools):
 * <pre>
 *   bcftools norm -m- -Oz -o split.vcf.gz sim.vcf.gz        (.bed and plink2's BGEN export hold bi-allelic records only)
 *   plink2 --vcf split.vcf.gz --make-bed --out p2
 *   plink1.9 --vcf split.vcf.gz --keep-allele-order --double-id --make-bed --out p19
 *   plink1.9 --vcf split.vcf.gz --double-id --make-bed --out p19minor           (A1 = minor allele)
 *   plink2 --bfile p2 --export bgen-1.1 --out b11                               (layout 1, zlib, REF last)
 *   plink2 --bfile p2 --export bgen-1.2 ref-first bits=B --out b12_B            (B = 1, 3, 8, 16; zlib)
 *   plink2 --bfile p2 --export bgen-1.3 ref-first --out b13                     (zstd)
 *   plink2 --bfile p2 --export bgen-1.3 ref-first sample-v2 --out b13v2          (.sample with a single ID column)
 *   sed '/^#/!s#/#|#g' split.vcf | plink2 --vcf - --export bgen-1.2 ref-first bits=8 --out phased   (phased layout)
 * </pre>
 */
class PlinkBgenInputTest {
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private int encode(String out, String... more) {
        List<String> a = new ArrayList<>(List.of("encode", "--pheno", p("sim.pheno.tsv"), "--covar", p("sim.covar.tsv"), "--out", p(out)));
        a.addAll(List.of(more));
        return (int) EncodeCommandTest.cli(a.toArray(new String[0]))[0];
    }

    private String glm(String cohort) throws Exception {
        assertEquals(0, Main.run("glm", "--cohort", p(cohort), "--out", p(cohort + "_glm"), "--threads", "1"));
        return Files.readString(dir.resolve(cohort + "_glm.glm.tsv"));
    }

    private void assertSameCohort(String expected, String actual) throws Exception {
        assertEquals(Files.readString(dir.resolve(expected + ".variants.tsv")), Files.readString(dir.resolve(actual + ".variants.tsv")),
                actual + " variants");
        assertEquals(Files.readString(dir.resolve(expected + ".samples.tsv")), Files.readString(dir.resolve(actual + ".samples.tsv")),
                actual + " samples");
        try (Cohort a = Cohort.open(p(expected)); Cohort b = Cohort.open(p(actual))) {
            int n = a.matrix().samples();
            double[] x = new double[n];
            double[] y = new double[n];
            for (int j = 0; j < a.matrix().variants(); j++) {
                a.matrix().column(j, x);
                b.matrix().column(j, y);
                assertArrayEquals(x, y, actual + " column " + j);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 11})
    void vcfBedAndBgenGiveTheSameCohortAndGlmTable(int seed) throws Exception {
        assumeTrue(have("plink2") && have("plink1.9") && have("bcftools"), "needs plink2, plink1.9, bcftools");
        assertEquals(0, Main.run("simulate", "--out", p("sim"), "--samples", "600", "--variants", "700", "--chromosomes", "2",
                "--seed", Integer.toString(seed), "--additive", "4", "--covariates", "2", "--missing-rate", "0.01",
                "--multiallelic-rate", "0.02"));
        run(dir, "bcftools", "norm", "-m-", "-Oz", "-o", "split.vcf.gz", "sim.vcf.gz");
        run(dir, "plink2", "--vcf", "split.vcf.gz", "--make-bed", "--out", "p2");
        run(dir, "plink1.9", "--vcf", "split.vcf.gz", "--keep-allele-order", "--double-id", "--make-bed", "--out", "p19");
        run(dir, "plink1.9", "--vcf", "split.vcf.gz", "--double-id", "--make-bed", "--out", "p19minor");
        run(dir, "plink2", "--bfile", "p2", "--export", "bgen-1.1", "--out", "b11");
        for (int b : new int[] {1, 3, 8, 16}) {
            run(dir, "plink2", "--bfile", "p2", "--export", "bgen-1.2", "ref-first", "bits=" + b, "--out", "b12_" + b);
        }
        run(dir, "plink2", "--bfile", "p2", "--export", "bgen-1.3", "ref-first", "--out", "b13");
        run(dir, "plink2", "--bfile", "p2", "--export", "bgen-1.3", "ref-first", "sample-v2", "--out", "b13v2");
        run(dir, "bash", "-c", "zcat split.vcf.gz | sed '/^#/!s#/#|#g' > phased.vcf && plink2 --vcf phased.vcf --export bgen-1.2 "
                + "ref-first bits=8 --out phased");

        assertEquals(0, encode("v", "--vcf", p("sim.vcf.gz")));
        String glmV = glm("v");
        try (Cohort c = Cohort.open(p("v"))) {
            assertTrue(c.matrix().variants() > 300, "a meaningful cohort");
        }
        // PLINK 1 filesets: byte-identical matrix (A1 counted = ALT)
        for (String bed : List.of("p2", "p19")) {
            assertEquals(0, encode(bed, "--bed", p(bed)));
            assertArrayEquals(Files.readAllBytes(dir.resolve("v.cohort.bin")), Files.readAllBytes(dir.resolve(bed + ".cohort.bin")), bed);
            assertSameCohort("v", bed);
            assertEquals(glmV, glm(bed), bed + " GLM table");
        }
        // BGEN hard calls: byte-identical matrix; dosages: the same values in a FLOAT32 matrix
        List<String[]> bgens = List.of(new String[] {"b11", "--bgen-ref", "last"}, new String[] {"b12_1"}, new String[] {"b12_3"},
                new String[] {"b12_8"}, new String[] {"b12_16"}, new String[] {"b13"}, new String[] {"b13v2"}, new String[] {"phased"});
        for (String[] b : bgens) {
            List<String> args = new ArrayList<>(List.of("--bgen", p(b[0] + ".bgen"), "--sample", p(b[0] + ".sample")));
            args.addAll(List.of(b).subList(1, b.length));
            List<String> hard = new ArrayList<>(args);
            hard.add("--hard-calls");
            assertEquals(0, encode(b[0] + "h", hard.toArray(new String[0])));
            assertArrayEquals(Files.readAllBytes(dir.resolve("v.cohort.bin")), Files.readAllBytes(dir.resolve(b[0] + "h.cohort.bin")), b[0]);
            assertSameCohort("v", b[0] + "h");
            assertEquals(0, encode(b[0] + "d", args.toArray(new String[0])));
            try (Cohort c = Cohort.open(p(b[0] + "d"))) {
                assertEquals(MatrixHeader.ValueType.FLOAT32, c.matrix().header().valueType());
            }
            assertSameCohort("v", b[0] + "d");
            if (b[0].equals("b13") || b[0].equals("phased")) assertEquals(glmV, glm(b[0] + "d"), b[0] + " GLM table");
        }
        // sample IDs from the BGEN file itself (no --sample)
        assertEquals(0, encode("b13ids", "--bgen", p("b13.bgen"), "--hard-calls"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("v.cohort.bin")), Files.readAllBytes(dir.resolve("b13ids.cohort.bin")));

        // plink 1.9 without --keep-allele-order counts the minor allele: each column is the VCF's or 2 minus it, REF/ALT swapped
        assertEquals(0, encode("p19minor", "--bed", p("p19minor")));
        assertEquals(0, encode("p2a2", "--bed", p("p2"), "--bed-count", "a2"));
        try (Cohort v = Cohort.open(p("v")); Cohort m = Cohort.open(p("p19minor")); Cohort a2 = Cohort.open(p("p2a2"))) {
            int n = v.matrix().samples();
            double[] x = new double[n];
            double[] y = new double[n];
            double[] z = new double[n];
            int swapped = 0;
            for (int j = 0; j < v.matrix().variants(); j++) {
                Variant vv = v.variants().get(j);
                Variant mv = m.variants().get(j);
                Variant av = a2.variants().get(j);
                v.matrix().column(j, x);
                m.matrix().column(j, y);
                a2.matrix().column(j, z);
                assertEquals(vv.ref() + vv.alt(), av.alt() + av.ref());
                for (int i = 0; i < n; i++) assertEquals(Double.isNaN(x[i]) ? x[i] : 2 - x[i], z[i], "--bed-count a2");
                boolean swap = !mv.alt().equals(vv.alt());
                if (swap) swapped++;
                for (int i = 0; i < n; i++) assertEquals(Double.isNaN(x[i]) || !swap ? x[i] : 2 - x[i], y[i]);
                assertTrue(mv.altFreq() <= 0.5 + 1e-9, "plink 1.9 A1 = minor allele");
            }
            assertTrue(swapped > 10, "some ALT alleles are major alleles");
        }

        // a chunk by --region (pipeline style: match by start): the same records from every format
        String region = "1:100000-250000";
        assertEquals(0, encode("rv", "--vcf", p("sim.vcf.gz"), "--region", region, "--region-match", "start"));
        assertEquals(0, encode("rb", "--bed", p("p2"), "--region", region, "--region-match", "start"));
        assertEquals(0, encode("rg", "--bgen", p("b13.bgen"), "--hard-calls", "--region", region, "--region-match", "start"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("rv.cohort.bin")), Files.readAllBytes(dir.resolve("rb.cohort.bin")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("rv.cohort.bin")), Files.readAllBytes(dir.resolve("rg.cohort.bin")));
        assertSameCohort("rv", "rb");
        assertSameCohort("rv", "rg");
        try (Cohort c = Cohort.open(p("rv"))) {
            assertTrue(c.matrix().variants() > 20 && c.matrix().variants() < 400, "the region is a real part of chromosome 1");
        }

        // the same region and a variant range through a bgenix-style .bgi index (SQLite), made by
        // src/test/resources/bgen/make_bgi.py from its own reading of the file: identical records
        Path script = Path.of("src/test/resources/bgen/make_bgi.py").toAbsolutePath();
        run(dir, "python3", script.toString(), "b13.bgen");
        assertTrue(Files.isRegularFile(dir.resolve("b13.bgen.bgi")));
        Object[] r = EncodeCommandTest.cli("encode", "--pheno", p("sim.pheno.tsv"), "--covar", p("sim.covar.tsv"), "--out", p("rgi"),
                "--bgen", p("b13.bgen"), "--hard-calls", "--region", region, "--region-match", "start");
        assertEquals(0, r[0]);
        assertTrue(((String) r[1]).contains("through b13.bgen.bgi"), "the index was used");
        assertArrayEquals(Files.readAllBytes(dir.resolve("rv.cohort.bin")), Files.readAllBytes(dir.resolve("rgi.cohort.bin")));
        assertSameCohort("rv", "rgi");
        assertEquals(0, encode("rgo", "--bgen", p("b13.bgen"), "--hard-calls", "--region", region)); // overlap matching
        assertEquals(0, encode("rvo", "--vcf", p("sim.vcf.gz"), "--region", region));
        assertSameCohort("rvo", "rgo");
        // variant ranges: through the index and by scanning (index removed) give the same records, and
        // adjacent ranges together give the whole file
        assertEquals(0, encode("vr1", "--bgen", p("b13.bgen"), "--hard-calls", "--variant-range", "1-300"));
        assertEquals(0, encode("vr2", "--bgen", p("b13.bgen"), "--hard-calls", "--variant-range", "301-100000"));
        Files.delete(dir.resolve("b13.bgen.bgi"));
        assertEquals(0, encode("vs2", "--bgen", p("b13.bgen"), "--hard-calls", "--variant-range", "301-100000"));
        assertSameCohort("vr2", "vs2");
        assertArrayEquals(Files.readAllBytes(dir.resolve("vr2.cohort.bin")), Files.readAllBytes(dir.resolve("vs2.cohort.bin")));
        List<String> whole = Files.readAllLines(dir.resolve("v.variants.tsv"));
        List<String> parts = new ArrayList<>(Files.readAllLines(dir.resolve("vr1.variants.tsv")));
        parts.addAll(Files.readAllLines(dir.resolve("vr2.variants.tsv")).subList(1, Files.readAllLines(dir.resolve("vr2.variants.tsv")).size()));
        assertEquals(whole, parts, "ranges 1-300 and 301- together are the whole file");
    }
}
