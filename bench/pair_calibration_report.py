"""bench/pair-calibration.sh's report: PAIR_P of null cohorts against the uniform distribution."""
import os, sys
from scipy import stats
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tables import read, num, lam

work, out, n, m, pairs, minutes, commit = sys.argv[1:8]
seeds = sys.argv[8:]


def interval(k, a):
    return int(stats.binom.ppf(0.005, k, a)), int(stats.binom.ppf(0.995, k, a))


rows, allp = [], []
for s in seeds:
    f = f"{work}/null{s}.nn.pairs.tsv"
    if not os.path.exists(f):
        continue
    tab = read(f)
    ps = [p for p in (num(r["PAIR_P"]) for r in tab if r["FOLDS"] != "0") if p is not None]
    untested = sum(1 for r in tab if r["FOLDS"] == "0" or num(r["PAIR_P"]) is None)
    rows.append((s, len(tab), len(ps), untested, sum(p <= 0.05 for p in ps), lam(ps) if ps else float("nan")))
    allp += ps

lines = []
w = lines.append
w("# Calibration of the network's pair test under the null (bench/pair-calibration.sh)\n")
w(f"Null cohorts (seeds {', '.join(seeds)}): {int(n):,} x {int(m):,} donor mosaics of the 1000 Genomes EUR genotypes in "
  "Debian's bolt-lmm-example (real LD and frequencies), 2 acting covariates, no causal variant; `encode --maf 0.01`.")
w(f"`train --pair-p 1 --keep-all-pairs --pairs {pairs}`: every fold keeps the interaction blocks of the top {pairs} pairs of "
  "its exhaustive scan on its inner training samples, whatever their P (with the defaults a null cohort keeps almost no "
  "block, so bench/network.sh could test one null pair); `attribute` defaults. PAIR_P tests each block's pure interaction "
  "contribution on the held-out samples of the folds that hold it (pairs with a constant block in every fold are not tested).")
w(f"assocnet {commit}; {minutes} min on 2 cores.\n")
w("| seed | pairs in OUT.nn.pairs.tsv | tested | not tested | PAIR_P <= 0.05 | lambda |")
w("|---|---|---|---|---|---|")
for s, tot, k, u, k05, l in rows:
    w(f"| {s} | {tot} | {k} | {u} | {k05} | {l:.3f} |")
k = len(allp)
w("")
if k:
    w("| level | expected | observed | binomial 99% interval | verdict |")
    w("|---|---|---|---|---|")
    ok_all = True
    for a in (0.05, 0.01, 0.001):
        lo, hi = interval(k, a)
        obs = sum(p <= a for p in allp)
        ok = lo <= obs <= hi
        ok_all = ok_all and ok
        w(f"| {a:g} | {k * a:.1f} | {obs} | {lo}-{hi} | {'inside' if ok else 'OUTSIDE'} |")
    ks = stats.kstest(allp, "uniform")
    pooled = lam(allp)
    import random
    rnd = random.Random(1)
    boots = sorted(lam([allp[rnd.randrange(k)] for _ in range(k)]) for _ in range(500))
    se = (sum((b - sum(boots) / len(boots)) ** 2 for b in boots) / (len(boots) - 1)) ** 0.5
    w("")
    w(f"Pooled over {k:,} tested null pairs: lambda {pooled:.3f} (bootstrap SE {se:.3f}, 95% {boots[12]:.3f}-{boots[487]:.3f}); "
      f"Kolmogorov-Smirnov against U(0, 1): D = {ks.statistic:.4f}, P = {ks.pvalue:.3g}; smallest PAIR_P {min(allp):.3g} "
      f"(Bonferroni over {k:,}: {0.05 / k:.3g}).")
    w("")
    lambda_ok = boots[12] <= 1 <= boots[487]
    w(f"Verdict: type-I {'inside' if ok_all else 'OUTSIDE'} the 99% intervals at every level; KS P {ks.pvalue:.2g}; lambda "
      f"{'consistent' if lambda_ok else 'NOT consistent'} with 1 (its 95% bootstrap interval {'holds' if lambda_ok else 'misses'} 1). "
      f"Issue 11's band for the mean lambda, [0.95, 1.05], is narrower than this lambda's own sampling error at {k:,} pairs "
      f"(it was set for tens of thousands of variant tests): an SE of 0.025 would take about {(se / 0.025) ** 2:.0f} times as many null pairs.")
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
