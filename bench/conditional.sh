#!/usr/bin/env bash
# attribute --null marginal vs --null conditional on the power and null cohorts of bench/validation.sh (one seed).
# Usage: bench/conditional.sh [SEED]   (default 11; 3,000 samples x 8,000 variants)
# Writes bench/results/conditional.md; keeps the run in $CONDITIONAL_DIR (default a temp dir removed at exit).
# Steps whose output exists in $CONDITIONAL_DIR are skipped (so a run can be resumed).
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${1:-11}; N=3000; M=8000; THREADS=${THREADS:-2}
work=${CONDITIONAL_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/assocnet-conditional.XXXXXX")}
[[ -n "${CONDITIONAL_DIR:-}" ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
an=bin/assocnet
log() { echo "[conditional $(date +%H:%M:%S)] $*" >&2; }
run_cohort() { # name, simulate args...
  local name=$1; shift
  local d="$work/$name"
  if [[ ! -f "$d.model/config.json" ]]; then
    log "$name: simulate $*"
    $an simulate --samples "$N" --variants "$M" --seed "$SEED" --covariates 2 "$@" --out "$d" 2> "$d.simulate.log"
    $an encode --vcf "$d.vcf.gz" --pheno "$d.pheno.tsv" --covar "$d.covar.tsv" --maf 0.01 --out "$d" 2> "$d.encode.log"
    $an glm --cohort "$d" --out "$d" --threads "$THREADS" 2> "$d.glm.log"
    log "$name: train"
    $an train --cohort "$d" --out "$d" --threads "$THREADS" --seed "$SEED" 2> "$d.train.log"
  fi
  for mode in marginal conditional; do
    if [[ ! -f "$d.$mode.nn.tsv" ]]; then
      log "$name: attribute --null $mode"
      /usr/bin/time -f "%e" -o "$d.$mode.wall" \
        $an attribute --cohort "$d" --model "$d.model" --out "$d.$mode" --threads "$THREADS" --seed "$SEED" --null "$mode" \
        2> "$d.$mode.attribute.log"
    fi
  done
}
run_cohort power --additive 20 --recessive 10 --epistatic-pairs 5
run_cohort null --additive 0 --dominant 0 --recessive 0 --epistatic-pairs 0
mkdir -p bench/results
/usr/bin/python3 bench/conditional_report.py "$work" "$SEED" > bench/results/conditional.md  # BASELINE_DIR (optional): *.base.nn.tsv of a previous attribute, compared byte for byte
cat bench/results/conditional.md
