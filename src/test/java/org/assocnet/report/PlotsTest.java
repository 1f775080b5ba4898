package org.assocnet.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class PlotsTest {
    static int count(String s, String what) {
        Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void manhattanThinsNullPointsButKeepsEverySmallP() {
        Points pts = new Points();
        SplittableRandom r = new SplittableRandom(4);
        int n = 200_000, small = 0;
        for (int i = 0; i < n; i++) {
            double p = r.nextDouble();
            if (i % 5000 == 0) p = 1e-4 * r.nextDouble();
            if (p < Plots.KEEP_ALL_P) small++;
            pts.add(String.valueOf(1 + i / 10_000), 1000L + (i % 10_000) * 100L, p, p, Double.NaN, 0, 0, Agreement.NONE, "v" + i);
        }
        String svg = Plots.manhattan("m", "t", pts, 0, 5).svg();
        int circles = count(svg, "<circle");
        assertTrue(circles >= small, "all points with P < 1e-3 drawn");
        assertTrue(circles < n / 4, "null points thinned: " + circles);
        assertTrue(svg.contains(">1</text>") && svg.contains(">chromosome</text>"), "chromosome axis");
        assertTrue(svg.contains("Bonferroni 0.05/200000"));
    }

    @Test
    void qqBandContainsNullPointsAndLambdaIsPrinted() {
        SplittableRandom r = new SplittableRandom(9);
        double[] p = new double[20_000];
        for (int i = 0; i < p.length; i++) p[i] = r.nextDouble();
        String svg = Plots.qq("q", "t", p, 1.0123, "#000000").svg();
        assertTrue(svg.contains("lambda = 1.012"));
        assertTrue(svg.contains("<polygon"), "95% band");
        assertTrue(count(svg, "<circle") < 20_000);
    }

    @Test
    void ticksAreRoundNumbers() {
        assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10}, Frame.ticks(0, 10.5, 6), 1e-12);
        assertArrayEquals(new double[] {-0.4, -0.2, 0, 0.2, 0.4}, Frame.ticks(-0.45, 0.45, 7), 1e-12);
    }
}
