#!/usr/bin/env bash
# Cost model: wall time and peak RSS of every stage at three or more sizes per factor, on `assocnet simulate`
# cohorts (built-in generator, 2 acting covariates, 1% missing calls), one factor varied at a time around a
# middle size; the growth exponents (time ~ n^a m^b) fitted by least squares on log-log scale; and the wall
# time of a 100,000-sample x 1,000,000-variant run on a 100-node cluster projected from them. Writes the
# tables into docs/performance.md (between the BEGIN/END markers) and the raw rows to bench/results/scaling.tsv.
#
#   encode, glm       n in 1,000 / 2,500 / 5,000 / 20,000 at 25,000 variants; m in 10,000 / 25,000 / 50,000 at n = 2,500
#   epistasis         n in 1,000 / 2,500 / 5,000 at 4,000 variants; m in 2,000 / 4,000 / 8,000 at n = 2,500
#   train, attribute  n in 1,000 / 2,000 / 3,000 (+ 5,000 / 20,000: ONLY=train-n) at 4,000 variants;
#                     m in 2,000 / 4,000 / 8,000 at n = 2,000;
#                     folds 3 / 5 / 10 and pairs 0 / 10 / 30 at 2,000 x 4,000 (wide network, the default);
#                     hidden width 16 / 64 / 256 of the dense network (--architecture mlp) at 2,000 x 4,000
#
# Usage: bench/scaling.sh   env: WORK=dir, THREADS (2), QUICK=1 (only the middle and smallest sizes),
#        ONLY=added (only the 20,000-sample and hidden-width rows, merged into the committed scaling.tsv),
#        ONLY=encode (encode again at every encode/glm size on the existing VCFs, merged likewise),
#        ONLY=train-n (train and attribute at 5,000 and 20,000 samples x 4,000 variants, merged likewise),
#        REPORT_ONLY=1 (rewrite docs/performance.md from the committed bench/results/scaling.tsv)
# Needs: GNU time, python3, a built target/assocnet.jar.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${WORK:-$(mktemp -d /tmp/assocnet-scaling.XXXXXX)}"
T="${THREADS:-2}"
A="$root/bin/assocnet"
[[ -f "$root/target/assocnet.jar" || -n "${ASSOCNET_JAR:-}" ]] || { echo "build first: mvn -q -B -o package -DskipTests" >&2; exit 2; }
mkdir -p "$work" "$root/bench/results"
cd "$work"
raw="$root/bench/results/scaling.tsv"
printf 'stage\tn\tm\tfolds\tpairs\twall_s\tcpu_s\trss_mib\thidden\n' > "$raw.tmp"

log() { echo "[scaling] $*" >&2; }
timed() { # stage n m folds pairs -- cmd...   (env HIDDEN: the dense network's width, for the hidden column)
  local st="$1" n="$2" m="$3" f="$4" p="$5"; shift 6
  /usr/bin/time -f "%e %U %S %M" -o t.txt "$@" > "run.$st.log" 2>&1 || { tail -5 "run.$st.log" >&2; exit 1; }
  read -r w u s r < t.txt
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$st" "$n" "$m" "$f" "$p" "$w" "$(echo "$u + $s" | bc)" "$((r / 1024))" "${HIDDEN:--}" >> "$raw.tmp"
  log "$st n=$n m=$m folds=$f pairs=$p: ${w}s, $((r / 1024)) MiB"
}
cohort() { # n m -> prefix (simulated and encoded once; encode timed on first use)
  local n="$1" m="$2" p="c_${1}_${2}"
  if [[ ! -f "$p.cohort.bin" ]]; then
    "$A" simulate --samples "$n" --variants "$m" --seed 1 --covariates 2 --site-levels 0 --chromosomes 2 --out "$p" > "$p.sim.log" 2>&1
    timed encode "$n" "$m" - - -- "$A" encode --vcf "$p.vcf.gz" --pheno "$p.pheno.tsv" --covar "$p.covar.tsv" --out "$p"
  fi
  echo "$p"
}

grid() { # the sizes around a middle one: "n1,n2,n3 mMid" and "nMid m1,m2,m3" -> "n m" lines
  local ns="$1" mm="$2" nm="$3" ms="$4"
  for n in ${ns//,/ }; do echo "$n $mm"; done
  for m in ${ms//,/ }; do [[ $m == "$mm" ]] || echo "$nm $m"; done
}
if [[ "${QUICK:-0}" == 1 ]]; then
  G1="1000,2500 25000 2500 10000,25000"; G2="1000,2500 4000 2500 2000,4000"; G3="1000,2000 4000 2000 2000,4000"
else
  G1="1000,2500,5000,20000 25000 2500 10000,25000,50000"; G2="1000,2500,5000 4000 2500 2000,4000,8000"
  G3="1000,2000,3000 4000 2000 2000,4000,8000"
fi

dense_widths() { # the dense network's cost by hidden width at 2,000 x 4,000 (attribute not timed: same per-genotype cost)
  local p; p=$(cohort 2000 4000)
  for hw in 16 64 256; do
    HIDDEN=$hw timed train 2000 4000 5 - -- "$A" train --cohort "$p" --out "t_mlp$hw" --architecture mlp --hidden "$hw" --threads "$T"
  done
}
train_attr() { # prefix n m folds pairs
  local p="$1" tag="$1_f$4_p$5"
  timed train "$2" "$3" "$4" "$5" -- "$A" train --cohort "$p" --out "t_$tag" --folds "$4" --pairs "$5" --threads "$T"
  timed attribute "$2" "$3" "$4" "$5" -- "$A" attribute --cohort "$p" --model "t_$tag.model" --out "a_$tag" --threads "$T"
}
merge_into_table() { # the rows just measured replace the committed rows with the same key; the rest are kept
  python3 - "$raw" "$raw.tmp" <<'MERGE'
import sys
old, new = sys.argv[1], sys.argv[2]
head = 'stage\tn\tm\tfolds\tpairs\twall_s\tcpu_s\trss_mib\thidden'
def rows(path):
    out = []
    for l in list(open(path))[1:]:
        r = l.rstrip('\n').split('\t')
        out.append(r + ['-'] * (9 - len(r)))
    return out
key = lambda r: (r[0], r[1], r[2], r[3], r[4], r[8])
fresh = rows(new)
keys = {key(r) for r in fresh}
kept = [r for r in rows(old) if key(r) not in keys]
with open(new, 'w') as f:
    f.write(head + '\n')
    for r in kept + fresh: f.write('\t'.join(r) + '\n')
MERGE
  mv "$raw.tmp" "$raw"
}
if [[ "${ONLY:-}" == added ]]; then
  # the rows added later (20,000 samples; hidden widths), merged into the committed table in place of any old ones
  p=$(cohort 20000 25000)
  timed glm 20000 25000 - - -- "$A" glm --cohort "$p" --out "g_$p" --threads "$T"
  dense_widths
  merge_into_table
elif [[ "${ONLY:-}" == train-n ]]; then
  # train and attribute beyond 3,000 samples (the wide network, defaults), merged into the table
  for n in 5000 20000; do train_attr "$(cohort "$n" 4000)" "$n" 4000 5 10; done
  merge_into_table
elif [[ "${ONLY:-}" == encode ]]; then
  # encode again at every glm size on the existing VCFs (after a change to encode), merged into the table
  while read -r n m; do
    p=$(cohort "$n" "$m")
    timed encode "$n" "$m" - - -- "$A" encode --vcf "$p.vcf.gz" --pheno "$p.pheno.tsv" --covar "$p.covar.tsv" --out "re_$p"
  done < <(grid $G1)
  merge_into_table
elif [[ "${REPORT_ONLY:-0}" != 1 ]]; then
while read -r n m; do
  p=$(cohort "$n" "$m")
  timed glm "$n" "$m" - - -- "$A" glm --cohort "$p" --out "g_$p" --threads "$T"
done < <(grid $G1)
while read -r n m; do
  p=$(cohort "$n" "$m")
  timed epistasis "$n" "$m" - - -- "$A" epistasis --cohort "$p" --out "e_$p" --threads "$T"
done < <(grid $G2)
while read -r n m; do
  train_attr "$(cohort "$n" "$m")" "$n" "$m" 5 10
done < <(grid $G3)
if [[ "${QUICK:-0}" != 1 ]]; then
  p=$(cohort 2000 4000)
  for f in 3 10; do train_attr "$p" 2000 4000 "$f" 10; done
  for pr in 0 30; do train_attr "$p" 2000 4000 5 "$pr"; done
  dense_widths
fi
mv "$raw.tmp" "$raw"
else
  rm -f "$raw.tmp"
fi

python3 - "$raw" "$root/docs/performance.md" "$T" <<'PY'
import sys, math, collections, datetime, subprocess
raw, doc, threads = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [l.rstrip('\n').split('\t') for l in open(raw)][1:]
R = collections.defaultdict(list)
H = []  # the dense network by hidden width
for row in rows:
    st, n, m, f, p, w, c, r = row[:8]
    hid = row[8] if len(row) > 8 else '-'
    if hid != '-':
        H.append((int(hid), int(n), int(m), float(w), float(c), int(r)))
        continue
    R[st].append((int(n), int(m), f, p, float(w), float(c), int(r)))

def slope(pts):  # least-squares slope of log y on log x
    if len(pts) < 2: return float('nan')
    xs = [math.log(x) for x, _ in pts]; ys = [math.log(max(y, 1e-3)) for _, y in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else float('nan')

out = []
out.append(f"Made by `bench/scaling.sh` on {datetime.date.today()} ({threads} threads per stage, this 2-core machine); raw rows in bench/results/scaling.tsv.")
out.append("Cohorts: `assocnet simulate` (built-in generator, 2 acting covariates, 1% missing calls). Wall and CPU in seconds,")
out.append("peak RSS in MiB (GNU time, JVM start included). Train and attribute: wide network (the default), --pairs and --folds as listed.")
out.append("")
out.append("| stage | samples n | variants m | folds | pairs | wall s | CPU s | peak RSS MiB |")
out.append("|---|---|---|---|---|---|---|---|")
for st in ['encode', 'glm', 'epistasis', 'train', 'attribute']:
    for n, m, f, p, w, c, r in sorted(R[st], key=lambda t: (t[2], t[3], t[0], t[1])):
        out.append(f"| {st} | {n:,} | {m:,} | {f} | {p} | {w:.2f} | {c:.2f} | {r} |")
out.append("")
out.append("Cost model. encode, glm and attribute: wall = fixed + per-genotype cost x n x m; epistasis: fixed + per-(pair x")
out.append("sample) cost x n x m(m-1)/2; both fitted by least squares over all sizes (the fixed part is JVM start, reading")
out.append("and warm-up). train: a power law n^a x m^b fitted on log-log scale around 2,000 x 4,000 (5 folds, 10 pairs).")
out.append("")
out.append("| stage | fixed s | throughput | largest misfit | peak RSS over the sizes |")
out.append("|---|---|---|---|---|")
model = {}
def work(st, n, m):
    return n * m * (m - 1) / 2 if st == 'epistasis' else n * m
unit = {'encode': 'genotypes', 'glm': 'genotype fits', 'attribute': 'genotypes', 'epistasis': 'pair-samples'}
for st in ['encode', 'glm', 'epistasis', 'attribute']:
    pts = [(work(st, t[0], t[1]), t[4]) for t in R[st] if t[2] in ('-', '5') and t[3] in ('-', '10')]
    k = len(pts); mx = sum(x for x, _ in pts) / k; my = sum(y for _, y in pts) / k
    c1 = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    c0 = my - c1 * mx
    model[st] = (c0, c1)
    mis = max(abs(c0 + c1 * x - y) / y for x, y in pts)
    rs = [t[6] for t in R[st]]
    out.append(f"| {st} | {c0:.2f} | {1 / c1:.3g} {unit[st]}/s | {100 * mis:.0f}% | {min(rs)}-{max(rs)} MiB |")
base = [t for t in R['train'] if t[2] == '5' and t[3] == '10']
a = slope([(t[0], t[4]) for t in base if t[1] == 4000])
b = slope([(t[1], t[4]) for t in base if t[0] == 2000])
t_mid = [t[4] for t in base if (t[0], t[1]) == (2000, 4000)][0]
rs = [t[6] for t in R['train']]
out.append(f"| train | - | time ~ n^{a:.2f} x m^{b:.2f} ({t_mid:.0f} s at 2,000 x 4,000) | - | {min(rs)}-{max(rs)} MiB |")
for key, lab in [(2, 'folds'), (3, 'pairs')]:
    pts = [t for t in R['train'] if t[0] == 2000 and t[1] == 4000 and (t[3] == '10' if key == 2 else t[2] == '5')]
    vals = ', '.join(f"{t[key]} {lab}: {t[4]:.1f} s" for t in sorted(pts, key=lambda t: int(t[key])))
    out.append(f"\ntrain at 2,000 x 4,000 by {lab}: {vals}.")
if H:
    vals = ', '.join(f"{h}: {w:.1f} s ({r} MiB)" for h, n, m, w, c, r in sorted(H))
    out.append(f"\ntrain --architecture mlp (the dense network, 5 folds) at 2,000 x 4,000 by hidden width: {vals};"
               f" time ~ width^{slope([(h, w) for h, n, m, w, c, r in H]):.2f}.")
out.append("")

def cost(st, n, m):
    c0, c1 = model[st]
    return c0 + c1 * work(st, n, m)

N, M, nodes, chunk = 100_000, 1_000_000, 100, 10_000
chunks = M // chunk
waves = math.ceil(chunks / nodes)
enc, glm, att = cost('encode', N, chunk), cost('glm', N, chunk), cost('attribute', N, chunk)
c0e, c1e = model['epistasis']
epi_total = c1e * N * M * (M - 1) / 2  # all pair-sample units; fixed costs per chunk pair are small at this size
tr = t_mid * (N / 2000) ** a * (20000 / 4000) ** b
out.append(f"Projection for {N:,} samples x {M:,} variants on {nodes} nodes like this one (2 cores each), {chunks} chunks of")
out.append(f"{chunk:,} variants ({waves} wave(s)). An extrapolation 20-40x beyond the measured sizes: read it as an order of")
out.append("magnitude. Not in it: the cluster's file system and queue, the merge and report (~1 min per million variants,")
out.append("README), and memory: train needs ~5 bytes per sample per variant of its panel plus a fold copy per thread.")
out.append("")
out.append("| stage | per chunk (one node) | cluster wall |")
out.append("|---|---|---|")
out.append(f"| encode | {enc:,.0f} s | {enc * waves / 60:,.1f} min |")
out.append(f"| glm | {glm:,.0f} s | {glm * waves / 60:,.1f} min |")
out.append(f"| epistasis, all {M * (M - 1) / 2:.2e} pairs, chunk pairs spread over the nodes | - | {epi_total / nodes / 3600:,.0f} h ({epi_total / 3600 / 24 / 365:,.1f} node-years) |")
out.append(f"| train, {N:,} samples x a 20,000-variant panel (one task, 5 folds, power law above) | - | {tr / 3600:,.1f} h |")
out.append(f"| attribute, same panel | - | {cost('attribute', N, 20000) / 60:,.0f} min |")
out.append("")
text = '\n'.join(out)
d = open(doc).read()
b, e = '<!-- BEGIN scaling.sh -->', '<!-- END scaling.sh -->'
i, j = d.index(b) + len(b), d.index(e)
open(doc, 'w').write(d[:i] + '\n' + text + '\n' + d[j:])
print(text)
PY
