//! FAQ Q2: does SGD + momentum generalise better than Adam (Wilson et al.
//! 2017)? Two parts: the digits MLP with SGD + momentum, Adam and AdamW each
//! tuned on the validation split, and Wilson et al.'s constructed linear
//! problem (their §3.3), where the answer is exact.

use nalgebra::{DMatrix, DVector};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::digits_mlp::{self, Method};
use super::{Progress, SEEDS, Spread};
use crate::error::{Error, Result};
use crate::objective::LinearRegression;
use crate::optim::{Adam, Sgd};
use crate::train::{Batching, TrainConfig, train};

/// The results file's stem.
pub const ID: &str = "adaptive_generalisation";

/// Epochs of every MLP run.
pub const EPOCHS: usize = 50;

/// Mini-batch size of every MLP run.
pub const BATCH: usize = 32;

/// SGD + momentum's rates (momentum 0.9).
pub const SGD_RATES: [f64; 5] = [0.003, 0.01, 0.03, 0.1, 0.3];

/// Adam's and AdamW's rates.
pub const ADAM_RATES: [f64; 5] = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];

/// AdamW's decoupled weight decays λ.
pub const ADAMW_DECAYS: [f64; 3] = [1e-2, 1e-1, 1.0];

/// Every method's grid, in the order reported.
pub fn grids() -> Vec<Vec<Method>> {
    let momentum = SGD_RATES
        .iter()
        .map(|&lr| Method::Momentum { lr, momentum: 0.9 })
        .collect();
    let adam = ADAM_RATES.iter().map(|&lr| Method::Adam { lr }).collect();
    let adamw = ADAM_RATES
        .iter()
        .flat_map(|&lr| {
            ADAMW_DECAYS
                .iter()
                .map(move |&weight_decay| Method::AdamW { lr, weight_decay })
        })
        .collect();
    vec![momentum, adam, adamw]
}

/// Training points of the constructed problem.
pub const WILSON_SAMPLES: usize = 40;

/// The probability `p > ½` that a label is `+1`.
pub const WILSON_POSITIVE: f64 = 0.7;

/// Full-batch steps of each method on the constructed problem.
pub const WILSON_STEPS: usize = 20_000;

/// Adam's rates on the constructed problem.
pub const WILSON_ADAM_RATES: [f64; 3] = [1e-3, 1e-2, 1e-1];

// ANCHOR: wilson_data
/// Wilson et al.'s §3.3 construction, seeded: `n` labels `yᵢ = +1` with
/// probability `p`, else `−1`, and `xᵢ ∈ ℝ^{6n}` with `xᵢ₁ = yᵢ`,
/// `xᵢ₂ = xᵢ₃ = 1`, and a block of features only sample `i` has: one 1 for
/// a positive sample, five for a negative one (at `4 + 5(i − 1)` onwards).
pub fn wilson_data(n: usize, p: f64, seed: u64) -> (DMatrix<f64>, DVector<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let y = DVector::from_fn(n, |_, _| if rng.r#gen::<f64>() < p { 1.0 } else { -1.0 });
    let mut x = DMatrix::zeros(n, 6 * n);
    for i in 0..n {
        x[(i, 0)] = y[i];
        x[(i, 1)] = 1.0;
        x[(i, 2)] = 1.0;
        let own = if y[i] > 0.0 { 1 } else { 5 };
        for j in 0..own {
            x[(i, 3 + 5 * i + j)] = 1.0;
        }
    }
    (x, y)
}
// ANCHOR_END: wilson_data

// ANCHOR: wilson_test_error
/// The exact test error of weights `w` on the construction: a new point's
/// own features have weight 0 under every method here (no training gradient
/// ever reaches them), so it is classified by `sign(y w₁ + w₂ + w₃)`, and
/// the error is `p·[w₁ + w₂ + w₃ ≤ 0] + (1 − p)·[−w₁ + w₂ + w₃ ≥ 0]`.
pub fn wilson_test_error(w: &DVector<f64>, p: f64) -> f64 {
    let shared = w[1] + w[2];
    let positive_wrong = f64::from(u8::from(w[0] + shared <= 0.0));
    let negative_wrong = f64::from(u8::from(-w[0] + shared >= 0.0));
    p * positive_wrong + (1.0 - p) * negative_wrong
}
// ANCHOR_END: wilson_test_error

/// One solution of the construction, compared with the minimum-norm one `X⁺y`.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// `"GD"` or `"Adam"`.
    pub method: &'static str,
    pub lr: f64,
    /// `mean((Xw − y)²)`: zero for an interpolating solution.
    pub train_mse: f64,
    /// The fraction of training points with `sign(xᵢᵀw) ≠ yᵢ`.
    pub train_error: f64,
    /// `‖w − X⁺y‖ / ‖X⁺y‖`.
    pub distance_to_min_norm: f64,
    /// `‖w‖ / ‖X⁺y‖`: at least 1 for an interpolating `w`.
    pub norm_ratio: f64,
    /// [`wilson_test_error`].
    pub test_error: f64,
}

impl Solution {
    fn new(
        method: &'static str,
        lr: f64,
        x: &DMatrix<f64>,
        y: &DVector<f64>,
        w: &DVector<f64>,
        min_norm: &DVector<f64>,
    ) -> Self {
        let residual = x * w - y;
        let predictions = x * w;
        let wrong = predictions
            .iter()
            .zip(y.iter())
            .filter(|&(&z, &t)| z * t <= 0.0)
            .count();
        Self {
            method,
            lr,
            train_mse: residual.norm_squared() / y.len() as f64,
            train_error: wrong as f64 / y.len() as f64,
            distance_to_min_norm: (w - min_norm).norm() / min_norm.norm(),
            norm_ratio: w.norm() / min_norm.norm(),
            test_error: wilson_test_error(w, WILSON_POSITIVE),
        }
    }

    /// Every field by name.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "method": self.method,
            "lr": self.lr,
            "train_mse": self.train_mse,
            "train_error": self.train_error,
            "distance_to_min_norm": self.distance_to_min_norm,
            "norm_ratio": self.norm_ratio,
            "test_error": self.test_error,
        })
    }
}

// ANCHOR: wilson_run
/// One draw: full-batch GD at `η = 1/L` (`L` the largest eigenvalue of `XᵀX/n`), then Adam at
/// each of [`WILSON_ADAM_RATES`], all from `w = 0` for [`WILSON_STEPS`] steps on `½·MSE`.
pub fn wilson_run(seed: u64) -> Result<Vec<Solution>> {
    let (x, y) = wilson_data(WILSON_SAMPLES, WILSON_POSITIVE, seed);
    let min_norm = x.clone().pseudo_inverse(1e-12).map_err(|_| Error::Empty {
        what: "pseudo-inverse",
    })? * &y;
    let problem = LinearRegression::new(&x, y.clone())?;
    let n = WILSON_SAMPLES as f64;
    let gram = (&x * x.transpose()) / n;
    let largest = gram.symmetric_eigenvalues().max();
    let config = TrainConfig::new(WILSON_STEPS, Batching::Full);
    let start = DVector::zeros(x.ncols());
    let mut gd = Sgd {
        lr: 1.0 / largest,
        ..Sgd::default()
    };
    let w = train(&problem, start.clone(), &mut gd, &config)?.params;
    let mut solutions = vec![Solution::new("GD", gd.lr, &x, &y, &w, &min_norm)];
    for &lr in &WILSON_ADAM_RATES {
        let mut adam = Adam {
            lr,
            ..Adam::default()
        };
        let w = train(&problem, start.clone(), &mut adam, &config)?.params;
        solutions.push(Solution::new("Adam", lr, &x, &y, &w, &min_norm));
    }
    Ok(solutions)
}
// ANCHOR_END: wilson_run

/// The whole experiment, as the `experiments` binary writes it.
pub fn run(progress: &mut Progress) -> Result<serde_json::Value> {
    let grids = grids();
    let mlp_runs: usize = grids.iter().map(|g| g.len() * SEEDS.len()).sum();
    progress.expect(mlp_runs + SEEDS.len());
    let task = digits_mlp::digits_task(0.0)?;
    let methods = grids
        .iter()
        .map(|grid| {
            let swept = digits_mlp::sweep(&task, grid, BATCH, EPOCHS, &SEEDS, progress)?;
            digits_mlp::summarise(&swept)
        })
        .collect::<Result<Vec<_>>>()?;
    let mut draws = Vec::new();
    for &seed in &SEEDS {
        draws.push(wilson_run(seed)?);
        progress.tick();
    }
    let column = |index: usize, f: fn(&Solution) -> f64| {
        Spread::of(&draws.iter().map(|d| f(&d[index])).collect::<Vec<_>>()).map(|s| s.to_json())
    };
    let summary = (0..=WILSON_ADAM_RATES.len())
        .map(|i| {
            Ok(serde_json::json!({
                "method": draws[0][i].method,
                "lr": draws[0][i].lr,
                "train_mse": column(i, |s| s.train_mse)?,
                "distance_to_min_norm": column(i, |s| s.distance_to_min_norm)?,
                "norm_ratio": column(i, |s| s.norm_ratio)?,
                "test_error": column(i, |s| s.test_error)?,
            }))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(serde_json::json!({
        "id": ID,
        "protocol": {
            "data": "UCI digits, 60/20/20 stratified split, standardised on the training split",
            "model": format!("MLP 64-{}-10, tanh, softmax cross-entropy, no L2", digits_mlp::HIDDEN),
            "init": "PyTorch nn.Linear uniform(±1/sqrt(fan_in)), seeded",
            "batch": BATCH,
            "epochs": EPOCHS,
            "seeds": SEEDS,
            "sgd_rates": SGD_RATES,
            "momentum": 0.9,
            "adam_rates": ADAM_RATES,
            "adamw_decays": ADAMW_DECAYS,
            "tuning": "highest mean validation accuracy over the seeds at the last epoch",
        },
        "methods": methods,
        "wilson": {
            "samples": WILSON_SAMPLES,
            "positive_probability": WILSON_POSITIVE,
            "steps": WILSON_STEPS,
            "adam_rates": WILSON_ADAM_RATES,
            "draws": draws
                .iter()
                .map(|d| d.iter().map(Solution::to_json).collect::<Vec<_>>())
                .collect::<Vec<_>>(),
            "summary": summary,
        },
    }))
}
