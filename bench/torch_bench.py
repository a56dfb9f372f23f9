#!/usr/bin/env python3
"""PyTorch CPU as a peer in lossbook's benchmark comparison.

Unlike the NumPy baseline (the article's own code, deliberately naive), this
is what a practitioner actually runs: torch.nn.functional's losses and
torch.optim's steps, one thread, float64, on the same sizes as the criterion
benches.  Every optimizer is timed in each implementation PyTorch offers for
it on the CPU: the per-tensor for-loop (foreach=False), the multi-tensor
foreach path (foreach=True) and the fused kernel (fused=True), where PyTorch
has one; a variant PyTorch refuses is recorded as unsupported, with its error.

Output: bench/results/torch.json.  Run via bench/run_torch.sh.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from numpy_bench import (LOSS_SIZES, LR_OPT, N_PARAMS, NUM_CLASSES, SEED,
                         machine_info, make_loss_data, time_op)

# lossbook's benches name each step after the optimizer and its options; the
# dict gives torch.optim's class and keyword arguments for the same step.
STEPS = {
    "sgd_step": (torch.optim.SGD, {"lr": LR_OPT}),
    "sgd_momentum_step": (torch.optim.SGD, {"lr": LR_OPT, "momentum": 0.9}),
    "nesterov_step": (torch.optim.SGD, {"lr": LR_OPT, "momentum": 0.9, "nesterov": True}),
    "rmsprop_step": (torch.optim.RMSprop, {"lr": LR_OPT}),
    "adam_step": (torch.optim.Adam, {"lr": LR_OPT}),
    "adamw_step": (torch.optim.AdamW, {"lr": LR_OPT}),
}
VARIANTS = {
    "for-loop": {"foreach": False},
    "foreach": {"foreach": True},
    "fused": {"fused": True},
}


def losses(d):
    """The six benchmarked losses as a PyTorch user writes them."""
    t = {k: torch.from_numpy(v) for k, v in d.items()}
    labels = t["labels"].long()
    return {
        "mse": lambda: F.mse_loss(t["y_pred"], t["y_true"]),
        "mae": lambda: F.l1_loss(t["y_pred"], t["y_true"]),
        "huber": lambda: F.huber_loss(t["y_pred"], t["y_true"], delta=1.0),
        # PyTorch clamps ln p at −100 instead of clipping p to [ε, 1 − ε].
        "bce": lambda: F.binary_cross_entropy(t["p_bin"], t["y_bin"]),
        # From probabilities: torch.nn has no loss that takes them, so the
        # practitioner's form is the negative log-likelihood of ln P.
        "cce": lambda: F.nll_loss(torch.log(t["p_cat"]), labels),
        "softmax_ce": lambda: F.cross_entropy(t["logits"], labels),
    }


def optimizer_step(cls, kwargs, rng):
    """A step closure for one parameter tensor whose gradient stays fixed,
    the state carrying over between calls as in a training loop (and as in
    lossbook's benches); or the error PyTorch raises for this variant."""
    # Copied into memory PyTorch allocates, as a model's parameters are: a
    # tensor over NumPy's buffer would get NumPy's huge pages (NumPy asks for
    # them on large arrays), which lossbook's Vec does not.
    param = torch.from_numpy(rng.standard_normal(N_PARAMS)).clone().requires_grad_()
    param.grad = torch.from_numpy(rng.standard_normal(N_PARAMS)).clone()
    opt = cls([param], **kwargs)
    with torch.no_grad():
        opt.step()  # creates the state outside the timed calls
    return opt.step


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "results" / "torch.json"))
    ap.add_argument("--target-s", type=float, default=0.5,
                    help="aim for at least this much timed wall-clock per op (default 0.5)")
    args = ap.parse_args(argv)

    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    wall0 = time.perf_counter()
    rng = np.random.default_rng(SEED)
    results, unsupported = [], []

    def record(op, n, fn, variant):
        med, mn, reps, cpr = time_op(fn, args.target_s)
        results.append({"op": op, "n": n, "variant": variant, "median_s": med, "min_s": mn,
                        "reps": reps, "calls_per_rep": cpr})
        print(f"{op:20s} {variant:9s} n={n:>9d}  median {med:.6e} s  min {mn:.6e} s  "
              f"reps {reps} x {cpr}", flush=True)

    with torch.no_grad():
        for n in LOSS_SIZES:
            for op, fn in losses(make_loss_data(rng, n)).items():
                record(op, n, fn, "torch.nn.functional")
        for op, (cls, kwargs) in STEPS.items():
            for variant, flags in VARIANTS.items():
                try:
                    step = optimizer_step(cls, {**kwargs, **flags}, rng)
                except (RuntimeError, ValueError, TypeError) as err:
                    unsupported.append({"op": op, "variant": variant, "error": str(err)})
                    print(f"{op:20s} {variant:9s} unsupported: {err}", flush=True)
                    continue
                record(op, N_PARAMS, step, variant)
                del step

    out = {
        "tool": "bench/torch_bench.py",
        "description": "PyTorch CPU peer: torch.nn.functional losses and torch.optim steps, "
                       "one thread, float64, timed per call.",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "params": {"seed": SEED, "classes": NUM_CLASSES, "huber_delta": 1.0,
                   "loss_sizes": list(LOSS_SIZES), "n_params": N_PARAMS, "lr": LR_OPT,
                   "steps": {op: kw for op, (_, kw) in STEPS.items()}},
        "machine": machine_info(),
        "results": results,
        "unsupported": unsupported,
        "total_wall_s": round(time.perf_counter() - wall0, 2),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {args.out} (total {out['total_wall_s']} s)")


if __name__ == "__main__":
    main()
