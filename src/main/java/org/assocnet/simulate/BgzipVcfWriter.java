package org.assocnet.simulate;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import htsjdk.tribble.SimpleFeature;
import htsjdk.tribble.index.Index;
import htsjdk.tribble.index.tabix.TabixFormat;
import htsjdk.tribble.index.tabix.TabixIndexCreator;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Writes VCF text straight into a BGZF stream and builds its tabix index on the fly (each record's virtual file
 * offset goes to htsjdk's {@link TabixIndexCreator}). Records are assembled by the caller in a byte buffer
 * ({@link Line}), which is far faster than going through htsjdk's VariantContext objects for wide cohorts.
 */
final class BgzipVcfWriter implements Closeable {
    private static final int BUFFERS = 16;
    private final BlockCompressedOutputStream out;
    private final TabixIndexCreator indexer = new TabixIndexCreator(TabixFormat.VCF);
    private final Path indexPath;
    private final ArrayBlockingQueue<Line> free = new ArrayBlockingQueue<>(BUFFERS);
    private final ArrayBlockingQueue<Line> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Line poison = new Line();
    private final Thread writer;
    private volatile Throwable failure;
    private boolean closed;

    BgzipVcfWriter(Path vcf, Path index, String header, int compressionLevel) throws IOException {
        this.out = new BlockCompressedOutputStream(vcf, compressionLevel,
                BlockCompressedOutputStream.getDefaultDeflaterFactory());
        this.indexPath = index;
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < BUFFERS; i++) free.add(new Line());
        // compression runs on its own thread so that generating the next records overlaps with deflating these
        writer = new Thread(this::drain, "assocnet-bgzf-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void drain() {
        try {
            while (true) {
                Line l = full.take();
                if (l == poison) return;
                if (failure == null) {
                    try {
                        long offset = out.getFilePointer();
                        out.write(l.buf, 0, l.len);
                        indexer.addFeature(new SimpleFeature(l.contig, l.start, l.end), offset);
                    } catch (Throwable t) {
                        failure = t; // keep draining so the producer never blocks
                    }
                }
                free.put(l);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An empty line buffer to fill and pass to {@link #write}. */
    Line line() throws IOException {
        check();
        try {
            Line l = free.take();
            l.clear();
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Queues one record ({@code line} holds the text including the trailing newline) for compression. */
    void write(String contig, int pos, int refLength, Line line) throws IOException {
        check();
        line.contig = contig;
        line.start = pos;
        line.end = pos + refLength - 1;
        try {
            full.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void check() throws IOException {
        Throwable t = failure;
        if (t instanceof IOException io) throw io;
        if (t != null) throw new IOException("writing the VCF failed: " + t, t);
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            full.put(poison);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        check();
        Index index = indexer.finalizeIndex(out.getFilePointer());
        out.close();
        index.write(indexPath);
    }

    /** A growable ASCII line buffer with the few appenders a VCF record needs. */
    static final class Line {
        byte[] buf = new byte[1 << 16];
        int len;
        String contig;
        int start;
        int end;

        void clear() {
            len = 0;
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                byte[] b = new byte[Math.max(buf.length * 2, len + extra)];
                System.arraycopy(buf, 0, b, 0, len);
                buf = b;
            }
        }

        Line ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) buf[len++] = (byte) s.charAt(i);
            return this;
        }

        Line bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return this;
        }

        Line ch(char c) {
            ensure(1);
            buf[len++] = (byte) c;
            return this;
        }

        Line integer(int v) {
            ensure(11);
            if (v < 0) {
                buf[len++] = '-';
                v = -v;
            }
            int start = len;
            do {
                buf[len++] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v > 0);
            for (int i = start, k = len - 1; i < k; i++, k--) {
                byte t = buf[i];
                buf[i] = buf[k];
                buf[k] = t;
            }
            return this;
        }

        /** Appends {@code thousandths / 1000} with exactly three decimals (non-negative values). */
        Line milli(int thousandths) {
            ensure(14);
            integer(thousandths / 1000);
            int r = thousandths % 1000;
            buf[len++] = '.';
            buf[len++] = (byte) ('0' + r / 100);
            buf[len++] = (byte) ('0' + r / 10 % 10);
            buf[len++] = (byte) ('0' + r % 10);
            return this;
        }
    }
}
