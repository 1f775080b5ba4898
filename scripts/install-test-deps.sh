#!/usr/bin/env bash
# Installs the Debian packages that assocnet's tests and comparisons use: reference tools (plink2,
# bcftools, R with brglm2, statsmodels) and real genotype data shipped by Debian. Idempotent: packages
# already present are skipped. Needs root (or sudo) and access to the Debian mirror.
set -euo pipefail
pkgs=(
  plink2 plink1.9 bcftools tabix
  r-base-core r-cran-brglm2 r-cran-brglm r-cran-glmnet
  python3-statsmodels python3-sklearn python3-h5py
  bolt-lmm-example r-bioc-snpstats r-cran-genabel.data
  time chromium
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-test-deps: all ${#pkgs[@]} packages present"
  exit 0
fi
echo "install-test-deps: installing ${missing[*]}"
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-test-deps: done"
