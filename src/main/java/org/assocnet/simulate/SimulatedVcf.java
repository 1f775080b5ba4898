package org.assocnet.simulate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assocnet.core.Log;

/** The simulated cohort's VCF: bgzip-compressed, tabix-indexed, one variant at a time (docs/simulate.md). */
final class SimulatedVcf {
    private static final String[] BASES = {"A", "C", "G", "T"};

    private SimulatedVcf() {}

    /** What the VCF pass leaves for the phenotype model: the causal variants' genotypes and the site counts. */
    record GenotypePass(byte[][] causalG, double[] causalFreq, int multiallelic, int monomorphic) {}
    /** Writes the VCF (and its index) one variant at a time, keeping the causal variants' genotypes. */
    static GenotypePass write(SimulationParameters p, HaplotypeSource src, List<Simulator.Causal> causal, int[] causalOf,
            Path vcfTmp, Path tbiTmp, SplittableRandom missRng, SplittableRandom dosRng, SplittableRandom multiRng)
            throws IOException {
        int m = src.variants();
        int n = p.samples;
        byte[][] causalG = new byte[causal.size()][];
        double[] causalFreq = new double[causal.size()];
        int multiallelic = 0;
        int monomorphic = 0;
        byte[][] gtTok = gtTokens();
        byte[] haps = new byte[2 * n];
        long missCountdown = missingGap(p.missingRate, missRng);
        Log.Progress progress = new Log.Progress("simulate: variants", 1000);
        try (BgzipVcfWriter w = new BgzipVcfWriter(vcfTmp, tbiTmp, header(p, src, n), p.compressionLevel)) {
            for (int j = 0; j < m; j++) {
                int c = causalOf[j];
                double target = c >= 0 && src.setsFrequency() ? causal.get(c).targetFreq() : Double.NaN;
                src.next(j, target, haps);
                String alt = src.alt(j);
                boolean multi = false;
                if (c < 0 && p.multiallelicRate > 0 && multiRng.nextDouble() < p.multiallelicRate && alt.length() == 1) {
                    String alt2 = secondAlt(src.ref(j), alt, multiRng);
                    if (alt2 != null) {
                        multi = true;
                        multiallelic++;
                        alt = alt + "," + alt2;
                        for (int h = 0; h < haps.length; h++) if (haps[h] == 1 && multiRng.nextDouble() < 0.3) haps[h] = 2;
                    }
                }
                int altCount = 0;
                for (byte h : haps) if (h != 0) altCount++;
                if (altCount == 0 || altCount == haps.length) monomorphic++;
                if (c >= 0) {
                    byte[] g = new byte[n];
                    for (int i = 0; i < n; i++) g[i] = (byte) (haps[2 * i] + haps[2 * i + 1]);
                    causalG[c] = g;
                    causalFreq[c] = altCount / (double) haps.length;
                }
                String contig = src.contigs().get(src.contig(j));
                int pos = src.pos(j);
                BgzipVcfWriter.Line line = w.line();
                line.ascii(contig).ch('\t').integer(pos).ch('\t').ascii(contig).ch(':').integer(pos).ch('\t')
                        .ascii(src.ref(j)).ch('\t').ascii(alt).ascii("\t.\tPASS\t.\t")
                        .ascii(p.dosages ? "GT:DS" : "GT");
                for (int i = 0; i < n; i++) {
                    int a = haps[2 * i];
                    int b = haps[2 * i + 1];
                    if (--missCountdown == 0) {
                        missCountdown = missingGap(p.missingRate, missRng);
                        line.bytes(gtTok[9]);
                        if (p.dosages) line.ascii(multi ? ":.,." : ":.");
                        continue;
                    }
                    line.bytes(a <= b ? gtTok[a * 3 + b] : gtTok[b * 3 + a]);
                    if (p.dosages) {
                        if (multi) {
                            line.ch(':').milli(1000 * ((a == 1 ? 1 : 0) + (b == 1 ? 1 : 0))).ch(',')
                                    .milli(1000 * ((a == 2 ? 1 : 0) + (b == 2 ? 1 : 0)));
                        } else {
                            line.ch(':').milli(noisyDosage(a + b, p.dosageNoise, dosRng));
                        }
                    }
                }
                line.ch('\n');
                w.write(contig, pos, src.ref(j).length(), line);
                progress.tick(j + 1);
            }
        }
        progress.done(m);
        return new GenotypePass(causalG, causalFreq, multiallelic, monomorphic);
    }
    /** Calls until the next missing one: Geometric(rate) on 1, 2, ... (one draw per missing call). */
    private static long missingGap(double rate, SplittableRandom rng) {
        if (rate <= 0) return Long.MAX_VALUE;
        double g = Math.floor(Math.log(1 - rng.nextDouble()) / Math.log1p(-rate)) + 1;
        return g > 1e18 ? Long.MAX_VALUE : (long) g;
    }
    private static int noisyDosage(int g, double sd, SplittableRandom rng) {
        if (sd == 0) return 1000 * g;
        double e = Simulator.gaussian(rng) * sd;
        double d = g == 0 ? Math.abs(e) : g == 2 ? 2 - Math.abs(e) : 1 + e;
        d = Math.max(0, Math.min(2, d));
        return (int) Math.round(d * 1000);
    }
    private static String secondAlt(String ref, String alt, SplittableRandom rng) {
        List<String> free = new ArrayList<>();
        for (String b : BASES) if (!b.equals(ref) && !b.equals(alt)) free.add(b);
        return free.isEmpty() ? null : free.get(rng.nextInt(free.size()));
    }
    /** GT tokens with the leading tab: index a*3+b for a <= b in 0..2, and 9 = missing. */
    private static byte[][] gtTokens() {
        byte[][] t = new byte[10][];
        for (int a = 0; a < 3; a++)
            for (int b = a; b < 3; b++) t[a * 3 + b] = ("\t" + a + "/" + b).getBytes(StandardCharsets.US_ASCII);
        t[9] = "\t./.".getBytes(StandardCharsets.US_ASCII);
        return t;
    }
    private static String header(SimulationParameters p, HaplotypeSource src, int n) {
        StringBuilder sb = new StringBuilder();
        sb.append("##fileformat=VCFv4.2\n");
        sb.append("##source=assocnet simulate (seed ").append(p.seed).append(")\n"); // no version: test-data stays stable
        for (int c = 0; c < src.contigs().size(); c++)
            sb.append("##contig=<ID=").append(src.contigs().get(c)).append(",length=").append(src.contigLength(c)).append(">\n");
        sb.append("##FILTER=<ID=PASS,Description=\"All filters passed\">\n");
        sb.append("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n");
        if (p.dosages)
            sb.append("##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"ALT allele dosage (simulated: true genotype plus noise)\">\n");
        sb.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT");
        for (String id : Simulator.sampleIds(n)) sb.append('\t').append(id);
        return sb.append('\n').toString();
    }
}
