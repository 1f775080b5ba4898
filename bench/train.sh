#!/usr/bin/env bash
# Training speed of `assocnet train` (DL4J) against PyTorch on the same data, folds, architecture, epochs and
# batch size, in the same run, 1 thread each (OMP_NUM_THREADS=1, torch.set_num_threads(1), --threads 1).
# Early stopping is off on both sides (fixed --epochs) so both do the same work.
# Needs /usr/bin/python3 with python3-torch, python3-numpy, python3-sklearn. Writes bench/results/train.md.
# Usage: bench/train.sh [EPOCHS]       (default 10; ~10 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-10}"
hidden=64 batch=64 lr=0.001 l2=0.001 dropout=0.2 seed=1
mvn -q -B -o package -DskipTests
mvn -q -B -o test-compile
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1
rows=""
for shape in "5000 2000" "5000 20000"; do
  read -r n p <<<"$shape"
  java -cp target/assocnet.jar:target/test-classes org.assocnet.nn.SimCohort "$work/c" "$n" "$p" 20 0 0 0.2 7 >/dev/null
  /usr/bin/time -f "%e %M" -o "$work/time.ours" env ASSOCNET_CACHE="$work/javacpp" ASSOCNET_HEAP=6g \
    bin/assocnet train --cohort "$work/c" --out "$work/o" --hidden $hidden --epochs "$epochs" --batch-size $batch \
      --learning-rate $lr --l2 $l2 --dropout $dropout --patience 0 --val-fraction 0 --class-weight none \
      --folds 5 --threads 1 --seed $seed --max-variants 0 2>"$work/ours.log"
  /usr/bin/time -f "%e %M" -o "$work/time.torch" /usr/bin/python3 bench/train_torch.py "$work/c" "$work/o.model/folds.tsv" \
    $hidden "$epochs" $batch $lr $l2 $dropout 1 $seed "$work/torch.json"
  row="$(/usr/bin/python3 - "$work" "$n" "$p" <<'PY'
import json, sys
w, n, p = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
o, t = json.load(open(w + "/o.train.json")), json.load(open(w + "/torch.json"))
wo, mo = open(w + "/time.ours").read().split()
wt, mt = open(w + "/time.torch").read().split()
fo, ft = o["timings"]["foldSecondsSum"], t["foldSecondsSum"]
print(f"| {n} x {p} | {fo:.1f} | {ft:.1f} | **{fo/ft:.2f}** | {float(wo):.1f} | {float(wt):.1f} | "
      f"{int(mo)/1024:.0f} | {int(mt)/1024:.0f} | {o['pooled']['auc']:.3f} | {t['auc']:.3f} |")
PY
)"
  echo "$row" >&2
  rows+="$row"$'\n'
done
torch_ver="$(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
{
  echo "# train: speed against PyTorch"
  echo
  echo "Produced by \`bench/train.sh $epochs\` on $(date -u +%FT%TZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))."
  echo "Same simulated cohort (20 additive variants, log-OR 0.2, 1 covariate), same 5 folds, same standardised inputs,"
  echo "Dense($hidden, relu) -> dropout $dropout -> Dense(1, sigmoid), BCE, Adam lr $lr, L2 $l2 on weights, batch $batch,"
  echo "$epochs epochs per fold, no early stopping; one thread each (DL4J 1.0.0-M2.1 with OMP_NUM_THREADS=1, --threads 1;"
  echo "PyTorch $torch_ver CPU with torch.set_num_threads(1)). Training seconds = sum over folds of fit + held-out scoring;"
  echo "wall = whole process (JVM/Python start, data loading, outputs). Peak RSS from /usr/bin/time."
  echo
  echo "| samples x variants | assocnet train s | PyTorch train s | ratio (target <= 1.0) | assocnet wall s | PyTorch wall s | assocnet peak RSS MB | PyTorch peak RSS MB | assocnet AUC | PyTorch AUC |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
} > bench/results/train.md
cat bench/results/train.md
