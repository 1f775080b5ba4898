package org.assocnet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A minimal drawing surface so that each plot is drawn once and rendered both as SVG (text, for the HTML
 * report) and PNG (java.awt, headless). Coordinates are pixels, origin top-left. Colours are "#rrggbb".
 */
public interface Canvas {
    enum Anchor { START, MIDDLE, END }

    void rect(double x, double y, double w, double h, String fill, String stroke);

    void line(double x1, double y1, double x2, double y2, String stroke, double width, boolean dashed);

    void polyline(double[] xs, double[] ys, String stroke, double width);

    /** Filled closed polygon (e.g. a confidence band). */
    void polygon(double[] xs, double[] ys, String fill, double opacity);

    void circle(double cx, double cy, double r, String fill);

    void text(double x, double y, String s, double size, String fill, Anchor anchor, boolean bold, double rotateDeg);

    int width();

    int height();

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Hand-written SVG 1.1; numbers rounded to 0.1 px to keep files small. */
    final class Svg implements Canvas {
        private final StringBuilder sb = new StringBuilder(1 << 16);
        private final int w, h;

        public Svg(int w, int h, String title) {
            this.w = w;
            this.h = h;
            sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                    .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                    .append("\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\"><title>")
                    .append(esc(title)).append("</title>\n");
        }

        static String n(double v) {
            long r = Math.round(v * 10);
            return (r % 10 == 0) ? Long.toString(r / 10) : String.format(Locale.ROOT, "%.1f", r / 10.0);
        }

        @Override
        public void rect(double x, double y, double rw, double rh, String fill, String stroke) {
            sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(rw))
                    .append("\" height=\"").append(n(rh)).append("\" fill=\"").append(fill == null ? "none" : fill)
                    .append('"');
            if (stroke != null) sb.append(" stroke=\"").append(stroke).append('"');
            sb.append("/>\n");
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, String stroke, double width, boolean dashed) {
            sb.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                    .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                    .append(n(width)).append('"');
            if (dashed) sb.append(" stroke-dasharray=\"6 4\"");
            sb.append("/>\n");
        }

        private void points(double[] xs, double[] ys) {
            for (int i = 0; i < xs.length; i++) {
                if (i > 0) sb.append(' ');
                sb.append(n(xs[i])).append(',').append(n(ys[i]));
            }
        }

        @Override
        public void polyline(double[] xs, double[] ys, String stroke, double width) {
            sb.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(n(width))
                    .append("\" points=\"");
            points(xs, ys);
            sb.append("\"/>\n");
        }

        @Override
        public void polygon(double[] xs, double[] ys, String fill, double opacity) {
            sb.append("<polygon fill=\"").append(fill).append("\" fill-opacity=\"").append(n(opacity * 100) ).append("%\" points=\"");
            points(xs, ys);
            sb.append("\"/>\n");
        }

        @Override
        public void circle(double cx, double cy, double r, String fill) {
            sb.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                    .append("\" fill=\"").append(fill).append("\"/>\n");
        }

        @Override
        public void text(double x, double y, String s, double size, String fill, Anchor anchor, boolean bold, double rot) {
            sb.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                    .append("\" fill=\"").append(fill).append('"');
            if (anchor != Anchor.START) sb.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
            if (bold) sb.append(" font-weight=\"bold\"");
            if (rot != 0) sb.append(" transform=\"rotate(").append(n(rot)).append(' ').append(n(x)).append(' ').append(n(y)).append(")\"");
            sb.append('>').append(esc(s)).append("</text>\n");
        }

        @Override
        public int width() {
            return w;
        }

        @Override
        public int height() {
            return h;
        }

        public String finish() {
            return sb + "</svg>\n";
        }
    }

    /** PNG through java.awt on a BufferedImage (run with java.awt.headless=true). */
    final class Png implements Canvas {
        private final BufferedImage img;
        private final Graphics2D g;
        private final double scale;

        public Png(int w, int h, double scale) {
            System.setProperty("java.awt.headless", "true");
            this.scale = scale;
            img = new BufferedImage((int) Math.round(w * scale), (int) Math.round(h * scale), BufferedImage.TYPE_INT_RGB);
            g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(scale, scale);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
        }

        static Color color(String hex, double alpha) {
            int rgb = Integer.parseInt(hex.substring(1), 16);
            return new Color((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, (int) Math.round(alpha * 255));
        }

        @Override
        public void rect(double x, double y, double w, double h, String fill, String stroke) {
            Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
            if (fill != null) {
                g.setColor(color(fill, 1));
                g.fill(r);
            }
            if (stroke != null) {
                g.setColor(color(stroke, 1));
                g.setStroke(new BasicStroke(1f));
                g.draw(r);
            }
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, String stroke, double width, boolean dashed) {
            g.setColor(color(stroke, 1));
            g.setStroke(dashed ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke((float) width));
            g.draw(new Line2D.Double(x1, y1, x2, y2));
        }

        private static Path2D path(double[] xs, double[] ys, boolean close) {
            Path2D p = new Path2D.Double();
            for (int i = 0; i < xs.length; i++) {
                if (i == 0) p.moveTo(xs[i], ys[i]);
                else p.lineTo(xs[i], ys[i]);
            }
            if (close) p.closePath();
            return p;
        }

        @Override
        public void polyline(double[] xs, double[] ys, String stroke, double width) {
            if (xs.length == 0) return;
            g.setColor(color(stroke, 1));
            g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path(xs, ys, false));
        }

        @Override
        public void polygon(double[] xs, double[] ys, String fill, double opacity) {
            if (xs.length == 0) return;
            g.setColor(color(fill, opacity));
            g.fill(path(xs, ys, true));
        }

        @Override
        public void circle(double cx, double cy, double r, String fill) {
            g.setColor(color(fill, 1));
            g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        }

        @Override
        public void text(double x, double y, String s, double size, String fill, Anchor anchor, boolean bold, double rot) {
            g.setColor(color(fill, 1));
            Font f = new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
            g.setFont(f);
            double tw = g.getFontMetrics().getStringBounds(s, g).getWidth();
            double dx = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -tw / 2 : -tw;
            AffineTransform saved = g.getTransform();
            g.translate(x, y);
            if (rot != 0) g.rotate(Math.toRadians(rot));
            g.drawString(s, (float) dx, 0f);
            g.setTransform(saved);
        }

        @Override
        public int width() {
            return (int) Math.round(img.getWidth() / scale);
        }

        @Override
        public int height() {
            return (int) Math.round(img.getHeight() / scale);
        }

        public void write(OutputStream out) throws IOException {
            g.dispose();
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer");
        }
    }
}
