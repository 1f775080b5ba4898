package org.assocnet.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.assocnet.core.Version;

/**
 * Every JSON file assocnet reads or writes. Trees are built from {@link JsonNodeFactory} and written by walking
 * them with a streaming generator; the {@link ObjectMapper} is made only where JSON is read (or a value is not a
 * tree): setting it up costs ~0.2 s of class loading and initialisation in a fresh JVM, which every stage paid
 * at its end (a fifth of the gap to plink2 in encode on one core). The text is the mapper's own with
 * INDENT_OUTPUT (tested).
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** The configured mapper, made on first use. */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    private static final class MapperHolder {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * The first keys of every stage's OUT.STAGE.json (docs/FORMATS.md): {@code stage} (the subcommand's name),
     * {@code version} (assocnet's) and {@code versions} (assocnet, java, and the libraries the stage used, which
     * it adds). Stages then add {@code parameters}, {@code seed} where random draws are made, {@code timings}
     * (seconds) and their own sections.
     */
    public static ObjectNode stageHeader(String stage) {
        ObjectNode j = object();
        j.put("stage", stage);
        j.put("version", Version.get());
        ObjectNode v = j.putObject("versions");
        v.put("assocnet", Version.get());
        v.put("java", System.getProperty("java.version"));
        return j;
    }

    public static void write(Path path, Object value) throws IOException {
        if (!(value instanceof JsonNode tree) || !plain(tree)) {
            mapper().writeValue(path.toFile(), value);
            return;
        }
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(path));
                JsonGenerator g = FACTORY.createGenerator(os)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            tree(g, tree);
        }
    }

    public static ObjectNode read(Path path) throws IOException {
        return (ObjectNode) mapper().readTree(path.toFile());
    }

    /** True when every node is a container, string, number, boolean or null (no POJO or binary node). */
    private static boolean plain(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT, ARRAY -> {
                for (JsonNode c : n) if (!plain(c)) return false;
                return true;
            }
            case STRING, NUMBER, BOOLEAN, NULL -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void tree(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    tree(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode c : n) tree(g, c);
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
                }
            }
            default -> throw new IllegalStateException("not a plain JSON node: " + n.getNodeType());
        }
    }
}
