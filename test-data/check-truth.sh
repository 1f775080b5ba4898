#!/usr/bin/env bash
# Checks the shipped cohort against its truth with the reference tools (PLINK 2, R, bcftools) and prints the
# numbers quoted in test-data/README.md. Usage: test-data/check-truth.sh [workdir]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
cd "$work"
plink2 --vcf "$here/cohort.vcf.gz" --double-id --pheno "$here/pheno.tsv" --covar "$here/covar.tsv" \
  --glm firth-fallback hide-covar --covar-variance-standardize --threads 1 --out glm > /dev/null
echo "== causal variants in PLINK 2's additive GLM (ID KIND LOG_OR ALT_FREQ | marginal log-OR SE P)"
awk 'NR==FNR{if(FNR>1)t[$1]=$4"\t"$6"\t"$7; next} ($3 in t){printf "%s\t%s\t|\t%.3f\t%.3f\t%s\n", $3, t[$3], log($10), $11, $13}' \
  "$here/truth.tsv" glm.PHENO.glm.logistic.hybrid
echo "== all variants with P < 5e-8"
awk 'NR>1 && $13!="NA" && $13<5e-8{print $3, $13}' glm.PHENO.glm.logistic.hybrid
ids=$(awk 'NR>1 && ($4=="epistatic" || $4=="recessive"){printf "%sID=\"%s\"", (n++?" || ":""), $1}' "$here/truth.tsv")
bcftools query -i "$ids" -f '%ID[\t%GT]\n' "$here/cohort.vcf.gz" > geno.txt
cat > check.R <<RS
g <- read.table("geno.txt", row.names=1, colClasses="character")
dos <- function(x) ifelse(x=="./.", NA, ifelse(x=="0/0",0, ifelse(x=="0/1",1,2)))
G <- t(apply(g, 1, dos))
ph <- read.table("$here/pheno.tsv", comment.char="", header=TRUE)
cv <- read.table("$here/covar.tsv", comment.char="", header=TRUE)
tr <- read.table("$here/truth.tsv", header=TRUE, colClasses="character")
y <- ph\$PHENO - 1
epi <- tr[tr\$KIND == "epistatic", ]
a <- G[epi\$ID[1], ]; b <- G[epi\$ID[2], ]
f <- glm(y ~ a*b + COV1 + COV2 + SITE, data=cv, family=binomial)
cat("== epistatic pair", epi\$ID[1], "x", epi\$ID[2], "(interaction model)\n"); print(summary(f)\$coefficients[c("a","b","a:b"),])
for (id in tr\$ID[tr\$KIND == "recessive"]) {
  r <- as.numeric(G[id, ] == 2)
  f2 <- glm(y ~ r + COV1 + COV2 + SITE, data=cv, family=binomial)
  cat("== recessive", id, "(recessive coding)\n"); print(summary(f2)\$coefficients["r",])
}
RS
Rscript check.R
