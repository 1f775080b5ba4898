package org.assocnet.epistasis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.glm.NumberFormat;
import org.assocnet.io.AtomicOutput;
import org.assocnet.io.Json;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.Variant;
import org.assocnet.regression.CovariateDesign;

/**
 * The epistasis stage end to end: genotype planes of one cohort (or two, for a pair of chunks), the
 * exhaustive pair scan, the covariate-adjusted confirmation of the strongest pairs, then OUT.epistasis.tsv and
 * OUT.epistasis.json. {@link #scan} is the Java API for callers that restrict the samples (the network's
 * training folds nominate candidate pairs from their training samples only).
 */
public final class EpistasisRun {
    public static final String HEADER = "#CHROM1\tPOS1\tID1\tCHROM2\tPOS2\tID2\tSTAT\tDF\tP\tBETA_INT\tOR_INT\tL95\tU95\tP_INT\tP_GENO4\tERRCODE";
    public static final String NOT_CONFIRMED = "NOT_CONFIRMED";
    static final int TOP_JSON = 20;

    private EpistasisRun() {}

    public static Path tsvPath(String out) {
        return Path.of(out + ".epistasis.tsv");
    }

    public static Path jsonPath(String out) {
        return Path.of(out + ".epistasis.json");
    }

    /** One screened pair with its confirmation (null if not confirmed). */
    public record Row(PairScan.Hit hit, Confirmation.Result confirmation) {}

    /** Everything one scan produced; variant indices of hits are plane indices (see {@link GenotypePlanes#info}). */
    public record Scan(GenotypePlanes a, GenotypePlanes b, PairScan.Result result, List<Row> rows,
                       double readSeconds, double confirmSeconds, int confirmed) {}

    /**
     * Scans all pairs of {@code a} (b null) or all pairs across {@code a} and {@code b} on the given cohort rows
     * (null = all samples). Rows are sorted by P; every screened pair is returned, confirmation where P is at
     * most confirmP.
     */
    public static Scan scan(Cohort a, Cohort b, int[] rows, EpistasisOptions opt) throws IOException {
        long t0 = System.nanoTime();
        if (b != null) sameSamples(a, b);
        GenotypePlanes pa = GenotypePlanes.read(a, rows);
        GenotypePlanes pb = b == null ? null : GenotypePlanes.read(b, rows);
        if (pa.nCase < 2 || pa.nCtrl < 2) {
            throw new UserException(Cohort.samplesPath(a.prefix()) + ": the epistasis scan needs at least two cases and two controls, found "
                    + pa.nCase + " and " + pa.nCtrl);
        }
        double read = (System.nanoTime() - t0) / 1e9;
        PairScan ps = new PairScan(pa, pb, opt.effectiveScreenP(), opt.threads());
        Log.info("epistasis: %,d cases, %,d controls; %,d%s variants usable (%,d skipped on X/Y/MT, %,d with fewer than two genotypes); %,d pairs, %d thread(s), screen P %s",
                pa.nCase, pa.nCtrl, pa.size(), pb == null ? "" : " x " + pb.size(),
                pa.skippedNonAutosomal + (pb == null ? 0 : pb.skippedNonAutosomal),
                pa.skippedMonomorphic + (pb == null ? 0 : pb.skippedMonomorphic), ps.pairs(), opt.threads(),
                NumberFormat.g6(opt.effectiveScreenP()));
        PairScan.Result res;
        try {
            res = ps.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Log.info("epistasis: %,d pairs in %.1f s (%,.0f pairs/s); %,d screened for the exact test", res.pairs(),
                res.seconds(), res.pairs() / Math.max(res.seconds(), 1e-9), res.hits().size());
        List<PairScan.Hit> hits = new ArrayList<>(res.hits());
        hits.sort(Comparator.comparingDouble(PairScan.Hit::log10P).thenComparing(Comparator.comparingDouble(PairScan.Hit::stat).reversed())
                .thenComparingInt(PairScan.Hit::i).thenComparingInt(PairScan.Hit::j));
        long t1 = System.nanoTime();
        CovariateDesign cov = a.samples().covariateNames().isEmpty() ? null
                : CovariateDesign.prepare(a.samples(), Cohort.samplesPath(a.prefix()).toString(), opt.maxVif(), opt.maxCorr());
        List<PairScan.Hit> toConfirm = new ArrayList<>();
        for (PairScan.Hit h : hits) if (h.p() <= opt.confirmP()) toConfirm.add(h);
        Confirmation.Result[] conf = confirm(pa, pb, cov, toConfirm, opt.threads());
        Map<PairScan.Hit, Confirmation.Result> byHit = new HashMap<>();
        for (int t = 0; t < conf.length; t++) byHit.put(toConfirm.get(t), conf[t]);
        List<Row> out = new ArrayList<>(hits.size());
        for (PairScan.Hit h : hits) out.add(new Row(h, byHit.get(h)));
        double confirmS = (System.nanoTime() - t1) / 1e9;
        if (!toConfirm.isEmpty()) Log.info("epistasis: %,d pair(s) confirmed by logistic regression in %.1f s", toConfirm.size(), confirmS);
        return new Scan(pa, pb, res, out, read, confirmS, toConfirm.size());
    }

    static Confirmation.Result[] confirm(GenotypePlanes pa, GenotypePlanes pb, CovariateDesign cov, List<PairScan.Hit> hits, int threads) {
        Confirmation.Result[] out = new Confirmation.Result[hits.size()];
        if (hits.isEmpty()) return out;
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            Confirmation c = new Confirmation(pa, pb, cov);
            int t;
            while ((t = next.getAndIncrement()) < hits.size()) out[t] = c.run(hits.get(t).i(), hits.get(t).j());
        };
        int th = Math.max(1, Math.min(threads, hits.size()));
        List<Thread> ts = new ArrayList<>();
        for (int t = 1; t < th; t++) {
            Thread x = new Thread(work, "epistasis-confirm-" + t);
            x.setDaemon(true);
            x.start();
            ts.add(x);
        }
        work.run();
        for (Thread x : ts) {
            try {
                x.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        for (Confirmation.Result r : out) if (r == null) throw new IllegalStateException("a confirmation thread failed");
        return out;
    }

    static void sameSamples(Cohort a, Cohort b) {
        List<String> ia = a.samples().iid(), ib = b.samples().iid();
        if (!ia.equals(ib)) {
            throw new UserException(Cohort.samplesPath(b.prefix()) + ": the two cohorts have different samples (" + ia.size()
                    + " and " + ib.size() + " samples, or a different order); encode both chunks from the same phenotype file");
        }
        if (!java.util.Arrays.equals(a.samples().pheno(), b.samples().pheno())) {
            throw new UserException(Cohort.samplesPath(b.prefix()) + ": the two cohorts disagree on case/control status");
        }
    }

    /**
     * Cohort rows of the samples listed in {@code file}: one sample a line, IID alone or FID and IID (PLINK
     * --keep style, whitespace-separated); blank lines and lines starting with '#' are ignored.
     */
    public static int[] readSamples(Path file, Cohort cohort) throws IOException {
        if (!Files.isRegularFile(file)) throw new UserException(file + ": sample file not found");
        Map<String, Integer> index = new HashMap<>();
        List<String> iids = cohort.samples().iid();
        for (int i = 0; i < iids.size(); i++) index.put(iids.get(i), i);
        List<Integer> rows = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            long ln = 0;
            while ((line = r.readLine()) != null) {
                ln++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) continue;
                String[] f = s.split("\\s+");
                String iid = f.length == 1 ? f[0] : f[1];
                Integer row = index.get(iid);
                if (row == null) throw UserException.at(file, ln, "IID", "sample '" + iid + "' is not in cohort " + cohort.prefix());
                if (!seen.add(row)) throw UserException.at(file, ln, "IID", "sample '" + iid + "' listed twice");
                rows.add(row);
            }
        }
        if (rows.isEmpty()) throw new UserException(file + ": no samples listed");
        int[] out = rows.stream().mapToInt(Integer::intValue).sorted().toArray();
        return out;
    }

    /** The stage: scan, then write OUT.epistasis.tsv and OUT.epistasis.json atomically. */
    public static ObjectNode run(String cohortA, String cohortB, Path samples, String out, EpistasisOptions opt) throws IOException {
        long t0 = System.nanoTime();
        try (Cohort a = Cohort.open(cohortA); Cohort b = cohortB == null ? null : Cohort.open(cohortB)) {
            int[] rows = samples == null ? null : readSamples(samples, a);
            Scan s = scan(a, b, rows, opt);
            List<Row> report = new ArrayList<>();
            for (Row r : s.rows()) if (r.hit().p() <= opt.reportP()) report.add(r);
            ObjectNode json = summary(s, report, opt, cohortA, cohortB, samples, rows);
            json.with("timings").put("total", (System.nanoTime() - t0) / 1e9);
            try (AtomicOutput ao = new AtomicOutput()) {
                writeTsv(ao.temp(tsvPath(out)), s, report);
                Json.write(ao.temp(jsonPath(out)), json);
                ao.commit();
            }
            Log.info("epistasis: %,d pair(s) with P <= %s written to %s; %s", report.size(), NumberFormat.g6(opt.reportP()),
                    tsvPath(out), jsonPath(out));
            return json;
        }
    }

    static String id(Variant v) {
        return ".".equals(v.id()) ? v.key() : v.id();
    }

    static void writeTsv(Path path, Scan s, List<Row> rows) throws IOException {
        GenotypePlanes pb = s.b() == null ? s.a() : s.b();
        try (BufferedWriter w = Files.newBufferedWriter(path)) {
            w.write(HEADER);
            w.write('\n');
            StringBuilder sb = new StringBuilder(256);
            for (Row r : rows) {
                PairScan.Hit h = r.hit();
                Variant v1 = s.a().info(h.i()), v2 = pb.info(h.j());
                sb.setLength(0);
                sb.append(v1.chrom()).append('\t').append(v1.pos()).append('\t').append(id(v1)).append('\t')
                        .append(v2.chrom()).append('\t').append(v2.pos()).append('\t').append(id(v2)).append('\t')
                        .append(NumberFormat.g6(h.stat())).append('\t').append(h.df()).append('\t')
                        .append(NumberFormat.prob(h.p(), h.log10P()));
                Confirmation.Result c = r.confirmation();
                if (c == null) {
                    sb.append("\tNA\tNA\tNA\tNA\tNA\tNA\t").append(NOT_CONFIRMED);
                } else {
                    sb.append('\t').append(NumberFormat.g6(c.betaInt())).append('\t').append(NumberFormat.g6(c.orInt()))
                            .append('\t').append(NumberFormat.g6(c.l95())).append('\t').append(NumberFormat.g6(c.u95()))
                            .append('\t').append(NumberFormat.g6(c.pInt())).append('\t').append(NumberFormat.g6(c.pGeno4()))
                            .append('\t').append(c.errcode());
                }
                w.write(sb.append('\n').toString());
            }
        }
    }

    static ObjectNode summary(Scan s, List<Row> report, EpistasisOptions opt, String cohortA, String cohortB, Path samples, int[] rows) {
        ObjectNode j = Json.stageHeader("epistasis");
        ObjectNode par = j.putObject("parameters");
        par.put("cohort", cohortA);
        if (cohortB == null) par.putNull("cohort_b");
        else par.put("cohort_b", cohortB);
        if (samples == null) par.putNull("samples");
        else par.put("samples", samples.toString());
        par.put("screen_p", opt.effectiveScreenP());
        par.put("report_p", opt.reportP());
        par.put("confirm_p", opt.confirmP());
        par.put("threads", opt.threads());
        par.put("ipf_tolerance", BoostTest.IPF_TOLERANCE);
        par.put("hard_calls", "UINT8 calls as stored; FLOAT32 dosages rounded (<0.5 -> 0, <1.5 -> 1, else 2)");
        par.put("missing", "a sample missing either call is left out of that pair's table (PLINK 1.9 --fast-epistasis)");
        par.put("skipped_variants", "chrX, chrY, chrMT and variants with fewer than two genotype classes");
        GenotypePlanes pb = s.b() == null ? s.a() : s.b();
        ObjectNode in = j.putObject("input");
        in.put("samples", s.a().nCase + s.a().nCtrl);
        in.put("cases", s.a().nCase);
        in.put("controls", s.a().nCtrl);
        in.put("variants", s.a().cohort.variants().size());
        in.put("variants_used", s.a().size());
        if (s.b() != null) {
            in.put("variants_b", s.b().cohort.variants().size());
            in.put("variants_b_used", s.b().size());
        }
        in.put("skipped_non_autosomal", s.a().skippedNonAutosomal + (s.b() == null ? 0 : s.b().skippedNonAutosomal));
        in.put("skipped_monomorphic", s.a().skippedMonomorphic + (s.b() == null ? 0 : s.b().skippedMonomorphic));
        in.put("plane_bytes", s.a().bytes() + (s.b() == null ? 0 : s.b().bytes()));
        ArrayNode cv = in.putArray("covariates");
        s.a().cohort.samples().covariateNames().forEach(cv::add);
        PairScan.Result r = s.result();
        ObjectNode c = j.putObject("counts");
        c.put("pairs", r.pairs());
        c.put("tested", r.tested());
        c.put("not_testable", r.failed());
        c.put("screened", r.hits().size());
        c.put("reported", report.size());
        c.put("confirmed", s.confirmed());
        ObjectNode bon = j.putObject("bonferroni");
        double thr = r.tested() > 0 ? 0.05 / r.tested() : Double.NaN;
        bon.put("alpha", 0.05);
        bon.put("tests", r.tested());
        if (r.tested() > 0) bon.put("threshold", thr);
        else bon.putNull("threshold");
        long sig = s.rows().stream().filter(x -> x.hit().p() <= thr).count();
        bon.put("significant", sig);
        ObjectNode tm = j.putObject("timings");
        tm.put("read", s.readSeconds());
        tm.put("scan", r.seconds());
        tm.put("confirm", s.confirmSeconds());
        j.put("pairs_per_second", r.pairs() / Math.max(r.seconds(), 1e-9));
        ArrayNode top = j.putArray("top_pairs");
        for (int t = 0; t < Math.min(TOP_JSON, report.size()); t++) {
            Row row = report.get(t);
            PairScan.Hit h = row.hit();
            Variant v1 = s.a().info(h.i()), v2 = pb.info(h.j());
            ObjectNode o = top.addObject();
            o.put("chrom1", v1.chrom());
            o.put("pos1", v1.pos());
            o.put("id1", id(v1));
            o.put("chrom2", v2.chrom());
            o.put("pos2", v2.pos());
            o.put("id2", id(v2));
            o.put("stat", h.stat());
            o.put("df", h.df());
            o.put("p", NumberFormat.prob(h.p(), h.log10P()));
            o.put("log10_p", h.log10P());
            ArrayNode cases = o.putArray("cases_3x3"), ctrls = o.putArray("controls_3x3");
            for (int aa = 0; aa < 3; aa++) {
                ArrayNode rc = cases.addArray(), rt = ctrls.addArray();
                for (int bb = 0; bb < 3; bb++) {
                    rc.add(h.counts()[aa * 3 + bb]);
                    rt.add(h.counts()[9 + aa * 3 + bb]);
                }
            }
            Confirmation.Result cr = row.confirmation();
            if (cr != null) {
                o.put("beta_int", cr.betaInt());
                o.put("or_int", cr.orInt());
                o.put("l95", cr.l95());
                o.put("u95", cr.u95());
                o.put("p_int", cr.pInt());
                o.put("p_geno4", cr.pGeno4());
                o.put("errcode", cr.errcode());
            }
        }
        return j;
    }
}
