//! Trained models: logistic regression, softmax regression, a small MLP, and
//! Huber regression for the robust-regression reference.
//!
//! Each one is an [`Objective`](crate::objective::Objective) with one flat
//! parameter vector, so the one training loop trains it with any optimizer,
//! schedule and batching. Each gradient starts from the library's own loss
//! gradient with respect to the logits and carries it back to the weights by
//! the chain rule.

pub mod huber;
pub mod logistic;
pub mod mlp;
pub mod softmax;

pub use huber::HuberRegression;
pub use logistic::LogisticRegression;
pub use mlp::Mlp;
pub use softmax::SoftmaxRegression;

use nalgebra::{DMatrix, DVector};

use crate::error::{Error, Result, non_negative};

/// Checks a design matrix against its targets and the L2 strength.
pub(crate) fn check_data(features: &DMatrix<f64>, targets: usize, l2: f64) -> Result<()> {
    non_negative("l2", l2)?;
    if features.nrows() != targets {
        return Err(Error::LengthMismatch {
            left_name: "rows of X",
            left: features.nrows(),
            right_name: "targets",
            right: targets,
        });
    }
    if features.is_empty() {
        return Err(Error::Empty { what: "X" });
    }
    Ok(())
}

/// Checks class labels against the number of classes.
pub(crate) fn check_labels(labels: &[usize], classes: usize) -> Result<()> {
    match labels.iter().position(|&label| label >= classes) {
        Some(index) => Err(Error::LabelOutOfRange {
            index,
            label: labels[index],
            classes,
        }),
        None => Ok(()),
    }
}

/// The gradient of an empty batch: no samples, no estimate (NaN, as 0/0).
pub(crate) fn empty_batch_gradient(params: &DVector<f64>) -> DVector<f64> {
    DVector::from_element(params.len(), f64::NAN)
}

/// The fraction of `predicted` equal to `labels` (lengths must match).
pub fn accuracy(predicted: &[usize], labels: &[usize]) -> Result<f64> {
    if predicted.len() != labels.len() {
        return Err(Error::LengthMismatch {
            left_name: "predicted",
            left: predicted.len(),
            right_name: "labels",
            right: labels.len(),
        });
    }
    if labels.is_empty() {
        return Err(Error::Empty { what: "labels" });
    }
    let hits = predicted.iter().zip(labels).filter(|(p, y)| p == y).count();
    Ok(hits as f64 / labels.len() as f64)
}

/// The index of the largest entry of each row (the first one on ties).
pub(crate) fn argmax_rows(scores: &DMatrix<f64>) -> Vec<usize> {
    scores
        .row_iter()
        .map(|row| (0..row.len()).fold(0, |best, c| if row[c] > row[best] { c } else { best }))
        .collect()
}
