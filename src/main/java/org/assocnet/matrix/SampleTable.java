package org.assocnet.matrix;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assocnet.core.UserException;

/**
 * {@code ${prefix}.samples.tsv}: the samples of a cohort matrix, in matrix order, with the binary phenotype
 * (0/1, checked when read, so every stage can rely on it)
 * (1 = case, 0 = control) and the model-ready covariates (numeric; categorical covariates already one-hot
 * encoded by encode). Columns: {@code #FID IID PHENO [covariate ...]}.
 */
public record SampleTable(List<String> fid, List<String> iid, int[] pheno, List<String> covariateNames, double[][] covariates) {

    public int size() {
        return iid.size();
    }

    public int cases() {
        return (int) Arrays.stream(pheno).filter(v -> v == 1).count();
    }

    public int controls() {
        return size() - cases();
    }

    /** Covariate matrix, n rows x k columns (k may be 0). */
    public double[][] covariateMatrix() {
        return covariates;
    }

    public void write(Path path) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(path)) {
            w.write("#FID\tIID\tPHENO");
            for (String c : covariateNames) w.write("\t" + c);
            w.write("\n");
            for (int i = 0; i < size(); i++) {
                StringBuilder sb = new StringBuilder();
                sb.append(fid.get(i)).append('\t').append(iid.get(i)).append('\t').append(pheno[i]);
                for (int k = 0; k < covariateNames.size(); k++) sb.append('\t').append(fmt(covariates[i][k]));
                w.write(sb.append('\n').toString());
            }
        }
    }

    private static String fmt(double v) {
        return org.assocnet.core.DecimalText.full(v);
    }

    public static SampleTable read(Path path) throws IOException {
        org.assocnet.io.InputFile.require(path, "sample table");
        try (BufferedReader r = Files.newBufferedReader(path)) {
            String head = r.readLine();
            if (head == null || !head.startsWith("#FID\tIID\tPHENO")) {
                throw UserException.at(path, 1, null, "expected header '#FID<TAB>IID<TAB>PHENO...'");
            }
            String[] h = head.split("\t", -1);
            List<String> cov = List.of(Arrays.copyOfRange(h, 3, h.length));
            List<String> fid = new ArrayList<>();
            List<String> iid = new ArrayList<>();
            List<Integer> ph = new ArrayList<>();
            List<double[]> cv = new ArrayList<>();
            String line;
            long ln = 1;
            while ((line = r.readLine()) != null) {
                ln++;
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                if (f.length != h.length) {
                    throw UserException.at(path, ln, null, "expected " + h.length + " fields, found " + f.length);
                }
                fid.add(f[0]);
                iid.add(f[1]);
                if (!f[2].equals("0") && !f[2].equals("1")) {
                    throw UserException.at(path, ln, "PHENO", "expected 0 (control) or 1 (case), found '" + f[2] + "'");
                }
                ph.add(f[2].charAt(0) - '0');
                double[] c = new double[cov.size()];
                for (int k = 0; k < c.length; k++) {
                    try {
                        c[k] = Double.parseDouble(f[3 + k]);
                    } catch (NumberFormatException e) {
                        throw UserException.at(path, ln, cov.get(k), "not a number: '" + f[3 + k] + "'");
                    }
                }
                cv.add(c);
            }
            if (fid.isEmpty()) throw UserException.at(path, ln, null, "no samples");
            return new SampleTable(fid, iid, ph.stream().mapToInt(Integer::intValue).toArray(), cov,
                    cv.toArray(new double[0][]));
        }
    }
}
