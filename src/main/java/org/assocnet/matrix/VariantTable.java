package org.assocnet.matrix;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assocnet.core.UserException;

/** {@code ${prefix}.variants.tsv}: one row per matrix column, in column order ({@link Variant#HEADER}). */
public final class VariantTable {
    private VariantTable() {}

    /** Streaming writer: rows appended as encode emits columns. */
    public static BufferedWriter openWriter(Path path) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(path);
        w.write(Variant.HEADER);
        w.write('\n');
        return w;
    }

    public static List<Variant> read(Path path) throws IOException {
        org.assocnet.io.InputFile.require(path, "variant table");
        List<Variant> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(path)) {
            String head = r.readLine();
            if (head == null || !head.startsWith("#CHROM\tPOS\tID\tREF\tALT")) {
                throw UserException.at(path, 1, null, "expected header '" + Variant.HEADER + "'");
            }
            String line;
            long ln = 1;
            while ((line = r.readLine()) != null) {
                ln++;
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                if (f.length < 7) throw UserException.at(path, ln, null, "expected 7 fields, found " + f.length);
                long pos;
                double freq;
                int obs;
                try {
                    pos = Long.parseLong(f[1]);
                } catch (NumberFormatException e) {
                    throw UserException.at(path, ln, "POS", "not an integer: '" + f[1] + "'");
                }
                try {
                    freq = f[5].equals("NA") ? Double.NaN : Double.parseDouble(f[5]);
                } catch (NumberFormatException e) {
                    throw UserException.at(path, ln, "ALT_FREQ", "not a number: '" + f[5] + "'");
                }
                try {
                    obs = Integer.parseInt(f[6]);
                } catch (NumberFormatException e) {
                    throw UserException.at(path, ln, "OBS_CT", "not an integer: '" + f[6] + "'");
                }
                out.add(new Variant(f[0], pos, f[2], f[3], f[4], freq, obs));
            }
        }
        return out;
    }
}
