package org.assocnet.nn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assocnet.core.Log;
import org.assocnet.core.MemoryLimitException;
import org.assocnet.core.UserException;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.CohortMatrix;

/**
 * The network's input matrix, held on the Java heap as one row-major float array (n rows x d inputs):
 * the selected variant columns then the covariates, each standardised as (x - center) / scale with
 * missing values at 0 (= the center, the called-sample mean), as {@link ModelBundle} specifies.
 *
 * <p>Centering and scaling use every sample's genotypes but never a label, so they leak nothing about
 * held-out outcomes. Screening (when p exceeds {@code maxVariants}) ranks variants per fold by the
 * Armitage trend statistic n r^2 computed on that fold's training samples only; the input layout is the
 * union of the per-fold selections, and {@link #foldDropped} lists, per fold, the inputs that fold's model
 * must not use (they are zeroed in its training batches and its first-layer weights for them are zero).
 */
public final class InputData {
    public final int n;
    public final int d;
    public final float[] x;
    public final int[] y;
    public final int[] variantColumns;
    public final List<String> covariates;
    public final double[] center;
    public final double[] scale;
    /** Per fold: sorted input indices the fold's model does not use (empty without screening). */
    public final int[][] foldDropped;
    public final boolean screened;

    InputData(int n, int d, float[] x, int[] y, int[] variantColumns, List<String> covariates, double[] center,
            double[] scale, int[][] foldDropped, boolean screened) {
        this.n = n;
        this.d = d;
        this.x = x;
        this.y = y;
        this.variantColumns = variantColumns;
        this.covariates = covariates;
        this.center = center;
        this.scale = scale;
        this.foldDropped = foldDropped;
        this.screened = screened;
    }

    /** Sizes and labels only (no matrix): the train report of a model that does not use this layout. */
    static InputData shapeOnly(int n, int d, int[] y, int[] variantColumns, List<String> covariates) {
        return new InputData(n, d, new float[0], y, variantColumns, covariates, new double[d], new double[d], new int[0][],
                false);
    }

    public int variantInputs() {
        return variantColumns.length;
    }

    /**
     * Reads the cohort column by column. {@code maxVariants <= 0} keeps every variant. Fails with a
     * {@link UserException} when the input matrix would exceed {@code maxBytes}.
     */
    public static InputData load(Cohort cohort, int[] fold, int k, int maxVariants, long maxBytes) throws IOException {
        return load(cohort, fold, k, maxVariants, maxBytes, 0);
    }

    /**
     * As above; {@code screenTop > 0} selects the top {@code screenTop} variants by the trend statistic on
     * the screening-set samples only (FOLD = {@link Folds#SCREENING}), the same inputs for every fold model
     * ({@code maxVariants} is then ignored). The screening samples are never trained on or scored, so the
     * selection is independent of every scored sample's label given the genotypes (docs/train.md).
     */
    public static InputData load(Cohort cohort, int[] fold, int k, int maxVariants, long maxBytes, int screenTop)
            throws IOException {
        CohortMatrix m = cohort.matrix();
        int n = m.samples();
        int p = m.variants();
        int[] y = cohort.samples().pheno().clone();
        double[][] cov = cohort.samples().covariateMatrix();
        List<String> covNames = cohort.samples().covariateNames();
        int kc = covNames.size();
        ByteBuffer scratch = m.newScratch();
        double[] col = new double[n];

        int[] union;
        boolean[][] selected = null; // [fold][position in union]
        boolean screened = screenTop <= 0 && maxVariants > 0 && p > maxVariants;
        if (screenTop > 0) {
            int[] side = new int[n]; // 1 = screening set, 0 = scored; "training samples of fold 0" = the screening set
            int ns = 0;
            for (int i = 0; i < n; i++) {
                side[i] = fold[i] == Folds.SCREENING ? 1 : 0;
                ns += side[i];
            }
            if (ns < 3) throw new UserException("--screen-top needs a screening set: use --screen-fraction > 0");
            double[][] score = new double[2][p];
            Log.Progress prog = new Log.Progress("screening variants (screening set only)", 1000);
            for (int j = 0; j < p; j++) {
                m.column(j, col, scratch);
                trendScores(col, y, side, 2, score, j);
                prog.tick(j + 1);
            }
            prog.done(p);
            union = topK(score[0], Math.min(screenTop, p));
            Log.info("screening set (%,d samples, never scored) selected %,d of %,d variants by the trend statistic",
                    ns, union.length, p);
        } else if (!screened) {
            union = new int[p];
            for (int j = 0; j < p; j++) union[j] = j;
        } else {
            double[][] score = new double[k][p];
            Log.Progress prog = new Log.Progress("screening variants (training folds only)", 1000);
            for (int j = 0; j < p; j++) {
                m.column(j, col, scratch);
                trendScores(col, y, fold, k, score, j);
                prog.tick(j + 1);
            }
            prog.done(p);
            boolean[] inUnion = new boolean[p];
            List<int[]> keep = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                int[] top = topK(score[f], maxVariants);
                keep.add(top);
                for (int j : top) inUnion[j] = true;
            }
            union = java.util.stream.IntStream.range(0, p).filter(j -> inUnion[j]).toArray();
            selected = new boolean[k][union.length];
            for (int f = 0; f < k; f++) {
                for (int j : keep.get(f)) selected[f][Arrays.binarySearch(union, j)] = true;
            }
            Log.info("screening kept %,d variants per fold (union %,d of %,d) ranked by the trend statistic on "
                    + "the training folds", maxVariants, union.length, p);
        }
        int d = union.length + kc;
        long bytes = 4L * n * d;
        if ((long) n * d > Integer.MAX_VALUE - 8) {
            throw new UserException(String.format(java.util.Locale.ROOT, "the input matrix (%,d samples x %,d inputs) is more"
                    + " than 2^31 values: screen with a smaller --max-variants", n, d));
        }
        if (bytes > maxBytes || bytes > 0.75 * Runtime.getRuntime().maxMemory()) {
            throw new MemoryLimitException(String.format(java.util.Locale.ROOT,
                    "the input matrix (%,d samples x %,d inputs, %.0f MB as float) exceeds --max-memory %.0f MB or "
                            + "75%% of the Java heap (%.0f MB): screen with a smaller --max-variants, or raise "
                            + "--max-memory and the heap (ASSOCNET_HEAP)",
                    n, d, bytes / 1e6, maxBytes / 1e6, Runtime.getRuntime().maxMemory() / 1e6));
        }
        float[] x = new float[n * d];
        double[] center = new double[d];
        double[] scale = new double[d];
        Log.Progress prog = new Log.Progress("loading variant columns", 1000);
        for (int c = 0; c < union.length; c++) {
            m.column(union[c], col, scratch);
            standardizeInto(col, x, n, d, c, center, scale);
            prog.tick(c + 1);
        }
        prog.done(union.length);
        for (int q = 0; q < kc; q++) {
            for (int i = 0; i < n; i++) col[i] = cov[i][q];
            standardizeInto(col, x, n, d, union.length + q, center, scale);
        }
        int[][] dropped = new int[k][];
        for (int f = 0; f < k; f++) {
            if (selected == null) {
                dropped[f] = new int[0];
            } else {
                boolean[] s = selected[f];
                dropped[f] = java.util.stream.IntStream.range(0, union.length).filter(c -> !s[c]).toArray();
            }
        }
        return new InputData(n, d, x, y, union, covNames, center, scale, dropped, screened);
    }

    /** Centers on the mean of non-missing values, scales by their standard deviation (1 if constant). */
    static void standardizeInto(double[] col, float[] x, int n, int d, int c, double[] center, double[] scale) {
        double s = 0, ss = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            double v = col[i];
            if (!Double.isNaN(v)) {
                s += v;
                m++;
            }
        }
        double mean = m == 0 ? 0 : s / m;
        for (int i = 0; i < n; i++) {
            double v = col[i];
            if (!Double.isNaN(v)) ss += (v - mean) * (v - mean);
        }
        double sd = m < 2 ? 0 : Math.sqrt(ss / m);
        double sc = sd > 1e-12 ? sd : 1.0;
        center[c] = mean;
        scale[c] = sc;
        for (int i = 0; i < n; i++) {
            double v = col[i];
            x[i * d + c] = Double.isNaN(v) ? 0f : (float) ((v - mean) / sc);
        }
    }

    /**
     * Armitage trend statistic n r^2 of genotype vs label on each fold's training samples (all folds
     * but f), missing genotypes skipped. Written into score[f][j].
     */
    static void trendScores(double[] g, int[] y, int[] fold, int k, double[][] score, int j) {
        double[] c = new double[k], sg = new double[k], sgg = new double[k], sy = new double[k], sgy = new double[k];
        for (int i = 0; i < g.length; i++) {
            double v = g[i];
            if (Double.isNaN(v)) continue;
            int f = fold[i];
            c[f]++;
            sg[f] += v;
            sgg[f] += v * v;
            sy[f] += y[i];
            sgy[f] += v * y[i];
        }
        double tc = 0, tg = 0, tgg = 0, ty = 0, tgy = 0;
        for (int f = 0; f < k; f++) {
            tc += c[f];
            tg += sg[f];
            tgg += sgg[f];
            ty += sy[f];
            tgy += sgy[f];
        }
        for (int f = 0; f < k; f++) {
            double nn = tc - c[f];
            double a = tg - sg[f], aa = tgg - sgg[f], b = ty - sy[f], ab = tgy - sgy[f];
            if (nn < 3) {
                score[f][j] = 0;
                continue;
            }
            double vg = aa - a * a / nn, vy = b - b * b / nn, cv = ab - a * b / nn;
            score[f][j] = vg <= 1e-12 || vy <= 1e-12 ? 0 : nn * cv * cv / (vg * vy);
        }
    }

    /** Indices of the k largest values (ties broken by lower index), sorted ascending. */
    static int[] topK(double[] s, int k) {
        Integer[] o = new Integer[s.length];
        for (int i = 0; i < o.length; i++) o[i] = i;
        Arrays.sort(o, (a, b) -> {
            int c = Double.compare(s[b], s[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[Math.min(k, s.length)];
        for (int i = 0; i < out.length; i++) out[i] = o[i];
        Arrays.sort(out);
        return out;
    }
}
