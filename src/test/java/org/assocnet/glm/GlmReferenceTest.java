package org.assocnet.glm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assocnet.matrix.Cohort;
import org.assocnet.matrix.Encoding;
import org.assocnet.matrix.MatrixHeader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-variant GLM numbers against R 4.2 glm(binomial, epsilon 1e-14) and brglm2 0.9 (Firth, AS_mean), with
 * the penalised LRT from R's optim on the penalised log-likelihood. Data and expected values:
 * src/test/resources/glm/{samples,genotypes,expected}.tsv made by make-reference.R (beside them).
 * Every combination of {no covariates, AGE, AGE+SEX, AGE+SEX+PC} x {UINT8 hard calls (grouped fast path), FLOAT32}.
 */
class GlmReferenceTest {
    static RefData ref;
    @TempDir
    static Path dir;

    static final List<String> FITTED = List.of("v01_null", "v02_effect", "v03_strong", "v04_rare", "v05_quasi_sep",
            "v06_complete_sep", "v09_missing", "v10_haploid", "v12_lowfreq");

    @BeforeAll
    static void load() throws Exception {
        ref = new RefData();
    }

    /** Models: nocov, AGE+SEX+PC (cov), and the 3- and 4-column designs AGE (cov1) and AGE+SEX (cov2), which glm fits in one pass per iteration. */
    static Stream<Arguments> cases() {
        return Stream.of("nocov", "cov1", "cov2", "cov").flatMap(m -> Stream.of(
                Arguments.of(m, MatrixHeader.ValueType.UINT8), Arguments.of(m, MatrixHeader.ValueType.FLOAT32)));
    }

    static int covariates(String model) {
        return switch (model) {
            case "nocov" -> 0;
            case "cov1" -> 1;
            case "cov2" -> 2;
            default -> 3;
        };
    }

    static GlmRow[][] run(String model, MatrixHeader.ValueType type, GlmOptions opt) throws Exception {
        String prefix = ref.write(dir, model + "_" + type + "_" + System.nanoTime(), covariates(model), type);
        try (Cohort c = Cohort.open(prefix)) {
            return new GlmEngine(c, opt).run();
        }
    }

    static void rel(double expected, double actual, double tol, String what) {
        double err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
        assertTrue(err <= tol, what + ": expected " + expected + " got " + actual + " (relative error " + err + ")");
    }

    static void near(double expected, double actual, double abs, double relTol, String what) {
        double err = Math.abs(actual - expected);
        assertTrue(err <= abs + relTol * Math.abs(expected), what + ": expected " + expected + " got " + actual);
    }

    int index(String v) {
        return ref.variantNames.indexOf(v);
    }

    @ParameterizedTest(name = "wald/firth-fallback {0} {1}")
    @MethodSource("cases")
    void waldWithFirthFallbackMatchesR(String model, MatrixHeader.ValueType type) throws Exception {
        GlmRow[][] res = run(model, type, GlmOptions.defaults().withThreads(2));
        for (String v : FITTED) {
            GlmRow r = res[index(v)][0];
            String w = v + " " + model + " " + type;
            assertEquals(ref.exp(v, model, "additive", "obs").intValue(), r.obsCount(), w + " OBS_CT");
            assertEquals(GlmRow.OK, r.errcode(), w + " ERRCODE");
            if (ref.exp(v, model, "additive", "converged") == 1.0) {
                assertTrue(!r.firth(), w + " should not need Firth");
                rel(ref.exp(v, model, "additive", "beta_G1"), r.beta(), 1e-6, w + " BETA");
                rel(ref.exp(v, model, "additive", "se_G1"), r.se(), 1e-6, w + " SE");
                rel(ref.exp(v, model, "additive", "z_G1"), r.z(), 1e-6, w + " Z");
                double lp = ref.exp(v, model, "additive", "log10p_G1");
                if (lp < -50) rel(lp, r.log10P(), 1e-6, w + " log10 P");
                else rel(ref.exp(v, model, "additive", "p_G1"), r.p(), 1e-5, w + " P");
            } else {
                assertTrue(r.firth(), w + ": separated, expected the Firth fallback");
                checkFirth(v, model, r, w);
            }
        }
        assertEquals("CONST_OMITTED_ALLELE", res[index("v07_monomorphic")][0].errcode());
        assertEquals("TOO_FEW_OBS", res[index("v08_all_missing")][0].errcode());
        assertEquals(0, res[index("v08_all_missing")][0].obsCount());
        GlmRow col = res[index("v11_collinear_sex")][0];
        if (covariates(model) >= 2) { // SEX in the model
            assertEquals("CORR_TOO_HIGH", col.errcode());
            assertTrue(Double.isNaN(col.beta()) && Double.isNaN(col.p()));
        } else if (model.equals("nocov")) {
            rel(ref.exp("v11_collinear_sex", model, "additive", "beta_G1"), col.beta(), 1e-6, "v11 BETA");
        }
        // separated fits must not be reported from the plain fit under --no-firth
        GlmRow[][] nf = run(model, type, GlmOptions.defaults().withFirth(GlmOptions.FirthMode.NEVER));
        for (String v : List.of("v05_quasi_sep", "v06_complete_sep")) {
            GlmRow r = nf[index(v)][0];
            assertTrue(r.errcode().equals("SEPARATION") || r.errcode().equals("UNFINISHED"), v + " " + r.errcode());
            assertTrue(Double.isNaN(r.p()));
        }
        assertEquals("SEPARATION", nf[index("v06_complete_sep")][0].errcode());
    }

    void checkFirth(String v, String model, GlmRow r, String w) {
        rel(ref.exp(v, model, "additive", "firth_beta_G1"), r.beta(), 1e-6, w + " Firth BETA");
        rel(ref.exp(v, model, "additive", "firth_se_G1"), r.se(), 1e-6, w + " Firth SE");
        near(ref.exp(v, model, "additive", "firth_plr_chi2"), r.z() * r.z(), 1e-7, 1e-6, w + " Firth penalised LRT chi2");
        assertEquals(Math.signum(r.beta()), Math.signum(r.z()), w + " sign of Z");
    }

    @ParameterizedTest(name = "firth always {0} {1}")
    @MethodSource("cases")
    void firthAlwaysMatchesBrglm2AndPenalisedLrt(String model, MatrixHeader.ValueType type) throws Exception {
        GlmRow[][] res = run(model, type, GlmOptions.defaults().withFirth(GlmOptions.FirthMode.ALWAYS));
        for (String v : FITTED) {
            GlmRow r = res[index(v)][0];
            assertTrue(r.firth(), v);
            assertEquals(GlmRow.OK, r.errcode(), v);
            checkFirth(v, model, r, v + " " + model + " " + type);
        }
    }

    @ParameterizedTest(name = "lrt and score {0} {1}")
    @MethodSource("cases")
    void lrtAndScoreMatchR(String model, MatrixHeader.ValueType type) throws Exception {
        GlmRow[][] lrt = run(model, type, GlmOptions.defaults().withTest(GlmOptions.Test.LRT));
        GlmRow[][] sc = run(model, type, GlmOptions.defaults().withTest(GlmOptions.Test.SCORE));
        for (String v : FITTED) {
            if (ref.exp(v, model, "additive", "converged") != 1.0) continue;
            GlmRow a = lrt[index(v)][0];
            GlmRow b = sc[index(v)][0];
            near(ref.exp(v, model, "additive", "lrt_chi2"), a.z() * a.z(), 1e-9, 1e-6, v + " LRT chi2");
            near(ref.exp(v, model, "additive", "score_chi2"), b.z() * b.z(), 1e-9, 1e-6, v + " score chi2");
            rel(ref.exp(v, model, "additive", "beta_G1"), a.beta(), 1e-6, v + " BETA under LRT");
        }
    }

    @ParameterizedTest(name = "encodings {0} {1}")
    @MethodSource("cases")
    void encodingsMatchR(String model, MatrixHeader.ValueType type) throws Exception {
        // make-reference.R fits the encodings with no covariates, AGE+SEX+PC, and genotypic with AGE alone
        List<String> encodings = switch (model) {
            case "cov1" -> List.of("genotypic");
            case "cov2" -> List.<String>of();
            default -> List.of("dominant", "recessive", "genotypic");
        };
        for (String enc : encodings) {
            for (GlmOptions.Test t : GlmOptions.Test.values()) {
                GlmRow[][] res = run(model, type, GlmOptions.defaults().withEncoding(Encoding.parse(enc)).withTest(t));
                for (String v : List.of("v01_null", "v02_effect", "v09_missing")) {
                    GlmRow[] rows = res[index(v)];
                    String w = v + " " + model + " " + type + " " + enc + " " + t;
                    Double conv = ref.exp(v, model, enc, "converged");
                    assertNotNull(conv, w);
                    if (conv != 1.0) continue;
                    if (enc.equals("genotypic")) {
                        assertEquals(3, rows.length);
                        assertEquals("GENO_HET", rows[0].test());
                        assertEquals("GENO_2DF", rows[2].test());
                        rel(ref.exp(v, model, enc, "beta_G1"), rows[0].beta(), 1e-6, w + " HET beta");
                        rel(ref.exp(v, model, enc, "se_G2"), rows[1].se(), 1e-6, w + " HOM se");
                        String q = switch (t) {
                            case WALD -> "wald_chi2";
                            case LRT -> "lrt_chi2";
                            case SCORE -> "score_chi2";
                        };
                        double chi2 = -2 * Math.log(rows[2].p());
                        near(ref.exp(v, model, enc, q), chi2, 1e-8, 1e-6, w + " 2-df chi2");
                    } else {
                        assertEquals(enc.equals("dominant") ? "DOM" : "REC", rows[0].test());
                        rel(ref.exp(v, model, enc, "beta_G1"), rows[0].beta(), 1e-6, w + " beta");
                        rel(ref.exp(v, model, enc, "se_G1"), rows[0].se(), 1e-6, w + " se");
                    }
                }
            }
        }
    }
}
