#!/usr/bin/env bash
# NumPy baseline for the Rust-vs-NumPy benchmark comparison.
# Creates bench/.venv (git-ignored), installs pinned NumPy + threadpoolctl, and
# writes bench/results/numpy.json.  Extra arguments go to numpy_bench.py
# (e.g. --sgd-subset 100000, --skip-default-threads, --target-s 0.2).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3.11}"

# Pinned so a rerun measures the same NumPy (and its bundled OpenBLAS) build.
NUMPY_VERSION=2.4.6
THREADPOOLCTL_VERSION=3.8.0

if [ ! -x "$here/.venv/bin/python" ]; then
    "$python" -m venv "$here/.venv"
fi
"$here/.venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "numpy==$NUMPY_VERSION" "threadpoolctl==$THREADPOOLCTL_VERSION"

# BLAS threads are NOT capped via the environment: the script pins them to 1
# with threadpoolctl for the primary numbers and then re-times the matmul-heavy
# epochs with the default pool, which needs the pool left at full size at load.
exec "$here/.venv/bin/python" "$here/numpy_bench.py" "$@"
