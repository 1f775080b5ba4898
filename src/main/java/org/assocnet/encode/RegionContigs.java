package org.assocnet.encode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.genotype.Region;
import org.assocnet.genotype.GenotypeFile;

/**
 * Checks that the contigs of --region/--regions-file exist in the genotype files (names must match exactly:
 * 'chr1' is not '1'), so a naming mismatch is an error that lists the files' contigs, not an empty cohort.
 */
final class RegionContigs {
    private RegionContigs() {}

    static void check(List<? extends GenotypeFile> files, List<Region> regions) throws IOException {
        if (regions.isEmpty()) return;
        Set<String> known = new LinkedHashSet<>();
        for (GenotypeFile f : files) {
            List<String> c = f.contigs();
            if (c.isEmpty()) return; // neither header nor index names the contigs: cannot tell up front
            for (String s : c) if (s != null) known.add(s);
        }
        List<String> absent = new ArrayList<>();
        for (Region r : regions) {
            boolean found = files.stream().anyMatch(f -> known.contains(f.contigOf(r.chrom())));
            if (!found && !absent.contains(r.chrom())) absent.add(r.chrom());
        }
        if (absent.isEmpty()) return;
        String list = String.join(", ", known.stream().limit(30).toList()) + (known.size() > 30 ? ", ..." : "");
        String hint = absent.get(0).startsWith("chr") && known.contains(absent.get(0).substring(3)) ? " (try '" + absent.get(0).substring(3) + "')"
                : known.contains("chr" + absent.get(0)) ? " (try 'chr" + absent.get(0) + "')" : "";
        if (absent.size() == new LinkedHashSet<>(regions.stream().map(Region::chrom).toList()).size()) {
            throw new UserException(files.get(0).path() + ": no region contig is in the genotype file" + (files.size() > 1 ? "s" : "")
                    + ": '" + absent.get(0) + "' is absent" + hint + "; contigs are: " + list);
        }
        Log.warn("region contig(s) %s not in the genotype files (contigs are: %s)", String.join(", ", absent), list);
    }
}
