package org.assocnet.cli;

import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.assocnet.encode.EncodeOptions;
import org.assocnet.encode.EncodeRun;
import org.assocnet.matrix.Encoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.assocnet.genotype.BedFile;
import org.assocnet.genotype.Decompressor;
import org.assocnet.genotype.VcfReader;

/** {@code assocnet encode}: VCF/BCF + phenotypes (+ covariates) -> QC'd cohort matrix. */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Encode VCF/BCF, PLINK 1 bed or BGEN genotypes, a binary phenotype and covariates into a cohort matrix with QC.",
            "Outputs PREFIX.cohort.bin, PREFIX.samples.tsv, PREFIX.variants.tsv, PREFIX.encode.json."
        })
public final class EncodeCommand implements Callable<Integer> {
    @Option(names = "--vcf", paramLabel = "FILE",
            description = "VCF, VCF.gz (bgzip) or BCF; repeat to concatenate files holding the same samples.")
    List<Path> vcf = new ArrayList<>();

    @Option(names = "--bed", paramLabel = "PREFIX",
            description = "PLINK 1 binary fileset PREFIX.bed/.bim/.fam (SNP-major) instead of --vcf; repeatable. "
                    + "The .bim's A1 allele is counted (reported as ALT, A2 as REF), as plink2 --make-bed writes a VCF's ALT.")
    List<String> bed = new ArrayList<>();

    @Option(names = "--bed-count", paramLabel = "a1|a2", defaultValue = "a1",
            description = "Which .bim allele --bed counts: a1 (column 5) or a2 (column 6) (default: ${DEFAULT-VALUE}).")
    String bedCount;

    @Option(names = "--bgen", paramLabel = "FILE",
            description = "BGEN 1.1/1.2/1.3 (zlib or zstd) instead of --vcf; repeatable. Dosages into a FLOAT32 matrix "
                    + "(first allele = REF, the others ALT).")
    List<Path> bgen = new ArrayList<>();

    @Option(names = "--sample", paramLabel = "FILE",
            description = "Oxford .sample file for --bgen (ID_1 = FID, ID_2 = IID); default: the IDs stored in the BGEN file.")
    Path sample;

    @Option(names = "--hard-calls",
            description = "--bgen: store hard calls (UINT8) instead of dosages; a dosage within 0.1 of an integer is called, "
                    + "else missing (plink2's default --hard-call-threshold).")
    boolean hardCalls;

    @Option(names = "--bgen-ref", paramLabel = "first|last", defaultValue = "first",
            description = "--bgen: which allele is REF: first (the BGEN convention, plink2 --export bgen-1.x ref-first) or last "
                    + "(plink2's default export, ref-last) (default: ${DEFAULT-VALUE}).")
    String bgenRef;

    @Option(names = "--variant-range", paramLabel = "FIRST-LAST",
            description = "--bed/--bgen: only records FIRST to LAST (1-based, inclusive, in file order), read by seeking: "
                    + "adjacent ranges never share a record (the pipeline's chunks).")
    String variantRange;

    @Option(names = "--pheno", required = true, paramLabel = "FILE",
            description = "Phenotype file: header 'FID IID ...' or 'IID ...' ('#' prefix allowed), whitespace/tab separated; "
                    + "case/control coded 1/2 or 0/1, NA or -9 missing.")
    Path pheno;

    @Option(names = "--pheno-name", paramLabel = "NAME", description = "Phenotype column (default: the first one).")
    String phenoName;

    @Option(names = "--covar", paramLabel = "FILE", description = "Covariate file (same layout as --pheno).")
    Path covar;

    @Option(names = "--covar-name", split = ",", paramLabel = "NAME",
            description = "Covariate columns, comma separated (default: all). Non-numeric columns are one-hot encoded (NAME=LEVEL, first level dropped).")
    List<String> covarName;

    @Option(names = "--region", paramLabel = "CHR:START-END",
            description = "Only records overlapping this region (1-based, inclusive); repeatable. VCF: needs a .tbi/.csi index; "
                    + "--bed and --bgen need none (the .bim / the variant headers are scanned).")
    List<String> region = new ArrayList<>();

    @Option(names = "--regions-file", paramLabel = "BED", description = "Regions from a BED file (0-based starts).")
    Path regionsFile;

    @Option(names = "--region-match", paramLabel = "overlap|start", defaultValue = "overlap",
            description = "Keep records that overlap a region (as bcftools -r) or only those whose POS lies in it "
                    + "(use 'start' for adjacent chunks: each record then lands in exactly one). Default: ${DEFAULT-VALUE}.")
    String regionMatch;

    @Option(names = "--dosage", paramLabel = "FIELD",
            description = "Read fractional ALT dosages from this FORMAT field (e.g. DS) into a FLOAT32 matrix; GT is used where it is missing.")
    String dosage;

    @Option(names = "--maf", paramLabel = "X", defaultValue = "0", description = "Drop variants with minor allele frequency below X (default: ${DEFAULT-VALUE}).")
    double maf;

    @Option(names = "--mac", paramLabel = "N", defaultValue = "0", description = "Drop variants with minor allele count below N (default: ${DEFAULT-VALUE}).")
    long mac;

    @Option(names = "--max-missing", paramLabel = "X", defaultValue = "1",
            description = "Drop variants with a missing-call fraction above X (default: ${DEFAULT-VALUE}).")
    double maxMissing;

    @Option(names = "--hwe", paramLabel = "P", defaultValue = "0",
            description = "Drop variants with Hardy-Weinberg exact p < P in controls (default: ${DEFAULT-VALUE} = off).")
    double hwe;

    @Option(names = "--min-sample-call-rate", paramLabel = "X", defaultValue = "0",
            description = "Drop samples with a call rate below X (an extra pass over the genotypes; default: ${DEFAULT-VALUE} = off).")
    double minSampleCallRate;

    @Option(names = "--encoding", paramLabel = "E", defaultValue = "additive",
            description = "additive, dominant, recessive or genotypic; recorded in the matrix header (values stay ALT dosages) (default: ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = "--reader", paramLabel = "R", defaultValue = "auto",
            description = "Decoder: auto/fast (assocnet byte-level VCF parser and BCF decoder) or htsjdk (reference; BCF 2.1 only, GT first) (default: ${DEFAULT-VALUE}).")
    String reader;

    @Option(names = "--decompressor", paramLabel = "D", defaultValue = "auto",
            description = "Whole-file bgzip decompression: auto (htslib's bgzip if on the PATH, else Java), bgzip, or java (default: ${DEFAULT-VALUE}).")
    String decompressor;

    @Option(names = "--progress-every", paramLabel = "N", defaultValue = "100000",
            description = "Log progress every N records (default: ${DEFAULT-VALUE}).")
    long progressEvery;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "Output prefix.")
    String out;

    @Override
    public Integer call() throws Exception {
        VcfReader r;
        try {
            r = VcfReader.valueOf(reader.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("--reader: expected auto, fast or htsjdk, got '" + reader + "'");
        }
        Decompressor d;
        try {
            d = Decompressor.valueOf(decompressor.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("--decompressor: expected auto, bgzip or java, got '" + decompressor + "'");
        }
        if (!regionMatch.equals("overlap") && !regionMatch.equals("start")) {
            throw new UserException("--region-match: expected overlap or start, got '" + regionMatch + "'");
        }
        if (!bgenRef.equals("first") && !bgenRef.equals("last")) {
            throw new UserException("--bgen-ref: expected first or last, got '" + bgenRef + "'");
        }
        String bc = bedCount.trim().toUpperCase(java.util.Locale.ROOT);
        if (!bc.equals("A1") && !bc.equals("A2")) throw new UserException("--bed-count: expected a1 or a2, got '" + bedCount + "'");
        EncodeOptions o = new EncodeOptions(vcf, pheno, phenoName, covar, covarName, region, regionsFile,
                regionMatch.equals("start"), dosage, maf, mac,
                maxMissing, hwe, minSampleCallRate, Encoding.parse(encoding), out, r, d, progressEvery,
                bed, BedFile.Counted.valueOf(bc), bgen, sample, hardCalls, bgenRef.equals("last"), variantRange);
        new EncodeRun(o).run();
        return Main.EXIT_OK;
    }
}
