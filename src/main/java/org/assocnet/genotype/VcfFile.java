package org.assocnet.genotype;

import htsjdk.samtools.util.BlockCompressedInputStream;
import htsjdk.tribble.readers.LineIteratorImpl;
import htsjdk.tribble.readers.SynchronousLineReader;
import htsjdk.variant.vcf.VCFCodec;
import htsjdk.variant.vcf.VCFHeader;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;

/**
 * One genotype input file: VCF (plain, gzip or bgzip) or BCF. Opening reads and checks the header
 * (through htsjdk's VCF codec); {@link #open} streams the records, through the fast byte-level VCF
 * parser or through htsjdk's full decoder (BCF, or on request).
 */
public final class VcfFile implements GenotypeFile {
    /** The htsjdk version in the jar (pom.xml), reported in encode.json and in BCF version errors. */
    public static final String HTSJDK_VERSION = "4.1.3";

    public enum Kind { VCF, VCF_GZIP, VCF_BGZF, BCF }

    private final Path path;
    private final Kind kind;
    private final VCFHeader header;
    private final List<String> samples;
    private final int headerLines;

    private final BcfSource.BcfHeader bcf;

    private VcfFile(Path path, Kind kind, VCFHeader header, List<String> samples, int headerLines, BcfSource.BcfHeader bcf) {
        this.bcf = bcf;
        this.path = path;
        this.kind = kind;
        this.header = header;
        this.samples = samples;
        this.headerLines = headerLines;
    }

    public Path path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    public VCFHeader header() {
        return header;
    }

    public List<String> samples() {
        return samples;
    }

    int headerLines() {
        return headerLines;
    }

    public static VcfFile open(Path path) throws IOException {
        org.assocnet.io.InputFile.require(path, "VCF/BCF file");
        Kind kind = detect(path);
        VCFHeader header;
        int headerLines = 0;
        List<String> textSamples = List.of();
        BcfSource.BcfHeader bcf = null;
        if (kind == Kind.BCF) {
            bcf = readBcfHeader(path);
            headerLines = bcf.lines().size();
            header = parseHeader(path, bcf.lines());
            String[] f = bcf.lines().get(bcf.lines().size() - 1).split("\t", -1);
            textSamples = f.length > 9 ? List.of(java.util.Arrays.copyOfRange(f, 9, f.length)) : List.of();
        } else {
            if (kind == Kind.VCF_BGZF) checkBgzfTermination(path);
            try (InputStream in = textStream(path, kind)) {
                List<String> lines = readHeaderLines(in, path);
                headerLines = lines.size();
                String[] f = lines.get(lines.size() - 1).split("\t", -1);
                textSamples = f.length > 9 ? List.of(java.util.Arrays.copyOfRange(f, 9, f.length)) : List.of();
                header = parseHeader(path, lines);
            }
        }
        List<String> samples = header.getGenotypeSamples();
        samples = textSamples;
        Set<String> seen = new HashSet<>();
        for (String s : samples) {
            if (!seen.add(s)) {
                throw UserException.at(path, headerLines, "#CHROM", "duplicate sample ID '" + s + "' in the header");
            }
        }
        return new VcfFile(path, kind, header, List.copyOf(samples), headerLines, bcf);
    }

    /** BCF header: magic, l_text, the text; string and contig dictionaries (IDX= honoured). */
    private static BcfSource.BcfHeader readBcfHeader(Path path) throws IOException {
        try (InputStream in = new BlockCompressedInputStream(path)) {
            byte[] magic = in.readNBytes(5);
            if (magic.length < 5 || magic[0] != 'B' || magic[1] != 'C' || magic[2] != 'F' || magic[3] != 2) {
                throw new UserException(path + ": not a BCF 2.x file");
            }
            byte[] l = in.readNBytes(4);
            if (l.length < 4) throw new UserException(path + ": truncated BCF header");
            long lText = java.nio.ByteBuffer.wrap(l).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            byte[] text = in.readNBytes((int) lText);
            if (text.length < lText) throw new UserException(path + ": truncated BCF header");
            int end = text.length;
            while (end > 0 && (text[end - 1] == 0 || text[end - 1] == '\n')) end--;
            List<String> lines = new ArrayList<>(List.of(new String(text, 0, end, StandardCharsets.UTF_8).split("\n")));
            List<String> strings = new ArrayList<>();
            List<String> contigs = new ArrayList<>();
            strings.add("PASS");
            java.util.regex.Pattern id = java.util.regex.Pattern.compile("[<,]ID=([^,>]+)");
            java.util.regex.Pattern idx = java.util.regex.Pattern.compile("[<,]IDX=(\\d+)");
            for (String s : lines) {
                boolean dict = s.startsWith("##FILTER=<") || s.startsWith("##INFO=<") || s.startsWith("##FORMAT=<");
                boolean contig = s.startsWith("##contig=<");
                if (!dict && !contig) continue;
                java.util.regex.Matcher m = id.matcher(s);
                if (!m.find()) continue;
                String name = m.group(1);
                List<String> target = contig ? contigs : strings;
                java.util.regex.Matcher mi = idx.matcher(s);
                if (mi.find()) {
                    int k = Integer.parseInt(mi.group(1));
                    while (target.size() <= k) target.add(null);
                    target.set(k, name);
                } else if (!target.contains(name)) {
                    target.add(name);
                }
            }
            return new BcfSource.BcfHeader(lines, strings, contigs, 5 + 4 + lText);
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserException u) throw u;
            throw new UserException(path + ": cannot read BCF header: " + e.getMessage(), e);
        }
    }

    /** htsjdk 4.1.3 decodes BCF 2.1 only; bcftools has written BCF 2.2 since 2014. */
    private static void checkBcfVersion(Path path) throws IOException {
        byte[] m = new byte[5];
        try (InputStream in = BlockCompressedInputStream.isValidFile(new BufferedInputStream(Files.newInputStream(path)))
                ? new BlockCompressedInputStream(path) : Files.newInputStream(path)) {
            in.readNBytes(m, 0, 5);
        }
        if (m[3] == 2 && m[4] != 1) {
            throw new UserException(path + ": BCF version 2." + m[4] + " cannot be decoded by htsjdk " + HTSJDK_VERSION
                    + " (BCF 2.1 only); convert it: bcftools view -Oz -o FILE.vcf.gz " + path.getFileName()
                    + " && tabix -p vcf FILE.vcf.gz");
        }
    }

    static void checkBgzfTermination(Path path) throws IOException {
        BlockCompressedInputStream.FileTermination t = BlockCompressedInputStream.checkTermination(path);
        if (t == BlockCompressedInputStream.FileTermination.DEFECTIVE) {
            throw new UserException(path + ": truncated or corrupt bgzip file (the last block is incomplete)");
        }
        if (t == BlockCompressedInputStream.FileTermination.HAS_HEALTHY_LAST_BLOCK) {
            Log.warn("%s: no BGZF end-of-file marker; the file may be truncated", path);
        }
    }

    private static Kind detect(Path path) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            boolean bgzf;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
                bgzf = BlockCompressedInputStream.isValidFile(in);
            }
            byte[] d = new byte[4];
            int m;
            try (InputStream in = bgzf ? new BlockCompressedInputStream(path) : new GZIPInputStream(Files.newInputStream(path))) {
                m = in.readNBytes(d, 0, 4);
            } catch (IOException | RuntimeException e) {
                throw new UserException(path + ": corrupt or truncated compressed file: " + e.getMessage(), e);
            }
            if (m >= 3 && d[0] == 'B' && d[1] == 'C' && d[2] == 'F') {
                if (!bgzf) throw new UserException(path + ": BCF must be BGZF-compressed (as written by bcftools)");
                return Kind.BCF;
            }
            return bgzf ? Kind.VCF_BGZF : Kind.VCF_GZIP;
        }
        if (n >= 3 && head[0] == 'B' && head[1] == 'C' && head[2] == 'F') return Kind.BCF;
        if (n >= 1 && head[0] == '#') return Kind.VCF;
        throw UserException.at(path, 1, null, "not a VCF/BCF file (expected '##fileformat=VCF...', gzip/bgzip or BCF magic bytes)");
    }

    /** Decompressed text stream from the start of the file. */
    static InputStream textStream(Path path, Kind kind) throws IOException {
        return switch (kind) {
            case VCF -> new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            case VCF_GZIP -> new GZIPInputStream(Files.newInputStream(path), 1 << 16);
            case VCF_BGZF -> new BlockCompressedInputStream(path);
            case BCF -> throw new IllegalStateException("BCF is not text");
        };
    }

    /** Reads header lines up to and including the '#CHROM' line. */
    static List<String> readHeaderLines(InputStream in, Path path) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (UserException e) {
                throw e;
            } catch (EOFException e) {
                throw new UserException(path + ": truncated compressed file in the header", e);
            } catch (IOException | RuntimeException e) {
                throw new UserException(path + ": corrupt or truncated compressed file in the header: " + e.getMessage(), e);
            }
            if (c < 0 || c == '\n') {
                String s = line.toString(StandardCharsets.UTF_8); // sample names may be UTF-8
                if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
                if (c < 0 && s.isEmpty()) break;
                if (!s.startsWith("#")) {
                    throw UserException.at(path, lines.size() + 1, null, "expected a header line starting with '#' before the data ('#CHROM ...' missing?)");
                }
                lines.add(s);
                line.reset();
                if (s.startsWith("#CHROM")) return lines;
                if (c < 0) break;
            } else {
                line.write(c);
            }
        }
        throw UserException.at(path, lines.size(), null, "no '#CHROM' header line");
    }

    private static VCFHeader parseHeader(Path path, List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).startsWith("##fileformat=VCF")) {
            throw UserException.at(path, 1, null, "first line must be '##fileformat=VCFv4.x'");
        }
        String chromLine = lines.get(lines.size() - 1);
        String[] f = chromLine.split("\t", -1);
        String[] expected = {"#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"};
        for (int i = 0; i < expected.length; i++) {
            if (i >= f.length || !f[i].equals(expected[i])) {
                throw UserException.at(path, lines.size(), i < f.length ? f[i] : null,
                        "expected tab-separated '" + String.join("\\t", expected) + "\\tFORMAT\\tsample...'");
            }
        }
        try {
            VCFCodec codec = new VCFCodec();
            Object h = codec.readActualHeader(new LineIteratorImpl(new SynchronousLineReader(
                    new StringReader(String.join("\n", lines) + "\n"))));
            return (VCFHeader) h;
        } catch (RuntimeException e) {
            throw new UserException(path + ": malformed VCF header: " + e.getMessage(), e);
        }
    }

    /** The contigs named in the header, or else in the tabix/CSI index; empty if neither names any. */
    public List<String> contigs() throws IOException {
        List<String> contigs = new ArrayList<>();
        header().getContigLines().forEach(c -> contigs.add(c.getID()));
        if (contigs.isEmpty() && kind == Kind.VCF_BGZF) {
            try {
                contigs.addAll(RegionIndex.open(path).contigs());
            } catch (UserException e) {
                // a missing or unreadable index is reported when the records are opened
            }
        }
        return contigs;
    }

    /**
     * Streams the records.
     *
     * @param rowOf matrix row per VCF sample (-1 = not kept); rows = number of kept rows
     * @param dosageField FORMAT key of dosages, or null for GT hard calls
     * @param regions normalised regions, or empty for the whole file
     * @param htsjdk force htsjdk's decoder (BCF always uses it)
     */
    public GenotypeSource open(int[] rowOf, int rows, String dosageField, List<Region> regions, boolean htsjdk) throws IOException {
        return open(rowOf, rows, dosageField, regions, htsjdk, Decompressor.JAVA);
    }

    public GenotypeSource open(int[] rowOf, int rows, String dosageField, List<Region> regions, boolean htsjdk,
            Decompressor decompressor) throws IOException {
        if (!regions.isEmpty()) {
            if (kind == Kind.VCF || kind == Kind.VCF_GZIP) {
                throw new UserException(path + ": --region needs a bgzip-compressed, indexed file (bgzip it and run 'tabix -p vcf')");
            }
            if (kind == Kind.BCF) {
                if (!Files.exists(Path.of(path + ".csi"))) {
                    throw new UserException(path + ": --region needs an index: " + path + ".csi not found (run 'bcftools index')");
                }
            } else if (!Files.exists(Path.of(path + ".tbi")) && !Files.exists(Path.of(path + ".csi"))) {
                throw new UserException(path + ": --region needs an index: neither " + path + ".tbi nor .csi found (run 'tabix -p vcf "
                        + path + "')");
            }
        }
        if (kind == Kind.BCF && !htsjdk) return new BcfSource(this, bcf, rowOf, dosageField, regions, decompressor);
        if (kind == Kind.BCF) checkBcfVersion(path);
        if (htsjdk) return new HtsjdkSource(this, rowOf, rows, dosageField, regions);
        return new FastVcfSource(this, rowOf, rows, dosageField, regions, decompressor);
    }

    @Override
    public String format() {
        return kind.name();
    }

    @Override
    public GenotypeSource open(int[] rowOf, int rows, List<Region> regions, ReadOptions o) throws IOException {
        if (o.firstVariant() > 0) throw new UserException(path + ": --variant-range applies to --bed and --bgen; use --region for VCF");
        return open(rowOf, rows, o.dosageField(), regions, o.htsjdk(), o.decompressor());
    }
}
