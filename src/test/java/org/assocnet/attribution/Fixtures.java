package org.assocnet.attribution;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assocnet.io.Json;
import org.assocnet.matrix.CohortMatrixWriter;
import org.assocnet.matrix.Encoding;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.matrix.SampleTable;
import org.assocnet.matrix.Variant;
import org.assocnet.matrix.VariantTable;
import org.assocnet.nn.ModelBundle;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small cohorts and fold models built directly in tests (no dependency on encode/train). */
final class Fixtures {
    private Fixtures() {}

    /** A cohort in memory: g[i][j] raw ALT dosages (NaN missing), y 0/1, covariates n x k. */
    record Data(double[][] g, int[] y, double[][] cov, List<String> covNames) {
        int n() {
            return g.length;
        }

        int p() {
            return g[0].length;
        }
    }

    /** Writes PREFIX.cohort.bin/.samples.tsv/.variants.tsv under dir and returns the prefix. */
    static String writeCohort(Path dir, Data d, boolean dosages) throws IOException {
        String prefix = dir.resolve("c").toString();
        int n = d.n(), p = d.p();
        try (CohortMatrixWriter w = new CohortMatrixWriter(Path.of(prefix + ".cohort.bin"), n,
                dosages ? MatrixHeader.ValueType.FLOAT32 : MatrixHeader.ValueType.UINT8, Encoding.ADDITIVE);
                BufferedWriter vw = VariantTable.openWriter(Path.of(prefix + ".variants.tsv"))) {
            double[] col = new double[n];
            for (int j = 0; j < p; j++) {
                double s = 0;
                int c = 0;
                for (int i = 0; i < n; i++) {
                    col[i] = d.g[i][j];
                    if (!Double.isNaN(col[i])) {
                        s += col[i];
                        c++;
                    }
                }
                w.writeColumn(col);
                vw.write(new Variant(chrom(j, d.p()), 1000L + j, "v" + j, "A", "G", s / (2.0 * c), c).toTsv() + "\n");
            }
        }
        List<String> fid = new ArrayList<>(), iid = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fid.add("f" + i);
            iid.add("s" + i);
        }
        new SampleTable(fid, iid, d.y, d.covNames, d.cov).write(Path.of(prefix + ".samples.tsv"));
        return prefix;
    }

    /** Random HWE genotypes with MAF in [0.05, 0.5], one covariate; y from covariate + given logit terms. */
    static Data simulate(int n, int p, long seed, double covEffect, double[] additive) {
        Random r = new Random(seed);
        double[][] g = new double[n][p];
        double[] maf = new double[p];
        for (int j = 0; j < p; j++) maf[j] = 0.05 + 0.45 * r.nextDouble();
        double[][] cov = new double[n][1];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double eta = 0;
            for (int j = 0; j < p; j++) {
                g[i][j] = (r.nextDouble() < maf[j] ? 1 : 0) + (r.nextDouble() < maf[j] ? 1 : 0);
                if (additive != null && j < additive.length) eta += additive[j] * (g[i][j] - 2 * maf[j]);
            }
            cov[i][0] = r.nextGaussian();
            eta += covEffect * cov[i][0];
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        return new Data(g, y, cov, List.of("COV1"));
    }

    /** Standardisation (mean/sd of called values) of all variants then covariates. */
    static double[][] centerScale(Data d) {
        int p = d.p(), k = d.cov[0].length, n = d.n();
        double[] c = new double[p + k], s = new double[p + k];
        for (int j = 0; j < p + k; j++) {
            double sum = 0, ss = 0;
            int m = 0;
            for (int i = 0; i < n; i++) {
                double v = j < p ? d.g[i][j] : d.cov[i][j - p];
                if (Double.isNaN(v)) continue;
                sum += v;
                ss += v * v;
                m++;
            }
            c[j] = sum / m;
            double var = ss / m - c[j] * c[j];
            s[j] = var > 1e-12 ? Math.sqrt(var) : 1.0;
        }
        return new double[][] {c, s};
    }

    /** Chromosome of variant j of p: the first half on "1", the rest on "2" (two LOCO groups). */
    static String chrom(int j, int p) {
        return j < (p + 1) / 2 ? "1" : "2";
    }

    static double[] inputRow(Data d, int i, double[] center, double[] scale) {
        int p = d.p(), k = d.cov[0].length;
        double[] x = new double[p + k];
        for (int j = 0; j < p + k; j++) {
            double v = j < p ? d.g[i][j] : d.cov[i][j - p];
            x[j] = Double.isNaN(v) ? 0 : (v - center[j]) / scale[j];
        }
        return x;
    }

    static MultiLayerNetwork net(int inputs, int[] hidden, Activation act, long seed, DataType dt) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(dt)
                .updater(new Adam(5e-3)).l2(1e-3).list();
        int in = inputs;
        for (int h : hidden) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(act).build());
            in = h;
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(in).nOut(1).activation(Activation.SIGMOID).build());
        MultiLayerConfiguration conf = b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Cross-fitted bundle: folds by i % K, each fold model trained (full batch, {@code epochs}) on the others.
     * Epochs 0 leaves the random initialisation.
     */
    static ModelBundle bundle(Data d, int folds, int[] hidden, Activation act, int epochs, long seed) {
        return bundle(d, folds, hidden, act, epochs, seed, DataType.FLOAT);
    }

    static ModelBundle bundle(Data d, int folds, int[] hidden, Activation act, int epochs, long seed, DataType dt) {
        return bundle(d, folds, hidden, act, epochs, seed, dt, 0);
    }

    /**
     * Like {@link #bundle} with per-fold screening as `assocnet train --max-variants keep` does it: each fold model
     * sees only the {@code keep} variants with the largest |correlation with y| on its own training folds (the other
     * inputs are zero in training and get exactly-zero first-layer weights). keep <= 0: no screening.
     */
    static ModelBundle bundle(Data d, int folds, int[] hidden, Activation act, int epochs, long seed, DataType dt, int keep) {
        double[][] cs = centerScale(d);
        int n = d.n(), p = d.p();
        int inputs = p + d.cov[0].length;
        int[] fold = new int[n];
        List<String> iids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fold[i] = i % folds;
            iids.add("s" + i);
        }
        List<MultiLayerNetwork> nets = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            MultiLayerNetwork net = net(inputs, hidden, act, seed + f, dt);
            boolean[] drop = new boolean[p];
            if (keep > 0 && keep < p) drop = screenOut(d, fold, f, keep);
            if (epochs > 0) {
                List<double[]> xs = new ArrayList<>();
                List<double[]> ys = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (fold[i] == f) continue;
                    double[] x = inputRow(d, i, cs[0], cs[1]);
                    for (int j = 0; j < p; j++) if (drop[j]) x[j] = 0;
                    xs.add(x);
                    ys.add(new double[] {d.y[i]});
                }
                INDArray x = Nd4j.create(xs.toArray(new double[0][])).castTo(dt);
                INDArray yy = Nd4j.create(ys.toArray(new double[0][])).castTo(dt);
                DataSet ds = new DataSet(x, yy);
                for (int e = 0; e < epochs; e++) net.fit(ds);
            }
            INDArray w = net.getLayer(0).getParam("W");
            for (int j = 0; j < p; j++) if (drop[j]) w.getRow(j).assign(0);
            nets.add(net);
        }
        int[] vc = new int[p];
        for (int j = 0; j < p; j++) vc[j] = j;
        return new ModelBundle(vc, d.covNames, cs[0], cs[1], fold, iids, folds, seed, Json.object(), nets);
    }

    /** Variants NOT among the keep largest |corr(g_j, y)| over the samples outside fold f. */
    static boolean[] screenOut(Data d, int[] fold, int f, int keep) {
        int n = d.n(), p = d.p();
        Integer[] order = new Integer[p];
        double[] score = new double[p];
        for (int j = 0; j < p; j++) {
            double sg = 0, sy = 0, sgg = 0, syy = 0, sgy = 0;
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (fold[i] == f || Double.isNaN(d.g[i][j])) continue;
                double g = d.g[i][j], y = d.y[i];
                sg += g;
                sy += y;
                sgg += g * g;
                syy += y * y;
                sgy += g * y;
                m++;
            }
            double cov = sgy / m - sg / m * sy / m, vg = sgg / m - sg / m * sg / m, vy = syy / m - sy / m * sy / m;
            score[j] = vg > 0 && vy > 0 ? Math.abs(cov) / Math.sqrt(vg * vy) : 0;
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        boolean[] drop = new boolean[p];
        java.util.Arrays.fill(drop, true);
        for (int t = 0; t < keep; t++) drop[order[t]] = false;
        return drop;
    }
}
