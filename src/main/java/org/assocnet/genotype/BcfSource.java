package org.assocnet.genotype;

import htsjdk.samtools.seekablestream.SeekableFileStream;
import htsjdk.samtools.util.BlockCompressedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.core.UserException;

/**
 * BCF 2.1/2.2 records (as written by bcftools; htsjdk 4.1.3 decodes 2.1 only), decoded from the binary
 * layout of the VCF 4.x specification section 6: per record the shared site block (CHROM index, 0-based
 * POS, ID, alleles; FILTER and INFO skipped) and, of the per-sample FORMAT block, only GT (and the dosage
 * field). GT values are (allele + 1) << 1 | phased, 0 = missing, end-of-vector padding for lower ploidy.
 */
final class BcfSource implements GenotypeSource {
    private final Path path;
    private final BcfHeader header;
    private final int[] rowOf;
    private final int nSamples;
    private final int dsKey;
    private final boolean dosage;
    private final List<Region> regions;
    private final long[] seeks;
    private final BlockCompressedInputStream seekable;
    private InputStream in;
    private byte[] rec = new byte[1 << 16];
    private final byte[] lens = new byte[8];
    private int region;
    private boolean regionStarted;
    private String lastChrom;
    private long lastPos;
    private long count;

    /** The parts of a BCF header encode needs: the header lines, string and contig dictionaries. */
    record BcfHeader(List<String> lines, List<String> strings, List<String> contigs, long dataOffset) {}

    BcfSource(VcfFile file, BcfHeader header, int[] rowOf, String dosageField, List<Region> regions,
            Decompressor decompressor) throws IOException {
        this.path = file.path();
        this.header = header;
        this.rowOf = rowOf;
        this.nSamples = file.samples().size();
        this.dosage = dosageField != null;
        this.dsKey = dosageField == null ? -2 : header.strings().indexOf(dosageField);
        this.regions = regions;
        if (regions.isEmpty()) {
            this.seeks = null;
            this.seekable = null;
            this.in = new java.io.BufferedInputStream(FastVcfSource.wholeBgzf(path, decompressor), 1 << 16);
            skip(in, header.dataOffset());
        } else {
            RegionIndex.Csi csi = RegionIndex.Csi.read(Path.of(path + ".csi"), header.contigs());
            seeks = new long[regions.size()];
            for (int i = 0; i < seeks.length; i++) seeks[i] = csi.firstOffset(regions.get(i));
            seekable = new BlockCompressedInputStream(new SeekableFileStream(path.toFile()));
            in = seekable;
            region = -1;
            nextRegion();
        }
    }

    private boolean nextRegion() throws IOException {
        while (++region < regions.size()) {
            if (seeks[region] >= 0) {
                seekable.seek(seeks[region]);
                regionStarted = false;
                lastChrom = null;
                return true;
            }
        }
        return false;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) throw new IOException("unexpected end of file");
                s = 1;
            }
            left -= s;
        }
    }

    private UserException err(String msg) {
        return new UserException(path + ": record " + (count + 1) + ": " + msg);
    }

    private boolean readRecord() throws IOException {
        int got = in.readNBytes(lens, 0, 8);
        if (got == 0) return false;
        if (got < 8) throw err("truncated BCF (record header incomplete)");
        ByteBuffer lb = ByteBuffer.wrap(lens).order(ByteOrder.LITTLE_ENDIAN);
        long ls = lb.getInt(0) & 0xffffffffL;
        long li = lb.getInt(4) & 0xffffffffL;
        if (ls + li > Integer.MAX_VALUE - 16) throw err("record too large");
        int len = (int) (ls + li);
        if (rec.length < len) rec = new byte[Math.max(len, rec.length * 2)];
        if (in.readNBytes(rec, 0, len) < len) throw err("truncated BCF (record body incomplete)");
        sharedLen = (int) ls;
        return true;
    }

    private int sharedLen;

    @Override
    public boolean next(SiteRecord r) throws IOException {
        while (true) {
            if (regions.isEmpty()) {
                if (!readRecord()) return false;
                count++;
                decode(r);
                return true;
            }
            if (region >= regions.size()) return false;
            if (!readRecord()) {
                if (!nextRegion()) return false;
                continue;
            }
            count++;
            ByteBuffer b = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
            String chrom = contig(b.getInt(0));
            long pos = (b.getInt(4) & 0xffffffffL) + 1;
            int rlen = b.getInt(8);
            Region g = regions.get(region);
            if (chrom.equals(lastChrom) && pos < lastPos) {
                throw new UserException(path + ": unsorted input: " + chrom + ":" + pos + " comes after " + chrom + ":" + lastPos
                        + "; --region needs a position-sorted, indexed file (bcftools sort, then bcftools index)");
            }
            lastChrom = chrom;
            lastPos = pos;
            boolean done = chrom.equals(g.chrom()) ? pos > g.end() : regionStarted;
            if (chrom.equals(g.chrom())) regionStarted = true;
            if (done) {
                if (!nextRegion()) return false;
                continue;
            }
            if (!g.overlaps(chrom, pos, Math.max(1, rlen))) continue;
            if (region > 0 && regions.get(region - 1).overlaps(chrom, pos, Math.max(1, rlen))) continue;
            decode(r);
            return true;
        }
    }

    private String contig(int idx) {
        if (idx < 0 || idx >= header.contigs().size()) throw err("CHROM index " + idx + " is not a ##contig of the header");
        return header.contigs().get(idx);
    }

    // typed values: low nibble type, high nibble count (15 = count follows as a typed int)
    private int p;

    private int typeByte() {
        return rec[p++] & 0xff;
    }

    private int count(int desc) {
        int n = desc >>> 4;
        if (n == 15) n = (int) typedInt();
        return n;
    }

    private long typedInt() {
        int d = typeByte();
        int t = d & 15;
        long v = switch (t) {
            case 1 -> rec[p];
            case 2 -> (short) ((rec[p] & 0xff) | (rec[p + 1] << 8));
            case 3 -> (rec[p] & 0xff) | ((rec[p + 1] & 0xff) << 8) | ((rec[p + 2] & 0xff) << 16) | (rec[p + 3] << 24);
            default -> throw err("expected a typed integer, found type " + t);
        };
        p += size(t);
        return v;
    }

    private int size(int t) {
        return switch (t) {
            case 0, 1, 7 -> 1;
            case 2 -> 2;
            case 3, 5 -> 4;
            default -> throw err("unknown BCF value type " + t);
        };
    }

    private String typedString() {
        int d = typeByte();
        int n = count(d);
        int t = d & 15;
        if (n > 0 && t != 7) throw err("expected a string, found type " + t);
        int e = p;
        int end = p + n;
        while (e < end && rec[e] != 0) e++;
        String s = new String(rec, p, e - p, StandardCharsets.ISO_8859_1);
        p = end;
        return s;
    }

    private int intAt(int t, int q) {
        return switch (t) {
            case 1 -> rec[q];
            case 2 -> (short) ((rec[q] & 0xff) | (rec[q + 1] << 8));
            default -> (rec[q] & 0xff) | ((rec[q + 1] & 0xff) << 8) | ((rec[q + 2] & 0xff) << 16) | (rec[q + 3] << 24);
        };
    }

    private void decode(SiteRecord r) {
        ByteBuffer b = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
        r.chrom = contig(b.getInt(0));
        r.pos = (b.getInt(4) & 0xffffffffL) + 1;
        int nAlleleInfo = b.getInt(16);
        int nFmtSample = b.getInt(20);
        int nAllele = nAlleleInfo >>> 16;
        int nFmt = nFmtSample >>> 24;
        int ns = nFmtSample & 0xffffff;
        if (ns != nSamples) throw err(ns + " samples in the record, " + nSamples + " in the header");
        r.line = 0;
        p = 24;
        r.id = typedString();
        if (r.id.isEmpty()) r.id = ".";
        if (nAllele < 1) throw err("no REF allele");
        r.ref = typedString();
        int nAlt = Math.max(1, nAllele - 1);
        r.ensureAlts(nAlt);
        r.nAlt = nAlt;
        if (nAllele == 1) r.alts[0] = ".";
        for (int a = 0; a < nAllele - 1; a++) r.alts[a] = typedString();
        // per-sample block
        p = sharedLen;
        int gtPos = -1;
        int gtType = 0;
        int gtN = 0;
        int dsPos = -1;
        int dsType = 0;
        int dsN = 0;
        int gtKey = header.strings().indexOf("GT");
        for (int f = 0; f < nFmt; f++) {
            int key = (int) typedInt();
            int d = typeByte();
            int n = count(d);
            int t = d & 15;
            if (key == gtKey) {
                gtPos = p;
                gtType = t;
                gtN = n;
            } else if (key == dsKey) {
                dsPos = p;
                dsType = t;
                dsN = n;
            }
            p += size(t) * n * ns;
        }
        int hap = 0;
        int gsz = gtPos >= 0 ? size(gtType) : 0;
        int eov = gtType == 1 ? -127 : gtType == 2 ? -32767 : Integer.MIN_VALUE + 1;
        for (int s = 0; s < ns; s++) {
            int row = rowOf[s];
            if (row < 0) continue;
            int a1 = -1;
            int a2 = -1;
            int ploidy = 0;
            boolean missing = true;
            if (gtPos >= 0 && gtN > 0) {
                int q = gtPos + s * gtN * gsz;
                missing = false;
                for (int k = 0; k < gtN; k++) {
                    int v = intAt(gtType, q + k * gsz);
                    if (v == eov) break;
                    ploidy++;
                    int allele = (v >> 1) - 1; // -1 = missing
                    if (allele < 0) missing = true;
                    if (allele > nAlt) throw err("allele index " + allele + " but " + nAlt + " ALT allele(s)");
                    if (ploidy == 1) a1 = allele;
                    else if (ploidy == 2) a2 = allele;
                    else throw err("ploidy above 2 is not supported");
                }
                if (ploidy == 0) missing = true;
            }
            boolean haploid = ploidy == 1;
            if (haploid && !missing) hap++;
            for (int a = 1; a <= nAlt; a++) {
                double g = missing ? Double.NaN
                        : haploid ? (a1 == a ? 2 : 0) : (a1 == a ? 1 : 0) + (a2 == a ? 1 : 0);
                if (dosage) {
                    if (dsPos >= 0 && dsType == 5 && a <= dsN) {
                        int bits = b.getInt(dsPos + (s * dsN + a - 1) * 4);
                        if (bits != 0x7F800001 && bits != 0x7F800002) {
                            double ds = Float.intBitsToFloat(bits);
                            g = haploid ? 2 * ds : ds;
                        }
                    }
                    r.dosages[a - 1][row] = (float) g;
                } else {
                    r.calls[a - 1][row] = Double.isNaN(g) ? SiteRecord.MISSING : (byte) g;
                }
            }
        }
        r.haploidCalls = hap;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
