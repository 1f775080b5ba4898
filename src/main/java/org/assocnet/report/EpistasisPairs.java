package org.assocnet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.assocnet.core.UserException;
import org.assocnet.io.JsonInputs;
import org.assocnet.io.TsvTable;

/**
 * The report's "Interacting pairs" section from the exhaustive pair scan ({@code assocnet epistasis}, or its
 * genome-wide gather): OUT.epistasis.json (pairs tested, the Bonferroni threshold over all of them, the best
 * pairs' case/control 3x3 tables) and OUT.epistasis.tsv beside it (every reported pair, for the table and the
 * pairs-by-position plot).
 */
public final class EpistasisPairs {
    private EpistasisPairs() {}

    static final String[] CONFIRMATION = {"BETA_INT", "OR_INT", "L95", "U95", "P_INT", "P_GENO4", "ERRCODE"};

    static final String SOURCE = "Exhaustive pair scan (<code>assocnet epistasis</code>): STAT, DF and P are the exact"
            + " likelihood-ratio test of the pair's 3x3 genotype x case/control table against no interaction (4 df; PLINK 1.9"
            + " <code>--fast-epistasis boost</code>), without covariates, on hard calls. BETA_INT / OR_INT (95% CI L95-U95) and"
            + " P_INT are the covariate-adjusted 1-df logistic interaction (ALT x ALT), P_GENO4 the covariate-adjusted genotypic"
            + " (up to 4-df) interaction test; NA where the pair was not confirmed (P above the scan's confirmation threshold)."
            + " The Bonferroni threshold is 0.05 over every pair tested genome-wide. The panels show the case fraction"
            + " (cases / samples) of each genotype combination from the scan's own table: an interaction is a pattern the"
            + " rows and columns alone do not explain (e.g. XOR: high where exactly one variant carries the ALT allele).";

    /** OUT.epistasis.json and OUT.epistasis.tsv from either name. */
    static Path[] files(Path given) {
        String n = given.getFileName().toString();
        Path json, tsv;
        if (n.endsWith(".epistasis.json")) {
            json = given;
            tsv = given.resolveSibling(n.substring(0, n.length() - ".json".length()) + ".tsv");
        } else if (n.endsWith(".epistasis.tsv")) {
            tsv = given;
            json = given.resolveSibling(n.substring(0, n.length() - ".tsv".length()) + ".json");
        } else {
            throw new UserException(given + ": expected OUT.epistasis.json or OUT.epistasis.tsv (assocnet epistasis)");
        }
        for (Path p : new Path[] {json, tsv}) {
            if (!Files.isRegularFile(p)) throw new UserException(p + ": missing (the epistasis JSON and table are read together)");
        }
        return new Path[] {json, tsv};
    }

    record Row(double p, long line, String[] cells) {}

    public static PairSection read(Path given, Points genome, int top, int panels) throws IOException {
        Path[] f = files(given);
        Path json = f[0], tsv = f[1];
        JsonInputs.requireStage(json, "epistasis");
        ObjectNode root = JsonInputs.read(json);
        JsonNode testedNode = root.at("/counts/tested");
        if (!testedNode.isIntegralNumber()) throw UserException.at(json, 0, "counts.tested", "missing: not an assocnet epistasis JSON");
        long tested = testedNode.asLong();
        double thr = root.at("/bonferroni/threshold").isNumber() ? root.at("/bonferroni/threshold").asDouble() : tested > 0 ? 0.05 / tested : Double.NaN;

        PairSection s = new PairSection("epistasis", "Interacting pairs", SOURCE);
        ObjectNode sum = s.summary;
        sum.put("json", json.toString());
        sum.put("tsv", tsv.toString());
        if (root.at("/counts/pairs").isNumber()) sum.put("pairs", root.at("/counts/pairs").asLong());
        sum.put("tested", tested);
        Report.putNum(sum, "bonferroni_threshold", thr);
        if (root.at("/counts/complete").isBoolean()) sum.put("complete", root.at("/counts/complete").asBoolean());
        if (root.at("/parameters/chunk_pairs").isNumber()) sum.put("chunk_pairs", root.at("/parameters/chunk_pairs").asLong());

        PairPlots.Positions pos = new PairPlots.Positions();
        List<Row> best = new ArrayList<>();
        Comparator<Row> byP = Comparator.comparingDouble(Row::p).thenComparingLong(Row::line);
        long rows = 0, below = 0;
        try (TsvTable.Reader r = new TsvTable.Reader(tsv)) {
            TsvTable.Header h = r.header();
            int[] loc = PairSection.variantColumns(h);
            int stat = h.require("STAT"), df = h.require("DF"), pc = h.require("P");
            List<Integer> conf = new ArrayList<>();
            s.columns.addAll(PairSection.VARIANT_COLUMNS);
            s.columns.addAll(List.of("STAT", "DF", "P"));
            for (String c : CONFIRMATION) {
                if (h.has(c)) {
                    conf.add(h.index(c));
                    s.columns.add(c);
                }
            }
            s.columns.add("BONFERRONI");
            for (TsvTable.Row row : r) {
                rows++;
                double p = PairSection.probability(row, pc);
                row.num(stat);
                pos.add(row.get(loc[0]), row.integer(loc[1]), row.get(loc[3]), row.integer(loc[4]), p);
                if (p <= thr) below++;
                List<String> cells = PairSection.variantCells(row, loc);
                cells.addAll(List.of(row.get(stat), row.get(df), row.get(pc)));
                for (int c : conf) cells.add(row.get(c));
                cells.add(p <= thr ? "yes" : "no");
                best.add(new Row(Double.isNaN(p) ? 2 : p, row.line, cells.toArray(new String[0])));
                if (best.size() > 4 * Math.max(top, 1)) {
                    best.sort(byP);
                    best.subList(top, best.size()).clear();
                }
            }
        }
        best.sort(byP);
        for (int i = 0; i < Math.min(top, best.size()); i++) s.rows.add(best.get(i).cells());
        sum.put("reported", rows);
        sum.put("below_bonferroni", below);
        s.topPairsJson(10);
        s.cards.add(new String[] {"tested", "pairs tested"});
        s.cards.add(new String[] {"bonferroni_threshold", "Bonferroni threshold (0.05 / pairs tested)"});
        s.cards.add(new String[] {"below_bonferroni", "pairs below Bonferroni"});
        s.cards.add(new String[] {"reported", "pairs in the table (P &le; the scan's report threshold)"});

        s.plots.add(PairPlots.pairsByPosition("epistasis_pairs", "Interacting pairs by position (exhaustive scan)", genome, pos, thr));
        List<PairPlots.Panel> ps = panels(json, root.path("top_pairs"), thr, panels, sum.putArray("panels"));
        if (!ps.isEmpty()) {
            s.plots.add(PairPlots.panels("epistasis_panels", "Case fraction by genotype, top pairs (exhaustive scan)", "case fraction", ps));
        } else {
            s.notes.add("The epistasis JSON lists no top pairs with case/control 3x3 tables: pair panels skipped.");
        }
        return s;
    }

    /** Case-fraction panels of the first {@code n} top pairs of the JSON (the scan's own 3x3 tables). */
    static List<PairPlots.Panel> panels(Path json, JsonNode top, double thr, int n, ArrayNode out) {
        List<PairPlots.Panel> ps = new ArrayList<>();
        for (int k = 0; k < Math.min(n, top.size()); k++) {
            JsonNode t = top.get(k);
            double[] cases = table(json, t, k, "cases_3x3"), ctrls = table(json, t, k, "controls_3x3");
            double[] frac = new double[9];
            String[] note = new String[9];
            for (int i = 0; i < 9; i++) {
                double tot = cases[i] + ctrls[i];
                frac[i] = tot > 0 ? cases[i] / tot : Double.NaN;
                note[i] = (long) cases[i] + " / " + (long) tot;
            }
            String id1 = t.path("id1").asText(), id2 = t.path("id2").asText();
            double p = t.path("p").asDouble(Double.NaN);
            String pText = t.path("p").asText();
            ps.add(new PairPlots.Panel(id1 + " x " + id2, "P = " + pText + (p <= thr ? ", below Bonferroni" : "") + "; cell: cases / samples",
                    PairSection.locus(t.path("chrom1").asText() + ":" + t.path("pos1").asText(), id1),
                    PairSection.locus(t.path("chrom2").asText() + ":" + t.path("pos2").asText(), id2), frac, note));
            ObjectNode o = out.addObject();
            o.put("id1", id1);
            o.put("id2", id2);
            o.put("p", pText);
            PairSection.grid(o, "case_fraction", frac, false);
            PairSection.grid(o, "cases_3x3", cases, true);
            PairSection.grid(o, "controls_3x3", ctrls, true);
        }
        return ps;
    }

    private static double[] table(Path json, JsonNode t, int k, String name) {
        JsonNode a = t.path(name);
        double[] v = new double[9];
        boolean ok = a.isArray() && a.size() == 3;
        for (int g = 0; ok && g < 3; g++) {
            JsonNode row = a.get(g);
            ok = row.isArray() && row.size() == 3;
            for (int h = 0; ok && h < 3; h++) {
                ok = row.get(h).isIntegralNumber() && row.get(h).asLong() >= 0;
                v[g * 3 + h] = row.get(h).asDouble();
            }
        }
        if (!ok) throw UserException.at(json, 0, "top_pairs[" + k + "]." + name, "expected 3 rows of 3 non-negative counts, found " + a);
        return v;
    }
}
