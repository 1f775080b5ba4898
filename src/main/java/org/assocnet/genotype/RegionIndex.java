package org.assocnet.genotype;

import htsjdk.samtools.util.BlockCompressedInputStream;
import htsjdk.tribble.index.Block;
import htsjdk.tribble.index.tabix.TabixIndex;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assocnet.core.UserException;

/**
 * The part of a .tbi or .csi index that encode needs: for a region, the smallest BGZF virtual offset at
 * which a record overlapping it can start (reading proceeds from there in file order). Tabix indices are
 * read by htsjdk; CSI (bcftools index) is read here (format: samtools hts-specs CSIv1).
 */
abstract class RegionIndex {
    /** First virtual offset for the region, or -1 when the index has no data for it. */
    abstract long firstOffset(Region r);

    abstract List<String> contigs();

    static RegionIndex open(Path vcf) throws IOException {
        Path tbi = Path.of(vcf + ".tbi");
        Path csi = Path.of(vcf + ".csi");
        if (Files.exists(tbi)) {
            if (Files.getLastModifiedTime(tbi).compareTo(Files.getLastModifiedTime(vcf)) < 0) {
                org.assocnet.core.Log.warn("%s is older than %s; a stale index gives wrong regions", tbi, vcf);
            }
            TabixIndex t;
            try {
                t = new TabixIndex(tbi);
            } catch (IOException | RuntimeException e) {
                throw new UserException(tbi + ": cannot read tabix index: " + e.getMessage(), e);
            }
            return new RegionIndex() {
                @Override
                long firstOffset(Region r) {
                    if (!t.containsChromosome(r.chrom())) return -1;
                    List<Block> blocks = t.getBlocks(r.chrom(), (int) Math.max(1, r.start() - 1), (int) Math.min(r.end(), Integer.MAX_VALUE - 1));
                    long min = Long.MAX_VALUE;
                    for (Block b : blocks) min = Math.min(min, b.getStartPosition());
                    return min == Long.MAX_VALUE ? -1 : min;
                }

                @Override
                List<String> contigs() {
                    return t.getSequenceNames();
                }
            };
        }
        if (Files.exists(csi)) return Csi.read(csi, List.of());
        throw new UserException(vcf + ": --region needs an index: neither .tbi nor .csi found (run 'tabix -p vcf " + vcf + "')");
    }

    /** A CSI index: per reference, bins with chunks and a per-bin smallest offset (loffset). */
    static final class Csi extends RegionIndex {
        private final int minShift;
        private final int depth;
        private final List<String> names = new ArrayList<>();
        private final List<Map<Integer, long[]>> refs = new ArrayList<>(); // bin -> [loffset, beg0, end0, beg1, end1...]

        private Csi(int minShift, int depth) {
            this.minShift = minShift;
            this.depth = depth;
        }

        static Csi read(Path path, List<String> headerContigs) throws IOException {
            try (InputStream raw = new BlockCompressedInputStream(path); DataInputStream in = new DataInputStream(raw)) {
                byte[] magic = in.readNBytes(4);
                if (magic.length < 4 || magic[0] != 'C' || magic[1] != 'S' || magic[2] != 'I' || magic[3] != 1) {
                    throw new UserException(path + ": not a CSI index (bad magic)");
                }
                Csi c = new Csi(i32(in), i32(in));
                int lAux = i32(in);
                byte[] aux = in.readNBytes(lAux);
                if (aux.length >= 28) {
                    ByteBuffer a = ByteBuffer.wrap(aux).order(ByteOrder.LITTLE_ENDIAN);
                    a.position(24);
                    int lNm = a.getInt();
                    int s = 28;
                    for (int i = 28; i < 28 + lNm && i < aux.length; i++) {
                        if (aux[i] == 0) {
                            c.names.add(new String(aux, s, i - s, StandardCharsets.UTF_8));
                            s = i + 1;
                        }
                    }
                } else {
                    c.names.addAll(headerContigs); // BCF: contigs are the header's dictionary
                }
                int nRef = i32(in);
                for (int r = 0; r < nRef; r++) {
                    int nBin = i32(in);
                    Map<Integer, long[]> bins = new HashMap<>();
                    for (int b = 0; b < nBin; b++) {
                        int bin = i32(in);
                        long loff = i64(in);
                        int nChunk = i32(in);
                        long[] v = new long[1 + 2 * nChunk];
                        v[0] = loff;
                        for (int k = 0; k < nChunk; k++) {
                            v[1 + 2 * k] = i64(in);
                            v[2 + 2 * k] = i64(in);
                        }
                        bins.put(bin, v);
                    }
                    c.refs.add(bins);
                }
                return c;
            } catch (java.io.EOFException e) {
                throw new UserException(path + ": truncated CSI index", e);
            }
        }

        private static int i32(DataInputStream in) throws IOException {
            return Integer.reverseBytes(in.readInt());
        }

        private static long i64(DataInputStream in) throws IOException {
            return Long.reverseBytes(in.readLong());
        }

        @Override
        List<String> contigs() {
            return names;
        }

        @Override
        long firstOffset(Region r) {
            int tid = names.indexOf(r.chrom());
            if (tid < 0 || tid >= refs.size()) return -1;
            Map<Integer, long[]> bins = refs.get(tid);
            long beg = r.start() - 1;
            long end = Math.min(r.end(), 1L << (minShift + 3 * depth));
            // smallest offset of the finest bin holding beg (loffset), as a lower bound for chunk ends
            long leaf = ((1L << (3 * depth)) - 1) / 7 + (beg >> minShift);
            long[] lv = bins.get((int) leaf);
            long minOff = lv == null ? 0 : lv[0];
            long min = Long.MAX_VALUE;
            int l = 0;
            long t = 0;
            for (int s = minShift + depth * 3; l <= depth; s -= 3, t += 1L << (l * 3), l++) {
                long b = t + (beg >> s);
                long e = t + ((end - 1) >> s);
                for (long i = b; i <= e; i++) {
                    long[] v = bins.get((int) i);
                    if (v == null) continue;
                    for (int k = 1; k < v.length; k += 2) {
                        if (v[k + 1] > minOff) min = Math.min(min, v[k]);
                    }
                }
            }
            return min == Long.MAX_VALUE ? -1 : min;
        }
    }
}
