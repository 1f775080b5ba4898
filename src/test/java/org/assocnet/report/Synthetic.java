package org.assocnet.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.assocnet.stats.Distributions;
import org.assocnet.stats.MultipleTesting;
import org.assocnet.io.TsvTable;

/**
 * Synthetic glm.tsv / nn.tsv / train.json / encode.json in the stage contracts' layouts (docs/FORMATS.md),
 * for tests and the report benchmark: null variants plus a few planted additive, dominant and recessive
 * signals. Usage: {@code Synthetic PREFIX VARIANTS CHROMOSOMES SEED}.
 */
public final class Synthetic {
    static final String GLM_HEADER = "#CHROM\tPOS\tID\tREF\tALT\tA1\tA1_FREQ\tA1_CASE_CT\tA1_CTRL_CT\tFIRTH?\tTEST\tOBS_CT\tBETA\tOR\tLOG(OR)_SE\tL95\tU95\tZ_STAT\tP\tERRCODE\tQ_BH";
    static final String NN_HEADER = "#CHROM\tPOS\tID\tREF\tALT\tA1\tA1_FREQ\tOBS_CT\tNN_BETA\tNN_OR\tNN_L95\tNN_U95\tRISK_0\tRISK_1\tRISK_2\tIG_MEAN\tADD_Z\tADD_P\tCONTRIB_Z\tCONTRIB_P\tP\tNN_Q\tIMPORTANCE\tIMPORTANCE_SE\tIMPORTANCE_P\tERRCODE";

    public static void main(String[] a) throws IOException {
        write(Path.of(a[0]), Integer.parseInt(a[1]), Integer.parseInt(a[2]), Long.parseLong(a[3]));
    }

    static String g(double v) {
        return TsvTable.fmt(v);
    }

    /** Writes PREFIX.glm.tsv, PREFIX.nn.tsv (chromosome-major, position-sorted), PREFIX.train.json, PREFIX.encode.json. */
    public static void write(Path prefix, int variants, int chromosomes, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        int perChrom = (variants + chromosomes - 1) / chromosomes;
        double[] glmP = new double[variants], nnP = new double[variants];
        String[] glmRows = new String[variants], nnRows = new String[variants];
        int n = 2000;
        for (int v = 0; v < variants; v++) {
            int chr = v / perChrom + 1;
            long pos = 10_000L + (long) (v % perChrom) * 1_000L + rnd.nextInt(500);
            String id = "rs" + (100000 + v);
            double freq = 0.05 + 0.45 * rnd.nextDouble();
            double se = 1 / Math.sqrt(n * 2 * freq * (1 - freq) * 0.25);
            int kind = (v % 997 == 500) ? 1 : (v % 997 == 700) ? 2 : (v % 997 == 900) ? 3 : 0; // additive, dominant, recessive
            double effect = kind == 0 ? 0 : 0.45;
            double glmBeta = rnd.nextGaussian() * se + (kind == 1 ? effect : kind == 2 ? effect * 0.6 : kind == 3 ? effect * 0.25 : 0);
            double z = glmBeta / se;
            glmP[v] = Double.parseDouble(g(Distributions.twoSidedP(z)));
            double l0 = -0.1 + rnd.nextGaussian() * 0.002, l1, l2;
            double nb;
            if (kind == 1) { l1 = l0 + effect; l2 = l0 + 2 * effect; }
            else if (kind == 2) { l1 = l0 + effect; l2 = l0 + effect * 1.05; }
            else if (kind == 3) { l1 = l0 + 0.02; l2 = l0 + effect * 1.6; }
            else { double d = rnd.nextGaussian() * 0.01; l1 = l0 + d / 2 + rnd.nextGaussian() * 0.002; l2 = l0 + d; }
            nb = (l2 - l0) / 2;
            double nse = se * 1.3;
            double nz = kind == 0 ? rnd.nextGaussian() : (nb / nse) + rnd.nextGaussian();
            nnP[v] = Double.parseDouble(g(Distributions.twoSidedP(nz)));
            double imp = Math.max(0, rnd.nextGaussian() * 1e-4 + (kind == 0 ? 0 : 2e-3));
            String locus = chr + "\t" + pos + "\t" + id + "\tA\tG\tG\t" + g(freq);
            int obs = n - rnd.nextInt(20);
            glmRows[v] = locus + "\t" + (int) (freq * 2 * n * 0.55) + "\t" + (int) (freq * 2 * n * 0.45) + "\tN\tADD\t" + obs + "\t"
                    + g(glmBeta) + "\t" + g(Math.exp(glmBeta)) + "\t" + g(se) + "\t" + g(Math.exp(glmBeta - 1.96 * se)) + "\t"
                    + g(Math.exp(glmBeta + 1.96 * se)) + "\t" + g(z) + "\t" + g(glmP[v]) + "\t.";
            nnRows[v] = locus + "\t" + obs + "\t" + g(nb) + "\t" + g(Math.exp(nb)) + "\t" + g(Math.exp(nb - 1.96 * nse)) + "\t"
                    + g(Math.exp(nb + 1.96 * nse)) + "\t" + g(sig(l0)) + "\t" + g(sig(l1)) + "\t" + g(sig(l2)) + "\t" + g(nb * 0.8) + "\t"
                    + g(nz) + "\t" + g(nnP[v]) + "\t" + g(nz) + "\t" + g(nnP[v]) + "\t" + g(nnP[v]) + "\t";
            nnRows[v] += "Q\t" + g(imp) + "\t" + g(1e-4) + "\t" + g(Distributions.upperP(imp / 1e-4)) + "\t.";
        }
        double[] gq = MultipleTesting.benjaminiHochberg(glmP), nq = MultipleTesting.benjaminiHochberg(nnP);
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(prefix + ".glm.tsv"));
                BufferedWriter x = Files.newBufferedWriter(Path.of(prefix + ".nn.tsv"))) {
            w.write(GLM_HEADER + "\n");
            x.write(NN_HEADER + "\n");
            for (int v = 0; v < variants; v++) {
                w.write(glmRows[v] + "\t" + g(gq[v]) + "\n");
                x.write(nnRows[v].replace("\tQ\t", "\t" + g(nq[v]) + "\t") + "\n");
            }
        }
        writeJsons(prefix, variants, n, seed);
    }

    /**
     * train.json and encode.json in the layouts of the train and encode stages (docs/train.md; encode's
     * EncodeRun.summary): per fold trainLoss/validationLoss/roc/auc, pooled metrics; samples/variants with
     * dropped-by-reason counts.
     */
    static void writeJsons(Path prefix, int variants, int n, long seed) throws IOException {
        StringBuilder folds = new StringBuilder();
        for (int f = 0; f < 5; f++) {
            StringBuilder tl = new StringBuilder(), vl = new StringBuilder();
            for (int e = 0; e < 30; e++) {
                if (e > 0) { tl.append(','); vl.append(','); }
                tl.append(String.format(Locale.ROOT, "%.4f", 0.69 - 0.1 * (1 - Math.exp(-e / 6.0)) - 0.002 * f));
                vl.append(String.format(Locale.ROOT, "%.4f", 0.69 - 0.06 * (1 - Math.exp(-e / 5.0)) + 0.0004 * e));
            }
            folds.append(f > 0 ? "," : "").append("{\"fold\":").append(f).append(",\"heldoutSamples\":").append(n / 5)
                    .append(",\"epochsRun\":30,\"bestEpoch\":17,\"seconds\":1.5,\"auc\":").append(String.format(Locale.ROOT, "%.3f", 0.66 - 0.01 * f))
                    .append(",\"logLoss\":0.66,").append(roc(0.55 + 0.03 * f))
                    .append(",\"trainLoss\":[").append(tl).append("],\"validationLoss\":[").append(vl).append("]}");
        }
        Files.writeString(Path.of(prefix + ".train.json"), "{\"stage\":\"train\",\"version\":\"dev\",\"samples\":" + n
                + ",\"cases\":" + (n / 2) + ",\"controls\":" + (n - n / 2) + ",\"variants\":" + variants + ",\"seed\":" + seed
                + ",\"hyperparameters\":{\"hidden\":[64],\"l2\":0.001},\"folds\":[" + folds + "],\"pooled\":{\"auc\":0.64,\"logLoss\":0.655,"
                + roc(0.6) + "},\"timings\":{\"totalSeconds\":9.5},\"peakRssBytes\":123456789}\n");
        Files.writeString(Path.of(prefix + ".encode.json"), "{\"command\":\"encode\",\"versions\":{\"assocnet\":\"dev\"},"
                + "\"parameters\":{\"maf\":0.01,\"mac\":5},\"matrix\":{\"samples\":" + n + ",\"variants\":" + variants + "},"
                + "\"samples\":{\"in_vcf\":" + (n + 12) + ",\"matched\":" + (n + 3) + ",\"kept\":" + n + ",\"cases\":" + (n / 2)
                + ",\"controls\":" + (n - n / 2) + ",\"dropped\":{\"missing_phenotype\":3},\"call_rate_pass\":{\"variants_counted\":"
                + (variants + 37) + ",\"threshold\":0.9,\"dropped\":0}},"
                + "\"variants\":{\"records_read\":" + (variants + 37) + ",\"kept\":" + variants
                + ",\"dropped\":{\"maf\":25,\"missingness\":8,\"hwe\":4}},\"seconds\":1.25}\n");
    }

    static String roc(double power) {
        StringBuilder fpr = new StringBuilder(), tpr = new StringBuilder();
        for (int k = 0; k <= 20; k++) {
            if (k > 0) { fpr.append(','); tpr.append(','); }
            double x = k / 20.0;
            fpr.append(String.format(Locale.ROOT, "%.3f", x));
            tpr.append(String.format(Locale.ROOT, "%.3f", Math.pow(x, power)));
        }
        return "\"roc\":{\"fpr\":[" + fpr + "],\"tpr\":[" + tpr + "]}";
    }

    static double sig(double l) {
        return 1 / (1 + Math.exp(-l));
    }
}
