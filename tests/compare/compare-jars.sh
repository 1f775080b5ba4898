#!/usr/bin/env bash
# Behaviour check for refactoring: runs every CLI stage on the shipped test-data with two assocnet jars and
# compares what they wrote. TSV, SVG, HTML, YAML and the model's folds.tsv / heldout.tsv must be byte-identical;
# the fold-*.zip networks must hold identical entries; JSON files must be equal once the documented header keys
# (docs/FORMATS.md: stage, version, versions; before the harmonisation also command, tool, assocnet_version)
# and machine-dependent values
# (timings, *Seconds, *PerSecond, peakRssBytes) are set aside, in the JSON and in the report's table of them.
# Usage: tests/compare/compare-jars.sh JAR_A JAR_B [SCRATCH]      (exit 0 = same behaviour; env REUSE=1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar_a="$(realpath "$1")"; jar_b="$(realpath "$2")"
scratch="${3:-$(mktemp -d /tmp/assocnet-compare.XXXXXX)}"
mkdir -p "$scratch"
td="$root/test-data"

run_chain() { # JAR DIR
  local jar="$1" dir="$2"
  rm -rf "$dir"; mkdir -p "$dir"
  local an=(env ASSOCNET_JAR="$jar" "$root/bin/assocnet")
  (
    cd "$dir"
    "${an[@]}" encode --vcf "$td/cohort.vcf.gz" --pheno "$td/pheno.tsv" --covar "$td/covar.tsv" --region 1 --out c
    "${an[@]}" glm --cohort c --out c
    "${an[@]}" train --cohort c --out c --folds 3 --hidden 16 --epochs 20 --seed 7 --threads 1
    "${an[@]}" attribute --cohort c --model c.model --out c --draws 3 --threads 1
    "${an[@]}" merge --glm c.glm.tsv --nn c.nn.tsv --train c.train.json --encode c.encode.json --out m
    "${an[@]}" report --glm m.glm.tsv --nn m.nn.tsv --train c.train.json --encode c.encode.json --out r
  ) > "$dir.log" 2>&1 || { echo "compare-jars: $jar failed, see $dir.log" >&2; tail -5 "$dir.log" >&2; exit 1; }
}

# REUSE=1 compares the runs already in SCRATCH (after a change to the comparison itself)
if [[ "${REUSE:-0}" != 1 ]]; then
  run_chain "$jar_a" "$scratch/a"
  run_chain "$jar_b" "$scratch/b"
fi

/usr/bin/python3 - "$scratch/a" "$scratch/b" <<'EOF'
import json, os, re, sys, zipfile
a, b = sys.argv[1], sys.argv[2]
HEADER = {"stage", "version", "command", "tool", "assocnet_version", "versions"}
TIMING = re.compile(r"(Seconds|seconds|PerSecond|PerCpuSecond|peakRss)")
# the report's table of input-JSON values shows the timings too: mask their value cells
HTML_TIMING = re.compile(r'(<td>[^<]*(?:Seconds|seconds|PerSecond|PerCpuSecond|peakRss)[^<]*</td>\s*<td class="n">)[^<]*(</td>)')
# ... and the input JSONs' header keys (a row per key: file, key, value)
HTML_HEADER = re.compile(r'<tr><td>[^<]*</td><td>(?:stage|version|tool|command|assocnet_version)(?:\.[^<]*)?</td><td class="n">[^<]*</td></tr>\s*')
def files(d):
    out = set()
    for r, _, fs in os.walk(d):
        for f in fs:
            out.add(os.path.relpath(os.path.join(r, f), d))
    return out
def scrub(v, path=()):
    if isinstance(v, dict):
        return {k: scrub(x, path + (k,)) for k, x in v.items()
                if k not in HEADER and k not in ("timings", "peakRssBytes")
                and not TIMING.search(k)}
    if isinstance(v, list):
        return [scrub(x, path) for x in v]
    return v
fa, fb = files(a), files(b)
bad = []
if fa != fb:
    bad.append("file sets differ: only in A %s, only in B %s" % (sorted(fa - fb), sorted(fb - fa)))
for f in sorted(fa & fb):
    pa, pb = os.path.join(a, f), os.path.join(b, f)
    if f.endswith(".json"):
        if scrub(json.load(open(pa))) != scrub(json.load(open(pb))):
            bad.append(f + ": JSON differs beyond the header and timings")
    elif f.endswith(".zip"):
        za, zb = zipfile.ZipFile(pa), zipfile.ZipFile(pb)
        if sorted(za.namelist()) != sorted(zb.namelist()) or any(za.read(n) != zb.read(n) for n in za.namelist()):
            bad.append(f + ": zip entries differ")
    elif f.endswith(".html"):
        ha, hb = (HTML_HEADER.sub("", HTML_TIMING.sub(r"\1\2", open(p, encoding="utf-8").read())) for p in (pa, pb))
        if ha != hb:
            bad.append(f + ": HTML differs beyond the timing cells")
    elif open(pa, "rb").read() != open(pb, "rb").read():
        bad.append(f + ": bytes differ")
for m in bad:
    print("DIFF", m)
print("compare-jars: %d files compared, %d differ" % (len(fa & fb), len(bad)))
sys.exit(1 if bad else 0)
EOF
