#!/usr/bin/env bash
# Installs the real SDK clients that tests/test_server_clients.py runs against `sfnsim serve`:
# the AWS SDK for JavaScript v3 (npm, into ${XDG_CACHE_HOME:-~/.cache}/sfnsim-clients/js, outside
# the work tree so that a fresh clone on this machine finds it) and the AWS SDK for Java v2
# (Maven, into ~/.m2). The first run downloads them (about 20 MB each); the test suite itself
# never downloads: it resolves the Java SDK offline and skips a client that is not installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/sfnsim-clients"
if command -v npm >/dev/null; then
  mkdir -p "$cache/js"
  cp "$here/js/package.json" "$here/js/package-lock.json" "$cache/js/"
  npm ci --prefix "$cache/js" --no-audit --no-fund --ignore-scripts
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
