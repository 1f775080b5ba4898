package org.assocnet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.assocnet.attribution.AttributionOptions;
import org.assocnet.attribution.AttributeRun;
import org.assocnet.attribution.KerasInputs;
import org.assocnet.core.UserException;

/** {@code assocnet attribute}: network p-values and effect sizes per variant (STATISTICS.md sections 4-5). */
@Command(name = "attribute", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Per-variant p-values (NN P: additive score test given the network's out-of-chromosome prediction, and the"
            + " network's contribution score test; permutation loss difference) and effect sizes"
            + " (NN_BETA, genotype risks, Integrated Gradients) of a cross-fitted network, on held-out samples only.",
            "Writes OUT.nn.tsv and OUT.nn.json."})
public final class AttributeCommand implements Callable<Integer> {
    @Option(names = "--cohort", required = true, paramLabel = "PREFIX", description = "Encoded cohort (PREFIX.cohort.bin, .samples.tsv, .variants.tsv) the model was trained on (--model), or"
            + " an independent cohort the Keras model never saw (--keras).")
    String cohort;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory written by 'assocnet train' (OUT.model)."
            + " Either --model or --keras.")
    Path model;

    @Option(names = "--keras", paramLabel = "MODEL.h5", description = "A Keras 2 model trained elsewhere (model.save HDF5):"
            + " Sequential Dense layers (relu, sigmoid, tanh, linear) and Dropout, ending in Dense(1, sigmoid). Every cohort"
            + " sample is scored: p-values hold only if the model never saw them. Needs --keras-inputs.")
    Path keras;

    @Option(names = "--keras-inputs", paramLabel = "INPUTS.txt", description = "One line per model input, in the model's"
            + " input order: a cohort variant ID, CHROM:POS:REF:ALT (ALT = the allele the model counts; a REF/ALT swap flips"
            + " the dosage) or cov:NAME (a covariate), followed by MEAN SD with --keras-coding standardized.")
    Path kerasInputs;

    enum Coding { raw, standardized }

    @Option(names = "--keras-coding", defaultValue = "raw", paramLabel = "CODING", description = "How the model's inputs were"
            + " coded in training: raw (0/1/2 allele counts, covariates as is; missing calls enter as the cohort mean) or"
            + " standardized ((x - MEAN) / SD with MEAN and SD from --keras-inputs; missing calls enter as MEAN)"
            + " (default: ${DEFAULT-VALUE}).")
    Coding kerasCoding;

    @Option(names = "--training-samples", paramLabel = "FILE", description = "Samples the Keras model was trained or tuned on"
            + " (IID or FID IID per line): attribute refuses to run if any cohort sample is among them.")
    Path trainingSamples;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output prefix: OUT.nn.tsv, OUT.nn.json.")
    String out;

    @Option(names = "--draws", defaultValue = "10", description = "Permutation draws per variant and fold for IMPORTANCE (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the permutation draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "Worker threads; results are identical for any value (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--ig-steps", defaultValue = "32", description = "Integrated Gradients steps (trapezoid rule) from the all-REF baseline (default: ${DEFAULT-VALUE}).")
    int igSteps;

    @Option(names = "--no-fold-correlation", description = "Do not correct CONTRIB_Z for the dependence between the folds'"
            + " score statistics (rho = 0; anti-conservative when the network fits noise).")
    boolean noFoldCorrelation;

    enum NullMode { marginal, conditional }

    @Option(names = "--null", defaultValue = "marginal", paramLabel = "MODE", description = "Null genotype distribution pi_j of"
            + " the network tests: marginal (genotype frequencies of the fold: is g_j associated with y?) or conditional"
            + " (Binomial(2, q) given the LD neighbours and covariates: is g_j associated with y given its neighbours?)"
            + " (default: ${DEFAULT-VALUE}).")
    NullMode nullMode;

    @Option(names = "--cond-window", defaultValue = "5", paramLabel = "W", description = "Conditional mode: the genotype model of"
            + " a variant uses the W nearest model variant inputs on each side on the same chromosome (default: ${DEFAULT-VALUE}).")
    int condWindow;

    @Override
    public Integer call() throws Exception {
        if (draws < 1) throw new UserException("--draws must be >= 1");
        if (threads < 1) throw new UserException("--threads must be >= 1");
        if (igSteps < 1) throw new UserException("--ig-steps must be >= 1");
        if (condWindow < 0) throw new UserException("--cond-window must be >= 0");
        if ((model == null) == (keras == null)) throw new UserException("give exactly one of --model (assocnet train) and --keras");
        if (keras == null && (kerasInputs != null || trainingSamples != null)) {
            throw new UserException("--keras-inputs and --training-samples go with --keras");
        }
        if (keras != null && kerasInputs == null) throw new UserException("--keras needs --keras-inputs (the model's input mapping)");
        AttributionOptions opt = new AttributionOptions(draws, seed, threads, igSteps, !noFoldCorrelation);
        if (nullMode == NullMode.conditional) opt = opt.conditional(condWindow);
        if (keras != null) {
            AttributeRun.runKeras(cohort, new AttributeRun.KerasSource(keras, kerasInputs,
                    kerasCoding == Coding.raw ? KerasInputs.Coding.RAW : KerasInputs.Coding.STANDARDIZED, trainingSamples), out, opt);
        } else {
            AttributeRun.run(cohort, model, out, opt);
        }
        return Main.EXIT_OK;
    }
}
