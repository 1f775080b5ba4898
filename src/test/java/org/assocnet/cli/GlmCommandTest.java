package org.assocnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assocnet.glm.GlmTableWriter;
import org.assocnet.io.Json;
import org.assocnet.matrix.CohortMatrixWriter;
import org.assocnet.matrix.Encoding;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.matrix.SampleTable;
import org.assocnet.matrix.Variant;
import org.assocnet.matrix.VariantTable;
import org.assocnet.io.GwasSsf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlmCommandTest {
    @TempDir
    Path dir;

    String cohort(int n, int p) throws Exception {
        Random r = new Random(11);
        String prefix = dir.resolve("c").toString();
        List<String> ids = new ArrayList<>();
        int[] y = new int[n];
        double[][] cov = new double[n][1];
        for (int i = 0; i < n; i++) {
            ids.add("s" + i);
            y[i] = r.nextBoolean() ? 1 : 0;
            cov[i][0] = r.nextGaussian();
        }
        new SampleTable(ids, ids, y, List.of("PC1"), cov).write(Path.of(prefix + ".samples.tsv"));
        try (CohortMatrixWriter w = new CohortMatrixWriter(Path.of(prefix + ".cohort.bin"), n, MatrixHeader.ValueType.UINT8, Encoding.ADDITIVE);
             BufferedWriter vw = VariantTable.openWriter(Path.of(prefix + ".variants.tsv"))) {
            for (int j = 0; j < p; j++) {
                double[] g = new double[n];
                for (int i = 0; i < n; i++) g[i] = r.nextInt(3);
                if (j == 0) for (int i = 0; i < n; i++) g[i] = y[i] == 1 ? 2 : (i % 2); // strong effect
                if (j == 1) java.util.Arrays.fill(g, 0); // monomorphic
                w.writeColumn(g);
                String chrom = j == 2 ? "chrX" : j == 3 ? "scaffold_7" : "chr1";
                String id = j % 2 == 0 ? "rs" + (100 + j) : "var" + j;
                vw.write(new Variant(chrom, 1000 + j, id, "A", "C", 0.5, n).toTsv() + "\n");
            }
        }
        return prefix;
    }

    @Test
    void writesPlinkTableSsfAndJson() throws Exception {
        String c = cohort(400, 30);
        String out = dir.resolve("out").toString();
        assertEquals(0, Main.run("glm", "--cohort", c, "--out", out, "--threads", "2"));
        List<String> tsv = Files.readAllLines(Path.of(out + ".glm.tsv"));
        assertEquals(GlmTableWriter.HEADER, tsv.get(0));
        assertEquals("#CHROM\tPOS\tID\tREF\tALT\tA1\tA1_FREQ\tA1_CASE_CT\tA1_CTRL_CT\tFIRTH?\tTEST\tOBS_CT\tBETA\tOR"
                + "\tLOG(OR)_SE\tL95\tU95\tZ_STAT\tP\tERRCODE\tQ_BH", tsv.get(0));
        assertEquals(31, tsv.size());
        String[] mono = tsv.get(2).split("\t");
        assertEquals("CONST_OMITTED_ALLELE", mono[19]);
        assertEquals("NA", mono[12]);
        String[] strong = tsv.get(1).split("\t");
        assertEquals("C", strong[5]); // A1 = ALT
        assertTrue(Double.parseDouble(strong[18]) < 1e-20, "strong effect P " + strong[18]);

        List<String> ssf = Files.readAllLines(Path.of(out + ".glm.ssf.tsv"));
        assertEquals(GwasSsf.HEADER, ssf.get(0));
        assertTrue(ssf.get(0).startsWith("chromosome\tbase_pair_location\teffect_allele\tother_allele\todds_ratio"
                + "\tstandard_error\teffect_allele_frequency\tp_value"));
        assertEquals(30, ssf.size()); // the scaffold row is not representable
        assertTrue(ssf.get(1).startsWith("1\t1000\tC\tA\t"), ssf.get(1));
        assertTrue(ssf.get(1).contains("\trs100\t1_1000_A_C\t400\tOA"), ssf.get(1));
        assertTrue(ssf.get(2).contains("\t#NA\t"), "monomorphic row has #NA: " + ssf.get(2));
        assertTrue(ssf.get(3).startsWith("23\t1002\t"), ssf.get(3));
        String meta = Files.readString(Path.of(out + ".glm.ssf.tsv-meta.yaml"));
        assertTrue(meta.contains("file_type: GWAS-SSF v1.0"));
        assertTrue(meta.contains("data_file_md5sum: "));
        assertTrue(meta.contains("case_control_study: true"));
        assertTrue(meta.contains("  - \"PC1\""));

        ObjectNode js = Json.read(Path.of(out + ".glm.json"));
        assertEquals(30, js.get("counts").get("variants").asInt());
        assertEquals(1, js.get("counts").get("failed_by_errcode").get("CONST_OMITTED_ALLELE").asInt());
        assertEquals(29, js.get("counts").get("tested").asInt());
        assertTrue(js.get("lambda_gc").asDouble() > 0);
        assertEquals(0.05 / 29, js.get("bonferroni").get("threshold").asDouble(), 1e-15);
        assertEquals("rs100", js.get("top_hits").get(0).get("id").asText());
        assertEquals("firth-fallback", js.get("parameters").get("firth").asText());
    }

    @Test
    void badInputExitsTwoAndLeavesNothing() throws Exception {
        String c = cohort(50, 3);
        String out = dir.resolve("bad").toString();
        assertEquals(2, Main.run("glm", "--cohort", c, "--out", out, "--test", "exact"));
        assertEquals(2, Main.run("glm", "--cohort", dir.resolve("missing").toString(), "--out", out));
        assertEquals(2, Main.run("glm", "--cohort", c, "--out", out, "--firth", "--no-firth"));
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith("bad")), "no output left behind");
        }
    }
}
