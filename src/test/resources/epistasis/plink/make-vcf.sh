#!/usr/bin/env bash
# Real-genotype fixture of the PLINK 1.9 --fast-epistasis boost comparison (EpistasisPlinkTest), made at test
# time because Debian's bolt-lmm-example data (1000 Genomes EUR subset, GPL-3+) is not redistributed here.
# Usage: make-vcf.sh DIR   -> DIR/miss.vcf.gz (+ .tbi): 379 samples x 800 variants of chr21-22 with ~1% of the
# calls set missing by a fixed arithmetic rule (and one variant, the 50th, missing in every third sample), so
# that the comparison covers PLINK's handling of missing calls.
# Needs: bolt-lmm-example, plink2 (2.00a3.5), bgzip, tabix.
set -euo pipefail
dir="$1"
cd "$dir"
tar -xJf /usr/share/doc/bolt-lmm/examples/examples.tar.xz EUR_subset.bed EUR_subset.bim EUR_subset.fam
plink2 --bfile EUR_subset --chr 21-22 --thin-count 800 --seed 7 --mac 5 --export vcf-4.2 bgz id-paste=iid --out slice >/dev/null
zcat slice.vcf.gz | awk 'BEGIN{FS=OFS="\t"} /^#/{print;next} {L++; for(c=10;c<=NF;c++){s=c-9; if((L*7919+s*104729)%97==0 || (L==50 && s%3==0)) $c="./."} print}' \
  | bgzip > miss.vcf.gz
tabix -f -p vcf miss.vcf.gz
