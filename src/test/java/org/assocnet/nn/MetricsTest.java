package org.assocnet.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.assocnet.stats.Logistic;

/**
 * Reference values computed once (Debian bookworm: python3-sklearn 1.2.1, R 4.2.2):
 * <pre>
 * python3: y = [1,0,1,1,0,0,1,0,1,0,0,1,1,0,0,1,0,1,0,0]
 *          z = [1.2,-0.3,0.8,0.8,0.1,-1.5,2.0,0.8,-0.2,-0.9,0.3,1.1,0.4,-0.4,-2.2,0.9,0.5,-0.1,-0.6,1.7]
 *          sklearn.metrics.roc_auc_score(y, z)                   -> 0.808080808080808
 *          sklearn.metrics.log_loss(y, 1/(1+np.exp(-z)))         -> 0.5790338147936671
 *          sklearn.metrics.roc_curve(y, z, drop_intermediate=False) -> FPR / TPR below
 * R:       coef(glm(y ~ z, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100)))
 *          -> (Intercept) -0.628699032394, z 1.366683368199
 * </pre>
 */
class MetricsTest {
    static final int[] Y = {1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
    static final double[] Z = {1.2, -0.3, 0.8, 0.8, 0.1, -1.5, 2.0, 0.8, -0.2, -0.9, 0.3, 1.1, 0.4, -0.4, -2.2, 0.9, 0.5,
        -0.1, -0.6, 1.7};

    @Test
    void aucMatchesSklearnWithTies() {
        assertEquals(0.808080808080808, Metrics.auc(Y, Z), 1e-12);
        assertTrue(Double.isNaN(Metrics.auc(new int[] {1, 1}, new double[] {0, 1})));
        assertEquals(0.0, Metrics.auc(new int[] {1, 0}, new double[] {0, 1}), 0);
    }

    @Test
    void logLossMatchesSklearnAndIsStableForExtremeLogits() {
        assertEquals(0.5790338147936671, Metrics.logLoss(Y, Z), 1e-12);
        assertEquals(800.0, Logistic.bce(0, 800), 1e-9);
        assertEquals(0.0, Logistic.bce(1, 800), 1e-12);
        assertEquals(800.0, Logistic.bce(1, -800), 1e-9);
    }

    @Test
    void calibrationMatchesRGlm() {
        double[] ab = Metrics.calibration(Y, Z);
        assertEquals(-0.628699032394, ab[0], 1e-9);
        assertEquals(1.366683368199, ab[1], 1e-9);
        // perfectly separated logits: no finite MLE -> NaN, not a number that looks real
        double[] sep = Metrics.calibration(new int[] {0, 0, 1, 1}, new double[] {-1, -2, 1, 2});
        assertTrue(Double.isNaN(sep[0]) && Double.isNaN(sep[1]));
    }

    @Test
    void rocPointsMatchSklearn() {
        double[] fpr = {0.0, 0.0, 0.09090909090909091, 0.09090909090909091, 0.09090909090909091, 0.09090909090909091,
            0.18181818181818182, 0.2727272727272727, 0.2727272727272727, 0.36363636363636365, 0.45454545454545453,
            0.45454545454545453, 0.45454545454545453, 0.5454545454545454, 0.6363636363636364, 0.7272727272727273,
            0.8181818181818182, 0.9090909090909091, 1.0};
        double[] tpr = {0.0, 0.1111111111111111, 0.1111111111111111, 0.2222222222222222, 0.3333333333333333,
            0.4444444444444444, 0.6666666666666666, 0.6666666666666666, 0.7777777777777778, 0.7777777777777778,
            0.7777777777777778, 0.8888888888888888, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
        double[][] r = Metrics.roc(Y, Z, 1000);
        assertArrayEquals(fpr, r[0], 1e-12);
        assertArrayEquals(tpr, r[1], 1e-12);
        double[][] thin = Metrics.roc(Y, Z, 5);
        assertEquals(5, thin[0].length);
        assertEquals(0.0, thin[0][0]);
        assertEquals(1.0, thin[0][4]);
    }
}
