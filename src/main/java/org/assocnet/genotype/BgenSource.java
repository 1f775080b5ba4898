package org.assocnet.genotype;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;

/**
 * Streams the variants of a {@link BgenFile}. With regions, each variant's identifying block is read and
 * non-matching genotype blocks are skipped by seeking (no decompression), so a region costs one pass
 * over the small variant headers.
 */
final class BgenSource implements GenotypeSource {
    private final BgenFile file;
    private final Path path;
    private final FileChannel ch;
    private final BgenFile.Reader in;
    private final int[] rowOf;
    private final List<Region> regions;
    private final boolean dosage;
    private final boolean refFirst;
    private final int n;
    // the reading thread's: the file reader, inflater, compressed bytes and chromosome names
    private final Inflater inflater = new Inflater();
    private final Map<String, String> interned = new HashMap<>();
    private byte[] raw = new byte[0];
    // the decoding (caller's) thread's: the genotype block being decoded (the current item's buffer) and scratch
    private final Map<Long, int[][]> genotypeTables = new HashMap<>();
    private byte[] data = new byte[0];
    private float[] tmp = new float[0];
    /** The variant being decoded (error messages), and the one the reading thread reached. */
    private long index;
    private long readIndex;
    /** Byte offsets to visit (regions through a .bgi index), or null to read in file order. */
    private final long[] jumps;
    private int jump;
    private final long first;
    private final long end;

    BgenSource(BgenFile file, FileChannel ch, int[] rowOf, List<Region> regions, boolean dosage, long first, long last)
            throws IOException {
        BgiIndex bgi = first > 0 || !regions.isEmpty() ? BgiIndex.open(file.path(), file.variants()) : null;
        long start = file.firstVariant();
        long[] jumps = null;
        long firstIndex = Math.max(1, first);
        long endIndex = first > 0 ? Math.min(last, file.variants()) : file.variants();
        if (bgi != null && first > 0) {
            start = bgi.offsetOf(first);
            this.readIndex = first - 1;
            Log.info("%s: variants %d-%d from byte %d (through %s)", file.path(), first, endIndex, start, bgi.path().getFileName());
        } else if (bgi != null) {
            jumps = bgi.offsets(regions);
            endIndex = Long.MAX_VALUE;
            Log.info("%s: %d candidate variants in the regions (through %s)", file.path(), jumps.length, bgi.path().getFileName());
        }
        this.jumps = jumps;
        this.first = firstIndex;
        this.end = endIndex;
        this.file = file;
        this.path = file.path();
        this.ch = ch;
        this.in = new BgenFile.Reader(path, ch, start);
        this.rowOf = rowOf;
        this.regions = regions;
        this.dosage = dosage;
        this.refFirst = file.refFirst();
        this.n = file.sampleCount();
    }

    private UserException bad(long at, String msg) {
        return new UserException(path + ": byte " + at + ": " + msg);
    }

    /** One variant as the reading thread hands it over: its identifiers, alleles and decompressed genotype block. */
    private static final class Item {
        long index;
        String chrom;
        long pos;
        String id;
        String ref;
        String[] alts = new String[1];
        int k;
        long blockAt;
        int len;
        byte[] data = new byte[0];
    }

    /** Variants handed over together (one queue hand-off per variant cost ~1 s of CPU per 50,000 in wake-ups). */
    private static final class Batch {
        final Item[] items = new Item[BATCH];
        int count;
        int next;
        boolean end;
        Throwable error;
    }

    private static final int BATCH = 32;

    /**
     * Reading and decompressing run on a thread of their own, a few batches ahead of the decoding: inflate was 40%
     * of encode's time on a BGEN 1.2 file, and ran in turn with the decoding (5,000 x 50,000: 3.9 -> 3.0 s on 2
     * cores).
     */
    private final java.util.concurrent.ArrayBlockingQueue<Batch> ready = new java.util.concurrent.ArrayBlockingQueue<>(2);
    private final java.util.concurrent.ArrayBlockingQueue<Batch> spare = new java.util.concurrent.ArrayBlockingQueue<>(4);
    private Thread reader;
    private volatile boolean stop;
    private Batch current;
    private boolean finished;

    @Override
    public boolean next(SiteRecord r) throws IOException {
        if (finished) return false;
        if (reader == null) {
            reader = new Thread(this::produce, "bgen-reader");
            reader.setDaemon(true);
            reader.start();
        }
        while (current == null || current.next == current.count) {
            if (current != null) {
                Throwable err = current.error;
                if (err != null) {
                    finished = true;
                    if (err instanceof UserException u) throw u;
                    if (err instanceof IOException io) throw io;
                    if (err instanceof RuntimeException re) throw re;
                    if (err instanceof Error er) throw er;
                    throw new IOException(path + ": " + err, err);
                }
                if (current.end) {
                    finished = true;
                    return false;
                }
                spare.offer(current);
            }
            try {
                current = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading " + path);
            }
        }
        Item it = current.items[current.next++];
        index = it.index;
        data = it.data;
        int k = it.k;
        r.ensureAlts(Math.max(1, k - 1));
        r.chrom = it.chrom;
        r.pos = it.pos;
        r.id = it.id;
        r.ref = it.ref;
        if (k == 1) {
            r.alts[0] = ".";
            r.nAlt = 1;
        } else {
            for (int a = 0; a < k - 1; a++) r.alts[a] = it.alts[a];
            r.nAlt = k - 1;
        }
        r.line = 0;
        r.haploidCalls = 0;
        if (k == 1) {
            fillMissing(r, 0); // no ALT: encode drops it as 'no_alt'
            return true;
        }
        if (file.layout() == 1) layout1(r, it.len, it.blockAt);
        else layout2(r, k, it.len, it.blockAt);
        return true;
    }

    /** The reading thread: batches of variants into {@link #ready}, the last with the end (or an error). */
    private void produce() {
        try {
            while (!stop) {
                Batch b = spare.poll();
                if (b == null) b = new Batch();
                b.count = 0;
                b.next = 0;
                b.end = false;
                b.error = null;
                try {
                    while (b.count < BATCH) {
                        if (b.items[b.count] == null) b.items[b.count] = new Item();
                        if (!read(b.items[b.count])) {
                            b.end = true;
                            break;
                        }
                        b.count++;
                    }
                } catch (Throwable t) {
                    if (stop) return;
                    b.error = t;
                }
                ready.put(b);
                if (b.end || b.error != null) return;
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Reads the next wanted variant into it (false at the end); the reading thread's own state only. */
    private boolean read(Item it) throws IOException {
        while (readIndex < end) {
            if (jumps != null) {
                if (jump == jumps.length) return false;
                in.seek(jumps[jump++]);
            }
            long start = in.pos();
            readIndex++;
            if (file.layout() == 1) {
                long nn = in.u32();
                if (nn != n) throw bad(start, "variant " + readIndex + " counts " + nn + " samples, the header " + n);
            }
            String varid = in.str16();
            String rsid = in.str16();
            String chrom = PlinkChrom.normalise(in.str16());
            long pos = in.u32();
            int k = file.layout() == 1 ? 2 : in.u16();
            if (k < 1) throw bad(in.pos() - 2, "variant " + readIndex + " has " + k + " alleles");
            if (it.alts.length < Math.max(1, k - 1)) it.alts = new String[Math.max(1, k - 1)];
            String ref = in.str32();
            for (int a = 1; a < k; a++) it.alts[a - 1] = in.str32();
            long blockAt = in.pos();
            boolean plain1 = file.layout() == 1 && file.compression() == 0;
            long c = plain1 ? 6L * n : in.u32();
            if (readIndex < first || !PlinkChrom.matches(regions, chrom, pos, ref.length())) {
                in.skip(c);
                continue;
            }
            it.index = readIndex;
            it.chrom = interned.computeIfAbsent(chrom, x -> x);
            it.pos = pos;
            it.id = !rsid.isEmpty() && !rsid.equals(".") ? rsid : varid.isEmpty() ? "." : varid;
            if (!refFirst && k > 1) {
                // REF is the last allele: shift the others up one place
                String last = it.alts[k - 2];
                for (int a = k - 2; a > 0; a--) it.alts[a] = it.alts[a - 1];
                it.alts[0] = ref;
                ref = last;
            }
            it.ref = ref;
            it.k = k;
            it.blockAt = blockAt;
            it.len = readBlock(it, blockAt, c);
            return true;
        }
        return false;
    }

    /** Reads and decompresses the genotype block into the item's buffer; returns its length. */
    private int readBlock(Item it, long at, long c) throws IOException {
        if (file.layout() == 1 && file.compression() == 0) {
            int len = 6 * n;
            ensure(it, len);
            in.read(it.data, len);
            return len;
        }
        long d;
        long payload;
        if (file.layout() == 1) {
            d = 6L * n;
            payload = c;
        } else if (file.compression() == 0) {
            d = c;
            payload = c;
        } else {
            if (c < 4) throw bad(at, "genotype block length " + c + " < 4");
            d = in.u32();
            payload = c - 4;
        }
        if (d > Integer.MAX_VALUE - 16 || payload > Integer.MAX_VALUE - 16) throw bad(at, "genotype block of " + d + " bytes is too large");
        if (file.compression() == 0) {
            ensure(it, (int) d);
            in.read(it.data, (int) d);
            return (int) d;
        }
        if (raw.length < payload) raw = new byte[(int) payload];
        in.read(raw, (int) payload);
        ensure(it, (int) d);
        if (file.compression() == 1) {
            inflater.reset();
            inflater.setInput(raw, 0, (int) payload);
            int got;
            try {
                got = inflater.inflate(it.data, 0, (int) d);
            } catch (DataFormatException e) {
                throw bad(at, "corrupt zlib genotype block of variant " + readIndex + ": " + e.getMessage());
            }
            if (got != d || !inflater.finished()) throw bad(at, "zlib genotype block of variant " + readIndex + " inflates to " + got + " bytes, " + d + " declared");
        } else {
            long got = com.github.luben.zstd.Zstd.decompressByteArray(it.data, 0, (int) d, raw, 0, (int) payload);
            if (com.github.luben.zstd.Zstd.isError(got)) {
                throw bad(at, "corrupt zstd genotype block of variant " + readIndex + ": " + com.github.luben.zstd.Zstd.getErrorName(got));
            }
            if (got != d) throw bad(at, "zstd genotype block of variant " + readIndex + " decompresses to " + got + " bytes, " + d + " declared");
        }
        return (int) d;
    }

    private static void ensure(Item it, int len) {
        if (it.data.length < len + 8) it.data = new byte[len + 8];
    }

    private void fillMissing(SiteRecord r, int a) {
        if (r.dosage) java.util.Arrays.fill(r.dosages[a], Float.NaN);
        else java.util.Arrays.fill(r.calls[a], SiteRecord.MISSING);
    }

    /** Stores ALT dosage d (NaN = missing) of sample s for allele a, as a dosage or as a hard call. */
    private void put(SiteRecord r, int a, int row, float d, boolean haploid) {
        if (dosage) {
            r.dosages[a][row] = d;
            return;
        }
        r.calls[a][row] = hardCall(d, haploid);
    }

    private void layout1(SiteRecord r, int len, long at) {
        for (int s = 0; s < n; s++) {
            int row = rowOf[s];
            if (row < 0) continue;
            int o = 6 * s;
            int p0 = (data[o] & 0xff) | (data[o + 1] & 0xff) << 8;
            int p1 = (data[o + 2] & 0xff) | (data[o + 3] & 0xff) << 8;
            int p2 = (data[o + 4] & 0xff) | (data[o + 5] & 0xff) << 8;
            float d = p0 == 0 && p1 == 0 && p2 == 0 ? Float.NaN
                    : (float) ((p1 + 2.0 * (refFirst ? p2 : p0)) / 32768.0);
            put(r, 0, row, d, false);
        }
    }

    private void layout2(SiteRecord r, int k, int len, long at) {
        if (len < 10 + n) throw bad(at, "genotype block of variant " + index + " is " + len + " bytes, too short for " + n + " samples");
        int nn = le32(0);
        int kk = (data[4] & 0xff) | (data[5] & 0xff) << 8;
        if (nn != n) throw bad(at, "genotype block of variant " + index + " counts " + nn + " samples, the header " + n);
        if (kk != k) throw bad(at, "genotype block of variant " + index + " counts " + kk + " alleles, the variant " + k);
        int pmax = data[7] & 0xff;
        if (pmax > 2) {
            throw new UserException(path + ": byte " + at + ": variant " + index + " (" + r.chrom + ":" + r.pos + "): ploidy up to " + pmax
                    + "; ploidy above 2 is not supported");
        }
        int ploidyAt = 8;
        boolean phased = data[8 + n] == 1;
        if (data[8 + n] > 1) throw bad(at, "variant " + index + ": phased flag " + data[8 + n] + " (0 or 1 expected)");
        int bits = data[9 + n] & 0xff;
        if (bits < 1 || bits > 32) throw bad(at, "variant " + index + ": " + bits + " bits per probability (1-32 expected)");
        if (!phased && k == 2 && (bits == 8 || bits == 16) && (data[6] & 0xff) == 2 && pmax == 2) {
            biallelicDiploid(r, len, at, bits);
            return;
        }
        long bitPos = (10L + n) * 8;
        double scale = 1.0 / ((1L << bits) - 1);
        long end = (long) len * 8;
        int alts = k - 1;
        if (tmp.length < k) tmp = new float[k];
        for (int s = 0; s < n; s++) {
            int pl = data[ploidyAt + s] & 0xff;
            boolean missing = (pl & 0x80) != 0;
            int z = pl & 0x3f;
            if (z > 2) {
                throw new UserException(path + ": byte " + at + ": variant " + index + " (" + r.chrom + ":" + r.pos + "): sample " + (s + 1)
                        + " has ploidy " + z + "; ploidy above 2 is not supported");
            }
            int stored = phased ? z * (k - 1) : storedUnphased(z, k);
            long need = bitPos + (long) stored * bits;
            if (need > end) throw bad(at, "genotype block of variant " + index + " ends inside sample " + (s + 1) + "'s probabilities");
            int row = rowOf[s];
            if (row < 0 || missing || z == 0) {
                if (row >= 0) for (int a = 0; a < alts; a++) put(r, a, row, Float.NaN, false);
                bitPos = need;
                continue;
            }
            java.util.Arrays.fill(tmp, 0, k, 0f);
            if (phased) {
                for (int h = 0; h < z; h++) {
                    double sum = 0;
                    for (int a = 0; a < k - 1; a++) {
                        double p = bitsAt(bitPos, bits) * scale;
                        bitPos += bits;
                        sum += p;
                        tmp[a] += (float) p;
                    }
                    tmp[k - 1] += (float) Math.max(0, 1 - sum); // the last allele's probability is implied
                }
            } else if (k == 2 && z == 2) {
                double p0 = bitsAt(bitPos, bits) * scale;
                double p1 = bitsAt(bitPos + bits, bits) * scale;
                bitPos += 2L * bits;
                double p2 = Math.max(0, 1 - p0 - p1);
                tmp[0] = (float) (2 * p0 + p1);
                tmp[1] = (float) (p1 + 2 * p2);
            } else {
                int[][] g = genotypes(z, k);
                double sum = 0;
                for (int j = 0; j < g.length; j++) {
                    double p;
                    if (j < g.length - 1) {
                        p = bitsAt(bitPos, bits) * scale;
                        bitPos += bits;
                        sum += p;
                    } else {
                        p = Math.max(0, 1 - sum);
                    }
                    for (int a = 0; a < k; a++) tmp[a] += (float) (p * g[j][a]);
                }
            }
            boolean haploid = z == 1;
            if (haploid) r.haploidCalls++;
            for (int a = 0; a < alts; a++) {
                float c = tmp[refFirst ? a + 1 : a];
                float d = haploid ? 2 * c : c;
                put(r, a, row, Math.min(2f, Math.max(0f, d)), haploid);
            }
        }
    }

    /**
     * The common case (two alleles, all samples diploid, unphased, 8 or 16 bits) without the generic bit
     * reader; the arithmetic is the generic path's, so values are identical.
     */
    private void biallelicDiploid(SiteRecord r, int len, long at, int bits) {
        int o = 10 + n;
        int w = bits / 8;
        if ((long) o + 2L * w * n > len) throw bad(at, "genotype block of variant " + index + " ends inside the probabilities");
        double scale = 1.0 / ((1L << bits) - 1);
        if (w == 1) {
            // 8 bits: every (P(AA), P(AB)) pair is one of 65,536; their dosages and calls come from a table
            if (lut8 == null) {
                lut8 = new float[1 << 16];
                lutCall8 = new byte[1 << 16];
                for (int v0 = 0; v0 < 256; v0++) {
                    for (int v1 = 0; v1 < 256; v1++) {
                        float d = dosageOf(v0 * scale, v1 * scale);
                        lut8[v0 << 8 | v1] = d;
                        lutCall8[v0 << 8 | v1] = hardCall(d, false);
                    }
                }
            }
            for (int s = 0; s < n; s++) {
                int row = rowOf[s];
                if (row < 0) continue;
                boolean missing = (data[8 + s] & 0x80) != 0;
                int key = (data[o + 2 * s] & 0xff) << 8 | (data[o + 2 * s + 1] & 0xff);
                if (dosage) r.dosages[0][row] = missing ? Float.NaN : lut8[key];
                else r.calls[0][row] = missing ? SiteRecord.MISSING : lutCall8[key];
            }
            return;
        }
        if (!dosage) {
            for (int s = 0; s < n; s++) {
                int row = rowOf[s];
                if (row < 0) continue;
                if ((data[8 + s] & 0x80) != 0) {
                    put(r, 0, row, Float.NaN, false);
                    continue;
                }
                int v = (int) INT_LE.get(data, o + 4 * s);
                put(r, 0, row, dosageOf((v & 0xffff) * scale, (v >>> 16) * scale), false);
            }
            return;
        }
        // dosages, 16 bits: the two probabilities in one load, stored without put()
        float[] out = r.dosages[0];
        for (int s = 0; s < n; s++) {
            int row = rowOf[s];
            if (row < 0) continue;
            if ((data[8 + s] & 0x80) != 0) {
                out[row] = Float.NaN;
                continue;
            }
            int v = (int) INT_LE.get(data, o + 4 * s);
            out[row] = dosageOf((v & 0xffff) * scale, (v >>> 16) * scale);
        }
    }

    private static final java.lang.invoke.VarHandle INT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private float[] lut8;
    private byte[] lutCall8;

    /** ALT dosage of a bi-allelic diploid sample from P(first/first) and P(first/second), as the generic path computes it. */
    private float dosageOf(double p0, double p1) {
        // plain comparisons: both terms are >= +0, so Math.max/min's NaN and signed-zero rules cannot matter, and
        // their intrinsics made the 16-bit loop several times slower
        double rest = 1 - p0 - p1;
        float c = refFirst ? (float) (p1 + 2 * (rest > 0 ? rest : 0)) : (float) (2 * p0 + p1);
        return c > 2f ? 2f : c;
    }

    /** Hard call of a dosage: the nearest integer when within {@link BgenFile#HARD_CALL_THRESHOLD}, else missing. */
    private static byte hardCall(float d, boolean haploid) {
        if (Float.isNaN(d)) return SiteRecord.MISSING;
        double x = haploid ? d / 2.0 : d;
        long h = Math.round(x);
        if (Math.abs(x - h) <= BgenFile.HARD_CALL_THRESHOLD + 1e-9) return (byte) (haploid ? 2 * h : h);
        return SiteRecord.MISSING;
    }

    private int le32(int o) {
        return (data[o] & 0xff) | (data[o + 1] & 0xff) << 8 | (data[o + 2] & 0xff) << 16 | (data[o + 3] & 0xff) << 24;
    }

    /** An unsigned value of {@code bits} bits starting at bit {@code bitPos} (least significant bits first). */
    private long bitsAt(long bitPos, int bits) {
        int b = (int) (bitPos >>> 3);
        int shift = (int) (bitPos & 7);
        long v = 0;
        int bytes = (shift + bits + 7) >>> 3;
        for (int i = 0; i < bytes; i++) v |= (data[b + i] & 0xffL) << (8 * i);
        return (v >>> shift) & ((1L << bits) - 1);
    }

    /** Number of stored probabilities of an unphased sample: C(z + k - 1, k - 1) - 1. */
    private int storedUnphased(int z, int k) {
        return genotypes(z, k).length - 1;
    }

    /** Allele-count vectors of ploidy z over k alleles, in the colex order BGEN stores genotype probabilities in. */
    private int[][] genotypes(int z, int k) {
        long key = ((long) z << 32) | k;
        int[][] g = genotypeTables.get(key);
        if (g != null) return g;
        List<int[]> out = new ArrayList<>();
        enumerate(new int[k], k - 1, z, out);
        g = out.toArray(new int[0][]);
        genotypeTables.put(key, g);
        return g;
    }

    /** Colex order: the count of the last allele varies slowest. */
    private static void enumerate(int[] v, int i, int left, List<int[]> out) {
        if (i == 0) {
            v[0] = left;
            out.add(v.clone());
            return;
        }
        for (int c = 0; c <= left; c++) {
            v[i] = c;
            enumerate(v, i - 1, left - c, out);
        }
        v[i] = 0;
    }

    @Override
    public void close() throws IOException {
        stop = true;
        if (reader != null) {
            reader.interrupt();
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        inflater.end();
        ch.close();
    }
}
