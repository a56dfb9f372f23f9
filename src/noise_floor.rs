//! The noise floor of constant-rate mini-batch SGD on least squares: how far
//! above the optimum the loss settles, measured at the end of an epoch as
//! the training loop records it (FAQ Q3 and the batch-size figure).
//!
//! Near the optimum θ* the batch gradient is `H e + ξ_b`, with `e = θ − θ*`,
//! `H = XᵀX/N` and `ξ_b` the batch's gradient at θ*. Treating the curvature
//! as exact (`H` for every batch) leaves additive noise, and the recursion
//! `e ← (I − ηH)e − ηξ_b` is solved per eigendirection of `H`. The excess
//! loss is `MSE(θ) − MSE(θ*) = eᵀHe = Σᵢ λᵢ eᵢ²`.

use nalgebra::{DMatrix, DVector};

use crate::error::{Error, Result, positive};
use crate::objective::{LinearRegression, Objective};

/// `H = XᵀX/N` (eigenvalues λᵢ, eigenvectors uᵢ) and the per-sample gradient
/// variance `σᵢ² = (1/N) Σₙ (uᵢᵀξₙ)²` at θ*, one entry per direction.
fn curvature_and_noise(problem: &LinearRegression) -> Result<(DVector<f64>, DVector<f64>)> {
    let optimum = problem.normal_equation()?;
    let (n, d) = (problem.sample_count(), problem.feature_count());
    // The gradient is linear in θ, so a unit step along a coordinate
    // changes it by exactly that column of H (up to rounding).
    let at_optimum = problem.full_gradient(&optimum);
    let hessian = DMatrix::from_fn(d, d, |i, j| {
        let step = DVector::from_fn(d, |k, _| if k == j { 1.0 } else { 0.0 });
        (problem.full_gradient(&(&optimum + step)) - &at_optimum)[i]
    });
    let eigen = hessian.symmetric_eigen();
    let mut noise = DVector::zeros(d);
    for sample in 0..n {
        let along = eigen
            .eigenvectors
            .tr_mul(&problem.gradient(&optimum, &[sample]));
        noise += along.component_mul(&along) / n as f64;
    }
    Ok((eigen.eigenvalues, noise))
}

fn check(problem: &LinearRegression, lr: f64, batch_size: usize) -> Result<usize> {
    positive("lr", lr)?;
    let n = problem.sample_count();
    if batch_size == 0 || batch_size >= n || !n.is_multiple_of(batch_size) {
        return Err(Error::InvalidParameter {
            name: "batch_size",
            value: batch_size as f64,
            expected: "a divisor of the sample count, smaller than it",
        });
    }
    Ok(n / batch_size)
}

// ANCHOR: reshuffled_floor
/// The expected excess loss at the end of an epoch, once SGD has settled,
/// for `m = N/B` batches that partition a fresh shuffle. Per direction,
/// with `q = 1 − ηλ` and `c = σ²(N − B)/(B(N − 1))` a batch's variance:
/// `E[e²] = η²c · m/(m − 1) · (Σₖ q²ᵏ − (Σₖ q^k)²/m) / (1 − q²ᵐ)`, k < m.
/// One epoch's pushes `ξ_b` sum to exactly zero, so only the spread of
/// their weights `q^k` is left; when `mηλ ≪ 1` that is `≈ η³λc·m(m + 1)/24`.
pub fn reshuffled_floor(problem: &LinearRegression, lr: f64, batch_size: usize) -> Result<f64> {
    let m = check(problem, lr, batch_size)?;
    let (n, b) = (problem.sample_count() as f64, batch_size as f64);
    let (curvatures, noise) = curvature_and_noise(problem)?;
    let floor = curvatures
        .iter()
        .zip(noise.iter())
        .map(|(&lambda, &sigma2)| {
            let q = 1.0 - lr * lambda;
            let batch_variance = sigma2 * (n - b) / (b * (n - 1.0));
            let weights: Vec<f64> = (0..m).map(|k| q.powi(k as i32)).collect();
            let sum: f64 = weights.iter().sum();
            let sum_squares: f64 = weights.iter().map(|w| w * w).sum();
            let spread = (sum_squares - sum * sum / m as f64) * m as f64 / (m as f64 - 1.0);
            let e2 = lr * lr * batch_variance * spread / (1.0 - q.powi(2 * m as i32));
            lambda * e2
        });
    Ok(floor.sum())
}
// ANCHOR_END: reshuffled_floor

/// The "1/B law": the floor if every step drew its B samples independently
/// (with replacement). Per direction `E[e²] = η²(σ²/B)/(1 − q²)
/// ≈ ησ²/(2λB)`, so the excess loss `Σ λᵢE[eᵢ²] ≈ ηΣσᵢ²/(2B)`.
pub fn independent_batches_floor(
    problem: &LinearRegression,
    lr: f64,
    batch_size: usize,
) -> Result<f64> {
    positive("lr", lr)?;
    if batch_size == 0 {
        return Err(Error::ZeroBatchSize);
    }
    let (curvatures, noise) = curvature_and_noise(problem)?;
    let b = batch_size as f64;
    let floor = curvatures
        .iter()
        .zip(noise.iter())
        .map(|(&lambda, &sigma2)| {
            let q = 1.0 - lr * lambda;
            lambda * lr * lr * (sigma2 / b) / (1.0 - q * q)
        });
    Ok(floor.sum())
}
