package org.assocnet.glm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assocnet.core.UserException;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.stats.MultipleTesting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlmEngineTest {
    @TempDir
    Path dir;

    /** n = 1003 (not a multiple of 8), 300 variants with 2% missing calls, a few rare ones. */
    static List<double[]> genotypes(int n, int p, long seed) {
        Random r = new Random(seed);
        List<double[]> cols = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            double f = j % 10 == 0 ? 0.003 : 0.05 + 0.4 * r.nextDouble();
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = (r.nextDouble() < f ? 1 : 0) + (r.nextDouble() < f ? 1 : 0);
                if (r.nextDouble() < 0.02) g[i] = Double.NaN;
            }
            cols.add(g);
        }
        return cols;
    }

    static int[] pheno(int n, long seed) {
        Random r = new Random(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextDouble() < 0.4 ? 1 : 0;
        return y;
    }

    static double[][] covariates(int n, long seed) {
        Random r = new Random(seed);
        double[][] c = new double[n][2];
        for (int i = 0; i < n; i++) {
            c[i][0] = 40 + 10 * r.nextGaussian();
            c[i][1] = r.nextBoolean() ? 1 : 0;
        }
        return c;
    }

    GlmRow[][] run(String prefix, GlmOptions o) throws Exception {
        try (Cohort c = Cohort.open(prefix)) {
            return new GlmEngine(c, o).run();
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() throws Exception {
        int n = 1003;
        String pre = RefData.writeCohort(dir, "t", pheno(n, 1), covariates(n, 2), List.of("AGE", "SEX"),
                genotypes(n, 300, 3), MatrixHeader.ValueType.UINT8);
        GlmRow[][] a = run(pre, GlmOptions.defaults().withThreads(1));
        GlmRow[][] b = run(pre, GlmOptions.defaults().withThreads(3));
        assertEquals(a.length, b.length);
        // equal to far below the printed digits: the SIMD kernels' exp and log are the JDK's vector intrinsics once
        // compiled but per-lane Math calls before, which can differ in the last bit; which variants run before the
        // JIT compiles a kernel depends on the thread count (docs/performance.md)
        for (int j = 0; j < a.length; j++) {
            assertEquals(a[j].length, b[j].length);
            for (int t = 0; t < a[j].length; t++) sameToRounding(a[j][t], b[j][t], "variant " + j);
        }
        long firth = java.util.Arrays.stream(a).filter(r -> r[0].firth()).count();
        assertTrue(firth > 0, "rare variants should exercise the Firth fallback");
    }

    static void sameToRounding(GlmRow x, GlmRow y, String what) {
        assertEquals(x.errcode(), y.errcode(), what);
        assertEquals(x.test(), y.test(), what);
        assertEquals(x.firth(), y.firth(), what);
        assertEquals(x.obsCount(), y.obsCount(), what);
        assertEquals(x.converged(), y.converged(), what);
        assertEquals(x.a1Freq(), y.a1Freq(), 0.0, what);
        double[][] v = {{x.beta(), y.beta()}, {x.se(), y.se()}, {x.z(), y.z()}, {x.p(), y.p()}, {x.log10P(), y.log10P()}};
        for (double[] d : v) {
            if (Double.isNaN(d[0])) assertTrue(Double.isNaN(d[1]), what);
            else assertEquals(d[0], d[1], 1e-12 + 1e-10 * Math.abs(d[0]), what);
        }
    }

    @Test
    void groupedHardCallPathEqualsIndividualPath() throws Exception {
        int n = 1003;
        List<double[]> g = genotypes(n, 200, 5);
        int[] y = pheno(n, 6);
        String u8 = RefData.writeCohort(dir, "u8", y, null, List.of(), g, MatrixHeader.ValueType.UINT8);
        String f32 = RefData.writeCohort(dir, "f32", y, null, List.of(), g, MatrixHeader.ValueType.FLOAT32);
        for (GlmOptions o : List.of(GlmOptions.defaults(), GlmOptions.defaults().withTest(GlmOptions.Test.LRT),
                GlmOptions.defaults().withFirth(GlmOptions.FirthMode.ALWAYS))) {
            GlmRow[][] a = run(u8, o);
            GlmRow[][] b = run(f32, o);
            for (int j = 0; j < a.length; j++) {
                GlmRow x = a[j][0], z = b[j][0];
                assertEquals(x.obsCount(), z.obsCount());
                assertEquals(x.a1CaseCount(), z.a1CaseCount(), 1e-9);
                assertEquals(x.a1CtrlCount(), z.a1CtrlCount(), 1e-9);
                assertEquals(x.errcode(), z.errcode(), "variant " + j);
                assertEquals(x.firth(), z.firth(), "variant " + j);
                if (!Double.isNaN(x.beta())) {
                    assertEquals(x.beta(), z.beta(), 1e-8 * Math.max(1, Math.abs(x.beta())), "beta " + j);
                    assertEquals(x.se(), z.se(), 1e-8 * x.se(), "se " + j);
                    assertEquals(x.log10P(), z.log10P(), 1e-7 * Math.max(1, Math.abs(x.log10P())), "P " + j);
                }
            }
        }
    }

    @Test
    void singletonCarrierFallsBackToFirth() throws Exception {
        int n = 1001;
        int[] y = pheno(n, 9);
        int carrier = 0;
        while (y[carrier] != 1) carrier++;
        double[] g = new double[n];
        g[carrier] = 1; // MAC 1, carried by a case: quasi-separation
        double[] g2 = new double[n];
        g2[carrier] = 2;
        for (MatrixHeader.ValueType t : MatrixHeader.ValueType.values()) {
            for (boolean withCov : new boolean[] {false, true}) {
                String pre = RefData.writeCohort(dir, "single" + t + withCov, y, withCov ? covariates(n, 3) : null,
                        withCov ? List.of("AGE", "SEX") : List.of(), List.of(g, g2), t);
                for (GlmRow[] rows : run(pre, GlmOptions.defaults())) {
                    GlmRow r = rows[0];
                    assertTrue(r.firth(), t + " " + withCov + " " + r);
                    assertEquals(GlmRow.OK, r.errcode(), t + " " + withCov + " " + r);
                    assertTrue(r.beta() > 0 && r.p() > 0.01 && r.p() < 1, r.toString());
                }
                for (GlmRow[] rows : run(pre, GlmOptions.defaults().withFirth(GlmOptions.FirthMode.NEVER))) {
                    assertEquals("SEPARATION", rows[0].errcode(), t + " " + withCov);
                }
            }
        }
    }

    @Test
    void corruptHardCallIsAUserError() throws Exception {
        int n = 21;
        double[] g = new double[n];
        g[17] = 7; // neither 0, 1, 2 nor missing
        String pre = RefData.writeCohort(dir, "bad", pheno(n, 1), null, List.of(), List.of(g), MatrixHeader.ValueType.UINT8);
        UserException e = assertThrows(UserException.class, () -> run(pre, GlmOptions.defaults()));
        assertTrue(e.getMessage().contains("sample 18") && e.getMessage().contains("hard call 7"), e.getMessage());
    }

    @Test
    void constantAndCollinearCovariatesAreNamed() throws Exception {
        int n = 200;
        double[][] c = covariates(n, 1);
        double[][] withConst = new double[n][];
        double[][] withDup = new double[n][];
        double[][] withCombo = new double[n][];
        for (int i = 0; i < n; i++) {
            withConst[i] = new double[] {c[i][0], 3.0};
            withDup[i] = new double[] {c[i][0], 2 * c[i][0] + 1};
            withCombo[i] = new double[] {c[i][0], c[i][1], c[i][0] - 5 * c[i][1]};
        }
        List<double[]> g = genotypes(n, 3, 1);
        String a = RefData.writeCohort(dir, "c1", pheno(n, 1), withConst, List.of("AGE", "BATCH"), g, MatrixHeader.ValueType.UINT8);
        assertTrue(assertThrows(UserException.class, () -> run(a, GlmOptions.defaults())).getMessage()
                .contains("constant covariate BATCH"));
        String b = RefData.writeCohort(dir, "c2", pheno(n, 1), withDup, List.of("AGE", "AGE2"), g, MatrixHeader.ValueType.UINT8);
        String mb = assertThrows(UserException.class, () -> run(b, GlmOptions.defaults())).getMessage();
        assertTrue(mb.contains("AGE and AGE2") && mb.contains("collinear"), mb);
        String d = RefData.writeCohort(dir, "c3", pheno(n, 1), withCombo, List.of("AGE", "SEX", "MIX"), g, MatrixHeader.ValueType.UINT8);
        String md = assertThrows(UserException.class, () -> run(d, GlmOptions.defaults())).getMessage();
        assertTrue(md.contains("MIX") && md.contains("linearly dependent"), md);
    }

    @Test
    void phenotypeMustBeZeroOrOne() throws Exception {
        int n = 30;
        int[] y = pheno(n, 2);
        y[4] = 2;
        String pre = RefData.writeCohort(dir, "ph", y, null, List.of(), genotypes(n, 2, 1), MatrixHeader.ValueType.UINT8);
        String m = assertThrows(UserException.class, () -> run(pre, GlmOptions.defaults())).getMessage();
        assertTrue(m.contains(":6:") && m.contains("PHENO"), m);
    }

    @Test
    void logSpaceBhEqualsPAdjust() {
        double[] p = {0.01, 0.2, Double.NaN, 0.03, 1e-9, 0.5, 0.04};
        double[] lp = java.util.Arrays.stream(p).map(Math::log10).toArray();
        double[] q = MultipleTesting.benjaminiHochberg(p);
        double[] lq = MultipleTesting.benjaminiHochbergLog10(lp);
        for (int i = 0; i < p.length; i++) {
            if (Double.isNaN(p[i])) assertTrue(Double.isNaN(lq[i]));
            else assertEquals(q[i], Math.pow(10, lq[i]), 1e-12);
        }
        // below the double range the order is kept
        double[] tiny = MultipleTesting.benjaminiHochbergLog10(new double[] {-400, -500, -1});
        assertEquals(-400 + Math.log10(3.0 / 2), tiny[0], 1e-9);
        assertEquals(-500 + Math.log10(3.0), tiny[1], 1e-9);
        assertTrue(Files.exists(dir));
    }
}
