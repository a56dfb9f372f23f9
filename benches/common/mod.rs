//! What every benchmark file shares: the timing settings and the data.
//!
//! The data mirror `bench/numpy_bench.py`'s (same distributions and shapes,
//! not the same numbers: NumPy's generator is not reproduced).

#![allow(dead_code)] // each bench file uses its own part

use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, SamplingMode, measurement::WallTime};
use lossbook::loss::classification::softmax;
use nalgebra::{DMatrix, DVector};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Classes of the categorical losses (NumPy's `NUM_CLASSES`).
pub const CLASSES: usize = 10;
/// Loss sizes, in f64 elements (NumPy's `LOSS_SIZES`).
pub const LOSS_SIZES: [usize; 3] = [1_000, 100_000, 10_000_000];
/// Parameters of an optimizer step.
pub const PARAMS: usize = 10_000_000;
/// Linear-regression epochs: samples, features, mini-batch size.
pub const SAMPLES: usize = 1_000_000;
pub const FEATURES: usize = 16;
pub const BATCH: usize = 32;
/// Learning rates, as in NumPy's `LR_OPT` and `LR_LINREG`.
pub const LR_OPT: f64 = 1e-3;
pub const LR_LINREG: f64 = 0.01;

/// Moderate settings so that `bench/run.sh` stays well under 10 minutes on
/// 2 cores; the command line (`--warm-up-time`, `--measurement-time`,
/// `--sample-size`) overrides them.
pub fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
        .without_plots()
}

/// Large inputs (tens of ms per call): 10 samples of one call each.
pub fn large(group: &mut BenchmarkGroup<'_, WallTime>) {
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
}

pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// One N(0, 1) draw (Box–Muller).
pub fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.r#gen::<f64>();
    let u2: f64 = rng.r#gen::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

pub fn normals(rng: &mut ChaCha8Rng, n: usize) -> Vec<f64> {
    (0..n).map(|_| normal(rng)).collect()
}

/// The arrays of NumPy's `make_loss_data(n)`.
pub struct LossData {
    pub y_true: Vec<f64>,
    /// `y_true + 0.5·N(0, 1)`: errors on both sides of Huber's δ = 1.
    pub y_pred: Vec<f64>,
    pub y_bin: Vec<f64>,
    pub p_bin: Vec<f64>,
    /// `n/10 × 10` standard-normal logits and their labels.
    pub logits: DMatrix<f64>,
    pub labels: Vec<usize>,
    /// `softmax(logits)` and the one-hot matrix of `labels`.
    pub p_cat: DMatrix<f64>,
    pub one_hot: DMatrix<f64>,
}

impl LossData {
    pub fn new(n: usize) -> Self {
        let mut rng = rng(n as u64);
        let y_true = normals(&mut rng, n);
        let y_pred = y_true.iter().map(|&y| y + 0.5 * normal(&mut rng)).collect();
        let y_bin = (0..n)
            .map(|_| f64::from(u8::from(rng.r#gen::<f64>() < 0.5)))
            .collect();
        let p_bin = (0..n).map(|_| rng.r#gen::<f64>()).collect();
        let rows = n / CLASSES;
        let logits = DMatrix::from_fn(rows, CLASSES, |_, _| normal(&mut rng));
        let labels: Vec<usize> = (0..rows).map(|_| rng.gen_range(0..CLASSES)).collect();
        let p_cat = softmax(&logits);
        let one_hot = DMatrix::from_fn(rows, CLASSES, |i, c| f64::from(u8::from(labels[i] == c)));
        Self {
            y_true,
            y_pred,
            y_bin,
            p_bin,
            logits,
            labels,
            p_cat,
            one_hot,
        }
    }
}

/// NumPy's linear-regression data: `X` is `N × d` standard normal (no bias
/// column), `y = X w + 0.1·N(0, 1)`.
pub fn regression_data(samples: usize, features: usize) -> (DMatrix<f64>, DVector<f64>) {
    let mut rng = rng(7);
    let x = DMatrix::from_fn(samples, features, |_, _| normal(&mut rng));
    let w = DVector::from_vec(normals(&mut rng, features));
    let noise = DVector::from_vec(normals(&mut rng, samples)) * 0.1;
    let y = &x * w + noise;
    (x, y)
}

// The in-place passes that bound the optimizer steps (`stream.rs` times
// them with criterion, `step_rounds.rs` beside the steps).

/// `θ ← θ + s·g`: the traffic of plain SGD (read θ, g; write θ).
pub fn update_1(theta: &mut [f64], g: &[f64], s: f64) {
    for (t, &g) in theta.iter_mut().zip(g) {
        *t += s * g;
    }
}

/// Two state arrays updated from one gradient: momentum's and RMSprop's traffic.
pub fn update_2(theta: &mut [f64], b: &mut [f64], g: &[f64], s: f64) {
    for ((t, b), &g) in theta.iter_mut().zip(b.iter_mut()).zip(g) {
        *b += s * g;
        *t += s * g;
    }
}

/// Three state arrays updated from one gradient: Adam's traffic.
pub fn update_3(theta: &mut [f64], m: &mut [f64], v: &mut [f64], g: &[f64], s: f64) {
    for (((t, m), v), &g) in theta.iter_mut().zip(m.iter_mut()).zip(v.iter_mut()).zip(g) {
        *m += s * g;
        *v += s * g;
        *t += s * g;
    }
}

/// The six benchmarked optimizer steps, at NumPy's and PyTorch's settings
/// (`torch_bench.py`'s `STEPS`): plain SGD, momentum 0.9, Nesterov,
/// RMSprop, Adam and AdamW, all at `lr = 1e-3` and otherwise at PyTorch's
/// defaults.
pub mod steps {
    use super::LR_OPT;
    use lossbook::optim::{Adam, AdamW, RmsProp, Sgd};

    pub fn plain() -> Sgd {
        Sgd {
            lr: LR_OPT,
            ..Sgd::default()
        }
    }

    pub fn momentum() -> Sgd {
        Sgd {
            momentum: 0.9,
            ..plain()
        }
    }

    pub fn nesterov() -> Sgd {
        Sgd {
            nesterov: true,
            ..momentum()
        }
    }

    pub fn rmsprop() -> RmsProp {
        RmsProp {
            lr: LR_OPT,
            ..RmsProp::default()
        }
    }

    pub fn adam() -> Adam {
        Adam::default()
    }

    pub fn adamw() -> AdamW {
        AdamW::default()
    }
}
