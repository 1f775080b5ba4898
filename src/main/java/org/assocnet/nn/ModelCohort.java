package org.assocnet.nn;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.Variant;

/**
 * The identity of the cohort a model was trained on, kept in the model directory so a model is never applied to
 * another cohort: {@code variants.tsv} lists every cohort variant (CHROM, POS, ID, REF, ALT, in matrix column order;
 * the model's {@code variantColumns} index it) and {@code folds.tsv} lists every sample (IID, in cohort order).
 */
public final class ModelCohort {
    public static final String VARIANTS = "variants.tsv";
    private static final String HEADER = "#CHROM\tPOS\tID\tREF\tALT";

    private ModelCohort() {}

    /** Writes {@code dir/variants.tsv} for the cohort the model is trained on. */
    public static void write(Path dir, Cohort c) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(VARIANTS))) {
            w.write(HEADER);
            w.write('\n');
            for (Variant v : c.variants()) {
                w.write(identity(v));
                w.write('\n');
            }
        }
    }

    private static String identity(Variant v) {
        return v.chrom() + '\t' + v.pos() + '\t' + v.id() + '\t' + v.ref() + '\t' + v.alt();
    }

    /**
     * Refuses a cohort that is not the one the model was trained on: a different variant list (e.g. other QC
     * thresholds) or different samples, naming the first difference.
     */
    public static void check(Path modelDir, ModelBundle model, Cohort c) throws IOException {
        Path vp = modelDir.resolve(VARIANTS);
        List<Variant> cv = c.variants();
        if (!Files.isRegularFile(vp)) {
            Log.warn("%s has no %s (written by an older assocnet): cannot verify that it was trained on %s; retrain to get the check",
                    modelDir, VARIANTS, c.prefix());
        } else {
            try (BufferedReader r = Files.newBufferedReader(vp)) {
                String line = r.readLine();
                if (!HEADER.equals(line)) throw UserException.at(vp, 1, null, "expected header '" + HEADER.replace("\t", "<TAB>") + "'");
                int j = 0;
                long ln = 1;
                while ((line = r.readLine()) != null) {
                    ln++;
                    if (j >= cv.size()) {
                        throw new UserException(modelDir + " was trained on another cohort: its " + VARIANTS + " lists more than the "
                                + cv.size() + " variants of " + Cohort.variantsPath(c.prefix()) + " (line " + ln + ": "
                                + line.replace('\t', ' ') + ")");
                    }
                    String have = identity(cv.get(j));
                    if (!have.equals(line)) {
                        throw new UserException(modelDir + " was trained on another cohort: variant " + (j + 1) + " is "
                                + line.replace('\t', ' ') + " in the model (" + VARIANTS + " line " + ln + ") but "
                                + have.replace('\t', ' ') + " in " + Cohort.variantsPath(c.prefix()));
                    }
                    j++;
                }
                if (j != cv.size()) {
                    throw new UserException(modelDir + " was trained on another cohort: " + j + " variants in the model, "
                            + cv.size() + " in " + Cohort.variantsPath(c.prefix()) + " (first one missing from the model: "
                            + identity(cv.get(j)).replace('\t', ' ') + ")");
                }
            }
        }
        // samples are matched by IID (folds.tsv is in the training cohort's order): the two sets must be equal
        java.util.Set<String> ci = new java.util.HashSet<>(c.samples().iid());
        java.util.Set<String> mi = new java.util.HashSet<>(model.iids());
        for (String s : c.samples().iid()) {
            if (!mi.contains(s)) {
                throw new UserException(modelDir + " was trained on another cohort: sample '" + s + "' of "
                        + Cohort.samplesPath(c.prefix()) + " is not in the model's folds.tsv");
            }
        }
        for (String s : model.iids()) {
            if (!ci.contains(s)) {
                throw new UserException(modelDir + " was trained on another cohort: sample '" + s + "' of the model's folds.tsv is not in "
                        + Cohort.samplesPath(c.prefix()));
            }
        }
    }
}
