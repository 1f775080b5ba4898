#!/usr/bin/env bash
# A/B cost of two assocnet jars on the same inputs, runs interleaved (A B A B ...) so that the load of a
# shared machine falls on both alike: for refactorings that must not change speed. Reports the median CPU
# (user + sys) and wall seconds and peak RSS of each jar per task, and the B/A ratio.
#   glm:       assocnet glm --threads 1 on a cohort (default: bench/glm.sh's 5,000 x 50,000 cohort with
#              10 covariates, made here by bench/glm.sh if WORK lacks it)
#   attribute: assocnet attribute --threads 1 on the test-data cohort (chromosome 1) and a model trained once
#              with jar A (train is not timed: same DL4J code path in both)
# Usage: bench/ab-jars.sh JAR_A JAR_B [REPS=3]   env: WORK=dir (reused), OUT=bench/results/ab-jars.md
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar_a="$(realpath "$1")"; jar_b="$(realpath "$2")"; reps="${3:-3}"
work="${WORK:-/tmp/assocnet-ab}"
out="${OUT:-$root/bench/results/ab-jars.md}"
mkdir -p "$work"
an() { local jar="$1"; shift; env ASSOCNET_JAR="$jar" "$root/bin/assocnet" "$@"; }

glm_cohort="${GLM_COHORT:-}"
if [[ -z "$glm_cohort" ]]; then
  g=$(ls -d /tmp/assocnet-glm-bench.*/ 2>/dev/null | head -n1 || true)
  if [[ -n "$g" && -f "$g/cov10.cohort.bin" ]]; then glm_cohort="$g/cov10"
  else
    WORK="$work/glm" THREADS_LIST=1 OUT="$work/glm.md" bash "$here/glm.sh" >/dev/null
    glm_cohort="$work/glm/cov10"
  fi
fi
td="$root/test-data"
if [[ ! -d "$work/attr/c.model" ]]; then
  mkdir -p "$work/attr"
  an "$jar_a" encode --vcf "$td/cohort.vcf.gz" --pheno "$td/pheno.tsv" --covar "$td/covar.tsv" --region 1 --out "$work/attr/c" 2>/dev/null
  an "$jar_a" train --cohort "$work/attr/c" --out "$work/attr/c" --folds 3 --hidden 16 --epochs 20 --seed 7 --threads 1 2>/dev/null
fi

rows="$work/rows.tsv"; : > "$rows"
timed() { # LABEL JAR TASK ARGS...
  local label="$1" jar="$2" task="$3"; shift 3
  /usr/bin/time -f "%e %U %S %M" -o "$work/t.txt" env ASSOCNET_JAR="$jar" "$root/bin/assocnet" "$@" 2>/dev/null >/dev/null
  read -r wall user sys rss < "$work/t.txt"
  echo -e "$task\t$label\t$wall\t$user\t$sys\t$rss" >> "$rows"
}
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$reps"); do
  for side in A B; do
    jar=$jar_a; [[ $side == B ]] && jar=$jar_b
    timed "$side" "$jar" glm glm --cohort "$glm_cohort" --out "$work/g$side" --threads 1
    timed "$side" "$jar" attribute attribute --cohort "$work/attr/c" --model "$work/attr/c.model" --out "$work/a$side" --draws 10 --threads 1
  done
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

/usr/bin/python3 - "$rows" "$jar_a" "$jar_b" "$glm_cohort" "$reps" "$load0" "$load1" > "$out" <<'EOF'
import statistics, sys, subprocess, datetime
rows, ja, jb, cohort, reps, l0, l1 = sys.argv[1:]
data = {}
for line in open(rows):
    task, side, wall, user, sys_, rss = line.split("\t")
    data.setdefault((task, side), []).append((float(wall), float(user) + float(sys_), int(rss) / 1024))
print("# A/B cost of two jars (bench/ab-jars.sh)\n")
print(f"Generated {datetime.date.today()} on 2 cores; {reps} interleaved runs per jar and task; load average {l0} before, {l1} after.")
print(f"A: `{ja}`  \nB: `{jb}`  \nglm: `assocnet glm --threads 1` on `{cohort}`; attribute: `assocnet attribute --threads 1 --draws 10`"
      " on the test-data cohort (chromosome 1, 1,000 samples x 1,504 variants, model 3 folds x 16 hidden).")
print("Medians; CPU = user + sys seconds, the steadier number on a shared machine.\n")
print("| task | A CPU | B CPU | B/A CPU | A wall | B wall | B/A wall | A RSS MiB | B RSS MiB |")
print("|---|---|---|---|---|---|---|---|---|")
for task in ("glm", "attribute"):
    a, b = data[(task, "A")], data[(task, "B")]
    med = lambda xs, k: statistics.median(x[k] for x in xs)
    print(f"| {task} | {med(a,1):.2f} | {med(b,1):.2f} | {med(b,1)/med(a,1):.3f} | {med(a,0):.2f} | {med(b,0):.2f} | "
          f"{med(b,0)/med(a,0):.3f} | {med(a,2):.0f} | {med(b,2):.0f} |")
print("\nAll runs (task, jar, wall, CPU, RSS MiB):\n")
for (task, side), xs in sorted(data.items()):
    print(f"- {task} {side}: " + "; ".join(f"{w:.2f} s wall, {c:.2f} s CPU, {m:.0f} MiB" for w, c, m in xs))
EOF
cat "$out"
