//! The models chapter: the `Objective` trait's full-batch gradient, and the
//! trained models' gradients against central finite differences.

use approx::assert_relative_eq;
use lossbook::objective::{LinearRegression, Objective, Quadratic, Rosenbrock};
use nalgebra::DVector;

#[test]
fn full_gradient_is_the_mean_gradient_over_every_sample() {
    let problem = LinearRegression::article_problem();
    let theta = DVector::from_vec(vec![0.5, -1.0, 2.0]);
    let all: Vec<usize> = (0..problem.sample_count()).collect();
    let by_hand = problem.gradient(&theta, &all);
    assert_eq!(problem.full_gradient(&theta), by_hand);
    // Xᵀ(Xθ − y)/N written out from the residuals.
    assert_relative_eq!(
        by_hand[0],
        problem.residuals(&theta).mean(),
        epsilon = 1e-12
    );
}

#[test]
fn full_gradient_of_a_plain_function_needs_no_batch() {
    let quadratic = Quadratic::ill_conditioned(10.0).unwrap();
    let theta = DVector::from_vec(vec![1.0, 2.0]);
    assert_eq!(
        quadratic.full_gradient(&theta),
        DVector::from_vec(vec![1.0, 20.0])
    );
    // ∇f(0, 0) = (−2, 0) for Rosenbrock.
    let origin = DVector::zeros(2);
    assert_eq!(
        Rosenbrock.full_gradient(&origin),
        DVector::from_vec(vec![-2.0, 0.0])
    );
}

use lossbook::data::Dataset;
use lossbook::models::mlp::Activation;
use lossbook::models::{LogisticRegression, Mlp, SoftmaxRegression, accuracy};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn seeded_params(n: usize, seed: u64) -> DVector<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    DVector::from_fn(n, |_, _| rng.gen_range(-0.5..0.5))
}

/// Central differences `(J(θ + h eⱼ) − J(θ − h eⱼ))/2h` against the gradient, every parameter:
/// the worst relative error over parameters whose derivative is not tiny, and the worst
/// absolute error over the rest.
fn worst_finite_difference_error(objective: &dyn Objective, params: &DVector<f64>) -> f64 {
    let gradient = objective.full_gradient(params);
    let h = 1e-5;
    (0..params.len())
        .map(|j| {
            let mut plus = params.clone();
            let mut minus = params.clone();
            plus[j] += h;
            minus[j] -= h;
            let fd = (objective.objective(&plus) - objective.objective(&minus)) / (2.0 * h);
            (fd - gradient[j]).abs() / gradient[j].abs().max(1e-3)
        })
        .fold(0.0, f64::max)
}

fn small_cancer() -> (nalgebra::DMatrix<f64>, Vec<f64>) {
    let prepared = Dataset::breast_cancer().prepare().unwrap();
    let rows: Vec<usize> = (0..40).collect();
    let part = prepared.train.rows(&rows).unwrap();
    (part.features, part.targets)
}

fn small_digits() -> (nalgebra::DMatrix<f64>, Vec<usize>) {
    let prepared = Dataset::digits().prepare().unwrap();
    let rows: Vec<usize> = (0..30).collect();
    let part = prepared.train.rows(&rows).unwrap();
    let labels = part.class_labels().unwrap();
    (part.features, labels)
}

#[test]
fn logistic_regression_gradient_matches_central_differences_on_every_parameter() {
    let (x, y) = small_cancer();
    let model = LogisticRegression::new(x, y, 0.1).unwrap();
    let error = worst_finite_difference_error(&model, &seeded_params(model.param_count(), 1));
    assert!(error < 1e-7, "worst relative error {error:e}");
}

#[test]
fn softmax_regression_gradient_matches_central_differences_on_every_parameter() {
    let (x, labels) = small_digits();
    let model = SoftmaxRegression::new(x, labels, 10, 0.1).unwrap();
    let error = worst_finite_difference_error(&model, &seeded_params(model.param_count(), 2));
    assert!(error < 1e-7, "worst relative error {error:e}");
}

#[test]
fn mlp_backprop_matches_central_differences_on_every_parameter() {
    let (x, labels) = small_digits();
    for activation in [Activation::Tanh, Activation::Relu] {
        let model = Mlp::new(x.clone(), labels.clone(), 6, 10, activation, 0.05).unwrap();
        let error = worst_finite_difference_error(&model, &seeded_params(model.param_count(), 3));
        assert!(
            error < 1e-7,
            "{activation:?}: worst relative error {error:e}"
        );
    }
}

#[test]
fn accuracy_counts_matching_labels() {
    assert_eq!(accuracy(&[1, 0, 2, 2], &[1, 1, 2, 0]), Ok(0.5));
    assert!(accuracy(&[1], &[1, 2]).is_err());
    assert!(accuracy(&[], &[]).is_err());
}

#[test]
fn the_models_train_on_real_data_through_the_one_loop() {
    use lossbook::optim::Adam;
    use lossbook::train::{Batching, TrainConfig, train};
    let cancer = Dataset::breast_cancer().prepare().unwrap();
    let model = LogisticRegression::new(
        cancer.train.features.clone(),
        cancer.train.targets.clone(),
        1e-3,
    )
    .unwrap();
    let held_out = LogisticRegression::new(
        cancer.validation.features.clone(),
        cancer.validation.targets.clone(),
        1e-3,
    )
    .unwrap();
    let mut adam = Adam {
        lr: 0.01,
        ..Adam::default()
    };
    let config = TrainConfig::new(30, Batching::MiniBatch(32));
    let report = train(
        &model,
        DVector::zeros(model.param_count()),
        &mut adam,
        &config,
    )
    .unwrap();
    let labels = |targets: &[f64]| targets.iter().map(|&y| y as usize).collect::<Vec<_>>();
    let val = accuracy(
        &held_out.predict(&report.params),
        &labels(&cancer.validation.targets),
    );
    let val = val.unwrap();
    assert!(val > 0.95, "validation accuracy {val}");

    let digits = Dataset::digits().prepare().unwrap();
    let train_labels = digits.train.class_labels().unwrap();
    let mlp = Mlp::new(
        digits.train.features.clone(),
        train_labels.clone(),
        16,
        10,
        Activation::Tanh,
        0.0,
    )
    .unwrap();
    let start = seeded_params(mlp.param_count(), 7) * 0.2;
    let report = train(
        &mlp,
        start,
        &mut adam,
        &TrainConfig::new(20, Batching::MiniBatch(32)),
    )
    .unwrap();
    let fit = accuracy(&mlp.predict(&report.params), &train_labels).unwrap();
    assert!(fit > 0.97, "training accuracy {fit}");
}
