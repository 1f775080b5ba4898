package org.assocnet.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact per-variant plot data (about 48 bytes a variant): chromosome index, position, GLM P, NN_P, CONTRIB_P, both
 * log-ORs and the AGREEMENT class. Labels are kept only for variants with P &lt; 1e-5 in either test.
 */
public final class Points {
    public final List<String> chroms = new ArrayList<>();
    long[] maxPos = new long[8];
    int n;
    int[] chrom = new int[1024];
    long[] pos = new long[1024];
    double[] glmP = new double[1024];
    double[] nnP = new double[1024];
    double[] contribP = new double[1024];
    float[] glmLogOr = new float[1024];
    float[] nnLogOr = new float[1024];
    byte[] agreement = new byte[1024];
    private final Map<Integer, String> labels = new HashMap<>();
    private final Map<String, Integer> chromIndex = new HashMap<>();

    void add(String chr, long position, double gp, double np, double cp, double gb, double nb, Agreement a, String label) {
        Integer ci = chromIndex.get(chr);
        if (ci == null) {
            ci = chroms.size();
            chroms.add(chr);
            chromIndex.put(chr, ci);
            if (ci >= maxPos.length) maxPos = Arrays.copyOf(maxPos, maxPos.length * 2);
        }
        if (n == chrom.length) {
            int c = n * 2;
            chrom = Arrays.copyOf(chrom, c);
            pos = Arrays.copyOf(pos, c);
            glmP = Arrays.copyOf(glmP, c);
            nnP = Arrays.copyOf(nnP, c);
            contribP = Arrays.copyOf(contribP, c);
            glmLogOr = Arrays.copyOf(glmLogOr, c);
            nnLogOr = Arrays.copyOf(nnLogOr, c);
            agreement = Arrays.copyOf(agreement, c);
        }
        chrom[n] = ci;
        pos[n] = position;
        maxPos[ci] = Math.max(maxPos[ci], position);
        glmP[n] = gp;
        nnP[n] = np;
        contribP[n] = cp;
        glmLogOr[n] = (float) gb;
        nnLogOr[n] = (float) nb;
        agreement[n] = (byte) a.ordinal();
        if (gp < 1e-5 || np < 1e-5 || cp < 1e-5) labels.put(n, label);
        n++;
    }

    public int size() {
        return n;
    }

    public double[] glmP() {
        return Arrays.copyOf(glmP, n);
    }

    public double[] nnP() {
        return Arrays.copyOf(nnP, n);
    }

    /** The network's own test (CONTRIB_P), NaN where absent. */
    public double[] contribP() {
        return Arrays.copyOf(contribP, n);
    }

    /** P values of one test: 0 = GLM, 1 = NN_P, 2 = CONTRIB_P. */
    double[] p(int test) {
        return test == 0 ? glmP : test == 1 ? nnP : contribP;
    }

    String label(int i) {
        return labels.getOrDefault(i, chroms.get(chrom[i]) + ":" + pos[i]);
    }

    /** Indices with P &lt; 1e-5 in the given test (as {@link #p}), most significant first. */
    Integer[] candidates(int test) {
        double[] p = p(test);
        Integer[] c = labels.keySet().stream().filter(i -> p[i] < 1e-5).toArray(Integer[]::new);
        Arrays.sort(c, (a, b) -> p[a] != p[b] ? Double.compare(p[a], p[b]) : Integer.compare(a, b));
        return c;
    }
}
