#!/usr/bin/env bash
# Model selection for `assocnet train`'s default architecture: simulated cohorts x candidate models,
# pooled held-out AUC / log-loss / calibration vs the oracle (true logit). Writes bench/results/train-select.md.
# Usage: bench/train-select.sh [threads]   (~15-30 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
mvn -q -B -o package -DskipTests
mvn -q -B -o test-compile
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1
start=$(date -u +%FT%TZ)
table="$(java -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=1g -Dorg.bytedeco.javacpp.maxphysicalbytes=3g -Dorg.bytedeco.javacpp.cachedir="$work/javacpp" -cp target/assocnet.jar:target/test-classes \
  org.assocnet.nn.TrainSelectBench "$work" "$threads")"
{
  echo "# train: model selection on simulated cohorts"
  echo
  echo "Produced by \`bench/train-select.sh $threads\` on $start ($(nproc) cores, OMP_NUM_THREADS=1, $threads folds in parallel)."
  echo "Cohorts from the test simulator (org.assocnet.nn.SimCohort: HWE genotypes, MAF U(0.05,0.5), 1% missing,"
  echo "one N(0,1) covariate with log-OR 0.3). 5 stratified folds (seed 1), same folds for every model;"
  echo "metrics are pooled over the held-out predictions; the oracle is the true logit."
  echo
  echo "$table"
} > bench/results/train-select.md
cat bench/results/train-select.md
