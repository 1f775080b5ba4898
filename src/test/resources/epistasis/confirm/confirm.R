# Reference values for the epistasis confirmation (src/test/java/org/assocnet/epistasis/ConfirmationReferenceTest.java).
# Run from the repository root:  Rscript src/test/resources/epistasis/confirm/confirm.R > src/test/resources/epistasis/confirm/expected.tsv
# Inputs: test-data/pheno.tsv, test-data/covar.tsv (the shipped simulated cohort) and genotypes.tsv beside this
# script, the hard calls of 11 variants of test-data/cohort.vcf.gz made with
#   bcftools view -i 'ID=@ids.txt' test-data/cohort.vcf.gz | bcftools query -H -f '%ID\t%ALT[\t%GT]\n'
# (ALT allele count, NA for a missing call). R 4.2.2, stats::glm.
g <- read.delim("src/test/resources/epistasis/confirm/genotypes.tsv")
ph <- read.delim("test-data/pheno.tsv", check.names = FALSE)
cv <- read.delim("test-data/covar.tsv", check.names = FALSE)
d <- merge(merge(ph[, c("IID", "PHENO")], cv[, c("IID", "COV1", "COV2", "SITE")], by = "IID"), g, by = "IID")
d$y <- d$PHENO - 1
pairs <- list(c("1:1247722", "1:1374901"), c("2:475453", "2:1441534"), c("1:408728", "2:915657"),
              c("1:809634", "2:113138"), c("1:6811", "1:809634"), c("1:1211624", "2:1317305"))
col <- function(id) paste0("g_", gsub(":", "_", id))
# Firth's penalised log-likelihood l(b) + 0.5 log det X'WX, maximised over the free coefficients (the interaction
# ones fixed at 0 for the reduced model, the penalty still from the full design, as logistf's profile LRT)
firth_max <- function(X, y, free) {
  obj <- function(b) { beta <- numeric(ncol(X)); beta[free] <- b
    eta <- drop(X %*% beta); p <- plogis(eta)
    sum(y * eta - log1p(exp(eta))) + 0.5 * determinant(crossprod(X * sqrt(p * (1 - p))))$modulus }
  st <- numeric(sum(free)); st[1] <- qlogis(mean(y))
  o <- optim(st, obj, method = "BFGS", control = list(fnscale = -1, reltol = 1e-15, maxit = 10000))
  o <- optim(o$par, obj, method = "Nelder-Mead", control = list(fnscale = -1, reltol = 1e-15, maxit = 20000))
  o <- optim(o$par, obj, method = "BFGS", control = list(fnscale = -1, reltol = 1e-15, maxit = 10000))
  o$value
}
cat("ID1\tID2\tOBS_CT\tBETA_INT\tSE_INT\tP_INT\tCHISQ_GENO4\tDF_GENO4\tP_GENO4\tGENO4_SEPARATED\tP_GENO4_FIRTH\n")
for (p in pairs) {
  x <- d[!is.na(d[[col(p[1])]]) & !is.na(d[[col(p[2])]]), ]
  x$g1 <- x[[col(p[1])]]
  x$g2 <- x[[col(p[2])]]
  f <- glm(y ~ COV1 + COV2 + SITE + g1 * g2, family = binomial, data = x, control = glm.control(epsilon = 1e-12, maxit = 100))
  # glm's standard errors come from the weights of its second-to-last IRLS iterate; recompute them from the
  # information at the final estimate (differs from summary()'s in the 7th digit) and the Wald P from those
  X <- model.matrix(f)
  w <- fitted(f) * (1 - fitted(f))
  se <- sqrt(diag(solve(crossprod(X * sqrt(w)))))["g1:g2"]
  b <- coef(f)["g1:g2"]
  s <- c(b, se, NA, 2 * pnorm(-abs(b / se)))
  x$f1 <- factor(x$g1)
  x$f2 <- factor(x$g2)
  m0 <- glm(y ~ COV1 + COV2 + SITE + f1 + f2, family = binomial, data = x, control = glm.control(epsilon = 1e-12, maxit = 100))
  m1 <- glm(y ~ COV1 + COV2 + SITE + f1 * f2, family = binomial, data = x, control = glm.control(epsilon = 1e-12, maxit = 100))
  a <- anova(m0, m1, test = "LRT")
  # separation: glm stops without convergence or with fitted probabilities of 0 or 1
  sep <- !m1$converged || any(fitted(m1) < 1e-8 | fitted(m1) > 1 - 1e-8)
  X1 <- model.matrix(m1)[, !is.na(coef(m1)), drop = FALSE]
  inter <- grepl(":", colnames(X1))
  pf <- 2 * (firth_max(X1, x$y, rep(TRUE, ncol(X1))) - firth_max(X1, x$y, !inter))
  cat(sprintf("%s\t%s\t%d\t%.15g\t%.15g\t%.15g\t%.15g\t%d\t%.15g\t%d\t%.15g\n", p[1], p[2], nrow(x), s[1], s[2], s[4],
              a$Deviance[2], as.integer(a$Df[2]), a$`Pr(>Chi)`[2], as.integer(sep), pchisq(pf, sum(inter), lower.tail = FALSE)))
}
