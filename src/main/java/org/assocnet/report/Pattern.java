package org.assocnet.report;

/**
 * The shape of the network's genotype risks RISK_0, RISK_1, RISK_2 (mean predicted risk with the variant set
 * to 0, 1, 2 ALT alleles). On the logit scale l_g, the total effect is a = l_2 - l_0 and the heterozygote's
 * share of it is h = (l_1 - l_0) / a:
 * <ul>
 *   <li>flat: |a| &lt; {@link #FLAT} (the network barely uses the variant; or any risk is NA: NA)</li>
 *   <li>recessive: -0.25 &lt;= h &lt; 0.25 (one ALT copy does little, two do it all)</li>
 *   <li>additive: 0.25 &lt;= h &lt;= 0.75</li>
 *   <li>dominant: 0.75 &lt; h &lt;= 1.25 (one ALT copy does it all)</li>
 *   <li>overdominant: h &lt; -0.25 or h &gt; 1.25 (the heterozygote is outside the homozygotes)</li>
 * </ul>
 * Dominant/recessive refer to the ALT (A1) allele, whatever the direction of its effect. Risks outside (0, 1)
 * are taken to be logits already. The label is descriptive: it means something only where NN_P is small.
 */
public final class Pattern {
    private Pattern() {}

    public static final double FLAT = 0.01;

    static double logit(double r) {
        return Math.log(r / (1 - r));
    }

    public static String of(double r0, double r1, double r2) {
        if (Double.isNaN(r0) || Double.isNaN(r1) || Double.isNaN(r2)) return "NA";
        boolean prob = r0 > 0 && r0 < 1 && r1 > 0 && r1 < 1 && r2 > 0 && r2 < 1;
        double l0 = prob ? logit(r0) : r0, l1 = prob ? logit(r1) : r1, l2 = prob ? logit(r2) : r2;
        double a = l2 - l0;
        if (Math.abs(a) < FLAT) return "flat";
        double h = (l1 - l0) / a;
        if (h < -0.25 || h > 1.25) return "overdominant";
        if (h < 0.25) return "recessive";
        if (h <= 0.75) return "additive";
        return "dominant";
    }
}
