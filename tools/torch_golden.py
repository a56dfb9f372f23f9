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
    return out


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


def all_loss_cases():
    cases = (mse_l1_cases() + huber_smooth_l1_cases() + bce_cases()
             + cross_entropy_cases() + kl_div_cases() + triplet_cases() + focal_cases())
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

OPT_CLASSES = ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"]


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
        gnum = np.array([gf(t) for t in [num(pr[run["problem"]]["theta0"])] + run["trajectory"][:-1]])
        check(close(gnum, num(run["grad"]), rtol=1e-10, atol=1e-13),
              f"{run['name']}: recorded grads == analytic grad at previous iterate")

    # schedules: closed form vs chainable, StepLR exact pattern
    for s in doc["schedules"]:
        if s["closed_form_lr"] is not None:
            diff = np.max(np.abs(num(s["lr"]) - num(s["closed_form_lr"])))
            check(diff < 1e-12, f"{s['name']}: chainable vs closed form max |diff| = {diff:.3g}")
        check(len(s["lr"]) == EPOCHS and s["lr"][0] == BASE_LR * (
            s["params"].get("start_factor", 1.0) if s["scheduler"] == "LinearLR" else
            (0.1 if s["scheduler"] == "SequentialLR" else 1.0)),
            f"{s['name']}: 60 values, correct initial lr {s['lr'][0]}")
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
        "softmax": softmax_cases(),
        "optimizers": optimizer_section(),
        "schedules": schedules,
        "scheduler_defaults": sched_defaults,
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
