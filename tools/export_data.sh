#!/usr/bin/env bash
# Create tools/.venv-sk with the pinned scikit-learn and statsmodels, then run
# tools/export_data.py (writes data/*.csv) and tools/sklearn_reference.py
# (writes tools/sklearn_reference.json).
#
# Run by hand, never by CI:   bash tools/export_data.sh
# Re-install from scratch:    rm -rf tools/.venv-sk && bash tools/export_data.sh
#
# WHAT WORKED (Python 3.11, x86_64 Linux, PyPI wheels): scikit-learn 1.9.1,
# statsmodels 0.15.0, with numpy 2.4.6, scipy 1.17.1, pandas 3.1.1.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv-sk"
PY="$VENV/bin/python"

if ! "$PY" -c "import sklearn, statsmodels" >/dev/null 2>&1; then
    python3 -m venv "$VENV"
    "$PY" -m pip install --disable-pip-version-check \
        scikit-learn==1.9.1 statsmodels==0.15.0 \
        numpy==2.4.6 scipy==1.17.1 pandas==3.1.1
fi

"$PY" "$HERE/export_data.py"
if [ -f "$HERE/sklearn_reference.py" ]; then
    "$PY" "$HERE/sklearn_reference.py"
fi
