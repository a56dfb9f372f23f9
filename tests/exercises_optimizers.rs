//! Solutions to the exercises of the optimizer chapters: gradient descent,
//! momentum and adaptive rates, the comparison, schedules and the summary.
//!
//! Each solution computes its answer with the library and checks it against
//! a number derived by hand (the arithmetic is in the comments), so a wrong
//! derivation, or a change in the library, makes it fail.

use approx::assert_relative_eq;
use lossbook::objective::{LinearRegression, Objective, Quadratic};
use lossbook::optim::*;
use lossbook::schedule::*;
use lossbook::train::*;
use lossbook::tuning::{Method, Task, run};
use nalgebra::DVector;

fn zeros(n: usize) -> DVector<f64> {
    DVector::zeros(n)
}

/// The parameters after `steps` steps of `optimizer` fed `gradient(t)`, and
/// the size of every step taken (one coordinate).
fn steps_on_a_fixed_gradient<O: Optimizer>(
    optimizer: &O,
    steps: usize,
    gradient: impl Fn(usize) -> f64,
) -> Vec<f64> {
    let mut params = zeros(1);
    let mut state = optimizer.init(&params).unwrap();
    (0..steps)
        .map(|t| {
            let before = params[0];
            let g = DVector::from_element(1, gradient(t));
            optimizer.step(&mut state, &mut params, &g).unwrap();
            (params[0] - before).abs()
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Gradient descent
// ---------------------------------------------------------------------------

// ANCHOR: exercise_gd_stability
#[test]
fn exercise_gd_stability() {
    // On f = ½(x² + κy²) a GD step maps y to (1 − ηκ)y. With κ = 10 the steep
    // direction is stable while |1 − 10η| < 1, i.e. η < 2/κ = 0.2.
    let quadratic = Quadratic::ill_conditioned(10.0).unwrap();
    let y_after_50_steps = |lr: f64| {
        let mut gd = Sgd {
            lr,
            ..Sgd::default()
        };
        let start = DVector::from_vec(vec![1.0, 1.0]);
        let config = TrainConfig::new(50, Batching::Full);
        train(&quadratic, start, &mut gd, &config).unwrap().params[1]
    };
    // η = 0.19: factor 1 − 1.9 = −0.9, and 0.9⁵⁰ = e^(50 ln 0.9) ≈ e^(−5.268) ≈ 5.15e-3.
    let stable = y_after_50_steps(0.19);
    assert_relative_eq!(stable, 0.9f64.powi(50), max_relative = 1e-9);
    assert!(stable.abs() < 6e-3);
    // η = 0.21: factor 1 − 2.1 = −1.1, and 1.1⁵⁰ = e^(50 ln 1.1) ≈ e^(4.766) ≈ 117.4.
    let unstable = y_after_50_steps(0.21);
    assert_relative_eq!(unstable, 1.1f64.powi(50), max_relative = 1e-9);
    assert!(unstable > 100.0);
}
// ANCHOR_END: exercise_gd_stability

// ANCHOR: exercise_gd_tenfold_rate
#[test]
fn exercise_gd_tenfold_rate() {
    // Each step shrinks the error along an eigenvector of XᵀX/N with
    // eigenvalue λ by (1 − ηλ) ≈ e^(−ηλ): only the product η·t matters while
    // ηλ is small. Ten times the rate should need about ten times fewer steps.
    let problem = LinearRegression::article_problem();
    let exact = problem.normal_equation().unwrap();
    let iterations_to_1e_3 = |lr: f64| {
        let mut gd = Sgd {
            lr,
            ..Sgd::default()
        };
        let config = TrainConfig::new(2000, Batching::Full);
        let report = train(&problem, zeros(3), &mut gd, &config).unwrap();
        let mut history = report.param_history.iter();
        history.position(|p| (p - &exact).norm() < 1e-3).unwrap()
    };
    let (slow, fast) = (iterations_to_1e_3(0.01), iterations_to_1e_3(0.1));
    // The article's 1000 iterations at η = 0.01 are just enough.
    assert!(slow <= 1000, "η = 0.01 needs {slow} iterations");
    let ratio = slow as f64 / fast as f64;
    assert!((9.0..=11.5).contains(&ratio), "{slow} vs {fast} iterations");
}
// ANCHOR_END: exercise_gd_tenfold_rate

// ANCHOR: exercise_gd_full_mse_objective
/// The article problem with the gradient of the MSE itself, twice the one its loops use.
struct FullMseGradient(LinearRegression);

impl Objective for FullMseGradient {
    fn sample_count(&self) -> usize {
        self.0.sample_count()
    }
    fn objective(&self, params: &DVector<f64>) -> f64 {
        self.0.mse(params)
    }
    fn gradient(&self, params: &DVector<f64>, batch: &[usize]) -> DVector<f64> {
        2.0 * self.0.gradient(params, batch)
    }
}
// ANCHOR_END: exercise_gd_full_mse_objective

// ANCHOR: exercise_gd_true_mse_gradient
#[test]
fn exercise_gd_true_mse_gradient() {
    // Doubling the gradient doubles every step, so η = 0.005 on the true MSE
    // gradient retraces the article's run at η = 0.01 on ½·MSE exactly.
    let problem = LinearRegression::article_problem();
    let run = |objective: &dyn Objective, lr: f64| {
        let mut gd = Sgd {
            lr,
            ..Sgd::default()
        };
        let config = TrainConfig::new(1000, Batching::Full);
        train(objective, zeros(3), &mut gd, &config).unwrap().params
    };
    let article = run(&problem, 0.01);
    let full = FullMseGradient(problem.clone());
    // Bit for bit: doubling is exact, and so is 2 · fl(0.005) = fl(0.01).
    assert_eq!(run(&full, 0.005), article);
    // At the article's η = 0.01 the true gradient moves twice as fast and
    // ends closer to the optimum.
    let exact = problem.normal_equation().unwrap();
    assert!((run(&full, 0.01) - &exact).norm() < 0.1 * (&article - &exact).norm());
}
// ANCHOR_END: exercise_gd_true_mse_gradient

// ---------------------------------------------------------------------------
// Momentum and adaptive learning rates
// ---------------------------------------------------------------------------

// ANCHOR: exercise_momentum_terminal_velocity
#[test]
fn exercise_momentum_terminal_velocity() {
    // With a constant gradient g, v_t = γv_{t−1} + ηg sums a geometric series:
    // v_t = ηg(1 − γᵗ)/(1 − γ) → ηg/(1 − γ). With η = 0.01, γ = 0.9, g = 1 the
    // step grows from 0.01 to 0.01/0.1 = 0.1: momentum multiplies η by ten.
    let article = ArticleMomentum {
        lr: 0.01,
        momentum: 0.9,
    };
    let steps = steps_on_a_fixed_gradient(&article, 200, |_| 1.0);
    assert_relative_eq!(steps[0], 0.01, max_relative = 1e-12);
    // After t = 10 steps: 0.1 · (1 − 0.9¹⁰) = 0.1 · (1 − 0.3487) ≈ 0.0651.
    assert_relative_eq!(steps[9], 0.065_132_155_99, max_relative = 1e-9);
    assert_relative_eq!(steps[199], 0.1, max_relative = 1e-8);
    // PyTorch's form, b_t = μb_{t−1} + g, θ ← θ − ηb, has the same limit.
    let torch = Sgd {
        lr: 0.01,
        momentum: 0.9,
        ..Sgd::default()
    };
    assert_relative_eq!(
        steps_on_a_fixed_gradient(&torch, 200, |_| 1.0)[199],
        0.1,
        max_relative = 1e-8
    );
}
// ANCHOR_END: exercise_momentum_terminal_velocity

// ANCHOR: exercise_adam_first_step_computation
/// One default Adam step on the article problem from θ = 0: the new
/// parameters, and the gradient that moved them.
fn adams_first_step_on_the_article_problem() -> (DVector<f64>, DVector<f64>) {
    let problem = LinearRegression::article_problem();
    let adam = Adam::default();
    let mut params = zeros(3);
    let mut state = adam.init(&params).unwrap();
    let all: Vec<usize> = (0..problem.sample_count()).collect();
    let gradient = problem.gradient(&params, &all);
    adam.step(&mut state, &mut params, &gradient).unwrap();
    (params, gradient)
}
// ANCHOR_END: exercise_adam_first_step_computation

// ANCHOR: exercise_adam_first_step
#[test]
fn exercise_adam_first_step() {
    // At t = 1, m̂ = g and v̂ = g², so the step is η g/(|g| + ε) ≈ η·sign(g): every coordinate
    // moves by η, whatever the size of its gradient. From θ = 0 the gradient is −(1/N)Xᵀy ≈ −θ*
    // = (−4, −3, 2) in sign (the features are independent with unit variance), so θ moves by
    // (+η, +η, −η) = (0.001, 0.001, −0.001).
    let (params, gradient) = adams_first_step_on_the_article_problem();
    let expected = DVector::from_vec(vec![0.001, 0.001, -0.001]);
    // ε shortens each step by η·ε/|g| < 1e-3 · 1e-8 / 1 = 1e-11.
    assert!((&params - &expected).amax() < 1e-10, "{params}");
    // The gradients themselves differ by more than a factor of 2.
    assert!(gradient.amax() > 2.0 * gradient.amin());
}
// ANCHOR_END: exercise_adam_first_step

// ANCHOR: exercise_adagrad_rate
#[test]
fn exercise_adagrad_rate() {
    // With a constant gradient g the sum of squares after t steps is t·g², so
    // the t-th step is η g/(√t |g| + ε) ≈ η/√t: step 100 is η/10, and step
    // 10 000 is η/100, whatever g is.
    for g in [0.01, 2.0, 300.0] {
        let adagrad = Adagrad::default(); // η = 0.01
        let steps = steps_on_a_fixed_gradient(&adagrad, 10_000, |_| g);
        assert_relative_eq!(steps[0], 0.01, max_relative = 1e-6);
        assert_relative_eq!(steps[99], 0.001, max_relative = 1e-6);
        assert_relative_eq!(steps[9_999], 0.0001, max_relative = 1e-6);
    }
}
// ANCHOR_END: exercise_adagrad_rate

// ANCHOR: exercise_amsgrad_memory
#[test]
fn exercise_amsgrad_memory() {
    // Ten gradients of 10, then gradients of 0.1. Adam's v forgets the burst
    // over ~1/(1 − β₂) = 1000 steps and its step creeps back up towards η;
    // AMSGrad keeps the largest v it has seen, v_max = 100(1 − 0.999¹⁰) ≈ 0.996,
    // so its step settles near η · 0.1/√0.996 ≈ 0.1η and never grows again.
    let burst = |t: usize| if t < 10 { 10.0 } else { 0.1 };
    let adam = steps_on_a_fixed_gradient(&Adam::default(), 5000, burst);
    let amsgrad = Adam {
        amsgrad: true,
        ..Adam::default()
    };
    let ams = steps_on_a_fixed_gradient(&amsgrad, 5000, burst);
    let lr = Adam::default().lr;
    // Same m, larger denominator: AMSGrad's step is never the longer one.
    assert!(adam.iter().zip(&ams).all(|(a, b)| *b <= *a * (1.0 + 1e-12)));
    assert!(
        adam[4999] > 0.5 * lr,
        "Adam's last step {}",
        adam[4999] / lr
    );
    assert!(
        ams[4999] > 0.09 * lr && ams[4999] < 0.11 * lr,
        "AMSGrad's last step {}",
        ams[4999] / lr
    );
}
// ANCHOR_END: exercise_amsgrad_memory

// ---------------------------------------------------------------------------
// Comparing the optimizers
// ---------------------------------------------------------------------------

// ANCHOR: steps_to_minimum
/// Steps until `‖θ‖ < 1e-6` from (1, 1) on `f = ½(x² + κy²)`.
fn steps_to_minimum<O: Optimizer>(kappa: f64, mut optimizer: O) -> usize {
    let quadratic = Quadratic::ill_conditioned(kappa).unwrap();
    let start = DVector::from_vec(vec![1.0, 1.0]);
    let config = TrainConfig::new(5000, Batching::Full);
    let report = train(&quadratic, start, &mut optimizer, &config).unwrap();
    let reached = |p: &DVector<f64>| p.norm() < 1e-6;
    report.param_history.iter().position(reached).unwrap()
}
// ANCHOR_END: steps_to_minimum

// ANCHOR: tuned_gd_steps
/// Steps to the minimum for the best plain GD: `η = 2/(1 + κ)`.
fn tuned_gd_steps(kappa: f64) -> usize {
    let lr = 2.0 / (1.0 + kappa);
    steps_to_minimum(
        kappa,
        Sgd {
            lr,
            ..Sgd::default()
        },
    )
}
// ANCHOR_END: tuned_gd_steps

// ANCHOR: tuned_momentum_steps
/// Steps to the minimum for the best heavy ball (Polyak):
/// `η = 4/(1 + √κ)²`, `μ = ((√κ − 1)/(√κ + 1))²`.
fn tuned_momentum_steps(kappa: f64) -> usize {
    let root = kappa.sqrt();
    let lr = 4.0 / (1.0 + root).powi(2);
    let momentum = ((root - 1.0) / (root + 1.0)).powi(2);
    steps_to_minimum(
        kappa,
        Sgd {
            lr,
            momentum,
            ..Sgd::default()
        },
    )
}
// ANCHOR_END: tuned_momentum_steps

// ANCHOR: exercise_comparison_condition_number
#[test]
fn exercise_comparison_condition_number() {
    // Best plain GD shrinks both coordinates by (κ − 1)/(κ + 1) per step.
    // From ‖θ₀‖ = √2 to 1e-6 takes ln(√2 · 1e6)/ln((κ + 1)/(κ − 1)):
    // κ = 10: 14.16/0.2007 = 70.6 → 71 steps; κ = 100: 14.16/0.0200 = 708.1 → 709.
    assert_eq!((tuned_gd_steps(10.0), tuned_gd_steps(100.0)), (71, 709));
}
// ANCHOR_END: exercise_comparison_condition_number

// ANCHOR: exercise_comparison_momentum_scaling
#[test]
fn exercise_comparison_momentum_scaling() {
    // Tuned momentum contracts by about (√κ − 1)/(√κ + 1) per step: the
    // step count grows like √κ, so ten times κ costs about √10 ≈ 3.2 times
    // the steps, not 10.
    let (m10, m100) = (tuned_momentum_steps(10.0), tuned_momentum_steps(100.0));
    let growth = m100 as f64 / m10 as f64;
    assert!((2.5..5.0).contains(&growth), "{m10} → {m100} steps");
    assert!(m100 * 5 < tuned_gd_steps(100.0));
}
// ANCHOR_END: exercise_comparison_momentum_scaling

// ANCHOR: in_millimetres
/// The article's data with targets in thousandths: θ* and the noise ×1000.
fn article_problem_in_millimetres() -> LinearRegression {
    let true_params = LinearRegression::article_true_params();
    LinearRegression::synthetic(200, &(1000.0 * &true_params), 500.0, 42).unwrap()
}
// ANCHOR_END: in_millimetres

/// `‖θ − θ*‖/‖θ*‖` after 100 full-batch epochs of `optimizer` from θ = 0.
fn relative_error_after_100_epochs<O: Optimizer>(
    problem: &LinearRegression,
    mut optimizer: O,
) -> f64 {
    let config = TrainConfig::new(100, Batching::Full);
    let params = train(problem, zeros(3), &mut optimizer, &config)
        .unwrap()
        .params;
    let exact = problem.normal_equation().unwrap();
    (params - &exact).norm() / exact.norm()
}

/// The relative error of GD at η = 0.1 after 100 epochs.
fn gd_error(problem: &LinearRegression) -> f64 {
    relative_error_after_100_epochs(
        problem,
        Sgd {
            lr: 0.1,
            ..Sgd::default()
        },
    )
}

/// The relative error of Adam at η = 0.1 after 100 epochs.
fn adam_error(problem: &LinearRegression) -> f64 {
    relative_error_after_100_epochs(
        problem,
        Adam {
            lr: 0.1,
            ..Adam::default()
        },
    )
}

// ANCHOR: exercise_comparison_units
#[test]
fn exercise_comparison_units() {
    // GD is linear in y: every iterate is scaled by 1000 too, so its relative
    // error is unchanged (the curvature XᵀX/N does not depend on y).
    let original = LinearRegression::article_problem();
    let scaled = article_problem_in_millimetres();
    assert_relative_eq!(gd_error(&original), gd_error(&scaled), max_relative = 1e-9);
    assert!(gd_error(&scaled) < 1e-3);
}
// ANCHOR_END: exercise_comparison_units

// ANCHOR: exercise_comparison_units_adam
#[test]
fn exercise_comparison_units_adam() {
    // Adam moves each weight by about η per step: 100 steps of 0.1 cover at
    // most ~10 of the ~4000 to travel, so it stays over 99 % of the way off.
    let original = LinearRegression::article_problem();
    assert!(adam_error(&original) < 0.01);
    assert!(adam_error(&article_problem_in_millimetres()) > 0.99);
}
// ANCHOR_END: exercise_comparison_units_adam

// ---------------------------------------------------------------------------
// Learning-rate schedules
// ---------------------------------------------------------------------------

// ANCHOR: exercise_schedule_step_decay
#[test]
fn exercise_schedule_step_decay() {
    // η₀ = 0.1 halved every 25 epochs. At t = 60: ⌊60/25⌋ = 2, 0.1 · 0.5² = 0.025.
    // Below 0.01 needs 0.5ⁿ < 0.1: n = 3 gives 0.0125, n = 4 gives 0.00625,
    // so the first such epoch is t = 4 · 25 = 100.
    let decay = StepDecay::new(0.1, 25, 0.5).unwrap();
    assert_relative_eq!(decay.learning_rate(60), 0.025, max_relative = 1e-15);
    let first_below = (0..1000).find(|&t| decay.learning_rate(t) < 0.01);
    assert_eq!(first_below, Some(100));
    assert_relative_eq!(decay.learning_rate(99), 0.0125, max_relative = 1e-15);
}
// ANCHOR_END: exercise_schedule_step_decay

// ANCHOR: exercise_schedule_cosine
#[test]
fn exercise_schedule_cosine() {
    // cos(π/2) = 0, so at t = T/2 the rate is η_min + ½(η₀ − η_min), the midpoint:
    // with η₀ = 0.1, η_min = 0.001, T = 100: 0.001 + 0.0495 = 0.0505.
    let cosine = CosineAnnealing::new(0.1, 0.001, 100).unwrap();
    assert_relative_eq!(cosine.learning_rate(50), 0.0505, max_relative = 1e-12);
    // The article's formula at t = 2T: η₀(1 + cos 2π)/2 = η₀ = 0.1, back at the
    // top. lossbook holds η_min after T instead.
    assert_eq!(cosine.learning_rate(200), 0.001);
    // A quarter of the way: cos(π/4) = 0.7071, 0.001 + 0.0495 · 1.7071 = 0.08550.
    assert_relative_eq!(cosine.learning_rate(25), 0.085_50, max_relative = 1e-4);
}
// ANCHOR_END: exercise_schedule_cosine

// ANCHOR: exercise_schedule_article_warmup
#[test]
fn exercise_schedule_article_warmup() {
    // The article's warm-up with W = 4 and η₀ = 0.1: η₀(t + 1)/4 for t < 4,
    // i.e. 0.025, 0.05, 0.075, 0.1, then 0.1. A straight line from η₀/W that
    // reaches η₀ at t = W − 1 is PyTorch's LinearLR(1/W, 1, total_iters = W − 1).
    let article = LinearWarmup::article(0.1, 4).unwrap();
    let linear_lr = LinearWarmup::new(0.1, 0.25, 1.0, 3).unwrap();
    let expected = [0.025, 0.05, 0.075, 0.1, 0.1, 0.1];
    for (t, lr) in expected.iter().enumerate() {
        assert_relative_eq!(article.learning_rate(t), *lr, max_relative = 1e-12);
        assert_relative_eq!(linear_lr.learning_rate(t), *lr, max_relative = 1e-12);
    }
    // LinearLR with total_iters = W is one step late: at t = 3 it is
    // 0.1 · (0.25 + 0.75 · 3/4) = 0.08125.
    let one_late = LinearWarmup::new(0.1, 0.25, 1.0, 4).unwrap();
    assert_relative_eq!(one_late.learning_rate(3), 0.08125, max_relative = 1e-12);
}
// ANCHOR_END: exercise_schedule_article_warmup

// ANCHOR: exercise_schedule_noise_floor
#[test]
fn exercise_schedule_noise_floor() {
    // SGD (B = 1) at a constant η = 0.01 stalls on a noise floor; dividing η
    // by 10 every 20 epochs lowers the floor each time.
    let problem = LinearRegression::article_problem();
    let best = problem.mse(&problem.normal_equation().unwrap());
    let excess_after_60_epochs = |schedule: &dyn Schedule| {
        let mut sgd = Sgd {
            lr: 0.01,
            ..Sgd::default()
        };
        let config = TrainConfig {
            schedule: Some(schedule),
            ..TrainConfig::new(60, Batching::MiniBatch(1))
        };
        let report = train(&problem, zeros(3), &mut sgd, &config).unwrap();
        report.loss_history.last().unwrap() - best
    };
    let constant = excess_after_60_epochs(&Constant::new(0.01).unwrap());
    let decayed = excess_after_60_epochs(&StepDecay::new(0.01, 20, 0.1).unwrap());
    assert!(decayed < constant / 100.0, "{decayed:e} vs {constant:e}");
    assert!(decayed >= 0.0);
}
// ANCHOR_END: exercise_schedule_noise_floor

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------

/// Adam at the rate the article recommends, 3e-4 (every other setting
/// PyTorch's default), after `epochs` full-batch epochs from θ = 0 on the
/// article's problem.
fn adam_at_recommended_rate(epochs: usize) -> TrainReport {
    let mut adam = Adam {
        lr: 3e-4,
        ..Adam::default()
    };
    let config = TrainConfig::new(epochs, Batching::Full);
    let problem = LinearRegression::article_problem();
    train(&problem, zeros(3), &mut adam, &config).unwrap()
}

// ANCHOR: exercise_summary_default_rate
#[test]
fn exercise_summary_default_rate() {
    // Adam at the recommended 3e-4 moves each weight by at most about
    // 3e-4 per step: 100 epochs cover 0.03, against θ* ≈ (4, 3, −2).
    let problem = LinearRegression::article_problem();
    let start = problem.mse(&zeros(3));
    let report = adam_at_recommended_rate(100);
    assert!(report.params.amax() <= 100.0 * 3e-4 * 1.001);
    // The MSE (27.1 at θ = 0) falls by less than 5 %.
    assert!(*report.loss_history.last().unwrap() > 0.95 * start);
}
// ANCHOR_END: exercise_summary_default_rate

// ANCHOR: exercise_summary_adam_first_step
#[test]
fn exercise_summary_adam_first_step() {
    // The first step is η·g/(|g| + ε) per weight: just short of η.
    let problem = LinearRegression::article_problem();
    let all: Vec<usize> = (0..200).collect();
    let g = problem.gradient(&zeros(3), &all);
    let first = adam_at_recommended_rate(1).params;
    for i in 0..3 {
        let expected = -3e-4 * g[i] / (g[i].abs() + 1e-8);
        assert_relative_eq!(first[i], expected, max_relative = 1e-12);
        assert!(first[i].abs() < 3e-4);
    }
}
// ANCHOR_END: exercise_summary_adam_first_step

/// The rates of the summary's sweep, from 1 down to the article's 3e-4.
const SUMMARY_RATES: [f64; 8] = [1.0, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003];

/// The methods of the summary's sweep: SGD, momentum, RMSprop and Adam.
const SUMMARY_METHODS: [Method; 4] = [Method::Gd, Method::Momentum, Method::RmsProp, Method::Adam];

// ANCHOR: summary_excess
/// The excess MSE over the optimum after 100 full-batch epochs of `method`
/// at rate `lr` on the article's problem, from θ = 0. Each β is PyTorch's
/// default (μ = 0.9 for momentum, ρ = 0.99, β₁ = 0.9).
fn excess_after_100_epochs(method: Method, lr: f64) -> f64 {
    let problem = LinearRegression::article_problem();
    let best = problem.mse(&problem.normal_equation().unwrap());
    let beta = match method {
        Method::Gd => None,
        Method::RmsProp => Some(0.99),
        _ => Some(0.9),
    };
    let task = Task {
        objective: &problem,
        best,
        initial: zeros(3),
        epochs: 100,
        batching: Batching::Full,
    };
    let report = run(method, lr, beta, &task).unwrap();
    report.loss_history.last().unwrap() - best
}
// ANCHOR_END: summary_excess

// ANCHOR: exercise_summary_sweep
#[test]
fn exercise_summary_sweep() {
    // FAQ Q2's advice, run: every optimizer at every rate of a grid.
    for method in SUMMARY_METHODS {
        let name = method.name();
        let results: Vec<f64> = SUMMARY_RATES
            .iter()
            .map(|&lr| excess_after_100_epochs(method, lr))
            .collect();
        let (winner, lowest) = results
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .unwrap();
        // Each optimizer's best rate here is 0.01 or more, and it ends
        // within 1e-3 of the optimum.
        let rate = SUMMARY_RATES[winner];
        assert!(rate >= 0.01, "{name}: best rate {rate}");
        assert!(*lowest < 1e-3, "{name}: {lowest:e}");
    }
}
// ANCHOR_END: exercise_summary_sweep

// ANCHOR: exercise_summary_recommended_rate
#[test]
fn exercise_summary_recommended_rate() {
    // At the article's 3e-4, none gets within 10 of the optimal MSE.
    for method in SUMMARY_METHODS {
        let excess = excess_after_100_epochs(method, 3e-4);
        assert!(excess > 10.0, "{} at 3e-4: {excess:e}", method.name());
    }
}
// ANCHOR_END: exercise_summary_recommended_rate
