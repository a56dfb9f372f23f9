//! PyTorch's `reduction=` argument: `"mean"`, `"sum"` or `"none"`.
//!
//! Every loss function in [`crate::loss`] returns the mean, PyTorch's
//! default, so existing call sites stay one call. For the other two, ask
//! for the per-element values with [`elementwise`] (or a matrix loss's own
//! `*_elementwise`, one value per row) and reduce them with
//! [`Reduction::apply`]; [`elementwise_gradient`] and
//! [`Reduction::apply_to_gradient`] do the same for the gradient.

use crate::error::{Result, same_len};

// ANCHOR: reduction
/// How per-element losses `ℓᵢ` become what a loss returns, as PyTorch's
/// `reduction=`: `Mean` is `(1/N) Σ ℓᵢ`, `Sum` is `Σ ℓᵢ`, `None` keeps every `ℓᵢ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reduction {
    /// Keep the `N` per-element values (`reduction="none"`).
    None,
    /// Their mean (`reduction="mean"`, PyTorch's default and lossbook's).
    #[default]
    Mean,
    /// Their sum (`reduction="sum"`).
    Sum,
}
// ANCHOR_END: reduction

impl Reduction {
    /// The per-element losses reduced: all `N` of them for `None`, one
    /// value (PyTorch's 0-d tensor) for `Mean` and `Sum`.
    pub fn apply(self, per_element: Vec<f64>) -> Vec<f64> {
        let sum: f64 = per_element.iter().sum();
        match self {
            Self::None => per_element,
            Self::Mean => vec![sum / per_element.len() as f64],
            Self::Sum => vec![sum],
        }
    }

    /// What each per-element derivative `∂ℓᵢ/∂ŷ` is multiplied by in the
    /// gradient of the reduced loss over `n` elements: `1/n` for `Mean`, 1
    /// for `Sum`, and 1 for `None` too, since PyTorch's backward with
    /// `grad_outputs` of ones gives the gradient of the sum.
    pub fn gradient_scale(self, n: usize) -> f64 {
        match self {
            Self::Mean => 1.0 / n as f64,
            Self::Sum | Self::None => 1.0,
        }
    }

    /// The gradient of the reduced loss from one derivative `∂ℓᵢ/∂ŷᵢ` per
    /// element (a 1-D loss), scaled by [`Reduction::gradient_scale`].
    pub fn apply_to_gradient(self, per_element: Vec<f64>) -> Vec<f64> {
        match self {
            // Divided, not multiplied by 1/N: bit for bit the mean gradients.
            Self::Mean => {
                let n = per_element.len() as f64;
                per_element.into_iter().map(|g| g / n).collect()
            }
            Self::Sum | Self::None => per_element,
        }
    }
}

// ANCHOR: elementwise
/// The per-element values `ℓ(yᵢ, ŷᵢ)` of any loss of this crate that takes
/// two slices, e.g. `elementwise(mse, &y, &p)` or
/// `elementwise(|y, p| huber(y, p, 1.0), &y, &p)`.
///
/// A mean over one element is that element, so `ℓᵢ` is the loss of the
/// one-element slices: one implementation of each loss, not two. The whole
/// input is checked first, so an error names the element where it is.
pub fn elementwise(
    loss: impl Fn(&[f64], &[f64]) -> Result<f64>,
    target: &[f64],
    prediction: &[f64],
) -> Result<Vec<f64>> {
    same_len("target", target, "prediction", prediction)?;
    loss(target, prediction)?;
    target
        .iter()
        .zip(prediction)
        .map(|(&y, &p)| loss(&[y], &[p]))
        .collect()
}
// ANCHOR_END: elementwise

/// The per-element derivatives `∂ℓ(yᵢ, ŷᵢ)/∂ŷᵢ` of a gradient function of
/// this crate, e.g. `elementwise_gradient(mse_gradient, &y, &p)`: the
/// gradient of the one-element slices, as in [`elementwise`].
pub fn elementwise_gradient(
    gradient: impl Fn(&[f64], &[f64]) -> Result<Vec<f64>>,
    target: &[f64],
    prediction: &[f64],
) -> Result<Vec<f64>> {
    same_len("target", target, "prediction", prediction)?;
    gradient(target, prediction)?;
    let mut out = Vec::with_capacity(target.len());
    for (&y, &p) in target.iter().zip(prediction) {
        out.extend(gradient(&[y], &[p])?);
    }
    Ok(out)
}

/// `f(i)` for every row `i` of a matrix loss, after `whole` has checked the
/// whole input: the per-row values of the `*_elementwise` matrix losses.
pub(crate) fn per_row(
    rows: usize,
    whole: Result<f64>,
    row: impl Fn(usize) -> Result<f64>,
) -> Result<Vec<f64>> {
    whole?;
    (0..rows).map(row).collect()
}
