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

    private static final java.math.MathContext SIG6 = new java.math.MathContext(6, java.math.RoundingMode.HALF_UP);
    private static final java.math.BigDecimal E_4 = new java.math.BigDecimal("1e-4");

    /**
     * Java's {@code String.format(Locale.ROOT, "%.6g", f)} (6 significant digits, trailing zeros kept), without the
     * Formatter, which parses its pattern with a regex on every call (0.25 s per 50,000 variants in encode). Same
     * rounding: half-up on the shortest decimal representation (Double.toString), as java.util.Formatter does.
     */
    static String freq(double f) {
        if (Double.isNaN(f)) return "NA";
        if (Double.isInfinite(f)) return f > 0 ? "Infinity" : "-Infinity";
        if (f == 0) return (1 / f < 0 ? "-" : "") + "0.00000";
        java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(f)).round(SIG6);
        int exp = bd.precision() - bd.scale() - 1;
        if (bd.abs().compareTo(E_4) >= 0 && exp < 6) return bd.setScale(5 - exp, java.math.RoundingMode.UNNECESSARY).toPlainString();
        String m = bd.movePointLeft(exp).setScale(5, java.math.RoundingMode.UNNECESSARY).toPlainString();
        return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** chrom:pos:ref:alt, used where ID is missing ('.'). */
    public String key() {
        return chrom + ':' + pos + ':' + ref + ':' + alt;
    }
}
