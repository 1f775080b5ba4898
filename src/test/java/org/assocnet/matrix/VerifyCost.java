package org.assocnet.matrix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Measures what verifying a cohort on open costs ({@link CohortMatrix#verify()}: CRC-32C and value range),
 * next to reading every column once. Not a test: run by hand, numbers in docs/reliability.md.
 * <pre>java -cp target/classes:target/test-classes org.assocnet.matrix.VerifyCost /tmp/big 5000 50000</pre>
 * Writes PREFIX.cohort.bin (UINT8 hard calls, 1% missing) if absent, then times four repetitions.
 */
public final class VerifyCost {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[1]), p = Integer.parseInt(a[2]);
        Path bin = Path.of(a[0] + ".cohort.bin");
        if (!Files.exists(bin)) {
            SplittableRandom r = new SplittableRandom(1);
            try (CohortMatrixWriter w = new CohortMatrixWriter(bin, n, MatrixHeader.ValueType.UINT8, Encoding.ADDITIVE)) {
                byte[] c = new byte[n];
                for (int j = 0; j < p; j++) {
                    double f = 0.05 + 0.45 * r.nextDouble();
                    for (int i = 0; i < n; i++) {
                        c[i] = r.nextDouble() < 0.01 ? CohortMatrix.MISSING_U8
                                : (byte) ((r.nextDouble() < f ? 1 : 0) + (r.nextDouble() < f ? 1 : 0));
                    }
                    w.writeColumn(c);
                }
            }
        }
        for (int rep = 0; rep < 4; rep++) {
            try (CohortMatrix m = CohortMatrix.open(bin)) {
                long t1 = System.nanoTime();
                m.verify();
                long t2 = System.nanoTime();
                double[] col = new double[n];
                var s = m.newScratch();
                for (int j = 0; j < p; j++) m.column(j, col, s);
                long t3 = System.nanoTime();
                System.out.printf("rep %d: verify %.3f s (%.0f MB/s); reading every column as doubles %.3f s%n", rep,
                        (t2 - t1) / 1e9, Files.size(bin) / 1e6 / ((t2 - t1) / 1e9), (t3 - t2) / 1e9);
            }
        }
    }
}
