#!/usr/bin/env bash
# LD of simulated cohorts, measured by PLINK 1.9 (mean r^2 of adjacent variants, --r2 --ld-window 2):
# the built-in generator, and a donor mosaic of the 1000 Genomes EUR subset in Debian's bolt-lmm-example
# compared with that donor on the same sites. Needs plink1.9, plink2, bcftools, bolt-lmm-example.
# Usage: bench/simulate-ld.sh [workdir]   -> prints a Markdown table (see bench/results/simulate-ld.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
cd "$work"
meanr2() { # VCF -> "pairs mean_r2"
  plink1.9 --vcf "$1" --double-id --r2 --ld-window 2 --ld-window-kb 100000 --ld-window-r2 0 --threads 1 \
    --allow-extra-chr --out "$2" > /dev/null
  awk 'NR>1{s+=$7;n++} END{printf "%d | %.3f", n, s/n}' "$2.ld"
}
echo "| cohort | adjacent pairs | mean r^2 |"
echo "|---|---|---|"
"$root/bin/assocnet" simulate --samples 1000 --variants 3000 --seed 1 --missing-rate 0 --out builtin 2> /dev/null
echo "| built-in generator, 1,000 x 3,000, defaults | $(meanr2 builtin.vcf.gz builtin) |"
tar -xJf /usr/share/doc/bolt-lmm/examples/examples.tar.xz EUR_subset.bed EUR_subset.bim EUR_subset.fam
plink2 --bfile EUR_subset --export vcf bgz --threads 1 --out eur > /dev/null
"$root/bin/assocnet" simulate --donor eur.vcf.gz --samples 2000 --variants 20000 --seed 1 --missing-rate 0 --out donor 2> /dev/null
bcftools query -f '%CHROM\t%POS\n' donor.vcf.gz > donor.pos
bcftools view -T donor.pos eur.vcf.gz -Oz -o eursub.vcf.gz
echo "| donor mosaic of bolt-lmm-example EUR (2,000 x 20,000, --switch-rate 0.02) | $(meanr2 donor.vcf.gz donor) |"
echo "| the donor itself on the same 20,000 sites (379 samples) | $(meanr2 eursub.vcf.gz eursub) |"
