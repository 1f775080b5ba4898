package org.assocnet.genotype;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;

/**
 * A bgenix index (FILE.bgen.bgi): an SQLite database whose table {@code Variant} holds each variant's
 * chromosome, position and byte offset ({@code file_start_position}). Used to seek straight to the
 * variants of a region or of a variant range instead of scanning the variant headers. An index whose
 * recorded file size differs from the BGEN's is ignored with a warning (the scan is used).
 */
final class BgiIndex {
    private final Path path;
    private final long variants;
    private final Map<String, List<String>> chromsByName = new HashMap<>();
    private final int maxRefLen;

    private BgiIndex(Path path, long variants, List<String> chroms, int maxRefLen) {
        this.path = path;
        this.variants = variants;
        for (String c : chroms) chromsByName.computeIfAbsent(PlinkChrom.normalise(c), k -> new ArrayList<>()).add(c);
        this.maxRefLen = maxRefLen;
    }

    /** The index beside {@code bgen} ({@code FILE.bgi}), or null when there is none or it does not fit the file. */
    static BgiIndex open(Path bgen, long bgenVariants) throws IOException {
        Path p = Path.of(bgen + ".bgi");
        if (!Files.isRegularFile(p)) return null;
        try (Connection c = connect(p); Statement st = c.createStatement()) {
            try (ResultSet m = st.executeQuery("SELECT file_size FROM Metadata")) {
                if (m.next() && m.getLong(1) != Files.size(bgen)) {
                    Log.warn("%s: records a file size of %d bytes, %s has %d: index ignored (the variant headers are scanned)", p,
                            m.getLong(1), bgen.getFileName(), Files.size(bgen));
                    return null;
                }
            } catch (SQLException e) {
                // older bgenix indexes have no Metadata table
            }
            long n;
            int maxRef;
            try (ResultSet r = st.executeQuery("SELECT count(*), max(length(allele1)) FROM Variant")) {
                r.next();
                n = r.getLong(1);
                maxRef = Math.max(1, r.getInt(2));
            }
            if (n != bgenVariants) {
                Log.warn("%s: indexes %d variants, %s holds %d: index ignored (the variant headers are scanned)", p, n, bgen.getFileName(),
                        bgenVariants);
                return null;
            }
            List<String> chroms = new ArrayList<>();
            try (ResultSet r = st.executeQuery("SELECT DISTINCT chromosome FROM Variant")) {
                while (r.next()) chroms.add(r.getString(1));
            }
            return new BgiIndex(p, n, chroms, maxRef);
        } catch (SQLException e) {
            throw new UserException(p + ": not a readable bgenix index (SQLite table Variant): " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path p) throws SQLException {
        try {
            Class.forName("org.sqlite.JDBC");
        } catch (ClassNotFoundException e) {
            throw new SQLException("no SQLite JDBC driver on the class path", e);
        }
        return DriverManager.getConnection("jdbc:sqlite:file:" + p.toAbsolutePath() + "?mode=ro");
    }

    Path path() {
        return path;
    }

    /**
     * Byte offsets, in file order, of the variants that may match the regions (chromosome names normalised
     * as in {@link PlinkChrom}; positions widened by the longest first allele so overlapping records are kept;
     * the reader applies the exact test).
     */
    long[] offsets(List<Region> regions) throws IOException {
        java.util.TreeSet<Long> out = new java.util.TreeSet<>();
        try (Connection c = connect(path);
                PreparedStatement q = c.prepareStatement(
                        "SELECT file_start_position FROM Variant WHERE chromosome = ? AND position >= ? AND position <= ?")) {
            for (Region r : regions) {
                for (String raw : chromsByName.getOrDefault(r.chrom(), List.of())) {
                    q.setString(1, raw);
                    q.setLong(2, r.byStart() ? r.start() : Math.max(0, r.start() - maxRefLen + 1));
                    q.setLong(3, r.end());
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) out.add(rs.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new UserException(path + ": cannot query the index: " + e.getMessage(), e);
        }
        long[] a = new long[out.size()];
        int i = 0;
        for (long v : out) a[i++] = v;
        return a;
    }

    /** Byte offset of variant {@code k} (1-based, file order). */
    long offsetOf(long k) throws IOException {
        try (Connection c = connect(path);
                PreparedStatement q = c.prepareStatement("SELECT file_start_position FROM Variant ORDER BY file_start_position LIMIT 1 OFFSET ?")) {
            q.setLong(1, k - 1);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) throw new UserException(path + ": no variant " + k + " in the index (" + variants + " variants)");
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new UserException(path + ": cannot query the index: " + e.getMessage(), e);
        }
    }
}
