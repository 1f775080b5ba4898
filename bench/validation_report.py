#!/usr/bin/python3
"""Summarises a bench/validation.sh run into bench/results/validation.md (markdown on stdout)."""
import csv, json, math, sys
from scipy import stats

work, n, m, seed, seconds, train_args = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6]


def read(path):
    with open(path) as f:
        r = csv.reader(f, delimiter="\t")
        head = next(r)
        head[0] = head[0].lstrip("#")
        return [dict(zip(head, row)) for row in r]


def num(x):
    try:
        v = float(x)
        return v if math.isfinite(v) else None
    except (TypeError, ValueError):
        return None


def glm_rows(prefix):
    rows = read(prefix + ".glm.tsv")
    out = {}
    for r in rows:
        if r.get("TEST", "ADD") not in ("ADD", ""):
            continue
        out.setdefault(r["ID"], r)
    return out


def lam(ps):
    chi = sorted(stats.chi2.isf(p, 1) for p in ps)
    return (chi[len(chi) // 2] if len(chi) % 2 else 0.5 * (chi[len(chi) // 2 - 1] + chi[len(chi) // 2])) / stats.chi2.ppf(0.5, 1)


def calib(ps, alpha):
    k = sum(p <= alpha for p in ps)
    lo, hi = stats.binom.ppf(0.005, len(ps), alpha), stats.binom.ppf(0.995, len(ps), alpha)
    return k, len(ps), int(lo), int(hi), lo <= k <= hi


out = []
w = out.append
w("# Validation: network p-values and effect sizes vs the GLM (bench/validation.sh)\n")
w(f"Simulated cohorts of {n:,} samples x {m:,} variants (`assocnet simulate`, built-in LD blocks, 2 covariates acting, "
  f"seed {seed}), encoded with `--maf 0.01`; `assocnet glm` (defaults), `assocnet train` (defaults{' + ' + train_args if train_args else ''}), "
  f"`assocnet attribute` (defaults). Wall time of the whole study: {seconds / 60:.1f} min on 2 shared cores.\n")

# ---- calibration
w("## Calibration (cohort with covariates acting and no causal variant)\n")
g = glm_rows(f"{work}/null")
nn = read(f"{work}/null.nn.tsv")
cols = {"GLM P": [num(r["P"]) for r in g.values()],
        "NN P (score test, headline)": [num(r["P"]) for r in nn],
        "IMPORTANCE_P": [num(r["IMPORTANCE_P"]) for r in nn]}
nj = json.load(open(f"{work}/null.nn.json"))
w("| p-value | tested | type-I at 0.05 (99% binomial interval) | type-I at 0.001 (99% interval) | lambda | verdict |")
w("|---|---|---|---|---|---|")
for name, ps in cols.items():
    ps = [p for p in ps if p is not None]
    if not ps:
        w(f"| {name} | 0 | | | | no p-values |")
        continue
    a = calib(ps, 0.05)
    b = calib(ps, 0.001)
    l = lam(ps)
    ok = a[4] and b[4] and 0.95 <= l <= 1.05
    w(f"| {name} | {len(ps):,} | {a[0]} = {a[0] / a[1]:.4f} ({a[2]}-{a[3]}) | {b[0]} = {b[0] / b[1]:.5f} ({b[2]}-{b[3]}) | {l:.3f} | {'PASS' if ok else 'FAIL'} |")
fc = nj.get("foldCorrelation", {})
w(f"\nCross-fold correlation of the per-fold score statistics estimated by attribute: rho = {fc.get('rho', float('nan')):.3f}; "
  f"lambda of the uncorrected pooled statistic (STATISTICS.md 4a as written) = {fc.get('lambdaUncorrected', float('nan')):.3f}.\n")

# ---- power
w("## Power (cohort with causal variants)\n")
g = glm_rows(f"{work}/power")
nn = {r["ID"]: r for r in read(f"{work}/power.nn.tsv")}
truth = read(f"{work}/power.truth.tsv")
tested_glm = sum(1 for r in g.values() if num(r["P"]) is not None)
tested_nn = sum(1 for r in nn.values() if num(r["P"]) is not None)
bg, bn = 0.05 / tested_glm, 0.05 / tested_nn
w(f"Bonferroni thresholds: GLM 0.05/{tested_glm:,} = {bg:.2e}, network 0.05/{tested_nn:,} = {bn:.2e} "
  f"(variants the network does not use have P = NA, ERRCODE NOT_IN_MODEL).\n")
w("| kind | causal variants (in cohort) | GLM hits | NN P hits | IMPORTANCE_P hits | NN hits / GLM hits | median GLM P | median NN P |")
w("|---|---|---|---|---|---|---|---|")
summary = {}
for kind in ("additive", "dominant", "recessive", "epistatic"):
    ids = []
    for r in truth:
        if r["KIND"] != kind:
            continue
        ids.append(r["ID"])
        if kind == "epistatic" and r.get("PARTNER", ".") not in (".", ""):
            ids.append(r["PARTNER"])
    ids = [i for i in dict.fromkeys(ids) if i in nn]
    if not ids:
        continue
    gp = [num(g[i]["P"]) if i in g else None for i in ids]
    npv = [num(nn[i]["P"]) for i in ids]
    ip = [num(nn[i]["IMPORTANCE_P"]) for i in ids]
    hg = sum(1 for p in gp if p is not None and p < bg)
    hn = sum(1 for p in npv if p is not None and p < bn)
    hi = sum(1 for p in ip if p is not None and p < bn)
    med = lambda xs: sorted(x for x in xs if x is not None)[len([x for x in xs if x is not None]) // 2] if any(x is not None for x in xs) else float("nan")
    ratio = f"{hn / hg:.2f}" if hg else "n/a"
    summary[kind] = (hg, hn)
    w(f"| {kind} | {len(ids)} | {hg} | {hn} | {hi} | {ratio} | {med(gp):.2e} | {med(npv):.2e} |")
w("")
checks = []
if "additive" in summary:
    hg, hn = summary["additive"]
    checks.append(("additive: network finds >= 80% of the GLM's Bonferroni hits", hg == 0 or hn >= 0.8 * hg, f"{hn} vs {hg}"))
if "recessive" in summary:
    hg, hn = summary["recessive"]
    checks.append(("recessive: network finds at least what the GLM finds", hn >= hg, f"{hn} vs {hg}"))
if "epistatic" in summary:
    hg, hn = summary["epistatic"]
    checks.append(("epistatic (moonshot): network finds pair members", hn > 0, f"{hn} found, GLM {hg}"))

# ---- effect sizes
w("## Effect sizes (additive causal variants that the GLM finds at Bonferroni)\n")
add = [r["ID"] for r in truth if r["KIND"] == "additive" and r["ID"] in nn and r["ID"] in g]
hits = [i for i in add if (num(g[i]["P"]) or 1) < bg and num(nn[i]["NN_BETA"]) is not None]
basis = "GLM Bonferroni hits"
if len(hits) < 3:
    hits = [i for i in add if num(nn[i]["NN_BETA"]) is not None and num(g[i]["BETA"]) is not None]
    basis = "all additive causal variants (fewer than 3 GLM hits)"
if len(hits) >= 3:
    b = [num(g[i]["BETA"]) for i in hits]
    nb = [num(nn[i]["NN_BETA"]) for i in hits]
    r = stats.pearsonr(b, nb)[0]
    same = sum(1 for x, y in zip(b, nb) if x * y > 0)
    slope = sum(x * y for x, y in zip(b, nb)) / sum(x * x for x in b)
    w(f"On {len(hits)} {basis}: Pearson r(NN_BETA, GLM BETA) = {r:.3f}; same sign {same}/{len(hits)}; "
      f"NN_BETA ~ {slope:.2f} x BETA (least squares through 0).\n")
    w("| ID | true log-OR | GLM BETA | GLM P | NN_BETA | NN P | RISK_0 | RISK_1 | RISK_2 |")
    w("|---|---|---|---|---|---|---|---|---|")
    tl = {t["ID"]: t["LOG_OR"] for t in truth}
    for i in hits:
        w(f"| {i} | {tl[i]} | {num(g[i]['BETA']):.3f} | {num(g[i]['P']):.2e} | {num(nn[i]['NN_BETA']):.3f} | {nn[i]['P']} | {nn[i]['RISK_0']} | {nn[i]['RISK_1']} | {nn[i]['RISK_2']} |")
    checks.append(("effect sizes: r >= 0.9 and same signs", r >= 0.9 and same == len(hits), f"r = {r:.3f}, signs {same}/{len(hits)}"))
else:
    w("Too few additive variants with both estimates.\n")

w("\n## Verdicts\n")
w("| criterion | result | numbers |")
w("|---|---|---|")
for c, ok, s in checks:
    w(f"| {c} | {'PASS' if ok else 'FAIL'} | {s} |")
tj = f"{work}/power.train.json"
try:
    t = json.load(open(tj))
    aucs = [f.get("auc") for f in t.get("folds", [])]
    w(f"\nHeld-out AUC of the fold models (power cohort): {', '.join(f'{a:.3f}' for a in aucs if a is not None)}.")
except Exception as e:  # train.json layout is train's contract, not ours
    w(f"\n(train.json not summarised: {e})")
print("\n".join(out))
