//! Chapter 3, Classification losses. Replace each `todo!` with your code,
//! then check it with `cargo xtask exercises` (or `cargo test -p workbook --test classification`).

// The stubs do not read their arguments yet; your solution will.
#![allow(unused_variables)]

use nalgebra::DMatrix;

// ANCHOR: bce_with_logits
/// **Exercise 3.1.** Binary cross-entropy from logits, PyTorch's
/// `BCEWithLogitsLoss`: the mean over `i` of
/// `−[yᵢ log σ(zᵢ) + (1 − yᵢ) log(1 − σ(zᵢ))]`, `σ(z) = 1/(1 + e^{−z})`.
///
/// Computed as written it overflows or takes `log 0` for large `|z|`.
/// Rewrite it so that it is exact for every finite logit (hint: split off
/// `max(z, 0)`, and use `ln_1p`). Targets are in `[0, 1]`.
pub fn bce_with_logits(target: &[f64], logits: &[f64]) -> f64 {
    todo!("Exercise 3.1: bce_with_logits")
}
// ANCHOR_END: bce_with_logits

// ANCHOR: softmax_cross_entropy
/// **Exercise 3.2.** Softmax cross-entropy, PyTorch's `CrossEntropyLoss`
/// with class labels: row `i` of `logits` holds the scores `zᵢ` of one
/// example, `labels[i]` its class, and
/// `L = (1/N) Σᵢ (log Σ_c e^{z_{ic}} − z_{i,labels[i]})`.
///
/// Use the log-sum-exp trick (subtract each row's largest logit before
/// `exp`), so that logits of ±1000 give the right answer, not NaN.
pub fn softmax_cross_entropy(logits: &DMatrix<f64>, labels: &[usize]) -> f64 {
    todo!("Exercise 3.2: softmax_cross_entropy")
}
// ANCHOR_END: softmax_cross_entropy
