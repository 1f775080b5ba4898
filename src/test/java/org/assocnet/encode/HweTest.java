package org.assocnet.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference P from PLINK v2.00a3.5: {@code plink2 --vcf slice.vcf.gz --hardy} on the bolt-lmm-example slice
 * made as in {@code EncodeRealDataTest} (columns HOM_A1_CT HET_A1_CT TWO_AX_CT P). EncodeRealDataTest checks
 * every variant of the slice; these rows keep the check alive where the package is absent.
 */
class HweTest {
    @ParameterizedTest
    @CsvSource({
        "72, 300, 7, 1.04337e-39",   // rs12484051 (excess heterozygotes)
        "72, 243, 64, 4.40979e-08",  // rs134828
        "336, 35, 8, 6.92945e-05",   // rs140836097 (het deficit)
        "281, 87, 11, 0.207323",     // rs73877828
        "334, 42, 3, 0.179477",      // rs147473505
        "371, 8, 0, 1",              // rs115323858
    })
    void matchesPlink2Hardy(int homA1, int het, int homAx, double p) {
        assertEquals(p, Hwe.exactP(homA1, het, homAx), p * 1e-5);
        assertEquals(p, Hwe.exactP(homAx, het, homA1), p * 1e-5, "symmetric in the two homozygote classes");
    }

    @ParameterizedTest
    @CsvSource({"0, 0, 0", "10, 0, 0", "0, 0, 7"})
    void degenerateCountsGiveOne(int a, int b, int c) {
        assertEquals(1.0, Hwe.exactP(a, b, c), 0);
    }
}
