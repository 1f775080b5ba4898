package org.assocnet.attribution;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.matrix.Variant;
import org.assocnet.stats.Distributions;

/** {@code OUT.nn.tsv}: one row per cohort variant (docs/FORMATS.md), columns defined here only. */
public final class NnTable {
    public static final String[] COLUMNS = {"#CHROM", "POS", "ID", "REF", "ALT", "A1", "A1_FREQ", "OBS_CT", "NN_BETA",
        "NN_OR", "NN_L95", "NN_U95", "RISK_0", "RISK_1", "RISK_2", "IG_MEAN", "ADD_Z", "ADD_P", "CONTRIB_Z", "CONTRIB_P", "P",
        "NN_Q", "IMPORTANCE", "IMPORTANCE_SE", "IMPORTANCE_P", "ERRCODE"};

    private NnTable() {}

    public static void write(Path path, List<Variant> variants, AttributionResult r, double[] q) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(path)) {
            w.write(String.join("\t", COLUMNS));
            w.write('\n');
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < variants.size(); j++) {
                Variant v = variants.get(j);
                boolean in = !Attribution.NOT_IN_MODEL.equals(r.errcode[j]);
                double freq = in ? r.a1Freq[j] : v.altFreq();
                int obs = in ? r.obsCt[j] : v.obsCount();
                double b = r.beta[j];
                double se = r.betaSe[j];
                sb.setLength(0);
                sb.append(v.chrom()).append('\t').append(v.pos()).append('\t').append(v.id()).append('\t')
                        .append(v.ref()).append('\t').append(v.alt()).append('\t').append(v.alt());
                cell(sb, freq);
                sb.append('\t').append(obs);
                cell(sb, b);
                cell(sb, Math.exp(b));
                cell(sb, Math.exp(b - Distributions.Z975 * se));
                cell(sb, Math.exp(b + Distributions.Z975 * se));
                cell(sb, r.risk0[j]);
                cell(sb, r.risk1[j]);
                cell(sb, r.risk2[j]);
                cell(sb, r.igMean[j]);
                cell(sb, r.addZ[j]);
                cell(sb, r.addP[j]);
                cell(sb, r.z[j]);
                cell(sb, r.contribP[j]);
                cell(sb, r.pval[j]);
                cell(sb, q[j]);
                cell(sb, r.imp[j]);
                cell(sb, r.impSe[j]);
                cell(sb, r.impP[j]);
                sb.append('\t').append(r.errcode[j]).append('\n');
                w.write(sb.toString());
            }
        }
    }

    private static void cell(StringBuilder sb, double v) {
        sb.append('\t').append(fmt(v));
    }

    /** Six significant digits, NA for NaN/infinite. */
    public static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "NA";
        if (v == 0) return "0";
        return org.assocnet.core.DecimalText.g6(v);
    }
}
