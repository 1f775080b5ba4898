#!/usr/bin/env Rscript
# Makes the GLM reference data and expected values used by GlmReferenceTest.
# Run from this directory:  Rscript make-reference.R
# Writes: samples.tsv (IID PHENO AGE SEX PC), genotypes.tsv (one column per variant, NA = missing),
#         expected.tsv (long format: variant model encoding quantity value).
# "converged" below = glm converged and max |linear predictor| < 15 (else separation is expected).
# Tools: R 4.2 stats::glm (IRLS, epsilon 1e-14), brglm2::brglmFit type "AS_mean" (Firth estimate and SE),
#        the penalised log-likelihood l(b) + 0.5 log det(X'WX) maximised with optim() for the profile
#        (logistf is not packaged for Debian 12; this is the penalised LRT logistf reports).
suppressPackageStartupMessages(library(brglm2))
set.seed(20261123)
n <- 2000
age <- round(rnorm(n, 50, 10), 1)
sex <- rbinom(n, 1, 0.5)
pc <- rnorm(n, 0, 0.01)
hw <- function(f) rbinom(n, 2, f)
g <- list()
g$v01_null <- hw(0.3)
g$v02_effect <- hw(0.2)
g$v03_strong <- hw(0.3)
eta <- -0.5 + 0.03 * (age - 50) + 0.4 * sex + 20 * pc + 0.5 * g$v02_effect + 2.2 * g$v03_strong
y <- rbinom(n, 1, plogis(eta))
# rare: 7 carriers, 3 cases and 4 controls
v <- integer(n); v[c(sample(which(y == 1), 3), sample(which(y == 0), 4))] <- 1L; g$v04_rare <- v
# quasi-complete separation: every carrier is a case (g = 0 mixed)
v <- integer(n); v[sample(which(y == 1), 6)] <- 1L; g$v05_quasi_sep <- v
# complete separation: genotype = phenotype
g$v06_complete_sep <- as.integer(y)
# monomorphic after dropping missing: the only ALT carriers are missing
v <- integer(n); v[sample(n, 5)] <- NA; g$v07_monomorphic <- v
g$v08_all_missing <- rep(NA_integer_, n)
# 10% missing calls
v <- hw(0.25); v[sample(n, 200)] <- NA; g$v09_missing <- v
# haploid-like: dosage 0 or 2 only
g$v10_haploid <- 2L * rbinom(n, 1, 0.2)
# genotype identical to a covariate (2 * SEX): collinear when SEX is in the model
g$v11_collinear_sex <- 2L * sex
# low frequency (MAC ~ 40) with an effect
v <- hw(0.01); g$v12_lowfreq <- v

G <- as.data.frame(g)
write.table(data.frame(IID = sprintf("S%04d", 1:n), PHENO = y, AGE = age, SEX = sex, PC = pc),
            "samples.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
write.table(G, "genotypes.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")

out <- list()
put <- function(var, model, enc, q, val) out[[length(out) + 1]] <<- data.frame(variant = var, model = model,
    encoding = enc, quantity = q, value = sprintf("%.17g", val))
ctl <- glm.control(epsilon = 1e-14, maxit = 100)
pll <- function(b, X, yy) {   # penalised log-likelihood (Firth / Jeffreys prior)
  eta <- drop(X %*% b); mu <- plogis(eta); w <- mu * (1 - mu)
  sum(yy * eta - log1p(exp(eta))) + 0.5 * as.numeric(determinant(crossprod(X * sqrt(w)), logarithm = TRUE)$modulus)
}
encode <- function(x, enc) switch(enc,
  additive = data.frame(G1 = x), dominant = data.frame(G1 = as.integer(x >= 1)),
  recessive = data.frame(G1 = as.integer(x == 2)),
  genotypic = data.frame(G1 = as.integer(x == 1), G2 = as.integer(x == 2)))
fitOne <- function(name, model, enc) {
  x <- G[[name]]
  keep <- !is.na(x)
  E <- encode(x[keep], enc)
  d <- data.frame(y = y[keep], E)
  if (model == "cov") d <- cbind(d, AGE = age[keep], SEX = sex[keep], PC = pc[keep])
  if (model == "cov2") d <- cbind(d, AGE = age[keep], SEX = sex[keep])
  if (model == "cov1") d <- cbind(d, AGE = age[keep])
  gcols <- names(E)
  f1 <- reformulate(setdiff(names(d), "y"), "y")
  f0 <- switch(model, cov = y ~ AGE + SEX + PC, cov2 = y ~ AGE + SEX, cov1 = y ~ AGE, y ~ 1)
  m1 <- suppressWarnings(glm(f1, binomial, d, control = ctl))
  m0 <- glm(f0, binomial, d, control = ctl)
  cf <- summary(m1)$coefficients
  put(name, model, enc, "obs", sum(keep))
  put(name, model, enc, "converged", as.numeric(m1$converged && max(abs(m1$linear.predictors)) < 15))
  for (gname in gcols) {
    put(name, model, enc, paste0("beta_", gname), cf[gname, 1])
    put(name, model, enc, paste0("se_", gname), cf[gname, 2])
    put(name, model, enc, paste0("z_", gname), cf[gname, 3])
    put(name, model, enc, paste0("p_", gname), cf[gname, 4])
    put(name, model, enc, paste0("log10p_", gname), log10(2) + pnorm(-abs(cf[gname, 3]), log.p = TRUE) / log(10))
  }
  if (length(gcols) == 2) {
    V <- vcov(m1)[gcols, gcols]; b <- coef(m1)[gcols]
    put(name, model, enc, "wald_chi2", drop(t(b) %*% solve(V) %*% b))
  }
  put(name, model, enc, "lrt_chi2", anova(m0, m1, test = "LRT")$Deviance[2])
  put(name, model, enc, "score_chi2", anova(m0, m1, test = "Rao")$Rao[2])
  # Firth: brglm2 estimate, and the penalised LRT profile with the genotype coefficients fixed at 0
  mf <- glm(f1, binomial, d, method = "brglmFit", type = "AS_mean", start = rep(0, ncol(model.matrix(f1, d))),
            control = list(epsilon = 1e-12, maxit = 1000))
  cff <- summary(mf)$coefficients
  for (gname in gcols) {
    put(name, model, enc, paste0("firth_beta_", gname), cff[gname, 1])
    put(name, model, enc, paste0("firth_se_", gname), cff[gname, 2])
  }
  X <- model.matrix(f1, d)
  free <- !(colnames(X) %in% gcols)
  full <- pll(coef(mf), X, d$y)
  obj <- function(bf) { b <- numeric(ncol(X)); b[free] <- bf; -pll(b, X, d$y) }
  st <- coef(mf)[free]
  o <- optim(st, obj, method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
  if (sum(free) > 1) o <- optim(o$par, obj, method = "Nelder-Mead", control = list(reltol = 1e-16, maxit = 20000))
  o <- optim(o$par, obj, method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
  put(name, model, enc, "firth_pll_full", full)
  put(name, model, enc, "firth_pll_null", -o$value)
  put(name, model, enc, "firth_plr_chi2", 2 * (full + o$value))
}
fitted <- c("v01_null", "v02_effect", "v03_strong", "v04_rare", "v05_quasi_sep", "v06_complete_sep",
            "v09_missing", "v10_haploid", "v12_lowfreq")
for (nm in fitted) for (model in c("nocov", "cov")) fitOne(nm, model, "additive")
fitOne("v11_collinear_sex", "nocov", "additive")
for (nm in c("v01_null", "v02_effect", "v09_missing")) for (enc in c("dominant", "recessive", "genotypic"))
  for (model in c("nocov", "cov")) fitOne(nm, model, enc)
# designs of 3 and 4 columns (intercept + 1 or 2 covariates + genotype columns): glm's one-pass path
for (nm in fitted) for (model in c("cov1", "cov2")) fitOne(nm, model, "additive")
for (nm in c("v01_null", "v02_effect", "v09_missing")) fitOne(nm, "cov1", "genotypic")
res <- do.call(rbind, out)
write.table(res, "expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
cat(R.version.string, "brglm2", as.character(packageVersion("brglm2")), "\n", file = "expected.versions.txt")
