package org.assocnet.io;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assocnet.core.Log;
import org.assocnet.core.UserException;
import org.assocnet.core.Version;

/**
 * GWAS Catalog summary statistics format (GWAS-SSF v1.0) from an assocnet/PLINK 2 style glm.tsv.
 *
 * <p>Data file: the 8 mandatory columns in order {@code chromosome base_pair_location effect_allele
 * other_allele odds_ratio standard_error effect_allele_frequency p_value}, then the encouraged
 * {@code ci_lower ci_upper rsid variant_id n ref_allele}. effect_allele = A1 (ALT), other_allele = REF, so
 * ref_allele is always {@code OA}. standard_error is the SE of log(OR) (the glm.tsv LOG(OR)_SE column),
 * ci_lower/ci_upper the 95% CI of the odds ratio. chromosome uses the spec's integers (X=23, Y=24, MT=25, a
 * leading "chr" removed); rows on other contigs are skipped (counted in the log). Missing values are
 * {@code #NA}. Only the primary test row of each variant (ADD, DOM, REC or GENO_2DF) is written.
 *
 * <p>Metadata file ({@code ssf + "-meta.yaml"}): file name, md5, file type, coordinate system, sample
 * counts, covariates, software, sortedness. genome_assembly is not known to assocnet and is written as
 * {@code "#NA"}: fill it in before submission.
 */
public final class GwasSsf {
    public static final String HEADER = "chromosome\tbase_pair_location\teffect_allele\tother_allele\todds_ratio"
            + "\tstandard_error\teffect_allele_frequency\tp_value\tci_lower\tci_upper\trsid\tvariant_id\tn\tref_allele";
    static final List<String> PRIMARY = List.of("ADD", "DOM", "REC", "GENO_2DF");

    /** What the glm.tsv cannot say about the study; any field may be null/-1 (then not written). */
    public record Meta(String dataFileName, int sampleSize, int cases, int controls, List<String> covariates,
                       String software) {}

    private GwasSsf() {}

    /** Writes ssfTsv and ssfTsv + "-meta.yaml" from a glm.tsv (sample counts taken from the largest OBS_CT). */
    public static void write(Path glmTsv, Path ssfTsv) throws IOException {
        write(glmTsv, ssfTsv, Path.of(ssfTsv + "-meta.yaml"),
                new Meta(ssfTsv.getFileName().toString(), -1, -1, -1, null, "assocnet " + Version.get()));
    }

    public static void write(Path glmTsv, Path ssfTsv, Path metaYaml, Meta meta) throws IOException {
        InputFile.require(glmTsv, "glm table");
        try (BufferedReader r = Files.newBufferedReader(glmTsv); Writer w = new Writer(ssfTsv)) {
            String head = r.readLine();
            if (head == null || !head.startsWith("#CHROM")) {
                throw UserException.at(glmTsv, 1, null, "expected a glm.tsv header starting with #CHROM");
            }
            String[] h = head.split("\t", -1);
            Map<String, Integer> col = new HashMap<>();
            for (int i = 0; i < h.length; i++) col.put(h[i], i);
            for (String need : List.of("#CHROM", "POS", "ID", "REF", "A1", "A1_FREQ", "TEST", "OBS_CT", "OR", "LOG(OR)_SE", "L95", "U95", "P")) {
                if (!col.containsKey(need)) throw UserException.at(glmTsv, 1, need, "column missing from glm.tsv header");
            }
            int cChr = col.get("#CHROM"), cPos = col.get("POS"), cId = col.get("ID"), cRef = col.get("REF"),
                    cA1 = col.get("A1"), cFreq = col.get("A1_FREQ"), cTest = col.get("TEST"), cN = col.get("OBS_CT"),
                    cOr = col.get("OR"), cSe = col.get("LOG(OR)_SE"), cL = col.get("L95"), cU = col.get("U95"),
                    cP = col.get("P");
            Integer cAlt = col.get("ALT");
            String line;
            long ln = 1;
            while ((line = r.readLine()) != null) {
                ln++;
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                if (f.length != h.length) throw UserException.at(glmTsv, ln, null, "expected " + h.length + " fields, found " + f.length);
                if (!PRIMARY.contains(f[cTest])) continue;
                long pos;
                int n;
                try {
                    pos = Long.parseLong(f[cPos]);
                } catch (NumberFormatException e) {
                    throw UserException.at(glmTsv, ln, "POS", "not a position: '" + f[cPos] + "'");
                }
                try {
                    n = Integer.parseInt(f[cN]);
                } catch (NumberFormatException e) {
                    throw UserException.at(glmTsv, ln, "OBS_CT", "not a count: '" + f[cN] + "'");
                }
                w.row(f[cChr], pos, f[cId], f[cRef], cAlt != null ? f[cAlt] : null, f[cA1], n, f[cOr], f[cSe], f[cFreq],
                        f[cP], f[cL], f[cU]);
            }
            w.finish(metaYaml, meta);
        }
    }

    /**
     * The data file written row by row, from the printed fields of glm.tsv rows (by {@link #write} from a file,
     * by the glm stage as it writes glm.tsv); {@link #finish} closes it and writes the metadata file.
     * Callers pass primary test rows only.
     */
    public static final class Writer implements java.io.Closeable {
        private final Path path;
        private final BufferedWriter w;
        private final StringBuilder sb = new StringBuilder(200);
        private int skipped, maxN;
        private boolean sorted = true;
        private int lastChr = -1;
        private long lastPos = -1;
        private boolean closed;

        public Writer(Path ssfTsv) throws IOException {
            path = ssfTsv;
            w = Files.newBufferedWriter(ssfTsv);
            w.write(HEADER);
            w.write('\n');
        }

        /** One variant's row: glm.tsv's CHROM, POS, ID, REF, ALT (null if absent), A1, OBS_CT, OR, LOG(OR)_SE, A1_FREQ, P, L95, U95. */
        public void row(String chrom, long pos, String id, String ref, String alt, String a1, int n, String or,
                        String se, String freq, String p, String l95, String u95) throws IOException {
            int chr = chromosomeCode(chrom);
            if (chr < 0) {
                skipped++;
                return;
            }
            if (chr < lastChr || (chr == lastChr && pos < lastPos)) sorted = false;
            lastChr = chr;
            lastPos = pos;
            // other allele: REF, unless A1 is REF (then ALT)
            boolean a1IsRef = a1.equals(ref);
            String other = a1IsRef && alt != null ? alt : ref;
            maxN = Math.max(maxN, n);
            sb.setLength(0);
            sb.append(chr).append('\t').append(pos).append('\t').append(a1).append('\t').append(other).append('\t')
                    .append(na(or)).append('\t').append(na(se)).append('\t').append(na(freq)).append('\t')
                    .append(na(p)).append('\t').append(na(l95)).append('\t').append(na(u95)).append('\t')
                    .append(isRsid(id) ? id : "#NA").append('\t')
                    .append(chr).append('_').append(pos).append('_').append(ref).append('_')
                    .append(a1IsRef && alt != null ? alt : a1).append('\t')
                    .append(n).append('\t').append(a1IsRef ? "EA" : "OA").append('\n');
            w.append(sb);
        }

        /** Closes the data file and writes its metadata (sample size from the largest OBS_CT when meta has none). */
        public void finish(Path metaYaml, Meta meta) throws IOException {
            close();
            if (skipped > 0) Log.warn("GWAS-SSF: %,d variant(s) on contigs other than 1-22, X, Y, MT skipped", skipped);
            writeMeta(metaYaml, path, meta, maxN, sorted);
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            w.close();
        }
    }

    /** GWAS-SSF chromosome code 1..25 (X=23, Y=24, MT=25), or -1 if not representable. */
    public static int chromosomeCode(String chrom) {
        String c = chrom;
        if (c.regionMatches(true, 0, "chr", 0, 3)) c = c.substring(3);
        switch (c.toUpperCase(Locale.ROOT)) {
            case "X", "XY", "PAR1", "PAR2" -> {
                return 23;
            }
            case "Y" -> {
                return 24;
            }
            case "MT", "M" -> {
                return 25;
            }
            default -> {
                try {
                    int v = Integer.parseInt(c);
                    return v >= 1 && v <= 25 ? v : -1;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
    }

    /** rs followed by digits only. */
    static boolean isRsid(String id) {
        if (id.length() < 3 || !id.startsWith("rs")) return false;
        for (int i = 2; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static String na(String v) {
        return v.equals("NA") || v.isEmpty() ? "#NA" : v;
    }

    private static void writeMeta(Path yaml, Path data, Meta meta, int maxN, boolean sorted) throws IOException {
        String md5 = md5(data);
        int n = meta.sampleSize() > 0 ? meta.sampleSize() : maxN;
        StringBuilder y = new StringBuilder();
        y.append("---\n");
        y.append("# GWAS-SSF v1.0 metadata written by assocnet ").append(Version.get()).append('\n');
        y.append("date_metadata_last_modified: ").append(LocalDate.now()).append('\n');
        y.append("# Genotyping information (genome_assembly unknown to assocnet: fill in before submission)\n");
        y.append("genome_assembly: \"#NA\"\n");
        y.append("coordinate_system: 1-based\n");
        y.append("# Sample information\n");
        y.append("samples:\n");
        y.append("  - sample_size: ").append(n).append('\n');
        if (meta.cases() >= 0) {
            y.append("    case_count: ").append(meta.cases()).append('\n');
            y.append("    control_count: ").append(meta.controls()).append('\n');
        }
        y.append("    case_control_study: true\n");
        y.append("# Summary statistic information\n");
        y.append("data_file_name: ").append(quote(meta.dataFileName())).append('\n');
        y.append("file_type: GWAS-SSF v1.0\n");
        y.append("data_file_md5sum: ").append(md5).append('\n');
        y.append("analysis_software: ").append(quote(meta.software())).append('\n');
        if (meta.covariates() != null) {
            if (meta.covariates().isEmpty()) y.append("adjusted_covariates: []\n");
            else {
                y.append("adjusted_covariates:\n");
                for (String c : meta.covariates()) y.append("  - ").append(quote(c)).append('\n');
            }
        }
        y.append("author_notes: \"effect_allele = counted ALT allele (A1); odds_ratio per allele from a logistic GLM;"
                + " standard_error is the SE of log(odds_ratio); p_value below 1e-308 is written from its logarithm\"\n");
        y.append("# Harmonization status\n");
        y.append("is_harmonised: false\n");
        y.append("is_sorted: ").append(sorted).append('\n');
        Files.writeString(yaml, y.toString());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String md5(Path p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
