package org.assocnet.pheno;

import java.util.TreeSet;
import org.assocnet.core.UserException;

/**
 * A binary phenotype column: PLINK coding 1 = control, 2 = case (0 and -9 missing) or 0 = control,
 * 1 = case (a column holding 0, 1 and 2 is ambiguous and refused); {@code NA}, {@code -9} and {@code .} are missing. Values are stored as 1 = case, 0 = control,
 * -1 = missing, one per row of the {@link SampleFile}.
 */
public record Phenotype(String name, int[] values, String coding) {
    public static final int MISSING = -1;

    /** Reads column {@code name} (null = the first value column). */
    public static Phenotype of(SampleFile f, String name) {
        if (f.columns().isEmpty()) {
            throw UserException.at(f.path(), 1, null, "no phenotype column (header has only FID/IID)");
        }
        int c = name == null ? 0 : f.column(name);
        String col = f.columns().get(c);
        double[] raw = new double[f.size()];
        TreeSet<Double> seen = new TreeSet<>();
        for (int i = 0; i < f.size(); i++) {
            String v = f.value(i, c);
            if (SampleFile.isMissing(v)) {
                raw[i] = Double.NaN;
                continue;
            }
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw UserException.at(f.path(), f.line(i), col, "phenotype value '" + v
                        + "' is not binary (expected 1/2 or 0/1 case/control coding; NA or -9 for missing)");
            }
            if (d != 0 && d != 1 && d != 2) {
                throw UserException.at(f.path(), f.line(i), col, "phenotype value '" + v
                        + "' is not binary (expected 1/2 or 0/1 case/control coding; NA or -9 for missing)");
            }
            raw[i] = d;
            seen.add(d);
        }
        if (seen.contains(0.0) && seen.contains(1.0) && seen.contains(2.0)) {
            // 0/1 with a stray 2, or 1/2 with 0 as missing: guessing either silently changes cases and controls
            int zeros = 0, twos = 0, firstZero = -1, firstTwo = -1;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    zeros++;
                    if (firstZero < 0) firstZero = i;
                } else if (raw[i] == 2) {
                    twos++;
                    if (firstTwo < 0) firstTwo = i;
                }
            }
            int odd = twos <= zeros ? firstTwo : firstZero;
            throw UserException.at(f.path(), f.line(odd), col, "ambiguous case/control coding: 0, 1 and 2 all occur ("
                    + zeros + " zeros, " + twos + " twos); value '" + f.value(odd, c) + "' here does not fit the "
                    + (twos <= zeros ? "0/1 coding of the other rows" : "1/2 coding of the other rows")
                    + "; use 0/1 or 1/2 consistently, with NA or -9 for missing");
        }
        int[] out = new int[raw.length];
        String coding;
        if (seen.contains(2.0)) {
            coding = "1/2 (2 = case, 1 = control, 0/-9/NA = missing)";
            for (int i = 0; i < raw.length; i++) out[i] = raw[i] == 2 ? 1 : raw[i] == 1 ? 0 : MISSING;
        } else {
            coding = "0/1 (1 = case, 0 = control, -9/NA = missing)";
            for (int i = 0; i < raw.length; i++) out[i] = Double.isNaN(raw[i]) ? MISSING : (int) raw[i];
        }
        return new Phenotype(col, out, coding);
    }
}
