package org.assocnet.matrix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.assocnet.core.UserException;

/**
 * Read access to a cohort matrix file (format in {@link MatrixHeader}). Columns are read with positional
 * reads, so one instance may be shared by threads and a matrix larger than the heap is read column by
 * column (the OS page cache does the rest). Columns are ALT dosages with NaN for missing calls.
 */
public final class CohortMatrix implements AutoCloseable {
    public static final byte MISSING_U8 = (byte) 0xFF;

    private final Path path;
    private final FileChannel ch;
    private final MatrixHeader header;
    private final int n;

    private CohortMatrix(Path path, FileChannel ch, MatrixHeader header) {
        this.path = path;
        this.ch = ch;
        this.header = header;
        this.n = Math.toIntExact(header.samples());
    }

    public static CohortMatrix open(Path path) throws IOException {
        if (!Files.isRegularFile(path)) throw new UserException(path + ": cohort matrix not found");
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            ByteBuffer hb = ByteBuffer.allocate(MatrixHeader.SIZE);
            while (hb.hasRemaining() && ch.read(hb, hb.position()) > 0) { /* fill */ }
            if (hb.hasRemaining()) throw new UserException(path + ": truncated cohort matrix (header incomplete)");
            hb.flip();
            MatrixHeader h = MatrixHeader.fromBytes(hb, path);
            long expected = MatrixHeader.SIZE + h.payloadBytes();
            if (ch.size() != expected) {
                throw new UserException(path + ": cohort matrix has " + ch.size() + " bytes, header says "
                        + expected + " (" + h.samples() + " samples x " + h.variants() + " variants): truncated or corrupt");
            }
            return new CohortMatrix(path, ch, h);
        } catch (RuntimeException | IOException e) {
            ch.close();
            throw e;
        }
    }

    public MatrixHeader header() {
        return header;
    }

    public int samples() {
        return n;
    }

    public int variants() {
        return Math.toIntExact(header.variants());
    }

    public Path path() {
        return path;
    }

    /** Reads the raw bytes of column j into a buffer of at least n * bytesPerValue (little-endian). */
    public ByteBuffer rawColumn(int j, ByteBuffer into) throws IOException {
        into.clear().limit(n * header.valueType().bytes);
        long pos = header.columnOffset(j);
        while (into.hasRemaining()) {
            int r = ch.read(into, pos + into.position());
            if (r < 0) throw new UserException(path + ": unexpected end of file reading variant " + j);
        }
        into.flip();
        return into.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Column j as ALT dosages, NaN for missing. {@code out} has length >= n. */
    public void column(int j, double[] out, ByteBuffer scratch) throws IOException {
        ByteBuffer b = rawColumn(j, scratch);
        if (header.valueType() == MatrixHeader.ValueType.UINT8) {
            for (int i = 0; i < n; i++) {
                byte v = b.get(i);
                out[i] = v == MISSING_U8 ? Double.NaN : v;
            }
        } else {
            for (int i = 0; i < n; i++) out[i] = b.getFloat(i * 4);
        }
    }

    public void column(int j, double[] out) throws IOException {
        column(j, out, newScratch());
    }

    /** A buffer big enough for one column; allocate one per thread. */
    public ByteBuffer newScratch() {
        return ByteBuffer.allocate(n * header.valueType().bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Recomputes the payload checksum and compares it with the header's. */
    public void verifyChecksum() throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer b = ByteBuffer.allocate(1 << 20);
        long pos = MatrixHeader.SIZE;
        long end = MatrixHeader.SIZE + header.payloadBytes();
        while (pos < end) {
            b.clear().limit((int) Math.min(b.capacity(), end - pos));
            int r = ch.read(b, pos);
            if (r < 0) break;
            b.flip();
            crc.update(b);
            pos += r;
        }
        if (crc.getValue() != header.crc32c()) {
            throw new UserException(path + ": cohort matrix checksum mismatch (file is corrupt)");
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
