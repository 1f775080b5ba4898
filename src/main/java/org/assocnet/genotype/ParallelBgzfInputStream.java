package org.assocnet.genotype;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.assocnet.core.UserException;

/**
 * Sequential reading of a whole BGZF file with the blocks inflated by a small thread pool (BGZF blocks
 * are independent deflate streams, so decompression parallelises): raw blocks are read in order, grouped
 * into batches, inflated concurrently, and handed out in order. java.util.zip's inflater is the slowest
 * step of reading a VCF.gz; this spreads it over the cores.
 */
final class ParallelBgzfInputStream extends InputStream {
    private static final int BLOCKS_PER_BATCH = 32;
    private static final int IN_FLIGHT = 6;

    private final Path path;
    private final FileChannel ch;
    private final ExecutorService pool;
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private final ByteBuffer head = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
    private long filePos;
    private boolean eofRaw;
    private byte[] cur = new byte[0];
    private int curPos;
    private final ThreadLocal<Inflater> inflaters = ThreadLocal.withInitial(() -> new Inflater(true));

    ParallelBgzfInputStream(Path path, int threads) throws IOException {
        this.path = path;
        this.ch = FileChannel.open(path, StandardOpenOption.READ);
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bgzf-inflate");
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    /** Reads raw blocks and queues batches until IN_FLIGHT batches are pending or the file ends. */
    private void fill() throws IOException {
        while (!eofRaw && pending.size() < IN_FLIGHT) {
            byte[][] blocks = new byte[BLOCKS_PER_BATCH][];
            int nb = 0;
            while (nb < BLOCKS_PER_BATCH) {
                byte[] b = readRawBlock();
                if (b == null) {
                    eofRaw = true;
                    break;
                }
                blocks[nb++] = b;
            }
            if (nb == 0) break;
            final int count = nb;
            pending.add(pool.submit(() -> inflateBatch(blocks, count)));
        }
    }

    private byte[] readRawBlock() throws IOException {
        head.clear();
        while (head.hasRemaining()) {
            int r = ch.read(head, filePos + head.position());
            if (r < 0) break;
        }
        if (head.position() == 0) return null;
        if (head.position() < 18) throw truncated();
        head.flip();
        if ((head.get(0) & 0xff) != 31 || (head.get(1) & 0xff) != 139 || (head.get(3) & 4) == 0
                || head.get(12) != 'B' || head.get(13) != 'C') {
            throw new UserException(path + ": corrupt bgzip data: bad block header at byte offset " + filePos);
        }
        int xlen = head.getShort(10) & 0xffff;
        if (xlen != 6) {
            // extra subfields besides BC: fall back to scanning them
            throw new UserException(path + ": unsupported BGZF extra field layout at byte offset " + filePos);
        }
        int bsize = (head.getShort(16) & 0xffff) + 1;
        byte[] block = new byte[bsize];
        ByteBuffer bb = ByteBuffer.wrap(block);
        while (bb.hasRemaining()) {
            int r = ch.read(bb, filePos + bb.position());
            if (r < 0) throw truncated();
        }
        filePos += bsize;
        return block;
    }

    private UserException truncated() {
        return new UserException(path + ": truncated bgzip file (a block ends early at byte offset " + filePos + ")");
    }

    private byte[] inflateBatch(byte[][] blocks, int n) throws DataFormatException {
        int total = 0;
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] b = blocks[i];
            sizes[i] = ByteBuffer.wrap(b, b.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            total += sizes[i];
        }
        byte[] out = new byte[total];
        int off = 0;
        Inflater inf = inflaters.get();
        for (int i = 0; i < n; i++) {
            byte[] b = blocks[i];
            inf.reset();
            inf.setInput(b, 18, b.length - 18 - 8);
            int got = 0;
            while (got < sizes[i]) {
                int r = inf.inflate(out, off + got, sizes[i] - got);
                if (r == 0 && (inf.finished() || inf.needsInput())) break;
                got += r;
            }
            if (got != sizes[i]) throw new DataFormatException("block inflated to " + got + " bytes, expected " + sizes[i]);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(out, off, got);
            int want = ByteBuffer.wrap(b, b.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if ((int) crc.getValue() != want) throw new DataFormatException("CRC32 mismatch in a block");
            off += got;
        }
        return out;
    }

    private boolean advance() throws IOException {
        while (curPos >= cur.length) {
            fill();
            Future<byte[]> f = pending.poll();
            if (f == null) return false;
            try {
                cur = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof UserException u) throw u;
                throw new UserException(path + ": corrupt bgzip data: " + c.getMessage(), c);
            }
            curPos = 0;
            fill();
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!advance()) return -1;
        return cur[curPos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!advance()) return -1;
        int n = Math.min(len, cur.length - curPos);
        System.arraycopy(cur, curPos, b, off, n);
        curPos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        pool.shutdownNow();
        ch.close();
    }
}
