#!/usr/bin/python3
"""Summarises a bench/validation.sh run (one null and one power cohort per seed) into markdown on stdout."""
import json, statistics, sys
from scipy import stats
from tables import lam, num, read

work, n, m, seeds, seconds, train_args = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(), int(sys.argv[5]), sys.argv[6]
P_COLS = [("GLM P", "glm", "P"), ("NN P (headline)", "nn", "P"), ("ADD_P", "nn", "ADD_P"), ("CONTRIB_P", "nn", "CONTRIB_P"),
          ("IMPORTANCE_P", "nn", "IMPORTANCE_P")]


def glm_rows(prefix):
    out = {}
    for r in read(prefix + ".glm.tsv"):
        if r.get("TEST", "ADD") in ("ADD", ""):
            out.setdefault(r["ID"], r)
    return out


def interval(k, alpha):
    return int(stats.binom.ppf(0.005, k, alpha)), int(stats.binom.ppf(0.995, k, alpha))


def pvals(rows, col):
    return [p for p in (num(r[col]) for r in rows) if p is not None]


out = []
w = out.append
w("# Validation: network p-values and effect sizes vs the GLM (bench/validation.sh)\n")
w(f"For each of {len(seeds)} seeds ({', '.join(seeds)}): a null cohort (2 covariates acting, no causal variant) and a power "
  f"cohort (20 additive variants, log-OR 0.18-0.35; 10 recessive; 5 epistatic pairs without marginal effect), "
  f"{n:,} samples x {m:,} variants each, with LD (`assocnet simulate`, built-in founder mosaic), encoded with `--maf 0.01`; "
  f"`assocnet glm`, `assocnet train`{' ' + train_args if train_args else ''} and `assocnet attribute` with their defaults. "
  f"Wall time of the whole study: {seconds / 60:.0f} min on 2 cores.\n")

# ---------------------------------------------------------------- calibration
w("## Calibration (null cohorts)\n")
w("Type-I error counts pooled over the seeds against the binomial 99% interval; lambda per seed and its mean. Variants in "
  "LD blocks make one cohort's lambda noisy (the GLM's own lambda moves by several percent between seeds), so the "
  "verdict uses the mean over seeds.\n")
w("| p-value | tested (all seeds) | type-I at 0.05 (99% interval) | type-I at 0.001 (99% interval) | lambda per seed | mean lambda | verdict |")
w("|---|---|---|---|---|---|---|")
calib_ok = {}
rho = []
for name, kind, col in P_COLS:
    total, k05, k001, lams = 0, 0, 0, []
    for s in seeds:
        pre = f"{work}/s{s}/null"
        rows = list(glm_rows(pre).values()) if kind == "glm" else read(pre + ".nn.tsv")
        ps = pvals(rows, col)
        total += len(ps)
        k05 += sum(p <= 0.05 for p in ps)
        k001 += sum(p <= 0.001 for p in ps)
        lams.append(lam(ps))
    a, b = interval(total, 0.05), interval(total, 0.001)
    ml = statistics.mean(lams)
    ok = a[0] <= k05 <= a[1] and b[0] <= k001 <= b[1] and 0.95 <= ml <= 1.05
    calib_ok[name] = ok
    w(f"| {name} | {total:,} | {k05} = {k05 / total:.4f} ({a[0]}-{a[1]}) | {k001} = {k001 / total:.5f} ({b[0]}-{b[1]}) | "
      f"{', '.join(f'{x:.3f}' for x in lams)} | {ml:.3f} | {'PASS' if ok else 'FAIL'} |")
for s in seeds:
    fc = json.load(open(f"{work}/s{s}/null.nn.json")).get("foldCorrelation", {})
    rho.append((fc.get("rho", float("nan")), fc.get("lambdaUncorrected", float("nan"))))
w("\nCross-fold correlation rho estimated by attribute (null cohorts): "
  + ", ".join(f"{r:.3f}" for r, _ in rho) + "; lambda of STATISTICS.md 4a as written (weights sqrt(V_f), no correction): "
  + ", ".join(f"{l:.3f}" for _, l in rho) + ".\n")

# ---------------------------------------------------------------- power
w("## Power (power cohorts)\n")
w("Hits at Bonferroni 0.05 / (variants tested) in each cohort, summed over seeds. Epistatic rows count pair members.\n")
w("| kind | causal variants | GLM hits | NN P hits | ADD_P hits | CONTRIB_P hits | IMPORTANCE_P hits | NN / GLM |")
w("|---|---|---|---|---|---|---|---|")
tot = {}
per_seed = []
effect = []
aucs = []
for s in seeds:
    pre = f"{work}/s{s}/power"
    g = glm_rows(pre)
    nn = {r["ID"]: r for r in read(pre + ".nn.tsv")}
    truth = read(pre + ".truth.tsv")
    bg = 0.05 / sum(1 for r in g.values() if num(r["P"]) is not None)
    bn = 0.05 / sum(1 for r in nn.values() if num(r["P"]) is not None)
    row = {}
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
        hits = lambda col, thr, src: sum(1 for i in ids if i in src and (num(src[i][col]) or 1) < thr)
        c = [len(ids), hits("P", bg, g), hits("P", bn, nn), hits("ADD_P", bn, nn), hits("CONTRIB_P", bn, nn), hits("IMPORTANCE_P", bn, nn)]
        row[kind] = c
        t = tot.setdefault(kind, [0] * 6)
        for k in range(6):
            t[k] += c[k]
    per_seed.append((s, row))
    tl = {t["ID"]: num(t["LOG_OR"]) for t in truth}
    for t in truth:
        i = t["ID"]
        if t["KIND"] == "additive" and i in g and i in nn and (num(g[i]["P"]) or 1) < bg and num(nn[i]["NN_BETA"]) is not None:
            effect.append((s, i, tl[i], num(g[i]["BETA"]), num(g[i]["P"]), num(nn[i]["NN_BETA"]), nn[i]["P"], nn[i]["ADD_P"],
                           nn[i]["CONTRIB_P"], nn[i]["RISK_0"], nn[i]["RISK_1"], nn[i]["RISK_2"]))
    try:
        tj = json.load(open(pre + ".train.json"))
        aucs.append((s, [f.get("auc") for f in tj.get("folds", [])]))
    except Exception:
        pass
for kind, c in tot.items():
    ratio = f"{c[2] / c[1]:.2f}" if c[1] else "n/a"
    w(f"| {kind} | {c[0]} | {c[1]} | {c[2]} | {c[3]} | {c[4]} | {c[5]} | {ratio} |")
w("\nPer seed (GLM hits / NN P hits): " + "; ".join(
    f"seed {s}: " + ", ".join(f"{k} {c[1]}/{c[2]}" for k, c in row.items()) for s, row in per_seed) + ".\n")
if aucs:
    w("Held-out AUC of the fold models (power cohorts): " + "; ".join(
        f"seed {s}: " + ", ".join(f"{a:.3f}" for a in al if a is not None) for s, al in aucs) + ".\n")

checks = [("calibration: NN P (headline) type-I and mean lambda", calib_ok.get("NN P (headline)", False), "see the first table")]
if "additive" in tot:
    c = tot["additive"]
    checks.append(("additive: network finds >= 80% of the GLM's Bonferroni hits", c[1] == 0 or c[2] >= 0.8 * c[1], f"{c[2]} vs {c[1]}"))
if "recessive" in tot:
    c = tot["recessive"]
    checks.append(("recessive: network finds at least what the GLM finds", c[2] >= c[1], f"{c[2]} vs {c[1]}"))
if "epistatic" in tot:
    c = tot["epistatic"]
    checks.append(("epistatic (moonshot): network finds pair members the GLM does not", c[2] > c[1], f"NN {c[2]}, GLM {c[1]}"))

# ---------------------------------------------------------------- effect sizes
w("## Effect sizes (additive causal variants that the GLM finds at Bonferroni, all seeds)\n")
if len(effect) >= 3:
    b = [e[3] for e in effect]
    nb = [e[5] for e in effect]
    r = stats.pearsonr(b, nb)[0]
    same = sum(1 for x, y in zip(b, nb) if x * y > 0)
    slope = sum(x * y for x, y in zip(b, nb)) / sum(x * x for x in b)
    w(f"On {len(effect)} hits: Pearson r(NN_BETA, GLM BETA) = {r:.3f}; same sign {same}/{len(effect)}; NN_BETA ~ {slope:.2f} x BETA "
      "(least squares through 0: the network's per-allele log-odds are shrunk by its regularisation).\n")
    w("| seed | ID | true log-OR | GLM BETA | GLM P | NN_BETA | NN P | ADD_P | CONTRIB_P | RISK_0 | RISK_1 | RISK_2 |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for e in effect:
        w(f"| {e[0]} | {e[1]} | {e[2]:.4f} | {e[3]:.3f} | {e[4]:.2e} | {e[5]:.3f} | {e[6]} | {e[7]} | {e[8]} | {e[9]} | {e[10]} | {e[11]} |")
    checks.append(("effect sizes: r >= 0.9 and same signs", r >= 0.9 and same == len(effect), f"r = {r:.3f}, signs {same}/{len(effect)}"))
else:
    w("Fewer than 3 GLM hits: no comparison.\n")

w("\n## Verdicts\n")
w("| criterion | result | numbers |")
w("|---|---|---|")
for c, ok, s in checks:
    w(f"| {c} | {'PASS' if ok else 'FAIL'} | {s} |")
print("\n".join(out))
