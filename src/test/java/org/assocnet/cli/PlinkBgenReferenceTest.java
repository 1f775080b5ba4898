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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --bed and --bgen against plink2's own reading of the same files ({@code plink2 --export A}), on real
 * genotypes and on simulated dosages.
 *
 * <p>Real genotypes: Debian's bolt-lmm-example (1000 Genomes EUR subset, GPL-3+, not redistributed: made at
 * test time, skipped when absent). Commands:
 * <pre>
 *   tar -xJf /usr/share/doc/bolt-lmm/examples/examples.tar.xz EUR_subset.bed EUR_subset.bim EUR_subset.fam
 *   plink2 --bfile EUR_subset --chr 21-22 --thin-count 2000 --seed 1 --make-bed --out slice
 *   plink2 --bfile slice --export vcf bgz id-paste=iid --out slice
 *   plink2 --bfile slice --export A --out slice                      (expected values: slice.raw)
 *   plink2 --bfile slice --export bgen-1.2 ref-first bits=8 --out s12
 *   plink2 --bfile slice --export bgen-1.3 ref-first --out s13
 * </pre>
 * plink2 --export A counts REF (the .raw column is named ID_REF), so the expected ALT dosage is 2 - value.
 *
 * <p>Dosages: {@code assocnet simulate --dosages} writes GT:DS; plink2 converts the DS values:
 * <pre>
 *   plink2 --vcf ds.vcf.gz dosage=DS --export bgen-1.2 ref-first bits=8 --out d8
 *   plink2 --vcf ds.vcf.gz dosage=DS --export bgen-1.3 ref-first bits=16 --out d16
 *   plink2 --bgen d8.bgen ref-first --sample d8.sample --export A --out d8raw      (plink2's dosages from the BGEN)
 * </pre>
 */
class PlinkBgenReferenceTest {
    static final Path TARBALL = Path.of("/usr/share/doc/bolt-lmm/examples/examples.tar.xz");

    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private int encode(String pheno, String out, String... more) {
        List<String> a = new ArrayList<>(List.of("encode", "--pheno", p(pheno), "--out", p(out)));
        a.addAll(List.of(more));
        return (int) EncodeCommandTest.cli(a.toArray(new String[0]))[0];
    }

    private String glm(String cohort) throws Exception {
        assertEquals(0, Main.run("glm", "--cohort", p(cohort), "--out", p(cohort + "_glm"), "--threads", "1"));
        return Files.readString(dir.resolve(cohort + "_glm.glm.tsv"));
    }

    /** A plink2 .raw file: per variant column name, the values of every sample (NaN for NA). */
    static Map<String, double[]> readRaw(Path raw) throws Exception {
        List<String> lines = Files.readAllLines(raw);
        String[] h = lines.get(0).split("\t");
        Map<String, double[]> out = new HashMap<>();
        for (int c = 6; c < h.length; c++) {
            double[] v = new double[lines.size() - 1];
            out.put(h[c], v);
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t");
            for (int c = 6; c < h.length; c++) out.get(h[c])[i - 1] = f[c].equals("NA") ? Double.NaN : Double.parseDouble(f[c]);
        }
        return out;
    }

    /**
     * Checks every matrix column against plink2's .raw (REF counted there); returns the largest absolute difference.
     * Matrix rows and .raw rows are both in file order (every sample kept).
     */
    static double compareWithRaw(Cohort c, Map<String, double[]> raw) throws Exception {
        int n = c.matrix().samples();
        double[] col = new double[n];
        double worst = 0;
        int checked = 0;
        for (int j = 0; j < c.matrix().variants(); j++) {
            Variant v = c.variants().get(j);
            double[] r = raw.get(v.id() + "_" + v.ref());
            assertTrue(r != null, "plink2 counts REF: column " + v.id() + "_" + v.ref());
            assertEquals(n, r.length);
            c.matrix().column(j, col);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.isNaN(r[i]), Double.isNaN(col[i]), v.id() + " sample " + i + " missingness");
                if (!Double.isNaN(r[i])) worst = Math.max(worst, Math.abs((2 - r[i]) - col[i]));
            }
            checked++;
        }
        assertTrue(checked > 100, "a meaningful number of variants");
        return worst;
    }

    @Test
    void realBedAndBgenMatchVcfAndPlink2() throws Exception {
        assumeTrue(Files.isRegularFile(TARBALL) && have("plink2"), "needs Debian packages bolt-lmm-example and plink2");
        run(dir, "tar", "-xJf", TARBALL.toString(), "EUR_subset.bed", "EUR_subset.bim", "EUR_subset.fam");
        run(dir, "plink2", "--bfile", "EUR_subset", "--chr", "21-22", "--thin-count", "2000", "--seed", "1", "--make-bed", "--out", "slice");
        run(dir, "plink2", "--bfile", "slice", "--export", "vcf", "bgz", "id-paste=iid", "--out", "slice");
        run(dir, "plink2", "--bfile", "slice", "--export", "A", "--out", "slice");
        run(dir, "plink2", "--bfile", "slice", "--export", "bgen-1.2", "ref-first", "bits=8", "--out", "s12");
        run(dir, "plink2", "--bfile", "slice", "--export", "bgen-1.3", "ref-first", "--out", "s13");
        // PLINK-style phenotype with the .fam's FIDs: alternate cases and controls
        StringBuilder sb = new StringBuilder("#FID IID PHENO\n");
        List<String> fam = Files.readAllLines(dir.resolve("slice.fam"));
        for (int i = 0; i < fam.size(); i++) {
            String[] f = fam.get(i).trim().split("\\s+");
            sb.append(f[0]).append(' ').append(f[1]).append(' ').append(i % 3 == 0 ? 2 : 1).append('\n');
        }
        EncodeFixtures.write(dir.resolve("pheno.txt"), sb.toString());

        assertEquals(0, encode("pheno.txt", "vcf", "--vcf", p("slice.vcf.gz")));
        assertEquals(0, encode("pheno.txt", "bed", "--bed", p("slice")));
        assertEquals(0, encode("pheno.txt", "bg12", "--bgen", p("s12.bgen"), "--sample", p("s12.sample"), "--hard-calls"));
        assertEquals(0, encode("pheno.txt", "bg13", "--bgen", p("s13.bgen"), "--sample", p("s13.sample")));
        byte[] v = Files.readAllBytes(dir.resolve("vcf.cohort.bin"));
        assertArrayEquals(v, Files.readAllBytes(dir.resolve("bed.cohort.bin")), "bed vs VCF");
        assertArrayEquals(v, Files.readAllBytes(dir.resolve("bg12.cohort.bin")), "8-bit BGEN hard calls vs VCF");
        for (String s : List.of("bed", "bg12", "bg13")) {
            assertEquals(Files.readString(dir.resolve("vcf.variants.tsv")), Files.readString(dir.resolve(s + ".variants.tsv")), s);
            assertEquals(Files.readString(dir.resolve("vcf.samples.tsv")), Files.readString(dir.resolve(s + ".samples.tsv")), s);
        }
        String glmV = glm("vcf");
        assertEquals(glmV, glm("bed"), "GLM table from bed");
        assertEquals(glmV, glm("bg13"), "GLM table from BGEN dosages");
        Map<String, double[]> raw = readRaw(dir.resolve("slice.raw"));
        for (String s : List.of("bed", "bg12", "bg13")) {
            try (Cohort c = Cohort.open(p(s))) {
                assertEquals(0.0, compareWithRaw(c, raw), s + " vs plink2 --export A");
                System.err.println(s + ": " + c.matrix().variants() + " variants x " + c.matrix().samples() + " samples equal plink2 --export A");
            }
        }
    }

    @Test
    void bgenDosagesMatchVcfDsAndPlink2() throws Exception {
        assumeTrue(have("plink2"), "needs plink2");
        assertEquals(0, Main.run("simulate", "--out", p("ds"), "--samples", "500", "--variants", "400", "--chromosomes", "1",
                "--seed", "5", "--dosages", "--dosage-noise", "0.1", "--missing-rate", "0.01", "--covariates", "1"));
        run(dir, "plink2", "--vcf", "ds.vcf.gz", "dosage=DS", "--export", "bgen-1.2", "ref-first", "bits=8", "--out", "d8");
        run(dir, "plink2", "--vcf", "ds.vcf.gz", "dosage=DS", "--export", "bgen-1.3", "ref-first", "bits=16", "--out", "d16");
        run(dir, "plink2", "--bgen", "d8.bgen", "ref-first", "--sample", "d8.sample", "--export", "A", "--out", "d8raw");
        run(dir, "plink2", "--bgen", "d16.bgen", "ref-first", "--sample", "d16.sample", "--export", "A", "--out", "d16raw");
        assertEquals(0, encode("ds.pheno.tsv", "vcf", "--vcf", p("ds.vcf.gz"), "--dosage", "DS"));
        assertEquals(0, encode("ds.pheno.tsv", "d8", "--bgen", p("d8.bgen"), "--sample", p("d8.sample")));
        assertEquals(0, encode("ds.pheno.tsv", "d16", "--bgen", p("d16.bgen"), "--sample", p("d16.sample")));
        assertEquals(Files.readString(dir.resolve("vcf.samples.tsv")), Files.readString(dir.resolve("d8.samples.tsv")));
        try (Cohort vc = Cohort.open(p("vcf")); Cohort c8 = Cohort.open(p("d8")); Cohort c16 = Cohort.open(p("d16"))) {
            assertEquals(vc.matrix().variants(), c8.matrix().variants());
            assertEquals(vc.matrix().variants(), c16.matrix().variants());
            int n = vc.matrix().samples();
            double[] a = new double[n];
            double[] b = new double[n];
            double[] d = new double[n];
            double worst8 = 0;
            double worst16 = 0;
            int fractional = 0;
            for (int j = 0; j < vc.matrix().variants(); j++) {
                vc.matrix().column(j, a);
                c8.matrix().column(j, b);
                c16.matrix().column(j, d);
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.isNaN(a[i]), Double.isNaN(b[i]));
                    if (Double.isNaN(a[i])) continue;
                    if (Math.abs(a[i] - Math.rint(a[i])) > 0.01) fractional++;
                    worst8 = Math.max(worst8, Math.abs(a[i] - b[i]));
                    worst16 = Math.max(worst16, Math.abs(a[i] - d[i]));
                }
            }
            System.err.printf("BGEN dosages vs VCF DS: 8-bit max |diff| %.6f (1/255 = %.6f), 16-bit %.7f; %d fractional dosages%n",
                    worst8, 1 / 255.0, worst16, fractional);
            assertTrue(fractional > 10000, "real dosages, not hard calls");
            assertTrue(worst8 <= 1 / 255.0 + 1e-6, "8-bit dosages within 1/255: " + worst8);
            assertTrue(worst16 <= 1 / 16384.0 + 1 / 65535.0, "16-bit dosages within plink2's 1/16384 resolution: " + worst16);
            // plink2 reading the same BGEN files: its .raw prints dosages to 6 significant digits
            double r8 = compareWithRaw(c8, readRaw(dir.resolve("d8raw.raw")));
            double r16 = compareWithRaw(c16, readRaw(dir.resolve("d16raw.raw")));
            System.err.printf("vs plink2 --bgen --export A: 8-bit max |diff| %.2e, 16-bit %.2e%n", r8, r16);
            assertTrue(r8 < 1e-4 && r16 < 1e-4, r8 + " " + r16);
        }
    }
}
