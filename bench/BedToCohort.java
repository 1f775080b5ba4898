// Bench helper (not part of the CLI): converts a PLINK 1 .bed/.bim/.fam (+ optional covariate file
// "#FID IID C1 ..") into an assocnet cohort (UINT8 matrix, samples.tsv, variants.tsv), ALT = A1 of the .bim
// (PLINK's counted allele), so BETA signs match PLINK 2 run with the same counted allele.
// Run: java -cp target/assocnet.jar bench/BedToCohort.java PLINK_PREFIX COVAR_OR_- OUT_PREFIX
import java.io.*;
import java.nio.file.*;
import java.util.*;
import org.assocnet.matrix.*;

public class BedToCohort {
    public static void main(String[] a) throws IOException {
        String in = a[0];
        List<String> fam = Files.readAllLines(Path.of(in + ".fam"));
        List<String> bim = Files.readAllLines(Path.of(in + ".bim"));
        int n = fam.size(), p = bim.size();
        Map<String, double[]> covs = new HashMap<>();
        List<String> covNames = new ArrayList<>();
        if (!a[1].equals("-")) {
            List<String> cl = Files.readAllLines(Path.of(a[1]));
            String[] h = cl.get(0).split("\\s+");
            for (int c = 2; c < h.length; c++) covNames.add(h[c]);
            for (int r = 1; r < cl.size(); r++) {
                String[] f = cl.get(r).split("\\s+");
                double[] v = new double[h.length - 2];
                for (int c = 2; c < h.length; c++) v[c - 2] = Double.parseDouble(f[c]);
                covs.put(f[0] + "\t" + f[1], v);
            }
        }
        List<String> fid = new ArrayList<>(), iid = new ArrayList<>();
        int[] ph = new int[n];
        double[][] cv = new double[n][];
        for (int i = 0; i < n; i++) {
            String[] f = fam.get(i).trim().split("\\s+");
            fid.add(f[0]);
            iid.add(f[1]);
            ph[i] = f[5].equals("2") ? 1 : 0;
            cv[i] = covNames.isEmpty() ? new double[0] : covs.get(f[0] + "\t" + f[1]);
            if (cv[i] == null) throw new IllegalArgumentException("no covariates for sample " + f[0] + " " + f[1]);
        }
        String out = a[2];
        new SampleTable(fid, iid, ph, covNames, cv).write(Path.of(out + ".samples.tsv"));
        int bpv = (n + 3) / 4;
        byte[] buf = new byte[bpv];
        byte[] calls = new byte[n];
        try (InputStream bed = new BufferedInputStream(Files.newInputStream(Path.of(in + ".bed")), 1 << 20);
             CohortMatrixWriter w = new CohortMatrixWriter(Path.of(out + ".cohort.bin"), n, MatrixHeader.ValueType.UINT8, Encoding.ADDITIVE);
             BufferedWriter vw = VariantTable.openWriter(Path.of(out + ".variants.tsv"))) {
            byte[] magic = bed.readNBytes(3);
            if (magic[0] != 0x6c || magic[1] != 0x1b || magic[2] != 1) throw new IOException("not a variant-major .bed");
            for (int j = 0; j < p; j++) {
                if (bed.readNBytes(buf, 0, bpv) != bpv) throw new IOException("truncated .bed");
                long alt = 0; int obs = 0;
                for (int i = 0; i < n; i++) {
                    int code = (buf[i >> 2] >> ((i & 3) * 2)) & 3;
                    // .bed codes count the A1 allele: 00 hom A1 (2), 01 missing, 10 het (1), 11 hom A2 (0)
                    byte g = switch (code) { case 0 -> 2; case 1 -> (byte) 0xFF; case 2 -> 1; default -> 0; };
                    calls[i] = g;
                    if (g != (byte) 0xFF) { alt += g; obs++; }
                }
                w.writeColumn(calls);
                String[] b = bim.get(j).split("\\s+");
                vw.write(new Variant(b[0], Long.parseLong(b[3]), b[1], b[5], b[4], obs > 0 ? alt / (2.0 * obs) : Double.NaN, obs).toTsv());
                vw.write('\n');
            }
        }
    }
}
