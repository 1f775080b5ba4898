package org.assocnet.stats;

/** The logistic function and its logs, computed without overflow: one home for every stage that needs them. */
public final class Logistic {
    private Logistic() {}

    /** 1 / (1 + e^-x), exact in both tails. */
    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** log(1 + e^x) without overflow. */
    public static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** Binary cross-entropy -log P(y | logit z) = log(1 + e^z) - y z for a 0/1 label y. */
    public static double bce(int y, double z) {
        return softplus(z) - y * z;
    }
}
