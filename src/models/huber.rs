//! Robust linear regression: Huber's loss on the residuals of `ŷᵢ = wᵀxᵢ + b`.

use nalgebra::{DMatrix, DVector};

use super::{check_data, empty_batch_gradient};
use crate::error::{Result, positive};
use crate::loss::regression::{huber, huber_gradient};
use crate::objective::Objective;

/// Huber regression on `N × d` features, parameters `θ = (w₁, …, w_d, b)`:
/// `J(θ) = (1/N) Σᵢ Huber_δ(wᵀxᵢ + b − yᵢ)`, PyTorch's `HuberLoss(delta)` of the predictions.
#[derive(Debug, Clone, PartialEq)]
pub struct HuberRegression {
    features: DMatrix<f64>,
    targets: Vec<f64>,
    delta: f64,
}

impl HuberRegression {
    /// Errors on a length mismatch, no samples or `δ ≤ 0`.
    pub fn new(features: DMatrix<f64>, targets: Vec<f64>, delta: f64) -> Result<Self> {
        check_data(&features, targets.len(), 0.0)?;
        positive("delta", delta)?;
        Ok(Self {
            features,
            targets,
            delta,
        })
    }

    /// `d + 1`.
    pub fn param_count(&self) -> usize {
        self.features.ncols() + 1
    }

    /// The predictions `Xw + b` of the samples in `batch`.
    pub fn predictions(&self, params: &DVector<f64>, batch: &[usize]) -> Vec<f64> {
        let d = self.features.ncols();
        let w = params.rows(0, d);
        batch
            .iter()
            .map(|&i| self.features.row(i).transpose().dot(&w) + params[d])
            .collect()
    }
}

impl Objective for HuberRegression {
    fn sample_count(&self) -> usize {
        self.targets.len()
    }

    fn objective(&self, params: &DVector<f64>) -> f64 {
        let all: Vec<usize> = (0..self.targets.len()).collect();
        huber(&self.targets, &self.predictions(params, &all), self.delta).expect("checked in new")
    }

    /// `Σᵢ gᵢ (xᵢ, 1)` with `gᵢ = clamp(eᵢ, −δ, δ)/|B|`, the loss's gradient w.r.t. `ŷᵢ`.
    fn gradient(&self, params: &DVector<f64>, batch: &[usize]) -> DVector<f64> {
        if batch.is_empty() {
            return empty_batch_gradient(params);
        }
        let y: Vec<f64> = batch.iter().map(|&i| self.targets[i]).collect();
        let g = huber_gradient(&y, &self.predictions(params, batch), self.delta)
            .expect("checked in new");
        let d = self.features.ncols();
        let mut gradient = DVector::zeros(d + 1);
        for (&i, &gi) in batch.iter().zip(&g) {
            for j in 0..d {
                gradient[j] += gi * self.features[(i, j)];
            }
            gradient[d] += gi;
        }
        gradient
    }
}
