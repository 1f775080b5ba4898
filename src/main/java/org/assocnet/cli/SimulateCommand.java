package org.assocnet.cli;

import org.assocnet.core.Log;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.assocnet.simulate.SimulationParameters;
import org.assocnet.simulate.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assocnet simulate}: a case/control cohort with known causal variants (VCF + phenotype + truth). */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = {
            "Simulate a case/control cohort with known causal variants, for tests, benchmarks and power analyses.",
            "Writes PREFIX.vcf.gz (+ .tbi), PREFIX.pheno.tsv, PREFIX.covar.tsv, PREFIX.truth.tsv, PREFIX.simulate.json.",
            "The same seed and options give byte-identical files."
        })
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--samples", required = true, description = "Number of samples N.")
    int samples;

    @Option(names = "--variants", required = true, description = "Number of variants M.")
    int variants;

    @Option(names = "--out", required = true, description = "Output prefix.")
    String out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--chromosomes", defaultValue = "2",
            description = "Chromosomes 1..K for the built-in generator; variants are spread evenly (default: ${DEFAULT-VALUE}). Ignored with --donor.")
    int chromosomes;

    @Option(names = "--donor", description = "Donor VCF/BCF (plain or bgzipped) whose haplotypes are copied as mosaics, "
            + "giving real LD and frequencies (e.g. plink2 --bfile ... --export vcf bgz). Default: built-in generator.")
    Path donor;

    @Option(names = "--additive", defaultValue = "5", description = "Additive causal variants (default: ${DEFAULT-VALUE}).")
    int additive;

    @Option(names = "--dominant", defaultValue = "0", description = "Dominant causal variants (default: ${DEFAULT-VALUE}).")
    int dominant;

    @Option(names = "--recessive", defaultValue = "0", description = "Recessive causal variants (default: ${DEFAULT-VALUE}).")
    int recessive;

    @Option(names = "--epistatic-pairs", defaultValue = "0",
            description = "Pairs of variants that act only jointly, with no marginal effect (default: ${DEFAULT-VALUE}).")
    int epistaticPairs;

    @Option(names = "--effect-min", defaultValue = "0.18",
            description = "Smallest |log-OR| of additive/dominant/recessive effects (default: ${DEFAULT-VALUE}).")
    double effectMin;

    @Option(names = "--effect-max", defaultValue = "0.35",
            description = "Largest |log-OR|; effects are uniform in [min, max] with a random sign (default: ${DEFAULT-VALUE}).")
    double effectMax;

    @Option(names = "--epistatic-min", defaultValue = "0.6",
            description = "Smallest |interaction log-OR| of an epistatic pair (default: ${DEFAULT-VALUE}).")
    double epistaticMin;

    @Option(names = "--epistatic-max", defaultValue = "1.0",
            description = "Largest |interaction log-OR| of an epistatic pair (default: ${DEFAULT-VALUE}).")
    double epistaticMax;

    @Option(names = "--causal-freq-min", defaultValue = "0.05",
            description = "Causal variants' ALT frequency is uniform in [min, max] (default: ${DEFAULT-VALUE}).")
    double causalFreqMin;

    @Option(names = "--causal-freq-max", defaultValue = "0.5", description = "See --causal-freq-min (default: ${DEFAULT-VALUE}).")
    double causalFreqMax;

    @Option(names = "--covariates", defaultValue = "2",
            description = "Numeric covariates COV1..K ~ N(0,1) that act on the phenotype (default: ${DEFAULT-VALUE}).")
    int covariates;

    @Option(names = "--site-levels", defaultValue = "3",
            description = "Levels A, B, C... of the categorical covariate SITE; 0 for none (default: ${DEFAULT-VALUE}).")
    int siteLevels;

    @Option(names = "--covariate-effect", defaultValue = "0.3",
            description = "Scale of covariate log-ORs: numeric ones |effect| in [x/2, x], site levels in [-x, x] (default: ${DEFAULT-VALUE}).")
    double covariateEffect;

    @Option(names = "--missing-rate", defaultValue = "0.01",
            description = "Probability that a genotype call is written as missing (./.) (default: ${DEFAULT-VALUE}).")
    double missingRate;

    @Option(names = "--prevalence", defaultValue = "0.5",
            description = "Expected case fraction in the sample; the intercept is solved for it (default: ${DEFAULT-VALUE}).")
    double prevalence;

    @Option(names = "--dosages", description = "Also write a DS FORMAT field: the true genotype plus noise.")
    boolean dosages;

    @Option(names = "--dosage-noise", defaultValue = "0.1", description = "SD of the DS noise (default: ${DEFAULT-VALUE}).")
    double dosageNoise;

    @Option(names = "--multiallelic-rate", defaultValue = "0",
            description = "Fraction of non-causal sites given a second ALT allele (default: ${DEFAULT-VALUE}).")
    double multiallelicRate;

    @Option(names = "--block-size", defaultValue = "20",
            description = "Mean LD block length in variants (built-in: uniform in [b/2, 3b/2]; donor: exactly b) (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(names = "--founders", defaultValue = "8", description = "Founder haplotypes per LD block, built-in generator (default: ${DEFAULT-VALUE}).")
    int founders;

    @Option(names = "--switch-rate", defaultValue = "0.02",
            description = "Per-variant probability that a haplotype switches to another founder/donor (default: ${DEFAULT-VALUE}).")
    double switchRate;

    @Option(names = "--rare-fraction", defaultValue = "0.25",
            description = "Fraction of non-causal variants with ALT/minor frequency in [0.002, 0.05], built-in generator (default: ${DEFAULT-VALUE}).")
    double rareFraction;

    @Option(names = "--spacing", defaultValue = "1000", description = "Base pairs between neighbouring variants, built-in generator (default: ${DEFAULT-VALUE}).")
    int spacing;

    @Option(names = "--compression-level", defaultValue = "5",
            description = "BGZF deflate level of the VCF, 1 fastest .. 9 smallest (default: ${DEFAULT-VALUE}).")
    int compressionLevel;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (donor != null && spec.commandLine().getParseResult().hasMatchedOption("--chromosomes"))
            Log.warn("--chromosomes is ignored with --donor: the donor's chromosomes are used");
        SimulationParameters p = new SimulationParameters();
        p.samples = samples;
        p.variants = variants;
        p.seed = seed;
        p.chromosomes = chromosomes;
        p.donor = donor;
        p.additive = additive;
        p.dominant = dominant;
        p.recessive = recessive;
        p.epistaticPairs = epistaticPairs;
        p.effectMin = effectMin;
        p.effectMax = effectMax;
        p.epistaticMin = epistaticMin;
        p.epistaticMax = epistaticMax;
        p.causalFreqMin = causalFreqMin;
        p.causalFreqMax = causalFreqMax;
        p.covariates = covariates;
        p.siteLevels = siteLevels;
        p.covariateEffect = covariateEffect;
        p.missingRate = missingRate;
        p.prevalence = prevalence;
        p.dosages = dosages;
        p.dosageNoise = dosageNoise;
        p.multiallelicRate = multiallelicRate;
        p.blockSize = blockSize;
        p.founders = founders;
        p.switchRate = switchRate;
        p.rareFraction = rareFraction;
        p.spacing = spacing;
        p.compressionLevel = compressionLevel;
        Simulator.run(p, out);
        return Main.EXIT_OK;
    }
}
