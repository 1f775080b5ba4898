package org.assocnet.pheno;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.assocnet.core.UserException;

/**
 * Covariates for a chosen set of samples, model-ready: a column whose non-missing values all parse as
 * numbers is numeric; any other column is categorical and one-hot encoded as {@code NAME=LEVEL} columns,
 * levels in sorted order with the first level dropped (the reference). Missing: NA, -9, '.'.
 */
public final class Covariates {
    private Covariates() {}

    /** Model-ready covariate matrix for the given file rows. */
    public record Encoded(List<String> names, double[][] values, List<String> categorical) {}

    /**
     * Column indices of the named covariates (null or empty = every column but {@code phenotype}).
     *
     * @param phenotype the analysed phenotype's column when the covariates come from the phenotype file itself
     *     (PLINK 2's {@code --pheno f --covar f}), else null: it is never a covariate by default, and naming it is
     *     an error
     */
    public static int[] select(SampleFile f, List<String> names, String phenotype) {
        if (names == null || names.isEmpty()) {
            return java.util.stream.IntStream.range(0, f.columns().size())
                    .filter(i -> !f.columns().get(i).equals(phenotype)).toArray();
        }
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            String name = names.get(i).trim();
            if (name.equals(phenotype)) {
                throw new UserException(f.path() + ": column '" + name + "' is the phenotype being analysed; it cannot also be a"
                        + " covariate");
            }
            out[i] = f.column(name);
        }
        return out;
    }

    /** True when row r has a missing value in any selected column. */
    public static boolean anyMissing(SampleFile f, int r, int[] cols) {
        for (int c : cols) if (SampleFile.isMissing(f.value(r, c))) return true;
        return false;
    }

    /** Largest covariate magnitude accepted: squares and cross-products stay far from overflow. */
    public static final double MAX_ABS = 1e15;

    /** Encodes the selected columns for the given rows (none of them missing). */
    public static Encoded encode(SampleFile f, int[] cols, int[] rows) {
        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        List<String> categorical = new ArrayList<>();
        for (int c : cols) {
            String name = f.columns().get(c);
            double[] v = new double[rows.length];
            int numericCount = 0;
            int firstBad = -1;
            for (int i = 0; i < rows.length; i++) {
                String s = f.value(rows[i], c);
                try {
                    v[i] = Double.parseDouble(s);
                    if (!Double.isFinite(v[i])) {
                        throw UserException.at(f.path(), f.line(rows[i]), name, "covariate value '" + s + "' is not finite");
                    }
                    if (Math.abs(v[i]) > MAX_ABS) {
                        throw UserException.at(f.path(), f.line(rows[i]), name, "covariate value '" + s
                                + "' is out of range (|x| > 1e15): rescale the column (e.g. to other units)");
                    }
                    numericCount++;
                } catch (NumberFormatException e) {
                    if (firstBad < 0) firstBad = rows[i];
                }
            }
            if (firstBad < 0) {
                names.add(name);
                columns.add(v);
                continue;
            }
            if (numericCount * 2 > rows.length) {
                throw UserException.at(f.path(), f.line(firstBad), name, "bad covariate value '" + f.value(firstBad, c)
                        + "' in a numeric column (missing values must be NA or -9)");
            }
            categorical.add(name);
            TreeSet<String> levels = new TreeSet<>();
            for (int r : rows) levels.add(f.value(r, c));
            if (levels.size() > Math.max(50, rows.length / 2)) {
                throw UserException.at(f.path(), f.line(firstBad), name, "bad covariate value '" + f.value(firstBad, c)
                        + "': a categorical covariate with " + levels.size() + " levels looks like a malformed column");
            }
            List<String> lv = new ArrayList<>(levels);
            for (int l = 1; l < lv.size(); l++) {
                double[] d = new double[rows.length];
                for (int i = 0; i < rows.length; i++) d[i] = f.value(rows[i], c).equals(lv.get(l)) ? 1 : 0;
                names.add(name + "=" + lv.get(l));
                columns.add(d);
            }
        }
        double[][] m = new double[rows.length][names.size()];
        for (int k = 0; k < names.size(); k++) {
            double[] col = columns.get(k);
            for (int i = 0; i < rows.length; i++) m[i][k] = col[i];
        }
        return new Encoded(names, m, categorical);
    }

    static String describe(double[] v) {
        return Arrays.toString(v);
    }

    /**
     * Refuses a covariate that separates cases from controls completely (every case above every control, or
     * below): the logistic null model then has no finite fit and every variant's test would fail. {@code rows}
     * are the covariate file rows of the samples, {@code y} their 0/1 phenotype.
     */
    public static void checkSeparation(SampleFile f, Encoded enc, int[] rows, int[] y) {
        double[][] m = enc.values();
        for (int k = 0; k < enc.names().size(); k++) {
            double caseMin = Double.POSITIVE_INFINITY, caseMax = Double.NEGATIVE_INFINITY;
            double ctrlMin = Double.POSITIVE_INFINITY, ctrlMax = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < y.length; i++) {
                double v = m[i][k];
                if (y[i] == 1) {
                    caseMin = Math.min(caseMin, v);
                    caseMax = Math.max(caseMax, v);
                } else {
                    ctrlMin = Math.min(ctrlMin, v);
                    ctrlMax = Math.max(ctrlMax, v);
                }
            }
            boolean above = ctrlMax < caseMin, below = caseMax < ctrlMin;
            if (above || below) {
                String name = enc.names().get(k);
                String col = name.contains("=") ? name.substring(0, name.indexOf('=')) : name;
                throw new UserException(f.path() + ": covariate '" + name + "' predicts the phenotype perfectly (every case has "
                        + col + (above ? " >= " + fmt(caseMin) + ", every control <= " + fmt(ctrlMax)
                                : " <= " + fmt(caseMax) + ", every control >= " + fmt(ctrlMin))
                        + "): the logistic model has no finite fit; is it the phenotype itself? Leave it out of the covariates");
            }
        }
    }

    private static String fmt(double v) {
        return org.assocnet.core.DecimalText.full(v);
    }
}
