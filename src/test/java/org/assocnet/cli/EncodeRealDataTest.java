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
import org.assocnet.encode.Hwe;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.Variant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * encode on real genotypes: a slice of the 1000 Genomes EUR subset shipped in Debian's bolt-lmm-example
 * (GPL-3+, so not redistributed here: the fixture is made at test time and the test is skipped when the
 * package or plink2/bcftools/tabix are absent). Fixture commands:
 * <pre>
 *   tar -xJf /usr/share/doc/bolt-lmm/examples/examples.tar.xz EUR_subset.bed EUR_subset.bim EUR_subset.fam
 *   plink2 --bfile EUR_subset --chr 21-22 --thin-count 600 --seed 1 --export vcf bgz id-paste=iid --out slice
 *   tabix -p vcf slice.vcf.gz ; cp slice.vcf.gz csi.vcf.gz ; bcftools index csi.vcf.gz
 *   bcftools view -Ob -o slice.bcf slice.vcf.gz
 *   bcftools query -f '%CHROM\t%POS\t%ID\t%REF\t%ALT[\t%GT]\n' slice.vcf.gz    (expected values)
 * </pre>
 */
class EncodeRealDataTest {
    static final Path TARBALL = Path.of("/usr/share/doc/bolt-lmm/examples/examples.tar.xz");

    @TempDir
    static Path dir;

    static Path pheno;

    @BeforeAll
    static void fixture() throws Exception {
        assumeTrue(Files.isRegularFile(TARBALL) && have("plink2") && have("bcftools") && have("tabix"),
                "needs Debian packages bolt-lmm-example, plink2, bcftools, tabix");
        run(dir, "tar", "-xJf", TARBALL.toString(), "EUR_subset.bed", "EUR_subset.bim", "EUR_subset.fam");
        run(dir, "plink2", "--bfile", "EUR_subset", "--chr", "21-22", "--thin-count", "600", "--seed", "1", "--export", "vcf", "bgz",
                "id-paste=iid", "--out", "slice");
        run(dir, "tabix", "-p", "vcf", "slice.vcf.gz");
        Files.copy(dir.resolve("slice.vcf.gz"), dir.resolve("csi.vcf.gz"));
        run(dir, "bcftools", "index", "csi.vcf.gz");
        run(dir, "bcftools", "view", "-Ob", "-o", "slice.bcf", "slice.vcf.gz");
        // a PLINK-style phenotype with FIDs (the VCF carries IIDs only): alternate cases and controls
        StringBuilder sb = new StringBuilder("#FID IID PHENO\n");
        List<String> fam = Files.readAllLines(dir.resolve("EUR_subset.fam"));
        for (int i = 0; i < fam.size(); i++) {
            String[] f = fam.get(i).trim().split("\\s+");
            sb.append(f[0]).append(' ').append(f[1]).append(' ').append(i % 2 == 0 ? 2 : 1).append('\n');
        }
        pheno = EncodeFixtures.write(dir.resolve("pheno.txt"), sb.toString());
    }

    static int encode(String out, String... more) {
        List<String> a = new ArrayList<>(List.of("encode", "--pheno", pheno.toString(), "--out", dir.resolve(out).toString()));
        a.addAll(List.of(more));
        return (int) EncodeCommandTest.cli(a.toArray(new String[0]))[0];
    }

    /** Expected kept records and their dosages from bcftools query (monomorphic sites dropped, as encode does). */
    static List<String[]> bcftools(String file, String... filter) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bcftools", "query"));
        cmd.addAll(List.of(filter));
        cmd.addAll(List.of("-f", "%CHROM\\t%POS\\t%ID\\t%REF\\t%ALT[\\t%GT]\\n", file));
        List<String[]> rows = new ArrayList<>();
        for (String line : run(dir, cmd.toArray(new String[0])).split("\n")) {
            if (!line.isEmpty()) rows.add(line.split("\t"));
        }
        return rows;
    }

    static double dosage(String gt) {
        if (gt.contains(".")) return Double.NaN;
        int c = 0;
        for (String a : gt.split("[/|]")) c += a.equals("1") ? 1 : 0;
        return gt.split("[/|]").length == 1 ? 2 * c : c;
    }

    static void assertMatchesBcftools(String prefix, List<String[]> rows) throws Exception {
        try (Cohort c = Cohort.open(dir.resolve(prefix).toString())) {
            int n = c.matrix().samples();
            double[] col = new double[n];
            int j = 0;
            int mono = 0;
            for (String[] r : rows) {
                double[] exp = new double[n];
                double sum = 0;
                int obs = 0;
                for (int i = 0; i < n; i++) {
                    exp[i] = dosage(r[5 + i]);
                    if (!Double.isNaN(exp[i])) {
                        sum += exp[i];
                        obs++;
                    }
                }
                if (sum == 0 || sum == 2 * obs) {
                    mono++;
                    continue;
                }
                Variant v = c.variants().get(j);
                assertEquals(r[0] + ":" + r[1] + ":" + r[2] + ":" + r[3] + ":" + r[4],
                        v.chrom() + ":" + v.pos() + ":" + v.id() + ":" + v.ref() + ":" + v.alt());
                c.matrix().column(j, col);
                assertArrayEquals(exp, col, "variant " + v.id());
                assertEquals(obs, v.obsCount());
                j++;
            }
            assertEquals(j, c.matrix().variants(), "kept variants");
            assertTrue(j > 100, "a meaningful slice");
            System.err.println(prefix + ": " + j + " variants match bcftools, " + mono + " monomorphic dropped");
        }
    }

    @Test
    void fastReaderMatchesBcftoolsAndHtsjdkAndBcf() throws Exception {
        assertEquals(0, encode("fast", "--vcf", dir.resolve("slice.vcf.gz").toString()));
        assertMatchesBcftools("fast", bcftools("slice.vcf.gz"));
        assertEquals(0, encode("hts", "--vcf", dir.resolve("slice.vcf.gz").toString(), "--reader", "htsjdk"));
        byte[] fast = Files.readAllBytes(dir.resolve("fast.cohort.bin"));
        assertArrayEquals(fast, Files.readAllBytes(dir.resolve("hts.cohort.bin")), "fast vs htsjdk VCF reader");
        assertEquals(Files.readString(dir.resolve("fast.variants.tsv")), Files.readString(dir.resolve("hts.variants.tsv")));
        // BCF 2.2 through assocnet's own BCF decoder: identical
        assertEquals(0, encode("bcf", "--vcf", dir.resolve("slice.bcf").toString()));
        assertArrayEquals(fast, Files.readAllBytes(dir.resolve("bcf.cohort.bin")), "fast VCF vs BCF");
        assertEquals(Files.readString(dir.resolve("fast.variants.tsv")), Files.readString(dir.resolve("bcf.variants.tsv")));
        // htsjdk 4.1.3 cannot decode bcftools' BCF 2.2: a clear user error, not a crash
        Object[] r = EncodeCommandTest.cli("encode", "--pheno", pheno.toString(), "--out", dir.resolve("bcfh").toString(),
                "--vcf", dir.resolve("slice.bcf").toString(), "--reader", "htsjdk");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("slice.bcf: BCF version 2.2 cannot be decoded by htsjdk"));
    }

    @Test
    void regionsThroughTabixAndCsiMatchBcftools() throws Exception {
        String region = "22:25000000-40000000";
        List<String[]> rows = bcftools("slice.vcf.gz", "-r", region);
        assertEquals(0, encode("rtbi", "--vcf", dir.resolve("slice.vcf.gz").toString(), "--region", region));
        assertMatchesBcftools("rtbi", rows);
        assertEquals(0, encode("rcsi", "--vcf", dir.resolve("csi.vcf.gz").toString(), "--region", region));
        assertMatchesBcftools("rcsi", rows);
        // BED with two regions on two chromosomes
        Path bed = EncodeFixtures.write(dir.resolve("r.bed"), "21\t20000000\t30000000\n22\t30000000\t35000000\n");
        List<String[]> rows2 = bcftools("slice.vcf.gz", "-R", bed.toString());
        assertEquals(0, encode("rbed", "--vcf", dir.resolve("slice.vcf.gz").toString(), "--regions-file", bed.toString()));
        assertMatchesBcftools("rbed", rows2);
        // the same regions given out of order and overlapping (as --region): output stays in file order, no duplicates
        assertEquals(0, encode("rbed2", "--vcf", dir.resolve("csi.vcf.gz").toString(), "--region", "22:30000001-33000000",
                "--region", "21:20000001-30000000", "--region", "22:32000000-35000000"));
        assertEquals(Files.readString(dir.resolve("rbed.variants.tsv")), Files.readString(dir.resolve("rbed2.variants.tsv")));
        // BCF with its CSI index
        run(dir, "bcftools", "index", "slice.bcf");
        assertEquals(0, encode("rbcf", "--vcf", dir.resolve("slice.bcf").toString(), "--regions-file", bed.toString()));
        assertEquals(Files.readString(dir.resolve("rbed.variants.tsv")), Files.readString(dir.resolve("rbcf.variants.tsv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("rbed.cohort.bin")), Files.readAllBytes(dir.resolve("rbcf.cohort.bin")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("rbed.cohort.bin")), Files.readAllBytes(dir.resolve("rbed2.cohort.bin")));
    }

    @Test
    void hweFilterUsesControlsOnlyLikePlink2() throws Exception {
        // controls = PHENO 1 = odd rows of the .fam; plink2 --hardy on them gives the reference p-values
        StringBuilder keep = new StringBuilder();
        List<String> fam = Files.readAllLines(dir.resolve("EUR_subset.fam"));
        for (int i = 1; i < fam.size(); i += 2) keep.append(fam.get(i).trim().split("\\s+")[1]).append('\n');
        EncodeFixtures.write(dir.resolve("controls.txt"), keep.toString());
        run(dir, "plink2", "--vcf", "slice.vcf.gz", "--keep", "controls.txt", "--hardy", "--out", "hwc");
        List<String> lines = Files.readAllLines(dir.resolve("hwc.hardy"));
        int expected = 0;
        for (String l : lines.subList(1, lines.size())) {
            if (Double.parseDouble(l.split("\t")[9]) < 0.05) expected++;
        }
        assertTrue(expected > 0, "the slice has HWE failures in controls");
        assertEquals(0, encode("hwe", "--vcf", dir.resolve("slice.vcf.gz").toString(), "--hwe", "0.05"));
        var j = org.assocnet.io.Json.read(dir.resolve("hwe.encode.json"));
        assertEquals(expected, j.at("/variants/dropped/hwe").asInt());
        assertEquals(600 - expected, j.at("/variants/kept").asInt());
    }

    @Test
    void hweExactMatchesPlink2Hardy() throws Exception {
        // plink2 --vcf slice.vcf.gz --hardy: columns HOM_A1_CT HET_A1_CT TWO_AX_CT ... P
        run(dir, "plink2", "--vcf", "slice.vcf.gz", "--hardy", "--out", "hw");
        List<String> lines = Files.readAllLines(dir.resolve("hw.hardy"));
        int checked = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            double p = Hwe.exactP(Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]));
            double ref = Double.parseDouble(f[9]);
            assertEquals(ref, p, Math.max(1e-300, ref * 1e-5), l);
            checked++;
        }
        assertTrue(checked > 500);
    }
}
