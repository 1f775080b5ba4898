package org.assocnet.matrix;

import static org.junit.jupiter.api.Assertions.*;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assocnet.core.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CohortMatrixTest {
    @TempDir Path dir;

    @Test
    void roundTripsHardCallsAndDosages() throws Exception {
        for (MatrixHeader.ValueType t : MatrixHeader.ValueType.values()) {
            Path f = dir.resolve("m" + t + ".bin");
            double[][] cols = {{0, 1, 2, Double.NaN}, {2, 2, Double.NaN, 0}, {1, 0, 0, 1}};
            if (t == MatrixHeader.ValueType.FLOAT32) cols[2] = new double[] {0.25, 1.5, 1.999, Double.NaN};
            try (CohortMatrixWriter w = new CohortMatrixWriter(f, 4, t, Encoding.DOMINANT)) {
                for (double[] c : cols) w.writeColumn(c);
            }
            assertEquals(64 + 3 * 4 * t.bytes, Files.size(f));
            try (CohortMatrix m = CohortMatrix.open(f)) {
                assertEquals(4, m.samples());
                assertEquals(3, m.variants());
                assertEquals(Encoding.DOMINANT, m.header().encoding());
                m.verifyChecksum();
                double[] out = new double[4];
                for (int j = 0; j < 3; j++) {
                    m.column(j, out);
                    for (int i = 0; i < 4; i++) assertEquals(cols[j][i], out[i], 1e-6, t + " col " + j + " row " + i);
                }
            }
        }
    }

    @Test
    void rejectsTruncatedAndCorruptFiles() throws Exception {
        Path f = dir.resolve("m.bin");
        try (CohortMatrixWriter w = new CohortMatrixWriter(f, 3, MatrixHeader.ValueType.UINT8, Encoding.ADDITIVE)) {
            w.writeColumn(new double[] {0, 1, 2});
            w.writeColumn(new double[] {1, 1, 2});
        }
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(64 + 4);
            r.write(0);
        }
        try (CohortMatrix m = CohortMatrix.open(f)) {
            UserException e = assertThrows(UserException.class, m::verifyChecksum);
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        }
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(66);
        }
        UserException e = assertThrows(UserException.class, () -> CohortMatrix.open(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
