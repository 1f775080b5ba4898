package org.assocnet.encode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.assocnet.core.Log;

/**
 * Finds repeated variants (same CHROM, POS, REF and ALT) in a position-sorted stream: only the alleles seen at the
 * current position are kept, so memory stays tiny. The first copy is kept; later copies are dropped, counted
 * ({@code duplicate} in encode.json's variant drops) and the first few logged with both places.
 */
final class DuplicateVariants {
    private static final int LOG_LIMIT = 5;
    private String chrom;
    private long pos = -1;
    private final Map<String, String> here = new HashMap<>();
    private long count;

    /** True if this variant was already seen (and should be dropped). */
    boolean seen(String c, long p, String ref, String alt, Path file, long line) {
        if (p != pos || !c.equals(chrom)) {
            chrom = c;
            pos = p;
            here.clear();
        }
        String where = file + (line > 0 ? ":" + line : "");
        String first = here.putIfAbsent(ref + '\t' + alt, where);
        if (first == null) return false;
        count++;
        if (count <= LOG_LIMIT) {
            Log.warn("duplicate variant %s:%d %s>%s at %s (first at %s): dropped%s", c, p, ref, alt, where, first,
                    count == LOG_LIMIT ? " (further duplicates are counted in encode.json, not logged)" : "");
        }
        return true;
    }
}
