package org.assocnet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-contained report page: inline CSS, JS and SVG, no network fetch. Every headline number is
 * printed from the summary JSON through {@link #num}, which tags it with its JSON path
 * ({@code data-key="glm.lambda"}), so a test can check that page and JSON agree.
 */
public final class Html {
    private Html() {}

    /** Node at a dotted path ("glm.lambda"); keys may themselves contain dots only if given whole. */
    public static JsonNode lookup(JsonNode root, String path) {
        JsonNode n = root;
        String[] parts = path.split("\\.");
        int i = 0;
        while (n != null && i < parts.length) {
            // allow keys containing dots (e.g. "q_below_0.05") by trying the longest match first
            JsonNode next = null;
            int used = 0;
            for (int j = parts.length; j > i; j--) {
                String key = String.join(".", java.util.Arrays.copyOfRange(parts, i, j));
                if (n.has(key)) {
                    next = n.get(key);
                    used = j - i;
                    break;
                }
            }
            if (next == null) return null;
            n = next;
            i += used;
        }
        return n;
    }

    /** How a JSON number is shown: integers whole, others with 4 significant digits; null/absent as NA. */
    public static String display(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return "NA";
        if (v.isIntegralNumber()) return v.asText();
        if (v.isNumber()) {
            double d = v.asDouble();
            if (d != 0 && (Math.abs(d) < 1e-3 || Math.abs(d) >= 1e6)) return String.format(Locale.ROOT, "%.3e", d);
            return String.format(Locale.ROOT, "%.4g", d).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return esc(v.asText());
    }

    static String num(ObjectNode s, String path) {
        return "<span class=\"num\" data-key=\"" + path + "\">" + display(lookup(s, path)) + "</span>";
    }

    static String esc(String s) {
        return Canvas.esc(s);
    }

    private static final String CSS = """
            body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
            header{background:#1f4e79;color:#fff;padding:16px 28px}header h1{margin:0;font-size:22px}
            header p{margin:4px 0 0;opacity:.85;font-size:13px}
            main{padding:8px 28px 40px;max-width:1180px}
            h2{border-bottom:2px solid #1f4e79;padding-bottom:4px;margin-top:32px;font-size:18px}
            .cards{display:flex;flex-wrap:wrap;gap:12px}
            .card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:150px}
            .card .v{font-size:22px;font-weight:bold;color:#1f4e79}.card .l{font-size:12px;color:#555}
            table{border-collapse:collapse;font-size:13px;background:#fff}
            th,td{border:1px solid #ddd;padding:3px 7px;text-align:left}th{background:#eef2f7}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            .plot{background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px;margin:10px 0;display:inline-block;vertical-align:top}
            .plot svg{max-width:100%;height:auto;display:block}
            .note{color:#8a6d3b;background:#fcf8e3;border:1px solid #faebcc;padding:6px 10px;border-radius:4px;font-size:13px}
            #hits th{cursor:pointer;user-select:none}#hits th.asc::after{content:" \\25B2"}#hits th.desc::after{content:" \\25BC"}
            .filters{margin:8px 0;font-size:13px}.filters input,.filters select{margin-right:12px}
            .both{color:#2e7d32;font-weight:bold}.glm_only{color:#1f4e79}.nn_only{color:#d35400;font-weight:bold}.both_opposite{color:#6a1b9a}
            .row{display:flex;flex-wrap:wrap;gap:28px;align-items:flex-start}.scroll{overflow-x:auto;max-width:100%}
            dl dt{font-weight:bold;margin-top:8px}dl dd{margin-left:18px}
            """;

    private static final String JS = """
            (function(){
              var t=document.getElementById('hits');if(!t)return;
              var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
              var q=document.getElementById('hitfilter'),a=document.getElementById('agreefilter'),c=document.getElementById('hitcount');
              function apply(){var s=q.value.toLowerCase(),ag=a.value,n=0;
                rows.forEach(function(r){var ok=(!s||r.textContent.toLowerCase().indexOf(s)>=0)&&(!ag||r.getAttribute('data-agreement')===ag);
                  r.style.display=ok?'':'none';if(ok)n++;});c.textContent=n+' of '+rows.length+' rows';}
              q.addEventListener('input',apply);a.addEventListener('change',apply);
              Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){th.addEventListener('click',function(){
                var asc=!th.classList.contains('asc');Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h){h.classList.remove('asc','desc');});
                th.classList.add(asc?'asc':'desc');
                rows.sort(function(x,y){var u=x.cells[i].textContent,v=y.cells[i].textContent,fu=parseFloat(u),fv=parseFloat(v),r;
                  if(!isNaN(fu)&&!isNaN(fv)&&/^[-+0-9.eE]+$/.test(u)&&/^[-+0-9.eE]+$/.test(v))r=fu-fv;else if(u==='NA'||v==='NA')r=(u==='NA')-(v==='NA');else r=u.localeCompare(v);
                  return asc?r:-r;});
                rows.forEach(function(r){body.appendChild(r);});});});
              apply();
            })();
            """;

    static final String[] HIT_COLUMNS = {"CHROM", "POS", "ID", "REF", "ALT", "A1_FREQ", "GLM_OR", "GLM_L95", "GLM_U95", "GLM_P",
        "GLM_Q_BH", "NN_OR", "NN_L95", "NN_U95", "NN_P", "NN_Q", "NN_ADD_P", "NN_CONTRIB_P", "FOUND_BY", "IMPORTANCE", "RISK_0", "RISK_1", "RISK_2", "AGREEMENT", "PATTERN"};

    public static String page(ObjectNode s, Map<String, String> svgs, Map<String, String> notes, List<TopHits.Hit> hits, ModelInfo model,
            List<PairSection> sections) {
        java.util.Set<String> sectionPlots = new java.util.HashSet<>();
        for (PairSection sec : sections) sec.plots.forEach(p -> sectionPlots.add(p.name()));
        StringBuilder h = new StringBuilder(1 << 20);
        boolean nn = s.has("nn");
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>assocnet report</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<header><h1>assocnet association report</h1><p>assocnet ").append(esc(s.path("version").asText()))
                .append(" &middot; GLM table ").append(esc(fileName(s.path("inputs").path("glm").asText())))
                .append(nn ? " &middot; network table " + esc(fileName(s.path("inputs").path("nn").asText())) : "")
                .append("</p></header>\n<main>\n");

        h.append("<h2 id=\"summary\">Summary</h2>\n<div class=\"cards\">");
        card(h, s, "cohort.samples", "samples");
        card(h, s, "cohort.cases", "cases");
        card(h, s, "cohort.controls", "controls");
        card(h, s, "variants.in_report", "variants in the report");
        card(h, s, "glm.lambda", "lambda, GLM");
        if (nn) card(h, s, "nn.lambda", "lambda, network (NN_P)");
        card(h, s, "glm.p_below_5e-8", "GLM P &lt; 5e-8");
        if (nn) card(h, s, "nn.p_below_5e-8", "network P &lt; 5e-8");
        card(h, s, "model.heldout_auc_mean", "held-out AUC (mean)");
        h.append("</div>\n");

        h.append("<div class=\"row\"><div><h3>Tests</h3><table><tr><th></th><th>GLM (P)</th>").append(nn ? "<th>Network (NN_P)</th>" : "").append("</tr>\n");
        String[][] rows = {{"tested", "variants tested"}, {"lambda", "genomic-control lambda"}, {"min_p", "smallest P"},
            {"p_below_5e-8", "P &lt; 5e-8"}, {"bonferroni_threshold", "Bonferroni threshold (0.05/tested)"},
            {"p_below_bonferroni", "P below Bonferroni"}, {"q_below_fdr", "BH q &le; FDR " + display(s.get("fdr"))}};
        for (String[] r : rows) {
            h.append("<tr><td>").append(r[1]).append("</td><td class=\"n\">").append(num(s, "glm." + r[0])).append("</td>");
            if (nn) h.append("<td class=\"n\">").append(num(s, "nn." + r[0])).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table></div>\n");

        if (nn) {
            h.append("<div><h3>Agreement (BH q &le; ").append(num(s, "fdr")).append(")</h3><table class=\"agreement\">")
                    .append("<tr><th>category</th><th>variants</th><th>what it means</th><th>which (first ")
                    .append(AssocJoin.LISTED).append(")</th></tr>\n");
            for (Agreement a : Agreement.values()) {
                if (!s.path("agreement").has(a.label)) continue;
                StringBuilder ids = new StringBuilder();
                s.path("agreement_variants").path(a.label).forEach(v -> ids.append(ids.length() > 0 ? ", " : "").append(esc(v.asText())));
                h.append("<tr><td class=\"").append(a.label).append("\">").append(esc(a.label)).append("</td><td class=\"n\">")
                        .append(num(s, "agreement." + a.label)).append("</td><td>").append(esc(a.meaning)).append("</td><td>")
                        .append(ids).append("</td></tr>\n");
            }
            h.append("</table>\n<h3>Genotype-risk pattern (network)</h3><table><tr>");
            s.path("pattern").fieldNames().forEachRemaining(k -> h.append("<th>").append(esc(k)).append("</th>"));
            h.append("</tr><tr>");
            s.path("pattern").fieldNames().forEachRemaining(k -> h.append("<td class=\"n\">").append(num(s, "pattern." + k)).append("</td>"));
            h.append("</tr></table></div>\n");
        }
        h.append("</div>\n");

        h.append("<h2 id=\"plots\">Plots</h2>\n");
        for (var e : svgs.entrySet()) if (!sectionPlots.contains(e.getKey())) plot(h, e.getKey(), e.getValue());
        for (String n : notes.values()) h.append("<p class=\"note\">").append(esc(n)).append("</p>\n");

        h.append("<h2 id=\"qc\">Variants and QC</h2>\n<table>");
        h.append("<tr><td>rows in the GLM table</td><td class=\"n\">").append(num(s, "variants.in_glm_table")).append("</td></tr>");
        if (nn) {
            h.append("<tr><td>rows in the network table</td><td class=\"n\">").append(num(s, "variants.in_nn_table")).append("</td></tr>");
            h.append("<tr><td>GLM rows without a network row (not in the model)</td><td class=\"n\">").append(num(s, "variants.glm_only_rows")).append("</td></tr>");
            h.append("<tr><td>network rows without a GLM row</td><td class=\"n\">").append(num(s, "variants.nn_only_rows")).append("</td></tr>");
        }
        JsonNode enc = s.path("qc").path("encode_counts");
        List<String> zero = new java.util.ArrayList<>();
        for (String group : new String[] {"encode_counts", "encode_sample_counts"}) {
            s.path("qc").path(group).fields().forEachRemaining(e -> {
                if (e.getValue().isNumber() && e.getValue().asDouble() == 0) zero.add(e.getKey());
                else h.append("<tr><td>encode: ").append(esc(e.getKey())).append("</td><td class=\"n\">")
                        .append(num(s, "qc." + group + "." + e.getKey())).append("</td></tr>");
            });
        }
        h.append("</table>\n");
        if (!zero.isEmpty()) h.append("<p>Zero in encode's QC summary: ").append(esc(String.join(", ", zero))).append(".</p>\n");
        if (!enc.fields().hasNext()) h.append("<p class=\"note\">No encode JSON given (--encode or --merge-json): QC counts by reason are not shown.</p>\n");

        h.append("<h2 id=\"model\">Network training</h2>\n");
        if (model.metrics.isEmpty()) {
            h.append("<p class=\"note\">No train JSON given (--train or --merge-json): model metrics are not shown.</p>\n");
        } else {
            h.append("<table><tr><th>file</th><th>metric</th><th>value</th></tr>");
            for (ObjectNode m : model.metrics) {
                Map<String, String> flat = new LinkedHashMap<>();
                ModelInfo.flatten(m.get("metrics"), "", flat);
                for (var e : flat.entrySet()) {
                    h.append("<tr><td>").append(esc(m.path("file").asText())).append("</td><td>").append(esc(e.getKey()))
                            .append("</td><td class=\"n\">").append(esc(e.getValue())).append("</td></tr>");
                }
            }
            h.append("</table>\n");
        }

        h.append("<h2 id=\"tophits\">Top hits</h2>\n<p>The ").append(hits.size())
                .append(" most significant variants by the smaller of GLM_P and NN_P. Click a column to sort.</p>")
                .append("<div class=\"filters\">Filter: <input id=\"hitfilter\" type=\"search\" placeholder=\"ID, chromosome, pattern...\"> ")
                .append("AGREEMENT: <select id=\"agreefilter\"><option value=\"\">any</option>");
        for (Agreement a : Agreement.values()) h.append("<option>").append(a.label).append("</option>");
        h.append("</select><span id=\"hitcount\"></span></div>\n<div class=\"scroll\"><table id=\"hits\"><thead><tr>");
        for (String c : HIT_COLUMNS) h.append("<th>").append(c).append("</th>");
        h.append("</tr></thead><tbody>\n");
        for (TopHits.Hit hit : hits) {
            h.append("<tr data-agreement=\"").append(esc(hit.f("AGREEMENT"))).append("\">");
            for (String c : HIT_COLUMNS) {
                String v = c.equals("FOUND_BY") ? foundBy(hit, s.path("glm").path("bonferroni_threshold").asDouble(Double.NaN)) : hit.f(c);
                boolean numeric = !(c.equals("CHROM") || c.equals("ID") || c.equals("REF") || c.equals("ALT") || c.equals("AGREEMENT")
                        || c.equals("PATTERN") || c.equals("FOUND_BY"));
                h.append("<td").append(numeric ? " class=\"n\"" : c.equals("AGREEMENT") ? " class=\"" + esc(v) + "\"" : "").append('>').append(esc(v)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");

        for (PairSection sec : sections) pairSection(h, s, sec, svgs);

        h.append(HOW_TO_READ);
        h.append("<script>").append(JS).append("</script>\n</main></body></html>\n");
        return h.toString();
    }

    /**
     * Which tests put the variant below the Bonferroni threshold of the GLM's tested variants: GLM (additive GLM),
     * NN_ADD (additive score test given the network), NN_CONTRIB (the network's own contribution test); "-" if none.
     */
    static String foundBy(TopHits.Hit hit, double bonf) {
        List<String> by = new java.util.ArrayList<>();
        String[][] tests = {{"GLM_P", "GLM"}, {"NN_ADD_P", "NN_ADD"}, {"NN_CONTRIB_P", "NN_CONTRIB"}};
        for (String[] t : tests) {
            try {
                if (Double.parseDouble(hit.f(t[0])) < bonf) by.add(t[1]);
            } catch (NumberFormatException | NullPointerException e) {
                // NA or absent: not found by that test
            }
        }
        return by.isEmpty() ? "-" : String.join(",", by);
    }

    static void plot(StringBuilder h, String name, String svg) {
        h.append("<div class=\"plot\" id=\"plot-").append(name).append("\">").append(svg).append("</div>\n");
    }

    /** A pair section: which test made the numbers, its headline numbers, the top-pairs table, its plots. */
    static void pairSection(StringBuilder h, ObjectNode s, PairSection sec, Map<String, String> svgs) {
        h.append("<section class=\"pairs\" id=\"").append(sec.key).append("\"><h2>").append(esc(sec.heading)).append("</h2>\n<p>")
                .append(sec.source).append("</p>\n<div class=\"cards\">");
        for (String[] c : sec.cards) card(h, s, sec.key + "." + c[0], c[1]);
        h.append("</div>\n<h3>Top pairs (").append(sec.rows.size()).append(" by P)</h3>\n<div class=\"scroll\"><table class=\"pairtable\"><thead><tr>");
        for (String c : sec.columns) h.append("<th>").append(esc(c)).append("</th>");
        h.append("</tr></thead><tbody>\n");
        for (String[] r : sec.rows) {
            h.append("<tr>");
            for (int i = 0; i < r.length; i++) {
                String c = sec.columns.get(i);
                boolean text = c.startsWith("VARIANT") || c.startsWith("ID") || c.equals("ERRCODE") || c.equals("BONFERRONI") || c.equals("FOLDS");
                h.append(text ? "<td>" : "<td class=\"n\">").append(esc(r[i])).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
        for (Plot p : sec.plots) if (svgs.containsKey(p.name())) plot(h, p.name(), svgs.get(p.name()));
        for (String n : sec.notes) h.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
        h.append("</section>\n");
    }

    static String fileName(String path) {
        return path.isEmpty() ? path : java.nio.file.Path.of(path).getFileName().toString();
    }

    static void card(StringBuilder h, ObjectNode s, String key, String label) {
        h.append("<div class=\"card\"><div class=\"v\">").append(num(s, key)).append("</div><div class=\"l\">").append(label).append("</div></div>");
    }

    static final String HOW_TO_READ = """
            <h2 id="howto">How to read these numbers</h2>
            <dl>
            <dt>GLM_OR, GLM_L95, GLM_U95, GLM_P, GLM_Q_BH</dt>
            <dd>Per-variant logistic regression (additive ALT dosage, covariates adjusted): odds ratio per ALT (A1) allele with its
            95% Wald confidence interval, two-sided P (Firth likelihood-ratio P where the plain fit failed), and the genome-wide
            Benjamini-Hochberg q-value.</dd>
            <dt>NN_P, NN_Q (network score tests), NN_ADD_P, NN_CONTRIB_P</dt>
            <dd>NN_P combines two tests on held-out samples only, each uniform under no association like a GLM P: NN_ADD_P, the
            additive score test of the variant given the covariates and the network's prediction from the other chromosomes, and
            NN_CONTRIB_P, whether the variant's contribution to the cross-fitted network's prediction correlates with the
            case/control residual. NN_P is the smaller of the two, corrected for their correlation. NN_CONTRIB_P also picks up
            the shape the network learned (dominance, interactions), so a small NN_CONTRIB_P with a large GLM_P points to a
            non-additive effect. NN_CONTRIB_P is the network's own evidence; its Manhattan plot is drawn apart from NN_P's.</dd>
            <dt>FOUND_BY</dt>
            <dd>The tests whose P is below the Bonferroni threshold of the tested variants (0.05 / tested): GLM (the additive
            GLM), NN_ADD (the additive score test given the network) and NN_CONTRIB (the network's own contribution test);
            "-" if none. A hit found by NN_CONTRIB alone is one the additive models miss.</dd>
            <dt>IMPORTANCE</dt>
            <dd>Mean increase in held-out cross-entropy (nats per sample) when the variant is permuted within a fold: how much the
            model relies on it. It is a second, weaker test (one-sided); read it as reliance, not as the headline p-value.</dd>
            <dt>NN_OR, NN_L95, NN_U95</dt>
            <dd>The average per-allele odds ratio the network implies (half the held-out mean logit difference between genotypes 2
            and 0, exponentiated), on the GLM's scale, with a 95% interval from the spread over samples.</dd>
            <dt>RISK_0, RISK_1, RISK_2 and PATTERN</dt>
            <dd>The network's mean predicted risk with the variant set to 0, 1 or 2 ALT alleles. With logits l0, l1, l2 and
            h = (l1 - l0)/(l2 - l0): flat if |l2 - l0| &lt; 0.01; recessive if -0.25 &le; h &lt; 0.25; additive if 0.25 &le; h &le; 0.75;
            dominant if 0.75 &lt; h &le; 1.25; overdominant otherwise (with respect to the ALT allele). The label is descriptive and
            means something only where NN_P is small.</dd>
            <dt>AGREEMENT</dt>
            <dd>both: GLM_Q_BH and NN_Q are both at most the FDR level, same effect direction; both_opposite: both called but
            GLM and network effects point in opposite directions; glm_only / nn_only: only one test calls it; none: neither;
            NA: neither test has a q-value.</dd>
            <dt>lambda</dt>
            <dd>Genomic-control inflation: median of the 1-df chi-square statistics implied by the P values divided by 0.4549.
            Near 1 means calibrated p-values; well above 1 suggests stratification or a mis-specified test, or a highly polygenic trait.</dd>
            <dt>Manhattan and QQ plots</dt>
            <dd>Red dashed line: P = 5e-8; grey dashed line: Bonferroni 0.05 / tests. Variants with P &ge; 1e-3 are thinned to one
            point per pixel (they would overlap anyway); all others are drawn. The QQ band is the pointwise 95% interval of
            uniform order statistics.</dd>
            </dl>
            """;
}
