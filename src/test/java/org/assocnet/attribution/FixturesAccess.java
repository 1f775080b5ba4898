package org.assocnet.attribution;

import java.nio.file.Path;
import java.util.List;
import org.assocnet.nn.ModelBundle;
import org.nd4j.linalg.activations.Activation;

/** Test fixtures for other packages' tests (the CLI test). */
public final class FixturesAccess {
    public static final int VARIANTS = 12;
    public static final List<Integer> MODEL_COLUMNS = List.of(0, 2, 3, 5, 7, 8, 11);

    private FixturesAccess() {}

    /** A cohort (returns its prefix) and, in modelDir, a 3-fold model using only MODEL_COLUMNS. */
    public static String cohortWithPartialModel(Path dir, Path modelDir) throws Exception {
        Fixtures.Data d = Fixtures.simulate(150, VARIANTS, 9, 0.7, new double[] {0.8});
        String prefix = Fixtures.writeCohort(dir, d, false);
        double[][] g = new double[d.n()][MODEL_COLUMNS.size()];
        for (int i = 0; i < d.n(); i++) for (int t = 0; t < g[i].length; t++) g[i][t] = d.g()[i][MODEL_COLUMNS.get(t)];
        ModelBundle s = Fixtures.bundle(new Fixtures.Data(g, d.y(), d.cov(), d.covNames()), 3, new int[] {6}, Activation.RELU, 10, 4);
        int[] vc = MODEL_COLUMNS.stream().mapToInt(Integer::intValue).toArray();
        new ModelBundle(vc, s.covariates(), s.center(), s.scale(), s.fold(), s.iids(), s.folds(), s.seed(), s.config(),
                s.networks()).save(modelDir);
        return prefix;
    }
}
