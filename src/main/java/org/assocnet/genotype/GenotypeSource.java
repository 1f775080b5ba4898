package org.assocnet.genotype;

import java.io.IOException;

/** A stream of VCF/BCF records decoded into {@link SiteRecord}s; one record in memory at a time. */
public interface GenotypeSource extends AutoCloseable {
    /** Fills {@code r} with the next record; false at the end. */
    boolean next(SiteRecord r) throws IOException;

    @Override
    void close() throws IOException;
}
