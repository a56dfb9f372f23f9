//! Each loss's value at N ∈ {10³, 10⁵, 10⁷} f64 elements: the readable
//! function (`lossbook::loss`) and its fast twin (`lossbook::kernels`).
//!
//! Benchmark ids are `<op>/<readable|fast>/<N>`, with `op` named as in
//! `bench/results/numpy.json`, which `bench/report.py` pairs them with.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lossbook::kernels;
use lossbook::loss::classification::{
    ClassTargets, binary_cross_entropy, categorical_cross_entropy, softmax_cross_entropy,
};
use lossbook::loss::regression::{huber, mae, mse};

use common::{LOSS_SIZES, LossData};

fn losses(c: &mut Criterion) {
    for n in LOSS_SIZES {
        let data = LossData::new(n);
        let LossData {
            y_true,
            y_pred,
            y_bin,
            p_bin,
            logits,
            labels,
            p_cat,
            one_hot,
        } = &data;
        let labels = ClassTargets::Labels(labels);
        // (op, bytes the kernel must move, readable, fast)
        type Loss<'a> = Box<dyn Fn() -> lossbook::Result<f64> + 'a>;
        let cases: [(&str, usize, Loss<'_>, Loss<'_>); 6] = [
            (
                "mse",
                16 * n,
                Box::new(|| mse(y_true, y_pred)),
                Box::new(|| kernels::mse_fast(y_true, y_pred)),
            ),
            (
                "mae",
                16 * n,
                Box::new(|| mae(y_true, y_pred)),
                Box::new(|| kernels::mae_fast(y_true, y_pred)),
            ),
            (
                "huber",
                16 * n,
                Box::new(|| huber(y_true, y_pred, 1.0)),
                Box::new(|| kernels::huber_fast(y_true, y_pred, 1.0)),
            ),
            (
                "bce",
                16 * n,
                Box::new(|| binary_cross_entropy(y_bin, p_bin)),
                Box::new(|| kernels::binary_cross_entropy_fast(y_bin, p_bin)),
            ),
            (
                "cce",
                16 * n,
                Box::new(|| categorical_cross_entropy(one_hot, p_cat)),
                Box::new(|| kernels::categorical_cross_entropy_fast(one_hot, p_cat)),
            ),
            (
                "softmax_ce",
                8 * n + 8 * (n / common::CLASSES),
                Box::new(|| softmax_cross_entropy(logits, labels, 0.0)),
                Box::new(|| kernels::softmax_cross_entropy_fast(logits, labels, 0.0)),
            ),
        ];
        for (op, bytes, readable, fast) in &cases {
            let mut group = c.benchmark_group(*op);
            if n >= 10_000_000 {
                common::large(&mut group);
            }
            group.throughput(Throughput::Bytes(*bytes as u64));
            for (variant, f) in [("readable", readable), ("fast", fast)] {
                group.bench_function(BenchmarkId::new(variant, n), |b| {
                    b.iter(|| black_box(f().unwrap()));
                });
            }
            group.finish();
        }
    }
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = losses
}
criterion_main!(benches);
