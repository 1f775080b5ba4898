package org.assocnet.regression;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The genotype model of attribute --null conditional against R: src/test/resources/glm/conditional/make-reference.R. */
class ConditionalGenotypesTest {
    static List<String[]> rows(String name) throws IOException {
        try (InputStream in = ConditionalGenotypesTest.class.getResourceAsStream("/glm/conditional/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(l -> l.split("\t")).toList();
        }
    }

    static double num(String s) {
        s = s.trim();
        return s.equals("NA") ? Double.NaN : Double.parseDouble(s);
    }

    /** g and the columns h1..h5, c1 of data.tsv. */
    static double[][] data() throws IOException {
        List<String[]> r = rows("data.tsv");
        int n = r.size() - 1, m = r.get(0).length;
        double[][] cols = new double[m][n];
        for (int i = 0; i < n; i++) for (int c = 0; c < m; c++) cols[c][i] = num(r.get(i + 1)[c]);
        return cols;
    }

    @Test
    void coefficientsAndFittedProbabilitiesMatchRGlm() throws IOException {
        double[][] d = data();
        double[] g = d[0];
        assertTrue(Arrays.stream(g).anyMatch(Double::isNaN), "the resource has missing dosages");
        ConditionalGenotypes m = ConditionalGenotypes.fit(g, Arrays.copyOfRange(d, 1, d.length), 0.0);
        assertNotNull(m);
        List<String[]> e = rows("expected.tsv");
        double[] b = m.coefficients();
        assertEquals(e.size() - 1, b.length);
        for (int a = 0; a < b.length; a++) {
            double ref = num(e.get(a + 1)[1]);
            assertEquals(ref, b[a], 1e-8 * Math.max(1, Math.abs(ref)), e.get(a + 1)[0]);
        }
        List<String[]> eq = rows("expected-q.tsv");
        for (int i = 0; i < 5; i++) assertEquals(num(eq.get(i + 1)[1]), m.q()[i], 1e-10, "q of row " + (i + 1));
        // the small ridge of attribute (1e-6 n) moves the fitted probabilities very little (the coefficients of the
        // nearly collinear h1, h2, h5 move more, along the direction the data barely determine)
        ConditionalGenotypes r = ConditionalGenotypes.fit(g, Arrays.copyOfRange(d, 1, d.length), 1e-6 * g.length);
        assertNotNull(r);
        for (int i = 0; i < g.length; i++) assertEquals(m.q()[i], r.q()[i], 2e-3, "ridge, q of row " + i);
        assertNotEquals(b[1], r.coefficients()[1], "the ridge is applied");
        // and a ridge that matters shrinks the neighbour coefficients, never the intercept's freedom
        ConditionalGenotypes big = ConditionalGenotypes.fit(g, Arrays.copyOfRange(d, 1, d.length), 1e3);
        double s0 = 0, s1 = 0;
        for (int a = 1; a < b.length; a++) {
            s0 += b[a] * b[a];
            s1 += big.coefficients()[a] * big.coefficients()[a];
        }
        assertTrue(s1 < 0.5 * s0, "ridge 1e3 shrinks: " + s1 + " vs " + s0);
    }

    @Test
    void interceptOnlyIsTheAlleleFrequency() {
        double[] g = {0, 1, 2, 1, 0, 0, 1, Double.NaN, 2, 0};
        ConditionalGenotypes m = ConditionalGenotypes.fit(g, new double[0][], 0.0);
        double freq = 7.0 / 18;
        for (double q : m.q()) assertEquals(freq, q, 1e-12);
        double[] pi = new double[3];
        ConditionalGenotypes.genotypeProbabilities(freq, pi);
        assertEquals(1.0, pi[0] + pi[1] + pi[2], 1e-15);
        assertEquals(2 * freq, pi[1] + 2 * pi[2], 1e-15);
    }

    @Test
    void perfectTagStaysFiniteWithTheRidgeAndMonomorphicIsRefused() {
        Random r = new Random(3);
        int n = 300;
        double[] g = new double[n], h = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = (r.nextDouble() < 0.3 ? 1 : 0) + (r.nextDouble() < 0.3 ? 1 : 0);
            h[i] = g[i] - 0.6; // a neighbour that is the same variant: complete separation without the ridge
        }
        ConditionalGenotypes m = ConditionalGenotypes.fit(g, new double[][] {h}, 1e-6 * n);
        assertNotNull(m);
        // the neighbour predicts the genotype almost exactly: E[g | h] ~ g
        for (int i = 0; i < n; i++) assertEquals(g[i], 2 * m.q()[i], 0.05);
        double[] mono = new double[n];
        Arrays.fill(mono, 1.0);
        assertNull(ConditionalGenotypes.fit(mono, new double[][] {h}, 1e-6 * n), "one genotype class: no model");
        double[] allNa = new double[n];
        Arrays.fill(allNa, Double.NaN);
        assertNull(ConditionalGenotypes.fit(allNa, new double[][] {h}, 1e-6 * n));
    }
}
