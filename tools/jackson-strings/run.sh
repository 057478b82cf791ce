#!/usr/bin/env bash
# Dev-only: compiles and runs JacksonStrings.java against the Jackson that
# tools/intrinsics-oracle/pom.xml pins (resolved with mvn). Cases on stdin or in $1.
#   python3 tools/jackson-strings/gen_cases.py | tools/jackson-strings/run.sh \
#     > cpp/tests/data/jackson_lone_surrogates.jsonl
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pom="$here/../intrinsics-oracle/pom.xml"
work="${JACKSON_STRINGS_WORK_DIR:-${TMPDIR:-/tmp}/sfnsim-jackson-strings}"
mkdir -p "$work/classes"
if [[ ! -s "$work/classpath.txt" || "$pom" -nt "$work/classpath.txt" ]]; then
  mvn -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >&2
fi
cp="$(cat "$work/classpath.txt")"
if [[ ! -f "$work/classes/JacksonStrings.class" || "$here/JacksonStrings.java" -nt "$work/classes/JacksonStrings.class" ]]; then
  javac -encoding UTF-8 -cp "$cp" -d "$work/classes" "$here/JacksonStrings.java"
fi
exec java -Dfile.encoding=UTF-8 -cp "$work/classes:$cp" JacksonStrings "$@"
