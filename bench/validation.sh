#!/usr/bin/env bash
# Statistical validation of the network p-values and effect sizes against the GLM (STATISTICS.md section 7).
#   calibration: a cohort with covariates acting and no causal variant -> type-I error at 0.05 / 0.001 inside the
#                binomial 99% interval and lambda in [0.95, 1.05], for GLM P, NN P (and its parts ADD_P, CONTRIB_P)
#                and IMPORTANCE_P
#   power:       additive (log-OR 0.18-0.35), recessive and epistatic (no marginal effect) causal variants, with LD
#   agreement:   NN_BETA vs GLM BETA on the additive hits (correlation, signs)
# Usage: bench/validation.sh [SAMPLES] [VARIANTS] [SEEDS]     (defaults 3000 8000 "11 12 13 14")
# One null and one power cohort per seed (SEEDS: a space-separated list; lambda from one cohort of 8,000 variants in LD
# blocks has a sampling SD of a few percent, so verdicts pool the seeds).
# Writes bench/results/validation.md (and keeps the run in $VALIDATION_DIR, default a temp dir removed at exit).
# Needs bin/assocnet with simulate, encode, glm, train, attribute; /usr/bin/python3 with scipy.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-3000}; M=${2:-8000}; SEEDS=${3:-11 12 13 14}
THREADS=${THREADS:-2}
TRAIN_ARGS=${TRAIN_ARGS:-}
work=${VALIDATION_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/assocnet-validation.XXXXXX")}
[[ -n "${VALIDATION_DIR:-}" ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
an=bin/assocnet
log() { echo "[validation $(date +%H:%M:%S)] $*" >&2; }
t_start=$(date +%s)
run_cohort() { # name, simulate args...   (uses SEED)
  local name=$1; shift
  mkdir -p "$work/s$SEED"
  local d="$work/s$SEED/$name"
  if [[ ! -f "$d.nn.tsv" ]]; then
    log "seed $SEED $name: simulate $*"
    $an simulate --samples "$N" --variants "$M" --seed "$SEED" --covariates 2 "$@" --out "$d" 2> "$d.simulate.log"
    log "seed $SEED $name: encode"
    $an encode --vcf "$d.vcf.gz" --pheno "$d.pheno.tsv" --covar "$d.covar.tsv" --maf 0.01 --out "$d" 2> "$d.encode.log"
    log "seed $SEED $name: glm"
    $an glm --cohort "$d" --out "$d" --threads "$THREADS" 2> "$d.glm.log"
    log "seed $SEED $name: train"
    $an train --cohort "$d" --out "$d" --threads "$THREADS" --seed "$SEED" $TRAIN_ARGS 2> "$d.train.log"
    log "seed $SEED $name: attribute"
    $an attribute --cohort "$d" --model "$d.model" --out "$d" --threads "$THREADS" --seed "$SEED" 2> "$d.attribute.log"
  fi
}
for SEED in $SEEDS; do
  run_cohort null --additive 0 --dominant 0 --recessive 0 --epistatic-pairs 0
  run_cohort power --additive 20 --recessive 10 --epistatic-pairs 5
done
t_end=$(date +%s)
mkdir -p bench/results
/usr/bin/python3 bench/validation_report.py "$work" "$N" "$M" "$SEEDS" "$((t_end - t_start))" "$TRAIN_ARGS" > bench/results/validation.md
cat bench/results/validation.md
