#!/usr/bin/env bash
# Installs the real SDK clients that tests/test_server_clients.py runs against `sfnsim serve`:
# the AWS SDK for JavaScript v3 (npm, into tests/clients/js/node_modules) and the AWS SDK for
# Java v2 (Maven, into ~/.m2; its classpath into tests/clients/java/target). The first run
# downloads them (about 20 MB each); the test suite itself only ever installs them offline,
# from what this script left in npm's and Maven's caches, and skips them otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if command -v npm >/dev/null; then
  npm ci --prefix "$here/js" --no-audit --no-fund --ignore-scripts
else
  echo "npm not found: the JavaScript client test will be skipped" >&2
fi
if command -v mvn >/dev/null && command -v javac >/dev/null; then
  mkdir -p "$here/java/target"
  mvn -q -f "$here/java/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$here/java/target/classpath.txt"
else
  echo "mvn or javac not found: the Java client test will be skipped" >&2
fi
