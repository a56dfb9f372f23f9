//! Loss functions, one file per family, as the article groups them.
//!
//! Every loss is a pair of functions: its value, averaged over the examples
//! (PyTorch's `reduction="mean"`), and its gradient with respect to the
//! prediction, the probability or the logit, whichever the loss takes.
//! Arguments come in the article's order: target first, prediction second.
//! [`reduction`] gives the per-element values and PyTorch's `"sum"` and
//! `"none"`.

pub mod classification;
pub mod metric;
pub mod reduction;
pub mod regression;

pub use reduction::{Reduction, elementwise, elementwise_gradient};

use crate::error::{Result, same_len};

// ANCHOR: mean_over
/// `(1/N) Σᵢ f(targetᵢ, predictionᵢ)`, after checking the two slices pair up.
pub(crate) fn mean_over(
    target: &[f64],
    prediction: &[f64],
    per_element: impl Fn(f64, f64) -> f64,
) -> Result<f64> {
    same_len("target", target, "prediction", prediction)?;
    let sum: f64 = target
        .iter()
        .zip(prediction)
        .map(|(&y, &p)| per_element(y, p))
        .sum();
    Ok(sum / target.len() as f64)
}
// ANCHOR_END: mean_over

// ANCHOR: gradient_over
/// `(1/N) f'(targetᵢ, predictionᵢ)` for each i: the gradient of [`mean_over`].
pub(crate) fn gradient_over(
    target: &[f64],
    prediction: &[f64],
    per_element: impl Fn(f64, f64) -> f64,
) -> Result<Vec<f64>> {
    same_len("target", target, "prediction", prediction)?;
    let n = target.len() as f64;
    Ok(target
        .iter()
        .zip(prediction)
        .map(|(&y, &p)| per_element(y, p) / n)
        .collect())
}
// ANCHOR_END: gradient_over

/// `sign(x)` with `sign(0) = 0` and `sign(NaN) = NaN`.
///
/// `f64::signum(0.0)` is `1.0`, which would make the MAE subgradient at a
/// perfect prediction 1 instead of PyTorch's 0.
pub(crate) fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x * 0.0
    }
}

/// `max(0, x)` that keeps NaN (`f64::max(0.0, NaN)` is `0.0`, hiding it).
pub(crate) fn positive_part(x: f64) -> f64 {
    if x <= 0.0 { 0.0 } else { x }
}
