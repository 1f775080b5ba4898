package org.assocnet.epistasis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;
import org.assocnet.cli.Main;
import org.assocnet.matrix.Cohort;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assocnet epistasis} against PLINK 1.9 {@code --fast-epistasis boost} on real genotypes (379 samples x 800
 * variants of the 1000 Genomes EUR subset in Debian's bolt-lmm-example, ~1% calls set missing, a phenotype with
 * one XOR-like pair). Expected files and the commands that made them: src/test/resources/epistasis/plink/
 * (make-vcf.sh builds the genotypes at test time, make-expected.sh ran PLINK v1.90b6.26). PLINK prints STAT with 6
 * and P with 4 significant digits; its list holds every pair whose Kirkwood screen passed --epi1 (1e-2 here),
 * with the exact statistic, which is what {@code --screen-p 1e-2 --report-p 1} writes.
 */
class EpistasisPlinkTest {
    static final Path TARBALL = Path.of("/usr/share/doc/bolt-lmm/examples/examples.tar.xz");
    static final Path RES = Path.of("src/test/resources/epistasis/plink");

    @TempDir
    static Path dir;

    static String cohort;

    static boolean have(String tool) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(p, tool))) return true;
        return false;
    }

    @BeforeAll
    static void fixture() throws Exception {
        assumeTrue(Files.isRegularFile(TARBALL) && have("plink2") && have("bgzip") && have("tabix"),
                "needs Debian packages bolt-lmm-example, plink2, tabix");
        Process p = new ProcessBuilder("bash", RES.resolve("make-vcf.sh").toAbsolutePath().toString(), dir.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        cohort = dir.resolve("fx").toString();
        assertEquals(0, Main.run("encode", "--vcf", dir.resolve("miss.vcf.gz").toString(), "--pheno", RES.resolve("pheno.tsv").toString(),
                "--covar", RES.resolve("covar.tsv").toString(), "--out", cohort));
    }

    record Row(double stat, int df, double p) {}

    /** PLINK .epi.cc or OUT.epistasis.tsv rows keyed "SNP1 SNP2". */
    static Map<String, Row> read(Path f, boolean plink) throws Exception {
        Map<String, Row> m = new HashMap<>();
        List<String> lines = Files.readAllLines(f);
        for (String l : lines.subList(1, lines.size())) {
            String[] x = plink ? l.trim().split("\\s+") : l.split("\t");
            if (x.length < 7) continue;
            if (plink) m.put(x[1] + " " + x[3], new Row(Double.parseDouble(x[4]), Integer.parseInt(x[5]), Double.parseDouble(x[6])));
            else m.put(x[2] + " " + x[5], new Row(Double.parseDouble(x[6]), Integer.parseInt(x[7]), Double.parseDouble(x[8])));
        }
        return m;
    }

    static void assertSame(Map<String, Row> plink, Map<String, Row> ours) {
        assertEquals(new TreeSet<>(plink.keySet()), new TreeSet<>(ours.keySet()), "pair lists differ");
        for (Map.Entry<String, Row> e : plink.entrySet()) {
            Row a = e.getValue(), b = ours.get(e.getKey());
            assertEquals(a.stat(), b.stat(), 0.0, e.getKey() + " STAT (6 significant digits)");
            assertEquals(a.df(), b.df(), e.getKey() + " DF");
            // PLINK's P has 4 significant digits: equal after rounding ours to 4 (our printed value has 6, so allow the double rounding)
            assertEquals(a.p(), b.p(), 5.01e-4 * a.p(), e.getKey() + " P");
        }
    }

    @Test
    void everyScreenedPairEqualsPlink() throws Exception {
        String out = dir.resolve("all").toString();
        assertEquals(0, Main.run("epistasis", "--cohort", cohort, "--out", out, "--screen-p", "1e-2", "--report-p", "1",
                "--confirm-p", "0", "--threads", "2"));
        Map<String, Row> plink = read(RES.resolve("plink-boost.epi.cc"), true);
        assertEquals(2197, plink.size());
        assertSame(plink, read(Path.of(out + ".epistasis.tsv"), false));
        var json = org.assocnet.io.Json.read(Path.of(out + ".epistasis.json"));
        assertEquals(319_600, json.get("counts").get("pairs").asLong());
        assertEquals(319_600, json.get("counts").get("tested").asLong());
        assertEquals(0.05 / 319_600, json.get("bonferroni").get("threshold").asDouble(), 1e-20);
    }

    @Test
    void defaultScreenReportsThePairsBelowReportP() throws Exception {
        String out = dir.resolve("rep").toString();
        assertEquals(0, Main.run("epistasis", "--cohort", cohort, "--out", out, "--report-p", "1e-3", "--threads", "1"));
        Map<String, Row> plink = read(RES.resolve("plink-boost.epi.cc"), true);
        plink.values().removeIf(r -> r.p() > 1e-3);
        Map<String, Row> ours = read(Path.of(out + ".epistasis.tsv"), false);
        assertSame(plink, ours);
        // sorted by P; the planted pair first, confirmed (P <= default --confirm-p 1e-5)
        List<String> lines = Files.readAllLines(Path.of(out + ".epistasis.tsv"));
        assertEquals(EpistasisRun.HEADER, lines.get(0));
        String[] top = lines.get(1).split("\t");
        assertEquals("rs2824249", top[2]);
        assertEquals("rs5752315", top[5]);
        assertTrue(Double.parseDouble(top[14]) < 1e-10, "P_GENO4 of the planted pair: " + top[14]);
        // the JSON's best pair carries the table's confirmation and its case/control 3x3 tables (for the report's panels)
        var first = org.assocnet.io.Json.read(Path.of(out + ".epistasis.json")).get("top_pairs").get(0);
        assertEquals("rs2824249", first.get("id1").asText());
        String[] names = {"beta_int", "or_int", "l95", "u95", "p_int", "p_geno4"};
        for (int k = 0; k < names.length; k++) assertEquals(Double.parseDouble(top[9 + k]), first.get(names[k]).asDouble(), 1e-5 * Math.abs(first.get(names[k]).asDouble()), names[k]);
        long n = 0;
        for (String t : new String[] {"cases_3x3", "controls_3x3"}) for (var row : first.get(t)) for (var c : row) n += c.asLong();
        var counts = org.assocnet.io.Json.read(Path.of(out + ".epistasis.json")).get("input");
        assertTrue(n <= counts.get("samples").asLong() && n > 0.95 * counts.get("samples").asLong(), "3x3 tables hold the pair's samples: " + n);
        double prev = 0;
        for (String l : lines.subList(1, lines.size())) {
            double p = Double.parseDouble(l.split("\t")[8]);
            assertTrue(p >= prev);
            prev = p;
        }
    }

    @Test
    void sampleRestrictionEqualsPlinkKeep() throws Exception {
        String out = dir.resolve("keep").toString();
        assertEquals(0, Main.run("epistasis", "--cohort", cohort, "--out", out, "--samples", RES.resolve("keep.txt").toString(),
                "--screen-p", "1e-2", "--report-p", "1", "--confirm-p", "0", "--threads", "2"));
        assertSame(read(RES.resolve("plink-boost-keep.epi.cc"), true), read(Path.of(out + ".epistasis.tsv"), false));
    }

    @Test
    void twoChunksCoverTheCrossPairs() throws Exception {
        String c21 = dir.resolve("c21").toString(), c22 = dir.resolve("c22").toString();
        for (String[] r : new String[][] {{"21", c21}, {"22", c22}}) {
            assertEquals(0, Main.run("encode", "--vcf", dir.resolve("miss.vcf.gz").toString(), "--pheno", RES.resolve("pheno.tsv").toString(),
                    "--covar", RES.resolve("covar.tsv").toString(), "--region", r[0], "--out", r[1]));
        }
        Map<String, Row> plink = read(RES.resolve("plink-boost.epi.cc"), true);
        Map<String, Row> union = new HashMap<>();
        for (String[] pair : new String[][] {{c21, null}, {c21, c22}, {c22, null}}) {
            String out = dir.resolve("chunk" + union.size()).toString();
            if (pair[1] == null) assertEquals(0, Main.run("epistasis", "--cohort", pair[0], "--out", out, "--screen-p", "1e-2", "--report-p", "1", "--confirm-p", "0"));
            else assertEquals(0, Main.run("epistasis", "--cohort", pair[0], "--cohort-b", pair[1], "--out", out, "--screen-p", "1e-2", "--report-p", "1", "--confirm-p", "0"));
            Map<String, Row> part = read(Path.of(out + ".epistasis.tsv"), false);
            for (String k : part.keySet()) assertTrue(union.put(k, part.get(k)) == null, "pair twice: " + k);
        }
        assertSame(plink, union);
    }

    @Test
    void kirkwoodBoundsTheExactStatisticAndThreadsDoNotMatter() throws Exception {
        try (Cohort c = Cohort.open(cohort)) {
            GenotypePlanes p = GenotypePlanes.read(c, null);
            PairScan s = new PairScan(p, null, 1.0, 1);
            BoostTest t = new BoostTest(p.nCase + p.nCtrl);
            int[] tab = new int[18];
            int checked = 0;
            double worst = 0, worstSig = 0;
            for (int i = 0; i < 300; i++) {
                for (int j = i + 1; j < 300; j++) {
                    s.table(i, j, tab);
                    double k = t.kirkwood(tab);
                    if (t.lastDf == 0) continue;
                    double e = t.exact(tab);
                    double tight = t.exact(tab, 1e-10);
                    assertTrue(e <= k + 1e-7 * (1 + k), "Kirkwood bound " + k + " < exact " + e);
                    worst = Math.max(worst, Math.abs(e - tight));
                    if (BoostTest.p(tight, t.lastDf) < 1e-2) worstSig = Math.max(worstSig, Math.abs(e - tight) / tight);
                    checked++;
                }
            }
            assertTrue(checked > 40_000);
            System.err.printf("IPF at PLINK's tolerance vs converged: max |diff| %.3g over all pairs, max relative %.3g where P < 0.01%n", worst, worstSig);
            assertTrue(worstSig < 1e-3, "PLINK-tolerance IPF vs converged where P < 0.01: " + worstSig);
            PairScan.Result one = new PairScan(p, null, 1e-2, 1).run(), three = new PairScan(p, null, 1e-2, 3).run();
            Set<String> a = new TreeSet<>(), b = new TreeSet<>();
            one.hits().forEach(h -> a.add(h.i() + " " + h.j() + " " + h.stat()));
            three.hits().forEach(h -> b.add(h.i() + " " + h.j() + " " + h.stat()));
            assertEquals(a, b);
            // the bounded best-first list equals the full list sorted and cut, at any thread count, and counts what passed
            List<PairScan.Hit> all = new ArrayList<>(new PairScan(p, null, 1, 1).run().hits());
            all.sort(PairScan.BEST_FIRST);
            for (int threads : new int[] {1, 3}) {
                PairScan.Result best = new PairScan(p, null, 1, threads).top(25).run();
                assertEquals(all.size(), best.passed());
                assertEquals(25, best.hits().size());
                for (int q = 0; q < 25; q++) {
                    assertEquals(all.get(q).i() + " " + all.get(q).j() + " " + all.get(q).stat(),
                            best.hits().get(q).i() + " " + best.hits().get(q).j() + " " + best.hits().get(q).stat(), "rank " + q);
                }
            }
            assertEquals(one.hits().stream().filter(h -> h.p() <= 1e-2).count(), one.passed());
        }
    }

    @Test
    void badInputIsAOneLineUserError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad-samples.txt"), "HG00096\nNOPE\n");
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            assertEquals(2, Main.run("epistasis", "--cohort", cohort, "--out", dir.resolve("x").toString(), "--samples", bad.toString()));
            assertEquals(2, Main.run("epistasis", "--cohort", cohort, "--out", dir.resolve("x").toString(), "--report-p", "2"));
        } finally {
            System.setErr(old);
        }
        String msg = err.toString();
        assertTrue(msg.contains("bad-samples.txt:2") && msg.contains("NOPE"), msg);
        assertTrue(msg.contains("--report-p"), msg);
        assertTrue(!Files.exists(dir.resolve("x.epistasis.tsv")));
    }
}
