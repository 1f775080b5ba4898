package org.assocnet.cli;

import org.assocnet.core.UserException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.assocnet.matrix.Cohort;
import org.assocnet.nn.Folds;
import org.assocnet.nn.TrainOptions;
import org.assocnet.nn.WideOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.assocnet.nn.TrainRun;

/** {@code assocnet train}: the cross-fitted sigmoid classifier (STATISTICS.md section 3). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the cross-fitted network: K stratified folds, fold f's model never sees fold f.",
            "Writes OUT.model/ (config.json, folds.tsv, fold-K.zip, heldout.tsv) and OUT.train.json."})
public final class TrainCommand implements Callable<Integer> {
    private static final TrainOptions D = TrainOptions.defaults();

    @Option(names = "--cohort", required = true, paramLabel = "PREFIX", description = "Cohort written by 'assocnet encode'.")
    String cohort;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output prefix (OUT.model/, OUT.train.json).")
    String out;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--architecture", defaultValue = "wide", paramLabel = "wide|mlp",
            description = "wide (default): penalised additive/dominant/recessive terms of every variant + ReLU blocks for the pairs the exhaustive scan nominates on each fold's training samples (docs/train.md). mlp: the dense network of --hidden (the classic Keras model); chosen by itself when a dense-network option (--hidden, --epochs, ...) is given without --architecture.")
    String architecture;

    /** Options of the dense network only. */
    static final String[] MLP_ONLY = {"--hidden", "--epochs", "--batch-size", "--learning-rate", "--l1", "--l2", "--dropout",
        "--patience", "--class-weight", "--max-variants", "--screen-fraction", "--screen-top"};

    @Option(names = "--pairs", defaultValue = "10",
            description = "wide: interaction blocks per fold, the top pairs of the 3x3x2 scan on the fold's training samples; 0 = none (default ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--pair-p", defaultValue = "1e-6", paramLabel = "P",
            description = "wide: nominate a pair only if its exact interaction P on the training samples is at most P (default ${DEFAULT-VALUE}).")
    double pairP;

    @Option(names = "--max-pair-variants", defaultValue = "60000", paramLabel = "N",
            description = "wide: skip the pair scan (no blocks, with a warning) above this many variants (default ${DEFAULT-VALUE}).")
    int maxPairVariants;

    @Option(names = "--keep-all-pairs",
            description = "wide: keep the block of every nominated pair, without the validation gate (for calibration studies of "
                    + "PAIR_P with --pair-p 1 on null cohorts; not for analyses: chance blocks cost held-out accuracy).")
    boolean keepAllPairs;

    @Option(names = "--folds", defaultValue = "5", description = "Cross-fitting folds, stratified by label (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--hidden", defaultValue = "64", split = ",", paramLabel = "N[,N...]", hideParamSyntax = true,
            description = "Dense ReLU layer sizes, input side first (default ${DEFAULT-VALUE}). '--hidden 60' is the classic Dense(60, relu) -> Dense(1, sigmoid); '--hidden 0' = no hidden layer (penalised logistic regression).")
    int[] hidden;

    @Option(names = "--epochs", defaultValue = "200", description = "Maximum epochs per fold (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Minibatch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate, in (0, 1] (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--l1", defaultValue = "0.01", description = "L1 penalty on the first layer's weights (input selection), 0 = off (default ${DEFAULT-VALUE}).")
    double l1;

    @Option(names = "--l2", defaultValue = "0.01", description = "L2 penalty on weights, 0 = off (default ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--dropout", defaultValue = "0.2", description = "Dropout probability on hidden activations, 0 = off (default ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--patience", defaultValue = "10",
            description = "Early stopping: epochs without improvement of the validation loss; 0 = off, train all --epochs (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--val-fraction", defaultValue = "0.15",
            description = "Share of each class of the training folds held back for early stopping (default ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--class-weight", defaultValue = "balanced", paramLabel = "balanced|none",
            description = "balanced: weight classes equally in the loss, then shift the output bias back so probabilities stay calibrated (default ${DEFAULT-VALUE}).")
    String classWeight;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "1",
            description = "Folds trained concurrently; results are identical for any value (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-variants", defaultValue = "20000",
            description = "With more variants than this, keep this many per fold ranked by the trend test on that fold's training samples; 0 = keep all (default ${DEFAULT-VALUE}).")
    int maxVariants;

    @Option(names = "--screen-fraction", defaultValue = "0",
            description = "Hold out this stratified random share of the samples (seeded) as a screening set: it only ranks variants for --screen-top, is never trained on or scored (FOLD -1 in folds.tsv); cross-fitting runs on the rest. 0 = off (default ${DEFAULT-VALUE}).")
    double screenFraction;

    @Option(names = "--screen-top", defaultValue = "200",
            description = "With --screen-fraction > 0: the inputs of every fold model are the top N variants by the trend test on the screening set; --max-variants is then ignored (default ${DEFAULT-VALUE}).")
    int screenTop;

    @Option(names = "--max-memory", defaultValue = "4096", paramLabel = "MB",
            description = "Fail (exit 3) if the training data exceed this (default ${DEFAULT-VALUE}): wide network, the cohort at 5 bytes per sample and variant plus 2(k-1)/k of it per fold training at once; dense network, the float input matrix (samples x inputs x 4 bytes). A share of the Java heap (ASSOCNET_HEAP) bounds it too.")
    long maxMemoryMb;

    @Override
    public Integer call() throws Exception {
        TrainOptions o = options();
        WideOptions w = wideOptions();
        TrainRun.run(cohort, out, o, screenFraction, screenTop, w);
        return Main.EXIT_OK;
    }

    /** Null for --architecture mlp. */
    WideOptions wideOptions() {
        picocli.CommandLine.ParseResult pr = spec == null ? null : spec.commandLine().getParseResult();
        String given = null;
        if (pr != null) for (String o : MLP_ONLY) if (given == null && pr.hasMatchedOption(o)) given = o;
        if (given != null && pr != null && !pr.hasMatchedOption("--architecture")) {
            // '--hidden 60' and friends keep meaning the dense network (the question's classic Keras model)
            org.assocnet.core.Log.info("train: %s is a dense-network option: --architecture mlp", given);
            return null;
        }
        if (given != null && architecture.equalsIgnoreCase("wide")) {
            throw new UserException(given + " applies to --architecture mlp only (the wide network chooses its penalties by"
                    + " cross-validation; docs/train.md)");
        }
        switch (architecture.toLowerCase(Locale.ROOT)) {
            case "mlp":
                return null;
            case "wide":
                break;
            default:
                throw new UserException("--architecture must be 'wide' or 'mlp' (got '" + architecture + "')");
        }
        if (pairs < 0) throw new UserException("--pairs must be >= 0");
        if (!(pairP > 0 && pairP <= 1)) throw new UserException("--pair-p must be in (0, 1], got " + pairP);
        if (maxPairVariants < 0) throw new UserException("--max-pair-variants must be >= 0");
        WideOptions d = WideOptions.defaults();
        return new WideOptions(pairs, pairP, d.alpha(), d.lambdas(), d.lambdaRatio(), maxPairVariants, keepAllPairs);
    }

    TrainOptions options() {
        if (folds < 2) throw new UserException("--folds must be at least 2 (got " + folds + ")");
        if (hidden.length == 0) throw new UserException("--hidden needs at least one layer size (0 = no hidden layer)");
        if (hidden.length == 1 && hidden[0] == 0) hidden = new int[0];
        for (int h : hidden) if (h < 1) throw new UserException("--hidden sizes must be positive (got " + h + "; 0 alone = no hidden layer)");
        if (epochs < 1) throw new UserException("--epochs must be at least 1");
        if (batchSize < 1) throw new UserException("--batch-size must be at least 1");
        if (!(learningRate > 0 && learningRate <= 1)) throw new UserException("--learning-rate must be in (0, 1] (Adam steps are typically 1e-4 to 1e-2), got " + learningRate);
        if (!(l1 >= 0 && l1 <= 1e3)) throw new UserException("--l1 must be in [0, 1000], got " + l1);
        if (!(l2 >= 0 && l2 <= 1e3)) throw new UserException("--l2 must be in [0, 1000], got " + l2);
        if (!(dropout >= 0 && dropout < 1)) throw new UserException("--dropout must be in [0, 1)");
        if (patience < 0) throw new UserException("--patience must be >= 0");
        if (!(valFraction >= 0 && valFraction <= 0.5)) throw new UserException("--val-fraction must be in [0, 0.5]");
        if (patience > 0 && valFraction == 0) throw new UserException("early stopping (--patience > 0) needs --val-fraction > 0; use --patience 0 to train all --epochs");
        if (threads < 1) throw new UserException("--threads must be at least 1");
        if (maxVariants < 0) throw new UserException("--max-variants must be >= 0");
        if (!(screenFraction >= 0 && screenFraction < 1)) throw new UserException("--screen-fraction must be in [0, 1)");
        if (screenTop < 1) throw new UserException("--screen-top must be at least 1");
        if (maxMemoryMb < 1) throw new UserException("--max-memory must be at least 1 (MB)");
        boolean balanced = switch (classWeight.toLowerCase(Locale.ROOT)) {
            case "balanced" -> true;
            case "none" -> false;
            default -> throw new UserException("--class-weight must be 'balanced' or 'none' (got '" + classWeight + "')");
        };
        return new TrainOptions(hidden, epochs, batchSize, learningRate, l1, l2, dropout, patience, valFraction, folds, seed,
                threads, maxVariants, maxMemoryMb, balanced);
    }
}
