package org.assocnet.genotype;

import java.nio.file.Path;
import java.util.List;
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
        Reader reader,
        Decompressor decompressor,
        long progressEvery) {

    /** Whole-file bgzip decompression: htslib's bgzip if on the PATH (auto), always (bgzip), or java.util.zip (java). */
    public enum Decompressor { AUTO, BGZIP, JAVA }

    /** Which VCF decoder to use: the fast byte-level parser for VCF text (auto), or htsjdk's for everything. */
    public enum Reader { AUTO, FAST, HTSJDK }
}
