#!/usr/bin/env bash
# Issue 11 proof: the wide network (assocnet train defaults) against its baselines and the GLM, on cohorts the
# defaults were not tuned on. Writes bench/results/network.md.
#   power  (SEEDS): 3,000 x 8,000 donor mosaics of the 1000 Genomes EUR genotypes in Debian's bolt-lmm-example
#          (real LD and frequencies), 2 acting covariates, 10 additive (log-OR 0.18-0.35), 4 recessive and 2
#          epistatic pairs without marginal effect (interaction log-OR 1.5-2.0)
#   null   (SEEDS): the same without causal variants
#   big null: 3,000 x 25,000 (more than 20,000 variants, default options)
#   panel: the 60-variant regime of the question (a power cohort's causal variants + nulls)
#   real:  snpStats for.exercise (1,000 x 28,501, stratum as covariate)
# Baselines on the SAME folds (R glmnet, bench/network_baselines.R): covariates only, L1 logistic on covariates +
# all variants, and the true model. GLM genotypic (2-df) test for recessive variants: plink2 --glm genotypic.
# Usage: bench/network.sh [SEEDS]   (default "11 12 13 14"); NETWORK_DIR keeps the run.
# Needs: plink2, bcftools, R with glmnet and snpStats (scripts/install-test-deps.sh), bolt-lmm-example, /usr/bin/python3 + scipy.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
SEEDS=${1:-11 12 13 14}
N=${N:-3000}; M=${M:-8000}; BIG=${BIG:-25000}
T=${THREADS:-2}
work=${NETWORK_DIR:-$(mktemp -d /tmp/assocnet-network.XXXXXX)}
mkdir -p "$work"
an="$root/bin/assocnet"
log() { echo "[network $(date +%H:%M:%S)] $*" >&2; }
t0=$(date +%s)
cd "$work"
if [[ ! -f eur.vcf.gz ]]; then
  tar -xJf /usr/share/doc/bolt-lmm/examples/examples.tar.xz EUR_subset.bed EUR_subset.bim EUR_subset.fam
  plink2 --bfile EUR_subset --export vcf bgz --threads "$T" --out eur > /dev/null
fi
pipeline() { # prefix, truth(yes/no): encode, glm, train, attribute (+ baselines with truth)
  local d=$1 truth=$2
  [[ -f "$d.nn.tsv" ]] && return 0
  $an encode --vcf "$d.vcf.gz" --pheno "$d.pheno.tsv" --covar "$d.covar.tsv" --maf 0.01 --out "$d" 2> "$d.encode.log"
  $an glm --cohort "$d" --out "$d" --threads "$T" 2> "$d.glm.log"
  /usr/bin/time -f "%e %M" -o "$d.train.time" $an train --cohort "$d" --out "$d" --threads "$T" 2> "$d.train.log"
  /usr/bin/time -f "%e %M" -o "$d.attribute.time" $an attribute --cohort "$d" --model "$d.model" --out "$d" --threads "$T" 2> "$d.attribute.log"
  if [[ $truth == yes ]]; then
    plink2 --vcf "$d.vcf.gz" --pheno "$d.pheno.tsv" --covar "$d.covar.tsv" --maf 0.01 --glm genotypic hide-covar \
      --threads "$T" --out "$d.p2" > /dev/null 2>&1 || true
    # the baselines depend only on the cohort and the folds (R's seed is fixed): kept from an earlier run in this
    # NETWORK_DIR when train drew the same folds (glmnet's nested CV takes ~5 min per cohort)
    if [[ -f "$d.base.tsv" && -f "$d.base.folds.tsv" ]] && cmp -s "$d.base.folds.tsv" "$d.model/folds.tsv"; then
      return 0
    fi
    plink2 --vcf "$d.vcf.gz" --maf 0.01 --export A --threads "$T" --out "$d.raw" > /dev/null
    Rscript "$root/bench/network_baselines.R" "$d.raw.raw" "$d.pheno.tsv" "$d.covar.tsv" "$d.model/folds.tsv" "$d.truth.tsv" "$d.base.tsv"
    cp "$d.model/folds.tsv" "$d.base.folds.tsv"
    rm -f "$d.raw.raw"
  fi
}
for s in $SEEDS; do
  for kind in power null; do
    d=$kind$s
    if [[ ! -f $d.vcf.gz ]]; then
      log "seed $s $kind: simulate"
      if [[ $kind == power ]]; then
        $an simulate --donor eur.vcf.gz --samples "$N" --variants "$M" --seed "$s" --covariates 2 --site-levels 0 \
          --additive 10 --recessive 4 --epistatic-pairs 2 --epistatic-min 1.5 --epistatic-max 2.0 --out "$d" 2> "$d.sim.log"
      else
        $an simulate --donor eur.vcf.gz --samples "$N" --variants "$M" --seed "$s" --covariates 2 --site-levels 0 \
          --additive 0 --recessive 0 --dominant 0 --epistatic-pairs 0 --out "$d" 2> "$d.sim.log"
      fi
    fi
    log "seed $s $kind: encode, glm, train, attribute"
    pipeline "$d" $([[ $kind == power ]] && echo yes || echo no)
  done
done
first=${SEEDS%% *}
# more than 20,000 variants, default options
if [[ ! -f bignull.vcf.gz ]]; then
  log "big null: simulate $N x $BIG"
  $an simulate --donor eur.vcf.gz --samples "$N" --variants "$BIG" --seed 15 --covariates 2 --site-levels 0 \
    --additive 0 --recessive 0 --dominant 0 --epistatic-pairs 0 --out bignull 2> bignull.sim.log
fi
log "big null: pipeline"
pipeline bignull no
# the question's regime: 60 variants = the causal ones of the first power cohort + nulls
if [[ ! -f panel.nn.tsv ]]; then
  log "panel: 60 variants"
  cut -f1 "power$first.truth.tsv" | tail -n +2 > panel.ids
  bcftools query -f '%ID\n' "power$first.vcf.gz" | grep -vxF -f panel.ids | awk 'NR % 150 == 0' | head -n $((60 - $(wc -l < panel.ids))) >> panel.ids
  bcftools view -i 'ID=@panel.ids' "power$first.vcf.gz" -Oz -o panel.vcf.gz 2> /dev/null
  cp "power$first.pheno.tsv" panel.pheno.tsv; cp "power$first.covar.tsv" panel.covar.tsv; cp "power$first.truth.tsv" panel.truth.tsv
  pipeline panel no
fi
# real genotypes
if [[ ! -f fe.nn.tsv ]]; then
  log "real: snpStats for.exercise"
  Rscript - <<'REOF'
suppressPackageStartupMessages(library(snpStats))
data(for.exercise)
ss <- subject.support
write.plink("fe", snps = snps.10, phenotype = ss$cc + 1, sex = rep(0, nrow(ss)),
            chromosome = snp.support$chromosome, position = snp.support$position,
            allele.1 = snp.support$A1, allele.2 = snp.support$A2)
fam <- read.table("fe.fam")
write.table(data.frame(FID = fam$V1, IID = fam$V2, STRATUM = as.integer(ss$stratum == "CEU")),
            "fe.covar", sep = "\t", quote = FALSE, row.names = FALSE)
REOF
  sed -i '1s/^FID/#FID/' fe.covar
  awk 'BEGIN{print "#FID\tIID\tCC"} {print $1"\t"$2"\t"$6}' fe.fam > fe.pheno
  $an encode --bed fe.bed --pheno fe.pheno --covar fe.covar --maf 0.01 --out fe 2> fe.encode.log
  $an glm --cohort fe --out fe --threads "$T" 2> fe.glm.log
  /usr/bin/time -f "%e %M" -o fe.train.time $an train --cohort fe --out fe --threads "$T" 2> fe.train.log
  /usr/bin/time -f "%e %M" -o fe.attribute.time $an attribute --cohort fe --model fe.model --out fe --threads "$T" 2> fe.attribute.log
fi
t1=$(date +%s)
mkdir -p "$root/bench/results"
/usr/bin/python3 "$root/bench/network_report.py" "$work" "$SEEDS" "$N" "$M" "$BIG" "$((t1 - t0))" > "$root/bench/results/network.md"
cat "$root/bench/results/network.md"
