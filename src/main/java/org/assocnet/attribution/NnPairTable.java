package org.assocnet.attribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.matrix.Variant;

/**
 * {@code OUT.nn.pairs.tsv}: the network's pair tests (docs/FORMATS.md), one row per pair with an interaction block in
 * at least one fold model, sorted by PAIR_P. RISK_gh: mean predicted case probability of the held-out samples with
 * the first variant set to g and the second to h (each sample scored by its own fold model); N_gh: held-out samples
 * observed in that cell.
 */
public final class NnPairTable {
    public static final String HEADER;

    static {
        StringBuilder h = new StringBuilder("#CHROM1\tPOS1\tID1\tCHROM2\tPOS2\tID2\tPAIR_Z\tPAIR_P\tFOLDS");
        for (int g = 0; g < 3; g++) for (int k = 0; k < 3; k++) h.append("\tRISK_").append(g).append(k);
        for (int g = 0; g < 3; g++) for (int k = 0; k < 3; k++) h.append("\tN_").append(g).append(k);
        HEADER = h.toString();
    }

    private NnPairTable() {}

    static void write(Path path, List<Variant> variants, List<WideAttribution.PairResult> pairs) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(path)) {
            w.write(HEADER);
            w.write('\n');
            StringBuilder sb = new StringBuilder();
            for (WideAttribution.PairResult p : pairs) {
                Variant a = variants.get(p.a), b = variants.get(p.b);
                sb.setLength(0);
                sb.append(a.chrom()).append('\t').append(a.pos()).append('\t').append(a.id()).append('\t')
                        .append(b.chrom()).append('\t').append(b.pos()).append('\t').append(b.id()).append('\t')
                        .append(NnTable.fmt(p.z)).append('\t').append(NnTable.fmt(p.p)).append('\t').append(p.folds);
                for (double r : p.risk) sb.append('\t').append(NnTable.fmt(r));
                for (int c : p.count) sb.append('\t').append(c);
                w.write(sb.append('\n').toString());
            }
        }
    }

    /** The pair tests' summary in nn.json. */
    static void summary(ObjectNode j, List<WideAttribution.PairResult> pairs, double rho) {
        ObjectNode o = j.putObject("pairs");
        long tested = pairs.stream().filter(p -> !Double.isNaN(p.p)).count();
        o.put("pairs", pairs.size());
        o.put("tested", tested);
        o.put("untested", "pairs whose block is constant in every fold model (early stopping kept the block's start): PAIR_P NA");
        o.put("foldCorrelation", rho);
        o.put("test", "pure interaction contribution of the pair's ReLU block on held-out samples, LOCO-style null without"
                + " the block, folds combined by Stouffer with the cross-fold correlation");
        long below = pairs.stream().filter(p -> p.p <= 0.05 / Math.max(1, tested)).count();
        o.put("bonferroni", 0.05 / Math.max(1, tested));
        o.put("count_bonferroni", below);
    }
}
