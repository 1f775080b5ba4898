#!/usr/bin/env bash
# Bring your own network (issue 13): a Keras-layout model trained elsewhere, attributed on samples it never saw.
# Per seed, one power cohort (additive causal variants) and one null cohort (covariates act, no causal variant) from
# `assocnet simulate`, split in two halves (alternate samples): half A trains the question's network in PyTorch
# (bench/keras_train_torch.py: Dense(60, relu) -> Dense(1, sigmoid), BCE, Adam, raw 0/1/2 counts, written in Keras 2
# HDF5 layout), half B is attributed with `assocnet attribute --keras ... --training-samples A`.
# Two models per cohort:
#   question: 60 inputs = the 60 variants most associated in half A (the question's shape: input_dim=60)
#   wide:     every variant + the covariates as inputs, Dense(60, relu) -> Dense(1, sigmoid) (enough null variants for
#             a lambda with a small sampling SD)
# Reports per model: held-out AUC and calibration slope (nn.json), lambda of P / ADD_P / CONTRIB_P, causal variants
# at Bonferroni (0.05 / inputs) against the truth, false positives among non-causal inputs outside the causal LD blocks
# (more than 100 kb from any causal variant), and the GLM on half B for comparison (lambda, causal found).
# Usage: bench/keras-split.sh [SAMPLES] [VARIANTS] [SEEDS]   (defaults 3000 2000 "21 22 23 24")
# Writes bench/results/keras-split.md (run kept in $KERAS_DIR, default a temp dir removed at exit).
# DONOR=eur.vcf.gz: simulate mosaics of real haplotypes (real LD and frequencies; e.g. the 1000 Genomes EUR subset of
# Debian's bolt-lmm-example, see bench/simulate-ld.sh) and write bench/results/keras-split-donor.md instead.
set -euo pipefail
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "keras-split: needs PyTorch (apt-get install python3-torch; not installed by the tests)" >&2; exit 2; }
cd "$(dirname "$0")/.."
N=${1:-3000}; M=${2:-2000}; SEEDS=${3:-21 22 23 24}
donor=(); result=bench/results/keras-split.md
if [[ -n "${DONOR:-}" ]]; then donor=(--donor "$DONOR"); result=bench/results/keras-split-donor.md; fi
THREADS=${THREADS:-2}
EPOCHS=${EPOCHS:-30}
work=${KERAS_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/assocnet-keras.XXXXXX")}
[[ -n "${KERAS_DIR:-}" ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
an=bin/assocnet
log() { echo "[keras-split $(date +%H:%M:%S)] $*" >&2; }
t_start=$(date +%s)

half() { # pheno.tsv keep(0|1) out: PHENO of the other half set to NA (encode drops those samples)
  awk -v keep="$2" 'BEGIN{FS=OFS="\t"} /^#/ {print; next} {i++; if ((i % 2) != keep) $NF="NA"; print}' "$1" > "$3"
}

for SEED in $SEEDS; do
  for kind in power null; do
    d="$work/s$SEED/$kind"
    mkdir -p "$work/s$SEED"
    if [[ ! -f "$d.done" ]]; then
      if [[ $kind == power ]]; then causal=(--additive 10 --effect-min 0.25 --effect-max 0.45); else causal=(--additive 0); fi
      log "seed $SEED $kind: simulate"
      $an simulate --samples "$N" --variants "$M" --seed "$SEED" --covariates 2 --site-levels 0 "${donor[@]}" "${causal[@]}" --out "$d" 2> "$d.simulate.log"
      half "$d.pheno.tsv" 1 "$d.A.pheno.tsv"
      half "$d.pheno.tsv" 0 "$d.B.pheno.tsv"
      # half B keeps every variant (--maf 0): a variant the model uses must be in the scoring cohort
      for h in A B; do
        log "seed $SEED $kind: encode half $h"
        maf=0.01; [[ $h == B ]] && maf=0
        $an encode --vcf "$d.vcf.gz" --pheno "$d.$h.pheno.tsv" --covar "$d.covar.tsv" --maf "$maf" --out "$d.$h" 2> "$d.$h.encode.log"
      done
      log "seed $SEED $kind: glm on half B"
      $an glm --cohort "$d.B" --out "$d.B" --threads "$THREADS" 2> "$d.B.glm.log"
      for model in question wide; do
        if [[ $model == question ]]; then args=(60 60 "$EPOCHS" "$SEED" "$d.$model" 0); else args=(all 60 "$EPOCHS" "$SEED" "$d.$model" 1); fi
        log "seed $SEED $kind: train $model on half A (PyTorch, Keras layout)"
        /usr/bin/python3 bench/keras_train_torch.py "$d.A" "${args[@]}"
        log "seed $SEED $kind: attribute $model on half B"
        $an attribute --cohort "$d.B" --keras "$d.$model.h5" --keras-inputs "$d.$model.inputs.txt" \
          --training-samples "$d.$model.train.ids" --out "$d.$model" --threads "$THREADS" --seed "$SEED" 2> "$d.$model.attribute.log"
      done
      touch "$d.done"
    fi
  done
done

/usr/bin/python3 - "$work" "$N" "$M" "$SEEDS" "$(( $(date +%s) - t_start ))" "${DONOR:-}" > "$result" <<'EOF'
import json, math, sys
from statistics import median
from scipy.stats import chi2, norm
work, N, M, seeds, secs, donor = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(), sys.argv[5], sys.argv[6]

def table(path):
    rows = [l.rstrip("\n").split("\t") for l in open(path)]
    h = rows[0]
    return [dict(zip(h, r)) for r in rows[1:]]

def lam(ps):
    ps = [p for p in ps if p == p]
    return median(chi2.isf(p, 1) for p in ps) / chi2.ppf(0.5, 1) if ps else float("nan")

def num(x):
    try:
        return float(x)
    except ValueError:
        return float("nan")

print("# Bring your own network: a Keras model trained on half A, attributed on half B (bench/keras-split.sh)\n")
dn = f" --donor {donor.split('/')[-1]}" if donor else ""
print(f"`assocnet simulate --samples {N} --variants {M} --covariates 2 --site-levels 0{dn}` per seed, power cohorts with "
      "`--additive 10 --effect-min 0.25 --effect-max 0.45`, null cohorts with `--additive 0`; alternate samples form halves A "
      "and B (encoded separately: A with MAF >= 0.01, B with every variant, so that each model input is in B). bench/keras_train_torch.py trains Dense(60, relu) -> Dense(1, sigmoid) "
      "(BCE, Adam, raw 0/1/2 counts, every third input on the REF allele so that INPUTS.txt exercises allele swaps) on A "
      "and writes Keras 2 HDF5; `assocnet attribute --keras --training-samples A` scores B. question = 60 inputs (top 60 "
      "by score test in A), wide = every variant + 2 covariates. Causal found = truth variants at P < 0.05 / inputs; "
      "FP = non-causal inputs > 100 kb from every causal variant at that threshold. GLM = `assocnet glm` on half B "
      f"(Bonferroni over all variants). Wall time of this invocation {secs} s (cohorts already in KERAS_DIR are reused).\n")
print("| seed | cohort | model | inputs | flips | AUC (B) | cal. slope | lambda P | lambda ADD_P | lambda CONTRIB_P | causal inputs | causal found | of the GLM's causal hits | FP | GLM lambda | GLM causal found |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
pooled = {}
for s in seeds:
    for kind in ("power", "null"):
        d = f"{work}/s{s}/{kind}"
        truth = table(d + ".truth.tsv")
        causal = {(t["CHROM"], t["POS"]) for t in truth}
        gtab = table(d + ".B.glm.tsv")
        gp = {(r["#CHROM"], r["POS"]): num(r["P"]) for r in gtab}
        glam = lam(list(gp.values()))
        ghits = {k for k in causal if gp.get(k, 1) < 0.05 / len(gp)}
        gfound = len(ghits)
        for model in ("question", "wide"):
            j = json.load(open(d + f".{model}.nn.json"))
            rows = [r for r in table(d + f".{model}.nn.tsv") if r["ERRCODE"] != "NOT_IN_MODEL"]
            m = len(rows)
            thr = 0.05 / m
            def near(r):
                return any(c == r["#CHROM"] and abs(int(p) - int(r["POS"])) <= 100000 for c, p in causal)
            cin = [r for r in rows if (r["#CHROM"], r["POS"]) in causal]
            found = sum(1 for r in cin if num(r["P"]) < thr)
            both = sum(1 for r in cin if num(r["P"]) < thr and (r["#CHROM"], r["POS"]) in ghits)
            fp = sum(1 for r in rows if not near(r) and num(r["P"]) < thr)
            lp = {c: lam([num(r[c]) for r in rows]) for c in ("P", "ADD_P", "CONTRIB_P")}
            if kind == "null":
                for c in lp:
                    pooled.setdefault((model, c), []).extend(num(r[c]) for r in rows)
            h = j["heldOut"]
            cs = h.get("calibrationSlope")
            print(f"| {s} | {kind} | {model} | {m} | {j['keras']['alleleFlips']} | {h['auc']:.3f} | "
                  f"{'NA' if cs is None else f'{cs:.2f}'} | {lp['P']:.3f} | {lp['ADD_P']:.3f} | {lp['CONTRIB_P']:.3f} | "
                  f"{len(cin)} of {len(causal)} | {found} | {both} of {gfound} | {fp} | {glam:.3f} | {gfound} of {len(causal)} |")
print("\nNull cohorts pooled over seeds (all non-causal inputs; type-I error at 0.05 with its binomial 99% interval):\n")
print("| model | column | p-values | lambda | fraction < 0.05 | 99% interval |")
print("|---|---|---|---|---|---|")
for (model, c), ps in sorted(pooled.items()):
    ps = [p for p in ps if p == p]
    k = len(ps)
    f = sum(p < 0.05 for p in ps) / k
    half = 2.576 * math.sqrt(0.05 * 0.95 / k)
    print(f"| {model} | {c} | {k} | {lam(ps):.3f} | {f:.4f} | [{0.05 - half:.4f}, {0.05 + half:.4f}] |")
EOF
log "wrote $result"
cat "$result"
