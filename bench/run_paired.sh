#!/usr/bin/env bash
# Paired rounds of lossbook's fast optimizer steps against PyTorch's:
# writes bench/results/paired_steps.json (see bench/paired_steps.py).
# Builds the step_rounds bench, then alternates it with PyTorch's steps in
# the PyTorch virtual environment of tools/torch_golden.sh (created if
# missing). Extra arguments go to paired_steps.py (e.g. --rounds 3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="$here/../tools/.venv/bin/python"
if [ ! -x "$python" ]; then
    bash "$here/../tools/torch_golden.sh"
fi
cd "$here/.."
binary=$(cargo bench --quiet --no-run --bench step_rounds --message-format=json 2>/dev/null \
    | python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "step_rounds" and m.get("executable"):
        print(m["executable"])')
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
cd "$here"
exec "$python" paired_steps.py --rust-bin "$binary" "$@"
