package org.assocnet.pheno;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assocnet.core.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFileTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void iidOnlyHeaderWithHashAndMixedWhitespace() throws Exception {
        SampleFile f = SampleFile.read(write("p", "#IID\tSEX  Y\nA 1\t0\nB\t2   1\nC 1 NA\n"));
        assertEquals(List.of("SEX", "Y"), f.columns());
        Phenotype y = Phenotype.of(f, "Y");
        assertArrayEquals(new int[] {0, 1, Phenotype.MISSING}, y.values());
        assertTrue(y.coding().startsWith("0/1"));
        assertEquals(1, f.rowForVcfId("B"));
        assertEquals(-1, f.rowForVcfId("Z"));
    }

    @Test
    void plinkOneTwoCodingWithZeroAndMinusNineMissing() throws Exception {
        SampleFile f = SampleFile.read(write("p", "FID IID PHENO\nf a 2\nf b 1\nf c -9\nf d NA\nf e 2\n"));
        Phenotype y = Phenotype.of(f, null);
        assertArrayEquals(new int[] {1, 0, Phenotype.MISSING, Phenotype.MISSING, 1}, y.values());
        // 0, 1 and 2 together: 1/2 with 0 as missing, or 0/1 with a typo? Refused, naming the odd line (issue 15)
        SampleFile amb = SampleFile.read(write("q", "FID IID PHENO\nf a 2\nf b 1\nf c 0\nf d 1\nf e 1\n"));
        org.assocnet.core.UserException e = org.junit.jupiter.api.Assertions.assertThrows(org.assocnet.core.UserException.class,
                () -> Phenotype.of(amb, null));
        assertTrue(e.getMessage().contains("q:2: field 'PHENO'") && e.getMessage().contains("ambiguous"), e.getMessage());
    }

    @Test
    void fidIidMatchingAndPlinkPastedVcfIds() throws Exception {
        SampleFile f = SampleFile.read(write("p", "#FID IID PHENO\nfam1 s1 2\nfam2 s2 1\n"));
        assertEquals(0, f.rowForVcfId("s1"));
        assertEquals(1, f.rowForVcfId("fam2_s2"));       // plink --export vcf writes FID_IID
        SampleFile c = SampleFile.read(write("c", "FID IID AGE\nfam2 s2 30\nfamX s1 40\n"));
        assertEquals(0, c.rowFor("fam2", "s2", true));
        assertEquals(-1, c.rowFor("fam1", "s1", true));  // FID differs: no match when both files have FIDs
        assertEquals(1, c.rowFor("ignored", "s1", false));
    }

    @Test
    void rowsWithWrongFieldCountNameTheLine() throws Exception {
        Path p = write("bad", "FID IID PHENO\nf a 2\nf b\n");
        UserException e = assertThrows(UserException.class, () -> SampleFile.read(p));
        assertTrue(e.getMessage().endsWith("bad:3: expected 3 fields (as in the header), found 2"), e.getMessage());
    }

    @Test
    void categoricalCovariateOneHotSortedLevelsFirstDropped() throws Exception {
        SampleFile f = SampleFile.read(write("c", "IID A B\ns1 1.5 z\ns2 2 x\ns3 -1 y\ns4 3 x\n"));
        Covariates.Encoded e = Covariates.encode(f, Covariates.select(f, null, null), new int[] {0, 1, 2, 3});
        assertEquals(List.of("A", "B=y", "B=z"), e.names());
        assertArrayEquals(new double[] {1.5, 0, 1}, e.values()[0]);
        assertArrayEquals(new double[] {2, 0, 0}, e.values()[1]);
        assertArrayEquals(new double[] {-1, 1, 0}, e.values()[2]);
        assertEquals(List.of("B"), e.categorical());
        Covariates.Encoded only = Covariates.encode(f, Covariates.select(f, List.of("B"), null), new int[] {0, 1});
        assertEquals(List.of("B=z"), only.names());
    }

    @Test
    void fieldSplitEqualsTheRegularExpressionItReplaces() {
        for (String line : new String[] {"", "  ", "a", " a ", "FID IID P", "a\tb", "a \t  b\t", "\ta  b c\r",
                "x\t\t\ty", "a\u000bb c"}) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(line.trim().split("[ \t]+"), SampleFile.split(line),
                    "'" + line + "'");
        }
    }
}
