package org.assocnet.genotype;

import java.nio.charset.StandardCharsets;
import org.assocnet.core.UserException;

/**
 * Byte-level parser for VCF text data lines: reads CHROM POS ID REF ALT, the FORMAT key list and, per
 * sample, only the GT (and with a dosage field, e.g. DS) subfield, without creating objects per sample.
 * Equivalent to decoding the record with htsjdk (checked by tests) for what encode needs, and an order of
 * magnitude faster.
 */
final class FastVcfParser {
    private static final int MISS = -1;
    private final Object file;
    private final int nSamples;
    private final int[] rowOf;
    /** Every VCF sample is kept, as matrix row = VCF column (the common case; a faster path). */
    private final boolean identityRows;
    private final byte[] dsKey;
    private final boolean dosage;
    private String lastChrom = "";
    private byte[] lastChromBytes = new byte[0];
    // per-sample scratch for the general path
    private int a1;
    private int a2;
    private int gtEnd;

    /**
     * @param rowOf matrix row of each VCF sample, -1 for samples not kept
     * @param dosageField FORMAT key of fractional dosages (e.g. "DS"), or null for GT hard calls
     */
    FastVcfParser(Object file, int nSamples, int[] rowOf, String dosageField) {
        this.file = file;
        this.nSamples = nSamples;
        this.rowOf = rowOf;
        boolean id = rowOf.length == nSamples;
        for (int i = 0; id && i < rowOf.length; i++) id = rowOf[i] == i;
        this.identityRows = id;
        this.dosage = dosageField != null;
        this.dsKey = dosageField == null ? null : dosageField.getBytes(StandardCharsets.US_ASCII);
    }

    private UserException err(long line, String field, String msg) {
        return UserException.at(file, line, field, msg);
    }

    /**
     * Parses the line starting at {@code from}; the line ends at the next '\n' (the buffer must hold one
     * before {@code limit} and 8 readable bytes after it). Returns the index just past the '\n'.
     */
    int parse(byte[] b, int from, int limit, long line, SiteRecord r) {
        int p = from;
        // CHROM
        int e = tab(b, p, limit, line, "CHROM");
        r.chrom = chrom(b, p, e);
        p = e + 1;
        e = tab(b, p, limit, line, "POS");
        long pos = 0;
        if (e == p) throw err(line, "POS", "empty");
        for (int i = p; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) throw err(line, "POS", "not a number: '" + str(b, p, e) + "'");
            pos = pos * 10 + d;
        }
        r.pos = pos;
        p = e + 1;
        e = tab(b, p, limit, line, "ID");
        r.id = str(b, p, e);
        p = e + 1;
        e = tab(b, p, limit, line, "REF");
        if (e == p) throw err(line, "REF", "empty");
        r.ref = str(b, p, e);
        p = e + 1;
        e = tab(b, p, limit, line, "ALT");
        if (e == p) throw err(line, "ALT", "empty");
        int nAlt = 1;
        for (int i = p; i < e; i++) if (b[i] == ',') nAlt++;
        r.ensureAlts(nAlt);
        r.nAlt = nAlt;
        int s = p;
        int k = 0;
        for (int i = p; i <= e; i++) {
            if (i == e || b[i] == ',') {
                if (i == s) throw err(line, "ALT", "empty allele in '" + str(b, p, e) + "'");
                r.alts[k++] = str(b, s, i);
                s = i + 1;
            }
        }
        p = e + 1;
        // QUAL FILTER INFO
        for (String f : new String[] {"QUAL", "FILTER", "INFO"}) {
            e = tabOrEnd(b, p, limit);
            if (b[e] != '\t' && (nSamples > 0 || !f.equals("INFO"))) {
                if (nSamples == 0 && b[e] == '\n') {
                    p = e; // sites-only line ends after INFO (or earlier fields are missing)
                    if (!f.equals("INFO")) throw err(line, f, "line has too few fields (expected 8 + FORMAT + samples)");
                    break;
                }
                throw err(line, f, "line has too few fields (expected " + (9 + nSamples) + ")");
            }
            p = e + 1;
        }
        r.haploidCalls = 0;
        if (nSamples == 0) {
            return lineEnd(b, p, limit) + 1;
        }
        // FORMAT
        e = tabOrEnd(b, p, limit);
        if (b[e] != '\t') throw err(line, "FORMAT", "line has no sample columns (expected " + nSamples + ")");
        int gtIdx = -1;
        int dsIdx = -1;
        int key = 0;
        s = p;
        for (int i = p; i <= e; i++) {
            if (i == e || b[i] == ':') {
                if (i - s == 2 && b[s] == 'G' && b[s + 1] == 'T') gtIdx = key;
                else if (dosage && eq(b, s, i, dsKey)) dsIdx = key;
                key++;
                s = i + 1;
            }
        }
        p = e + 1;
        if (!dosage) {
            if (gtIdx == 0 && nAlt == 1) return gtBiallelicFirst(b, p, limit, line, r);
            return general(b, p, limit, line, r, gtIdx, -1, nAlt);
        }
        return general(b, p, limit, line, r, gtIdx, dsIdx, nAlt);
    }

    private static final java.lang.invoke.VarHandle INT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    /** "x/y\t" and "x|y\t" with x, y in {0, 1}, the low bit of x and y masked off (little-endian int). */
    private static final int MASK = 0xFFFEFFFE;
    private static final int UNPHASED = ('\t' << 24) | ('0' << 16) | ('/' << 8) | '0';
    private static final int PHASED = ('\t' << 24) | ('0' << 16) | ('|' << 8) | '0';

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    /** Two consecutive samples of the common form in one 8-byte load. */
    private static final long MASK2 = ((long) MASK << 32) | (MASK & 0xFFFFFFFFL);
    private static final long UNPHASED2 = ((long) UNPHASED << 32) | UNPHASED;
    private static final long PHASED2 = ((long) PHASED << 32) | PHASED;

    /** Hot path: bi-allelic, GT first in FORMAT, hard calls. */
    private int gtBiallelicFirst(byte[] b, int p, int limit, long line, SiteRecord r) {
        byte[] out = r.calls[0];
        int hap = 0;
        int last = nSamples - 1;
        for (int smp = 0; smp < nSamples; smp++) {
            // the commonest case, two samples per 8-byte load: "x|y\tx|y\t" (or '/'), all samples kept in order
            if (identityRows) {
                while (smp + 1 < last) {
                    long w = (long) LONG_LE.get(b, p);
                    long m = w & MASK2;
                    if (m != PHASED2 && m != UNPHASED2) break;
                    out[smp] = (byte) ((w & 1) + ((w >>> 16) & 1));
                    out[smp + 1] = (byte) (((w >>> 32) & 1) + ((w >>> 48) & 1));
                    p += 8;
                    smp += 2;
                }
            }
            if (smp < last) {
                // the common case, one 4-byte load: a diploid 0/1 call followed by a tab
                int w = (int) INT_LE.get(b, p);
                int m = w & MASK;
                if (m == UNPHASED || m == PHASED) {
                    int row = rowOf[smp];
                    if (row >= 0) out[row] = (byte) ((w & 1) + ((w >>> 16) & 1));
                    p += 4;
                    continue;
                }
            }
            byte c0 = b[p];
            byte c1 = b[p + 1];
            int v;
            int next;
            if ((c1 == '/' || c1 == '|') && (b[p + 3] == '\t' || b[p + 3] == ':' || b[p + 3] == '\n' || b[p + 3] == '\r')) {
                byte c2 = b[p + 2];
                int x = c0 - '0';
                int y = c2 - '0';
                if ((x & ~1) == 0 && (y & ~1) == 0) v = x + y;
                else if ((c0 == '.' || (x & ~1) == 0) && (c2 == '.' || (y & ~1) == 0)) v = MISS;
                else {
                    checkAlleles(b, p, line, 1);
                    v = MISS; // unreachable: checkAlleles throws
                }
                next = p + 3;
            } else {
                // haploid, multi-digit or malformed: general GT parser
                if (b[p] == '\t' || b[p] == '\n' || b[p] == '\r' || b[p] == ':') {
                    throw err(line, "GT", "empty genotype for sample " + (smp + 1));
                }
                parseGt(b, p, line, 1);
                next = gtEnd;
                if (a2 == Integer.MIN_VALUE) {
                    v = a1 == MISS ? MISS : a1 == 1 ? 2 : 0;
                    if (rowOf[smp] >= 0 && a1 != MISS) hap++;
                } else {
                    v = (a1 == MISS || a2 == MISS) ? MISS : (a1 == 1 ? 1 : 0) + (a2 == 1 ? 1 : 0);
                }
            }
            int row = rowOf[smp];
            if (row >= 0) out[row] = (byte) v;
            // to the next sample
            byte t = b[next];
            if (t != '\t') {
                while (t != '\t' && t != '\n') t = b[++next];
            }
            if (t == '\n') {
                if (smp != nSamples - 1) throw err(line, null, "expected " + nSamples + " sample columns, found " + (smp + 1));
                r.haploidCalls = hap;
                return next + 1;
            }
            p = next + 1;
        }
        throw err(line, null, "more sample columns than the " + nSamples + " in the header");
    }

    private void checkAlleles(byte[] b, int p, long line, int nAlt) {
        parseGt(b, p, line, nAlt);
    }

    /**
     * Parses a GT subfield at p into a1/a2 (a2 = MIN_VALUE when haploid, MISS for '.'); gtEnd = index of
     * the terminating byte. Checks allele indices against nAlt.
     */
    private void parseGt(byte[] b, int p, long line, int nAlt) {
        int q = p;
        int v0 = MISS;
        int v1 = MISS;
        int n = 0;
        while (true) {
            int v;
            if (b[q] == '.') {
                v = MISS;
                q++;
            } else {
                int d = b[q] - '0';
                if (d < 0 || d > 9) throw err(line, "GT", "malformed genotype '" + token(b, p) + "'");
                v = 0;
                while (d >= 0 && d <= 9) {
                    v = v * 10 + d;
                    d = b[++q] - '0';
                }
                if (v > nAlt) {
                    throw err(line, "GT", "allele index " + v + " in '" + token(b, p) + "' but the record has " + nAlt + " ALT allele(s)");
                }
            }
            if (n == 2) throw err(line, "GT", "ploidy above 2 is not supported: '" + token(b, p) + "'");
            if (n == 0) v0 = v;
            else v1 = v;
            n++;
            if (b[q] == '/' || b[q] == '|') {
                q++;
                continue;
            }
            break;
        }
        byte t = b[q];
        if (t != '\t' && t != ':' && t != '\n' && t != '\r') throw err(line, "GT", "malformed genotype '" + token(b, p) + "'");
        a1 = v0;
        a2 = n == 1 ? Integer.MIN_VALUE : v1;
        gtEnd = q;
    }

    /** Any FORMAT layout, any number of ALTs, optional dosage field. */
    private int general(byte[] b, int p, int limit, long line, SiteRecord r, int gtIdx, int dsIdx, int nAlt) {
        int hap = 0;
        for (int smp = 0; smp < nSamples; smp++) {
            int row = rowOf[smp];
            // walk the subfields of this sample
            int sub = 0;
            int q = p;
            int gtStart = -1;
            int dsStart = -1;
            while (true) {
                if (sub == gtIdx) gtStart = q;
                if (sub == dsIdx) dsStart = q;
                byte t = b[q];
                while (t != ':' && t != '\t' && t != '\n') t = b[++q];
                if (t == ':') {
                    q++;
                    sub++;
                    continue;
                }
                break;
            }
            int fieldEnd = q; // '\t' or '\n'
            if (row >= 0) {
                boolean haploid = false;
                boolean haveGt = false;
                if (gtStart >= 0 && b[gtStart] != '\t' && b[gtStart] != '\n' && b[gtStart] != ':') {
                    parseGt(b, gtStart, line, nAlt);
                    haveGt = true;
                    haploid = a2 == Integer.MIN_VALUE;
                    if (haploid && a1 != MISS) hap++;
                }
                for (int a = 1; a <= nAlt; a++) {
                    double g;
                    if (!haveGt) g = Double.NaN;
                    else if (haploid) g = a1 == MISS ? Double.NaN : a1 == a ? 2 : 0;
                    else g = (a1 == MISS || a2 == MISS) ? Double.NaN : (a1 == a ? 1 : 0) + (a2 == a ? 1 : 0);
                    if (dosage) {
                        if (dsStart >= 0) {
                            double ds = dsValue(b, dsStart, a, line);
                            if (!Double.isNaN(ds)) {
                                if (haploid) ds *= 2;
                                if (ds < -1e-6 || ds > 2 + 1e-6) {
                                    throw err(line, new String(dsKey, StandardCharsets.US_ASCII), "dosage " + ds
                                            + " outside [0, 2] for sample " + (smp + 1));
                                }
                                g = ds;
                            }
                        }
                        r.dosages[a - 1][row] = (float) g;
                    } else {
                        r.calls[a - 1][row] = Double.isNaN(g) ? SiteRecord.MISSING : (byte) g;
                    }
                }
            }
            if (b[fieldEnd] == '\n') {
                if (smp != nSamples - 1) throw err(line, null, "expected " + nSamples + " sample columns, found " + (smp + 1));
                r.haploidCalls = hap;
                return fieldEnd + 1;
            }
            p = fieldEnd + 1;
        }
        throw err(line, null, "more sample columns than the " + nSamples + " in the header");
    }

    /** The a-th (1-based) comma-separated number of the subfield at p; NaN when '.' or absent. */
    private double dsValue(byte[] b, int p, int a, long line) {
        int q = p;
        for (int i = 1; i < a; i++) {
            while (b[q] != ',' && b[q] != ':' && b[q] != '\t' && b[q] != '\n') q++;
            if (b[q] != ',') return Double.NaN;
            q++;
        }
        int s = q;
        while (b[q] != ',' && b[q] != ':' && b[q] != '\t' && b[q] != '\n' && b[q] != '\r') q++;
        if (q == s || (q == s + 1 && b[s] == '.')) return Double.NaN;
        // fast decimal: [-]digits[.digits]
        int i = s;
        boolean neg = false;
        if (b[i] == '-') {
            neg = true;
            i++;
        }
        long mant = 0;
        int scale = 0;
        boolean dot = false;
        boolean simple = i < q;
        for (; i < q; i++) {
            int d = b[i] - '0';
            if (d >= 0 && d <= 9 && mant < 100_000_000_000_000L) {
                mant = mant * 10 + d;
                if (dot) scale++;
            } else if (b[i] == '.' && !dot) {
                dot = true;
            } else {
                simple = false;
                break;
            }
        }
        if (simple) {
            double v = mant / POW10[Math.min(scale, 18)];
            return neg ? -v : v;
        }
        try {
            double v = Double.parseDouble(str(b, s, q));
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException ex) {
            throw err(line, new String(dsKey, StandardCharsets.US_ASCII), "not a number: '" + str(b, s, q) + "'");
        }
    }

    private static final double[] POW10 = new double[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10;
    }

    private static boolean eq(byte[] b, int s, int e, byte[] key) {
        if (e - s != key.length) return false;
        for (int i = 0; i < key.length; i++) if (b[s + i] != key[i]) return false;
        return true;
    }

    private int tab(byte[] b, int p, int limit, long line, String field) {
        int e = tabOrEnd(b, p, limit);
        if (b[e] != '\t') throw err(line, field, "line has too few fields (expected " + (nSamples > 0 ? 9 + nSamples : 8) + ")");
        return e;
    }

    private static int tabOrEnd(byte[] b, int p, int limit) {
        while (b[p] != '\t' && b[p] != '\n') p++;
        return p;
    }

    private static int lineEnd(byte[] b, int p, int limit) {
        while (b[p] != '\n') p++;
        return p;
    }

    private String chrom(byte[] b, int s, int e) {
        if (eq(b, s, e, lastChromBytes)) return lastChrom;
        lastChromBytes = java.util.Arrays.copyOfRange(b, s, e);
        lastChrom = new String(lastChromBytes, StandardCharsets.ISO_8859_1);
        return lastChrom;
    }

    private static String str(byte[] b, int s, int e) {
        return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }

    private static String token(byte[] b, int p) {
        int q = p;
        while (q < b.length && b[q] != '\t' && b[q] != ':' && b[q] != '\n' && q - p < 40) q++;
        return str(b, p, q);
    }
}
