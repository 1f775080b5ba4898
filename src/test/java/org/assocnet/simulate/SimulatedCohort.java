package org.assocnet.simulate;

import htsjdk.variant.variantcontext.Allele;
import htsjdk.variant.variantcontext.Genotype;
import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.vcf.VCFFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test helper: reads a simulate output set back with htsjdk and plain TSV parsing. */
final class SimulatedCohort {
    final List<String> samples = new ArrayList<>();
    final List<VariantContext> records = new ArrayList<>();
    /** ALT (first ALT) dosage per record and sample; NaN = missing call. */
    final List<double[]> dosage = new ArrayList<>();
    final Map<String, Integer> index = new HashMap<>();
    int[] y;
    double[][] covar; // [sample][column] with SITE one-hot (first level dropped)
    List<String[]> truth = new ArrayList<>();

    static SimulatedCohort read(String prefix) throws IOException {
        SimulatedCohort c = new SimulatedCohort();
        try (VCFFileReader r = new VCFFileReader(Path.of(prefix + ".vcf.gz"), true)) {
            c.samples.addAll(r.getFileHeader().getGenotypeSamples());
            for (VariantContext vc : r) {
                Allele alt = vc.getAlternateAllele(0);
                double[] d = new double[c.samples.size()];
                int i = 0;
                for (Genotype g : vc.getGenotypes()) {
                    d[i++] = g.isNoCall() ? Double.NaN : g.countAllele(alt);
                }
                c.index.put(vc.getID(), c.records.size());
                c.records.add(vc);
                c.dosage.add(d);
            }
        }
        List<String> ph = Files.readAllLines(Path.of(prefix + ".pheno.tsv"));
        c.y = new int[ph.size() - 1];
        for (int i = 1; i < ph.size(); i++) c.y[i - 1] = Integer.parseInt(ph.get(i).split("\t")[2]) - 1;
        List<String> cv = Files.readAllLines(Path.of(prefix + ".covar.tsv"));
        String[] head = cv.get(0).split("\t");
        List<String> levels = new ArrayList<>();
        int siteCol = -1;
        for (int k = 2; k < head.length; k++) if (head[k].equals("SITE")) siteCol = k;
        if (siteCol >= 0) {
            for (int i = 1; i < cv.size(); i++) {
                String l = cv.get(i).split("\t")[siteCol];
                if (!levels.contains(l)) levels.add(l);
            }
            levels.sort(null);
        }
        int numeric = head.length - 2 - (siteCol >= 0 ? 1 : 0);
        int width = numeric + Math.max(0, levels.size() - 1);
        c.covar = new double[cv.size() - 1][width];
        for (int i = 1; i < cv.size(); i++) {
            String[] f = cv.get(i).split("\t");
            int k = 0;
            for (int q = 2; q < 2 + numeric; q++) c.covar[i - 1][k++] = Double.parseDouble(f[q]);
            if (siteCol >= 0) {
                int lv = levels.indexOf(f[siteCol]);
                if (lv > 0) c.covar[i - 1][numeric + lv - 1] = 1;
            }
        }
        List<String> tr = Files.readAllLines(Path.of(prefix + ".truth.tsv"));
        for (int i = 1; i < tr.size(); i++) c.truth.add(tr.get(i).split("\t"));
        return c;
    }

    double[] dosage(String id) {
        return dosage.get(index.get(id));
    }
}
