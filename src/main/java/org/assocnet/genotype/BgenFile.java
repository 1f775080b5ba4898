package org.assocnet.genotype;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assocnet.core.UserException;
import org.assocnet.pheno.SampleFile;

/**
 * A BGEN file (v1.1 = layout 1, v1.2/1.3 = layout 2; uncompressed, zlib or zstd). The first allele is
 * REF, every further allele an ALT (a multi-allelic variant is split as for VCF: other ALT alleles count
 * as REF). Dosages are expected ALT counts from the probabilities (haploid doubled); hard calls, on
 * request, are the nearest integer when the dosage is within 0.1 of it, else missing (plink2's
 * {@code --hard-call-threshold} default). Sample IDs come from the .sample file when given (ID_1 = FID,
 * ID_2 = IID), else from the file's sample identifier block.
 */
public final class BgenFile implements GenotypeFile {
    /** plink2's default hard-call threshold: a dosage within this of an integer is called. */
    public static final double HARD_CALL_THRESHOLD = 0.1;

    private final Path path;
    private final Path samplePath;
    private final long firstVariant;
    private final long variants;
    private final int n;
    private final int compression;
    private final int layout;
    private final List<String> fids;
    private final List<String> iids;
    private final List<String> samples;
    private final boolean hardCalls;
    private final boolean refFirst;

    private BgenFile(Path path, Path samplePath, long firstVariant, long variants, int n, int compression, int layout,
            List<String> fids, List<String> iids, boolean hardCalls, boolean refFirst) {
        this.refFirst = refFirst;
        this.path = path;
        this.samplePath = samplePath;
        this.firstVariant = firstVariant;
        this.variants = variants;
        this.n = n;
        this.compression = compression;
        this.layout = layout;
        this.fids = fids;
        this.iids = iids;
        Set<String> u = new HashSet<>(iids);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < iids.size(); i++) {
            names.add(u.size() == iids.size() || fids == null ? iids.get(i) : fids.get(i) + "_" + iids.get(i));
        }
        this.samples = List.copyOf(names);
        this.hardCalls = hardCalls;
    }

    /**
     * Opens a BGEN file.
     *
     * @param sample Oxford .sample file, or null for the IDs in the file
     * @param hardCalls hard calls instead of dosages
     * @param refFirst true when the first allele is REF (the BGEN convention), false when it is the last
     *     ({@code plink2 --export bgen-1.x} without {@code ref-first})
     */
    public static BgenFile open(Path path, Path sample, boolean hardCalls, boolean refFirst) throws IOException {
        if (!Files.isRegularFile(path)) throw new UserException(path + ": file not found");
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            Reader in = new Reader(path, ch, 0);
            long offset = in.u32();
            long lh = in.u32();
            if (lh < 20) throw new UserException(path + ": byte 4: header length " + lh + " < 20: not a BGEN file");
            if (offset < lh) throw new UserException(path + ": byte 0: first-variant offset " + offset + " is inside the " + lh + "-byte header");
            long m = in.u32();
            long nn = in.u32();
            byte[] magic = in.bytes(4);
            boolean bgen = magic[0] == 'b' && magic[1] == 'g' && magic[2] == 'e' && magic[3] == 'n';
            boolean zero = magic[0] == 0 && magic[1] == 0 && magic[2] == 0 && magic[3] == 0;
            if (!bgen && !zero) throw new UserException(path + ": byte 16: not a BGEN file (magic 'bgen' expected)");
            in.skip(lh - 20);
            long flags = in.u32();
            int compression = (int) (flags & 3);
            int layout = (int) ((flags >> 2) & 0xf);
            boolean ids = (flags >>> 31) != 0;
            if (compression == 3) throw new UserException(path + ": byte " + (lh) + ": unknown compression code 3 in the header flags");
            if (layout != 1 && layout != 2) {
                throw new UserException(path + ": byte " + lh + ": unsupported BGEN layout " + layout + " (1 = BGEN 1.1, 2 = BGEN 1.2/1.3)");
            }
            if (layout == 1 && compression == 2) throw new UserException(path + ": byte " + lh + ": zstd compression with layout 1 is not valid BGEN");
            if (nn > Integer.MAX_VALUE - 8) throw new UserException(path + ": byte 12: " + nn + " samples is more than assocnet handles");
            int n = (int) nn;
            List<String> fileIds = null;
            if (ids) {
                long at = in.pos();
                long lsi = in.u32();
                long n2 = in.u32();
                if (n2 != n) throw new UserException(path + ": byte " + (at + 4) + ": sample block counts " + n2 + " samples, header " + n);
                fileIds = new ArrayList<>(n);
                for (int i = 0; i < n; i++) fileIds.add(in.str16());
                if (in.pos() - at != lsi) throw new UserException(path + ": byte " + at + ": sample block length " + lsi + " does not match its content (" + (in.pos() - at) + " bytes)");
                if (offset + 4 < in.pos()) throw new UserException(path + ": byte 0: first-variant offset " + offset + " is inside the sample block");
            }
            List<String> fid = null;
            List<String> iid;
            if (sample != null) {
                List<String>[] s = readSample(sample, n);
                fid = s[0];
                iid = s[1];
            } else if (fileIds != null) {
                iid = fileIds;
            } else {
                throw new UserException(path + ": no sample identifiers in the file; give them with --sample FILE.sample");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                String key = (fid == null ? "" : fid.get(i)) + "\t" + iid.get(i);
                if (!seen.add(key)) throw new UserException((sample != null ? sample : path) + ": duplicate sample ID '" + iid.get(i) + "'");
            }
            return new BgenFile(path, sample, offset + 4, m, n, compression, layout, fid, iid, hardCalls, refFirst);
        }
    }

    boolean refFirst() {
        return refFirst;
    }

    /** Oxford .sample: line 1 names (ID_1 ID_2 ... or ID ...), line 2 types (0 0 ...), then one line per sample. */
    @SuppressWarnings("unchecked")
    private static List<String>[] readSample(Path sample, int n) throws IOException {
        if (!Files.isRegularFile(sample)) throw new UserException(sample + ": file not found");
        List<String> fid = new ArrayList<>();
        List<String> iid = new ArrayList<>();
        boolean two;
        try (BufferedReader r = Files.newBufferedReader(sample, StandardCharsets.ISO_8859_1)) {
            String h = r.readLine();
            if (h == null) throw UserException.at(sample, 1, null, "empty .sample file");
            String[] hf = h.trim().split("\\s+");
            if (hf.length >= 2 && hf[0].equalsIgnoreCase("ID_1") && hf[1].equalsIgnoreCase("ID_2")) {
                two = true;
            } else if (hf[0].equalsIgnoreCase("ID")) {
                two = false;
            } else {
                throw UserException.at(sample, 1, hf[0], "expected a .sample header starting 'ID_1 ID_2' (or 'ID')");
            }
            String t = r.readLine();
            if (t == null || !t.trim().split("\\s+")[0].equals("0")) {
                throw UserException.at(sample, 2, null, "expected the .sample type line ('0 0 0 ...')");
            }
            String line;
            long ln = 2;
            while ((line = r.readLine()) != null) {
                ln++;
                if (line.isBlank()) continue;
                String[] f = line.trim().split("\\s+");
                if (f.length < (two ? 2 : 1) || f.length < hf.length) {
                    throw UserException.at(sample, ln, null, "expected " + hf.length + " fields as in the header, found " + f.length);
                }
                fid.add(two ? f[0] : null);
                iid.add(two ? f[1] : f[0]);
            }
        }
        if (iid.size() != n) throw new UserException(sample + ": " + iid.size() + " samples, but the BGEN file holds " + n);
        return new List[] {two ? fid : null, iid};
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public String format() {
        String c = compression == 0 ? "uncompressed" : compression == 1 ? "zlib" : "zstd";
        return "BGEN layout " + layout + " (" + c + ")";
    }

    @Override
    public List<String> samples() {
        return samples;
    }

    @Override
    public String contigOf(String regionContig) {
        return PlinkChrom.normalise(regionContig);
    }

    @Override
    public List<String> contigs() {
        return List.of();
    }

    @Override
    public boolean nativeDosages() {
        return !hardCalls;
    }

    public long variants() {
        return variants;
    }

    @Override
    public int phenoRow(SampleFile pheno, int i) {
        return GenotypeFile.phenoRow(pheno, fids == null ? null : fids.get(i), iids.get(i));
    }

    @Override
    public GenotypeSource open(int[] rowOf, int rows, List<Region> regions, ReadOptions o) throws IOException {
        if (o.firstVariant() > variants) {
            throw new UserException(path + ": --variant-range starts at variant " + o.firstVariant() + " but the file holds " + variants);
        }
        return new BgenSource(this, FileChannel.open(path, StandardOpenOption.READ), rowOf, PlinkChrom.normalise(regions), o.dosage(),
                o.firstVariant(), o.lastVariant());
    }

    long firstVariant() {
        return firstVariant;
    }

    int sampleCount() {
        return n;
    }

    int compression() {
        return compression;
    }

    int layout() {
        return layout;
    }

    /** Little-endian reader over a file channel that knows its byte offset (for error messages) and can seek. */
    static final class Reader {
        private final Path path;
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long bufStart;

        Reader(Path path, FileChannel ch, long pos) {
            this.path = path;
            this.ch = ch;
            this.bufStart = pos;
            buf.limit(0);
        }

        long pos() {
            return bufStart + buf.position();
        }

        void seek(long p) {
            if (p >= bufStart && p <= bufStart + buf.limit()) {
                buf.position((int) (p - bufStart));
            } else {
                bufStart = p;
                buf.limit(0);
            }
        }

        void skip(long k) {
            seek(pos() + k);
        }

        /** True when at least one more byte exists. */
        boolean more() throws IOException {
            return fill(1, false);
        }

        private boolean fill(int k, boolean required) throws IOException {
            if (buf.remaining() >= k) return true;
            long p = pos();
            buf.compact();
            bufStart = p;
            buf.flip();
            ByteBuffer w = buf.duplicate();
            w.position(buf.limit());
            w.limit(buf.capacity());
            while (w.position() < k) {
                int r = ch.read(w, bufStart + w.position());
                if (r < 0) break;
            }
            buf.limit(w.position());
            buf.position(0);
            if (buf.remaining() >= k) return true;
            if (required) throw new UserException(path + ": byte " + (bufStart + buf.remaining()) + ": unexpected end of file (truncated BGEN)");
            return false;
        }

        long u32() throws IOException {
            fill(4, true);
            return buf.getInt() & 0xffffffffL;
        }

        int u16() throws IOException {
            fill(2, true);
            return buf.getShort() & 0xffff;
        }

        int u8() throws IOException {
            fill(1, true);
            return buf.get() & 0xff;
        }

        byte[] bytes(int k) throws IOException {
            byte[] b = new byte[k];
            read(b, k);
            return b;
        }

        /** Reads k bytes into b (b may be larger). */
        void read(byte[] b, int k) throws IOException {
            int off = 0;
            while (off < k) {
                int take = Math.min(k - off, buf.capacity());
                fill(take, true);
                buf.get(b, off, take);
                off += take;
            }
        }

        String str16() throws IOException {
            int len = u16();
            return new String(bytes(len), StandardCharsets.UTF_8);
        }

        String str32() throws IOException {
            long len = u32();
            if (len > (1 << 28)) throw new UserException(path + ": byte " + (pos() - 4) + ": allele length " + len + " is implausible (corrupt BGEN?)");
            return new String(bytes((int) len), StandardCharsets.UTF_8);
        }
    }
}
