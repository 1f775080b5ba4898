package org.assocnet.genotype;

/**
 * One VCF/BCF record as read by a {@link GenotypeSource}: site fields and, per ALT allele, the ALT
 * dosage of every kept sample (matrix row order). Hard calls: 0, 1, 2 or {@link #MISSING}; dosages:
 * 0..2 or NaN. Other ALT alleles of a multi-allelic site count as REF (as {@code bcftools norm -m-}).
 * Haploid calls count as 0 or 2. Instances are reused from record to record.
 */
public final class SiteRecord {
    public static final byte MISSING = (byte) 0xFF;

    public String chrom;
    public long pos;
    public String id;
    public String ref;
    public String[] alts = new String[1];
    public int nAlt;
    /** 1-based line number in the input (0 when unknown, e.g. BCF or an index query). */
    public long line;
    /** Haploid calls among the kept samples in this record. */
    public int haploidCalls;
    public final int rows;
    public final boolean dosage;
    public byte[][] calls = new byte[0][];
    public float[][] dosages = new float[0][];

    public SiteRecord(int rows, boolean dosage) {
        this.rows = rows;
        this.dosage = dosage;
    }

    /** Makes room for k ALT alleles. */
    public void ensureAlts(int k) {
        if (alts.length < k) alts = new String[Math.max(k, alts.length * 2)];
        if (dosage) {
            if (dosages.length < k) {
                float[][] d = new float[k][];
                System.arraycopy(dosages, 0, d, 0, dosages.length);
                for (int i = dosages.length; i < k; i++) d[i] = new float[rows];
                dosages = d;
            }
        } else if (calls.length < k) {
            byte[][] c = new byte[k][];
            System.arraycopy(calls, 0, c, 0, calls.length);
            for (int i = calls.length; i < k; i++) c[i] = new byte[rows];
            calls = c;
        }
    }

    public String where(Object file) {
        return file + (line > 0 ? ":" + line : "") + " (" + chrom + ":" + pos + ")";
    }
}
