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
    void cauchyCombinationMatchesR() {
        // R 4.2: f <- function(p) 0.5 - atan(mean(tan((0.5 - p) * pi))) / pi; print(f(c(0.01, 0.2)), digits = 17)
        assertEquals(0.019153934556755958, MultipleTesting.cauchyCombination(0.01, 0.2), 1e-15);
        // (R loses ~8 digits here: tan((0.5 - 1e-8) pi) cancels; 1 / tan(1e-8 pi) does not)
        assertEquals(2.0000000489073244e-08, MultipleTesting.cauchyCombination(1e-8, 0.7), 1e-16);
        assertEquals(0.20626952363904416, MultipleTesting.cauchyCombination(0.3, 0.9, 0.05), 1e-14);
    }

    @Test
    void cauchyCombinationEdgeCases() {
        assertEquals(0.37, MultipleTesting.cauchyCombination(0.37, 0.37), 1e-14, "identical p-values combine to themselves");
        assertEquals(0.5, MultipleTesting.cauchyCombination(0.5, 0.5), 1e-15);
        // beyond R's double precision (R prints 0): tan((0.5 - p) pi) = 1 / tan(p pi), so P ~ 2 p1 for p2 = 0.5
        assertEquals(2e-300, MultipleTesting.cauchyCombination(1e-300, 0.5), 1e-310);
        assertEquals(0.04, MultipleTesting.cauchyCombination(0.04, Double.NaN), 1e-15, "NaN is skipped");
        assertTrue(Double.isNaN(MultipleTesting.cauchyCombination(Double.NaN)));
        assertEquals(0.0, MultipleTesting.cauchyCombination(0.0, 0.8));
        double p1 = MultipleTesting.cauchyCombination(1.0, 0.5);
        assertTrue(p1 > 0.999 && p1 <= 1.0, "p = 1 pulls the combination to 1: " + p1);
    }
}
