//! A one-hidden-layer perceptron with tanh (or ReLU) units and a softmax
//! cross-entropy output, with backpropagation written out.

use nalgebra::{DMatrix, DVector};

use super::softmax::{affine, dense, dense_backward};
use super::{argmax_rows, check_data, check_labels, empty_batch_gradient};
use crate::error::{Result, positive};
use crate::loss::classification::{
    ClassTargets, softmax_cross_entropy, softmax_cross_entropy_gradient,
};
use crate::objective::Objective;

/// The hidden units' nonlinearity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// `tanh(u)`, derivative `1 − tanh²(u)`.
    Tanh,
    /// `max(u, 0)`, derivative 1 for `u > 0` and 0 otherwise (PyTorch's choice at 0).
    Relu,
}

impl Activation {
    fn apply(self, u: f64) -> f64 {
        match self {
            Self::Tanh => u.tanh(),
            Self::Relu => {
                if u > 0.0 {
                    u
                } else {
                    0.0 * u
                }
            }
        }
    }

    /// The derivative, written in terms of the output `a = act(u)`.
    fn slope_at_output(self, a: f64) -> f64 {
        match self {
            Self::Tanh => 1.0 - a * a,
            Self::Relu => f64::from(u8::from(a > 0.0)),
        }
    }
}

/// `x → W₂ act(W₁x + b₁) + b₂`, trained on softmax cross-entropy, with
/// `θ = (W₁ row by row, b₁, W₂ row by row, b₂)`, `W₁` of shape `h × d`, `W₂` of `C × h`:
/// `J(θ) = CrossEntropy(Z, y) + (λ/2)(‖W₁‖²_F + ‖W₂‖²_F)`, biases unpenalised.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    features: DMatrix<f64>,
    labels: Vec<usize>,
    hidden: usize,
    classes: usize,
    activation: Activation,
    l2: f64,
}

impl Mlp {
    /// Errors on a length mismatch, no samples, a label `≥ classes`, no hidden units or `λ < 0`.
    pub fn new(
        features: DMatrix<f64>,
        labels: Vec<usize>,
        hidden: usize,
        classes: usize,
        activation: Activation,
        l2: f64,
    ) -> Result<Self> {
        check_data(&features, labels.len(), l2)?;
        check_labels(&labels, classes)?;
        positive("hidden", hidden as f64)?;
        Ok(Self {
            features,
            labels,
            hidden,
            classes,
            activation,
            l2,
        })
    }

    /// `(d, h, C)`: inputs, hidden units, classes.
    pub fn shape(&self) -> (usize, usize, usize) {
        (self.features.ncols(), self.hidden, self.classes)
    }

    /// The class label of every sample.
    pub fn labels(&self) -> &[usize] {
        &self.labels
    }

    /// `h(d + 1) + C(h + 1)`.
    pub fn param_count(&self) -> usize {
        self.hidden * (self.features.ncols() + 1) + self.classes * (self.hidden + 1)
    }

    fn second_layer(&self) -> usize {
        self.hidden * (self.features.ncols() + 1)
    }

    /// The hidden activations `A = act(X W₁ᵀ + 1b₁ᵀ)` and logits `Z = A W₂ᵀ + 1b₂ᵀ` of `x`.
    fn forward(&self, params: &DVector<f64>, x: &DMatrix<f64>) -> (DMatrix<f64>, DMatrix<f64>) {
        let (w1, b1) = dense(params, 0, self.hidden, self.features.ncols());
        let (w2, b2) = dense(params, self.second_layer(), self.classes, self.hidden);
        let a = affine(x, &w1, &b1).map(|u| self.activation.apply(u));
        let z = affine(&a, &w2, &b2);
        (a, z)
    }

    /// The most probable class of every sample.
    pub fn predict(&self, params: &DVector<f64>) -> Vec<usize> {
        argmax_rows(&self.forward(params, &self.features).1)
    }

    fn penalty_gradient(&self, params: &DVector<f64>) -> DVector<f64> {
        let mut penalty = params * self.l2;
        let (d, h, c) = (self.features.ncols(), self.hidden, self.classes);
        penalty.rows_mut(h * d, h).fill(0.0);
        penalty.rows_mut(self.second_layer() + c * h, c).fill(0.0);
        penalty
    }
}

impl Objective for Mlp {
    fn sample_count(&self) -> usize {
        self.labels.len()
    }

    fn objective(&self, params: &DVector<f64>) -> f64 {
        let (_, z) = self.forward(params, &self.features);
        let loss = softmax_cross_entropy(&z, ClassTargets::Labels(&self.labels), 0.0)
            .expect("labels were checked in new");
        loss + 0.5 * self.penalty_gradient(params).dot(params)
    }

    // ANCHOR: mlp_backprop
    /// Backpropagation: `G₂ = ∂L/∂Z` from the loss, then `∂L/∂W₂ = G₂ᵀA`,
    /// `∂L/∂A = G₂W₂`, `G₁ = ∂L/∂A ⊙ act′`, `∂L/∂W₁ = G₁ᵀX`; plus `λW` for the weights.
    fn gradient(&self, params: &DVector<f64>, batch: &[usize]) -> DVector<f64> {
        if batch.is_empty() {
            return empty_batch_gradient(params);
        }
        let x = self.features.select_rows(batch);
        let labels: Vec<usize> = batch.iter().map(|&i| self.labels[i]).collect();
        let (a, z) = self.forward(params, &x);
        let g2 = softmax_cross_entropy_gradient(&z, ClassTargets::Labels(&labels), 0.0)
            .expect("labels were checked in new");
        let mut gradient = self.penalty_gradient(params);
        let mut layers = DVector::zeros(params.len());
        dense_backward(&g2, &a, &mut layers, self.second_layer());
        let (w2, _) = dense(params, self.second_layer(), self.classes, self.hidden);
        let mut g1 = g2 * w2;
        g1.zip_apply(&a, |g, a| *g *= self.activation.slope_at_output(a));
        dense_backward(&g1, &x, &mut layers, 0);
        gradient += layers;
        gradient
    }
    // ANCHOR_END: mlp_backprop
}
