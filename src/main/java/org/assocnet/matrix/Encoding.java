package org.assocnet.matrix;

import java.util.Locale;

/** How ALT dosage g (0..2) enters a model (STATISTICS.md section 1). */
public enum Encoding {
    /** g */
    ADDITIVE,
    /** 1 if g >= 1 (rounded hard call) */
    DOMINANT,
    /** 1 if g == 2 (rounded hard call) */
    RECESSIVE,
    /** two columns: het (g == 1) and hom-alt (g == 2) */
    GENOTYPIC;

    public int columns() {
        return this == GENOTYPIC ? 2 : 1;
    }

    /** The encoded value of dosage g for single-column encodings; NaN stays NaN. */
    public double apply(double g) {
        if (Double.isNaN(g)) return g;
        return switch (this) {
            case ADDITIVE -> g;
            case DOMINANT -> Math.rint(g) >= 1 ? 1 : 0;
            case RECESSIVE -> Math.rint(g) >= 2 ? 1 : 0;
            case GENOTYPIC -> throw new IllegalStateException("genotypic encoding has two columns");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The hard call of a dosage: rounded to the nearest of 0, 1, 2. */
    public static int hardCall(double g) {
        int h = (int) Math.rint(g);
        return h < 0 ? 0 : Math.min(h, 2);
    }

    public static Encoding parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.assocnet.core.UserException("unknown encoding '" + s
                    + "' (expected additive, dominant, recessive or genotypic)");
        }
    }
}
