#!/usr/bin/env bash
# PyTorch CPU peer for the benchmark comparison: writes bench/results/torch.json.
# Uses the PyTorch virtual environment of tools/torch_golden.sh (torch 2.15.0;
# its notes say how a CPU-only machine installs it), creating it if missing.
# Extra arguments go to torch_bench.py (e.g. --target-s 0.2).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="$here/../tools/.venv/bin/python"
if [ ! -x "$python" ]; then
    bash "$here/../tools/torch_golden.sh"
fi
# One thread, as every other kernel in the table: torch_bench.py also calls
# torch.set_num_threads(1); the variables keep OpenMP from starting a pool.
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
cd "$here"
exec "$python" torch_bench.py "$@"
