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

fn check_quantile(tau: f64) -> Result<()> {
    crate::error::parameter("tau", tau, "in (0, 1)", |t| t > 0.0 && t < 1.0)
}

// ANCHOR: quantile
/// Quantile (pinball) loss at level `τ ∈ (0, 1)`: with the residual
/// `r = y − ŷ`, `ℓ = τ r` if `r ≥ 0` and `(τ − 1) r` if `r < 0`, that is
/// `max(τ r, (τ − 1) r)`; `L` is the mean. Under-predictions cost `τ` per
/// unit, over-predictions `1 − τ`; `τ = ½` is half the MAE.
pub fn quantile_loss(target: &[f64], prediction: &[f64], tau: f64) -> Result<f64> {
    check_quantile(tau)?;
    mean_over(target, prediction, |y, p| {
        let r = y - p;
        if r < 0.0 { (tau - 1.0) * r } else { tau * r }
    })
}

/// Subgradient of [`quantile_loss`]: `∂L/∂ŷᵢ = −τ/N` where `rᵢ > 0`,
/// `(1 − τ)/N` where `rᵢ < 0`, and 0 at `rᵢ = 0`, as for [`mae_gradient`].
pub fn quantile_loss_gradient(target: &[f64], prediction: &[f64], tau: f64) -> Result<Vec<f64>> {
    check_quantile(tau)?;
    gradient_over(target, prediction, |y, p| {
        let s = sign(y - p);
        if s > 0.0 { -tau * s } else { (tau - 1.0) * s }
    })
}
// ANCHOR_END: quantile

// ANCHOR: log_cosh
/// Log-cosh loss, `ℓ(e) = log cosh(e)` with `e = ŷ − y`. It is about `½e²`
/// near 0 and `|e| − log 2` far out: a smooth Huber.
///
/// For `|e| > 1` it uses the stable form `|e| + softplus(−2|e|) − log 2`
/// (`cosh` overflows beyond |e| ≈ 710); near 0 that form cancels, so there
/// it uses `ln_1p(2 sinh²(e/2))`, since `cosh e − 1 = 2 sinh²(e/2)`.
pub fn log_cosh(target: &[f64], prediction: &[f64]) -> Result<f64> {
    mean_over(target, prediction, |y, p| {
        let a = (p - y).abs();
        if a <= 1.0 {
            (2.0 * (0.5 * a).sinh().powi(2)).ln_1p()
        } else {
            a + (-2.0 * a).exp().ln_1p() - std::f64::consts::LN_2
        }
    })
}

/// Gradient of [`log_cosh`]: `∂L/∂ŷᵢ = tanh(eᵢ)/N`, bounded by `1/N`.
pub fn log_cosh_gradient(target: &[f64], prediction: &[f64]) -> Result<Vec<f64>> {
    gradient_over(target, prediction, |y, p| (p - y).tanh())
}
// ANCHOR_END: log_cosh

/// PyTorch's `GaussianNLLLoss` default `eps`: variances are clamped to at least this.
pub const GAUSSIAN_NLL_EPS: f64 = 1e-6;

/// The variance of example `i`: its own, or the one shared by all.
fn variance_at(variance: &[f64], i: usize, eps: f64) -> f64 {
    let v = if variance.len() == 1 {
        variance[0]
    } else {
        variance[i]
    };
    // max that keeps NaN: f64::max would drop it.
    if v < eps { eps } else { v }
}

fn check_gaussian(target: &[f64], prediction: &[f64], variance: &[f64], eps: f64) -> Result<()> {
    positive("eps", eps)?;
    crate::error::same_len("target", target, "prediction", prediction)?;
    if variance.len() != 1 {
        crate::error::same_len("target", target, "variance", variance)?;
    }
    match variance.iter().position(|&v| v < 0.0) {
        Some(index) => Err(Error::InvalidParameter {
            name: "variance",
            value: variance[index],
            expected: "non-negative (PyTorch: \"var has negative entry/entries\")",
        }),
        None => Ok(()),
    }
}

// ANCHOR: gaussian_nll
/// Gaussian negative log-likelihood, PyTorch's `GaussianNLLLoss`:
/// `ℓᵢ = ½ [log vᵢ + (ŷᵢ − yᵢ)²/vᵢ]` (plus `½ log 2π` if `full`), with
/// `vᵢ = max(varᵢ, eps)`; `L` is the mean. `variance` has one entry per
/// example or a single one shared by all (PyTorch's broadcast). At a fixed
/// variance it is MSE rescaled: MSE is maximum likelihood for Gaussian noise.
pub fn gaussian_nll(
    target: &[f64],
    prediction: &[f64],
    variance: &[f64],
    full: bool,
    eps: f64,
) -> Result<f64> {
    check_gaussian(target, prediction, variance, eps)?;
    let constant = if full {
        0.5 * (2.0 * std::f64::consts::PI).ln()
    } else {
        0.0
    };
    let total: f64 = (0..target.len())
        .map(|i| {
            let (v, e) = (variance_at(variance, i, eps), prediction[i] - target[i]);
            0.5 * (v.ln() + e * e / v) + constant
        })
        .sum();
    Ok(total / target.len() as f64)
}
// ANCHOR_END: gaussian_nll

/// The per-element terms `ℓᵢ` of [`gaussian_nll`], PyTorch's `reduction="none"`.
pub fn gaussian_nll_elementwise(
    target: &[f64],
    prediction: &[f64],
    variance: &[f64],
    full: bool,
    eps: f64,
) -> Result<Vec<f64>> {
    gaussian_nll(target, prediction, variance, full, eps)?;
    (0..target.len())
        .map(|i| {
            let v = variance_at(variance, i, eps);
            gaussian_nll(&target[i..=i], &prediction[i..=i], &[v], full, eps)
        })
        .collect()
}

/// The gradients of [`gaussian_nll`]: one entry per prediction, and one per
/// variance entry (a single one when the variance is shared).
#[derive(Debug, Clone, PartialEq)]
pub struct GaussianNllGradient {
    pub prediction: Vec<f64>,
    pub variance: Vec<f64>,
}

// ANCHOR: gaussian_nll_gradient
/// Gradient of [`gaussian_nll`]: `∂L/∂ŷᵢ = eᵢ/(vᵢ N)` and
/// `∂L/∂varᵢ = ½ (1/vᵢ − eᵢ²/vᵢ²)/N`, summed over examples for a shared
/// variance. Like PyTorch (which clamps a copy under `no_grad`), the
/// variance gradient is this formula at the clamped `vᵢ`, even where the
/// clamp is active.
pub fn gaussian_nll_gradient(
    target: &[f64],
    prediction: &[f64],
    variance: &[f64],
    eps: f64,
) -> Result<GaussianNllGradient> {
    check_gaussian(target, prediction, variance, eps)?;
    let n = target.len() as f64;
    let mut gradient = GaussianNllGradient {
        prediction: Vec::with_capacity(target.len()),
        variance: vec![0.0; variance.len()],
    };
    for i in 0..target.len() {
        let (v, e) = (variance_at(variance, i, eps), prediction[i] - target[i]);
        gradient.prediction.push(e / (v * n));
        gradient.variance[i.min(variance.len() - 1)] += 0.5 * (1.0 / v - e * e / (v * v)) / n;
    }
    Ok(gradient)
}
// ANCHOR_END: gaussian_nll_gradient
