package org.assocnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GwasSsfTest {
    @TempDir
    Path dir;

    @Test
    void chromosomeCodesFollowTheSpec() {
        assertEquals(1, GwasSsf.chromosomeCode("chr1"));
        assertEquals(22, GwasSsf.chromosomeCode("22"));
        assertEquals(23, GwasSsf.chromosomeCode("X"));
        assertEquals(24, GwasSsf.chromosomeCode("chrY"));
        assertEquals(25, GwasSsf.chromosomeCode("MT"));
        assertEquals(-1, GwasSsf.chromosomeCode("chrUn_gl000220"));
    }

    @Test
    void convertsPrimaryRowsOfAGlmTable() throws Exception {
        Path glm = dir.resolve("x.glm.tsv");
        Files.write(glm, List.of(
                "#CHROM\tPOS\tID\tREF\tALT\tA1\tA1_FREQ\tA1_CASE_CT\tA1_CTRL_CT\tFIRTH?\tTEST\tOBS_CT\tBETA\tOR\tLOG(OR)_SE\tL95\tU95\tZ_STAT\tP\tERRCODE\tQ_BH",
                "2\t500\trs9\tG\tT\tT\t0.1\t10\t8\tN\tGENO_HET\t90\t0.1\t1.10517\t0.2\t0.7\t1.6\t0.5\t0.6\t.\tNA",
                "2\t500\trs9\tG\tT\tT\t0.1\t10\t8\tN\tGENO_HOM\t90\t0.2\t1.2214\t0.3\t0.7\t2.1\t0.6\t0.5\t.\tNA",
                "2\t500\trs9\tG\tT\tT\t0.1\t10\t8\tN\tGENO_2DF\t90\tNA\tNA\tNA\tNA\tNA\tNA\t3.2e-400\t.\t6.4e-400",
                "1\t7\t.\tA\tAT\tAT\t0.5\t50\t40\tY\tADD\t100\t0.5\t1.64872\t0.1\t1.3\t2\t5\t5.7e-07\t.\t1e-06"));
        Path ssf = dir.resolve("x.ssf.tsv");
        GwasSsf.write(glm, ssf);
        List<String> rows = Files.readAllLines(ssf);
        assertEquals(3, rows.size());
        assertEquals("2\t500\tT\tG\t#NA\t#NA\t0.1\t3.2e-400\t#NA\t#NA\trs9\t2_500_G_T\t90\tOA", rows.get(1));
        assertEquals("1\t7\tAT\tA\t1.64872\t0.1\t0.5\t5.7e-07\t1.3\t2\t#NA\t1_7_A_AT\t100\tOA", rows.get(2));
        String meta = Files.readString(Path.of(ssf + "-meta.yaml"));
        assertTrue(meta.contains("is_sorted: false"), meta);
        assertTrue(meta.contains("sample_size: 100"), meta);
        assertTrue(meta.contains("data_file_md5sum: " + GwasSsf.md5(ssf)), meta);
    }

    @Test
    void aPositionThatIsNotANumberIsAUserErrorNamingLineAndColumn() throws Exception {
        Path glm = dir.resolve("bad.glm.tsv");
        Files.write(glm, List.of(
                "#CHROM\tPOS\tID\tREF\tALT\tA1\tA1_FREQ\tTEST\tOBS_CT\tOR\tLOG(OR)_SE\tL95\tU95\tP",
                "1\t7\trs1\tA\tG\tG\t0.5\tADD\t100\t1.2\t0.1\t1\t1.4\t0.01",
                "1\t7x\trs2\tA\tG\tG\t0.5\tADD\t100\t1.2\t0.1\t1\t1.4\t0.01"));
        org.assocnet.core.UserException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.assocnet.core.UserException.class, () -> GwasSsf.write(glm, dir.resolve("bad.ssf.tsv")));
        assertTrue(e.getMessage().contains("bad.glm.tsv") && e.getMessage().contains("3") && e.getMessage().contains("POS"),
                e.getMessage());
    }
}
