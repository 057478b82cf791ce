#!/usr/bin/env bash
# Dev-only: the one way the Java oracles run (tools/jayway, tools/intrinsics-oracle,
# tools/jackson-strings). Resolves POM's classpath with mvn and caches it in WORK/classpath.txt
# (the C++ live tests read that file), compiles SOURCE into WORK/classes when it changed, and
# runs its class with the remaining arguments.
#   tools/java_oracle.sh POM SOURCE WORK [args...]
set -euo pipefail
pom="$1" source="$2" work="$3"
shift 3
class="$(basename "$source" .java)"
mkdir -p "$work/classes"
if [[ ! -s "$work/classpath.txt" || "$pom" -nt "$work/classpath.txt" ]]; then
  mvn -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >&2
fi
cp="$(cat "$work/classpath.txt")"
if [[ ! -f "$work/classes/$class.class" || "$source" -nt "$work/classes/$class.class" ]]; then
  javac -encoding UTF-8 -cp "$cp" -d "$work/classes" "$source"
fi
exec java -Dfile.encoding=UTF-8 -cp "$work/classes:$cp" "$class" "$@"
