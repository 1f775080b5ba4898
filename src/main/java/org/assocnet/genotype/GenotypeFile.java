package org.assocnet.genotype;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.pheno.SampleFile;

/**
 * One genotype input, whatever its format (VCF/BCF, PLINK 1 bed/bim/fam, BGEN): its samples, its
 * contigs, and a stream of {@link SiteRecord}s. The encode stage works over this interface only, so QC
 * and encoding are the same for every format.
 */
public interface GenotypeFile {
    /** The file named by the user (for the .bed route: PREFIX.bed). */
    Path path();

    /** Format label for logs and encode.json, e.g. "VCF_BGZF", "PLINK1_BED", "BGEN 1.2 layout 2 (zstd)". */
    String format();

    /** Sample identifiers in file order (unique within the file). */
    List<String> samples();

    /** Contig names in file order (as they will appear in SiteRecord.chrom); may be empty when unknown. */
    List<String> contigs() throws IOException;

    /** The contig a --region name refers to in this file (PLINK files read chromosome codes: 23 is X). */
    default String contigOf(String regionContig) {
        return regionContig;
    }

    /** True when records carry fractional dosages without being asked (BGEN probabilities). */
    default boolean nativeDosages() {
        return false;
    }

    /**
     * Phenotype-file row of sample {@code i} (as {@link #samples()}), -1 when absent. VCF IDs are matched to
     * IID (or FID_IID); formats that carry FID and IID (.fam, .sample) override this.
     */
    default int phenoRow(SampleFile pheno, int i) {
        return pheno.rowForVcfId(samples().get(i));
    }

    /**
     * Streams the records.
     *
     * @param rowOf matrix row per sample of the file (-1 = not kept); rows = number of kept rows
     * @param regions normalised regions, or empty for the whole file
     */
    GenotypeSource open(int[] rowOf, int rows, List<Region> regions, ReadOptions options) throws IOException;

    /**
     * How to read: dosage field (VCF), dosage vs hard calls, decoder choices, and a range of records by
     * their 1-based index in the file ({@code firstVariant} 0 = no range; PLINK 1 and BGEN only).
     */
    record ReadOptions(String dosageField, boolean dosage, boolean htsjdk, Decompressor decompressor, long firstVariant,
            long lastVariant) {
        public ReadOptions(String dosageField, boolean dosage, boolean htsjdk, Decompressor decompressor) {
            this(dosageField, dosage, htsjdk, decompressor, 0, 0);
        }
    }

    /** Parses a variant range {@code FIRST-LAST} (1-based, inclusive) into {first, last}. */
    static long[] parseVariantRange(String s) {
        String[] f = s.trim().split("-", -1);
        try {
            if (f.length == 2) {
                long a = Long.parseLong(f[0]);
                long b = Long.parseLong(f[1]);
                if (a >= 1 && b >= a) return new long[] {a, b};
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new org.assocnet.core.UserException("--variant-range '" + s + "': expected FIRST-LAST with 1 <= FIRST <= LAST");
    }

    /** Matches a sample carrying FID and IID: by FID and IID when the phenotype file has both, else as a VCF ID (IID). */
    static int phenoRow(SampleFile pheno, String fid, String iid) {
        if (pheno.hasFid() && fid != null) {
            int r = pheno.rowFor(fid, iid, true);
            if (r >= 0) return r;
        }
        return pheno.rowForVcfId(iid);
    }
}
