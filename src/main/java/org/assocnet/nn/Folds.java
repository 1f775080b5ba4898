package org.assocnet.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assocnet.core.UserException;

/** Stratified fold assignment (cross-fitting) and stratified inner train/validation splits. */
public final class Folds {
    private Folds() {}

    /**
     * Assigns each sample to one of {@code k} folds, stratified by label: cases and controls are each
     * shuffled (seeded) and dealt round-robin, so every fold gets floor or ceil of its share of each class.
     * Throws a {@link UserException} if any fold would lack a class.
     */
    public static int[] stratified(int[] y, int k, long seed) {
        if (k < 2) throw new UserException("--folds must be at least 2 (got " + k + ")");
        int cases = 0;
        for (int v : y) cases += v == 1 ? 1 : 0;
        int controls = y.length - cases;
        if (Math.min(cases, controls) < 2) {
            throw new UserException("cannot cross-fit " + cases + " cases and " + controls + " controls: every one of at least"
                    + " 2 folds needs a case and a control, so at least 2 of each are needed");
        }
        if (cases < k || controls < k) {
            throw new UserException("cannot make " + k + " stratified folds from " + cases + " cases and " + controls
                    + " controls: every fold needs at least one of each class; use fewer --folds (at most "
                    + Math.max(0, Math.min(cases, controls)) + ") or add " + (cases < k ? "cases" : "controls"));
        }
        int[] fold = new int[y.length];
        SplittableRandom rng = new SplittableRandom(seed);
        int offset = 0;
        for (int cls = 1; cls >= 0; cls--) {
            int[] idx = indicesOf(y, cls);
            shuffle(idx, rng);
            for (int i = 0; i < idx.length; i++) fold[idx[i]] = (offset + i) % k;
            offset = (offset + idx.length) % k; // controls continue where cases stopped: balanced fold sizes
        }
        return fold;
    }

    /** FOLD of a screening-set sample (train --screen-fraction): used only to select inputs, never trained on or scored. */
    public static final int SCREENING = -1;

    /**
     * Holds out a label-stratified random {@code fraction} of each class as the screening set (FOLD =
     * {@link #SCREENING}), then assigns the remaining samples to {@code k} stratified folds as
     * {@link #stratified}. {@code fraction <= 0} is {@link #stratified}. Seeded: the screening draw uses its
     * own stream of {@code seed}, so the fold assignment of the remaining samples is reproducible too.
     */
    public static int[] withScreening(int[] y, int k, long seed, double fraction) {
        if (fraction <= 0) return stratified(y, k, seed);
        if (fraction >= 1) throw new UserException("--screen-fraction must be < 1 (got " + fraction + ")");
        boolean[] screen = new boolean[y.length];
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5C4EE9L);
        for (int cls = 1; cls >= 0; cls--) {
            int[] idx = indicesOf(y, cls);
            shuffle(idx, rng);
            int ns = (int) Math.round(fraction * idx.length);
            for (int i = 0; i < ns; i++) screen[idx[i]] = true;
        }
        int[] rest = java.util.stream.IntStream.range(0, y.length).filter(i -> !screen[i]).toArray();
        int[] yr = new int[rest.length];
        for (int i = 0; i < rest.length; i++) yr[i] = y[rest[i]];
        int[] fr = stratified(yr, k, seed);
        int[] fold = new int[y.length];
        java.util.Arrays.fill(fold, SCREENING);
        for (int i = 0; i < rest.length; i++) fold[rest[i]] = fr[i];
        return fold;
    }

    /**
     * Splits {@code train} (sample indices) into an inner training part and a validation part of about
     * {@code fraction} of each class (at least one of each class when fraction &gt; 0). Returns {inner, val}.
     */
    public static int[][] innerSplit(int[] train, int[] y, double fraction, long seed) {
        if (fraction <= 0) return new int[][] {train.clone(), new int[0]};
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> inner = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int cls = 1; cls >= 0; cls--) {
            List<Integer> c = new ArrayList<>();
            for (int i : train) if (y[i] == cls) c.add(i);
            int[] idx = c.stream().mapToInt(Integer::intValue).toArray();
            shuffle(idx, rng);
            int nv = (int) Math.round(fraction * idx.length);
            if (nv < 1 || nv >= idx.length) {
                throw new UserException("a training fold has " + idx.length + (cls == 1 ? " cases" : " controls")
                        + ", too few for a validation split of " + fraction
                        + "; use fewer --folds, a different --val-fraction, or --patience 0 --val-fraction 0");
            }
            for (int i = 0; i < idx.length; i++) (i < nv ? val : inner).add(idx[i]);
        }
        int[] a = inner.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] b = val.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new int[][] {a, b};
    }

    static int[] indicesOf(int[] y, int cls) {
        int c = 0;
        for (int v : y) if (v == cls) c++;
        int[] out = new int[c];
        int m = 0;
        for (int i = 0; i < y.length; i++) if (y[i] == cls) out[m++] = i;
        return out;
    }

    /** Fisher-Yates shuffle in place. */
    public static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
