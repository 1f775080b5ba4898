package org.assocnet.io;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.assocnet.core.UserException;

/**
 * Tab-separated tables with a header line, handled by column name so that columns added by a stage flow
 * through merge and report untouched. The first header field may start with '#' (PLINK style, "#CHROM");
 * {@link Header#index} accepts the name with or without it. "NA" (and "nan", "." in numeric columns) reads
 * as NaN. Every parse error is a {@link UserException} naming file, line and field.
 */
public final class TsvTable {
    private TsvTable() {}

    /** Column names of one table, in order. */
    public static final class Header {
        private final List<String> names;
        private final Map<String, Integer> index = new HashMap<>();
        private final Object file;

        public Header(Object file, List<String> names) {
            this.file = file;
            this.names = List.copyOf(names);
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                String bare = bare(n);
                if (index.containsKey(bare)) throw UserException.at(file, 1, n, "column appears twice in the header");
                index.put(bare, i);
            }
        }

        public static String bare(String n) {
            return n.startsWith("#") ? n.substring(1) : n;
        }

        /** Names as written (the first may carry '#'). */
        public List<String> names() {
            return names;
        }

        public int size() {
            return names.size();
        }

        /** Column index of a name (leading '#' ignored), or -1. */
        public int index(String name) {
            Integer i = index.get(bare(name));
            return i == null ? -1 : i;
        }

        public boolean has(String name) {
            return index(name) >= 0;
        }

        /** Column index of a name that must exist. */
        public int require(String name) {
            int i = index(name);
            if (i < 0) throw UserException.at(file, 1, name, "required column is missing (header: " + String.join(" ", names) + ")");
            return i;
        }

        /** Header with names compared without '#'. */
        public boolean sameAs(Header o) {
            if (o.names.size() != names.size()) return false;
            for (int i = 0; i < names.size(); i++) if (!bare(names.get(i)).equals(bare(o.names.get(i)))) return false;
            return true;
        }

        /** The header line, '#' on the first name, tab-separated, no newline. */
        public String line() {
            List<String> out = new ArrayList<>(names);
            if (!out.isEmpty() && !out.get(0).startsWith("#")) out.set(0, "#" + out.get(0));
            return String.join("\t", out);
        }

        public Object file() {
            return file;
        }
    }

    /** One data row: its fields, with file and line number for error messages. */
    public static final class Row {
        public final String[] fields;
        public final long line;
        private final Header header;

        Row(Header header, String[] fields, long line) {
            this.header = header;
            this.fields = fields;
            this.line = line;
        }

        public String get(int i) {
            return fields[i];
        }

        public Header header() {
            return header;
        }

        /** A number: NaN for NA/nan/empty/'.', UserException for anything else that does not parse. */
        public double num(int i) {
            return parseNumber(header.file, line, header.names.get(i), fields[i]);
        }

        public long integer(int i) {
            try {
                return Long.parseLong(fields[i]);
            } catch (NumberFormatException e) {
                throw UserException.at(header.file, line, header.names.get(i), "not an integer: '" + fields[i] + "'");
            }
        }

        public String joined() {
            return String.join("\t", fields);
        }
    }

    public static double parseNumber(Object file, long line, String field, String s) {
        if (isNa(s)) return Double.NaN;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw UserException.at(file, line, field, "not a number: '" + s + "'");
        }
    }

    public static boolean isNa(String s) {
        return s.isEmpty() || s.equals("NA") || s.equals(".") || s.equalsIgnoreCase("nan");
    }

    /** Streaming reader: header on open, then rows. Blank lines are skipped; '##' lines before the header too. */
    public static final class Reader implements Closeable, Iterable<Row> {
        private final BufferedReader in;
        private final Header header;
        private final Path path;
        private long lineNo;
        private String pending;

        public Reader(Path path) throws IOException {
            this.path = path;
            try {
                var raw = Files.newInputStream(path);
                var stream = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                this.in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
            } catch (NoSuchFileException e) {
                throw new UserException(path + ": file not found");
            }
            String h;
            do {
                h = in.readLine();
                lineNo++;
            } while (h != null && (h.startsWith("##") || h.isBlank()));
            if (h == null) {
                in.close();
                throw UserException.at(path, 0, null, "empty file (no header line)");
            }
            List<String> names = new ArrayList<>();
            Collections.addAll(names, h.split("\t", -1));
            this.header = new Header(path, names);
            advance();
        }

        private void advance() throws IOException {
            String l;
            do {
                l = in.readLine();
                lineNo++;
            } while (l != null && l.isBlank());
            pending = l;
        }

        public Header header() {
            return header;
        }

        public Path path() {
            return path;
        }

        /** Next row or null at the end. */
        public Row next() throws IOException {
            if (pending == null) return null;
            String l = pending;
            long ln = lineNo;
            advance();
            String[] f = l.split("\t", -1);
            if (f.length != header.size()) {
                throw UserException.at(path, ln, null, "expected " + header.size() + " tab-separated fields (as in the header), found " + f.length);
            }
            return new Row(header, f, ln);
        }

        @Override
        public Iterator<Row> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return pending != null;
                }

                @Override
                public Row next() {
                    try {
                        Row r = Reader.this.next();
                        if (r == null) throw new NoSuchElementException();
                        return r;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            };
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Writes a header then rows, tab-separated, '\n' line ends. */
    public static final class Writer implements Closeable {
        private final java.io.Writer out;

        public Writer(java.io.Writer out, List<String> names) throws IOException {
            this.out = out;
            out.write(new Header("output", names).line());
            out.write('\n');
        }

        public void row(String... fields) throws IOException {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) out.write('\t');
                out.write(fields[i]);
            }
            out.write('\n');
        }

        public void row(List<String> fields) throws IOException {
            row(fields.toArray(new String[0]));
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Numbers as text: NA for NaN, otherwise 6 significant digits without trailing zeros (like PLINK 2's %g),
     * so equal doubles always give equal text.
     */
    public static String fmt(double v) {
        if (Double.isNaN(v)) return "NA";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        return org.assocnet.core.DecimalText.g6Trimmed(v);
    }

}
