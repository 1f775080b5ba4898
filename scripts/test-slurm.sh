#!/usr/bin/env bash
# End-to-end test of the pipeline on a real single-node SLURM cluster started here by hand (no systemd):
#   1. apt-get install munge slurmctld slurmd slurm-client (if missing)
#   2. munge key, slurm.conf, state/spool/log dirs in a scratch dir (nothing written under /etc)
#   3. start munged (as user munge), slurmctld, slurmd; wait for the node to be idle
#   4. nextflow run main.nf -profile test,slurm (every task an sbatch job) + tests/pipeline/check-results.sh
#   5. stop the daemons by their pid files
# Usage: scripts/test-slurm.sh [SCRATCH]   (root; env SKIP_APT=1, NXF_EXTRA extra nextflow args,
#        SLURM_KEEP=1 leaves the cluster running for manual use: source SCRATCH/env.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scratch="${1:-$root/tools/slurm-test}"
mkdir -p "$scratch"
scratch="$(cd "$scratch" && pwd)"
t0=$(date +%s)
log() { echo "[test-slurm +$(( $(date +%s) - t0 ))s] $*" >&2; }

if [[ "${SKIP_APT:-0}" != 1 ]] && { ! command -v munged || ! command -v slurmctld || ! command -v slurmd || ! command -v sbatch; } >/dev/null; then
  log "installing munge slurmctld slurmd slurm-client"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends munge slurmctld slurmd slurm-client >/dev/null
fi

host="$(hostname -s)"
cpus="$(nproc)"
mem_mb=$(( $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) * 85 / 100 ))
mkdir -p "$scratch"/{munge,state,spool,log,run}
chown munge:munge "$scratch/munge"; chmod 0700 "$scratch/munge"
if [[ ! -f "$scratch/munge/munge.key" ]]; then
  dd if=/dev/urandom bs=1 count=1024 of="$scratch/munge/munge.key" status=none
  chown munge:munge "$scratch/munge/munge.key"; chmod 0400 "$scratch/munge/munge.key"
fi
sock="$scratch/munge/munge.socket"
cat > "$scratch/slurm.conf" <<CONF
ClusterName=assocnet-test
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=$scratch/state
SlurmdSpoolDir=$scratch/spool
SlurmctldPidFile=$scratch/run/slurmctld.pid
SlurmdPidFile=$scratch/run/slurmd.pid
SlurmctldLogFile=$scratch/log/slurmctld.log
SlurmdLogFile=$scratch/log/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
echo "# no cgroup plugins (TaskPlugin=task/none, ProctrackType=proctrack/linuxproc)" > "$scratch/cgroup.conf"
cat > "$scratch/env.sh" <<ENV
export SLURM_CONF=$scratch/slurm.conf
ENV
export SLURM_CONF="$scratch/slurm.conf"

stop() {
  local f
  for f in "$scratch/run/slurmd.pid" "$scratch/run/slurmctld.pid" "$scratch/munge/munged.pid"; do
    if [[ -s "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null; then kill "$(cat "$f")" || true; fi
  done
  sleep 1
  log "daemons stopped"
}
[[ "${SLURM_KEEP:-0}" == 1 ]] || trap stop EXIT

log "starting munged, slurmctld, slurmd (config $SLURM_CONF)"
runuser -u munge -- munged --key-file="$scratch/munge/munge.key" --socket="$sock" \
  --pid-file="$scratch/munge/munged.pid" --log-file="$scratch/munge/munged.log" --seed-file="$scratch/munge/munged.seed" --force
[[ -s "$scratch/munge/munged.pid" ]] || log "note: munged.pid not written (see $scratch/munge/munged.log)"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 60); do
  state="$(sinfo -h -N -o '%T' 2>/dev/null | head -n1 || true)"
  [[ "$state" == idle* ]] && break
  sleep 1
done
[[ "$state" == idle* ]] || { sinfo -N -l || true; tail -n 20 "$scratch/log/slurmctld.log" "$scratch/log/slurmd.log"; log "node not idle: '$state'"; exit 1; }
log "cluster up: $(sinfo -h -o '%P %D %c %m %T')"
srun -N1 -n1 hostname >/dev/null && log "srun works"

[[ -x tools/nextflow/nextflow ]] || scripts/install-nextflow.sh
[[ -f target/assocnet.jar ]] || mvn -q -B -o package -DskipTests
rm -rf "$scratch/results"
(cd "$scratch" && "$root/tools/nextflow/nextflow" run "$root/main.nf" -profile test,slurm --max_cpus "$cpus" --max_memory "$(( mem_mb / 1024 )).GB" \
    --outdir "$scratch/results" -ansi-log false -with-trace "$scratch/trace.txt" ${NXF_EXTRA:-})
# every task went through sbatch: a native (SLURM job) id per task in the trace
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["native_id"] !~ /^[0-9]+$/ { bad++ } END { exit bad > 0 }' "$scratch/trace.txt" \
  || { echo "FAIL: some tasks have no SLURM job id" >&2; exit 1; }
if [[ "${NXF_EXTRA:-}" != *-stub-run* ]]; then
  bash tests/pipeline/check-results.sh "$scratch/results" "$root/test-data/truth.tsv"
fi
log "OK: pipeline ran on SLURM ($(( $(wc -l < "$scratch/trace.txt") - 1 )) sbatch jobs)"
