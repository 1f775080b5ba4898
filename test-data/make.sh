#!/usr/bin/env bash
# Regenerates the shipped test cohort (test-data/*) with `assocnet simulate`.
# Usage: test-data/make.sh   (from anywhere; builds target/assocnet.jar first if it is missing)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [[ ! -f "$root/target/assocnet.jar" && -z "${ASSOCNET_JAR:-}" ]]; then
  (cd "$root" && mvn -q -B package -DskipTests)
fi
tmp="$(mktemp -d "$here/.make.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
"$root/bin/assocnet" simulate \
  --samples 1000 --variants 3000 --chromosomes 2 --seed 4 \
  --additive 5 --recessive 2 --epistatic-pairs 1 \
  --effect-min 0.6 --effect-max 0.8 --epistatic-min 0.9 --epistatic-max 1.1 \
  --causal-freq-min 0.3 --causal-freq-max 0.5 \
  --covariates 2 --site-levels 3 --missing-rate 0.01 --multiallelic-rate 0.005 \
  --compression-level 9 \
  --out "$tmp/cohort"
mv "$tmp/cohort.vcf.gz" "$here/cohort.vcf.gz"
mv "$tmp/cohort.vcf.gz.tbi" "$here/cohort.vcf.gz.tbi"
mv "$tmp/cohort.pheno.tsv" "$here/pheno.tsv"
mv "$tmp/cohort.covar.tsv" "$here/covar.tsv"
mv "$tmp/cohort.truth.tsv" "$here/truth.tsv"
mv "$tmp/cohort.simulate.json" "$here/cohort.simulate.json"
echo "test-data regenerated in $here" >&2
