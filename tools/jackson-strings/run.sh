#!/usr/bin/env bash
# Dev-only: compiles and runs JacksonStrings.java against the Jackson that
# tools/intrinsics-oracle/pom.xml pins (resolved with mvn). Cases on stdin or in $1.
#   python3 tools/jackson-strings/gen_cases.py | tools/jackson-strings/run.sh \
#     > cpp/tests/data/jackson_lone_surrogates.jsonl
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../java_oracle.sh" "$here/../intrinsics-oracle/pom.xml" "$here/JacksonStrings.java" \
  "${JACKSON_STRINGS_WORK_DIR:-${TMPDIR:-/tmp}/sfnsim-jackson-strings}" "$@"
