#!/usr/bin/env bash
# Benchmark: `assocnet encode` against `plink2 --vcf ... --make-pgen` (1 and 2 threads) on the same
# 5,000-sample x 50,000-variant GT VCF.gz, in the same run. Reports wall time, CPU time (user+sys),
# genotypes/s and peak RSS (from /usr/bin/time -v, children included: bgzip counts), and writes
# bench/results/encode.md. assocnet runs twice: default decompression (htslib bgzip when on the PATH)
# and pure Java (--decompressor java); both must give the same matrix.
# Usage: bench/encode.sh [SAMPLES] [VARIANTS] [REPEATS]     (defaults 5000 50000 3)
# Then the same genotypes as PLINK 1 bed (plink2 --make-bed) and BGEN 1.2 8-bit zlib / BGEN 1.3 16-bit zstd
# (plink2 --export): assocnet encode --bed/--bgen against plink2 --bfile/--bgen ... --make-pgen and against
# the VCF route; the bed matrix and the BGEN hard-call matrix must equal the VCF's byte for byte.
# Needs: java 17, plink2, /usr/bin/time; bin/assocnet simulate when available (else plink2 --dummy).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
N="${1:-5000}"; M="${2:-50000}"; R="${3:-3}"
work="${BENCH_WORK:-$(mktemp -d /tmp/assocnet-bench-encode.XXXXXX)}"
mkdir -p "$work" "$here/results"
out="$here/results/encode.md"
[[ -f "$root/target/assocnet.jar" ]] || (cd "$root" && mvn -q -B -o package -DskipTests)

# --- data --------------------------------------------------------------------------------------
# DATA=donor (default): a mosaic of the 1000 Genomes EUR genotypes in Debian's bolt-lmm-example (real LD and
# allele frequencies, 1% missing calls, 2 covariates), as bench/glm.sh; DATA=simulate: the built-in generator.
DATA="${DATA:-donor}"
covar=()
if [[ $DATA == donor ]]; then
  ex=/usr/share/doc/bolt-lmm/examples/examples.tar.xz
  [[ -f $ex ]] || { echo "DATA=donor needs Debian's bolt-lmm-example ($ex); or run with DATA=simulate" >&2; exit 2; }
  (cd "$work" && tar -xJf "$ex" EUR_subset.bed EUR_subset.bim EUR_subset.fam \
     && plink2 --bfile EUR_subset --export vcf bgz --threads 1 --out eur >/dev/null)
  "$root/bin/assocnet" simulate --donor "$work/eur.vcf.gz" --samples "$N" --variants "$M" --seed 1 --covariates 2 \
    --site-levels 0 --out "$work/donor" >"$work/sim.log" 2>&1
  data="\`assocnet simulate --donor\` mosaic of the 1000 Genomes EUR genotypes in bolt-lmm-example (seed 1, 1% missing calls, 2 covariates)"
  vcf="$work/donor.vcf.gz"; pheno="$work/donor.pheno.tsv"; pname="PHENO"; covar=(--covar "$work/donor.covar.tsv")
elif "$root/bin/assocnet" --help 2>&1 | grep -qE "^ +simulate( |$)"; then
  data="simulate"
  "$root/bin/assocnet" simulate --samples "$N" --variants "$M" --seed 1 --out "$work/sim" >"$work/sim.log" 2>&1
  vcf="$work/sim.vcf.gz"; pheno="$work/sim.pheno.tsv"; pname="PHENO"
else
  data="plink2 --dummy"
  plink2 --dummy "$N" "$M" 0.01 acgt --seed 1 --make-pgen --out "$work/dummy" >/dev/null
  plink2 --pfile "$work/dummy" --export vcf bgz --out "$work/dummy" >/dev/null
  vcf="$work/dummy.vcf.gz"; pheno="$work/dummy.psam"; pname="PHENO1"
fi
genotypes=$(( N * M ))

# --- timing ------------------------------------------------------------------------------------
# run LABEL CMD...: runs R times, keeps the fastest wall time; prints "wall cpu rss_kb"
run() {
  local label="$1"; shift
  local best=""
  local prev="" arg
  for ((i = 1; i <= R; i++)); do
    # every run writes fresh files (replacing a 250 MB output costs its unlink): remove the --out prefix's files
    for arg in "$@"; do [[ $prev == --out ]] && rm -f "$arg".*; prev="$arg"; done
    /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/$label.log" 2>&1
    local wall cpu rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(k=1;k<=n;k++) s=s*60+t[k]; print s}' "$work/time.txt")
    cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    if [[ -z "$best" ]] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then best="$wall $cpu $rss"; fi
  done
  echo "$best"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
a=$(run assocnet "$root/bin/assocnet" encode --vcf "$vcf" --pheno "$pheno" --pheno-name "$pname" "${covar[@]}" --out "$work/enc")
aj=$(run assocnet_java "$root/bin/assocnet" encode --vcf "$vcf" --pheno "$pheno" --pheno-name "$pname" "${covar[@]}" --decompressor java --out "$work/encj")
cmp -s "$work/enc.cohort.bin" "$work/encj.cohort.bin" || { echo "bgzip and java decompression disagree" >&2; exit 1; }
p1=$(run plink2_t1 plink2 --vcf "$vcf" --make-pgen --threads 1 --out "$work/p1")
p2=$(run plink2_t2 plink2 --vcf "$vcf" --make-pgen --threads 2 --out "$work/p2")
# one core each (taskset): plink2 --threads 1 still runs a second thread, and assocnet reads, parses and
# decompresses (bgzip) in three
a1c=$(run assocnet_1core taskset -c 0 "$root/bin/assocnet" encode --vcf "$vcf" --pheno "$pheno" --pheno-name "$pname" "${covar[@]}" --out "$work/enc1c")
p1c=$(run plink2_1core taskset -c 0 plink2 --vcf "$vcf" --make-pgen --threads 1 --out "$work/p1c")

# --- PLINK 1 bed and BGEN from the same genotypes ----------------------------------------------
plink2 --vcf "$vcf" --make-bed --out "$work/g" >/dev/null
plink2 --bfile "$work/g" --export bgen-1.2 ref-first bits=8 --out "$work/g12" >/dev/null
plink2 --bfile "$work/g" --export bgen-1.3 ref-first --out "$work/g13" >/dev/null
ab=$(run assocnet_bed "$root/bin/assocnet" encode --bed "$work/g" --pheno "$pheno" --pheno-name "$pname" "${covar[@]}" --out "$work/encb")
cmp -s "$work/enc.cohort.bin" "$work/encb.cohort.bin" || { echo "bed and VCF matrices differ" >&2; exit 1; }
pb1=$(run plink2_bed_t1 plink2 --bfile "$work/g" --make-pgen --threads 1 --out "$work/pb1")
pb2=$(run plink2_bed_t2 plink2 --bfile "$work/g" --make-pgen --threads 2 --out "$work/pb2")
ag12=$(run assocnet_bgen12 "$root/bin/assocnet" encode --bgen "$work/g12.bgen" --sample "$work/g12.sample" --pheno "$pheno" \
  --pheno-name "$pname" "${covar[@]}" --out "$work/encg12")
ag12h=$(run assocnet_bgen12h "$root/bin/assocnet" encode --bgen "$work/g12.bgen" --sample "$work/g12.sample" --hard-calls \
  --pheno "$pheno" --pheno-name "$pname" "${covar[@]}" --out "$work/encg12h")
cmp -s "$work/enc.cohort.bin" "$work/encg12h.cohort.bin" || { echo "BGEN hard calls and VCF matrices differ" >&2; exit 1; }
ag13=$(run assocnet_bgen13 "$root/bin/assocnet" encode --bgen "$work/g13.bgen" --sample "$work/g13.sample" --pheno "$pheno" \
  --pheno-name "$pname" "${covar[@]}" --out "$work/encg13")
pg12_1=$(run plink2_bgen12_t1 plink2 --bgen "$work/g12.bgen" ref-first --sample "$work/g12.sample" --make-pgen --threads 1 --out "$work/pg12a")
pg12_2=$(run plink2_bgen12_t2 plink2 --bgen "$work/g12.bgen" ref-first --sample "$work/g12.sample" --make-pgen --threads 2 --out "$work/pg12b")
pg13_1=$(run plink2_bgen13_t1 plink2 --bgen "$work/g13.bgen" ref-first --sample "$work/g13.sample" --make-pgen --threads 1 --out "$work/pg13a")
pg13_2=$(run plink2_bgen13_t2 plink2 --bgen "$work/g13.bgen" ref-first --sample "$work/g13.sample" --make-pgen --threads 2 --out "$work/pg13b")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

row() { # label "wall cpu rss" [reference "wall cpu rss" for the last column; default: the VCF route]
  read -r w c r <<<"$2"
  local ref="${3:-$a}"
  awk -v l="$1" -v w="$w" -v c="$c" -v r="$r" -v g="$genotypes" -v aw="${ref%% *}" \
    'BEGIN{printf "| %s | %.2f | %.2f | %.3g | %.0f | %.2f |\n", l, w, c, g/w, r/1024, w/aw}'
}
{
  echo "# encode benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average before/after: $load_before / $load_after"
  echo "(the machine is shared: wall times under load are noisy; CPU time is the steadier comparison)."
  echo
  echo "Input: $N samples x $M variants, GT only, bgzip VCF ($(du -h "$vcf" | cut -f1)), made by $data."
  echo "Best of $R runs each. assocnet $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?'), $(plink2 --version | head -1)."
  echo
  echo "| tool | wall s | CPU s (user+sys) | genotypes/s (wall) | peak RSS MiB | wall / assocnet wall |"
  echo "|---|---|---|---|---|---|"
  row "assocnet encode (default: bgzip -d on PATH)" "$a"
  row "assocnet encode --decompressor java" "$aj"
  row "plink2 --make-pgen --threads 1" "$p1"
  row "plink2 --make-pgen --threads 2" "$p2"
  row "assocnet encode, one core (taskset -c 0)" "$a1c" "$a1c"
  row "plink2 --make-pgen --threads 1, one core (taskset -c 0)" "$p1c" "$a1c"
  echo
  # CPU = user+sys (the second field); at best: plink2's faster thread count by wall time
  echo "Ratios assocnet / plink2, wall (CPU): at equal threads (one core each) $(awk -v a="$a1c" -v p="$p1c" 'BEGIN{split(a, x, " "); split(p, y, " "); printf "%.2f (%.2f)", x[1]/y[1], x[2]/y[2]}');"
  echo "each tool at its best (assocnet default vs plink2's faster thread count) $(awk -v a="$a" -v p="$p1" -v q="$p2" 'BEGIN{split(a, x, " "); split(p, y, " "); split(q, z, " "); if (z[1] < y[1]) { y[1] = z[1]; y[2] = z[2] } printf "%.2f (%.2f)", x[1]/y[1], x[2]/y[2]}')."
  echo
  echo "Commands:"
  echo '```'
  echo "bin/assocnet encode --vcf X.vcf.gz --pheno P --pheno-name $pname --out enc"
  echo "bin/assocnet encode --vcf X.vcf.gz --pheno P --pheno-name $pname --decompressor java --out encj"
  echo "plink2 --vcf X.vcf.gz --make-pgen --threads 1 --out p1"
  echo "plink2 --vcf X.vcf.gz --make-pgen --threads 2 --out p2"
  echo '```'
  echo
  echo "## PLINK 1 bed and BGEN input"
  echo
  echo "The same genotypes converted by plink2: .bed ($(du -h "$work/g.bed" | cut -f1)), BGEN 1.2 8-bit zlib"
  echo "($(du -h "$work/g12.bgen" | cut -f1)), BGEN 1.3 16-bit zstd ($(du -h "$work/g13.bgen" | cut -f1)). The bed matrix and the"
  echo "BGEN --hard-calls matrix equal the VCF route's byte for byte (checked by the script). Last column: wall"
  echo "time over assocnet's on the same input (for the VCF route row: over assocnet --vcf)."
  echo
  echo "| tool | wall s | CPU s (user+sys) | genotypes/s (wall) | peak RSS MiB | wall / assocnet wall |"
  echo "|---|---|---|---|---|---|"
  row "assocnet encode --bed" "$ab" "$ab"
  row "plink2 --bfile --make-pgen --threads 1" "$pb1" "$ab"
  row "plink2 --bfile --make-pgen --threads 2" "$pb2" "$ab"
  row "assocnet encode --vcf (same genotypes)" "$a" "$ab"
  row "assocnet encode --bgen 1.2 8-bit zlib (FLOAT32 dosages)" "$ag12" "$ag12"
  row "assocnet encode --bgen 1.2 8-bit zlib --hard-calls" "$ag12h" "$ag12"
  row "plink2 --bgen 1.2 --make-pgen --threads 1" "$pg12_1" "$ag12"
  row "plink2 --bgen 1.2 --make-pgen --threads 2" "$pg12_2" "$ag12"
  row "assocnet encode --bgen 1.3 16-bit zstd (FLOAT32 dosages)" "$ag13" "$ag13"
  row "plink2 --bgen 1.3 --make-pgen --threads 1" "$pg13_1" "$ag13"
  row "plink2 --bgen 1.3 --make-pgen --threads 2" "$pg13_2" "$ag13"
  echo
  echo "Commands:"
  echo '```'
  echo "plink2 --vcf X.vcf.gz --make-bed --out g"
  echo "plink2 --bfile g --export bgen-1.2 ref-first bits=8 --out g12"
  echo "plink2 --bfile g --export bgen-1.3 ref-first --out g13"
  echo "bin/assocnet encode --bed g --pheno P --pheno-name $pname --out encb"
  echo "plink2 --bfile g --make-pgen --threads T --out pb"
  echo "bin/assocnet encode --bgen g12.bgen --sample g12.sample [--hard-calls] --pheno P --pheno-name $pname --out encg12"
  echo "plink2 --bgen g12.bgen ref-first --sample g12.sample --make-pgen --threads T --out pg12"
  echo "(and the same for g13)"
  echo '```'
} >"$out"
cat "$out"
read -r aw _ <<<"$a"; read -r p2w _ <<<"$p2"
awk -v a="$aw" -v p="$p2w" 'BEGIN{printf "ratio assocnet/plink2(2 threads) wall = %.2f\n", a/p}'
if [[ -z "${BENCH_WORK:-}" ]]; then rm -rf "$work"; fi
