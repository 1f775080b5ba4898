package org.assocnet.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.assocnet.core.UserException;
import org.assocnet.epistasis.EpistasisGather;
import org.assocnet.epistasis.EpistasisOptions;
import org.assocnet.epistasis.EpistasisRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assocnet epistasis}: exhaustive pairwise interaction scan (docs/epistasis.md). */
@Command(name = "epistasis", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"All variant pairs, case/control: BOOST-style screen on bit-packed 3x3x2 tables, exact 4-df",
            "likelihood-ratio interaction test (PLINK 1.9 --fast-epistasis boost), covariate-adjusted logistic",
            "confirmation of the strongest pairs: OUT.epistasis.tsv (sorted by P), OUT.epistasis.json."})
public final class EpistasisCommand implements Callable<Integer> {
    @Option(names = "--cohort", paramLabel = "PREFIX", description = "Cohort prefix written by 'assocnet encode' (required unless --gather).")
    String cohort;

    @Option(names = "--cohort-b", paramLabel = "PREFIX",
            description = "Second cohort on the same samples (another chunk): test every pair across the two instead of within --cohort.")
    String cohortB;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output prefix.")
    String out;

    @Option(names = "--samples", paramLabel = "FILE",
            description = "Restrict to these samples: one a line, IID or FID IID (PLINK --keep style).")
    Path samples;

    @Option(names = "--report-p", defaultValue = "1e-4", paramLabel = "P",
            description = "Write pairs whose exact interaction P is at most P. Default: ${DEFAULT-VALUE}.")
    double reportP;

    @Option(names = "--confirm-p", defaultValue = "1e-5", paramLabel = "P",
            description = "Covariate-adjusted logistic confirmation for pairs with exact P at most P (0 = none); other reported pairs say NOT_CONFIRMED. Default: ${DEFAULT-VALUE}.")
    double confirmP;

    @Option(names = "--screen-p", paramLabel = "P",
            description = "Exact test for pairs whose Kirkwood screen statistic passes P (default: the larger of --report-p and --confirm-p, which misses no such pair).")
    Double screenP;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: available processors). Results do not depend on it.")
    Integer threads;

    @Option(names = "--gather", arity = "1..*", paramLabel = "TSV",
            description = "Gather step: merge the OUT.epistasis.tsv files (with their .json) of all chunk pairs into one table sorted by P, with one Bonferroni threshold over all pairs tested.")
    List<Path> gather;

    @Override
    public Integer call() throws Exception {
        if (gather != null) {
            if (cohort != null || cohortB != null || samples != null) throw new UserException("--gather takes no --cohort, --cohort-b or --samples");
            EpistasisGather.run(gather, out);
            return Main.EXIT_OK;
        }
        if (cohort == null) throw new UserException("--cohort is required (or --gather)");
        int th = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (th < 1) throw new UserException("--threads must be at least 1, got " + th);
        check("--report-p", reportP);
        double cp = confirmP;
        check("--confirm-p", cp);
        double sp = screenP == null ? Double.NaN : screenP;
        if (screenP != null) check("--screen-p", sp);
        EpistasisOptions d = EpistasisOptions.defaults();
        EpistasisOptions opt = new EpistasisOptions(sp, reportP, cp, th, d.maxVif(), d.maxCorr());
        EpistasisRun.run(cohort, cohortB, samples, out, opt);
        return Main.EXIT_OK;
    }

    private static void check(String flag, double p) {
        if (!(p >= 0 && p <= 1)) throw new UserException(flag + " must be a probability in [0, 1], got " + p);
    }
}
