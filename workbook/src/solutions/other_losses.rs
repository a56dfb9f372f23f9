//! Reference solution to chapter 5's exercise (`workbook/src/other_losses.rs`).

use lossbook::loss::metric::TRIPLET_EPSILON;
use nalgebra::DMatrix;

// ANCHOR: triplet_loss
/// Solution to Exercise 5.1.
pub fn triplet_loss(
    anchor: &DMatrix<f64>,
    positive: &DMatrix<f64>,
    negative: &DMatrix<f64>,
    margin: f64,
) -> f64 {
    let distance = |other: &DMatrix<f64>, i: usize| {
        let offset = anchor.row(i) - other.row(i);
        offset.add_scalar(TRIPLET_EPSILON).norm()
    };
    let total: f64 = (0..anchor.nrows())
        .map(|i| (distance(positive, i) - distance(negative, i) + margin).max(0.0))
        .sum();
    total / anchor.nrows() as f64
}
// ANCHOR_END: triplet_loss
