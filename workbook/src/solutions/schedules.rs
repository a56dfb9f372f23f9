//! Reference solution to chapter 9's exercise (`workbook/src/schedules.rs`).

use std::f64::consts::PI;

// ANCHOR: warmup_cosine
/// Solution to Exercise 9.1.
pub fn warmup_cosine(t: usize, initial_lr: f64, warmup: usize, total: usize, eta_min: f64) -> f64 {
    let w = warmup as f64;
    if t < warmup {
        let start = 1.0 / w;
        return initial_lr * (start + (1.0 - start) * t as f64 / w);
    }
    let length = total - warmup;
    let progress = (t - warmup).min(length) as f64 / length as f64;
    eta_min + 0.5 * (initial_lr - eta_min) * (1.0 + (PI * progress).cos())
}
// ANCHOR_END: warmup_cosine
