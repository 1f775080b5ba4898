package org.assocnet.io;

import java.util.Comparator;
import java.util.Locale;

/**
 * Natural chromosome order: 1..22, X, Y, MT (a "chr" prefix is ignored; M = MT; PLINK's numeric codes
 * 23 = X, 24 = Y, 25 = XY (pseudo-autosomal, after Y), 26 = MT), then every other name in lexicographic order.
 */
public final class Chromosomes {
    private Chromosomes() {}

    public static final int OTHER = 1000;

    /** Rank in the natural order; every unrecognised name gets {@link #OTHER} (ties broken by name). */
    public static int rank(String chrom) {
        String c = chrom;
        if (c.length() > 3 && c.regionMatches(true, 0, "chr", 0, 3)) c = c.substring(3);
        c = c.toUpperCase(Locale.ROOT);
        switch (c) {
            case "X": case "23": return 23;
            case "Y": case "24": return 24;
            case "XY": case "25": case "PAR": return 25;
            case "MT": case "M": case "26": return 26;
            default:
        }
        if (!c.isEmpty() && c.length() <= 2 && c.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(c);
            if (n >= 1 && n <= 22) return n;
        }
        return OTHER;
    }

    /** Compares chromosome names in the natural order. */
    public static final Comparator<String> ORDER = (a, b) -> {
        int ra = rank(a), rb = rank(b);
        if (ra != rb) return Integer.compare(ra, rb);
        return a.compareTo(b);
    };

    /** Short label for plots: the name without a "chr" prefix. */
    public static String label(String chrom) {
        if (chrom.length() > 3 && chrom.regionMatches(true, 0, "chr", 0, 3)) return chrom.substring(3);
        return chrom;
    }
}
