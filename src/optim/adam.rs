//! Adam (Kingma & Ba 2015) with optional AMSGrad (Reddi et al. 2018), and
//! AdamW's decoupled weight decay (Loshchilov & Hutter 2019).

use nalgebra::DVector;

use super::{Optimizer, StepCount, check_step};
use crate::error::{Result, decay_rate, non_negative, positive};

#[inline]
// ANCHOR: adam_update
/// Adam on one parameter at step `t ≥ 1`:
/// `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`, then
/// `θ ← θ − η m̂/(√v̂ + ε)` with `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)`,
/// computed as `θ ← θ − η_t m/(√v + ε c)` with `c = √(1 − β₂ᵗ)` and
/// `η_t = η c/(1 − β₁ᵗ)`: the same number in exact arithmetic, with one
/// division per element instead of PyTorch's two (it divides `√v` by `c`).
pub fn adam_update(
    theta: &mut f64,
    m: &mut f64,
    v: &mut f64,
    grad: f64,
    adam: &Adam,
    t: StepCount,
) {
    *m = adam.beta1 * *m + (1.0 - adam.beta1) * grad;
    *v = adam.beta2 * *v + (1.0 - adam.beta2) * grad * grad;
    // Kingma & Ba's cheaper order (their §2): both corrections go into
    // per-step scalars, so an element costs one √ and one division.
    let c = (1.0 - t.power(adam.beta2)).sqrt();
    let step_size = adam.lr * c / (1.0 - t.power(adam.beta1));
    *theta -= step_size * *m / (v.sqrt() + adam.eps * c);
}
// ANCHOR_END: adam_update

#[inline]
// ANCHOR: amsgrad_update
/// AMSGrad on one parameter: Adam, but dividing by the largest `v` seen so
/// far, so that a parameter's step can never grow back after large gradients.
pub fn amsgrad_update(
    theta: &mut f64,
    m: &mut f64,
    v: &mut f64,
    v_max: &mut f64,
    grad: f64,
    adam: &Adam,
    t: StepCount,
) {
    *m = adam.beta1 * *m + (1.0 - adam.beta1) * grad;
    *v = adam.beta2 * *v + (1.0 - adam.beta2) * grad * grad;
    *v_max = v_max.max(*v);
    let c = (1.0 - t.power(adam.beta2)).sqrt();
    let step_size = adam.lr * c / (1.0 - t.power(adam.beta1));
    *theta -= step_size * *m / (v_max.sqrt() + adam.eps * c);
}
// ANCHOR_END: amsgrad_update

// ANCHOR: adam_struct
/// PyTorch's `torch.optim.Adam`. With `g ← g + λθ` (L2 weight decay, added to the gradient)
/// and step count t: `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`,
/// `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)`, `θ ← θ − η m̂/(√v̂ + ε)`.
/// With `amsgrad`, `v̂` uses the running maximum of `v` instead.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adam {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub amsgrad: bool,
}
// ANCHOR_END: adam_struct

impl Default for Adam {
    /// PyTorch's defaults: `lr = 1e-3`, `β = (0.9, 0.999)`, `eps = 1e-8`.
    fn default() -> Self {
        Self {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
        }
    }
}

/// The moment estimates of [`Adam`] and [`AdamW`].
#[derive(Debug, Clone, PartialEq)]
pub struct AdamState {
    /// First moment `m`, a running mean of `g`.
    pub m: DVector<f64>,
    /// Second moment `v`, a running mean of `g²`.
    pub v: DVector<f64>,
    /// AMSGrad's running maximum of `v`.
    pub v_max: DVector<f64>,
    /// Steps taken, `t`.
    pub steps: StepCount,
}

impl Adam {
    /// The bias-corrected moments `(m̂, v̂) = (m/(1 − β₁ᵗ), v/(1 − β₂ᵗ))`.
    ///
    /// `m` and `v` start at zero, so early on they are pulled towards zero;
    /// dividing by `1 − βᵗ` removes exactly that pull. Before the first step
    /// (`t = 0`) there is no estimate yet, and both are `0/0 = NaN`.
    pub fn bias_corrected(&self, state: &AdamState) -> (DVector<f64>, DVector<f64>) {
        let t = state.steps;
        (
            &state.m / (1.0 - t.power(self.beta1)),
            &state.v / (1.0 - t.power(self.beta2)),
        )
    }

    fn validate(&self) -> Result<()> {
        positive("lr", self.lr)?;
        decay_rate("beta1", self.beta1)?;
        decay_rate("beta2", self.beta2)?;
        positive("eps", self.eps)?;
        non_negative("weight_decay", self.weight_decay)
    }

    // ANCHOR: adam_step
    /// One Adam update with `l2` added to the gradient, PyTorch's operation order.
    fn update(
        &self,
        state: &mut AdamState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
        l2: f64,
    ) -> Result<()> {
        check_step(params, grad, state.m.len())?;
        let t = state.steps.advance();
        for i in 0..params.len() {
            let g = grad[i] + l2 * params[i];
            let (theta, m, v) = (&mut params[i], &mut state.m[i], &mut state.v[i]);
            if self.amsgrad {
                amsgrad_update(theta, m, v, &mut state.v_max[i], g, self, t);
            } else {
                adam_update(theta, m, v, g, self, t);
            }
        }
        Ok(())
    }
    // ANCHOR_END: adam_step
}

fn zero_moments(params: &DVector<f64>) -> AdamState {
    let zeros = DVector::zeros(params.len());
    AdamState {
        m: zeros.clone(),
        v: zeros.clone(),
        v_max: zeros,
        steps: StepCount::default(),
    }
}

impl Optimizer for Adam {
    type State = AdamState;

    fn init(&self, params: &DVector<f64>) -> Result<AdamState> {
        self.validate()?;
        Ok(zero_moments(params))
    }

    fn step(
        &self,
        state: &mut AdamState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) -> Result<()> {
        self.update(state, params, grad, self.weight_decay)
    }

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

// ANCHOR: adamw_struct
/// PyTorch's `torch.optim.AdamW`: first `θ ← θ(1 − ηλ)`, then an [`Adam`] step on the raw
/// gradient. Adam's L2 decay is added to the gradient and so divided by `√v̂` like everything
/// else: coordinates with large gradients are barely decayed. AdamW's decay is applied to the
/// weights directly, the same for all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamW {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub amsgrad: bool,
}
// ANCHOR_END: adamw_struct

impl Default for AdamW {
    /// PyTorch's defaults: those of [`Adam`] but `weight_decay = 1e-2`.
    fn default() -> Self {
        Self {
            weight_decay: 1e-2,
            ..Self::from(Adam::default())
        }
    }
}

impl From<Adam> for AdamW {
    fn from(adam: Adam) -> Self {
        Self {
            lr: adam.lr,
            beta1: adam.beta1,
            beta2: adam.beta2,
            eps: adam.eps,
            weight_decay: adam.weight_decay,
            amsgrad: adam.amsgrad,
        }
    }
}

impl AdamW {
    /// The Adam rule that runs after the decay: the same moments, no L2 term.
    fn adam(&self) -> Adam {
        Adam {
            lr: self.lr,
            beta1: self.beta1,
            beta2: self.beta2,
            eps: self.eps,
            weight_decay: 0.0,
            amsgrad: self.amsgrad,
        }
    }
}

impl Optimizer for AdamW {
    type State = AdamState;

    fn init(&self, params: &DVector<f64>) -> Result<AdamState> {
        non_negative("weight_decay", self.weight_decay)?;
        self.adam().init(params)
    }

    // ANCHOR: adamw_step
    fn step(
        &self,
        state: &mut AdamState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) -> Result<()> {
        check_step(params, grad, state.m.len())?;
        *params *= 1.0 - self.lr * self.weight_decay;
        self.adam().update(state, params, grad, 0.0)
    }
    // ANCHOR_END: adamw_step

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
