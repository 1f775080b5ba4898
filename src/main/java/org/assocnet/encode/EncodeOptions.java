package org.assocnet.encode;

import java.nio.file.Path;
import java.util.List;
import org.assocnet.genotype.BedFile;
import org.assocnet.genotype.Decompressor;
import org.assocnet.genotype.VcfReader;
import org.assocnet.matrix.Encoding;

/** Everything {@code assocnet encode} was asked to do (echoed into PREFIX.encode.json). */
public record EncodeOptions(
        List<Path> vcfs,
        Path pheno,
        String phenoName,
        Path covar,
        List<String> covarNames,
        List<String> regions,
        Path regionsFile,
        boolean regionsByStart,
        String dosageField,
        double maf,
        long mac,
        double maxMissing,
        double hwe,
        double minSampleCallRate,
        Encoding encoding,
        String out,
        VcfReader reader,
        Decompressor decompressor,
        long progressEvery,
        List<String> beds,
        BedFile.Counted bedCount,
        List<Path> bgens,
        Path bgenSample,
        boolean hardCalls,
        boolean bgenRefLast,
        String variantRange) {

    /** VCF/BCF input only (the options before PLINK 1 and BGEN input). */
    public EncodeOptions(List<Path> vcfs, Path pheno, String phenoName, Path covar, List<String> covarNames, List<String> regions,
            Path regionsFile, boolean regionsByStart, String dosageField, double maf, long mac, double maxMissing, double hwe,
            double minSampleCallRate, Encoding encoding, String out, VcfReader reader, Decompressor decompressor, long progressEvery) {
        this(vcfs, pheno, phenoName, covar, covarNames, regions, regionsFile, regionsByStart, dosageField, maf, mac, maxMissing, hwe,
                minSampleCallRate, encoding, out, reader, decompressor, progressEvery, List.of(), BedFile.Counted.A1, List.of(), null,
                false, false, null);
    }

    /** True when the matrix holds FLOAT32 dosages: --dosage for VCF, BGEN unless hard calls are asked for. */
    public boolean dosage() {
        return dosageField != null || (!bgens.isEmpty() && !hardCalls);
    }
}
