package org.assocnet.matrix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.core.UserException;

/**
 * An encoded cohort as written by {@code assocnet encode --out PREFIX}: {@code PREFIX.cohort.bin} (the
 * matrix), {@code PREFIX.samples.tsv}, {@code PREFIX.variants.tsv} and {@code PREFIX.encode.json}.
 * Every later stage opens one of these by its prefix; opening verifies the matrix checksum and values.
 */
public final class Cohort implements AutoCloseable {
    private final String prefix;
    private final CohortMatrix matrix;
    private final SampleTable samples;
    private final List<Variant> variants;

    private Cohort(String prefix, CohortMatrix matrix, SampleTable samples, List<Variant> variants) {
        this.prefix = prefix;
        this.matrix = matrix;
        this.samples = samples;
        this.variants = variants;
    }

    public static Path matrixPath(String prefix) {
        return Path.of(prefix + ".cohort.bin");
    }

    public static Path samplesPath(String prefix) {
        return Path.of(prefix + ".samples.tsv");
    }

    public static Path variantsPath(String prefix) {
        return Path.of(prefix + ".variants.tsv");
    }

    public static Path jsonPath(String prefix) {
        return Path.of(prefix + ".encode.json");
    }

    public static Cohort open(String prefix) throws IOException {
        SampleTable s = SampleTable.read(samplesPath(prefix));
        List<Variant> v = VariantTable.read(variantsPath(prefix));
        CohortMatrix m = CohortMatrix.open(matrixPath(prefix));
        if (m.samples() != s.size() || m.variants() != v.size()) {
            m.close();
            throw new UserException(prefix + ": cohort files disagree: matrix " + m.samples() + " x " + m.variants()
                    + ", samples.tsv " + s.size() + ", variants.tsv " + v.size());
        }
        try {
            m.verify();
        } catch (RuntimeException | IOException e) {
            m.close();
            throw e;
        }
        return new Cohort(prefix, m, s, v);
    }

    public String prefix() {
        return prefix;
    }

    public CohortMatrix matrix() {
        return matrix;
    }

    public SampleTable samples() {
        return samples;
    }

    public List<Variant> variants() {
        return variants;
    }

    @Override
    public void close() throws IOException {
        matrix.close();
    }
}
