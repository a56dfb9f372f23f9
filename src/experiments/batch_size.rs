//! FAQ Q3, "small batches may escape local minima": a one-dimensional
//! finite-sum objective with a shallow and a deep basin, whose samples
//! disagree by a tilt, so that the batch size alone sets the gradient noise.

use nalgebra::DVector;
use serde_json::json;

use super::digits_mlp::{HIDDEN, Method, digits_task, summarise, sweep};
use super::{Progress, SEEDS};
use crate::error::{Error, Result};
use crate::objective::Objective;
use crate::optim::Sgd;
use crate::train::{Batching, TrainConfig, train};

// ANCHOR: double_well
/// `F(θ) = θ⁴/4 + θ³/3 − θ²`, with `F′(θ) = θ(θ − 1)(θ + 2)`: a deep minimum
/// at `θ = −2` (`F = −8/3`), a shallow one at `θ = 1` (`F = −5/12`), the
/// barrier between them at `θ = 0` (`F = 0`). Sample `i` adds the tilt `cᵢθ`
/// with `cᵢ = ±s` alternating, so the tilts cancel in the mean: the full
/// objective is `F`, and a batch of `B` of the `N` samples sees
/// `F′(θ) + mean of its cᵢ`, noise of variance `s²(N − B)/(B(N − 1))`.
#[derive(Debug, Clone, PartialEq)]
pub struct TiltedDoubleWell {
    pub tilts: Vec<f64>,
}
// ANCHOR_END: double_well

impl TiltedDoubleWell {
    /// `samples` tilts `+s, −s, +s, …`; `samples` must be even and positive.
    pub fn new(samples: usize, spread: f64) -> Result<Self> {
        if samples == 0 || samples % 2 == 1 {
            return Err(Error::InvalidParameter {
                name: "samples",
                value: samples as f64,
                expected: "even and positive, so that the tilts cancel",
            });
        }
        crate::error::non_negative("spread", spread)?;
        let tilts = (0..samples)
            .map(|i| if i % 2 == 0 { spread } else { -spread })
            .collect();
        Ok(Self { tilts })
    }

    /// `F(θ)`.
    pub fn well(theta: f64) -> f64 {
        theta.powi(4) / 4.0 + theta.powi(3) / 3.0 - theta * theta
    }

    /// `F′(θ) = θ(θ − 1)(θ + 2)`.
    pub fn slope(theta: f64) -> f64 {
        theta * (theta - 1.0) * (theta + 2.0)
    }
}

// ANCHOR: double_well_objective
impl Objective for TiltedDoubleWell {
    fn sample_count(&self) -> usize {
        self.tilts.len()
    }

    fn objective(&self, params: &DVector<f64>) -> f64 {
        Self::well(params[0])
    }

    fn gradient(&self, params: &DVector<f64>, batch: &[usize]) -> DVector<f64> {
        let tilt = batch.iter().map(|&i| self.tilts[i]).sum::<f64>() / batch.len() as f64;
        DVector::from_element(1, Self::slope(params[0]) + tilt)
    }
}
// ANCHOR_END: double_well_objective

// ANCHOR: wilson
/// The Wilson score interval for a binomial proportion: `k` successes in
/// `n` trials, `z = 1.96`, centre `(p̂ + z²/2n)/(1 + z²/n)` and half-width
/// `z √(p̂(1 − p̂)/n + z²/4n²)/(1 + z²/n)`. Unlike `p̂ ± z√(p̂(1 − p̂)/n)`
/// it stays inside `[0, 1]` and is not empty at `k = 0` or `k = n`.
pub fn wilson(k: usize, n: usize) -> Result<(f64, f64)> {
    if n == 0 || k > n {
        return Err(Error::InvalidParameter {
            name: "successes",
            value: k as f64,
            expected: "at most the number of trials, which must be positive",
        });
    }
    let (z, n) = (1.96_f64, n as f64);
    let p = k as f64 / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    Ok((centre - half, centre + half))
}
// ANCHOR_END: wilson

/// Samples of the double well.
pub const BASIN_SAMPLES: usize = 64;
/// The tilt `s` of each sample.
pub const BASIN_SPREAD: f64 = 3.0;
/// The learning rate of every batch size.
pub const BASIN_LR: f64 = 0.05;
/// Gradient steps of every run, whatever the batch size.
pub const BASIN_STEPS: usize = 640;
/// The start: the shallow minimum.
pub const BASIN_START: f64 = 1.0;
/// The batch sizes compared (64 is the full batch: no noise at all).
pub const BASIN_BATCHES: [usize; 7] = [1, 2, 4, 8, 16, 32, 64];
/// Runs (shuffle seeds `0..RUNS`) per batch size.
pub const BASIN_RUNS: u64 = 200;

// ANCHOR: basin_run
/// Where one run of SGD ends: `BASIN_STEPS` steps of batch `batch` from
/// the shallow minimum, the shuffles seeded by `seed`.
pub fn basin_run(batch: usize, seed: u64) -> Result<f64> {
    if batch == 0 || !BASIN_SAMPLES.is_multiple_of(batch) {
        return Err(Error::InvalidParameter {
            name: "batch",
            value: batch as f64,
            expected: "a divisor of the 64 samples, so that every run takes 640 steps",
        });
    }
    let problem = TiltedDoubleWell::new(BASIN_SAMPLES, BASIN_SPREAD)?;
    let mut config = TrainConfig::new(
        BASIN_STEPS * batch / BASIN_SAMPLES,
        Batching::MiniBatch(batch),
    );
    config.seed = seed;
    let mut sgd = Sgd {
        lr: BASIN_LR,
        ..Sgd::default()
    };
    let report = train(
        &problem,
        DVector::from_element(1, BASIN_START),
        &mut sgd,
        &config,
    )?;
    Ok(report.params[0])
}
// ANCHOR_END: basin_run

/// Every batch size's runs: how many end in the deep basin (`θ < 0`).
pub fn basin(progress: &mut Progress) -> Result<serde_json::Value> {
    let mut rows = Vec::new();
    for batch in BASIN_BATCHES {
        let mut deep = 0;
        let mut ends = Vec::new();
        for seed in 0..BASIN_RUNS {
            let end = basin_run(batch, seed)?;
            deep += usize::from(end < 0.0);
            ends.push(end);
            progress.tick();
        }
        let runs = BASIN_RUNS as usize;
        let (low, high) = wilson(deep, runs)?;
        let noise_std = BASIN_SPREAD
            * ((BASIN_SAMPLES - batch) as f64 / (batch * (BASIN_SAMPLES - 1)) as f64).sqrt();
        rows.push(json!({
            "batch": batch,
            "noise_std": noise_std,
            "runs": runs,
            "deep": deep,
            "fraction": deep as f64 / runs as f64,
            "wilson_low": low,
            "wilson_high": high,
            "first_ends": ends[..5].to_vec(),
        }));
    }
    Ok(json!({
        "samples": BASIN_SAMPLES,
        "spread": BASIN_SPREAD,
        "lr": BASIN_LR,
        "steps": BASIN_STEPS,
        "start": BASIN_START,
        "deep_minimum": [-2.0, TiltedDoubleWell::well(-2.0)],
        "shallow_minimum": [1.0, TiltedDoubleWell::well(1.0)],
        "barrier": [0.0, TiltedDoubleWell::well(0.0)],
        "rows": rows,
    }))
}

/// The L2 strength of the digits MLP in this experiment.
pub const MLP_L2: f64 = 1e-4;
/// The mini-batch sizes compared on the MLP; the last row is the full batch.
pub const MLP_BATCHES: [usize; 4] = [8, 32, 128, 512];
/// Epochs of every MLP run, whatever the batch size.
pub const MLP_EPOCHS: usize = 40;
/// The SGD learning rates swept at each batch size: `1·10ᵏ` and `3·10ᵏ`
/// from 10⁻³ to 10.
pub const MLP_LEARNING_RATES: [f64; 9] = [1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0];
/// The batch size whose tuned η the linear scaling rule starts from.
pub const SCALING_BASE: usize = 32;

/// Part (ii): plain SGD on the digits MLP at each batch size, tuned on the
/// validation split, and at `η(B) = η*(32) · B/32`.
pub fn mlp(progress: &mut Progress) -> Result<serde_json::Value> {
    let task = digits_task(MLP_L2)?;
    let full = task.train.sample_count();
    let batches: Vec<usize> = MLP_BATCHES.iter().copied().chain([full]).collect();
    let candidates: Vec<Method> = MLP_LEARNING_RATES
        .iter()
        .copied()
        .map(|lr| Method::Sgd { lr })
        .collect();
    let mut tuned = Vec::new();
    let mut base_lr = None;
    for &batch in &batches {
        let swept = sweep(&task, &candidates, batch, MLP_EPOCHS, &SEEDS, progress)?;
        let summary = summarise(&swept)?;
        if batch == SCALING_BASE {
            base_lr = summary["best"]["lr"].as_f64();
        }
        tuned.push(json!({"batch": batch, "full": batch == full, "tuned": summary}));
    }
    let base_lr = base_lr.ok_or(Error::Empty {
        what: "the B = 32 sweep",
    })?;
    let mut scaled = Vec::new();
    for &batch in &batches {
        let lr = base_lr * batch as f64 / SCALING_BASE as f64;
        let swept = sweep(
            &task,
            &[Method::Sgd { lr }],
            batch,
            MLP_EPOCHS,
            &SEEDS,
            progress,
        )?;
        scaled.push(json!({"batch": batch, "full": batch == full, "scaled": summarise(&swept)?}));
    }
    Ok(json!({
        "hidden": HIDDEN,
        "l2": MLP_L2,
        "epochs": MLP_EPOCHS,
        "learning_rates": MLP_LEARNING_RATES,
        "scaling_base": SCALING_BASE,
        "tuned": tuned,
        "linear_scaling": scaled,
    }))
}

/// The whole experiment: the double well, then the digits MLP.
pub fn run(progress: &mut Progress) -> Result<serde_json::Value> {
    let mlp_runs = (MLP_BATCHES.len() + 1) * (MLP_LEARNING_RATES.len() + 1) * SEEDS.len();
    progress.expect(BASIN_BATCHES.len() * BASIN_RUNS as usize + mlp_runs);
    let basin = basin(progress)?;
    let mlp = mlp(progress)?;
    Ok(json!({ "basin": basin, "mlp": mlp }))
}
