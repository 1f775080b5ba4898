package org.assocnet.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The elastic-net solver against R glmnet: coefficients at four penalties, lasso and alpha 0.95, intercept and two
 * covariates unpenalised (src/test/resources/penalized/make.R wrote design.tsv and glmnet.tsv). glmnet rescales
 * penalty.factor to sum to the number of columns, so its lambda is ours times (penalised columns / columns).
 */
class PenalizedLogisticTest {
    /** A dense column-major design for the test. */
    record Dense(double[][] col, int n) implements PenalizedLogistic.Design {
        @Override
        public int rows() {
            return n;
        }

        @Override
        public int columns() {
            return col.length;
        }

        @Override
        public double dot(int j, double[] v) {
            double s = 0;
            for (int i = 0; i < n; i++) s += col[j][i] * v[i];
            return s;
        }

        @Override
        public double weightedSquares(int j, double[] w) {
            double s = 0;
            for (int i = 0; i < n; i++) s += col[j][i] * col[j][i] * w[i];
            return s;
        }

        @Override
        public void axpy(int j, double a, double[] w, double[] v) {
            for (int i = 0; i < n; i++) v[i] += a * col[j][i] * (w == null ? 1 : w[i]);
        }
    }

    @Test
    void matchesGlmnet() throws Exception {
        Path dir = Path.of("src/test/resources/penalized");
        List<String> rows = Files.readAllLines(dir.resolve("design.tsv"));
        int n = rows.size();
        int p = rows.get(0).split("\t").length - 1;
        int[] y = new int[n];
        double[][] col = new double[p + 1][n];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i).split("\t");
            y[i] = (int) Double.parseDouble(f[0]);
            col[0][i] = 1;
            for (int j = 0; j < p; j++) col[j + 1][i] = Double.parseDouble(f[j + 1]);
        }
        double[] pf = new double[p + 1];
        for (int j = 3; j <= p; j++) pf[j] = 1;
        int checked = 0;
        PenalizedLogistic fit = null;
        double prevAlpha = -1, prevLambda = Double.POSITIVE_INFINITY;
        for (String line : Files.readAllLines(dir.resolve("glmnet.tsv"))) {
            String[] f = line.trim().split("\\s+");
            double alpha = Double.parseDouble(f[0]), lambda = Double.parseDouble(f[1]);
            if (alpha != prevAlpha) {
                fit = new PenalizedLogistic(new Dense(col, n), y, null, pf, alpha, 1e-13);
                prevLambda = Double.POSITIVE_INFINITY;
                prevAlpha = alpha;
            }
            // glmnet rescales the penalty factors to sum to the number of columns (32 here, 30 penalised)
            double lam = lambda * p / (p - 2.0);
            fit.fit(lam, prevLambda);
            prevLambda = lam;
            for (int j = 0; j <= p; j++) {
                double expected = Double.parseDouble(f[2 + j]);
                assertEquals(expected, fit.beta()[j], 2e-6, "alpha " + alpha + " lambda " + lambda + " coefficient " + j);
                if (expected == 0) assertEquals(0.0, fit.beta()[j], 0.0, "lasso zero, coefficient " + j);
            }
            checked++;
        }
        assertEquals(8, checked);
    }

    @Test
    void lambdaMaxZeroesEveryPenalisedCoefficient() throws Exception {
        Path dir = Path.of("src/test/resources/penalized");
        List<String> rows = Files.readAllLines(dir.resolve("design.tsv"));
        int n = rows.size(), p = rows.get(0).split("\t").length - 1;
        int[] y = new int[n];
        double[][] col = new double[p + 1][n];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i).split("\t");
            y[i] = (int) Double.parseDouble(f[0]);
            col[0][i] = 1;
            for (int j = 0; j < p; j++) col[j + 1][i] = Double.parseDouble(f[j + 1]);
        }
        double[] pf = new double[p + 1];
        for (int j = 3; j <= p; j++) pf[j] = 1;
        PenalizedLogistic fit = new PenalizedLogistic(new Dense(col, n), y, null, pf, 1, 1e-12);
        double lmax = fit.lambdaMax();
        assertEquals(0, fit.fit(lmax * 1.0001));
        assertTrue(fit.fit(lmax * 0.95) > 0, "just below lambda max a penalised coefficient enters");
    }
}
