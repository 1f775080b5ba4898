#!/usr/bin/env bash
# Wall time of `assocnet simulate` for 5,000 samples x 50,000 variants (GT only, and with --dosages), at the
# default BGZF level 5 and at level 1, plus the time plink2 needs just to read the result (a reference point).
# Usage: bench/simulate-speed.sh [workdir]   -> prints a Markdown table (see bench/results/simulate-speed.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
# CPU seconds (user + sys) are reported besides wall time: on a shared machine the wall time mostly measures
# the other jobs. The run uses two threads (generation, and BGZF compression on its own thread).
row() {
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S" -o "$work/time" \
    "$root/bin/assocnet" simulate --samples 5000 --variants 50000 --additive 10 --seed 1 --out "$work/b" "$@" 2> "$work/log"
  read -r wall user sys < "$work/time"
  printf '| %s | %.1f | %.1f | %s |\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$(du -h "$work/b.vcf.gz" | cut -f1)"
}
echo "| run (5,000 x 50,000) | wall s | CPU s | VCF size |"
echo "|---|---|---|---|"
row "GT, level 5 (default)"
row "GT, --compression-level 1" --compression-level 1
/usr/bin/time -f "%e %U %S" -o "$work/time" plink2 --vcf "$work/b.vcf.gz" --double-id --make-pgen --threads 2 --out "$work/p" > /dev/null
read -r wall user sys < "$work/time"
printf '| (reference) plink2 --vcf ... --make-pgen on that VCF | %.1f | %.1f | |\n' "$wall" "$(echo "$user + $sys" | bc)"
/usr/bin/time -f "%e %U %S" -o "$work/time" sh -c "bgzip -dc '$work/b.vcf.gz' | bgzip -l 5 -@ 1 > '$work/re.vcf.gz'"
read -r wall user sys < "$work/time"
printf '| (reference) bgzip -d then bgzip -l 5 of that VCF text | %.1f | %.1f | |\n' "$wall" "$(echo "$user + $sys" | bc)"
row "GT:DS (--dosages), level 5" --dosages
echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(java -version 2>&1 | head -1)"
