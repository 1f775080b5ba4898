package org.assocnet.glm;

import org.assocnet.regression.CovariateDesign;
import org.assocnet.regression.LogisticFitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.CohortMatrix;
import org.assocnet.matrix.Encoding;
import org.assocnet.matrix.HardCallCounts;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.stats.Distributions;
import java.util.Arrays;

/** The GLM of one variant at a time (STATISTICS.md section 2), with per-thread buffers sized once. */
final class VariantFit {
    private final GlmEngine engine;
    // the run's state, read-only here
    private final Cohort cohort;
    private final GlmOptions opt;
    private final Encoding enc;
    private final CovariateDesign cov;
    private final int n;
    private final int k;
    private final int gc;
    private final int p;
    private final double[] y;
    private final int[] yi;
    private final byte[] ybyte;
    private final long[] ymask;
    private final int nCases;
    private final double[] ones;
    private final boolean grouped;
    private final double[] nullBeta;
    private final double nullLogLik;
    private final double[] hNull;
    private final String[] tests;
    private final int primaryIndex;
    // per-thread state
    private final CohortMatrix mat;
    private final boolean u8;
    private final ByteBuffer scratch;
    private final LogisticFitter fitter;
    private final LogisticFitter.Fit full;
    private final LogisticFitter.Fit nul;
    private final LogisticFitter.Fit fFull;
    private final LogisticFitter.Fit fNul;
    private final double[][] x;
    /** UINT8 hard calls: encoded value of each byte code, per genotype column. */
    private final double[][] codeValues;
    private final double[] m;
    private final double[] s;
    private final double[] dosage;
    private final int[] missing;
    /** Rows where m and s are 0 now (the previous variant's missing rows). */
    private final int[] zeroed;
    private int nZeroed;
    private final double[] start;
    private final boolean[] fixedT;
    // grouped rows
    private final double[][] gx;
    private final double[] gm;
    private final double[] gs;
    private final long[] tab;
    private final long[] counts;
    private final Collinearity collinearity;
    private final double[] hq;

    VariantFit(GlmEngine engine) {
        this.engine = engine;
        this.cohort = engine.cohort;
        this.opt = engine.opt;
        this.enc = engine.enc;
        this.cov = engine.cov;
        this.n = engine.n;
        this.k = engine.k;
        this.gc = engine.gc;
        this.p = engine.p;
        this.y = engine.y;
        this.yi = engine.yi;
        this.ybyte = engine.ybyte;
        this.ymask = engine.ymask;
        this.nCases = engine.nCases;
        this.ones = engine.ones;
        this.grouped = engine.grouped;
        this.nullBeta = engine.nullBeta;
        this.nullLogLik = engine.nullLogLik;
        this.hNull = engine.hNull;
        this.tests = engine.tests;
        this.primaryIndex = engine.primaryIndex;
        this.mat = cohort.matrix();
        this.u8 = mat.header().valueType() == MatrixHeader.ValueType.UINT8;
        this.scratch = mat.newScratch();
        this.gm = new double[3];
        this.gs = new double[3];
        this.tab = new long[6];
        this.counts = new long[6];
        this.collinearity = new Collinearity(n, gc, grouped, cov, opt.maxCorr(), opt.maxVif());
        this.hq = new double[p * p];
        int rows = grouped ? 3 : n;
        fitter = new LogisticFitter(rows, p);
        fitter.unitWeights(!grouped);
        full = new LogisticFitter.Fit(p);
        nul = new LogisticFitter.Fit(p);
        fFull = new LogisticFitter.Fit(p);
        fNul = new LogisticFitter.Fit(p);
        x = new double[p][];
        x[0] = ones;
        for (int a = 0; a < k; a++) x[1 + a] = cov.columns[a];
        for (int t = 0; t < gc; t++) x[1 + k + t] = new double[n];
        codeValues = new double[gc][256];
        for (int t = 0; t < gc; t++) {
            for (int c = 0; c < 256; c++) codeValues[t][c] = c <= 2 ? encodeValue(c, t) : 0;
        }
        m = new double[n];
        s = new double[n];
        Arrays.fill(m, 1.0);
        System.arraycopy(y, 0, s, 0, n);
        zeroed = new int[n];
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
            nMiss = HardCallCounts.table(raw, off, n, ymask, ybyte, nCases, counts, tab, grouped ? null : missing, mat.path(), j);
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
            // m = 1 and s = y except on this variant's missing rows (0): only the rows that differ from the
            // previous variant's are rewritten
            for (int a = 0; a < nZeroed; a++) {
                int i = zeroed[a];
                m[i] = 1;
                s[i] = y[i];
            }
            for (int a = 0; a < nMiss; a++) {
                int i = missing[a];
                m[i] = 0;
                s[i] = 0;
                zeroed[a] = i;
            }
            nZeroed = nMiss;
            for (int t = 0; t < gc; t++) {
                double[] g = x[1 + k + t];
                if (u8) {
                    // hard calls: the encoded value of each of the 256 byte codes, looked up; the missing code 0xFF
                    // (the only code above 2 that HardCallCounts.table lets through) encodes as 0. The codes among
                    // the rows used are the ones the genotype x phenotype table counted.
                    double[] lut = codeValues[t];
                    byte[] raw = scratch.array();
                    int off = scratch.arrayOffset();
                    for (int i = 0; i < n; i++) g[i] = lut[raw[off + i] & 0xFF];
                    int seen = 0;
                    for (int c = 0; c < 3; c++) if (tab[c * 2] + tab[c * 2 + 1] > 0) seen |= 1 << c;
                    // constant when one genotype code occurs among the rows used (codes 0-2 encode differently)
                    constant |= Integer.bitCount(seen) <= 1 || !differs(lut, seen);
                    continue;
                }
                double first = Double.NaN;
                boolean same = true;
                for (int i = 0; i < n; i++) {
                    double v = m[i] == 0 ? 0 : encodeValue(dosage[i], t);
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
            String err = collinearity.check(X, M, rows, obs, nMiss, missing);
            if (err != null) return fail(j, obs, freq, caseAlt, ctrlAlt, err, false, 0);
        }

        // ---- start: the covariate-only null model, genotype coefficients 0
        System.arraycopy(nullBeta, 0, start, 0, p);
        if (grouped) start[0] = Math.log((double) casesUsed / ctrlsUsed);

        if (opt.firth() != GlmOptions.FirthMode.ALWAYS) {
            if (!grouped && k > 0) {
                int q = 1 + k;
                adjustNullBlock(nMiss, q);
                fitter.startAtNull(engine.nullStart, hq, missing, nMiss);
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
            double wi = engine.nullStart.weight(i);
            for (int u = 0; u < q; u++) {
                double xu = engine.col(u, i) * wi;
                for (int v = 0; v < q; v++) hq[u * p + v] -= xu * engine.col(v, i);
            }
        }
    }

    /** Whether the codes seen (bit c of mask, codes 0-2) encode to at least two different values. */
    private static boolean differs(double[] lut, int mask) {
        double first = Double.NaN;
        for (int c = 0; c < 3; c++) {
            if ((mask & (1 << c)) == 0) continue;
            if (Double.isNaN(first)) first = lut[c];
            else if (lut[c] != first) return true;
        }
        return false;
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
                    Distributions.chiSquare1P(chi2), Distributions.log10ChiSquareP(chi2, 1), 1, GlmRow.OK, true, it, true);
        } else {
            out[pi] = new GlmRow(j, tests[pi], false, obs, freq, caseAlt, ctrlAlt, Double.NaN, Double.NaN,
                    Double.NaN, Distributions.chiSquareP(chi2, 2), Distributions.log10ChiSquareP(chi2, 2), 2, GlmRow.OK, true, it, true);
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
                        Distributions.chiSquare1P(chi2), Distributions.log10ChiSquareP(chi2, 1), 1, GlmRow.OK, true, it, true);
            } else {
                out[t] = new GlmRow(j, tests[t], true, obs, freq, caseAlt, ctrlAlt, b, se, z,
                        Distributions.twoSidedP(z), -Distributions.minusLog10TwoSidedP(z), 1, GlmRow.OK, false, it, true);
            }
        }
        if (gc == 2) {
            out[primaryIndex] = new GlmRow(j, tests[primaryIndex], true, obs, freq, caseAlt, ctrlAlt, Double.NaN,
                    Double.NaN, Double.NaN, Distributions.chiSquareP(chi2, 2), Distributions.log10ChiSquareP(chi2, 2), 2, GlmRow.OK, true, it, true);
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
