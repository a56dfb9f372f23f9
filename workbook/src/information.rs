//! Chapter 4, Cross-entropy and information theory. Replace the `todo!` with
//! your code, then check it with `cargo xtask exercises` (or
//! `cargo test -p workbook --test information`).

// The stubs do not read their arguments yet; your solution will.
#![allow(unused_variables)]

// ANCHOR: kl_divergence
/// **Exercise 4.1.** The Kullback–Leibler divergence of two discrete
/// distributions of the same length, in nats:
/// `D_KL(p‖q) = Σᵢ pᵢ log(pᵢ/qᵢ)`.
///
/// A term with `pᵢ = 0` is 0, the limit of `p log p` (even where `qᵢ = 0`
/// too). A term with `pᵢ > 0 = qᵢ` is `+∞`: `q` calls impossible what `p`
/// can produce.
pub fn kl_divergence(p: &[f64], q: &[f64]) -> f64 {
    todo!("Exercise 4.1: kl_divergence")
}
// ANCHOR_END: kl_divergence
