package org.assocnet.regression;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.assocnet.stats.Distributions;
import org.junit.jupiter.api.Test;

/** Score tests against R's anova(..., test = "Rao"): src/test/resources/glm/score/make-reference.R. */
class ScoreNullModelTest {
    record Data(int[] y, double[][] cols, List<String> names) {
        double[] col(String name) {
            return cols[names.indexOf(name)];
        }
    }

    static Data read() throws IOException {
        List<String> lines;
        try (InputStream in = ScoreNullModelTest.class.getResourceAsStream("/glm/score/data.tsv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> names = Arrays.asList(lines.get(0).split("\t"));
        int n = lines.size() - 1;
        double[][] cols = new double[names.size()][n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split("\t");
            for (int c = 0; c < f.length; c++) cols[c][i] = Double.parseDouble(f[c].trim());
        }
        int[] y = Arrays.stream(cols[0]).mapToInt(v -> (int) v).toArray();
        return new Data(y, cols, names);
    }

    static double[] ones(int n) {
        double[] a = new double[n];
        Arrays.fill(a, 1.0);
        return a;
    }

    @Test
    void matchesRRaoScoreTest() throws IOException {
        Data d = read();
        int n = d.y().length;
        ScoreNullModel m = ScoreNullModel.fit(d.y(), new double[][] {ones(n), d.col("c1"), d.col("c2"), d.col("o")});
        assertNotNull(m);
        assertEquals(0, m.dropped().length);
        // expected.tsv: column, Rao chi-square, p (R 4.2.2)
        double[][] expected = {{4.41439456840521416, 0.035636922714859895}, {0.63298909208697296, 0.426261010537613172},
            {1.18799967836054066, 0.275733416484862548}};
        String[] g = {"g1", "g2", "g3"};
        for (int t = 0; t < g.length; t++) {
            double z = m.z(d.col(g[t]));
            assertEquals(expected[t][0], z * z, 1e-9, g[t]);
            assertEquals(expected[t][1], Distributions.twoSidedP(z), 1e-10, g[t]);
        }
        assertTrue(m.z(d.col("g1")) > 0, "g1 raises risk in make-reference.R: positive score");
    }

    @Test
    void collinearColumnIsDroppedAndChangesNothing() throws IOException {
        Data d = read();
        int n = d.y().length;
        double[] o2 = new double[n];
        for (int i = 0; i < n; i++) o2[i] = 2 * d.col("c1")[i] + 1;
        ScoreNullModel a = ScoreNullModel.fit(d.y(), new double[][] {ones(n), d.col("c1"), d.col("c2"), d.col("o")});
        ScoreNullModel b = ScoreNullModel.fit(d.y(), new double[][] {ones(n), d.col("c1"), d.col("c2"), o2, d.col("o")});
        assertArrayEquals(new int[] {3}, b.dropped());
        assertArrayEquals(new int[] {0, 1, 2, 4}, b.kept());
        assertEquals(a.z(d.col("g1")), b.z(d.col("g1")), 1e-10);
        // a tested column in the span of the null model has no score test
        assertTrue(Double.isNaN(a.z(d.col("c1"))));
    }

    @Test
    void separatedNullModelIsRejected() {
        int n = 50;
        int[] y = new int[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i - 24.5;
            y[i] = x[i] > 0 ? 1 : 0;
        }
        assertNull(ScoreNullModel.fit(y, new double[][] {ones(n), x}), "complete separation: no finite MLE");
    }
}
