# Reference for ConditionalGenotypesTest: the genotype model of `attribute --null conditional`,
# g ~ Binomial(2, q), logit(q) = a + b'h, for a variant g given LD neighbours h1..h5 (standardised dosages,
# h5 nearly collinear with h1 + h2) and a covariate c1; some g missing (left out, as glm's na.omit does).
# Run: Rscript make-reference.R  (R 4.2, Debian 12)
set.seed(20261124)
n <- 500
hap <- function(p) rbinom(n, 1, p)
# two haplotypes per sample with a causal chain of LD: neighbour alleles copy the variant's allele with prob 0.8
a1 <- hap(0.3); a2 <- hap(0.3)
nb <- function(a, pcopy, p) ifelse(runif(n) < pcopy, a, rbinom(n, 1, p))
raw <- cbind(nb(a1, 0.8, 0.3) + nb(a2, 0.8, 0.3), nb(a1, 0.5, 0.2) + nb(a2, 0.5, 0.2),
             rbinom(n, 2, 0.4), nb(a1, 0.3, 0.5) + nb(a2, 0.3, 0.5))
h <- scale(raw)
h5 <- h[, 1] + h[, 2] + rnorm(n, sd = 0.05)
c1 <- rnorm(n)
g <- a1 + a2
g[sample(n, 20)] <- NA
d <- data.frame(g, h1 = h[, 1], h2 = h[, 2], h3 = h[, 3], h4 = h[, 4], h5, c1)
write.table(format(d, digits = 17), "data.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
fit <- glm(cbind(g, 2 - g) ~ h1 + h2 + h3 + h4 + h5 + c1, family = binomial, data = d,
           control = glm.control(epsilon = 1e-14, maxit = 100))
out <- data.frame(term = names(coef(fit)), estimate = unname(coef(fit)))
write.table(format(out, digits = 17), "expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# fitted q for the first 5 samples (predict also for rows with g missing)
q <- predict(fit, newdata = d[1:5, ], type = "response")
write.table(format(data.frame(row = 1:5, q = unname(q)), digits = 17), "expected-q.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
