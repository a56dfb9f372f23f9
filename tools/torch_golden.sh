#!/usr/bin/env bash
# Create tools/.venv with PyTorch + torchvision from PyPI, then run
# tools/torch_golden.py inside it (which writes tools/torch_golden.json).
#
# Run by hand, never by CI:   bash tools/torch_golden.sh
# Re-install from scratch:    rm -rf tools/.venv && bash tools/torch_golden.sh
#
# WHAT WORKED (torch 2.15.0 / torchvision 0.29.2, Python 3.11, x86_64 Linux):
#
# * A CPU-only torch is NOT available from PyPI for x86_64 Linux: the PyPI
#   wheel (torch-2.15.0-cp311-cp311-manylinux_2_28_x86_64.whl, +cu132) is a
#   CUDA build. `pip install --no-deps torch torchvision` + the pure-Python
#   deps installs fine, but `import torch` then fails with
#       OSError: libcudart.so.13: cannot open shared object file: No such file or directory
#       ...
#       ValueError: libcublasLt.so.*[0-9] not found in the system path [...]
#   because even torch/lib/libtorch_cpu.so has DT_NEEDED libcudart.so.13 and
#   libcupti.so.13, and libtorch.so / libtorch_python.so (the Python module)
#   link libtorch_cuda.so, which needs cublas, cublasLt, cudnn, cufft, cufile,
#   cusparse, cusparseLt, nccl, nvrtc and nvshmem. (CPU wheels only exist on
#   PyTorch's own index, which this machine cannot reach.)
# * So we install torch/torchvision with --no-deps, then the pure-Python deps,
#   then ONLY the CUDA *runtime library* wheels torch links against (all from
#   PyPI, ~3.4 GB unpacked). We skip `triton` (~1 GB, only for torch.compile)
#   and `cuda-bindings` (Python CUDA bindings, unused). No GPU or driver is
#   needed: torch.cuda.is_available() is False and everything runs on the CPU.
#   (Plain `pip install torch==2.15.0 torchvision==0.29.2` also works; it just
#   adds triton and cuda-bindings, ~5.4 GB in total.)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
PY="$VENV/bin/python"
TORCH_VERSION=2.15.0
TORCHVISION_VERSION=0.29.2

installed_ok() {
    [ -x "$PY" ] && "$PY" - "$TORCH_VERSION" "$TORCHVISION_VERSION" <<'EOF' >/dev/null 2>&1
import sys
import torch, torchvision, torchvision.ops  # noqa: F401
ok = (torch.__version__.split("+")[0] == sys.argv[1]
      and torchvision.__version__.split("+")[0] == sys.argv[2])
sys.exit(0 if ok else 1)
EOF
}

if ! installed_ok; then
    echo "== creating $VENV (torch $TORCH_VERSION, torchvision $TORCHVISION_VERSION)" >&2
    python3 -m venv "$VENV"
    PIP=("$PY" -m pip install --disable-pip-version-check)
    # 1. torch and torchvision themselves, without their dependency lists.
    "${PIP[@]}" --no-deps "torch==$TORCH_VERSION" "torchvision==$TORCHVISION_VERSION"
    # 2. their small pure-Python (and numpy/pillow) dependencies.
    "${PIP[@]}" filelock typing-extensions sympy mpmath networkx jinja2 MarkupSafe \
        fsspec "setuptools>=77.0.3" numpy pillow
    # 3. the CUDA runtime libraries the torch 2.15.0 binaries are linked
    #    against (pins copied from the wheel's Requires-Dist).
    "${PIP[@]}" \
        "cuda-toolkit[cublas,cudart,cufft,cufile,cupti,cusolver,cusparse,nvjitlink,nvrtc,nvtx]==13.2.2" \
        "nvidia-cudnn-cu13==9.26.0.51" \
        "nvidia-cusparselt-cu13==0.8.1" \
        "nvidia-nccl-cu13==2.30.7" \
        "nvidia-nvshmem-cu13==3.7.2"
    if ! installed_ok; then
        echo "error: torch/torchvision still cannot be imported from $VENV" >&2
        "$PY" -c "import torch, torchvision" || true
        exit 1
    fi
fi

exec "$PY" "$HERE/torch_golden.py" "$@"
