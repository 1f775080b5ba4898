package org.assocnet.simulate;

import java.util.List;

/**
 * Where simulated haplotypes come from: the built-in founder-mosaic generator ({@link MosaicGenerator}) or a
 * donor VCF ({@link DonorMosaic}). The layout (contigs, positions, LD blocks, alleles) is fixed at construction;
 * {@link #next} is then called once per variant in ascending order and fills one allele per haplotype.
 */
interface HaplotypeSource {
    List<String> contigs();

    /** Length to declare in the VCF header's {@code ##contig} line. */
    long contigLength(int contig);

    int variants();

    int contig(int variant);

    int pos(int variant);

    String ref(int variant);

    String alt(int variant);

    /** LD block of a variant; blocks are consecutive runs within one contig, numbered from 0. */
    int block(int variant);

    int blocks();

    /** Whether a variant may be causal (e.g. its donor frequency is inside the causal frequency range). */
    boolean eligibleCausal(int variant);

    /** Whether {@link #next} honours a target ALT frequency (the built-in generator does, a donor does not). */
    boolean setsFrequency();

    /**
     * Fills {@code haps[0 .. 2n)} with the ALT allele (0 or 1) of each haplotype at variant {@code variant}; samples
     * are haplotype pairs (2i, 2i+1). {@code targetFreq} is NaN unless the variant was chosen causal.
     */
    void next(int variant, double targetFreq, byte[] haps);

    /** A sentence for the log and JSON saying what the source is. */
    String describe();
}
