//! Logistic regression: binary cross-entropy from logits `zᵢ = wᵀxᵢ + b`.

use nalgebra::{DMatrix, DVector};

use super::{check_data, empty_batch_gradient};
use crate::error::{Result, probabilities};
use crate::loss::classification::{
    binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_gradient,
};
use crate::objective::Objective;

/// Logistic regression on `N × d` features and targets in `[0, 1]`, with
/// parameters `θ = (w₁, …, w_d, b)`:
/// `J(θ) = (1/N) Σᵢ BCEWithLogits(wᵀxᵢ + b, yᵢ) + (λ/2)‖w‖²`, the bias unpenalised.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticRegression {
    features: DMatrix<f64>,
    targets: Vec<f64>,
    l2: f64,
}

impl LogisticRegression {
    /// Errors on a length mismatch, no samples, a target outside `[0, 1]` or `λ < 0`.
    pub fn new(features: DMatrix<f64>, targets: Vec<f64>, l2: f64) -> Result<Self> {
        check_data(&features, targets.len(), l2)?;
        probabilities("target", &targets)?;
        Ok(Self {
            features,
            targets,
            l2,
        })
    }

    /// `d + 1`: one weight per feature and the bias.
    pub fn param_count(&self) -> usize {
        self.features.ncols() + 1
    }

    /// The logits `z = Xw + b` of the samples in `batch`.
    pub fn logits(&self, params: &DVector<f64>, batch: &[usize]) -> Vec<f64> {
        let d = self.features.ncols();
        let w = params.rows(0, d);
        batch
            .iter()
            .map(|&i| self.features.row(i).transpose().dot(&w) + params[d])
            .collect()
    }

    /// Class 1 where `z > 0` (probability above ½), else class 0.
    pub fn predict(&self, params: &DVector<f64>) -> Vec<usize> {
        let all: Vec<usize> = (0..self.targets.len()).collect();
        self.logits(params, &all)
            .iter()
            .map(|&z| usize::from(z > 0.0))
            .collect()
    }

    fn penalty(&self, params: &DVector<f64>) -> f64 {
        0.5 * self.l2 * params.rows(0, self.features.ncols()).norm_squared()
    }
}

impl Objective for LogisticRegression {
    fn sample_count(&self) -> usize {
        self.targets.len()
    }

    fn objective(&self, params: &DVector<f64>) -> f64 {
        let all: Vec<usize> = (0..self.targets.len()).collect();
        binary_cross_entropy_with_logits(&self.targets, &self.logits(params, &all))
            .expect("targets were checked in new")
            + self.penalty(params)
    }

    // ANCHOR: logistic_gradient
    /// `∂J/∂w = Σᵢ gᵢ xᵢ + λw`, `∂J/∂b = Σᵢ gᵢ`, with `gᵢ = (σ(zᵢ) − yᵢ)/|B|`
    /// the loss's gradient with respect to the logit.
    fn gradient(&self, params: &DVector<f64>, batch: &[usize]) -> DVector<f64> {
        if batch.is_empty() {
            return empty_batch_gradient(params);
        }
        let y: Vec<f64> = batch.iter().map(|&i| self.targets[i]).collect();
        let g = binary_cross_entropy_with_logits_gradient(&y, &self.logits(params, batch))
            .expect("targets were checked in new");
        let d = self.features.ncols();
        let mut gradient = DVector::zeros(d + 1);
        for (&i, &gi) in batch.iter().zip(&g) {
            for j in 0..d {
                gradient[j] += gi * self.features[(i, j)];
            }
            gradient[d] += gi;
        }
        for j in 0..d {
            gradient[j] += self.l2 * params[j];
        }
        gradient
    }
    // ANCHOR_END: logistic_gradient
}
