package org.assocnet.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import htsjdk.tribble.readers.TabixReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import javax.imageio.ImageIO;
import org.assocnet.io.Json;
import org.assocnet.report.Html;
import org.assocnet.report.Synthetic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir static Path tmp;
    static Path in, out;

    /** The documented assoc.tsv columns (docs/report.md). */
    static final String ASSOC_HEADER = "#CHROM\tPOS\tID\tREF\tALT\tA1\tA1_FREQ\tGLM_BETA\tGLM_SE\tGLM_OR\tGLM_L95\tGLM_U95\tGLM_P\tGLM_Q_BH"
            + "\tNN_BETA\tNN_OR\tNN_L95\tNN_U95\tIMPORTANCE\tNN_P\tNN_Q\tNN_ADD_P\tNN_CONTRIB_P\tRISK_0\tRISK_1\tRISK_2\tAGREEMENT\tPATTERN";

    @BeforeAll
    static void run() throws Exception {
        in = tmp.resolve("in");
        Synthetic.write(in, 1500, 2, 5);
        out = tmp.resolve("out/r");
        assertEquals(0, Main.run("report", "--glm", in + ".glm.tsv", "--nn", in + ".nn.tsv", "--train", in + ".train.json",
                "--encode", in + ".encode.json", "--out", out.toString()));
    }

    static Path o(String suffix) {
        return Path.of(out + suffix);
    }

    @Test
    void writesEveryOutputWithTheDocumentedColumns() throws Exception {
        for (String s : new String[] {".assoc.tsv", ".report.html", ".summary.json", "_mqc.json", ".qc_mqc.tsv"}) {
            assertTrue(Files.size(o(s)) > 0, s);
        }
        List<String> lines = Files.readAllLines(o(".assoc.tsv"));
        assertEquals(ASSOC_HEADER, lines.get(0));
        assertEquals(1501, lines.size());
        JsonNode s = Json.read(o(".summary.json"));
        List<String> expectedPlots = List.of("manhattan_glm", "manhattan_nn", "manhattan_contrib", "qq_glm", "qq_nn", "effects_glm_vs_nn", "genotype_risks",
                "training_curves", "roc_heldout");
        List<String> plots = new ArrayList<>();
        s.get("plots").forEach(p -> plots.add(p.asText()));
        assertEquals(expectedPlots, plots);
        for (String p : plots) {
            String svg = Files.readString(o(".plots").resolve(p + ".svg"));
            assertTrue(svg.startsWith("<svg") && svg.trim().endsWith("</svg>"), p);
            BufferedImage img = ImageIO.read(o(".plots").resolve(p + ".png").toFile());
            assertNotNull(img, p);
            assertTrue(img.getWidth() > 400, p);
        }
        // planted signals: 1500 variants, causal every 997th at offsets 500 (additive), 700 (dominant), 900 (recessive)
        String additive = lines.stream().filter(l -> l.contains("\trs100500\t")).findFirst().orElseThrow();
        assertTrue(additive.endsWith("\tboth\tadditive"), additive);
        String recessive = lines.stream().filter(l -> l.contains("\trs100900\t")).findFirst().orElseThrow();
        assertTrue(recessive.endsWith("\trecessive"), recessive);
        // every agreement category the report counts is explained next to its count, with its variants listed
        String html = Files.readString(o(".report.html"));
        JsonNode both = s.at("/agreement_variants/both");
        assertTrue(both.isArray() && both.size() > 0 && both.size() <= 20, both.toString());
        assertTrue(html.contains("rs100500"), "a called variant is listed in the agreement table");
        // which test found each hit: some planted variant is below Bonferroni in one of the tests, the rest say "-"
        assertTrue(html.contains("<th>FOUND_BY</th>") && html.contains("<th>NN_CONTRIB_P</th>"), "FOUND_BY and NN_CONTRIB_P columns");
        assertTrue(java.util.regex.Pattern.compile("<td>(GLM|NN_ADD|NN_CONTRIB)(,[A-Z_]+)*</td>").matcher(html).find(), "a hit found by a test");
        assertTrue(html.contains("<td>-</td>"), "a listed variant found by no test");
        for (org.assocnet.report.Agreement a : org.assocnet.report.Agreement.values()) {
            if (s.at("/agreement").has(a.label)) assertTrue(html.contains(a.meaning.substring(0, 25)), a.label + " is not explained");
        }
        assertEquals(2000, s.at("/cohort/samples").asInt());
        assertEquals(1000, s.at("/cohort/cases").asInt());
        assertEquals(1500, s.at("/glm/tested").asInt());
    }

    @Test
    void everyNumberInTheHtmlEqualsTheJson() throws Exception {
        String html = Files.readString(o(".report.html"));
        JsonNode s = Json.read(o(".summary.json"));
        Matcher m = java.util.regex.Pattern.compile("<span class=\"num\" data-key=\"([^\"]+)\">([^<]*)</span>").matcher(html);
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            String key = m.group(1), shown = m.group(2);
            keys.add(key);
            JsonNode v = Html.lookup(s, key);
            assertNotNull(v, "HTML shows " + key + " which the JSON lacks");
            if (v.isNull()) {
                assertEquals("NA", shown, key);
            } else {
                assertTrue(v.isNumber(), key);
                double shownValue = Double.parseDouble(shown);
                assertEquals(v.asDouble(), shownValue, Math.abs(v.asDouble()) * 1e-3, key + ": HTML " + shown + " vs JSON " + v);
                if (v.isIntegralNumber()) assertEquals(v.asText(), shown, key);
            }
        }
        for (String k : new String[] {"cohort.samples", "cohort.cases", "cohort.controls", "variants.in_report", "glm.lambda", "nn.lambda",
            "glm.p_below_5e-8", "nn.q_below_fdr", "model.heldout_auc_mean", "agreement.both", "qc.encode_counts.variants.dropped.maf"}) {
            assertTrue(keys.contains(k), "HTML lacks " + k);
        }
    }

    @Test
    void htmlIsSelfContained() throws Exception {
        String html = Files.readString(o(".report.html"));
        String lower = html.toLowerCase();
        for (String bad : new String[] {"src=\"http", "href=\"http", "url(http", "@import", "<link", "<script src", "<img src=\"http", "fetch(", "xmlhttprequest"}) {
            assertFalse(lower.contains(bad), "external reference: " + bad);
        }
        assertTrue(html.contains("<svg"), "plots are inline");
        assertTrue(html.contains("id=\"hits\""), "top-hits table");
        assertTrue(html.contains("What") || html.contains("How to read"));
    }

    /** Real-browser check (headless Chromium, Debian package chromium): runs where chromium is installed. */
    @Test
    void rendersInHeadlessChromiumWithoutErrorsOrNetwork() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium not installed");
        Path shot = tmp.resolve("shot.png");
        Process p = new ProcessBuilder("bash", "tests/report/browser-check.sh", o(".report.html").toString(), shot.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        assertTrue(log.contains("browser-check: OK"), log);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1280, img.getWidth());
    }

    @Test
    void multiqcCustomContent() throws Exception {
        JsonNode mqc = Json.read(o("_mqc.json"));
        JsonNode s = Json.read(o(".summary.json"));
        assertEquals("table", mqc.get("plot_type").asText());
        assertEquals("assocnet_summary", mqc.get("id").asText());
        JsonNode row = mqc.get("data").get("r");
        assertEquals(s.at("/glm/lambda").asDouble(), row.get("lambda_glm").asDouble(), 0);
        assertEquals(s.at("/model/heldout_auc_mean").asDouble(), row.get("heldout_auc").asDouble(), 0);
        List<String> tsv = Files.readAllLines(o(".qc_mqc.tsv"));
        assertTrue(tsv.contains("# plot_type: 'bargraph'"));
        String[] head = tsv.get(tsv.size() - 2).split("\t"), vals = tsv.get(tsv.size() - 1).split("\t");
        assertEquals("Sample", head[0]);
        assertEquals(head.length, vals.length);
    }

    @Test
    void bgzipWithTabixIndexAndUnsortedInput() throws Exception {
        // rows in reverse order: the report sorts a copy first and produces the same table
        List<String> g = Files.readAllLines(Path.of(in + ".glm.tsv"));
        List<String> rev = new ArrayList<>(g.subList(1, g.size()));
        Collections.reverse(rev);
        rev.add(0, g.get(0));
        Path unsorted = tmp.resolve("unsorted.glm.tsv");
        Files.write(unsorted, rev);
        Path bz = tmp.resolve("bz/r");
        assertEquals(0, Main.run("report", "--glm", unsorted.toString(), "--nn", in + ".nn.tsv", "--bgzip", "--no-png", "--out", bz.toString()));
        Path gz = Path.of(bz + ".assoc.tsv.gz");
        assertTrue(Files.exists(Path.of(gz + ".tbi")));
        List<String> plain = Files.readAllLines(o(".assoc.tsv"));
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(Files.newInputStream(gz))))) {
            assertEquals(plain, r.lines().toList());
        }
        long expected = plain.stream().skip(1).filter(l -> {
            String[] f = l.split("\t");
            long pos = Long.parseLong(f[1]);
            return f[0].equals("2") && pos >= 100_000 && pos <= 200_000;
        }).count();
        assertTrue(expected > 10);
        try (TabixReader t = new TabixReader(gz.toString())) {
            TabixReader.Iterator it = t.query("2", 100_000, 200_000);
            long n = 0;
            while (it.next() != null) n++;
            assertEquals(expected, n);
        }
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".assocnet-sorted-")), "temporary sorted copy removed");
        }
    }

    @Test
    void missingInputsAreSkippedWithANoteOrRejected() throws Exception {
        Path t = tmp.resolve("bare.train.json");
        Files.writeString(t, "{\"seed\":3,\"metrics\":{\"heldout_auc\":0.6}}");
        Path r = tmp.resolve("glmonly/r");
        assertEquals(0, Main.run("report", "--glm", in + ".glm.tsv", "--train", t.toString(), "--no-png", "--out", r.toString()));
        JsonNode s = Json.read(Path.of(r + ".summary.json"));
        String skipped = s.get("plots_skipped").toString();
        assertTrue(skipped.contains("no per-epoch loss arrays") && skipped.contains("No network results"), skipped);
        assertTrue(Files.readString(Path.of(r + ".report.html")).contains("no per-epoch loss arrays"));
        assertEquals(List.of("manhattan_glm", "qq_glm"), List.of(s.get("plots").get(0).asText(), s.get("plots").get(1).asText()));
        assertTrue(Files.readAllLines(Path.of(r + ".assoc.tsv")).get(1).endsWith("\tNA\tNA"));

        // an nn.tsv without NN_Q (not merged) is a user error, and nothing is left behind
        List<String> nn = Files.readAllLines(Path.of(in + ".nn.tsv"));
        List<String> noQ = new ArrayList<>();
        for (String l : nn) noQ.add(l.replaceFirst("^(([^\t]*\t){21})[^\t]*\t", "$1"));
        Path bad = tmp.resolve("noq.nn.tsv");
        Files.write(bad, noQ);
        PrintStream old = System.err;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setErr(new PrintStream(b, true));
        Path failed = tmp.resolve("failed/r");
        try {
            assertEquals(2, Main.run("report", "--glm", in + ".glm.tsv", "--nn", bad.toString(), "--out", failed.toString()));
        } finally {
            System.setErr(old);
        }
        assertTrue(b.toString().contains(bad + ":1: field 'NN_Q': column missing: run 'assocnet merge' first"), b.toString());
        try (var l = Files.list(failed.getParent())) {
            assertEquals(0, l.count(), "no output left behind");
        }
    }

    static final Path PAIRS = Path.of("src/test/resources/report");

    /** Runs assocnet, expects exit 2 and returns what it printed on stderr. */
    static String userError(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setErr(new PrintStream(b, true));
        try {
            assertEquals(2, Main.run(args), b.toString());
        } finally {
            System.setErr(old);
        }
        return b.toString();
    }

    static List<double[]> circles(String svg) {
        List<double[]> c = new ArrayList<>();
        Matcher m = java.util.regex.Pattern.compile("<circle cx=\"([-0-9.]+)\" cy=\"([-0-9.]+)\" r=\"([-0-9.]+)\" fill=\"(#[0-9a-f]{6})\"").matcher(svg);
        while (m.find()) {
            c.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                m.group(4).equals("#c0392b") ? 1 : 0});
        }
        return c;
    }

    @Test
    void pairSectionsFromTheEpistasisScanAndTheNetworkPairTable() throws Exception {
        Path r = tmp.resolve("pairs/r");
        assertEquals(0, Main.run("report", "--glm", in + ".glm.tsv", "--epistasis", PAIRS.resolve("pairs.epistasis.json").toString(),
                "--nn-pairs", PAIRS.resolve("pairs.nn.pairs.tsv").toString(), "--pair-panels", "2", "--out", r.toString()));
        JsonNode s = Json.read(Path.of(r + ".summary.json"));
        List<String> plots = new ArrayList<>();
        s.get("plots").forEach(p -> plots.add(p.asText()));
        assertTrue(plots.containsAll(List.of("epistasis_pairs", "epistasis_panels", "nn_pair_panels")), plots.toString());
        for (String p : List.of("epistasis_pairs", "epistasis_panels", "nn_pair_panels")) {
            assertNotNull(ImageIO.read(Path.of(r + ".plots").resolve(p + ".png").toFile()), p);
        }

        // the scan's numbers: pairs tested and the Bonferroni threshold over all of them (from the gathered JSON)
        JsonNode e = s.get("epistasis");
        assertEquals(999_000, e.get("tested").asLong());
        assertEquals(0.05 / 999_000, e.get("bonferroni_threshold").asDouble(), 1e-20);
        assertEquals(5, e.get("reported").asInt());
        assertEquals(2, e.get("below_bonferroni").asInt());
        JsonNode top = e.get("top_pairs").get(0);
        assertEquals("1:100000", top.get("VARIANT1").asText());
        assertEquals("rs200500", top.get("ID2").asText());
        assertEquals(0.333, top.get("OR_INT").asDouble(), 0);
        assertEquals("yes", top.get("BONFERRONI").asText());
        assertEquals("no", e.get("top_pairs").get(2).get("BONFERRONI").asText());
        assertEquals("NOT_CONFIRMED", e.get("top_pairs").get(3).get("ERRCODE").asText());
        // panels: case fraction per genotype combination of the scan's own tables; the XOR pair, then a pair with an empty column
        assertEquals(2, e.get("panels").size(), "--pair-panels 2");
        assertEquals("[[0.2,0.8,0.5],[0.8,0.2,0.5],[0.5,0.5,0.5]]", e.at("/panels/0/case_fraction").toString());
        assertEquals("[[10,40,5],[40,10,2],[5,2,1]]", e.at("/panels/0/cases_3x3").toString());
        assertTrue(e.at("/panels/1/case_fraction/0/0").isNull(), "no sample in the cell: NA");
        assertEquals(0.6, e.at("/panels/1/case_fraction/0/1").asDouble(), 1e-12);
        String panels = Files.readString(Path.of(r + ".plots").resolve("epistasis_panels.svg"));
        for (String cell : new String[] {">0.200<", ">0.800<", ">40 / 50<", ">NA<", ">0.600<", ">30 / 50<"}) assertTrue(panels.contains(cell), cell);
        assertFalse(panels.contains("rs100400"), "only the top 2 pairs are panelled");

        // pairs by position: every pair drawn, a red ring on each pair below Bonferroni (+1 in the legend), chromosome 3
        // (only in the pair table) gets its own stretch, the best pair (chr1 x chr2) lies left (variant 1 on chr1) and high
        String pos = Files.readString(Path.of(r + ".plots").resolve("epistasis_pairs.svg"));
        List<double[]> cs = circles(pos);
        List<double[]> data = cs.stream().filter(c -> c[0] < 515).toList();
        assertEquals(5 + 2, data.size(), "5 pairs, 2 with a ring");
        assertEquals(2, data.stream().filter(c -> c[3] == 1).count());
        assertEquals(2 * 2, pos.split("stroke=\"#e5e5e5\"", -1).length - 1, "boundaries between chromosomes 1, 2, 3 on both axes");
        assertTrue(pos.contains(">3</text>"), "chromosome 3 labelled");
        double[] best = data.stream().filter(c -> c[3] == 0).max(java.util.Comparator.comparingDouble(c -> c[2])).orElseThrow();
        assertTrue(best[0] < 70 + 440 * 0.45 && best[1] < 40 + 440 * 0.6, "best pair at chr1 x chr2: " + best[0] + "," + best[1]);

        // the network's pair table: sorted by PAIR_P (NA last), its own panels of RISK_gh with N_gh
        JsonNode n = s.get("nn_pairs");
        assertEquals(4, n.get("pairs").asInt());
        assertEquals(3, n.get("tested").asInt());
        assertEquals(1e-7, n.get("min_p").asDouble(), 0);
        List<String> order = new ArrayList<>();
        n.get("top_pairs").forEach(t -> order.add(t.get("ID1").asText()));
        assertEquals(List.of("rs100130", "rs100110", "rs100160", "rs200140"), order);
        assertEquals("[[0.1,0.45,0.1],[0.45,0.1,0.45],[0.1,0.45,0.1]]", n.at("/panels/0/risk").toString());
        assertEquals("[[300,200,50],[200,120,30],[50,30,null]]", n.at("/panels/0/n").toString());
        String nnPanels = Files.readString(Path.of(r + ".plots").resolve("nn_pair_panels.svg"));
        for (String cell : new String[] {">0.450<", ">n=120<", ">n=NA<"}) assertTrue(nnPanels.contains(cell), cell);

        // the page: two separate sections, each naming its test, with tables and plots inside
        String html = Files.readString(Path.of(r + ".report.html"));
        int a = html.indexOf("<section class=\"pairs\" id=\"epistasis\">"), b = html.indexOf("<section class=\"pairs\" id=\"nn_pairs\">");
        assertTrue(a > 0 && b > a, "both sections");
        String epi = html.substring(a, html.indexOf("</section>", a)), net = html.substring(b, html.indexOf("</section>", b));
        assertTrue(epi.contains("<h2>Interacting pairs</h2>") && epi.contains("Exhaustive pair scan") && epi.contains("id=\"plot-epistasis_pairs\"")
                && epi.contains("id=\"plot-epistasis_panels\"") && epi.contains("<td>rs100100</td>"));
        assertTrue(net.contains("<h2>Network pair tests</h2>") && net.contains("network's pair test") && net.contains("id=\"plot-nn_pair_panels\"")
                && !net.contains("rs100100") && !epi.contains("rs100130"));
        assertTrue(net.indexOf("rs100130") < net.indexOf("rs100110") && net.indexOf("rs100110") < net.indexOf("rs100160"), "sorted by PAIR_P");
        Matcher m = java.util.regex.Pattern.compile("data-key=\"(epistasis|nn_pairs)\\.([^\"]+)\">([^<]*)<").matcher(html);
        int shown = 0;
        while (m.find()) {
            shown++;
            assertEquals(Html.display(Html.lookup(s, m.group(1) + "." + m.group(2))), m.group(3));
        }
        assertEquals(8, shown, "the headline numbers of both sections");
        assertTrue(html.indexOf("id=\"plot-epistasis_pairs\"") == html.lastIndexOf("id=\"plot-epistasis_pairs\""), "plot shown once, in its section");
    }

    @Test
    void badPairInputsAreOneLineErrorsWithFileAndLine() throws Exception {
        Path dir = tmp.resolve("badpairs");
        Files.createDirectories(dir);
        // a network pair table without RISK_11
        List<String> nn = Files.readAllLines(PAIRS.resolve("pairs.nn.pairs.tsv"));
        List<String> noRisk = new ArrayList<>();
        for (String l : nn) noRisk.add(l.replaceFirst("^((?:[^\t]*\t){13})[^\t]*\t", "$1"));
        Path bad = dir.resolve("bad.nn.pairs.tsv");
        Files.write(bad, noRisk);
        Path out = dir.resolve("out/r");
        String err = userError("report", "--glm", in + ".glm.tsv", "--nn-pairs", bad.toString(), "--out", out.toString());
        assertTrue(err.contains(bad + ":1: field 'RISK_11': required column is missing"), err);
        assertEquals(1, err.lines().filter(l -> l.contains("error")).count(), "one line: " + err);
        assertFalse(Files.exists(out.getParent()) && Files.list(out.getParent()).findAny().isPresent(), "no output left behind");
        // a risk outside [0, 1] on data line 3
        List<String> badRisk = new ArrayList<>(nn);
        badRisk.set(2, badRisk.get(2).replace("\t0.45\t0.10\t0.45\t", "\t1.45\t0.10\t0.45\t"));
        Files.write(bad, badRisk);
        err = userError("report", "--glm", in + ".glm.tsv", "--nn-pairs", bad.toString(), "--out", out.toString());
        assertTrue(err.contains(bad + ":3: field 'RISK_01': not a probability: '1.45'"), err);

        // an epistasis table with a P that is not a number on line 3, and one without its JSON beside it
        Path epi = dir.resolve("x.epistasis.tsv");
        List<String> t = new ArrayList<>(Files.readAllLines(PAIRS.resolve("pairs.epistasis.tsv")));
        t.set(2, t.get(2).replace("\t3e-09\t", "\tsmall\t"));
        Files.write(epi, t);
        err = userError("report", "--glm", in + ".glm.tsv", "--epistasis", epi.toString(), "--out", out.toString());
        assertTrue(err.contains(dir.resolve("x.epistasis.json") + ": missing"), err);
        Files.copy(PAIRS.resolve("pairs.epistasis.json"), dir.resolve("x.epistasis.json"));
        err = userError("report", "--glm", in + ".glm.tsv", "--epistasis", dir.resolve("x.epistasis.json").toString(), "--out", out.toString());
        assertTrue(err.contains(epi + ":3: field 'P': not a number: 'small'"), err);
        // a JSON whose top pair has a 2x3 case table
        Files.write(epi, Files.readAllLines(PAIRS.resolve("pairs.epistasis.tsv")));
        Files.writeString(dir.resolve("x.epistasis.json"), Files.readString(PAIRS.resolve("pairs.epistasis.json"))
                .replace("[ [ 10, 40, 5 ], [ 40, 10, 2 ], [ 5, 2, 1 ] ]", "[ [ 10, 40, 5 ], [ 40, 10, 2 ] ]"));
        err = userError("report", "--glm", in + ".glm.tsv", "--epistasis", epi.toString(), "--out", out.toString());
        assertTrue(err.contains("x.epistasis.json: field 'top_pairs[0].cases_3x3': expected 3 rows of 3 non-negative counts"), err);
    }
}
