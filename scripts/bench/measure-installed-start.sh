#!/usr/bin/env bash
# Cold start of the INSTALLED app (the .deb: /usr/bin/beamline-studio): `--version` wall time, and
# JVM start to window / first image of the demo under Xvfb. Prints the installer and installed sizes.
#
#   sudo apt install ./packaging/target/jpackage/beamline-studio_*.deb
#   scripts/bench/measure-installed-start.sh [RUNS]
#
# Each run drops the page cache first when allowed (root), so the runtime and jars are read cold.
# -Dstudio.exitAfterFirstImage=true reaches the app through
# JDK_JAVA_OPTIONS, which the installed command honours. Needs xvfb-run for the window times.
set -euo pipefail
runs=${1:-5}
cmd=$(command -v beamline-studio) || { echo "beamline-studio is not installed" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
user_env=(env -u DISPLAY -u WAYLAND_DISPLAY HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache")
drop() { sync; echo 3 2>/dev/null >/proc/sys/vm/drop_caches || true; }

deb=$(ls "$root"/packaging/target/jpackage/beamline-studio_*.deb 2>/dev/null | head -n 1 || true)
[[ -n "$deb" ]] && echo "installer: $(du -k "$deb" | cut -f1) KiB  $deb"
echo "installed: $(du -sk /opt/beamline-studio | cut -f1) KiB  /opt/beamline-studio (runtime $(du -sk /opt/beamline-studio/lib/runtime | cut -f1) KiB, jars $(du -sk /opt/beamline-studio/lib/app | cut -f1) KiB)"
"${user_env[@]}" "$cmd" demo --output "$home/warm-up" >/dev/null 2>&1 # writes the demo dataset once

for i in $(seq 1 "$runs"); do
  drop
  s=$(date +%s%N)
  "${user_env[@]}" "$cmd" --version >/dev/null
  e=$(date +%s%N)
  line="run $i: --version $(((e - s) / 1000000)) ms"
  if command -v xvfb-run >/dev/null 2>&1; then
    drop
    s=$(date +%s%N)
    gui=$("${user_env[@]}" JDK_JAVA_OPTIONS=-Dstudio.exitAfterFirstImage=true \
      xvfb-run -a -s "-screen 0 1400x900x24" "$cmd" 2>&1 |
      grep -oE "window shown [0-9]+ ms|first image of .* after [0-9]+ ms \([0-9]+ ms after JVM start\)" | paste -sd ' ' - || true)
    e=$(date +%s%N)
    line+="; GUI: $gui; process wall $(((e - s) / 1000000)) ms (incl. Xvfb start)"
  fi
  echo "$line"
done
