#!/usr/bin/env bash
# Issue 11: calibration of the network's pair test (PAIR_P of OUT.nn.pairs.tsv) under the null. With the default
# options a null cohort keeps almost no interaction block (the validation gate drops chance pairs), so
# bench/network.sh tests one null pair in five cohorts. Here every fold keeps the blocks of its top --pairs pairs
# of the exhaustive scan whatever their P (`train --pair-p 1 --keep-all-pairs`): the blocks are fitted to noise on
# the training samples, and PAIR_P, tested on the held-out samples, must be uniform.
#   cohorts (SEEDS): 3,000 x 8,000 donor mosaics of the 1000 Genomes EUR genotypes in Debian's bolt-lmm-example
#   (real LD and frequencies), 2 acting covariates, no causal variant; encode --maf 0.01, as bench/network.sh.
# Writes bench/results/pair-calibration.md: pooled type-I error at 0.05, 0.01 and 0.001 against the binomial 99%
# interval, lambda per cohort and pooled, a Kolmogorov-Smirnov test of uniformity.
# Usage: bench/pair-calibration.sh [SEEDS]   (default "21 22 23 24 25 26"); env N, M, PAIRS (20), THREADS (2), WORK.
# Needs: bolt-lmm-example, plink2, /usr/bin/python3 with scipy, a built target/assocnet.jar. ~3 min per cohort on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
SEEDS=${1:-21 22 23 24 25 26}
N=${N:-3000}; M=${M:-8000}; PAIRS=${PAIRS:-20}; T=${THREADS:-2}
work=${WORK:-$(mktemp -d /tmp/assocnet-pair-cal.XXXXXX)}
out=${OUT:-$root/bench/results/pair-calibration.md}
an="$root/bin/assocnet"
mkdir -p "$work"
log() { echo "[pair-calibration $(date +%H:%M:%S)] $*" >&2; }
t0=$(date +%s)
cd "$work"
if [[ ! -f eur.vcf.gz ]]; then
  tar -xJf /usr/share/doc/bolt-lmm/examples/examples.tar.xz EUR_subset.bed EUR_subset.bim EUR_subset.fam
  plink2 --bfile EUR_subset --export vcf bgz --threads "$T" --out eur > /dev/null
fi
for s in $SEEDS; do
  d=null$s
  [[ -f $d.nn.pairs.tsv ]] && continue
  log "seed $s: simulate, encode, train (--pair-p 1 --keep-all-pairs --pairs $PAIRS), attribute"
  $an simulate --donor eur.vcf.gz --samples "$N" --variants "$M" --seed "$s" --covariates 2 --site-levels 0 \
    --additive 0 --recessive 0 --dominant 0 --epistatic-pairs 0 --out "$d" 2> "$d.sim.log"
  $an encode --vcf "$d.vcf.gz" --pheno "$d.pheno.tsv" --covar "$d.covar.tsv" --maf 0.01 --out "$d" 2> "$d.encode.log"
  $an train --cohort "$d" --out "$d" --threads "$T" --pair-p 1 --keep-all-pairs --pairs "$PAIRS" 2> "$d.train.log"
  $an attribute --cohort "$d" --model "$d.model" --out "$d" --threads "$T" 2> "$d.attribute.log"
done
minutes=$(( ($(date +%s) - t0 + 59) / 60 ))
/usr/bin/python3 "$root/bench/pair_calibration_report.py" "$work" "$out" "$N" "$M" "$PAIRS" "$minutes" "$(git -C "$root" rev-parse --short HEAD)" $SEEDS
log "wrote $out (work dir $work)"
