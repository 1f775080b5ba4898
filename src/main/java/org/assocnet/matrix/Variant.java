package org.assocnet.matrix;

/**
 * One column of a cohort matrix: a bi-allelic record (multi-allelic sites are split, one record per ALT).
 * ALT is the counted (effect, A1) allele. {@code altFreq} and {@code obsCount} are over the called samples
 * kept in the matrix.
 */
public record Variant(String chrom, long pos, String id, String ref, String alt, double altFreq, int obsCount) {
    public static final String HEADER = "#CHROM\tPOS\tID\tREF\tALT\tALT_FREQ\tOBS_CT";

    public String toTsv() {
        return chrom + '\t' + pos + '\t' + id + '\t' + ref + '\t' + alt + '\t' + freq(altFreq) + '\t' + obsCount;
    }

    /** Java's %.6g (trailing zeros kept), NA for NaN. */
    static String freq(double f) {
        return Double.isNaN(f) ? "NA" : org.assocnet.core.DecimalText.g6(f);
    }

    /** chrom:pos:ref:alt, used where ID is missing ('.'). */
    public String key() {
        return chrom + ':' + pos + ':' + ref + ':' + alt;
    }
}
