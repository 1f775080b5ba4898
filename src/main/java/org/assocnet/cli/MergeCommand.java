package org.assocnet.cli;

import org.assocnet.core.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.assocnet.merge.MergeRun;

/** assocnet merge: the pipeline's gather step over region/chromosome chunks. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Merge per-chunk results into genome-wide tables: rows of all chunks sorted by chromosome "
                    + "(1..22, X, Y, MT, then others) and position, BH q-values (Q_BH, NN_Q) and genomic-control "
                    + "lambda recomputed over all variants. The result is identical whether the cohort ran as one "
                    + "chunk or many.",
            "Outputs: OUT.glm.tsv, OUT.glm.ssf.tsv (+ -meta.yaml), OUT.nn.tsv (with --nn), OUT.merge.json."
        })
public final class MergeCommand implements Callable<Integer> {
    @Option(names = "--glm", required = true, arity = "1..*", paramLabel = "FILE",
            description = "glm.tsv of each chunk (repeatable).")
    List<Path> glm = new ArrayList<>();

    @Option(names = "--nn", arity = "1..*", paramLabel = "FILE", description = "nn.tsv of each chunk (repeatable).")
    List<Path> nn = new ArrayList<>();

    @Option(names = "--train", arity = "1..*", paramLabel = "FILE",
            description = "train.json of each chunk: its metrics are copied into OUT.merge.json.")
    List<Path> train = new ArrayList<>();

    @Option(names = "--encode", arity = "1..*", paramLabel = "FILE",
            description = "encode.json of each chunk: QC counts are summed (sample counts must agree).")
    List<Path> encode = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output prefix.")
    Path out;

    @Override
    public Integer call() throws Exception {
        for (List<Path> l : List.of(glm, nn, train, encode)) {
            for (Path p : l) org.assocnet.io.InputFile.require(p, "file");
        }
        MergeRun.run(glm, nn, train, encode, out);
        return Main.EXIT_OK;
    }
}
