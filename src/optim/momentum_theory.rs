//! Heavy-ball momentum on a quadratic, in closed form: the recurrence along
//! one eigendirection, its 2 × 2 iteration matrix, the convergence rate as a
//! function of (η, β, λ), the best (η, β) for curvatures in [μ, L], and
//! critical damping.
//!
//! The form is PyTorch's ([`super::Sgd`] with `momentum = β`):
//! `v ← βv + g`, `θ ← θ − ηv`. Eliminating `v` gives Polyak's
//! `θₜ₊₁ = θₜ − η∇f(θₜ) + β(θₜ − θₜ₋₁)`, so every result here holds for both.
//! On `f = ½λθ²` the gradient is `λθ`, and a quadratic with Hessian
//! eigenvalues λᵢ is one such scalar problem per eigendirection.

use nalgebra::{Complex, Matrix2};

use crate::error::{Error, Result, decay_rate, positive};

/// Checks one direction's inputs: η > 0, β ∈ [0, 1), λ > 0, all finite.
fn check(lr: f64, momentum: f64, curvature: f64) -> Result<()> {
    positive("lr", lr)?;
    decay_rate("momentum", momentum)?;
    positive("curvature", curvature)
}

/// Checks a curvature range: `0 < μ ≤ L`, both finite.
fn check_range(mu: f64, l: f64) -> Result<()> {
    positive("mu", mu)?;
    positive("l", l)?;
    if mu > l {
        return Err(Error::InvalidParameter {
            name: "mu",
            value: mu,
            expected: "<= l (the smallest curvature first)",
        });
    }
    Ok(())
}

/// The matrix `T` with `(θₜ, vₜ) = T (θₜ₋₁, vₜ₋₁)` on `f = ½λθ²`:
/// `vₜ = βvₜ₋₁ + λθₜ₋₁` and `θₜ = θₜ₋₁ − ηvₜ`, so
/// `T = [[1 − ηλ, −ηβ], [λ, β]]`, with trace `1 + β − ηλ` and determinant `β`.
pub fn iteration_matrix(lr: f64, momentum: f64, curvature: f64) -> Result<Matrix2<f64>> {
    check(lr, momentum, curvature)?;
    let (eta, beta, lambda) = (lr, momentum, curvature);
    Ok(Matrix2::new(1.0 - eta * lambda, -eta * beta, lambda, beta))
}

/// The discriminant `(1 + β − ηλ)² − 4β` of `T`'s characteristic polynomial
/// `z² − (1 + β − ηλ)z + β`: positive for two real eigenvalues (overdamped),
/// negative for a complex pair (underdamped, the iterate oscillates).
pub fn discriminant(lr: f64, momentum: f64, curvature: f64) -> Result<f64> {
    check(lr, momentum, curvature)?;
    let trace = 1.0 + momentum - lr * curvature;
    Ok(trace * trace - 4.0 * momentum)
}

/// The eigenvalues of [`iteration_matrix`],
/// `z = ((1 + β − ηλ) ± √((1 + β − ηλ)² − 4β)) / 2`, larger modulus first.
pub fn eigenvalues(lr: f64, momentum: f64, curvature: f64) -> Result<[Complex<f64>; 2]> {
    let half_trace = (1.0 + momentum - lr * curvature) / 2.0;
    let root = Complex::new(discriminant(lr, momentum, curvature)?, 0.0).sqrt() / 2.0;
    let (a, b) = (half_trace + root, half_trace - root);
    Ok(if a.norm() >= b.norm() { [a, b] } else { [b, a] })
}

// ANCHOR: rate
/// The convergence rate: the spectral radius `ρ = max |z|` of
/// [`iteration_matrix`], the factor by which the error shrinks per step
/// after the start. Underdamped (complex z), `ρ = √β` exactly, whatever η:
/// `|z|² = z·z̄ = det T = β`. Overdamped, `ρ = |tr T|/2 + √(disc)/2`.
/// Converges (`ρ < 1`) if and only if `0 < ηλ < 2(1 + β)`.
pub fn rate(lr: f64, momentum: f64, curvature: f64) -> Result<f64> {
    Ok(eigenvalues(lr, momentum, curvature)?[0].norm())
}
// ANCHOR_END: rate

// ANCHOR: worst_rate
/// The worst rate over curvatures in `[μ, L]`: `max(ρ(μ), ρ(L))`. ρ falls
/// with λ while overdamped below, is `√β` in between, and rises while
/// overdamped above, so the maximum over the interval sits at an end.
pub fn worst_rate(lr: f64, momentum: f64, mu: f64, l: f64) -> Result<f64> {
    check_range(mu, l)?;
    Ok(rate(lr, momentum, mu)?.max(rate(lr, momentum, l)?))
}
// ANCHOR_END: worst_rate

/// The momentum at which direction λ is critically damped,
/// `β = (1 − √(ηλ))²`: the discriminant is zero there, real eigenvalues
/// below it, a complex pair above. For ηλ > 1 it is the upper edge of the
/// underdamped band, `ηλ = (1 + √β)²`. Needs `ηλ < 4` to lie in [0, 1).
pub fn critical_momentum(lr: f64, curvature: f64) -> Result<f64> {
    positive("lr", lr)?;
    positive("curvature", curvature)?;
    Ok((1.0 - (lr * curvature).sqrt()).powi(2))
}

/// A step size (and momentum) with the rate it guarantees on `[μ, L]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuned {
    pub lr: f64,
    pub momentum: f64,
    pub rate: f64,
}

// ANCHOR: optimal
/// The best heavy ball for curvatures in `[μ, L]` (Polyak 1964), with
/// `κ = L/μ`: `η = 4/(√L + √μ)²`, `β = ((√κ − 1)/(√κ + 1))²`, rate
/// `(√κ − 1)/(√κ + 1)`. It puts μ on the lower edge of the underdamped band
/// (`ημ = (1 − √β)²`) and L on the upper one (`ηL = (1 + √β)²`), so every
/// λ in between is underdamped and contracts by exactly `√β`.
pub fn optimal(mu: f64, l: f64) -> Result<Tuned> {
    check_range(mu, l)?;
    let root_kappa = (l / mu).sqrt();
    let rate = (root_kappa - 1.0) / (root_kappa + 1.0);
    Ok(Tuned {
        lr: 4.0 / (l.sqrt() + mu.sqrt()).powi(2),
        momentum: rate * rate,
        rate,
    })
}

/// The best plain gradient descent on `[μ, L]`: the rate `|1 − ηλ|` is
/// worst at an end, and `η = 2/(μ + L)` makes both ends equal,
/// `(κ − 1)/(κ + 1)`.
pub fn optimal_gd(mu: f64, l: f64) -> Result<Tuned> {
    check_range(mu, l)?;
    let kappa = l / mu;
    Ok(Tuned {
        lr: 2.0 / (mu + l),
        momentum: 0.0,
        rate: (kappa - 1.0) / (kappa + 1.0),
    })
}
// ANCHOR_END: optimal

/// `θₜ/θ₀` after `t` steps from `θ₀` with zero velocity (PyTorch's first
/// step, `b₁ = g`, is the same), in closed form. The sequence solves
/// `θₜ₊₁ = (1 + β − ηλ)θₜ − βθₜ₋₁` with `θ₁ = (1 − ηλ)θ₀`, so with the
/// eigenvalues z₁, z₂:
/// `θₜ/θ₀ = z₂ᵗ + (1 − ηλ − z₂)·(z₁ᵗ − z₂ᵗ)/(z₁ − z₂)`.
/// The divided difference is summed as `Σₖ z₁ᵏ z₂ᵗ⁻¹⁻ᵏ` when the roots
/// (nearly) coincide: at critical damping it is `t zᵗ⁻¹`, the Jordan block's
/// polynomial factor.
pub fn position(lr: f64, momentum: f64, curvature: f64, t: u32) -> Result<f64> {
    let [z1, z2] = eigenvalues(lr, momentum, curvature)?;
    let power = |z: Complex<f64>, k: u32| z.powu(k);
    let divided = if (z1 - z2).norm() > 1e-4 * z1.norm().max(1e-300) {
        (power(z1, t) - power(z2, t)) / (z1 - z2)
    } else {
        (0..t).map(|k| power(z1, k) * power(z2, t - 1 - k)).sum()
    };
    let first = Complex::new(1.0 - lr * curvature, 0.0);
    Ok((power(z2, t) + (first - z2) * divided).re)
}
