#!/usr/bin/env bash
# Real end-to-end tests of the Nextflow pipeline on the shipped test-data (local executor).
#   1. nextflow run main.nf -profile test                 -> tests/pipeline/check-results.sh
#   2. the same with -resume                              -> every task CACHED (trace), same results
#   3. --input samplesheet (cohort split per chromosome) --chunk_size small --skip_nn, with one
#      chunk's GLM made to fail (--test_fail_chunk): the run fails; -resume without it finishes,
#      reuses the finished tasks and merged glm.tsv equals run 1's byte for byte (1 chunk vs many)
#   3b. the same chunks with --epistasis (-resume): a task per chunk pair, a complete genome-wide gather
#   4. -stub-run                                          -> every output created
#   5. parameter validation: bad values stop the run before any task, with a clear message
# Usage: tests/pipeline/run-test.sh [SCRATCH]    (env: KEEP=1 keeps SCRATCH; NXF_EXTRA extra args)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
scratch="${1:-$(mktemp -d /tmp/assocnet-pipeline-test.XXXXXX)}"
mkdir -p "$scratch"
scratch="$(cd "$scratch" && pwd)"
[[ "${KEEP:-0}" == 1 || -n "${1:-}" ]] || trap 'rm -rf "$scratch"' EXIT
t0=$(date +%s)
log() { echo "[run-test +$(( $(date +%s) - t0 ))s] $*" >&2; }
fail() { echo "[run-test] FAIL: $*" >&2; exit 1; }

[[ -x tools/nextflow/nextflow ]] || scripts/install-nextflow.sh
nf="$root/tools/nextflow/nextflow"
[[ -f target/assocnet.jar ]] || mvn -q -B -o package -DskipTests
for f in test-data/cohort.vcf.gz test-data/pheno.tsv test-data/covar.tsv test-data/truth.tsv; do
  [[ -f "$f" ]] || fail "missing $f"
done
pom_version="$(sed -n '/<artifactId>assocnet<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n1)"
grep -q "version *= *'$pom_version'" nextflow.config || fail "nextflow.config manifest.version differs from pom.xml ($pom_version)"

run() { # run DIR ARGS...: nextflow in DIR (its own work dir and .nextflow cache)
  local dir="$1"; shift
  mkdir -p "$dir"
  (cd "$dir" && "$nf" run "$root/main.nf" -ansi-log false "$@" ${NXF_EXTRA:-}) > "$dir/nextflow.out" 2>&1
}
trace_status() { awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["process"] "\t" $c["tag"] "\t" $c["status"] }' "$1"; }

# ---- 1. full pipeline, one chunk per VCF ----
log "1. -profile test"
A="$scratch/A"
run "$A" -profile test --outdir "$A/results" -with-trace "$A/trace1.txt" || { tail -n 40 "$A/nextflow.out"; fail "run 1"; }
bash tests/pipeline/check-results.sh "$A/results" test-data/truth.tsv
n1=$(( $(wc -l < "$A/trace1.txt") - 1 ))
log "1. ok: $n1 tasks"

# ---- 2. -resume: nothing recomputed ----
log "2. -profile test -resume"
cp "$A/results/assocnet.glm.tsv" "$scratch/A.glm.tsv"
run "$A" -profile test --outdir "$A/results" -resume -with-trace "$A/trace2.txt" || { tail -n 40 "$A/nextflow.out"; fail "run 2"; }
n2=$(( $(wc -l < "$A/trace2.txt") - 1 ))
cached=$(trace_status "$A/trace2.txt" | awk -F'\t' '$3 == "CACHED"' | wc -l)
(( n2 == n1 && cached == n1 )) || { trace_status "$A/trace2.txt"; fail "-resume: $cached of $n2 tasks CACHED, expected all $n1"; }
cmp "$scratch/A.glm.tsv" "$A/results/assocnet.glm.tsv" || fail "-resume changed glm.tsv"
log "2. ok: all $cached tasks CACHED"

# ---- 3. samplesheet, many chunks, a failure, -resume ----
log "3. --input (per chromosome) --chunk_size small --skip_nn with an injected failure"
B="$scratch/B"; mkdir -p "$B/vcf"
echo "id,vcf,index" > "$B/samplesheet.csv"
for chr in $(bcftools query -f "%CHROM\n" test-data/cohort.vcf.gz | uniq); do
  bcftools view -r "$chr" -Oz -o "$B/vcf/chr$chr.vcf.gz" test-data/cohort.vcf.gz
  bcftools index -t "$B/vcf/chr$chr.vcf.gz"
  echo "chr$chr,vcf/chr$chr.vcf.gz,vcf/chr$chr.vcf.gz.tbi" >> "$B/samplesheet.csv"
done
nvar=$(bcftools view -H test-data/cohort.vcf.gz | wc -l)
chunk=$(( nvar / 7 + 1 ))   # about 7 chunks over the cohort, several per chromosome
first="$(sed -n 2p "$B/samplesheet.csv" | cut -d, -f1)"
failing="$first.0002"
common=(-profile test --input "$B/samplesheet.csv" --chunk_size "$chunk" --skip_nn --outdir "$B/results")
if run "$B" "${common[@]}" --test_fail_chunk "$failing" -with-trace "$B/trace1.txt"; then
  fail "run with --test_fail_chunk $failing succeeded"
fi
trace_status "$B/trace1.txt" | grep -q "ASSOCNET_GLM	$failing	FAILED" || { trace_status "$B/trace1.txt"; fail "GLM $failing did not fail"; }
[[ ! -e "$B/results/assocnet.glm.tsv" ]] || fail "a failed run published merged results"
run "$B" "${common[@]}" -resume -with-trace "$B/trace2.txt" || { tail -n 40 "$B/nextflow.out"; fail "run 3 -resume"; }
bash tests/pipeline/check-results.sh "$B/results" test-data/truth.tsv --skip-nn
nchunks=$(ls "$B"/results/chunks/*/*.glm.tsv | wc -l)
(( nchunks >= 4 )) || fail "expected several chunks, got $nchunks"
cached=$(trace_status "$B/trace2.txt" | awk -F'\t' '$3 == "CACHED"' | wc -l)
rerun_glm=$(trace_status "$B/trace2.txt" | awk -F'\t' '$1 ~ /ASSOCNET_GLM$/ && $3 == "COMPLETED"' | cut -f2 | tr '\n' ' ')
(( cached > 0 )) || fail "-resume after the failure reused nothing"
trace_status "$B/trace2.txt" | grep -q "ASSOCNET_ENCODE	$failing	CACHED" || fail "encode of $failing was not reused"
[[ " $rerun_glm " == *" $failing "* ]] || fail "GLM $failing was not rerun"
cmp "$scratch/A.glm.tsv" "$B/results/assocnet.glm.tsv" || {
  diff <(head -n 5 "$scratch/A.glm.tsv") <(head -n 5 "$B/results/assocnet.glm.tsv") || true
  fail "merged glm.tsv of $nchunks chunks differs from the 1-chunk-per-VCF run"; }
log "3. ok: $nchunks chunks; failure then -resume ($cached cached; GLM rerun: $rerun_glm); glm.tsv identical to run 1"

# ---- 3b. --epistasis on the same chunks (-resume): one task per chunk pair i <= j, one genome-wide gather ----
log "3b. --epistasis -resume"
run "$B" "${common[@]}" --epistasis -resume -with-trace "$B/trace3.txt" || { tail -n 40 "$B/nextflow.out"; fail "run 3b --epistasis"; }
npairs=$(trace_status "$B/trace3.txt" | awk -F'\t' '$1 ~ /ASSOCNET_EPISTASIS$/' | wc -l)
(( npairs == nchunks * (nchunks + 1) / 2 )) || fail "--epistasis: $npairs chunk-pair tasks for $nchunks chunks, expected $(( nchunks * (nchunks + 1) / 2 ))"
/usr/bin/python3 - "$B/results" <<'PY' || fail "--epistasis gathered results"
import json, math, sys, glob
r = sys.argv[1]
j = json.load(open(r + '/assocnet.epistasis.json'))
c = j['counts']
u = c['variants_used']
assert c['complete'] and c['pairs'] == u * (u - 1) // 2, c
parts = glob.glob(r + '/chunks/epistasis/*.epistasis.json')
assert sum(json.load(open(f))['counts']['tested'] for f in parts) == c['tested'] == j['bonferroni']['tests']
assert abs(j['bonferroni']['threshold'] - 0.05 / c['tested']) < 1e-18
rows = [l.split('\t') for l in open(r + '/assocnet.epistasis.tsv').read().split('\n')[1:] if l]
assert len(rows) == c['reported'] > 0
p = [float(x[8]) for x in rows]
assert p == sorted(p) and max(p) <= 1e-4, 'not sorted by P or above --report-p'
print('epistasis: %d chunk pairs, %d pairs tested, %d reported' % (len(parts), c['tested'], len(rows)))
PY
log "3b. ok: $npairs chunk-pair tasks, gathered table complete"

# ---- 4. -stub-run ----
log "4. -stub-run"
S="$scratch/S"
run "$S" -profile test -stub-run --chunk_size 1000 --epistasis --outdir "$S/results" || { tail -n 40 "$S/nextflow.out"; fail "stub run"; }
for f in assocnet.glm.tsv assocnet.epistasis.tsv assocnet.epistasis.json assocnet.nn.tsv assocnet.merge.json report/assocnet.assoc.tsv report/assocnet.report.html \
         report/assocnet.summary.json pipeline_info/software_versions.yml; do
  [[ -e "$S/results/$f" ]] || fail "stub run did not create $f"
done
log "4. ok"

# ---- 5. parameter validation ----
log "5. parameter validation"
V="$scratch/V"
if run "$V" -profile test --chunk_size -3 --firth sometimes --maf 0.7 --attribution_null sometimes --epistasis_report_p 2 --outdir "$V/results"; then fail "bad parameters accepted"; fi
for msg in "--chunk_size must be >= 0" "--firth must be one of" "--maf must be <= 0.5" "--attribution_null must be one of" "--epistasis_report_p must be <= 1"; do
  grep -qF -- "$msg" "$V/nextflow.out" || { cat "$V/nextflow.out"; fail "no message '$msg'"; }
done
if run "$V" --pheno test-data/pheno.tsv --outdir "$V/results"; then fail "missing --input/--vcf accepted"; fi
grep -qF "give exactly one of --input" "$V/nextflow.out" || fail "no message for missing --input/--vcf"
[[ ! -d "$V/work" ]] || [[ -z "$(ls -A "$V/work" 2>/dev/null)" ]] || fail "tasks ran despite invalid parameters"
log "5. ok"

log "all pipeline tests passed"
