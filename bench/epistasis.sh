#!/usr/bin/env bash
# Benchmark: `assocnet epistasis` vs `plink1.9 --fast-epistasis boost` on the same cohorts, same thread count,
# in the same run: wall and CPU time, pairs/s, wall ratio (assocnet / PLINK; goal <= 1), agreement of the two
# pair lists, and whether every simulated interacting pair is below the all-pairs Bonferroni threshold
# (0.05 / pairs tested). Writes bench/results/epistasis.md.
#
# Data: `assocnet simulate` cohorts with real-looking LD, 5 additive variants and 2 pairs that act only
# jointly (no marginal effect), 2 acting covariates, 1% missing calls; PLINK reads the same VCF
# (plink1.9 --vcf --make-bed). Sizes: 3,000 x 8,000 (32 million pairs) and 5,000 x 20,000 (200 million pairs).
# Both tools screen at P 1e-4 (PLINK --epi1 1e-4; assocnet --report-p 1e-4, confirmation of pairs with
# P <= 1e-5 by covariate-adjusted logistic regression included in its time), and at each tool's best thread
# count (1 and 2 are tried).
#
# assocnet is timed twice: as it runs by default (scan + confirmation), and with --confirm-p 0, which is the
# job PLINK does (the scan and the exact test only); the second is the like-for-like ratio.
# Power (no timing): on POWER_SEEDS further 3,000 x 8,000 cohorts at two strengths of the interacting pairs,
# simulate's default (|interaction log-OR| 0.6-1.0) and the network issue's cohort (1.5-2.0), how many true
# pairs each tool puts below the all-pairs Bonferroni threshold.
#
# Usage: bench/epistasis.sh [SIZES="3000x8000:1,2,3 5000x20000:1"]   (n x variants : simulation seeds)
#        env: WORK=dir, OUT=file, POWER_SEEDS="11 12 13 14" (empty: skip the power part)
# Needs: plink1.9 (Debian), GNU time, a built target/assocnet.jar.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
SIZES="${1:-3000x8000:1,2,3 5000x20000:1}"
work="${WORK:-$(mktemp -d /tmp/assocnet-epi-bench.XXXXXX)}"
out="${OUT:-$root/bench/results/epistasis.md}"
jar="$root/target/assocnet.jar"
[[ -f "$jar" ]] || { echo "build first: mvn -q -B -o package -DskipTests" >&2; exit 2; }
command -v plink1.9 >/dev/null || { echo "plink1.9 not found (apt-get install plink1.9)" >&2; exit 2; }
export ASSOCNET_JAR="${ASSOCNET_JAR:-$jar}"
A="$root/bin/assocnet"
mkdir -p "$work" "$(dirname "$out")"
cd "$work"

timeit() { # outfile cmd...
  local tf="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$tf" "$@" >"$tf.log" 2>&1 || { echo "failed: $*; see $work/$tf.log" >&2; tail -5 "$tf.log" >&2; exit 1; }
}

make_cohort() { # N M seed [min max interaction log-OR] -> prefix
  local n="$1" m="$2" s="$3" p="sim_${1}x${2}_s$3" eff=()
  if [[ $# -ge 5 ]]; then p="${p}_epi$4-$5"; eff=(--epistatic-min "$4" --epistatic-max "$5"); fi
  if [[ ! -f "$p.cohort.bin" ]]; then
    "$A" simulate --samples "$n" --variants "$m" --chromosomes 2 --seed "$s" --additive 5 --epistatic-pairs 2 \
      --covariates 2 "${eff[@]}" --out "$p" >"$p.sim.log" 2>&1
    "$A" encode --vcf "$p.vcf.gz" --pheno "$p.pheno.tsv" --covar "$p.covar.tsv" --out "$p" >"$p.enc.log" 2>&1
    plink1.9 --vcf "$p.vcf.gz" --double-id --make-bed --out "$p" >/dev/null 2>&1
  fi
  echo "$p"
}

check() { # prefix tag -> "true pairs found by assocnet / plink below Bonferroni" + list agreement
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, json
p, tag = sys.argv[1], sys.argv[2]
truth = [l.rstrip('\n').split('\t') for l in open(p + '.truth.tsv')][1:]
pairs = {frozenset((r[0], r[4])) for r in truth if r[3] == 'epistatic'}
js = json.load(open(f'a_{tag}.epistasis.json'))
bonf = js['bonferroni']['threshold']
ours = {}
for l in open(f'a_{tag}.epistasis.tsv').read().split('\n')[1:]:
    f = l.split('\t')
    if len(f) > 8: ours[frozenset((f[2], f[5]))] = (float(f[6]), int(f[7]), float(f[8]))
plink = {}
for l in open(f'p_{tag}.epi.cc').read().split('\n')[1:]:
    f = l.split()
    if len(f) > 6: plink[frozenset((f[1], f[3]))] = (float(f[4]), int(f[5]), float(f[6]))
import math
def chip(x, df):  # PLINK prints P with 4 digits: recompute it from STAT (6 digits) to filter at 1e-4
    return math.erfc(math.sqrt(x / 2)) if df == 1 else math.exp(-x / 2) * (1 + x / 2 if df == 4 else 1)
plink_sig = {k: v for k, v in plink.items() if chip(v[0], v[1]) <= 1e-4 * (1 + 1e-5)}
same = set(plink_sig) == set(ours)
worst = max((abs(ours[k][0] - plink[k][0]) / plink[k][0] for k in ours if k in plink), default=0)
fa = sum(1 for k in pairs if k in ours and ours[k][2] < bonf)
fp = sum(1 for k in pairs if k in plink and plink[k][2] < bonf)
best = '; '.join('%s' % ('%.3g' % ours[k][2] if k in ours else 'not reported') for k in sorted(pairs, key=sorted))
print(f"{fa}/{len(pairs)}|{fp}/{len(pairs)}|{'yes' if same else 'NO'} ({len(ours)} pairs, max STAT rel. diff {worst:.1e})|{best}|{bonf:.3g}|{js['counts']['tested']}")
PY
}

{
echo "# assocnet epistasis vs PLINK 1.9 --fast-epistasis boost"
echo
echo "Made by \`bench/epistasis.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, shared machine; load average at start: $(cut -d' ' -f1-3 /proc/loadavg))."
echo "$(plink1.9 --version | head -1); assocnet $("$A" --version 2>/dev/null | head -1); $(java -version 2>&1 | head -1)."
echo "Cohorts: \`assocnet simulate\` (LD blocks, 5 additive variants, 2 interacting pairs without marginal effect, 2 covariates, 1% missing)."
echo "Both list pairs with P <= 1e-4 (PLINK: Kirkwood screen at --epi1 1e-4). assocnet runs twice: by default, confirming the"
echo "pairs with P <= 1e-5 by logistic regression with the covariates, which PLINK does not do, and with --confirm-p 0, the"
echo "same job as PLINK's. Wall/CPU in seconds (GNU time); ratio = assocnet wall / PLINK wall."
echo
echo "| cohort (n x variants) | seed | threads | assocnet wall, same job (--confirm-p 0) | its CPU | PLINK wall | PLINK CPU | wall ratio, same job | CPU ratio, same job | assocnet wall, default (+ confirmation) | wall ratio, default | assocnet pairs/s | same pair list (P <= 1e-4) | true pairs < Bonferroni (assocnet / PLINK) | true pairs' P (assocnet) | Bonferroni |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} > "$out.tmp"

for spec in $SIZES; do
  size="${spec%%:*}"; SEEDS="1"; [[ $spec == *:* ]] && SEEDS="${spec#*:}"; SEEDS="${SEEDS//,/ }"
  n="${size%x*}"; m="${size#*x}"
  for s in $SEEDS; do
    p=$(make_cohort "$n" "$m" "$s")
    for T in 2 1; do
      # speed at 1 thread only on the first seed (the best thread count per tool)
      [[ $T == 1 && $s != "${SEEDS%% *}" ]] && continue
      tag="${p}_t$T"
      timeit "s_$tag.time" "$A" epistasis --cohort "$p" --out "s_$tag" --threads "$T" --confirm-p 0
      timeit "p_$tag.time" plink1.9 --bfile "$p" --pheno "$p.pheno.tsv" --allow-no-sex --fast-epistasis boost --epi1 1e-4 --threads "$T" --out "p_$tag"
      timeit "a_$tag.time" "$A" epistasis --cohort "$p" --out "a_$tag" --threads "$T"
      read -r aw au as am < "a_$tag.time"
      read -r sw su ss sm < "s_$tag.time"
      read -r pw pu ps pm < "p_$tag.time"
      IFS='|' read -r fa fp same best bonf tested <<< "$(check "$p" "$tag")"
      ratio=$(python3 -c "print('%.2f' % ($aw / $pw))")
      sratio=$(python3 -c "print('%.2f' % ($sw / $pw))")
      scpu=$(python3 -c "print('%.2f' % (($su + $ss) / ($pu + $ps)))")
      pps=$(python3 -c "import json; print('{:,.0f}'.format(json.load(open('s_$tag.epistasis.json'))['pairs_per_second']))")
      echo "| $n x $m | $s | $T | $sw | $(python3 -c "print('%.1f' % ($su + $ss))") | $pw | $(python3 -c "print('%.1f' % ($pu + $ps))") | **$sratio** | $scpu | $aw | $ratio | $pps | $same | $fa / $fp | $best | $bonf |" >> "$out.tmp"
      echo "$n x $m seed $s threads $T: assocnet ${sw}s (default ${aw}s), plink ${pw}s, ratio $sratio ($ratio), true pairs $fa / $fp" >&2
    done
  done
done
{
echo
echo "assocnet pairs/s is the scan alone (from OUT.epistasis.json); wall includes JVM start and reading the cohort"
echo "(and, by default, the confirmation). PLINK reads its .bed (converted once from the same VCF, not timed)."
} >> "$out.tmp"

POWER_SEEDS="${POWER_SEEDS-11 12 13 14}"
if [[ -n "$POWER_SEEDS" ]]; then
  {
  echo
  echo "## Power at two strengths of the interacting pairs (3,000 x 8,000, 2 threads, no timing)"
  echo
  echo "Two pairs per cohort that act only jointly; simulate draws each pair's |interaction log-OR| uniformly in the range."
  echo
  echo "| seed | interaction log-OR | true pairs < Bonferroni (assocnet / PLINK) | true pairs' P (assocnet) | same pair list | Bonferroni |"
  echo "|---|---|---|---|---|---|"
  } >> "$out.tmp"
  for eff in "0.6 1.0" "1.5 2.0"; do
    for s in $POWER_SEEDS; do
      p=$(make_cohort 3000 8000 "$s" $eff)
      tag="${p}_t2"
      timeit "a_$tag.time" "$A" epistasis --cohort "$p" --out "a_$tag" --threads 2
      timeit "p_$tag.time" plink1.9 --bfile "$p" --pheno "$p.pheno.tsv" --allow-no-sex --fast-epistasis boost --epi1 1e-4 --threads 2 --out "p_$tag"
      IFS='|' read -r fa fp same best bonf tested <<< "$(check "$p" "$tag")"
      echo "| $s | ${eff/ /-} | $fa / $fp | $best | ${same%% *} | $bonf |" >> "$out.tmp"
      echo "power seed $s effect $eff: $fa / $fp" >&2
    done
  done
fi
mv "$out.tmp" "$out"
cat "$out"
