//! Softmax regression: softmax cross-entropy from logits `zᵢ = W xᵢ + b`.

use nalgebra::{DMatrix, DVector};

use super::{argmax_rows, check_data, check_labels, empty_batch_gradient};
use crate::error::Result;
use crate::loss::classification::{
    ClassTargets, softmax_cross_entropy, softmax_cross_entropy_gradient,
};
use crate::objective::Objective;

/// Softmax regression on `N × d` features and labels `0..C`, with parameters
/// `θ = (W row by row, b)`, `W` of shape `C × d`:
/// `J(θ) = CrossEntropy(XWᵀ + 1bᵀ, y) + (λ/2)‖W‖²_F`, the bias unpenalised.
#[derive(Debug, Clone, PartialEq)]
pub struct SoftmaxRegression {
    features: DMatrix<f64>,
    labels: Vec<usize>,
    classes: usize,
    l2: f64,
}

/// `W` (`rows × cols`, stored row by row from `offset`) and the `rows` biases after it.
pub(crate) fn dense(
    params: &DVector<f64>,
    offset: usize,
    rows: usize,
    cols: usize,
) -> (DMatrix<f64>, DVector<f64>) {
    let w = DMatrix::from_row_slice(rows, cols, &params.as_slice()[offset..offset + rows * cols]);
    let b = params.rows(offset + rows * cols, rows).into_owned();
    (w, b)
}

/// `X Wᵀ + 1 bᵀ`: one output row per input row.
pub(crate) fn affine(x: &DMatrix<f64>, w: &DMatrix<f64>, b: &DVector<f64>) -> DMatrix<f64> {
    let mut z = x * w.transpose();
    for mut row in z.row_iter_mut() {
        row += b.transpose();
    }
    z
}

// ANCHOR: dense_backward
/// The chain rule through `Z = X Wᵀ + 1bᵀ`, given `G = ∂L/∂Z`:
/// `∂L/∂W = Gᵀ X` and `∂L/∂b = Gᵀ 1`, written row by row into `out` from `offset`.
pub(crate) fn dense_backward(
    g: &DMatrix<f64>,
    x: &DMatrix<f64>,
    out: &mut DVector<f64>,
    offset: usize,
) {
    let dw = g.transpose() * x;
    let (rows, cols) = dw.shape();
    for r in 0..rows {
        for c in 0..cols {
            out[offset + r * cols + c] = dw[(r, c)];
        }
        out[offset + rows * cols + r] = g.column(r).sum();
    }
}
// ANCHOR_END: dense_backward

impl SoftmaxRegression {
    /// Errors on a length mismatch, no samples, a label `≥ classes` or `λ < 0`.
    pub fn new(
        features: DMatrix<f64>,
        labels: Vec<usize>,
        classes: usize,
        l2: f64,
    ) -> Result<Self> {
        check_data(&features, labels.len(), l2)?;
        check_labels(&labels, classes)?;
        Ok(Self {
            features,
            labels,
            classes,
            l2,
        })
    }

    /// `C·d + C`.
    pub fn param_count(&self) -> usize {
        self.classes * (self.features.ncols() + 1)
    }

    /// The logits of the samples in `batch`, one row each.
    pub fn logits(&self, params: &DVector<f64>, batch: &[usize]) -> DMatrix<f64> {
        let (w, b) = dense(params, 0, self.classes, self.features.ncols());
        affine(&self.features.select_rows(batch), &w, &b)
    }

    /// The most probable class of every sample.
    pub fn predict(&self, params: &DVector<f64>) -> Vec<usize> {
        let all: Vec<usize> = (0..self.labels.len()).collect();
        argmax_rows(&self.logits(params, &all))
    }

    fn weights(&self) -> usize {
        self.classes * self.features.ncols()
    }
}

impl Objective for SoftmaxRegression {
    fn sample_count(&self) -> usize {
        self.labels.len()
    }

    fn objective(&self, params: &DVector<f64>) -> f64 {
        let all: Vec<usize> = (0..self.labels.len()).collect();
        let loss = softmax_cross_entropy(
            &self.logits(params, &all),
            ClassTargets::Labels(&self.labels),
            0.0,
        )
        .expect("labels were checked in new");
        loss + 0.5 * self.l2 * params.rows(0, self.weights()).norm_squared()
    }

    /// `Gᵀ X + λW` and `Gᵀ 1`, with `G = (softmax(Z) − Y)/|B|` the loss's logit gradient.
    fn gradient(&self, params: &DVector<f64>, batch: &[usize]) -> DVector<f64> {
        if batch.is_empty() {
            return empty_batch_gradient(params);
        }
        let labels: Vec<usize> = batch.iter().map(|&i| self.labels[i]).collect();
        let g = softmax_cross_entropy_gradient(
            &self.logits(params, batch),
            ClassTargets::Labels(&labels),
            0.0,
        )
        .expect("labels were checked in new");
        let mut gradient = DVector::zeros(params.len());
        dense_backward(&g, &self.features.select_rows(batch), &mut gradient, 0);
        let weights = self.weights();
        let penalty = params.rows(0, weights) * self.l2;
        let mut weight_part = gradient.rows_mut(0, weights);
        weight_part += penalty;
        gradient
    }
}
