//! Reference solutions to chapter 2's exercises (`workbook/src/regression.rs`).

// ANCHOR: huber
/// Solution to Exercise 2.1.
pub fn huber(target: &[f64], prediction: &[f64], delta: f64) -> f64 {
    let total: f64 = target
        .iter()
        .zip(prediction)
        .map(|(&y, &p)| {
            let e = (p - y).abs();
            if e <= delta {
                0.5 * e * e
            } else {
                delta * (e - 0.5 * delta)
            }
        })
        .sum();
    total / target.len() as f64
}
// ANCHOR_END: huber

// ANCHOR: huber_gradient
/// Solution to Exercise 2.2: the derivative of `ℓ` is `e` inside, `±δ` outside.
pub fn huber_gradient(target: &[f64], prediction: &[f64], delta: f64) -> Vec<f64> {
    let n = target.len() as f64;
    target
        .iter()
        .zip(prediction)
        .map(|(&y, &p)| (p - y).clamp(-delta, delta) / n)
        .collect()
}
// ANCHOR_END: huber_gradient
