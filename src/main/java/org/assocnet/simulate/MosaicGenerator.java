package org.assocnet.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Built-in haplotype generator. Each chromosome is cut into LD blocks of about {@code blockSize} variants; blocks
 * are independent. Inside a block there are F founder haplotypes with Dirichlet(1) weights w, and every sample
 * haplotype is a mosaic of them: it starts on a founder drawn from w and at each next variant switches, with
 * probability {@code switchRate}, to a founder drawn from w (a copying model, so LD decays with distance inside
 * the block). At a variant with target ALT frequency p, a set S of founders with total weight W >= p carries the
 * ALT allele (an arc of consecutive founders in a random per-block order, often starting where the previous
 * variant's arc started). For a causal variant a haplotype copying a founder in S carries the allele with
 * probability p/W, so its expected ALT frequency is exactly p; a non-causal variant keeps W itself as its
 * frequency when W <= 2p (thinning would break up the haplotypes and weaken LD) and is thinned otherwise.
 * Frequencies above 0.5 are built for the minor allele and the alleles then swapped. Neighbouring variants share founders
 * and are therefore correlated; variants in different blocks or chromosomes are independent.
 * Non-causal frequencies: with probability {@code rareFraction} log-uniform in [0.002, 0.05], otherwise uniform
 * in [0.05, 0.5]; one variant in five has the ALT allele as the major allele (frequency 1 - p).
 */
final class MosaicGenerator implements HaplotypeSource {
    private static final String[] BASES = {"A", "C", "G", "T"};

    private final int nHaps;
    private final int founders;
    private final double switchRate;
    private final List<String> contigs = new ArrayList<>();
    private final long[] contigLength;
    private final int[] contig;
    private final int[] pos;
    private final int[] block;
    private final byte[] ref;
    private final byte[] alt;
    private final double[] freq;
    private final int blocks;
    private final SiteLayout layout;
    private final SplittableRandom rng;

    // per-block state
    private final double[] cum;
    private final int[] cur;
    /** Variant index at which each haplotype next switches founder (geometric gaps: one draw per switch). */
    private final int[] nextSwitch;
    private final boolean[] carries;
    private final double[] weight;
    private final int[] order;
    private int arcStart;
    private int stateBlock = -1;

    MosaicGenerator(SimulationParameters p, SplittableRandom layoutRng, SplittableRandom genoRng) {
        this.nHaps = 2 * p.samples;
        this.founders = p.founders;
        this.switchRate = p.switchRate;
        this.rng = genoRng;
        int m = p.variants;
        contig = new int[m];
        pos = new int[m];
        block = new int[m];
        ref = new byte[m];
        alt = new byte[m];
        freq = new double[m];
        contigLength = new long[p.chromosomes];
        int lo = Math.max(1, (p.blockSize + 1) / 2);
        int hi = Math.max(lo, p.blockSize * 3 / 2);
        int j = 0;
        int b = -1;
        for (int c = 0; c < p.chromosomes; c++) {
            contigs.add(Integer.toString(c + 1));
            int count = m / p.chromosomes + (c < m % p.chromosomes ? 1 : 0);
            int left = 0;
            for (int k = 0; k < count; k++, j++) {
                if (left == 0) {
                    b++;
                    left = lo + layoutRng.nextInt(hi - lo + 1);
                }
                left--;
                contig[j] = c;
                pos[j] = p.spacing * (k + 1) + layoutRng.nextInt(p.spacing);
                block[j] = b;
                int r = layoutRng.nextInt(4);
                ref[j] = (byte) r;
                alt[j] = (byte) ((r + 1 + layoutRng.nextInt(3)) % 4);
                double f = layoutRng.nextDouble() < p.rareFraction
                        ? Math.exp(Math.log(0.002) + layoutRng.nextDouble() * (Math.log(0.05) - Math.log(0.002)))
                        : 0.05 + 0.45 * layoutRng.nextDouble();
                if (layoutRng.nextInt(5) == 0) f = 1 - f;
                freq[j] = f;
            }
            contigLength[c] = (long) p.spacing * (count + 2);
        }
        blocks = b + 1;
        cum = new double[founders];
        cur = new int[nHaps];
        nextSwitch = new int[nHaps];
        carries = new boolean[founders];
        weight = new double[founders];
        order = new int[founders];
        this.layout = new SiteLayout(contigs, contigLength, contig, pos, block, blocks);
    }

    @Override
    public SiteLayout layout() {
        return layout;
    }

    @Override
    public String ref(int v) {
        return BASES[ref[v]];
    }

    @Override
    public String alt(int v) {
        return BASES[alt[v]];
    }

    @Override
    public boolean eligibleCausal(int v) {
        return true;
    }

    @Override
    public boolean setsFrequency() {
        return true;
    }

    @Override
    public String describe() {
        return "built-in founder mosaic: " + blocks + " LD blocks, " + founders + " founders per block, switch rate "
                + switchRate + " per variant";
    }

    /** Variants until the next switch: Geometric(switchRate) on 1, 2, ... (capped; never when the rate is 0). */
    private int gap() {
        if (switchRate <= 0) return Integer.MAX_VALUE / 2;
        if (switchRate >= 1) return 1;
        double g = Math.floor(Math.log(1 - rng.nextDouble()) / Math.log1p(-switchRate)) + 1;
        return g > 1e9 ? 1_000_000_000 : (int) g;
    }

    private int drawFounder() {
        double u = rng.nextDouble();
        for (int f = 0; f < founders - 1; f++) if (u < cum[f]) return f;
        return founders - 1;
    }

    @Override
    public void next(int v, double targetFreq, byte[] haps) {
        if (block[v] != stateBlock) {
            stateBlock = block[v];
            double sum = 0;
            for (int f = 0; f < founders; f++) {
                cum[f] = -Math.log(1 - rng.nextDouble()); // Exp(1): normalised -> Dirichlet(1)
                sum += cum[f];
            }
            double acc = 0;
            for (int f = 0; f < founders; f++) {
                acc += cum[f] / sum;
                cum[f] = acc;
            }
            cum[founders - 1] = 1.0;
            for (int f = 0; f < founders; f++) weight[f] = cum[f] - (f == 0 ? 0 : cum[f - 1]);
            for (int f = 0; f < founders; f++) order[f] = f;
            for (int f = founders - 1; f > 0; f--) {
                int r = rng.nextInt(f + 1);
                int t = order[f];
                order[f] = order[r];
                order[r] = t;
            }
            for (int h = 0; h < nHaps; h++) {
                cur[h] = drawFounder();
                nextSwitch[h] = v + gap();
            }
        } else {
            for (int h = 0; h < nHaps; h++) {
                if (nextSwitch[h] == v) {
                    cur[h] = drawFounder();
                    nextSwitch[h] = v + gap();
                }
            }
        }
        double p = Double.isNaN(targetFreq) ? freq[v] : targetFreq;
        boolean flip = p > 0.5; // build the minor allele's carriers, then swap alleles if ALT is the major one
        if (flip) p = 1 - p;
        // carriers: an arc of consecutive founders in the block's fixed founder order, starting where the previous
        // variant's arc started (probability 0.7) or somewhere new; neighbouring variants therefore share
        // carriers (LD), as sites on nearby branches of one genealogy do. Of the two directions the one with
        // the smaller carried weight W >= p is used, so that thinning by p/W stays mild.
        if (v == 0 || block[v] != block[v - 1] || rng.nextDouble() < 0.3) arcStart = rng.nextInt(founders);
        double bestW = Double.POSITIVE_INFINITY;
        long bestMask = 0;
        for (int dir = -1; dir <= 1; dir += 2) {
            long mask = 0;
            double w = 0;
            for (int k = 0; k < founders && w < p; k++) {
                int f = order[Math.floorMod(arcStart + dir * k, founders)];
                mask |= 1L << f;
                w += weight[f];
            }
            if (w >= p - 1e-12 && w < bestW) {
                bestW = w;
                bestMask = mask;
            }
        }
        if (bestW == Double.POSITIVE_INFINITY) { // rounding: every founder carries it
            bestW = 1;
            bestMask = -1L;
        }
        for (int f = 0; f < founders; f++) carries[f] = (bestMask >>> f & 1L) != 0;
        // causal variants: thin to exactly p in expectation; others keep the founders' frequency W when it is
        // within a factor 2 of the drawn one (thinning breaks up haplotypes and so weakens LD)
        double q = !Double.isNaN(targetFreq) || bestW > 2 * p ? Math.min(1.0, p / bestW) : 1.0;
        if (q >= 1.0) {
            for (int h = 0; h < nHaps; h++) haps[h] = (byte) (carries[cur[h]] ? 1 : 0);
        } else {
            for (int h = 0; h < nHaps; h++) haps[h] = (byte) (carries[cur[h]] && rng.nextDouble() < q ? 1 : 0);
        }
        if (flip) for (int h = 0; h < nHaps; h++) haps[h] = (byte) (1 - haps[h]);
    }
}
