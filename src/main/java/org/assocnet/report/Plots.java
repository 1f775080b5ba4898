package org.assocnet.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.assocnet.report.Canvas.Anchor;
import org.assocnet.io.Chromosomes;
import org.assocnet.io.TsvTable;

/**
 * The report's plots, each drawn once on a {@link Canvas} and rendered to SVG and PNG. Large tables stay
 * cheap: points far from significance are thinned to one per pixel cell (every point with P below
 * {@link #KEEP_ALL_P} is kept), so a plot has at most a few hundred thousand marks whatever the table size.
 */
public final class Plots {
    private Plots() {}

    public static final double KEEP_ALL_P = 1e-3;
    static final String AXIS = "#333333", GRID = "#e5e5e5", RED = "#c0392b", GREY = "#888888";

    private static final int[][] RAMP = {{0xff, 0xf5, 0xeb}, {0xfd, 0x8d, 0x3c}, {0x7f, 0x27, 0x04}};

    /** A sequential colour (pale to dark orange) for t in [0, 1] (clamped), for plots coloured by a value. */
    static String ramp(double t) {
        double u = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (RAMP.length - 1);
        int k = Math.min(RAMP.length - 2, (int) u);
        double w = u - k;
        StringBuilder b = new StringBuilder("#");
        for (int ch = 0; ch < 3; ch++) b.append(String.format(Locale.ROOT, "%02x", (int) Math.round(RAMP[k][ch] * (1 - w) + RAMP[k + 1][ch] * w)));
        return b.toString();
    }

    // ---------------------------------------------------------------------------------------------
    /** Genome-wide -log10 P by position; chromosome extents come from the data. test: 0 GLM, 1 NN_P, 2 CONTRIB_P. */
    public static Plot manhattan(String name, String title, Points pts, int test, int labels) {
        boolean nn = test > 0;
        return new Plot(name, title, 1100, 380) {
            @Override
            public void draw(Canvas c) {
                c.rect(0, 0, width(), height(), "#ffffff", null);
                int nc = pts.chroms.size();
                GenomeAxis axis = new GenomeAxis(pts.chroms, pts.maxPos);
                double[] p = pts.p(test);
                int m = 0;
                double top = 0;
                for (int i = 0; i < pts.n; i++) {
                    if (Double.isNaN(p[i])) continue;
                    m++;
                    top = Math.max(top, Frame.mlog10(p[i]));
                }
                double bonf = m > 0 ? 0.05 / m : Double.NaN;
                double ymax = Math.max(Math.max(top, Frame.mlog10(5e-8)), m > 0 ? Frame.mlog10(bonf) : 0) * 1.08 + 0.5;
                Frame f = new Frame(60, 30, width() - 80, height() - 80, 0, axis.total, 0, ymax);
                c.text(f.x0, 18, title, 14, AXIS, Anchor.START, true, 0);
                f.yTicks(c, "-log10(P)", true);
                String[] col = nn ? new String[] {"#a0522d", "#e69f66"} : new String[] {"#1f4e79", "#6fa8dc"};
                BitSet seen = new BitSet((int) (f.w + 2) * (int) (f.h + 2));
                for (int i = 0; i < pts.n; i++) {
                    if (Double.isNaN(p[i])) continue;
                    int ci = pts.chrom[i];
                    double xx = f.x(axis.at(ci, pts.pos[i]));
                    double yy = f.cy(Frame.mlog10(p[i]));
                    if (p[i] >= KEEP_ALL_P) {
                        int cell = (int) (yy - f.y0) * (int) (f.w + 2) + (int) (xx - f.x0);
                        if (cell < 0 || seen.get(cell)) continue;
                        seen.set(cell);
                    }
                    c.circle(xx, yy, 1.8, col[ci % 2]);
                }
                for (int ci = 0; ci < nc; ci++) {
                    double mid = f.x(axis.middle(ci));
                    if (!axis.crowded(ci)) c.text(mid, f.y0 + f.h + 16, Chromosomes.label(pts.chroms.get(ci)), 11, AXIS, Anchor.MIDDLE, false, 0);
                }
                c.text(f.x0 + f.w / 2, f.y0 + f.h + 36, "chromosome", 12, AXIS, Anchor.MIDDLE, false, 0);
                double gw = Frame.mlog10(5e-8);
                c.line(f.x0, f.y(gw), f.x0 + f.w, f.y(gw), RED, 1, true);
                c.text(f.x0 + f.w - 4, f.y(gw) - 4, "P = 5e-8", 10, RED, Anchor.END, false, 0);
                if (m > 0) {
                    double b = Frame.mlog10(bonf);
                    c.line(f.x0, f.y(b), f.x0 + f.w, f.y(b), GREY, 1, true);
                    c.text(f.x0 + f.w - 4, f.y(b) + 12, "Bonferroni 0.05/" + m, 10, GREY, Anchor.END, false, 0);
                }
                // labels: the most significant variants at least 500 kb and 40 px apart, P < 1e-5
                Integer[] cand = pts.candidates(test);
                List<Integer> chosen = new ArrayList<>();
                for (int i : cand) {
                    if (chosen.size() >= labels) break;
                    boolean near = false;
                    for (int j : chosen) {
                        near |= pts.chrom[j] == pts.chrom[i] && Math.abs(pts.pos[j] - pts.pos[i]) < 500_000;
                        near |= Math.abs(f.x(axis.at(pts.chrom[j], pts.pos[j])) - f.x(axis.at(pts.chrom[i], pts.pos[i]))) < 40;
                    }
                    if (!near) chosen.add(i);
                }
                for (int i : chosen) {
                    double xx = f.x(axis.at(pts.chrom[i], pts.pos[i]));
                    double yy = f.cy(Frame.mlog10(p[i]));
                    c.circle(xx, yy, 3, RED);
                    c.text(xx + 5, Math.max(f.y0 + 10, yy - 5), pts.label(i), 10, AXIS, Anchor.START, false, 0);
                }
                f.box(c);
            }
        };
    }

    // ---------------------------------------------------------------------------------------------
    /** Observed vs expected -log10 P with the pointwise 95% band of uniform order statistics and lambda. */
    public static Plot qq(String name, String title, double[] pIn, double lambda, String color) {
        double[] p = Arrays.stream(pIn).filter(v -> !Double.isNaN(v)).sorted().toArray();
        return new Plot(name, title, 440, 440) {
            @Override
            public void draw(Canvas c) {
                c.rect(0, 0, width(), height(), "#ffffff", null);
                int m = p.length;
                Frame f0 = new Frame(60, 30, width() - 80, height() - 80, 0, 1, 0, 1);
                c.text(f0.x0, 18, title, 14, AXIS, Anchor.START, true, 0);
                if (m == 0) {
                    c.text(width() / 2.0, height() / 2.0, "no p-values", 12, AXIS, Anchor.MIDDLE, false, 0);
                    return;
                }
                double emax = Frame.mlog10(0.5 / m);
                double omax = Math.max(emax, Frame.mlog10(p[0]));
                Frame f = new Frame(60, 30, width() - 80, height() - 80, 0, emax * 1.05, 0, omax * 1.05);
                f.xTicks(c, "expected -log10(P)", true);
                f.yTicks(c, "observed -log10(P)", true);
                // 95% band at ~120 ranks spaced evenly in -log10 expected
                List<double[]> band = new ArrayList<>();
                int last = -1;
                for (int k = 0; k <= 120; k++) {
                    double e = emax * k / 120.0;
                    int i = (int) Math.round(m * Math.pow(10, -e) - 0.5); // rank (1-based) with expected (i-0.5)/m
                    i = Math.max(1, Math.min(m, i));
                    if (i == last) continue;
                    last = i;
                    BetaDistribution b = new BetaDistribution(null, i, m - i + 1.0, 1e-12);
                    double ex = Frame.mlog10((i - 0.5) / m);
                    band.add(new double[] {ex, Frame.mlog10(b.inverseCumulativeProbability(0.975)), Frame.mlog10(b.inverseCumulativeProbability(0.025))});
                }
                band.sort((a, b) -> Double.compare(a[0], b[0]));
                int nb = band.size();
                double[] bx = new double[2 * nb], by = new double[2 * nb];
                for (int k = 0; k < nb; k++) {
                    bx[k] = f.cx(band.get(k)[0]);
                    by[k] = f.cy(band.get(k)[1]);
                    bx[2 * nb - 1 - k] = f.cx(band.get(k)[0]);
                    by[2 * nb - 1 - k] = f.cy(band.get(k)[2]);
                }
                c.polygon(bx, by, "#bbbbbb", 0.45);
                c.line(f.x(0), f.y(0), f.cx(emax * 1.05), f.cy(emax * 1.05), RED, 1, false);
                BitSet seen = new BitSet((int) (f.w + 2) * (int) (f.h + 2));
                for (int i = 0; i < m; i++) {
                    double xx = f.x(Frame.mlog10((i + 0.5) / m));
                    double yy = f.cy(Frame.mlog10(p[i]));
                    if (p[i] >= KEEP_ALL_P) {
                        int cell = (int) (yy - f.y0) * (int) (f.w + 2) + (int) (xx - f.x0);
                        if (cell < 0 || seen.get(cell)) continue;
                        seen.set(cell);
                    }
                    c.circle(xx, yy, 2, color);
                }
                c.text(f.x0 + 10, f.y0 + 18, "lambda = " + String.format(Locale.ROOT, "%.3f", lambda), 13, AXIS, Anchor.START, true, 0);
                c.text(f.x0 + 10, f.y0 + 34, m + " tests; grey: 95% band", 11, GREY, Anchor.START, false, 0);
                f.box(c);
            }
        };
    }

    // ---------------------------------------------------------------------------------------------
    /** GLM log-OR against the network's log-OR, coloured by AGREEMENT. */
    public static Plot scatter(String name, Points pts) {
        return new Plot(name, "GLM log(OR) vs network log(OR)", 480, 480) {
            @Override
            public void draw(Canvas c) {
                c.rect(0, 0, width(), height(), "#ffffff", null);
                double lim = 0;
                int pairs = 0;
                for (int i = 0; i < pts.n; i++) {
                    if (Float.isNaN(pts.glmLogOr[i]) || Float.isNaN(pts.nnLogOr[i])) continue;
                    pairs++;
                    lim = Math.max(lim, Math.max(Math.abs(pts.glmLogOr[i]), Math.abs(pts.nnLogOr[i])));
                }
                lim = Math.min(Math.max(lim * 1.05, 0.05), 4);
                Frame f = new Frame(60, 30, width() - 80, height() - 110, -lim, lim, -lim, lim);
                c.text(f.x0, 18, title(), 14, AXIS, Anchor.START, true, 0);
                if (pairs == 0) {
                    c.text(width() / 2.0, height() / 2.0, "no variant has both a GLM and a network effect", 12, AXIS, Anchor.MIDDLE, false, 0);
                    return;
                }
                f.xTicks(c, "GLM log(OR) (BETA)", true);
                f.yTicks(c, "network log(OR) (NN_BETA)", true);
                c.line(f.x(-lim), f.y(-lim), f.x(lim), f.y(lim), GREY, 1, true);
                BitSet seen = new BitSet((int) (f.w + 2) * (int) (f.h + 2));
                // draw non-significant first, so coloured points stay on top
                for (int pass = 0; pass < 2; pass++) {
                    for (int i = 0; i < pts.n; i++) {
                        if (Float.isNaN(pts.glmLogOr[i]) || Float.isNaN(pts.nnLogOr[i])) continue;
                        int a = pts.agreement[i];
                        boolean sig = a == Agreement.BOTH.ordinal() || a == Agreement.GLM_ONLY.ordinal()
                                || a == Agreement.NN_ONLY.ordinal() || a == Agreement.BOTH_OPPOSITE.ordinal();
                        if (sig != (pass == 1)) continue;
                        double xx = f.cx(pts.glmLogOr[i]), yy = f.cy(pts.nnLogOr[i]);
                        if (!sig) {
                            int cell = (int) (yy - f.y0) * (int) (f.w + 2) + (int) (xx - f.x0);
                            if (cell < 0 || seen.get(cell)) continue;
                            seen.set(cell);
                        }
                        c.circle(xx, yy, sig ? 3 : 1.8, Agreement.values()[a].color);
                    }
                }
                double ly = f.y0 + f.h + 52;
                double lx = f.x0;
                for (Agreement a : new Agreement[] {Agreement.BOTH, Agreement.GLM_ONLY, Agreement.NN_ONLY, Agreement.BOTH_OPPOSITE, Agreement.NONE}) {
                    c.circle(lx + 4, ly - 4, 4, a.color);
                    c.text(lx + 12, ly, a.label, 11, AXIS, Anchor.START, false, 0);
                    lx += 18 + a.label.length() * 6.5;
                }
                f.box(c);
            }
        };
    }

    // ---------------------------------------------------------------------------------------------
    /** Genotype-risk panels: the network's mean risk at genotype 0, 1, 2 for the top hits. */
    public static Plot riskPanels(String name, List<TopHits.Hit> hits) {
        int cols = Math.min(3, Math.max(1, hits.size()));
        int rows = Math.max(1, (hits.size() + cols - 1) / cols);
        return new Plot(name, "Genotype risks of the top hits (network)", 40 + cols * 300, 40 + rows * 240) {
            @Override
            public void draw(Canvas c) {
                c.rect(0, 0, width(), height(), "#ffffff", null);
                c.text(20, 22, title(), 14, AXIS, Anchor.START, true, 0);
                for (int k = 0; k < hits.size(); k++) {
                    TopHits.Hit h = hits.get(k);
                    double ox = 20 + (k % cols) * 300, oy = 40 + (k / cols) * 240;
                    double[] r = h.risks();
                    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                    for (double v : r) {
                        if (!Double.isNaN(v)) {
                            lo = Math.min(lo, v);
                            hi = Math.max(hi, v);
                        }
                    }
                    if (!(hi >= lo)) continue;
                    double pad = Math.max((hi - lo) * 0.25, 0.01);
                    Frame f = new Frame(ox + 60, oy + 34, 200, 150, -0.3, 2.3, Math.max(0, lo - pad), Math.min(1, hi + pad));
                    c.text(ox + 60, oy + 14, h.label(), 12, AXIS, Anchor.START, true, 0);
                    c.text(ox + 60, oy + 28, h.pattern() + ", NN_P=" + TsvTable.fmt(h.nnP()) + ", GLM_P=" + TsvTable.fmt(h.glmP()), 10, GREY, Anchor.START, false, 0);
                    f.yTicks(c, "risk", true);
                    String[] gl = {h.ref() + h.ref(), h.ref() + h.alt(), h.alt() + h.alt()};
                    for (int g = 0; g < 3; g++) {
                        String lab = gl[g].length() > 8 ? String.valueOf(g) : gl[g];
                        c.text(f.x(g), f.y0 + f.h + 16, lab, 11, AXIS, Anchor.MIDDLE, false, 0);
                    }
                    List<double[]> ok = new ArrayList<>();
                    for (int g = 0; g < 3; g++) if (!Double.isNaN(r[g])) ok.add(new double[] {f.x(g), f.y(r[g])});
                    c.polyline(ok.stream().mapToDouble(a -> a[0]).toArray(), ok.stream().mapToDouble(a -> a[1]).toArray(), "#a0522d", 2);
                    for (double[] a : ok) c.circle(a[0], a[1], 4, "#a0522d");
                    f.box(c);
                }
                if (hits.isEmpty()) c.text(width() / 2.0, height() / 2.0, "no variant has genotype risks", 12, AXIS, Anchor.MIDDLE, false, 0);
            }
        };
    }

    // ---------------------------------------------------------------------------------------------
    /** Several named series on one frame (training curves, ROC curves). */
    public record Series(String label, double[] x, double[] y, int color, boolean dashed) {
        public Series(String label, double[] x, double[] y) {
            this(label, x, y, -1, false);
        }
    }

    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    public static Plot lines(String name, String title, String xLabel, String yLabel, List<Series> series, boolean diagonal, boolean unitSquare) {
        return new Plot(name, title, 520, 420) {
            @Override
            public void draw(Canvas c) {
                c.rect(0, 0, width(), height(), "#ffffff", null);
                double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY, ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
                for (Series s : series) {
                    for (int i = 0; i < s.x.length; i++) {
                        if (Double.isNaN(s.x[i]) || Double.isNaN(s.y[i])) continue;
                        xmin = Math.min(xmin, s.x[i]);
                        xmax = Math.max(xmax, s.x[i]);
                        ymin = Math.min(ymin, s.y[i]);
                        ymax = Math.max(ymax, s.y[i]);
                    }
                }
                if (unitSquare) {
                    xmin = 0;
                    ymin = 0;
                    xmax = 1;
                    ymax = 1;
                }
                if (!(xmax >= xmin)) return;
                double py = (ymax - ymin) * 0.05;
                Frame f = new Frame(60, 30, width() - 190, height() - 80, xmin, xmax, ymin - (unitSquare ? 0 : py), ymax + (unitSquare ? 0 : py));
                c.text(f.x0, 18, title, 14, AXIS, Anchor.START, true, 0);
                f.xTicks(c, xLabel, true);
                f.yTicks(c, yLabel, true);
                if (diagonal) c.line(f.x(0), f.y(0), f.x(1), f.y(1), GREY, 1, true);
                for (int k = 0; k < series.size(); k++) {
                    Series s = series.get(k);
                    String col = PALETTE[(s.color >= 0 ? s.color : k) % PALETTE.length];
                    List<double[]> ok = new ArrayList<>();
                    for (int i = 0; i < s.x.length; i++) if (!Double.isNaN(s.x[i]) && !Double.isNaN(s.y[i])) ok.add(new double[] {f.cx(s.x[i]), f.cy(s.y[i])});
                    c.polyline(ok.stream().mapToDouble(a -> a[0]).toArray(), ok.stream().mapToDouble(a -> a[1]).toArray(), col, 1.6, s.dashed);
                    c.line(f.x0 + f.w + 10, f.y0 + 10 + k * 16, f.x0 + f.w + 26, f.y0 + 10 + k * 16, col, 2, s.dashed);
                    c.text(f.x0 + f.w + 30, f.y0 + 14 + k * 16, s.label, 10, AXIS, Anchor.START, false, 0);
                }
                f.box(c);
            }
        };
    }
}
