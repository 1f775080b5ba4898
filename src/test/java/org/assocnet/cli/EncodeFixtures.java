package org.assocnet.cli;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small hand-written inputs for encode tests, and helpers to run external tools when present. */
public final class EncodeFixtures {
    private EncodeFixtures() {}

    public static final String HEADER = String.join("\n",
            "##fileformat=VCFv4.2",
            "##contig=<ID=1,length=1000000>",
            "##contig=<ID=X,length=1000000>",
            "##INFO=<ID=END,Number=1,Type=Integer,Description=\"End\">",
            "##ALT=<ID=DEL,Description=\"Deletion\">",
            "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">",
            "##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"ALT dosage\">",
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\tS3\tS4\tS5\tS6") + "\n";

    /**
     * Six samples; expected ALT dosages (hand-derived, NA = missing) are in the comments of
     * {@code EncodeCommandTest}. Multi-allelic, symbolic, '*', missing, phased, haploid, GT not first.
     */
    public static final String BODY = String.join("\n",
            row("1", 100, "rs1", "A", "G", "GT", "0/0", "0/1", "1/1", "./.", "0|1", "1|0"),
            row("1", 200, "rs2", "C", "T,G", "GT", "0/1", "1/2", "2/2", "0/0", "./.", "1|1"),
            row("1", 300, "rs3", "G", "<DEL>", "GT", "0/1", "0/0", "0/0", "0/0", "0/0", "0/0"),
            row("1", 400, "rs4", "T", "A,*", "GT", "0/1", "0/2", "1/1", "0/0", "0/0", "0/1"),
            row("1", 500, "rs5", "A", "C", "GT:DS", "0/1:0.9", "0/0:0.1", "1/1:1.8", "./.:.", "0/0:.", "0/1:1.2"),
            row("1", 600, "rs6", "A", "T", "GT", "0/0", "0/0", "0/0", "0/0", "0/0", "0/0"),
            row("1", 700, "rs7", "G", "A", "DS:GT", "0:0/0", "1:0/1", "2:1/1", "1:0/1", ".:./.", "0:0/0"),
            row("1", 800, "rs8", "A", ".", "GT", "0/0", "0/0", "0/0", "0/0", "0/0", "0/0"),
            row("X", 1000, "rsx1", "C", "T", "GT:DS", "0:0", "1:1", "0/1:1", "1/1:2", ".:.", "0/0:0")) + "\n";

    public static String row(String chrom, long pos, String id, String ref, String alt, String format, String... gts) {
        return chrom + "\t" + pos + "\t" + id + "\t" + ref + "\t" + alt + "\t.\tPASS\t.\t" + format + "\t" + String.join("\t", gts);
    }

    public static final String PHENO = "#FID\tIID\tPHENO\n"
            + "F1\tS1\t2\nF2\tS2\t1\nF3\tS3\t2\nF4\tS4\t1\nF5\tS5\t2\nF6\tS6\t1\n";

    public static final String COVAR = "FID IID AGE SITE\n"
            + "F1 S1 40 b\nF2 S2 50.5 a\nF3 S3 61 c\nF4 S4 NA a\nF5 S5 33 b\nF6 S6 45 a\n";

    public static Path write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /** Writes text as BGZF (with the EOF marker) using htsjdk. */
    public static Path bgzip(Path p, String text) throws IOException {
        try (OutputStream o = new BlockCompressedOutputStream(p.toFile())) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    public static boolean have(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    /** Runs a command, returns stdout; fails on a non-zero exit. */
    public static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false);
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + Files.readString(err));
        }
        Files.deleteIfExists(err);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Files in dir whose name starts with prefix (to check that nothing was left behind). */
    public static List<String> outputs(Path dir, String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix) || n.startsWith("." + prefix)).forEach(out::add);
        }
        return out;
    }
}
