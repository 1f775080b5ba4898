#!/usr/bin/env bash
# Wall time of the whole Nextflow pipeline (local executor) on a simulated 5,000 x 50,000 case/control
# cohort, as 1 chunk and as 10 chunks, against plink2 end to end (VCF -> --glm firth-fallback) on the
# same files. Writes bench/results/pipeline.md.
# Usage: bench/pipeline.sh [SCRATCH]   env: SAMPLES (5000) VARIANTS (50000) THREADS (2) OUT (the table file)
#        BENCH_NN=1 also times the full pipeline with the network stages (-profile machine: one chunk here)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scratch="${1:-$(mktemp -d /tmp/assocnet-bench-pipeline.XXXXXX)}"
mkdir -p "$scratch"; scratch="$(cd "$scratch" && pwd)"
n="${SAMPLES:-5000}"; m="${VARIANTS:-50000}"; threads="${THREADS:-2}"
[[ -x tools/nextflow/nextflow ]] || scripts/install-nextflow.sh
[[ -f target/assocnet.jar ]] || mvn -q -B -o package -DskipTests
nf="$root/tools/nextflow/nextflow"
log() { echo "[bench-pipeline] $*" >&2; }
secs() { local s; s=$(date +%s.%N); "$@" || return 1; echo "$(date +%s.%N) - $s" | bc; }

data="$scratch/sim"
if [[ ! -f "$data.vcf.gz.tbi" ]]; then
  log "simulating $n x $m"
  bin/assocnet simulate --samples "$n" --variants "$m" --out "$data" --seed 1 --chromosomes 2 --covariates 2
fi
nvar=$(bcftools view -H "$data.vcf.gz" | wc -l)

# ---- plink2 end to end: VCF -> pgen -> --glm (same covariates, Firth fallback) ----
run_plink() {
  plink2 --vcf "$data.vcf.gz" --double-id --make-pgen --out "$scratch/plink" --threads "$threads" --memory 4000 >/dev/null
  plink2 --pfile "$scratch/plink" --pheno "$data.pheno.tsv" --covar "$data.covar.tsv" --covar-variance-standardize \
    --glm firth-fallback hide-covar --threads "$threads" --memory 4000 --out "$scratch/plink" >/dev/null
}
log "plink2 end to end"
t_plink=$(secs run_plink) || { echo "plink2 failed" >&2; exit 1; }
# plink2 at its best: --make-pgen at THREADS, then --glm at whichever of 1 thread or THREADS is faster here
# (its --glm is slower at 2 threads than at 1 on this 2-core machine: bench/results/glm.md)
run_plink_glm() { # THREADS
  plink2 --pfile "$scratch/plink" --pheno "$data.pheno.tsv" --covar "$data.covar.tsv" --covar-variance-standardize \
    --glm firth-fallback hide-covar --threads "$1" --memory 4000 --out "$scratch/plinkb" >/dev/null
}
run_plink_mk() { plink2 --vcf "$data.vcf.gz" --double-id --make-pgen --out "$scratch/plink" --threads "$threads" --memory 4000 >/dev/null; }
t_mk=$(secs run_plink_mk) || exit 1
t_g1=$(secs run_plink_glm 1) || exit 1
t_gt=$(secs run_plink_glm "$threads") || exit 1
best_glm_threads=$(awk -v a="$t_g1" -v b="$t_gt" -v t="$threads" 'BEGIN{print (a < b ? 1 : t)}')
t_best=$(awk -v m="$t_mk" -v a="$t_g1" -v b="$t_gt" 'BEGIN{printf "%.3f", m + (a < b ? a : b)}')

# ---- the pipeline, GLM path only (--skip_nn), 1 chunk and 10 chunks, each from a cold work dir ----
run_pipeline() { # DIR CHUNK_SIZE [extra]
  local dir="$1" cs="$2"; shift 2
  rm -rf "$dir"; mkdir -p "$dir"
  local csopt=(); [[ -n "$cs" ]] && csopt=(--chunk_size "$cs")
  (cd "$dir" && "$nf" run "$root/main.nf" -ansi-log false --vcf "$data.vcf.gz" --pheno "$data.pheno.tsv" \
     --covar "$data.covar.tsv" "${csopt[@]}" --outdir "$dir/results" --max_cpus "$threads" "$@" > "$dir/nextflow.out" 2>&1) \
     || { tail -n 30 "$dir/nextflow.out" >&2; return 1; }
}
log "pipeline --skip_nn, 1 chunk"
t_1=$(secs run_pipeline "$scratch/p1" 0 --skip_nn) || exit 1
log "pipeline --skip_nn, -profile machine"
t_m=$(secs run_pipeline "$scratch/pm" "" --skip_nn -profile machine) || exit 1
cs10=$(( (nvar + 9) / 10 ))
log "pipeline --skip_nn, 10 chunks of $cs10"
t_10=$(secs run_pipeline "$scratch/p10" "$cs10" --skip_nn) || exit 1
same=no; cmp -s "$scratch/p1/results/assocnet.glm.tsv" "$scratch/p10/results/assocnet.glm.tsv" && same=yes
t_nn=""
if [[ "${BENCH_NN:-0}" == 1 ]]; then
  log "pipeline with the network, -profile machine"
  t_nn=$(secs run_pipeline "$scratch/pnn" "" -profile machine) || exit 1
fi

# agreement with plink2 on P (both Firth fallback): max |log10 P difference| over variants tested by both
cat > "$scratch/agree.py" <<'PY'
import sys, math
def load(path, idcol, pcol):
    out = {}
    with open(path) as f:
        h = f.readline().rstrip("\n").lstrip("#").split("\t")
        i, j = h.index(idcol), h.index(pcol)
        for line in f:
            r = line.rstrip("\n").split("\t")
            if r[j] not in ("NA", ".", ""):
                out[r[i]] = float(r[j])
    return out
a, b = load(sys.argv[1], "ID", "P"), load(sys.argv[2], "ID", "P")
common = [k for k in a if k in b and a[k] > 0 and b[k] > 0]
d = max(abs(math.log10(a[k]) - math.log10(b[k])) for k in common) if common else float("nan")
print(len(common), "%.3g" % d)
PY
agree="$(/usr/bin/python3 "$scratch/agree.py" "$scratch/p1/results/assocnet.glm.tsv" "$scratch"/plink.PHENO*.glm.logistic*)" || agree="NA NA"
read -r n_common max_dlog <<<"$agree"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a / b}'; }
cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -n1)"
out="${OUT:-bench/results/pipeline.md}"
mkdir -p bench/results
{
  echo "# Pipeline wall time vs plink2 (bench/pipeline.sh)"
  echo
  echo "Simulated cohort: $n samples x $nvar variants (\`assocnet simulate --samples $n --variants $m --seed 1 --chromosomes 2 --covariates 2\`), $threads threads, $cpu, $(date -u +%Y-%m-%d)."
  echo "Pipeline: Nextflow 24.10.0, local executor, \`--skip_nn\` (GLM path: encode -> glm -> merge -> report; the network stages at this size take far longer and are not part of the plink2 comparison)."
  echo "Each pipeline run starts from an empty work dir (no -resume) and includes Nextflow start-up (~5 s) and publishing."
  echo
  echo "| run | wall s | ratio to plink2 at $threads threads | ratio to plink2 at its best |"
  echo "|---|---:|---:|---:|"
  printf '| plink2 --vcf -> --make-pgen -> --glm firth-fallback, both at %s threads | %.1f | 1.00 | %s |\n' "$threads" "$t_plink" "$(ratio "$t_plink" "$t_best")"
  printf '| plink2 at its best: --make-pgen --threads %s, --glm --threads %s | %.1f | %s | 1.00 |\n' "$threads" "$best_glm_threads" "$t_best" "$(ratio "$t_best" "$t_plink")"
  printf '| pipeline --skip_nn, 1 chunk (--chunk_size 0) | %.1f | %s | %s |\n' "$t_1" "$(ratio "$t_1" "$t_plink")" "$(ratio "$t_1" "$t_best")"
  printf '| pipeline --skip_nn, -profile machine | %.1f | %s | %s |\n' "$t_m" "$(ratio "$t_m" "$t_plink")" "$(ratio "$t_m" "$t_best")"
  printf '| pipeline --skip_nn, 10 chunks (--chunk_size %s) | %.1f | %s | %s |\n' "$cs10" "$t_10" "$(ratio "$t_10" "$t_plink")" "$(ratio "$t_10" "$t_best")"
  [[ -n "$t_nn" ]] && printf '| pipeline with the network, -profile machine | %.1f | %s | %s |\n' "$t_nn" "$(ratio "$t_nn" "$t_plink")" "$(ratio "$t_nn" "$t_best")"
  echo
  echo "Task times (Nextflow trace: realtime, %cpu, peak RSS) of the -profile machine runs:"
  echo
  echo '```'
  dirs=(pm); [[ -n "$t_nn" ]] && dirs+=(pnn)   # a pnn/ left by an earlier BENCH_NN run is not this run's
  for d in "${dirs[@]}"; do
    for tr in "$scratch/$d"/results/pipeline_info/trace_*.txt; do
      [[ -f "$tr" ]] || continue
      echo "# $d"
      awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { printf "%-32s %-10s %8s %8s %10s\n", $c["process"], $c["tag"], $c["realtime"], $c["%cpu"], $c["peak_rss"] }' "$tr"
    done
  done
  echo '```'
  echo
  echo "- merged glm.tsv of 1 chunk vs 10 chunks byte-identical: **$same**"
  echo "- P agreement with plink2 (variants tested by both: $n_common): max |log10 P_assocnet - log10 P_plink2| = $max_dlog"
  echo "- On 2 cores, 10 chunks cannot run more than 2 tasks at once; chunking pays on a cluster (-profile slurm) where chunks run on separate nodes."
} > "$out"
cat "$out"
