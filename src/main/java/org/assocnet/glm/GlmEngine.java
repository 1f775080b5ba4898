package org.assocnet.glm;

import org.assocnet.stats.Logistic;
import org.assocnet.regression.CovariateDesign;
import org.assocnet.regression.LogisticFitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.CohortMatrix;
import org.assocnet.matrix.Encoding;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.matrix.SampleTable;
import org.assocnet.stats.Distributions;
import org.assocnet.core.Tasks;

/**
 * Per-variant logistic GLM over a cohort (STATISTICS.md section 2): logit P(case) = b0 + c'a + g'beta,
 * samples with a missing genotype dropped for that variant. Variants are processed in blocks by
 * {@code threads} workers; each variant's numbers depend only on its own column, so results are identical
 * for any thread count.
 *
 * <p>Speed without approximation: with hard calls (UINT8 matrix) and no covariates the likelihood depends
 * only on the genotype-by-phenotype table, so the fit runs on at most 3 grouped rows (exactly the same
 * estimates, SEs, likelihoods and Firth penalty as the individual-level fit). Otherwise fits start from
 * the covariate-only null model (genotype coefficient 0) and accumulate X'WX directly for the small design.
 */
public final class GlmEngine {
    static final double Z975 = 1.959963984540054;
    static final double LN10 = Math.log(10);

    final Cohort cohort;
    final GlmOptions opt;
    final Encoding enc;
    final CovariateDesign cov;
    final int n, k, gc, p;
    final double[] y;
    final int[] yi;
    final byte[] ybyte;
    final long[] ymask;
    static final long B0 = 0x0101010101010101L, B1 = 0x0202020202020202L;
    static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    final int nCases;
    final double[] ones;
    final boolean grouped;
    final double[] nullBeta;
    final double nullLogLik;
    final double[] nullW, nullMu, nullLl;
    final double[] hNull;
    final String[] tests;
    final int primaryIndex;

    public GlmEngine(Cohort cohort, GlmOptions opt) {
        this.cohort = cohort;
        this.opt = opt;
        this.enc = opt.encoding() != null ? opt.encoding() : cohort.matrix().header().encoding();
        SampleTable st = cohort.samples();
        this.n = st.size();
        this.yi = st.pheno();
        this.y = new double[n];
        int cases = 0;
        for (int i = 0; i < n; i++) {
            y[i] = yi[i];
            cases += yi[i];
        }
        this.nCases = cases;
        this.ybyte = new byte[n];
        for (int i = 0; i < n; i++) ybyte[i] = (byte) yi[i];
        this.ymask = new long[n >>> 3];
        for (int i = 0; i < (n >>> 3) << 3; i++) if (yi[i] == 1) ymask[i >>> 3] |= 0xFFL << ((i & 7) * 8);
        if (cases == 0 || cases == n) {
            throw new UserException(Cohort.samplesPath(cohort.prefix()) + ": the phenotype has "
                    + (cases == 0 ? "no cases" : "no controls") + "; a case/control GLM needs both");
        }
        this.cov = CovariateDesign.prepare(st, Cohort.samplesPath(cohort.prefix()).toString(), opt.maxVif(), opt.maxCorr());
        this.k = cov.size();
        this.gc = enc.columns();
        this.p = 1 + k + gc;
        this.ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        this.grouped = k == 0 && cohort.matrix().header().valueType() == MatrixHeader.ValueType.UINT8;
        this.tests = switch (enc) {
            case ADDITIVE -> new String[] {"ADD"};
            case DOMINANT -> new String[] {"DOM"};
            case RECESSIVE -> new String[] {"REC"};
            case GENOTYPIC -> new String[] {"GENO_HET", "GENO_HOM", "GENO_2DF"};
        };
        this.primaryIndex = tests.length - 1;
        // covariate-only null model on all samples: the start of every variant's Newton iterations
        nullBeta = new double[p];
        if (k == 0) {
            nullBeta[0] = Math.log((double) cases / (n - cases));
            nullLogLik = cases * Math.log((double) cases / n) + (n - cases) * Math.log((double) (n - cases) / n);
        } else {
            double[][] x = new double[1 + k][];
            x[0] = ones;
            System.arraycopy(cov.columns, 0, x, 1, k);
            double[] m = ones;
            LogisticFitter f = new LogisticFitter(n, 1 + k);
            LogisticFitter.Fit fit = new LogisticFitter.Fit(1 + k);
            double[] start = new double[1 + k];
            start[0] = nullBeta0(cases);
            f.fit(x, 1 + k, n, m, y, start, null, false, 100, fit);
            if (!fit.converged || fit.singular) {
                throw new UserException(Cohort.samplesPath(cohort.prefix())
                        + ": the covariate-only logistic model does not converge (the covariates separate cases from controls"
                        + " or are collinear); check the covariates");
            }
            System.arraycopy(fit.beta, 0, nullBeta, 0, 1 + k);
            nullLogLik = fit.loglik;
        }
        // null-model weights and information of the intercept + covariate block (quasi-Newton Hessian)
        int q = 1 + k;
        nullW = new double[n];
        nullMu = new double[n];
        nullLl = new double[n];
        hNull = new double[p * p];
        if (k > 0) {
            for (int i = 0; i < n; i++) {
                double e = nullBeta[0];
                for (int a = 0; a < k; a++) e += nullBeta[1 + a] * cov.columns[a][i];
                double mu = 1 / (1 + Math.exp(-e));
                nullW[i] = mu * (1 - mu);
                nullMu[i] = mu;
                nullLl[i] = y[i] * e - Logistic.softplus(e);
            }
            for (int a = 0; a < q; a++) {
                for (int b = 0; b <= a; b++) {
                    double v = 0;
                    for (int i = 0; i < n; i++) v += nullW[i] * col(a, i) * col(b, i);
                    hNull[a * p + b] = v;
                    hNull[b * p + a] = v;
                }
            }
        }
    }

    /** Column a of the intercept + covariate design at sample i. */
    private double col(int a, int i) {
        return a == 0 ? 1.0 : cov.columns[a - 1][i];
    }

    private double nullBeta0(int cases) {
        return Math.log((double) cases / (n - cases));
    }

    public Encoding encoding() {
        return enc;
    }

    public String[] tests() {
        return tests.clone();
    }

    public double nullLogLik() {
        return nullLogLik;
    }

    public CovariateDesign covariates() {
        return cov;
    }

    /** Fits every variant; element j holds the rows of variant j (one, or three for genotypic). */
    public GlmRow[][] run() throws IOException {
        int pv = cohort.matrix().variants();
        GlmRow[][] out = new GlmRow[pv][];
        int threads = Math.max(1, Math.min(opt.threads(), Math.max(1, pv)));
        int block = 256;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Log.Progress progress = new Log.Progress("glm variants", 10_000);
        ExecutorService ex = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "glm-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?>[] fs = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                fs[t] = ex.submit(() -> {
                    Worker w = new Worker();
                    int b;
                    while ((b = next.getAndIncrement()) * (long) block < pv) {
                        int from = b * block;
                        int to = Math.min(pv, from + block);
                        for (int j = from; j < to; j++) out[j] = w.analyse(j);
                        int d = done.addAndGet(to - from);
                        synchronized (progress) {
                            progress.tick(d);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : fs) {
                try {
                    Tasks.await(f);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        } finally {
            ex.shutdownNow();
        }
        progress.done(pv);
        return out;
    }

    /** Analyses one variant (for tests and single-variant use). */
    public GlmRow[] analyse(int j) {
        return new Worker().analyse(j);
    }

    /**
     * SWAR counts over the first 8 * words hard calls, 8 samples per long: codes 0, 1, 2 and 0xFF =
     * missing; bit 0 is set for 1 and 0xFF, bit 1 for 2 and 0xFF, bit 7 only for 0xFF; ymask has 0xFF bytes
     * for cases. out = {ones, twos, missing, case ones, case twos, case missing} (with the missing counted
     * in the ones and twos); returns non-zero if a byte is not a valid code. A method of its own so that
     * the JIT compiles (and inlines the VarHandle access of) this hot loop separately from its large caller.
     */
    static long swarCounts(byte[] raw, int off, int words, long[] ymask, long[] out) {
        long t1 = 0, t2 = 0, tm = 0, c1 = 0, c2 = 0, cm = 0;
        long bad = 0;
        for (int w = 0; w < words; w++) {
            long v = (long) LONGS.get(raw, off + (w << 3));
            long ym = ymask[w];
            long m7 = (v >>> 7) & B0;
            t1 += Long.bitCount(v & B0);
            t2 += Long.bitCount(v & B1);
            tm += Long.bitCount(m7);
            c1 += Long.bitCount(v & ym & B0);
            c2 += Long.bitCount(v & ym & B1);
            cm += Long.bitCount(m7 & ym);
            bad |= ((v & 0x7C7C7C7C7C7C7C7CL) ^ (m7 * 0x7C)) | (v & (v >>> 1) & B0 & ~m7);
        }
        out[0] = t1;
        out[1] = t2;
        out[2] = tm;
        out[3] = c1;
        out[4] = c2;
        out[5] = cm;
        return bad;
    }

    /** Per-thread state: buffers sized once. */
    final class Worker {
        final CohortMatrix mat = cohort.matrix();
        final boolean u8 = mat.header().valueType() == MatrixHeader.ValueType.UINT8;
        final ByteBuffer scratch = mat.newScratch();
        final LogisticFitter fitter;
        final LogisticFitter.Fit full, nul, fFull, fNul;
        final double[][] x;
        final double[] m, s;
        final double[] dosage;
        final int[] missing;
        final double[] start;
        final boolean[] fixedT;
        // grouped rows
        final double[][] gx;
        final double[] gm = new double[3], gs = new double[3];
        final long[] tab = new long[6];
        final long[] counts = new long[6];
        final double[] gcov = new double[Math.max(1, k)], quad = new double[4];
        final double[] hq = new double[p * p];

        Worker() {
            int rows = grouped ? 3 : n;
            fitter = new LogisticFitter(rows, p);
            full = new LogisticFitter.Fit(p);
            nul = new LogisticFitter.Fit(p);
            fFull = new LogisticFitter.Fit(p);
            fNul = new LogisticFitter.Fit(p);
            x = new double[p][];
            x[0] = ones;
            for (int a = 0; a < k; a++) x[1 + a] = cov.columns[a];
            for (int t = 0; t < gc; t++) x[1 + k + t] = new double[n];
            m = new double[n];
            s = new double[n];
            dosage = new double[n];
            missing = new int[n];
            start = new double[p];
            fixedT = new boolean[p];
            for (int t = 0; t < gc; t++) fixedT[1 + k + t] = true;
            gx = new double[p][3];
            java.util.Arrays.fill(gx[0], 1.0);
        }

        GlmRow[] analyse(int j) {
            try {
                return analyse0(j);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private GlmRow[] analyse0(int j) throws IOException {
            // ---- read the column, count the genotype x phenotype table, build encoded columns
            int obs = 0, nMiss = 0, casesUsed = 0;
            double caseAlt = 0, ctrlAlt = 0;
            long[] tab = this.tab; // [class*2 + y], classes 0,1,2 (hard calls only)
            if (u8) {
                ByteBuffer b = mat.rawColumn(j, scratch);
                byte[] raw = b.array();
                int off = b.arrayOffset();
                // SWAR counts, 8 samples per long: codes 0,1,2 and 0xFF = missing; bit 0 is set for 1 and
                // 0xFF, bit 1 for 2 and 0xFF, bit 7 only for 0xFF; ymask has 0xFF bytes for cases
                int words = n >>> 3;
                long[] cnt = counts;
                long bad = swarCounts(raw, off, words, ymask, cnt);
                int t1 = (int) cnt[0], t2 = (int) cnt[1], tm = (int) cnt[2], c1 = (int) cnt[3], c2 = (int) cnt[4],
                        cm = (int) cnt[5];
                for (int i = words << 3; i < n; i++) {
                    int v = raw[off + i];
                    int yy = ybyte[i];
                    t1 += v & 1;
                    t2 += (v >> 1) & 1;
                    tm += (v >> 7) & 1;
                    c1 += v & yy;
                    c2 += (v >> 1) & yy;
                    cm += (v >> 7) & yy;
                    int c = v & 0xFF;
                    if (c > 2 && c != 0xFF) bad = 1;
                }
                if (bad != 0) {
                    for (int i = 0; i < n; i++) {
                        int c = raw[off + i] & 0xFF;
                        if (c > 2 && c != 0xFF) {
                            throw new UserException(mat.path() + ": variant " + (j + 1) + " sample " + (i + 1)
                                    + ": hard call " + c + " is not 0, 1, 2 or missing (corrupt matrix)");
                        }
                    }
                }
                nMiss = tm;
                if (tm > 0 && !grouped) {
                    int q = 0;
                    for (int i = 0; i < n; i++) if (raw[off + i] == (byte) 0xFF) missing[q++] = i;
                }
                int caseHet = c1 - cm, caseHom = c2 - cm, caseMiss = cm;
                int allHet = t1 - tm, allHom = t2 - tm;
                int cases = nCases - caseMiss;
                tab[1] = cases - caseHet - caseHom;
                tab[3] = caseHet;
                tab[5] = caseHom;
                int ctrls = (n - nCases) - (tm - caseMiss);
                tab[0] = ctrls - (allHet - caseHet) - (allHom - caseHom);
                tab[2] = allHet - caseHet;
                tab[4] = allHom - caseHom;
                for (int c = 0; c < 3; c++) {
                    caseAlt += c * tab[c * 2 + 1];
                    ctrlAlt += c * tab[c * 2];
                }
                obs = n - nMiss;
                casesUsed = (int) (tab[1] + tab[3] + tab[5]);
            } else {
                mat.column(j, dosage, scratch);
                for (int i = 0; i < n; i++) {
                    double g = dosage[i];
                    if (Double.isNaN(g)) {
                        missing[nMiss++] = i;
                        continue;
                    }
                    if (yi[i] == 1) {
                        caseAlt += g;
                        casesUsed++;
                    } else {
                        ctrlAlt += g;
                    }
                }
                obs = n - nMiss;
            }
            double freq = obs > 0 ? (caseAlt + ctrlAlt) / (2.0 * obs) : Double.NaN;
            int ctrlsUsed = obs - casesUsed;

            // ---- data for the fit
            int rows;
            double[][] X;
            double[] M, S;
            boolean constant = false;
            if (grouped) {
                rows = 0;
                for (int c = 0; c < 3; c++) {
                    long cnt = tab[c * 2] + tab[c * 2 + 1];
                    if (cnt == 0) continue;
                    encodeClass(c, rows);
                    gm[rows] = cnt;
                    gs[rows] = tab[c * 2 + 1];
                    rows++;
                }
                X = gx;
                M = gm;
                S = gs;
                constant = false;
                for (int t = 0; t < gc; t++) {
                    boolean same = true;
                    for (int r = 1; r < rows; r++) same &= gx[1 + t][r] == gx[1 + t][0];
                    constant |= same;
                }
            } else {
                rows = n;
                X = x;
                constant = false;
                M = m;
                S = s;
                java.util.Arrays.fill(m, 1.0);
                for (int a = 0; a < nMiss; a++) m[missing[a]] = 0;
                for (int i = 0; i < n; i++) s[i] = y[i] * m[i];
                for (int t = 0; t < gc; t++) {
                    double[] g = x[1 + k + t];
                    double first = Double.NaN;
                    boolean same = true;
                    for (int i = 0; i < n; i++) {
                        double v = m[i] == 0 ? 0 : encodeValue(u8 ? rawByte(i) : dosage[i], t);
                        g[i] = v;
                        if (m[i] != 0) {
                            if (Double.isNaN(first)) first = v;
                            else if (v != first) same = false;
                        }
                    }
                    constant |= same;
                }
            }
            if (obs <= p || casesUsed == 0 || ctrlsUsed == 0) {
                return fail(j, obs, freq, caseAlt, ctrlAlt, "TOO_FEW_OBS", false, 0);
            }
            if (constant) return fail(j, obs, freq, caseAlt, ctrlAlt, "CONST_OMITTED_ALLELE", false, 0);
            if (k + gc >= 2) {
                String err = collinearity(X, M, rows, obs, nMiss);
                if (err != null) return fail(j, obs, freq, caseAlt, ctrlAlt, err, false, 0);
            }

            // ---- start: the covariate-only null model, genotype coefficients 0
            System.arraycopy(nullBeta, 0, start, 0, p);
            if (grouped) start[0] = Math.log((double) casesUsed / ctrlsUsed);

            if (opt.firth() != GlmOptions.FirthMode.ALWAYS) {
                if (!grouped && k > 0) {
                    int q = 1 + k;
                    adjustNullBlock(nMiss, q);
                    fitter.startAtNull(nullMu, nullW, nullLl, hq, q);
                    fitter.fit(X, p, rows, M, S, start, null, false, opt.maxIter(), full);
                } else {
                    fitter.fit(X, p, rows, M, S, start, null, false, opt.maxIter(), full);
                }
                String err = null;
                if (full.singular && full.iterations <= 1) err = "SINGULAR_INFO";
                // singular later on: the information of a diverging (separated) fit vanishes
                else if (full.singular || !full.converged || full.maxAbsEta > 30) {
                    err = full.singular || separationSuspected(full) ? "SEPARATION" : "UNFINISHED";
                }
                if (err == null) return plainRows(j, obs, freq, caseAlt, ctrlAlt, X, M, S, rows, nMiss);
                if (opt.firth() == GlmOptions.FirthMode.NEVER || "SINGULAR_INFO".equals(err)) {
                    return fail(j, obs, freq, caseAlt, ctrlAlt, err, false, full.iterations);
                }
            }
            return firthRows(j, obs, freq, caseAlt, ctrlAlt, X, M, S, rows);
        }

        /** hq = null-model information of the intercept + covariate block on the samples used. */
        private void adjustNullBlock(int nMiss, int q) {
            System.arraycopy(hNull, 0, hq, 0, p * p);
            for (int a = 0; a < nMiss; a++) {
                int i = missing[a];
                double wi = nullW[i];
                for (int u = 0; u < q; u++) {
                    double xu = col(u, i) * wi;
                    for (int v = 0; v < q; v++) hq[u * p + v] -= xu * col(v, i);
                }
            }
        }

        private double rawByte(int i) {
            int c = scratch.array()[scratch.arrayOffset() + i] & 0xFF;
            return c;
        }

        private void encodeClass(int c, int row) {
            for (int t = 0; t < gc; t++) gx[1 + t][row] = encodeValue(c, t);
        }

        private double encodeValue(double g, int t) {
            if (enc == Encoding.GENOTYPIC) {
                double r = Math.rint(g);
                return t == 0 ? (r == 1 ? 1 : 0) : (r == 2 ? 1 : 0);
            }
            return enc.apply(g);
        }

        private boolean separationSuspected(LogisticFitter.Fit f) {
            if (f.maxAbsEta > 15) return true;
            for (int t = 0; t < gc; t++) if (Math.abs(f.beta[1 + k + t]) > 10) return true;
            return false;
        }

        /**
         * PLINK 2 style predictor checks on the samples used: any genotype column with |correlation| >
         * max-corr against another predictor -> CORR_TOO_HIGH; VIF > max-vif -> VIF_TOO_HIGH.
         */
        private String collinearity(double[][] X, double[] M, int rows, int obs, int nMiss) {
            int d = k + gc;
            double[][] sxx = new double[d][d];
            double[] sx = new double[d];
            if (grouped) {
                for (int a = 0; a < d; a++) {
                    for (int r = 0; r < rows; r++) sx[a] += M[r] * X[1 + a][r];
                    for (int b = 0; b <= a; b++) {
                        double v = 0;
                        for (int r = 0; r < rows; r++) v += M[r] * X[1 + a][r] * X[1 + b][r];
                        sxx[a][b] = v;
                    }
                }
            } else {
                for (int a = 0; a < k; a++) {
                    double[] ca = cov.columns[a];
                    double sm = 0;
                    for (int q = 0; q < nMiss; q++) sm += ca[missing[q]];
                    sx[a] = -sm; // standardised columns sum to 0 over all samples
                    for (int b = 0; b <= a; b++) {
                        double[] cb = cov.columns[b];
                        double mm = 0;
                        for (int q = 0; q < nMiss; q++) mm += ca[missing[q]] * cb[missing[q]];
                        sxx[a][b] = cov.cross[a][b] - mm;
                    }
                }
                for (int t = 0; t < gc; t++) {
                    double[] g = X[1 + k + t]; // 0 for dropped samples
                    double sg = 0;
                    for (int i = 0; i < n; i++) sg += g[i];
                    sx[k + t] = sg;
                    LogisticFitter.products(g, cov.columns, 0, k, n, gcov, quad);
                    for (int a = 0; a < k; a++) sxx[k + t][a] = gcov[a];
                    for (int u = 0; u <= t; u++) sxx[k + t][k + u] = LogisticFitter.dot(g, X[1 + k + u], n);
                }
            }
            double[][] c = new double[d][d];
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    double v = sxx[a][b] - sx[a] * sx[b] / obs;
                    c[a][b] = v;
                    c[b][a] = v;
                }
            }
            for (int t = 0; t < gc; t++) {
                int a = k + t;
                for (int b = 0; b < d; b++) {
                    if (b == a) continue;
                    double r = c[a][b] / Math.sqrt(c[a][a] * c[b][b]);
                    if (!(Math.abs(r) <= opt.maxCorr())) return "CORR_TOO_HIGH";
                }
            }
            double[] vif = CovariateDesign.vif(c, obs);
            for (int t = 0; t < gc; t++) if (!(vif[k + t] <= opt.maxVif())) return "VIF_TOO_HIGH";
            return null;
        }

        private GlmRow[] plainRows(int j, int obs, double freq, double caseAlt, double ctrlAlt, double[][] X,
                                   double[] M, double[] S, int rows, int nMiss) {
            GlmRow[] out = new GlmRow[tests.length];
            int pm = fitter.pMax();
            int it = full.iterations;
            // component / single-column Wald rows
            for (int t = 0; t < gc; t++) {
                int g = 1 + k + t;
                double b = full.beta[g];
                double se = Math.sqrt(full.cov[g * pm + g]);
                double z = b / se;
                out[t] = new GlmRow(j, tests[t], false, obs, freq, caseAlt, ctrlAlt, b, se, z,
                        Distributions.twoSidedP(z), -Distributions.minusLog10TwoSidedP(z), 1, GlmRow.OK,
                        gc == 1, it, true);
            }
            double chi2;
            switch (opt.test()) {
                case WALD -> {
                    if (gc == 1) return out;
                    chi2 = waldChi2(full, pm);
                }
                case LRT -> {
                    double ll0;
                    if (!grouped && nMiss == 0) ll0 = nullLogLik;
                    else {
                        if (!fitNull(X, M, S, rows)) return failAll(out, "UNFINISHED");
                        ll0 = nul.loglik;
                    }
                    chi2 = Math.max(0, 2 * (full.loglik - ll0));
                }
                case SCORE -> {
                    if (!grouped && nMiss == 0) {
                        // the global null model is the null fit: one evaluation at it gives score and information
                        fitter.fit(X, p, rows, M, S, nullBeta, fixedT, false, 1, nul);
                        if (nul.singular) return failAll(out, "SINGULAR_INFO");
                    } else if (!fitNull(X, M, S, rows)) return failAll(out, "UNFINISHED");
                    chi2 = scoreChi2(nul, pm);
                }
                default -> throw new IllegalStateException();
            }
            int pi = primaryIndex;
            if (gc == 1) {
                GlmRow r = out[0];
                double sign = opt.test() == GlmOptions.Test.SCORE ? Math.signum(nul.grad[1 + k]) : Math.signum(r.beta());
                double z = sign * Math.sqrt(chi2);
                out[0] = new GlmRow(j, r.test(), false, obs, freq, caseAlt, ctrlAlt, r.beta(), r.se(), z,
                        Distributions.chiSquare1P(chi2), log10Chi2P(chi2, 1), 1, GlmRow.OK, true, it, true);
            } else {
                out[pi] = new GlmRow(j, tests[pi], false, obs, freq, caseAlt, ctrlAlt, Double.NaN, Double.NaN,
                        Double.NaN, chi2P(chi2, 2), log10Chi2P(chi2, 2), 2, GlmRow.OK, true, it, true);
            }
            return out;
        }

        private GlmRow[] failAll(GlmRow[] rows, String err) {
            GlmRow r = rows[0];
            return fail(r.variant(), r.obsCount(), r.a1Freq(), r.a1CaseCount(), r.a1CtrlCount(), err, false, r.iterations());
        }

        private boolean fitNull(double[][] X, double[] M, double[] S, int rows) {
            System.arraycopy(start, 0, nul.beta, 0, p);
            fitter.fit(X, p, rows, M, S, start, fixedT, false, opt.maxIter(), nul);
            return nul.converged && !nul.singular;
        }

        private double waldChi2(LogisticFitter.Fit f, int pm) {
            int a = 1 + k, b = 2 + k;
            double vaa = f.cov[a * pm + a], vbb = f.cov[b * pm + b], vab = f.cov[a * pm + b];
            double det = vaa * vbb - vab * vab;
            double ba = f.beta[a], bb = f.beta[b];
            return (ba * ba * vbb - 2 * ba * bb * vab + bb * bb * vaa) / det;
        }

        private double scoreChi2(LogisticFitter.Fit f, int pm) {
            if (gc == 1) {
                int g = 1 + k;
                return f.grad[g] * f.grad[g] * f.cov[g * pm + g];
            }
            int a = 1 + k, b = 2 + k;
            double ua = f.grad[a], ub = f.grad[b];
            return ua * ua * f.cov[a * pm + a] + 2 * ua * ub * f.cov[a * pm + b] + ub * ub * f.cov[b * pm + b];
        }

        private GlmRow[] firthRows(int j, int obs, double freq, double caseAlt, double ctrlAlt, double[][] X,
                                   double[] M, double[] S, int rows) {
            int pm = fitter.pMax();
            fitter.fit(X, p, rows, M, S, start, null, true, opt.firthMaxIter(), fFull);
            if (!fFull.converged || fFull.singular) {
                return fail(j, obs, freq, caseAlt, ctrlAlt, "FIRTH_CONVERGE_FAIL", true, fFull.iterations);
            }
            fitter.fit(X, p, rows, M, S, start, fixedT, true, opt.firthMaxIter(), fNul);
            if (!fNul.converged || fNul.singular) {
                return fail(j, obs, freq, caseAlt, ctrlAlt, "FIRTH_CONVERGE_FAIL", true, fNul.iterations);
            }
            double chi2 = Math.max(0, 2 * (fFull.penLoglik - fNul.penLoglik));
            int it = fFull.iterations;
            GlmRow[] out = new GlmRow[tests.length];
            for (int t = 0; t < gc; t++) {
                int g = 1 + k + t;
                double b = fFull.beta[g];
                double se = Math.sqrt(fFull.cov[g * pm + g]);
                double z = b / se;
                if (gc == 1) {
                    z = Math.signum(b) * Math.sqrt(chi2);
                    out[t] = new GlmRow(j, tests[t], true, obs, freq, caseAlt, ctrlAlt, b, se, z,
                            Distributions.chiSquare1P(chi2), log10Chi2P(chi2, 1), 1, GlmRow.OK, true, it, true);
                } else {
                    out[t] = new GlmRow(j, tests[t], true, obs, freq, caseAlt, ctrlAlt, b, se, z,
                            Distributions.twoSidedP(z), -Distributions.minusLog10TwoSidedP(z), 1, GlmRow.OK, false, it, true);
                }
            }
            if (gc == 2) {
                out[primaryIndex] = new GlmRow(j, tests[primaryIndex], true, obs, freq, caseAlt, ctrlAlt, Double.NaN,
                        Double.NaN, Double.NaN, chi2P(chi2, 2), log10Chi2P(chi2, 2), 2, GlmRow.OK, true, it, true);
            }
            return out;
        }

        private GlmRow[] fail(int j, int obs, double freq, double caseAlt, double ctrlAlt, String err, boolean firth, int it) {
            GlmRow[] out = new GlmRow[tests.length];
            for (int t = 0; t < tests.length; t++) {
                out[t] = GlmRow.failed(j, tests[t], firth, obs, freq, caseAlt, ctrlAlt, err, t == primaryIndex,
                        t == primaryIndex && gc == 2 ? 2 : 1, it);
            }
            return out;
        }
    }

    static double chi2P(double chi2, int df) {
        if (df == 1) return Distributions.chiSquare1P(chi2);
        if (df == 2) return Math.exp(-chi2 / 2);
        throw new IllegalArgumentException("df " + df);
    }

    /** log10 of the upper chi-square tail, finite far below the double range. */
    static double log10Chi2P(double chi2, int df) {
        if (df == 1) return -Distributions.minusLog10TwoSidedP(Math.sqrt(chi2));
        if (df == 2) return -chi2 / (2 * LN10);
        throw new IllegalArgumentException("df " + df);
    }
}
