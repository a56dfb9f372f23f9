//! Gradient-descent optimizers (article: 优化算法, 动量与自适应学习率).
//!
//! An optimizer is split in two, as in optax: a small struct of
//! hyperparameters whose `Default` is PyTorch's, and a `State` it creates
//! with [`Optimizer::init`] and updates with [`Optimizer::step`]. Keeping the
//! state outside makes it visible: a reader can print Adam's `m` and `v`.

use nalgebra::DVector;

use crate::error::{Error, Result};

pub mod adadelta;
pub mod adagrad;
pub mod adam;
pub mod adamax;
pub mod momentum_theory;
pub mod nadam;
pub mod radam;
pub mod rmsprop;
pub mod sgd;

pub use adadelta::{Adadelta, AdadeltaState};
pub use adagrad::{Adagrad, AdagradState};
pub use adam::{Adam, AdamState, AdamW};
pub use adamax::{Adamax, AdamaxState};
pub use nadam::{NAdam, NAdamState};
pub use radam::{RAdam, RAdamState};
pub use rmsprop::{RmsProp, RmsPropState};
pub use sgd::{ArticleMomentum, ArticleMomentumState, Sgd, SgdState};

// ANCHOR: optimizer
/// One optimizer: a rule that turns a gradient into a parameter update.
pub trait Optimizer {
    /// Whatever the rule remembers between steps (velocity, moments, …).
    type State;

    /// Checks the hyperparameters and creates the state for `params`.
    fn init(&self, params: &DVector<f64>) -> Result<Self::State>;

    /// Updates `params` in place from `grad`, the gradient at `params`.
    fn step(
        &self,
        state: &mut Self::State,
        params: &mut DVector<f64>,
        grad: &DVector<f64>,
    ) -> Result<()>;

    /// The current learning rate η.
    fn learning_rate(&self) -> f64;

    /// Sets η, e.g. from a [`crate::schedule::Schedule`] between epochs.
    fn set_learning_rate(&mut self, lr: f64);

    /// Sets the momentum coefficient, as [`crate::schedule::OneCycle`] does:
    /// SGD's and RMSprop's `momentum`, the Adam family's β₁. The default is
    /// an error, as PyTorch's `OneCycleLR` raises one for an optimizer
    /// without momentum (Adagrad, Adadelta): a schedule that cycles momentum
    /// should not silently do nothing.
    fn set_momentum(&mut self, momentum: f64) -> Result<()> {
        Err(Error::InvalidParameter {
            name: "momentum",
            value: momentum,
            expected: "set on an optimizer that has a momentum term",
        })
    }
}
// ANCHOR_END: optimizer

// ANCHOR: step_count
/// How many steps an optimizer state has taken: `t = 0` before the first
/// step, `t` during the `t`-th. Every state that counts steps uses this one
/// type, so the bias corrections `1 − βᵗ` read the same everywhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StepCount(pub u64);

impl StepCount {
    /// Counts one more step and returns the new count `t`.
    pub fn advance(&mut self) -> StepCount {
        self.0 += 1;
        *self
    }

    /// `βᵗ`, exact repeated multiplication (`powi`) while `t` fits an `i32`.
    pub fn power(self, base: f64) -> f64 {
        match i32::try_from(self.0) {
            Ok(t) => base.powi(t),
            Err(_) => base.powf(self.0 as f64),
        }
    }
}
// ANCHOR_END: step_count

/// Checks that the gradient and the state fit the parameters.
pub(crate) fn check_step(
    params: &DVector<f64>,
    grad: &DVector<f64>,
    state_len: usize,
) -> Result<()> {
    if grad.len() != params.len() {
        return Err(Error::LengthMismatch {
            left_name: "params",
            left: params.len(),
            right_name: "grad",
            right: grad.len(),
        });
    }
    if state_len != params.len() {
        return Err(Error::LengthMismatch {
            left_name: "params",
            left: params.len(),
            right_name: "optimizer state",
            right: state_len,
        });
    }
    Ok(())
}
