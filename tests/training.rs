//! The training loop on the article's problems: what converges where, and how fast.

use approx::assert_relative_eq;
use lossbook::loss::regression::{mse, mse_gradient};
use lossbook::objective::{LinearRegression, Objective};
use lossbook::optim::*;
use lossbook::train::Batching::{Full, MiniBatch};
use lossbook::train::*;
use lossbook::tuning::{Method, Problem};
use nalgebra::{DMatrix, DVector};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;

fn zeros(n: usize) -> DVector<f64> {
    DVector::zeros(n)
}

/// Plain gradient descent at rate `lr`: PyTorch's `SGD` with every option off.
fn gd(lr: f64) -> Sgd {
    Sgd {
        lr,
        ..Sgd::default()
    }
}

/// The article's plain SGD (rate 0.01, from θ = 0) on its problem: `epochs` of
/// `batching`, shuffled with `seed`.
fn article_sgd(epochs: usize, batching: Batching, seed: u64) -> TrainReport {
    let problem = LinearRegression::article_problem();
    let config = TrainConfig {
        seed,
        ..TrainConfig::new(epochs, batching)
    };
    train(&problem, zeros(3), &mut gd(0.01), &config).unwrap()
}

/// Every sample index of `problem`: the full batch.
fn all_samples(problem: &LinearRegression) -> Vec<usize> {
    (0..problem.sample_count()).collect()
}

/// `epochs` of batch gradient descent from θ = 0 on `problem`.
fn full_batch<O: Optimizer>(
    problem: &LinearRegression,
    optimizer: &mut O,
    epochs: usize,
) -> TrainReport {
    train(
        problem,
        zeros(3),
        optimizer,
        &TrainConfig::new(epochs, Batching::Full),
    )
    .unwrap()
}

/// `(f(θ + h eᵢ) − f(θ − h eᵢ)) / 2h`, the central difference along coordinate `i`.
fn central_difference(f: impl Fn(&DVector<f64>) -> f64, theta: &DVector<f64>, i: usize) -> f64 {
    let h = 1e-6;
    let (mut plus, mut minus) = (theta.clone(), theta.clone());
    plus[i] += h;
    minus[i] -= h;
    (f(&plus) - f(&minus)) / (2.0 * h)
}

/// The `N × d` design matrix `X` of a problem, read back column by column
/// from its residuals: column `j` is `r(eⱼ) − r(0)`.
fn design_matrix(problem: &LinearRegression) -> DMatrix<f64> {
    let d = problem.feature_count();
    let at_zero = problem.residuals(&zeros(d));
    DMatrix::from_fn(problem.sample_count(), d, |i, j| {
        let mut e = zeros(d);
        e[j] = 1.0;
        problem.residuals(&e)[i] - at_zero[i]
    })
}

// ANCHOR: half_mse
#[test]
fn the_loop_minimises_half_the_mse_and_reports_the_mse() {
    let problem = LinearRegression::article_problem();
    let theta = DVector::from_vec(vec![1.0, -1.0, 0.5]);
    let gradient = problem.gradient(&theta, &all_samples(&problem));
    // Central differences of the objective J = ½·MSE match the loop's gradient…
    for i in 0..3 {
        let numeric = central_difference(|p| problem.objective(p), &theta, i);
        assert_relative_eq!(gradient[i], numeric, max_relative = 1e-6);
    }
    let (reported, j) = (problem.reported_loss(&theta), problem.objective(&theta));
    assert_relative_eq!(reported, 2.0 * j, max_relative = 1e-12);
}
// ANCHOR_END: half_mse

// ANCHOR: half_mse_chain_rule
/// The loop's gradient is half the gradient of the MSE it reports (chain rule
/// through Xθ), and what it reports is the MSE of its predictions.
#[test]
fn the_loops_gradient_is_half_the_gradient_of_the_reported_mse() {
    let problem = LinearRegression::article_problem();
    let theta = DVector::from_vec(vec![1.0, -1.0, 0.5]);
    let gradient = problem.gradient(&theta, &all_samples(&problem));
    // Predictions r + 1 against targets 1 have the residuals r.
    let predictions: Vec<f64> = problem.residuals(&theta).iter().map(|r| r + 1.0).collect();
    let ones = vec![1.0; predictions.len()];
    let dmse_dprediction = DVector::from_vec(mse_gradient(&ones, &predictions).unwrap());
    let dmse_dtheta = design_matrix(&problem).transpose() * dmse_dprediction;
    for i in 0..3 {
        assert_relative_eq!(gradient[i], 0.5 * dmse_dtheta[i], max_relative = 1e-9);
    }
    let mse_of_residuals = mse(&ones, &predictions).unwrap();
    let reported = problem.reported_loss(&theta);
    assert_relative_eq!(reported, mse_of_residuals, max_relative = 1e-12);
}
// ANCHOR_END: half_mse_chain_rule

// ANCHOR: normal_equation
#[test]
fn batch_gradient_descent_converges_to_the_normal_equation_solution() {
    let problem = LinearRegression::article_problem();
    let exact = problem.normal_equation().unwrap();
    // The article's batch_gradient_descent: lr = 0.01, 1000 iterations, from θ = 0.
    let params = full_batch(&problem, &mut gd(0.01), 1000).params;
    assert!((&params - &exact).norm() < 1e-3, "{params} vs {exact}");
    // 5000 steps get within float noise.
    let params = full_batch(&problem, &mut gd(0.01), 5000).params;
    assert!((&params - &exact).norm() < 1e-10, "{params} vs {exact}");
}
// ANCHOR_END: normal_equation

// ANCHOR: normal_equation_stationary
/// The normal-equation solution is a stationary point: the gradient vanishes there.
#[test]
fn the_normal_equation_solution_is_a_stationary_point() {
    let problem = LinearRegression::article_problem();
    let exact = problem.normal_equation().unwrap();
    assert!(problem.gradient(&exact, &all_samples(&problem)).norm() < 1e-12);
}
// ANCHOR_END: normal_equation_stationary

/// Steps to an excess below 1e-10 of `method` at the best point of its own
/// sweep on ½(x² + 100y²) from (−4, 1).
fn tuned_steps_at_condition_number_100(method: Method) -> usize {
    let sweep = Problem::IllConditioned.sweep(method).unwrap();
    sweep.best().epochs_to_tolerance.unwrap()
}

// ANCHOR: tuned_gd_closed_form
#[test]
fn tuned_gd_needs_the_closed_form_step_count_at_condition_number_100() {
    // Tuned GD runs at η = 10^−1.8 ≈ 0.0158, under its limit 2/κ = 0.02. Along
    // the flat x the excess ½x² shrinks by (1 − η)² per step, from ½·4² = 8:
    // below 1e-10 once t ≥ ln(8e10)/(−2 ln(1 − η)) = 785.7.
    let sweep = Problem::IllConditioned.sweep(Method::Gd).unwrap();
    let lr = sweep.best().lr;
    assert_eq!(lr, 10f64.powf(-1.8));
    let predicted = ((8.0 / 1e-10_f64).ln() / (-2.0 * (1.0 - lr).ln())).ceil() as usize;
    let steps = tuned_steps_at_condition_number_100(Method::Gd);
    assert_eq!((steps, predicted), (786, 786));
}
// ANCHOR_END: tuned_gd_closed_form

// ANCHOR: momentum_is_faster
#[test]
fn tuned_momentum_needs_over_9_times_fewer_steps_than_tuned_gd_at_condition_number_100() {
    let steps = tuned_steps_at_condition_number_100;
    // Tuned momentum (η = 0.032, μ = 0.7) and Nesterov (η = 0.013, μ = 0.8).
    let (momentum, nesterov) = (steps(Method::Momentum), steps(Method::Nesterov));
    assert_eq!((momentum, nesterov), (83, 122));
    let margin = |fast: usize| steps(Method::Gd) as f64 / fast as f64;
    let (momentum_margin, nesterov_margin) = (margin(momentum), margin(nesterov));
    assert!((9.4..9.5).contains(&momentum_margin), "{momentum_margin}");
    assert!((6.4..6.5).contains(&nesterov_margin), "{nesterov_margin}");
}
// ANCHOR_END: momentum_is_faster

// ANCHOR: batch_variance
#[test]
fn mini_batch_gradient_variance_falls_as_one_over_b() {
    let problem = LinearRegression::article_problem();
    let n = problem.sample_count();
    let theta = DVector::from_vec(vec![1.0, 1.0, 1.0]);
    let per_sample: Vec<DVector<f64>> = (0..n).map(|i| problem.gradient(&theta, &[i])).collect();
    let full = per_sample.iter().sum::<DVector<f64>>() / n as f64;
    let population_variance = per_sample
        .iter()
        .map(|g| (g - &full).norm_squared())
        .sum::<f64>()
        / n as f64;
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for batch_size in [1, 4, 16, 64] {
        let draws = 20_000;
        let observed = (0..draws)
            .map(|_| {
                let batch = sample(&mut rng, n, batch_size).into_vec();
                (problem.gradient(&theta, &batch) - &full).norm_squared()
            })
            .sum::<f64>()
            / draws as f64;
        // Sampling without replacement: σ²/B times the finite-population correction (N − B)/(N − 1).
        let predicted =
            population_variance / batch_size as f64 * (n - batch_size) as f64 / (n - 1) as f64;
        assert_relative_eq!(observed, predicted, max_relative = 0.05);
    }
}
// ANCHOR_END: batch_variance

// ANCHOR: every_batching
#[test]
fn every_batching_reaches_the_least_squares_solution() {
    let problem = LinearRegression::article_problem();
    let best = problem.mse(&problem.normal_equation().unwrap());
    for batching in [Full, MiniBatch(32), MiniBatch(1)] {
        let report = article_sgd(1000, batching, 3);
        let last = *report.loss_history.last().unwrap();
        // Stochastic steps keep jittering around the optimum, but within 2 % of the best MSE.
        assert!(last < 1.02 * best, "{batching:?}: {last} vs best {best}");
    }
}
// ANCHOR_END: every_batching

// ANCHOR: epochs_vs_steps
#[test]
fn smaller_batches_take_more_steps_per_epoch_and_need_fewer_epochs() {
    let problem = LinearRegression::article_problem();
    let best = problem.mse(&problem.normal_equation().unwrap());
    let epochs_to_reach = |batching| {
        let losses = article_sgd(2000, batching, 0).loss_history;
        losses.iter().position(|&l| l < 1.1 * best).unwrap() + 1
    };
    let full = epochs_to_reach(Full);
    let mini = epochs_to_reach(MiniBatch(32));
    let single = epochs_to_reach(MiniBatch(1));
    assert!(single < mini && mini < full, "{single} < {mini} < {full}");
}
// ANCHOR_END: epochs_vs_steps

#[test]
fn training_is_deterministic_for_a_seed_and_shuffles_differ_between_seeds() {
    let problem = LinearRegression::article_problem();
    let run = |seed| {
        let mut sgd = Sgd {
            lr: 0.01,
            ..Sgd::default()
        };
        train(
            &problem,
            zeros(3),
            &mut sgd,
            &TrainConfig {
                seed,
                ..TrainConfig::new(3, Batching::MiniBatch(8))
            },
        )
        .unwrap()
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1).params, run(2).params);
}

// ANCHOR: article_momentum_is_full_batch
#[test]
fn the_articles_sgd_momentum_is_full_batch_momentum() {
    let problem = LinearRegression::article_problem();
    let (lr, momentum, all) = (0.01, 0.9, all_samples(&problem));
    let (mut theta, mut velocity) = (zeros(3), zeros(3));
    for _ in 0..100 {
        velocity = momentum * velocity + lr * problem.gradient(&theta, &all);
        theta -= &velocity;
    }
    let report = full_batch(&problem, &mut ArticleMomentum { lr, momentum }, 100);
    assert_eq!(report.steps, 100);
    assert!((report.params - theta).norm() < 1e-12);
}
// ANCHOR_END: article_momentum_is_full_batch

// ANCHOR: article_adam_lr
#[test]
fn adams_rate_is_a_step_length_in_the_units_of_the_weights() {
    // Adam moves each weight by at most about lr per step, so 100 epochs at
    // lr = 0.001 move θ by at most ~0.1: too little for this book's
    // θ* = (4, 3, −2)…
    let problem = LinearRegression::article_problem();
    let best = problem.mse(&problem.normal_equation().unwrap());
    let slow = full_batch(&problem, &mut Adam::default(), 100);
    assert!(slow.params.amax() <= 100.0 * 0.001 * 1.01);
    assert!(*slow.loss_history.last().unwrap() > 50.0 * best);
    // …where lr = 0.1 gets within 1 % of the optimum in the same 100 epochs.
    let mut adam = Adam {
        lr: 0.1,
        ..Adam::default()
    };
    let fast = full_batch(&problem, &mut adam, 100);
    assert!(*fast.loss_history.last().unwrap() < 1.01 * best);
    // Measure the targets in thousands (θ* and noise ÷ 1000) and the
    // article's lr = 0.001 is the one that gets within 1 %.
    let true_params = LinearRegression::article_true_params() / 1000.0;
    let small = LinearRegression::synthetic(200, &true_params, 0.5e-3, 42).unwrap();
    let small_best = small.mse(&small.normal_equation().unwrap());
    let article = full_batch(&small, &mut Adam::default(), 100);
    assert!(*article.loss_history.last().unwrap() < 1.01 * small_best);
}
// ANCHOR_END: article_adam_lr

// ANCHOR: monitored_gd
/// Full-batch GD at η = 0.1 on the article's problem from θ = 0, for at
/// most 10 000 epochs, stopped by `monitor`.
fn monitored_gd_on_the_article_problem(monitor: ConvergenceMonitor) -> TrainReport {
    let problem = LinearRegression::article_problem();
    let mut gd = Sgd {
        lr: 0.1,
        ..Sgd::default()
    };
    let config = TrainConfig {
        monitor: Some(monitor),
        ..TrainConfig::new(10_000, Batching::Full)
    };
    train(&problem, zeros(3), &mut gd, &config).unwrap()
}
// ANCHOR_END: monitored_gd

// ANCHOR: monitor_gradient
#[test]
fn the_monitor_stops_when_the_gradient_vanishes() {
    let monitor = ConvergenceMonitor {
        patience: 1000,
        min_delta: 0.0,
        gradient_tolerance: 1e-6,
    };
    let report = monitored_gd_on_the_article_problem(monitor);
    assert!(matches!(report.stopped, Some(StopReason::GradientVanished { norm }) if norm < 1e-6));
    assert!(report.loss_history.len() < 10_000);
}
// ANCHOR_END: monitor_gradient

/// Stop once the loss has improved by less than 1e-3 for 3 epochs.
const PLATEAU_MONITOR: ConvergenceMonitor = ConvergenceMonitor {
    patience: 3,
    min_delta: 1e-3,
    gradient_tolerance: 0.0,
};

// ANCHOR: plateau_rule
#[test]
fn the_plateau_rule_waits_for_patience_epochs_without_progress() {
    let monitor = PLATEAU_MONITOR;
    assert_eq!(monitor.check(&[5.0, 4.0, 3.0, 2.0], &[], 1.0), None);
    assert_eq!(
        monitor.check(&[5.0, 2.0, 2.0, 1.9995, 2.0], &[], 1.0),
        Some(StopReason::LossPlateau)
    );
}
// ANCHOR_END: plateau_rule

// ANCHOR: monitor_plateau
#[test]
fn the_monitor_stops_on_a_loss_plateau() {
    // On the article problem GD's MSE flattens at the noise level (σ² ≈ 0.25).
    let report = monitored_gd_on_the_article_problem(PLATEAU_MONITOR);
    assert_eq!(report.stopped, Some(StopReason::LossPlateau));
    assert!(report.loss_history.len() < 200);
}
// ANCHOR_END: monitor_plateau

// ANCHOR: monitor_validation
#[test]
fn the_monitor_stops_when_validation_loss_keeps_rising() {
    let monitor = ConvergenceMonitor {
        patience: 3,
        min_delta: 0.0,
        gradient_tolerance: 0.0,
    };
    assert_eq!(
        monitor.check(&[3.0, 2.0, 1.0, 0.5, 0.4], &[3.0, 2.0, 2.1, 2.2, 2.1], 1.0),
        None
    );
    assert_eq!(
        monitor.check(&[3.0, 2.0, 1.0, 0.5, 0.4], &[3.0, 2.0, 2.1, 2.2, 2.3], 1.0),
        Some(StopReason::ValidationRising)
    );
}
// ANCHOR_END: monitor_validation

// ANCHOR: overfitting_run
/// GD at η = 0.05 on 12 noisy samples of a 10-parameter linear model whose
/// truth uses 2 of them, for up to 20 000 epochs, watched on 500 held-out
/// samples by a monitor with a patience of 5 epochs.
fn overfitting_run() -> TrainReport {
    let truth = DVector::from_fn(10, |i, _| if i < 2 { 1.0 } else { 0.0 });
    let train_set = LinearRegression::synthetic(12, &truth, 1.0, 11).unwrap();
    let held_out = LinearRegression::synthetic(500, &truth, 1.0, 12).unwrap();
    let monitor = ConvergenceMonitor {
        patience: 5,
        min_delta: 0.0,
        gradient_tolerance: 0.0,
    };
    let mut gd = Sgd {
        lr: 0.05,
        ..Sgd::default()
    };
    let config = TrainConfig {
        monitor: Some(monitor),
        validation: Some(&held_out),
        ..TrainConfig::new(20_000, Batching::Full)
    };
    train(&train_set, zeros(10), &mut gd, &config).unwrap()
}
// ANCHOR_END: overfitting_run

// ANCHOR: overfitting
#[test]
fn validation_loss_rises_when_a_model_fits_noise() {
    // 12 samples, 10 parameters: the training loss can reach 0 by fitting the
    // noise, and the held-out loss turns upward on the way.
    let report = overfitting_run();
    assert_eq!(report.stopped, Some(StopReason::ValidationRising));
    let history = &report.validation_history;
    let lowest = history.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(*history.last().unwrap() > lowest);
}
// ANCHOR_END: overfitting

/// The largest eigenvalue of the Hessian of J = ½·MSE, which is XᵀX/N.
/// J's gradient is linear, so the Hessian's columns are g(eⱼ) − g(0).
fn largest_curvature(problem: &LinearRegression) -> f64 {
    let all: Vec<usize> = (0..problem.sample_count()).collect();
    let at_zero = problem.gradient(&zeros(3), &all);
    let columns: Vec<DVector<f64>> = (0..3)
        .map(|j| problem.gradient(&DVector::from_fn(3, |i, _| f64::from(i == j)), &all) - &at_zero)
        .collect();
    DMatrix::from_columns(&columns)
        .symmetric_eigen()
        .eigenvalues
        .max()
}

// ANCHOR: mean_and_data_size
#[test]
fn the_mean_keeps_the_curvature_independent_of_the_data_sets_size() {
    // The largest curvature sets the stable rates (lr < 2/curvature).
    let true_params = LinearRegression::article_true_params();
    let hundred = LinearRegression::synthetic(100, &true_params, 0.5, 7).unwrap();
    let many = LinearRegression::synthetic(100_000, &true_params, 0.5, 7).unwrap();
    let (small_n, large_n) = (largest_curvature(&hundred), largest_curvature(&many));
    // 1.19 for 100 examples, 1.01 for 100 000: both near the population's 1
    // (the features are independent with unit variance), so lr < 2/1.2 is
    // stable for either, where a summed loss would multiply the curvature by N.
    assert!((small_n - 1.0).abs() < 0.25 && (large_n - 1.0).abs() < 0.02);
}
// ANCHOR_END: mean_and_data_size

/// How far above the optimum SGD at lr = 0.05 ends on the article's problem,
/// as a fraction of the optimal MSE, with the loss averaged over the last 10
/// of `epochs` epochs.
fn excess_loss_at_the_end(batching: Batching, epochs: usize) -> f64 {
    let problem = LinearRegression::article_problem();
    let best = problem.mse(&problem.normal_equation().unwrap());
    let mut sgd = Sgd {
        lr: 0.05,
        ..Sgd::default()
    };
    let config = TrainConfig::new(epochs, batching);
    let report = train(&problem, zeros(3), &mut sgd, &config).unwrap();
    let tail = &report.loss_history[epochs - 10..];
    tail.iter().sum::<f64>() / 10.0 / best - 1.0
}

// ANCHOR: mean_and_batch_size
#[test]
fn at_one_rate_the_full_batch_settles_and_single_examples_bounce_above() {
    // lr = 0.05 for both; the loss is averaged over the last 10 epochs.
    let full = excess_loss_at_the_end(Batching::Full, 2000);
    let single = excess_loss_at_the_end(Batching::MiniBatch(1), 100);
    // Full batch: 7e-16 above the optimum; one example per step: 5.2 % above.
    assert!(full < 1e-12, "{full}");
    assert!(single > 0.03, "{single}");
}
// ANCHOR_END: mean_and_batch_size

// ANCHOR: one_cycle_per_step
/// OneCycle paced by steps sets the rate and SGD's momentum before every
/// mini-batch: after the run both are the schedule's values at the last step.
#[test]
fn one_cycle_paced_by_steps_sets_rate_and_momentum_every_step() {
    use lossbook::schedule::{OneCycle, Schedule};
    let problem = LinearRegression::article_problem();
    let steps_per_epoch = problem.sample_count().div_ceil(32);
    let schedule = OneCycle::new(0.1, 5 * steps_per_epoch).unwrap();
    let config = TrainConfig {
        schedule: Some(&schedule),
        pace: SchedulePace::Step,
        ..TrainConfig::new(5, MiniBatch(32))
    };
    let mut sgd = Sgd {
        momentum: 0.9,
        ..Sgd::default()
    };
    let report = train(&problem, zeros(3), &mut sgd, &config).unwrap();
    let last = report.steps - 1;
    assert_eq!(report.steps, 5 * steps_per_epoch);
    assert_eq!(sgd.lr, schedule.learning_rate(last));
    assert_eq!(Some(sgd.momentum), schedule.momentum(last));
    // The last rate is max_lr/(25 · 10⁴); the momentum is back at 0.95.
    assert_relative_eq!(sgd.lr, 0.1 / 25e4, max_relative = 1e-12);
    assert_relative_eq!(sgd.momentum, 0.95, max_relative = 1e-12);
}
// ANCHOR_END: one_cycle_per_step

/// With full batches a step is an epoch, so the two paces agree; with
/// mini-batches they do not.
#[test]
fn step_and_epoch_pace_agree_only_when_an_epoch_is_one_step() {
    use lossbook::schedule::OneCycle;
    let problem = LinearRegression::article_problem();
    let schedule = OneCycle::new(0.5, 20).unwrap();
    let run = |batching, pace| {
        let config = TrainConfig {
            schedule: Some(&schedule),
            pace,
            ..TrainConfig::new(20, batching)
        };
        let mut adam = Adam::default();
        train(&problem, zeros(3), &mut adam, &config)
            .unwrap()
            .params
    };
    assert_eq!(
        run(Full, SchedulePace::Step),
        run(Full, SchedulePace::Epoch)
    );
    let (step, epoch) = (
        run(MiniBatch(50), SchedulePace::Step),
        run(MiniBatch(50), SchedulePace::Epoch),
    );
    assert!((step - epoch).amax() > 1e-3);
}

// ANCHOR: huber_is_clipped_mse
proptest::proptest! {
    /// Huber's gradient is the gradient of ½e² (half MSE's) clipped at δ/N
    /// elementwise: clipping by value inside the loss.
    #[test]
    fn huber_gradient_is_the_half_mse_gradient_clipped_at_delta(
        pairs in proptest::collection::vec((-10.0..10.0f64, -10.0..10.0f64), 1..20),
        delta in 0.01..5.0f64,
    ) {
        use lossbook::clip::clip_grad_value;
        use lossbook::loss::regression::huber_gradient;
        let (target, prediction): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
        let n = target.len() as f64;
        let half_mse = mse_gradient(&target, &prediction).unwrap();
        let mut clipped = DVector::from_vec(half_mse.iter().map(|g| g / 2.0).collect());
        clip_grad_value(&mut clipped, delta / n).unwrap();
        let huber = huber_gradient(&target, &prediction, delta).unwrap();
        for (c, h) in clipped.iter().zip(&huber) {
            proptest::prop_assert!((c - h).abs() <= 1e-15 * h.abs().max(1e-300), "{} vs {}", c, h);
        }
    }
}
// ANCHOR_END: huber_is_clipped_mse

// ANCHOR: clipped_training
/// Clipping by norm in the loop bounds every full-batch SGD step by η·c: at
/// η = 2.5 the article's regression diverges without it and converges with it.
#[test]
fn clipping_by_norm_bounds_each_step_and_tames_a_diverging_rate() {
    use lossbook::clip::GradientClip;
    let problem = LinearRegression::article_problem();
    let run = |clip| {
        let config = TrainConfig {
            clip,
            ..TrainConfig::new(400, Full)
        };
        train(&problem, zeros(3), &mut gd(2.5), &config).unwrap()
    };
    let wild = run(None);
    assert!(wild.params.norm() > 1e6, "{}", wild.params.norm());
    let tame = run(Some(GradientClip::Norm(1.0)));
    for pair in tame.param_history.windows(2) {
        assert!((&pair[1] - &pair[0]).norm() <= 2.5 * 1.0);
    }
    assert!(tame.loss_history.last().unwrap() < &tame.loss_history[0]);
}
// ANCHOR_END: clipped_training

/// Mini-batch SGD at a constant rate settles at its noise floor, where the
/// validation loss stops improving: the plateau rule then halves the rate.
/// The same run with `MultiStepLR` at the epochs where the rule fired (found
/// by replaying the rule on the recorded validation losses) must be the same
/// run, step for step: the rule acts after epoch `e` and sets epoch `e + 1`.
#[test]
fn reduce_on_plateau_in_the_loop_is_multistep_at_the_epochs_it_fired() {
    use lossbook::schedule::{MultiStep, ReduceOnPlateau};
    let truth = DVector::from_vec(vec![2.0, -1.0, 0.5]);
    let train_set = LinearRegression::synthetic(64, &truth, 0.5, 21).unwrap();
    let held_out = LinearRegression::synthetic(200, &truth, 0.5, 22).unwrap();
    let rule = ReduceOnPlateau::with(
        0.05,
        Plateau::new(Mode::Min, Threshold::Rel(1e-4)),
        0.5,
        2,
        0,
        0.0,
    )
    .unwrap();
    let config = TrainConfig {
        validation: Some(&held_out),
        on_plateau: Some(rule),
        seed: 3,
        ..TrainConfig::new(60, MiniBatch(4))
    };
    // The optimizer's own rate is overridden by the rule's starting rate.
    let with_rule = train(&train_set, zeros(3), &mut gd(1.0), &config).unwrap();

    let mut replay = rule;
    let mut milestones = Vec::new();
    for (epoch, &loss) in with_rule.validation_history.iter().enumerate() {
        let before = replay.learning_rate();
        if replay.step(loss) < before {
            milestones.push(epoch + 1);
        }
    }
    assert!(milestones.len() >= 3, "the rule fired at {milestones:?}");
    let schedule = MultiStep::new(0.05, milestones, 0.5).unwrap();
    let scheduled = TrainConfig {
        schedule: Some(&schedule),
        on_plateau: None,
        ..config
    };
    let with_schedule = train(&train_set, zeros(3), &mut gd(0.05), &scheduled).unwrap();
    assert_eq!(with_rule.param_history, with_schedule.param_history);
    // Without the rule the rate stays at 0.05 and the run is a different one.
    let constant = TrainConfig {
        on_plateau: None,
        ..config
    };
    let unreduced = train(&train_set, zeros(3), &mut gd(0.05), &constant).unwrap();
    assert_ne!(unreduced.params, with_rule.params);
}

/// Without validation data the rule watches the training loss.
#[test]
fn reduce_on_plateau_watches_the_training_loss_without_validation_data() {
    use lossbook::schedule::ReduceOnPlateau;
    let truth = DVector::from_vec(vec![1.0, 1.0]);
    let train_set = LinearRegression::synthetic(32, &truth, 0.5, 5).unwrap();
    let rule = ReduceOnPlateau::with(
        0.1,
        Plateau::new(Mode::Min, Threshold::Rel(1e-3)),
        0.5,
        1,
        0,
        0.0,
    )
    .unwrap();
    let config = TrainConfig {
        on_plateau: Some(rule),
        ..TrainConfig::new(40, MiniBatch(2))
    };
    let mut sgd = gd(0.1);
    let report = train(&train_set, zeros(2), &mut sgd, &config).unwrap();
    let mut replay = rule;
    for &loss in &report.loss_history {
        replay.step(loss);
    }
    assert!(
        replay.learning_rate() < 0.1 / 4.0,
        "rate {}",
        replay.learning_rate()
    );
    assert_eq!(sgd.learning_rate(), replay.learning_rate());
}
