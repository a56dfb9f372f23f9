//! STREAM-style copy, triad and read kernels: the machine's single-core
//! memory bandwidth, measured in the same run as the losses.
//!
//! Three arrays of 10⁷ f64 (240 MB) defeat the caches (the VM reports a
//! 480 MiB shared L3, but triad runs at the same speed on 2.4 GB arrays).
//! Bytes are counted as STREAM counts them: copy moves 16 bytes per element
//! (read a, write c), triad 24 (read b and c, write a), read 24 (read a, b,
//! c); write-allocate traffic is not counted. `bench/report.py` takes the
//! triad figure as the reference.

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
    targets = stream
}
criterion_main!(benches);
