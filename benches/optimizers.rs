//! One optimizer step on 10⁷ parameters: PyTorch-form SGD with momentum 0.9
//! ([`Sgd`]), RMSprop and Adam, each through `Optimizer::step` (readable)
//! and its fused twin in `lossbook::kernels` (fast).
//!
//! As in NumPy's baseline the gradient is fixed and the state carries over
//! from call to call, like a training loop. Bytes moved per step: SGD reads
//! θ, g, b and writes θ, b (5·8N); RMSprop reads θ, g, s and writes θ, s
//! (5·8N); Adam reads θ, g, m, v and writes θ, m, v (7·8N).

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lossbook::kernels;
use lossbook::optim::{Adam, Optimizer, RmsProp, Sgd};
use nalgebra::DVector;

use common::{LR_OPT, PARAMS};

/// A step function: `(optimizer, state, params, grad)`.
type Step<O> = fn(&O, &mut <O as Optimizer>::State, &mut DVector<f64>, &DVector<f64>);

/// Benchmarks `readable` and `fast`, two step functions of one optimizer.
fn bench_pair<O: Optimizer>(
    c: &mut Criterion,
    op: &str,
    arrays: usize,
    optimizer: &O,
    readable: Step<O>,
    fast: Step<O>,
) {
    let mut rng = common::rng(11);
    let grad = DVector::from_vec(common::normals(&mut rng, PARAMS));
    let start = DVector::from_vec(common::normals(&mut rng, PARAMS));
    let mut group = c.benchmark_group(op);
    common::large(&mut group);
    group.throughput(Throughput::Bytes((arrays * 8 * PARAMS) as u64));
    for (variant, step) in [("readable", readable), ("fast", fast)] {
        let mut params = start.clone();
        let mut state = optimizer.init(&params).unwrap();
        group.bench_function(BenchmarkId::new(variant, PARAMS), |b| {
            b.iter(|| step(optimizer, &mut state, &mut params, &grad));
        });
    }
    group.finish();
}

fn optimizers(c: &mut Criterion) {
    let sgd = Sgd {
        lr: LR_OPT,
        momentum: 0.9,
        ..Sgd::default()
    };
    bench_pair(
        c,
        "sgd_momentum_step",
        5,
        &sgd,
        |o, s, p, g| o.step(s, p, g).unwrap(),
        |o, s, p, g| kernels::sgd_step_fast(o, s, p, g).unwrap(),
    );
    let rmsprop = RmsProp {
        lr: LR_OPT,
        ..RmsProp::default()
    };
    bench_pair(
        c,
        "rmsprop_step",
        5,
        &rmsprop,
        |o, s, p, g| o.step(s, p, g).unwrap(),
        |o, s, p, g| kernels::rmsprop_step_fast(o, s, p, g).unwrap(),
    );
    let adam = Adam::default();
    bench_pair(
        c,
        "adam_step",
        7,
        &adam,
        |o, s, p, g| o.step(s, p, g).unwrap(),
        |o, s, p, g| kernels::adam_step_fast(o, s, p, g).unwrap(),
    );
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = optimizers
}
criterion_main!(benches);
