#!/usr/bin/env bash
# Runs every assocnet test: installs what the tests need (Debian reference tools, Nextflow from Maven
# Central), builds the jar, runs the Java unit and statistical tests (mvn verify) and one real pipeline
# run on test-data (with -resume and -stub-run checks). Exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
step() { echo; echo "=== $* ($((SECONDS - start)) s)"; }

step "install test dependencies"
bash scripts/install-test-deps.sh
bash scripts/install-nextflow.sh

step "build and unit/statistical tests (mvn verify)"
mvn -B -ntp verify

step "pipeline test on test-data"
bash tests/pipeline/run-test.sh

step "all tests passed"
