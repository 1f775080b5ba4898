package org.assocnet.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** A drawable plot with a file name stem, a title and its size in px. */
public abstract class Plot {
    private final String name;
    private final String title;
    private final int width;
    private final int height;

    protected Plot(String name, String title, int width, int height) {
        this.name = name;
        this.title = title;
        this.width = width;
        this.height = height;
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public abstract void draw(Canvas c);

    public String svg() {
        Canvas.Svg s = new Canvas.Svg(width(), height(), title());
        draw(s);
        return s.finish();
    }

    public byte[] png(double scale) throws IOException {
        Canvas.Png p = new Canvas.Png(width(), height(), scale);
        draw(p);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        p.write(b);
        return b.toByteArray();
    }
}
