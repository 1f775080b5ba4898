package org.assocnet.simulate;

import htsjdk.samtools.SAMSequenceRecord;
import htsjdk.tribble.TribbleException;
import htsjdk.variant.variantcontext.Allele;
import htsjdk.variant.variantcontext.Genotype;
import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.vcf.VCFFileReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;

/**
 * Haplotypes as mosaics of a donor VCF's haplotypes (e.g. 1000 Genomes genotypes), so that LD and allele
 * frequencies are real. Donor sites: biallelic SNPs with at least one call, in file order; M of them are taken
 * evenly spaced. Each donor sample gives two haplotypes (GT order; unphased data is treated as if phased, which
 * only shortens LD a little; a haploid call is used twice; a missing allele is drawn from the site's frequency).
 * Each simulated haplotype copies one donor haplotype and, at each next variant, switches with probability
 * --switch-rate to another drawn uniformly; it starts afresh on every chromosome. Causal variants are chosen
 * among donor sites whose ALT frequency lies in [--causal-freq-min, --causal-freq-max]; their frequency is the
 * donor's. LD blocks (for spreading causal variants apart) are runs of --block-size variants.
 */
final class DonorMosaic implements HaplotypeSource {
    private final List<String> contigs;
    private final long[] contigLength;
    private final int[] contig;
    private final int[] pos;
    private final String[] ref;
    private final String[] alt;
    private final byte[][] donorHaps;
    private final double[] donorFreq;
    private final int[] block;
    private final int blocks;
    private final SiteLayout layout;
    private final double freqMin;
    private final double freqMax;
    private final double switchRate;
    private final SplittableRandom rng;
    private final int[] cur;
    private final String description;

    private DonorMosaic(SimulationParameters p, List<String> contigs, long[] contigLength, int[] contig, int[] pos,
            String[] ref, String[] alt, byte[][] haps, double[] freq, SplittableRandom rng, String description) {
        this.contigs = contigs;
        this.contigLength = contigLength;
        this.contig = contig;
        this.pos = pos;
        this.ref = ref;
        this.alt = alt;
        this.donorHaps = haps;
        this.donorFreq = freq;
        this.freqMin = p.causalFreqMin;
        this.freqMax = p.causalFreqMax;
        this.switchRate = p.switchRate;
        this.rng = rng;
        this.cur = new int[2 * p.samples];
        this.description = description;
        block = new int[pos.length];
        int b = -1;
        int inBlock = 0;
        for (int v = 0; v < pos.length; v++) {
            if (v == 0 || contig[v] != contig[v - 1] || inBlock == p.blockSize) {
                b++;
                inBlock = 0;
            }
            inBlock++;
            block[v] = b;
        }
        blocks = b + 1;
        this.layout = new SiteLayout(contigs, contigLength, contig, pos, block, blocks);
    }

    static DonorMosaic load(SimulationParameters p, SplittableRandom layoutRng, SplittableRandom genoRng) {
        if (!Files.isReadable(p.donor)) throw new UserException("--donor: cannot read " + p.donor);
        List<String> contigs = new ArrayList<>();
        List<Integer> sContig = new ArrayList<>();
        List<Integer> sPos = new ArrayList<>();
        List<String> sRef = new ArrayList<>();
        List<String> sAlt = new ArrayList<>();
        List<byte[]> sHaps = new ArrayList<>();
        List<Double> sFreq = new ArrayList<>();
        long[] lengths;
        int donors;
        long skipped = 0;
        try (VCFFileReader r = new VCFFileReader(p.donor, false)) {
            donors = r.getFileHeader().getNGenotypeSamples();
            if (donors == 0) throw new UserException("--donor: " + p.donor + " has no samples");
            long line = 0;
            int lastContig = -1;
            int lastPos = -1;
            for (VariantContext vc : r) {
                line++;
                if (!vc.isBiallelic() || !vc.isSNP()) {
                    skipped++;
                    continue;
                }
                int ci = contigs.indexOf(vc.getContig());
                if (ci < 0) {
                    contigs.add(vc.getContig());
                    ci = contigs.size() - 1;
                } else if (ci != lastContig) {
                    throw UserException.at(p.donor, 0, null, "record " + line + " (" + vc.getContig() + ":" + vc.getStart()
                            + "): contig appears in two separate runs; the donor VCF must be sorted");
                }
                if (ci == lastContig && vc.getStart() <= lastPos) {
                    if (vc.getStart() < lastPos)
                        throw UserException.at(p.donor, 0, null, "record " + line + " (" + vc.getContig() + ":" + vc.getStart()
                                + "): positions decrease; the donor VCF must be sorted");
                    skipped++;
                    continue; // second record at one position
                }
                Allele altAllele = vc.getAlternateAllele(0);
                byte[] h = new byte[2 * donors];
                int called = 0;
                int altN = 0;
                int d = 0;
                for (Genotype g : vc.getGenotypes()) {
                    List<Allele> al = g.getAlleles();
                    for (int k = 0; k < 2; k++) {
                        Allele a = al.isEmpty() ? Allele.NO_CALL : al.get(Math.min(k, al.size() - 1));
                        if (a.isNoCall()) h[2 * d + k] = -1;
                        else {
                            h[2 * d + k] = (byte) (a.equals(altAllele, true) ? 1 : 0);
                            called++;
                            altN += h[2 * d + k];
                        }
                    }
                    d++;
                }
                if (called == 0) {
                    skipped++;
                    continue;
                }
                double f = altN / (double) called;
                for (int k = 0; k < h.length; k++) if (h[k] < 0) h[k] = (byte) (layoutRng.nextDouble() < f ? 1 : 0);
                sContig.add(ci);
                sPos.add(vc.getStart());
                sRef.add(vc.getReference().getBaseString());
                sAlt.add(altAllele.getBaseString());
                sHaps.add(h);
                sFreq.add(f);
                lastContig = ci;
                lastPos = vc.getStart();
            }
            lengths = new long[contigs.size()];
            for (int c = 0; c < contigs.size(); c++) {
                SAMSequenceRecord rec = r.getFileHeader().getSequenceDictionary() == null ? null
                        : r.getFileHeader().getSequenceDictionary().getSequence(contigs.get(c));
                lengths[c] = rec != null ? rec.getSequenceLength() : 0;
            }
        } catch (TribbleException e) {
            throw new UserException("--donor: cannot parse " + p.donor + ": " + e.getMessage(), e);
        }
        int s = sPos.size();
        if (s < p.variants)
            throw new UserException("--donor: " + p.donor + " has " + s + " usable sites (biallelic SNPs), fewer than --variants "
                    + p.variants);
        int m = p.variants;
        int[] contig = new int[m];
        int[] pos = new int[m];
        String[] ref = new String[m];
        String[] alt = new String[m];
        byte[][] haps = new byte[m][];
        double[] freq = new double[m];
        for (int k = 0; k < m; k++) {
            int i = (int) ((long) k * s / m);
            contig[k] = sContig.get(i);
            pos[k] = sPos.get(i);
            ref[k] = sRef.get(i);
            alt[k] = sAlt.get(i);
            haps[k] = sHaps.get(i);
            freq[k] = sFreq.get(i);
        }
        // keep only contigs that still have variants, renumbered in order
        List<String> used = new ArrayList<>();
        List<Long> usedLen = new ArrayList<>();
        int[] map = new int[contigs.size()];
        java.util.Arrays.fill(map, -1);
        int[] lastPos = new int[contigs.size()];
        for (int k = 0; k < m; k++) lastPos[contig[k]] = Math.max(lastPos[contig[k]], pos[k]);
        for (int k = 0; k < m; k++) {
            if (map[contig[k]] < 0) {
                map[contig[k]] = used.size();
                used.add(contigs.get(contig[k]));
                long len = lengths[contig[k]];
                usedLen.add(len > 0 ? len : lastPos[contig[k]] + 1L);
            }
            contig[k] = map[contig[k]];
        }
        long[] len = new long[used.size()];
        for (int c = 0; c < len.length; c++) len[c] = usedLen.get(c);
        String desc = "mosaic of " + (2 * donors) + " donor haplotypes from " + p.donor.getFileName() + " (" + m + " of "
                + s + " biallelic SNPs on " + used.size() + " contigs; " + skipped + " other records skipped)";
        Log.info("simulate: donor %s: %d samples, %d usable sites, %d records skipped", p.donor, donors, s, skipped);
        return new DonorMosaic(p, used, len, contig, pos, ref, alt, haps, freq, genoRng, desc);
    }

    @Override
    public SiteLayout layout() {
        return layout;
    }

    @Override
    public String ref(int v) {
        return ref[v];
    }

    @Override
    public String alt(int v) {
        return alt[v];
    }

    @Override
    public boolean eligibleCausal(int v) {
        return donorFreq[v] >= freqMin && donorFreq[v] <= freqMax;
    }

    @Override
    public boolean setsFrequency() {
        return false;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void next(int v, double targetFreq, byte[] haps) {
        int nd = donorHaps[v].length;
        boolean fresh = v == 0 || contig[v] != contig[v - 1];
        for (int h = 0; h < haps.length; h++) {
            if (fresh || (switchRate > 0 && rng.nextDouble() < switchRate)) cur[h] = rng.nextInt(nd);
            haps[h] = donorHaps[v][cur[h]];
        }
    }
}
