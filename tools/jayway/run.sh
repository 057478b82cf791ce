#!/usr/bin/env bash
# Dev-only: fetches Jayway JsonPath (pom.xml) with Maven, compiles the oracle and runs it.
#   tools/jayway/run.sh [--provider jackson|smart] [cases.jsonl]   (stdin when no file)
# Writes JSON lines to stdout. See README.md for regenerating the golden file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${JAYWAY_WORK_DIR:-${TMPDIR:-/tmp}/sfnsim-jayway}"
mkdir -p "$work/classes"
if [[ ! -s "$work/classpath.txt" || "$here/pom.xml" -nt "$work/classpath.txt" ]]; then
  mvn -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >&2
fi
cp="$(cat "$work/classpath.txt")"
if [[ ! -f "$work/classes/JaywayOracle.class" || "$here/JaywayOracle.java" -nt "$work/classes/JaywayOracle.class" ]]; then
  javac -encoding UTF-8 -cp "$cp" -d "$work/classes" "$here/JaywayOracle.java"
fi
exec java -cp "$work/classes:$cp" JaywayOracle "$@"
