package org.assocnet.simulate;

import java.util.List;

/**
 * Where a haplotype source's variants sit: contigs and their lengths, and per variant its contig, position and
 * LD block.
 */
record SiteLayout(List<String> contigs, long[] contigLength, int[] contig, int[] pos, int[] block, int blocks) {
    int variants() {
        return pos.length;
    }
}
