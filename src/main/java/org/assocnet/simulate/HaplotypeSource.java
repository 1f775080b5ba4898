package org.assocnet.simulate;

import java.util.List;

/**
 * Where simulated haplotypes come from: the built-in founder-mosaic generator ({@link MosaicGenerator}) or a
 * donor VCF ({@link DonorMosaic}). The layout (contigs, positions, LD blocks, alleles) is fixed at construction;
 * {@link #next} is then called once per variant in ascending order and fills one allele per haplotype.
 */
interface HaplotypeSource {
    /** Where the variants sit (contigs, positions, LD blocks). */
    SiteLayout layout();

    default List<String> contigs() {
        return layout().contigs();
    }

    default long contigLength(int contig) {
        return layout().contigLength()[contig];
    }

    default int variants() {
        return layout().variants();
    }

    default int contig(int variant) {
        return layout().contig()[variant];
    }

    default int pos(int variant) {
        return layout().pos()[variant];
    }

    String ref(int variant);

    String alt(int variant);

    default int block(int variant) {
        return layout().block()[variant];
    }

    default int blocks() {
        return layout().blocks();
    }

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
