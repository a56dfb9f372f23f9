//! Chapter 9, Learning-rate schedules. Replace the `todo!` with your code,
//! then check it with `cargo xtask exercises` (or `cargo test -p workbook --test schedules`).

// The stubs do not read their arguments yet; your solution will.
#![allow(unused_variables)]

// ANCHOR: warmup_cosine
/// **Exercise 9.1.** Cosine annealing after a linear warm-up, the rate at
/// step `t` (`W = warmup ≥ 1`, `T = total − W ≥ 1`):
/// - for `t < W`, the warm-up `η₀ (1/W + (1 − 1/W) t/W)`, from `η₀/W` at
///   `t = 0` towards `η₀`;
/// - for `t ≥ W`, with `s = min(t − W, T)`, the cosine
///   `η_min + ½(η₀ − η_min)(1 + cos(π s/T))`: `η₀` at `t = W`, `η_min` from
///   `t = W + T` on.
pub fn warmup_cosine(t: usize, initial_lr: f64, warmup: usize, total: usize, eta_min: f64) -> f64 {
    todo!("Exercise 9.1: warmup_cosine")
}
// ANCHOR_END: warmup_cosine
