package org.assocnet.genotype;

import htsjdk.samtools.util.CloseableIterator;
import htsjdk.variant.variantcontext.Allele;
import htsjdk.variant.variantcontext.Genotype;
import htsjdk.variant.variantcontext.GenotypesContext;
import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.vcf.VCFFileReader;
import java.io.IOException;
import java.util.List;
import org.assocnet.core.UserException;

/**
 * Records decoded by htsjdk's full {@link VariantContext} machinery: the reader for BCF, and the
 * reference the fast VCF parser is tested against. With regions, records are filtered while streaming
 * (the file must be position-sorted).
 */
final class HtsjdkSource implements GenotypeSource {
    private final VcfFile file;
    private final VCFFileReader reader;
    private final CloseableIterator<VariantContext> it;
    private final int[] rowOf;
    private final String dsField;
    private final List<Region> regions;
    private final List<String> samples;
    private String lastChrom;
    private long lastPos;
    private long count;

    HtsjdkSource(VcfFile file, int[] rowOf, int rows, String dosageField, List<Region> regions) {
        this.file = file;
        this.rowOf = rowOf;
        this.dsField = dosageField;
        this.regions = regions;
        this.samples = file.samples();
        try {
            this.reader = new VCFFileReader(file.path(), false);
            this.it = reader.iterator();
        } catch (RuntimeException e) {
            throw new UserException(file.path() + ": cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean next(SiteRecord r) throws IOException {
        while (true) {
            VariantContext vc;
            try {
                if (!it.hasNext()) return false;
                vc = it.next();
            } catch (UserException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new UserException(file.path() + ": malformed record after record " + count + ": " + e.getMessage(), e);
            }
            count++;
            if (!regions.isEmpty()) {
                if (vc.getContig().equals(lastChrom) && vc.getStart() < lastPos) {
                    throw new UserException(file.path() + ": unsorted input: " + vc.getContig() + ":" + vc.getStart() + " comes after "
                            + lastChrom + ":" + lastPos + "; --region needs a position-sorted, indexed file");
                }
                lastChrom = vc.getContig();
                lastPos = vc.getStart();
                boolean in = false;
                for (Region g : regions) {
                    if (g.overlaps(vc.getContig(), vc.getStart(), vc.getReference().length())) {
                        in = true;
                        break;
                    }
                }
                if (!in) continue;
            }
            try {
                fill(vc, r);
            } catch (UserException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new UserException(file.path() + ": malformed record " + vc.getContig() + ":" + vc.getStart() + ": " + e.getMessage(), e);
            }
            return true;
        }
    }

    private void fill(VariantContext vc, SiteRecord r) {
        r.chrom = vc.getContig();
        r.pos = vc.getStart();
        r.id = vc.getID();
        r.ref = vc.getReference().getDisplayString();
        r.line = 0;
        List<Allele> alts = vc.getAlternateAlleles();
        int nAlt = Math.max(1, alts.size());
        r.ensureAlts(nAlt);
        r.nAlt = nAlt;
        if (alts.isEmpty()) r.alts[0] = ".";
        for (int a = 0; a < alts.size(); a++) r.alts[a] = alts.get(a).getDisplayString();
        GenotypesContext gts = vc.getGenotypes();
        int hap = 0;
        for (int s = 0; s < samples.size(); s++) {
            int row = rowOf[s];
            if (row < 0) continue;
            Genotype g = gts.get(s);
            int ploidy = g.getPloidy();
            if (ploidy > 2) throw new UserException(r.chrom + ":" + r.pos + ": ploidy above 2 is not supported (sample " + g.getSampleName() + ")");
            boolean missing = ploidy == 0 || g.isNoCall() || g.getAlleles().stream().anyMatch(Allele::isNoCall);
            boolean haploid = ploidy == 1;
            if (haploid && !missing) hap++;
            Object ds = dsField == null ? null : g.getExtendedAttribute(dsField);
            for (int a = 0; a < nAlt; a++) {
                double v;
                if (missing) {
                    v = Double.NaN;
                } else {
                    int c = 0;
                    if (!alts.isEmpty()) {
                        for (Allele al : g.getAlleles()) if (al.equals(alts.get(a))) c++;
                    }
                    v = haploid ? 2 * c : c;
                }
                if (dsField != null) {
                    double d;
                    try {
                        d = dosage(ds, a);
                    } catch (NumberFormatException e) {
                        throw new UserException(file.path() + ": record " + r.chrom + ":" + r.pos + ": field '" + dsField
                                + "': sample " + g.getSampleName() + ": dosage value '" + e.getMessage() + "' is not a number");
                    }
                    if (!Double.isNaN(d)) {
                        v = haploid ? 2 * d : d;
                        if (!(v >= -1e-6 && v <= 2 + 1e-6)) {
                            throw new UserException(file.path() + ": record " + r.chrom + ":" + r.pos + ": field '" + dsField
                                    + "': dosage " + v + " outside [0, 2] for sample " + g.getSampleName());
                        }
                    }
                    r.dosages[a][row] = (float) v;
                } else {
                    r.calls[a][row] = Double.isNaN(v) ? SiteRecord.MISSING : (byte) v;
                }
            }
        }
        r.haploidCalls = hap;
    }

    private static double dosage(Object ds, int a) {
        if (ds == null) return Double.NaN;
        Object v = ds;
        if (ds instanceof List<?> l) {
            if (a >= l.size()) return Double.NaN;
            v = l.get(a);
        } else if (ds instanceof String s) {
            String[] parts = s.split(",");
            if (a >= parts.length) return Double.NaN;
            v = parts[a];
        } else if (ds.getClass().isArray()) {
            if (ds instanceof double[] d) return a < d.length ? d[a] : Double.NaN;
            if (ds instanceof float[] f) return a < f.length ? f[a] : Double.NaN;
        } else if (a > 0) {
            return Double.NaN;
        }
        if (v instanceof Number n) return n.doubleValue();
        String s = v.toString();
        if (s.equals(".") || s.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new NumberFormatException(s);
        }
    }

    @Override
    public void close() {
        it.close();
        reader.close();
    }
}
