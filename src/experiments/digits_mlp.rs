//! The digits MLP that the optimizer experiments share: the task (UCI digits,
//! 64 inputs, [`HIDDEN`] tanh units, 10 classes), a seeded initialisation
//! that every method starts from, one [`run`] of a [`Method`] through the one
//! training loop, and the validation-split [`tune`]r.
//!
//! One epoch (34 mini-batches of 32 on the 1,078 training images, then the
//! training and validation losses) takes about 4.5 ms in release on the
//! book's 2-core machine, so a 50-epoch run takes about a quarter of a second.

use nalgebra::DVector;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Progress;
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::models::mlp::Activation;
use crate::models::{Mlp, accuracy};
use crate::objective::Objective;
use crate::optim::{Adam, AdamW, Optimizer, RmsProp, Sgd};
use crate::train::{Batching, TrainConfig, TrainReport, train};

/// The tanh hidden units of the digits MLP.
pub const HIDDEN: usize = 32;

/// The ten digit classes.
pub const CLASSES: usize = 10;

/// The digits MLP on each split of [`Dataset::prepare`]: the same shape
/// `64 → HIDDEN → 10` and the same L2 strength λ inside every objective,
/// `J(θ) = CrossEntropy + (λ/2)(‖W₁‖²_F + ‖W₂‖²_F)`.
#[derive(Debug, Clone, PartialEq)]
pub struct DigitsTask {
    pub train: Mlp,
    pub validation: Mlp,
    pub test: Mlp,
}

/// The standardised digits, split 60/20/20, as three tanh MLPs with L2 strength `l2`.
pub fn digits_task(l2: f64) -> Result<DigitsTask> {
    let prepared = Dataset::digits().prepare()?;
    let model = |part: &Dataset| {
        Mlp::new(
            part.features.clone(),
            part.class_labels()?,
            HIDDEN,
            CLASSES,
            Activation::Tanh,
            l2,
        )
    };
    Ok(DigitsTask {
        train: model(&prepared.train)?,
        validation: model(&prepared.validation)?,
        test: model(&prepared.test)?,
    })
}

// ANCHOR: initial
/// PyTorch's `nn.Linear` initialisation, seeded: every weight and bias of a
/// layer with `fan_in` inputs is drawn from `U(−1/√fan_in, 1/√fan_in)` by
/// ChaCha8 from `seed`, in the order of the flat vector
/// `(W₁, b₁, W₂, b₂)`. Every method of an experiment starts from it.
pub fn initial(model: &Mlp, seed: u64) -> DVector<f64> {
    let (d, h, _) = model.shape();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let first = 1.0 / (d as f64).sqrt();
    let second = 1.0 / (h as f64).sqrt();
    DVector::from_fn(model.param_count(), |i, _| {
        let bound = if i < h * (d + 1) { first } else { second };
        rng.gen_range(-bound..bound)
    })
}
// ANCHOR_END: initial

// ANCHOR: method
/// An optimizer and its hyperparameters; everything else is PyTorch's default
/// (β = (0.9, 0.999), ε = 1e-8 for the Adam family, ρ = 0.99 for RMSprop).
/// - `Sgd`: `θ ← θ − ηg`; `Momentum`: `b ← μb + g`, `θ ← θ − ηb`.
/// - `Adam`: Adam on the raw gradient.
/// - `AdamL2`: PyTorch's `Adam(weight_decay = λ)`: Adam on `g + λθ`, the
///   gradient of `(λ/2)‖θ‖²` over **every** parameter, biases included, so
///   that it penalises exactly what `AdamW` decays.
/// - `AdamW`: `θ ← θ(1 − ηλ)`, then Adam on the raw gradient.
/// - `RmsProp`: `s ← ρs + (1 − ρ)g²`, `θ ← θ − ηg/(√s + ε)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Method {
    Sgd { lr: f64 },
    Momentum { lr: f64, momentum: f64 },
    Adam { lr: f64 },
    AdamL2 { lr: f64, l2: f64 },
    AdamW { lr: f64, weight_decay: f64 },
    RmsProp { lr: f64 },
}
// ANCHOR_END: method

impl Method {
    /// The method's name, e.g. `"Adam + L2"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sgd { .. } => "SGD",
            Self::Momentum { .. } => "SGD + momentum",
            Self::Adam { .. } => "Adam",
            Self::AdamL2 { .. } => "Adam + L2",
            Self::AdamW { .. } => "AdamW",
            Self::RmsProp { .. } => "RMSprop",
        }
    }

    /// The learning rate η.
    pub fn lr(self) -> f64 {
        match self {
            Self::Sgd { lr }
            | Self::Momentum { lr, .. }
            | Self::Adam { lr }
            | Self::AdamL2 { lr, .. }
            | Self::AdamW { lr, .. }
            | Self::RmsProp { lr } => lr,
        }
    }

    /// The method as JSON: `{"method", "lr", and its other hyperparameters}`.
    pub fn to_json(self) -> serde_json::Value {
        let mut value = serde_json::json!({ "method": self.name(), "lr": self.lr() });
        let extra = match self {
            Self::Momentum { momentum, .. } => Some(("momentum", momentum)),
            Self::AdamL2 { l2, .. } => Some(("l2", l2)),
            Self::AdamW { weight_decay, .. } => Some(("weight_decay", weight_decay)),
            _ => None,
        };
        if let Some((key, number)) = extra {
            value[key] = serde_json::json!(number);
        }
        value
    }

    /// Trains `objective` from `start` with this method under `config`.
    pub fn train(
        self,
        objective: &dyn Objective,
        start: DVector<f64>,
        config: &TrainConfig<'_>,
    ) -> Result<TrainReport> {
        fn go<O: Optimizer>(
            objective: &dyn Objective,
            start: DVector<f64>,
            mut optimizer: O,
            config: &TrainConfig<'_>,
        ) -> Result<TrainReport> {
            train(objective, start, &mut optimizer, config)
        }
        let adam = |lr| Adam {
            lr,
            ..Adam::default()
        };
        match self {
            Self::Sgd { lr } => go(objective, start, sgd(lr, 0.0), config),
            Self::Momentum { lr, momentum } => go(objective, start, sgd(lr, momentum), config),
            Self::Adam { lr } => go(objective, start, adam(lr), config),
            Self::AdamL2 { lr, l2 } => {
                let optimizer = Adam {
                    weight_decay: l2,
                    ..adam(lr)
                };
                go(objective, start, optimizer, config)
            }
            Self::AdamW { lr, weight_decay } => {
                let optimizer = AdamW {
                    weight_decay,
                    ..AdamW::from(adam(lr))
                };
                go(objective, start, optimizer, config)
            }
            Self::RmsProp { lr } => {
                let optimizer = RmsProp {
                    lr,
                    ..RmsProp::default()
                };
                go(objective, start, optimizer, config)
            }
        }
    }
}

fn sgd(lr: f64, momentum: f64) -> Sgd {
    Sgd {
        lr,
        momentum,
        ..Sgd::default()
    }
}

/// What one run of a method measured, at the end of training unless a
/// history.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// `J(θ)` on the training split (with the task's L2 term).
    pub train_loss: f64,
    /// `J(θ)` on the validation split.
    pub validation_loss: f64,
    pub train_accuracy: f64,
    pub validation_accuracy: f64,
    pub test_accuracy: f64,
    /// The training loss after each epoch.
    pub loss_history: Vec<f64>,
    /// The validation loss after each epoch.
    pub validation_history: Vec<f64>,
}

/// The fraction of `model`'s samples that `params` classifies correctly.
pub fn model_accuracy(model: &Mlp, params: &DVector<f64>) -> Result<f64> {
    accuracy(&model.predict(params), model.labels())
}

// ANCHOR: run
/// Trains `method` for `epochs` epochs of mini-batches of `batch` from `initial(seed)`, shuffles
/// seeded by `seed`, through the one loop `train::train`, and evaluates every split.
pub fn run(
    task: &DigitsTask,
    method: Method,
    batch: usize,
    epochs: usize,
    seed: u64,
) -> Result<Outcome> {
    let config = TrainConfig {
        seed,
        validation: Some(&task.validation),
        ..TrainConfig::new(epochs, Batching::MiniBatch(batch))
    };
    let report = method.train(&task.train, initial(&task.train, seed), &config)?;
    let params = &report.params;
    Ok(Outcome {
        train_loss: task.train.objective(params),
        validation_loss: task.validation.objective(params),
        train_accuracy: model_accuracy(&task.train, params)?,
        validation_accuracy: model_accuracy(&task.validation, params)?,
        test_accuracy: model_accuracy(&task.test, params)?,
        loss_history: report.loss_history,
        validation_history: report.validation_history,
    })
}
// ANCHOR_END: run

/// Every candidate over every seed: `(candidate, one outcome per seed)`, in
/// the order given, each finished run ticked on `progress`.
pub fn sweep(
    task: &DigitsTask,
    candidates: &[Method],
    batch: usize,
    epochs: usize,
    seeds: &[u64],
    progress: &mut Progress,
) -> Result<Vec<(Method, Vec<Outcome>)>> {
    if candidates.is_empty() {
        return Err(Error::Empty { what: "candidates" });
    }
    if seeds.is_empty() {
        return Err(Error::Empty { what: "seeds" });
    }
    candidates
        .iter()
        .map(|&method| {
            let outcomes = seeds
                .iter()
                .map(|&seed| {
                    let outcome = run(task, method, batch, epochs, seed);
                    progress.tick();
                    outcome
                })
                .collect::<Result<Vec<_>>>()?;
            Ok((method, outcomes))
        })
        .collect()
}

/// The mean validation accuracy of each swept candidate.
pub fn validation_means(swept: &[(Method, Vec<Outcome>)]) -> Vec<(Method, f64)> {
    swept
        .iter()
        .map(|(method, outcomes)| {
            let total: f64 = outcomes.iter().map(|o| o.validation_accuracy).sum();
            (*method, total / outcomes.len() as f64)
        })
        .collect()
}

/// The index of the largest mean (the first one on ties; a NaN never wins).
pub fn best_index(means: &[(Method, f64)]) -> usize {
    (0..means.len()).fold(0, |best, i| {
        if means[i].1 > means[best].1 || means[best].1.is_nan() && !means[i].1.is_nan() {
            i
        } else {
            best
        }
    })
}

impl Outcome {
    /// The final numbers as JSON (the histories left out):
    /// `{"train_loss", "validation_loss", "train_accuracy", "validation_accuracy",
    /// "test_accuracy"}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "train_loss": self.train_loss,
            "validation_loss": self.validation_loss,
            "train_accuracy": self.train_accuracy,
            "validation_accuracy": self.validation_accuracy,
            "test_accuracy": self.test_accuracy,
        })
    }
}

/// One method's sweep, as the experiments record it: every candidate's mean
/// validation accuracy, the candidate the validation split picked (the
/// first best), whether its rate is at an end of the swept rates, its runs,
/// and the spreads over seeds of its training and test accuracy and of the
/// generalisation gap `train − test`.
pub fn summarise(swept: &[(Method, Vec<Outcome>)]) -> Result<serde_json::Value> {
    let means = validation_means(swept);
    let best = best_index(&means);
    let (method, outcomes) = swept.get(best).ok_or(Error::Empty { what: "candidates" })?;
    let rates: Vec<f64> = swept.iter().map(|(m, _)| m.lr()).collect();
    let lowest = rates.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = rates.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let spread = |f: fn(&Outcome) -> f64| {
        super::Spread::of(&outcomes.iter().map(f).collect::<Vec<_>>()).map(|s| s.to_json())
    };
    let sweep: Vec<serde_json::Value> = means
        .iter()
        .map(|(m, mean)| {
            let mut entry = m.to_json();
            entry["validation_accuracy"] = serde_json::json!(mean);
            entry
        })
        .collect();
    Ok(serde_json::json!({
        "method": method.name(),
        "sweep": sweep,
        "best": method.to_json(),
        "best_at_lr_edge": method.lr() == lowest || method.lr() == highest,
        "runs": outcomes.iter().map(Outcome::to_json).collect::<Vec<_>>(),
        "validation_accuracy": spread(|o| o.validation_accuracy)?,
        "train_accuracy": spread(|o| o.train_accuracy)?,
        "test_accuracy": spread(|o| o.test_accuracy)?,
        "gap": spread(|o| o.train_accuracy - o.test_accuracy)?,
    }))
}

// ANCHOR: tune
/// The tuner: for each candidate, the mean validation accuracy over `seeds`; returns the best
/// candidate (ties → the first) and every candidate's mean, so the sweep can be plotted.
pub fn tune(
    task: &DigitsTask,
    candidates: &[Method],
    batch: usize,
    epochs: usize,
    seeds: &[u64],
) -> Result<(Method, Vec<(Method, f64)>)> {
    let mut quiet = Progress::new("tune", candidates.len() * seeds.len(), true);
    let swept = sweep(task, candidates, batch, epochs, seeds, &mut quiet)?;
    let means = validation_means(&swept);
    Ok((means[best_index(&means)].0, means))
}
// ANCHOR_END: tune

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initial_is_pytorch_linear_style_and_seeded() {
        let task = digits_task(0.0).unwrap();
        let (d, h, c) = task.train.shape();
        assert_eq!((d, h, c), (64, HIDDEN, CLASSES));
        let theta = initial(&task.train, 3);
        assert_eq!(theta, initial(&task.train, 3));
        assert_ne!(theta, initial(&task.train, 4));
        let split = h * (d + 1);
        let first = theta.rows(0, split).amax();
        let second = theta.rows(split, theta.len() - split).amax();
        assert!(first <= 1.0 / 8.0 && first > 0.9 / 8.0, "{first}");
        let bound = 1.0 / (h as f64).sqrt();
        assert!(second <= bound && second > 0.9 * bound, "{second}");
    }

    #[test]
    fn a_short_adam_run_learns_the_digits_and_is_deterministic() {
        let task = digits_task(0.0).unwrap();
        let method = Method::Adam { lr: 1e-2 };
        let outcome = run(&task, method, 32, 3, 0).unwrap();
        assert_eq!(outcome, run(&task, method, 32, 3, 0).unwrap());
        assert_eq!(outcome.loss_history.len(), 3);
        assert_eq!(outcome.validation_history.len(), 3);
        assert!(outcome.validation_accuracy > 0.85, "{outcome:?}");
        assert_eq!(outcome.train_loss, outcome.loss_history[2]);
    }

    #[test]
    fn tune_picks_the_first_best_and_rejects_empty_grids() {
        let task = digits_task(0.0).unwrap();
        let candidates = [Method::Sgd { lr: 1e-6 }, Method::Adam { lr: 1e-2 }];
        let (best, means) = tune(&task, &candidates, 64, 1, &[0, 1]).unwrap();
        assert_eq!(best, candidates[1]);
        assert_eq!(means.len(), 2);
        assert!(means[1].1 > means[0].1);
        let ties = [(candidates[0], 0.5), (candidates[1], 0.5)];
        assert_eq!(best_index(&ties), 0);
        assert!(tune(&task, &[], 64, 1, &[0]).is_err());
        assert!(tune(&task, &candidates, 64, 1, &[]).is_err());
        assert!(tune(&task, &candidates, 0, 1, &[0]).is_err());
    }
}
