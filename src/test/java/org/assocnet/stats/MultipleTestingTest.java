package org.assocnet.stats;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MultipleTestingTest {
    @Test
    void benjaminiHochbergMatchesR() {
        // R 4.2.2: p.adjust(c(0.01, 0.04, 0.03, 0.5, NA, 0.002), "BH")
        // [1] 0.02500000 0.05000000 0.05000000 0.50000000         NA 0.01000000
        double[] q = MultipleTesting.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.5, Double.NaN, 0.002});
        double[] want = {0.025, 0.05, 0.05, 0.5, Double.NaN, 0.01};
        for (int i = 0; i < want.length; i++) assertEquals(want[i], q[i], 1e-12, "i=" + i);
    }

    @Test
    void lambdaOfUniformQuantilesIsOne() {
        int m = 10001;
        double[] p = new double[m];
        for (int i = 0; i < m; i++) p[i] = (i + 0.5) / m;
        assertEquals(1.0, MultipleTesting.genomicControlLambda(p), 1e-3);
    }

    @Test
    void tailProbabilities() {
        // R: 2*pnorm(-40) = 7.311746e-350 underflows to 0 in doubles; -log10 from pnorm(-40, log.p=TRUE):
        // -(log(2) + pnorm(-40, log.p=TRUE))/log(10) = 349.136
        assertEquals(349.136, Distributions.minusLog10TwoSidedP(40), 1e-3);
        // R: 2*pnorm(-5) = 5.733031e-07
        assertEquals(5.733031e-07, Distributions.twoSidedP(5), 1e-13);
        // R: pchisq(10, 1, lower.tail=FALSE) = 0.001565402
        assertEquals(0.001565402, Distributions.chiSquare1P(10), 1e-9);
        assertEquals(10, Distributions.chiSquare1FromP(0.001565402), 1e-5);
    }

    @Test
    void twoSidedMaxPMatchesMvtnorm() {
        // R 4.2 + mvtnorm 1.1-3 (Debian r-cran-mvtnorm):
        // f <- function(z1, z2, r) { t <- max(abs(c(z1, z2))); S <- matrix(c(1, r, r, 1), 2)
        //   1 - pmvnorm(lower = c(-t, -t), upper = c(t, t), sigma = S, algorithm = Miwa(steps = 4096))[1] }
        assertEquals(0.52307122894655156, Distributions.twoSidedMaxP(1, 0.5, 0.3), 1e-9);
        assertEquals(0.02186724744976043, Distributions.twoSidedMaxP(2.5, -1, 0.7), 1e-10);
        assertEquals(0.56288063313695413, Distributions.twoSidedMaxP(0.7, 0.2, 0.95), 1e-9);
        assertEquals(0.00523581265990514, Distributions.twoSidedMaxP(3, 3, -0.5), 1e-11);
        assertEquals(0.40731456486710182, Distributions.twoSidedMaxP(1.2, 0, 0), 1e-9);
        // tails: mvtnorm's 1 - rectangle loses the digits there, so the reference is the same joint-tail integral
        // done by scipy 1.10 (Debian python3-scipy) quad at epsrel 1e-13:
        // P(t, r) = 4 norm.sf(t) - 2 quad(lambda x: norm.pdf(x) * (norm.sf((t - r x) / s) + norm.sf((t + r x) / s)),
        //                                 t, inf), s = sqrt(1 - r^2)
        assertEquals(3.866748835688933e-09, Distributions.twoSidedMaxP(6, 1, 0.8), 1e-9 * 3.87e-9);
        assertEquals(3.946336968182502e-09, Distributions.twoSidedMaxP(-6, 2, 0.3), 1e-9 * 3.95e-9);
        assertEquals(3.344019121278144e-19, Distributions.twoSidedMaxP(9, 8.9, 0.99), 1e-7 * 3.3e-19);
    }

    @Test
    void twoSidedMaxPLimits() {
        double p = Distributions.twoSidedP(2.0);
        assertEquals(p, Distributions.twoSidedMaxP(2.0, 1.0, 1.0), 1e-15, "rho = 1: one statistic");
        assertEquals(p, Distributions.twoSidedMaxP(-2.0, 1.0, -1.0), 1e-15);
        assertEquals(1 - (1 - p) * (1 - p), Distributions.twoSidedMaxP(2.0, 1.0, 0.0), 1e-12, "rho = 0: Sidak");
        assertEquals(p, Distributions.twoSidedMaxP(2.0, Double.NaN, 0.5), 1e-15, "NaN: the other alone");
        assertEquals(1.0, Distributions.twoSidedMaxP(0, 0, 0.5));
    }

    @Test
    void indexSortIsStableAndSkipsNaN() {
        java.util.Random r = new java.util.Random(5);
        for (int n : new int[] {0, 1, 2, 3, 7, 64, 1000}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = r.nextInt(8) == 0 ? Double.NaN : r.nextInt(20) / 4.0; // many ties
            int[] expected = java.util.stream.IntStream.range(0, n).filter(i -> !Double.isNaN(v[i])).boxed()
                    .sorted(java.util.Comparator.comparingDouble((Integer i) -> v[i]).thenComparingInt(i -> i))
                    .mapToInt(Integer::intValue).toArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, MultipleTesting.ascendingNonNaN(v), "n=" + n);
        }
    }
}
