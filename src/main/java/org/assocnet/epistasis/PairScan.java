package org.assocnet.epistasis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.assocnet.core.Log;

/**
 * The exhaustive pair scan: every pair of variants of one set of genotype planes (i &lt; j), or every pair
 * across two sets (all i of A with all j of B), on the same samples. Pairs are processed in square tiles of
 * variants that fit in the CPU cache, tiles handed to worker threads from a shared counter (the result does
 * not depend on the number of threads). Per pair: the 3x3x2 table by popcount (four AND + popcount passes
 * when neither variant has a missing call, nine otherwise), the Kirkwood screen, and the exact test for
 * pairs whose screen statistic exceeds the critical value of {@code screenP} at the pair's df.
 */
public final class PairScan {
    /** One screened pair: indices into the planes, the exact statistic, df, the screen statistic and the table. */
    public record Hit(int i, int j, double stat, int df, double kirkwood, int[] counts) {
        public double p() {
            return BoostTest.p(stat, df);
        }

        public double log10P() {
            return BoostTest.log10P(stat, df);
        }
    }

    /**
     * Outcome: screened pairs (with {@link #top}, only the best of them), pairs tested (with a valid table), pairs not
     * testable, all pairs, seconds, and the pairs whose exact P is at most the screen P (all of them counted, also
     * with {@link #top}).
     */
    public record Result(List<Hit> hits, long tested, long failed, long pairs, double seconds, long passed) {}

    private final GenotypePlanes a, b;
    private final boolean triangular;
    private final double[] critical = new double[5];
    private final int threads;
    private int top;
    private final double log10ScreenP;

    /** {@code b} null or the same object as {@code a}: all pairs within {@code a}. */
    public PairScan(GenotypePlanes a, GenotypePlanes b, double screenP, int threads) {
        this.a = a;
        this.b = b == null ? a : b;
        this.triangular = this.b == a;
        if (!triangular && (a.nCase != this.b.nCase || a.nCtrl != this.b.nCtrl)) {
            throw new IllegalArgumentException("planes built on different samples");
        }
        critical[1] = BoostTest.critical(screenP, 1);
        critical[2] = BoostTest.critical(screenP, 2);
        critical[4] = BoostTest.critical(screenP, 4);
        this.threads = Math.max(1, threads);
        this.log10ScreenP = Math.log10(screenP);
    }

    /**
     * Keep only the {@code k} pairs of smallest exact P (ties: first variant, then second), not every pair past the
     * screen: with a permissive screen P (train --pair-p 1) the list held every tested pair (31 million at 8,000
     * variants: the heap ran out). Returns this.
     */
    public PairScan top(int k) {
        this.top = k;
        return this;
    }

    /** Best first: smaller log10 P, then smaller i, then smaller j. */
    public static final java.util.Comparator<Hit> BEST_FIRST = java.util.Comparator.comparingDouble(Hit::log10P)
            .thenComparingInt(Hit::i).thenComparingInt(Hit::j);

    public long pairs() {
        long na = a.size(), nb = b.size();
        return triangular ? na * (na - 1) / 2 : na * nb;
    }

    public Result run() throws InterruptedException {
        long t0 = System.nanoTime();
        int bytesPerVariant = Math.max(8, 2 * a.words * 8);
        int block = Math.max(16, Math.min(256, (192 * 1024) / bytesPerVariant));
        int nbA = (a.size() + block - 1) / block, nbB = (b.size() + block - 1) / block;
        List<int[]> tiles = new ArrayList<>();
        for (int ti = 0; ti < nbA; ti++) {
            for (int tj = triangular ? ti : 0; tj < nbB; tj++) tiles.add(new int[] {ti, tj});
        }
        long total = pairs();
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        Worker[] ws = new Worker[threads];
        Thread[] ts = new Thread[threads];
        Throwable[] err = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            ws[t] = new Worker(Math.max(a.nCase + a.nCtrl, 1));
            Worker w = ws[t];
            ts[t] = new Thread(() -> {
                try {
                    int k;
                    while ((k = next.getAndIncrement()) < tiles.size()) {
                        int[] tl = tiles.get(k);
                        done.addAndGet(w.tile(tl[0] * block, Math.min(a.size(), (tl[0] + 1) * block),
                                tl[1] * block, Math.min(b.size(), (tl[1] + 1) * block)));
                    }
                } catch (Throwable e) {
                    synchronized (err) {
                        if (err[0] == null) err[0] = e;
                    }
                    next.set(Integer.MAX_VALUE);
                }
            }, "epistasis-" + t);
            ts[t].setDaemon(true);
            ts[t].start();
        }
        long lastLog = System.nanoTime();
        for (Thread th : ts) {
            while (th.isAlive()) {
                th.join(1000);
                long now = System.nanoTime();
                if (now - lastLog > 10_000_000_000L) {
                    lastLog = now;
                    long d = done.get();
                    double s = (now - t0) / 1e9;
                    double rate = d / Math.max(s, 1e-9);
                    Log.info("epistasis: %,d of %,d pairs (%.1f%%), %,.0f pairs/s, ETA %.0f s", d, total,
                            100.0 * d / Math.max(1, total), rate, rate > 0 ? (total - d) / rate : Double.NaN);
                }
            }
        }
        if (err[0] != null) {
            if (err[0] instanceof RuntimeException re) throw re;
            if (err[0] instanceof Error e) throw e;
            throw new IllegalStateException(err[0]);
        }
        List<Hit> hits = new ArrayList<>();
        long tested = 0, failed = 0, passed = 0;
        for (Worker w : ws) {
            hits.addAll(w.hits);
            if (w.best != null) hits.addAll(w.best);
            tested += w.tested;
            failed += w.failed;
            passed += w.passed;
        }
        if (top > 0) {
            hits.sort(BEST_FIRST);
            if (hits.size() > top) hits = new ArrayList<>(hits.subList(0, top));
        }
        return new Result(hits, tested, failed, total, (System.nanoTime() - t0) / 1e9, passed);
    }

    /** The 3x3x2 table of pair (i of A, j of B) into c (layout of {@link BoostTest}). */
    public void table(int i, int j, int[] c) {
        count(a.planes[i], b.planes[j], a.hasMissing[i] || b.hasMissing[j], a.totals[i], b.totals[j],
                a.missing[i], b.missing[j], c);
    }

    /**
     * Four AND + popcount passes give the cells with both genotypes in {0, 1}; the other five follow from the
     * genotype totals of each variant, restricted to the samples called in the other variant. Those restricted
     * totals come from the (few) missing calls of the other variant, looked up one by one, when that is
     * cheaper than five more popcount passes; otherwise all nine cells are counted directly.
     */
    private void count(long[] pa, long[] pb, boolean missing, int[] ta, int[] tb, int[][] ma, int[][] mb, int[] c) {
        int W = a.words;
        for (int k = 0; k < 2; k++) {
            int lo = k == 0 ? 0 : a.wc, hi = k == 0 ? a.wc : W;
            int o = k * 9;
            int t = k * 3;
            int ra0 = ta[t], ra1 = ta[t + 1], ra2 = ta[t + 2], cb0 = tb[t], cb1 = tb[t + 1], cb2 = tb[t + 2];
            if (missing) {
                int[] mA = ma[k], mB = mb[k];
                if (mA.length + mB.length > hi - lo) {
                    countNine(pa, pb, lo, hi, W, c, o);
                    continue;
                }
                // genotype totals of A over the samples called in B, and of B over those called in A
                for (int r : mB) {
                    int w = lo + (r >>> 6);
                    ra0 -= (int) (pa[w] >>> r) & 1;
                    ra1 -= (int) (pa[W + w] >>> r) & 1;
                    ra2 -= (int) (pa[2 * W + w] >>> r) & 1;
                }
                for (int r : mA) {
                    int w = lo + (r >>> 6);
                    cb0 -= (int) (pb[w] >>> r) & 1;
                    cb1 -= (int) (pb[W + w] >>> r) & 1;
                    cb2 -= (int) (pb[2 * W + w] >>> r) & 1;
                }
            }
            int c00 = 0, c01 = 0, c10 = 0, c11 = 0;
            for (int w = lo; w < hi; w++) {
                long a0 = pa[w], a1 = pa[W + w], b0 = pb[w], b1 = pb[W + w];
                c00 += Long.bitCount(a0 & b0);
                c01 += Long.bitCount(a0 & b1);
                c10 += Long.bitCount(a1 & b0);
                c11 += Long.bitCount(a1 & b1);
            }
            int c02 = ra0 - c00 - c01, c12 = ra1 - c10 - c11;
            int c20 = cb0 - c00 - c10, c21 = cb1 - c01 - c11;
            c[o] = c00;
            c[o + 1] = c01;
            c[o + 2] = c02;
            c[o + 3] = c10;
            c[o + 4] = c11;
            c[o + 5] = c12;
            c[o + 6] = c20;
            c[o + 7] = c21;
            c[o + 8] = ra2 - c20 - c21;
        }
    }

    private static void countNine(long[] pa, long[] pb, int lo, int hi, int W, int[] c, int o) {
        int c00 = 0, c01 = 0, c02 = 0, c10 = 0, c11 = 0, c12 = 0, c20 = 0, c21 = 0, c22 = 0;
        int W2 = 2 * W;
        for (int w = lo; w < hi; w++) {
            long a0 = pa[w], a1 = pa[W + w], a2 = pa[W2 + w], b0 = pb[w], b1 = pb[W + w], b2 = pb[W2 + w];
            c00 += Long.bitCount(a0 & b0);
            c01 += Long.bitCount(a0 & b1);
            c02 += Long.bitCount(a0 & b2);
            c10 += Long.bitCount(a1 & b0);
            c11 += Long.bitCount(a1 & b1);
            c12 += Long.bitCount(a1 & b2);
            c20 += Long.bitCount(a2 & b0);
            c21 += Long.bitCount(a2 & b1);
            c22 += Long.bitCount(a2 & b2);
        }
        c[o] = c00;
        c[o + 1] = c01;
        c[o + 2] = c02;
        c[o + 3] = c10;
        c[o + 4] = c11;
        c[o + 5] = c12;
        c[o + 6] = c20;
        c[o + 7] = c21;
        c[o + 8] = c22;
    }

    private final class Worker {
        final BoostTest test;
        final int[] c = new int[18];
        final List<Hit> hits = new ArrayList<>();
        /** With {@link #top}: the worker's best pairs, worst at the head. */
        final java.util.PriorityQueue<Hit> best = top > 0 ? new java.util.PriorityQueue<>(top + 1, BEST_FIRST.reversed()) : null;
        long tested, failed, passed;

        Worker(int n) {
            test = new BoostTest(n);
        }

        long tile(int i0, int i1, int j0, int j1) {
            long pairs = 0;
            for (int i = i0; i < i1; i++) {
                long[] pa = a.planes[i];
                int[] ta = a.totals[i];
                boolean ma = a.hasMissing[i];
                int[][] mpa = a.missing[i];
                for (int j = triangular ? Math.max(j0, i + 1) : j0; j < j1; j++) {
                    pairs++;
                    count(pa, b.planes[j], ma || b.hasMissing[j], ta, b.totals[j], mpa, b.missing[j], c);
                    double ksa = test.kirkwood(c);
                    int df = test.lastDf;
                    if (df == 0 || Double.isNaN(ksa)) {
                        failed++;
                        continue;
                    }
                    tested++;
                    if (ksa > critical[df]) {
                        double exact = test.exact(c);
                        double lp = BoostTest.log10P(exact, df);
                        if (lp <= log10ScreenP) passed++;
                        if (best == null) {
                            hits.add(new Hit(i, j, exact, df, ksa, Arrays.copyOf(c, 18)));
                        } else if (best.size() < top || lp <= best.peek().log10P()) {
                            Hit h = new Hit(i, j, exact, df, ksa, Arrays.copyOf(c, 18));
                            best.add(h);
                            if (best.size() > top) best.poll();
                        }
                    }
                }
            }
            return pairs;
        }
    }
}
