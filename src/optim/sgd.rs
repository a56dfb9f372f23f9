//! Plain SGD, its momentum and Nesterov variants (PyTorch's `SGD`), and the
//! article's own momentum formulation.

use nalgebra::DVector;

use super::{Optimizer, StepCount, check_step};
use crate::error::{Result, decay_rate, fraction, non_negative, parameter, positive};

/// What `init` expects of `momentum` when `nesterov` is set.
const NESTEROV_NEEDS: &str = "> 0 with zero dampening when nesterov is set";

#[inline]
// ANCHOR: sgd_update
/// Gradient descent on one parameter: `θ ← θ − η g`.
pub fn sgd_update(theta: &mut f64, grad: f64, lr: f64) {
    *theta -= lr * grad;
}
// ANCHOR_END: sgd_update

#[inline]
// ANCHOR: momentum_update
/// Heavy-ball momentum on one parameter, PyTorch's form:
/// `b ← μ b + g`, then `θ ← θ − η b`.
///
/// The buffer `b` is a running sum of past gradients, each older one
/// weighted by one more factor μ.
pub fn momentum_update(theta: &mut f64, buffer: &mut f64, grad: f64, lr: f64, momentum: f64) {
    *buffer = momentum * *buffer + grad;
    *theta -= lr * *buffer;
}
// ANCHOR_END: momentum_update

#[inline]
// ANCHOR: nesterov_update
/// Nesterov momentum on one parameter, PyTorch's form:
/// `b ← μ b + g`, then `θ ← θ − η (g + μ b)`: the step already includes
/// the next push of momentum.
pub fn nesterov_update(theta: &mut f64, buffer: &mut f64, grad: f64, lr: f64, momentum: f64) {
    *buffer = momentum * *buffer + grad;
    *theta -= lr * (grad + momentum * *buffer);
}
// ANCHOR_END: nesterov_update

#[inline]
// ANCHOR: article_momentum_update
/// The article's momentum on one parameter: `v ← γ v + η g`, `θ ← θ − v`.
pub fn article_momentum_update(
    theta: &mut f64,
    velocity: &mut f64,
    grad: f64,
    lr: f64,
    momentum: f64,
) {
    *velocity = momentum * *velocity + lr * grad;
    *theta -= *velocity;
}
// ANCHOR_END: article_momentum_update

// ANCHOR: sgd_struct
/// PyTorch's `torch.optim.SGD`. With `g ← g + λθ` (weight decay λ):
/// - no momentum: `θ ← θ − η g`;
/// - momentum μ: `b ← μ b + (1 − τ) g` (`b₁ = g`), then `θ ← θ − η b`,
///   or with Nesterov `θ ← θ − η (g + μ b)`; τ is the dampening.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sgd {
    pub lr: f64,
    pub momentum: f64,
    pub dampening: f64,
    pub weight_decay: f64,
    pub nesterov: bool,
}
// ANCHOR_END: sgd_struct

impl Default for Sgd {
    /// PyTorch's defaults: `lr = 1e-3`, no momentum, no decay.
    fn default() -> Self {
        Self {
            lr: 1e-3,
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
        }
    }
}

/// The momentum buffer `b` of [`Sgd`].
#[derive(Debug, Clone, PartialEq)]
pub struct SgdState {
    pub momentum_buffer: DVector<f64>,
    pub steps: StepCount,
}

impl Optimizer for Sgd {
    type State = SgdState;

    // ANCHOR: sgd_init
    fn init(&self, params: &DVector<f64>) -> Result<SgdState> {
        positive("lr", self.lr)?;
        decay_rate("momentum", self.momentum)?;
        fraction("dampening", self.dampening)?;
        non_negative("weight_decay", self.weight_decay)?;
        // Nesterov looks ahead along the buffer, so it needs one, undampened.
        let nesterov_ok = |m: f64| !self.nesterov || (m > 0.0 && self.dampening == 0.0);
        parameter("momentum", self.momentum, NESTEROV_NEEDS, nesterov_ok)?;
        Ok(SgdState {
            momentum_buffer: DVector::zeros(params.len()),
            steps: StepCount::default(),
        })
    }
    // ANCHOR_END: sgd_init

    // ANCHOR: sgd_step
    fn step(
        &self,
        state: &mut SgdState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) -> Result<()> {
        check_step(params, grad, state.momentum_buffer.len())?;
        // PyTorch's first buffer is the raw gradient, undampened: `μ·0 + 1·g`.
        let dampening = if state.steps == StepCount(0) {
            state.momentum_buffer.fill(0.0);
            0.0
        } else {
            self.dampening
        };
        state.steps.advance();
        let buffers = state.momentum_buffer.iter_mut();
        for ((theta, &g), buffer) in params.iter_mut().zip(grad.iter()).zip(buffers) {
            let g = g + self.weight_decay * *theta;
            let (lr, momentum) = (self.lr, self.momentum);
            if momentum == 0.0 {
                sgd_update(theta, g, lr);
            } else if self.nesterov {
                // `init` refuses Nesterov with dampening.
                nesterov_update(theta, buffer, g, lr, momentum);
            } else {
                momentum_update(theta, buffer, (1.0 - dampening) * g, lr, momentum);
            }
        }
        Ok(())
    }
    // ANCHOR_END: sgd_step

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

// ANCHOR: article_momentum_struct
/// The article's momentum: `v ← γ v + η g`, `θ ← θ − v`.
///
/// The learning rate sits inside the velocity. PyTorch's [`Sgd`] keeps it
/// outside (`b ← μ b + g`, `θ ← θ − η b`). With a constant η the two give the
/// same steps (`v = η b`); after η changes, the article's velocity still
/// carries the old η while PyTorch's rescales the whole step at once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArticleMomentum {
    pub lr: f64,
    pub momentum: f64,
}
// ANCHOR_END: article_momentum_struct

impl Default for ArticleMomentum {
    /// The article's `sgd_momentum` defaults: `lr = 0.01`, `γ = 0.9`.
    fn default() -> Self {
        Self {
            lr: 0.01,
            momentum: 0.9,
        }
    }
}

/// The velocity `v` of [`ArticleMomentum`].
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleMomentumState {
    pub velocity: DVector<f64>,
}

impl Optimizer for ArticleMomentum {
    type State = ArticleMomentumState;

    fn init(&self, params: &DVector<f64>) -> Result<ArticleMomentumState> {
        positive("lr", self.lr)?;
        decay_rate("momentum", self.momentum)?;
        Ok(ArticleMomentumState {
            velocity: DVector::zeros(params.len()),
        })
    }

    // ANCHOR: article_momentum_step
    fn step(
        &self,
        state: &mut ArticleMomentumState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) -> Result<()> {
        check_step(params, grad, state.velocity.len())?;
        let velocity = state.velocity.iter_mut();
        for ((theta, &g), v) in params.iter_mut().zip(grad.iter()).zip(velocity) {
            article_momentum_update(theta, v, g, self.lr, self.momentum);
        }
        Ok(())
    }
    // ANCHOR_END: article_momentum_step

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
