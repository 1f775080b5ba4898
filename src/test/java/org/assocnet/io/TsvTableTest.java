package org.assocnet.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assocnet.core.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsvTableTest {
    @TempDir Path tmp;

    @Test
    void formatsLikePrintfG() {
        assertEquals("NA", TsvTable.fmt(Double.NaN));
        assertEquals("0", TsvTable.fmt(0));
        assertEquals("1", TsvTable.fmt(1.0));
        assertEquals("0.5", TsvTable.fmt(0.5));
        assertEquals("0.123457", TsvTable.fmt(0.1234567));
        assertEquals("1.23457e-10", TsvTable.fmt(1.234567e-10));
        assertEquals("123457", TsvTable.fmt(123456.7));
        assertEquals("-2.5", TsvTable.fmt(-2.5));
        assertEquals("1e-05", TsvTable.fmt(1e-5));
    }

    @Test
    void readsByNameAndReportsBadRowsWithFileAndLine() throws Exception {
        Path f = tmp.resolve("t.tsv");
        Files.writeString(f, "#CHROM\tPOS\tP\n1\t10\t0.5\n1\t20\tNA\n\n1\t30\tabc\n1\t40\n");
        try (TsvTable.Reader r = new TsvTable.Reader(f)) {
            assertEquals(0, r.header().index("CHROM"));
            assertEquals(0, r.header().index("#CHROM"));
            assertEquals(2, r.header().require("P"));
            assertEquals(-1, r.header().index("Q"));
            UserException missing = assertThrows(UserException.class, () -> r.header().require("BETA"));
            assertTrue(missing.getMessage().contains("field 'BETA'"), missing.getMessage());
            List<Double> p = new ArrayList<>();
            p.add(r.next().num(2));
            p.add(r.next().num(2));
            assertEquals(0.5, p.get(0));
            assertTrue(Double.isNaN(p.get(1)));
            TsvTable.Row bad = r.next();
            UserException e = assertThrows(UserException.class, () -> bad.num(2));
            assertEquals(f + ":5: field 'P': not a number: 'abc'", e.getMessage());
            UserException short_ = assertThrows(UserException.class, r::next);
            assertEquals(f + ":6: expected 3 tab-separated fields (as in the header), found 2", short_.getMessage());
        }
    }

    @Test
    void duplicateHeaderNameIsAnError() throws Exception {
        Path f = tmp.resolve("d.tsv");
        Files.writeString(f, "#CHROM\tP\tP\n");
        UserException e = assertThrows(UserException.class, () -> new TsvTable.Reader(f).close());
        assertTrue(e.getMessage().contains("field 'P': column appears twice"), e.getMessage());
    }

    @Test
    void chromosomeOrderIsNatural() {
        List<String> c = new ArrayList<>(List.of("MT", "chr10", "X", "2", "1", "Y", "22", "GL000192.1", "chr1_random", "M", "10"));
        c.sort(Chromosomes.ORDER);
        assertEquals(List.of("1", "2", "10", "chr10", "22", "X", "Y", "M", "MT", "GL000192.1", "chr1_random"), c);
    }
}
