//! NAdam (Dozat 2016): Adam with Nesterov momentum, PyTorch's `NAdam` with
//! its momentum-decay schedule μₜ.

use nalgebra::DVector;

use super::{Optimizer, StepCount, check_step};
use crate::error::{Result, decay_rate, non_negative, positive};

// ANCHOR: nadam_mu
/// NAdam's momentum schedule at step `t`: `μₜ = β₁(1 − ½·0.96^(tψ))`, with
/// ψ the `momentum_decay`. It starts near β₁/2 and climbs towards β₁.
pub fn nadam_mu(beta1: f64, momentum_decay: f64, t: f64) -> f64 {
    beta1 * (1.0 - 0.5 * 0.96f64.powf(t * momentum_decay))
}
// ANCHOR_END: nadam_mu

/// The step's momentum weights: `μₜ`, `μₜ₊₁` and the running products
/// `Πᵢ≤ₜ μᵢ` and `Πᵢ≤ₜ₊₁ μᵢ` that play the role of Adam's `β₁ᵗ`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NadamMomentum {
    pub mu: f64,
    pub mu_next: f64,
    pub product: f64,
    pub product_next: f64,
}

#[inline]
// ANCHOR: nadam_update
/// NAdam on one parameter: `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`, then
/// `θ ← θ − η[(1 − μₜ)/(1 − Πμ) g + μₜ₊₁/(1 − Πμ·μₜ₊₁) m] / (√(v/(1 − β₂ᵗ)) + ε)`:
/// the step mixes the fresh gradient with the momentum *one step ahead*.
pub fn nadam_update(
    theta: &mut f64,
    m: &mut f64,
    v: &mut f64,
    grad: f64,
    nadam: &NAdam,
    t: StepCount,
    mu: NadamMomentum,
) {
    *m = nadam.beta1 * *m + (1.0 - nadam.beta1) * grad;
    *v = nadam.beta2 * *v + (1.0 - nadam.beta2) * grad * grad;
    let denom = (*v / (1.0 - t.power(nadam.beta2))).sqrt() + nadam.eps;
    *theta += -nadam.lr * (1.0 - mu.mu) / (1.0 - mu.product) * grad / denom;
    *theta += -nadam.lr * mu.mu_next / (1.0 - mu.product_next) * *m / denom;
}
// ANCHOR_END: nadam_update

// ANCHOR: nadam_struct
/// PyTorch's `torch.optim.NAdam`. With `g ← g + λθ` (or, with
/// `decoupled_weight_decay`, `θ ← θ(1 − ηλ)` first, as in AdamW) and step t:
/// `μₜ = β₁(1 − ½·0.96^(tψ))`, `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`,
/// `θ ← θ − η[(1 − μₜ)g/(1 − Πᵢ≤ₜμᵢ) + μₜ₊₁m/(1 − Πᵢ≤ₜ₊₁μᵢ)]/(√(v/(1 − β₂ᵗ)) + ε)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NAdam {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
    /// ψ in μₜ's exponent.
    pub momentum_decay: f64,
    pub decoupled_weight_decay: bool,
}
// ANCHOR_END: nadam_struct

impl Default for NAdam {
    /// PyTorch's defaults: `lr = 2e-3`, `β = (0.9, 0.999)`, `eps = 1e-8`, `ψ = 4e-3`.
    fn default() -> Self {
        Self {
            lr: 2e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum_decay: 4e-3,
            decoupled_weight_decay: false,
        }
    }
}

/// The moments of [`NAdam`] and the running product of its μₜ.
#[derive(Debug, Clone, PartialEq)]
pub struct NAdamState {
    pub m: DVector<f64>,
    pub v: DVector<f64>,
    /// `Πᵢ≤ₜ μᵢ`, 1 before the first step.
    pub mu_product: f64,
    pub steps: StepCount,
}

impl NAdam {
    /// `μₜ`, `μₜ₊₁` and the products, from `product = Πᵢ<ₜ μᵢ`.
    fn momentum_weights(&self, t: StepCount, product: f64) -> NadamMomentum {
        let at = |t: u64| nadam_mu(self.beta1, self.momentum_decay, t as f64);
        let (mu, mu_next) = (at(t.0), at(t.0 + 1));
        let product = product * mu;
        NadamMomentum {
            mu,
            mu_next,
            product,
            product_next: product * mu_next,
        }
    }
}

impl Optimizer for NAdam {
    type State = NAdamState;

    fn init(&self, params: &DVector<f64>) -> Result<NAdamState> {
        positive("lr", self.lr)?;
        decay_rate("beta1", self.beta1)?;
        decay_rate("beta2", self.beta2)?;
        positive("eps", self.eps)?;
        non_negative("weight_decay", self.weight_decay)?;
        non_negative("momentum_decay", self.momentum_decay)?;
        let zeros = DVector::zeros(params.len());
        Ok(NAdamState {
            m: zeros.clone(),
            v: zeros,
            mu_product: 1.0,
            steps: StepCount::default(),
        })
    }

    // ANCHOR: nadam_step
    fn step(
        &self,
        state: &mut NAdamState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) -> Result<()> {
        check_step(params, grad, state.m.len())?;
        let t = state.steps.advance();
        let (l2, decay) = decoupled(self.decoupled_weight_decay, self.weight_decay);
        *params *= 1.0 - self.lr * decay;
        let weights = self.momentum_weights(t, state.mu_product);
        state.mu_product = weights.product;
        for i in 0..params.len() {
            let g = grad[i] + l2 * params[i];
            nadam_update(
                &mut params[i],
                &mut state.m[i],
                &mut state.v[i],
                g,
                self,
                t,
                weights,
            );
        }
        Ok(())
    }
    // ANCHOR_END: nadam_step

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

/// `(λ added to the gradient, λ applied to the weights)`: one of them is 0.
pub(crate) fn decoupled(decoupled: bool, weight_decay: f64) -> (f64, f64) {
    if decoupled {
        (0.0, weight_decay)
    } else {
        (weight_decay, 0.0)
    }
}
