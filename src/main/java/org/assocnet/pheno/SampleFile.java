package org.assocnet.pheno;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assocnet.core.UserException;

/**
 * A PLINK-style sample table (phenotype or covariate file): a header line starting with {@code FID IID}
 * or {@code IID} (optionally prefixed with {@code #}), then one row per sample; fields separated by
 * whitespace or tabs. Values are kept as strings; {@link Phenotype} and {@link Covariates} interpret them.
 */
public final class SampleFile {
    private final Path path;
    private final boolean hasFid;
    private final List<String> columns;      // value columns (after FID/IID)
    private final List<String> fid = new ArrayList<>();
    private final List<String> iid = new ArrayList<>();
    private final List<String[]> values = new ArrayList<>();
    private final List<Long> lines = new ArrayList<>();
    private final Map<String, Integer> byKey = new HashMap<>();
    private final Map<String, Integer> byIid = new HashMap<>();
    private final Map<String, Integer> iidCount = new HashMap<>();

    private SampleFile(Path path, boolean hasFid, List<String> columns) {
        this.path = path;
        this.hasFid = hasFid;
        this.columns = columns;
    }

    public static SampleFile read(Path path) throws IOException {
        org.assocnet.io.InputFile.require(path, "sample file");
        try {
            return readUtf8(path);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw org.assocnet.io.InputFile.notUtf8(path);
        }
    }

    private static SampleFile readUtf8(Path path) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(path)) {
            String head;
            long ln = 0;
            do {
                head = r.readLine();
                ln++;
            } while (head != null && head.isBlank());
            if (head != null && head.startsWith("\uFEFF")) head = head.substring(1); // UTF-8 byte order mark
            if (head == null) throw UserException.at(path, ln, null, "empty file (expected a header line 'FID IID ...' or 'IID ...')");
            String[] h = split(head);
            String first = h[0].startsWith("#") ? h[0].substring(1) : h[0];
            boolean fid;
            if (first.equals("FID")) {
                if (h.length < 2 || !h[1].equals("IID")) {
                    throw UserException.at(path, ln, h.length < 2 ? "FID" : h[1], "second header column must be 'IID'");
                }
                fid = true;
            } else if (first.equals("IID")) {
                fid = false;
            } else {
                throw UserException.at(path, ln, h[0], "header must start with 'FID IID' or 'IID' (optionally '#FID'/'#IID')");
            }
            int skip = fid ? 2 : 1;
            List<String> cols = List.of(Arrays.copyOfRange(h, skip, h.length));
            for (int i = 0; i < cols.size(); i++) {
                if (cols.indexOf(cols.get(i)) != i) throw UserException.at(path, ln, cols.get(i), "duplicate column name");
            }
            SampleFile sf = new SampleFile(path, fid, cols);
            String line;
            while ((line = r.readLine()) != null) {
                ln++;
                if (line.isBlank()) continue;
                String[] f = split(line);
                if (f.length != h.length) {
                    throw UserException.at(path, ln, null, "expected " + h.length + " fields (as in the header), found " + f.length);
                }
                String fi = fid ? f[0] : f[0];
                String ii = fid ? f[1] : f[0];
                String key = (fid ? fi : "") + "\t" + ii;
                if (sf.byKey.containsKey(key)) {
                    throw UserException.at(path, ln, "IID", "duplicate sample '" + (fid ? fi + " " : "") + ii + "'");
                }
                int idx = sf.iid.size();
                sf.byKey.put(key, idx);
                sf.byIid.put(ii, idx);
                sf.iidCount.merge(ii, 1, Integer::sum);
                sf.fid.add(fid ? fi : ii);
                sf.iid.add(ii);
                sf.values.add(Arrays.copyOfRange(f, skip, f.length));
                sf.lines.add(ln);
            }
            return sf;
        }
    }

    /**
     * Fields separated by runs of spaces and tabs, leading and trailing blanks ignored (as
     * {@code line.trim().split("[ \t]+")}, without a regular expression: String.split compiles one per call).
     */
    static String[] split(String line) {
        String t = line.trim();
        if (t.isEmpty()) return new String[] {""};
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        int n = t.length(), i = 0;
        while (i < n) {
            int start = i;
            while (i < n && t.charAt(i) != ' ' && t.charAt(i) != '\t') i++;
            out.add(t.substring(start, i));
            while (i < n && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) i++;
        }
        return out.toArray(new String[0]);
    }

    public Path path() {
        return path;
    }

    public boolean hasFid() {
        return hasFid;
    }

    public List<String> columns() {
        return columns;
    }

    public int size() {
        return iid.size();
    }

    public String fid(int row) {
        return fid.get(row);
    }

    public String iid(int row) {
        return iid.get(row);
    }

    public long line(int row) {
        return lines.get(row);
    }

    public String value(int row, int column) {
        return values.get(row)[column];
    }

    /** Index of a value column by name, or a UserException listing the available names. */
    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) throw new UserException(path + ": no column '" + name + "' (columns: " + String.join(", ", columns) + ")");
        return i;
    }

    /**
     * Row for a VCF sample ID: matched to IID; when the IID is absent, an ID of the form {@code FID_IID}
     * (PLINK's VCF export of family IDs) is tried too. -1 if absent. An IID present under several FIDs is
     * ambiguous for a VCF (which carries one ID) and is an error.
     */
    public int rowForVcfId(String id) {
        Integer r = byIid.get(id);
        if (r != null) {
            if (iidCount.get(id) > 1) {
                throw new UserException(path + ": IID '" + id + "' occurs under several FIDs; a VCF sample ID cannot choose one");
            }
            return r;
        }
        if (hasFid) {
            int u = id.indexOf('_');
            while (u > 0) {
                Integer k = byKey.get(id.substring(0, u) + "\t" + id.substring(u + 1));
                if (k != null) return k;
                u = id.indexOf('_', u + 1);
            }
        }
        return -1;
    }

    /** Row matching another file's sample: by FID and IID when both files have FIDs, else by IID. -1 if absent. */
    public int rowFor(String fid, String iid, boolean otherHasFid) {
        if (hasFid && otherHasFid) {
            Integer r = byKey.get(fid + "\t" + iid);
            return r == null ? -1 : r;
        }
        Integer r = byIid.get(iid);
        if (r != null && iidCount.get(iid) > 1) {
            throw new UserException(path + ": IID '" + iid + "' occurs under several FIDs; cannot match it by IID alone");
        }
        return r == null ? -1 : r;
    }

    /** Missing-value codes shared by phenotypes and covariates (PLINK conventions). */
    public static boolean isMissing(String v) {
        return v.equals("NA") || v.equals("-9") || v.equals(".") || v.equals("nan") || v.equals("NaN") || v.isEmpty();
    }
}
