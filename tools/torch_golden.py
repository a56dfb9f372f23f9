#!/usr/bin/env python3
"""Golden values from PyTorch for lossbook's loss functions, optimizers and
learning-rate schedules.

Purpose
    Compute reference values IN FLOAT64 with PyTorch (losses + autograd
    gradients, 20-step optimizer trajectories, 60-epoch LR schedules) and write
    them, together with every input, to ``tools/torch_golden.json``.  The Rust
    tests read inputs and expected outputs from that file; they never
    re-generate inputs.  Non-finite floats are written as the strings "inf",
    "-inf" and "nan"; every other float is a plain JSON number (Python's repr,
    which round-trips float64 exactly).

How to run (by hand, never in CI)
    bash tools/torch_golden.sh            # creates tools/.venv, then runs this
    python3 tools/torch_golden.py         # same: re-execs via torch_golden.sh
                                          # when torch is not importable
    Options: --out PATH (default tools/torch_golden.json), --no-check.

Torch used
    torch 2.15.0 (+cu132 build) and torchvision 0.29.2, from PyPI, on
    Python 3.11 / x86_64 Linux, computing on the CPU only.

How torch was installed (what worked; details in tools/torch_golden.sh)
    PyPI has no CPU-only torch for x86_64 Linux.  `pip install --no-deps
    torch==2.15.0 torchvision==0.29.2` plus the pure-Python deps (filelock,
    typing-extensions, sympy, mpmath, networkx, jinja2, MarkupSafe, fsspec,
    setuptools) and numpy/pillow installs, but `import torch` fails with
        OSError: libcudart.so.13: cannot open shared object file
        ValueError: libcublasLt.so.*[0-9] not found in the system path
    because libtorch_cpu.so itself links libcudart.so.13/libcupti.so.13 and
    the Python extension links libtorch_cuda.so.  What works: additionally
    pip-install the CUDA runtime-library wheels torch pins (cuda-toolkit[...]
    ==13.2.2, nvidia-cudnn-cu13, nvidia-cusparselt-cu13, nvidia-nccl-cu13,
    nvidia-nvshmem-cu13), skipping triton and cuda-bindings.  No GPU/driver is
    needed; torch.cuda.is_available() is False.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "torch_golden.json")

try:
    import torch
    import torch.nn.functional as F
    import torchvision
    import torchvision.ops
except ImportError:  # not inside tools/.venv: bootstrap through the shell script
    if os.environ.get("TORCH_GOLDEN_BOOTSTRAPPED"):
        raise
    os.environ["TORCH_GOLDEN_BOOTSTRAPPED"] = "1"
    sh = os.path.join(HERE, "torch_golden.sh")
    os.execvp("bash", ["bash", sh, *sys.argv[1:]])

import numpy as np

SEED = 20250607
N = 7  # length of the random 1-D loss inputs

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def gen(offset: int) -> torch.Generator:
    """A fresh generator per case group, so adding cases never shifts others."""
    return torch.Generator().manual_seed(SEED + offset)


def jsonable(x):
    """Convert tensors / tuples / floats to JSON-safe values (non-finite -> str)."""
    if isinstance(x, torch.Tensor):
        return jsonable(x.detach().tolist())
    if isinstance(x, np.ndarray):
        return jsonable(x.tolist())
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, int):
        return x
    if isinstance(x, float):
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    raise TypeError(f"cannot serialise {type(x)}: {x!r}")


def leaf(t: torch.Tensor) -> torch.Tensor:
    return t.detach().clone().requires_grad_(True)


def loss_case(name, loss, params, inputs, fn, wrt):
    """Evaluate fn(**tensors) -> scalar, backprop, and build a case dict.

    inputs: dict name -> tensor (all recorded); wrt: names to differentiate.
    fn receives leaf tensors for `wrt` names and plain tensors otherwise.
    """
    args = {k: (leaf(v) if k in wrt else v.detach().clone()) for k, v in inputs.items()}
    value = fn(**args)
    assert value.dim() == 0, name
    value.backward()
    grad = {k: args[k].grad for k in wrt}
    return {
        "name": name,
        "loss": loss,
        "params": params,
        "inputs": {k: v for k, v in inputs.items()},
        "value": value.item(),
        "grad": grad,
    }


# --------------------------------------------------------------------------
# losses
# --------------------------------------------------------------------------

def regression_inputs():
    g = gen(1)
    pred = torch.randn(N, generator=g) * 1.5
    target = torch.randn(N, generator=g) * 1.5
    # errors on both sides of every delta/beta in {0.5, 1, 2}
    spread_err = torch.tensor([-3.1, -1.4, -0.7, -0.2, 0.3, 0.8, 2.6])
    spread_pred = torch.randn(N, generator=g)
    spread_target = spread_pred - spread_err
    # exactly representable errors sitting ON the thresholds (+-0.5, +-1, +-2) and 0
    bpred = torch.tensor([1.5, -0.5, 2.0, 0.0, 3.0, -1.0, 0.25])
    btarget = torch.tensor([1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.25])
    return {
        "random": (pred, target),
        "spread": (spread_pred, spread_target),
        "boundary": (bpred, btarget),
    }


def mse_l1_cases():
    out = []
    reg = regression_inputs()
    for tag, (p, t) in reg.items():
        out.append(loss_case(f"mse/{tag}", "mse", {"reduction": "mean"},
                             {"pred": p, "target": t},
                             lambda pred, target: F.mse_loss(pred, target), ["pred"]))
    # L1: random, plus a case where one element has pred == target (subgradient 0)
    p, t = reg["random"]
    t_eq = t.clone()
    t_eq[3] = p[3]
    l1_inputs = {"random": (p, t), "one_equal": (p, t_eq), "boundary": reg["boundary"]}
    for tag, (pp, tt) in l1_inputs.items():
        out.append(loss_case(f"l1/{tag}", "l1", {"reduction": "mean"},
                             {"pred": pp, "target": tt},
                             lambda pred, target: F.l1_loss(pred, target), ["pred"]))
    return out


def huber_smooth_l1_cases():
    out = []
    for tag, (p, t) in regression_inputs().items():
        for d in (0.5, 1.0, 2.0):
            out.append(loss_case(
                f"huber/{tag}/delta={d}", "huber", {"delta": d, "reduction": "mean"},
                {"pred": p, "target": t},
                lambda pred, target, d=d: F.huber_loss(pred, target, delta=d), ["pred"]))
        for b in (0.5, 1.0, 2.0):
            out.append(loss_case(
                f"smooth_l1/{tag}/beta={b}", "smooth_l1", {"beta": b, "reduction": "mean"},
                {"pred": p, "target": t},
                lambda pred, target, b=b: F.smooth_l1_loss(pred, target, beta=b), ["pred"]))
    return out


# ---- issue 11 (losses): quantile, log-cosh, Gaussian NLL --------------------

def log_cosh_torch(e):
    """log cosh e: log1p(2 sinh(e/2)^2) for |e| <= 1 (no cancellation near 0),
    |e| + softplus(-2|e|) - log 2 beyond (no overflow). The small branch sees
    e clamped to [-1, 1], so the branch torch.where drops has no inf in it."""
    a = e.abs()
    small = torch.log1p(2 * torch.sinh(e.clamp(-1.0, 1.0) / 2) ** 2)
    large = a + F.softplus(-2 * a) - math.log(2)
    return torch.where(a <= 1.0, small, large)


def new_regression_cases():
    """Quantile and log-cosh have no torch.nn class: built from torch ops.
    GaussianNLLLoss with per-element and shared var, full False/True, and a
    variance below eps (clamped)."""
    out = []
    p, t = regression_inputs()["spread"]  # no residual is 0: no tie in maximum
    for tau in (0.1, 0.5, 0.9):
        out.append(loss_case(
            f"quantile/tau={tau}", "quantile", {"tau": tau, "reduction": "mean"},
            {"pred": p, "target": t},
            lambda pred, target, tau=tau: torch.maximum(
                tau * (target - pred), (tau - 1) * (target - pred)).mean(), ["pred"]))
    big_p = torch.tensor([0.0, 1e-3, -1e-8, 2.0, -20.0, 400.0, 0.75])
    big_t = torch.zeros(N)
    for tag, (pp, tt) in {"spread": (p, t), "wide": (big_p, big_t)}.items():
        out.append(loss_case(
            f"log_cosh/{tag}", "log_cosh", {"reduction": "mean"},
            {"pred": pp, "target": tt},
            lambda pred, target: log_cosh_torch(pred - target).mean(), ["pred"]))
    g = gen(10)
    var = torch.rand(N, generator=g) * 2.0 + 0.1
    var_small = var.clone()
    var_small[2] = 1e-8
    shared = torch.tensor([0.7])
    for tag, v in {"per_element": var, "clamped": var_small, "shared": shared}.items():
        for full in (False, True):
            out.append(loss_case(
                f"gaussian_nll/{tag}/full={full}", "gaussian_nll",
                {"full": full, "eps": 1e-6, "reduction": "mean"},
                {"pred": p, "target": t, "var": v},
                lambda pred, target, var, full=full: F.gaussian_nll_loss(
                    pred, target, var, full=full, eps=1e-6), ["pred", "var"]))
    return out
# ---- end issue 11 regression -----------------------------------------------


def bce_cases():
    out = []
    g = gen(2)
    p = torch.rand(N, generator=g) * 0.98 + 0.01
    y = torch.randint(0, 2, (N,), generator=g).to(torch.float64)
    soft_y = torch.rand(N, generator=g)
    # edge: p exactly 0 and 1 against both labels (torch clamps log at -100)
    p_edge = torch.tensor([0.0, 0.0, 1.0, 1.0, 0.5, 1e-300, 1.0 - 1e-16])
    y_edge = torch.tensor([0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0])
    for tag, (pp, yy) in {"random": (p, y), "soft_targets": (p, soft_y),
                          "edge_0_1": (p_edge, y_edge)}.items():
        out.append(loss_case(f"bce/{tag}", "bce", {"reduction": "mean"},
                             {"p": pp, "y": yy},
                             lambda p, y: F.binary_cross_entropy(p, y), ["p"]))

    g = gen(3)
    x = torch.randn(N, generator=g) * 3.0
    y = torch.randint(0, 2, (N,), generator=g).to(torch.float64)
    soft_y = torch.rand(N, generator=g)
    xs = [1e4, -1e4, 30.0, -30.0, 0.0]
    x_edge = torch.tensor([v for v in xs for _ in (0, 1)])
    y_edge = torch.tensor([lab for _ in xs for lab in (0.0, 1.0)])
    for tag, (xx, yy) in {"random": (x, y), "soft_targets": (x, soft_y),
                          "edge_large": (x_edge, y_edge)}.items():
        out.append(loss_case(f"bce_with_logits/{tag}", "bce_with_logits",
                             {"reduction": "mean"}, {"x": xx, "y": yy},
                             lambda x, y: F.binary_cross_entropy_with_logits(x, y), ["x"]))
    return out


# ---- issue 11 (losses): precision near 0 and 1 --------------------------
TINY = (1e-15, 1e-13, 1e-10)


def precision_cases():
    """p in {1e-15, 1e-13, 1e-10} and 1 - those, against both labels, as
    probabilities (BCELoss) and as the logits log(p / (1 - p))."""
    out = []
    ps = [v for t in TINY for v in (t, 1.0 - t)]
    both = (torch.tensor([v for v in ps for _ in (0, 1)]),
            torch.tensor([lab for _ in ps for lab in (0.0, 1.0)]))
    # confidently right only: the mean is ~1e-11, so a cancellation shows
    right = (torch.tensor(ps), torch.tensor([0.0, 1.0] * len(TINY)))
    for tag, (p, y) in {"near_0_and_1": both, "near_0_and_1_right": right}.items():
        out.append(loss_case(f"bce/{tag}", "bce", {"reduction": "mean"},
                             {"p": p, "y": y},
                             lambda p, y: F.binary_cross_entropy(p, y), ["p"]))
        x = torch.log(p) - torch.log1p(-p)
        out.append(loss_case(f"bce_with_logits/{tag}", "bce_with_logits",
                             {"reduction": "mean"}, {"x": x, "y": y},
                             lambda x, y: F.binary_cross_entropy_with_logits(x, y), ["x"]))
    return out
# ---- end issue 11 precision ----------------------------------------------


def ce_logits():
    g = gen(4)
    logits = torch.randn(5, 4, generator=g) * 2.0
    labels = torch.randint(0, 4, (5,), generator=g)
    huge = torch.tensor([
        [1e4, -1e4, 0.0, 1.0],
        [-1e4, 1e4, 5.0, -5.0],
        [1e4, 1e4, -1e4, 0.0],
        [0.0, 0.0, 0.0, 0.0],
        [-1e4, -1e4, -1e4, -1e4],
    ])
    huge_labels = torch.tensor([0, 0, 2, 3, 1])
    target_logits = torch.randn(5, 4, generator=g)
    probs = torch.softmax(target_logits, dim=1)
    return {"random": (logits, labels), "huge": (huge, huge_labels)}, probs


def cross_entropy_cases():
    out = []
    sets, probs = ce_logits()
    for tag, (logits, labels) in sets.items():
        for ls in (0.0, 0.1):
            out.append(loss_case(
                f"cross_entropy/{tag}/label_smoothing={ls}", "cross_entropy",
                {"label_smoothing": ls, "reduction": "mean"},
                {"logits": logits, "labels": labels},
                lambda logits, labels, ls=ls: F.cross_entropy(logits, labels, label_smoothing=ls),
                ["logits"]))
    for tag, (logits, _) in sets.items():
        for ls in (0.0, 0.1):
            out.append(loss_case(
                f"cross_entropy_probs/{tag}/label_smoothing={ls}", "cross_entropy_probs",
                {"label_smoothing": ls, "reduction": "mean"},
                {"logits": logits, "targets": probs},
                lambda logits, targets, ls=ls: F.cross_entropy(logits, targets, label_smoothing=ls),
                ["logits"]))
    return out


def softmax_cases():
    sets, _ = ce_logits()
    return [{
        "name": f"softmax/{tag}",
        "inputs": {"logits": logits},
        "softmax": torch.softmax(logits, dim=1),
        "log_softmax": torch.log_softmax(logits, dim=1),
    } for tag, (logits, _) in sets.items()]


def kl_div_cases():
    out = []
    g = gen(5)
    p = torch.softmax(torch.randn(6, generator=g), 0)
    q = torch.softmax(torch.randn(6, generator=g), 0)
    p_zero = p.clone()
    p_zero[2] = 0.0
    p_zero = p_zero / p_zero.sum()
    for tag, (pp, qq) in {"random": (p, q), "zero_in_p": (p_zero, q)}.items():
        qleaf = leaf(qq)
        log_q = qleaf.log()
        log_q.retain_grad()
        value = F.kl_div(log_q, pp, reduction="sum")
        value.backward()
        out.append({
            "name": f"kl_div/{tag}",
            "loss": "kl_div",
            "params": {"reduction": "sum", "log_target": False},
            "inputs": {"p": pp, "q": qq, "input": log_q.detach()},
            "value": value.item(),
            "grad": {"q": qleaf.grad, "input": log_q.grad},
        })
    out += kl_div_batch_cases()
    return out


# ---- issue 11 (losses): kl_div on a batch, every reduction, log_target -----

def kl_div_batch_cases():
    """kl_div(log q, p) on a 4x5 batch: reduction batchmean/sum/mean/none and
    log_target False/True, gradients for input and target (for "none", of the
    sum). One target has a zero (log_target False only: its target gradient
    is log 0 = -inf, recorded as such)."""
    out = []
    g = gen(9)
    log_q = torch.log_softmax(torch.randn(4, 5, generator=g) * 2.0, 1)
    p = torch.softmax(torch.randn(4, 5, generator=g) * 2.0, 1)
    p_zero = p.clone()
    p_zero[1, 3] = 0.0
    p_zero[1] = p_zero[1] / p_zero[1].sum()
    sets = {"random": (p, False), "random/log_target": (p.log(), True),
            "zero_in_target": (p_zero, False)}
    for tag, (target, log_target) in sets.items():
        for reduction in ("batchmean", "sum", "mean", "none"):
            x, t = leaf(log_q), leaf(target)
            with warnings.catch_warnings():  # 'mean' warns that it is not batchmean
                warnings.simplefilter("ignore", UserWarning)
                value = F.kl_div(x, t, reduction=reduction, log_target=log_target)
            (value.sum() if reduction == "none" else value).backward()
            out.append({
                "name": f"kl_div_batch/{tag}/reduction={reduction}",
                "loss": "kl_div_batch",
                "params": {"reduction": reduction, "log_target": log_target},
                "inputs": {"input": log_q, "target": target},
                "value": value.detach().tolist() if reduction == "none" else value.item(),
                "grad": {"input": x.grad, "target": t.grad},
            })
    return out
# ---- end issue 11 kl_div --------------------------------------------------


def triplet_cases():
    out = []
    g = gen(6)
    a = torch.randn(4, 3, generator=g)
    pos = torch.randn(4, 3, generator=g)
    neg = torch.randn(4, 3, generator=g)
    # rows 0 and 2 get zero loss: positive close to anchor, negative far away
    pos_z, neg_z = pos.clone(), neg.clone()
    for r in (0, 2):
        pos_z[r] = a[r] + 0.05 * torch.randn(3, generator=g)
        neg_z[r] = a[r] + 5.0 + torch.randn(3, generator=g)
    params = {"margin": 1.0, "p": 2.0, "eps": 1e-6, "swap": False, "reduction": "mean"}
    for tag, (pp, nn_) in {"random": (pos, neg), "some_zero": (pos_z, neg_z)}.items():
        out.append(loss_case(
            f"triplet_margin/{tag}", "triplet_margin", params,
            {"anchor": a, "positive": pp, "negative": nn_},
            lambda anchor, positive, negative: F.triplet_margin_loss(
                anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False),
            ["anchor", "positive", "negative"]))
    return out


def focal_cases():
    out = []
    g = gen(7)
    x = torch.randn(N, generator=g) * 2.0
    t = torch.randint(0, 2, (N,), generator=g).to(torch.float64)
    for alpha, gamma in ((0.25, 2.0), (0.25, 0.0), (0.25, 0.5), (0.5, 2.0), (-1.0, 2.0)):
        out.append(loss_case(
            f"sigmoid_focal/alpha={alpha}/gamma={gamma}", "sigmoid_focal",
            {"alpha": alpha, "gamma": gamma, "reduction": "mean"},
            {"inputs": x, "targets": t},
            lambda inputs, targets, alpha=alpha, gamma=gamma:
                torchvision.ops.sigmoid_focal_loss(inputs, targets, alpha=alpha,
                                                   gamma=gamma, reduction="mean"),
            ["inputs"]))
    return out


# ---- issue 11 (losses): reduction="sum" and "none" for every family --------

def reduced_case(name, loss, params, inputs, fn, wrt, reduction):
    """Like loss_case, under `reduction`: for "none" the value is the list of
    per-element losses and the gradient is that of their sum (backward with
    grad_outputs of ones)."""
    args = {k: (leaf(v) if k in wrt else v.detach().clone()) for k, v in inputs.items()}
    out = fn(reduction=reduction, **args)
    (out.sum() if reduction == "none" else out).backward()
    return {
        "name": f"{name}/reduction={reduction}",
        "loss": loss,
        "params": {**params, "reduction": reduction},
        "inputs": dict(inputs),
        "value": out.detach().tolist() if reduction == "none" else out.item(),
        "grad": {k: args[k].grad for k in wrt},
    }


def reduction_families():
    """(name, loss kind, params, inputs, fn(reduction=, **inputs), wrt) per family."""
    reg = regression_inputs()
    p, t = reg["spread"]
    g = gen(2)
    bp = torch.rand(N, generator=g) * 0.98 + 0.01
    by = torch.randint(0, 2, (N,), generator=g).to(torch.float64)
    g = gen(3)
    x = torch.randn(N, generator=g) * 3.0
    xy = torch.randint(0, 2, (N,), generator=g).to(torch.float64)
    sets, probs = ce_logits()
    logits, labels = sets["random"]
    g = gen(6)
    a, pos, neg = (torch.randn(4, 3, generator=g) for _ in range(3))
    g = gen(7)
    fx = torch.randn(N, generator=g) * 2.0
    ft = torch.randint(0, 2, (N,), generator=g).to(torch.float64)
    reg_in = {"pred": p, "target": t}
    return [
        ("mse", "mse", {}, reg_in,
         lambda pred, target, reduction: F.mse_loss(pred, target, reduction=reduction), ["pred"]),
        ("l1", "l1", {}, reg_in,
         lambda pred, target, reduction: F.l1_loss(pred, target, reduction=reduction), ["pred"]),
        ("huber/delta=1.0", "huber", {"delta": 1.0}, reg_in,
         lambda pred, target, reduction: F.huber_loss(pred, target, reduction=reduction,
                                                       delta=1.0), ["pred"]),
        ("smooth_l1/beta=0.5", "smooth_l1", {"beta": 0.5}, reg_in,
         lambda pred, target, reduction: F.smooth_l1_loss(pred, target, reduction=reduction,
                                                           beta=0.5), ["pred"]),
        ("bce", "bce", {}, {"p": bp, "y": by},
         lambda p, y, reduction: F.binary_cross_entropy(p, y, reduction=reduction), ["p"]),
        ("bce_with_logits", "bce_with_logits", {}, {"x": x, "y": xy},
         lambda x, y, reduction: F.binary_cross_entropy_with_logits(x, y, reduction=reduction),
         ["x"]),
        ("cross_entropy/label_smoothing=0.1", "cross_entropy", {"label_smoothing": 0.1},
         {"logits": logits, "labels": labels},
         lambda logits, labels, reduction: F.cross_entropy(
             logits, labels, reduction=reduction, label_smoothing=0.1), ["logits"]),
        ("cross_entropy_probs/label_smoothing=0.1", "cross_entropy_probs",
         {"label_smoothing": 0.1}, {"logits": logits, "targets": probs},
         lambda logits, targets, reduction: F.cross_entropy(
             logits, targets, reduction=reduction, label_smoothing=0.1), ["logits"]),
        ("triplet_margin", "triplet_margin", {"margin": 1.0, "p": 2.0, "eps": 1e-6, "swap": False},
         {"anchor": a, "positive": pos, "negative": neg},
         lambda anchor, positive, negative, reduction: F.triplet_margin_loss(
             anchor, positive, negative, margin=1.0, reduction=reduction),
         ["anchor", "positive", "negative"]),
        ("multi_margin/p=2/margin=1.0", "multi_margin", {"p": 2, "margin": 1.0, "weight": None},
         {"logits": logits, "labels": labels},
         lambda logits, labels, reduction: F.multi_margin_loss(
             logits, labels, p=2, margin=1.0, reduction=reduction), ["logits"]),
        ("gaussian_nll/per_element", "gaussian_nll", {"full": True, "eps": 1e-6},
         {**reg_in, "var": torch.linspace(0.2, 2.0, N)},
         lambda pred, target, var, reduction: F.gaussian_nll_loss(
             pred, target, var, full=True, eps=1e-6, reduction=reduction), ["pred", "var"]),
        ("sigmoid_focal/alpha=0.25/gamma=2.0", "sigmoid_focal", {"alpha": 0.25, "gamma": 2.0},
         {"inputs": fx, "targets": ft},
         lambda inputs, targets, reduction: torchvision.ops.sigmoid_focal_loss(
             inputs, targets, alpha=0.25, gamma=2.0, reduction=reduction), ["inputs"]),
    ]


def reduction_cases():
    return [reduced_case(name, loss, params, inputs, fn, wrt, r)
            for name, loss, params, inputs, fn, wrt in reduction_families()
            for r in ("mean", "sum", "none")]
# ---- end issue 11 reductions ----------------------------------------------


# ---- issue 11 (losses): binary hinge and MultiMarginLoss --------------------

def hinge_cases():
    """Binary hinge from torch ops, clamp(1 - s z, min=0) with s = 2y - 1 (no
    s z exactly 1); F.multi_margin_loss for p in {1, 2} and two margins."""
    out = []
    g = gen(11)
    z = torch.randn(N, generator=g) * 1.5
    y = torch.randint(0, 2, (N,), generator=g).to(torch.float64)
    out.append(loss_case("hinge/random", "hinge", {"reduction": "mean"},
                         {"logits": z, "target": y},
                         lambda logits, target: (1 - (2 * target - 1) * logits)
                         .clamp(min=0).mean(), ["logits"]))
    sets, _ = ce_logits()
    logits, labels = sets["random"]
    for p in (1, 2):
        for margin in (1.0, 0.5):
            out.append(loss_case(
                f"multi_margin/p={p}/margin={margin}", "multi_margin",
                {"p": p, "margin": margin, "weight": None, "reduction": "mean"},
                {"logits": logits, "labels": labels},
                lambda logits, labels, p=p, margin=margin: F.multi_margin_loss(
                    logits, labels, p=p, margin=margin), ["logits"]))
    return out
# ---- end issue 11 hinge ----------------------------------------------------


# ---- issue 11 (losses): NT-Xent / InfoNCE (SimCLR), from torch ops ---------

def nt_xent_torch(a, b, temperature):
    """SimCLR's NT-Xent: cross-entropy over cosine similarities / temperature
    of the 2N stacked views, self-similarity masked, positive = other view."""
    n = a.shape[0]
    u = F.normalize(torch.cat([a, b]), dim=1)
    sim = (u @ u.T / temperature).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    labels = torch.cat([torch.arange(n) + n, torch.arange(n)])
    return F.cross_entropy(sim, labels)


def nt_xent_cases():
    out = []
    g = gen(12)
    a = torch.randn(4, 3, generator=g)
    b = a + 0.3 * torch.randn(4, 3, generator=g)  # views of the same four points
    for temperature in (0.5, 0.1, 1.0):
        out.append(loss_case(
            f"nt_xent/temperature={temperature}", "nt_xent",
            {"temperature": temperature, "reduction": "mean"}, {"a": a, "b": b},
            lambda a, b, temperature=temperature: nt_xent_torch(a, b, temperature),
            ["a", "b"]))
    return out
# ---- end issue 11 NT-Xent --------------------------------------------------


def all_loss_cases():
    cases = (mse_l1_cases() + huber_smooth_l1_cases() + new_regression_cases()
             + bce_cases() + precision_cases()
             + cross_entropy_cases() + hinge_cases() + kl_div_cases() + triplet_cases() + focal_cases()
             + nt_xent_cases())
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    return cases


# --------------------------------------------------------------------------
# optimizers
# --------------------------------------------------------------------------

STEPS = 20


def problems():
    A = torch.tensor([[3.0, 0.5, 0.0], [0.5, 1.0, 0.2], [0.0, 0.2, 0.5]])
    b = torch.tensor([1.0, -2.0, 0.5])
    theta0_q = torch.tensor([1.5, -0.5, 2.0])
    g = gen(8)
    X = torch.randn(10, 3, generator=g)
    y = torch.randn(10, generator=g)
    return {
        "quadratic": {
            "description": "f(theta) = 0.5 * theta^T A theta - b^T theta",
            "A": A, "b": b, "theta0": theta0_q,
            "f": lambda th: 0.5 * th @ (A @ th) - b @ th,
        },
        "least_squares": {
            "description": "f(theta) = 0.5 * mean((X theta - y)^2); grad = X^T (X theta - y) / m",
            "X": X, "y": y, "theta0": torch.zeros(3),
            "f": lambda th: 0.5 * ((X @ th - y) ** 2).mean(),
        },
    }


OPT_CONFIGS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1}),
    ("SGD", {"lr": 0.1, "weight_decay": 0.01, "momentum": 0.5}),
    ("Adagrad", {"lr": 0.1}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01,
                 "initial_accumulator_value": 0.1}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9, "centered": True, "weight_decay": 0.01}),
    ("Adam", {"lr": 0.1}),
    ("Adam", {"lr": 0.1, "amsgrad": True}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.01}),
    ("AdamW", {"lr": 0.1}),
    ("AdamW", {"lr": 0.1, "weight_decay": 0.1, "amsgrad": True}),
]

# --- issue 11: NAdam, RAdam, Adadelta, Adamax (same problems, default-ish and
# non-default configs; RAdam's 20 steps cross its rho_t > 5 switch at t = 6) ---
NEW_OPT_CONFIGS = [
    ("NAdam", {"lr": 0.1}),
    ("NAdam", {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.01, "momentum_decay": 0.01}),
    ("NAdam", {"lr": 0.1, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("RAdam", {"lr": 0.1}),
    ("RAdam", {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.01}),
    ("RAdam", {"lr": 0.1, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-4, "weight_decay": 0.01}),
    ("Adamax", {"lr": 0.1}),
    ("Adamax", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.01}),
]
OPT_CONFIGS += NEW_OPT_CONFIGS
# --- end issue 11 optimizers ---

OPT_CLASSES = ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "NAdam", "RAdam", "Adadelta", "Adamax"]


def signature_defaults(cls, skip=("self", "params", "optimizer")):
    return {name: p.default for name, p in inspect.signature(cls.__init__).parameters.items()
            if name not in skip and p.default is not inspect.Parameter.empty}


def config_label(opt, given):
    inner = ", ".join(f"{k}={v}" for k, v in given.items())
    return f"{opt}({inner})"


def run_optimizer(opt_name, given, prob):
    theta = leaf(prob["theta0"])
    opt = getattr(torch.optim, opt_name)([theta], **given)
    traj, losses, grads = [], [], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = prob["f"](theta)
        loss.backward()
        losses.append(loss.item())
        grads.append(theta.grad.detach().clone())
        opt.step()
        traj.append(theta.detach().clone())
    return dict(opt.defaults), traj, losses, grads


def optimizer_section():
    probs = problems()
    runs = []
    for opt_name, given in OPT_CONFIGS:
        for pname, prob in probs.items():
            config, traj, losses, grads = run_optimizer(opt_name, given, prob)
            runs.append({
                "name": f"{config_label(opt_name, given)}/{pname}",
                "optimizer": opt_name,
                "problem": pname,
                "given": dict(given),
                "config": config,
                "steps": STEPS,
                "trajectory": traj,
                "loss": losses,
                "grad": grads,
            })
    return {
        "defaults": {c: signature_defaults(getattr(torch.optim, c)) for c in OPT_CLASSES},
        "problems": {k: {kk: vv for kk, vv in v.items() if kk != "f"} for k, v in probs.items()},
        "runs": runs,
    }


# --------------------------------------------------------------------------
# LR schedules
# --------------------------------------------------------------------------

EPOCHS = 60
BASE_LR = 0.1
SCHED_ATTRS = {
    "StepLR": ("step_size", "gamma"),
    "ExponentialLR": ("gamma",),
    "CosineAnnealingLR": ("T_max", "eta_min"),
    "LinearLR": ("start_factor", "end_factor", "total_iters"),
}


def sched_params(s):
    return {a: getattr(s, a) for a in SCHED_ATTRS[type(s).__name__]}


def run_schedule(name, build):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=BASE_LR)
    sched = build(opt)
    has_closed = hasattr(sched, "_get_closed_form_lr")
    lrs = [opt.param_groups[0]["lr"]]
    closed = [sched._get_closed_form_lr()[0]] if has_closed else None
    for _ in range(1, EPOCHS):
        opt.step()
        sched.step()
        lrs.append(opt.param_groups[0]["lr"])
        if has_closed:
            closed.append(sched._get_closed_form_lr()[0])
    lrs = [float(v) for v in lrs]
    if closed is not None:
        closed = [float(v) for v in closed]
    cls = type(sched).__name__
    if cls == "SequentialLR":
        params = {
            "schedulers": [{"scheduler": type(s).__name__, "params": sched_params(s)}
                           for s in sched._schedulers],
            "milestones": list(sched._milestones),
        }
    else:
        params = sched_params(sched)
    return {
        "name": name,
        "scheduler": cls,
        "params": params,
        "base_lr": BASE_LR,
        "epochs": EPOCHS,
        "lr": lrs,
        "closed_form_lr": closed,
    }


def schedule_section():
    L = torch.optim.lr_scheduler
    specs = [
        ("StepLR(step_size=10, gamma=0.1)", lambda o: L.StepLR(o, step_size=10, gamma=0.1)),
        ("StepLR(step_size=7, gamma=0.5)", lambda o: L.StepLR(o, step_size=7, gamma=0.5)),
        ("ExponentialLR(gamma=0.95)", lambda o: L.ExponentialLR(o, gamma=0.95)),
        ("CosineAnnealingLR(T_max=60, eta_min=0)",
         lambda o: L.CosineAnnealingLR(o, T_max=60, eta_min=0.0)),
        ("CosineAnnealingLR(T_max=30, eta_min=0.001)",
         lambda o: L.CosineAnnealingLR(o, T_max=30, eta_min=0.001)),
        ("LinearLR(start_factor=0.2, end_factor=1.0, total_iters=5)",
         lambda o: L.LinearLR(o, start_factor=0.2, end_factor=1.0, total_iters=5)),
        ("LinearLR(start_factor=1/3, total_iters=5)",
         lambda o: L.LinearLR(o, start_factor=1.0 / 3.0, total_iters=5)),
        ("SequentialLR([LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=55)], milestones=[5])",
         lambda o: L.SequentialLR(o, [L.LinearLR(o, start_factor=0.1, total_iters=5),
                                      L.CosineAnnealingLR(o, T_max=55)], milestones=[5])),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cases = [run_schedule(name, build) for name, build in specs]
    defaults = {c: signature_defaults(getattr(L, c)) for c in
                ("StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR", "SequentialLR")}
    return cases, defaults


# --- issue 11: MultiStepLR, PolynomialLR, CosineAnnealingWarmRestarts, OneCycleLR,
# the lr (and OneCycle's momentum) after every scheduler step, as the loop sees it ---

def run_step_schedule(name, scheduler, params, build, steps, momentum=0.9):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=BASE_LR, momentum=momentum)
    sched = build(opt)
    lrs, moms = [], []
    for t in range(steps):
        lrs.append(float(opt.param_groups[0]["lr"]))
        moms.append(float(opt.param_groups[0]["momentum"]))
        if t + 1 < steps:
            opt.step()
            sched.step()
    return {"name": name, "scheduler": scheduler, "params": params, "base_lr": BASE_LR,
            "steps": steps, "lr": lrs, "momentum": moms}


def step_schedule_section():
    L = torch.optim.lr_scheduler
    cases = [
        run_step_schedule("MultiStepLR(milestones=[5, 12, 30], gamma=0.3)", "MultiStepLR",
                          {"milestones": [5, 12, 30], "gamma": 0.3},
                          lambda o: L.MultiStepLR(o, milestones=[5, 12, 30], gamma=0.3), 40),
        run_step_schedule("PolynomialLR(total_iters=25, power=1.0)", "PolynomialLR",
                          {"total_iters": 25, "power": 1.0},
                          lambda o: L.PolynomialLR(o, total_iters=25, power=1.0), 40),
        run_step_schedule("PolynomialLR(total_iters=30, power=2.5)", "PolynomialLR",
                          {"total_iters": 30, "power": 2.5},
                          lambda o: L.PolynomialLR(o, total_iters=30, power=2.5), 40),
        run_step_schedule("CosineAnnealingWarmRestarts(T_0=10)", "CosineAnnealingWarmRestarts",
                          {"T_0": 10, "T_mult": 1, "eta_min": 0.0},
                          lambda o: L.CosineAnnealingWarmRestarts(o, T_0=10), 60),
        run_step_schedule("CosineAnnealingWarmRestarts(T_0=3, T_mult=2, eta_min=0.001)",
                          "CosineAnnealingWarmRestarts",
                          {"T_0": 3, "T_mult": 2, "eta_min": 0.001},
                          lambda o: L.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001), 60),
    ]
    one_cycle = [
        {"max_lr": 0.5, "total_steps": 100},
        {"max_lr": 0.5, "total_steps": 100, "anneal_strategy": "linear"},
        {"max_lr": 1.0, "total_steps": 37, "pct_start": 0.25, "div_factor": 10.0,
         "final_div_factor": 100.0, "base_momentum": 0.8, "max_momentum": 0.9},
        {"max_lr": 0.2, "total_steps": 50, "anneal_strategy": "linear", "cycle_momentum": False},
        {"max_lr": 0.3, "total_steps": 7, "pct_start": 0.1},
    ]
    for given in one_cycle:
        label = ", ".join(f"{k}={v}" for k, v in given.items())
        built = {}

        def build(o, given=given, built=built):
            built["s"] = L.OneCycleLR(o, **given)
            return built["s"]
        case = run_step_schedule(f"OneCycleLR({label})", "OneCycleLR", dict(given), build,
                                 given["total_steps"])
        sch = built["s"]
        case["params"] = {"max_lr": given["max_lr"], "total_steps": sch.total_steps,
                          "pct_start": given.get("pct_start", 0.3),
                          "anneal_strategy": given.get("anneal_strategy", "cos"),
                          "div_factor": given.get("div_factor", 25.0),
                          "final_div_factor": given.get("final_div_factor", 1e4),
                          "cycle_momentum": sch.cycle_momentum,
                          "base_momentum": given.get("base_momentum", 0.85),
                          "max_momentum": given.get("max_momentum", 0.95)}
        cases.append(case)
    defaults = {c: signature_defaults(getattr(L, c)) for c in
                ("MultiStepLR", "PolynomialLR", "CosineAnnealingWarmRestarts", "OneCycleLR")}
    return {"cases": cases, "defaults": defaults}


def plateau_metrics():
    """60 epochs of a loss that falls, stalls, wobbles and falls again."""
    g = gen(11)
    t = torch.arange(60, dtype=torch.float64)
    base = torch.where(t < 20, 1.0 / (1 + t), torch.where(t < 40, torch.full_like(t, 0.05), 0.05 - 0.001 * (t - 40)))
    return (base + 0.002 * torch.randn(60, generator=g)).tolist()


def plateau_section():
    L = torch.optim.lr_scheduler
    metrics = plateau_metrics()
    configs = [
        {},
        {"patience": 3},
        {"mode": "min", "factor": 0.5, "patience": 2, "threshold": 0.01, "threshold_mode": "abs",
         "cooldown": 3, "min_lr": 0.01},
        {"mode": "max", "factor": 0.3, "patience": 1, "threshold": 0.05, "threshold_mode": "rel",
         "cooldown": 1},
        {"mode": "max", "factor": 0.9, "patience": 0, "threshold": 0.0, "threshold_mode": "abs",
         "min_lr": 0.0999},
    ]
    cases = []
    for given in configs:
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=BASE_LR)
        sched = L.ReduceLROnPlateau(opt, **given)
        lrs = []
        for m in metrics:
            opt.step()
            sched.step(m)
            lrs.append(float(opt.param_groups[0]["lr"]))
        params = {k: getattr(sched, k) for k in
                  ("mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "eps")}
        params["min_lr"] = sched.min_lrs[0]
        label = ", ".join(f"{k}={v}" for k, v in given.items())
        cases.append({"name": f"ReduceLROnPlateau({label})", "params": params,
                      "base_lr": BASE_LR, "metrics": metrics, "lr": lrs})
    return {"cases": cases, "defaults": signature_defaults(L.ReduceLROnPlateau)}

# --- end issue 11 schedules ---


# --- issue 11: gradient clipping (torch.nn.utils.clip_grad_norm_ / clip_grad_value_) ---

def clip_section():
    g = gen(12)
    vectors = {
        "random": torch.randn(7, generator=g),
        "large": 1e3 * torch.randn(5, generator=g),
        "tiny": 1e-9 * torch.randn(4, generator=g),
        "zero": torch.zeros(3),
        "at_norm_one": torch.tensor([0.6, 0.8]),
    }
    cases = []
    for vname, v in vectors.items():
        for max_norm in (0.5, 1.0, 3.0, 1e4):
            p = torch.nn.Parameter(torch.zeros_like(v))
            p.grad = v.clone()
            total = torch.nn.utils.clip_grad_norm_([p], max_norm)
            cases.append({"name": f"clip_grad_norm_/{vname}/max_norm={max_norm}", "kind": "norm",
                          "grad": v, "param": max_norm, "clipped": p.grad.clone(),
                          "total_norm": float(total)})
        for clip_value in (0.1, 1.0):
            p = torch.nn.Parameter(torch.zeros_like(v))
            p.grad = v.clone()
            torch.nn.utils.clip_grad_value_([p], clip_value)
            cases.append({"name": f"clip_grad_value_/{vname}/clip_value={clip_value}", "kind": "value",
                          "grad": v, "param": clip_value, "clipped": p.grad.clone()})
    return cases

# --- end issue 11 clipping ---


# --------------------------------------------------------------------------
# sanity checks (independent numpy formulas / identities)
# --------------------------------------------------------------------------

def num(v):
    """JSON value (possibly "inf"/"nan" strings, nested lists) -> numpy float64."""
    def conv(x):
        if isinstance(x, list):
            return [conv(e) for e in x]
        return float(x) if isinstance(x, str) else x
    return np.asarray(conv(v), dtype=np.float64)


def close(a, b, rtol=1e-12, atol=1e-14):
    return np.allclose(num(a) if not isinstance(a, np.ndarray) else a,
                       num(b) if not isinstance(b, np.ndarray) else b,
                       rtol=rtol, atol=atol, equal_nan=True)


def sanity_checks(doc) -> list[str]:
    failures = []

    def check(cond, msg):
        print(("  ok   " if cond else "  FAIL ") + msg)
        if not cond:
            failures.append(msg)

    losses = {c["name"]: c for c in doc["losses"]}

    # huber(delta) == delta * smooth_l1(beta=delta), value and grad
    for tag in ("random", "spread", "boundary"):
        for d in (0.5, 1.0, 2.0):
            h, s = losses[f"huber/{tag}/delta={d}"], losses[f"smooth_l1/{tag}/beta={d}"]
            check(close(h["value"], d * s["value"]) and
                  close(num(h["grad"]["pred"]), d * num(s["grad"]["pred"])),
                  f"huber/{tag}: huber(delta={d}) == delta*smooth_l1(beta={d})")
        # independent huber formula
        c = losses[f"huber/{tag}/delta=1.0"]
        e = num(c["inputs"]["pred"]) - num(c["inputs"]["target"])
        hv = np.where(np.abs(e) < 1.0, 0.5 * e * e, np.abs(e) - 0.5).mean()
        check(close(c["value"], hv), f"huber/{tag}/delta=1 matches numpy formula")

    # MSE / L1 formulas
    for tag in ("random", "spread", "boundary"):
        c = losses[f"mse/{tag}"]
        e = num(c["inputs"]["pred"]) - num(c["inputs"]["target"])
        check(close(c["value"], (e * e).mean()) and close(num(c["grad"]["pred"]), 2 * e / e.size),
              f"mse/{tag} matches mean(e^2), grad 2e/n")
    c = losses["l1/one_equal"]
    e = num(c["inputs"]["pred"]) - num(c["inputs"]["target"])
    check(e[3] == 0.0 and num(c["grad"]["pred"])[3] == 0.0 and
          close(num(c["grad"]["pred"]), np.sign(e) / e.size),
          "l1/one_equal: grad == sign(e)/n with 0 where pred == target")

    # BCE clamp: p=0,y=1 and p=1,y=0 contribute exactly 100 each
    c = losses["bce/edge_0_1"]
    p, y = num(c["inputs"]["p"]), num(c["inputs"]["y"])
    per = -(y * np.maximum(np.log(p, where=p > 0, out=np.full_like(p, -np.inf)), -100)
            + (1 - y) * np.maximum(np.log1p(-p, where=p < 1, out=np.full_like(p, -np.inf)), -100))
    check(close(c["value"], per.mean()), "bce/edge_0_1 matches clamp(log, -100) formula")
    # torch's backward: (p - y) / max(p (1 - p), EPSILON) / n with EPSILON = 1e-12
    # as a *float32* constant (9.9999999600419720e-13 in float64)
    eps32 = float(np.float32(1e-12))
    for tag in ("random", "soft_targets", "edge_0_1"):
        c = losses[f"bce/{tag}"]
        p, y = num(c["inputs"]["p"]), num(c["inputs"]["y"])
        check(close(num(c["grad"]["p"]), (p - y) / np.maximum(p * (1 - p), eps32) / p.size),
              f"bce/{tag} grad == (p-y)/max(p(1-p), f32(1e-12))/n")

    # BCE with logits: stable formula
    for tag in ("random", "soft_targets", "edge_large"):
        c = losses[f"bce_with_logits/{tag}"]
        x, y = num(c["inputs"]["x"]), num(c["inputs"]["y"])
        v = (np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))).mean()
        gr = (np.exp(-np.logaddexp(0.0, -x)) - y) / x.size  # overflow-free sigmoid
        check(close(c["value"], v) and close(num(c["grad"]["x"]), gr),
              f"bce_with_logits/{tag} matches stable formula and (sigmoid(x)-y)/n")

    # cross entropy: label == one-hot probs, grad = (softmax - smoothed onehot)/N
    for tag in ("random", "huge"):
        for ls in (0.0, 0.1):
            c = losses[f"cross_entropy/{tag}/label_smoothing={ls}"]
            z = num(c["inputs"]["logits"])
            lab = np.asarray(c["inputs"]["labels"])
            n, k = z.shape
            m = z.max(1, keepdims=True)
            lsm = z - m - np.log(np.exp(z - m).sum(1, keepdims=True))
            t = np.eye(k)[lab] * (1 - ls) + ls / k
            check(close(c["value"], -(t * lsm).sum(1).mean(), rtol=1e-12) and
                  close(num(c["grad"]["logits"]), (np.exp(lsm) - t) / n),
                  f"cross_entropy/{tag}/ls={ls} matches numpy formula")
            cp = losses[f"cross_entropy_probs/{tag}/label_smoothing={ls}"]
            tp = num(cp["inputs"]["targets"]) * (1 - ls) + ls / k
            check(close(cp["value"], -(tp * lsm).sum(1).mean()) and
                  close(num(cp["grad"]["logits"]), (np.exp(lsm) - tp) / n),
                  f"cross_entropy_probs/{tag}/ls={ls} matches numpy formula")

    # KL
    for tag in ("random", "zero_in_p"):
        c = losses[f"kl_div/{tag}"]
        p, q = num(c["inputs"]["p"]), num(c["inputs"]["q"])
        kl = np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0) - p * np.log(q))
        check(close(c["value"], kl) and close(num(c["grad"]["q"]), -p / q),
              f"kl_div/{tag}: sum p(log p - log q), grad -p/q")

    # triplet: explicit formula with torch's pairwise_distance eps (added to the difference)
    for tag in ("random", "some_zero"):
        c = losses[f"triplet_margin/{tag}"]
        a, pp, nn_ = (num(c["inputs"][k]) for k in ("anchor", "positive", "negative"))
        dp = np.linalg.norm(a - pp + 1e-6, axis=1)
        dn = np.linalg.norm(a - nn_ + 1e-6, axis=1)
        per = np.maximum(dp - dn + 1.0, 0.0)
        check(close(c["value"], per.mean()), f"triplet_margin/{tag} matches formula")
    c = losses["triplet_margin/some_zero"]
    ga = num(c["grad"]["anchor"])
    check(np.all(ga[[0, 2]] == 0.0) and np.any(ga[[1, 3]] != 0.0),
          "triplet_margin/some_zero: zero-loss rows have zero grad")

    # focal
    for c in (c for c in doc["losses"] if c["loss"] == "sigmoid_focal"):
        x, t = num(c["inputs"]["inputs"]), num(c["inputs"]["targets"])
        al, ga_ = c["params"]["alpha"], c["params"]["gamma"]
        pr = 1 / (1 + np.exp(-x))
        ce = np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))
        pt = pr * t + (1 - pr) * (1 - t)
        lo = ce * (1 - pt) ** ga_
        if al >= 0:
            lo = (al * t + (1 - al) * (1 - t)) * lo
        check(close(c["value"], lo.mean()), f"{c['name']} matches formula")

    # softmax rows sum to one
    for c in doc["softmax"]:
        check(close(num(c["softmax"]).sum(1), np.ones(5)) and
              close(np.exp(num(c["log_softmax"])), num(c["softmax"])),
              f"{c['name']}: rows sum to 1, exp(log_softmax) == softmax")

    # optimizers: plain SGD and Adam re-implemented in numpy
    pr = doc["optimizers"]["problems"]
    A, b = num(pr["quadratic"]["A"]), num(pr["quadratic"]["b"])
    X, y = num(pr["least_squares"]["X"]), num(pr["least_squares"]["y"])
    gradf = {"quadratic": lambda th: A @ th - b,
             "least_squares": lambda th: X.T @ (X @ th - y) / len(y)}
    for run in doc["optimizers"]["runs"]:
        th = num(pr[run["problem"]]["theta0"]).copy()
        cfg, gf = run["config"], gradf[run["problem"]]
        if run["name"].startswith("SGD(lr=0.1)/"):
            traj = []
            for _ in range(STEPS):
                th = th - cfg["lr"] * gf(th)
                traj.append(th.copy())
            check(close(np.array(traj), num(run["trajectory"]), rtol=1e-10, atol=1e-12),
                  f"{run['name']} matches numpy SGD")
        if run["name"].startswith(("Adam(lr=0.1)/", "AdamW(lr=0.1)/")):
            b1, b2 = cfg["betas"]
            m = np.zeros(3)
            v = np.zeros(3)
            traj = []
            for t in range(1, STEPS + 1):
                gr = gf(th)
                th = th * (1 - cfg["lr"] * cfg["weight_decay"]) if run["optimizer"] == "AdamW" else th
                m = b1 * m + (1 - b1) * gr
                v = b2 * v + (1 - b2) * gr * gr
                mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
                th = th - cfg["lr"] * mh / (np.sqrt(vh) + cfg["eps"])
                traj.append(th.copy())
            check(close(np.array(traj), num(run["trajectory"]), rtol=1e-9, atol=1e-12),
                  f"{run['name']} matches numpy Adam(W)")
        if run["name"].startswith("RAdam(lr=0.1)/"):
            # issue 11: RAdam re-implemented in numpy, both sides of rho_t > 5
            b1, b2 = cfg["betas"]
            m, v, traj = np.zeros(3), np.zeros(3), []
            rho_inf = 2 / (1 - b2) - 1
            for t in range(1, STEPS + 1):
                gr = gf(th)
                m = b1 * m + (1 - b1) * gr
                v = b2 * v + (1 - b2) * gr * gr
                mh = m / (1 - b1 ** t)
                rho = rho_inf - 2 * t * b2 ** t / (1 - b2 ** t)
                if rho > 5:
                    r = np.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
                    th = th - cfg["lr"] * mh * r * np.sqrt(1 - b2 ** t) / (np.sqrt(v) + cfg["eps"])
                else:
                    th = th - cfg["lr"] * mh
                traj.append(th.copy())
            check(close(np.array(traj), num(run["trajectory"]), rtol=1e-9, atol=1e-12),
                  f"{run['name']} matches numpy RAdam")
        gnum = np.array([gf(t) for t in [num(pr[run["problem"]]["theta0"])] + run["trajectory"][:-1]])
        check(close(gnum, num(run["grad"]), rtol=1e-10, atol=1e-13),
              f"{run['name']}: recorded grads == analytic grad at previous iterate")

    # kl_div on a batch (issue 11): numpy's KL per row, and the reductions
    for c in (c for c in doc["losses"] if c["loss"] == "kl_div_batch"):
        x, t = num(c["inputs"]["input"]), num(c["inputs"]["target"])
        p = np.exp(t) if c["params"]["log_target"] else t
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(p > 0, p * (np.log(np.where(p > 0, p, 1)) - x), 0.0)
        expect = {"batchmean": terms.sum() / x.shape[0], "sum": terms.sum(),
                  "mean": terms.mean()}.get(c["params"]["reduction"], terms)
        check(close(num(c["value"]), expect), f"{c['name']} matches numpy sum p(log p - x)")

    # quantile, log-cosh, Gaussian NLL (issue 11) against numpy
    for c in (c for c in doc["losses"] if c["loss"] in ("quantile", "log_cosh", "gaussian_nll")):
        pr, tg = num(c["inputs"]["pred"]), num(c["inputs"]["target"])
        if c["loss"] == "quantile":
            r, tau = tg - pr, c["params"]["tau"]
            expect = np.where(r >= 0, tau * r, (tau - 1) * r).mean()
        elif c["loss"] == "log_cosh":
            expect = np.log(np.cosh(pr - tg)).mean() if np.all(np.abs(pr - tg) < 300) else None
        else:
            v = np.maximum(np.broadcast_to(num(c["inputs"]["var"]), pr.shape), 1e-6)
            expect = (0.5 * (np.log(v) + (pr - tg) ** 2 / v)
                      + (0.5 * math.log(2 * math.pi) if c["params"]["full"] else 0)).mean()
        if expect is not None:
            check(close(c["value"], expect), f"{c['name']} matches numpy")

    # hinge and multi-margin (issue 11) against numpy
    for c in (c for c in doc["losses"] if c["loss"] in ("hinge", "multi_margin")):
        if c["loss"] == "hinge":
            z, y = num(c["inputs"]["logits"]), num(c["inputs"]["target"])
            expect = np.maximum(0, 1 - (2 * y - 1) * z).mean()
        else:
            x, lab = num(c["inputs"]["logits"]), np.array(c["inputs"]["labels"])
            h = np.maximum(0, c["params"]["margin"] - x[np.arange(len(lab)), lab][:, None] + x)
            h[np.arange(len(lab)), lab] = 0
            expect = (h ** c["params"]["p"]).sum() / x.size
        check(close(c["value"], expect), f"{c['name']} matches numpy")

    # NT-Xent (issue 11) against a numpy loop over the 2N rows
    for c in (c for c in doc["losses"] if c["loss"] == "nt_xent"):
        z = np.vstack([num(c["inputs"]["a"]), num(c["inputs"]["b"])])
        u = z / np.linalg.norm(z, axis=1, keepdims=True)
        s, m = u @ u.T / c["params"]["temperature"], len(z)
        terms = [np.log(sum(np.exp(s[k, l]) for l in range(m) if l != k)) - s[k, (k + m // 2) % m]
                 for k in range(m)]
        check(close(c["value"], np.mean(terms)), f"{c['name']} matches numpy")

    # reductions (issue 11): sum == N * mean == sum of none, gradients alike
    red = {c["name"]: c for c in doc["reductions"]}
    for c in (c for c in doc["reductions"] if c["params"]["reduction"] == "mean"):
        base = c["name"][: -len("/reduction=mean")]
        su, no = red[f"{base}/reduction=sum"], red[f"{base}/reduction=none"]
        n = len(no["value"])
        ok = close(su["value"], n * c["value"]) and close(np.sum(num(no["value"])), su["value"])
        for k in c["grad"]:
            ok = ok and close(num(su["grad"][k]), n * num(c["grad"][k]))
            ok = ok and close(num(no["grad"][k]), num(su["grad"][k]))
        check(ok, f"{base}: sum == N*mean == sum(none), grads likewise")

    # schedules: closed form vs chainable, StepLR exact pattern
    for s in doc["schedules"]:
        if s["closed_form_lr"] is not None:
            diff = np.max(np.abs(num(s["lr"]) - num(s["closed_form_lr"])))
            check(diff < 1e-12, f"{s['name']}: chainable vs closed form max |diff| = {diff:.3g}")
        check(len(s["lr"]) == EPOCHS and s["lr"][0] == BASE_LR * (
            s["params"].get("start_factor", 1.0) if s["scheduler"] == "LinearLR" else
            (0.1 if s["scheduler"] == "SequentialLR" else 1.0)),
            f"{s['name']}: 60 values, correct initial lr {s['lr'][0]}")
    # issue 11: OneCycle starts at max_lr/div_factor and peaks at max_lr; SGDR restarts
    for c in doc["step_schedules"]["cases"]:
        pp = c["params"]
        if c["scheduler"] == "OneCycleLR" and pp["pct_start"] * pp["total_steps"] >= 1:
            check(close(c["lr"][0], pp["max_lr"] / pp["div_factor"]) and
                  max(c["lr"]) <= pp["max_lr"] * (1 + 1e-12),
                  f"{c['name']}: starts at max_lr/div_factor, never above max_lr")
        if c["scheduler"] == "CosineAnnealingWarmRestarts" and c["params"]["T_mult"] == 1:
            check(close(c["lr"][10], BASE_LR) and close(c["lr"][0], BASE_LR),
                  f"{c['name']}: restarts at base lr")
    for c in doc["plateau_schedules"]["cases"]:
        check(all(b <= a for a, b in zip([BASE_LR] + c["lr"], c["lr"])),
              f"{c['name']}: the rate never rises")
    for c in doc["clipping"]:
        if c["kind"] == "norm":
            n = np.linalg.norm(num(c["grad"]))
            want = num(c["grad"]) * min(1.0, c["param"] / (n + 1e-6))
            check(close(num(c["clipped"]), want) and close(c["total_norm"], n),
                  f"{c['name']} matches numpy")
    s = doc["schedules"][0]
    expect = [0.1 * 0.1 ** (e // 10) for e in range(EPOCHS)]
    check(close(num(s["lr"]), np.array(expect)), "StepLR(10, 0.1) == 0.1*0.1^(e//10)")
    return failures



# --------------------------------------------------------------------------
# models (src/models/): a one-hidden-layer tanh MLP on softmax cross-entropy
# --------------------------------------------------------------------------

MODEL_L2 = 0.01


def mlp_loss(flat, X, y, d, h, c):
    """lossbook's Mlp objective on the flat vector (W1 row by row, b1, W2 row by row, b2)."""
    w1 = flat[: h * d].reshape(h, d)
    b1 = flat[h * d: h * d + h]
    o = h * d + h
    w2 = flat[o: o + c * h].reshape(c, h)
    b2 = flat[o + c * h:]
    z = torch.tanh(X @ w1.T + b1) @ w2.T + b2
    return F.cross_entropy(z, y) + 0.5 * MODEL_L2 * (w1.pow(2).sum() + w2.pow(2).sum())


def models_section():
    g = gen(40)
    d, h, c, n = 5, 4, 3, 8
    X = torch.randn(n, d, generator=g)
    y = torch.randint(0, c, (n,), generator=g)
    theta0 = 0.5 * torch.randn(h * d + h + c * h + c, generator=g)
    theta = leaf(theta0)
    loss = mlp_loss(theta, X, y, d, h, c)
    loss.backward()
    runs = []
    for opt_name, given in [("SGD", {"lr": 0.1, "momentum": 0.9}), ("Adam", {"lr": 0.01})]:
        p = leaf(theta0)
        opt = getattr(torch.optim, opt_name)([p], **given)
        traj = []
        for _ in range(STEPS):
            opt.zero_grad()
            mlp_loss(p, X, y, d, h, c).backward()
            opt.step()
            traj.append(p.detach().clone())
        runs.append({"optimizer": opt_name, "given": dict(given), "trajectory": traj})
    return {
        "description": "tanh MLP d=5, h=4, C=3 on 8 samples: cross_entropy + l2/2 (|W1|^2 + |W2|^2)",
        "hidden": h, "classes": c, "l2": MODEL_L2,
        "X": X, "labels": y.tolist(), "theta0": theta0,
        "loss": loss.item(), "grad": theta.grad.detach().clone(),
        "runs": runs,
    }

# --------------------------------------------------------------------------

def build_document():
    schedules, sched_defaults = schedule_section()
    doc = {
        "generator": "tools/torch_golden.py",
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
        "python_version": sys.version.split()[0],
        "dtype": "float64",
        "seed": SEED,
        "losses": all_loss_cases(),
        "reductions": reduction_cases(),
        "softmax": softmax_cases(),
        "optimizers": optimizer_section(),
        "schedules": schedules,
        "scheduler_defaults": sched_defaults,
        "step_schedules": step_schedule_section(),
        "plateau_schedules": plateau_section(),
        "clipping": clip_section(),
        "models": models_section(),
    }
    return jsonable(doc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--no-check", action="store_true")
    args = ap.parse_args()

    doc = build_document()
    text = json.dumps(doc, indent=1, allow_nan=False) + "\n"
    # round-trip guard: every float must survive a JSON load unchanged
    assert json.loads(text) == doc
    with open(args.out, "w") as f:
        f.write(text)
    print(f"wrote {args.out} ({len(text)} bytes): {len(doc['losses'])} loss cases, "
          f"{len(doc['optimizers']['runs'])} optimizer runs, {len(doc['schedules'])} schedules; "
          f"torch {doc['torch_version']}, torchvision {doc['torchvision_version']}")
    if not args.no_check:
        print("sanity checks:")
        failures = sanity_checks(json.loads(text))
        print(f"{len(failures)} sanity check(s) failed" if failures else "all sanity checks passed")
        if failures:
            sys.exit(1)


if __name__ == "__main__":
    main()
