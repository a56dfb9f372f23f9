//! One epoch of least-squares linear regression, N = 10⁶ samples, d = 16
//! features, plain SGD at η = 0.01: batch GD, mini-batch B = 32 and
//! per-sample SGD.
//!
//! "readable" is the book's one training loop, `train::train` with
//! `TrainConfig::new(1, Batching::…)` (it also records the loss and the
//! parameters after the epoch, as the article's loop prints the loss);
//! "fast" is `kernels::least_squares_sgd_fast`, the same epoch fused.
//! θ carries over between calls and each call shuffles with a new seed, as
//! in successive epochs.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lossbook::kernels;
use lossbook::objective::LinearRegression;
use lossbook::optim::Sgd;
use lossbook::train::{Batching, TrainConfig, train};
use nalgebra::DVector;

use common::{BATCH, FEATURES, LR_LINREG, SAMPLES};

fn epochs(c: &mut Criterion) {
    let (x, y) = common::regression_data(SAMPLES, FEATURES);
    let problem = LinearRegression::new(&x, y.clone()).unwrap();
    let features_by_sample = x.transpose();
    drop(x);
    for (op, batching) in [
        ("epoch_batch_gd", Batching::Full),
        ("epoch_minibatch_32", Batching::MiniBatch(BATCH)),
        ("epoch_sgd", Batching::MiniBatch(1)),
    ] {
        let mut group = c.benchmark_group(op);
        common::large(&mut group);
        let mut theta = DVector::zeros(FEATURES);
        let mut seed = 0;
        group.bench_function(BenchmarkId::new("readable", SAMPLES), |b| {
            b.iter(|| {
                let mut sgd = Sgd {
                    lr: LR_LINREG,
                    ..Sgd::default()
                };
                let config = TrainConfig {
                    seed,
                    ..TrainConfig::new(1, batching)
                };
                seed += 1;
                let report = train(&problem, theta.clone(), &mut sgd, &config).unwrap();
                theta = report.params;
                black_box(report.loss_history[0])
            });
        });
        let mut theta = DVector::zeros(FEATURES);
        group.bench_function(BenchmarkId::new("fast", SAMPLES), |b| {
            b.iter(|| {
                let report = kernels::least_squares_sgd_fast(
                    &features_by_sample,
                    &y,
                    theta.clone(),
                    LR_LINREG,
                    1,
                    batching,
                    seed,
                )
                .unwrap();
                seed += 1;
                theta = report.params;
                black_box(report.loss_history[0])
            });
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = epochs
}
criterion_main!(benches);
