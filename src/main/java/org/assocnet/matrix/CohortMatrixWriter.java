package org.assocnet.matrix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Streams columns (one variant at a time) into a cohort matrix file; the header, with the final
 * variant count and checksum, is written on {@link #close()}. Columns are gathered in a direct buffer of about
 * 1 MiB (at least one column) and written together: a write call per column (5 KB at 5,000 samples) cost 0.3 s
 * of system time per 50,000 variants, a fifth of encode's pass.
 */
public final class CohortMatrixWriter implements AutoCloseable {
    private final FileChannel ch;
    private final MatrixHeader.ValueType type;
    private final int n;
    private final Encoding encoding;
    private final ByteBuffer buf;
    private final CRC32C crc = new CRC32C();
    private long variants;
    private boolean closed;
    private static final long BUFFER_BYTES = 1 << 20;

    public CohortMatrixWriter(Path path, int samples, MatrixHeader.ValueType type, Encoding encoding) throws IOException {
        this.ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.type = type;
        this.n = samples;
        this.encoding = encoding;
        long column = Math.max(1L, (long) samples * type.bytes);
        long columns = Math.max(1, BUFFER_BYTES / column);
        this.buf = ByteBuffer.allocateDirect((int) (columns * column)).order(ByteOrder.LITTLE_ENDIAN);
        ch.position(MatrixHeader.SIZE);
    }

    public MatrixHeader.ValueType valueType() {
        return type;
    }

    /** Appends a column of ALT dosages (NaN = missing). UINT8 matrices round to hard calls. */
    public void writeColumn(double[] dosage) throws IOException {
        room();
        if (type == MatrixHeader.ValueType.UINT8) {
            for (int i = 0; i < n; i++) {
                double g = dosage[i];
                buf.put(Double.isNaN(g) ? (byte) 0xFF : (byte) Math.rint(g));
            }
        } else {
            for (int i = 0; i < n; i++) buf.putFloat((float) dosage[i]);
        }
        variants++;
    }

    /** Appends a column of ALT dosages (NaN = missing) to a FLOAT32 matrix, copied in bulk. */
    public void writeColumn(float[] dosage) throws IOException {
        if (type != MatrixHeader.ValueType.FLOAT32) throw new IllegalStateException("matrix holds UINT8 hard calls");
        room();
        buf.asFloatBuffer().put(dosage, 0, n);
        buf.position(buf.position() + 4 * n);
        variants++;
    }

    /** Appends a column of hard calls coded 0,1,2 and {@link CohortMatrix#MISSING_U8} (UINT8 matrices only). */
    public void writeColumn(byte[] calls) throws IOException {
        if (type != MatrixHeader.ValueType.UINT8) throw new IllegalStateException("matrix holds FLOAT32 dosages");
        room();
        buf.put(calls, 0, n);
        variants++;
    }

    /** Writes the gathered columns out when the next one would not fit. */
    private void room() throws IOException {
        if (buf.remaining() < (long) n * type.bytes) flush();
    }

    private void flush() throws IOException {
        buf.flip();
        crc.update(buf.duplicate());
        while (buf.hasRemaining()) ch.write(buf);
        buf.clear();
    }

    public long variants() {
        return variants;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try (ch) {
            flush();
            MatrixHeader h = new MatrixHeader(MatrixHeader.CURRENT_VERSION, type, n, variants, encoding, crc.getValue());
            ByteBuffer hb = h.toBytes();
            long pos = 0;
            while (hb.hasRemaining()) pos += ch.write(hb, pos);
        }
    }
}
