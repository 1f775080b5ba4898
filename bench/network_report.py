#!/usr/bin/python3
"""Summarises a bench/network.sh run (issue 11 proof) into markdown on stdout."""
import glob, json, math, os, statistics, sys
from scipy import stats
from scipy.stats import rankdata
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tables import lam, num, read

work, seeds, n, m, big, seconds = sys.argv[1], sys.argv[2].split(), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
out = []
w = out.append


def auc(y, s):
    r = rankdata(s)
    n1 = sum(y)
    n0 = len(y) - n1
    return (sum(ri for ri, yi in zip(r, y) if yi == 1) - n1 * (n1 + 1) / 2) / (n1 * n0)


def logloss(y, z):
    return statistics.mean(math.log1p(math.exp(-zz)) if yy == 1 else math.log1p(math.exp(zz)) for yy, zz in zip(y, z))


def interval(k, a):
    return int(stats.binom.ppf(0.005, k, a)), int(stats.binom.ppf(0.995, k, a))


def truth(pre):
    return read(pre + ".truth.tsv")


def nn(pre):
    return {r["ID"]: r for r in read(pre + ".nn.tsv")}


def glm(pre):
    return {r["ID"]: r for r in read(pre + ".glm.tsv")}


def geno2df(pre):
    f = glob.glob(pre + ".p2.*.glm.logistic*")
    if not f:
        return {}
    return {r["ID"]: num(r["P"]) for r in read(f[0]) if r.get("TEST") == "GENO_2DF"}


def timing(pre, stage):
    try:
        e, k = open(f"{pre}.{stage}.time").read().split()
        return float(e), int(k) / 1024
    except (OSError, ValueError):
        return None, None


w("# The wide network (issue 11): baselines, power, calibration, effect sizes (bench/network.sh)\n")
w(f"Power cohorts (seeds {', '.join(seeds)}): {n:,} x {m:,} donor mosaics of the 1000 Genomes EUR genotypes in Debian's "
  "bolt-lmm-example (real LD and frequencies), 2 acting covariates, 10 additive variants (log-OR 0.18-0.35), 4 recessive, "
  "2 epistatic pairs without marginal effect (interaction log-OR 1.5-2.0); null cohorts the same without causal variants; "
  f"one null cohort of {n:,} x {big:,} variants; a 60-variant panel; snpStats `for.exercise`. `assocnet train` and "
  f"`attribute` with their defaults (the wide network). Whole study: {seconds / 60:.0f} min on 2 cores.\n")

# ------------------------------------------------------------------ AUC
w("## Held-out prediction on the same folds\n")
w("COV: logistic regression on the covariates; L1: glmnet lasso on covariates (unpenalised) + all variants, lambda.min of "
  "5-fold CV within the training folds; TRUE: logistic regression on the simulated truth's terms (additive, [g==2], "
  "g_a x g_b with main effects), fitted on the training folds; PAIRS+L1: the L1 model with the true pairs' 3x3 genotype "
  "cells added unpenalised, i.e. the wide network's design (L1 linear part + blocks for scanned pairs) if its pair search "
  "were perfect and its linear part as good as glmnet's: a ceiling for a model that must find its variants; wide: "
  "`assocnet train`. Share = (AUC - COV) / (TRUE - COV).\n")
w("| seed | COV | L1 | TRUE | PAIRS+L1 (share) | wide | wide >= L1 | share of the way |")
w("|---|---|---|---|---|---|---|---|")
auc_ok, shares, ceilings = [], [], []
for s in seeds:
    pre = f"{work}/power{s}"
    if not os.path.exists(pre + ".base.tsv"):
        continue
    base = read(pre + ".base.tsv")
    held = {r["IID"]: float(r["LOGIT"]) for r in read(pre + ".model/heldout.tsv")}
    y = [int(r["Y"]) for r in base]
    a = {c: auc(y, [float(r[c]) for r in base]) for c in ("COV", "L1", "TRUE_MODEL")}
    ceil = auc(y, [float(r["PAIRS_L1"]) for r in base]) if base[0].get("PAIRS_L1", "NA") not in ("NA", "") else None
    aw = auc(y, [held[r["IID"]] for r in base])
    share = (aw - a["COV"]) / (a["TRUE_MODEL"] - a["COV"])
    auc_ok.append(aw >= a["L1"])
    shares.append(share)
    cs = f"{ceil:.4f} ({(ceil - a['COV']) / (a['TRUE_MODEL'] - a['COV']):.0%})" if ceil is not None else "n/a"
    if ceil is not None:
        ceilings.append((ceil - a["COV"]) / (a["TRUE_MODEL"] - a["COV"]))
    w(f"| {s} | {a['COV']:.4f} | {a['L1']:.4f} | {a['TRUE_MODEL']:.4f} | {cs} | {aw:.4f} | {'yes' if aw >= a['L1'] else 'NO'} | {share:.0%} |")
w(f"\nTarget: wide >= L1 on every cohort: **{'met' if auc_ok and all(auc_ok) else 'not met'}**; >= 90% of the way from COV "
  f"to TRUE: **{'met' if shares and min(shares) >= 0.9 else 'not met'}** (mean share {statistics.mean(shares):.0%}"
  + (f"; PAIRS+L1, the ceiling, mean {statistics.mean(ceilings):.0%}" if ceilings else "") + ").\n" if shares else "")

# ------------------------------------------------------------------ power
w("## Power of the network's own test (CONTRIB_P) against the GLM\n")
w("Bonferroni over the tested variants of each cohort. GLM additive: `assocnet glm`; GLM genotypic: plink2 `--glm genotypic` "
  "GENO_2DF (2 df). Pair test: PAIR_P of `OUT.nn.pairs.tsv` below 0.05 / pairs tested (pairs whose block is constant in every fold are not tested).\n")
w("| seed | additive: GLM hits / CONTRIB_P finds of them | recessive: GLM 2-df hits / CONTRIB_P hits | epistatic members: GLM additive / CONTRIB_P | true pairs: PAIR_P below Bonferroni |")
w("|---|---|---|---|---|")
tot = dict(addG=0, addC=0, recG=0, recC=0, epiG=0, epiC=0, epiN=0, pairs=0, pairsF=0)
for s in seeds:
    pre = f"{work}/power{s}"
    if not os.path.exists(pre + ".nn.tsv"):
        continue
    t, a, g, g2 = truth(pre), nn(pre), glm(pre), geno2df(pre)
    mt = sum(1 for r in a.values() if num(r["CONTRIB_P"]) is not None)
    bf = 0.05 / mt
    addG = [r["ID"] for r in t if r["KIND"] == "additive" and r["ID"] in g and (num(g[r["ID"]]["P"]) or 1) < bf]
    addC = [i for i in addG if (num(a[i]["CONTRIB_P"]) or 1) < bf]
    rec = [r["ID"] for r in t if r["KIND"] == "recessive" and r["ID"] in a]
    recG = [i for i in rec if (g2.get(i) or 1) < bf]
    recC = [i for i in rec if (num(a[i]["CONTRIB_P"]) or 1) < bf]
    epi = [r["ID"] for r in t if r["KIND"] == "epistatic" and r["ID"] in a]
    epiG = [i for i in epi if i in g and (num(g[i]["P"]) or 1) < bf]
    epiC = [i for i in epi if (num(a[i]["CONTRIB_P"]) or 1) < bf]
    pairs = [r for r in read(pre + ".nn.pairs.tsv") if r["FOLDS"] != "0" and num(r["PAIR_P"]) is not None]
    pbf = 0.05 / max(1, len(pairs))
    tp = {tuple(sorted((r["ID"], r["PARTNER"]))) for r in t if r["KIND"] == "epistatic"}
    found = {tuple(sorted((r["ID1"], r["ID2"]))) for r in pairs if (num(r["PAIR_P"]) or 1) < pbf}
    tot["addG"] += len(addG); tot["addC"] += len(addC); tot["recG"] += len(recG); tot["recC"] += len(recC)
    tot["epiG"] += len(epiG); tot["epiC"] += len(epiC); tot["epiN"] += len(epi); tot["pairs"] += len(tp); tot["pairsF"] += len(tp & found)
    w(f"| {s} | {len(addG)} / {len(addC)} | {len(recG)} / {len(recC)} of {len(rec)} | {len(epiG)} / {len(epiC)} of {len(epi)} | {len(tp & found)} of {len(tp)} |")
if tot["epiN"]:
    w(f"| all | {tot['addG']} / {tot['addC']} ({tot['addC'] / max(1, tot['addG']):.0%}; target 80%) | {tot['recG']} / {tot['recC']} "
      f"(target CONTRIB >= GLM) | {tot['epiG']} / {tot['epiC']} of {tot['epiN']} ({tot['epiC'] / tot['epiN']:.0%}; target 75%) | "
      f"{tot['pairsF']} of {tot['pairs']} ({tot['pairsF'] / max(1, tot['pairs']):.0%}; target 75%) |\n")

# ------------------------------------------------------------------ calibration
w("## Calibration (null cohorts)\n")
w("Type-I error pooled over the null cohorts against the binomial 99% interval; lambda per cohort and their mean.\n")
w("| p-value | cohorts | tested | at 0.05 (99% interval) | at 0.001 (99% interval) | lambda per cohort | mean lambda | verdict |")
w("|---|---|---|---|---|---|---|---|")
nulls = [f"null{s}" for s in seeds] + (["bignull"] if os.path.exists(f"{work}/bignull.nn.tsv") else [])
for name, col in (("GLM P", "glm"), ("NN P", "P"), ("CONTRIB_P", "CONTRIB_P"), ("ADD_P", "ADD_P")):
    total = k05 = k001 = 0
    lams = []
    for c in nulls:
        pre = f"{work}/{c}"
        if not os.path.exists(pre + ".nn.tsv"):
            continue
        rows = read(pre + ".glm.tsv") if col == "glm" else read(pre + ".nn.tsv")
        ps = [p for p in (num(r["P" if col == "glm" else col]) for r in rows) if p is not None]
        total += len(ps); k05 += sum(p <= 0.05 for p in ps); k001 += sum(p <= 0.001 for p in ps)
        lams.append(lam(ps))
    if not total:
        continue
    a, b = interval(total, 0.05), interval(total, 0.001)
    ml = statistics.mean(lams)
    ok = a[0] <= k05 <= a[1] and b[0] <= k001 <= b[1] and 0.95 <= ml <= 1.05
    w(f"| {name} | {len(lams)} | {total:,} | {k05} ({a[0]}-{a[1]}) | {k001} ({b[0]}-{b[1]}) | {', '.join(f'{x:.3f}' for x in lams)} | {ml:.3f} | {'pass' if ok else 'FAIL'} |")
pp = []
for c in nulls:
    f = f"{work}/{c}.nn.pairs.tsv"
    if os.path.exists(f):
        # pairs whose block is constant in every fold (FOLDS 0) are not tested (PAIR_P NA since this change)
        pp += [p for p in (num(r["PAIR_P"]) for r in read(f) if r["FOLDS"] != "0") if p is not None]
if pp:
    a = interval(len(pp), 0.05)
    w(f"| PAIR_P | {len(nulls)} | {len(pp)} | {sum(p <= 0.05 for p in pp)} ({a[0]}-{a[1]}) | {sum(p <= 0.001 for p in pp)} | {lam(pp):.3f} (pooled) | | "
      f"{'pass' if a[0] <= sum(p <= 0.05 for p in pp) <= a[1] else 'FAIL'} (few pairs per cohort: 0.05 only) |")
w("")
w("With the defaults a null cohort keeps almost no pair block, so PAIR_P is tested on few null pairs here; "
  "bench/pair-calibration.sh keeps every nominated block (`train --pair-p 1 --keep-all-pairs`) and tests hundreds: "
  "bench/results/pair-calibration.md.\n")

# ------------------------------------------------------------------ effect sizes
w("## Effect sizes: NN_OR's interval and CONTRIB_P\n")
agree = total = 0
slopes = []
for c in [f"power{s}" for s in seeds] + nulls:
    f = f"{work}/{c}.nn.tsv"
    if not os.path.exists(f):
        continue
    for r in read(f):
        p, lo, hi = num(r["CONTRIB_P"]), num(r["NN_L95"]), num(r["NN_U95"])
        if p is None or lo is None or hi is None:
            continue
        total += 1
        agree += (p < 0.05) == (lo > 1 or hi < 1)
if total:
    w(f"The 95% interval excludes 1 exactly where CONTRIB_P < 0.05 for {agree:,} of {total:,} variants ({agree / total:.2%}; target 95%).\n")
rows = []
for s in seeds:
    pre = f"{work}/power{s}"
    if not os.path.exists(pre + ".nn.tsv"):
        continue
    a, g = nn(pre), glm(pre)
    for r in truth(pre):
        if r["KIND"] == "additive" and r["ID"] in a and r["ID"] in g and num(a[r["ID"]]["NN_BETA"]) is not None and num(g[r["ID"]]["BETA"]) is not None:
            rows.append((num(g[r["ID"]]["BETA"]), num(a[r["ID"]]["NN_BETA"]), float(r["LOG_OR"])))
if len(rows) > 2:
    rr = stats.pearsonr([x[0] for x in rows], [x[1] for x in rows])[0]
    sign = sum((x[0] > 0) == (x[1] > 0) for x in rows)
    w(f"Additive causal variants ({len(rows)}): NN_BETA vs GLM BETA correlation {rr:.3f}, same sign {sign} of {len(rows)}; "
      f"mean |NN_BETA| {statistics.mean(abs(x[1]) for x in rows):.3f}, mean |GLM BETA| {statistics.mean(abs(x[0]) for x in rows):.3f}, "
      f"mean true |log-OR| {statistics.mean(abs(x[2]) for x in rows):.3f}.\n")

# ------------------------------------------------------------------ panel
if os.path.exists(f"{work}/panel.nn.tsv"):
    w("## The question's regime: 60 variants\n")
    a = nn(f"{work}/panel")
    w("| variant | kind | true log-OR | RISK_0 | RISK_1 | RISK_2 | CONTRIB_P | NN_OR (95% CI) |")
    w("|---|---|---|---|---|---|---|---|")
    for r in truth(f"{work}/panel"):
        x = a.get(r["ID"])
        if x is None:
            continue
        w(f"| {r['ID']} | {r['KIND']} | {r['LOG_OR']} | {x['RISK_0']} | {x['RISK_1']} | {x['RISK_2']} | {x['CONTRIB_P']} | "
          f"{x['NN_OR']} ({x['NN_L95']}-{x['NN_U95']}) |")
    pl = read(f"{work}/panel.nn.pairs.tsv") if os.path.exists(f"{work}/panel.nn.pairs.tsv") else []
    w("")
    for r in pl[:4]:
        w(f"- pair {r['ID1']} x {r['ID2']}: PAIR_P {r['PAIR_P']} (folds {r['FOLDS']}); risks g1 x g2 = "
          + " / ".join(" ".join(r[f'RISK_{u}{v}'] for v in range(3)) for u in range(3)))
    j = json.load(open(f"{work}/panel.train.json"))
    w(f"\nHeld-out AUC of the panel network: {j['pooled']['auc']:.4f}.\n")

# ------------------------------------------------------------------ real data
if os.path.exists(f"{work}/fe.nn.tsv"):
    w("## Real genotypes: snpStats for.exercise (1,000 x 28,501, stratum as covariate)\n")
    j = json.load(open(f"{work}/fe.train.json"))
    held = read(f"{work}/fe.model/heldout.tsv")
    y = [int(r["Y"]) for r in held]
    z = [float(r["LOGIT"]) for r in held]
    prev = sum(y) / len(y)
    const = -(prev * math.log(prev) + (1 - prev) * math.log(1 - prev))
    ll = logloss(y, z)
    nj = json.load(open(f"{work}/fe.nn.json"))
    w(f"Held-out log-loss {ll:.4f} vs {const:.4f} for the constant predictor (**{'below' if ll < const else 'NOT below'}**); "
      f"AUC {j['pooled']['auc']:.4f}; calibration slope {j['pooled']['calibrationSlope']:.3f}. Lambda: P {nj['P']['lambda']:.3f}, "
      f"CONTRIB_P {nj['CONTRIB_P']['lambda']:.3f}; network pairs tested {nj.get('pairs', {}).get('tested', 0)}.\n")

# ------------------------------------------------------------------ cost
w("## Cost\n")
w("| cohort | train wall s | train peak RSS MB | attribute wall s | attribute peak RSS MB |")
w("|---|---|---|---|---|")
for c in [f"power{s}" for s in seeds[:1]] + (["bignull"] if os.path.exists(f"{work}/bignull.train.time") else []) + (["fe"] if os.path.exists(f"{work}/fe.train.time") else []):
    te, tm = timing(f"{work}/{c}", "train")
    ae, am = timing(f"{work}/{c}", "attribute")
    if te is not None:
        w(f"| {c} | {te:.0f} | {tm:.0f} | {ae:.0f} | {am:.0f} |")
print("\n".join(out))
