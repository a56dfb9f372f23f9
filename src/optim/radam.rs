//! RAdam (Liu et al. 2020): Adam with its adaptive step switched on only once
//! the variance of `v̂` is tractable, PyTorch's `RAdam`.

use nalgebra::DVector;

use super::nadam::decoupled;
use super::{Optimizer, StepCount, check_step};
use crate::error::{Result, decay_rate, non_negative, positive};

// ANCHOR: radam_rho
/// The length of the approximated simple moving average at step `t`:
/// `ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)`, with `ρ∞ = 2/(1 − β₂) − 1`. `ρ₁ = 1`, and ρₜ
/// climbs towards ρ∞ (1999 for β₂ = 0.999).
pub fn radam_rho(beta2: f64, t: StepCount) -> f64 {
    let rho_inf = 2.0 / (1.0 - beta2) - 1.0;
    rho_inf - 2.0 * t.0 as f64 * t.power(beta2) / (1.0 - t.power(beta2))
}
// ANCHOR_END: radam_rho

#[inline]
// ANCHOR: radam_update
/// RAdam on one parameter: Adam's moments, `m̂ = m/(1 − β₁ᵗ)`; while ρₜ ≤ 5,
/// `θ ← θ − η m̂` (momentum SGD with bias correction); after that
/// `θ ← θ − η m̂ rₜ √(1 − β₂ᵗ)/(√v + ε)` with the rectification
/// `rₜ = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))`.
pub fn radam_update(
    theta: &mut f64,
    m: &mut f64,
    v: &mut f64,
    grad: f64,
    radam: &RAdam,
    t: StepCount,
) {
    *m = radam.beta1 * *m + (1.0 - radam.beta1) * grad;
    *v = radam.beta2 * *v + (1.0 - radam.beta2) * grad * grad;
    let m_hat = *m / (1.0 - t.power(radam.beta1));
    let (rho_inf, rho) = (2.0 / (1.0 - radam.beta2) - 1.0, radam_rho(radam.beta2, t));
    if rho > 5.0 {
        let r = ((rho - 4.0) * (rho - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho))
            .sqrt();
        let adaptive = (1.0 - t.power(radam.beta2)).sqrt() / (v.sqrt() + radam.eps);
        *theta -= m_hat * radam.lr * adaptive * r;
    } else {
        *theta -= m_hat * radam.lr;
    }
}
// ANCHOR_END: radam_update

// ANCHOR: radam_struct
/// PyTorch's `torch.optim.RAdam`. With `g ← g + λθ` (or, with
/// `decoupled_weight_decay`, `θ ← θ(1 − ηλ)` first) and step t: Adam's `m`, `v`,
/// `m̂ = m/(1 − β₁ᵗ)`; `θ ← θ − η m̂` while `ρₜ ≤ 5`, else
/// `θ ← θ − η m̂ rₜ √(1 − β₂ᵗ)/(√v + ε)` (see [`radam_update`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RAdam {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub decoupled_weight_decay: bool,
}
// ANCHOR_END: radam_struct

impl Default for RAdam {
    /// PyTorch's defaults: `lr = 1e-3`, `β = (0.9, 0.999)`, `eps = 1e-8`.
    fn default() -> Self {
        Self {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            decoupled_weight_decay: false,
        }
    }
}

/// The moments of [`RAdam`].
#[derive(Debug, Clone, PartialEq)]
pub struct RAdamState {
    pub m: DVector<f64>,
    pub v: DVector<f64>,
    pub steps: StepCount,
}

impl Optimizer for RAdam {
    type State = RAdamState;

    fn init(&self, params: &DVector<f64>) -> Result<RAdamState> {
        positive("lr", self.lr)?;
        decay_rate("beta1", self.beta1)?;
        decay_rate("beta2", self.beta2)?;
        positive("eps", self.eps)?;
        non_negative("weight_decay", self.weight_decay)?;
        let zeros = DVector::zeros(params.len());
        Ok(RAdamState {
            m: zeros.clone(),
            v: zeros,
            steps: StepCount::default(),
        })
    }

    // ANCHOR: radam_step
    fn step(
        &self,
        state: &mut RAdamState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) -> Result<()> {
        check_step(params, grad, state.m.len())?;
        let t = state.steps.advance();
        let (l2, decay) = decoupled(self.decoupled_weight_decay, self.weight_decay);
        *params *= 1.0 - self.lr * decay;
        for i in 0..params.len() {
            let g = grad[i] + l2 * params[i];
            radam_update(&mut params[i], &mut state.m[i], &mut state.v[i], g, self, t);
        }
        Ok(())
    }
    // ANCHOR_END: radam_step

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
