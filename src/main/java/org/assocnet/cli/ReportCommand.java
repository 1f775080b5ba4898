package org.assocnet.cli;

import org.assocnet.core.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.assocnet.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** assocnet report: what a geneticist opens first. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Association table (GLM and network side by side, AGREEMENT, PATTERN), Manhattan/QQ/effect/genotype-risk/"
                    + "training plots (PNG and SVG, drawn in Java), a self-contained HTML report, MultiQC custom content "
                    + "and a JSON of every headline number. With --epistasis / --nn-pairs: sections of interacting variant pairs "
                    + "(top pairs, Bonferroni over all pairs tested, pairs-by-position plot, 3x3 genotype panels).",
            "Outputs: OUT.assoc.tsv (or OUT.assoc.tsv.gz + .tbi with --bgzip), OUT.plots/, OUT.report.html, "
                    + "OUT.summary.json, OUT_mqc.json, OUT.qc_mqc.tsv."
        })
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--glm", required = true, paramLabel = "FILE", description = "Merged glm.tsv (from assocnet merge).")
    Path glm;

    @Option(names = "--nn", paramLabel = "FILE", description = "Merged nn.tsv (from assocnet merge).")
    Path nn;

    @Option(names = "--train", arity = "1..*", paramLabel = "FILE", description = "train.json file(s): metrics, training curves, ROC.")
    List<Path> train = new ArrayList<>();

    @Option(names = "--encode", arity = "1..*", paramLabel = "FILE", description = "encode.json file(s): samples, cases/controls, QC counts.")
    List<Path> encode = new ArrayList<>();

    @Option(names = "--merge-json", paramLabel = "FILE",
            description = "OUT.merge.json of assocnet merge: used for QC counts and model metrics when --encode/--train are not given.")
    Path mergeJson;

    @Option(names = "--epistasis", paramLabel = "FILE",
            description = "OUT.epistasis.json of assocnet epistasis (or its --gather), with OUT.epistasis.tsv beside it (either name may be given): "
                    + "the 'Interacting pairs' section.")
    Path epistasis;

    @Option(names = "--nn-pairs", arity = "1..*", paramLabel = "FILE",
            description = "PREFIX.nn.pairs.tsv file(s) of the network's pair test: the 'Network pair tests' section.")
    List<Path> nnPairs = new ArrayList<>();

    @Option(names = "--pair-panels", defaultValue = "6", paramLabel = "N",
            description = "Top pairs drawn as 3x3 genotype panels in each pair section (default: ${DEFAULT-VALUE}).")
    int pairPanels;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output prefix.")
    Path out;

    @Option(names = "--fdr", defaultValue = "0.05", paramLabel = "Q",
            description = "BH q-value at which a test calls a variant, for AGREEMENT (default: ${DEFAULT-VALUE}).")
    double fdr;

    @Option(names = "--top", defaultValue = "200", paramLabel = "N",
            description = "Rows in the HTML top-hits table and in each pair table (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--labels", defaultValue = "5", paramLabel = "N",
            description = "Top loci labelled on each Manhattan plot (default: ${DEFAULT-VALUE}).")
    int labels;

    @Option(names = "--bgzip", description = "Write OUT.assoc.tsv.gz (BGZF) with a tabix index instead of OUT.assoc.tsv (for LocusZoom).")
    boolean bgzip;

    @Option(names = "--no-png", negatable = false, description = "Write SVG plots only (PNG is written by default).")
    boolean noPng;

    @Override
    public Integer call() throws Exception {
        if (!(fdr > 0 && fdr < 1)) throw new UserException("--fdr must be in (0, 1), got " + fdr);
        if (top < 0) throw new UserException("--top must be >= 0, got " + top);
        if (labels < 0) throw new UserException("--labels must be >= 0, got " + labels);
        if (pairPanels < 0) throw new UserException("--pair-panels must be >= 0, got " + pairPanels);
        List<Path> all = new ArrayList<>(List.of(glm));
        if (nn != null) all.add(nn);
        if (mergeJson != null) all.add(mergeJson);
        all.addAll(train);
        all.addAll(encode);
        if (epistasis != null) all.add(epistasis);
        all.addAll(nnPairs);
        for (Path p : all) org.assocnet.io.InputFile.require(p, "file");
        Report.run(new Report.Options(glm, nn, train, encode, mergeJson, fdr, top, labels, bgzip, !noPng, epistasis, nnPairs, pairPanels), out);
        return Main.EXIT_OK;
    }
}
