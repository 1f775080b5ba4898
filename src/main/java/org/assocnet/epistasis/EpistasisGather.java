package org.assocnet.epistasis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.io.AtomicOutput;
import org.assocnet.io.Json;

/**
 * {@code assocnet epistasis --gather}: the pipeline's gather step. Reads the OUT.epistasis.tsv (+ .json beside
 * it) of every chunk pair, writes one genome-wide OUT.epistasis.tsv sorted by P and OUT.epistasis.json with the
 * pair counts summed and one Bonferroni threshold over all pairs tested. Completeness check: over chunk pairs
 * i &lt;= j the pairs scanned must equal u (u - 1) / 2 for u the variants used in all chunks together.
 */
public final class EpistasisGather {
    private EpistasisGather() {}

    record Line(String text, double log10P, double stat) {}

    public static ObjectNode run(List<Path> tsvs, String out) throws IOException {
        long t0 = System.nanoTime();
        List<Line> lines = new ArrayList<>();
        long pairs = 0, tested = 0, notTestable = 0, screened = 0, confirmed = 0, withinUsed = 0;
        long withinPairs = 0;
        double scan = 0;
        List<JsonNode> tops = new ArrayList<>();
        JsonNode params = null;
        for (Path tsv : tsvs) {
            String name = tsv.getFileName().toString();
            if (!name.endsWith(".epistasis.tsv")) throw new UserException(tsv + ": not an OUT.epistasis.tsv file");
            Path js = tsv.resolveSibling(name.substring(0, name.length() - 4) + ".json");
            if (!Files.isRegularFile(js)) throw new UserException(js + ": missing (each OUT.epistasis.tsv needs its OUT.epistasis.json)");
            ObjectNode j = Json.read(js);
            if (!"epistasis".equals(j.path("stage").asText())) throw new UserException(js + ": not an epistasis JSON (stage '" + j.path("stage").asText() + "')");
            JsonNode c = j.get("counts");
            pairs += c.get("pairs").asLong();
            tested += c.get("tested").asLong();
            notTestable += c.get("not_testable").asLong();
            screened += c.get("screened").asLong();
            confirmed += c.get("confirmed").asLong();
            scan += j.path("timings").path("scan").asDouble();
            if (j.get("parameters").get("cohort_b").isNull()) {
                withinUsed += j.get("input").get("variants_used").asLong();
                withinPairs++;
            }
            if (params == null) params = j.get("parameters");
            j.withArray("top_pairs").forEach(tops::add);
            try (BufferedReader r = Files.newBufferedReader(tsv)) {
                String head = r.readLine();
                if (!EpistasisRun.HEADER.equals(head)) throw UserException.at(tsv, 1, null, "unexpected header (not an assocnet epistasis table)");
                String l;
                long ln = 1;
                while ((l = r.readLine()) != null) {
                    ln++;
                    if (l.isEmpty()) continue;
                    String[] f = l.split("\t", -1);
                    if (f.length != 16) throw UserException.at(tsv, ln, null, "expected 16 fields, found " + f.length);
                    double stat;
                    int df;
                    try {
                        stat = Double.parseDouble(f[6]);
                        df = Integer.parseInt(f[7]);
                    } catch (NumberFormatException e) {
                        throw UserException.at(tsv, ln, "STAT/DF", "not a number");
                    }
                    lines.add(new Line(l, BoostTest.log10P(stat, df), stat));
                }
            }
        }
        lines.sort(Comparator.comparingDouble(Line::log10P).thenComparing(Comparator.comparingDouble(Line::stat).reversed())
                .thenComparing(Line::text));
        tops.sort(Comparator.comparingDouble(t -> t.get("log10_p").asDouble()));
        ObjectNode json = Json.stageHeader("epistasis");
        json.put("gathered", true);
        ObjectNode par = json.putObject("parameters");
        if (params != null) params.fields().forEachRemaining(e -> par.set(e.getKey(), e.getValue()));
        par.remove("cohort");
        par.remove("cohort_b");
        par.put("chunk_pairs", tsvs.size());
        ObjectNode c = json.putObject("counts");
        c.put("pairs", pairs);
        c.put("tested", tested);
        c.put("not_testable", notTestable);
        c.put("screened", screened);
        c.put("reported", lines.size());
        c.put("confirmed", confirmed);
        long expected = withinUsed * (withinUsed - 1) / 2;
        c.put("variants_used", withinUsed);
        c.put("chunks", withinPairs);
        c.put("complete", withinPairs * (withinPairs + 1) / 2 == tsvs.size() && pairs == expected);
        if (pairs != expected) {
            Log.warn("epistasis --gather: %,d pairs scanned, but %,d variants in %d chunk(s) make %,d pairs (chunk pairs missing?)",
                    pairs, withinUsed, withinPairs, expected);
        }
        ObjectNode bon = json.putObject("bonferroni");
        double thr = tested > 0 ? 0.05 / tested : Double.NaN;
        bon.put("alpha", 0.05);
        bon.put("tests", tested);
        if (tested > 0) bon.put("threshold", thr);
        else bon.putNull("threshold");
        bon.put("significant", lines.stream().filter(l -> l.log10P() <= Math.log10(thr)).count());
        json.putObject("timings").put("scan_sum", scan).put("gather", (System.nanoTime() - t0) / 1e9);
        ArrayNode top = json.putArray("top_pairs");
        tops.stream().limit(EpistasisRun.TOP_JSON).forEach(top::add);
        try (AtomicOutput ao = new AtomicOutput()) {
            try (BufferedWriter w = Files.newBufferedWriter(ao.temp(EpistasisRun.tsvPath(out)))) {
                w.write(EpistasisRun.HEADER);
                w.write('\n');
                for (Line l : lines) {
                    w.write(l.text());
                    w.write('\n');
                }
            }
            Json.write(ao.temp(EpistasisRun.jsonPath(out)), json);
            ao.commit();
        }
        Log.info("epistasis --gather: %d chunk pair(s), %,d pairs tested, Bonferroni %.3g, %,d pair(s) written to %s",
                tsvs.size(), tested, thr, lines.size(), EpistasisRun.tsvPath(out));
        return json;
    }
}
