#!/usr/bin/env bash
# THE test command: installs the test dependencies, then runs every test with `./mvnw verify`.
#
#   scripts/test.sh                     everything
#   scripts/test.sh -pl core            extra arguments go to Maven (here: one module)
#   scripts/test.sh -Dxvfb              UI tests in a real (virtual) window, with JavaFX 3D
#
# Shared test data: ../shared/data beside the clone is passed as -Dstudio.shared.data; tests that
# need it skip with a message when it is absent. STUDIO_SKIP_SETUP=1 skips the package check.
#
# After a successful verify, a run without arguments (as CI runs it) also tests the installer:
# scripts/test-installer.sh builds the .deb, installs it, runs the installed app and removes it
# (root only; it says SKIPPED otherwise). STUDIO_INSTALLER_TEST=0 leaves it out, =1 runs it even
# with arguments.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

if [[ "${STUDIO_SKIP_SETUP-}" != 1 ]]; then
  bash scripts/setup-test-deps.sh
fi

mvn_args=(-B --no-transfer-progress)
if [[ -d ../shared/data ]]; then
  mvn_args+=("-Dstudio.shared.data=$(cd ../shared/data && pwd)")
else
  echo "test.sh: note: $(dirname "$ROOT")/shared/data not found; tests that need shared data will be skipped." >&2
fi

start=$SECONDS
set +e
./mvnw "${mvn_args[@]}" verify "$@"
rc=$?
set -e
elapsed=$((SECONDS - start))
if ((rc == 0)); then
  echo "test.sh: PASSED: ./mvnw verify succeeded ($((elapsed / 60))m $((elapsed % 60))s)."
else
  echo "test.sh: FAILED (mvnw exit $rc after $((elapsed / 60))m $((elapsed % 60))s): see the first [ERROR] above; reports in */target/surefire-reports/."
  exit "$rc"
fi

installer_test=${STUDIO_INSTALLER_TEST-}
if [[ -z "$installer_test" ]]; then
  if (($# == 0)); then installer_test=1; else installer_test=0; fi
fi
if [[ "$installer_test" != 1 ]]; then
  echo "test.sh: installer test not run (Maven arguments given or STUDIO_INSTALLER_TEST=0): scripts/test-installer.sh runs it."
  exit 0
fi
start=$SECONDS
set +e
bash scripts/test-installer.sh
rc=$?
set -e
elapsed=$((SECONDS - start))
if ((rc == 0)); then
  echo "test.sh: PASSED: installer test ($((elapsed / 60))m $((elapsed % 60))s)."
else
  echo "test.sh: FAILED: installer test (exit $rc after $((elapsed / 60))m $((elapsed % 60))s): see the FAILED lines above."
fi
exit "$rc"
