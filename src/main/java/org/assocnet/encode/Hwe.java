package org.assocnet.encode;

/**
 * Exact test of Hardy-Weinberg equilibrium for a bi-allelic variant (Wigginton, Cutler and Abecasis 2005,
 * Am J Hum Genet 76:887): the probability, given the allele counts, of a heterozygote count at least as
 * unlikely as the observed one. Het-count probabilities follow from a recurrence outward from the mode.
 */
public final class Hwe {
    private Hwe() {}

    /** P-value for hom-ref, het and hom-alt counts; 1 when there are no genotypes. */
    public static double exactP(int homRef, int het, int homAlt) {
        if (homRef < 0 || het < 0 || homAlt < 0) throw new IllegalArgumentException("negative genotype count");
        int n = homRef + het + homAlt;
        if (n == 0) return 1.0;
        int homRare = Math.min(homRef, homAlt);
        int rare = 2 * homRare + het; // copies of the rarer allele
        double[] prob = new double[rare + 1];
        // the most likely het count has the parity of 'rare' and is near rare * (2n - rare) / (2n)
        int mode = (int) ((long) rare * (2L * n - rare) / (2L * n));
        if ((mode & 1) != (rare & 1)) mode++;
        if (mode > rare) mode -= 2;
        prob[mode] = 1.0;
        double sum = 1.0;
        // downwards: het h -> h-2 turns two hets into one hom of each kind
        for (int h = mode; h > 1; h -= 2) {
            int hr = (rare - h) / 2;
            int hc = n - h - hr;
            prob[h - 2] = prob[h] * h * (h - 1) / (4.0 * (hr + 1) * (hc + 1));
            sum += prob[h - 2];
        }
        // upwards: h -> h+2
        for (int h = mode; h <= rare - 2; h += 2) {
            int hr = (rare - h) / 2;
            int hc = n - h - hr;
            prob[h + 2] = prob[h] * 4.0 * hr * hc / ((h + 2.0) * (h + 1.0));
            sum += prob[h + 2];
        }
        double observed = prob[het];
        double p = 0;
        for (int h = rare & 1; h <= rare; h += 2) {
            if (prob[h] <= observed * (1 + 1e-7)) p += prob[h];
        }
        return Math.min(1.0, p / sum);
    }
}
