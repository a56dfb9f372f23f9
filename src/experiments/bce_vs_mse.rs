//! FAQ Q1 on real data: logistic regression on the breast-cancer data, trained
//! with BCE from the logits or with MSE on the sigmoid's output, from the
//! same saturated start (large weights pointing the wrong way), each loss at
//! its own tuned learning rate.

use nalgebra::{DMatrix, DVector};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Progress, SEEDS, Spread};
use crate::data::{Dataset, Prepared};
use crate::error::{Error, Result};
use crate::loss::classification::{sigmoid, sigmoid_mse_logit_gradient};
use crate::loss::regression::mse;
use crate::models::{LogisticRegression, accuracy, empty_batch_gradient};
use crate::objective::Objective;
use crate::optim::Sgd;
use crate::train::{Batching, TrainConfig, train};

/// The results file's stem.
pub const ID: &str = "bce_vs_mse";

/// The swept learning rates: 0.01 to 1000 in half-decades (`10^(k/2)`,
/// `k = −4, …, 6`, to three digits).
pub const LEARNING_RATES: [f64; 11] = [
    0.01, 0.0316, 0.1, 0.316, 1.0, 3.16, 10.0, 31.6, 100.0, 316.0, 1000.0,
];

/// Full-batch gradient-descent steps of every run (one step per epoch).
pub const STEPS: usize = 200;

/// The median `|z|` of the training logits at the start (before the noise).
pub const START_MEDIAN_LOGIT: f64 = 6.0;

/// The training accuracy whose first step is reported.
pub const TARGET_ACCURACY: f64 = 0.95;

/// A logit this far on the wrong side counts as saturated: `σ′(4) < 0.018`.
pub const SATURATED_LOGIT: f64 = 4.0;

/// The two losses compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// Binary cross-entropy from the logits: [`LogisticRegression`].
    Bce,
    /// Mean squared error on `σ(z)`: [`SigmoidMse`].
    Mse,
}

impl Loss {
    /// `"BCE"` or `"MSE"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Bce => "BCE",
            Self::Mse => "MSE",
        }
    }
}

/// Logistic regression's model `p = σ(wᵀx + b)` trained on MSE instead:
/// `J(θ) = (1/N) Σᵢ (σ(zᵢ) − yᵢ)²`, with `∂J/∂w = Σᵢ gᵢ xᵢ`, `∂J/∂b = Σᵢ gᵢ`
/// and `gᵢ = 2(σ(zᵢ) − yᵢ) σ(zᵢ)(1 − σ(zᵢ))/|B|`, the loss's logit gradient.
#[derive(Debug, Clone, PartialEq)]
pub struct SigmoidMse {
    model: LogisticRegression,
    features: DMatrix<f64>,
    targets: Vec<f64>,
}

impl SigmoidMse {
    /// Errors as [`LogisticRegression::new`] does.
    pub fn new(features: DMatrix<f64>, targets: Vec<f64>) -> Result<Self> {
        let model = LogisticRegression::new(features.clone(), targets.clone(), 0.0)?;
        Ok(Self {
            model,
            features,
            targets,
        })
    }
}

impl Objective for SigmoidMse {
    fn sample_count(&self) -> usize {
        self.targets.len()
    }

    fn objective(&self, params: &DVector<f64>) -> f64 {
        let all: Vec<usize> = (0..self.targets.len()).collect();
        let p: Vec<f64> = self
            .model
            .logits(params, &all)
            .into_iter()
            .map(sigmoid)
            .collect();
        mse(&self.targets, &p).expect("lengths were checked in new")
    }

    // ANCHOR: sigmoid_mse
    /// `∂J/∂w = Σᵢ gᵢ xᵢ`, `∂J/∂b = Σᵢ gᵢ`, `gᵢ = 2(σ(zᵢ) − yᵢ) σ(zᵢ)(1 − σ(zᵢ))/|B|`.
    fn gradient(&self, params: &DVector<f64>, batch: &[usize]) -> DVector<f64> {
        if batch.is_empty() {
            return empty_batch_gradient(params);
        }
        let y: Vec<f64> = batch.iter().map(|&i| self.targets[i]).collect();
        let g = sigmoid_mse_logit_gradient(&y, &self.model.logits(params, batch))
            .expect("targets were checked in new");
        let x = self.features.select_rows(batch);
        let g = DVector::from_vec(g);
        let mut gradient = DVector::zeros(params.len());
        gradient
            .rows_mut(0, x.ncols())
            .copy_from(&(x.transpose() * &g));
        gradient[x.ncols()] = g.sum();
        gradient
    }
    // ANCHOR_END: sigmoid_mse
}

/// The breast-cancer splits, standardised, and each split's two objectives.
#[derive(Debug, Clone)]
pub struct CancerTask {
    pub data: Prepared,
    pub bce: [LogisticRegression; 3],
    pub mse: SigmoidMse,
}

/// The task: `bce` holds the training, validation and test splits' logistic
/// regressions, `mse` the training split's [`SigmoidMse`].
pub fn cancer_task() -> Result<CancerTask> {
    let data = Dataset::breast_cancer().prepare()?;
    let bce = |d: &Dataset| LogisticRegression::new(d.features.clone(), d.targets.clone(), 0.0);
    Ok(CancerTask {
        bce: [bce(&data.train)?, bce(&data.validation)?, bce(&data.test)?],
        mse: SigmoidMse::new(data.train.features.clone(), data.train.targets.clone())?,
        data,
    })
}

fn labels(targets: &[f64]) -> Vec<usize> {
    targets.iter().map(|&y| usize::from(y > 0.5)).collect()
}

// ANCHOR: saturated_start
/// The saturated start of `seed`: `w₀ = −s·û + ξ`, `b₀ = 0`, with `û` the unit vector from the
/// malignant to the benign class mean (training split), `ξ ~ U(−0.1, 0.1)` per weight (ChaCha8
/// from `seed`), and `s` making the median of `s·|ûᵀxᵢ|` equal [`START_MEDIAN_LOGIT`].
pub fn saturated_start(task: &CancerTask, seed: u64) -> Result<DVector<f64>> {
    let train = &task.data.train;
    let d = train.features.ncols();
    let class_mean = |class: f64| {
        let rows: Vec<usize> = (0..train.len())
            .filter(|&i| train.targets[i] == class)
            .collect();
        let n = rows.len() as f64;
        train.features.select_rows(&rows).row_sum().transpose() / n
    };
    let direction = (class_mean(1.0) - class_mean(0.0)).normalize();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let noise = DVector::from_fn(d, |_, _| rng.gen_range(-0.1..0.1));
    let mut projections: Vec<f64> = (&train.features * &direction)
        .iter()
        .map(|z| z.abs())
        .collect();
    projections.sort_by(f64::total_cmp);
    let median = projections[projections.len() / 2];
    let mut start = DVector::zeros(d + 1);
    start
        .rows_mut(0, d)
        .copy_from(&(direction * (-START_MEDIAN_LOGIT / median) + noise));
    Ok(start)
}
// ANCHOR_END: saturated_start

/// How wrong the start is: the fractions of training samples whose logit
/// is on the wrong side, and on the wrong side by more than [`SATURATED_LOGIT`].
pub fn start_fractions(task: &CancerTask, start: &DVector<f64>) -> (f64, f64) {
    let train = &task.data.train;
    let all: Vec<usize> = (0..train.len()).collect();
    let logits = task.bce[0].logits(start, &all);
    let signed: Vec<f64> = logits
        .iter()
        .zip(&train.targets)
        .map(|(&z, &y)| if y > 0.5 { -z } else { z })
        .collect();
    let n = signed.len() as f64;
    let wrong = signed.iter().filter(|&&s| s > 0.0).count() as f64 / n;
    let saturated = signed.iter().filter(|&&s| s > SATURATED_LOGIT).count() as f64 / n;
    (wrong, saturated)
}

/// One run: its own loss, its training and validation accuracy at the start
/// and after every step, the first step at [`TARGET_ACCURACY`] (if any),
/// and the test accuracy at the end.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub train_loss: Vec<f64>,
    pub train_accuracy: Vec<f64>,
    pub validation_accuracy: Vec<f64>,
    pub steps_to_target: Option<usize>,
    pub test_accuracy: f64,
}

impl Run {
    /// The tuning criterion: the mean validation accuracy over the steps
    /// (the area under the validation-accuracy curve, start excluded).
    pub fn criterion(&self) -> f64 {
        let after = &self.validation_accuracy[1..];
        after.iter().sum::<f64>() / after.len() as f64
    }

    /// The run as JSON, every field by name.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "train_loss": self.train_loss,
            "train_accuracy": self.train_accuracy,
            "validation_accuracy": self.validation_accuracy,
            "steps_to_target": self.steps_to_target,
            "test_accuracy": self.test_accuracy,
        })
    }
}

// ANCHOR: run_one
/// Full-batch gradient descent at rate `lr` on `loss`, from [`saturated_start`] of `seed`.
pub fn run_one(task: &CancerTask, loss: Loss, lr: f64, seed: u64) -> Result<Run> {
    let config = TrainConfig {
        seed,
        ..TrainConfig::new(STEPS, Batching::Full)
    };
    let objective: &dyn Objective = match loss {
        Loss::Bce => &task.bce[0],
        Loss::Mse => &task.mse,
    };
    let mut sgd = Sgd {
        lr,
        ..Sgd::default()
    };
    let report = train(objective, saturated_start(task, seed)?, &mut sgd, &config)?;
    let history = &report.param_history;
    let train_accuracy = scores(task, 0, history)?;
    Ok(Run {
        train_loss: history.iter().map(|p| objective.objective(p)).collect(),
        validation_accuracy: scores(task, 1, history)?,
        steps_to_target: train_accuracy.iter().position(|&a| a >= TARGET_ACCURACY),
        train_accuracy,
        test_accuracy: scores(task, 2, &[report.params])?[0],
    })
}
// ANCHOR_END: run_one

/// The accuracy of each of `params` on split `part` (0 train, 1 validation, 2 test).
fn scores(task: &CancerTask, part: usize, params: &[DVector<f64>]) -> Result<Vec<f64>> {
    let data = [&task.data.train, &task.data.validation, &task.data.test][part];
    let labels = labels(&data.targets);
    params
        .iter()
        .map(|p| accuracy(&task.bce[part].predict(p), &labels))
        .collect()
}

/// The mean over runs of one per-step series.
fn mean_curve(runs: &[Run], series: fn(&Run) -> &Vec<f64>) -> Vec<f64> {
    let n = runs.len() as f64;
    (0..series(&runs[0]).len())
        .map(|e| runs.iter().map(|r| series(r)[e]).sum::<f64>() / n)
        .collect()
}

/// Sweeps one loss over [`LEARNING_RATES`] and [`SEEDS`] and reports the tuned rate's runs.
fn one_loss(task: &CancerTask, loss: Loss, progress: &mut Progress) -> Result<serde_json::Value> {
    let mut sweep = Vec::new();
    let mut best: Option<(f64, f64, Vec<Run>)> = None;
    for &lr in &LEARNING_RATES {
        let runs = SEEDS
            .iter()
            .map(|&seed| {
                let run = run_one(task, loss, lr, seed);
                progress.tick();
                run
            })
            .collect::<Result<Vec<_>>>()?;
        let criterion = runs.iter().map(Run::criterion).sum::<f64>() / runs.len() as f64;
        sweep.push(serde_json::json!({ "lr": lr, "criterion": criterion }));
        if best.as_ref().is_none_or(|(_, c, _)| criterion > *c) {
            best = Some((lr, criterion, runs));
        }
    }
    let (lr, criterion, runs) = best.ok_or(Error::Empty {
        what: "learning rates",
    })?;
    let reached: Vec<f64> = runs
        .iter()
        .filter_map(|r| r.steps_to_target.map(|e| e as f64))
        .collect();
    let steps_spread = if reached.len() == runs.len() {
        Spread::of(&reached)?.to_json()
    } else {
        serde_json::Value::Null
    };
    let finals = |f: fn(&Run) -> f64| Spread::of(&runs.iter().map(f).collect::<Vec<_>>());
    Ok(serde_json::json!({
        "loss": loss.name(),
        "sweep": sweep,
        "best_lr": lr,
        "best_criterion": criterion,
        "best_at_grid_edge": lr == LEARNING_RATES[0] || lr == LEARNING_RATES[LEARNING_RATES.len() - 1],
        "mean_train_loss": mean_curve(&runs, |r| &r.train_loss),
        "mean_train_accuracy": mean_curve(&runs, |r| &r.train_accuracy),
        "mean_validation_accuracy": mean_curve(&runs, |r| &r.validation_accuracy),
        "seeds_reaching_target": reached.len(),
        "steps_to_target": steps_spread,
        "final_train_accuracy": finals(|r| *r.train_accuracy.last().unwrap_or(&f64::NAN))?.to_json(),
        "test_accuracy": finals(|r| r.test_accuracy)?.to_json(),
        "runs": runs.iter().map(Run::to_json).collect::<Vec<_>>(),
    }))
}

/// The whole experiment, as the `experiments` binary writes it.
pub fn run(progress: &mut Progress) -> Result<serde_json::Value> {
    let task = cancer_task()?;
    progress.expect(2 * LEARNING_RATES.len() * SEEDS.len());
    let (wrong, saturated) = start_fractions(&task, &saturated_start(&task, SEEDS[0])?);
    let losses = [Loss::Bce, Loss::Mse]
        .iter()
        .map(|&loss| one_loss(&task, loss, progress))
        .collect::<Result<Vec<_>>>()?;
    Ok(serde_json::json!({
        "id": ID,
        "protocol": {
            "data": "breast cancer, 60/20/20 stratified split, standardised on the training split",
            "optimizer": "full-batch gradient descent",
            "steps": STEPS,
            "seeds": SEEDS,
            "learning_rates": LEARNING_RATES,
            "tuning": "mean over seeds of the mean validation accuracy over the steps",
            "start_median_logit": START_MEDIAN_LOGIT,
            "target_accuracy": TARGET_ACCURACY,
        },
        "start": {
            "wrong_side_fraction": wrong,
            "saturated_fraction": saturated,
            "saturated_logit": SATURATED_LOGIT,
        },
        "losses": losses,
    }))
}
