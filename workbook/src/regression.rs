//! Chapter 2, Regression losses. Replace each `todo!` with your code, then
//! check it with `cargo xtask exercises` (or `cargo test -p workbook --test regression`).
//!
//! The error is `e = ŷ − y` (target first, prediction second, as in the book).
//! You may assume the two slices have the same, non-zero length.

// The stubs do not read their arguments yet; your solution will.
#![allow(unused_variables)]

// ANCHOR: huber
/// **Exercise 2.1.** The mean Huber loss, PyTorch's `HuberLoss(delta)`:
/// `L = (1/N) Σ ℓ(eᵢ)` with `ℓ(e) = ½e²` if `|e| ≤ δ`, else `δ(|e| − ½δ)`.
pub fn huber(target: &[f64], prediction: &[f64], delta: f64) -> f64 {
    todo!("Exercise 2.1: huber")
}
// ANCHOR_END: huber

// ANCHOR: huber_gradient
/// **Exercise 2.2.** The gradient of [`huber`] with respect to each
/// prediction: `∂L/∂ŷᵢ = clamp(eᵢ, −δ, δ)/N`. Check yourself: what is it at
/// `|e| = δ`, where the two pieces of `ℓ` meet?
pub fn huber_gradient(target: &[f64], prediction: &[f64], delta: f64) -> Vec<f64> {
    todo!("Exercise 2.2: huber_gradient")
}
// ANCHOR_END: huber_gradient
