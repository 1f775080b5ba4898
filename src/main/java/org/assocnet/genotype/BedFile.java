package org.assocnet.genotype;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assocnet.core.UserException;
import org.assocnet.pheno.SampleFile;

/**
 * A PLINK 1 binary fileset PREFIX.bed/.bim/.fam (SNP-major). The counted allele is A1 (.bim column 5) by
 * default and is reported as ALT, A2 (column 6) as REF: this is what {@code plink2 --make-bed} writes for a
 * VCF (A1 = ALT), so the matrix equals the VCF route's. {@code plink1.9 --make-bed} without
 * {@code --keep-allele-order} makes A1 the minor allele instead; {@link Counted#A2} counts the other one.
 * Opening reads the .fam and counts the .bim; records are streamed from the .bim and the .bed in step.
 */
public final class BedFile implements GenotypeFile {
    /** Which .bim allele is counted (reported as ALT). */
    public enum Counted { A1, A2 }

    private static final byte[] MAGIC = {0x6c, 0x1b};

    private final Path bed;
    private final Path bim;
    private final Path fam;
    private final Counted counted;
    private final List<String> fids;
    private final List<String> iids;
    private final List<String> samples;
    private final long variants;
    private final List<String> contigs;
    private final int bytesPerVariant;

    private BedFile(Path bed, Path bim, Path fam, Counted counted, List<String> fids, List<String> iids, List<String> samples,
            long variants, List<String> contigs) {
        this.bed = bed;
        this.bim = bim;
        this.fam = fam;
        this.counted = counted;
        this.fids = fids;
        this.iids = iids;
        this.samples = samples;
        this.variants = variants;
        this.contigs = contigs;
        this.bytesPerVariant = (samples.size() + 3) / 4;
    }

    /** Opens PREFIX.bed/.bim/.fam; {@code prefix} may also name the .bed itself. */
    public static BedFile open(String prefix, Counted counted) throws IOException {
        String p = prefix.endsWith(".bed") ? prefix.substring(0, prefix.length() - 4) : prefix;
        Path bed = Path.of(p + ".bed");
        Path bim = Path.of(p + ".bim");
        Path fam = Path.of(p + ".fam");
        for (Path f : List.of(bed, bim, fam)) {
            if (!Files.isRegularFile(f)) throw new UserException(f + ": file not found (--bed " + prefix + " needs PREFIX.bed, .bim and .fam)");
        }
        List<String> fids = new ArrayList<>();
        List<String> iids = new ArrayList<>();
        readFam(fam, fids, iids);
        Set<String> iidSet = new HashSet<>(iids);
        List<String> names = new ArrayList<>(iids.size());
        for (int i = 0; i < iids.size(); i++) names.add(iidSet.size() == iids.size() ? iids.get(i) : fids.get(i) + "_" + iids.get(i));
        LinkedHashSet<String> contigs = new LinkedHashSet<>();
        long m = scanBim(bim, contigs);
        checkBed(bed, iids.size(), m, fam, bim);
        return new BedFile(bed, bim, fam, counted, List.copyOf(fids), List.copyOf(iids), List.copyOf(names), m, List.copyOf(contigs));
    }

    private static String[] fields(String line) {
        return line.trim().split("\\s+");
    }

    private static void readFam(Path fam, List<String> fids, List<String> iids) throws IOException {
        Set<String> seen = new HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(fam, StandardCharsets.ISO_8859_1)) {
            String line;
            long ln = 0;
            while ((line = r.readLine()) != null) {
                ln++;
                if (line.isBlank()) throw UserException.at(fam, ln, null, "empty line (a .fam has one sample per line)");
                String[] f = fields(line);
                if (f.length != 6) {
                    throw UserException.at(fam, ln, null, "expected 6 whitespace-separated fields (FID IID PAT MAT SEX PHENO), found " + f.length);
                }
                if (!seen.add(f[0] + "\t" + f[1])) throw UserException.at(fam, ln, "IID", "duplicate sample FID '" + f[0] + "' IID '" + f[1] + "'");
                fids.add(f[0]);
                iids.add(f[1]);
            }
        }
        if (iids.isEmpty()) throw new UserException(fam + ": no samples (empty .fam)");
    }

    /** Counts and checks the .bim lines; collects the contigs in file order. */
    private static long scanBim(Path bim, Set<String> contigs) throws IOException {
        long ln = 0;
        try (BufferedReader r = Files.newBufferedReader(bim, StandardCharsets.ISO_8859_1)) {
            String line;
            String last = null;
            while ((line = r.readLine()) != null) {
                ln++;
                String chrom = parseBim(bim, ln, line, null);
                if (!chrom.equals(last)) {
                    contigs.add(chrom);
                    last = chrom;
                }
            }
        }
        return ln;
    }

    /** Parses one .bim line into {@code r} (when not null); returns the normalised chromosome. */
    static String parseBim(Path bim, long ln, String line, String[] out) {
        String[] f = fields(line);
        if (f.length != 6) {
            throw UserException.at(bim, ln, null, "expected 6 whitespace-separated fields (CHR ID CM POS A1 A2), found "
                    + (line.isBlank() ? 0 : f.length));
        }
        long pos;
        try {
            pos = Long.parseLong(f[3]);
        } catch (NumberFormatException e) {
            throw UserException.at(bim, ln, "POS", "not an integer: '" + f[3] + "'");
        }
        if (pos < 0) throw UserException.at(bim, ln, "POS", "negative position " + pos);
        if (out != null) {
            out[0] = PlinkChrom.normalise(f[0]);
            out[1] = f[1];
            out[2] = f[3];
            out[3] = f[4];
            out[4] = f[5];
            return out[0];
        }
        return PlinkChrom.normalise(f[0]);
    }

    private static void checkBed(Path bed, int n, long m, Path fam, Path bim) throws IOException {
        long size = Files.size(bed);
        byte[] head = new byte[3];
        int got;
        try (InputStream in = Files.newInputStream(bed)) {
            got = in.readNBytes(head, 0, 3);
        }
        if (got < 3) throw new UserException(bed + ": byte 0: truncated .bed (" + size + " bytes; the header alone is 3)");
        if (head[0] != MAGIC[0] || head[1] != MAGIC[1]) {
            throw new UserException(bed + ": byte 0: not a PLINK 1 .bed file (magic bytes 0x6c 0x1b expected, found 0x"
                    + String.format("%02x 0x%02x", head[0] & 0xff, head[1] & 0xff) + ")");
        }
        if (head[2] == 0) {
            throw new UserException(bed + ": byte 2: individual-major .bed (PLINK 1.00 layout) is not supported; convert it to "
                    + "SNP-major with 'plink1.9 --bfile PREFIX --make-bed --out NEW'");
        }
        if (head[2] != 1) throw new UserException(bed + ": byte 2: unknown .bed mode 0x" + String.format("%02x", head[2] & 0xff) + " (0x01 = SNP-major expected)");
        long expected = 3 + m * (long) ((n + 3) / 4);
        if (size != expected) {
            throw new UserException(bed + ": " + size + " bytes, but " + n + " samples in " + fam.getFileName() + " and " + m
                    + " variants in " + bim.getFileName() + " need 3 + " + m + " x " + ((n + 3) / 4) + " = " + expected + " bytes"
                    + (size < expected ? " (truncated .bed, or .bim/.fam from another fileset)" : " (.bim/.fam from another fileset?)"));
        }
    }

    @Override
    public Path path() {
        return bed;
    }

    @Override
    public String format() {
        return "PLINK1_BED";
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
        return contigs;
    }

    public Counted counted() {
        return counted;
    }

    public long variants() {
        return variants;
    }

    @Override
    public int phenoRow(SampleFile pheno, int i) {
        return GenotypeFile.phenoRow(pheno, fids.get(i), iids.get(i));
    }

    @Override
    public GenotypeSource open(int[] rowOf, int rows, List<Region> regions, ReadOptions o) throws IOException {
        if (o.dosageField() != null) throw new UserException(bed + ": --dosage applies to VCF input; a .bed holds hard calls only");
        return new Source(rowOf, PlinkChrom.normalise(regions), o.firstVariant(), o.lastVariant());
    }

    /** The .bim and the .bed read in step; with regions, non-matching variants are skipped by seeking the .bed. */
    private final class Source implements GenotypeSource {
        private final int[] rowOf;
        private final List<Region> regions;
        private final BufferedReader bimReader;
        private final FileChannel channel;
        private final InputStream seq;
        private final byte[] block = new byte[bytesPerVariant];
        private final byte[] code = new byte[4];
        private final String[] f = new String[5];
        private final Map<String, String> interned = new HashMap<>();
        private long index;
        private long ln;
        private long bedPos = 3;
        private long end = variants;

        Source(int[] rowOf, List<Region> regions, long first, long last) throws IOException {
            this.rowOf = rowOf;
            this.regions = regions;
            this.bimReader = Files.newBufferedReader(bim, StandardCharsets.ISO_8859_1);
            this.channel = FileChannel.open(bed, StandardOpenOption.READ);
            if (first > 0) {
                if (first > variants) {
                    throw new UserException(bed + ": --variant-range starts at variant " + first + " but the fileset holds " + variants);
                }
                // skip the .bim lines before the range; the .bed is read by offset (3 + index x bytes per variant)
                for (long i = 1; i < first; i++) {
                    if (bimReader.readLine() == null) throw UserException.at(bim, i, null, "the .bim changed while reading");
                }
                index = first - 1;
                ln = first - 1;
                end = Math.min(last, variants);
            }
            this.seq = regions.isEmpty() && first == 0 ? new BufferedInputStream(Files.newInputStream(bed), 1 << 20) : null;
            if (seq != null && seq.skip(3) != 3) throw new UserException(bed + ": byte 0: truncated .bed");
            // 2-bit codes: 00 = hom A1, 01 = missing, 10 = het, 11 = hom A2
            code[0] = (byte) (counted == Counted.A1 ? 2 : 0);
            code[1] = SiteRecord.MISSING;
            code[2] = 1;
            code[3] = (byte) (counted == Counted.A1 ? 0 : 2);
        }

        @Override
        public boolean next(SiteRecord r) throws IOException {
            while (index < end) {
                String line = bimReader.readLine();
                ln++;
                if (line == null) throw UserException.at(bim, ln, null, "the .bim changed while reading (fewer lines than when opened)");
                parseBim(bim, ln, line, f);
                long pos = Long.parseLong(f[2]);
                String a1 = f[3].equals("0") ? "." : f[3];
                String a2 = f[4].equals("0") ? "." : f[4];
                String ref = counted == Counted.A1 ? a2 : a1;
                String alt = counted == Counted.A1 ? a1 : a2;
                long offset = 3 + index * (long) bytesPerVariant;
                index++;
                if (!PlinkChrom.matches(regions, f[0], pos, ref.length())) continue;
                readBlock(offset);
                r.chrom = interned.computeIfAbsent(f[0], k -> k);
                r.pos = pos;
                r.id = f[1];
                r.ref = ref;
                r.ensureAlts(1);
                r.alts[0] = alt;
                r.nAlt = 1;
                r.line = ln;
                r.haploidCalls = 0;
                decode(r);
                return true;
            }
            return false;
        }

        private void readBlock(long offset) throws IOException {
            if (seq != null) {
                int got = seq.readNBytes(block, 0, block.length);
                if (got < block.length) throw new UserException(bed + ": byte " + (offset + got) + ": truncated .bed (variant " + index + " of " + variants + ")");
            } else {
                ByteBuffer b = ByteBuffer.wrap(block);
                long p = offset;
                while (b.hasRemaining()) {
                    int k = channel.read(b, p);
                    if (k < 0) throw new UserException(bed + ": byte " + p + ": truncated .bed (variant " + index + " of " + variants + ")");
                    p += k;
                }
            }
            bedPos = offset + block.length;
        }

        private void decode(SiteRecord r) {
            int n = rowOf.length;
            if (r.dosage) {
                float[] d = r.dosages[0];
                for (int s = 0; s < n; s++) {
                    int row = rowOf[s];
                    if (row < 0) continue;
                    byte c = code[(block[s >> 2] >> ((s & 3) << 1)) & 3];
                    d[row] = c == SiteRecord.MISSING ? Float.NaN : c;
                }
            } else {
                byte[] c = r.calls[0];
                for (int s = 0; s < n; s++) {
                    int row = rowOf[s];
                    if (row >= 0) c[row] = code[(block[s >> 2] >> ((s & 3) << 1)) & 3];
                }
            }
        }

        @Override
        public void close() throws IOException {
            try (bimReader; channel) {
                if (seq != null) seq.close();
            }
        }
    }
}
