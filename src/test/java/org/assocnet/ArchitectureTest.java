package org.assocnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, checked on the sources: dependencies point one way (no cycle between
 * packages), no package but cli uses cli, and the dependency list in docs/ARCHITECTURE.md is the real one.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/org/assocnet");
    private static final Pattern REF = Pattern.compile("\\borg\\.assocnet\\.([a-z]+)\\.");

    /** package -> the other assocnet packages its main sources name (imports or qualified names). */
    static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = MAIN.relativize(f).getName(0).toString();
                Set<String> d = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REF.matcher(Files.readString(f));
                while (m.find()) if (!m.group(1).equals(pkg)) d.add(m.group(1));
            }
        }
        return deps;
    }

    @Test
    void noPackageButCliUsesCli() throws IOException {
        dependencies().forEach((pkg, d) -> assertTrue(pkg.equals("cli") || !d.contains("cli"), pkg + " uses cli"));
    }

    @Test
    void packageDependenciesHaveNoCycle() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        Map<String, Integer> state = new TreeMap<>(); // 1 = on the current path, 2 = done
        for (String p : deps.keySet()) visit(p, deps, state, new ArrayList<>());
    }

    private static void visit(String p, Map<String, Set<String>> deps, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(p);
        if (s != null && s == 2) return;
        path.add(p);
        assertTrue(s == null, "package cycle: " + String.join(" -> ", path));
        state.put(p, 1);
        for (String q : deps.getOrDefault(p, Set.of())) visit(q, deps, state, path);
        state.put(p, 2);
        path.remove(path.size() - 1);
    }

    /** docs/ARCHITECTURE.md lists each package's dependencies as "- `pkg` -> a, b" lines; they must be the real ones. */
    @Test
    void documentedDependenciesAreTheRealOnes() throws IOException {
        Map<String, Set<String>> documented = new TreeMap<>();
        Pattern line = Pattern.compile("^- `([a-z]+)` -> (.*)$");
        for (String l : Files.readAllLines(Path.of("docs/ARCHITECTURE.md"))) {
            Matcher m = line.matcher(l);
            if (!m.matches()) continue;
            Set<String> d = new TreeSet<>();
            for (String s : m.group(2).split(",")) {
                String t = s.trim();
                if (!t.isEmpty() && !t.equals("(none)")) d.add(t);
            }
            documented.put(m.group(1), d);
        }
        assertEquals(dependencies(), documented, "update the dependency list in docs/ARCHITECTURE.md");
    }
}
