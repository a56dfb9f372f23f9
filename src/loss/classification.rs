//! Classification losses: binary and categorical cross-entropy, their stable
//! forms from logits, and focal loss (article: 分类损失函数, Focal Loss).

use nalgebra::DMatrix;

use super::reduction::per_row;
use super::{gradient_over, mean_over};
use crate::error::{Error, Result, non_negative, parameter, probabilities, same_len};

/// The article's clipping constant: probabilities are clipped to `[ε, 1 − ε]`
/// before taking a log, so that `log 0` never appears.
pub const ARTICLE_EPSILON: f64 = 1e-15;

/// PyTorch's floor for `log p` in `BCELoss`: `max(log p, −100)`.
pub const TORCH_LOG_FLOOR: f64 = -100.0;

// ANCHOR: sigmoid
/// The logistic function `σ(z) = 1/(1 + e^{−z})`, evaluated without overflow:
/// for `z < 0` it uses the equal form `e^{z}/(1 + e^{z})`.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}
// ANCHOR_END: sigmoid

fn clip(p: f64) -> f64 {
    p.clamp(ARTICLE_EPSILON, 1.0 - ARTICLE_EPSILON)
}

fn check_binary(target: &[f64], probability: &[f64]) -> Result<()> {
    same_len("target", target, "probability", probability)?;
    probabilities("target", target)?;
    probabilities("probability", probability)
}

// ANCHOR: bce
/// Binary cross-entropy on probabilities, the article's form:
/// `L = −(1/N) Σ [yᵢ log p̂ᵢ + (1 − yᵢ) log(1 − p̂ᵢ)]` with `p̂` clipped to
/// `[ε, 1 − ε]`, `ε =` [`ARTICLE_EPSILON`].
///
/// PyTorch's `BCELoss` does not clip; it floors each log at −100 instead
/// (see [`binary_cross_entropy_log_floor`]). The two agree unless a
/// probability is within about `1e-15` of 0 or 1.
pub fn binary_cross_entropy(target: &[f64], probability: &[f64]) -> Result<f64> {
    check_binary(target, probability)?;
    mean_over(target, probability, |y, p| cross_entropy_term(y, clip(p)))
}
// ANCHOR_END: bce

// ANCHOR: bce_gradient
/// Gradient of [`binary_cross_entropy`] with respect to the probability:
/// `∂L/∂p̂ᵢ = −(yᵢ/p̂ᵢ − (1 − yᵢ)/(1 − p̂ᵢ))/N`, on the clipped `p̂`.
///
/// Like the article's `bce_gradient`, this is the unclipped formula
/// evaluated at the clipped probability. Where clipping is active (within
/// `ε` of 0 or 1) the clipped loss is flat, so there this is not its
/// derivative: it stays large (e.g. `−1e15/N` for `y = 1`, `p̂ = 0`) and keeps
/// pushing the prediction the right way.
pub fn binary_cross_entropy_gradient(target: &[f64], probability: &[f64]) -> Result<Vec<f64>> {
    check_binary(target, probability)?;
    gradient_over(target, probability, |y, p| {
        let p = clip(p);
        -(y / p - (1.0 - y) / (1.0 - p))
    })
}
// ANCHOR_END: bce_gradient

/// `max(log x, −100)`, PyTorch's floored log; NaN stays NaN (`f64::max`
/// alone would turn it into −100).
fn floored_ln(x: f64) -> f64 {
    floored(x.ln())
}

/// `max(log, −100)` of a log already taken; NaN stays NaN.
fn floored(log: f64) -> f64 {
    if log.is_nan() {
        log
    } else {
        log.max(TORCH_LOG_FLOOR)
    }
}

// ANCHOR: bce_log_floor
/// Binary cross-entropy exactly as PyTorch's `BCELoss` computes it:
/// `L = −(1/N) Σ [yᵢ max(log p̂ᵢ, −100) + (1 − yᵢ) max(log(1 − p̂ᵢ), −100)]`.
///
/// `log(1 − p̂)` is evaluated as `ln_1p(−p̂)`: for a small `p̂` the rounding
/// of `1 − p̂` would otherwise cost up to 3e-4 of relative precision at
/// `p̂ = 1e-13` (PyTorch uses `log1p` too).
pub fn binary_cross_entropy_log_floor(target: &[f64], probability: &[f64]) -> Result<f64> {
    check_binary(target, probability)?;
    mean_over(target, probability, |y, p| {
        -(y * floored_ln(p) + (1.0 - y) * floored((-p).ln_1p()))
    })
}
// ANCHOR_END: bce_log_floor

// ANCHOR: bce_log_floor_gradient
/// PyTorch's floor for `p(1 − p)` in the `BCELoss` backward: `1e-12` stored
/// as a 32-bit float, so slightly below `1e-12`.
pub const TORCH_BCE_GRAD_FLOOR: f64 = 1e-12_f32 as f64;

/// Gradient of [`binary_cross_entropy_log_floor`] as PyTorch's backward
/// computes it: `(p̂ᵢ − yᵢ) / max(p̂ᵢ(1 − p̂ᵢ), 10⁻¹²) / N`.
pub fn binary_cross_entropy_log_floor_gradient(
    target: &[f64],
    probability: &[f64],
) -> Result<Vec<f64>> {
    check_binary(target, probability)?;
    gradient_over(target, probability, |y, p| {
        // PyTorch's max(p(1 − p), ε); a NaN p still gives NaN through p − y.
        (p - y) / (p * (1.0 - p)).max(TORCH_BCE_GRAD_FLOOR)
    })
}
// ANCHOR_END: bce_log_floor_gradient

// ANCHOR: bce_with_logits
/// Binary cross-entropy from logits, PyTorch's `BCEWithLogitsLoss`:
/// `ℓ(z, y) = max(z, 0) − z·y + log(1 + e^{−|z|})`, which equals
/// `−[y log σ(z) + (1 − y) log(1 − σ(z))]` but never overflows and never
/// takes `log 0`, for any finite logit.
///
/// The last term is `ln_1p(e^{−|z|})`. PyTorch's float64 kernel takes
/// `log(1 + e^{−|z|})`, which loses precision when every term is tiny
/// (1.6e-5 relative for a batch of `|z| ≥ 23` all classified right).
pub fn binary_cross_entropy_with_logits(target: &[f64], logits: &[f64]) -> Result<f64> {
    same_len("target", target, "logits", logits)?;
    probabilities("target", target)?;
    mean_over(target, logits, |y, z| {
        z.max(0.0) - z * y + (-z.abs()).exp().ln_1p()
    })
}
// ANCHOR_END: bce_with_logits

// ANCHOR: bce_with_logits_gradient
/// Gradient of [`binary_cross_entropy_with_logits`] with respect to the
/// logit: `∂L/∂zᵢ = (σ(zᵢ) − yᵢ)/N`, prediction minus target.
pub fn binary_cross_entropy_with_logits_gradient(
    target: &[f64],
    logits: &[f64],
) -> Result<Vec<f64>> {
    same_len("target", target, "logits", logits)?;
    probabilities("target", target)?;
    gradient_over(target, logits, |y, z| sigmoid(z) - y)
}
// ANCHOR_END: bce_with_logits_gradient

// ANCHOR: sigmoid_mse
/// The gradient with respect to the logit of MSE applied to a sigmoid output,
/// `∂/∂zᵢ (1/N) Σ (σ(zᵢ) − yᵢ)² = 2(σ(zᵢ) − yᵢ) σ(zᵢ)(1 − σ(zᵢ))/N`.
///
/// This is FAQ Q1: the factor `σ(1 − σ)` vanishes when the output saturates,
/// even when it saturates at the wrong answer.
pub fn sigmoid_mse_logit_gradient(target: &[f64], logits: &[f64]) -> Result<Vec<f64>> {
    same_len("target", target, "logits", logits)?;
    probabilities("target", target)?;
    gradient_over(target, logits, |y, z| {
        // σ(−z) for 1 − σ(z), and p − y as (1 − y)p − yq: no cancellation
        // where σ(z) rounds to 1.
        let (p, q) = (sigmoid(z), sigmoid(-z));
        2.0 * ((1.0 - y) * p - y * q) * p * q
    })
}
// ANCHOR_END: sigmoid_mse

fn same_shape(
    left_name: &'static str,
    left: &DMatrix<f64>,
    right_name: &'static str,
    right: &DMatrix<f64>,
) -> Result<()> {
    if left.shape() != right.shape() {
        return Err(Error::ShapeMismatch {
            left_name,
            left: left.shape(),
            right_name,
            right: right.shape(),
        });
    }
    if left.is_empty() {
        return Err(Error::Empty { what: left_name });
    }
    Ok(())
}

// ANCHOR: cce
/// Categorical cross-entropy on probability rows, the article's form:
/// `L = −(1/N) Σᵢ Σ_c y_{ic} log p̂_{ic}` with `p̂` clipped to `[ε, 1 − ε]`.
///
/// Each row of `target` is one example's (usually one-hot) label, each row
/// of `probability` the model's softmax output for it.
pub fn categorical_cross_entropy(target: &DMatrix<f64>, probability: &DMatrix<f64>) -> Result<f64> {
    same_shape("target", target, "probability", probability)?;
    probabilities("target", target.as_slice())?;
    probabilities("probability", probability.as_slice())?;
    let total: f64 = target
        .iter()
        .zip(probability.iter())
        .map(|(&y, &p)| -y * clip(p).ln())
        .sum();
    Ok(total / target.nrows() as f64)
}
// ANCHOR_END: cce

/// The per-row terms `−Σ_c y_{ic} log p̂_{ic}` of [`categorical_cross_entropy`]
/// (for [`Reduction`](super::Reduction)`::None` and `Sum`).
pub fn categorical_cross_entropy_elementwise(
    target: &DMatrix<f64>,
    probability: &DMatrix<f64>,
) -> Result<Vec<f64>> {
    let whole = categorical_cross_entropy(target, probability);
    per_row(target.nrows(), whole, |i| {
        let row = |m: &DMatrix<f64>| m.rows(i, 1).into_owned();
        categorical_cross_entropy(&row(target), &row(probability))
    })
}

// ANCHOR: cce_gradient
/// Gradient of [`categorical_cross_entropy`]: `∂L/∂p̂_{ic} = −y_{ic}/(N p̂_{ic})`,
/// evaluated at the clipped `p̂` as in [`binary_cross_entropy_gradient`].
pub fn categorical_cross_entropy_gradient(
    target: &DMatrix<f64>,
    probability: &DMatrix<f64>,
) -> Result<DMatrix<f64>> {
    same_shape("target", target, "probability", probability)?;
    probabilities("target", target.as_slice())?;
    probabilities("probability", probability.as_slice())?;
    let n = target.nrows() as f64;
    Ok(target.zip_map(probability, |y, p| -y / (n * clip(p))))
}
// ANCHOR_END: cce_gradient

/// The largest value, or NaN if there is one: `f64::max` would drop a NaN
/// logit and hide it.
fn max_keeping_nan<'a>(values: impl Iterator<Item = &'a f64>) -> f64 {
    values.fold(
        f64::NEG_INFINITY,
        |m, &z| if z > m || z.is_nan() { z } else { m },
    )
}

// ANCHOR: log_softmax
/// Row-wise `log softmax(z)_c = z_c − log Σ_k e^{z_k}`, by log-sum-exp:
/// subtracting the row maximum first keeps every `exp` in `(0, 1]`, so
/// logits of ±1e4 give exact, finite answers where the naive form overflows.
pub fn log_softmax(logits: &DMatrix<f64>) -> DMatrix<f64> {
    let mut out = logits.clone();
    for mut row in out.row_iter_mut() {
        let max = max_keeping_nan(row.iter());
        let log_sum_exp = max + row.iter().map(|&z| (z - max).exp()).sum::<f64>().ln();
        row.add_scalar_mut(-log_sum_exp);
    }
    out
}
// ANCHOR_END: log_softmax

// ANCHOR: softmax
/// Row-wise softmax, `softmax(z)_c = e^{z_c − max} / Σ_k e^{z_k − max}`.
///
/// Computed from the shifted exponentials directly rather than as
/// `exp(log_softmax)`: with logits of ±1e4, `z − log Σ e^z` keeps only about
/// 1e-12 of relative precision, the direct ratio keeps full precision.
pub fn softmax(logits: &DMatrix<f64>) -> DMatrix<f64> {
    let mut out = logits.clone();
    for mut row in out.row_iter_mut() {
        let max = max_keeping_nan(row.iter());
        row.apply(|z| *z = (*z - max).exp());
        let sum = row.sum();
        row /= sum;
    }
    out
}
// ANCHOR_END: softmax

// ANCHOR: class_targets
/// What a softmax cross-entropy compares the logits with, as PyTorch's
/// `CrossEntropyLoss` accepts either.
#[derive(Debug, Clone, Copy)]
pub enum ClassTargets<'a> {
    /// One class index per row of logits.
    Labels(&'a [usize]),
    /// One probability row per row of logits (same shape as the logits).
    Probabilities(&'a DMatrix<f64>),
}
// ANCHOR_END: class_targets

/// The target distribution after label smoothing:
/// `y' = (1 − s) y + s/C`, PyTorch's rule for both kinds of target.
fn smoothed_targets(
    logits: &DMatrix<f64>,
    targets: ClassTargets<'_>,
    label_smoothing: f64,
) -> Result<DMatrix<f64>> {
    parameter("label_smoothing", label_smoothing, "in [0, 1]", |s| {
        (0.0..=1.0).contains(&s)
    })?;
    if logits.is_empty() {
        return Err(Error::Empty { what: "logits" });
    }
    let (rows, classes) = logits.shape();
    let exact = match targets {
        ClassTargets::Labels(labels) => {
            if labels.len() != rows {
                return Err(Error::LengthMismatch {
                    left_name: "logits rows",
                    left: rows,
                    right_name: "labels",
                    right: labels.len(),
                });
            }
            if let Some(index) = labels.iter().position(|&label| label >= classes) {
                return Err(Error::LabelOutOfRange {
                    index,
                    label: labels[index],
                    classes,
                });
            }
            DMatrix::from_fn(rows, classes, |i, c| f64::from(u8::from(labels[i] == c)))
        }
        ClassTargets::Probabilities(target) => {
            same_shape("logits", logits, "target", target)?;
            probabilities("target", target.as_slice())?;
            target.clone()
        }
    };
    let uniform = label_smoothing / classes as f64;
    Ok(exact.map(|y| (1.0 - label_smoothing) * y + uniform))
}

// ANCHOR: softmax_cross_entropy
/// Softmax cross-entropy from logits, PyTorch's `CrossEntropyLoss`:
/// `L = −(1/N) Σᵢ Σ_c y'_{ic} log softmax(zᵢ)_c`, where `y'` is the target
/// after label smoothing `s`: `y' = (1 − s) y + s/C`.
pub fn softmax_cross_entropy(
    logits: &DMatrix<f64>,
    targets: ClassTargets<'_>,
    label_smoothing: f64,
) -> Result<f64> {
    let target = smoothed_targets(logits, targets, label_smoothing)?;
    let log_p = log_softmax(logits);
    let total: f64 = target
        .iter()
        .zip(log_p.iter())
        // 0·log p is 0 even where log p is −∞ (a logit of −∞ in a class the
        // target gives no weight), but a NaN log p stays NaN.
        .map(|(&y, &lp)| {
            if y == 0.0 && !lp.is_nan() {
                0.0
            } else {
                -y * lp
            }
        })
        .sum();
    Ok(total / logits.nrows() as f64)
}
// ANCHOR_END: softmax_cross_entropy

/// The per-row terms `−Σ_c y'_{ic} log softmax(zᵢ)_c` of
/// [`softmax_cross_entropy`], PyTorch's `reduction="none"`.
pub fn softmax_cross_entropy_elementwise(
    logits: &DMatrix<f64>,
    targets: ClassTargets<'_>,
    label_smoothing: f64,
) -> Result<Vec<f64>> {
    let whole = softmax_cross_entropy(logits, targets, label_smoothing);
    per_row(logits.nrows(), whole, |i| {
        let row = |m: &DMatrix<f64>| m.rows(i, 1).into_owned();
        match targets {
            ClassTargets::Labels(labels) => {
                let one = &labels[i..=i];
                softmax_cross_entropy(&row(logits), ClassTargets::Labels(one), label_smoothing)
            }
            ClassTargets::Probabilities(target) => {
                let one = row(target);
                let one = ClassTargets::Probabilities(&one);
                softmax_cross_entropy(&row(logits), one, label_smoothing)
            }
        }
    })
}

// ANCHOR: softmax_cross_entropy_gradient
/// Gradient of [`softmax_cross_entropy`] with respect to the logits:
/// `∂L/∂z_{ic} = (softmax(zᵢ)_c − y'_{ic})/N`, prediction minus target.
pub fn softmax_cross_entropy_gradient(
    logits: &DMatrix<f64>,
    targets: ClassTargets<'_>,
    label_smoothing: f64,
) -> Result<DMatrix<f64>> {
    let target = smoothed_targets(logits, targets, label_smoothing)?;
    let n = logits.nrows() as f64;
    Ok((softmax(logits) - target) / n)
}
// ANCHOR_END: softmax_cross_entropy_gradient

/// One example's cross-entropy `−[y log p + (1 − y) log(1 − p)]`, with
/// `log(1 − p)` as `ln_1p(−p)` so that a small `p` keeps its precision.
fn cross_entropy_term(y: f64, p: f64) -> f64 {
    -(y * p.ln() + (1.0 - y) * (-p).ln_1p())
}

/// One example's cross-entropy from its logit, in the stable form of
/// [`binary_cross_entropy_with_logits`]: `max(z, 0) − z y + log(1 + e^{−|z|})`.
fn logit_cross_entropy_term(y: f64, z: f64) -> f64 {
    z.max(0.0) - z * y + (-z.abs()).exp().ln_1p()
}

/// The checks of a focal loss from logits: `α`, `γ`, and targets in `[0, 1]`
/// pairing up with the logits.
fn check_sigmoid_focal(target: &[f64], logits: &[f64], alpha: f64, gamma: f64) -> Result<()> {
    check_focal(alpha, gamma)?;
    same_len("target", target, "logits", logits)?;
    probabilities("target", target)
}

fn check_focal(alpha: f64, gamma: f64) -> Result<()> {
    parameter("alpha", alpha, "in [0, 1]", |a| (0.0..=1.0).contains(&a))?;
    non_negative("gamma", gamma)
}

/// The parts of a focal loss term shared by both forms: `α_t`, `1 − p_t`.
///
/// `p` and `q = 1 − p` come separately so that `1 − p_t = y q + (1 − y) p`
/// is formed without cancellation: with `p = σ(z)` and `q = σ(−z)` it keeps
/// full precision even where `σ(z)` rounds to 1.
fn focal_weights(y: f64, p: f64, q: f64, alpha: f64) -> (f64, f64) {
    let alpha_t = y * alpha + (1.0 - y) * (1.0 - alpha);
    (alpha_t, y * q + (1.0 - y) * p)
}

/// `γ (1 − p_t)^{γ−1}`, the derivative of the modulating factor with respect
/// to `1 − p_t`, taken as 0 where `γ = 0` (no modulation) and where
/// `1 − p_t = 0` with `γ > 0`: there the whole term tends to 0.
/// `γ(1 − p_t)^(γ−1) · d` for `d = ∂(1 − p_t)/∂z`, computed as
/// `γ(1 − p_t)^γ · (d/(1 − p_t))`: `|d| ≤ pq ≤ 1 − p_t`, so the ratio is at
/// most 1, where `(1 − p_t)^(γ−1)` alone overflows for a subnormal `1 − p_t`
/// and `γ < 1`, and `∞ · 0` was NaN (found by `cargo fuzz run losses`).
fn modulating_slope_times(gamma: f64, one_minus_pt: f64, d: f64) -> f64 {
    if gamma == 0.0 || one_minus_pt == 0.0 {
        0.0
    } else {
        gamma * one_minus_pt.powf(gamma) * (d / one_minus_pt)
    }
}

fn modulating_slope(gamma: f64, one_minus_pt: f64) -> f64 {
    if gamma == 0.0 || one_minus_pt == 0.0 {
        0.0
    } else {
        gamma * one_minus_pt.powf(gamma - 1.0)
    }
}

// ANCHOR: focal
/// Focal loss on probabilities, the article's form (Lin et al. 2017):
/// `ℓ = −α_t (1 − p_t)^γ log p_t` with `p_t = p̂` for `y = 1` and `1 − p̂` for
/// `y = 0`, `α_t = α` for `y = 1` and `1 − α` for `y = 0`, `p̂` clipped as in
/// [`binary_cross_entropy`]. With `γ = 0` it is α-weighted BCE.
pub fn focal_loss(target: &[f64], probability: &[f64], alpha: f64, gamma: f64) -> Result<f64> {
    check_focal(alpha, gamma)?;
    check_binary(target, probability)?;
    mean_over(target, probability, |y, p| {
        let p = clip(p);
        let ce = cross_entropy_term(y, p);
        let (alpha_t, one_minus_pt) = focal_weights(y, p, 1.0 - p, alpha);
        alpha_t * one_minus_pt.powf(gamma) * ce
    })
}
// ANCHOR_END: focal

// ANCHOR: focal_gradient
/// Gradient of [`focal_loss`] with respect to the probability `p̂`, evaluated
/// at the clipped `p̂` as in [`binary_cross_entropy_gradient`].
pub fn focal_loss_gradient(
    target: &[f64],
    probability: &[f64],
    alpha: f64,
    gamma: f64,
) -> Result<Vec<f64>> {
    check_focal(alpha, gamma)?;
    check_binary(target, probability)?;
    gradient_over(target, probability, |y, p| {
        let p = clip(p);
        let ce = cross_entropy_term(y, p);
        let dce = -(y / p - (1.0 - y) / (1.0 - p));
        let (alpha_t, one_minus_pt) = focal_weights(y, p, 1.0 - p, alpha);
        // d(1 − p_t)/dp̂ = 1 − 2y.
        let dmod = modulating_slope(gamma, one_minus_pt) * (1.0 - 2.0 * y);
        alpha_t * (dmod * ce + one_minus_pt.powf(gamma) * dce)
    })
}
// ANCHOR_END: focal_gradient

// ANCHOR: sigmoid_focal
/// torchvision's `sigmoid_focal_loss` with `reduction="mean"`: the focal loss
/// of [`focal_loss`] computed from logits, `p̂ = σ(z)`, with the stable
/// [`binary_cross_entropy_with_logits`] term in place of the clipped logs.
///
/// torchvision's defaults are `α = 0.25`, `γ = 2` and `reduction="none"`;
/// its `α < 0` (no weighting) equals twice this loss at `α = 0.5`.
pub fn sigmoid_focal_loss(target: &[f64], logits: &[f64], alpha: f64, gamma: f64) -> Result<f64> {
    check_sigmoid_focal(target, logits, alpha, gamma)?;
    mean_over(target, logits, |y, z| {
        let ce = logit_cross_entropy_term(y, z);
        let (alpha_t, one_minus_pt) = focal_weights(y, sigmoid(z), sigmoid(-z), alpha);
        alpha_t * one_minus_pt.powf(gamma) * ce
    })
}
// ANCHOR_END: sigmoid_focal

// ANCHOR: sigmoid_focal_gradient
/// Gradient of [`sigmoid_focal_loss`] with respect to the logits:
/// `α_t [(1 − p_t)^γ (σ − y) − γ(1 − p_t)^{γ−1} (2y − 1) σ(1 − σ) ce] / N`.
pub fn sigmoid_focal_loss_gradient(
    target: &[f64],
    logits: &[f64],
    alpha: f64,
    gamma: f64,
) -> Result<Vec<f64>> {
    check_sigmoid_focal(target, logits, alpha, gamma)?;
    gradient_over(target, logits, |y, z| {
        let (p, q) = (sigmoid(z), sigmoid(-z));
        let ce = logit_cross_entropy_term(y, z);
        let (alpha_t, one_minus_pt) = focal_weights(y, p, q, alpha);
        let dmod = modulating_slope_times(gamma, one_minus_pt, (1.0 - 2.0 * y) * p * q);
        alpha_t * (dmod * ce + one_minus_pt.powf(gamma) * ((1.0 - y) * p - y * q))
    })
}
// ANCHOR_END: sigmoid_focal_gradient

fn check_hinge(target: &[f64], logits: &[f64]) -> Result<()> {
    same_len("target", target, "logits", logits)?;
    match target
        .iter()
        .position(|&y| y != 0.0 && y != 1.0 && !y.is_nan())
    {
        Some(index) => Err(Error::NotBinary {
            what: "target",
            index,
            value: target[index],
        }),
        None => Ok(()),
    }
}

// ANCHOR: hinge
/// Binary hinge loss, the SVM's: `ℓ = max(0, 1 − s z)` with the label
/// `y ∈ {0, 1}` as the sign `s = 2y − 1` and `z` the score (logit); `L` is
/// the mean. A score on the right side by at least 1 costs nothing.
pub fn hinge_loss(target: &[f64], logits: &[f64]) -> Result<f64> {
    check_hinge(target, logits)?;
    mean_over(target, logits, |y, z| {
        super::positive_part(1.0 - (2.0 * y - 1.0) * z)
    })
}

/// Subgradient of [`hinge_loss`]: `−sᵢ/N` where `sᵢ zᵢ < 1`, else 0 (also
/// at the kink `sᵢ zᵢ = 1`, as PyTorch's `clamp` backward takes it).
pub fn hinge_loss_gradient(target: &[f64], logits: &[f64]) -> Result<Vec<f64>> {
    check_hinge(target, logits)?;
    gradient_over(target, logits, |y, z| {
        let s = 2.0 * y - 1.0;
        let margin = 1.0 - s * z;
        if margin > 0.0 { -s } else { margin * 0.0 }
    })
}
// ANCHOR_END: hinge

fn check_multi_margin(logits: &DMatrix<f64>, labels: &[usize], p: u32, margin: f64) -> Result<()> {
    parameter("p", f64::from(p), "1 or 2", |p| p == 1.0 || p == 2.0)?;
    crate::error::positive("margin", margin)?;
    if logits.is_empty() {
        return Err(Error::Empty { what: "logits" });
    }
    if labels.len() != logits.nrows() {
        return Err(Error::LengthMismatch {
            left_name: "logits rows",
            left: logits.nrows(),
            right_name: "labels",
            right: labels.len(),
        });
    }
    match labels.iter().position(|&l| l >= logits.ncols()) {
        Some(index) => Err(Error::LabelOutOfRange {
            index,
            label: labels[index],
            classes: logits.ncols(),
        }),
        None => Ok(()),
    }
}

/// `max(0, m − x_y + x_j)` for row `i` and class `j`.
fn class_margin(logits: &DMatrix<f64>, labels: &[usize], margin: f64, i: usize, j: usize) -> f64 {
    super::positive_part(margin - logits[(i, labels[i])] + logits[(i, j)])
}

// ANCHOR: multi_margin
/// PyTorch's `MultiMarginLoss(p, margin)` (no class weights): for row `i`
/// with label `yᵢ`, `ℓᵢ = (1/C) Σ_{j≠yᵢ} max(0, m − x_{i,yᵢ} + x_{ij})^p`,
/// and `L` is the mean over rows. Every wrong class must score at least
/// `m` below the right one. `p` is 1 or 2 and `m > 0`.
pub fn multi_margin_loss(
    logits: &DMatrix<f64>,
    labels: &[usize],
    p: u32,
    margin: f64,
) -> Result<f64> {
    check_multi_margin(logits, labels, p, margin)?;
    let (rows, classes) = logits.shape();
    let mut total = 0.0;
    for i in 0..rows {
        for j in (0..classes).filter(|&j| j != labels[i]) {
            total += class_margin(logits, labels, margin, i, j).powi(p as i32);
        }
    }
    Ok(total / (classes * rows) as f64)
}
// ANCHOR_END: multi_margin

/// The per-row terms `ℓᵢ` of [`multi_margin_loss`], PyTorch's `reduction="none"`.
pub fn multi_margin_loss_elementwise(
    logits: &DMatrix<f64>,
    labels: &[usize],
    p: u32,
    margin: f64,
) -> Result<Vec<f64>> {
    let whole = multi_margin_loss(logits, labels, p, margin);
    per_row(logits.nrows(), whole, |i| {
        multi_margin_loss(&logits.rows(i, 1).into_owned(), &labels[i..=i], p, margin)
    })
}

// ANCHOR: multi_margin_gradient
/// Gradient of [`multi_margin_loss`]: each active margin `h = m − x_y + x_j > 0`
/// adds `p h^{p−1}/(C N)` to `∂L/∂x_j` and takes it from `∂L/∂x_y`.
pub fn multi_margin_loss_gradient(
    logits: &DMatrix<f64>,
    labels: &[usize],
    p: u32,
    margin: f64,
) -> Result<DMatrix<f64>> {
    check_multi_margin(logits, labels, p, margin)?;
    let (rows, classes) = logits.shape();
    let scale = 1.0 / (classes * rows) as f64;
    let mut gradient = DMatrix::zeros(rows, classes);
    for i in 0..rows {
        for j in (0..classes).filter(|&j| j != labels[i]) {
            let h = class_margin(logits, labels, margin, i, j);
            let slope = if h.is_nan() {
                h
            } else if h > 0.0 {
                f64::from(p) * h.powi(p as i32 - 1) * scale
            } else {
                0.0
            };
            gradient[(i, j)] += slope;
            gradient[(i, labels[i])] -= slope;
        }
    }
    Ok(gradient)
}
// ANCHOR_END: multi_margin_gradient
