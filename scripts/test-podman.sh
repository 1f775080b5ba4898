#!/usr/bin/env bash
# End-to-end test of the pipeline in Podman, run for real on a Debian 12 host as root:
#   1. apt-get install podman buildah runc debootstrap (if missing)
#   2. podman settings this host needs, in a project-local containers.conf (CONTAINERS_CONF): runc
#      (crun refuses the hybrid cgroup layout), cgroupfs, file events, ulimits root may set
#   3. base image without a registry: debootstrap bookworm -> podman import localhost/debian:bookworm-slim
#   4. scripts/build-container.sh -> localhost/assocnet:<version>
#   5. nextflow run main.nf -profile test,podman, then the checks of tests/pipeline/check-results.sh
# Usage: scripts/test-podman.sh [OUTDIR]       (env: SKIP_APT=1 to not install packages)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-$root/tools/podman-test}"
mkdir -p "$out" tools/podman
t0=$(date +%s)
log() { echo "[test-podman +$(( $(date +%s) - t0 ))s] $*" >&2; }

if [[ "${SKIP_APT:-0}" != 1 ]] && { ! command -v podman || ! command -v debootstrap || ! command -v runc; } >/dev/null; then
  log "installing podman buildah runc debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends podman buildah runc debootstrap uidmap fuse-overlayfs >/dev/null
fi

export CONTAINERS_CONF="$root/tools/podman/containers.conf"
if [[ ! -f "$CONTAINERS_CONF" ]]; then
  cat > "$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi
export CONTAINERS_STORAGE_CONF="$root/tools/podman/storage.conf"
if [[ ! -f "$CONTAINERS_STORAGE_CONF" ]]; then
  cat > "$CONTAINERS_STORAGE_CONF" <<'CONF'
[storage]
driver = "overlay"
runroot = "/run/containers/storage"
graphroot = "/var/lib/containers/storage"
CONF
fi

if ! podman image exists localhost/debian:bookworm-slim; then
  mirror="$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n1)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  log "debootstrap bookworm from $mirror"
  rootfs="$(mktemp -d)"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import - localhost/debian:bookworm-slim >/dev/null
  rm -rf "$rootfs"
fi
log "base image ready"

tag="$(scripts/build-container.sh | tail -n1)"
log "image $tag built"
podman run --rm "$tag" assocnet --version
podman run --rm "$tag" bash -c 'bcftools --version | head -n1; ps --version'

[[ -x tools/nextflow/nextflow ]] || scripts/install-nextflow.sh
rm -rf "$out/results"
(cd "$out" && "$root/tools/nextflow/nextflow" run "$root/main.nf" -profile test,podman ${NXF_EXTRA:-} \
    --outdir "$out/results" -ansi-log false -with-trace "$out/trace.txt")
grep -q 'podman run' "$out"/work/*/*/.command.run || { echo "FAIL: tasks did not run in podman" >&2; exit 1; }
bash tests/pipeline/check-results.sh "$out/results" "$root/test-data/truth.tsv"
log "OK: pipeline ran in podman ($tag); results checked"
