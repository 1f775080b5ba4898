package org.assocnet.genotype;

import htsjdk.samtools.seekablestream.SeekableFileStream;
import htsjdk.samtools.util.BlockCompressedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;

/**
 * Fast VCF text reader: a reader thread decompresses and cuts the stream into chunks of whole lines, the
 * calling thread parses them with {@link FastVcfParser}. With regions, the reader seeks to each region's
 * first index block (.tbi/.csi) and the parser stops at the region's end.
 */
final class FastVcfSource implements GenotypeSource {
    private static final int CHUNK = 4 << 20;
    private static final int PAD = 16;
    /** Inflater threads for whole-file bgzip reading (the machine's cores, at most 4). */
    static final int INFLATE_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private static final class Chunk {
        byte[] data = new byte[CHUNK + PAD];
        int len;
        int region;
        boolean end;
        Throwable error;
    }

    private final VcfFile file;
    private final Path path;
    private final FastVcfParser parser;
    private final List<Region> regions;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(4);
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(8);
    private final Thread reader;
    private volatile boolean stop;
    private volatile int doneRegion = -1;
    private Chunk cur;
    private int pos;
    private long line;
    private int region;
    private String lastChrom;
    private long lastPos;
    private boolean seenRegionChrom;
    private boolean finished;

    /** Whole-file BGZF decompression: htslib's bgzip when asked (or auto and on the PATH), else parallel java.util.zip. */
    static InputStream wholeBgzf(Path path, Decompressor d) throws IOException {
        boolean external = d == Decompressor.BGZIP
                || (d == Decompressor.AUTO && ExternalBgzipInputStream.onPath());
        if (d == Decompressor.BGZIP && !ExternalBgzipInputStream.onPath()) {
            throw new UserException("--decompressor bgzip: no working 'bgzip' on the PATH (Debian package tabix)");
        }
        // one bgzip thread: libdeflate inflates ~2 GB/s of VCF text, faster than one parser thread reads it, and each
        // extra bgzip thread costs CPU the parser needs on a small machine (2 cores: 0.3 s of 4 s per 1 GB)
        return external ? new ExternalBgzipInputStream(path, 1) : new ParallelBgzfInputStream(path, INFLATE_THREADS);
    }

    FastVcfSource(VcfFile file, int[] rowOf, int rows, String dosageField, List<Region> regions,
            Decompressor decompressor) throws IOException {
        this.file = file;
        this.path = file.path();
        this.parser = new FastVcfParser(path, file.samples().size(), rowOf, dosageField);
        this.regions = regions;
        this.line = file.headerLines();
        long[] starts = null;
        if (!regions.isEmpty()) {
            RegionIndex idx = RegionIndex.open(path);
            starts = new long[regions.size()];
            for (int i = 0; i < regions.size(); i++) starts[i] = idx.firstOffset(regions.get(i));
        }
        final long[] seeks = starts;
        InputStream in = null;
        if (regions.isEmpty()) {
            in = file.kind() == VcfFile.Kind.VCF_BGZF ? wholeBgzf(path, decompressor) : VcfFile.textStream(path, file.kind());
        }
        if (in != null) VcfFile.readHeaderLines(in, path);
        final InputStream src = in;
        reader = new Thread(() -> produce(src, seeks), "vcf-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void produce(InputStream stream, long[] seeks) {
        InputStream in = stream;
        byte[] carry = new byte[0];
        int carryLen = 0;
        try {
            int nSeg = seeks == null ? 1 : seeks.length;
            BlockCompressedInputStream bgz = null;
            if (seeks != null) {
                bgz = new BlockCompressedInputStream(new SeekableFileStream(path.toFile()));
                in = bgz;
            }
            for (int seg = 0; seg < nSeg && !stop; seg++) {
                if (seeks != null) {
                    if (seeks[seg] < 0) continue;
                    bgz.seek(seeks[seg]);
                    carryLen = 0;
                }
                boolean eof = false;
                while (!eof && !stop && doneRegion < seg) {
                    Chunk c = free.poll();
                    if (c == null) c = new Chunk();
                    c.region = seg;
                    c.end = false;
                    c.error = null;
                    if (c.data.length - PAD - carryLen < CHUNK / 2) c.data = new byte[carryLen + CHUNK + PAD];
                    System.arraycopy(carry, 0, c.data, 0, carryLen);
                    int n = carryLen;
                    int lastNl = -1;
                    while (true) {
                        int r = readFully(in, c.data, n, c.data.length - PAD - n);
                        if (r < 0) {
                            eof = true;
                        } else {
                            n += r;
                        }
                        for (int i = n - 1; i >= Math.max(0, n - (r < 0 ? n : r) - 1); i--) {
                            if (c.data[i] == '\n') {
                                lastNl = i;
                                break;
                            }
                        }
                        if (lastNl >= 0 || eof) break;
                        // one line longer than the buffer: grow it
                        byte[] bigger = new byte[c.data.length * 2];
                        System.arraycopy(c.data, 0, bigger, 0, n);
                        c.data = bigger;
                    }
                    int len;
                    if (eof && (lastNl < n - 1)) {
                        // last line without a newline
                        if (n > 0 && !(n == 1 && c.data[0] == '\r')) {
                            c.data[n] = '\n';
                            len = n + 1;
                        } else {
                            len = lastNl + 1;
                        }
                        carryLen = 0;
                    } else {
                        len = lastNl + 1;
                        carryLen = n - len;
                        if (carry.length < carryLen) carry = new byte[Math.max(carryLen, carry.length * 2)];
                        System.arraycopy(c.data, len, carry, 0, carryLen);
                    }
                    c.len = len;
                    java.util.Arrays.fill(c.data, len, Math.min(c.data.length, len + PAD), (byte) 0);
                    if (len > 0) put(c);
                }
            }
            Chunk end = new Chunk();
            end.end = true;
            put(end);
        } catch (Throwable t) {
            Chunk err = new Chunk();
            err.error = t;
            err.end = true;
            try {
                put(err);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        } finally {
            try {
                if (in != null) in.close();
            } catch (IOException ignored) {
                // reader side; nothing to do
            }
        }
    }

    private void put(Chunk c) throws InterruptedException {
        while (!stop) {
            if (full.offer(c, 100, TimeUnit.MILLISECONDS)) return;
        }
    }

    private static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int r = in.read(b, off + total, len - total);
            if (r < 0) return total == 0 ? -1 : total;
            total += r;
        }
        return total;
    }

    private Chunk take() throws IOException {
        try {
            Chunk c = full.take();
            if (c.error != null) {
                Throwable t = c.error;
                if (t instanceof UserException u) throw u;
                throw new UserException(path + ": truncated or corrupt input after line " + line + ": " + t, t);
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public boolean next(SiteRecord r) throws IOException {
        if (finished) return false;
        while (true) {
            if (cur == null || pos >= cur.len) {
                if (cur != null && !cur.end) free.offer(cur);
                cur = take();
                pos = 0;
                if (cur.end) {
                    stop = true;
                    finished = true;
                    return false;
                }
                if (cur.region < region) {
                    cur.len = 0;
                    continue;
                }
                if (cur.region > region) {
                    // the reader skipped regions without index blocks
                    region = cur.region;
                    seenRegionChrom = false;
                }
            }
            byte[] b = cur.data;
            if (b[pos] == '\n' || (b[pos] == '\r' && b[pos + 1] == '\n')) {
                pos += b[pos] == '\n' ? 1 : 2;
                line++;
                continue;
            }
            line++;
            if (b[pos] == '#') {
                throw UserException.at(path, regions.isEmpty() ? line : 0, null, "header line among the data lines");
            }
            pos = parser.parse(b, pos, cur.len, regions.isEmpty() ? line : 0, r);
            r.line = regions.isEmpty() ? line : 0;
            if (regions.isEmpty()) return true;
            // region mode: order check, stop at the region's end
            if (r.chrom.equals(lastChrom) && r.pos < lastPos) {
                throw new UserException(path + ": unsorted input: " + r.chrom + ":" + r.pos + " comes after " + r.chrom + ":"
                        + lastPos + "; --region needs a position-sorted, indexed file (bcftools sort, then tabix)");
            }
            lastChrom = r.chrom;
            lastPos = r.pos;
            Region g = regions.get(region);
            boolean done;
            if (!r.chrom.equals(g.chrom())) {
                done = seenRegionChrom;
                if (!done) continue;
            } else {
                seenRegionChrom = true;
                done = r.pos > g.end();
            }
            if (done) {
                doneRegion = region;
                region++;
                seenRegionChrom = false;
                lastChrom = null;
                cur.len = 0;
                if (region >= regions.size()) {
                    stop = true;
                    finished = true;
                    return false;
                }
                continue;
            }
            if (!g.overlaps(r.chrom, r.pos, r.ref.length())) continue;
            if (region > 0 && regions.get(region - 1).overlaps(r.chrom, r.pos, r.ref.length())) continue;
            return true;
        }
    }

    @Override
    public void close() {
        stop = true;
        reader.interrupt();
        full.clear();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) Log.warn("%s: reader thread did not stop", path);
    }
}
