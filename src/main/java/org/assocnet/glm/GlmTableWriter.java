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
                sb.setLength(0);
                sb.append(v.chrom()).append('\t').append(v.pos()).append('\t').append(v.id()).append('\t')
                        .append(v.ref()).append('\t').append(v.alt()).append('\t').append(v.alt()).append('\t');
                // numbers are appended in place; the GWAS-SSF row takes the same printed fields
                int freq0 = sb.length();
                NumberFormat.g6(sb, row.a1Freq());
                int freq1 = sb.length();
                sb.append('\t').append(NumberFormat.count(row.a1CaseCount())).append('\t')
                        .append(NumberFormat.count(row.a1CtrlCount())).append('\t')
                        .append(row.firth() ? 'Y' : 'N').append('\t')
                        .append(row.test()).append('\t')
                        .append(row.obsCount()).append('\t');
                NumberFormat.g6(sb, b).append('\t');
                int or0 = sb.length();
                NumberFormat.g6(sb, Math.exp(b));
                int or1 = sb.length();
                sb.append('\t');
                NumberFormat.g6(sb, se);
                int se1 = sb.length();
                sb.append('\t');
                NumberFormat.g6(sb, Math.exp(b - Distributions.Z975 * se));
                int l1 = sb.length();
                sb.append('\t');
                NumberFormat.g6(sb, Math.exp(b + Distributions.Z975 * se));
                int u1 = sb.length();
                sb.append('\t');
                NumberFormat.g6(sb, row.z()).append('\t');
                int p0 = sb.length();
                NumberFormat.prob(sb, row.p(), row.log10P());
                int p1 = sb.length();
                sb.append('\t').append(row.errcode()).append('\t');
                double lq = log10q[r];
                if (Double.isNaN(lq)) sb.append("NA");
                else NumberFormat.prob(sb, Math.pow(10, lq), lq);
                sb.append('\n');
                w.append(sb);
                if (ssf != null && row.primary()) {
                    ssf.row(v.chrom(), v.pos(), v.id(), v.ref(), v.alt(), v.alt(), row.obsCount(),
                            sb.substring(or0, or1), sb.substring(or1 + 1, se1), sb.substring(freq0, freq1),
                            sb.substring(p0, p1), sb.substring(se1 + 1, l1), sb.substring(l1 + 1, u1));
                }
            }
        }
    }
}
