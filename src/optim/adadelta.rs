//! Adadelta (Zeiler 2012), PyTorch's `Adadelta`.

use nalgebra::DVector;

use super::{Optimizer, StepCount, check_step};
use crate::error::{Result, decay_rate, non_negative, positive};

#[inline]
// ANCHOR: adadelta_update
/// Adadelta on one parameter: `s ← ρs + (1 − ρ)g²`,
/// `Δ = √(u + ε)/√(s + ε) · g`, `u ← ρu + (1 − ρ)Δ²`, then `θ ← θ − ηΔ`.
///
/// The ratio of two RMS values carries the units of θ, so the step needs no
/// learning rate: Zeiler's rule is η = 1.
pub fn adadelta_update(theta: &mut f64, s: &mut f64, u: &mut f64, grad: f64, adadelta: &Adadelta) {
    let (rho, eps) = (adadelta.rho, adadelta.eps);
    *s = rho * *s + (1.0 - rho) * grad * grad;
    let delta = (*u + eps).sqrt() / (*s + eps).sqrt() * grad;
    *u = rho * *u + (1.0 - rho) * delta * delta;
    *theta -= adadelta.lr * delta;
}
// ANCHOR_END: adadelta_update

// ANCHOR: adadelta_struct
/// PyTorch's `torch.optim.Adadelta`. With `g ← g + λθ`: `s ← ρs + (1 − ρ)g²`,
/// `Δ = √(u + ε)/√(s + ε) · g`, `u ← ρu + (1 − ρ)Δ²`, `θ ← θ − ηΔ`.
/// PyTorch scales Δ by a learning rate (default 1, Zeiler's rule) and allows
/// ρ = 1; here ρ must be in [0, 1) like every other decay rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adadelta {
    pub lr: f64,
    pub rho: f64,
    pub eps: f64,
    pub weight_decay: f64,
}
// ANCHOR_END: adadelta_struct

impl Default for Adadelta {
    /// PyTorch's defaults: `lr = 1`, `ρ = 0.9`, `eps = 1e-6`.
    fn default() -> Self {
        Self {
            lr: 1.0,
            rho: 0.9,
            eps: 1e-6,
            weight_decay: 0.0,
        }
    }
}

/// The running averages of [`Adadelta`].
#[derive(Debug, Clone, PartialEq)]
pub struct AdadeltaState {
    /// `s`, the running mean of `g²`.
    pub square_avg: DVector<f64>,
    /// `u`, the running mean of `Δ²`.
    pub acc_delta: DVector<f64>,
    pub steps: StepCount,
}

impl Optimizer for Adadelta {
    type State = AdadeltaState;

    fn init(&self, params: &DVector<f64>) -> Result<AdadeltaState> {
        positive("lr", self.lr)?;
        decay_rate("rho", self.rho)?;
        positive("eps", self.eps)?;
        non_negative("weight_decay", self.weight_decay)?;
        let zeros = DVector::zeros(params.len());
        Ok(AdadeltaState {
            square_avg: zeros.clone(),
            acc_delta: zeros,
            steps: StepCount::default(),
        })
    }

    // ANCHOR: adadelta_step
    fn step(
        &self,
        state: &mut AdadeltaState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) -> Result<()> {
        check_step(params, grad, state.square_avg.len())?;
        state.steps.advance();
        for i in 0..params.len() {
            let g = grad[i] + self.weight_decay * params[i];
            let (s, u) = (&mut state.square_avg[i], &mut state.acc_delta[i]);
            adadelta_update(&mut params[i], s, u, g, self);
        }
        Ok(())
    }
    // ANCHOR_END: adadelta_step

    fn learning_rate(&self) -> f64 {
        self.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = lr;
    }
}
