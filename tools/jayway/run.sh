#!/usr/bin/env bash
# Dev-only: fetches Jayway JsonPath (pom.xml) with Maven, compiles the oracle and runs it.
#   tools/jayway/run.sh [--provider jackson|smart] [cases.jsonl]   (stdin when no file)
# Writes JSON lines to stdout. See README.md for regenerating the golden file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../java_oracle.sh" "$here/pom.xml" "$here/JaywayOracle.java" \
  "${JAYWAY_WORK_DIR:-${TMPDIR:-/tmp}/sfnsim-jayway}" "$@"
