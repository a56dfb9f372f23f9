//! Entropy, cross-entropy and KL divergence of discrete distributions, in
//! nats (article: 交叉熵与信息论). Terms with `pᵢ = 0` count as 0, the limit
//! of `p log p` as `p → 0`.

mod kl_div;

pub use kl_div::{
    KlDivGradient, KlDivReduction, kl_div, kl_div_elementwise, kl_div_gradient, kl_div_term,
};

use crate::error::{Error, Result, probabilities, same_len};

/// How far from 1 a distribution's sum may be: rounding in a normalisation
/// leaves a few ulps, a genuine mistake leaves far more.
pub const SUM_TOLERANCE: f64 = 1e-9;

fn check_distribution(what: &'static str, p: &[f64]) -> Result<()> {
    if p.is_empty() {
        return Err(Error::Empty { what });
    }
    probabilities(what, p)?;
    let sum: f64 = p.iter().sum();
    // Written so that a NaN sum passes: NaN in, NaN out.
    if (sum - 1.0).abs() > SUM_TOLERANCE {
        return Err(Error::NotADistribution { what, sum });
    }
    Ok(())
}

fn check_pair(p: &[f64], q: &[f64]) -> Result<()> {
    same_len("p", p, "q", q)?;
    check_distribution("p", p)?;
    check_distribution("q", q)
}

/// Whether the term of `pᵢ = 0` is skipped: always, unless `qᵢ` is NaN,
/// which must reach the result (NaN in, NaN out).
fn skipped(pi: f64, qi: f64) -> bool {
    pi == 0.0 && !qi.is_nan()
}

/// `pᵢ · f(pᵢ, qᵢ)` summed, skipping `pᵢ = 0` (but not a NaN in p or q).
fn weighted_sum(p: &[f64], q: &[f64], f: impl Fn(f64, f64) -> f64) -> f64 {
    p.iter()
        .zip(q)
        .map(|(&pi, &qi)| if skipped(pi, qi) { 0.0 } else { pi * f(pi, qi) })
        .sum()
}

// ANCHOR: entropy
/// Shannon entropy `H(p) = −Σᵢ pᵢ log pᵢ`: the average code length, in nats,
/// of an optimal code for samples of `p`.
pub fn entropy(p: &[f64]) -> Result<f64> {
    check_distribution("p", p)?;
    Ok(-weighted_sum(p, p, |pi, _| pi.ln()))
}
// ANCHOR_END: entropy

// ANCHOR: cross_entropy
/// Cross-entropy `H(p, q) = −Σᵢ pᵢ log qᵢ`: the average code length when
/// samples of `p` are coded with a code built for `q`. It is `+∞` where
/// `q` gives zero probability to an outcome `p` can produce.
pub fn cross_entropy(p: &[f64], q: &[f64]) -> Result<f64> {
    check_pair(p, q)?;
    Ok(-weighted_sum(p, q, |_, qi| qi.ln()))
}
// ANCHOR_END: cross_entropy

// ANCHOR: kl_divergence
/// Kullback–Leibler divergence `D_KL(p‖q) = Σᵢ pᵢ log(pᵢ/qᵢ) = H(p, q) − H(p)`:
/// the extra nats paid for coding `p` with `q`'s code. PyTorch's
/// `kl_div(q.log(), p, reduction="sum")`.
pub fn kl_divergence(p: &[f64], q: &[f64]) -> Result<f64> {
    check_pair(p, q)?;
    Ok(weighted_sum(p, q, |pi, qi| (pi / qi).ln()))
}
// ANCHOR_END: kl_divergence

// ANCHOR: kl_divergence_gradient
/// Gradient of [`kl_divergence`] (and of [`cross_entropy`]) with respect to
/// `q`, treating its entries as free: `∂/∂qᵢ = −pᵢ/qᵢ`, and 0 where `pᵢ = 0`.
pub fn kl_divergence_gradient(p: &[f64], q: &[f64]) -> Result<Vec<f64>> {
    check_pair(p, q)?;
    Ok(p.iter()
        .zip(q)
        .map(|(&pi, &qi)| if skipped(pi, qi) { 0.0 } else { -pi / qi })
        .collect())
}
// ANCHOR_END: kl_divergence_gradient

// ANCHOR: entropy_gradient
/// Gradient of [`entropy`] with respect to `p`, treating its entries as
/// free: `∂H/∂pᵢ = −(log pᵢ + 1)`, `+∞` where `pᵢ = 0` (the slope of
/// `−p log p` at 0).
pub fn entropy_gradient(p: &[f64]) -> Result<Vec<f64>> {
    check_distribution("p", p)?;
    Ok(p.iter().map(|&pi| -(pi.ln() + 1.0)).collect())
}
// ANCHOR_END: entropy_gradient

// ANCHOR: cross_entropy_gradient
/// Gradient of [`cross_entropy`] with respect to `q`, entries free:
/// `∂H(p, q)/∂qᵢ = −pᵢ/qᵢ`, and 0 where `pᵢ = 0`. `H(p) ` does not depend on
/// `q`, so this is also [`kl_divergence_gradient`].
pub fn cross_entropy_gradient(p: &[f64], q: &[f64]) -> Result<Vec<f64>> {
    kl_divergence_gradient(p, q)
}
// ANCHOR_END: cross_entropy_gradient

// ANCHOR: kl_divergence_gradient_p
/// Gradient of [`kl_divergence`] with respect to `p`, entries free:
/// `∂D_KL(p‖q)/∂pᵢ = log(pᵢ/qᵢ) + 1`, `−∞` where `pᵢ = 0`.
pub fn kl_divergence_gradient_p(p: &[f64], q: &[f64]) -> Result<Vec<f64>> {
    check_pair(p, q)?;
    Ok(p.iter()
        .zip(q)
        .map(|(&pi, &qi)| (pi / qi).ln() + 1.0)
        .collect())
}
// ANCHOR_END: kl_divergence_gradient_p
