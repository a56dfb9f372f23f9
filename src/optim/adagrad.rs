//! Adagrad (Duchi, Hazan & Singer 2011), PyTorch's `Adagrad`.

use nalgebra::DVector;

use super::{Optimizer, StepCount, check_step};
use crate::error::{Result, non_negative, positive};

#[inline]
// ANCHOR: adagrad_update
/// Adagrad on one parameter: `s ← s + g²`, then `θ ← θ − η g/(√s + ε)`.
///
/// `s` only grows, so the step only shrinks, fastest where gradients are large.
pub fn adagrad_update(theta: &mut f64, sum_of_squares: &mut f64, grad: f64, lr: f64, eps: f64) {
    *sum_of_squares += grad * grad;
    *theta -= lr * grad / (sum_of_squares.sqrt() + eps);
}
// ANCHOR_END: adagrad_update

// ANCHOR: adagrad_struct
/// PyTorch's `torch.optim.Adagrad`. With `g ← g + λθ` and step count t:
/// `s ← s + g²`, `θ ← θ − η_t g/(√s + ε)`, `η_t = η/(1 + (t − 1)·decay)`.
///
/// Each coordinate's step shrinks with the sum of all its past squared
/// gradients: rare features keep large steps, frequent ones slow down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adagrad {
    pub lr: f64,
    pub lr_decay: f64,
    pub weight_decay: f64,
    pub initial_accumulator_value: f64,
    pub eps: f64,
}
// ANCHOR_END: adagrad_struct

impl Default for Adagrad {
    /// PyTorch's defaults: `lr = 1e-2`, `eps = 1e-10`, the rest 0.
    fn default() -> Self {
        Self {
            lr: 1e-2,
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
        }
    }
}

/// The running sum of squared gradients `s` of [`Adagrad`].
#[derive(Debug, Clone, PartialEq)]
pub struct AdagradState {
    pub sum_of_squares: DVector<f64>,
    pub steps: StepCount,
}

impl Optimizer for Adagrad {
    type State = AdagradState;

    fn init(&self, params: &DVector<f64>) -> Result<AdagradState> {
        positive("lr", self.lr)?;
        non_negative("lr_decay", self.lr_decay)?;
        non_negative("weight_decay", self.weight_decay)?;
        non_negative("initial_accumulator_value", self.initial_accumulator_value)?;
        positive("eps", self.eps)?;
        Ok(AdagradState {
            sum_of_squares: DVector::from_element(params.len(), self.initial_accumulator_value),
            steps: StepCount::default(),
        })
    }

    // ANCHOR: adagrad_step
    fn step(
        &self,
        state: &mut AdagradState,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) -> Result<()> {
        check_step(params, grad, state.sum_of_squares.len())?;
        let t = state.steps.advance().0;
        let lr = self.lr / (1.0 + (t - 1) as f64 * self.lr_decay);
        let sums = state.sum_of_squares.iter_mut();
        for ((theta, &g), sum) in params.iter_mut().zip(grad.iter()).zip(sums) {
            let g = g + self.weight_decay * *theta;
            adagrad_update(theta, sum, g, lr, self.eps);
        }
        Ok(())
    }
    // ANCHOR_END: adagrad_step

    fn learning_rate(&self) -> f64 {
        self.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = lr;
    }
}
