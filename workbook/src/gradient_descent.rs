//! Chapter 6, Gradient descent: batch, stochastic, mini-batch. Replace each
//! `todo!` with your code, then check it with `cargo xtask exercises` (or
//! `cargo test -p workbook --test gradient_descent`).

// The stubs do not read their arguments yet; your solution will.
#![allow(unused_variables)]

use rand_chacha::ChaCha8Rng;

// ANCHOR: next_epoch
/// **Exercise 6.1.** One epoch of mini-batches. Shuffle `order` in place
/// with `rng` (use rand's `SliceRandom::shuffle`), then cut it into batches
/// of `batch_size` indices; the last batch holds what is left and may be
/// smaller. Every index appears exactly once per epoch.
///
/// Called once per epoch on the same `order` and `rng`, starting from
/// `order = [0, 1, …, n − 1]` and `ChaCha8Rng::seed_from_u64(seed)`, it must
/// give the batches `lossbook::train::train` uses with
/// `Batching::MiniBatch(batch_size)` and that seed.
pub fn next_epoch(order: &mut [usize], batch_size: usize, rng: &mut ChaCha8Rng) -> Vec<Vec<usize>> {
    todo!("Exercise 6.1: next_epoch")
}
// ANCHOR_END: next_epoch

// ANCHOR: clip_grad_norm
/// **Exercise 6.2.** Gradient clipping by global norm, PyTorch's
/// `clip_grad_norm_`: with `‖g‖₂` the norm of the whole gradient, scale
/// every entry by `c = max_norm/(‖g‖₂ + 10⁻⁶)` if `c < 1`, and leave it
/// alone otherwise. Return `‖g‖₂` from before the clipping.
pub fn clip_grad_norm(grad: &mut [f64], max_norm: f64) -> f64 {
    todo!("Exercise 6.2: clip_grad_norm")
}
// ANCHOR_END: clip_grad_norm
