package org.assocnet.encode;

import java.nio.file.Path;
import java.util.List;
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
        long progressEvery) {
}
