//! Mathematical facts about the losses and the information measures,
//! checked by proptest on 256 random cases each (the default).

use approx::{assert_relative_eq, relative_eq};
use lossbook::info::{cross_entropy, entropy, kl_divergence};
use lossbook::loss::classification::*;
use lossbook::loss::regression::*;
use lossbook::loss::{Reduction, elementwise, elementwise_gradient};
use nalgebra::DMatrix;
use proptest::prelude::*;

/// Pointwise Huber loss of an error `e`.
fn huber_at(e: f64, delta: f64) -> f64 {
    huber(&[0.0], &[e], delta).unwrap()
}

fn huber_slope_at(e: f64, delta: f64) -> f64 {
    huber_gradient(&[0.0], &[e], delta).unwrap()[0]
}

/// A strictly positive probability distribution of length `n`.
fn distribution(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.001..1.0f64, n).prop_map(|w| {
        let sum: f64 = w.iter().sum();
        w.iter().map(|x| x / sum).collect()
    })
}

/// Two distributions over the same outcomes, `p` possibly with zeros.
fn distribution_pair() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (2..8usize).prop_flat_map(|n| {
        let p = prop::collection::vec(prop_oneof![1 => Just(0.0), 4 => 0.001..1.0f64], n)
            .prop_filter("all zero", |w| w.iter().any(|&x| x > 0.0))
            .prop_map(|w| {
                let sum: f64 = w.iter().sum();
                w.iter().map(|x| x / sum).collect::<Vec<f64>>()
            });
        (p, distribution(n))
    })
}

// ANCHOR: huber_bounds
proptest! {
    #[test]
    fn huber_lies_between_its_quadratic_and_linear_parts(
        e in -10.0..10.0f64,
        delta in 0.01..5.0f64,
    ) {
        let h = huber_at(e, delta);
        prop_assert!(h <= 0.5 * e * e + 1e-12);
        prop_assert!(h >= delta * e.abs() - 0.5 * delta * delta - 1e-12);
        prop_assert!(h <= delta * e.abs() + 1e-12);
    }
}
// ANCHOR_END: huber_bounds

// ANCHOR: huber_continuous_at_delta
proptest! {
    #[test]
    fn huber_and_its_slope_are_continuous_at_delta(delta in 0.01..5.0f64, side in prop::bool::ANY) {
        let edge = if side { delta } else { -delta };
        let h = 1e-9 * delta;
        let (below, above) = (edge - h, edge + h);
        prop_assert!((huber_at(below, delta) - huber_at(above, delta)).abs() <= 4.0 * h * delta);
        prop_assert!((huber_slope_at(below, delta) - huber_slope_at(above, delta)).abs() <= 4.0 * h);
        // Both pieces meet at exactly the same value: ½δ² = δ(δ − ½δ).
        assert_relative_eq!(huber_at(edge, delta), 0.5 * delta * delta, max_relative = 1e-14);
    }
}
// ANCHOR_END: huber_continuous_at_delta

// ANCHOR: huber_gradient_bound
proptest! {
    #[test]
    fn huber_gradient_is_bounded_by_delta(e in -100.0..100.0f64, delta in 0.01..5.0f64) {
        prop_assert!(huber_slope_at(e, delta).abs() <= delta);
    }
}
// ANCHOR_END: huber_gradient_bound

// ANCHOR: huber_smooth_l1
proptest! {
    #[test]
    fn huber_is_delta_times_smooth_l1(
        pairs in prop::collection::vec((-5.0..5.0f64, -5.0..5.0f64), 1..10),
        delta in 0.01..5.0f64,
    ) {
        let (y, p): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
        let h = huber(&y, &p, delta).unwrap();
        let s = smooth_l1(&y, &p, delta).unwrap();
        prop_assert!(relative_eq!(h, delta * s, max_relative = 1e-12, epsilon = 1e-15));
    }
}
// ANCHOR_END: huber_smooth_l1

// ANCHOR: doubling_errors
proptest! {
    #[test]
    fn doubling_an_error_quadruples_mse_but_doubles_mae(e in 0.01..10.0f64) {
        let (mse1, mse2) = (mse(&[0.0], &[e]).unwrap(), mse(&[0.0], &[2.0 * e]).unwrap());
        let (mae1, mae2) = (mae(&[0.0], &[e]).unwrap(), mae(&[0.0], &[2.0 * e]).unwrap());
        assert_relative_eq!(mse2 / mse1, 4.0, max_relative = 1e-12);
        assert_relative_eq!(mae2 / mae1, 2.0, max_relative = 1e-12);
    }
}
// ANCHOR_END: doubling_errors

// ANCHOR: robust_constants
proptest! {
    #[test]
    fn the_best_constant_is_the_mean_for_mse_and_a_median_for_mae(
        y in prop::collection::vec(-100.0..100.0f64, 1..20),
    ) {
        let mean = y.iter().sum::<f64>() / y.len() as f64;
        let fitted_mse = fit_constant(&y, mse_gradient).unwrap();
        prop_assert!((fitted_mse - mean).abs() <= 1e-9 * (1.0 + mean.abs()));

        let fitted_mae = fit_constant(&y, mae_gradient).unwrap();
        // A median: at most half the values lie strictly below it and at most half strictly above.
        let below = y.iter().filter(|&&v| v < fitted_mae - 1e-9).count();
        let above = y.iter().filter(|&&v| v > fitted_mae + 1e-9).count();
        prop_assert!(
            2 * below <= y.len() && 2 * above <= y.len(),
            "{} is not a median of {:?}",
            fitted_mae,
            y
        );
    }
}
// ANCHOR_END: robust_constants

// ANCHOR: outlier_drags_the_mean
proptest! {
    #[test]
    fn one_outlier_drags_the_mean_but_not_the_median(outlier in 10.0..1e6f64) {
        let y = [1.0, 2.0, 3.0, 4.0, outlier];
        let fitted_mse = fit_constant(&y, mse_gradient).unwrap();
        let fitted_mae = fit_constant(&y, mae_gradient).unwrap();
        assert_relative_eq!(fitted_mse, (10.0 + outlier) / 5.0, max_relative = 1e-9);
        assert_relative_eq!(fitted_mae, 3.0, max_relative = 1e-9);
    }
}
// ANCHOR_END: outlier_drags_the_mean

// ANCHOR: logit_gradients
proptest! {
    #[test]
    fn sigmoid_then_bce_has_logit_gradient_p_minus_y(z in -30.0..30.0f64, y in 0.0..=1.0f64) {
        let g = binary_cross_entropy_with_logits_gradient(&[y], &[z]).unwrap()[0];
        prop_assert!((g - (sigmoid(z) - y)).abs() <= 1e-15);
    }
}
// ANCHOR_END: logit_gradients

// ANCHOR: softmax_logit_gradients
proptest! {
    #[test]
    fn softmax_then_cross_entropy_has_logit_gradient_p_minus_y(
        logits in prop::collection::vec(-20.0..20.0f64, 5),
        label in 0..5usize,
    ) {
        let z = DMatrix::from_row_slice(1, 5, &logits);
        let g = softmax_cross_entropy_gradient(&z, ClassTargets::Labels(&[label]), 0.0).unwrap();
        let p = softmax(&z);
        for c in 0..5 {
            let y = f64::from(u8::from(c == label));
            prop_assert!((g[(0, c)] - (p[(0, c)] - y)).abs() <= 1e-15);
        }
    }
}
// ANCHOR_END: softmax_logit_gradients

// ANCHOR: cce_two_classes
proptest! {
    #[test]
    fn cce_with_two_classes_equals_bce(
        p in prop::collection::vec((0.001..0.999f64, prop::bool::ANY), 1..10),
    ) {
        let (prob, label): (Vec<f64>, Vec<f64>) = p.into_iter().map(|(p, y)| (p, f64::from(u8::from(y)))).unzip();
        let n = prob.len();
        let two_class_p = DMatrix::from_fn(n, 2, |i, c| if c == 1 { prob[i] } else { 1.0 - prob[i] });
        let two_class_y = DMatrix::from_fn(n, 2, |i, c| if c == 1 { label[i] } else { 1.0 - label[i] });
        assert_relative_eq!(
            categorical_cross_entropy(&two_class_y, &two_class_p).unwrap(),
            binary_cross_entropy(&label, &prob).unwrap(),
            max_relative = 1e-12
        );
    }
}
// ANCHOR_END: cce_two_classes

/// The α-weight of a 0/1 label `y`: α for positives, 1 − α for negatives.
fn class_weight(y: f64, alpha: f64) -> f64 {
    if y == 1.0 { alpha } else { 1.0 - alpha }
}

// ANCHOR: focal_gamma_zero
proptest! {
    #[test]
    fn focal_loss_with_gamma_zero_is_alpha_weighted_bce(
        p in 0.001..0.999f64,
        y in prop::bool::ANY,
        alpha in 0.0..=1.0f64,
    ) {
        let y = f64::from(u8::from(y));
        let bce = binary_cross_entropy(&[y], &[p]).unwrap();
        let focal = focal_loss(&[y], &[p], alpha, 0.0).unwrap();
        assert_relative_eq!(focal, class_weight(y, alpha) * bce, max_relative = 1e-12, epsilon = 1e-300);
    }
}
// ANCHOR_END: focal_gamma_zero

// ANCHOR: sigmoid_focal_gamma_zero
proptest! {
    #[test]
    fn sigmoid_focal_loss_with_gamma_zero_is_alpha_weighted_bce_with_logits(
        p in 0.001..0.999f64,
        y in prop::bool::ANY,
        alpha in 0.0..=1.0f64,
    ) {
        let (y, z) = (f64::from(u8::from(y)), (p / (1.0 - p)).ln());
        let bce = binary_cross_entropy_with_logits(&[y], &[z]).unwrap();
        let focal = sigmoid_focal_loss(&[y], &[z], alpha, 0.0).unwrap();
        assert_relative_eq!(focal, class_weight(y, alpha) * bce, max_relative = 1e-12, epsilon = 1e-300);
    }
}
// ANCHOR_END: sigmoid_focal_gamma_zero

// ANCHOR: focal_down_weighting
proptest! {
    #[test]
    fn focal_loss_down_weights_easy_examples_by_one_minus_pt_to_the_gamma(
        p_t in 0.01..0.99f64,
        gamma in 0.0..5.0f64,
    ) {
        let focal = focal_loss(&[1.0], &[p_t], 1.0, gamma).unwrap();
        let ratio = focal / binary_cross_entropy(&[1.0], &[p_t]).unwrap();
        assert_relative_eq!(ratio, (1.0 - p_t).powf(gamma), max_relative = 1e-12);
    }
}
// ANCHOR_END: focal_down_weighting

// ANCHOR: log_softmax_shift
proptest! {
    #[test]
    fn log_softmax_ignores_a_constant_added_to_the_logits(
        logits in prop::collection::vec(-50.0..50.0f64, 1..8),
        shift in -1e3..1e3f64,
    ) {
        let z = DMatrix::from_row_slice(1, logits.len(), &logits);
        let (a, b) = (log_softmax(&z), log_softmax(&z.add_scalar(shift)));
        for (x, y) in a.iter().zip(b.iter()) {
            prop_assert!((x - y).abs() <= 1e-10 * (1.0 + x.abs()), "{} vs {}", x, y);
        }
    }
}
// ANCHOR_END: log_softmax_shift

// ANCHOR: stable_bce
proptest! {
    #[test]
    fn bce_from_logits_is_finite_up_to_1e4_and_matches_the_naive_form(
        z in -1e4..1e4f64,
        y in 0.0..=1.0f64,
    ) {
        let stable = binary_cross_entropy_with_logits(&[y], &[z]).unwrap();
        prop_assert!(stable.is_finite());
        let p = 1.0 / (1.0 + (-z).exp());
        let naive = -(y * p.ln() + (1.0 - y) * (1.0 - p).ln());
        // Where the naive form is finite they agree, up to the naive form's own
        // rounding: 1 − p loses about ε/min(p, 1 − p) of relative accuracy.
        if naive.is_finite() {
            let naive_error = 1e-12 * (1.0 + naive.abs()) + 4.0 * f64::EPSILON / p.min(1.0 - p);
            prop_assert!((stable - naive).abs() <= naive_error, "{} vs {}", stable, naive);
        }
    }
}
// ANCHOR_END: stable_bce

// ANCHOR: cross_entropy_decomposes
proptest! {
    #[test]
    fn cross_entropy_is_entropy_plus_kl((p, q) in distribution_pair()) {
        let h_pq = cross_entropy(&p, &q).unwrap();
        let h_p = entropy(&p).unwrap();
        let kl = kl_divergence(&p, &q).unwrap();
        prop_assert!((h_pq - (h_p + kl)).abs() <= 1e-12 * (1.0 + h_pq.abs()));
    }
}
// ANCHOR_END: cross_entropy_decomposes

// ANCHOR: kl_non_negative
proptest! {
    #[test]
    fn kl_is_non_negative_so_cross_entropy_is_at_least_entropy((p, q) in distribution_pair()) {
        prop_assert!(kl_divergence(&p, &q).unwrap() >= -1e-15);
        prop_assert!(cross_entropy(&p, &q).unwrap() >= entropy(&p).unwrap() - 1e-12);
    }
}
// ANCHOR_END: kl_non_negative

// ANCHOR: equality_only_at_p
proptest! {
    #[test]
    fn cross_entropy_equals_entropy_only_when_the_distributions_are_equal(
        (p, q) in distribution_pair(),
    ) {
        prop_assert!(kl_divergence(&p, &p).unwrap().abs() <= 1e-15);
        let (h_pp, h_p) = (cross_entropy(&p, &p).unwrap(), entropy(&p).unwrap());
        assert_relative_eq!(h_pp, h_p, max_relative = 1e-12);
        let distance: f64 = p.iter().zip(&q).map(|(a, b)| (a - b).abs()).sum();
        if distance > 1e-3 {
            // Pinsker: KL >= ½‖p − q‖₁², so different distributions have a strictly larger cross-entropy.
            prop_assert!(kl_divergence(&p, &q).unwrap() >= 0.5 * distance * distance * (1.0 - 1e-9));
        }
    }
}
// ANCHOR_END: equality_only_at_p

// ANCHOR: zero_log_zero
#[test]
fn zero_log_zero_counts_as_zero() {
    assert_eq!(entropy(&[1.0, 0.0]).unwrap(), 0.0);
    assert_relative_eq!(
        entropy(&[0.5, 0.0, 0.5]).unwrap(),
        std::f64::consts::LN_2,
        max_relative = 1e-15
    );
}
// ANCHOR_END: zero_log_zero

// ANCHOR: zero_probability_costs_infinity
#[test]
fn coding_an_outcome_with_zero_probability_costs_infinity() {
    assert_eq!(
        cross_entropy(&[0.5, 0.5], &[1.0, 0.0]).unwrap(),
        f64::INFINITY
    );
    assert_eq!(
        kl_divergence(&[0.5, 0.5], &[1.0, 0.0]).unwrap(),
        f64::INFINITY
    );
}
// ANCHOR_END: zero_probability_costs_infinity

// ANCHOR: ce_and_kl_share_the_minimiser
#[test]
fn minimising_cross_entropy_over_q_minimises_kl_at_q_equals_p() {
    // H(p, q) and KL(p‖q) differ by H(p), which does not depend on q: both are smallest at q = p.
    let p = [0.3, 0.7];
    let grid: Vec<f64> = (1..1000).map(|i| f64::from(i) / 1000.0).collect();
    let argmin = |f: &dyn Fn(f64) -> f64| {
        grid.iter()
            .copied()
            .min_by(|a, b| f(*a).total_cmp(&f(*b)))
            .unwrap()
    };
    let by_ce = argmin(&|q| cross_entropy(&p, &[q, 1.0 - q]).unwrap());
    let by_kl = argmin(&|q| kl_divergence(&p, &[q, 1.0 - q]).unwrap());
    assert_eq!(by_ce, 0.3);
    assert_eq!(by_kl, 0.3);
}
// ANCHOR_END: ce_and_kl_share_the_minimiser

// ANCHOR: bce_is_likelihood
#[test]
fn bce_is_the_mean_negative_log_likelihood_of_a_bernoulli_model() {
    let y = [1.0, 0.0, 1.0, 1.0, 0.0];
    let p = [0.9, 0.1, 0.8, 0.7, 0.2];
    let likelihood: f64 = y
        .iter()
        .zip(&p)
        .map(|(&y, &p)| if y == 1.0 { p } else { 1.0 - p })
        .product();
    let bce = binary_cross_entropy(&y, &p).unwrap();
    assert_relative_eq!(bce, -likelihood.ln() / 5.0, max_relative = 1e-12);
}
// ANCHOR_END: bce_is_likelihood

// ANCHOR: faq_q1
#[test]
fn a_saturated_wrong_sigmoid_kills_the_mse_gradient_but_not_the_bce_gradient() {
    // A positive example (y = 1) that the model is sure is negative: p = σ(−10) ≈ 4.5e-5.
    let (y, z) = ([1.0], [-10.0]);
    let mse_gradient = sigmoid_mse_logit_gradient(&y, &z).unwrap()[0];
    let bce_gradient = binary_cross_entropy_with_logits_gradient(&y, &z).unwrap()[0];
    assert!(
        mse_gradient.abs() < 1e-4,
        "MSE's logit gradient {mse_gradient} should vanish"
    );
    assert!(
        bce_gradient.abs() > 0.99,
        "BCE's logit gradient {bce_gradient} should stay near −1"
    );
}
// ANCHOR_END: faq_q1

// ANCHOR: mean_of_per_example
proptest! {
    #[test]
    fn a_loss_is_the_mean_of_its_per_example_losses(
        pairs in prop::collection::vec((-5.0..5.0f64, -5.0..5.0f64), 1..10),
    ) {
        let (y, p): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
        let per_example: f64 = y.iter().zip(&p).map(|(&y, &p)| huber(&[y], &[p], 1.0).unwrap()).sum::<f64>() / y.len() as f64;
        prop_assert!((huber(&y, &p, 1.0).unwrap() - per_example).abs() <= 1e-12);
    }
}
// ANCHOR_END: mean_of_per_example

// ANCHOR: mae_kink
#[test]
fn mae_has_no_derivative_at_zero_and_lossbook_uses_the_subgradient_zero() {
    let h = 1e-7;
    let at = |p: f64| mae(&[0.0], &[p]).unwrap();
    let right = (at(h) - at(0.0)) / h;
    let left = (at(0.0) - at(-h)) / h;
    assert_relative_eq!(right, 1.0, max_relative = 1e-9);
    assert_relative_eq!(left, -1.0, max_relative = 1e-9);
    assert_eq!(mae_gradient(&[0.0], &[0.0]).unwrap()[0], 0.0);
}
// ANCHOR_END: mae_kink

// ANCHOR: clip_vs_floor
#[test]
fn the_articles_clipping_and_pytorchs_log_floor_differ_only_at_the_edges() {
    // Away from 0 and 1 both are the exact BCE.
    let (y, p) = ([1.0, 0.0, 1.0], [0.3, 0.6, 0.999]);
    assert_relative_eq!(
        binary_cross_entropy(&y, &p).unwrap(),
        binary_cross_entropy_log_floor(&y, &p).unwrap(),
        max_relative = 1e-14
    );
    // A confident wrong answer: the article pays −ln(1e−15) ≈ 34.5, PyTorch pays 100.
    assert_relative_eq!(
        binary_cross_entropy(&[1.0], &[0.0]).unwrap(),
        -(1e-15f64.ln()),
        max_relative = 1e-12
    );
    assert_eq!(
        binary_cross_entropy_log_floor(&[1.0], &[0.0]).unwrap(),
        100.0
    );
}
// ANCHOR_END: clip_vs_floor

// ANCHOR: focal_formula
#[test]
fn the_articles_focal_formula_is_the_positive_case_of_its_code() {
    // −α(1 − ŷ)^γ log ŷ is the y = 1 term; for y = 0 the code uses 1 − α and 1 − ŷ.
    let (alpha, gamma) = (0.25, 2.0);
    let formula = |p: f64| -alpha * (1.0f64 - p).powf(gamma) * p.ln();
    let code = |y: f64, p: f64| focal_loss(&[y], &[p], alpha, gamma).unwrap();
    for p in [0.1, 0.5, 0.9] {
        assert_relative_eq!(code(1.0, p), formula(p), max_relative = 1e-12);
        let negative = -(1.0 - alpha) * p.powf(gamma) * (1.0 - p).ln();
        assert_relative_eq!(code(0.0, p), negative, max_relative = 1e-12);
    }
    // Read for every example, the article's formula would make a negative
    // (y = 0) predicted at ŷ = 0.9 cost less than one rightly at ŷ = 0.1.
    assert!(formula(0.9) < formula(0.1));
    assert!(code(0.0, 0.9) > code(0.0, 0.1));
}
// ANCHOR_END: focal_formula

// ANCHOR: metric_behaviour
// ANCHOR: contrastive_behaviour
#[test]
fn contrastive_loss_pulls_similar_pairs_and_pushes_dissimilar_ones_until_the_margin() {
    use lossbook::loss::metric::contrastive_loss_gradient;
    // The slope for label y at distance D, margin 1; descent moves D against it.
    let slope = |y: f64, d: f64| contrastive_loss_gradient(&[y], &[d], 1.0).unwrap()[0];
    assert!(slope(0.0, 0.5) > 0.0, "a similar pair's distance shrinks");
    assert!(slope(1.0, 0.5) < 0.0, "close dissimilar pairs move apart");
    assert_eq!(slope(1.0, 1.5), 0.0, "past the margin: left alone");
}
// ANCHOR_END: contrastive_behaviour

// ANCHOR: triplet_zero_beyond_the_margin
#[test]
fn triplet_loss_is_zero_once_the_negative_is_a_margin_further_than_the_positive() {
    use lossbook::loss::metric::triplet_margin_loss;
    let row = |x: f64| DMatrix::from_row_slice(1, 1, &[x]);
    // Anchor at 0, positive at 1 (d(a, p) = 1), margin 1, negative at `x`.
    let loss = |x: f64| triplet_margin_loss(&row(0.0), &row(1.0), &row(x), 1.0).unwrap();
    // At distance 2.5 the negative is more than the margin further away.
    assert_eq!(loss(2.5), 0.0);
    // At 1.5 it is only 0.5 further: the loss is 1 − 0.5 = 0.5 (up to PyTorch's ε).
    assert_relative_eq!(loss(1.5), 0.5, max_relative = 1e-5);
}
// ANCHOR_END: triplet_zero_beyond_the_margin

// ANCHOR: triplet_distance_eps
#[test]
fn pytorchs_triplet_distance_adds_eps_to_each_coordinate() {
    use lossbook::loss::metric::{TRIPLET_EPSILON, triplet_margin_loss};
    // Identical anchor and positive are ε√D apart, not 0: with D = 4, 2ε.
    let zeros = DMatrix::zeros(1, 4);
    let far = DMatrix::from_element(1, 4, 10.0);
    let loss = triplet_margin_loss(&zeros, &zeros, &far, 100.0).unwrap();
    let d_neg = (4.0 * (-10.0f64 + TRIPLET_EPSILON).powi(2)).sqrt();
    let expected = 2.0 * TRIPLET_EPSILON - d_neg + 100.0;
    assert_relative_eq!(loss, expected, max_relative = 1e-14);
}
// ANCHOR_END: triplet_distance_eps
// ANCHOR_END: metric_behaviour

// ANCHOR: reductions
proptest! {
    #[test]
    fn sum_mean_and_none_reduce_the_same_per_element_losses(
        pairs in prop::collection::vec((-5.0..5.0f64, -5.0..5.0f64), 1..10),
    ) {
        let (y, p): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
        let each = elementwise(mse, &y, &p).unwrap();
        for ((&yi, &pi), &li) in y.iter().zip(&p).zip(&each) {
            prop_assert_eq!(li, (pi - yi) * (pi - yi));
        }
        let n = y.len() as f64;
        let (sum, mean) = (Reduction::Sum.apply(each.clone()), Reduction::Mean.apply(each.clone()));
        prop_assert_eq!(mean[0], mse(&y, &p).unwrap());
        prop_assert!((sum[0] - n * mean[0]).abs() <= 1e-12 * sum[0].max(1.0));
        prop_assert_eq!(Reduction::None.apply(each.clone()), each);
        let slopes = elementwise_gradient(mse_gradient, &y, &p).unwrap();
        prop_assert_eq!(Reduction::Mean.apply_to_gradient(slopes), mse_gradient(&y, &p).unwrap());
    }
}
// ANCHOR_END: reductions

// ANCHOR: quantile_minimiser
proptest! {
    #[test]
    fn the_constant_minimising_the_pinball_loss_is_the_tau_quantile(
        y in prop::collection::vec(-10.0..10.0f64, 1..12), tau in 0.05..0.95f64,
    ) {
        let c = fit_constant(&y, |y, p| quantile_loss_gradient(y, p, tau)).unwrap();
        let mut sorted = y.clone();
        sorted.sort_by(f64::total_cmp);
        // The τ-quantile: the smallest yᵢ with at least a fraction τ of the data at or below it.
        let q = sorted[((tau * y.len() as f64).ceil() as usize).max(1) - 1];
        let loss = |c: f64| quantile_loss(&y, &vec![c; y.len()], tau).unwrap();
        prop_assert!((loss(c) - loss(q)).abs() <= 1e-9 * (1.0 + loss(q)));
        for &other in &sorted {
            prop_assert!(loss(q) <= loss(other) + 1e-12 && loss(q) <= loss(other + 0.5) + 1e-12);
        }
    }
}
// ANCHOR_END: quantile_minimiser

// ANCHOR: log_cosh_limits
#[test]
fn log_cosh_is_half_the_square_near_zero_and_abs_minus_ln2_far_out() {
    for e in [1e-8, 1e-4, 1e-2, 0.1] {
        let near = log_cosh(&[0.0], &[e]).unwrap();
        // log cosh e = e²/2 − e⁴/12 + …
        assert!(
            (near - e * e / 2.0).abs() <= e.powi(4) / 12.0 * 1.01 + 1e-300,
            "{e}"
        );
    }
    for e in [5.0, 20.0, 1e3, 1e300] {
        let far = log_cosh(&[0.0], &[-e]).unwrap();
        let line = e - std::f64::consts::LN_2;
        // The gap is log(1 + e^{−2e}) ≤ e^{−2e}.
        assert!(
            (far - line).abs() <= (-2.0 * e).exp() + 4.0 * f64::EPSILON * e,
            "{e}"
        );
    }
}
// ANCHOR_END: log_cosh_limits

// ANCHOR: gaussian_nll_is_mse
proptest! {
    #[test]
    fn gaussian_nll_at_a_fixed_variance_is_mse_rescaled(
        pairs in prop::collection::vec((-5.0..5.0f64, -5.0..5.0f64), 1..10),
        sigma in 0.1..3.0f64,
    ) {
        let (y, p): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
        let v = sigma * sigma;
        let nll = gaussian_nll(&y, &p, &[v], false, GAUSSIAN_NLL_EPS).unwrap();
        let mse = mse(&y, &p).unwrap();
        prop_assert!((nll - (0.5 * v.ln() + mse / (2.0 * v))).abs() <= 1e-12 * (1.0 + nll.abs()));
        // Same gradient direction as MSE, 1/(2σ²) as large: the same minimiser.
        let gradient = gaussian_nll_gradient(&y, &p, &[v], GAUSSIAN_NLL_EPS).unwrap();
        for (g, m) in gradient.prediction.iter().zip(mse_gradient(&y, &p).unwrap()) {
            prop_assert!((g - m / (2.0 * v)).abs() <= 1e-12 * (1.0 + m.abs()));
        }
        // And the best shared variance is the MSE itself: its slope is 0 there.
        if mse > 1e-6 {
            let at_mse = gaussian_nll_gradient(&y, &p, &[mse], GAUSSIAN_NLL_EPS).unwrap();
            prop_assert!(at_mse.variance[0].abs() <= 1e-12 / mse);
        }
    }
}
// ANCHOR_END: gaussian_nll_is_mse

// ANCHOR: hinge_bounds_errors
proptest! {
    #[test]
    fn the_hinge_loss_bounds_the_error_rate_and_is_zero_beyond_the_margin(
        pairs in prop::collection::vec((-3.0..3.0f64, prop::bool::ANY), 1..12),
    ) {
        let (z, y): (Vec<f64>, Vec<f64>) = pairs.into_iter().map(|(z, y)| (z, f64::from(u8::from(y)))).unzip();
        // A wrong sign (or a score of 0) costs at least 1, so the mean is at least the error rate.
        let wrong = z.iter().zip(&y).filter(|&(&z, &y)| (2.0 * y - 1.0) * z <= 0.0).count();
        prop_assert!(hinge_loss(&y, &z).unwrap() >= wrong as f64 / z.len() as f64);
        // Scores pushed past the margin on the right side cost exactly 0.
        let safe: Vec<f64> = y.iter().map(|&y| (2.0 * y - 1.0) * 1.5).collect();
        prop_assert_eq!(hinge_loss(&y, &safe).unwrap(), 0.0);
    }
}
// ANCHOR_END: hinge_bounds_errors

// ANCHOR: nt_xent_properties
proptest! {
    #[test]
    fn nt_xent_sees_only_directions_and_has_a_closed_form_for_orthogonal_pairs(
        a in prop::collection::vec(-2.0..2.0f64, 6), b in prop::collection::vec(-2.0..2.0f64, 6),
        scale in prop::collection::vec(0.1..10.0f64, 2), temperature in 0.05..2.0f64,
    ) {
        use lossbook::loss::metric::nt_xent_loss;
        let (a, b) = (DMatrix::from_row_slice(2, 3, &a), DMatrix::from_row_slice(2, 3, &b));
        prop_assume!(a.row_iter().chain(b.row_iter()).all(|r| r.norm() > 0.1));
        // Cosine similarity: stretching any row changes nothing.
        let mut stretched = a.clone();
        for (i, &s) in scale.iter().enumerate() { stretched.row_mut(i).scale_mut(s); }
        let loss = nt_xent_loss(&a, &b, temperature).unwrap();
        prop_assert!((nt_xent_loss(&stretched, &b, temperature).unwrap() - loss).abs() <= 1e-12 * (1.0 + loss));
        // Identical views along orthogonal axes: each row sees 1/τ once and 0 at the
        // 2N − 2 negatives, so ℓ = log(e^{1/τ} + 2N − 2) − 1/τ.
        let axes = DMatrix::<f64>::identity(2, 3);
        let n = 2.0;
        let expected = ((1.0 / temperature).exp() + 2.0 * n - 2.0).ln() - 1.0 / temperature;
        let closed = nt_xent_loss(&axes, &axes, temperature).unwrap();
        prop_assert!((closed - expected).abs() <= 1e-12 * (1.0 + expected), "{} vs {}", closed, expected);
    }
}
// ANCHOR_END: nt_xent_properties
