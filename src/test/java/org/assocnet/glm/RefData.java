package org.assocnet.glm;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assocnet.matrix.CohortMatrixWriter;
import org.assocnet.matrix.Encoding;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.matrix.SampleTable;
import org.assocnet.matrix.Variant;
import org.assocnet.matrix.VariantTable;

/** The R reference data set in src/test/resources/glm (made by make-reference.R) and cohorts built from it. */
final class RefData {
    final List<String> iid = new ArrayList<>();
    final int[] pheno;
    final double[][] cov; // n x 3: AGE SEX PC
    final List<String> variantNames = new ArrayList<>();
    final List<double[]> genotypes = new ArrayList<>();
    /** key variant|model|encoding|quantity -> value */
    final Map<String, Double> expected = new HashMap<>();

    RefData() throws IOException {
        List<String> s = lines("samples.tsv");
        int n = s.size() - 1;
        pheno = new int[n];
        cov = new double[n][3];
        for (int i = 0; i < n; i++) {
            String[] f = s.get(i + 1).split("\t");
            iid.add(f[0]);
            pheno[i] = Integer.parseInt(f[1]);
            for (int c = 0; c < 3; c++) cov[i][c] = Double.parseDouble(f[2 + c]);
        }
        List<String> g = lines("genotypes.tsv");
        String[] names = g.get(0).split("\t");
        for (String nm : names) {
            variantNames.add(nm);
            genotypes.add(new double[n]);
        }
        for (int i = 0; i < n; i++) {
            String[] f = g.get(i + 1).split("\t");
            for (int v = 0; v < names.length; v++) genotypes.get(v)[i] = f[v].equals("NA") ? Double.NaN : Double.parseDouble(f[v]);
        }
        List<String> e = lines("expected.tsv");
        for (int r = 1; r < e.size(); r++) {
            String[] f = e.get(r).split("\t");
            expected.put(f[0] + "|" + f[1] + "|" + f[2] + "|" + f[3], Double.parseDouble(f[4]));
        }
    }

    static List<String> lines(String res) throws IOException {
        try (InputStream in = RefData.class.getResourceAsStream("/glm/" + res)) {
            if (in == null) throw new IOException("missing test resource /glm/" + res);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    Double exp(String variant, String model, String enc, String q) {
        return expected.get(variant + "|" + model + "|" + enc + "|" + q);
    }

    /** Writes PREFIX.{cohort.bin,samples.tsv,variants.tsv}; returns the prefix. */
    String write(Path dir, String name, boolean covariates, MatrixHeader.ValueType type) throws IOException {
        return write(dir, name, covariates ? 3 : 0, type);
    }

    /** As above with the first {@code covariates} of AGE, SEX, PC (models nocov, cov1, cov2, cov of make-reference.R). */
    String write(Path dir, String name, int covariates, MatrixHeader.ValueType type) throws IOException {
        int n = pheno.length;
        String prefix = dir.resolve(name).toString();
        List<String> covNames = List.of("AGE", "SEX", "PC").subList(0, covariates);
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) c[i] = java.util.Arrays.copyOf(cov[i], covariates);
        new SampleTable(new ArrayList<>(iid), new ArrayList<>(iid), pheno.clone(), covNames, c)
                .write(Path.of(prefix + ".samples.tsv"));
        writeMatrix(prefix, genotypes, type);
        return prefix;
    }

    void writeMatrix(String prefix, List<double[]> cols, MatrixHeader.ValueType type) throws IOException {
        int n = pheno.length;
        try (CohortMatrixWriter w = new CohortMatrixWriter(Path.of(prefix + ".cohort.bin"), n, type, Encoding.ADDITIVE)) {
            for (double[] col : cols) w.writeColumn(col);
        }
        try (BufferedWriter w = VariantTable.openWriter(Path.of(prefix + ".variants.tsv"))) {
            for (int v = 0; v < cols.size(); v++) {
                w.write(new Variant("1", 1000L * (v + 1), v < variantNames.size() ? variantNames.get(v) : "v" + v,
                        "A", "G", 0.5, n).toTsv());
                w.write('\n');
            }
        }
    }

    static String writeCohort(Path dir, String name, int[] pheno, double[][] cov, List<String> covNames,
                              List<double[]> cols, MatrixHeader.ValueType type) throws IOException {
        int n = pheno.length;
        String prefix = dir.resolve(name).toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add("S" + i);
        double[][] c = cov != null ? cov : new double[n][0];
        new SampleTable(ids, ids, pheno, covNames, c).write(Path.of(prefix + ".samples.tsv"));
        try (CohortMatrixWriter w = new CohortMatrixWriter(Path.of(prefix + ".cohort.bin"), n, type, Encoding.ADDITIVE)) {
            for (double[] col : cols) w.writeColumn(col);
        }
        try (BufferedWriter w = VariantTable.openWriter(Path.of(prefix + ".variants.tsv"))) {
            for (int v = 0; v < cols.size(); v++) {
                w.write(new Variant(v % 2 == 0 ? "1" : "chrX", 100L * (v + 1), "rs" + (v + 1), "A", "G", 0.5, n).toTsv());
                w.write('\n');
            }
        }
        return prefix;
    }
}
