package org.assocnet.matrix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The fixed 64-byte header of a cohort matrix file ({@code ${prefix}.cohort.bin}), little-endian:
 *
 * <pre>
 * offset size field
 *      0    8 magic "ASCNMAT\0"
 *      8    4 format version (1)
 *     12    4 value type: 1 = UINT8 hard calls (0,1,2 ALT copies; 255 = missing), 2 = FLOAT32 dosage (NaN = missing)
 *     16    8 number of samples n
 *     24    8 number of variants p
 *     32    4 encoding requested at encode time (0 additive, 1 dominant, 2 recessive, 3 genotypic);
 *             values are always stored as ALT dosage, the encoding is applied by the reading stage
 *     36    4 reserved (0)
 *     40    8 CRC-32C of the payload
 *     48   16 reserved (0)
 *     64      payload: p columns, variant-major; column j holds n values in sample order, starting at
 *             64 + j * n * bytesPerValue
 * </pre>
 */
public record MatrixHeader(int version, ValueType valueType, long samples, long variants, Encoding encoding, long crc32c) {
    public static final int SIZE = 64;
    public static final int CURRENT_VERSION = 1;
    static final byte[] MAGIC = "ASCNMAT\0".getBytes(StandardCharsets.US_ASCII);

    public enum ValueType {
        UINT8(1, 1),
        FLOAT32(2, 4);

        public final int code;
        public final int bytes;

        ValueType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static ValueType of(int code) {
            for (ValueType t : values()) if (t.code == code) return t;
            throw new IllegalArgumentException("unknown value type " + code);
        }
    }

    public long payloadBytes() {
        return samples * variants * valueType.bytes;
    }

    public long columnOffset(long j) {
        return SIZE + j * samples * valueType.bytes;
    }

    ByteBuffer toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(version).putInt(valueType.code).putLong(samples).putLong(variants)
                .putInt(encoding.ordinal()).putInt(0).putLong(crc32c);
        b.position(SIZE);
        b.flip();
        return b;
    }

    static MatrixHeader fromBytes(ByteBuffer b, Object file) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        byte[] m = new byte[8];
        b.get(m);
        if (!java.util.Arrays.equals(m, MAGIC)) {
            throw new org.assocnet.core.UserException(file + ": not an assocnet cohort matrix (bad magic bytes)");
        }
        int version = b.getInt();
        if (version != CURRENT_VERSION) {
            throw new org.assocnet.core.UserException(file + ": cohort matrix format version " + version
                    + " is not supported (this assocnet reads version " + CURRENT_VERSION + ")");
        }
        int tc = b.getInt();
        ValueType t = null;
        for (ValueType v : ValueType.values()) if (v.code == tc) t = v;
        if (t == null) throw corrupt(file, 12, "value type " + tc + " (expected 1 = UINT8 or 2 = FLOAT32)");
        long n = b.getLong();
        long p = b.getLong();
        if (n < 1 || n > Integer.MAX_VALUE) throw corrupt(file, 16, "sample count " + n);
        if (p < 0 || p > Integer.MAX_VALUE) throw corrupt(file, 24, "variant count " + p);
        int ec = b.getInt();
        if (ec < 0 || ec >= Encoding.values().length) throw corrupt(file, 32, "encoding code " + ec);
        Encoding e = Encoding.values()[ec];
        b.getInt();
        long crc = b.getLong();
        return new MatrixHeader(version, t, n, p, e, crc);
    }

    private static org.assocnet.core.UserException corrupt(Object file, int offset, String what) {
        return new org.assocnet.core.UserException(file + ": byte " + offset + ": corrupt cohort matrix header: " + what
                + " is not valid; rerun 'assocnet encode'");
    }
}
