#!/usr/bin/env bash
# The main job on the shipped test cohort: builds assocnet (if needed), installs Nextflow 24.10.0 from
# Maven Central (if needed) and runs the whole pipeline (encode -> glm -> train -> attribute -> merge ->
# report) on test-data/. Results go to results/test-data/ (override: OUTDIR=...); extra arguments are
# passed to `nextflow run` (e.g. -resume, -profile test,podman).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/assocnet.jar ]] || mvn -q -B -ntp package -DskipTests
bash scripts/install-nextflow.sh
outdir="${OUTDIR:-results/test-data}"
tools/nextflow/nextflow run main.nf -profile test -ansi-log false --outdir "$outdir" "$@"
echo
echo "report: $outdir/report/assocnet.report.html"
ls "$outdir"
