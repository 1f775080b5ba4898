package org.assocnet.matrix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.assocnet.core.Log;
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
        org.assocnet.io.InputFile.require(path, "cohort matrix");
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

    /** Recomputes the payload checksum and compares it with the header's (see {@link #verify()}). */
    public void verifyChecksum() throws IOException {
        verify();
    }

    /**
     * Reads the whole payload once: recomputes its CRC-32C and compares it with the header's, and checks that
     * every value is one the encoder writes (UINT8: 0, 1, 2 or 255 = missing; FLOAT32: a dosage in [0, 2] or
     * NaN = missing). Every stage calls this on open (through {@link Cohort#open}): a flipped byte is an error,
     * never a silently different result. Sequential read at disk/page-cache speed; costs measured in docs/reliability.md.
     */
    public void verify() throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        long pos = MatrixHeader.SIZE;
        long end = MatrixHeader.SIZE + header.payloadBytes();
        boolean u8 = header.valueType() == MatrixHeader.ValueType.UINT8;
        long bad = -1;
        Log.Progress prog = header.payloadBytes() > (1L << 30) ? new Log.Progress("verify " + path.getFileName() + " (MiB)", 256) : null;
        while (pos < end) {
            b.clear().limit((int) Math.min(b.capacity(), end - pos));
            int r = ch.read(b, pos);
            if (r < 0) throw new UserException(path + ": unexpected end of file at byte " + pos + " (truncated cohort matrix)");
            b.flip();
            if (bad < 0) {
                byte[] a = b.array();
                int lim = b.limit();
                if (u8) {
                    // valid codes 0, 1, 2, 255 are exactly the bytes with (b + 1) & 0xFC == 0: one branch-free
                    // OR over the buffer (vectorised by the JIT), the first bad byte looked for only if there is one
                    int acc = 0;
                    for (int i = 0; i < lim; i++) acc |= (a[i] + 1) & 0xFC;
                    for (int i = 0; acc != 0 && i < lim; i++) {
                        int v = a[i] & 0xFF;
                        if (v > 2 && v != 0xFF) {
                            bad = pos + i;
                            break;
                        }
                    }
                } else {
                    // buffer holds whole floats: the payload starts at a multiple of 4 and the buffer size is one too
                    for (int i = 0; i + 4 <= lim; i += 4) {
                        float v = b.getFloat(i);
                        if (!Float.isNaN(v) && !(v >= 0f && v <= 2f)) {
                            bad = pos + i;
                            break;
                        }
                    }
                }
            }
            crc.update(b);
            pos += r;
            if (prog != null) prog.tick((pos - MatrixHeader.SIZE) >> 20);
        }
        if (crc.getValue() != header.crc32c()) {
            throw new UserException(path + ": cohort matrix checksum mismatch (CRC-32C of the payload is "
                    + Long.toHexString(crc.getValue()) + ", header says " + Long.toHexString(header.crc32c())
                    + "): the file is corrupt; rerun 'assocnet encode'");
        }
        if (bad >= 0) {
            long k = (bad - MatrixHeader.SIZE) / header.valueType().bytes;
            ByteBuffer v = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(v, bad);
            String what = u8 ? "hard call " + (v.get(0) & 0xFF) + " is not 0, 1, 2 or 255 (missing)"
                    : "dosage " + v.getFloat(0) + " is outside [0, 2] and not NaN (missing)";
            throw new UserException(path + ": byte " + bad + " (variant " + (k / n + 1) + ", sample " + (k % n + 1) + "): "
                    + what + "; the file was not written by 'assocnet encode'");
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
