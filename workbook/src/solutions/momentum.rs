//! Reference solutions to chapter 7's exercises (`workbook/src/momentum.rs`).

use lossbook::optim::{Adam, RmsProp};

// ANCHOR: heavy_ball_step
/// Solution to Exercise 7.1.
pub fn heavy_ball_step(theta: &mut [f64], buffer: &mut [f64], grad: &[f64], lr: f64, momentum: f64) {
    for ((theta, b), &g) in theta.iter_mut().zip(buffer.iter_mut()).zip(grad) {
        *b = momentum * *b + g;
        *theta -= lr * *b;
    }
}
// ANCHOR_END: heavy_ball_step

// ANCHOR: article_momentum_step
/// Solution to Exercise 7.2.
pub fn article_momentum_step(
    theta: &mut [f64],
    velocity: &mut [f64],
    grad: &[f64],
    lr: f64,
    momentum: f64,
) {
    for ((theta, v), &g) in theta.iter_mut().zip(velocity.iter_mut()).zip(grad) {
        *v = momentum * *v + lr * g;
        *theta -= *v;
    }
}
// ANCHOR_END: article_momentum_step

// ANCHOR: rmsprop_step
/// Solution to Exercise 7.3.
pub fn rmsprop_step(theta: &mut [f64], s: &mut [f64], grad: &[f64], rmsprop: &RmsProp) {
    let rho = rmsprop.alpha;
    for ((theta, s), &g) in theta.iter_mut().zip(s.iter_mut()).zip(grad) {
        *s = rho * *s + (1.0 - rho) * g * g;
        *theta -= rmsprop.lr * g / (s.sqrt() + rmsprop.eps);
    }
}
// ANCHOR_END: rmsprop_step

// ANCHOR: adam_step
/// Solution to Exercise 7.4.
pub fn adam_step(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    grad: &[f64],
    t: i32,
    adam: &Adam,
) {
    let (c1, c2) = (1.0 - adam.beta1.powi(t), 1.0 - adam.beta2.powi(t));
    for i in 0..theta.len() {
        m[i] = adam.beta1 * m[i] + (1.0 - adam.beta1) * grad[i];
        v[i] = adam.beta2 * v[i] + (1.0 - adam.beta2) * grad[i] * grad[i];
        let (m_hat, v_hat) = (m[i] / c1, v[i] / c2);
        theta[i] -= adam.lr * m_hat / (v_hat.sqrt() + adam.eps);
    }
}
// ANCHOR_END: adam_step
