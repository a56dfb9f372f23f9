//! Chapter 10, FAQ (Q4: how do I know training has converged?). Replace the
//! `todo!` with your code, then check it with `cargo xtask exercises` (or
//! `cargo test -p workbook --test faq`).

// The stubs do not read their arguments yet; your solution will.
#![allow(unused_variables)]

use lossbook::train::{ConvergenceMonitor, StopReason};

// ANCHOR: should_stop
/// **Exercise 10.1.** The convergence monitor's rule, after the latest
/// epoch. `losses` and `validation` hold one loss per epoch so far
/// (`validation` may be empty); `k = monitor.patience`. Check, in order:
/// 1. `gradient_norm < monitor.gradient_tolerance`:
///    `GradientVanished { norm: gradient_norm }`;
/// 2. the last `k` losses were none of them an improvement: `LossPlateau`.
///    Walk the losses keeping the best so far (it starts at +∞); a loss is an
///    improvement, and the new best, if it is below the best by more than
///    `min_delta`;
/// 3. more than `k` validation losses, and each of the last `k` is above
///    the one before it: `ValidationRising`.
///
/// Return the first that holds, or `None`.
pub fn should_stop(
    monitor: &ConvergenceMonitor,
    losses: &[f64],
    validation: &[f64],
    gradient_norm: f64,
) -> Option<StopReason> {
    todo!("Exercise 10.1: should_stop")
}
// ANCHOR_END: should_stop
