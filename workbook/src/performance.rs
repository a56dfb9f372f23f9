//! Performance chapter. Replace the `todo!` with your code, then check it
//! with `cargo xtask exercises` (or `cargo test -p workbook --test performance`).

// The stubs do not read their arguments yet; your solution will.
#![allow(unused_variables)]

// ANCHOR: mse_with_gradient
/// **Exercise 12.1.** MSE and its gradient in a single pass over the data,
/// with no allocation: return `L = (1/N) Σ eᵢ²` and write
/// `∂L/∂ŷᵢ = 2eᵢ/N` into `gradient` (`e = ŷ − y`). Calling
/// `lossbook::loss::regression::mse` and `mse_gradient` reads the data
/// twice and allocates a vector; yours reads each element once.
pub fn mse_with_gradient(target: &[f64], prediction: &[f64], gradient: &mut [f64]) -> f64 {
    todo!("Exercise 12.1: mse_with_gradient")
}
// ANCHOR_END: mse_with_gradient
