//! Reference solution to the Performance chapter's exercise (`workbook/src/performance.rs`).

// ANCHOR: mse_with_gradient
/// Solution to Exercise 12.1: one loop, the error computed once per element.
pub fn mse_with_gradient(target: &[f64], prediction: &[f64], gradient: &mut [f64]) -> f64 {
    let scale = 2.0 / target.len() as f64;
    let mut sum = 0.0;
    for ((&y, &p), g) in target.iter().zip(prediction).zip(gradient.iter_mut()) {
        let e = p - y;
        sum += e * e;
        *g = scale * e;
    }
    sum / target.len() as f64
}
// ANCHOR_END: mse_with_gradient
