package org.assocnet.glm;

import org.assocnet.stats.Logistic;
import org.assocnet.regression.CovariateDesign;
import org.assocnet.regression.LogisticFitter;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.Encoding;
import org.assocnet.matrix.HardCallCounts;
import org.assocnet.matrix.MatrixHeader;
import org.assocnet.matrix.SampleTable;
import org.assocnet.core.Tasks;

/**
 * Per-variant logistic GLM over a cohort (STATISTICS.md section 2): logit P(case) = b0 + c'a + g'beta,
 * samples with a missing genotype dropped for that variant. Variants are processed in blocks by
 * {@code threads} workers; each variant's numbers depend only on its own column, so results are the same for
 * any thread count (to the last bits: see {@link org.assocnet.stats.SimdKernels}).
 *
 * <p>Speed without approximation: with hard calls (UINT8 matrix) and no covariates the likelihood depends
 * only on the genotype-by-phenotype table, so the fit runs on at most 3 grouped rows (exactly the same
 * estimates, SEs, likelihoods and Firth penalty as the individual-level fit). Otherwise fits start from
 * the covariate-only null model (genotype coefficient 0) and accumulate X'WX directly for the small design.
 */
public final class GlmEngine {

    final Cohort cohort;
    final GlmOptions opt;
    final Encoding enc;
    final CovariateDesign cov;
    final int n, k, gc, p;
    final double[] y;
    final int[] yi;
    final byte[] ybyte;
    final long[] ymask;
    final int nCases;
    final double[] ones;
    final boolean grouped;
    final double[] nullBeta;
    final double nullLogLik;
    /** The start of every variant's fit (covariates only; null without covariates). */
    final LogisticFitter.NullStart nullStart;
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
        boolean[] isCase = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = yi[i];
            cases += yi[i];
            isCase[i] = yi[i] == 1;
        }
        this.nCases = cases;
        this.ybyte = HardCallCounts.caseBytes(isCase);
        this.ymask = HardCallCounts.caseMask(isCase);
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
            f.unitWeights(true);
            f.vectorKernels(false); // one fit before the variant loop: the vector kernel would still run interpreted
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
        double[] nullMu = new double[n];
        double[] nullLl = new double[n];
        hNull = new double[p * p];
        if (k == 0) {
            nullStart = null;
        } else {
            for (int i = 0; i < n; i++) {
                double e = nullBeta[0];
                for (int a = 0; a < k; a++) e += nullBeta[1 + a] * cov.columns[a][i];
                double mu = 1 / (1 + Math.exp(-e));
                nullMu[i] = mu;
                nullLl[i] = y[i] * e - Logistic.softplus(e);
            }
            double[][] xq = new double[q][];
            xq[0] = ones;
            System.arraycopy(cov.columns, 0, xq, 1, k);
            nullStart = new LogisticFitter.NullStart(xq, q, n, y, nullMu, nullLl);
            for (int a = 0; a < q; a++) {
                for (int b = 0; b <= a; b++) {
                    double v = 0;
                    for (int i = 0; i < n; i++) v += nullStart.weight(i) * col(a, i) * col(b, i);
                    hNull[a * p + b] = v;
                    hNull[b * p + a] = v;
                }
            }
        }
    }

    /** Column a of the intercept + covariate design at sample i. */
    double col(int a, int i) {
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
                    VariantFit w = new VariantFit(this);
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
        return new VariantFit(this).analyse(j);
    }

}
