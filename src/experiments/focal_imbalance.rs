//! Focal loss against α-weighted binary cross-entropy on an imbalanced real
//! task: one digit against the other nine (about 1 in 10 samples positive),
//! a linear model on the 64 standardised pixels.
//!
//! Both losses are one family: torchvision's sigmoid focal loss
//! `α_t (1 − p_t)^γ BCE`, which at `γ = 0` is α-weighted BCE. Each family
//! is tuned over its grid on the validation split's average precision, and
//! the test split is scored once, for the configuration each picked.

use nalgebra::{DMatrix, DVector};
use serde_json::json;

use super::{Progress, SEEDS, Spread};
use crate::data::Dataset;
use crate::error::{Error, Result, non_negative};
use crate::loss::classification::{sigmoid_focal_loss, sigmoid_focal_loss_gradient};
use crate::models::LogisticRegression;
use crate::objective::Objective;
use crate::optim::Adam;
use crate::train::{Batching, TrainConfig, train};

// ANCHOR: focal_logistic
/// A linear model `z = wᵀx + b` trained on the sigmoid focal loss:
/// `J(θ) = (1/N) Σᵢ α_t (1 − p_t)^γ BCE(zᵢ, yᵢ) + (λ/2)‖w‖²`, whose
/// gradient is the loss's logit gradient `gᵢ` carried back by the chain rule,
/// `∂J/∂w = Σᵢ gᵢxᵢ + λw`, `∂J/∂b = Σᵢ gᵢ`. At `γ = 0` it is α-weighted BCE.
#[derive(Debug, Clone, PartialEq)]
pub struct FocalLogistic {
    /// The logits come from a logistic regression of the same data.
    linear: LogisticRegression,
    features: DMatrix<f64>,
    targets: Vec<f64>,
    alpha: f64,
    gamma: f64,
    l2: f64,
}
// ANCHOR_END: focal_logistic

impl FocalLogistic {
    /// Errors as [`LogisticRegression::new`] does, and unless `α ∈ [0, 1]`, `γ ≥ 0`.
    pub fn new(
        features: DMatrix<f64>,
        targets: Vec<f64>,
        alpha: f64,
        gamma: f64,
        l2: f64,
    ) -> Result<Self> {
        let linear = LogisticRegression::new(features.clone(), targets.clone(), l2)?;
        // The loss checks α and γ; ask it once here, on one sample.
        sigmoid_focal_loss(&targets[..1], &[0.0], alpha, gamma)?;
        Ok(Self {
            linear,
            features,
            targets,
            alpha,
            gamma,
            l2,
        })
    }

    /// The logits of every sample.
    pub fn scores(&self, params: &DVector<f64>) -> Vec<f64> {
        let all: Vec<usize> = (0..self.targets.len()).collect();
        self.linear.logits(params, &all)
    }
}

impl Objective for FocalLogistic {
    fn sample_count(&self) -> usize {
        self.targets.len()
    }

    fn objective(&self, params: &DVector<f64>) -> f64 {
        let d = self.features.ncols();
        sigmoid_focal_loss(&self.targets, &self.scores(params), self.alpha, self.gamma)
            .expect("checked in new")
            + 0.5 * self.l2 * params.rows(0, d).norm_squared()
    }

    // ANCHOR: focal_gradient
    /// `∂J/∂w = Σᵢ gᵢxᵢ + λw`, `∂J/∂b = Σᵢ gᵢ`, `gᵢ` the focal loss's logit gradient.
    fn gradient(&self, params: &DVector<f64>, batch: &[usize]) -> DVector<f64> {
        if batch.is_empty() {
            return DVector::from_element(params.len(), f64::NAN);
        }
        let y: Vec<f64> = batch.iter().map(|&i| self.targets[i]).collect();
        let z = self.linear.logits(params, batch);
        let g =
            sigmoid_focal_loss_gradient(&y, &z, self.alpha, self.gamma).expect("checked in new");
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
    // ANCHOR_END: focal_gradient
}

// ANCHOR: average_precision
/// Average precision, scikit-learn's `average_precision_score`:
/// `AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ` over the distinct score thresholds from the
/// highest down, with `Pₙ` and `Rₙ` the precision and recall of predicting
/// positive every sample scored at least the n-th threshold (`R₀ = 0`).
/// Tied scores form one threshold. Errors on unequal lengths, a label other
/// than 0 or 1, a NaN score or no positive sample.
pub fn average_precision(labels: &[f64], scores: &[f64]) -> Result<f64> {
    let positives = check_ranking(labels, scores)?;
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let (mut tp, mut fp, mut recall_before, mut ap) = (0.0, 0.0, 0.0, 0.0);
    for (k, &i) in order.iter().enumerate() {
        if labels[i] == 1.0 {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let last_of_tie = order
            .get(k + 1)
            .is_none_or(|&next| scores[next] != scores[i]);
        if last_of_tie {
            let recall = tp / positives;
            ap += (recall - recall_before) * tp / (tp + fp);
            recall_before = recall;
        }
    }
    Ok(ap)
}
// ANCHOR_END: average_precision

/// The fraction of positive samples whose score is above `threshold`.
pub fn recall(labels: &[f64], scores: &[f64], threshold: f64) -> Result<f64> {
    let positives = check_ranking(labels, scores)?;
    let found = labels
        .iter()
        .zip(scores)
        .filter(|&(&y, &s)| y == 1.0 && s > threshold)
        .count();
    Ok(found as f64 / positives)
}

/// Checks labels against scores and returns the number of positives.
fn check_ranking(labels: &[f64], scores: &[f64]) -> Result<f64> {
    crate::error::same_len("labels", labels, "scores", scores)?;
    if let Some(index) = labels.iter().position(|&y| y != 0.0 && y != 1.0) {
        return Err(Error::NotBinary {
            what: "labels",
            index,
            value: labels[index],
        });
    }
    if let Some(index) = scores.iter().position(|s| s.is_nan()) {
        return Err(Error::InvalidParameter {
            name: "score",
            value: index as f64,
            expected: "a number (this index is NaN)",
        });
    }
    let positives = labels.iter().filter(|&&y| y == 1.0).count();
    if positives == 0 {
        return Err(Error::Empty {
            what: "positive samples",
        });
    }
    Ok(positives as f64)
}

/// The digit that is the minority class.
pub const POSITIVE_DIGIT: f64 = 8.0;
/// The α grid of both families (α weights the positive class).
pub const ALPHAS: [f64; 4] = [0.25, 0.5, 0.75, 0.9];
/// The γ grid of the focal family (γ = 0 is weighted BCE).
pub const GAMMAS: [f64; 4] = [0.5, 1.0, 2.0, 5.0];
/// The Adam learning rates of both families.
pub const LEARNING_RATES: [f64; 6] = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 1e-1];
/// The L2 strength λ of every run.
pub const L2: f64 = 1e-4;
/// Epochs of every run.
pub const EPOCHS: usize = 30;
/// The mini-batch size of every run.
pub const BATCH: usize = 32;

/// One setting of the family `α_t (1 − p_t)^γ BCE`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting {
    pub alpha: f64,
    pub gamma: f64,
    pub lr: f64,
}

/// The digits as "digit 8 or not": the three standardised splits, as
/// `(features, 0/1 labels)`.
pub fn task() -> Result<[(DMatrix<f64>, Vec<f64>); 3]> {
    let prepared = Dataset::digits().prepare()?;
    let binary = |set: &Dataset| {
        let labels = set
            .targets
            .iter()
            .map(|&y| f64::from(u8::from(y == POSITIVE_DIGIT)))
            .collect();
        (set.features.clone(), labels)
    };
    Ok([
        binary(&prepared.train),
        binary(&prepared.validation),
        binary(&prepared.test),
    ])
}

/// The measures of one run on one split.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub average_precision: f64,
    /// Recall at `p̂ > ½` (logit above 0).
    pub recall: f64,
}

/// Trains `setting` from θ = 0 with Adam, the shuffles seeded by `seed`,
/// and scores the validation and the test split.
pub fn run_setting(
    task: &[(DMatrix<f64>, Vec<f64>); 3],
    setting: Setting,
    seed: u64,
) -> Result<(Scores, Scores)> {
    non_negative("gamma", setting.gamma)?;
    let [(x, y), validation, test] = task;
    let model = FocalLogistic::new(x.clone(), y.clone(), setting.alpha, setting.gamma, L2)?;
    let mut config = TrainConfig::new(EPOCHS, Batching::MiniBatch(BATCH));
    config.seed = seed;
    let mut adam = Adam {
        lr: setting.lr,
        ..Adam::default()
    };
    let report = train(&model, DVector::zeros(x.ncols() + 1), &mut adam, &config)?;
    let score = |(features, labels): &(DMatrix<f64>, Vec<f64>)| -> Result<Scores> {
        let linear = LogisticRegression::new(features.clone(), labels.clone(), L2)?;
        let all: Vec<usize> = (0..labels.len()).collect();
        let z = linear.logits(&report.params, &all);
        Ok(Scores {
            average_precision: average_precision(labels, &z)?,
            recall: recall(labels, &z, 0.0)?,
        })
    };
    Ok((score(validation)?, score(test)?))
}

/// Every setting of a family, learning rate outer, then α, then γ.
fn family(gammas: &[f64]) -> Vec<Setting> {
    let mut settings = Vec::new();
    for lr in LEARNING_RATES {
        for alpha in ALPHAS {
            for &gamma in gammas {
                settings.push(Setting { alpha, gamma, lr });
            }
        }
    }
    settings
}

/// Tunes one family on the mean validation AP over the seeds and reports
/// the chosen setting's test scores.
fn tune_family(
    task: &[(DMatrix<f64>, Vec<f64>); 3],
    gammas: &[f64],
    progress: &mut Progress,
) -> Result<serde_json::Value> {
    let mut sweep = Vec::new();
    // The best setting so far, its validation AP and its runs' scores.
    type Best = (Setting, f64, Vec<(Scores, Scores)>);
    let mut best: Option<Best> = None;
    for setting in family(gammas) {
        let runs = SEEDS
            .iter()
            .map(|&seed| {
                let scores = run_setting(task, setting, seed);
                progress.tick();
                scores
            })
            .collect::<Result<Vec<_>>>()?;
        let validation_ap =
            runs.iter().map(|(v, _)| v.average_precision).sum::<f64>() / runs.len() as f64;
        let validation_recall = runs.iter().map(|(v, _)| v.recall).sum::<f64>() / runs.len() as f64;
        sweep.push(json!({
            "alpha": setting.alpha,
            "gamma": setting.gamma,
            "lr": setting.lr,
            "validation_ap": validation_ap,
            "validation_recall": validation_recall,
        }));
        if best.as_ref().is_none_or(|(_, b, _)| validation_ap > *b) {
            best = Some((setting, validation_ap, runs));
        }
    }
    let (setting, validation_ap, runs) = best.expect("the grid is not empty");
    let test_ap: Vec<f64> = runs.iter().map(|(_, t)| t.average_precision).collect();
    let test_recall: Vec<f64> = runs.iter().map(|(_, t)| t.recall).collect();
    let validation_recall: Vec<f64> = runs.iter().map(|(v, _)| v.recall).collect();
    Ok(json!({
        "chosen": {"alpha": setting.alpha, "gamma": setting.gamma, "lr": setting.lr},
        "validation_ap": validation_ap,
        "validation_recall": Spread::of(&validation_recall)?.to_json(),
        "test_ap": Spread::of(&test_ap)?.to_json(),
        "test_ap_values": test_ap,
        "test_recall": Spread::of(&test_recall)?.to_json(),
        "test_recall_values": test_recall,
        "sweep": sweep,
    }))
}

/// The whole experiment: weighted BCE (γ = 0) and focal (γ > 0), each tuned.
pub fn run(progress: &mut Progress) -> Result<serde_json::Value> {
    let task = task()?;
    progress
        .expect((ALPHAS.len() + ALPHAS.len() * GAMMAS.len()) * LEARNING_RATES.len() * SEEDS.len());
    let positives = |labels: &[f64]| labels.iter().filter(|&&y| y == 1.0).count();
    let weighted_bce = tune_family(&task, &[0.0], progress)?;
    let focal = tune_family(&task, &GAMMAS, progress)?;
    Ok(json!({
        "positive_digit": POSITIVE_DIGIT,
        "train": {"samples": task[0].1.len(), "positives": positives(&task[0].1)},
        "validation": {"samples": task[1].1.len(), "positives": positives(&task[1].1)},
        "test": {"samples": task[2].1.len(), "positives": positives(&task[2].1)},
        "alphas": ALPHAS,
        "gammas": GAMMAS,
        "learning_rates": LEARNING_RATES,
        "l2": L2,
        "epochs": EPOCHS,
        "batch": BATCH,
        "seeds": SEEDS,
        "weighted_bce": weighted_bce,
        "focal": focal,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_precision_of_scikit_learns_example_is_five_sixths() {
        // scikit-learn's documented example: P = 1 at R = ½, then P = ⅔ at R = 1.
        let ap = average_precision(&[0.0, 0.0, 1.0, 1.0], &[0.1, 0.4, 0.35, 0.8]).unwrap();
        assert!((ap - (0.5 * 1.0 + 0.5 * 2.0 / 3.0)).abs() < 1e-15, "{ap}");
    }

    #[test]
    fn tied_scores_are_one_threshold() {
        // At 0.5 both tied samples enter at once: P = ½, R = ½; then P = ⅔, R = 1.
        let ap = average_precision(&[1.0, 0.0, 1.0], &[0.5, 0.5, 0.2]).unwrap();
        assert!((ap - (0.25 + 0.5 * 2.0 / 3.0)).abs() < 1e-15, "{ap}");
        // A perfect ranking has AP 1; the reversed one ½·⅓ + ½·½.
        assert_eq!(
            average_precision(&[1.0, 1.0, 0.0, 0.0], &[4.0, 3.0, 2.0, 1.0]).unwrap(),
            1.0
        );
        let reverse = average_precision(&[0.0, 0.0, 1.0, 1.0], &[4.0, 3.0, 2.0, 1.0]).unwrap();
        assert!(
            (reverse - (0.5 / 3.0 + 0.5 * 0.5)).abs() < 1e-15,
            "{reverse}"
        );
    }

    #[test]
    fn ranking_measures_reject_bad_input() {
        assert!(average_precision(&[1.0, 0.0], &[0.5]).is_err());
        assert!(average_precision(&[0.0, 0.0], &[0.5, 0.1]).is_err());
        assert!(average_precision(&[2.0, 0.0], &[0.5, 0.1]).is_err());
        assert!(average_precision(&[1.0, 0.0], &[f64::NAN, 0.1]).is_err());
        assert!(recall(&[1.0], &[0.5, 0.1], 0.0).is_err());
        assert_eq!(
            recall(&[1.0, 1.0, 0.0], &[0.5, -0.1, 3.0], 0.0).unwrap(),
            0.5
        );
    }

    #[test]
    fn focal_logistic_at_gamma_zero_and_half_alpha_is_half_bce() {
        let x = DMatrix::from_row_slice(3, 2, &[1.0, -1.0, 0.5, 2.0, -1.5, 0.3]);
        let y = vec![1.0, 0.0, 1.0];
        let theta = DVector::from_vec(vec![0.3, -0.2, 0.1]);
        let focal = FocalLogistic::new(x.clone(), y.clone(), 0.5, 0.0, 0.0).unwrap();
        let bce = LogisticRegression::new(x, y, 0.0).unwrap();
        assert!((focal.objective(&theta) - 0.5 * bce.objective(&theta)).abs() < 1e-15);
        let (gf, gb) = (
            focal.gradient(&theta, &[0, 2]),
            bce.gradient(&theta, &[0, 2]),
        );
        assert!((gf - gb * 0.5).norm() < 1e-15);
        assert!(FocalLogistic::new(DMatrix::zeros(1, 1), vec![1.0], 1.5, 0.0, 0.0).is_err());
        assert!(FocalLogistic::new(DMatrix::zeros(1, 1), vec![1.0], 0.5, -1.0, 0.0).is_err());
    }
}
