//! Adversarial inputs: ±0, subnormals, ±1e300, ±∞, NaN, empty and length-1
//! inputs, mismatched lengths, huge logits, probabilities of exactly 0 and 1.
//!
//! For every loss: nothing panics; bad input gives the documented error;
//! NaN in gives NaN out; finite input inside the documented domain gives a
//! finite loss and gradient wherever a stable form exists.

use lossbook::Error;
use lossbook::Result;
use lossbook::info::{cross_entropy, entropy, kl_divergence};
use lossbook::loss::classification::*;
use lossbook::loss::metric::*;
use lossbook::loss::regression::*;
use lossbook::optim::*;
use nalgebra::{DMatrix, DVector};
use proptest::prelude::*;

// ANCHOR: nasty_numbers
/// Floats chosen to break things, mixed with ordinary ones.
fn nasty() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![
        Just(0.0),
        Just(-0.0),
        Just(5e-324),
        Just(-f64::MIN_POSITIVE / 2.0),
        Just(1e300),
        Just(-1e300),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::NAN),
        Just(1.0),
        Just(1e4),
        Just(-1e4),
        -10.0..10.0f64,
    ]
}

/// Numbers in [0, 1] with the endpoints and their neighbours over-represented.
fn probability() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![
        Just(0.0),
        Just(1.0),
        Just(5e-324),
        Just(1.0 - f64::EPSILON / 2.0),
        0.0..=1.0f64
    ]
}
// ANCHOR_END: nasty_numbers

/// What a loss accepts, so that the test knows which error to expect.
#[derive(Clone, Copy, Debug)]
enum Domain {
    /// Any reals; finite results promised while |x| ≤ 1e150 (beyond, x² overflows).
    Real,
    /// Target and prediction are probabilities.
    Probabilities,
    /// Target a probability, prediction any real logit.
    Logits,
}

type LossFn = fn(&[f64], &[f64]) -> Result<f64>;
type GradFn = fn(&[f64], &[f64]) -> Result<Vec<f64>>;

fn losses() -> Vec<(&'static str, Domain, LossFn, GradFn)> {
    vec![
        ("mse", Domain::Real, mse, mse_gradient),
        ("mae", Domain::Real, mae, mae_gradient),
        (
            "huber",
            Domain::Real,
            |y, p| huber(y, p, 1.0),
            |y, p| huber_gradient(y, p, 1.0),
        ),
        (
            "smooth_l1",
            Domain::Real,
            |y, p| smooth_l1(y, p, 0.5),
            |y, p| smooth_l1_gradient(y, p, 0.5),
        ),
        (
            "quantile",
            Domain::Real,
            |y, p| quantile_loss(y, p, 0.9),
            |y, p| quantile_loss_gradient(y, p, 0.9),
        ),
        ("log_cosh", Domain::Real, log_cosh, log_cosh_gradient),
        (
            "bce",
            Domain::Probabilities,
            binary_cross_entropy,
            binary_cross_entropy_gradient,
        ),
        (
            "bce_log_floor",
            Domain::Probabilities,
            binary_cross_entropy_log_floor,
            binary_cross_entropy_log_floor_gradient,
        ),
        (
            "focal",
            Domain::Probabilities,
            |y, p| focal_loss(y, p, 0.25, 2.0),
            |y, p| focal_loss_gradient(y, p, 0.25, 2.0),
        ),
        (
            "bce_with_logits",
            Domain::Logits,
            binary_cross_entropy_with_logits,
            binary_cross_entropy_with_logits_gradient,
        ),
        (
            "sigmoid_focal",
            Domain::Logits,
            |y, z| sigmoid_focal_loss(y, z, 0.25, 2.0),
            |y, z| sigmoid_focal_loss_gradient(y, z, 0.25, 2.0),
        ),
        (
            "sigmoid_focal_sqrt",
            Domain::Logits,
            |y, z| sigmoid_focal_loss(y, z, 0.5, 0.5),
            |y, z| sigmoid_focal_loss_gradient(y, z, 0.5, 0.5),
        ),
    ]
}

fn is_probability(v: f64) -> bool {
    (0.0..=1.0).contains(&v)
}

/// The error the documentation promises for these inputs, if any.
fn expected_error(
    domain: Domain,
    target: &[f64],
    prediction: &[f64],
) -> Option<fn(&Error) -> bool> {
    if target.len() != prediction.len() {
        return Some(|e| matches!(e, Error::LengthMismatch { .. }));
    }
    if target.is_empty() {
        return Some(|e| matches!(e, Error::Empty { .. }));
    }
    let bad = |v: &[f64]| v.iter().any(|&x| !x.is_nan() && !is_probability(x));
    let out_of_range = match domain {
        Domain::Real => false,
        Domain::Probabilities => bad(target) || bad(prediction),
        Domain::Logits => bad(target),
    };
    out_of_range.then_some(|e: &Error| matches!(e, Error::NotAProbability { .. }))
}

fn in_domain(domain: Domain, target: &[f64], prediction: &[f64]) -> bool {
    let all = || target.iter().chain(prediction);
    match domain {
        Domain::Real => all().all(|x| x.abs() <= 1e150),
        Domain::Probabilities => all().all(|&x| is_probability(x)),
        Domain::Logits => {
            target.iter().all(|&y| is_probability(y)) && prediction.iter().all(|z| z.is_finite())
        }
    }
}

fn pairs(
    values: impl Strategy<Value = f64> + Clone,
) -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prop_oneof![
        // Equal lengths, including 0 and 1.
        (0..6usize).prop_flat_map(move |n| (
            prop::collection::vec(values.clone(), n),
            prop::collection::vec(values.clone(), n)
        )),
        // Any lengths: mostly mismatched.
        (
            prop::collection::vec(nasty(), 0..4),
            prop::collection::vec(nasty(), 0..4)
        ),
    ]
}

// ANCHOR: adversarial_losses
fn check_loss(
    name: &str,
    domain: Domain,
    loss: LossFn,
    gradient: GradFn,
    target: &[f64],
    prediction: &[f64],
) -> std::result::Result<(), TestCaseError> {
    let (value, slope) = (loss(target, prediction), gradient(target, prediction));
    if let Some(is_expected) = expected_error(domain, target, prediction) {
        let error = value.expect_err(name);
        prop_assert!(
            is_expected(&error),
            "{}: unexpected error {:?}",
            name,
            error
        );
        // Value and gradient reject the same input the same way (NaN-safe comparison).
        prop_assert_eq!(
            slope.map(|_| ()).map_err(|e| e.to_string()),
            Err(error.to_string())
        );
        return Ok(());
    }
    let (value, slope) = (value.unwrap(), slope.unwrap());
    prop_assert_eq!(slope.len(), target.len());
    if target.iter().chain(prediction).any(|x| x.is_nan()) {
        prop_assert!(value.is_nan(), "{}: NaN in, {} out", name, value);
    } else if in_domain(domain, target, prediction) {
        prop_assert!(
            value.is_finite(),
            "{}({:?}, {:?}) = {}",
            name,
            target,
            prediction,
            value
        );
        prop_assert!(
            slope.iter().all(|g| g.is_finite()),
            "{}: gradient {:?}",
            name,
            slope
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn losses_survive_nasty_reals((target, prediction) in pairs(nasty())) {
        for (name, domain, loss, gradient) in losses() {
            check_loss(name, domain, loss, gradient, &target, &prediction)?;
        }
    }

    #[test]
    fn losses_survive_edge_probabilities((target, prediction) in pairs(probability())) {
        for (name, domain, loss, gradient) in losses() {
            check_loss(name, domain, loss, gradient, &target, &prediction)?;
        }
    }
}
// ANCHOR_END: adversarial_losses

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn softmax_cross_entropy_is_finite_for_any_finite_logits(
        logits in prop::collection::vec(prop_oneof![Just(1e300), Just(-1e300), Just(1e4), Just(-1e4), Just(0.0), Just(-0.0), Just(5e-324), -50.0..50.0f64], 1..12),
        label in 0..3usize,
        smoothing in prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64],
    ) {
        let classes = 3.min(logits.len());
        let rows = logits.len() / classes;
        let z = DMatrix::from_row_slice(rows, classes, &logits[..rows * classes]);
        let labels = vec![label % classes; rows];
        let targets = ClassTargets::Labels(&labels);
        let value = softmax_cross_entropy(&z, targets, smoothing).unwrap();
        let gradient = softmax_cross_entropy_gradient(&z, targets, smoothing).unwrap();
        prop_assert!(value.is_finite() && value >= 0.0, "{} for {}", value, z);
        prop_assert!(gradient.iter().all(|g| g.is_finite()));
        prop_assert!(softmax(&z).iter().all(|p| p.is_finite() && (0.0..=1.0).contains(p)));
    }

    #[test]
    fn metric_losses_survive_nasty_inputs(
        values in prop::collection::vec(nasty(), 0..9),
        labels in prop::collection::vec(prop_oneof![Just(0.0), Just(1.0), Just(0.5), Just(f64::NAN)], 0..4),
        margin in prop_oneof![Just(1.0), Just(0.0), Just(-1.0), Just(f64::NAN), Just(1e300)],
    ) {
        let distances: Vec<f64> = values.iter().take(labels.len().max(1)).copied().collect();
        let result = contrastive_loss(&labels, &distances, margin);
        let gradient = contrastive_loss_gradient(&labels, &distances, margin);
        prop_assert_eq!(result.as_ref().err().map(Error::to_string), gradient.as_ref().err().map(Error::to_string));
        if !(margin > 0.0 && margin.is_finite()) {
            prop_assert!(matches!(result, Err(Error::InvalidParameter { .. })), "margin {}", margin);
        } else if let Ok(value) = result {
            let any_nan = labels.iter().chain(&distances).any(|x| x.is_nan());
            if any_nan {
                prop_assert!(value.is_nan());
            } else if margin <= 1e150 && distances.iter().all(|d| *d <= 1e150) {
                prop_assert!(value.is_finite());
            }
        }
        let n = values.len() / 3;
        let m = |k: usize| DMatrix::from_row_slice(1, n, &values[k * n..(k + 1) * n]);
        if n > 0 {
            let (a, p, q) = (m(0), m(1), m(2));
            let loss = triplet_margin_loss(&a, &p, &q, 1.0).unwrap();
            let gradient = triplet_margin_loss_gradient(&a, &p, &q, 1.0).unwrap();
            let used = &values[..3 * n];
            if used.iter().any(|v| v.is_nan()) {
                prop_assert!(loss.is_nan());
            } else if used.iter().all(|v| v.abs() <= 1e150) {
                prop_assert!(loss.is_finite() && gradient.anchor.iter().all(|g| g.is_finite()));
            }
        } else {
            let empty = DMatrix::zeros(0, 3);
            prop_assert!(matches!(triplet_margin_loss(&empty, &empty, &empty, 1.0), Err(Error::Empty { .. })), "empty triplets");
        }
    }

    #[test]
    fn information_measures_never_return_nan_for_distributions(
        weights in prop::collection::vec(prop_oneof![Just(0.0), Just(5e-324), Just(1.0), 0.0..1.0f64], 1..8),
        other in prop::collection::vec(prop_oneof![Just(0.0), Just(5e-324), Just(1.0), 0.0..1.0f64], 1..8),
    ) {
        let normalise = |w: &[f64]| {
            let sum: f64 = w.iter().sum();
            if sum > 0.0 { w.iter().map(|x| x / sum).collect::<Vec<_>>() } else { vec![1.0 / w.len() as f64; w.len()] }
        };
        let n = weights.len().min(other.len());
        let (p, q) = (normalise(&weights[..n]), normalise(&other[..n]));
        let h = entropy(&p).unwrap();
        prop_assert!(h.is_finite() && h >= 0.0);
        // Infinite where q misses an outcome p can produce, never NaN.
        for value in [cross_entropy(&p, &q).unwrap(), kl_divergence(&p, &q).unwrap()] {
            prop_assert!(!value.is_nan() && value >= -1e-12);
        }
        prop_assert!(matches!(entropy(&weights.iter().map(|w| w * 3.0 + 0.1).collect::<Vec<_>>()), Err(Error::NotADistribution { .. }) | Err(Error::NotAProbability { .. })), "not normalised");
    }

    #[test]
    fn fit_constant_stays_finite_for_extreme_finite_targets(
        y in prop::collection::vec(prop_oneof![Just(f64::MAX), Just(-f64::MAX), Just(1e300), Just(-0.0), Just(5e-324), -10.0..10.0f64], 1..6),
    ) {
        let fitted = fit_constant(&y, mae_gradient).unwrap();
        prop_assert!(fitted.is_finite(), "{} for {:?}", fitted, y);
        let (low, high) = y.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
        prop_assert!(low <= fitted && fitted <= high);
    }
}

// ANCHOR: adversarial_optimizers
/// One step of `optimizer` from `params` with `grad`, returning the new parameters.
fn one_step<O: Optimizer>(
    optimizer: &O,
    params: &[f64],
    grad: &[f64],
    steps: usize,
) -> DVector<f64> {
    let mut params = DVector::from_column_slice(params);
    let grad = DVector::from_column_slice(grad);
    let mut state = optimizer.init(&params).unwrap();
    for _ in 0..steps {
        optimizer.step(&mut state, &mut params, &grad).unwrap();
    }
    params
}

proptest! {
    #[test]
    fn optimizers_never_make_nan_from_finite_gradients(
        params in prop::collection::vec(prop_oneof![Just(0.0), Just(-0.0), Just(5e-324), Just(1e150), -10.0..10.0f64], 1..5),
        grad_choice in prop::collection::vec(prop_oneof![Just(0.0), Just(-0.0), Just(5e-324), Just(-1e150), Just(1e150), -10.0..10.0f64], 5),
        steps in 1..4usize,
    ) {
        let grad = &grad_choice[..params.len()];
        let results = [
            one_step(&Sgd { lr: 0.1, momentum: 0.9, weight_decay: 0.01, ..Sgd::default() }, &params, grad, steps),
            one_step(&Sgd { lr: 0.1, momentum: 0.9, nesterov: true, ..Sgd::default() }, &params, grad, steps),
            one_step(&ArticleMomentum::default(), &params, grad, steps),
            one_step(&Adagrad::default(), &params, grad, steps),
            one_step(&RmsProp::default(), &params, grad, steps),
            one_step(&RmsProp { centered: true, momentum: 0.5, ..RmsProp::default() }, &params, grad, steps),
            one_step(&Adam::default(), &params, grad, steps),
            one_step(&Adam { amsgrad: true, ..Adam::default() }, &params, grad, steps),
            one_step(&AdamW::default(), &params, grad, steps),
        ];
        for (i, result) in results.iter().enumerate() {
            prop_assert!(result.iter().all(|x| x.is_finite()), "optimizer {} gave {} from {:?}, {:?}", i, result, params, grad);
        }
    }
}

#[test]
fn adam_rmsprop_and_adagrad_do_not_move_with_zero_gradients() {
    let start = [1.0, -2.0];
    let zero = [0.0, 0.0];
    for moved in [
        one_step(&Adam::default(), &start, &zero, 5),
        one_step(&RmsProp::default(), &start, &zero, 5),
        one_step(
            &RmsProp {
                centered: true,
                ..RmsProp::default()
            },
            &start,
            &zero,
            5,
        ),
        one_step(&Adagrad::default(), &start, &zero, 5),
    ] {
        assert_eq!(moved.as_slice(), &start);
    }
}
// ANCHOR_END: adversarial_optimizers

/// Probabilities within 1e-10 of 0 or 1, where `ln(1 − p)` written directly
/// loses precision (issue 11).
const NEAR_EDGES: [f64; 3] = [1e-15, 1e-13, 1e-10];

/// `−ln(1 − t)` by its series `t + t²/2 + t³/3`, exact to rounding for `t ≤ 1e-10`.
fn minus_ln_one_minus(t: f64) -> f64 {
    t + t * t / 2.0 + t * t * t / 3.0
}

#[test]
fn the_issue_example_bce_at_1e_13_is_exact_to_1e_12() {
    let loss = binary_cross_entropy_log_floor(&[0.0], &[1e-13]).unwrap();
    let exact = 1.00000000000005e-13;
    assert!((loss - exact).abs() <= 1e-12 * exact, "{loss:e}");
}

#[test]
fn confident_right_predictions_near_0_and_1_keep_full_precision() {
    for t in NEAR_EDGES {
        // 1 − t is rounded; 1 − (1 − t) is then exact (Sterbenz), and it is
        // the distance from 1 that the loss sees.
        let near_one = 1.0 - t;
        for (y, p, distance) in [(0.0, t, t), (1.0, near_one, 1.0 - near_one)] {
            let exact = minus_ln_one_minus(distance);
            let logit = p.ln() - (-p).ln_1p();
            let values = [
                ("bce", binary_cross_entropy(&[y], &[p]).unwrap()),
                (
                    "bce_log_floor",
                    binary_cross_entropy_log_floor(&[y], &[p]).unwrap(),
                ),
                // α = ½, γ = 0: half the cross-entropy.
                ("focal", 2.0 * focal_loss(&[y], &[p], 0.5, 0.0).unwrap()),
                (
                    "bce_with_logits",
                    binary_cross_entropy_with_logits(&[y], &[logit]).unwrap(),
                ),
                (
                    "sigmoid_focal",
                    2.0 * sigmoid_focal_loss(&[y], &[logit], 0.5, 0.0).unwrap(),
                ),
            ];
            for (name, value) in values {
                let error = (value - exact).abs() / exact;
                assert!(
                    error <= 1e-12,
                    "{name} at y = {y}, p = {p:e}: {value:e} vs {exact:e} ({error:e})"
                );
            }
        }
    }
}

#[test]
fn the_focal_modulation_of_a_saturated_logit_is_not_rounded_to_zero() {
    // σ(40) rounds to 1, so 1 − σ(40) would be 0; the factor is σ(−40)² ≈ 1.8e-35.
    let gradient = sigmoid_focal_loss_gradient(&[1.0], &[40.0], 0.5, 2.0).unwrap()[0];
    let q = (-40.0f64).exp() / (1.0 + (-40.0f64).exp());
    // d/dz of ½ q² · softplus(−z) at large z ≈ −½ q² · q − q² · q ≈ −1.5 q³.
    assert!(
        gradient < 0.0 && (gradient / (-1.5 * q * q * q) - 1.0).abs() < 1e-12,
        "{gradient:e}"
    );
    let mse_gradient = sigmoid_mse_logit_gradient(&[1.0], &[40.0]).unwrap()[0];
    // 2(σ − 1)σ(1 − σ) = −2 q² σ.
    assert!(
        (mse_gradient / (-2.0 * q * q) - 1.0).abs() < 1e-12,
        "{mse_gradient:e}"
    );
}

/// Found by `cargo fuzz run losses`: a soft target just above 0 (here
/// subnormal) and a very negative logit make `1 − p_t` subnormal, and with
/// γ < 1 its power `γ − 1` overflowed to ∞, times `σ(z) = 0`: a NaN gradient.
#[test]
fn sigmoid_focal_gradient_is_finite_for_a_subnormal_one_minus_pt() {
    for (y, z) in [(1e-320, -1000.0), (1.5e-314, -270588.0), (0.0, -800.0)] {
        let g = sigmoid_focal_loss_gradient(&[y], &[z], 0.25, 0.01).unwrap();
        assert!(g[0].is_finite(), "y = {y}, z = {z}: {}", g[0]);
        assert!(g[0].abs() < 1e-300, "y = {y}, z = {z}: {}", g[0]);
    }
}
