package org.assocnet.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.assocnet.core.Version;

/** One configured Jackson mapper for every JSON file assocnet reads or writes. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
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
        MAPPER.writeValue(path.toFile(), value);
    }

    public static ObjectNode read(Path path) throws IOException {
        return (ObjectNode) MAPPER.readTree(path.toFile());
    }
}
