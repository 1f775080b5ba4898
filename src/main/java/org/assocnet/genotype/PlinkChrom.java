package org.assocnet.genotype;

/**
 * PLINK chromosome codes as assocnet names them: 23 = X, 24 = Y, 25 = XY (pseudo-autosomal), 26 = MT (and
 * M = MT), the names PLINK itself writes to VCF ({@code --output-chr MT}); every other code is kept as
 * written (1-22, chr-prefixed names, contigs). Regions are normalised the same way, so
 * {@code --region 23:1-100} and {@code --region X:1-100} select the same records.
 */
final class PlinkChrom {
    private PlinkChrom() {}

    static String normalise(String code) {
        switch (code) {
            case "23": return "X";
            case "24": return "Y";
            case "25": return "XY";
            case "26": case "M": return "MT";
            default: return code;
        }
    }

    static java.util.List<Region> normalise(java.util.List<Region> regions) {
        java.util.List<Region> out = new java.util.ArrayList<>(regions.size());
        for (Region r : regions) out.add(new Region(normalise(r.chrom()), r.start(), r.end(), r.byStart()));
        return out;
    }

    static boolean matches(java.util.List<Region> regions, String chrom, long pos, int refLen) {
        if (regions.isEmpty()) return true;
        for (Region r : regions) if (r.overlaps(chrom, pos, refLen)) return true;
        return false;
    }
}
