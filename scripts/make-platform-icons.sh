#!/usr/bin/env bash
# Regenerates the Windows (.ico) and macOS (.icns) app icons from the PNGs in icons/, so that the
# msi and dmg builds need no image tools. Run after the icon changes and commit the results.
#
#   sudo apt-get install icoutils icnsutils     # icotool, png2icns
#   scripts/make-platform-icons.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
png="$ROOT/icons/src/main/resources/org/beamlinestudio/icons/app-icon"
for tool in icotool png2icns; do
  command -v "$tool" >/dev/null || { echo "make-platform-icons: $tool missing: sudo apt-get install icoutils icnsutils" >&2; exit 2; }
done
# Windows: every size we have; 256 is stored as PNG inside the .ico (Vista and later).
icotool -c -o "$ROOT/packaging/windows/beamline-studio.ico" \
  "$png-16.png" "$png-32.png" "$png-48.png" "$png-64.png" "$png-128.png" -r "$png-256.png"
# macOS: the icns sizes png2icns accepts (16, 32, 48, 128, 256, 512, 1024).
png2icns "$ROOT/packaging/macos/beamline-studio.icns" \
  "$png-16.png" "$png-32.png" "$png-48.png" "$png-128.png" "$png-256.png" >/dev/null
ls -l "$ROOT/packaging/windows/beamline-studio.ico" "$ROOT/packaging/macos/beamline-studio.icns"
