//! Reference solution to chapter 4's exercise (`workbook/src/information.rs`).

// ANCHOR: kl_divergence
/// Solution to Exercise 4.1. `0 · log(0/q)` would be `0 · −∞ = NaN` in
/// floating point, so the zero terms are skipped, not computed.
pub fn kl_divergence(p: &[f64], q: &[f64]) -> f64 {
    p.iter()
        .zip(q)
        .map(|(&pi, &qi)| if pi == 0.0 { 0.0 } else { pi * (pi / qi).ln() })
        .sum()
}
// ANCHOR_END: kl_divergence
