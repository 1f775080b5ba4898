package org.assocnet.attribution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.assocnet.io.Json;
import org.assocnet.matrix.Cohort;
import org.assocnet.nn.ModelBundle;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.assocnet.core.CpuTime;

/**
 * Benchmark driver for bench/attribute.sh (not a unit test).
 * {@code prepare DIR n p hidden folds}: random cohort DIR/c.* and a randomly initialised model DIR/m.model.
 * {@code naive DIR variants draws}: the naive approach (DL4J output() on the held-out matrix with column j
 * replaced, 3 + draws forward passes per fold and variant) on the first {@code variants} model variants;
 * prints seconds per variant.
 */
public final class AttributeBench {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[1]);
        if (a[0].equals("prepare")) {
            int n = Integer.parseInt(a[2]), p = Integer.parseInt(a[3]), h = Integer.parseInt(a[4]), k = Integer.parseInt(a[5]);
            Random r = new Random(1);
            double[][] g = new double[n][p];
            double[] maf = new double[p];
            for (int j = 0; j < p; j++) maf[j] = 0.01 + 0.49 * r.nextDouble();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) g[i][j] = (r.nextDouble() < maf[j] ? 1 : 0) + (r.nextDouble() < maf[j] ? 1 : 0);
            }
            double[][] cov = new double[n][1];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                cov[i][0] = r.nextGaussian();
                y[i] = r.nextDouble() < 1 / (1 + Math.exp(-cov[i][0])) ? 1 : 0;
            }
            Fixtures.Data d = new Fixtures.Data(g, y, cov, List.of("COV1"));
            Files.createDirectories(dir);
            Fixtures.writeCohort(dir, d, false);
            ModelBundle b = Fixtures.bundle(d, k, new int[] {h}, Activation.RELU, 0, 1);
            b.save(dir.resolve("m.model"));
            System.out.println("prepared " + n + " x " + p + ", hidden " + h + ", folds " + k);
        } else if (a[0].equals("naive")) {
            int nv = Integer.parseInt(a[2]), draws = Integer.parseInt(a[3]);
            ModelBundle b = ModelBundle.load(dir.resolve("m.model"));
            try (Cohort c = Cohort.open(dir.resolve("c").toString())) {
                int n = c.samples().size(), pv = b.variantColumns().length, inputs = b.inputs();
                // held-out input matrix of each fold, as the naive approach would hold it
                List<INDArray> xs = new ArrayList<>();
                List<int[]> members = new ArrayList<>();
                for (int f = 0; f < b.folds(); f++) {
                    List<Integer> m = new ArrayList<>();
                    for (int i = 0; i < n; i++) if (b.fold()[i] == f) m.add(i);
                    members.add(m.stream().mapToInt(Integer::intValue).toArray());
                    xs.add(Nd4j.create(DataType.FLOAT, m.size(), inputs));
                }
                double[] col = new double[n];
                for (int j = 0; j < pv; j++) {
                    c.matrix().column(b.variantColumns()[j], col);
                    for (int f = 0; f < b.folds(); f++) {
                        int[] m = members.get(f);
                        for (int t = 0; t < m.length; t++) xs.get(f).putScalar(t, j, b.standardize(j, col[m[t]]));
                    }
                }
                for (int f = 0; f < b.folds(); f++) {
                    int[] m = members.get(f);
                    for (int t = 0; t < m.length; t++) xs.get(f).putScalar(t, pv, b.standardize(pv, c.samples().covariates()[m[t]][0]));
                }
                double sink = 0;
                long t0 = System.nanoTime();
                double cpu0 = CpuTime.processSeconds();
                for (int j = 0; j < nv; j++) {
                    for (int f = 0; f < b.folds(); f++) {
                        MultiLayerNetwork net = b.networks().get(f);
                        INDArray x = xs.get(f);
                        INDArray orig = x.get(NDArrayIndex.all(), NDArrayIndex.point(j)).dup();
                        int m = x.rows();
                        for (int g = 0; g <= 2; g++) {
                            x.get(NDArrayIndex.all(), NDArrayIndex.point(j)).assign(b.standardize(j, g));
                            try (INDArray o = net.output(x)) {
                                sink += o.getDouble(0);
                            }
                        }
                        SplittableRandom rng = new SplittableRandom(j * 31L + f);
                        for (int r = 0; r < draws; r++) {
                            double[] v = orig.toDoubleVector();
                            for (int t = m - 1; t > 0; t--) {
                                int u = rng.nextInt(t + 1);
                                double tmp = v[t];
                                v[t] = v[u];
                                v[u] = tmp;
                            }
                            x.get(NDArrayIndex.all(), NDArrayIndex.point(j)).assign(Nd4j.create(v).castTo(DataType.FLOAT));
                            try (INDArray o = net.output(x)) {
                                sink += o.getDouble(0);
                            }
                        }
                        x.get(NDArrayIndex.all(), NDArrayIndex.point(j)).assign(orig);
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = CpuTime.processSeconds() - cpu0;
                System.out.printf(java.util.Locale.ROOT, "naive_seconds_per_variant %.6f %.6f (wall, cpu; variants %d, draws %d, sink %.3f)%n", s / nv, cpu / nv, nv, draws, sink);
                System.out.println(Json.mapper().writeValueAsString(Json.object().put("naiveSecondsPerVariant", s / nv).put("variants", nv)));
            }
        }
    }
}
