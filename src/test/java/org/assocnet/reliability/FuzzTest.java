package org.assocnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of a small valid VCF, phenotype file, covariate file and encoded cohort (matrix,
 * samples.tsv, variants.tsv), each run through the CLI: every run must end with exit 0 or 2 (never 1, an
 * internal error), within a time limit (never a hang), and leave either all of its outputs (exit 0) or none of
 * them and no temporary file (exit 2). The case list is fixed by {@link #SEED}; a failure prints the case's seed
 * and mutations so it can be replayed.
 */
class FuzzTest {
    static final long SEED = 15;
    static final int VCF_CASES = 140, PHENO_CASES = 60, COHORT_CASES = 90, TRAIN_CASES = 12;
    static final long TIMEOUT_SECONDS = 60;

    @TempDir
    static Path dir;
    static byte[] vcf, pheno, covar;
    static String cohort;
    static ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-case");
        t.setDaemon(true);
        return t;
    });

    static final String[] TOKENS = {"nan", "NaN", "-1", "1e300", "2.7", ".", "./.", "0/3", "1|", "\t", "\n", "\r\n", "chr1", "é",
        "\uFEFF", "\u0000", ",", "=", ":", "-9", "NA", "999999999999", "<DEL>", "*", "#", "##", "A", "0", "2", "\t\t"};

    @BeforeAll
    static void fixtures() throws Exception {
        SplittableRandom r = new SplittableRandom(SEED);
        int n = 24, m = 40;
        StringBuilder v = new StringBuilder("##fileformat=VCFv4.2\n##contig=<ID=1,length=10000000>\n##contig=<ID=2,length=10000000>\n"
                + "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                + "##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"ALT dosage\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT");
        for (int i = 0; i < n; i++) v.append("\tS").append(i + 1);
        v.append('\n');
        for (int j = 0; j < m; j++) {
            boolean multi = j % 13 == 7;
            v.append(j < m / 2 ? "1" : "2").append('\t').append(1000 + 100 * j).append("\trs").append(j).append("\tA\t")
                    .append(multi ? "G,T" : "G").append("\t.\tPASS\t.\tGT:DS");
            double f = 0.1 + 0.4 * r.nextDouble();
            for (int i = 0; i < n; i++) {
                int a = r.nextDouble() < f ? 1 : 0, b = r.nextDouble() < f ? (multi && r.nextBoolean() ? 2 : 1) : 0;
                if (r.nextDouble() < 0.03) v.append("\t./.:.");
                else v.append('\t').append(a).append('/').append(b).append(':').append(multi ? (a + "," + b) : Integer.toString(a + b));
            }
            v.append('\n');
        }
        vcf = v.toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder p = new StringBuilder("#FID\tIID\tPHENO\n"), c = new StringBuilder("FID IID AGE SITE\n");
        for (int i = 0; i < n; i++) {
            p.append("F").append(i + 1).append("\tS").append(i + 1).append('\t').append(i % 2 == 0 ? 2 : 1).append('\n');
            c.append("F").append(i + 1).append(" S").append(i + 1).append(' ').append(30 + r.nextInt(40)).append(' ')
                    .append("abc".charAt(r.nextInt(3))).append('\n');
        }
        pheno = p.toString().getBytes(StandardCharsets.UTF_8);
        covar = c.toString().getBytes(StandardCharsets.UTF_8);
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.write(base.resolve("v.vcf"), vcf);
        Files.write(base.resolve("p.tsv"), pheno);
        Files.write(base.resolve("c.tsv"), covar);
        cohort = base.resolve("co").toString();
        Cli.run("encode", "--vcf", base.resolve("v.vcf").toString(), "--pheno", base.resolve("p.tsv").toString(), "--covar",
                base.resolve("c.tsv").toString(), "--out", cohort).expectOk();
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    /** Applies 1 to 3 random mutations to {@code in}; appends what was done to {@code log}. */
    static byte[] mutate(byte[] in, SplittableRandom r, StringBuilder log) {
        byte[] b = in;
        int k = 1 + r.nextInt(3);
        for (int t = 0; t < k; t++) {
            int op = r.nextInt(8);
            int at = b.length == 0 ? 0 : r.nextInt(b.length);
            log.append(" op").append(op).append('@').append(at);
            switch (op) {
                case 0 -> { // flip one bit
                    if (b.length > 0) {
                        b = b.clone();
                        b[at] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> b = splice(b, at, Math.min(b.length, at + 1), TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                case 2 -> b = splice(b, at, Math.min(b.length, at + 1 + r.nextInt(20)), new byte[0]);
                case 3, 4, 7 -> {
                    List<byte[]> lines = lines(b);
                    if (lines.size() < 2) break;
                    int i = r.nextInt(lines.size()), j = r.nextInt(lines.size());
                    if (op == 3) lines.add(i, lines.get(i));
                    else if (op == 4) lines.remove(i);
                    else {
                        byte[] x = lines.get(i);
                        lines.set(i, lines.get(j));
                        lines.set(j, x);
                    }
                    b = join(lines);
                }
                case 5 -> b = java.util.Arrays.copyOf(b, at);
                default -> b = splice(b, at, at, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        return b;
    }

    static byte[] splice(byte[] b, int from, int to, byte[] with) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(b, 0, from);
        o.writeBytes(with);
        o.write(b, to, b.length - to);
        return o.toByteArray();
    }

    static List<byte[]> lines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(java.util.Arrays.copyOfRange(b, s, i + 1));
                s = i + 1;
            }
        }
        if (s < b.length) out.add(java.util.Arrays.copyOfRange(b, s, b.length));
        return out;
    }

    static byte[] join(List<byte[]> lines) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        lines.forEach(o::writeBytes);
        return o.toByteArray();
    }

    /** Binary mutations of a cohort matrix: bit flips in header or payload, truncation, appended bytes, a patched header field. */
    static byte[] mutateMatrix(byte[] in, SplittableRandom r, StringBuilder log) {
        byte[] b = in.clone();
        int op = r.nextInt(5);
        log.append(" bin-op").append(op);
        switch (op) {
            case 0 -> b[r.nextInt(64)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b[64 + r.nextInt(b.length - 64)] = (byte) r.nextInt(256);
            case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 3 -> b = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(100));
            default -> {
                int f = new int[] {8, 12, 16, 24, 32, 40}[r.nextInt(6)];
                for (int i = 0; i < 4; i++) b[f + i] = (byte) r.nextInt(256);
            }
        }
        return b;
    }

    record Case(String what, String out, Set<String> outputs, String[] args) {}

    /** Runs one case with a time limit and checks exit code and outputs. Returns the exit code. */
    static int check(Case c) throws Exception {
        Path d = Path.of(c.out()).getParent();
        String prefix = Path.of(c.out()).getFileName().toString();
        Future<Cli.Result> f = pool.submit(() -> Cli.run(c.args()));
        Cli.Result res;
        try {
            res = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            fail(c.what() + ": no exit within " + TIMEOUT_SECONDS + " s (a hang)");
            return -1;
        }
        assertTrue(res.code() == 0 || res.code() == 2, c.what() + ": exit " + res.code() + " (an internal error); stderr:\n" + res.err());
        Set<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.list(d)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix + ".") || n.startsWith("." + prefix + "."))
                    .forEach(present::add);
        }
        Set<String> expected = new TreeSet<>();
        if (res.code() == 0) for (String o : c.outputs()) expected.add(prefix + o);
        assertEquals(expected, present, c.what() + ": exit " + res.code() + " must leave " + (res.code() == 0 ? "all outputs" : "no output")
                + " and no temporary file; stderr:\n" + res.err());
        if (res.code() == 2) {
            assertTrue(res.errorLine().contains(": error: "), c.what() + ": exit 2 without a one-line error:\n" + res.err());
        }
        return res.code();
    }

    static final Set<String> ENCODE_OUT = Set.of(".cohort.bin", ".samples.tsv", ".variants.tsv", ".encode.json");
    static final Set<String> GLM_OUT = Set.of(".glm.tsv", ".glm.ssf.tsv", ".glm.ssf.tsv-meta.yaml", ".glm.json");
    static final Set<String> TRAIN_OUT = Set.of(".model", ".train.json");

    @Test
    void mutatedInputsEndWithExit0or2AndWholeOutputs() throws Exception {
        SplittableRandom r = new SplittableRandom(SEED);
        Path base = dir.resolve("base");
        int[] codes = new int[3];
        int cases = 0;
        long t0 = System.nanoTime();
        for (int k = 0; k < VCF_CASES + PHENO_CASES; k++) {
            Path d = Files.createDirectories(dir.resolve("e" + k));
            StringBuilder log = new StringBuilder();
            boolean onVcf = k < VCF_CASES;
            Path v = d.resolve("v.vcf"), p = d.resolve("p.tsv"), cv = d.resolve("c.tsv");
            Files.write(v, onVcf ? mutate(vcf, r, log) : vcf);
            Files.write(p, onVcf || r.nextBoolean() ? pheno : mutate(pheno, r, log));
            Files.write(cv, !onVcf && log.isEmpty() ? mutate(covar, r, log) : covar);
            List<String> args = new ArrayList<>(List.of("encode", "--vcf", v.toString(), "--pheno", p.toString(), "--covar", cv.toString(),
                    "--out", d.resolve("o").toString()));
            if (onVcf && k % 3 == 1) args.addAll(List.of("--dosage", "DS"));
            if (onVcf && k % 4 == 2) args.addAll(List.of("--reader", "htsjdk"));
            String what = "encode case " + k + " (" + (onVcf ? "vcf" : "pheno/covar") + log + "; args " + args.subList(7, args.size()) + ")";
            codes[check(new Case(what, d.resolve("o").toString(), ENCODE_OUT, args.toArray(new String[0])))]++;
            cases++;
        }
        byte[] bin = Files.readAllBytes(Path.of(cohort + ".cohort.bin"));
        byte[] smp = Files.readAllBytes(Path.of(cohort + ".samples.tsv"));
        byte[] var = Files.readAllBytes(Path.of(cohort + ".variants.tsv"));
        for (int k = 0; k < COHORT_CASES + TRAIN_CASES; k++) {
            Path d = Files.createDirectories(dir.resolve("g" + k));
            StringBuilder log = new StringBuilder();
            int which = r.nextInt(3);
            String co = d.resolve("co").toString();
            Files.write(Path.of(co + ".cohort.bin"), which == 0 ? mutateMatrix(bin, r, log) : bin);
            Files.write(Path.of(co + ".samples.tsv"), which == 1 ? mutate(smp, r, log) : smp);
            Files.write(Path.of(co + ".variants.tsv"), which == 2 ? mutate(var, r, log) : var);
            boolean train = k >= COHORT_CASES;
            String[] args = train
                    ? new String[] {"train", "--architecture", "mlp", "--cohort", co, "--out", d.resolve("o").toString(), "--folds", "2", "--hidden", "2",
                        "--epochs", "1", "--patience", "0", "--val-fraction", "0"}
                    : new String[] {"glm", "--cohort", co, "--out", d.resolve("o").toString()};
            String what = args[0] + " case " + k + " (" + new String[] {"cohort.bin", "samples.tsv", "variants.tsv"}[which] + log + ")";
            codes[check(new Case(what, d.resolve("o").toString(), train ? TRAIN_OUT : GLM_OUT, args))]++;
            cases++;
        }
        System.err.printf("fuzz: %d cases in %.1f s: %d exit 0, %d exit 2%n", cases, (System.nanoTime() - t0) / 1e9, codes[0], codes[2]);
        assertTrue(codes[2] > cases / 4, "most mutations should be caught as user errors: " + codes[2] + " of " + cases);
    }
}
