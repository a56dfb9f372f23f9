#!/usr/bin/env python3
"""NumPy baseline for lossbook's benchmark comparison.

The Rust kernels are compared against "the article's own NumPy code", so the
functions below deliberately reproduce the article's straightforward NumPy
expressions (temporaries, Python loops and all).  They are NOT optimised:
making them faster would misrepresent the baseline.

Output: bench/results/numpy.json.
Run via bench/run_numpy.sh, which pins the NumPy version.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import json
import math
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

try:  # threadpoolctl is how we pin BLAS threads at run time; optional so the
    # script still runs (with a note in the JSON) in a bare environment.
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # pragma: no cover
    threadpool_info = None
    threadpool_limits = None

SEED = 0
EPS = 1e-15          # the article's clipping epsilon for bce / cce
NUM_CLASSES = 10     # C for cce and softmax_ce
LOSS_SIZES = (10**3, 10**5, 10**7)
N_PARAMS = 10**7     # optimizer step size
N_SAMPLES = 10**6    # linear-regression epoch
N_FEATURES = 16
BATCH = 32
LR_OPT = 0.001       # optimizer-step learning rate (value does not affect cost)
LR_LINREG = 0.01     # small enough that per-sample SGD stays finite on N(0,1) features

# ---------------------------------------------------------------------------
# Losses: the article's expressions, verbatim in spirit.
# ---------------------------------------------------------------------------


def mse(y_true, y_pred):
    return np.mean((y_true - y_pred) ** 2)


def mae(y_true, y_pred):
    return np.mean(np.abs(y_true - y_pred))


def huber(y_true, y_pred, delta=1.0):
    error = y_true - y_pred
    return np.mean(
        np.where(
            np.abs(error) <= delta,
            0.5 * error**2,
            delta * np.abs(error) - 0.5 * delta**2,
        )
    )


def bce(y_true, y_pred, eps=EPS):
    p = np.clip(y_pred, eps, 1 - eps)
    return -np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))


def cce(y_true, y_pred, eps=EPS):
    # y_true one-hot (rows, C), y_pred row-stochastic (rows, C)
    return -np.mean(np.sum(y_true * np.log(np.clip(y_pred, eps, 1 - eps)), axis=1))


def softmax_ce(logits, labels):
    # The standard numerically stable form: shift by the row max so exp never
    # overflows, then log-softmax = z - logsumexp(z), pick the true class.
    z = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(logits.shape[0]), labels])


# ---------------------------------------------------------------------------
# Optimizers: state lives in a small object so a timed call is exactly one
# update step; the arithmetic is the article's, temporaries included.
# ---------------------------------------------------------------------------


class SGDMomentum:
    def __init__(self, n, lr=LR_OPT, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = np.zeros(n)

    def step(self, theta, g):
        # Article form (lr folded into the velocity), not PyTorch's form.
        self.v = self.momentum * self.v + self.lr * g
        theta = theta - self.v
        return theta


class RMSprop:
    def __init__(self, n, lr=LR_OPT, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps = lr, rho, eps
        self.s = np.zeros(n)

    def step(self, theta, g):
        self.s = self.rho * self.s + (1 - self.rho) * g**2
        theta = theta - self.lr * g / (np.sqrt(self.s) + self.eps)
        return theta


class Adam:
    def __init__(self, n, lr=LR_OPT, b1=0.9, b2=0.999, eps=1e-8):
        self.lr, self.b1, self.b2, self.eps = lr, b1, b2, eps
        self.m = np.zeros(n)
        self.v = np.zeros(n)
        self.t = 0

    def step(self, theta, g):
        self.t += 1
        self.m = self.b1 * self.m + (1 - self.b1) * g
        self.v = self.b2 * self.v + (1 - self.b2) * g**2
        m_hat = self.m / (1 - self.b1**self.t)
        v_hat = self.v / (1 - self.b2**self.t)
        theta = theta - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        return theta


# ---------------------------------------------------------------------------
# Linear-regression epochs.  Each returns (theta, end-of-epoch loss) because
# the article computes the full-data MSE after every epoch, so it is part of
# the cost being compared.  The article shuffles with the legacy global RNG
# (np.random.permutation); we keep that, seeded once in main().
# ---------------------------------------------------------------------------


def epoch_batch_gd(X, y, theta, lr=LR_LINREG):
    m = len(y)
    gradient = (1 / m) * X.T @ (X @ theta - y)
    theta -= lr * gradient
    loss = np.mean((X @ theta - y) ** 2)
    return theta, loss


def epoch_minibatch(X, y, theta, lr=LR_LINREG, batch_size=BATCH):
    m = len(y)
    indices = np.random.permutation(m)
    X_shuffled = X[indices]
    y_shuffled = y[indices]
    for i in range(0, m, batch_size):
        xi = X_shuffled[i : i + batch_size]
        yi = y_shuffled[i : i + batch_size]
        gradient = (1 / len(yi)) * xi.T @ (xi @ theta - yi)
        theta -= lr * gradient
    loss = np.mean((X @ theta - y) ** 2)
    return theta, loss


def epoch_sgd(X, y, theta, lr=LR_LINREG):
    m = len(y)
    for i in np.random.permutation(m):
        xi = X[i : i + 1]
        yi = y[i : i + 1]
        gradient = xi.T @ (xi @ theta - yi)
        theta -= lr * gradient
    loss = np.mean((X @ theta - y) ** 2)
    return theta, loss


# ---------------------------------------------------------------------------
# Timing harness.
# ---------------------------------------------------------------------------


def time_op(fn, target_total_s, min_reps=5, max_reps=200, min_rep_s=2e-3):
    """Return (median_s, min_s, reps, calls_per_rep) per single call of fn.

    Like timeit.repeat: cheap calls are grouped `calls_per_rep` at a time so
    that each timed repetition lasts >= min_rep_s and perf_counter overhead
    is negligible; each repetition's time is divided by calls_per_rep.  GC is
    off while timing (as timeit does) so a stray collection cannot land in
    one repetition and skew min/median.
    """
    # Warm-up: first call pays page faults for fresh temporaries, lazy BLAS
    # thread start-up, etc.  Its duration also sizes the repetitions.
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0

    calls_per_rep = max(1, math.ceil(min_rep_s / max(first, 1e-9)))
    if calls_per_rep > 1:
        # re-estimate on a group: a single sub-ms call is too noisy to size with
        t0 = time.perf_counter()
        for _ in range(calls_per_rep):
            fn()
        per_call = (time.perf_counter() - t0) / calls_per_rep
        calls_per_rep = max(1, math.ceil(min_rep_s / per_call))
    else:
        per_call = first
    rep_s = per_call * calls_per_rep
    reps = min(max_reps, max(min_reps, math.ceil(target_total_s / rep_s)))

    samples = []
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(reps):
            t0 = time.perf_counter()
            for _ in range(calls_per_rep):
                fn()
            samples.append((time.perf_counter() - t0) / calls_per_rep)
    finally:
        if gc_was_enabled:
            gc.enable()
    samples.sort()
    return float(np.median(samples)), samples[0], reps, calls_per_rep


# ---------------------------------------------------------------------------
# Data (all from np.random.default_rng(SEED)).
# ---------------------------------------------------------------------------


def make_loss_data(rng, n):
    """All arrays for the six losses at size n (n float64 prediction elements)."""
    rows = n // NUM_CLASSES
    d = {}
    d["y_true"] = rng.standard_normal(n)
    d["y_pred"] = d["y_true"] + 0.5 * rng.standard_normal(n)  # mix of |e|<=1 and >1 for huber
    d["y_bin"] = (rng.random(n) < 0.5).astype(np.float64)
    d["p_bin"] = rng.random(n)
    logits = rng.standard_normal((rows, NUM_CLASSES))
    labels = rng.integers(0, NUM_CLASSES, size=rows)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    d["p_cat"] = e / e.sum(axis=1, keepdims=True)
    d["y_onehot"] = np.eye(NUM_CLASSES)[labels]
    d["logits"] = logits
    d["labels"] = labels
    return d


# ---------------------------------------------------------------------------
# Environment description.
# ---------------------------------------------------------------------------


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _cpu_flags_of_interest():
    # The Rust side may or may not use these; recording them explains SIMD gaps.
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                return sorted(f for f in flags if f.startswith(("avx", "fma", "sse4")))
    except OSError:
        pass
    return []


def _mem_total_bytes():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _blas_pools():
    if threadpool_info is None:
        return None
    return [
        {k: p.get(k) for k in ("user_api", "internal_api", "version", "num_threads", "threading_layer", "architecture", "filepath")}
        for p in threadpool_info()
    ]


def _blas_threads_now():
    """Threads the BLAS pool(s) will actually use right now, as reported back."""
    pools = _blas_pools() or []
    counts = [p["num_threads"] for p in pools if p["user_api"] == "blas"]
    return max(counts) if counts else None


def machine_info():
    try:
        np_config = np.show_config(mode="dicts")
    except TypeError:  # numpy < 1.26 has no mode=
        np_config = None
    return {
        "cpu_model": _cpu_model(),
        "cpu_flags_simd": _cpu_flags_of_interest(),
        "logical_cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "mem_total_bytes": _mem_total_bytes(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_impl": platform.python_implementation(),
        "numpy": np.__version__,
        "date_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "thread_env": {
            k: os.environ.get(k)
            for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
        },
        "blas_pools_at_start": _blas_pools(),
        "numpy_config": np_config,
    }


# ---------------------------------------------------------------------------
# Driver.
# ---------------------------------------------------------------------------


class _Limit:
    """Context manager: cap BLAS threads if threadpoolctl is available."""

    def __init__(self, n):
        self.n, self.ctx = n, None

    def __enter__(self):
        if threadpool_limits is not None and self.n is not None:
            self.ctx = threadpool_limits(limits=self.n, user_api="blas")
            self.ctx.__enter__()
        return self

    def __exit__(self, *exc):
        if self.ctx is not None:
            self.ctx.__exit__(*exc)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "results" / "numpy.json"))
    ap.add_argument("--target-s", type=float, default=0.5,
                    help="aim for at least this much timed wall-clock per op (default 0.5)")
    ap.add_argument("--sgd-subset", type=int, default=0,
                    help="time epoch_sgd on this many samples and scale linearly to N (0 = full epoch)")
    ap.add_argument("--skip-default-threads", action="store_true",
                    help="do not re-time the matmul-heavy epochs with NumPy's default BLAS threads")
    args = ap.parse_args(argv)

    wall0 = time.perf_counter()
    info = machine_info()
    rng = np.random.default_rng(SEED)
    np.random.seed(SEED)  # the article's shuffles use the legacy global RNG
    results = []
    notes = []

    def record(op, n, fn, target=args.target_s, extra=None, into=results, blas_threads=None):
        med, mn, reps, cpr = time_op(fn, target)
        row = {"op": op, "n": n, "median_s": med, "min_s": mn, "reps": reps,
               "calls_per_rep": cpr, "blas_threads": blas_threads}
        if extra:
            row.update(extra)
        into.append(row)
        print(f"{op:20s} n={n:>9d}  median {med:.6e} s  min {mn:.6e} s  reps {reps} x {cpr}"
              + (f"  (blas threads {blas_threads})" if blas_threads is not None else ""),
              flush=True)

    # Primary numbers: BLAS pinned to one thread so the comparison is against a
    # single-threaded Rust kernel.  NumPy's elementwise ufuncs are
    # single-threaded anyway, so this only affects the matmuls in the epochs.
    with _Limit(1):
        bt = _blas_threads_now()

        # --- losses -------------------------------------------------------
        for n in LOSS_SIZES:
            d = make_loss_data(rng, n)
            yt, yp, yb, pb = d["y_true"], d["y_pred"], d["y_bin"], d["p_bin"]
            oh, pc, lg, lb = d["y_onehot"], d["p_cat"], d["logits"], d["labels"]
            record("mse", n, lambda: mse(yt, yp), blas_threads=bt)
            record("mae", n, lambda: mae(yt, yp), blas_threads=bt)
            record("huber", n, lambda: huber(yt, yp), blas_threads=bt)
            record("bce", n, lambda: bce(yb, pb), blas_threads=bt)
            record("cce", n, lambda: cce(oh, pc), extra={"classes": NUM_CLASSES}, blas_threads=bt)
            record("softmax_ce", n, lambda: softmax_ce(lg, lb), extra={"classes": NUM_CLASSES}, blas_threads=bt)
            del d, yt, yp, yb, pb, oh, pc, lg, lb

        # --- optimizer steps ----------------------------------------------
        # theta is rebound each call (the article's `theta = theta - ...`
        # allocates a fresh array), so keep it in a one-element list.
        g = rng.standard_normal(N_PARAMS)
        for op, cls in (("sgd_momentum_step", SGDMomentum), ("rmsprop_step", RMSprop), ("adam_step", Adam)):
            opt = cls(N_PARAMS)
            box = [rng.standard_normal(N_PARAMS)]

            def step(opt=opt, box=box):
                box[0] = opt.step(box[0], g)

            record(op, N_PARAMS, step, blas_threads=bt)
            del opt, box, step
        del g

        # --- linear-regression epochs -------------------------------------
        X = rng.standard_normal((N_SAMPLES, N_FEATURES))
        true_w = rng.standard_normal(N_FEATURES)
        y = X @ true_w + 0.1 * rng.standard_normal(N_SAMPLES)
        lin = {"d": N_FEATURES}

        def epoch_runner(fn, Xs, ys):
            # theta carries over between calls, as in successive training epochs.
            box = [np.zeros(N_FEATURES)]

            def run():
                box[0], _ = fn(Xs, ys, box[0])

            return run, box

        run, _ = epoch_runner(epoch_batch_gd, X, y)
        record("epoch_batch_gd", N_SAMPLES, run, extra=lin, blas_threads=bt)
        run, _ = epoch_runner(epoch_minibatch, X, y)
        record("epoch_minibatch_32", N_SAMPLES, run, extra=dict(lin, batch=BATCH), blas_threads=bt)

        if args.sgd_subset and args.sgd_subset < N_SAMPLES:
            k = args.sgd_subset
            run, _ = epoch_runner(epoch_sgd, X[:k], y[:k])
            sub = []
            record("epoch_sgd", k, run, target=0.0, into=sub, blas_threads=bt)
            scale = N_SAMPLES / k
            row = dict(sub[0], n=N_SAMPLES, median_s=sub[0]["median_s"] * scale,
                       min_s=sub[0]["min_s"] * scale, measured_on_n=k, scaled_by=scale, **lin)
            results.append(row)
            notes.append(f"epoch_sgd timed on a {k}-sample subset and scaled linearly by {scale:g}.")
        else:
            # target 0 -> exactly min_reps (5) full epochs after one warm-up.
            run, _ = epoch_runner(epoch_sgd, X, y)
            record("epoch_sgd", N_SAMPLES, run, target=0.0, extra=lin, blas_threads=bt)

    # Secondary numbers: same epochs with NumPy's default BLAS threading, only
    # for the matmul-heavy ones (per-sample SGD is Python-overhead bound, its
    # 1x16 products never reach OpenBLAS's threading threshold).
    results_default = []
    if not args.skip_default_threads:
        bt_def = _blas_threads_now()
        run, _ = epoch_runner(epoch_batch_gd, X, y)
        record("epoch_batch_gd", N_SAMPLES, run, extra=lin, into=results_default, blas_threads=bt_def)
        run, _ = epoch_runner(epoch_minibatch, X, y)
        record("epoch_minibatch_32", N_SAMPLES, run, extra=dict(lin, batch=BATCH),
               into=results_default, blas_threads=bt_def)

    if threadpool_limits is None:
        notes.append("threadpoolctl not installed: BLAS threads were NOT pinned; blas_threads is null.")

    out = {
        "tool": "bench/numpy_bench.py",
        "description": "NumPy baseline: the article's straightforward NumPy code, timed per call.",
        "timing": {
            "statistic": "median and min seconds per single call over `reps` repetitions; "
                         "each repetition times `calls_per_rep` consecutive calls and divides",
            "warmup_calls": "1 (plus one sizing group when calls_per_rep > 1)",
            "target_total_s_per_op": args.target_s,
            "min_reps": 5,
            "gc_disabled_while_timing": True,
            "clock": "time.perf_counter",
            "state": "optimizer and epoch ops carry state (theta, moments, t) across calls like a training loop",
        },
        "params": {
            "seed": SEED, "eps_clip": EPS, "classes": NUM_CLASSES, "huber_delta": 1.0,
            "loss_sizes": list(LOSS_SIZES), "n_params": N_PARAMS,
            "n_samples": N_SAMPLES, "n_features": N_FEATURES, "batch": BATCH,
            "lr_optimizers": LR_OPT, "lr_linreg": LR_LINREG,
            "sgd_momentum": 0.9, "rmsprop": {"rho": 0.9, "eps": 1e-8},
            "adam": {"b1": 0.9, "b2": 0.999, "eps": 1e-8},
        },
        "machine": info,
        "results": results,
        "results_default_blas_threads": results_default,
        "notes": notes,
        "total_wall_s": None,
    }
    out["total_wall_s"] = round(time.perf_counter() - wall0, 2)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {args.out} (total {out['total_wall_s']} s)")


if __name__ == "__main__":
    main()
