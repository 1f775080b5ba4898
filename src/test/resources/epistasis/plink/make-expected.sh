#!/usr/bin/env bash
# Regenerates plink-boost.epi.cc, the expected output of the PLINK comparison. Run from this directory.
# pheno.tsv and covar.tsv were made once (python3/numpy, seed 12): DISEASE (1/2) with an XOR-like interaction of
# rs2824249 (chr21) and rs5752315 (chr22), log-OR 2.2, plus AGE and PC1 effects; covariates AGE, PC1.
# PLINK v1.90b6.26 64-bit (Debian plink1.9).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash "$here/make-vcf.sh" "$tmp"
cd "$tmp"
plink1.9 --vcf miss.vcf.gz --double-id --make-bed --out miss >/dev/null
plink1.9 --bfile miss --pheno "$here/pheno.tsv" --pheno-name DISEASE --allow-no-sex --fast-epistasis boost --epi1 1e-2 --threads 2 --out boost >/dev/null
cp boost.epi.cc "$here/plink-boost.epi.cc"
# the first 250 samples only (keep.txt = FID IID of pheno.tsv rows 1-250): the --samples restriction
plink1.9 --bfile miss --pheno "$here/pheno.tsv" --pheno-name DISEASE --allow-no-sex --keep "$here/keep.txt" --fast-epistasis boost --epi1 1e-2 --threads 2 --out keep >/dev/null
cp keep.epi.cc "$here/plink-boost-keep.epi.cc"
