#!/usr/bin/env bash
# Dev-only: fetches Jackson (pom.xml) with Maven, compiles the intrinsic-function model and runs it.
#   tools/intrinsics-oracle/run.sh [cases.jsonl]   (stdin when no file)
# Reads generated calls (gen_cases.py), writes each back with the model's `result` or `error` +
# `cause` on stdout. See README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../java_oracle.sh" "$here/pom.xml" "$here/IntrinsicsOracle.java" \
  "${INTRINSICS_ORACLE_WORK_DIR:-${TMPDIR:-/tmp}/sfnsim-intrinsics-oracle}" "$@"
