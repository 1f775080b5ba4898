#!/usr/bin/python3
"""Compare an assocnet glm.tsv with a plink2 .glm.logistic.hybrid (ADD rows) variant by variant, and refit
the most different variants with R glm() as arbiter. Prints a markdown section.
Usage: compare_glm.py NAME ASSOCNET_TSV PLINK2_TSV BFILE COVAR_TSV"""
import math
import os
import subprocess
import sys

name, a_path, p_path, bfile, covar = sys.argv[1:6]


def load(path):
    rows = {}
    with open(path) as f:
        h = f.readline().rstrip('\n').split('\t')
        ix = {c: i for i, c in enumerate(h)}
        for line in f:
            v = line.rstrip('\n').split('\t')
            if v[ix['TEST']] != 'ADD':
                continue
            get = lambda c: v[ix[c]] if c in ix else 'NA'
            rows[v[ix['ID']]] = dict(a1=get('A1'), orr=get('OR'), beta=get('BETA'), se=get('LOG(OR)_SE') if 'LOG(OR)_SE' in ix else get('SE'), p=get('P'), z=get('Z_STAT'),
                                     firth=get('FIRTH?'), err=get('ERRCODE'), n=get('OBS_CT'))
    return rows


def num(s):
    try:
        return float(s)
    except ValueError:
        return float('nan')


a, p = load(a_path), load(p_path)
common = [k for k in a if k in p]
both = []
err_diff = []
firth_a = sum(1 for r in a.values() if r['firth'] == 'Y')
firth_p = sum(1 for r in p.values() if r['firth'] == 'Y')
for k in common:
    ra, rp = a[k], p[k]
    if ra['err'] != rp['err'] or ra['a1'] != rp['a1']:
        err_diff.append((k, ra['err'], rp['err']))
        continue
    if (ra['orr'] == 'NA' and ra['beta'] == 'NA') or (rp['orr'] == 'NA' and rp['beta'] == 'NA'):
        continue
    # BETA when the table has it (6 significant digits of BETA, not of OR, which would limit BETA near 0)
    ba = num(ra['beta']) if ra['beta'] != 'NA' else math.log(num(ra['orr']))
    bp = num(rp['beta']) if rp['beta'] != 'NA' else math.log(num(rp['orr']))
    sa, sp = num(ra['se']), num(rp['se'])
    pa, pp = num(ra['p']), num(rp['p'])
    dlp = abs(math.log10(pa) - math.log10(pp)) if pa > 0 and pp > 0 else float('nan')
    both.append((k, abs(ba - bp), abs(sa - sp) / sp, dlp, ra, rp, ba, bp))

print(f"## {name}")
print()
print(f"{len(a)} variants in assocnet, {len(p)} in plink2, {len(common)} in both; fitted by both: {len(both)}; "
      f"ERRCODE or A1 differ: {len(err_diff)}; Firth rows: assocnet {firth_a}, plink2 {firth_p}.")
plain = [x for x in both if x[4]['firth'] == 'N' and x[5]['firth'] == 'N']
if plain:
    print(f"Plain (non-Firth) fits in both: {len(plain)}; max |BETA difference| {max(x[1] for x in plain):.3g}, "
          f"max relative SE difference {max(x[2] for x in plain):.3g}, "
          f"max |log10 P difference| {max((x[3] for x in plain if not math.isnan(x[3])), default=float('nan')):.3g}.")
if both:
    print("All rows fitted by both (incl. Firth, where plink2 reports a Wald P and assocnet the penalised LRT P):")
    mb = max(x[1] for x in both)
    ms = max(x[2] for x in both)
    ml = max((x[3] for x in both if not math.isnan(x[3])), default=float('nan'))
    med_b = sorted(x[1] for x in both)[len(both) // 2]
    print(f"Max |BETA difference| {mb:.3g} (median {med_b:.3g}); max relative SE difference {ms:.3g}; max |log10 P difference| {ml:.3g}.")
print()
if err_diff:
    print("ERRCODE differences (first 10): " + ", ".join(f"{k}: assocnet {x} / plink2 {y}" for k, x, y in err_diff[:10]))
    print()

# arbiter: R glm on the 6 variants with the largest BETA differences
# the arbiter is R's ML fit, so it judges the plain (non-Firth) rows; Firth rows are listed without it
top = sorted(plain, key=lambda x: -x[1])[:6] + sorted([x for x in both if x not in plain], key=lambda x: -x[1])[:3]
if top:
    ids = [x[0] for x in top]
    with open(f'top_{name}.txt', 'w') as f:
        f.write('\n'.join(ids) + '\n')
    subprocess.run(['plink2', '--bfile', bfile, '--extract', f'top_{name}.txt', '--export', 'A',
                    '--out', f'top_{name}'], check=True, stdout=subprocess.DEVNULL)
    # plink2 --export A counts the first allele of --export-allele, default: REF -> count ALT by 2 - x
    rscript = f'''
raw <- read.table("top_{name}.raw", header = TRUE, check.names = FALSE)
cv <- read.table("{covar}", header = FALSE, comment.char = "", skip = 1)
names(cv) <- c("FID", "IID", paste0("C", seq_len(ncol(cv) - 2)))
d <- merge(raw, cv, by = c("FID", "IID"))
d <- d[d$PHENOTYPE %in% c(1, 2), ]
y <- d$PHENOTYPE - 1
covs <- as.matrix(d[, grep("^C[0-9]+$", names(d)), drop = FALSE])
covs <- scale(covs)
for (col in names(raw)[-(1:6)]) {{
  g <- d[[col]]
  id <- sub("_[^_]*$", "", col)
  counted <- sub("^.*_", "", col)
  m <- glm(y ~ covs + g, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))
  s <- summary(m)$coefficients["g", ]
  cat(id, counted, sprintf("%.10g", s[1]), sprintf("%.10g", s[2]), sprintf("%.6g", s[4]), m$converged, "\\n")
}}
'''
    res = subprocess.run(['Rscript', '-e', rscript], capture_output=True, text=True)
    rrows = {}
    for line in res.stdout.splitlines():
        v = line.split()
        if len(v) >= 6:
            rrows[v[0]] = v
    print("Largest BETA differences among plain fits, with R glm() on the same samples as arbiter (BETA for ALT),"
          " then the largest among Firth rows (R's ML fit diverges there: NA):")
    print()
    print("| ID | assocnet BETA | plink2 BETA | R BETA | assocnet SE | plink2 SE | R SE | assocnet P | plink2 P | R P | Firth a/p |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for k, db, ds, dl, ra, rp, ba, bp in top:
        r = rrows.get(k)
        rb = rse = rpv = 'NA'
        if r is not None and ra['firth'] == 'N':
            sign = 1.0 if r[1] == ra['a1'] else -1.0
            rb = f"{sign * float(r[2]):.8g}"
            rse = f"{float(r[3]):.8g}"
            rpv = r[4]
        print(f"| {k} | {ba:.8g} | {bp:.8g} | {rb} | {ra['se']} | {rp['se']} | {rse} | {ra['p']} | {rp['p']} | {rpv} | {ra['firth']}/{rp['firth']} |")
    if res.returncode != 0:
        print()
        print("R arbiter failed: " + res.stderr.strip().splitlines()[-1] if res.stderr.strip() else "R failed")
