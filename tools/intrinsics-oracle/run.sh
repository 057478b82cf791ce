#!/usr/bin/env bash
# Dev-only: fetches Jackson (pom.xml) with Maven, compiles the intrinsic-function model and runs it.
#   tools/intrinsics-oracle/run.sh [cases.jsonl]   (stdin when no file)
# Reads generated calls (gen_cases.py), writes each back with the model's `result` or `error` +
# `cause` on stdout. See README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${INTRINSICS_ORACLE_WORK_DIR:-${TMPDIR:-/tmp}/sfnsim-intrinsics-oracle}"
mkdir -p "$work/classes"
if [[ ! -s "$work/classpath.txt" || "$here/pom.xml" -nt "$work/classpath.txt" ]]; then
  mvn -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >&2
fi
cp="$(cat "$work/classpath.txt")"
if [[ ! -f "$work/classes/IntrinsicsOracle.class" || "$here/IntrinsicsOracle.java" -nt "$work/classes/IntrinsicsOracle.class" ]]; then
  javac -encoding UTF-8 -cp "$cp" -d "$work/classes" "$here/IntrinsicsOracle.java"
fi
exec java -Dfile.encoding=UTF-8 -cp "$work/classes:$cp" IntrinsicsOracle "$@"
