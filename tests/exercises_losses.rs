//! Solutions to the exercises of the loss chapters (and the FAQ), one test
//! per exercise. The book shows each test under its exercise.
//!
//! Every expected number was worked out by hand (or with an independent
//! Python loop where stated), never by lossbook; the arithmetic is in the
//! comment next to it. Each test takes milliseconds.

use approx::assert_relative_eq;
use lossbook::info::{cross_entropy, entropy, kl_divergence};
use lossbook::loss::classification::*;
use lossbook::loss::metric::*;
use lossbook::loss::regression::*;
use lossbook::objective::{LinearRegression, Objective};
use lossbook::optim::{Adam, AdamW, Optimizer};
use nalgebra::{DMatrix, DVector};

/// The article's regression example.
const Y_TRUE: [f64; 4] = [1.0, 2.0, 3.0, 4.0];
const Y_PRED: [f64; 4] = [1.1, 2.2, 2.8, 4.1];

fn assert_all_close(actual: &[f64], expected: &[f64], tolerance: f64) {
    assert_eq!(actual.len(), expected.len());
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= tolerance,
            "component {i}: got {a}, expected {e}"
        );
    }
}

/// The slice followed by a copy of itself.
fn twice(values: &[f64]) -> Vec<f64> {
    values.iter().chain(values).copied().collect()
}

// ANCHOR: exercise_loss_functions_1
#[test]
fn duplicating_the_data_keeps_the_mean_loss_and_halves_each_gradient() {
    let (twice_true, twice_pred) = (twice(&Y_TRUE), twice(&Y_PRED));
    // Squared errors 0.01, 0.04, 0.04, 0.01 sum to 0.1; twice that over 8 is still 0.025.
    let twice_loss = mse(&twice_true, &twice_pred).unwrap();
    assert_relative_eq!(twice_loss, 0.025, max_relative = 1e-12);
    // Each prediction's gradient is 2e/N: with N = 4, 2·(0.1, 0.2, −0.2, 0.1)/4 …
    let once = mse_gradient(&Y_TRUE, &Y_PRED).unwrap();
    assert_all_close(&once, &[0.05, 0.1, -0.1, 0.05], 1e-12);
    // … and with N = 8 every copy gets half of that.
    let twice_gradient = mse_gradient(&twice_true, &twice_pred).unwrap();
    assert_all_close(&twice_gradient, &twice(&[0.025, 0.05, -0.05, 0.025]), 1e-12);
}
// ANCHOR_END: exercise_loss_functions_1

// ANCHOR: exercise_loss_functions_2
#[test]
fn swapping_target_and_prediction_is_harmless_for_regression_but_not_for_bce() {
    // MSE, MAE and Huber depend on |ŷ − y| only: the order does not matter.
    assert_eq!(mse(&Y_TRUE, &Y_PRED), mse(&Y_PRED, &Y_TRUE));
    assert_eq!(mae(&Y_TRUE, &Y_PRED), mae(&Y_PRED, &Y_TRUE));
    assert_eq!(huber(&Y_TRUE, &Y_PRED, 0.5), huber(&Y_PRED, &Y_TRUE, 0.5));
    // BCE in the right order: label 1, probability 0.9 costs −ln 0.9 = 0.1054.
    let right = binary_cross_entropy(&[1.0], &[0.9]).unwrap();
    assert_relative_eq!(right, -(0.9f64.ln()), max_relative = 1e-12);
    // Swapped, the "probability" 1.0 is clipped to 1 − 1e-15 and the label 0.9
    // leaves weight 0.1 on log(1 − p) ≈ ln(1e-15) = −34.54: about 3.454, 33 times more.
    let swapped = binary_cross_entropy(&[0.9], &[1.0]).unwrap();
    assert_relative_eq!(swapped, 3.454, max_relative = 1e-3);
    assert!(swapped > 30.0 * right);
}
// ANCHOR_END: exercise_loss_functions_2

// ANCHOR: exercise_regression_1
#[test]
fn mse_and_mae_gradients_on_the_articles_example() {
    // Errors e = ŷ − y = (0.1, 0.2, −0.2, 0.1), N = 4.
    // MSE: 2e/N = (0.05, 0.1, −0.1, 0.05): proportional to the error.
    assert_all_close(
        &mse_gradient(&Y_TRUE, &Y_PRED).unwrap(),
        &[0.05, 0.1, -0.1, 0.05],
        1e-12,
    );
    // MAE: sign(e)/N = (0.25, 0.25, −0.25, 0.25): the same size for every error.
    assert_all_close(
        &mae_gradient(&Y_TRUE, &Y_PRED).unwrap(),
        &[0.25, 0.25, -0.25, 0.25],
        1e-12,
    );
}
// ANCHOR_END: exercise_regression_1

// ANCHOR: exercise_regression_2
#[test]
fn a_smaller_huber_delta_clips_the_two_larger_errors() {
    // δ = 0.5: every |e| ≤ 0.5, so Huber is ½e² throughout: (0.005 + 0.02 + 0.02 + 0.005)/4.
    assert_relative_eq!(
        huber(&Y_TRUE, &Y_PRED, 0.5).unwrap(),
        0.0125,
        max_relative = 1e-12
    );
    // δ = 0.15: the errors ±0.2 now fall in the linear part, δ(|e| − δ/2) = 0.15 · 0.125
    // = 0.01875 each, so L = (0.005 + 0.01875 + 0.01875 + 0.005)/4 = 0.011875.
    assert_relative_eq!(
        huber(&Y_TRUE, &Y_PRED, 0.15).unwrap(),
        0.011875,
        max_relative = 1e-12
    );
    // The gradient clamp(e, −δ, δ)/N: (0.1, 0.15, −0.15, 0.1)/4.
    assert_all_close(
        &huber_gradient(&Y_TRUE, &Y_PRED, 0.15).unwrap(),
        &[0.025, 0.0375, -0.0375, 0.025],
        1e-12,
    );
}
// ANCHOR_END: exercise_regression_2

// ANCHOR: exercise_regression_3
#[test]
fn the_best_constant_for_0_0_0_10_under_each_loss() {
    let y = [0.0, 0.0, 0.0, 10.0];
    // MSE: the mean, 10/4 = 2.5.
    let by_mse = fit_constant(&y, mse_gradient).unwrap();
    assert!((by_mse - 2.5).abs() < 1e-12, "{by_mse}");
    // MAE: a median; the only one is 0.
    let by_mae = fit_constant(&y, mae_gradient).unwrap();
    assert!(by_mae.abs() < 1e-12, "{by_mae}");
    // Huber: Σ clamp(c − yᵢ, −δ, δ) = 0. For c < δ and 10 − c > δ that is 3c − δ = 0,
    // so c = δ/3 — valid while δ/3 + δ ≤ 10, i.e. δ ≤ 7.5.
    for delta in [1.0, 2.0, 6.0] {
        let by_huber = fit_constant(&y, |y, p| huber_gradient(y, p, delta)).unwrap();
        assert!(
            (by_huber - delta / 3.0).abs() < 1e-12,
            "δ = {delta}: {by_huber}"
        );
    }
    // δ = 8 ≥ 7.5: every residual at c = 2.5 (−2.5 and 7.5) is inside δ, so Huber is the mean.
    let wide = fit_constant(&y, |y, p| huber_gradient(y, p, 8.0)).unwrap();
    assert!((wide - 2.5).abs() < 1e-12, "{wide}");
}
// ANCHOR_END: exercise_regression_3

// ANCHOR: exercise_classification_1
#[test]
fn bce_gradient_on_the_articles_example_by_probability_and_by_logit() {
    let y = [1.0, 0.0, 1.0, 1.0, 0.0];
    let p = [0.9, 0.1, 0.8, 0.7, 0.2];
    // ∂L/∂p = −(y/p − (1 − y)/(1 − p))/N with N = 5:
    // −1/(0.9·5), 1/(0.9·5), −1/(0.8·5), −1/(0.7·5), 1/(0.8·5).
    let by_probability = [-1.0 / 4.5, 1.0 / 4.5, -0.25, -1.0 / 3.5, 0.25];
    assert_all_close(
        &binary_cross_entropy_gradient(&y, &p).unwrap(),
        &by_probability,
        1e-12,
    );
    // Through the sigmoid, dp/dz = p(1 − p): ∂L/∂z = (p − y)/N
    // = (−0.1, 0.1, −0.2, −0.3, 0.2)/5. The 1/p blow-up has cancelled.
    let logits: Vec<f64> = p.iter().map(|&p| (p / (1.0 - p)).ln()).collect();
    assert_all_close(
        &binary_cross_entropy_with_logits_gradient(&y, &logits).unwrap(),
        &[-0.02, 0.02, -0.04, -0.06, 0.04],
        1e-12,
    );
}
// ANCHOR_END: exercise_classification_1

// ANCHOR: exercise_classification_2
#[test]
fn label_smoothing_makes_overconfident_logits_expensive() {
    let s = 0.1;
    // Label 0 of 3 classes becomes y' = (1 − s)·(1, 0, 0) + s/3 = (14/15, 1/30, 1/30).
    let smoothed = [14.0 / 15.0, 1.0 / 30.0, 1.0 / 30.0];
    // The best logits give softmax = y', e.g. z = ln y'. The loss is then the entropy
    // H(y') = −(14/15 · ln(14/15) + 2/30 · ln(1/30)) = 0.064394 + 0.226746 = 0.291140.
    let best = DMatrix::from_row_slice(1, 3, &smoothed.map(f64::ln));
    let at_best = softmax_cross_entropy(&best, ClassTargets::Labels(&[0]), s).unwrap();
    assert_relative_eq!(at_best, 0.291_140, max_relative = 1e-5);
    // There the gradient softmax − y' is zero: no push to grow the logits further.
    let gradient = softmax_cross_entropy_gradient(&best, ClassTargets::Labels(&[0]), s).unwrap();
    assert!(gradient.amax() < 1e-12);
    // A very confident z = (20, 0, 0): without smoothing nearly free (2e^−20 ≈ 4e-9),
    // with smoothing about s·(2/3)·20 = 1.33, more than four times the best loss.
    let confident = DMatrix::from_row_slice(1, 3, &[20.0, 0.0, 0.0]);
    let plain = softmax_cross_entropy(&confident, ClassTargets::Labels(&[0]), 0.0).unwrap();
    let smooth = softmax_cross_entropy(&confident, ClassTargets::Labels(&[0]), s).unwrap();
    assert!(plain < 1e-8, "{plain}");
    assert_relative_eq!(smooth, 4.0 / 3.0, max_relative = 1e-6);
}
// ANCHOR_END: exercise_classification_2

// ANCHOR: exercise_classification_3
#[test]
fn clipping_and_the_log_floor_on_confidently_wrong_predictions() {
    // Label 1, probability 1e-20: clipping raises p to 1e-15, so the article's BCE is
    // −ln 1e-15 = 34.539; PyTorch's floor is not reached: −ln 1e-20 = 46.052.
    assert_relative_eq!(
        binary_cross_entropy(&[1.0], &[1e-20]).unwrap(),
        34.538_776,
        max_relative = 1e-7
    );
    assert_relative_eq!(
        binary_cross_entropy_log_floor(&[1.0], &[1e-20]).unwrap(),
        46.051_702,
        max_relative = 1e-7
    );
    // Probability 1e-50: still 34.539 after clipping; ln 1e-50 = −115.13 is floored at −100.
    assert_relative_eq!(
        binary_cross_entropy(&[1.0], &[1e-50]).unwrap(),
        34.538_776,
        max_relative = 1e-7
    );
    assert_eq!(
        binary_cross_entropy_log_floor(&[1.0], &[1e-50]).unwrap(),
        100.0
    );
}
// ANCHOR_END: exercise_classification_3

// ANCHOR: exercise_information_1
#[test]
fn entropy_cross_entropy_and_kl_of_a_fair_coin_coded_as_a_biased_one() {
    let (p, q) = ([0.5, 0.5], [0.25, 0.75]);
    // H(p) = ln 2 = 0.693147 nats (1 bit).
    assert_relative_eq!(
        entropy(&p).unwrap(),
        std::f64::consts::LN_2,
        max_relative = 1e-12
    );
    // H(p, q) = −½ ln ¼ − ½ ln ¾ = ½ ln(16/3) = 0.836988.
    let h_pq = cross_entropy(&p, &q).unwrap();
    assert_relative_eq!(h_pq, 0.5 * (16.0f64 / 3.0).ln(), max_relative = 1e-12);
    // D_KL = H(p, q) − H(p) = ½ ln(4/3) = 0.143841 nats, 0.2075 bits.
    let kl = kl_divergence(&p, &q).unwrap();
    assert_relative_eq!(kl, 0.5 * (4.0f64 / 3.0).ln(), max_relative = 1e-12);
    assert_relative_eq!(kl / std::f64::consts::LN_2, 0.2075, max_relative = 1e-3);
}
// ANCHOR_END: exercise_information_1

// ANCHOR: exercise_information_2
#[test]
fn with_a_one_hot_target_cross_entropy_kl_and_cce_coincide() {
    let (p, q) = ([1.0, 0.0, 0.0], [0.7, 0.2, 0.1]);
    // H(p) = 0 for a certain outcome, so H(p, q) = D_KL(p‖q) = −ln 0.7 = 0.356675.
    let expected = -(0.7f64.ln());
    assert_eq!(entropy(&p).unwrap(), 0.0);
    assert_relative_eq!(
        cross_entropy(&p, &q).unwrap(),
        expected,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        kl_divergence(&p, &q).unwrap(),
        expected,
        max_relative = 1e-12
    );
    // … and that is the first row's term of the article's CCE example.
    let one_row = categorical_cross_entropy(
        &DMatrix::from_row_slice(1, 3, &p),
        &DMatrix::from_row_slice(1, 3, &q),
    )
    .unwrap();
    assert_relative_eq!(one_row, expected, max_relative = 1e-12);
}
// ANCHOR_END: exercise_information_2

// ANCHOR: exercise_information_3
#[test]
fn kl_divergence_is_not_symmetric() {
    let (p, q) = ([0.5, 0.5], [0.25, 0.75]);
    // D(p‖q) = ½ ln 2 + ½ ln(2/3) = ½ ln(4/3) = 0.143841;
    // D(q‖p) = ¼ ln ½ + ¾ ln(3/2) = −0.173287 + 0.304099 = 0.130812.
    assert_relative_eq!(
        kl_divergence(&p, &q).unwrap(),
        0.143_841,
        max_relative = 1e-5
    );
    assert_relative_eq!(
        kl_divergence(&q, &p).unwrap(),
        0.130_812,
        max_relative = 1e-5
    );
    // With a q that rules out an outcome p allows, one direction is infinite:
    // D(p‖(1, 0)) = ∞, but D((1, 0)‖p) = ln(1/0.5) = ln 2.
    assert_eq!(kl_divergence(&p, &[1.0, 0.0]).unwrap(), f64::INFINITY);
    assert_relative_eq!(
        kl_divergence(&[1.0, 0.0], &p).unwrap(),
        std::f64::consts::LN_2,
        max_relative = 1e-12
    );
}
// ANCHOR_END: exercise_information_3

// ANCHOR: exercise_other_losses_1
#[test]
fn focal_loss_widens_the_gap_between_hard_and_easy_examples() {
    let (alpha, gamma) = (0.25, 2.0);
    // Positive examples, easy (p = 0.9) and hard (p = 0.1).
    // Focal: α(1 − p)^γ(−ln p) = 0.25 · 0.01 · 0.105361 = 2.634e-4 and 0.25 · 0.81 · 2.302585 = 0.466273.
    let easy = focal_loss(&[1.0], &[0.9], alpha, gamma).unwrap();
    let hard = focal_loss(&[1.0], &[0.1], alpha, gamma).unwrap();
    assert_relative_eq!(easy, 2.634_013e-4, max_relative = 1e-5);
    assert_relative_eq!(hard, 0.466_273, max_relative = 1e-5);
    // Plain BCE weighs the hard example ln 0.1/ln 0.9 = 21.85 times the easy one;
    // focal loss multiplies that by 0.81/0.01 = 81, to 1770.
    let bce_ratio = binary_cross_entropy(&[1.0], &[0.1]).unwrap()
        / binary_cross_entropy(&[1.0], &[0.9]).unwrap();
    assert_relative_eq!(bce_ratio, 21.854_35, max_relative = 1e-5);
    assert_relative_eq!(hard / easy, 1770.202, max_relative = 1e-5);
    // γ = 0 removes the modulation: only α is left, the ratio is BCE's again.
    let flat = focal_loss(&[1.0], &[0.1], alpha, 0.0).unwrap()
        / focal_loss(&[1.0], &[0.9], alpha, 0.0).unwrap();
    assert_relative_eq!(flat, bce_ratio, max_relative = 1e-12);
}
// ANCHOR_END: exercise_other_losses_1

// ANCHOR: exercise_other_losses_2
#[test]
fn contrastive_loss_and_gradient_for_three_pairs() {
    // y = 0 similar, y = 1 dissimilar; margin m = 1; N = 3.
    let (label, distance) = ([0.0, 1.0, 1.0], [0.5, 0.5, 1.5]);
    // Losses ½·0.5² = 0.125, ½(1 − 0.5)² = 0.125, ½ max(0, 1 − 1.5)² = 0; mean 0.25/3.
    let loss = contrastive_loss(&label, &distance, 1.0).unwrap();
    assert_relative_eq!(loss, 0.25 / 3.0, max_relative = 1e-12);
    // ∂ℓ/∂D = (1 − y)D − y max(0, m − D): 0.5, −0.5, 0; each divided by N = 3.
    let gradient = contrastive_loss_gradient(&label, &distance, 1.0).unwrap();
    assert_all_close(&gradient, &[0.5 / 3.0, -0.5 / 3.0, 0.0], 1e-12);
}
// ANCHOR_END: exercise_other_losses_2

/// Two triplets around an anchor at the origin, with points at distance 5
/// (3, 4) and 10 (6, 8): the first has its positive nearer, the second swaps them.
fn two_triplets() -> [DMatrix<f64>; 3] {
    let anchor = DMatrix::zeros(2, 2);
    let positive = DMatrix::from_row_slice(2, 2, &[3.0, 4.0, 6.0, 8.0]);
    let negative = DMatrix::from_row_slice(2, 2, &[6.0, 8.0, 3.0, 4.0]);
    [anchor, positive, negative]
}

/// Row `i` of `m`, as a vector.
fn row(m: &DMatrix<f64>, i: usize) -> Vec<f64> {
    m.row(i).iter().copied().collect()
}

// ANCHOR: exercise_other_losses_3
#[test]
fn a_batch_of_two_triplets_one_satisfied_one_violated() {
    let [anchor, positive, negative] = two_triplets();
    // Margin 1. Row 1: max(0, 5 − 10 + 1) = 0. Row 2 (roles swapped): 10 − 5 + 1 = 6. Mean 3.
    // PyTorch's ε shifts both distances by −1.4ε to first order, which cancels.
    let loss = triplet_margin_loss(&anchor, &positive, &negative, 1.0).unwrap();
    assert!((loss - 3.0).abs() < 1e-9, "{loss}");
}
// ANCHOR_END: exercise_other_losses_3

// ANCHOR: exercise_other_losses_3_gradient
#[test]
fn only_the_violated_triplet_gets_a_gradient() {
    let [anchor, positive, negative] = two_triplets();
    let gradient = triplet_margin_loss_gradient(&anchor, &positive, &negative, 1.0).unwrap();
    // The satisfied triplet gets no gradient at all.
    assert_eq!(gradient.positive.row(0).amax(), 0.0);
    assert_eq!(gradient.negative.row(0).amax(), 0.0);
    // The violated one: ∂/∂p = −(a − p)/d(a, p)/N = (6, 8)/10/2 = (0.3, 0.4), so a
    // descent step moves p towards the anchor; ∂/∂n = (a − n)/d(a, n)/N = (−0.3, −0.4)
    // moves n away from it.
    assert_all_close(&row(&gradient.positive, 1), &[0.3, 0.4], 1e-6);
    assert_all_close(&row(&gradient.negative, 1), &[-0.3, -0.4], 1e-6);
}
// ANCHOR_END: exercise_other_losses_3_gradient

// ANCHOR: exercise_faq_1
#[test]
fn the_mse_logit_gradient_never_exceeds_8_over_27() {
    // For y = 1, |∂/∂z (σ − 1)²| = 2(1 − p)²p with p = σ(z). Its derivative in p,
    // 2(1 − p)(1 − 3p), vanishes at p = 1/3, i.e. z = ln(½) = −ln 2, where the
    // gradient is 2 · (4/9) · (1/3) = 8/27 = 0.2963.
    let peak = sigmoid_mse_logit_gradient(&[1.0], &[-std::f64::consts::LN_2]).unwrap()[0];
    assert_relative_eq!(peak, -8.0 / 27.0, max_relative = 1e-12);
    let logits: Vec<f64> = (-2000..=2000).map(|k| f64::from(k) / 100.0).collect();
    let targets = vec![1.0; logits.len()];
    let n = logits.len() as f64;
    let largest = sigmoid_mse_logit_gradient(&targets, &logits)
        .unwrap()
        .iter()
        .fold(0.0f64, |m, g| m.max((g * n).abs()));
    assert!(largest <= 8.0 / 27.0 + 1e-12, "{largest}");
    // BCE's logit gradient σ(z) − 1 reaches −1 + σ(−20) ≈ −1 at the same grid's end.
    let bce = binary_cross_entropy_with_logits_gradient(&[1.0], &[-20.0]).unwrap()[0];
    assert!(bce < -0.999_999, "{bce}");
}
// ANCHOR_END: exercise_faq_1

// ANCHOR: squared_deviation
/// `‖g_B − g‖²` at θ = (1, 1, 1) on the article's problem: how far the
/// gradient of the mini-batch `batch` is from the full-batch gradient `g`.
fn squared_deviation(problem: &LinearRegression, batch: &[usize]) -> f64 {
    let theta = DVector::from_vec(vec![1.0, 1.0, 1.0]);
    let all: Vec<usize> = (0..problem.sample_count()).collect();
    let full = problem.gradient(&theta, &all);
    (problem.gradient(&theta, batch) - full).norm_squared()
}
// ANCHOR_END: squared_deviation

// ANCHOR: exercise_faq_2
#[test]
fn exact_gradient_variance_for_batches_of_one_and_two() {
    let problem = LinearRegression::article_problem();
    let n = problem.sample_count();
    assert_eq!(n, 200);
    // B = 1: the average over all N single samples is σ², by definition.
    let singles: f64 = (0..n).map(|i| squared_deviation(&problem, &[i])).sum();
    let sigma2 = singles / n as f64;
    // B = 2: average over every one of the N(N − 1)/2 = 19 900 pairs, no sampling.
    let pairs: Vec<[usize; 2]> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| [i, j]))
        .collect();
    assert_eq!(pairs.len(), 19_900);
    let total: f64 = pairs.iter().map(|p| squared_deviation(&problem, p)).sum();
    // σ²/B · (N − B)/(N − 1) = σ²/2 · 198/199: half, less a finite-population half-percent.
    let expected = sigma2 / 2.0 * 198.0 / 199.0;
    assert_relative_eq!(total / 19_900.0, expected, max_relative = 1e-9);
}
// ANCHOR_END: exercise_faq_2

// ANCHOR: weight_after_zero_gradients
/// The weight, from θ = 1, after `steps` steps of `optimizer` fed a zero
/// loss gradient: only the weight decay moves it.
fn weight_after_zero_gradients<O: Optimizer>(optimizer: &O, steps: usize) -> f64 {
    let mut theta = DVector::from_vec(vec![1.0]);
    let zero = DVector::from_vec(vec![0.0]);
    let mut state = optimizer.init(&theta).unwrap();
    for _ in 0..steps {
        optimizer.step(&mut state, &mut theta, &zero).unwrap();
    }
    theta[0]
}
// ANCHOR_END: weight_after_zero_gradients

/// The FAQ exercise's rate, η = 0.01.
const FAQ_LR: f64 = 0.01;

/// AdamW's weight after `steps` zero-gradient steps at decay `weight_decay`.
fn adamw_weight(weight_decay: f64, steps: usize) -> f64 {
    let adamw = AdamW {
        lr: FAQ_LR,
        weight_decay,
        ..AdamW::default()
    };
    weight_after_zero_gradients(&adamw, steps)
}

/// Adam + L2's weight after `steps` zero-gradient steps at `weight_decay`.
fn adam_l2_weight(weight_decay: f64, steps: usize) -> f64 {
    let adam = Adam {
        lr: FAQ_LR,
        weight_decay,
        ..Adam::default()
    };
    weight_after_zero_gradients(&adam, steps)
}

// ANCHOR: exercise_faq_3
#[test]
fn with_no_loss_gradient_adamw_decays_geometrically_and_adam_l2_alike_for_every_lambda() {
    // AdamW: θ ← θ(1 − ηλ) each step, and the Adam part sees g = 0 and does nothing:
    // (1 − 0.01 · 0.1)^100 = 0.999^100 = 0.904792; λ = 1e-3 gives 0.99999^100 = 0.999000.
    let (strong, weak) = (adamw_weight(0.1, 100), adamw_weight(1e-3, 100));
    assert_relative_eq!(strong, 0.999f64.powi(100), max_relative = 1e-12);
    assert_relative_eq!(weak, 0.99999f64.powi(100), max_relative = 1e-12);
    // Adam + L2: the only gradient is λθ. λ cancels from m̂/√v̂ (up to ε), so
    // both runs take the same steps. An independent Python loop of the same
    // recursion gives 0.224446 for λ = 0.1 and 0.224453 for λ = 1e-3.
    let (strong, weak) = (adam_l2_weight(0.1, 100), adam_l2_weight(1e-3, 100));
    assert_relative_eq!(strong, 0.224_446, max_relative = 1e-4);
    assert_relative_eq!(weak, 0.224_453, max_relative = 1e-4);
}
// ANCHOR_END: exercise_faq_3

// ANCHOR: exercise_faq_3_steps
#[test]
fn adam_l2_steps_shrink_with_the_weight() {
    // The first step is η; then the steps shrink with θ (the same Python loop:
    // 0.8004η at step 50, 0.4566η at step 100), so 100 steps cover 0.776.
    let step = |t: usize| adam_l2_weight(0.1, t - 1) - adam_l2_weight(0.1, t);
    assert_relative_eq!(step(1), FAQ_LR, max_relative = 1e-6);
    assert_relative_eq!(step(50), 0.8005 * FAQ_LR, max_relative = 1e-3);
    assert_relative_eq!(step(100), 0.4566 * FAQ_LR, max_relative = 1e-3);
}
// ANCHOR_END: exercise_faq_3_steps
