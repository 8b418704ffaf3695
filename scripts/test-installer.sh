#!/usr/bin/env bash
# The installer, end to end, as a scientist meets it: build the .deb, install it on this machine,
# run the installed `beamline-studio` (version; the demo reconstruction headless; the window under
# Xvfb), then remove it and check that nothing is left behind. scripts/test.sh runs it after
# `./mvnw verify`; CI runs as root.
#
#   scripts/test-installer.sh             build, install, check, purge
#   STUDIO_INSTALLER_NO_BUILD=1 ...       use the .deb already in packaging/target/jpackage
#
# Needs root, dpkg and apt-get (it installs a package); without them it says SKIPPED and exits 0.
# Refuses to touch a beamline-studio package that is already installed (set
# STUDIO_INSTALLER_REPLACE=1 to let it replace and then remove that one).
# Prints one PASSED/FAILED line per check and exits non-zero when any check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PKG=beamline-studio
APP_DIR=/opt/beamline-studio
CMD=/usr/bin/beamline-studio
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

say() { printf 'test-installer: %s\n' "$*"; }
failures=0
passes=0
pass() { passes=$((passes + 1)); say "PASSED: $*"; }
fail() { failures=$((failures + 1)); say "FAILED: $*"; }
# check DESCRIPTION COMMAND...: PASSED when the command succeeds.
check() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# --- can we run here? ---------------------------------------------------------------------------
if ((EUID != 0)); then
  say "SKIPPED: needs root to install a package (CI runs as root): sudo scripts/test-installer.sh"
  exit 0
fi
for tool in dpkg dpkg-deb apt-get; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    say "SKIPPED: no $tool: the installer test needs a Debian/Ubuntu system."
    exit 0
  fi
done
if dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'ok installed' && [[ "${STUDIO_INSTALLER_REPLACE-}" != 1 ]]; then
  say "SKIPPED: $PKG is installed on this machine and this test would replace and remove it."
  say "         Remove it first (sudo dpkg -P $PKG) or set STUDIO_INSTALLER_REPLACE=1."
  exit 0
fi

work=$(mktemp -d)
installed=0
cleanup() {
  if ((installed)); then
    say "cleaning up: dpkg -P $PKG"
    dpkg -P "$PKG" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

version=$(sed -n 's|^  <version>\(.*\)</version>.*|\1|p' pom.xml | head -n 1)
plain_version=${version%%-*}
say "project version $version (package $plain_version-1)"

# --- build ------------------------------------------------------------------------------------------
dest=packaging/target/jpackage
if [[ "${STUDIO_INSTALLER_NO_BUILD-}" != 1 ]]; then
  say "building the installers: ./mvnw -B -q -Pinstaller -DskipTests package -pl packaging -am"
  start=$(date +%s%N)
  if ! ./mvnw -B -q --no-transfer-progress -Pinstaller -DskipTests package -pl packaging -am; then
    fail "build the installers (./mvnw -Pinstaller package); see the Maven output above"
    say "FAILED: $failures check(s) failed"
    exit 1
  fi
  say "built in $(($(ms_since "$start") / 1000)) s"
fi
deb="$dest/${PKG}_${plain_version}-1_amd64.deb"
if [[ ! -f "$deb" ]]; then
  fail "the .deb exists at $deb"
  say "FAILED: $failures check(s) failed"
  exit 1
fi
pass "built $deb ($(du -k "$deb" | cut -f1) KiB)"
check "app-image launcher $dest/$PKG/bin/$PKG is executable" test -x "$dest/$PKG/bin/$PKG"
check "the .deb depends on the GTK/GL libraries JavaFX loads" \
  bash -c "dpkg-deb -f '$deb' Depends | grep -q 'libgtk-3-0' && dpkg-deb -f '$deb' Depends | grep -q 'libgl1'"
check "the .deb recommends the OpenCL ICD loader" \
  bash -c "dpkg-deb -f '$deb' Recommends | grep -q 'ocl-icd-libopencl1'"
rpm_file="$dest/${PKG}-${plain_version}-1.x86_64.rpm"
if command -v rpmbuild >/dev/null 2>&1 && command -v rpm >/dev/null 2>&1; then
  check "the .rpm exists with the launcher and its desktop scripts" bash -c \
    "rpm -qpl '$rpm_file' 2>/dev/null | grep -qx '$APP_DIR/bin/$PKG' \
     && rpm -qp --scripts '$rpm_file' 2>/dev/null | grep -q 'desktop-integration.sh install'"
else
  say "note: no rpmbuild here, so no .rpm to check (Debian: apt-get install rpm)."
fi

# --- install ----------------------------------------------------------------------------------------
say "installing: dpkg -i $deb (then apt-get -f install for missing dependencies)"
installed=1
export DEBIAN_FRONTEND=noninteractive
if ! dpkg -i "$deb" >"$work/dpkg.log" 2>&1; then
  apt-get install -f -y -qq -o Dpkg::Use-Pty=0 >>"$work/dpkg.log" 2>&1 || true
fi
if ! dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'install ok installed'; then
  cat "$work/dpkg.log"
  fail "install $deb (dpkg -i, apt-get -f install)"
  exit 1
fi
pass "installed $PKG $(dpkg-query -W -f='${Version}' "$PKG")"
check "$CMD links to $APP_DIR/lib/app/integration/$PKG" test "$(readlink "$CMD")" = "$APP_DIR/lib/app/integration/$PKG"
check "menu entry /usr/share/applications/$PKG.desktop" test -f "/usr/share/applications/$PKG.desktop"
if command -v desktop-file-validate >/dev/null 2>&1; then
  check "desktop-file-validate accepts the menu entry" desktop-file-validate "/usr/share/applications/$PKG.desktop"
fi
check "icons in /usr/share/icons/hicolor (16…256 px and scalable)" bash -c \
  "for s in 16x16 32x32 48x48 64x64 128x128 256x256; do test -f /usr/share/icons/hicolor/\$s/apps/$PKG.png || exit 1; done; \
   test -f /usr/share/icons/hicolor/scalable/apps/$PKG.svg"
check "MIME types registered (.nxs → application/x-nexus, .cxi → application/x-cxi)" bash -c \
  "test -f /usr/share/mime/packages/$PKG.xml && { ! command -v update-mime-database >/dev/null \
   || { grep -q 'application/x-nexus:\*\.nxs' /usr/share/mime/globs2 && grep -q 'application/x-cxi:\*\.cxi' /usr/share/mime/globs2; }; }"
if command -v gio >/dev/null 2>&1; then
  # What a file manager asks on double-click: the handler of each file type.
  for mime in application/x-hdf application/x-nexus application/x-cxi; do
    check "double-click: $mime opens with $PKG.desktop (gio mime)" bash -c "gio mime $mime 2>/dev/null | grep -q '$PKG.desktop'"
  done
  # Real files start with the HDF5 signature (content sniffing sees an empty file as text/plain).
  printf '\211HDF\r\n\032\n' >"$work/scan.nxs"
  cp "$work/scan.nxs" "$work/scan.h5"
  check "gio sees scan.nxs as application/x-nexus, scan.h5 as application/x-hdf" bash -c \
    "gio info -a standard::content-type '$work/scan.nxs' | grep -q 'application/x-nexus' \
     && gio info -a standard::content-type '$work/scan.h5' | grep -q 'application/x-hdf'"
fi

# --- run the installed app as a user would: empty home, no display ----------------------------------
home="$work/home"
mkdir -p "$home"
touch "$work/stamp"
sleep 1 # the stamp must be older than anything written below
run_user() {
  env -u DISPLAY -u WAYLAND_DISPLAY -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u XDG_RUNTIME_DIR \
    HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
    XDG_CACHE_HOME="$home/.cache" "$@"
}

start=$(date +%s%N)
version_out=$(run_user beamline-studio --version 2>&1)
rc=$?
version_ms=$(ms_since "$start")
echo "$version_out" | sed 's/^/    /'
check "beamline-studio --version exits 0 and prints 'Beamline Studio $version' ($version_ms ms)" \
  bash -c '(($1 == 0)) && grep -qF "$2" <<<"$3"' _ "$rc" "Beamline Studio $version" "$version_out"
check "--version names the bundled runtime ($APP_DIR/lib/runtime), not a system Java" \
  grep -qF "runtime $APP_DIR/lib/runtime" <<<"$version_out"

# The bundled runtime must carry what the compute code asks of the JVM (jdk.management: its options and CPU
# time), and the launcher the options the Java FFT needs for its fused stages: a tiny ptychography benchmark.
bench_out=$(run_user beamline-studio bench ptycho --positions 16 --size 32 --engines ePIE --iterations 2 --warmup 1 2>&1)
rc=$?
echo "$bench_out" | sed 's/^/    /'
check "beamline-studio bench ptycho runs on the bundled runtime with the fused FFT stages" \
  bash -c '(($1 == 0)) && grep -qF "FFT stages fused" <<<"$2" && grep -q "iters_per_s" <<<"$2"' _ "$rc" "$bench_out"

out="$work/demo-out"
start=$(date +%s%N)
run_user beamline-studio demo --output "$out" >"$work/demo.log" 2>&1
rc=$?
demo_ms=$(ms_since "$start")
sed 's/^/    /' "$work/demo.log"
check "beamline-studio demo --output DIR exits 0 headless ($demo_ms ms)" test "$rc" = 0
demo_file=$(sed -n 's/^Demo dataset: //p' "$work/demo.log" | head -n 1)
check "the demo dataset went under the user's XDG_DATA_HOME" bash -c "[[ '$demo_file' == '$home/.local/share/beamline-studio/'* ]]"
# The expected output follows from the demo data: one float32 slice per detector row (the middle
# axis of /exchange/data, theta:y:x), each as wide as the detector.
shape=$(run_user beamline-studio info "$demo_file" 2>/dev/null | sed -n 's/^ *data  \([0-9×]*\) float32.*/\1/p' | head -n 1)
rows=$(sed 's/×/ /g' <<<"$shape" | awk '{ print $2 }')
width=$(sed 's/×/ /g' <<<"$shape" | awk '{ print $3 }')
say "demo dataset /exchange/data is $shape: expecting $rows TIFFs $width px wide"
tiffs=$(find "$out" -maxdepth 1 -name '*.tif*' 2>/dev/null | wc -l)
check "the demo wrote $rows TIFF slices (found $tiffs)" test -n "$rows" -a "$tiffs" = "${rows:-x}"
check "the demo wrote pipeline.json (technique tomography, parses as JSON)" bash -c \
  "'$PY' -c 'import json,sys; p=json.load(open(sys.argv[1])); sys.exit(0 if p[\"technique\"] == \"tomography\" else 1)' '$out/pipeline.json'"
first_tiff=$(find "$out" -maxdepth 1 -name '*.tif*' 2>/dev/null | sort | head -n 1)
tiff_report=$("$PY" - "${first_tiff:-/nonexistent}" "${width:-0}" <<'EOF'
import os, struct, sys
path, want_width = sys.argv[1], int(sys.argv[2])
data = open(path, 'rb').read()
end = {b'II': '<', b'MM': '>'}[data[:2]]
(magic, ifd) = struct.unpack(end + 'HI', data[2:8])
assert magic == 42, 'not a TIFF'
(n,) = struct.unpack(end + 'H', data[ifd:ifd + 2])
tags = {}
for i in range(n):
    tag, typ, count, value = struct.unpack(end + 'HHII', data[ifd + 2 + 12 * i: ifd + 14 + 12 * i])
    if typ == 3 and count == 1:  # SHORT, stored in the first two bytes of the value field
        value = struct.unpack(end + 'H', data[ifd + 10 + 12 * i: ifd + 12 + 12 * i])[0]
    tags[tag] = value
w, h, bits, fmt = tags.get(256), tags.get(257), tags.get(258), tags.get(339)
print(f'{os.path.basename(path)}: {w}x{h}, BitsPerSample={bits}, SampleFormat={fmt}, {len(data)} bytes')
ok = w == want_width and bits == 32 and fmt == 3 and len(data) >= w * h * 4
sys.exit(0 if ok else 1)
EOF
)
rc=$?
check "first TIFF is float32 (BitsPerSample=32, SampleFormat=3), ${width:-?} px wide, holds its pixels: $tiff_report" test "$rc" = 0

# The window, under a virtual display: the JavaFX natives load from the jars on the bundled
# runtime, with the libraries the package depends on. -Dstudio.exitAfterFirstImage=true goes in
# through JDK_JAVA_OPTIONS, which the installed command (the runtime's java) honours.
if command -v xvfb-run >/dev/null 2>&1; then
  for what in "demo:" "file:$demo_file"; do
    arg=${what#*:}
    start=$(date +%s%N)
    run_user env JDK_JAVA_OPTIONS="-Dstudio.exitAfterFirstImage=true" \
      timeout 180 xvfb-run -a -s "-screen 0 1400x900x24" beamline-studio ${arg:+"$arg"} >"$work/gui.log" 2>&1
    rc=$?
    gui_ms=$(ms_since "$start")
    shown=$(grep -oE 'window shown [0-9]+ ms after JVM start' "$work/gui.log" | head -n 1)
    first=$(grep -oE 'first image of .* after [0-9]+ ms \([0-9]+ ms after JVM start\)' "$work/gui.log" | head -n 1)
    label="beamline-studio ${arg:-(no arguments)}"
    if ((rc == 0)) && [[ -n "$first" ]]; then
      pass "$label under Xvfb: window and first image ($shown; $first; $gui_ms ms in all)"
    else
      sed 's/^/    /' "$work/gui.log" | tail -n 30
      fail "$label under Xvfb: exit $rc, expected a window and a first image"
    fi
  done
else
  say "note: no xvfb-run: the window is not tried (scripts/setup-test-deps.sh installs xvfb)."
fi

written=$(find "$APP_DIR" -newer "$work/stamp" 2>/dev/null | head -n 5)
check "nothing was written inside $APP_DIR while running${written:+ (found: $written)}" test -z "$written"
check "logs went to the user's data folder" test -d "$home/.local/share/beamline-studio/logs"
if command -v rpm >/dev/null 2>&1; then
  # jpackage's bin/ launcher runs rpm -qf at each start, which makes ~/.rpmdb here; the command must not.
  check "the command asked no package manager at start (no ~/.rpmdb in the user's home)" test ! -e "$home/.rpmdb"
fi

# --- remove -----------------------------------------------------------------------------------------
say "removing: dpkg -r $PKG, then dpkg -P $PKG"
dpkg -r "$PKG" >"$work/remove.log" 2>&1 && dpkg -P "$PKG" >>"$work/remove.log" 2>&1
rc=$?
check "dpkg -r / dpkg -P $PKG succeed" test "$rc" = 0
((rc == 0)) && installed=0 || sed 's/^/    /' "$work/remove.log"
check "the package is gone from dpkg's database" bash -c "! dpkg-query -W -f='\${Status}' $PKG 2>/dev/null | grep -q installed"
check "$APP_DIR is gone" test ! -e "$APP_DIR"
check "$CMD is gone" test ! -e "$CMD" -a ! -L "$CMD"
check "menu entry, icons and MIME types are gone from /usr/share" bash -c \
  "! find /usr/share/applications /usr/share/icons/hicolor /usr/share/mime/packages -name '$PKG.*' 2>/dev/null | grep -q ."
if command -v update-mime-database >/dev/null 2>&1 && [[ -f /usr/share/mime/globs2 ]]; then
  check "the MIME database forgot application/x-nexus" bash -c "! grep -q 'application/x-nexus' /usr/share/mime/globs2"
fi

say "sizes: .deb $(du -k "$deb" | cut -f1) KiB; app-image $(du -sk "$dest/$PKG" | cut -f1) KiB (installed size)"
say "times: --version ${version_ms} ms; demo ${demo_ms} ms (headless, wall clock)"
if ((failures)); then
  say "FAILED: $failures of $((passes + failures)) checks failed"
  exit 1
fi
say "PASSED: all $passes checks"
