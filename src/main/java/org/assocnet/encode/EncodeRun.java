package org.assocnet.encode;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.io.AtomicOutput;
import org.assocnet.io.Json;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.CohortMatrixWriter;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.matrix.SampleTable;
import org.assocnet.matrix.Variant;
import org.assocnet.matrix.VariantTable;
import org.assocnet.pheno.Covariates;
import org.assocnet.pheno.Phenotype;
import org.assocnet.pheno.SampleFile;
import org.assocnet.genotype.GenotypeFile;
import org.assocnet.genotype.GenotypeSource;
import org.assocnet.genotype.Region;
import org.assocnet.genotype.SiteRecord;
import org.assocnet.genotype.VcfFile;
import org.assocnet.genotype.VcfReader;

/**
 * The encode stage: VCF/BCF + phenotypes (+ covariates) -> cohort matrix, sample and variant tables and
 * a JSON summary. Streams the genotypes (one record and one matrix column in memory); a second streaming
 * pass first when a per-sample call rate filter is asked for.
 */
public final class EncodeRun {
    /** How haploid calls are counted (logged, and recorded in encode.json). */
    public static final String HAPLOID_CODING = "haploid calls (e.g. chrX non-PAR in males) count as 0 or 2 ALT copies"
            + " (PLINK 2 convention); haploid dosages are doubled";

    private final EncodeOptions o;
    private final Map<String, Long> variantDrops = new LinkedHashMap<>();
    private final Map<String, Long> sampleDrops = new LinkedHashMap<>();
    private long records;
    private long multiallelicSites;
    private long splitRecords;
    private long haploidCalls;
    private final VariantQc variantQc;

    public EncodeRun(EncodeOptions o) {
        this.o = o;
        this.variantQc = new VariantQc(o);
        for (String k : List.of("symbolic_allele", "star_allele", "no_alt", "all_missing", "max_missing", "monomorphic",
                "constant", "mac", "maf", "hwe", "duplicate")) variantDrops.put(k, 0L);
        for (String k : List.of("not_in_pheno", "missing_phenotype", "missing_covariate", "low_call_rate")) sampleDrops.put(k, 0L);
    }

    public ObjectNode run() throws IOException {
        long t0 = System.nanoTime();
        validateOptions();
        Path outParent = Path.of(o.out()).toAbsolutePath().getParent();
        if (outParent != null && !Files.isDirectory(outParent)) {
            throw new UserException("--out " + o.out() + ": directory " + outParent + " does not exist");
        }
        List<Region> regionList = new ArrayList<>();
        for (String r : o.regions()) regionList.add(Region.parse(r));
        if (o.regionsFile() != null) regionList.addAll(Region.readBed(o.regionsFile()));
        if (o.regionsByStart()) regionList.replaceAll(Region::matchingByStart);

        // phenotypes and covariates
        SampleFile phenoFile = SampleFile.read(o.pheno());
        Phenotype pheno = Phenotype.of(phenoFile, o.phenoName());
        SampleFile covFile = o.covar() == null ? null : SampleFile.read(o.covar());
        // the same file may hold the phenotype and the covariates (PLINK 2's --pheno f --covar f)
        String phenoInCovar = covFile != null && sameFile(o.pheno(), o.covar()) ? pheno.name() : null;
        int[] covCols = covFile == null ? new int[0] : Covariates.select(covFile, o.covarNames(), phenoInCovar);
        if (phenoInCovar != null) Log.info("encode: %s is both the phenotype and the covariate file: column %s is the phenotype,"
                + " not a covariate", o.covar(), phenoInCovar);

        // genotype files and their samples
        List<GenotypeFile> files = GenotypeInputs.open(o);
        GenotypeFile first = files.get(0);
        List<String> vcfSamples = first.samples();
        for (GenotypeFile f : files.subList(1, files.size())) checkSameSamples(first, f);
        RegionContigs.check(files, regionList);
        if (o.dosageField() != null) {
            for (GenotypeFile g : files) {
                if (!(g instanceof VcfFile f)) continue;
                if (f.header().getFormatHeaderLine(o.dosageField()) == null) {
                    throw new UserException(f.path() + ": --dosage " + o.dosageField() + ": no '##FORMAT=<ID=" + o.dosageField()
                            + ",...>' line in the header");
                }
            }
        }

        // sample matching
        List<Integer> candVcf = new ArrayList<>();
        List<Integer> candPheno = new ArrayList<>();
        List<Integer> candCov = new ArrayList<>();
        Set<Integer> phenoMatched = new HashSet<>();
        for (int s = 0; s < vcfSamples.size(); s++) {
            int pr = first.phenoRow(phenoFile, s);
            if (pr < 0) {
                drop(sampleDrops, "not_in_pheno");
                continue;
            }
            phenoMatched.add(pr);
            if (pheno.values()[pr] == Phenotype.MISSING) {
                drop(sampleDrops, "missing_phenotype");
                continue;
            }
            int cr = -1;
            if (covFile != null) {
                cr = covFile.rowFor(phenoFile.fid(pr), phenoFile.iid(pr), phenoFile.hasFid());
                if (cr < 0 || Covariates.anyMissing(covFile, cr, covCols)) {
                    drop(sampleDrops, "missing_covariate");
                    continue;
                }
            }
            candVcf.add(s);
            candPheno.add(pr);
            candCov.add(cr);
        }
        int inPhenoNotVcf = phenoFile.size() - phenoMatched.size();
        if (phenoMatched.isEmpty()) {
            throw new UserException("no sample of " + first.path() + " (" + vcfSamples.size() + " samples, e.g. '"
                    + (vcfSamples.isEmpty() ? "" : vcfSamples.get(0)) + "') is in the phenotype file " + o.pheno() + " ("
                    + phenoFile.size() + " rows, e.g. IID '" + (phenoFile.size() == 0 ? "" : phenoFile.iid(0))
                    + "'): sample IDs are matched on IID");
        }
        if (candVcf.isEmpty()) {
            throw new UserException("no sample left after matching " + first.path() + " with " + o.pheno()
                    + (covFile != null ? " and " + o.covar() : "") + ": " + sampleDrops);
        }
        Log.info("samples: %d in the genotypes, %d in %s; %d matched with a phenotype%s", vcfSamples.size(), phenoFile.size(),
                o.pheno().getFileName(), candVcf.size(), covFile != null ? " and covariates" : "");

        boolean[] keepCand = new boolean[candVcf.size()];
        Arrays.fill(keepCand, true);
        ObjectNode callRate = null;
        if (o.minSampleCallRate() > 0) {
            callRate = sampleCallRatePass(files, vcfSamples, candVcf, keepCand, regionList);
        }
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < keepCand.length; c++) if (keepCand[c]) kept.add(c);
        int n = kept.size();
        if (n == 0) throw new UserException("no sample passes --min-sample-call-rate " + o.minSampleCallRate());

        // phenotype and covariates of the kept samples, in VCF order
        List<String> fid = new ArrayList<>();
        List<String> iid = new ArrayList<>();
        int[] y = new int[n];
        int[] covRows = new int[n];
        Map<String, Integer> rowByName = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int c = kept.get(i);
            int pr = candPheno.get(c);
            fid.add(phenoFile.fid(pr));
            iid.add(phenoFile.iid(pr));
            y[i] = pheno.values()[pr];
            covRows[i] = candCov.get(c);
            rowByName.put(vcfSamples.get(candVcf.get(c)), i);
        }
        int cases = 0;
        for (int v : y) cases += v;
        if (cases == 0 || cases == n) {
            throw new UserException(o.pheno() + ": phenotype '" + pheno.name() + "' is constant among the " + n
                    + " matched samples (all " + (cases == 0 ? "controls" : "cases") + "); a case/control analysis needs both");
        }
        Covariates.Encoded cov = covFile == null ? new Covariates.Encoded(List.of(), new double[n][0], List.of())
                : Covariates.encode(covFile, covCols, covRows);
        if (covFile != null) Covariates.checkSeparation(covFile, cov, covRows, y);
        if (!cov.categorical().isEmpty()) {
            Log.info("categorical covariates one-hot encoded (first level dropped): %s", String.join(", ", cov.categorical()));
        }
        SampleTable samples = new SampleTable(fid, iid, y, cov.names(), cov.values());

        // genotype pass: QC and write
        MatrixHeader.ValueType type = o.dosage() ? MatrixHeader.ValueType.FLOAT32 : MatrixHeader.ValueType.UINT8;
        long kept_variants;
        String prefix = o.out();
        try (AtomicOutput out = new AtomicOutput()) {
            Path mPath = out.temp(Cohort.matrixPath(prefix));
            Path sPath = out.temp(Cohort.samplesPath(prefix));
            Path vPath = out.temp(Cohort.variantsPath(prefix));
            Path jPath = out.temp(Cohort.jsonPath(prefix));
            samples.write(sPath);
            try (CohortMatrixWriter w = new CohortMatrixWriter(mPath, n, type, o.encoding());
                    BufferedWriter vw = VariantTable.openWriter(vPath)) {
                boolean[] isCase = new boolean[n];
                for (int i = 0; i < n; i++) isCase[i] = y[i] == 1;
                encodePass(files, rowByName, n, isCase, regionList, w, vw);
                kept_variants = w.variants();
            }
            if (kept_variants == 0) Log.warn("no variant passed QC: the cohort matrix has 0 columns");
            ObjectNode json = summary(files, phenoFile, pheno, cov, n, cases, inPhenoNotVcf, candVcf.size(), kept_variants,
                    type, callRate, regionList, (System.nanoTime() - t0) / 1e9);
            Json.write(jPath, json);
            out.commit();
            Log.info("encode: %d samples (%d cases, %d controls) x %d variants -> %s.cohort.bin (%s, %s)", n, cases, n - cases,
                    kept_variants, prefix, type, o.encoding().label());
            return json;
        }
    }

    private static boolean sameFile(java.nio.file.Path a, java.nio.file.Path b) {
        try {
            return java.nio.file.Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private void validateOptions() {
        GenotypeInputs.validate(o);
        check(o.maf() >= 0 && o.maf() <= 0.5, "--maf must be in [0, 0.5]");
        check(o.mac() >= 0, "--mac must be >= 0");
        check(o.maxMissing() >= 0 && o.maxMissing() <= 1, "--max-missing must be in [0, 1]");
        check(o.hwe() >= 0 && o.hwe() <= 1, "--hwe must be in [0, 1]");
        check(o.minSampleCallRate() >= 0 && o.minSampleCallRate() <= 1, "--min-sample-call-rate must be in [0, 1]");
        check(o.progressEvery() > 0, "--progress-every must be > 0");
    }

    private static void check(boolean ok, String msg) {
        if (!ok) throw new UserException(msg);
    }

    private static void drop(Map<String, Long> m, String reason) {
        m.merge(reason, 1L, Long::sum);
    }

    private static void checkSameSamples(GenotypeFile a, GenotypeFile b) {
        Set<String> sa = new LinkedHashSet<>(a.samples());
        Set<String> sb = new LinkedHashSet<>(b.samples());
        if (sa.equals(sb)) return;
        for (String s : sb) {
            if (!sa.contains(s)) {
                throw new UserException(b.path() + ": sample '" + s + "' is not in " + a.path()
                        + "; all --vcf files must hold the same samples (" + sa.size() + " vs " + sb.size() + ")");
            }
        }
        for (String s : sa) {
            if (!sb.contains(s)) {
                throw new UserException(b.path() + ": sample '" + s + "' of " + a.path()
                        + " is missing; all --vcf files must hold the same samples (" + sa.size() + " vs " + sb.size() + ")");
            }
        }
    }

    private GenotypeSource source(GenotypeFile f, int[] rowOf, int rows, List<Region> regions) throws IOException {
        List<Region> norm = regions.isEmpty() ? List.of() : Region.normalise(regions, f.contigs());
        long[] range = GenotypeInputs.variantRange(o);
        return f.open(rowOf, rows, norm, new GenotypeFile.ReadOptions(o.dosageField(), o.dosage(), o.reader() == VcfReader.HTSJDK,
                o.decompressor(), range[0], range[1]));
    }

    private static String skipReason(String alt) {
        if (alt.equals(".")) return "no_alt";
        if (alt.equals("*")) return "star_allele";
        if (alt.startsWith("<") || alt.indexOf('[') >= 0 || alt.indexOf(']') >= 0) return "symbolic_allele";
        return null;
    }

    /** First pass: per-sample call rate over the usable (non-symbolic) ALT records. */
    private ObjectNode sampleCallRatePass(List<GenotypeFile> files, List<String> vcfSamples, List<Integer> candVcf, boolean[] keep,
            List<Region> regions) throws IOException {
        int m = candVcf.size();
        Map<String, Integer> candByName = new HashMap<>();
        for (int c = 0; c < m; c++) candByName.put(vcfSamples.get(candVcf.get(c)), c);
        long[] missing = new long[m];
        long total = 0;
        Log.Progress progress = new Log.Progress("sample call rate pass", o.progressEvery());
        long recs = 0;
        for (GenotypeFile f : files) {
            int[] rowOf = rowOf(f, candByName);
            SiteRecord r = new SiteRecord(m, o.dosage());
            try (GenotypeSource src = source(f, rowOf, m, regions)) {
                while (src.next(r)) {
                    progress.tick(++recs);
                    for (int a = 0; a < r.nAlt; a++) {
                        if (skipReason(r.alts[a]) != null) continue;
                        total++;
                        if (r.dosage) {
                            float[] d = r.dosages[a];
                            for (int i = 0; i < m; i++) if (Float.isNaN(d[i])) missing[i]++;
                        } else {
                            byte[] d = r.calls[a];
                            for (int i = 0; i < m; i++) if (d[i] == SiteRecord.MISSING) missing[i]++;
                        }
                    }
                }
            }
        }
        progress.done(recs);
        int dropped = 0;
        for (int c = 0; c < m; c++) {
            double rate = total == 0 ? 1 : 1 - (double) missing[c] / total;
            if (rate < o.minSampleCallRate()) {
                keep[c] = false;
                dropped++;
                drop(sampleDrops, "low_call_rate");
            }
        }
        Log.info("sample call rate: %d of %d samples below %.4g over %d variants", dropped, m, o.minSampleCallRate(), total);
        ObjectNode j = Json.object();
        j.put("variants_counted", total);
        j.put("threshold", o.minSampleCallRate());
        j.put("dropped", dropped);
        return j;
    }

    private static int[] rowOf(GenotypeFile f, Map<String, Integer> rowByName) {
        int[] rowOf = new int[f.samples().size()];
        for (int s = 0; s < rowOf.length; s++) rowOf[s] = rowByName.getOrDefault(f.samples().get(s), -1);
        return rowOf;
    }

    private void encodePass(List<GenotypeFile> files, Map<String, Integer> rowByName, int n, boolean[] isCase, List<Region> regions,
            CohortMatrixWriter w, BufferedWriter vw) throws IOException {
        boolean dosage = o.dosage();
        VariantQc.Stats.Counter counter = new VariantQc.Stats.Counter(isCase);
        Log.Progress progress = new Log.Progress("encode", o.progressEvery());
        StringBuilder sb = new StringBuilder(256);
        DuplicateVariants duplicates = new DuplicateVariants();
        for (GenotypeFile f : files) {
            Log.info("reading %s (%s%s)", f.path(), f.format(), !(f instanceof VcfFile v) ? ""
                    : o.reader() == VcfReader.HTSJDK ? ", htsjdk reader" : v.kind() == VcfFile.Kind.BCF ? ", bcf reader" : ", fast reader");
            int[] rowOf = rowOf(f, rowByName);
            SiteRecord r = new SiteRecord(n, dosage);
            try (GenotypeSource src = source(f, rowOf, n, regions)) {
                while (src.next(r)) {
                    records++;
                    progress.tick(records);
                    haploidCalls += r.haploidCalls;
                    if (r.nAlt > 1) {
                        multiallelicSites++;
                        splitRecords += r.nAlt;
                    }
                    for (int a = 0; a < r.nAlt; a++) {
                        String reason = skipReason(r.alts[a]);
                        if (reason != null) {
                            drop(variantDrops, reason);
                            continue;
                        }
                        if (duplicates.seen(r.chrom, r.pos, r.ref, r.alts[a], f.path(), r.line)) {
                            drop(variantDrops, "duplicate");
                            continue;
                        }
                        VariantQc.Stats s = dosage ? VariantQc.Stats.of(r.dosages[a], isCase) : counter.of(r.calls[a], f.path(), records);
                        reason = variantQc.reason(s, n, r);
                        if (reason != null) {
                            drop(variantDrops, reason);
                            continue;
                        }
                        if (dosage) {
                            w.writeColumn(r.dosages[a]);
                        } else {
                            w.writeColumn(r.calls[a]);
                        }
                        Variant v = new Variant(r.chrom, r.pos, r.id, r.ref, r.alts[a], s.sum() / (2.0 * s.obs()), s.obs());
                        sb.setLength(0);
                        vw.write(sb.append(v.toTsv()).append('\n').toString());
                    }
                }
            }
        }
        progress.done(records);
        if (multiallelicSites > 0) {
            Log.info("%d multi-allelic sites split into %d bi-allelic records (other ALT alleles counted as REF, as bcftools norm -m-)",
                    multiallelicSites, splitRecords);
        }
        if (haploidCalls > 0) Log.info("%d haploid calls: %s", haploidCalls, HAPLOID_CODING);
    }

    private ObjectNode summary(List<GenotypeFile> files, SampleFile phenoFile, Phenotype pheno, Covariates.Encoded cov, int n,
            int cases, int inPhenoNotVcf, int matched, long keptVariants, MatrixHeader.ValueType type, ObjectNode callRate,
            List<Region> regions, double seconds) {
        ObjectNode j = Json.stageHeader("encode");
        ((ObjectNode) j.get("versions")).put("htsjdk", VcfFile.HTSJDK_VERSION);
        j.putNull("seed");
        j.put("seed_note", "n/a: encode draws no random numbers");
        ObjectNode p = j.putObject("parameters");
        ArrayNode v = p.putArray("vcf");
        for (Path f : o.vcfs()) v.add(f.toString());
        GenotypeInputs.describe(o, files, p);
        p.put("pheno", o.pheno().toString());
        p.put("pheno_name", pheno.name());
        p.put("covar", o.covar() == null ? null : o.covar().toString());
        ArrayNode cn = p.putArray("covar_name");
        if (o.covarNames() != null) o.covarNames().forEach(cn::add);
        ArrayNode rg = p.putArray("region");
        regions.forEach(r -> rg.add(r.toString()));
        p.put("regions_file", o.regionsFile() == null ? null : o.regionsFile().toString());
        p.put("dosage", o.dosageField());
        p.put("maf", o.maf());
        p.put("mac", o.mac());
        p.put("max_missing", o.maxMissing());
        p.put("hwe", o.hwe());
        p.put("min_sample_call_rate", o.minSampleCallRate());
        p.put("encoding", o.encoding().label());
        p.put("reader", o.reader().name().toLowerCase(java.util.Locale.ROOT));
        p.put("decompressor", o.decompressor().name().toLowerCase(java.util.Locale.ROOT));
        p.put("out", o.out());
        ObjectNode m = j.putObject("matrix");
        m.put("file", Cohort.matrixPath(o.out()).getFileName().toString());
        m.put("value_type", type.name());
        m.put("samples", n);
        m.put("variants", keptVariants);
        m.put("encoding", o.encoding().label());
        m.put("stores", "ALT allele dosage 0..2 (missing: 255 for UINT8, NaN for FLOAT32); the encoding is applied by the reading stage");
        ObjectNode s = j.putObject("samples");
        s.put("in_vcf", files.get(0).samples().size());
        s.put("in_pheno_file", phenoFile.size());
        s.put("in_pheno_not_in_vcf", inPhenoNotVcf);
        s.put("matched", matched);
        s.put("kept", n);
        s.put("cases", cases);
        s.put("controls", n - cases);
        s.put("phenotype_coding", pheno.coding());
        ObjectNode sd = s.putObject("dropped");
        sampleDrops.forEach(sd::put);
        if (callRate != null) s.set("call_rate_pass", callRate);
        ArrayNode cv = s.putArray("covariates");
        cov.names().forEach(cv::add);
        ArrayNode cc = s.putArray("categorical_covariates");
        cov.categorical().forEach(cc::add);
        ObjectNode vn = j.putObject("variants");
        vn.put("records_read", records);
        vn.put("multiallelic_sites", multiallelicSites);
        vn.put("multiallelic_split_records", splitRecords);
        vn.put("multiallelic_note", "each ALT allele of a multi-allelic site is a separate record, other ALT alleles counted as REF"
                + " (as bcftools norm -m-)");
        long considered = keptVariants;
        for (long d : variantDrops.values()) considered += d;
        vn.put("alt_alleles_considered", considered);
        vn.put("kept", keptVariants);
        ObjectNode vd = vn.putObject("dropped");
        variantDrops.forEach(vd::put);
        vn.put("hwe_not_tested_haploid", variantQc.hweSkippedHaploid);
        vn.put("hwe_note", "exact test (Wigginton et al. 2005) on hard calls of controls; records with haploid calls are not tested");
        ObjectNode h = j.putObject("haploid");
        h.put("calls", haploidCalls);
        h.put("coding", HAPLOID_CODING);
        j.put("seconds", Math.round(seconds * 1000) / 1000.0);
        return j;
    }
}
