# Reference values for PenalizedLogisticTest: R glmnet (Debian r-cran-glmnet 4.1-6) on a simulated design.
# Run: Rscript src/test/resources/penalized/make.R src/test/resources/penalized
# Columns: intercept (unpenalised), 2 covariates (penalty factor 0), 30 penalised columns, standardised to
# population SD (glmnet standardize = FALSE so that both fit the same design); objective
#   -loglik / n + lambda * (alpha |b|_1 + (1 - alpha) / 2 |b|_2^2).
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "."
set.seed(20261128)
n <- 400; p <- 30
g <- matrix(rbinom(n * p, 2, runif(p, 0.05, 0.5)), n, p, byrow = TRUE)
cv <- matrix(rnorm(n * 2), n, 2)
x <- cbind(cv, g)
x <- scale(x, center = TRUE, scale = apply(x, 2, function(c) sqrt(mean((c - mean(c))^2))))
eta <- -0.2 + 0.4 * x[, 1] - 0.3 * x[, 2] + 0.5 * x[, 3] - 0.4 * x[, 7] + 0.3 * x[, 12]
y <- rbinom(n, 1, plogis(eta))
write.table(cbind(y, x), file.path(out, "design.tsv"), sep = "\t", row.names = FALSE, col.names = FALSE)
pf <- c(0, 0, rep(1, p))
res <- NULL
for (alpha in c(1, 0.95)) {
  fit <- glmnet(x, y, family = "binomial", alpha = alpha, penalty.factor = pf, standardize = FALSE,
                lambda = c(0.08, 0.04, 0.02, 0.01), thresh = 1e-14, maxit = 1e6)
  for (k in seq_along(fit$lambda)) {
    b <- as.numeric(coef(fit, s = fit$lambda[k], exact = FALSE))
    res <- rbind(res, c(alpha, fit$lambda[k], b))
  }
}
write.table(format(res, digits = 17), file.path(out, "glmnet.tsv"), sep = "\t", row.names = FALSE, col.names = FALSE, quote = FALSE)
