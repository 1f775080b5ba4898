# Reference for ScoreNullModelTest: Rao score tests of a genotype column added to a logistic null model
# y ~ c1 + c2 + o (o plays the network's held-out logit). Run: Rscript make-reference.R  (R 4.2, Debian 12)
set.seed(20261123)
n <- 400
c1 <- rnorm(n); c2 <- rnorm(n)
o <- 0.8 * tanh(2 * c1) + rnorm(n, sd = 0.7)
g1 <- rbinom(n, 2, 0.3); g2 <- rbinom(n, 2, 0.1); g3 <- rbinom(n, 2, 0.45)
y <- rbinom(n, 1, plogis(-0.3 + 0.4 * c1 - 0.3 * c2 + o + 0.35 * g1))
d <- data.frame(y, c1, c2, o, g1, g2, g3)
write.table(format(d, digits = 17), "data.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
null <- glm(y ~ c1 + c2 + o, family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
out <- NULL
for (g in c("g1", "g2", "g3")) {
  alt <- update(null, as.formula(paste(". ~ . +", g)))
  a <- anova(null, alt, test = "Rao")
  out <- rbind(out, data.frame(column = g, rao = a$Rao[2], p = a[["Pr(>Chi)"]][2]))
}
# a column collinear with the covariates (o2 = 2 c1 + 1) is dropped: same statistics as without it
write.table(format(out, digits = 17), "expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
