//! KL divergence in PyTorch's `kl_div` form: the model's log-probabilities
//! as input, the target distribution second, with the reductions PyTorch
//! offers (`batchmean` is the one that is the KL divergence per example).

use nalgebra::DMatrix;

use crate::error::{Error, Result, probabilities};

/// `kl_div`'s `reduction=`: how the per-element terms become one number.
/// (PyTorch's `"none"` is [`kl_div_elementwise`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KlDivReduction {
    /// The sum divided by the number of rows (the batch size): the mean KL
    /// divergence per example. PyTorch recommends it.
    BatchMean,
    /// The sum over every element.
    Sum,
    /// The sum divided by the number of elements, rows × classes:
    /// PyTorch's default, which is not a KL divergence.
    Mean,
}

impl KlDivReduction {
    /// What the sum of the terms is divided by, for `rows × classes` terms.
    fn divisor(self, (rows, classes): (usize, usize)) -> f64 {
        match self {
            Self::BatchMean => rows as f64,
            Self::Sum => 1.0,
            Self::Mean => (rows * classes) as f64,
        }
    }
}

fn check(input: &DMatrix<f64>, target: &DMatrix<f64>, log_target: bool) -> Result<()> {
    if input.shape() != target.shape() {
        return Err(Error::ShapeMismatch {
            left_name: "input",
            left: input.shape(),
            right_name: "target",
            right: target.shape(),
        });
    }
    if input.is_empty() {
        return Err(Error::Empty { what: "input" });
    }
    if log_target {
        Ok(())
    } else {
        probabilities("target", target.as_slice())
    }
}

// ANCHOR: kl_div_term
/// One term of `kl_div` with input `x = log q` and target `t`:
/// `t log t − t x` (`0 log 0 = 0`), or `eᵗ (t − x)` when `t` is `log p`.
pub fn kl_div_term(x: f64, t: f64, log_target: bool) -> f64 {
    if log_target {
        t.exp() * (t - x)
    } else {
        let t_log_t = if t == 0.0 { 0.0 } else { t * t.ln() };
        t_log_t - t * x
    }
}
// ANCHOR_END: kl_div_term

/// The per-element terms [`kl_div_term`] of PyTorch's
/// `kl_div(input, target, reduction="none", log_target)`.
///
/// Like PyTorch, rows need not sum to 1; unlike it, a `target` outside
/// `[0, 1]` is an error when `log_target` is false.
pub fn kl_div_elementwise(
    input: &DMatrix<f64>,
    target: &DMatrix<f64>,
    log_target: bool,
) -> Result<DMatrix<f64>> {
    check(input, target, log_target)?;
    Ok(input.zip_map(target, |x, t| kl_div_term(x, t, log_target)))
}

// ANCHOR: kl_div
/// PyTorch's `kl_div(input, target, reduction, log_target)`: the terms
/// `t log t − t x` (or `eᵗ(t − x)` for a log target) summed and divided as
/// [`KlDivReduction`] says. Each row of `input` is one example's
/// log-probabilities `log q`, each row of `target` its distribution `p`,
/// and `BatchMean` is `(1/N) Σᵢ D_KL(pᵢ‖qᵢ)`.
pub fn kl_div(
    input: &DMatrix<f64>,
    target: &DMatrix<f64>,
    reduction: KlDivReduction,
    log_target: bool,
) -> Result<f64> {
    let terms = kl_div_elementwise(input, target, log_target)?;
    Ok(terms.sum() / reduction.divisor(input.shape()))
}
// ANCHOR_END: kl_div

/// The gradients of [`kl_div`], with respect to its input and its target.
#[derive(Debug, Clone, PartialEq)]
pub struct KlDivGradient {
    pub input: DMatrix<f64>,
    pub target: DMatrix<f64>,
}

// ANCHOR: kl_div_gradient
/// Gradient of [`kl_div`]: `∂/∂x = −t` and `∂/∂t = log t + 1 − x`, or for a
/// log target `∂/∂x = −eᵗ` and `∂/∂t = eᵗ(t − x + 1)`, each divided as the
/// reduction divides the sum. (For PyTorch's `"none"`, use `Sum`: its
/// backward with ones is the gradient of the sum.)
pub fn kl_div_gradient(
    input: &DMatrix<f64>,
    target: &DMatrix<f64>,
    reduction: KlDivReduction,
    log_target: bool,
) -> Result<KlDivGradient> {
    check(input, target, log_target)?;
    let d = reduction.divisor(input.shape());
    let (to_input, to_target) = if log_target {
        (
            input.zip_map(target, |_, t| -t.exp()),
            input.zip_map(target, |x, t| t.exp() * (t - x + 1.0)),
        )
    } else {
        (
            input.zip_map(target, |_, t| -t),
            input.zip_map(target, |x, t| t.ln() + 1.0 - x),
        )
    };
    Ok(KlDivGradient {
        input: to_input / d,
        target: to_target / d,
    })
}
// ANCHOR_END: kl_div_gradient
