package org.assocnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
    @TempDir
    Path dir;

    /** The streaming writer gives the configured mapper's bytes for every kind of plain node. */
    @Test
    void treeWriterEqualsMapper() throws Exception {
        ObjectNode j = Json.stageHeader("encode");
        j.putNull("seed");
        j.put("text", "tab\there \"quoted\" \u00e9 \u2603");
        j.put("flag", true).put("off", false);
        j.put("int", -7).put("long", 1L << 40).put("float", 0.1f).put("double", 1e-300).put("nan", Double.NaN);
        j.put("inf", Double.NEGATIVE_INFINITY).put("zero", -0.0).put("big", new BigInteger("123456789012345678901234567890"));
        j.put("dec", new BigDecimal("1.2345678901234567890E-7"));
        ObjectNode nested = j.putObject("parameters");
        nested.putObject("empty");
        nested.putArray("none");
        ArrayNode a = nested.putArray("mixed");
        a.add(1).add("x").addNull().add(2.5).addObject().put("k", "v");
        a.addArray().add(true);
        // keys not in sorted order: a tree keeps its insertion order
        j.put("b_key", 1).put("a_key", 2);
        Path mine = dir.resolve("mine.json");
        Path ref = dir.resolve("ref.json");
        Json.write(mine, j);
        Json.mapper().writeValue(ref.toFile(), j);
        assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(mine));
    }

    /** Values that are not trees still go through the mapper (maps sorted by key). */
    @Test
    void otherValuesUseTheMapper() throws Exception {
        Map<String, Object> m = new TreeMap<>(Map.of("z", 1, "a", "x"));
        Path p = dir.resolve("m.json");
        Json.write(p, Map.of("z", 1, "a", "x"));
        assertEquals(Json.mapper().writeValueAsString(m), Files.readString(p));
    }
}
