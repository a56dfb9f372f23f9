//! Adamax (Kingma & Ba 2015, §7.1): Adam with the infinity norm, PyTorch's `Adamax`.

use nalgebra::DVector;

use super::{Optimizer, StepCount, check_step};
use crate::error::{Result, decay_rate, non_negative, positive};

#[inline]
// ANCHOR: adamax_update
/// Adamax on one parameter: `m ← β₁m + (1 − β₁)g`, `u ← max(β₂u, |g| + ε)`,
/// then `θ ← θ − η/(1 − β₁ᵗ) · m/u`.
///
/// `u` is a decaying maximum of |g| instead of a mean of g², so `|m| ≤ u` and
/// no step is longer than `η/(1 − β₁ᵗ)`.
pub fn adamax_update(
    theta: &mut f64,
    m: &mut f64,
    u: &mut f64,
    grad: f64,
    adamax: &Adamax,
    t: StepCount,
) {
    *m = adamax.beta1 * *m + (1.0 - adamax.beta1) * grad;
    let (decayed, fresh) = (adamax.beta2 * *u, grad.abs() + adamax.eps);
    // Not `f64::max`, which would drop a NaN gradient.
    *u = if decayed >= fresh { decayed } else { fresh };
    *theta -= adamax.lr / (1.0 - t.power(adamax.beta1)) * *m / *u;
}
// ANCHOR_END: adamax_update

// ANCHOR: adamax_struct
/// PyTorch's `torch.optim.Adamax`. With `g ← g + λθ` and step t:
/// `m ← β₁m + (1 − β₁)g`, `u ← max(β₂u, |g| + ε)`, `θ ← θ − η m/((1 − β₁ᵗ)u)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adamax {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
}
// ANCHOR_END: adamax_struct

impl Default for Adamax {
    /// PyTorch's defaults: `lr = 2e-3`, `β = (0.9, 0.999)`, `eps = 1e-8`.
    fn default() -> Self {
        Self {
            lr: 2e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
        }
    }
}

/// The first moment and the infinity norm of [`Adamax`].
#[derive(Debug, Clone, PartialEq)]
pub struct AdamaxState {
    pub m: DVector<f64>,
    /// `u`, the decaying maximum of `|g|` (PyTorch's `exp_inf`).
    pub exp_inf: DVector<f64>,
    pub steps: StepCount,
}

impl Optimizer for Adamax {
    type State = AdamaxState;

    fn init(&self, params: &DVector<f64>) -> Result<AdamaxState> {
        positive("lr", self.lr)?;
        decay_rate("beta1", self.beta1)?;
        decay_rate("beta2", self.beta2)?;
        positive("eps", self.eps)?;
        non_negative("weight_decay", self.weight_decay)?;
        let zeros = DVector::zeros(params.len());
        Ok(AdamaxState {
            m: zeros.clone(),
            exp_inf: zeros,
            steps: StepCount::default(),
        })
    }

    // ANCHOR: adamax_step
    fn step(
        &self,
        state: &mut AdamaxState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) -> Result<()> {
        check_step(params, grad, state.m.len())?;
        let t = state.steps.advance();
        for i in 0..params.len() {
            let g = grad[i] + self.weight_decay * params[i];
            adamax_update(
                &mut params[i],
                &mut state.m[i],
                &mut state.exp_inf[i],
                g,
                self,
                t,
            );
        }
        Ok(())
    }
    // ANCHOR_END: adamax_step

    fn learning_rate(&self) -> f64 {
        self.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn set_momentum(&mut self, momentum: f64) -> Result<()> {
        decay_rate("beta1", momentum)?;
        self.beta1 = momentum;
        Ok(())
    }
}
