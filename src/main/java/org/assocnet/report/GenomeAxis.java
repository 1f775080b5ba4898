package org.assocnet.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assocnet.io.Chromosomes;

/**
 * Chromosomes laid end to end on one genome coordinate (a small gap between them), as the Manhattan plot and
 * the pairs-by-position plot draw them. Each chromosome spans its largest position seen.
 */
final class GenomeAxis {
    final List<String> chroms;
    private final long[] start;
    private final long[] extent;
    final long total;

    /** Chromosomes in the given order, each spanning {@code maxPos[i]}. */
    GenomeAxis(List<String> chroms, long[] maxPos) {
        this.chroms = List.copyOf(chroms);
        int nc = chroms.size();
        start = new long[nc + 1];
        extent = new long[nc];
        long sum = 0;
        for (int i = 0; i < nc; i++) {
            extent[i] = Math.max(1, maxPos[i]);
            sum += extent[i];
        }
        long gap = Math.max(1, sum / 150);
        for (int i = 0; i < nc; i++) start[i + 1] = start[i] + extent[i] + gap;
        total = Math.max(1, start[nc]);
    }

    /** The union of the chromosomes of {@code pts} and of {@code extra} (name -> largest position), in natural order. */
    static GenomeAxis union(Points pts, Map<String, Long> extra) {
        Map<String, Long> max = new TreeMap<>(Chromosomes.ORDER);
        for (int i = 0; i < pts.chroms.size(); i++) max.put(pts.chroms.get(i), pts.maxPos[i]);
        extra.forEach((c, p) -> max.merge(c, p, Math::max));
        return new GenomeAxis(new ArrayList<>(max.keySet()), max.values().stream().mapToLong(Long::longValue).toArray());
    }

    int size() {
        return chroms.size();
    }

    int index(String chrom) {
        return chroms.indexOf(chrom);
    }

    /** Genome coordinate of a position on chromosome {@code ci}. */
    long at(int ci, long pos) {
        return start[ci] + pos;
    }

    /** Where chromosome {@code ci} begins and (with {@link #end}) ends on the genome coordinate. */
    long start(int ci) {
        return start[ci];
    }

    long end(int ci) {
        return start[ci] + extent[ci];
    }

    long middle(int ci) {
        return start[ci] + extent[ci] / 2;
    }

    /** Whether to leave out chromosome {@code ci}'s label so that small autosomes past 13 do not overlap. */
    boolean crowded(int ci) {
        return size() > 12 && ci >= 13 && ci % 2 == 1 && Chromosomes.rank(chroms.get(ci)) <= 22;
    }
}
