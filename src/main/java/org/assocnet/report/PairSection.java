package org.assocnet.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.assocnet.core.UserException;
import org.assocnet.io.Json;
import org.assocnet.io.TsvTable;

/**
 * One report section about variant pairs (the exhaustive scan's "Interacting pairs", the network's "Network
 * pair tests"): which test made the numbers, its headline numbers (the summary JSON's {@code key} object,
 * which the page prints), a table of the top pairs and the section's plots. Sections stay apart: each names
 * its own test.
 */
public final class PairSection {
    final String key;
    final String heading;
    /** HTML: which test produced the numbers and how to read them. */
    final String source;
    /** {key inside the section's summary object, label} of the headline numbers. */
    final List<String[]> cards = new ArrayList<>();
    final List<String> columns = new ArrayList<>();
    final List<String[]> rows = new ArrayList<>();
    final List<Plot> plots = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final ObjectNode summary = Json.object();

    PairSection(String key, String heading, String source) {
        this.key = key;
        this.heading = heading;
        this.source = source;
    }

    public String key() {
        return key;
    }

    public List<Plot> plots() {
        return plots;
    }

    public List<String> notes() {
        return notes;
    }

    public ObjectNode summary() {
        return summary;
    }

    /** The variant columns every pair table starts with. */
    static final List<String> VARIANT_COLUMNS = List.of("VARIANT1", "ID1", "VARIANT2", "ID2");

    /** A table row's leading cells: CHROM:POS and ID of both variants. */
    static List<String> variantCells(TsvTable.Row r, int[] loc) {
        return new ArrayList<>(List.of(r.get(loc[0]) + ":" + r.get(loc[1]), r.get(loc[2]), r.get(loc[3]) + ":" + r.get(loc[4]), r.get(loc[5])));
    }

    /** A variant's label on a panel: CHROM:POS and ID, the ID alone where it already is CHROM:POS. */
    static String locus(String chromPos, String id) {
        return id.equals(chromPos) || id.startsWith(chromPos + ":") ? id : chromPos + " " + id;
    }

    /** Column indices of CHROM1 POS1 ID1 CHROM2 POS2 ID2 (each required). */
    static int[] variantColumns(TsvTable.Header h) {
        int[] loc = new int[6];
        String[] names = {"CHROM1", "POS1", "ID1", "CHROM2", "POS2", "ID2"};
        for (int i = 0; i < 6; i++) loc[i] = h.require(names[i]);
        return loc;
    }

    /** A P value column's number: NaN for NA, else in [0, 1]. */
    static double probability(TsvTable.Row r, int col) {
        double p = r.num(col);
        if (p < 0 || p > 1) throw UserException.at(r.header().file(), r.line, r.header().names().get(col), "not a probability: '" + r.get(col) + "'");
        return p;
    }

    /** The summary's record of one table row: its cells by column name, numbers as numbers. */
    ObjectNode rowJson(String[] cells) {
        ObjectNode o = Json.object();
        for (int i = 0; i < columns.size(); i++) {
            String v = cells[i];
            double d = TsvTable.isNa(v) ? Double.NaN : parseOrNaN(v);
            if (Double.isNaN(d) || columns.get(i).startsWith("VARIANT") || columns.get(i).startsWith("ID")) o.put(columns.get(i), v);
            else Report.putNum(o, columns.get(i), d);
        }
        return o;
    }

    private static double parseOrNaN(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The first {@code n} table rows into the summary as {@code top_pairs}. */
    void topPairsJson(int n) {
        ArrayNode a = summary.putArray("top_pairs");
        for (int i = 0; i < Math.min(n, rows.size()); i++) a.add(rowJson(rows.get(i)));
    }

    /** A 3x3 matrix as nested JSON arrays (rows = variant 1), null for NaN, whole numbers when {@code counts}. */
    static void grid(ObjectNode parent, String name, double[] v, boolean counts) {
        ArrayNode a = parent.putArray(name);
        for (int g = 0; g < 3; g++) {
            ArrayNode row = a.addArray();
            for (int h = 0; h < 3; h++) {
                double x = v[g * 3 + h];
                if (Double.isNaN(x)) row.addNull();
                else if (counts) row.add((long) x);
                else row.add(x);
            }
        }
    }
}
