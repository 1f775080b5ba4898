package org.assocnet.nn;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assocnet.matrix.CohortMatrixWriter;
import org.assocnet.matrix.Encoding;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.stats.Logistic;

/**
 * A small case/control cohort with known effects, written directly in the encoded cohort format
 * (PREFIX.cohort.bin / samples.tsv / variants.tsv), for train's tests and benches only. Genotypes are
 * HWE draws at MAF ~ U(0.05, 0.5); y ~ Bernoulli(sigmoid(b0 + eta)) with eta the sum of additive effects
 * (+-effect per centred allele), dominant effects (g >= 1), epistatic pairs (both carriers, no
 * marginal-only signal) and covariate effects. {@link #oracleLogit} is b0 + eta.
 */
public final class SimCohort {
    public final int[] y;
    public final double[] oracleLogit;
    public final int[] causal;

    private SimCohort(int[] y, double[] oracleLogit, int[] causal) {
        this.y = y;
        this.oracleLogit = oracleLogit;
        this.causal = causal;
    }

    public static final class Spec {
        public int n = 600, p = 100, additive = 5, dominant = 0, epistaticPairs = 0, covariates = 1;
        public double effect = 0.5, prevalence = 0.5, missingRate = 0.01, covEffect = 0.3;
        public long seed = 1;

        public Spec n(int v) { n = v; return this; }
        public Spec p(int v) { p = v; return this; }
        public Spec additive(int v) { additive = v; return this; }
        public Spec dominant(int v) { dominant = v; return this; }
        public Spec epistatic(int v) { epistaticPairs = v; return this; }
        public Spec covariates(int v) { covariates = v; return this; }
        public Spec effect(double v) { effect = v; return this; }
        public Spec prevalence(double v) { prevalence = v; return this; }
        public Spec seed(long v) { seed = v; return this; }
    }

    public static SimCohort write(String prefix, Spec s) throws IOException {
        SplittableRandom r = new SplittableRandom(s.seed);
        int n = s.n, p = s.p;
        byte[][] g = new byte[p][n];
        double[] maf = new double[p];
        for (int j = 0; j < p; j++) {
            maf[j] = 0.05 + 0.45 * r.nextDouble();
            for (int i = 0; i < n; i++) g[j][i] = (byte) ((r.nextDouble() < maf[j] ? 1 : 0) + (r.nextDouble() < maf[j] ? 1 : 0));
        }
        double[][] cov = new double[n][s.covariates];
        for (int i = 0; i < n; i++) for (int q = 0; q < s.covariates; q++) cov[i][q] = gauss(r);
        double[] eta = new double[n];
        List<Integer> causal = new ArrayList<>();
        int j = 0;
        for (int a = 0; a < s.additive && j < p; a++, j++) {
            double b = (a % 2 == 0 ? 1 : -1) * s.effect;
            for (int i = 0; i < n; i++) eta[i] += b * (g[j][i] - 2 * maf[j]);
            causal.add(j);
        }
        for (int a = 0; a < s.dominant && j < p; a++, j++) {
            double carrier = 1 - (1 - maf[j]) * (1 - maf[j]);
            for (int i = 0; i < n; i++) eta[i] += 2 * s.effect * ((g[j][i] >= 1 ? 1 : 0) - carrier);
            causal.add(j);
        }
        for (int a = 0; a < s.epistaticPairs && j + 1 < p; a++, j += 2) {
            for (int i = 0; i < n; i++) {
                // XOR-like: +/- by carrier status of both, no marginal effect when carrier frequency is ~ 1/2
                int c1 = g[j][i] >= 1 ? 1 : 0, c2 = g[j + 1][i] >= 1 ? 1 : 0;
                eta[i] += 2 * s.effect * (c1 == c2 ? 0.5 : -0.5);
            }
            causal.add(j);
            causal.add(j + 1);
        }
        for (int i = 0; i < n; i++) for (int q = 0; q < s.covariates; q++) eta[i] += s.covEffect * cov[i][q];
        double b0 = Math.log(s.prevalence / (1 - s.prevalence));
        int[] y = new int[n];
        double[] oracle = new double[n];
        for (int i = 0; i < n; i++) {
            oracle[i] = b0 + eta[i];
            y[i] = r.nextDouble() < Logistic.sigmoid(oracle[i]) ? 1 : 0;
        }
        // missing calls after the phenotype is drawn
        for (int jj = 0; jj < p; jj++) for (int i = 0; i < n; i++) if (r.nextDouble() < s.missingRate) g[jj][i] = (byte) 0xFF;
        try (CohortMatrixWriter w = new CohortMatrixWriter(Path.of(prefix + ".cohort.bin"), n, MatrixHeader.ValueType.UINT8,
                Encoding.ADDITIVE)) {
            for (int jj = 0; jj < p; jj++) w.writeColumn(g[jj]);
        }
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(prefix + ".samples.tsv"))) {
            w.write("#FID\tIID\tPHENO");
            for (int q = 0; q < s.covariates; q++) w.write("\tCOV" + (q + 1));
            w.write("\n");
            for (int i = 0; i < n; i++) {
                StringBuilder sb = new StringBuilder("F" + i + "\tS" + i + "\t" + y[i]);
                for (int q = 0; q < s.covariates; q++) sb.append('\t').append(cov[i][q]);
                w.write(sb.append('\n').toString());
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(prefix + ".variants.tsv"))) {
            w.write("#CHROM\tPOS\tID\tREF\tALT\tALT_FREQ\tOBS_CT\n");
            for (int jj = 0; jj < p; jj++) {
                w.write("1\t" + (1000 + jj * 100) + "\tv" + jj + "\tA\tG\t" + maf[jj] + "\t" + n + "\n");
            }
        }
        return new SimCohort(y, oracle, causal.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double gauss(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * Command line for benches: {@code PREFIX n p additive dominant epistaticPairs effect seed [prevalence]};
     * writes the cohort and PREFIX.oracle.tsv (IID Y ORACLE_LOGIT).
     */
    public static void main(String[] a) throws IOException {
        Spec s = new Spec().n(Integer.parseInt(a[1])).p(Integer.parseInt(a[2])).additive(Integer.parseInt(a[3]))
                .dominant(Integer.parseInt(a[4])).epistatic(Integer.parseInt(a[5])).effect(Double.parseDouble(a[6]))
                .seed(Long.parseLong(a[7]));
        if (a.length > 8) s.prevalence(Double.parseDouble(a[8]));
        SimCohort c = write(a[0], s);
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(a[0] + ".oracle.tsv"))) {
            w.write("IID\tY\tORACLE_LOGIT\n");
            for (int i = 0; i < c.y.length; i++) w.write("S" + i + "\t" + c.y[i] + "\t" + c.oracleLogit[i] + "\n");
        }
    }
}
