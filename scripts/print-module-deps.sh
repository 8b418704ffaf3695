#!/usr/bin/env bash
# Prints the JDK modules the app needs (jdeps over the app jar and its runtime dependencies), to
# keep jpackage.modules in packaging/pom.xml current. Add to its answer what is only reached by
# reflection or ServiceLoader (see the comment there).
#
#   ./mvnw -B -q -DskipTests -Pinstaller -Djpackage.skipDeb=true package -pl packaging -am
#   scripts/print-module-deps.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
input="$ROOT/packaging/target/jpackage-input"
[[ -d "$input" ]] || { echo "no $input: build it first (see the comment at the top of this script)." >&2; exit 2; }
jdeps=${JAVA_HOME:+$JAVA_HOME/bin/}jdeps
"$jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 \
  --class-path "$input/*" "$input"/*.jar 2>/dev/null | tail -n 1
