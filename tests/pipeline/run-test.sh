#!/usr/bin/env bash
# Real end-to-end tests of the Nextflow pipeline on the shipped test-data (local executor).
#   1. nextflow run main.nf -profile test                 -> tests/pipeline/check-results.sh
#   2. the same with -resume                              -> every task CACHED (trace), same results
#   3. --input samplesheet (cohort split per chromosome) --chunk_size small --skip_nn, with one
#      chunk's GLM made to fail (--test_fail_chunk): the run fails; -resume without it finishes,
#      reuses the finished tasks and merged glm.tsv equals run 1's byte for byte (1 chunk vs many)
#   3b. the same chunks with --epistasis (-resume): a task per chunk pair, a complete genome-wide gather, the
#      report's Interacting pairs section
#   3c. PLINK 1 and BGEN inputs (made with plink2 from test-data): samplesheet rows id,bed and
#      id,bgen,sample, then --bgen glob, chunked by variant ranges: glm.tsv equals run 1's
#   4. -stub-run                                          -> every output created; the report task receives the
#      gathered epistasis files and the chunks' nn.pairs.tsv; -profile machine: one chunk per input file
#   5. parameter validation: bad values and misspelled names stop the run before any task, with a clear message
#   (run 3 also gives the phenotype and the covariates in one file, as --pheno f --covar f)
#   6. --model MODEL.h5 --model_inputs INPUTS.txt (a Keras model trained elsewhere): no TRAIN, 60 inputs attributed
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
# bin/assocnet answers --version from target/assocnet.version (no JVM); it must say what the jar says
[[ "$(bin/assocnet --version)" == "$(java -jar target/assocnet.jar --version)" && "$(bin/assocnet --version)" == "$pom_version" ]] \
  || fail "bin/assocnet --version ($(bin/assocnet --version)) differs from the jar's or pom.xml's ($pom_version)"

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
# the results index lists the published files, and the end-of-run message gives the counts and the report
grep -qF 'report/assocnet.report.html' "$A/results/README.md" || fail "results/README.md does not list the report"
grep -qE 'assocnet: done\. [0-9]+ variants, [0-9]+ samples' "$A/nextflow.out" || { tail -n 5 "$A/nextflow.out"; fail "no counts at the end of the run"; }
grep -qF "report $A/results/report/assocnet.report.html" "$A/nextflow.out" || fail "the end-of-run message does not name the report"
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
# phenotype and covariates in one PLINK-style file, given as both --pheno and --covar (its PHENO column is
# never a covariate: the GLM must equal run 1's, which had them in two files)
paste test-data/pheno.tsv <(cut -f3- test-data/covar.tsv) > "$B/both.tsv"
common=(-profile test --input "$B/samplesheet.csv" --pheno "$B/both.tsv" --covar "$B/both.tsv" --chunk_size "$chunk" --skip_nn
        --outdir "$B/results")
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
# the report got the gathered pairs: its Interacting pairs section with the same numbers and its plots
s = json.load(open(r + '/report/assocnet.summary.json'))
e = s['epistasis']
assert e['tested'] == c['tested'] and e['reported'] == len(rows) and e['bonferroni_threshold'] == j['bonferroni']['threshold'], e
assert {'epistasis_pairs', 'epistasis_panels'} <= set(s['plots']), s['plots']
assert len(e['panels']) == min(6, len(j['top_pairs'])) and e['panels'][0]['cases_3x3'] == j['top_pairs'][0]['cases_3x3']
html = open(r + '/report/assocnet.report.html').read()
assert '<h2>Interacting pairs</h2>' in html and 'id="plot-epistasis_panels"' in html
PY
log "3b. ok: $npairs chunk-pair tasks, gathered table complete, report section"

# ---- 3c. PLINK 1 and BGEN inputs (converted here with plink2), chunked by variant ranges ----
log "3c. samplesheet rows id,bed and id,bgen,sample; then --bgen glob"
G="$scratch/G"; mkdir -p "$G/geno/bgen"
# .bed and plink2's BGEN export hold bi-allelic records: split as encode splits a VCF (other ALTs = REF)
bcftools norm -m- -Oz -o "$G/geno/split.vcf.gz" test-data/cohort.vcf.gz 2>/dev/null
echo "id,bed,bgen,sample" > "$G/samplesheet.csv"
chroms=($(bcftools query -f "%CHROM\n" test-data/cohort.vcf.gz | uniq))
for chr in "${chroms[@]}"; do
  plink2 --vcf "$G/geno/split.vcf.gz" --chr "$chr" --make-bed --out "$G/geno/chr$chr" >/dev/null
  plink2 --bfile "$G/geno/chr$chr" --export bgen-1.3 ref-first --out "$G/geno/bgen/chr$chr" >/dev/null
done
# first chromosome as a PLINK 1 fileset, the others as BGEN (zstd) with their .sample
echo "chr${chroms[0]},geno/chr${chroms[0]}.bed,," >> "$G/samplesheet.csv"
for chr in "${chroms[@]:1}"; do echo "chr$chr,,geno/bgen/chr$chr.bgen,geno/bgen/chr$chr.sample" >> "$G/samplesheet.csv"; done
run "$G/ss" -profile test --input "$G/samplesheet.csv" --chunk_size "$chunk" --skip_nn --outdir "$G/ss/results" \
  || { tail -n 40 "$G/ss/nextflow.out"; fail "run 3c (samplesheet with bed and bgen rows)"; }
nchunks=$(ls "$G"/ss/results/chunks/*/*.glm.tsv | wc -l)
(( nchunks >= 4 )) || fail "bed/bgen: expected several chunks, got $nchunks"
cmp "$scratch/A.glm.tsv" "$G/ss/results/assocnet.glm.tsv" || fail "bed/bgen samplesheet: merged glm.tsv differs from the VCF run"
run "$G/glob" -profile test --bgen "$G/geno/bgen/*.bgen" --chunk_size "$chunk" --skip_nn --outdir "$G/glob/results" \
  || { tail -n 40 "$G/glob/nextflow.out"; fail "run 3c (--bgen glob)"; }
cmp "$scratch/A.glm.tsv" "$G/glob/results/assocnet.glm.tsv" || fail "--bgen glob: merged glm.tsv differs from the VCF run"
log "3c. ok: bed + BGEN samplesheet ($nchunks chunks) and --bgen glob give the VCF run's glm.tsv byte for byte"

# ---- 4. -stub-run ----
log "4. -stub-run"
S="$scratch/S"
run "$S" -profile test -stub-run --chunk_size 1000 --epistasis --outdir "$S/results" || { tail -n 40 "$S/nextflow.out"; fail "stub run"; }
for f in assocnet.glm.tsv assocnet.epistasis.tsv assocnet.epistasis.json assocnet.nn.tsv assocnet.merge.json report/assocnet.assoc.tsv report/assocnet.report.html \
         report/assocnet.summary.json pipeline_info/software_versions.yml; do
  [[ -e "$S/results/$f" ]] || fail "stub run did not create $f"
done
# the report task gets the gathered epistasis files and every chunk's network pair table (optional outputs)
rep="$(dirname "$(find "$S/work" -path '*/epistasis/assocnet.epistasis.json' | head -n1)")/.."
[[ -d "$rep/nn_pairs" && $(ls "$rep"/nn_pairs/*.nn.pairs.tsv | wc -l) -ge 2 && -e "$rep/epistasis/assocnet.epistasis.tsv" ]] \
  || fail "stub run: the report task did not receive epistasis/ and nn_pairs/ inputs"
# -profile machine: one chunk per input file (no chunking task, one encode per VCF), tasks at the machine's width
SM="$scratch/SM"
# (the default chunking cuts test-data's cohort into 2 chunks through a chunking task)
run "$SM" -profile machine -stub-run --vcf "$root/test-data/cohort.vcf.gz" --pheno "$root/test-data/pheno.tsv" \
  --covar "$root/test-data/covar.tsv" --outdir "$SM/results" -with-trace "$SM/trace.txt" || { tail -n 40 "$SM/nextflow.out"; fail "stub run, -profile machine"; }
n_enc=$(trace_status "$SM/trace.txt" | grep -c "ASSOCNET_ENCODE" || true)
! trace_status "$SM/trace.txt" | grep -q "ASSOCNET_CHUNKS" && [[ "$n_enc" == 1 ]] \
  || fail "-profile machine: expected one encode task for one VCF and no chunking task, got $n_enc encodes"
log "4. ok"

# ---- 5. parameter validation ----
log "5. parameter validation"
V="$scratch/V"
if run "$V" -profile test --chunk_size -3 --firth sometimes --maf 0.7 --attribution_null sometimes --epistasis_report_p 2 --outdir "$V/results"; then fail "bad parameters accepted"; fi
for msg in "--chunk_size must be >= 0" "--firth must be one of" "--maf must be <= 0.5" "--attribution_null must be one of" "--epistasis_report_p must be <= 1"; do
  grep -qF -- "$msg" "$V/nextflow.out" || { cat "$V/nextflow.out"; fail "no message '$msg'"; }
done
if run "$V" -profile test --covar_nmae COV1 --outdir "$V/results"; then fail "a misspelled parameter was accepted"; fi
grep -qF -- "unknown parameter --covar_nmae; did you mean --covar_name?" "$V/nextflow.out" || { cat "$V/nextflow.out"; fail "no suggestion for a misspelled parameter"; }
# the parameter docs name the CLI option each parameter maps to
(cd "$V" && "$nf" run "$root/main.nf" --help) > "$V/help.txt" 2>&1 || true
for opt in "--maf .*{assocnet encode --maf}" "--covar_name .*{assocnet encode --covar-name}" "--glm_test .*{assocnet glm --test}"; do
  grep -q -- "$opt" "$V/help.txt" || { cat "$V/help.txt"; fail "--help does not name the CLI option: $opt"; }
done
if run "$V" --pheno test-data/pheno.tsv --outdir "$V/results"; then fail "missing --input/--vcf accepted"; fi
grep -qF "give exactly one of --input" "$V/nextflow.out" || fail "no message for missing --input/--vcf"
[[ ! -d "$V/work" ]] || [[ -z "$(ls -A "$V/work" 2>/dev/null)" ]] || fail "tasks ran despite invalid parameters"
log "5. ok"

# ---- 6. a Keras model trained elsewhere (--model): no TRAIN, attribute --keras ----
log "6. --model MODEL.h5 --model_inputs INPUTS.txt"
K="$scratch/K"; mkdir -p "$K"
# 60 inputs = 60 variants that passed run 1's QC (every third written REF/ALT-swapped: the model counts REF there), and
# a model with known random weights (never trained on these samples) written in Keras 2 HDF5 layout by h5py
awk -F'\t' 'NR > 1 && !seen[$1":"$2]++ && ++n <= 60 { print (n % 3 == 0) ? $1":"$2":"$5":"$4 : $1":"$2":"$4":"$5 }' \
  "$A/results/assocnet.glm.tsv" > "$K/inputs.txt"
(( $(wc -l < "$K/inputs.txt") == 60 )) || fail "could not pick 60 model inputs"
/usr/bin/python3 - "$K/model.json" <<'PY'
import json, random, sys
r = random.Random(13)
dense = lambda i, o, act, first: dict({"type": "dense", "units": o, "activation": act,
    "kernel": [[r.gauss(0, 0.3) for _ in range(o)] for _ in range(i)], "bias": [0.0] * o}, **({"input_dim": i} if first else {}))
json.dump({"layers": [dense(60, 60, "relu", True), {"type": "dropout", "rate": 0.2}, dense(60, 1, "sigmoid", False)]}, open(sys.argv[1], "w"))
PY
/usr/bin/python3 tests/keras/keras_h5.py write "$K/model.json" "$K/model.h5"
printf 'NOT_A_SAMPLE\n' > "$K/train.ids"
run "$K" -profile test --model "$K/model.h5" --model_inputs "$K/inputs.txt" --training_samples "$K/train.ids" \
  --outdir "$K/results" -with-trace "$K/trace.txt" || { tail -n 40 "$K/nextflow.out"; fail "run 6 (--model)"; }
! trace_status "$K/trace.txt" | grep -q ASSOCNET_TRAIN || fail "--model ran TRAIN"
scored=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["ERRCODE"] != "NOT_IN_MODEL"' "$K/results/assocnet.nn.tsv" | wc -l)
(( scored == 60 )) || fail "--model: $scored variants attributed, expected the 60 model inputs"
[[ -s "$K/results/report/assocnet.report.html" ]] || fail "--model: no report"
if run "$K/bad" -profile test --model "$K/model.h5" --outdir "$K/bad/results"; then fail "--model without --model_inputs accepted"; fi
grep -qF -- "--model and --model_inputs go together" "$K/bad/nextflow.out" || { cat "$K/bad/nextflow.out"; fail "no message for --model alone"; }
log "6. ok: 60 model inputs attributed, no TRAIN task"

log "all pipeline tests passed"
