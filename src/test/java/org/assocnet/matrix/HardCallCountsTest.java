package org.assocnet.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.assocnet.core.UserException;
import org.junit.jupiter.api.Test;

class HardCallCountsTest {
    /** The table counted one sample at a time. */
    private static long[] naive(byte[] raw, int off, int n, boolean[] isCase) {
        long[] tab = new long[6];
        for (int i = 0; i < n; i++) {
            int c = raw[off + i] & 0xFF;
            if (c == 0xFF) continue;
            tab[2 * c + (isCase[i] ? 1 : 0)]++;
        }
        return tab;
    }

    /** Sizes around the 8-sample words and the 255-word blocks; all-missing, all-2 and mixed columns. */
    @Test
    void tableEqualsPerSampleCounts() {
        Random r = new Random(3);
        for (int n : new int[] {1, 7, 8, 9, 63, 2039, 2040, 2041, 2048, 4087, 5000, 20_001}) {
            for (int kind = 0; kind < 4; kind++) {
                int off = r.nextInt(5);
                byte[] raw = new byte[off + n];
                boolean[] isCase = new boolean[n];
                int cases = 0;
                for (int i = 0; i < n; i++) {
                    isCase[i] = r.nextBoolean();
                    if (isCase[i]) cases++;
                    int k = r.nextInt(100);
                    raw[off + i] = (byte) switch (kind) {
                        case 0 -> k < 2 ? 0xFF : k < 50 ? 0 : k < 85 ? 1 : 2;
                        case 1 -> 0xFF;
                        case 2 -> 2;
                        default -> k < 50 ? 0xFF : 1;
                    };
                }
                long[] tab = new long[6];
                int[] missing = new int[n];
                int miss = HardCallCounts.table(raw, off, n, HardCallCounts.caseMask(isCase), HardCallCounts.caseBytes(isCase),
                        cases, new long[6], tab, missing, Path.of("m.bin"), 0);
                assertArrayEquals(naive(raw, off, n, isCase), tab, "n=" + n + " kind=" + kind);
                int q = 0;
                for (int i = 0; i < n; i++) if (raw[off + i] == (byte) 0xFF) assertEquals(i, missing[q++]);
                assertEquals(q, miss);
            }
        }
    }

    @Test
    void aByteThatIsNotACallIsACorruptMatrix() {
        for (int bad : new int[] {3, 4, 0x7F, 0x80, 0xFE, 0xFD, 0xFC, 0x83, 0x7E}) {
            for (int at : new int[] {0, 2047, 4999}) {
                byte[] raw = new byte[5000];
                raw[at] = (byte) bad;
                boolean[] isCase = new boolean[5000];
                UserException e = assertThrows(UserException.class, () -> HardCallCounts.table(raw, 0, 5000,
                        HardCallCounts.caseMask(isCase), HardCallCounts.caseBytes(isCase), 0, new long[6], new long[6], null,
                        Path.of("m.bin"), 6));
                assertTrue(e.getMessage().contains("variant 7 sample " + (at + 1) + ": hard call " + bad), e.getMessage());
            }
        }
    }
}
