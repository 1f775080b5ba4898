#!/usr/bin/env bash
# Builds the assocnet OCI image from containers/Dockerfile with podman (or docker), tagged with the
# project version from pom.xml: localhost/assocnet:<version> (podman) / assocnet:<version> (docker).
# Usage: scripts/build-container.sh [--from-source] [--base IMAGE]
#   default: copy target/assocnet.jar (built first with mvn if missing); --from-source compiles inside.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
engine="${CONTAINER_ENGINE:-$(command -v podman >/dev/null && echo podman || echo docker)}"
base="localhost/debian:bookworm-slim"
from_source=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --from-source) from_source=1 ;;
    --base) base="$2"; shift ;;
    *) echo "build-container: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
version="$(sed -n '/<artifactId>assocnet<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n1)"
[[ -n "$version" ]] || { echo "build-container: cannot read <version> from pom.xml" >&2; exit 1; }
if [[ "$from_source" == 0 && ! -f target/assocnet.jar ]]; then
  echo "build-container: building target/assocnet.jar first" >&2
  mvn -q -B -o package -DskipTests
fi
tag="assocnet:$version"
[[ "$engine" == podman ]] && tag="localhost/$tag"
net=(); [[ "$engine" == podman ]] && net=(--network host)
echo "build-container: $engine build -> $tag (base $base, from_source=$from_source)" >&2
"$engine" build "${net[@]}" --build-arg BASE="$base" --build-arg FROM_SOURCE="$from_source" \
  -f containers/Dockerfile -t "$tag" .
echo "$tag"
