package org.assocnet.genotype;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.assocnet.core.UserException;

/**
 * A genomic interval, 1-based and inclusive at both ends ({@code chr:start-end}). A record matches it when
 * the record overlaps the interval (as {@code bcftools view -r}), or, with {@code byStart}, only when the
 * record starts inside it: adjacent chunks then never share a record (a deletion that spans a chunk
 * boundary belongs to the chunk of its POS).
 */
public record Region(String chrom, long start, long end, boolean byStart) {
    public static final long MAX_END = Integer.MAX_VALUE;

    public Region(String chrom, long start, long end) {
        this(chrom, start, end, false);
    }

    /** The same interval, matched by record start position instead of overlap. */
    public Region matchingByStart() {
        return new Region(chrom, start, end, true);
    }

    /** Parses {@code chr}, {@code chr:pos}, {@code chr:start-end} or {@code chr:start-} (commas allowed in numbers). */
    public static Region parse(String s) {
        String t = s.trim();
        int colon = t.lastIndexOf(':');
        if (t.isEmpty()) throw new UserException("--region: empty region");
        if (colon < 0) return new Region(t, 1, MAX_END);
        String chrom = t.substring(0, colon);
        String range = t.substring(colon + 1).replace(",", "");
        try {
            int dash = range.indexOf('-');
            long a;
            long b;
            if (dash < 0) {
                a = Long.parseLong(range);
                b = a;
            } else {
                a = Long.parseLong(range.substring(0, dash));
                b = dash == range.length() - 1 ? MAX_END : Long.parseLong(range.substring(dash + 1));
            }
            if (chrom.isEmpty() || a < 1 || b < a) throw new NumberFormatException();
            return new Region(chrom, a, b);
        } catch (NumberFormatException e) {
            throw new UserException("--region '" + s + "': expected chr:start-end with 1 <= start <= end");
        }
    }

    /** Reads a BED file (0-based half-open starts; {@code track}/{@code browser}/{@code #} lines skipped). */
    public static List<Region> readBed(Path bed) throws IOException {
        org.assocnet.io.InputFile.require(bed, "regions file");
        List<Region> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(bed)) {
            String line;
            long ln = 0;
            while ((line = r.readLine()) != null) {
                ln++;
                if (line.isBlank() || line.startsWith("#") || line.startsWith("track") || line.startsWith("browser")) continue;
                String[] f = line.split("\t");
                if (f.length < 3) throw UserException.at(bed, ln, null, "expected at least 3 tab-separated fields (chrom, start, end)");
                long a;
                long b;
                try {
                    a = Long.parseLong(f[1].trim());
                } catch (NumberFormatException e) {
                    throw UserException.at(bed, ln, "start", "not an integer: '" + f[1] + "'");
                }
                try {
                    b = Long.parseLong(f[2].trim());
                } catch (NumberFormatException e) {
                    throw UserException.at(bed, ln, "end", "not an integer: '" + f[2] + "'");
                }
                if (a < 0 || b <= a) throw UserException.at(bed, ln, "end", "end must be greater than start (BED is 0-based, half-open)");
                out.add(new Region(f[0], a + 1, b));
            }
        }
        return out;
    }

    /**
     * True when a record starting at pos with a REF of refLen bases matches this region: it overlaps it, or
     * (byStart) it starts inside it.
     */
    public boolean overlaps(String c, long pos, int refLen) {
        if (byStart) return chrom.equals(c) && pos >= start && pos <= end;
        return chrom.equals(c) && pos <= end && pos + Math.max(refLen, 1) - 1 >= start;
    }

    /**
     * Sorts regions in the order of {@code contigs} (unknown contigs keep input order after known ones)
     * and merges overlapping or adjacent ones, so each record is emitted at most once and in file order.
     */
    public static List<Region> normalise(List<Region> in, List<String> contigs) {
        List<Region> s = new ArrayList<>(in);
        s.sort(Comparator.<Region>comparingInt(r -> {
            int i = contigs.indexOf(r.chrom);
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(r -> contigs.contains(r.chrom) ? "" : r.chrom).thenComparingLong(Region::start));
        List<Region> out = new ArrayList<>();
        for (Region r : s) {
            Region last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.chrom.equals(r.chrom) && r.start <= last.end + 1) {
                out.set(out.size() - 1, new Region(last.chrom, last.start, Math.max(last.end, r.end), last.byStart));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return chrom + ":" + start + "-" + (end == MAX_END ? "" : Long.toString(end));
    }
}
