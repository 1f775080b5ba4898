package org.assocnet.nn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.assocnet.matrix.Cohort;

/**
 * Model-selection evidence for train's defaults (run by bench/train-select.sh, not by the unit tests):
 * simulated cohorts x candidate architectures, each cross-fitted with the same folds; reports pooled
 * held-out AUC, log-loss and calibration next to the oracle (the true logit).
 * Args: WORKDIR [threads].
 */
public final class TrainSelectBench {
    record Scenario(String name, SimCohort.Spec spec) {}

    record Candidate(String name, TrainOptions o) {}

    public static void main(String[] a) throws Exception {
        Path work = Path.of(a[0]);
        int threads = a.length > 1 ? Integer.parseInt(a[1]) : 1;
        Files.createDirectories(work);
        List<Scenario> scenarios = List.of(
                new Scenario("additive: n=1500, p=300, 10 additive (log-OR 0.35)",
                        new SimCohort.Spec().n(1500).p(300).additive(10).effect(0.35).seed(101)),
                new Scenario("non-additive: n=1500, p=300, 4 additive + 3 dominant + 2 epistatic pairs (0.45)",
                        new SimCohort.Spec().n(1500).p(300).additive(4).dominant(3).epistatic(2).effect(0.45).seed(202)),
                new Scenario("null: n=1500, p=300, no causal variant (covariate only)",
                        new SimCohort.Spec().n(1500).p(300).additive(0).effect(0).seed(303)));
        List<Candidate> cands = new ArrayList<>();
        // classic Keras: Dense(60, relu) -> Dense(1, sigmoid), Adam 1e-3, batch 32, fixed epochs, nothing else
        cands.add(new Candidate("classic: hidden 60, no L2/dropout/early stop, 50 epochs, batch 32",
                new TrainOptions(new int[] {60}, 50, 32, 1e-3, 0, 0, 0, 0, 0, 5, 1, threads, 0, 4096, false)));
        cands.add(new Candidate("classic + early stopping (patience 10)",
                new TrainOptions(new int[] {60}, 200, 32, 1e-3, 0, 0, 0, 10, 0.15, 5, 1, threads, 0, 4096, false)));
        cands.add(new Candidate("hidden 64, L2 0.001, dropout 0.2, early stop",
                new TrainOptions(new int[] {64}, 200, 64, 1e-3, 0, 1e-3, 0.2, 10, 0.15, 5, 1, threads, 0, 4096, true)));
        cands.add(new Candidate("**default**: hidden 64, L1 0.01 (first layer), L2 0.01, dropout 0.2, early stop",
                new TrainOptions(new int[] {64}, 200, 64, 1e-3, 1e-2, 1e-2, 0.2, 10, 0.15, 5, 1, threads, 0, 4096, true)));

        StringBuilder md = new StringBuilder();
        md.append("| scenario | model | AUC | oracle AUC | log-loss | oracle log-loss | cal. slope | cal. intercept | mean epochs | seconds |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Scenario s : scenarios) {
            String prefix = work.resolve("sel" + s.spec().seed).toString();
            SimCohort sim = SimCohort.write(prefix, s.spec());
            int[] fold = Folds.stratified(sim.y, 5, 1);
            InputData data;
            try (Cohort c = Cohort.open(prefix)) {
                data = InputData.load(c, fold, 5, 0, 1L << 31);
            }
            double oAuc = Metrics.auc(sim.y, sim.oracleLogit);
            double oLoss = Metrics.logLoss(sim.y, sim.oracleLogit);
            for (Candidate cand : cands) {
                long t0 = System.nanoTime();
                Trainer.Result r = Trainer.crossFit(data, fold, cand.o());
                double secs = (System.nanoTime() - t0) / 1e9;
                double[] cal = Metrics.calibration(sim.y, r.heldoutLogit());
                double ep = r.folds().stream().mapToInt(Trainer.FoldResult::epochsRun).average().orElse(0);
                String row = String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %.4f | %.3f | %.3f | %.1f | %.0f |%n",
                        s.name(), cand.name(), Metrics.auc(sim.y, r.heldoutLogit()), oAuc,
                        Metrics.logLoss(sim.y, r.heldoutLogit()), oLoss, cal[1], cal[0], ep, secs);
                System.err.print(row);
                md.append(row);
                r.networks().forEach(n -> n.close());
            }
        }
        System.out.print(md);
    }
}
