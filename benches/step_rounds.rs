//! One round of the paired comparison with PyTorch (`bench/paired_steps.py`):
//! each fast optimizer step of `optimizers.rs`, then the in-place pass with
//! its traffic (`stream_update_k` of `stream.rs`), timed one call at a time
//! for about `--seconds` each, on 10⁷ parameters. Prints one JSON object.
//!
//! Why rounds: on a shared virtual machine the memory rate drifts by 10–20 %
//! over minutes, more than the differences being measured. criterion runs
//! lossbook's steps minutes away from PyTorch's, so their ratio carries that
//! drift. `paired_steps.py` alternates this binary with PyTorch's steps,
//! round after round, and compares each step with PyTorch's in the same
//! round.
//!
//! `bash bench/run_paired.sh` builds and runs it; `cargo bench --bench
//! step_rounds -- --seconds 0.2` runs one round by hand.

mod common;

use std::hint::black_box;
use std::time::Instant;

use lossbook::kernels;
use lossbook::optim::Optimizer;
use nalgebra::DVector;

use common::{PARAMS, steps};

/// Per-call median and minimum, in seconds, of `f` run for about `seconds`
/// (at least 5 calls, after 2 untimed ones).
fn time(seconds: f64, mut f: impl FnMut()) -> (f64, f64, usize) {
    f();
    f();
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5 || start.elapsed().as_secs_f64() < seconds {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], times.len())
}

/// `--seconds S` (default 0.5); `--bench`, which cargo adds, is ignored.
fn seconds_from_args() -> Result<f64, String> {
    let mut seconds = 0.5;
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = args.next().ok_or("--seconds needs a value")?;
                seconds = value
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s > 0.0)
                    .ok_or(format!(
                        "--seconds must be a positive number, not {value:?}"
                    ))?;
            }
            other => return Err(format!("unknown argument {other:?} (only --seconds S)")),
        }
    }
    Ok(seconds)
}

/// A fast step: `kernels::sgd_step_fast` and its siblings.
type FastStep<O> =
    fn(&O, &mut <O as Optimizer>::State, &mut DVector<f64>, &DVector<f64>) -> lossbook::Result<()>;

/// One step of `optimizer` through `fast`, repeated on a state that carries
/// over, as in `optimizers.rs`.
fn fast_step<O: Optimizer>(
    seconds: f64,
    optimizer: &O,
    start: &DVector<f64>,
    grad: &DVector<f64>,
    fast: FastStep<O>,
) -> (f64, f64, usize) {
    let mut params = start.clone();
    let mut state = optimizer.init(&params).unwrap();
    time(seconds, || {
        fast(optimizer, &mut state, black_box(&mut params), grad).unwrap();
    })
}

fn main() {
    let seconds = seconds_from_args().unwrap_or_else(|message| {
        eprintln!("step_rounds: {message}");
        std::process::exit(2);
    });
    let mut rng = common::rng(11);
    let grad = DVector::from_vec(common::normals(&mut rng, PARAMS));
    let start = DVector::from_vec(common::normals(&mut rng, PARAMS));
    let mut rows = vec![
        (
            "sgd_step",
            fast_step(
                seconds,
                &steps::plain(),
                &start,
                &grad,
                kernels::sgd_step_fast,
            ),
        ),
        (
            "sgd_momentum_step",
            fast_step(
                seconds,
                &steps::momentum(),
                &start,
                &grad,
                kernels::sgd_step_fast,
            ),
        ),
        (
            "nesterov_step",
            fast_step(
                seconds,
                &steps::nesterov(),
                &start,
                &grad,
                kernels::sgd_step_fast,
            ),
        ),
        (
            "rmsprop_step",
            fast_step(
                seconds,
                &steps::rmsprop(),
                &start,
                &grad,
                kernels::rmsprop_step_fast,
            ),
        ),
        (
            "adam_step",
            fast_step(
                seconds,
                &steps::adam(),
                &start,
                &grad,
                kernels::adam_step_fast,
            ),
        ),
        (
            "adamw_step",
            fast_step(
                seconds,
                &steps::adamw(),
                &start,
                &grad,
                kernels::adamw_step_fast,
            ),
        ),
    ];
    let g = grad.as_slice();
    let (mut theta, mut m, mut v) = (
        start.as_slice().to_vec(),
        vec![0.5; PARAMS],
        vec![0.25; PARAMS],
    );
    let s = black_box(1e-9);
    rows.push((
        "stream_update_1",
        time(seconds, || common::update_1(black_box(&mut theta), g, s)),
    ));
    rows.push((
        "stream_update_2",
        time(seconds, || {
            common::update_2(black_box(&mut theta), &mut m, g, s)
        }),
    ));
    rows.push((
        "stream_update_3",
        time(seconds, || {
            common::update_3(black_box(&mut theta), &mut m, &mut v, g, s)
        }),
    ));
    let results: Vec<serde_json::Value> = rows
        .into_iter()
        .map(|(op, (median, min, calls))| {
            serde_json::json!({"op": op, "median_s": median, "min_s": min, "calls": calls})
        })
        .collect();
    let simd = format!("{:?}", kernels::simd_level());
    let out =
        serde_json::json!({"n": PARAMS, "seconds": seconds, "simd": simd, "results": results});
    println!("{out}");
}
