//! Gradient clipping in the training loop, PyTorch's `clip_grad_norm_` and
//! `clip_grad_value_`.

use nalgebra::DVector;

use crate::error::{Result, positive};

/// The ε PyTorch adds to the norm before dividing: `max_norm/(‖g‖ + 1e-6)`.
pub const CLIP_NORM_EPS: f64 = 1e-6;

// ANCHOR: clip_norm
/// PyTorch's `clip_grad_norm_` (2-norm): `g ← g · min(1, c/(‖g‖ + 10⁻⁶))`.
/// Returns `‖g‖` before clipping. A gradient shorter than `c` is left alone;
/// a longer one keeps its direction and gets length just under `c`.
/// Errors unless `c > 0`; a NaN in `g` makes every entry NaN, as in PyTorch.
pub fn clip_grad_norm(grad: &mut DVector<f64>, max_norm: f64) -> Result<f64> {
    positive("max_norm", max_norm)?;
    let total_norm = grad.norm();
    let scale = max_norm / (total_norm + CLIP_NORM_EPS);
    if scale < 1.0 || scale.is_nan() {
        *grad *= scale;
    }
    Ok(total_norm)
}
// ANCHOR_END: clip_norm

// ANCHOR: clip_value
/// PyTorch's `clip_grad_value_`: each entry clamped to `[−c, c]`.
/// Errors unless `c > 0`; NaN entries stay NaN.
pub fn clip_grad_value(grad: &mut DVector<f64>, clip_value: f64) -> Result<()> {
    positive("clip_value", clip_value)?;
    grad.apply(|g| *g = g.clamp(-clip_value, clip_value));
    Ok(())
}
// ANCHOR_END: clip_value

/// How the training loop clips each mini-batch gradient before the step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GradientClip {
    /// [`clip_grad_norm`] with this `max_norm`.
    Norm(f64),
    /// [`clip_grad_value`] with this `clip_value`.
    Value(f64),
}

impl GradientClip {
    /// Clips `grad` in place.
    pub fn apply(self, grad: &mut DVector<f64>) -> Result<()> {
        match self {
            Self::Norm(max_norm) => clip_grad_norm(grad, max_norm).map(|_| ()),
            Self::Value(clip_value) => clip_grad_value(grad, clip_value),
        }
    }
}
