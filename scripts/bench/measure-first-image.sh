#!/usr/bin/env bash
# Cold start to window, and open-to-first-image, of the desktop app under Xvfb.
#
#   scripts/bench/measure-first-image.sh FILE [RUNS]
#
# Each run drops the page cache first when allowed (root), so the file and the jars are read cold,
# and starts a fresh JVM that exits after its first image (-Dstudio.exitAfterFirstImage=true).
# Prints the two times the app logs. Needs xvfb-run (scripts/setup-test-deps.sh installs it).
set -euo pipefail
file=$1
runs=${2:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
"$root/studio" --version >/dev/null # build once, outside the timings
for _ in $(seq 1 "$runs"); do
  sync
  echo 3 2>/dev/null >/proc/sys/vm/drop_caches || true
  STUDIO_NO_BUILD=1 STUDIO_JAVA_OPTS="-Dstudio.home=$home -Dstudio.exitAfterFirstImage=true" \
    xvfb-run -a -s "-screen 0 1400x900x24" "$root/studio" "$file" 2>&1 |
    grep -oE "window shown [0-9]+ ms|first image of .* after [0-9]+ ms \([0-9]+ ms after JVM start\)" |
    paste -sd ' ' -
done
