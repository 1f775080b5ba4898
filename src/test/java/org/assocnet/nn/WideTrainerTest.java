package org.assocnet.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.assocnet.epistasis.PairScan;
import org.assocnet.matrix.Cohort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wide trainer's pair nomination: LD clumping of the scan's hits, and the call correlation it reads. */
class WideTrainerTest {
    @TempDir Path dir;

    private static PairScan.Hit hit(int i, int j) {
        return new PairScan.Hit(i, j, 0, 4, 0, new int[18]);
    }

    @Test
    void clumpingSkipsProxiesOfStrongerPairsAndKeepsDistinctOnes() {
        // scan indices map to variants 10..15; variants 11 and 12 tag each other (LD), nothing else does
        int[] variant = {10, 11, 12, 13, 14, 15};
        Set<String> ld = Set.of("11:12", "12:11");
        java.util.function.BiPredicate<Integer, Integer> tags = (a, b) -> a.equals(b) || ld.contains(a + ":" + b);
        List<PairScan.Hit> hits = List.of(
                hit(0, 1), // 10 x 11: the strongest
                hit(0, 2), // 10 x 12: its proxy (12 tags 11)
                hit(2, 0), // 12 x 10: its proxy, members swapped
                hit(1, 3), // 11 x 13: shares one member only: a different pair
                hit(4, 5), // 14 x 15
                hit(3, 5)); // 13 x 15
        List<PairScan.Hit> all = WideTrainer.clump(hits, variant, 10, tags);
        assertEquals(List.of(hits.get(0), hits.get(3), hits.get(4), hits.get(5)), all);
        // at most k, strongest first, proxies not counted
        assertEquals(List.of(hits.get(0), hits.get(3)), WideTrainer.clump(hits, variant, 2, tags));
        assertTrue(WideTrainer.clump(List.of(), variant, 3, tags).isEmpty());
    }

    @Test
    void callCorrelationIsPearsonOverTheSamplesCalledAtBoth() throws Exception {
        String prefix = dir.resolve("c").toString();
        SimCohort.Spec spec = new SimCohort.Spec().n(300).p(6).additive(1).seed(3);
        spec.missingRate = 0.05;
        SimCohort.write(prefix, spec);
        try (Cohort c = Cohort.open(prefix)) {
            WideData d = WideData.load(c, Long.MAX_VALUE, 1, 5);
            for (int a = 0; a < d.p; a++) {
                assertEquals(1.0, d.callR2(a, a), 1e-12);
                for (int b = 0; b < d.p; b++) {
                    List<double[]> xy = new ArrayList<>();
                    for (int i = 0; i < d.n; i++) {
                        if (d.call(a, i) < 3 && d.call(b, i) < 3) xy.add(new double[] {d.call(a, i), d.call(b, i)});
                    }
                    double r = new PearsonsCorrelation().correlation(xy.stream().mapToDouble(v -> v[0]).toArray(),
                            xy.stream().mapToDouble(v -> v[1]).toArray());
                    assertEquals(r * r, d.callR2(a, b), 1e-9, a + " x " + b);
                }
            }
        }
    }
}
