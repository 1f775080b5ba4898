# Baselines for the wide network on the SAME folds as assocnet train (issue 11 proof, bench/network.sh):
#   COV   logistic regression on the covariates alone
#   L1    L1-penalised logistic regression on covariates (unpenalised) + every variant's ALT dosage, penalty by
#         cv.glmnet (5 inner folds, lambda.min) on the training folds only
#   TRUE  logistic regression on the simulated truth's terms (additive g, recessive [g==2], epistatic g_a * g_b with
#         main effects), fitted on the training folds: what a model that knew the causal variants could reach
#   PAIRS_L1  the L1 model with the true epistatic pairs' 3x3 genotype cells added unpenalised: what the wide
#         network's design (an L1 linear part + blocks for scanned pairs) could reach if its pair search were
#         perfect and its linear part as good as glmnet's; the ceiling its "share of the way" can be read against
# Usage: Rscript bench/network_baselines.R PREFIX.raw PHENO COVAR FOLDS.tsv TRUTH.tsv|none OUT.tsv
# (PREFIX.raw: plink2 --export A; missing dosages -> the column mean). Writes IID, Y, FOLD and one held-out logit column per baseline.
suppressMessages(library(glmnet))
a <- commandArgs(trailingOnly = TRUE)
hdr <- scan(a[1], what = "", nlines = 1, quiet = TRUE)
raw <- matrix(scan(a[1], what = "", skip = 1, quiet = TRUE), ncol = length(hdr), byrow = TRUE)
iid <- raw[, 2]
g <- suppressWarnings(matrix(as.numeric(raw[, -(1:6)]), nrow = nrow(raw)))
colnames(g) <- sub("_[^_]*$", "", hdr[-(1:6)])
for (j in seq_len(ncol(g))) { m <- is.na(g[, j]); if (any(m)) g[m, j] <- mean(g[!m, j]) }
ph <- read.table(a[2], header = FALSE, comment.char = "#", col.names = c("FID", "IID", "PHENO"))
cv <- read.table(a[3], header = FALSE, comment.char = "#")
cvh <- strsplit(sub("^#", "", readLines(a[3], n = 1)), "\t")[[1]]
colnames(cv) <- cvh
fo <- read.table(a[4], header = TRUE)
y <- ph$PHENO[match(iid, ph$IID)] - 1
cov <- as.matrix(cv[match(iid, cv$IID), setdiff(cvh, c("FID", "IID")), drop = FALSE])
if (all(cov[, 1] %in% c(0, 1, 2)) && FALSE) cov <- cov
fold <- fo$FOLD[match(iid, fo$IID)]
keep <- !is.na(y) & !is.na(fold) & fold >= 0 & y %in% c(0, 1)
truth <- if (a[5] != "none") read.table(a[5], header = TRUE, sep = "\t", comment.char = "") else NULL
tx <- NULL
px <- NULL
if (!is.null(truth)) {
  pc <- list()
  for (r in seq_len(nrow(truth))) {
    id <- truth$ID[r]
    if (truth$KIND[r] != "epistatic" || !(id < truth$PARTNER[r]) || !all(c(id, truth$PARTNER[r]) %in% colnames(g))) next
    cell <- 3 * round(g[, id]) + round(g[, truth$PARTNER[r]])
    for (k in 1:8) pc[[paste0("c", k, "_", id)]] <- as.numeric(cell == k)
  }
  if (length(pc)) px <- do.call(cbind, pc)
}
if (!is.null(truth)) {
  cols <- list()
  for (r in seq_len(nrow(truth))) {
    id <- truth$ID[r]; if (!(id %in% colnames(g))) next
    x <- g[, id]
    if (truth$KIND[r] == "additive") cols[[paste0("a_", id)]] <- x
    if (truth$KIND[r] == "dominant") cols[[paste0("d_", id)]] <- as.numeric(round(x) >= 1)
    if (truth$KIND[r] == "recessive") cols[[paste0("r_", id)]] <- as.numeric(round(x) == 2)
    if (truth$KIND[r] == "epistatic" && id < truth$PARTNER[r] && truth$PARTNER[r] %in% colnames(g)) {
      z <- g[, truth$PARTNER[r]]
      cols[[paste0("m1_", id)]] <- x; cols[[paste0("m2_", id)]] <- z; cols[[paste0("i_", id)]] <- x * z
    }
  }
  tx <- do.call(cbind, cols)
}
out <- data.frame(IID = iid, Y = y, FOLD = fold, COV = NA, L1 = NA, TRUE_MODEL = NA, PAIRS_L1 = NA)
set.seed(1)
for (f in sort(unique(fold[keep]))) {
  tr <- keep & fold != f; te <- keep & fold == f
  d <- data.frame(y = y, cov)
  m <- glm(y ~ ., data = d[tr, , drop = FALSE], family = binomial)
  out$COV[te] <- predict(m, d[te, , drop = FALSE])
  x <- cbind(cov, g)
  pf <- c(rep(0, ncol(cov)), rep(1, ncol(g)))
  cf <- cv.glmnet(x[tr, ], y[tr], family = "binomial", alpha = 1, penalty.factor = pf, nfolds = 5)
  out$L1[te] <- as.numeric(predict(cf, x[te, ], s = "lambda.min", type = "link"))
  if (!is.null(tx)) {
    dt <- data.frame(y = y, cov, tx)
    mt <- glm(y ~ ., data = dt[tr, , drop = FALSE], family = binomial)
    out$TRUE_MODEL[te] <- predict(mt, dt[te, , drop = FALSE])
  }
  if (!is.null(px)) {
    xp <- cbind(cov, px, g)
    pfp <- c(rep(0, ncol(cov) + ncol(px)), rep(1, ncol(g)))
    cp <- cv.glmnet(xp[tr, ], y[tr], family = "binomial", alpha = 1, penalty.factor = pfp, nfolds = 5)
    out$PAIRS_L1[te] <- as.numeric(predict(cp, xp[te, ], s = "lambda.min", type = "link"))
  }
}
write.table(out[keep, ], a[6], sep = "\t", quote = FALSE, row.names = FALSE)
