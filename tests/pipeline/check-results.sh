#!/usr/bin/env bash
# Checks the published results of one real pipeline run.
# Usage: tests/pipeline/check-results.sh OUTDIR TRUTH.tsv [--skip-nn]
#  - every expected file is there and non-empty
#  - merged glm.tsv: FORMATS.md header; rows = sum of the chunk glm.tsv rows; P and Q_BH in [0,1]
#  - nn.tsv (unless --skip-nn): same variants as glm.tsv
#  - every simulated additive effect of truth.tsv reaches P < 5e-8 in the merged glm.tsv (test-data/README.md:
#    PLINK 2 finds all five at 1e-11..1.2e-8)
#  - report: assoc.tsv one row per variant, self-contained HTML, summary JSON, plots
set -euo pipefail
out="$1"; truth="$2"; skip_nn=0; [[ "${3:-}" == --skip-nn ]] && skip_nn=1
fail() { echo "check-results: FAIL: $*" >&2; exit 1; }
ok() { echo "check-results: ok: $*" >&2; }
need() { for f in "$@"; do [[ -s "$out/$f" ]] || fail "missing or empty: $out/$f"; done; }

need assocnet.glm.tsv assocnet.glm.ssf.tsv assocnet.glm.ssf.tsv-meta.yaml assocnet.merge.json \
     report/assocnet.assoc.tsv report/assocnet.report.html report/assocnet.summary.json \
     pipeline_info/software_versions.yml
[[ -d "$out/report/assocnet.plots" ]] || fail "no report/assocnet.plots/"
ls "$out"/report/assocnet.plots/*.png >/dev/null 2>&1 || fail "no PNG in report/assocnet.plots/"
grep -q 'assocnet:' "$out/pipeline_info/software_versions.yml" || fail "software_versions.yml lacks assocnet"
ok "published files present"

glm="$out/assocnet.glm.tsv"
want='#CHROM	POS	ID	REF	ALT	A1	A1_FREQ	A1_CASE_CT	A1_CTRL_CT	FIRTH?	TEST	OBS_CT	BETA	OR	LOG(OR)_SE	L95	U95	Z_STAT	P	ERRCODE	Q_BH'
[[ "$(head -n1 "$glm")" == "$want" ]] || fail "glm.tsv header is '$(head -n1 "$glm")', expected FORMATS.md's"
rows=$(( $(wc -l < "$glm") - 1 ))
(( rows > 0 )) || fail "glm.tsv has no rows"
chunk_rows=0
for f in "$out"/chunks/*/*.glm.tsv; do chunk_rows=$(( chunk_rows + $(wc -l < "$f") - 1 )); done
(( rows == chunk_rows )) || fail "merged glm.tsv has $rows rows, the chunks $chunk_rows"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { p = $c["P"]; q = $c["Q_BH"]
    if (p != "NA" && (p < 0 || p > 1)) { print "bad P at line " NR ": " p; exit 1 }
    if (q != "NA" && (q < 0 || q > 1)) { print "bad Q_BH at line " NR ": " q; exit 1 }
    if (p != "NA" && q != "NA" && q + 1e-12 < p) { print "Q_BH < P at line " NR; exit 1 } }' "$glm" \
  || fail "P/Q_BH out of range"
# sorted by chromosome then position (chromosome order as first seen, positions ascending)
awk -F'\t' 'NR > 1 { if ($1 == chr && $2 + 0 < pos) { print "unsorted at line " NR; exit 1 }
  if ($1 != chr) { if (seen[$1]++) { print "chromosome " $1 " not contiguous"; exit 1 } chr = $1 } pos = $2 + 0 }' "$glm" \
  || fail "glm.tsv not sorted by chrom/pos"
ok "glm.tsv: $rows variants, header, ranges, order"

# known hits: the additive truth variants must reach P < 5e-8
hits=$(awk -F'\t' -v glm="$glm" '
  BEGIN { while ((getline l < glm) > 0) { split(l, f, "\t"); if (f[1] ~ /^#/) { for (i in f) c[f[i]] = i; continue }
          p[f[c["ID"]]] = f[c["P"]] } }
  NR == 1 { for (i = 1; i <= NF; i++) { h = $i; sub(/^#/, "", h); t[h] = i }; next }
  $t["KIND"] == "additive" { n++; id[n] = $t["ID"]; b = $t["LOG_OR"] + 0; a[n] = b < 0 ? -b : b }
  END { k = n; good = 0
        for (i = 1; i <= k; i++) { pv = (id[i] in p) ? p[id[i]] : "absent"; printf "%s|LOG_OR=%.3f|P=%s\n", id[i], a[i], pv > "/dev/stderr"
                                   if (pv != "absent" && pv != "NA" && pv + 0 < 5e-8) good++ }
        print good " " k }' "$truth")
read -r good k <<<"$hits"
(( k > 0 )) || fail "truth.tsv has no additive variants"
(( good == k )) || fail "only $good of the $k additive truth variants have P < 5e-8 in glm.tsv"
ok "$good/$k simulated additive effects at P < 5e-8"

assoc_rows=$(( $(wc -l < "$out/report/assocnet.assoc.tsv") - 1 ))
(( assoc_rows == rows )) || fail "assoc.tsv has $assoc_rows rows, glm.tsv $rows"
grep -qi '<html' "$out/report/assocnet.report.html" || fail "report.html is not HTML"
if grep -Eq '(src|href)="https?://' "$out/report/assocnet.report.html"; then fail "report.html loads external resources"; fi
ok "report: assoc.tsv rows, self-contained HTML"

if (( ! skip_nn )); then
  need assocnet.nn.tsv
  nn_rows=$(( $(wc -l < "$out/assocnet.nn.tsv") - 1 ))
  (( nn_rows == rows )) || fail "nn.tsv has $nn_rows rows, glm.tsv $rows"
  head -n1 "$out/assocnet.nn.tsv" | grep -q 'NN_BETA' || fail "nn.tsv header lacks NN_BETA"
  head -n1 "$out/assocnet.nn.tsv" | grep -q 'NN_Q' || fail "nn.tsv header lacks NN_Q"
  diff <(cut -f1-3 "$glm" | tail -n +2) <(cut -f1-3 "$out/assocnet.nn.tsv" | tail -n +2) >/dev/null \
    || fail "nn.tsv and glm.tsv list different variants"
  ls -d "$out"/models/*.model >/dev/null 2>&1 || fail "no models published"
  ok "nn.tsv: $nn_rows variants, same as glm.tsv"
fi
echo "check-results: all checks passed for $out" >&2
