//! Reference solutions to chapter 3's exercises (`workbook/src/classification.rs`).

use nalgebra::DMatrix;

// ANCHOR: bce_with_logits
/// Solution to Exercise 3.1: `−log σ(z) = log(1 + e^{−z})`, and
/// `log(1 + e^{−z}) = max(−z, 0) + log(1 + e^{−|z|})`, whose exponent is ≤ 0.
pub fn bce_with_logits(target: &[f64], logits: &[f64]) -> f64 {
    let total: f64 = target
        .iter()
        .zip(logits)
        .map(|(&y, &z)| z.max(0.0) - z * y + (-z.abs()).exp().ln_1p())
        .sum();
    total / target.len() as f64
}
// ANCHOR_END: bce_with_logits

// ANCHOR: softmax_cross_entropy
/// Solution to Exercise 3.2: `log Σ e^{z} = m + log Σ e^{z − m}` with
/// `m = max z`, so the largest term is `e⁰ = 1` and nothing overflows.
/// Subtracting `z_label` from `m` first keeps the small `log Σ` exact when
/// the logits are large.
pub fn softmax_cross_entropy(logits: &DMatrix<f64>, labels: &[usize]) -> f64 {
    let total: f64 = labels
        .iter()
        .enumerate()
        .map(|(i, &label)| {
            let row = logits.row(i);
            let m = row.max();
            let sum: f64 = row.iter().map(|&z| (z - m).exp()).sum();
            (m - row[label]) + sum.ln()
        })
        .sum();
    total / labels.len() as f64
}
// ANCHOR_END: softmax_cross_entropy
