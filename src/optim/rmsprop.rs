//! RMSprop (Tieleman & Hinton 2012), PyTorch's `RMSprop`.

use nalgebra::DVector;

use super::{Optimizer, StepCount, check_step};
use crate::error::{Result, decay_rate, non_negative, positive};

#[inline]
// ANCHOR: rmsprop_update
/// RMSprop on one parameter: `s ← ρ s + (1 − ρ) g²`, then `θ ← θ − η g/(√s + ε)`.
///
/// `s` is a running mean of `g²` that forgets: the step adapts to the
/// recent size of the gradient, not to its whole history as in Adagrad.
pub fn rmsprop_update(theta: &mut f64, s: &mut f64, grad: f64, lr: f64, rho: f64, eps: f64) {
    *s = rho * *s + (1.0 - rho) * grad * grad;
    *theta -= lr * (grad / (s.sqrt() + eps));
}
// ANCHOR_END: rmsprop_update

// ANCHOR: rmsprop_struct
/// PyTorch's `torch.optim.RMSprop`. With `g ← g + λθ`:
/// `s ← ρ s + (1 − ρ) g²`, then `θ ← θ − η g/(√s + ε)`.
///
/// ε sits **outside** the square root, as in PyTorch and in the article's
/// code; the article's formula writes `√(s + ε)`, which damps small
/// gradients far more (see the book's note). `centered` divides by the
/// standard deviation `√(s − ḡ²)` instead, with `ḡ` a running mean of `g`;
/// `momentum` μ > 0 keeps a buffer `b ← μ b + g/(√s + ε)`, `θ ← θ − η b`.
///
/// Where it differs from PyTorch: centered, `s − ḡ²` is floored at 0 before
/// the square root. It cannot be negative in exact arithmetic, but rounding
/// can leave it a few ulps below 0 (α = 1e-16, g = 0.3 then 0.5), where
/// PyTorch's `sqrt` makes θ NaN and this step divides by `ε` instead.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RmsProp {
    pub lr: f64,
    /// PyTorch calls the decay ρ `alpha`.
    pub alpha: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub momentum: f64,
    pub centered: bool,
}
// ANCHOR_END: rmsprop_struct

impl Default for RmsProp {
    /// PyTorch's defaults: `lr = 1e-2`, `alpha = 0.99`, `eps = 1e-8`.
    fn default() -> Self {
        Self {
            lr: 1e-2,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
        }
    }
}

/// The running averages of [`RmsProp`].
#[derive(Debug, Clone, PartialEq)]
pub struct RmsPropState {
    /// `s`, the running mean of `g²`.
    pub square_avg: DVector<f64>,
    /// `ḡ`, the running mean of `g` (used when `centered`).
    pub grad_avg: DVector<f64>,
    pub momentum_buffer: DVector<f64>,
    /// Steps taken, `t` (RMSprop's rule does not use it; it is counted so
    /// that every state can say how far it has run).
    pub steps: StepCount,
}

impl Optimizer for RmsProp {
    type State = RmsPropState;

    fn init(&self, params: &DVector<f64>) -> Result<RmsPropState> {
        positive("lr", self.lr)?;
        decay_rate("alpha", self.alpha)?;
        positive("eps", self.eps)?;
        non_negative("weight_decay", self.weight_decay)?;
        decay_rate("momentum", self.momentum)?;
        let zeros = DVector::zeros(params.len());
        Ok(RmsPropState {
            square_avg: zeros.clone(),
            grad_avg: zeros.clone(),
            momentum_buffer: zeros,
            steps: StepCount::default(),
        })
    }

    // ANCHOR: rmsprop_step
    fn step(
        &self,
        state: &mut RmsPropState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) -> Result<()> {
        check_step(params, grad, state.square_avg.len())?;
        state.steps.advance();
        let rho = self.alpha;
        if self.centered || self.momentum > 0.0 {
            self.step_with_options(state, params, grad);
            return Ok(());
        }
        let averages = state.square_avg.iter_mut();
        for ((theta, &g), s) in params.iter_mut().zip(grad.iter()).zip(averages) {
            let g = g + self.weight_decay * *theta;
            rmsprop_update(theta, s, g, self.lr, rho, self.eps);
        }
        Ok(())
    }
    // ANCHOR_END: rmsprop_step

    fn learning_rate(&self) -> f64 {
        self.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn set_momentum(&mut self, momentum: f64) -> Result<()> {
        decay_rate("momentum", momentum)?;
        self.momentum = momentum;
        Ok(())
    }
}

impl RmsProp {
    // ANCHOR: rmsprop_options
    /// PyTorch's options: `centered` divides by `√(s − ḡ²)` instead of `√s`;
    /// `momentum` keeps `b ← μ b + g/(√s + ε)` and steps by `θ ← θ − η b`.
    fn step_with_options(
        &self,
        state: &mut RmsPropState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) {
        let rho = self.alpha;
        for i in 0..params.len() {
            let g = grad[i] + self.weight_decay * params[i];
            let s = &mut state.square_avg[i];
            *s = rho * *s + (1.0 - rho) * g * g;
            let variance = if self.centered {
                let mean = &mut state.grad_avg[i];
                *mean = rho * *mean + (1.0 - rho) * g;
                centered_variance(*s, *mean)
            } else {
                *s
            };
            let scaled = g / (variance.sqrt() + self.eps);
            if self.momentum > 0.0 {
                let buffer = &mut state.momentum_buffer[i];
                *buffer = self.momentum * *buffer + scaled;
                params[i] -= self.lr * *buffer;
            } else {
                params[i] -= self.lr * scaled;
            }
        }
    }
    // ANCHOR_END: rmsprop_options
}

/// Centered RMSprop's `s − ḡ²`, floored at 0. It is ≥ 0 in exact arithmetic,
/// but rounding can leave it just below 0 (α = 1e-16, g = 0.3 then 0.5),
/// where PyTorch's square root steps to NaN; here it is 0. NaN passes `< 0`.
fn centered_variance(square_avg: f64, grad_avg: f64) -> f64 {
    let variance = square_avg - grad_avg * grad_avg;
    if variance < 0.0 { 0.0 } else { variance }
}
