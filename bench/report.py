#!/usr/bin/env python3
"""Turn criterion's estimates and NumPy's baseline into the Performance tables.

Reads
  <criterion dir>/**/new/{benchmark,estimates,sample}.json   (cargo bench)
  bench/results/numpy.json                                   (bench/run_numpy.sh)
  bench/results/torch.json                                   (bench/run_torch.sh)
  bench/results/paired_steps.md, if present                  (bench/run_paired.sh)
and writes
  bench/results/rust.json      machine description + every Rust median
  bench/results/summary.json   one row per (op, n, variant): times, ratio,
                               bytes, GB/s, fraction of the triad rate, reference time
  bench/results/summary.md     the same as Markdown tables (the book includes it)
  bench/results/scaling.json   each loss's median time against N

Python standard library only.  Usage:
  python3 bench/report.py --criterion-dir $CARGO_TARGET_DIR/criterion \
      [--native-criterion-dir DIR] [--run-info bench/results/run_info.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

CLASSES = 10
FEATURES = 16
LOSSES = ["mse", "mae", "huber", "bce", "cce", "softmax_ce"]
OPTIMIZERS = ["sgd_step", "sgd_momentum_step", "nesterov_step", "rmsprop_step", "adam_step",
              "adamw_step"]
EPOCHS = ["epoch_batch_gd", "epoch_minibatch_32", "epoch_sgd"]
STREAM = ["stream_copy", "stream_triad", "stream_read"]
# In-place passes with exactly an optimizer step's traffic (benches/stream.rs):
# stream_update_k reads g and k state arrays and writes the k back.
UPDATES = ["stream_update_1", "stream_update_2", "stream_update_3"]
# PyTorch's implementations of one optimizer step (bench/torch_bench.py).
TORCH_VARIANTS = ["for-loop", "foreach", "fused"]
# The bandwidth every other row is measured against.
REFERENCE = "stream_triad"


def bytes_moved(op: str, n: int) -> int:
    """Bytes the kernel must read plus write (STREAM convention: no
    write-allocate traffic, no re-reads a better kernel could avoid)."""
    if op in ("mse", "mae", "huber", "bce"):
        return 16 * n  # read target and prediction
    if op == "cce":
        return 16 * n  # read the one-hot and the probability matrices
    if op == "softmax_ce":
        return 8 * n + 8 * (n // CLASSES)  # read logits and one usize label per row
    if op == "sgd_step":
        return 3 * 8 * n  # read θ, g; write θ
    if op in ("sgd_momentum_step", "nesterov_step", "rmsprop_step"):
        return 5 * 8 * n  # read θ, g, buffer; write θ, buffer
    if op in ("adam_step", "adamw_step"):
        return 7 * 8 * n  # read θ, g, m, v; write θ, m, v
    if op in UPDATES:
        return (2 * int(op[-1]) + 1) * 8 * n  # read g and k arrays; write the k
    if op in EPOCHS:
        # every sample (d features + target) read once for the gradients and
        # once more for the end-of-epoch loss
        return 2 * (FEATURES + 1) * 8 * n
    if op == "stream_copy":
        return 16 * n
    if op == "stream_triad":
        return 24 * n
    if op == "stream_read":
        return 24 * n
    raise KeyError(op)


def bytes_note(op: str) -> str:
    return {
        "mse": "2N·8 (read y, ŷ)",
        "mae": "2N·8 (read y, ŷ)",
        "huber": "2N·8 (read y, ŷ)",
        "bce": "2N·8 (read y, p̂)",
        "cce": "2N·8 (read Y, P̂: N/10 × 10 each)",
        "softmax_ce": "N·8 + (N/10)·8 (read logits, labels)",
        "sgd_step": "3N·8 (read θ, g; write θ)",
        "sgd_momentum_step": "5N·8 (read θ, g, b; write θ, b)",
        "nesterov_step": "5N·8 (read θ, g, b; write θ, b)",
        "rmsprop_step": "5N·8 (read θ, g, s; write θ, s)",
        "adam_step": "7N·8 (read θ, g, m, v; write θ, m, v)",
        "adamw_step": "7N·8 (read θ, g, m, v; write θ, m, v)",
        "epoch_batch_gd": "2·N·(d+1)·8 (X, y read for the gradient and for the loss)",
        "epoch_minibatch_32": "2·N·(d+1)·8 (X, y read for the gradients and for the loss)",
        "epoch_sgd": "2·N·(d+1)·8 (X, y read for the gradients and for the loss)",
        "stream_copy": "16 B/element (read a, write c)",
        "stream_triad": "24 B/element (read b, c; write a)",
        "stream_read": "24 B/element (read a, b, c)",
        "stream_update_1": "3N·8 (read θ, g; write θ in place)",
        "stream_update_2": "5N·8 (read θ, b, g; write θ, b in place)",
        "stream_update_3": "7N·8 (read θ, m, v, g; write θ, m, v in place)",
    }[op]


# ---------------------------------------------------------------------------
# Inputs.
# ---------------------------------------------------------------------------


def read_criterion(root: Path) -> list[dict]:
    rows = []
    if not root.is_dir():
        return rows
    for bench_json in sorted(root.glob("**/new/benchmark.json")):
        new = bench_json.parent
        try:
            bench = json.loads(bench_json.read_text())
            est = json.loads((new / "estimates.json").read_text())
        except (OSError, json.JSONDecodeError):
            continue
        samples = None
        try:
            sample = json.loads((new / "sample.json").read_text())
            samples = len(sample.get("iters", []))
            iterations = int(sum(sample.get("iters", [])))
        except (OSError, json.JSONDecodeError):
            iterations = None
        median = est["median"]
        rows.append(
            {
                "op": bench["group_id"],
                "variant": bench.get("function_id"),
                "n": int(bench["value_str"]) if bench.get("value_str") else None,
                "full_id": bench.get("full_id"),
                "median_s": median["point_estimate"] * 1e-9,
                "median_ci95_s": [
                    median["confidence_interval"]["lower_bound"] * 1e-9,
                    median["confidence_interval"]["upper_bound"] * 1e-9,
                ],
                "mean_s": est["mean"]["point_estimate"] * 1e-9,
                "samples": samples,
                "iterations": iterations,
            }
        )
    return rows


def read_numpy(path: Path) -> dict:
    data = json.loads(path.read_text())
    medians = {(r["op"], int(r["n"])): r["median_s"] for r in data["results"]}
    return {"medians": medians, "machine": data.get("machine", {}), "raw": data}


def read_torch(path: Path) -> dict:
    """PyTorch's medians by (op, n, variant), and each (op, n)'s fastest."""
    if not path.exists():
        return {"medians": {}, "best": {}, "machine": {}, "torch": None}
    data = json.loads(path.read_text())
    medians = {(r["op"], int(r["n"]), r["variant"]): r["median_s"] for r in data["results"]}
    best = {}
    for (op, n, variant), t in medians.items():
        if (op, n) not in best or t < best[(op, n)][0]:
            best[(op, n)] = (t, variant)
    return {"medians": medians, "best": best, "machine": data.get("machine", {}),
            "torch": data.get("torch")}


def machine_info(run_info: dict) -> dict:
    def first(path, prefix):
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return None

    def command(*args):
        try:
            return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return None

    mem_kb = first("/proc/meminfo", "MemTotal")
    flags = (first("/proc/cpuinfo", "flags") or "").split()
    return {
        "cpu_model": first("/proc/cpuinfo", "model name"),
        "cpu_mhz": first("/proc/cpuinfo", "cpu MHz"),
        "cpu_simd": sorted(f for f in flags if f.startswith(("avx", "fma", "sse4"))),
        "logical_cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "mem_total_bytes": int(mem_kb.split()[0]) * 1024 if mem_kb else None,
        "caches": command("sh", "-c", "lscpu | grep -i cache"),
        "platform": platform.platform(),
        "rustc": command("rustc", "-V"),
        "cargo": command("cargo", "-V"),
        "rustflags": os.environ.get("RUSTFLAGS", ""),
        "date_utc": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "threads": "every kernel single-threaded (as NumPy's, BLAS pinned to 1 thread)",
        "run": run_info,
    }


# ---------------------------------------------------------------------------
# The table.
# ---------------------------------------------------------------------------


def build_rows(rust: list[dict], numpy: dict, torch: dict, label: str) -> tuple[list[dict], dict]:
    ref = [r for r in rust if r["op"] == REFERENCE]
    bandwidth = None
    if ref:
        r = ref[0]
        bandwidth = bytes_moved(REFERENCE, r["n"]) / r["median_s"]
    # A step's bound: the in-place pass that moves the same bytes.
    bound = {bytes_moved(r["op"], r["n"]): r["median_s"] for r in rust if r["op"] in UPDATES}
    rows = []
    for r in rust:
        op, n = r["op"], r["n"]
        try:
            b = bytes_moved(op, n)
        except KeyError:
            continue
        row = {
            "op": op,
            "n": n,
            "variant": r["variant"] if not label else f"{r['variant']} ({label})",
            "rust_median_s": r["median_s"],
            "median_s": r["median_s"],
            "numpy_median_s": numpy["medians"].get((op, n)),
            "bytes": b,
            "bytes_convention": bytes_note(op),
            "gb_per_s": b / r["median_s"] / 1e9,
        }
        row["ratio"] = (
            row["numpy_median_s"] / r["median_s"] if row["numpy_median_s"] else None
        )
        torch_best, torch_variant = torch["best"].get((op, n), (None, None))
        row["torch_median_s"] = torch_best
        row["torch_variant"] = torch_variant
        row["torch_ratio"] = torch_best / r["median_s"] if torch_best else None
        row["bound_s"] = bound.get(b) if op in OPTIMIZERS else None
        row["bound_fraction"] = row["bound_s"] / r["median_s"] if row["bound_s"] else None
        # The triad's rate is a reference, not a bound: its byte count leaves
        # out write-allocate traffic, and a working set that fits in cache
        # streams faster than the triad's, which does not.
        if bandwidth:
            row["bw_fraction"] = row["gb_per_s"] * 1e9 / bandwidth
            row["reference_s"] = b / bandwidth
        else:
            row["bw_fraction"] = row["reference_s"] = None
        rows.append(row)
    order = {op: i for i, op in enumerate(STREAM + UPDATES + LOSSES + OPTIMIZERS + EPOCHS)}
    variant_order = {"readable": 0, "fast": 1, "rust": 2}
    rows.sort(
        key=lambda x: (
            order.get(x["op"], 99),
            x["n"],
            variant_order.get(x["variant"].split(" ")[0], 9),
            x["variant"],
        )
    )
    bw = {
        "reference": REFERENCE,
        "reference_gb_per_s": bandwidth / 1e9 if bandwidth else None,
    }
    for op in STREAM + UPDATES:
        for r in rust:
            if r["op"] == op:
                bw[op + "_gb_per_s"] = bytes_moved(op, r["n"]) / r["median_s"] / 1e9
                bw[op + "_bytes"] = bytes_moved(op, r["n"])
    return rows, bw


def fmt_time(s: float | None) -> str:
    if s is None:
        return "–"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    if s >= 1e-6:
        return f"{s * 1e6:.1f} µs"
    return f"{s * 1e9:.0f} ns"


def fmt_n(n: int) -> str:
    exp = len(str(n)) - 1
    return f"1e{exp}" if n == 10**exp else str(n)


def markdown(rows: list[dict], bw: dict, machine: dict, native_bw: dict | None,
             torch_version: str | None, torch_medians: dict, paired_md: str | None) -> str:
    lines = []
    lines.append("<!-- generated by bench/report.py from criterion, bench/results/numpy.json and "
                 "bench/results/torch.json; do not edit -->")
    lines.append("")
    lines.append(
        f"Machine: {machine['cpu_model']}, {machine['cpus_usable']} cores, "
        f"{(machine['mem_total_bytes'] or 0) / 2**30:.0f} GiB; {machine['rustc']}; "
        f"{machine['date_utc']}. Every kernel is single-threaded (NumPy's BLAS pinned to 1 thread)."
    )
    lines.append("")
    lines.append(
        "Measured memory bandwidth (3 × 10⁷ f64 arrays, STREAM byte counts): "
        f"copy {bw.get('stream_copy_gb_per_s', 0):.1f} GB/s, "
        f"**triad {bw.get('stream_triad_gb_per_s', 0):.1f} GB/s** (the reference for every "
        f"“% triad” below), read-only sum {bw.get('stream_read_gb_per_s', 0):.1f} GB/s."
    )
    if native_bw:
        lines.append(
            f"With `-C target-cpu=native`: copy {native_bw.get('stream_copy_gb_per_s', 0):.1f}, "
            f"triad {native_bw.get('stream_triad_gb_per_s', 0):.1f}, "
            f"read {native_bw.get('stream_read_gb_per_s', 0):.1f} GB/s."
        )
    lines.append("")
    lines.append(
        "Times are criterion medians. *readable* is the book's code (`lossbook::loss`, "
        "`Optimizer::step`, `train::train`); *fast* is its twin in `lossbook::kernels`. "
        "“× NumPy” is NumPy median / Rust median (the article's NumPy code); “× PyTorch” is "
        "PyTorch's median / Rust median, PyTorch "
        f"{torch_version or '–'} on the CPU, one thread, float64, its fastest implementation "
        "of the op (for the steps: the for-loop, foreach or fused variant named; all three are "
        "in the last table but one). “% triad” is achieved GB/s over the triad's "
        "rate: a reference, not a bound, so a kernel can exceed 100 % (STREAM's byte counts "
        "leave out write-allocate traffic, and working sets that fit in cache stream faster "
        "than the triad's). A step's “% of bound” is the time of an in-place pass with "
        "exactly its memory traffic (`stream_update_k`) over the step's time: 100 % is as fast "
        "as that pass, a plain loop of the same build, which is not a hard limit: other code "
        "can move the same bytes faster. Bytes: see the last table. The steps' “× PyTorch” "
        "compares runs made minutes apart, so it carries the machine's drift; the paired "
        "rounds below compare each step with PyTorch's in the same round."
    )
    lines.append("")
    groups = [
        ("Losses", LOSSES, "% triad"),
        ("Optimizer steps (10⁷ parameters)", OPTIMIZERS, "% of bound"),
        ("Linear-regression epochs (N = 10⁶, d = 16)", EPOCHS, "% triad"),
        ("Memory bandwidth", STREAM + UPDATES, "% triad"),
    ]
    for title, ops, last in groups:
        lines.append(f"### {title}")
        lines.append("")
        lines.append("| op | N | variant | Rust median | NumPy median | × NumPy | PyTorch median "
                     f"| × PyTorch | GB/s | {last} |")
        lines.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            if r["op"] not in ops:
                continue
            ratio = f"{r['ratio']:.1f}×" if r["ratio"] else "–"
            torch_ratio = f"{r['torch_ratio']:.1f}×" if r["torch_ratio"] else "–"
            torch_time = fmt_time(r["torch_median_s"])
            if r["torch_variant"] in TORCH_VARIANTS:
                torch_time += f" ({r['torch_variant']})"
            fraction = r["bound_fraction"] if last == "% of bound" else r["bw_fraction"]
            frac = f"{100 * fraction:.0f} %" if fraction is not None else "–"
            lines.append(
                f"| {r['op']} | {fmt_n(r['n'])} | {r['variant']} | {fmt_time(r['rust_median_s'])} | "
                f"{fmt_time(r['numpy_median_s'])} | {ratio} | {torch_time} | {torch_ratio} | "
                f"{r['gb_per_s']:.1f} | {frac} |"
            )
        lines.append("")
    lines.append("### PyTorch's implementations of each step")
    lines.append("")
    lines.append("| op | for-loop | foreach | fused | lossbook fast | bound |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    for op in OPTIMIZERS:
        fast = [r for r in rows if r["op"] == op and r["variant"] == "fast"]
        if not fast:
            continue
        cells = [fmt_time(torch_medians.get((op, fast[0]["n"], v))) for v in TORCH_VARIANTS]
        lines.append(f"| {op} | {' | '.join(cells)} | {fmt_time(fast[0]['rust_median_s'])} | "
                     f"{fmt_time(fast[0]['bound_s'])} |")
    lines.append("")
    if paired_md:
        lines.append("### Optimizer steps against PyTorch, paired rounds")
        lines.append("")
        lines.append("From `bench/results/paired_steps.json` (`bench/run_paired.sh`): lossbook's "
                     "fast step and PyTorch's fastest variant timed one right after the other, "
                     "round after round; “× PyTorch” is PyTorch's time over lossbook's in the "
                     "same round, and “% of bound” uses the in-place pass of the same round.")
        lines.append("")
        lines += [line for line in paired_md.splitlines() if not line.startswith("<!--")][1:]
        lines.append("")
    lines.append("### Bytes counted per op")
    lines.append("")
    lines.append("| op | bytes moved |")
    lines.append("|---|---|")
    seen = set()
    for r in rows:
        if r["op"] not in seen:
            seen.add(r["op"])
            lines.append(f"| {r['op']} | {r['bytes_convention']} |")
    lines.append("")
    return "\n".join(lines)


def scaling_tsv(scaled: dict) -> str:
    """The same data as scaling.json as tab-separated lines, which the
    performance figure (src/figures/performance.rs) reads without a JSON parser."""
    lines = ["op\tvariant\tn\tmedian_s"]
    for op, variants in scaled["losses"].items():
        for variant, points in variants.items():
            lines += [f"{op}\t{variant}\t{p['n']}\t{p['median_s']!r}" for p in points]
    return "\n".join(lines) + "\n"


def scaling(rows: list[dict], numpy: dict) -> dict:
    out = {"unit": "seconds (median)", "losses": {}}
    for op in LOSSES:
        entry = {}
        for r in rows:
            if r["op"] == op:
                entry.setdefault(r["variant"], []).append({"n": r["n"], "median_s": r["rust_median_s"]})
        entry["numpy"] = sorted(
            ({"n": n, "median_s": t} for (o, n), t in numpy["medians"].items() if o == op),
            key=lambda x: x["n"],
        )
        for v in entry.values():
            v.sort(key=lambda x: x["n"])
        out["losses"][op] = entry
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target_dir = os.environ.get("CARGO_TARGET_DIR", str(HERE.parent / "target"))
    ap.add_argument("--criterion-dir", default=str(Path(target_dir) / "criterion"))
    ap.add_argument("--native-criterion-dir", default=None,
                    help="criterion output of a run built with -C target-cpu=native (optional)")
    ap.add_argument("--numpy", default=str(RESULTS / "numpy.json"))
    ap.add_argument("--torch", default=str(RESULTS / "torch.json"))
    ap.add_argument("--paired", default=str(RESULTS / "paired_steps.md"),
                    help="the paired rounds' table (bench/paired_steps.py), included if present")
    ap.add_argument("--run-info", default=None, help="JSON written by bench/run.sh (timing, load)")
    ap.add_argument("--out-dir", default=str(RESULTS))
    args = ap.parse_args(argv)

    run_info = {}
    if args.run_info and Path(args.run_info).exists():
        run_info = json.loads(Path(args.run_info).read_text())
    numpy = read_numpy(Path(args.numpy))
    torch = read_torch(Path(args.torch))
    rust = read_criterion(Path(args.criterion_dir))
    if not rust:
        raise SystemExit(f"no criterion results under {args.criterion_dir}")
    rows, bw = build_rows(rust, numpy, torch, "")
    native_rows, native_bw = [], None
    if args.native_criterion_dir:
        native = read_criterion(Path(args.native_criterion_dir))
        if native:
            native_rows, native_bw = build_rows(native, numpy, torch, "native")
            # keep only the kernels; its stream rows describe the same memory
            native_rows = [r for r in native_rows if r["op"] not in STREAM + UPDATES]
    all_rows = rows + native_rows
    order = {op: i for i, op in enumerate(STREAM + UPDATES + LOSSES + OPTIMIZERS + EPOCHS)}
    variant_order = {"readable": 0, "fast": 1, "readable (native)": 2, "fast (native)": 3}
    all_rows.sort(key=lambda x: (order.get(x["op"], 99), x["n"], variant_order.get(x["variant"], 9)))

    machine = machine_info(run_info)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "rust.json").write_text(json.dumps({
        "tool": "cargo bench (criterion 0.8) + bench/report.py",
        "machine": machine,
        "numpy_machine": {k: numpy["machine"].get(k) for k in ("cpu_model", "logical_cpus", "numpy", "date_utc")},
        "torch_machine": {k: torch["machine"].get(k) for k in ("cpu_model", "logical_cpus", "date_utc")},
        "torch": torch["torch"],
        "bandwidth": bw,
        "bandwidth_native": native_bw,
        "criterion_dir": str(Path(args.criterion_dir)),
        "results": rust,
        "results_native": read_criterion(Path(args.native_criterion_dir)) if args.native_criterion_dir else [],
    }, indent=2) + "\n")
    (out / "summary.json").write_text(json.dumps({
        "bandwidth": bw,
        "bandwidth_native": native_bw,
        "rows": all_rows,
    }, indent=2) + "\n")
    paired = Path(args.paired)
    paired_md = paired.read_text() if paired.exists() else None
    (out / "summary.md").write_text(
        markdown(all_rows, bw, machine, native_bw, torch["torch"], torch["medians"], paired_md))
    scaled = scaling(all_rows, numpy)
    (out / "scaling.json").write_text(json.dumps(scaled, indent=2) + "\n")
    (out / "scaling.tsv").write_text(scaling_tsv(scaled))
    print((out / "summary.md").read_text())


if __name__ == "__main__":
    main()
