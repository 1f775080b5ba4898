package org.assocnet.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assocnet.attribution.FixturesAccess;
import org.assocnet.attribution.NnTable;
import org.assocnet.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** attribute --null conditional through the CLI: JSON parameters and counts, unchanged effect-size columns, bad options. */
class ConditionalAttributeCommandTest {
    @TempDir Path dir;

    static int col(String name) {
        return Arrays.asList(NnTable.COLUMNS).indexOf(name);
    }

    @Test
    void conditionalModeWritesItsParametersAndKeepsTheEffectSizes() throws Exception {
        String cohort = FixturesAccess.cohortWithPartialModel(dir, dir.resolve("m.model"));
        String model = dir.resolve("m.model").toString();
        String m = dir.resolve("marg").toString(), c = dir.resolve("cond").toString();
        assertEquals(0, Main.run("attribute", "--cohort", cohort, "--model", model, "--out", m, "--draws", "2"));
        assertEquals(0, Main.run("attribute", "--cohort", cohort, "--model", model, "--out", c, "--draws", "2", "--null",
                "conditional", "--cond-window", "2"));
        ObjectNode jm = Json.read(Path.of(m + ".nn.json")), jc = Json.read(Path.of(c + ".nn.json"));
        assertEquals("marginal", jm.path("parameters").path("null").asText());
        assertFalse(jm.has("conditional"), "marginal JSON unchanged: no conditional block");
        assertFalse(jm.path("parameters").has("condWindow"));
        assertEquals("conditional", jc.path("parameters").path("null").asText());
        assertEquals(2, jc.path("parameters").path("condWindow").asInt());
        int tested = FixturesAccess.MODEL_COLUMNS.size();
        assertEquals(tested, jc.path("conditional").path("genotypeModelsFitted").asInt()
                + jc.path("conditional").path("fellBackToMarginal").asInt());
        assertEquals(tested, jc.path("P").path("tested").asInt());
        List<String> lm = Files.readAllLines(Path.of(m + ".nn.tsv")), lc = Files.readAllLines(Path.of(c + ".nn.tsv"));
        assertEquals(lm.size(), lc.size());
        int differ = 0;
        for (int r = 1; r < lm.size(); r++) {
            String[] a = lm.get(r).split("\t", -1), b = lc.get(r).split("\t", -1);
            for (String same : new String[] {"NN_BETA", "RISK_0", "RISK_2", "IG_MEAN", "IMPORTANCE", "IMPORTANCE_P", "ERRCODE", "OBS_CT"}) {
                assertEquals(a[col(same)], b[col(same)], same + " row " + r);
            }
            if (!a[col("ADD_Z")].equals(b[col("ADD_Z")])) differ++;
        }
        assertEquals(tested, differ, "every tested variant's ADD_Z changes");
    }

    @Test
    void badConditionalOptionsExitTwo() throws Exception {
        String cohort = FixturesAccess.cohortWithPartialModel(dir, dir.resolve("m.model"));
        String model = dir.resolve("m.model").toString(), out = dir.resolve("bad").toString();
        assertEquals(2, Main.run("attribute", "--cohort", cohort, "--model", model, "--out", out, "--null", "joint"));
        assertEquals(2, Main.run("attribute", "--cohort", cohort, "--model", model, "--out", out, "--null", "conditional",
                "--cond-window", "-1"));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("bad")), "no output left behind");
        }
    }
}
