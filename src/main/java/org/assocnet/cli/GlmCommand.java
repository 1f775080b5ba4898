package org.assocnet.cli;

import org.assocnet.core.UserException;
import java.util.concurrent.Callable;
import org.assocnet.glm.GlmOptions;
import org.assocnet.glm.GlmRun;
import org.assocnet.matrix.Encoding;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assocnet glm}: per-variant logistic GLM statistics (docs/glm.md). */
@Command(name = "glm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Per-variant logistic regression of case/control status on genotype (+ covariates):",
            "OUT.glm.tsv (PLINK 2 columns), OUT.glm.ssf.tsv (+ -meta.yaml, GWAS-SSF), OUT.glm.json."})
public final class GlmCommand implements Callable<Integer> {
    @Option(names = "--cohort", required = true, paramLabel = "PREFIX", description = "Cohort prefix written by 'assocnet encode'.")
    String cohort;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output prefix.")
    String out;

    @Option(names = "--test", defaultValue = "wald", paramLabel = "wald|lrt|score",
            description = "Test for plain (non-Firth) fits: wald, lrt (likelihood ratio) or score (Rao). Default: ${DEFAULT-VALUE}.")
    String test;

    @Option(names = "--encoding", paramLabel = "E",
            description = "additive, dominant, recessive or genotypic (default: the encoding recorded in the cohort matrix).")
    String encoding;

    static final class FirthChoice {
        @Option(names = "--firth-fallback", description = "Firth regression when the plain fit fails to converge or separation is detected (default).")
        boolean fallback;

        @Option(names = "--firth", description = "Firth regression for every variant.")
        boolean always;

        @Option(names = "--no-firth", description = "Never Firth; failed fits are NA with an ERRCODE.")
        boolean never;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    FirthChoice firth;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: available processors). Results do not depend on it.")
    Integer threads;

    @Option(names = "--vif", defaultValue = "50", paramLabel = "X",
            description = "Maximum variance inflation factor of a predictor (covariates up front, genotype per variant). Default: ${DEFAULT-VALUE}.")
    double vif;

    @Option(names = "--max-corr", defaultValue = "0.999", paramLabel = "X",
            description = "Maximum absolute correlation between two predictors. Default: ${DEFAULT-VALUE}.")
    double maxCorr;

    @Override
    public Integer call() throws Exception {
        GlmOptions.Test t = switch (test.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "wald" -> GlmOptions.Test.WALD;
            case "lrt" -> GlmOptions.Test.LRT;
            case "score" -> GlmOptions.Test.SCORE;
            default -> throw new UserException("--test: unknown test '" + test + "' (expected wald, lrt or score)");
        };
        GlmOptions.FirthMode fm = GlmOptions.FirthMode.FALLBACK;
        if (firth != null && firth.always) fm = GlmOptions.FirthMode.ALWAYS;
        if (firth != null && firth.never) fm = GlmOptions.FirthMode.NEVER;
        int th = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (th < 1) throw new UserException("--threads must be at least 1, got " + th);
        if (!(vif > 1)) throw new UserException("--vif must be greater than 1, got " + vif);
        if (!(maxCorr > 0 && maxCorr <= 1)) throw new UserException("--max-corr must be in (0, 1], got " + maxCorr);
        Encoding enc = encoding == null ? null : Encoding.parse(encoding);
        GlmOptions d = GlmOptions.defaults();
        GlmOptions opt = new GlmOptions(t, enc, fm, th, vif, maxCorr, d.maxIter(), d.firthMaxIter());
        GlmRun.run(cohort, out, opt);
        return Main.EXIT_OK;
    }
}
