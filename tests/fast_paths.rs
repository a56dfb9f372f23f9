//! The fast paths of `lossbook::kernels` agree with the readable code.
//!
//! Tolerances, and why:
//! - `fast_ln`, `fast_exp`: at most 4 ulp from `f64::ln`/`f64::exp` (the
//!   polynomial is accurate to below 1 ulp; the rest is rounding).
//! - Sums (MSE, MAE, Huber): relative `1e-12`. Only the order of the
//!   additions differs; the rounding error of either order is below
//!   `N·ε·Σ|terms|`, and the test sizes keep that far below `1e-12`.
//! - Cross-entropies: relative `1e-12`: summation order, `fast_ln`/`fast_exp`
//!   (a few ulp per term) and, for hard labels, a product of 16 factors per
//!   `ln` (16 roundings, about `2e-15` relative per product).
//! - Optimizer steps: exactly equal (the same arithmetic per element).
//! - Training epochs: relative `1e-9` after up to three epochs (a dot product
//!   summed in a different order, then fed back through every later step).
//! - Errors: exactly the readable function's error.

use lossbook::kernels::*;
use lossbook::loss::classification::{
    ClassTargets, binary_cross_entropy, categorical_cross_entropy, softmax_cross_entropy,
};
use lossbook::loss::regression::{huber, mae, mse};
use lossbook::objective::LinearRegression;
use lossbook::optim::{Adam, AdamW, Optimizer, RmsProp, Sgd};
use lossbook::train::{Batching, TrainConfig, train};
use nalgebra::{DMatrix, DVector};
use proptest::prelude::*;

/// Distance in units in the last place (0 for equal values, equal infinities
/// and two NaNs).
fn ulps(a: f64, b: f64) -> u64 {
    if a.is_nan() && b.is_nan() || a == b {
        return 0;
    }
    if a.is_nan() || b.is_nan() || a.signum() != b.signum() {
        return u64::MAX;
    }
    a.to_bits().abs_diff(b.to_bits())
}

fn assert_close(fast: f64, readable: f64, tolerance: f64) {
    if readable.is_nan() {
        assert!(fast.is_nan(), "fast {fast} but readable NaN");
        return;
    }
    let scale = readable.abs().max(f64::MIN_POSITIVE);
    assert!(
        (fast - readable).abs() <= tolerance * scale,
        "fast {fast} vs readable {readable}: relative difference {:e} > {tolerance:e}",
        (fast - readable).abs() / scale
    );
}

#[test]
fn fast_ln_is_within_4_ulp_of_libm_across_the_range() {
    let mut worst = (0, 0.0);
    // Every binade from subnormals to the largest finite values, 2000 points each.
    for exponent in -1074..1024 {
        for k in 0..2000 {
            let x = 2f64.powi(exponent) * (1.0 + f64::from(k) / 2000.0);
            if !x.is_finite() {
                continue;
            }
            let error = ulps(fast_ln(x), x.ln());
            if error > worst.0 {
                worst = (error, x);
            }
        }
    }
    // Near 1, where ln x is small and relative accuracy is hardest.
    for k in 1..200_000 {
        for x in [1.0 + f64::from(k) * 1e-7, 1.0 - f64::from(k) * 1e-7] {
            let error = ulps(fast_ln(x), x.ln());
            if error > worst.0 {
                worst = (error, x);
            }
        }
    }
    assert!(worst.0 <= 4, "worst: {} ulp at x = {:e}", worst.0, worst.1);
}

#[test]
fn fast_ln_special_values_match_libm() {
    for x in [
        0.0,
        -0.0,
        -1.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MIN_POSITIVE,
        5e-324,
        f64::MAX,
        1.0,
    ] {
        assert_eq!(ulps(fast_ln(x), x.ln()), 0, "x = {x:e}");
    }
}

#[test]
fn fast_exp_is_within_4_ulp_of_libm_across_the_range() {
    let mut worst = (0, 0.0);
    let steps = 2_000_000;
    for k in 0..=steps {
        let x = -708.39 + (709.78 + 708.39) * f64::from(k) / f64::from(steps);
        let error = ulps(fast_exp(x), x.exp());
        if error > worst.0 {
            worst = (error, x);
        }
    }
    for k in 0..200_000 {
        let x = (f64::from(k) - 100_000.0) * 1e-5;
        let error = ulps(fast_exp(x), x.exp());
        if error > worst.0 {
            worst = (error, x);
        }
    }
    assert!(worst.0 <= 4, "worst: {} ulp at x = {:e}", worst.0, worst.1);
}

#[test]
fn fast_exp_special_values() {
    assert_eq!(fast_exp(0.0), 1.0);
    assert_eq!(fast_exp(f64::NEG_INFINITY), 0.0);
    assert_eq!(fast_exp(-1000.0), 0.0);
    assert_eq!(fast_exp(f64::INFINITY), f64::INFINITY);
    assert_eq!(fast_exp(710.0), f64::INFINITY);
    assert!(fast_exp(f64::NAN).is_nan());
    assert!(ulps(fast_exp(709.7), 709.7f64.exp()) <= 4);
    // Below −708.39 libm returns subnormals; the fast version flushes to 0.
    assert!(fast_exp(-720.0) == 0.0 && (-720.0f64).exp() < f64::MIN_POSITIVE);
}

// ---------------------------------------------------------------------------
// Losses: every compiled version (baseline, AVX2, AVX-512, as far as this
// CPU has them) against the readable function.
// ---------------------------------------------------------------------------

const LEVELS: [Simd; 3] = [Simd::Baseline, Simd::Avx2, Simd::Avx512];

/// Runs `check` once per SIMD level this CPU supports.
fn at_every_level(check: impl Fn()) {
    for level in LEVELS {
        with_simd_cap(level, &check);
    }
}

fn close_results(fast: lossbook::Result<f64>, readable: lossbook::Result<f64>, tolerance: f64) {
    match (fast, readable) {
        (Ok(f), Ok(r)) => assert_close(f, r, tolerance),
        (f, r) => assert_eq!(f, r),
    }
}

/// Pairs of equal length, long enough to fill several SIMD blocks and leave
/// a ragged tail.
fn pairs(range: std::ops::Range<f64>) -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1..700usize).prop_flat_map(move |n| {
        (
            prop::collection::vec(range.clone(), n),
            prop::collection::vec(range.clone(), n),
        )
    })
}

/// A label: mostly 0 or 1 (the hard-label path), sometimes soft.
fn label() -> impl Strategy<Value = f64> {
    prop_oneof![
        10 => Just(0.0),
        10 => Just(1.0),
        1 => 0.0..=1.0f64,
    ]
}

/// A probability, including the edges the clipping exists for.
fn probability() -> impl Strategy<Value = f64> {
    prop_oneof![
        20 => 0.0..=1.0f64,
        1 => Just(0.0),
        1 => Just(1.0),
        1 => 0.0..1e-14f64,
    ]
}

fn labelled(max: usize, hard_only: bool) -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1..max).prop_flat_map(move |n| {
        let labels = if hard_only {
            prop::collection::vec(prop_oneof![Just(0.0), Just(1.0)], n).boxed()
        } else {
            prop::collection::vec(label(), n).boxed()
        };
        (labels, prop::collection::vec(probability(), n))
    })
}

// ANCHOR: fast_regression_agrees
proptest! {
    #[test]
    fn regression_losses_agree((y, p) in pairs(-1e3..1e3), delta in 0.01..10.0f64) {
        at_every_level(|| {
            close_results(mse_fast(&y, &p), mse(&y, &p), 1e-12);
            close_results(mae_fast(&y, &p), mae(&y, &p), 1e-12);
            close_results(huber_fast(&y, &p, delta), huber(&y, &p, delta), 1e-12);
        });
    }
}
// ANCHOR_END: fast_regression_agrees

proptest! {
    #[test]
    fn binary_cross_entropy_agrees(
        (y, p) in labelled(700, false),
        (hard_y, hard_p) in labelled(700, true),
    ) {
        at_every_level(|| {
            close_results(binary_cross_entropy_fast(&y, &p), binary_cross_entropy(&y, &p), 1e-12);
            close_results(
                binary_cross_entropy_fast(&hard_y, &hard_p),
                binary_cross_entropy(&hard_y, &hard_p),
                1e-12,
            );
        });
    }

    /// Confident, correct predictions, hard and soft labels: each term is
    /// about `q`. Forming `1 − p̂` rounds it to the nearest multiple of
    /// `2⁻⁵³` (three digits lost at `q = 10⁻¹³`), and so does multiplying
    /// factors near 1; the fast kernels must not do either.
    #[test]
    fn cross_entropies_keep_their_precision_near_certainty(
        q in prop_oneof![Just(1e-15), Just(1e-13), Just(1e-10), 1e-16..1e-3f64, 1e-3..0.7f64],
        n in 1..300usize,
        labels in any::<u64>(),
        soft in any::<bool>(),
    ) {
        // Label i is bit i of `labels`; p̂ puts 1 − q on the true outcome.
        let y: Vec<f64> = (0..n)
            .map(|i| {
                let hard = f64::from(u8::from((labels >> (i % 64)) & 1 == 1));
                if soft && i % 5 == 0 { 0.5 * hard + 0.25 } else { hard }
            })
            .collect();
        let p: Vec<f64> = y.iter().map(|&y| if y >= 0.5 { 1.0 - q } else { q }).collect();
        let rows = DMatrix::from_fn(n, 2, |i, j| if (j == 0) == (y[i] >= 0.5) { 1.0 } else { 0.0 });
        let probabilities =
            DMatrix::from_fn(n, 2, |i, j| if rows[(i, j)] == 1.0 { 1.0 - q } else { q });
        at_every_level(|| {
            close_results(binary_cross_entropy_fast(&y, &p), binary_cross_entropy(&y, &p), 1e-12);
            close_results(
                categorical_cross_entropy_fast(&rows, &probabilities),
                categorical_cross_entropy(&rows, &probabilities),
                1e-12,
            );
        });
    }

    #[test]
    fn categorical_cross_entropy_agrees(
        rows in 1..120usize,
        classes in 1..12usize,
        soft in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let (y, p) = class_data(rows, classes, soft, seed);
        at_every_level(|| {
            close_results(
                categorical_cross_entropy_fast(&y, &p),
                categorical_cross_entropy(&y, &p),
                1e-12,
            );
        });
    }

    #[test]
    fn softmax_cross_entropy_agrees(
        rows in 1..700usize,
        classes in 1..12usize,
        scale in prop_oneof![Just(1.0), Just(30.0), Just(1e4)],
        smoothing in prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64],
        seed in any::<u64>(),
    ) {
        let mut state = seed;
        let logits = DMatrix::from_fn(rows, classes, |_, _| scale * (2.0 * uniform(&mut state) - 1.0));
        let labels: Vec<usize> = (0..rows)
            .map(|_| ((uniform(&mut state) * classes as f64) as usize).min(classes - 1))
            .collect();
        at_every_level(|| {
            let targets = ClassTargets::Labels(&labels);
            close_results(
                softmax_cross_entropy_fast(&logits, targets, smoothing),
                softmax_cross_entropy(&logits, targets, smoothing),
                1e-12,
            );
        });
    }
}

/// A small deterministic generator for the matrix tests: uniform in [0, 1).
fn uniform(state: &mut u64) -> f64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

/// One-hot (or soft) targets and softmax-like probability rows.
fn class_data(rows: usize, classes: usize, soft: bool, seed: u64) -> (DMatrix<f64>, DMatrix<f64>) {
    let mut state = seed;
    let labels: Vec<usize> = (0..rows)
        .map(|_| ((uniform(&mut state) * classes as f64) as usize).min(classes - 1))
        .collect();
    let y = DMatrix::from_fn(rows, classes, |i, c| {
        if soft {
            uniform(&mut state)
        } else {
            f64::from(u8::from(labels[i] == c))
        }
    });
    let p = DMatrix::from_fn(rows, classes, |_, _| uniform(&mut state));
    (y, p)
}

#[test]
fn nan_in_the_data_reaches_every_fast_loss() {
    at_every_level(|| {
        for n in [1, 7, 64, 65, 300] {
            for at in [0, n / 2, n - 1] {
                let mut y = vec![0.0; n];
                let mut p = vec![0.5; n];
                p[at] = f64::NAN;
                assert!(mse_fast(&y, &p).unwrap().is_nan());
                assert!(mae_fast(&y, &p).unwrap().is_nan());
                assert!(huber_fast(&y, &p, 1.0).unwrap().is_nan());
                assert!(binary_cross_entropy_fast(&y, &p).unwrap().is_nan());
                // A NaN probability under a zero label still reaches the result.
                let target = DMatrix::from_column_slice(n, 1, &y);
                let prob = DMatrix::from_column_slice(n, 1, &p);
                assert!(
                    categorical_cross_entropy_fast(&target, &prob)
                        .unwrap()
                        .is_nan()
                );
                p[at] = 0.5;
                y[at] = f64::NAN;
                assert!(binary_cross_entropy_fast(&y, &p).unwrap().is_nan());
                let mut logits = DMatrix::from_element(n, 3, 0.5);
                logits[(at, 2)] = f64::NAN;
                let labels = vec![0; n];
                let loss = softmax_cross_entropy_fast(&logits, ClassTargets::Labels(&labels), 0.0)
                    .unwrap();
                assert!(loss.is_nan());
            }
        }
    });
}

#[test]
fn bad_input_gives_the_readable_error() {
    at_every_level(|| {
        let ok = vec![0.5; 200];
        let short = vec![0.5; 199];
        assert_eq!(mse_fast(&ok, &short), mse(&ok, &short));
        assert_eq!(mse_fast(&[], &[]), mse(&[], &[]));
        assert_eq!(mae_fast(&ok, &short), mae(&ok, &short));
        assert_eq!(huber_fast(&ok, &ok, 0.0), huber(&ok, &ok, 0.0));
        assert_eq!(huber_fast(&ok, &short, 1.0), huber(&ok, &short, 1.0));
        for at in [0, 63, 64, 150, 199] {
            for bad in [-0.1, 1.5, f64::INFINITY, f64::NEG_INFINITY] {
                let mut y = ok.clone();
                y[at] = bad;
                assert_eq!(
                    binary_cross_entropy_fast(&y, &ok),
                    binary_cross_entropy(&y, &ok)
                );
                assert_eq!(
                    binary_cross_entropy_fast(&ok, &y),
                    binary_cross_entropy(&ok, &y)
                );
                let hard: Vec<f64> = (0..200).map(|i| f64::from(i % 2)).collect();
                assert_eq!(
                    binary_cross_entropy_fast(&hard, &y),
                    binary_cross_entropy(&hard, &y)
                );
                let m = DMatrix::from_column_slice(20, 10, &y);
                let good = DMatrix::from_column_slice(20, 10, &ok);
                assert_eq!(
                    categorical_cross_entropy_fast(&m, &good),
                    categorical_cross_entropy(&m, &good)
                );
                assert_eq!(
                    categorical_cross_entropy_fast(&good, &m),
                    categorical_cross_entropy(&good, &m)
                );
            }
        }
        let good = DMatrix::from_element(20, 10, 0.1);
        let other = DMatrix::from_element(10, 20, 0.1);
        assert_eq!(
            categorical_cross_entropy_fast(&good, &other),
            categorical_cross_entropy(&good, &other)
        );
        let logits = DMatrix::from_element(300, 4, 0.0);
        let mut labels = vec![1; 300];
        for smoothing in [-0.1, 1.1, f64::NAN] {
            let targets = ClassTargets::Labels(&labels);
            // Compared as text: the error holds the NaN, and NaN ≠ NaN.
            assert_eq!(
                format!(
                    "{:?}",
                    softmax_cross_entropy_fast(&logits, targets, smoothing)
                ),
                format!("{:?}", softmax_cross_entropy(&logits, targets, smoothing))
            );
        }
        labels[280] = 4;
        let targets = ClassTargets::Labels(&labels);
        assert_eq!(
            softmax_cross_entropy_fast(&logits, targets, 0.0),
            softmax_cross_entropy(&logits, targets, 0.0)
        );
        let targets = ClassTargets::Labels(&labels[..299]);
        assert_eq!(
            softmax_cross_entropy_fast(&logits, targets, 0.0),
            softmax_cross_entropy(&logits, targets, 0.0)
        );
        let probabilities = DMatrix::from_element(300, 4, 0.25);
        let targets = ClassTargets::Probabilities(&probabilities);
        assert_eq!(
            softmax_cross_entropy_fast(&logits, targets, 0.1),
            softmax_cross_entropy(&logits, targets, 0.1)
        );
    });
}

// ---------------------------------------------------------------------------
// Optimizer steps: the same arithmetic per element, so exactly equal, at
// every SIMD level this CPU has.
// ---------------------------------------------------------------------------

/// A step function, as `Optimizer::step` takes its arguments.
type StepFn<O> =
    fn(&O, &mut <O as Optimizer>::State, &mut DVector<f64>, &DVector<f64>) -> lossbook::Result<()>;

/// Where `step` takes the parameters, and the optimizer's state, from `start`
/// through `gradients`.
fn trajectory<O: Optimizer>(
    optimizer: &O,
    start: &[f64],
    gradients: &[Vec<f64>],
    step: StepFn<O>,
) -> (DVector<f64>, O::State) {
    let mut params = DVector::from_column_slice(start);
    let mut state = optimizer.init(&params).unwrap();
    for g in gradients {
        let g = DVector::from_column_slice(g);
        step(optimizer, &mut state, &mut params, &g).unwrap();
    }
    (params, state)
}

/// Fails unless the fast step, at each SIMD level, ends exactly where the
/// readable step does: the same parameters and the whole same state, step
/// count included.
fn fast_steps_match<O: Optimizer>(
    optimizer: &O,
    start: &[f64],
    gradients: &[Vec<f64>],
    fast: StepFn<O>,
) -> Result<(), TestCaseError>
where
    O::State: PartialEq + std::fmt::Debug,
{
    let readable = trajectory(optimizer, start, gradients, |o, s, p, g| o.step(s, p, g));
    for level in LEVELS {
        let quick = with_simd_cap(level, || trajectory(optimizer, start, gradients, fast));
        prop_assert_eq!(&readable, &quick, "fast step at {:?}", level);
    }
    Ok(())
}

fn start_and_gradients() -> impl Strategy<Value = (Vec<f64>, Vec<Vec<f64>>)> {
    (1..40usize, 1..6usize).prop_flat_map(|(n, steps)| {
        (
            prop::collection::vec(-10.0..10.0f64, n),
            prop::collection::vec(prop::collection::vec(-10.0..10.0f64, n), steps),
        )
    })
}

proptest! {
    #[test]
    fn sgd_fast_step_is_bit_for_bit_the_readable_step(
        (start, gradients) in start_and_gradients(),
        lr in 1e-4..1.0f64,
        momentum in prop_oneof![Just(0.0), 0.0..0.99f64],
        dampening in prop_oneof![Just(0.0), 0.0..1.0f64],
        weight_decay in prop_oneof![Just(0.0), 0.0..0.1f64],
        nesterov in any::<bool>(),
    ) {
        let nesterov = nesterov && momentum > 0.0;
        let dampening = if nesterov { 0.0 } else { dampening };
        let sgd = Sgd { lr, momentum, dampening, weight_decay, nesterov };
        fast_steps_match(&sgd, &start, &gradients, sgd_step_fast)?;
    }

    #[test]
    fn rmsprop_fast_step_is_bit_for_bit_the_readable_step(
        (start, gradients) in start_and_gradients(),
        alpha in 0.5..0.999f64,
        weight_decay in prop_oneof![Just(0.0), 0.0..0.1f64],
        momentum in prop_oneof![3 => Just(0.0), 1 => 0.0..0.9f64],
        centered in prop::bool::weighted(0.25),
    ) {
        let rmsprop = RmsProp { alpha, weight_decay, momentum, centered, ..RmsProp::default() };
        fast_steps_match(&rmsprop, &start, &gradients, rmsprop_step_fast)?;
    }

    #[test]
    fn adam_fast_step_is_bit_for_bit_the_readable_step(
        (start, gradients) in start_and_gradients(),
        beta1 in 0.5..0.99f64,
        beta2 in 0.9..0.9999f64,
        weight_decay in prop_oneof![Just(0.0), 0.0..0.1f64],
        amsgrad in prop::bool::weighted(0.25),
    ) {
        let adam = Adam { beta1, beta2, weight_decay, amsgrad, ..Adam::default() };
        fast_steps_match(&adam, &start, &gradients, adam_step_fast)?;
    }

    #[test]
    fn adamw_fast_step_is_bit_for_bit_the_readable_step(
        (start, gradients) in start_and_gradients(),
        lr in 1e-4..0.1f64,
        weight_decay in prop_oneof![Just(0.0), 0.0..0.5f64],
        amsgrad in prop::bool::weighted(0.25),
    ) {
        let adamw = AdamW { lr, weight_decay, amsgrad, ..AdamW::default() };
        fast_steps_match(&adamw, &start, &gradients, adamw_step_fast)?;
    }
}

#[test]
fn fast_steps_reject_mismatched_lengths_like_the_readable_ones() {
    let params = DVector::from_element(5, 1.0);
    let grad = DVector::from_element(4, 1.0);
    let sgd = Sgd::default();
    let mut state = sgd.init(&params).unwrap();
    let expected = sgd.step(&mut state.clone(), &mut params.clone(), &grad);
    assert!(expected.is_err());
    assert_eq!(
        sgd_step_fast(&sgd, &mut state, &mut params.clone(), &grad),
        expected
    );
    let adam = Adam::default();
    let mut state = adam.init(&params).unwrap();
    let expected = adam.step(&mut state.clone(), &mut params.clone(), &grad);
    assert_eq!(
        adam_step_fast(&adam, &mut state, &mut params.clone(), &grad),
        expected
    );
    let rmsprop = RmsProp::default();
    let mut state = rmsprop.init(&params).unwrap();
    let expected = rmsprop.step(&mut state.clone(), &mut params.clone(), &grad);
    assert_eq!(
        rmsprop_step_fast(&rmsprop, &mut state, &mut params.clone(), &grad),
        expected
    );
    let adamw = AdamW::default();
    let mut state = adamw.init(&params).unwrap();
    let expected = adamw.step(&mut state.clone(), &mut params.clone(), &grad);
    assert_eq!(
        adamw_step_fast(&adamw, &mut state, &mut params.clone(), &grad),
        expected
    );
}

// ---------------------------------------------------------------------------
// Training epochs: the fused loop against `train::train`.
// ---------------------------------------------------------------------------

proptest! {
    #[test]
    fn fused_least_squares_training_matches_train(
        samples in 1..150usize,
        features in 1..7usize,
        batch in prop_oneof![Just(0usize), 1..20usize],
        epochs in 1..4usize,
        lr in 0.001..0.05f64,
        seed in any::<u64>(),
    ) {
        let mut state = seed;
        let x = DMatrix::from_fn(samples, features, |_, _| 2.0 * uniform(&mut state) - 1.0);
        let y = DVector::from_fn(samples, |_, _| 4.0 * uniform(&mut state) - 2.0);
        let problem = LinearRegression::new(&x, y.clone()).unwrap();
        let initial = DVector::from_fn(features, |_, _| uniform(&mut state));
        let batching = if batch == 0 { Batching::Full } else { Batching::MiniBatch(batch) };
        let config = TrainConfig { seed, ..TrainConfig::new(epochs, batching) };
        let mut sgd = Sgd { lr, ..Sgd::default() };
        let readable = train(&problem, initial.clone(), &mut sgd, &config).unwrap();
        let fast = least_squares_sgd_fast(&x.transpose(), &y, initial, lr, epochs, batching, seed)
            .unwrap();
        prop_assert_eq!(readable.steps, fast.steps);
        prop_assert_eq!(readable.param_history.len(), fast.param_history.len());
        for (r, f) in readable.params.iter().zip(fast.params.iter()) {
            assert_close(*f, *r, 1e-9);
        }
        for (r, f) in readable.loss_history.iter().zip(&fast.loss_history) {
            assert_close(*f, *r, 1e-9);
        }
    }
}

#[test]
fn fused_training_rejects_what_train_rejects() {
    let x = DMatrix::from_element(3, 10, 1.0); // d × N
    let y = DVector::from_element(10, 1.0);
    let zero = DVector::zeros(3);
    assert_eq!(
        least_squares_sgd_fast(&x, &y, zero.clone(), 0.1, 1, Batching::MiniBatch(0), 0),
        Err(lossbook::Error::ZeroBatchSize)
    );
    assert!(least_squares_sgd_fast(&x, &y, zero.clone(), 0.0, 1, Batching::Full, 0).is_err());
    assert!(least_squares_sgd_fast(&x, &y, DVector::zeros(2), 0.1, 1, Batching::Full, 0).is_err());
    let short = DVector::from_element(9, 1.0);
    assert!(least_squares_sgd_fast(&x, &short, zero, 0.1, 1, Batching::Full, 0).is_err());
}
