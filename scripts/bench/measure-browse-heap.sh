#!/usr/bin/env bash
# Heap used while browsing a (large) file: opens it in the app under Xvfb with the given heap,
# turns the mouse wheel over the slice view STEPS times, and samples the used heap with jcmd.
#
#   scripts/bench/measure-browse-heap.sh FILE [XMX=1g] [STEPS=400]
#
# Needs Xvfb, xdotool and a JDK's jcmd (apt-get install xvfb xdotool).
set -euo pipefail
file=$1
xmx=${2:-1g}
steps=${3:-400}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() {
  [[ -n "$app" ]] && kill "$app" 2>/dev/null
  kill "$xvfb" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=$display
"$root/studio" --version >/dev/null
STUDIO_NO_BUILD=1 STUDIO_JAVA_OPTS="-Dstudio.home=$work -Xmx$xmx" "$root/studio" "$file" >"$work/app.log" 2>&1 &
for _ in $(seq 1 120); do
  grep -q "first image" "$work/app.log" && break
  sleep 0.5
done
app=$(pgrep -f "studio.home=$work" | head -n 1)
grep -oE "dataset cache budget [0-9]+ MB|first image of .* after [0-9]+ ms" "$work/app.log"
used_mb() { jcmd "$app" GC.heap_info | grep -oE "used [0-9]+K" | head -n 1 | grep -oE "[0-9]+" | awk '{print int($1/1024)}'; }
xdotool mousemove 1000 450
for s in $(seq 1 "$steps"); do
  xdotool click 5
  sleep 0.05
  ((s % 50 == 0)) && echo "after $s wheel steps: heap used $(used_mb) MB"
done
jcmd "$app" GC.run >/dev/null
sleep 1
echo "after a full GC: heap used $(used_mb) MB (max heap $xmx)"
