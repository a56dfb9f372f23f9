//! STREAM-style copy, triad and read kernels: the machine's single-core
//! memory bandwidth, measured in the same run as the losses.
//!
//! Three arrays of 10⁷ f64 (240 MB) defeat the caches (the VM reports a
//! 480 MiB shared L3, but triad runs at the same speed on 2.4 GB arrays).
//! Bytes are counted as STREAM counts them: copy moves 16 bytes per element
//! (read a, write c), triad 24 (read b and c, write a), read 24 (read a, b,
//! c); write-allocate traffic is not counted. `bench/report.py` takes the
//! triad figure as the reference for the losses.
//!
//! The optimizer steps get a bound instead of a reference: an in-place pass
//! with exactly a step's memory traffic and next to no arithmetic. A step
//! reads its gradient and `k` arrays of state (θ among them) and writes the
//! same `k` back; a store to a line the loop has just read allocates nothing,
//! so each such pass moves exactly `(2k + 1)·8` bytes per element with
//! next to no arithmetic: the simplest loop with a step's traffic, the
//! yardstick a step's time is compared with (a step that moves its bytes
//! better can beat it by a few per cent). `update_1` is plain SGD's
//! pattern (θ), `update_2` momentum's and RMSprop's (θ and a buffer),
//! `update_3` Adam's (θ, m, v).

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const N: usize = 10_000_000;

fn copy(a: &[f64], c: &mut [f64]) {
    for (c, &a) in c.iter_mut().zip(a) {
        *c = a;
    }
}

fn triad(a: &mut [f64], b: &[f64], c: &[f64], scalar: f64) {
    for ((a, &b), &c) in a.iter_mut().zip(b).zip(c) {
        *a = b + scalar * c;
    }
}

/// A read-only pass over all three arrays (sum with 8 partial sums): the
/// bandwidth a kernel that only reads can hope for.
fn read(a: &[f64], b: &[f64], c: &[f64]) -> f64 {
    let mut partial = [0.0; 8];
    for ((xs, ys), zs) in a
        .as_chunks::<8>()
        .0
        .iter()
        .zip(b.as_chunks::<8>().0)
        .zip(c.as_chunks::<8>().0)
    {
        for (((s, &x), &y), &z) in partial.iter_mut().zip(xs).zip(ys).zip(zs) {
            *s += x + y + z;
        }
    }
    partial.iter().sum()
}

/// The in-place passes: the memory bound of a step with each traffic pattern.
fn in_place(c: &mut Criterion) {
    let g = vec![1e-9; N];
    let (mut theta, mut m, mut v) = (vec![1.0; N], vec![0.5; N], vec![0.25; N]);
    for arrays in [1, 2, 3] {
        let mut group = c.benchmark_group(format!("stream_update_{arrays}"));
        common::large(&mut group);
        group.sample_size(20);
        group.throughput(Throughput::Bytes(((2 * arrays + 1) * 8 * N) as u64));
        group.bench_function(criterion::BenchmarkId::new("rust", N), |bencher| {
            let s = black_box(1.0);
            match arrays {
                1 => bencher.iter(|| common::update_1(black_box(&mut theta), &g, s)),
                2 => bencher.iter(|| common::update_2(black_box(&mut theta), &mut m, &g, s)),
                _ => {
                    bencher.iter(|| common::update_3(black_box(&mut theta), &mut m, &mut v, &g, s))
                }
            }
        });
        group.finish();
    }
}

fn stream(c: &mut Criterion) {
    let mut a = vec![1.0; N];
    let b = vec![2.0; N];
    let mut cc = vec![0.5; N];
    for (name, bytes) in [
        ("stream_copy", 16),
        ("stream_triad", 24),
        ("stream_read", 8),
    ] {
        let mut group = c.benchmark_group(name);
        common::large(&mut group);
        group.sample_size(20);
        group.throughput(Throughput::Bytes((bytes * N) as u64));
        group.bench_function(
            criterion::BenchmarkId::new("rust", N),
            |bencher| match name {
                "stream_copy" => bencher.iter(|| copy(black_box(&a), black_box(&mut cc))),
                "stream_triad" => {
                    bencher.iter(|| triad(black_box(&mut a), &b, &cc, black_box(3.0)))
                }
                _ => bencher.iter(|| black_box(read(black_box(&a), &b, &cc))),
            },
        );
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = stream, in_place
}
criterion_main!(benches);
