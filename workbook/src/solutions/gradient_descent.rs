//! Reference solutions to chapter 6's exercises (`workbook/src/gradient_descent.rs`).

use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

// ANCHOR: next_epoch
/// Solution to Exercise 6.1. Shuffling the previous epoch's order (not a
/// fresh `0..n`) is what lossbook's loop does.
pub fn next_epoch(order: &mut [usize], batch_size: usize, rng: &mut ChaCha8Rng) -> Vec<Vec<usize>> {
    order.shuffle(rng);
    order.chunks(batch_size).map(<[usize]>::to_vec).collect()
}
// ANCHOR_END: next_epoch

// ANCHOR: clip_grad_norm
/// Solution to Exercise 6.2: one scale for all entries keeps the direction.
pub fn clip_grad_norm(grad: &mut [f64], max_norm: f64) -> f64 {
    let norm = grad.iter().map(|g| g * g).sum::<f64>().sqrt();
    let coefficient = max_norm / (norm + 1e-6);
    if coefficient < 1.0 {
        for g in grad.iter_mut() {
            *g *= coefficient;
        }
    }
    norm
}
// ANCHOR_END: clip_grad_norm
