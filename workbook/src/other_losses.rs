//! Chapter 5, Other losses. Replace the `todo!` with your code, then check
//! it with `cargo xtask exercises` (or `cargo test -p workbook --test other_losses`).

// The stubs do not read their arguments yet; your solution will.
#![allow(unused_variables)]

use nalgebra::DMatrix;

// ANCHOR: triplet_loss
/// **Exercise 5.1.** The triplet margin loss over a batch, PyTorch's
/// `TripletMarginLoss`: row `i` of each matrix is one anchor, positive and
/// negative embedding, and
/// `L = (1/N) Σᵢ max(0, d(aᵢ, pᵢ) − d(aᵢ, nᵢ) + margin)`,
/// with `d(a, b) = ‖a − b + ε‖₂` (ε added to every coordinate) and
/// `ε = lossbook::loss::metric::TRIPLET_EPSILON`.
pub fn triplet_loss(
    anchor: &DMatrix<f64>,
    positive: &DMatrix<f64>,
    negative: &DMatrix<f64>,
    margin: f64,
) -> f64 {
    todo!("Exercise 5.1: triplet_loss")
}
// ANCHOR_END: triplet_loss
