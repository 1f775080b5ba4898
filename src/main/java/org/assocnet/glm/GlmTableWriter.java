package org.assocnet.glm;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.io.GwasSsf;
import org.assocnet.matrix.Variant;
import org.assocnet.stats.Distributions;

/**
 * Writes {@code OUT.glm.tsv}: PLINK 2 column names, header first (no comment lines before it), A1 = ALT,
 * NA for missing numbers, ERRCODE "." when the fit succeeded.
 */
public final class GlmTableWriter {
    public static final String HEADER = "#CHROM\tPOS\tID\tREF\tALT\tA1\tA1_FREQ\tA1_CASE_CT\tA1_CTRL_CT\tFIRTH?\tTEST"
            + "\tOBS_CT\tBETA\tOR\tLOG(OR)_SE\tL95\tU95\tZ_STAT\tP\tERRCODE\tQ_BH";
    public static final List<String> COLUMNS = List.of(HEADER.split("\t"));

    private GlmTableWriter() {}

    /**
     * @param rows    rows in output order
     * @param log10q  log10 Q_BH per row (NaN: not a primary row or no P)
     * @param ssf     receives the primary rows with the same printed numbers (GWAS-SSF), or null
     */
    public static void write(Path path, List<Variant> variants, List<GlmRow> rows, double[] log10q, GwasSsf.Writer ssf)
            throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(path)) {
            w.write(HEADER);
            w.write('\n');
            StringBuilder sb = new StringBuilder(256);
            for (int r = 0; r < rows.size(); r++) {
                GlmRow row = rows.get(r);
                Variant v = variants.get(row.variant());
                double b = row.beta();
                double se = row.se();
                String freq = NumberFormat.g6(row.a1Freq());
                String or = NumberFormat.g6(Math.exp(b));
                String seText = NumberFormat.g6(se);
                String l95 = NumberFormat.g6(Math.exp(b - Distributions.Z975 * se));
                String u95 = NumberFormat.g6(Math.exp(b + Distributions.Z975 * se));
                String p = NumberFormat.prob(row.p(), row.log10P());
                sb.setLength(0);
                sb.append(v.chrom()).append('\t').append(v.pos()).append('\t').append(v.id()).append('\t')
                        .append(v.ref()).append('\t').append(v.alt()).append('\t').append(v.alt()).append('\t')
                        .append(freq).append('\t')
                        .append(NumberFormat.count(row.a1CaseCount())).append('\t')
                        .append(NumberFormat.count(row.a1CtrlCount())).append('\t')
                        .append(row.firth() ? 'Y' : 'N').append('\t')
                        .append(row.test()).append('\t')
                        .append(row.obsCount()).append('\t')
                        .append(NumberFormat.g6(b)).append('\t')
                        .append(or).append('\t')
                        .append(seText).append('\t')
                        .append(l95).append('\t')
                        .append(u95).append('\t')
                        .append(NumberFormat.g6(row.z())).append('\t')
                        .append(p).append('\t')
                        .append(row.errcode()).append('\t');
                double lq = log10q[r];
                sb.append(Double.isNaN(lq) ? "NA" : NumberFormat.prob(Math.pow(10, lq), lq)).append('\n');
                w.append(sb);
                if (ssf != null && row.primary()) {
                    ssf.row(v.chrom(), v.pos(), v.id(), v.ref(), v.alt(), v.alt(), row.obsCount(), or, seText, freq, p,
                            l95, u95);
                }
            }
        }
    }
}
