#!/usr/bin/python3
"""Summarises a bench/conditional.sh run (attribute --null marginal vs conditional) into markdown on stdout."""
import json, math, os, sys
from scipy import stats
from tables import lam, num, read

work, seed = sys.argv[1], sys.argv[2]
W = 5
THRESH = 1e-4


def wall(prefix):
    try:
        with open(prefix + ".wall") as f:
            return float(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        return json.load(open(prefix + ".nn.json"))["timings"]["totalSeconds"]


power = os.path.join(work, "power")
null = os.path.join(work, "null")
truth = read(power + ".truth.tsv")
causal = {t["ID"]: t for t in truth}
additive = [t["ID"] for t in truth if t["KIND"] == "additive"]
glm = {}
for r in read(power + ".glm.tsv"):
    glm.setdefault(r["ID"], r)
modes = ("marginal", "conditional")
nn = {m: read(power + "." + m + ".nn.tsv") for m in modes}
ids = [r["ID"] for r in nn["marginal"]]
at = {v: i for i, v in enumerate(ids)}
# LD neighbours of the additive causal variants: cohort variants within +-W positions that are not causal (any kind)
neighbours = []
for c in additive:
    if c not in at:
        continue
    i = at[c]
    for k in range(max(0, i - W), min(len(ids), i + W + 1)):
        if k != i and ids[k] not in causal and ids[k] not in neighbours:
            neighbours.append(ids[k])


def count(mode, group, col):
    rows = {r["ID"]: r for r in nn[mode]}
    vals = [num(rows[v][col]) for v in group if v in rows]
    tested = [p for p in vals if p is not None]
    return sum(p < THRESH for p in tested), len(tested)


def glm_count(group):
    vals = [num(glm[v]["P"]) for v in group if v in glm]
    tested = [p for p in vals if p is not None]
    return sum(p < THRESH for p in tested), len(tested)


print("# attribute --null marginal vs --null conditional (bench/conditional.sh)\n")
print(f"Cohorts of bench/validation.sh, seed {seed}: 3,000 samples x 8,000 variants (`assocnet simulate`, built-in LD blocks,"
      " 2 covariates acting), encoded with `--maf 0.01`, `assocnet glm` and `assocnet train` with defaults, then `assocnet"
      " attribute --threads 2 --seed " + seed + "` with `--null marginal` and with `--null conditional` (`--cond-window 5`)"
      " on the same model. 2 shared cores: timings are indicative.\n")
print("## Additive causal variants and their LD neighbours: how many have P < 1e-4\n")
ag, an_ = glm_count(additive)
ng, nn_ = glm_count(neighbours)
print(f"LD neighbours = cohort variants within +-{W} positions of an additive causal variant that are not causal"
      f" ({len(neighbours)} variants). GLM P < 1e-4 for reference: additive {ag} of {an_}, neighbours {ng} of {nn_}.\n")
print("| column | additive causal: marginal | additive causal: conditional | LD neighbours: marginal | LD neighbours: conditional |")
print("|---|---|---|---|---|")
for col in ("P", "ADD_P", "CONTRIB_P"):
    cells = []
    for group in (additive, neighbours):
        for m in modes:
            k, t = count(m, group, col)
            cells.append(f"{k} of {t}")
    print(f"| {col} | " + " | ".join(cells) + " |")
print()
print("Per additive causal variant: how well its +-5 neighbours predict its dosage (largest pairwise r^2; R^2 of the linear"
      " regression on all of them, which is what the conditional genotype model can use), GLM P, then P / ADD_P in each"
      " mode; the smallest P among its non-causal neighbours in each mode. The GLM adjusted for the same neighbours"
      " (statsmodels Logit, y ~ covariates + g + the +-5 variants, Wald P) is the classical conditional analysis that"
      " --null conditional is the network's counterpart of:\n")
print("| ID | true log-OR | max r^2 with a variant within +-5 | R^2 on the +-5 variants jointly | GLM P | GLM P scaled to the conditional information, 2 Phi(-abs(z) sqrt(1 - R^2)) | GLM P adjusted for the +-5 neighbours | P marginal | P conditional | ADD_P marginal | ADD_P conditional | min neighbour P marginal | min neighbour P conditional |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
rows = {m: {r["ID"]: r for r in nn[m]} for m in modes}
adjusted = {}


def dosages(vcf, wanted):
    """ALT dosages (GT) of the wanted IDs from the simulated VCF."""
    import gzip
    out = {}
    with gzip.open(vcf, "rt") as f:
        for line in f:
            if line.startswith("#"):
                continue
            a = line.split("\t", 9)
            if a[2] not in wanted:
                continue
            g = []
            for gt in a[9].rstrip("\n").split("\t"):
                gt = gt.split(":")[0]
                g.append(None if "." in gt else gt.count("1"))
            out[a[2]] = g
    return out


def r2(x, y):
    pairs = [(a, b) for a, b in zip(x, y) if a is not None and b is not None]
    n = len(pairs)
    mx = sum(a for a, _ in pairs) / n
    my = sum(b for _, b in pairs) / n
    sxy = sum((a - mx) * (b - my) for a, b in pairs)
    sxx = sum((a - mx) ** 2 for a, _ in pairs)
    syy = sum((b - my) ** 2 for _, b in pairs)
    return sxy * sxy / (sxx * syy) if sxx > 0 and syy > 0 else float("nan")


def multi_r2(y, xs):
    """R^2 of the linear regression of y on the columns xs (samples with a missing value dropped)."""
    import numpy as np
    keep = [i for i in range(len(y)) if y[i] is not None and all(x[i] is not None for x in xs)]
    Y = np.array([y[i] for i in keep], float)
    X = np.column_stack([np.ones(len(keep))] + [np.array([x[i] for i in keep], float) for x in xs])
    beta, *_ = np.linalg.lstsq(X, Y, rcond=None)
    res = Y - X @ beta
    return 1 - (res @ res) / ((Y - Y.mean()) @ (Y - Y.mean()))


def samples(prefix):
    """y and covariate columns (as encode wrote them: PREFIX.samples.tsv) by IID."""
    out = {}
    for r in read(prefix + ".samples.tsv"):
        out[r["IID"]] = [float(r[k]) for k in list(r)[2:]]
    return out


def vcf_iids(vcf):
    import gzip
    with gzip.open(vcf, "rt") as f:
        for line in f:
            if line.startswith("#CHROM"):
                return line.rstrip("\n").split("\t")[9:]


def glm_adjusted_p(y, covs, g, nbs):
    """Wald P of g in the logistic GLM y ~ 1 + covariates + g + neighbours (statsmodels), complete cases."""
    import numpy as np
    import statsmodels.api as sm
    keep = [i for i in range(len(y)) if g[i] is not None and all(x[i] is not None for x in nbs)]
    X = np.column_stack([np.ones(len(keep))] + [np.array([c[i] for i in keep]) for c in covs]
                        + [np.array([g[i] for i in keep], float)] + [np.array([x[i] for i in keep], float) for x in nbs])
    Y = np.array([y[i] for i in keep], float)
    k = 1 + len(covs)
    # drop neighbour columns that duplicate earlier ones (perfect LD), as a GLM would alias them
    cols = list(range(X.shape[1]))
    Q = []
    kept = []
    for c in cols:
        v = X[:, c].copy()
        for q in Q:
            v -= (q @ v) * q
        if np.linalg.norm(v) > 1e-8 * max(1.0, np.linalg.norm(X[:, c])):
            Q.append(v / np.linalg.norm(v))
            kept.append(c)
        elif c == k:
            return float("nan")
    fit = sm.Logit(Y, X[:, kept]).fit(disp=0, maxiter=100)
    return float(fit.pvalues[kept.index(k)])


wanted = set(additive)
for c in additive:
    if c in at:
        i = at[c]
        wanted.update(ids[max(0, i - 2 * W):i + 2 * W + 1])
dos = dosages(power + ".vcf.gz", wanted)
smp = samples(power)
order = vcf_iids(power + ".vcf.gz")
yv = [smp[i][0] for i in order]
covs = [[smp[i][k] for i in order] for k in range(1, len(next(iter(smp.values()))))]
for c in additive:
    if c not in at:
        print(f"| {c} | {causal[c]['LOG_OR']} | | | not in cohort (MAF filter) | | | | | | | | |")
        continue
    i = at[c]
    nb = [ids[k] for k in range(max(0, i - W), min(len(ids), i + W + 1)) if k != i and ids[k] not in causal]

    def mn(m):
        v = [num(rows[m][x]["P"]) for x in nb]
        v = [p for p in v if p is not None]
        return f"{min(v):.2e}" if v else "NA"

    def f(m, col):
        v = num(rows[m][c][col])
        return f"{v:.2e}" if v is not None else "NA"

    gp = num(glm[c]["P"]) if c in glm else None
    rr = max((r2(dos[c], dos[x]) for x in ids[max(0, i - W):i + W + 1] if x != c and x in dos), default=float("nan"))
    nbs = [dos[x] for x in ids[max(0, i - W):i + W + 1] if x != c and x in dos]
    mr = multi_r2(dos[c], nbs) if nbs else float("nan")
    print(f"| {c} | {causal[c]['LOG_OR']} | {rr:.2f} | {mr:.2f} | {gp:.2e} | {2 * stats.norm.sf(stats.norm.isf(gp / 2) * math.sqrt(max(0.0, 1 - mr))):.2e} | {adjusted.setdefault(c, glm_adjusted_p(yv, covs, dos[c], nbs)):.2e} | {f('marginal', 'P')} | {f('conditional', 'P')} | {f('marginal', 'ADD_P')}"
          f" | {f('conditional', 'ADD_P')} | {mn('marginal')} | {mn('conditional')} |")
for v in neighbours:
    i = at[v]
    nbs = [dos[x] for x in ids[max(0, i - W):i + W + 1] if x != v and x in dos]
    adjusted[v] = glm_adjusted_p(yv, covs, dos[v], nbs)
print()
ka = sum(1 for c in additive if c in adjusted and adjusted[c] < THRESH)
kn = sum(1 for v in neighbours if adjusted[v] < THRESH)
print(f"GLM adjusted for the +-5 variants around the tested one (the same conditioning set): P < 1e-4 in {ka} of"
      f" {sum(1 for c in additive if c in adjusted)} additive causal variants and {kn} of {len(neighbours)} LD neighbours.")
pairs = [(adjusted[v], num(rows["conditional"][v]["ADD_P"])) for v in list(adjusted) if num(rows["conditional"][v]["ADD_P"]) is not None
         and math.isfinite(adjusted[v])]
rho = stats.spearmanr([a for a, _ in pairs], [b for _, b in pairs])[0]
pm = [(adjusted[v], num(rows["marginal"][v]["ADD_P"])) for v in list(adjusted) if num(rows["marginal"][v]["ADD_P"]) is not None
      and math.isfinite(adjusted[v])]
rhom = stats.spearmanr([a for a, _ in pm], [b for _, b in pm])[0]
print(f"Spearman correlation with the adjusted GLM P over these {len(pairs)} variants: conditional ADD_P {rho:.2f},"
      f" marginal ADD_P {rhom:.2f}.")
print()
print("## Null cohort (no causal variant, covariates acting): genomic-control lambda\n")
print("| column | tested | lambda marginal | lambda conditional | P < 0.05 marginal | P < 0.05 conditional | P < 1e-3 marginal | P < 1e-3 conditional |")
print("|---|---|---|---|---|---|---|---|")
nrows = {m: read(null + "." + m + ".nn.tsv") for m in modes}
for col in ("P", "ADD_P", "CONTRIB_P"):
    cells = []
    vals = {m: [num(r[col]) for r in nrows[m]] for m in modes}
    l = {m: lam(vals[m]) for m in modes}
    cnt = lambda m, a: sum(1 for p in vals[m] if p is not None and p < a)
    print(f"| {col} | {sum(p is not None for p in vals['marginal'])} | {l['marginal']:.3f} | {l['conditional']:.3f} | {cnt('marginal', 0.05)} | {cnt('conditional', 0.05)}"
          f" | {cnt('marginal', 1e-3)} | {cnt('conditional', 1e-3)} |")
print()
print("## Cost\n")
print("| cohort | attribute wall s, marginal | attribute wall s, conditional | variant-loop CPU s, marginal | variant-loop CPU s, conditional | genotype-model CPU s (neighbour reads + fits) | models fitted | fell back to marginal |")
print("|---|---|---|---|---|---|---|---|")
for name, prefix in (("power", power), ("null", null)):
    jm = json.load(open(prefix + ".marginal.nn.json"))
    jc = json.load(open(prefix + ".conditional.nn.json"))
    cn = jc["conditional"]
    print(f"| {name} | {wall(prefix + '.marginal'):.0f} | {wall(prefix + '.conditional'):.0f} | {jm['timings']['variantCpuSeconds']:.0f}"
          f" | {jc['timings']['variantCpuSeconds']:.0f} | {cn['cpuSeconds']:.1f} | {cn['genotypeModelsFitted']} | {cn['fellBackToMarginal']} |")
base = os.environ.get("BASELINE_DIR")
if base:
    import filecmp
    print()
    print("## Marginal mode unchanged\n")
    for name, prefix in (("power", power), ("null", null)):
        ref = os.path.join(base, name + ".base.nn.tsv")
        same = filecmp.cmp(prefix + ".marginal.nn.tsv", ref, shallow=False)
        print(f"- {name}: `--null marginal` table {'byte-identical' if same else 'DIFFERENT'} to attribute built from the commit"
              " before --null conditional (same cohort, model, seed); the JSON differs only in timings and the cohort/model paths.")
print()
print("""## Reading these numbers

- The LD neighbours of the additive causal variants are what `--null conditional` is for: marginally they are associated
  with y because they tag a causal variant (P < 1e-4: 10 of 200 by P, 14 by ADD_P), given their +-5 neighbours none is.
- The causal variants lose most of their signal too, and that is the data, not the method: in the simulator's founder
  mosaic the +-5 neighbours predict a causal dosage with R^2 up to 0.95, leaving a z about sqrt(1 - R^2) times the
  marginal one (the "scaled" column), and the classical conditional analysis (the GLM adjusted for the same neighbours)
  finds no causal variant at 1e-4 either; conditional ADD_P follows that adjusted GLM P (Spearman correlation above)
  and marginal ADD_P does not. With LD this strong, conditioning on a window cannot tell a causal variant from its
  proxies; the unit test (ConditionalCalibrationTest: r^2 0.8 between causal and tag, log-OR 1, n = 1,500) shows the
  causal variant kept (P 2e-6) while the tag goes to 0.67.
- On the null cohort conditional mode is calibrated (type-I at 0.05 and 1e-3 as in marginal mode; P lambda a little
  lower, 0.92, on the conservative side).
- Cost: the genotype models (one Newton fit per variant on 3,000 samples and 13 columns, plus reading the neighbour
  columns) take about 30 CPU seconds for 7,000 variants, i.e. +40-50% of the variant loop's CPU; wall times on this
  shared 2-core machine are indicative only.

## Commands

```
CONDITIONAL_DIR=/tmp/cond-work/cbench BASELINE_DIR=/tmp/cond-work/bench bench/conditional.sh 11
```
which runs, for each cohort (power: `--additive 20 --recessive 10 --epistatic-pairs 5`; null: `--additive 0 --dominant 0
--recessive 0 --epistatic-pairs 0`):
```
assocnet simulate --samples 3000 --variants 8000 --seed 11 --covariates 2 <kind> --out D
assocnet encode --vcf D.vcf.gz --pheno D.pheno.tsv --covar D.covar.tsv --maf 0.01 --out D
assocnet glm --cohort D --out D --threads 2
assocnet train --cohort D --out D --threads 2 --seed 11
assocnet attribute --cohort D --model D.model --out D.marginal --threads 2 --seed 11 --null marginal
assocnet attribute --cohort D --model D.model --out D.conditional --threads 2 --seed 11 --null conditional
/usr/bin/python3 bench/conditional_report.py D_DIR 11 > bench/results/conditional.md
```
(the cohorts and models were made with the attribute of the commit before this change, as `BASELINE_DIR/*.base.nn.tsv`
were; simulate/encode/glm/train did not change.)""")
