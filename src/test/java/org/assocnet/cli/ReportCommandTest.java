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
        List<String> expectedPlots = List.of("manhattan_glm", "manhattan_nn", "qq_glm", "qq_nn", "effects_glm_vs_nn", "genotype_risks",
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
}
