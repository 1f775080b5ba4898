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
cat("ID1\tID2\tOBS_CT\tBETA_INT\tSE_INT\tP_INT\tCHISQ_GENO4\tDF_GENO4\tP_GENO4\n")
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
  cat(sprintf("%s\t%s\t%d\t%.15g\t%.15g\t%.15g\t%.15g\t%d\t%.15g\n", p[1], p[2], nrow(x), s[1], s[2], s[4],
              a$Deviance[2], as.integer(a$Df[2]), a$`Pr(>Chi)`[2]))
}
