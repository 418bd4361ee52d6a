#!/usr/bin/env bash
# Runs netstack: builds the executable jar if it is missing (or older than the sources), then starts it on a
# JDK 25 with a Gogo shell on this terminal. Arguments go to the JVM before -jar, e.g.
#   ./netstack.sh -Dnetstack.config=my-config.json
#   ./netstack.sh -Dnetstack.headless=true
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/netstack.runtime/target/netstack.jar"

find_java() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        [[ -n "$candidate" && -x "$candidate/bin/java" && -f "$candidate/release" ]] || continue
        local version
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release")
        if [[ -n "$version" && "$version" -ge 25 ]]; then
            echo "$candidate/bin/java"
            return 0
        fi
    done
    return 1
}

java_bin=$(find_java) || { echo "netstack needs a JDK 25 or newer (none under JAVA_HOME or /usr/lib/jvm)" >&2; exit 1; }

if [[ ! -f "$jar" ]] || [[ -n "$(find "$here" -path '*/src/main/*' -newer "$jar" -print -quit)" ]]; then
    echo "building $jar ..." >&2
    (cd "$here" && mvn -B -q -DskipTests -Dbnd.baseline.skip=true package -pl netstack.runtime -am) >&2
fi

exec "$java_bin" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow "$@" -jar "$jar"
