package org.assocnet.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.attribution.FixturesAccess;
import org.assocnet.attribution.NnTable;
import org.assocnet.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributeCommandTest {
    @TempDir Path dir;

    @Test
    void writesTableAndSummary() throws Exception {
        String cohort = FixturesAccess.cohortWithPartialModel(dir, dir.resolve("m.model"));
        String out = dir.resolve("out").toString();
        int rc = Main.run("attribute", "--cohort", cohort, "--model", dir.resolve("m.model").toString(), "--out", out,
                "--draws", "2", "--threads", "2");
        assertEquals(0, rc);
        List<String> lines = Files.readAllLines(Path.of(out + ".nn.tsv"));
        assertEquals(String.join("\t", NnTable.COLUMNS), lines.get(0));
        assertEquals(1 + FixturesAccess.VARIANTS, lines.size());
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            assertEquals(NnTable.COLUMNS.length, f.length, l);
            for (String c : new String[] {"ADD_P", "CONTRIB_P"}) {
                if (!f[col(c)].equals("NA")) assertTrue(Double.parseDouble(f[col(c)]) <= 1, c + ": " + l);
            }
            assertEquals(f[4], f[5], "A1 = ALT");
            boolean inModel = FixturesAccess.MODEL_COLUMNS.contains(Integer.parseInt(f[2].substring(1)));
            if (inModel) {
                assertEquals(".", f[col("ERRCODE")], l);
                double p = Double.parseDouble(f[col("P")]);
                assertTrue(p >= 0 && p <= 1, l);
                assertTrue(Double.parseDouble(f[10]) < Double.parseDouble(f[11]), "L95 < U95: " + l);
            } else {
                assertEquals("NOT_IN_MODEL", f[col("ERRCODE")], l);
                assertEquals("NA", f[col("P")]);
                assertEquals("NA", f[8]);
                assertEquals("NA", f[col("NN_Q")], "NN_Q only over tested variants");
            }
        }
        ObjectNode j = Json.read(Path.of(out + ".nn.json"));
        assertEquals(1, j.path("seed").asLong());
        assertEquals(FixturesAccess.MODEL_COLUMNS.size(), j.path("P").path("tested").asInt());
        assertTrue(j.path("P").has("lambda"));
        assertEquals(FixturesAccess.MODEL_COLUMNS.size(), j.path("ADD_P").path("tested").asInt());
        assertEquals(FixturesAccess.MODEL_COLUMNS.size(), j.path("CONTRIB_P").path("tested").asInt());
        assertTrue(j.path("IMPORTANCE_P").has("count_bonferroni"));
        assertTrue(j.path("evaluationsPerSecond").asDouble() > 0);
        assertEquals(2, j.path("parameters").path("draws").asInt());
    }

    @Test
    void badInputsExitTwoAndLeaveNothingBehind() throws Exception {
        String cohort = FixturesAccess.cohortWithPartialModel(dir, dir.resolve("m.model"));
        String out = dir.resolve("bad").toString();
        assertEquals(2, Main.run("attribute", "--cohort", cohort, "--model", dir.resolve("nope").toString(), "--out", out));
        assertEquals(2, Main.run("attribute", "--cohort", cohort, "--model", dir.resolve("m.model").toString(), "--out", out,
                "--draws", "0"));
        // a model whose folds.tsv lacks a sample of the cohort
        Path folds = dir.resolve("m.model/folds.tsv");
        Files.writeString(folds, Files.readString(folds).replace("s0\t", "zz\t"));
        assertEquals(2, Main.run("attribute", "--cohort", cohort, "--model", dir.resolve("m.model").toString(), "--out", out));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("bad")), "no output left behind");
        }
    }

    private static int col(String name) {
        return java.util.Arrays.asList(NnTable.COLUMNS).indexOf(name);
    }
}
