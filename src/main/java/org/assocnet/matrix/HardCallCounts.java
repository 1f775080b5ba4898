package org.assocnet.matrix;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.assocnet.core.UserException;

/**
 * Genotype-by-phenotype counts of a UINT8 hard-call column, 8 samples per 64-bit word (SWAR popcounts): the
 * GLM's table per variant (glm) and the variant QC counts (encode).
 */
public final class HardCallCounts {
    private static final long B0 = 0x0101010101010101L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private HardCallCounts() {}

    /** The {@code ymask} of {@link #table}: 0xFF bytes for the cases, over the samples of whole 8-sample words. */
    public static long[] caseMask(boolean[] isCase) {
        long[] m = new long[isCase.length >>> 3];
        for (int i = 0; i < m.length << 3; i++) if (isCase[i]) m[i >>> 3] |= 0xFFL << ((i & 7) * 8);
        return m;
    }

    /** The {@code ybyte} of {@link #table}: 1 for a case, 0 for a control. */
    public static byte[] caseBytes(boolean[] isCase) {
        byte[] b = new byte[isCase.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (isCase[i] ? 1 : 0);
        return b;
    }

    private static final long LOW16 = 0x00FF00FF00FF00FFL;

    /**
     * SWAR counts over the first 8 * words hard calls, 8 samples per long: codes 0, 1, 2 and 0xFF =
     * missing; bit 0 is set for 1 and 0xFF, bit 1 for 2 and 0xFF, bit 7 only for 0xFF; ymask has 0xFF bytes
     * for cases. out = {ones, twos, missing, case ones, case twos, case missing} (with the missing counted
     * in the ones and twos); returns non-zero if a byte is not a valid code (0xFC-0xFE included: they passed as
     * missing before). The counts are summed per byte
     * lane, 255 words at a time, and the lanes added up after each block: plain adds on any ALU port where a
     * popcount per count and word queued on one (1.6x faster). A method of its own so that the JIT compiles
     * (and inlines the VarHandle access of) this hot loop separately from its large caller.
     */
    static long count(byte[] raw, int off, int words, long[] ymask, long[] out) {
        long t1 = 0, t2 = 0, tm = 0, c1 = 0, c2 = 0, cm = 0;
        long bad = 0;
        for (int w0 = 0; w0 < words; w0 += 255) {
            int w1 = Math.min(words, w0 + 255);
            long a1 = 0, a2 = 0, am = 0, b1 = 0, b2 = 0, bm = 0;
            for (int w = w0; w < w1; w++) {
                long v = (long) LONGS.get(raw, off + (w << 3));
                long ym = ymask[w];
                long lo = v & B0;
                long hi = (v >>> 1) & B0;
                long m7 = (v >>> 7) & B0;
                a1 += lo;
                a2 += hi;
                am += m7;
                b1 += lo & ym;
                b2 += hi & ym;
                bm += m7 & ym;
                bad |= ((v & 0x7C7C7C7C7C7C7C7CL) ^ (m7 * 0x7C)) | ((lo & hi) ^ m7);
            }
            t1 += laneSum(a1);
            t2 += laneSum(a2);
            tm += laneSum(am);
            c1 += laneSum(b1);
            c2 += laneSum(b2);
            cm += laneSum(bm);
        }
        out[0] = t1;
        out[1] = t2;
        out[2] = tm;
        out[3] = c1;
        out[4] = c2;
        out[5] = cm;
        return bad;
    }

    /** The sum of the 8 byte lanes of x. */
    private static long laneSum(long x) {
        long y = (x & LOW16) + ((x >>> 8) & LOW16);
        return (y * 0x0001000100010001L) >>> 48;
    }

    /**
     * The genotype x phenotype table of one UINT8 column: {@code tab[2 * class + y]} for hard-call classes 0, 1, 2
     * and y = 0 (control) or 1 (case) over the called samples; {@code missing} (if not null) receives the rows of
     * the missing calls. {@code cnt} is scratch of 6. Returns the number of missing calls; a byte that is not 0, 1,
     * 2 or 0xFF is a corrupt matrix (an error naming the variant and sample).
     */
    public static int table(byte[] raw, int off, int n, long[] ymask, byte[] ybyte, int nCases, long[] cnt, long[] tab,
            int[] missing, Path path, int j) {
        // SWAR counts, 8 samples per long: codes 0,1,2 and 0xFF = missing; bit 0 is set for 1 and
        // 0xFF, bit 1 for 2 and 0xFF, bit 7 only for 0xFF; ymask has 0xFF bytes for cases
        int words = n >>> 3;
        long bad = count(raw, off, words, ymask, cnt);
        int t1 = (int) cnt[0], t2 = (int) cnt[1], tm = (int) cnt[2], c1 = (int) cnt[3], c2 = (int) cnt[4],
                cm = (int) cnt[5];
        for (int i = words << 3; i < n; i++) {
            int v = raw[off + i];
            int yy = ybyte[i];
            t1 += v & 1;
            t2 += (v >> 1) & 1;
            tm += (v >> 7) & 1;
            c1 += v & yy;
            c2 += (v >> 1) & yy;
            cm += (v >> 7) & yy;
            int c = v & 0xFF;
            if (c > 2 && c != 0xFF) bad = 1;
        }
        if (bad != 0) {
            for (int i = 0; i < n; i++) {
                int c = raw[off + i] & 0xFF;
                if (c > 2 && c != 0xFF) {
                    throw new UserException(path + ": variant " + (j + 1) + " sample " + (i + 1)
                            + ": hard call " + c + " is not 0, 1, 2 or missing (corrupt matrix)");
                }
            }
        }
        if (tm > 0 && missing != null) {
            int q = 0;
            for (int i = 0; i < n; i++) if (raw[off + i] == (byte) 0xFF) missing[q++] = i;
        }
        int caseHet = c1 - cm, caseHom = c2 - cm, caseMiss = cm;
        int allHet = t1 - tm, allHom = t2 - tm;
        int cases = nCases - caseMiss;
        tab[1] = cases - caseHet - caseHom;
        tab[3] = caseHet;
        tab[5] = caseHom;
        int ctrls = (n - nCases) - (tm - caseMiss);
        tab[0] = ctrls - (allHet - caseHet) - (allHom - caseHom);
        tab[2] = allHet - caseHet;
        tab[4] = allHom - caseHom;
        return tm;
    }
}
