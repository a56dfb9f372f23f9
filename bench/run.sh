#!/usr/bin/env bash
# The Performance chapter's benchmarks, in one command:
#
#   bash bench/run.sh            # portable build (what CI compiles)
#   bash bench/run.sh --native   # also a second pass built with -C target-cpu=native
#   bash bench/run.sh --numpy    # also re-run the NumPy baseline first (bench/run_numpy.sh)
#   bash bench/run.sh --torch    # also re-run the PyTorch peer first (bench/run_torch.sh)
#                                # and, after criterion, the paired rounds (bench/run_paired.sh)
#
# Runs `cargo bench` (criterion, release profile) for the STREAM bandwidth
# kernels, the losses, the optimizer steps and the training epochs, then
# bench/report.py, which writes bench/results/{rust,summary,scaling}.json and
# bench/results/summary.md. Extra arguments after `--` go to criterion, e.g.
#   bash bench/run.sh -- --measurement-time 5
#
# Benchmarks share the machine: before each bench binary the script waits
# (at most BENCH_QUIET_WAIT seconds, default 120) for the CPUs to be >= 90 %
# idle, and records what it saw in bench/results/run_info.json.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

native=0
numpy=0
torch=0
criterion_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --native) native=1 ;;
        --numpy) numpy=1 ;;
        --torch) torch=1 ;;
        --) shift; criterion_args=("$@"); break ;;
        *) echo "unknown argument: $1 (see the header of $0)" >&2; exit 2 ;;
    esac
    shift
done

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
quiet_wait="${BENCH_QUIET_WAIT:-120}"
benches=(stream losses optimizers epochs)
start_epoch=$(date +%s)
start_iso=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# Percentage of CPU time idle over the next second, all CPUs.
idle_percent() {
    local u n s i w x y z t1 i1 t2 i2
    read -r _ u n s i w x y z _ < /proc/stat; t1=$((u+n+s+i+w+x+y+z)); i1=$((i+w))
    sleep 1
    read -r _ u n s i w x y z _ < /proc/stat; t2=$((u+n+s+i+w+x+y+z)); i2=$((i+w))
    echo $(( 100 * (i2 - i1) / (t2 - t1 > 0 ? t2 - t1 : 1) ))
}

idle_log=()
wait_quiet() {
    local label="$1" waited=0 idle
    idle=$(idle_percent)
    while [ "$idle" -lt 90 ] && [ "$waited" -lt "$quiet_wait" ]; do
        [ "$waited" -eq 0 ] && echo "   (machine busy: ${idle}% idle; waiting up to ${quiet_wait}s before $label)"
        sleep 4
        waited=$((waited + 5))
        idle=$(idle_percent)
    done
    idle_log+=("{\"before\": \"$label\", \"idle_percent\": $idle, \"waited_s\": $waited, \"loadavg\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}")
}

run_benches() {
    local tag="$1"
    echo "== cargo bench --no-run ($tag)"
    cargo bench --quiet --no-run "${benches[@]/#/--bench=}" 2>&1 | grep -v '^\s*Executable' || true
    rm -rf "$CARGO_TARGET_DIR/criterion"
    for b in "${benches[@]}"; do
        wait_quiet "$tag/$b"
        echo "== cargo bench --bench $b ($tag)"
        cargo bench --quiet --bench "$b" -- "${criterion_args[@]}" 2>&1 \
            | grep -E '^[a-z_0-9]+/|time:|Warning' || true
    done
}

if [ "$numpy" = 1 ]; then
    echo "== NumPy baseline (bench/run_numpy.sh)"
    bash "$here/run_numpy.sh"
fi

if [ "$torch" = 1 ]; then
    wait_quiet "torch"
    echo "== PyTorch peer (bench/run_torch.sh)"
    bash "$here/run_torch.sh"
fi

run_benches portable
if [ "$torch" = 1 ]; then
    wait_quiet "paired"
    echo "== paired rounds against PyTorch (bench/run_paired.sh)"
    bash "$here/run_paired.sh"
fi
native_dir=""
if [ "$native" = 1 ]; then
    portable_target="$CARGO_TARGET_DIR"
    export CARGO_TARGET_DIR="${portable_target}-native"
    RUSTFLAGS="${RUSTFLAGS:-} -C target-cpu=native" run_benches native
    native_dir="$CARGO_TARGET_DIR/criterion"
    export CARGO_TARGET_DIR="$portable_target"
fi

end_epoch=$(date +%s)
idle_json=$(IFS=,; echo "${idle_log[*]}")
cat > "$here/results/run_info.json" <<EOF
{
  "command": "bash bench/run.sh$([ "$native" = 1 ] && echo " --native")$([ "$numpy" = 1 ] && echo " --numpy")$([ "$torch" = 1 ] && echo " --torch")",
  "started_utc": "$start_iso",
  "wall_s": $((end_epoch - start_epoch)),
  "native_pass": $([ "$native" = 1 ] && echo true || echo false),
  "criterion_args": "${criterion_args[*]:-}",
  "idle_before_each_bench": [$idle_json]
}
EOF

echo "== bench/report.py"
python3 "$here/report.py" --criterion-dir "$CARGO_TARGET_DIR/criterion" \
    ${native_dir:+--native-criterion-dir "$native_dir"} \
    --run-info "$here/results/run_info.json" >/dev/null
echo "wrote bench/results/{rust.json,summary.json,summary.md,scaling.json} in $((end_epoch - start_epoch)) s"
