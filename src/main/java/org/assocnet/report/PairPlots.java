package org.assocnet.report;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assocnet.io.Chromosomes;
import org.assocnet.report.Canvas.Anchor;

/**
 * Plots of variant pairs, for any pair test: the pairs by genome position (variant 1 against variant 2) and
 * the 3x3 genotype panels (one grid of genotype combinations per pair, e.g. the case fraction of the exhaustive
 * scan or the network's predicted risk).
 */
public final class PairPlots {
    private PairPlots() {}

    /**
     * One pair's 3x3 panel: {@code value[g1 * 3 + g2]} (NaN: none) for ALT count g1 of variant 1 (rows) and g2
     * of variant 2 (columns), printed in its cell above {@code note[g1 * 3 + g2]} (e.g. the counts behind it).
     */
    public record Panel(String title, String subtitle, String variant1, String variant2, double[] value, String[] note) {
        public Panel {
            if (value.length != 9 || note.length != 9) throw new IllegalArgumentException("a 3x3 panel has 9 cells");
        }
    }

    static final int PANEL_W = 300, PANEL_H = 290, CELL = 62;

    /** 3x3 panels, three to a row; each panel's colours run from its smallest to its largest value. */
    public static Plot panels(String name, String title, String valueName, List<Panel> panels) {
        int cols = Math.min(3, Math.max(1, panels.size()));
        int rows = Math.max(1, (panels.size() + cols - 1) / cols);
        return new Plot(name, title, 40 + cols * PANEL_W, 40 + rows * PANEL_H) {
            @Override
            public void draw(Canvas c) {
                c.rect(0, 0, width(), height(), "#ffffff", null);
                c.text(20, 22, title(), 14, Plots.AXIS, Anchor.START, true, 0);
                for (int k = 0; k < panels.size(); k++) panel(c, panels.get(k), valueName, 20 + (k % cols) * PANEL_W, 40 + (k / cols) * PANEL_H);
                if (panels.isEmpty()) c.text(width() / 2.0, height() / 2.0, "no pairs", 12, Plots.AXIS, Anchor.MIDDLE, false, 0);
            }
        };
    }

    private static void panel(Canvas c, Panel p, String valueName, double ox, double oy) {
        c.text(ox + 10, oy + 14, p.title(), 12, Plots.AXIS, Anchor.START, true, 0);
        c.text(ox + 10, oy + 28, p.subtitle(), 10, Plots.GREY, Anchor.START, false, 0);
        double gx = ox + 70, gy = oy + 62;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : p.value()) {
            if (!Double.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        c.text(gx + 1.5 * CELL, gy - 22, shorten(p.variant2()) + " (ALT count)", 10, Plots.AXIS, Anchor.MIDDLE, false, 0);
        c.text(gx - 34, gy + 1.5 * CELL, shorten(p.variant1()) + " (ALT count)", 10, Plots.AXIS, Anchor.MIDDLE, false, -90);
        for (int g = 0; g < 3; g++) {
            c.text(gx + (g + 0.5) * CELL, gy - 6, Integer.toString(g), 11, Plots.AXIS, Anchor.MIDDLE, true, 0);
            c.text(gx - 8, gy + (g + 0.5) * CELL + 4, Integer.toString(g), 11, Plots.AXIS, Anchor.END, true, 0);
        }
        for (int g1 = 0; g1 < 3; g1++) {
            for (int g2 = 0; g2 < 3; g2++) {
                double v = p.value()[g1 * 3 + g2];
                double x = gx + g2 * CELL, y = gy + g1 * CELL;
                double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
                c.rect(x, y, CELL, CELL, Double.isNaN(v) ? "#f0f0f0" : Plots.ramp(t), "#ffffff");
                String ink = !Double.isNaN(v) && t > 0.6 ? "#ffffff" : Plots.AXIS;
                c.text(x + CELL / 2.0, y + CELL / 2.0 + 1, Double.isNaN(v) ? "NA" : String.format(Locale.ROOT, "%.3f", v), 13, ink, Anchor.MIDDLE, true, 0);
                c.text(x + CELL / 2.0, y + CELL / 2.0 + 16, p.note()[g1 * 3 + g2], 9, ink, Anchor.MIDDLE, false, 0);
            }
        }
        String range = hi >= lo ? String.format(Locale.ROOT, " %.3f (pale) to %.3f (dark)", lo, hi) : " none";
        c.text(gx - 60, gy + 3 * CELL + 18, valueName + ":" + range, 10, Plots.GREY, Anchor.START, false, 0);
    }

    private static String shorten(String s) {
        return s.length() > 30 ? s.substring(0, 29) + "\u2026" : s;
    }

    // ---------------------------------------------------------------------------------------------
    /** Pairs by position: both variants and the pair's P, compact (chromosome index, position, -log10 P). */
    public static final class Positions {
        final Map<String, Integer> chromIndex = new HashMap<>();
        final java.util.ArrayList<String> chroms = new java.util.ArrayList<>();
        final Map<String, Long> maxPos = new HashMap<>();
        int n;
        int[] c1 = new int[256], c2 = new int[256];
        long[] p1 = new long[256], p2 = new long[256];
        double[] mlog = new double[256];

        public void add(String chrom1, long pos1, String chrom2, long pos2, double p) {
            if (n == c1.length) {
                int m = 2 * n;
                c1 = Arrays.copyOf(c1, m);
                c2 = Arrays.copyOf(c2, m);
                p1 = Arrays.copyOf(p1, m);
                p2 = Arrays.copyOf(p2, m);
                mlog = Arrays.copyOf(mlog, m);
            }
            c1[n] = chrom(chrom1, pos1);
            c2[n] = chrom(chrom2, pos2);
            p1[n] = pos1;
            p2[n] = pos2;
            mlog[n] = Frame.mlog10(p);
            n++;
        }

        private int chrom(String c, long pos) {
            maxPos.merge(c, pos, Math::max);
            return chromIndex.computeIfAbsent(c, k -> {
                chroms.add(k);
                return chroms.size() - 1;
            });
        }

        public int size() {
            return n;
        }
    }

    /**
     * x = genome position of variant 1, y = of variant 2, chromosome boundaries as grid lines; colour and
     * size by -log10 P, a red ring where P is at most {@code bonferroni}. The genome axis spans the chromosomes
     * of the association table ({@code genome}) and of the pairs. Weak pairs sharing a pixel are drawn once.
     */
    public static Plot pairsByPosition(String name, String title, Points genome, Positions pairs, double bonferroni) {
        GenomeAxis axis = GenomeAxis.union(genome, pairs.maxPos);
        return new Plot(name, title, 660, 560) {
            @Override
            public void draw(Canvas c) {
                c.rect(0, 0, width(), height(), "#ffffff", null);
                Frame f = new Frame(70, 40, 440, 440, 0, axis.total, 0, axis.total);
                c.text(20, 22, title(), 14, Plots.AXIS, Anchor.START, true, 0);
                for (int ci = 0; ci < axis.size(); ci++) {
                    if (ci > 0) {
                        double b = axis.start(ci);
                        c.line(f.x(b), f.y0, f.x(b), f.y0 + f.h, Plots.GRID, 1, false);
                        c.line(f.x0, f.y(b), f.x0 + f.w, f.y(b), Plots.GRID, 1, false);
                    }
                    if (axis.crowded(ci)) continue;
                    String l = Chromosomes.label(axis.chroms.get(ci));
                    c.text(f.x(axis.middle(ci)), f.y0 + f.h + 16, l, 11, Plots.AXIS, Anchor.MIDDLE, false, 0);
                    c.text(f.x0 - 6, f.y(axis.middle(ci)) + 4, l, 11, Plots.AXIS, Anchor.END, false, 0);
                }
                c.text(f.x0 + f.w / 2, f.y0 + f.h + 36, "variant 1: chromosome (genome position)", 12, Plots.AXIS, Anchor.MIDDLE, false, 0);
                c.text(f.x0 - 40, f.y0 + f.h / 2, "variant 2: chromosome (genome position)", 12, Plots.AXIS, Anchor.MIDDLE, false, -90);
                c.line(f.x(0), f.y(0), f.x(axis.total), f.y(axis.total), Plots.GREY, 1, true);
                int n = pairs.n;
                if (n == 0) {
                    c.text(f.x0 + f.w / 2, f.y0 + f.h / 2, "no pairs in the table", 12, Plots.AXIS, Anchor.MIDDLE, false, 0);
                    f.box(c);
                    return;
                }
                double bonfM = Frame.mlog10(bonferroni);
                double lo = Double.POSITIVE_INFINITY, hi = Double.isNaN(bonfM) ? Double.NEGATIVE_INFINITY : bonfM;
                for (int i = 0; i < n; i++) {
                    lo = Math.min(lo, pairs.mlog[i]);
                    hi = Math.max(hi, pairs.mlog[i]);
                }
                double span = hi > lo ? hi - lo : 1;
                // most significant first decides which pair a crowded pixel shows; then drawn weakest first (strongest on top)
                int[] onAxis = new int[pairs.chroms.size()];
                for (int k = 0; k < onAxis.length; k++) onAxis[k] = axis.index(pairs.chroms.get(k));
                double[] xs = new double[n], ys = new double[n];
                for (int i = 0; i < n; i++) {
                    xs[i] = f.x(axis.at(onAxis[pairs.c1[i]], pairs.p1[i]));
                    ys[i] = f.y(axis.at(onAxis[pairs.c2[i]], pairs.p2[i]));
                }
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) order[i] = i;
                Arrays.sort(order, (a, b) -> Double.compare(pairs.mlog[b], pairs.mlog[a]));
                BitSet seen = new BitSet((int) (f.w + 2) * (int) (f.h + 2));
                boolean[] keep = new boolean[n];
                for (int i : order) {
                    int cell = (int) (ys[i] - f.y0) * (int) (f.w + 2) + (int) (xs[i] - f.x0);
                    keep[i] = pairs.mlog[i] >= bonfM || cell < 0 || !seen.get(cell);
                    if (cell >= 0) seen.set(cell);
                }
                for (int k = n - 1; k >= 0; k--) {
                    int i = order[k];
                    if (!keep[i]) continue;
                    double xx = xs[i], yy = ys[i];
                    double t = (pairs.mlog[i] - lo) / span;
                    double r = 2 + 3.5 * t;
                    if (pairs.mlog[i] >= bonfM) c.circle(xx, yy, r + 1.8, Plots.RED);
                    c.circle(xx, yy, r, Plots.ramp(0.25 + 0.75 * t));
                }
                f.box(c);
                // legend: the colour and size scale, the Bonferroni ring
                double lx = f.x0 + f.w + 24, ly = f.y0 + 10;
                c.text(lx, ly, "-log10(P)", 11, Plots.AXIS, Anchor.START, true, 0);
                for (int k = 0; k <= 4; k++) {
                    double t = k / 4.0;
                    c.circle(lx + 8, ly + 18 + k * 20, 2 + 3.5 * t, Plots.ramp(0.25 + 0.75 * t));
                    c.text(lx + 20, ly + 22 + k * 20, Frame.tick(Math.round((lo + t * span) * 10) / 10.0), 10, Plots.AXIS, Anchor.START, false, 0);
                }
                c.circle(lx + 8, ly + 128, 5.3, Plots.RED);
                c.circle(lx + 8, ly + 128, 3.5, Plots.ramp(0.8));
                c.text(lx + 20, ly + 132, "P below", 10, Plots.AXIS, Anchor.START, false, 0);
                c.text(lx + 20, ly + 145, "Bonferroni", 10, Plots.AXIS, Anchor.START, false, 0);
                c.text(lx, ly + 170, n + " pairs", 10, Plots.GREY, Anchor.START, false, 0);
            }
        };
    }
}
