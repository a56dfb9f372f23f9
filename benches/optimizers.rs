//! One optimizer step on 10⁷ parameters: PyTorch-form SGD plain, with
//! momentum 0.9 and with Nesterov momentum ([`Sgd`]), RMSprop, Adam and
//! AdamW, each through `Optimizer::step` (readable) and its fused twin in
//! `lossbook::kernels` (fast). `bench/torch_bench.py` times torch.optim's
//! steps on the same sizes.
//!
//! As in NumPy's baseline the gradient is fixed and the state carries over
//! from call to call, like a training loop. Bytes moved per step: plain SGD
//! reads θ, g and writes θ (3·8N); momentum, Nesterov and RMSprop read θ, g
//! and a buffer and write θ and the buffer (5·8N); Adam and AdamW read θ, g,
//! m, v and write θ, m, v (7·8N).

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lossbook::kernels;
use lossbook::optim::Optimizer;
use nalgebra::DVector;

use common::{PARAMS, steps};

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
    let plain = steps::plain();
    bench_pair(
        c,
        "sgd_step",
        3,
        &plain,
        |o, s, p, g| o.step(s, p, g).unwrap(),
        |o, s, p, g| kernels::sgd_step_fast(o, s, p, g).unwrap(),
    );
    let sgd = steps::momentum();
    bench_pair(
        c,
        "sgd_momentum_step",
        5,
        &sgd,
        |o, s, p, g| o.step(s, p, g).unwrap(),
        |o, s, p, g| kernels::sgd_step_fast(o, s, p, g).unwrap(),
    );
    let nesterov = steps::nesterov();
    bench_pair(
        c,
        "nesterov_step",
        5,
        &nesterov,
        |o, s, p, g| o.step(s, p, g).unwrap(),
        |o, s, p, g| kernels::sgd_step_fast(o, s, p, g).unwrap(),
    );
    let rmsprop = steps::rmsprop();
    bench_pair(
        c,
        "rmsprop_step",
        5,
        &rmsprop,
        |o, s, p, g| o.step(s, p, g).unwrap(),
        |o, s, p, g| kernels::rmsprop_step_fast(o, s, p, g).unwrap(),
    );
    let adam = steps::adam();
    bench_pair(
        c,
        "adam_step",
        7,
        &adam,
        |o, s, p, g| o.step(s, p, g).unwrap(),
        |o, s, p, g| kernels::adam_step_fast(o, s, p, g).unwrap(),
    );
    let adamw = steps::adamw();
    bench_pair(
        c,
        "adamw_step",
        7,
        &adamw,
        |o, s, p, g| o.step(s, p, g).unwrap(),
        |o, s, p, g| kernels::adamw_step_fast(o, s, p, g).unwrap(),
    );
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = optimizers
}
criterion_main!(benches);
