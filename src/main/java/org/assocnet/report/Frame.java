package org.assocnet.report;

import java.util.ArrayList;
import java.util.List;
import org.assocnet.io.TsvTable;
import org.assocnet.report.Canvas.Anchor;

/** Linear map from data to a pixel frame of a plot, with tick marks and the axis helpers every plot uses. */
final class Frame {
    final double x0, y0, w, h, xmin, xmax, ymin, ymax;

    Frame(double x0, double y0, double w, double h, double xmin, double xmax, double ymin, double ymax) {
        this.x0 = x0;
        this.y0 = y0;
        this.w = w;
        this.h = h;
        this.xmin = xmin;
        this.xmax = xmax == xmin ? xmin + 1 : xmax;
        this.ymin = ymin;
        this.ymax = ymax == ymin ? ymin + 1 : ymax;
    }

    double x(double v) {
        return x0 + (v - xmin) / (xmax - xmin) * w;
    }

    double y(double v) {
        return y0 + h - (v - ymin) / (ymax - ymin) * h;
    }

    double cx(double v) {
        return x(Math.max(xmin, Math.min(xmax, v)));
    }

    double cy(double v) {
        return y(Math.max(ymin, Math.min(ymax, v)));
    }

    void box(Canvas c) {
        c.rect(x0, y0, w, h, null, Plots.AXIS);
    }

    void yTicks(Canvas c, String label, boolean grid) {
        for (double t : ticks(ymin, ymax, 6)) {
            double yy = y(t);
            if (grid) c.line(x0, yy, x0 + w, yy, Plots.GRID, 1, false);
            c.line(x0 - 4, yy, x0, yy, Plots.AXIS, 1, false);
            c.text(x0 - 6, yy + 4, tick(t), 11, Plots.AXIS, Anchor.END, false, 0);
        }
        c.text(x0 - 38, y0 + h / 2, label, 12, Plots.AXIS, Anchor.MIDDLE, false, -90);
    }

    void xTicks(Canvas c, String label, boolean grid) {
        for (double t : ticks(xmin, xmax, 7)) {
            double xx = x(t);
            if (grid) c.line(xx, y0, xx, y0 + h, Plots.GRID, 1, false);
            c.line(xx, y0 + h, xx, y0 + h + 4, Plots.AXIS, 1, false);
            c.text(xx, y0 + h + 16, tick(t), 11, Plots.AXIS, Anchor.MIDDLE, false, 0);
        }
        c.text(x0 + w / 2, y0 + h + 34, label, 12, Plots.AXIS, Anchor.MIDDLE, false, 0);
    }

    static double[] ticks(double lo, double hi, int target) {
        double span = hi - lo;
        if (!(span > 0) || Double.isInfinite(span)) return new double[] {lo};
        double raw = span / target;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String tick(double t) {
        if (t == Math.rint(t) && Math.abs(t) < 1e9) return Long.toString((long) t);
        return TsvTable.fmt(Math.round(t * 1e6) / 1e6);
    }

    static double mlog10(double p) {
        if (Double.isNaN(p)) return Double.NaN;
        if (p <= 0) return 320;
        return Math.min(320, -Math.log10(p));
    }
}
