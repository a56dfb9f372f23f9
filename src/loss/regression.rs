//! Regression losses: MSE, MAE, Huber and SmoothL1 (article: 回归损失函数).
//!
//! The error is `e = ŷ − y`, so every gradient is with respect to the
//! prediction `ŷ`, averaged over the `N` examples.

use super::{gradient_over, mean_over, sign};
use crate::error::{Error, Result, non_negative, positive};

// ANCHOR: mse
/// Mean squared error, PyTorch's `MSELoss`: `L = (1/N) Σ (yᵢ − ŷᵢ)²`.
pub fn mse(target: &[f64], prediction: &[f64]) -> Result<f64> {
    mean_over(target, prediction, |y, p| (p - y) * (p - y))
}

/// Gradient of [`mse`]: `∂L/∂ŷᵢ = 2(ŷᵢ − yᵢ)/N`.
pub fn mse_gradient(target: &[f64], prediction: &[f64]) -> Result<Vec<f64>> {
    gradient_over(target, prediction, |y, p| 2.0 * (p - y))
}
// ANCHOR_END: mse

// ANCHOR: mae
/// Mean absolute error, PyTorch's `L1Loss`: `L = (1/N) Σ |yᵢ − ŷᵢ|`.
pub fn mae(target: &[f64], prediction: &[f64]) -> Result<f64> {
    mean_over(target, prediction, |y, p| (p - y).abs())
}
// ANCHOR_END: mae

// ANCHOR: mae_gradient
/// Subgradient of [`mae`]: `∂L/∂ŷᵢ = sign(ŷᵢ − yᵢ)/N`.
///
/// `|e|` has no derivative at `e = 0`; any value in `[−1/N, 1/N]` is a
/// subgradient there. Like PyTorch we pick 0, the one that leaves a perfect
/// prediction where it is.
pub fn mae_gradient(target: &[f64], prediction: &[f64]) -> Result<Vec<f64>> {
    gradient_over(target, prediction, |y, p| sign(p - y))
}
// ANCHOR_END: mae_gradient

// ANCHOR: huber
/// Huber loss, PyTorch's `HuberLoss(delta)`:
/// `ℓ(e) = ½e²` if `|e| ≤ δ`, else `δ(|e| − ½δ)`; `L` is the mean of `ℓ`.
///
/// Quadratic near zero like MSE, linear in the tails like MAE. Errors with
/// [`Error::InvalidParameter`] unless `δ > 0`.
pub fn huber(target: &[f64], prediction: &[f64], delta: f64) -> Result<f64> {
    positive("delta", delta)?;
    mean_over(target, prediction, |y, p| {
        let e = p - y;
        if e.abs() <= delta {
            0.5 * e * e
        } else {
            delta * (e.abs() - 0.5 * delta)
        }
    })
}
// ANCHOR_END: huber

// ANCHOR: huber_gradient
/// Gradient of [`huber`]: `∂L/∂ŷᵢ = clamp(eᵢ, −δ, δ)/N`, bounded by `δ/N`.
pub fn huber_gradient(target: &[f64], prediction: &[f64], delta: f64) -> Result<Vec<f64>> {
    positive("delta", delta)?;
    gradient_over(target, prediction, |y, p| (p - y).clamp(-delta, delta))
}
// ANCHOR_END: huber_gradient

// ANCHOR: smooth_l1
/// Smooth L1 loss, PyTorch's `SmoothL1Loss(beta)`:
/// `ℓ(e) = ½e²/β` if `|e| < β`, else `|e| − ½β`.
///
/// It is Huber rescaled, `Huber_δ = δ · SmoothL1_{β=δ}`: the same shape, but
/// its linear part has slope 1 whatever β is. `β = 0` is plain L1, as in
/// PyTorch; `β < 0` is an [`Error::InvalidParameter`].
pub fn smooth_l1(target: &[f64], prediction: &[f64], beta: f64) -> Result<f64> {
    non_negative("beta", beta)?;
    mean_over(target, prediction, |y, p| {
        let e = p - y;
        if e.abs() < beta {
            0.5 * e * e / beta
        } else {
            e.abs() - 0.5 * beta
        }
    })
}
// ANCHOR_END: smooth_l1

// ANCHOR: smooth_l1_gradient
/// Gradient of [`smooth_l1`]: `eᵢ/(βN)` inside `|e| < β`, `sign(eᵢ)/N` outside.
pub fn smooth_l1_gradient(target: &[f64], prediction: &[f64], beta: f64) -> Result<Vec<f64>> {
    non_negative("beta", beta)?;
    gradient_over(target, prediction, |y, p| {
        let e = p - y;
        if e.abs() < beta { e / beta } else { sign(e) }
    })
}
// ANCHOR_END: smooth_l1_gradient

// ANCHOR: fit_constant
/// The constant prediction `c` that minimises a convex loss over `target`.
///
/// `gradient` is one of this module's gradient functions, e.g.
/// `|y, p| huber_gradient(y, p, 1.0)`. The derivative of the mean loss with
/// respect to a shared constant, `Σᵢ ∂L/∂ŷᵢ`, is non-decreasing in `c`, so
/// bisection on `[min y, max y]` finds where it changes sign: the mean for
/// MSE, a median for MAE, something in between for Huber.
pub fn fit_constant(
    target: &[f64],
    gradient: impl Fn(&[f64], &[f64]) -> Result<Vec<f64>>,
) -> Result<f64> {
    if target.is_empty() {
        return Err(Error::Empty { what: "target" });
    }
    let (low, high) = target
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &y| {
            (lo.min(y), hi.max(y))
        });
    if target.iter().any(|y| y.is_nan()) {
        return Ok(f64::NAN);
    }
    let slope_at =
        |c: f64| -> Result<f64> { Ok(gradient(target, &vec![c; target.len()])?.iter().sum()) };
    bisect_for_zero(low, high, slope_at)
}
// ANCHOR_END: fit_constant

// ANCHOR: bisect_for_zero
/// Where the non-decreasing `slope` changes sign in `[low, high]`, by
/// bisection down to neighbouring floats.
fn bisect_for_zero(mut low: f64, mut high: f64, slope: impl Fn(f64) -> Result<f64>) -> Result<f64> {
    loop {
        // `f64::midpoint` neither overflows near ±f64::MAX nor rounds two
        // neighbouring subnormals to a point outside them.
        let middle = low.midpoint(high);
        // Stop once low and high are neighbouring floats: no midpoint is left.
        if middle <= low || middle >= high {
            break;
        }
        let slope = slope(middle)?;
        if slope > 0.0 {
            high = middle;
        } else if slope < 0.0 {
            low = middle;
        } else {
            return Ok(middle);
        }
    }
    Ok(low.midpoint(high))
}
// ANCHOR_END: bisect_for_zero
