package org.assocnet.pheno;

import java.util.TreeSet;
import org.assocnet.core.UserException;

/**
 * A binary phenotype column: PLINK coding 1 = control, 2 = case (0 and -9 missing) or 0 = control,
 * 1 = case; {@code NA}, {@code -9} and {@code .} are missing. Values are stored as 1 = case, 0 = control,
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
