#!/usr/bin/env bash
# Installs the system packages the test suite needs, when they are missing.
#
# Idempotent and quick when everything is present: it asks dpkg first and only then runs
# `apt-get update` + `apt-get install`. Runs apt as root, through sudo when not root, or, where
# neither is possible (or on a system without apt), prints what to install and carries on: the
# tests that need a missing package then skip or fail with a message naming it.
#
#   scripts/setup-test-deps.sh          check and install
#   scripts/setup-test-deps.sh --list   print the package list and exit
#
# The JDK is checked, not installed: Beamline Studio needs Java 17 or newer.
set -euo pipefail

# The one list of test packages (Debian 12 names). Add a group per new kind of test.
TEST_PACKAGES=(
  # OpenCL tests (opencl/, plugin kernels vs. their Java twins): ICD loader + PoCL CPU device;
  # clinfo for diagnosing "no platform" failures.
  ocl-icd-libopencl1 pocl-opencl-icd clinfo
  # UI tests: JavaFX natives (GTK, GL) and a virtual display for the -Dxvfb (3D) runs; Mesa's DRI drivers
  # (llvmpipe) draw the 3-D scene there under -Dprism.forceGPU=true.
  xvfb xauth libgtk-3-0 libgl1 libgl1-mesa-dri
  # HDF5 fixtures and cross-checks: reference files written with h5py (Debian's /usr/bin/python3)
  # and h5dump/h5ls to read back what our writer produced.
  python3-h5py python3-numpy hdf5-tools
  # Tomography accuracy is measured as the peer benchmark measures it: its phantom, sinogram and
  # metrics (scipy, scikit-image) are cross-checked against ours.
  python3-scipy python3-skimage
  # Installer test (scripts/test-installer.sh): jpackage builds the .deb with fakeroot and objdump
  # (binutils) and the .rpm with rpmbuild (Debian's rpm package); desktop-file-utils
  # (desktop-file-validate, the mimeinfo.cache a double-click consults) and gio (libglib2.0-bin)
  # check the menu entry and the file associations.
  fakeroot binutils rpm desktop-file-utils libglib2.0-bin
  # Slurm end-to-end journeys (scripts/slurm/up.sh): a single-node cluster on localhost with
  # slurmctld + slurmd, slurmrestd with JWT auth, munge, and sshd on a loopback port for the
  # SSH transport.
  slurm-wlm slurmctld slurmd slurmrestd slurm-wlm-jwt-plugin munge openssh-server
)

say() { printf 'setup-test-deps: %s\n' "$*" >&2; }

if [[ "${1-}" == "--list" ]]; then
  printf '%s\n' "${TEST_PACKAGES[@]}"
  exit 0
fi

# --- JDK ---------------------------------------------------------------------------------------
check_jdk() {
  local java="java" javac="javac"
  if [[ -n "${JAVA_HOME-}" ]]; then
    java="$JAVA_HOME/bin/java"
    javac="$JAVA_HOME/bin/javac"
  fi
  if ! command -v "$java" >/dev/null 2>&1; then
    say "ERROR: no Java found (JAVA_HOME=${JAVA_HOME-unset}, nothing named java on PATH)."
    say "       Beamline Studio needs a JDK 17 or newer: sudo apt-get install openjdk-17-jdk-headless"
    return 1
  fi
  local version major
  version=$("$java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  major=${version%%.*}
  [[ "$major" == 1 ]] && major=$(echo "$version" | cut -d. -f2)   # 1.8.0_x -> 8
  if ! [[ "$major" =~ ^[0-9]+$ ]] || ((major < 17)); then
    say "ERROR: $java is Java '${version:-unknown}'; Beamline Studio needs 17 or newer."
    say "       Install one (sudo apt-get install openjdk-17-jdk-headless) and put it first on PATH"
    say "       or set JAVA_HOME (e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64)."
    return 1
  fi
  if ! command -v "$javac" >/dev/null 2>&1; then
    say "ERROR: $java is a Java $major runtime without javac; building needs a JDK:"
    say "       sudo apt-get install openjdk-17-jdk-headless"
    return 1
  fi
}
check_jdk

# --- system packages ---------------------------------------------------------------------------
if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  say "not a Debian/Ubuntu system: install the equivalents of these packages yourself:"
  say "  ${TEST_PACKAGES[*]}"
  exit 0
fi

missing=()
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${TEST_PACKAGES[@]}" 2>/dev/null \
            | awk '$2 == "installed" { print $1 }' || true)
for pkg in "${TEST_PACKAGES[@]}"; do
  grep -qxF "$pkg" <<<"$installed" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  say "all ${#TEST_PACKAGES[@]} test packages present."
  exit 0
fi

say "missing: ${missing[*]}"
sudo_cmd=()
if ((EUID != 0)); then
  if ! command -v sudo >/dev/null 2>&1; then
    say "not root and no sudo: ask an administrator to run"
    say "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    say "continuing; tests that need these will skip or fail naming what is absent."
    exit 0
  fi
  # Without a terminal (CI, cron) sudo must not wait for a password it will never get.
  if [[ -t 0 ]]; then sudo_cmd=(sudo); else sudo_cmd=(sudo -n); fi
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${sudo_cmd[@]}" apt-get update -qq \
   || ! "${sudo_cmd[@]}" apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}"; then
  say "ERROR: could not install: ${missing[*]}"
  say "       run by hand: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
  exit 1
fi
say "installed: ${missing[*]}"
