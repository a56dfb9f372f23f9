//! Chapter 7, Momentum and adaptive learning rates. Replace each `todo!`
//! with your code, then check it with `cargo xtask exercises` (or
//! `cargo test -p workbook --test momentum`).
//!
//! Each function updates every parameter `θᵢ` in place from its gradient
//! `gᵢ`; the slices all have the same length.

// The stubs do not read their arguments yet; your solution will.
#![allow(unused_variables)]

use lossbook::optim::{Adam, RmsProp};

// ANCHOR: heavy_ball_step
/// **Exercise 7.1.** Heavy-ball momentum in PyTorch's form:
/// `bᵢ ← μ bᵢ + gᵢ`, then `θᵢ ← θᵢ − η bᵢ`. The buffer starts at zero.
pub fn heavy_ball_step(theta: &mut [f64], buffer: &mut [f64], grad: &[f64], lr: f64, momentum: f64) {
    todo!("Exercise 7.1: heavy_ball_step")
}
// ANCHOR_END: heavy_ball_step

// ANCHOR: article_momentum_step
/// **Exercise 7.2.** Momentum in the article's form, with the learning rate
/// inside the velocity: `vᵢ ← γ vᵢ + η gᵢ`, then `θᵢ ← θᵢ − vᵢ`.
///
/// The tests check that with a constant η it walks the same path as your
/// [`heavy_ball_step`], with `v = η b`, and that it does not once η changes.
pub fn article_momentum_step(
    theta: &mut [f64],
    velocity: &mut [f64],
    grad: &[f64],
    lr: f64,
    momentum: f64,
) {
    todo!("Exercise 7.2: article_momentum_step")
}
// ANCHOR_END: article_momentum_step

// ANCHOR: rmsprop_step
/// **Exercise 7.3.** RMSprop's step with the hyperparameters of `rmsprop`
/// (`alpha` is the decay ρ; ignore `weight_decay`, `momentum`, `centered`):
/// `s ← ρ s + (1 − ρ) g²`, then `θ ← θ − η g/(√s + ε)`, with ε outside the
/// square root as in PyTorch.
pub fn rmsprop_step(theta: &mut [f64], s: &mut [f64], grad: &[f64], rmsprop: &RmsProp) {
    todo!("Exercise 7.3: rmsprop_step")
}
// ANCHOR_END: rmsprop_step

// ANCHOR: adam_step
/// **Exercise 7.4.** Adam's step number `t ≥ 1` with the hyperparameters of
/// `adam` (ignore its `weight_decay` and `amsgrad`):
/// `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`,
/// `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)`, `θ ← θ − η m̂/(√v̂ + ε)`.
pub fn adam_step(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    grad: &[f64],
    t: i32,
    adam: &Adam,
) {
    todo!("Exercise 7.4: adam_step")
}
// ANCHOR_END: adam_step
