package org.assocnet.report;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulesTest {
    static double sig(double l) {
        return 1 / (1 + Math.exp(-l));
    }

    /** Logits l0, l1, l2 -> PATTERN (h = (l1 - l0) / (l2 - l0)). */
    @ParameterizedTest
    @CsvSource({
        "0, 0.2, 0.4, additive",       // h = 0.5
        "0, 0.4, 0.42, dominant",      // h = 0.95
        "0, 0.02, 0.4, recessive",     // h = 0.05
        "0, -0.2, -0.4, additive",     // protective, h = 0.5
        "0, -0.4, -0.41, dominant",    // protective ALT, one copy does it all
        "0, 0.6, 0.1, overdominant",   // h = 6
        "0, -0.2, 0.4, overdominant",  // h = -0.5
        "0, 0.001, 0.005, flat",
        "0, 0.12, 0.4, additive",      // h = 0.3
        "0, 0.08, 0.4, recessive",     // h = 0.2
        "0, 0.32, 0.4, dominant",      // h = 0.8
    })
    void patternRule(double l0, double l1, double l2, String expected) {
        String got = Pattern.of(sig(l0), sig(l1), sig(l2));
        assertEquals(expected, got);
    }

    @ParameterizedTest
    @CsvSource({
        "0.01, 0.02, 0.3, 0.2, both",
        "0.01, 0.02, 0.3, -0.2, both_opposite",
        "0.01, 0.5, 0.3, 0.2, glm_only",
        "0.5, 0.05, 0.3, 0.2, nn_only",
        "0.5, 0.5, 0.3, 0.2, none",
        "NaN, 0.01, NaN, 0.2, nn_only",
        "NaN, NaN, NaN, NaN, NA",
    })
    void agreementRule(double gq, double nq, double gb, double nb, String expected) {
        assertEquals(expected, Agreement.of(gq, nq, gb, nb, 0.05).label);
    }

    @org.junit.jupiter.api.Test
    void patternNaAndLogitInput() {
        assertEquals("NA", Pattern.of(0.5, Double.NaN, 0.6));
        assertEquals("dominant", Pattern.of(-2.0, -1.0, -0.95)); // outside (0,1): taken as logits
    }
}
