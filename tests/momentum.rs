//! Momentum explained: the closed forms of `optim::momentum_theory` against
//! independent computations (nalgebra's eigenvalues, the characteristic
//! polynomial) and against the library's own `Sgd` driven on a `Quadratic`.

use approx::assert_relative_eq;
use nalgebra::{DMatrix, DVector};
use proptest::prelude::*;

use lossbook::objective::{Objective, Quadratic};
use lossbook::optim::momentum_theory::{
    critical_momentum, discriminant, eigenvalues, iteration_matrix, optimal, optimal_gd, position,
    rate, worst_rate,
};
use lossbook::optim::{Optimizer, Sgd};

/// `steps + 1` iterates of the library's `Sgd` (PyTorch's heavy ball) on the
/// one-dimensional quadratic `½λθ²` from `θ₀ = 1`.
fn library_path(lr: f64, momentum: f64, curvature: f64, steps: usize) -> Vec<f64> {
    let quadratic = Quadratic {
        a: DMatrix::from_element(1, 1, curvature),
        b: DVector::zeros(1),
    };
    let sgd = Sgd {
        lr,
        momentum,
        ..Sgd::default()
    };
    let mut theta = DVector::from_element(1, 1.0);
    let mut state = sgd.init(&theta).unwrap();
    let mut path = vec![theta[0]];
    for _ in 0..steps {
        let gradient = quadratic.full_gradient(&theta);
        sgd.step(&mut state, &mut theta, &gradient).unwrap();
        path.push(theta[0]);
    }
    path
}

/// The per-step contraction the library's optimizer achieves from step `n`
/// to step `2n`: the ratio of the energies `Σθₜ²` over a window of 400 steps
/// starting at each, so that the phase of an oscillating iterate cancels out.
/// `n` is capped so that `θ²` stays far from underflow (`ρ^(6n) > 1e-280`).
fn measured_contraction(lr: f64, momentum: f64, curvature: f64, n: usize) -> f64 {
    let rho = rate(lr, momentum, curvature).unwrap();
    let n = n.min((280.0 / (-6.0 * rho.log10())) as usize);
    let window = 400.min(n);
    let path = library_path(lr, momentum, curvature, 2 * n + window);
    let energy = |t: usize| path[t..t + window].iter().map(|x| x * x).sum::<f64>();
    (energy(2 * n) / energy(n)).powf(0.5 / n as f64)
}

// ANCHOR: measured_rate
#[test]
fn the_library_heavy_ball_contracts_at_the_spectral_radius() {
    // (η, β, λ): overdamped, underdamped, near the upper edge, plain GD.
    let cases = [
        (0.01, 0.5, 1.0),
        (0.1, 0.9, 1.0),
        (0.3, 0.6, 10.0),
        (0.15, 0.0, 10.0),
    ];
    for (lr, momentum, curvature) in cases {
        let predicted = rate(lr, momentum, curvature).unwrap();
        let measured = measured_contraction(lr, momentum, curvature, 3000);
        assert!(
            (measured - predicted).abs() < 2e-4,
            "η = {lr}, β = {momentum}, λ = {curvature}: {measured} vs ρ = {predicted}"
        );
    }
}
// ANCHOR_END: measured_rate

#[test]
fn iteration_matrix_has_trace_one_plus_beta_minus_eta_lambda_and_determinant_beta() {
    let t = iteration_matrix(0.2, 0.7, 3.0).unwrap();
    assert_relative_eq!(t.trace(), 1.0 + 0.7 - 0.6, epsilon = 1e-15);
    assert_relative_eq!(t.determinant(), 0.7, epsilon = 1e-15);
}

#[test]
fn bad_inputs_are_errors() {
    assert!(rate(0.0, 0.5, 1.0).is_err());
    assert!(rate(0.1, 1.0, 1.0).is_err());
    assert!(rate(0.1, 0.5, -1.0).is_err());
    assert!(rate(f64::NAN, 0.5, 1.0).is_err());
    assert!(optimal(2.0, 1.0).is_err());
    assert!(optimal_gd(0.0, 1.0).is_err());
    assert!(critical_momentum(0.1, 0.0).is_err());
    assert!(position(0.1, 0.5, 1.0, 3).is_ok());
    // One curvature (μ = L, κ = 1) is a valid range: GD's η = 1/λ solves it in one step.
    assert_eq!(optimal(2.0, 2.0).unwrap().rate, 0.0);
    assert_eq!(optimal_gd(2.0, 2.0).unwrap().rate, 0.0);
}

#[test]
fn tuned_momentum_beats_tuned_gd_at_kappa_100() {
    // κ = 100: GD's best rate 99/101 = 0.9802, momentum's 9/11 = 0.8182.
    let gd = optimal_gd(1.0, 100.0).unwrap();
    let hb = optimal(1.0, 100.0).unwrap();
    assert_relative_eq!(gd.rate, 99.0 / 101.0, epsilon = 1e-15);
    assert_relative_eq!(hb.rate, 9.0 / 11.0, epsilon = 1e-15);
    assert_relative_eq!(hb.lr, 4.0 / 121.0, epsilon = 1e-15);
    assert_relative_eq!(hb.momentum, 81.0 / 121.0, epsilon = 1e-15);
    // Steps per decade of error, ln 10 / ln(1/ρ): 115.1 for GD, 11.5 for momentum.
    let per_decade = |rho: f64| 10f64.ln() / -rho.ln();
    assert!((per_decade(gd.rate) - 115.13).abs() < 0.01);
    assert!((per_decade(hb.rate) - 11.47).abs() < 0.01);
}

// ANCHOR: closed_form_path
proptest! {
    /// The closed form θₜ = z₂ᵗ + (1 − ηλ − z₂)(z₁ᵗ − z₂ᵗ)/(z₁ − z₂) is the
    /// library optimizer's path, step for step, in every regime.
    #[test]
    fn the_closed_form_path_is_the_library_sgd_path(
        momentum in 0.0..0.99f64,
        curvature in 0.1..10.0f64,
        stability in 0.01..0.99f64,
    ) {
        // ηλ anywhere in the stable range (0, 2(1 + β)).
        let lr = stability * 2.0 * (1.0 + momentum) / curvature;
        let path = library_path(lr, momentum, curvature, 60);
        for (t, &theta) in path.iter().enumerate() {
            let closed = position(lr, momentum, curvature, t as u32).unwrap();
            prop_assert!((theta - closed).abs() <= 1e-9 * (1.0 + theta.abs()),
                "t = {t}: library {theta}, closed form {closed}");
        }
    }
}
// ANCHOR_END: closed_form_path

proptest! {
    /// The eigenvalue formula against nalgebra's eigenvalues of T; the
    /// rate is √β exactly when they are complex, and never below √β.
    #[test]
    fn the_rate_is_the_spectral_radius_of_the_iteration_matrix(
        lr in 0.001..1.0f64,
        momentum in 0.0..0.99f64,
        curvature in 0.1..10.0f64,
    ) {
        let t = iteration_matrix(lr, momentum, curvature).unwrap();
        let radius = t.complex_eigenvalues().iter().map(|z| z.norm()).fold(0.0, f64::max);
        let rho = rate(lr, momentum, curvature).unwrap();
        prop_assert!((rho - radius).abs() <= 1e-7 * radius.max(1.0), "{rho} vs {radius}");
        prop_assert!(rho >= momentum.sqrt() * (1.0 - 1e-12));
        if discriminant(lr, momentum, curvature).unwrap() < 0.0 {
            prop_assert!((rho - momentum.sqrt()).abs() < 1e-12);
        }
        let [z1, z2] = eigenvalues(lr, momentum, curvature).unwrap();
        prop_assert!(((z1 * z2).re - momentum).abs() < 1e-12);
        // Stable exactly when ηλ < 2(1 + β).
        let stable = lr * curvature < 2.0 * (1.0 + momentum);
        if (lr * curvature - 2.0 * (1.0 + momentum)).abs() > 1e-6 {
            prop_assert_eq!(rho < 1.0, stable);
        }
    }
}

// ANCHOR: critical_damping
proptest! {
    /// β = (1 − √(ηλ))² is the boundary: real eigenvalues just below it,
    /// a complex pair just above, and the rate there is √β = |1 − √(ηλ)|.
    #[test]
    fn critical_damping_is_where_the_discriminant_changes_sign(
        curvature in 0.1..10.0f64,
        eta_lambda in 0.01..3.9f64,
    ) {
        prop_assume!((eta_lambda - 1.0).abs() > 0.01);
        let lr = eta_lambda / curvature;
        let critical = critical_momentum(lr, curvature).unwrap();
        let (below, above) = (critical * (1.0 - 1e-6), critical * (1.0 + 1e-6));
        prop_assert!(discriminant(lr, below, curvature).unwrap() > 0.0);
        prop_assert!(discriminant(lr, above, curvature).unwrap() < 0.0);
        let at = rate(lr, critical, curvature).unwrap();
        prop_assert!((at - (1.0 - eta_lambda.sqrt()).abs()).abs() < 1e-7);
    }
}
// ANCHOR_END: critical_damping

// ANCHOR: optimal_rate
proptest! {
    /// The tuned heavy ball contracts by (√κ − 1)/(√κ + 1) on all of [μ, L]
    /// and no nearby (η, β) does better; tuned GD gets (κ − 1)/(κ + 1).
    #[test]
    fn the_optimal_heavy_ball_rate_is_root_kappa_minus_one_over_plus_one(
        mu in 0.01..10.0f64,
        kappa in 1.5..1e4f64,
        nudge_lr in -0.02..0.02f64,
        nudge_momentum in -0.02..0.02f64,
    ) {
        let l = mu * kappa;
        let tuned = optimal(mu, l).unwrap();
        let closed = (kappa.sqrt() - 1.0) / (kappa.sqrt() + 1.0);
        prop_assert!((tuned.rate - closed).abs() < 1e-12);
        let achieved = worst_rate(tuned.lr, tuned.momentum, mu, l).unwrap();
        prop_assert!((achieved - closed).abs() < 1e-7, "{achieved} vs {closed}");
        let nearby = worst_rate(
            tuned.lr * (1.0 + nudge_lr),
            (tuned.momentum * (1.0 + nudge_momentum)).min(0.999_999),
            mu,
            l,
        ).unwrap();
        prop_assert!(nearby >= closed - 1e-7, "{nearby} < {closed}");
        let gd = optimal_gd(mu, l).unwrap();
        prop_assert!((gd.rate - (kappa - 1.0) / (kappa + 1.0)).abs() < 1e-12);
        prop_assert!((worst_rate(gd.lr, 0.0, mu, l).unwrap() - gd.rate).abs() < 1e-12);
        prop_assert!(tuned.rate < gd.rate);
    }
}
// ANCHOR_END: optimal_rate

proptest! {
    /// The worst rate over [μ, L] is at an end of the interval.
    #[test]
    fn the_worst_curvature_is_an_end_of_the_interval(
        lr in 0.001..0.5f64,
        momentum in 0.0..0.99f64,
        mu in 0.1..2.0f64,
        kappa in 1.0..50.0f64,
    ) {
        let l = mu * kappa;
        let worst = worst_rate(lr, momentum, mu, l).unwrap();
        for i in 0..=200 {
            let lambda = mu + (l - mu) * f64::from(i) / 200.0;
            prop_assert!(rate(lr, momentum, lambda).unwrap() <= worst + 1e-7);
        }
    }
}

proptest! {
    /// Over random stable settings, the optimizer's measured contraction is
    /// the spectral radius.
    #[test]
    fn the_measured_contraction_is_the_rate(
        momentum in 0.0..0.95f64,
        curvature in 0.1..10.0f64,
        stability in 0.05..0.95f64,
    ) {
        let lr = stability * 2.0 * (1.0 + momentum) / curvature;
        let rho = rate(lr, momentum, curvature).unwrap();
        prop_assume!((0.8..0.995).contains(&rho));
        let measured = measured_contraction(lr, momentum, curvature, 1500);
        prop_assert!((measured - rho).abs() < 2e-3, "{measured} vs {rho}");
    }
}

// ---------------------------------------------------------------------------
// Why Adam lags RMSprop on the article problem at η = 0.1
// ---------------------------------------------------------------------------

/// A full-batch run on the article problem from θ = 0: per step, the
/// distance ‖θ − θ*‖, the excess MSE, the step length ‖Δθ‖∞ and the
/// gradient. Adam's √v̂ is read from its state by the caller.
struct Run {
    distance: Vec<f64>,
    excess: Vec<f64>,
    step: Vec<f64>,
}

fn full_batch_run<O: Optimizer>(optimizer: &O, steps: usize) -> (Run, O::State) {
    use lossbook::objective::LinearRegression;
    let problem = LinearRegression::article_problem();
    let optimum = problem.normal_equation().unwrap();
    let best = problem.mse(&optimum);
    let all: Vec<usize> = (0..problem.sample_count()).collect();
    let mut theta = DVector::zeros(3);
    let mut state = optimizer.init(&theta).unwrap();
    let mut run = Run {
        distance: vec![(&theta - &optimum).norm()],
        excess: vec![problem.mse(&theta) - best],
        step: vec![],
    };
    for _ in 0..steps {
        let before = theta.clone();
        let gradient = problem.gradient(&theta, &all);
        optimizer.step(&mut state, &mut theta, &gradient).unwrap();
        run.step.push((&theta - before).amax());
        run.distance.push((&theta - &optimum).norm());
        run.excess.push(problem.mse(&theta) - best);
    }
    (run, state)
}

impl Run {
    fn first_below(series: &[f64], threshold: f64) -> usize {
        series
            .iter()
            .position(|&x| x < threshold)
            .expect("reaches the threshold")
    }

    /// The mean contraction of the distance per step while it falls from
    /// 1e-3 to 1e-9.
    fn late_contraction(&self) -> f64 {
        let (a, b) = (
            Self::first_below(&self.distance, 1e-3),
            Self::first_below(&self.distance, 1e-9),
        );
        (self.distance[b] / self.distance[a]).powf(1.0 / (b - a) as f64)
    }
}

fn adam(beta1: f64, beta2: f64) -> lossbook::optim::Adam {
    lossbook::optim::Adam {
        lr: 0.1,
        beta1,
        beta2,
        ..lossbook::optim::Adam::default()
    }
}

fn rmsprop() -> lossbook::optim::RmsProp {
    lossbook::optim::RmsProp {
        lr: 0.1,
        ..lossbook::optim::RmsProp::default()
    }
}

// ANCHOR: adam_late_rate
/// Near the minimum Adam is heavy-ball momentum with a slowly changing
/// per-coordinate rate. Oscillating (underdamped), a heavy ball contracts by
/// exactly √β per step, whatever its rate: √β₁, for either β₂.
#[test]
fn adams_late_contraction_is_the_square_root_of_beta1_whatever_beta2() {
    for beta1 in [0.9, 0.95] {
        for beta2 in [0.99, 0.999] {
            let (run, _) = full_batch_run(&adam(beta1, beta2), 1500);
            let off = (run.late_contraction() - beta1.sqrt()).abs();
            assert!(off < 3e-3, "β₁ = {beta1}, β₂ = {beta2}: off √β₁ by {off}");
        }
    }
}
// ANCHOR_END: adam_late_rate

// ANCHOR: adam_late_rate_without_momentum
/// Without momentum nothing pins the rate at √0.9 = 0.949: it is faster,
/// and now β₂'s memory sets it (a longer memory, a larger v̂, a slower
/// descent). RMSprop, with no momentum, is faster still.
#[test]
fn without_momentum_adams_late_rate_is_set_by_beta2() {
    let short = full_batch_run(&adam(0.0, 0.99), 1500).0.late_contraction();
    let long = full_batch_run(&adam(0.0, 0.999), 1500).0.late_contraction();
    let rms = full_batch_run(&rmsprop(), 300).0.late_contraction();
    assert!(short < 0.87, "β₂ = 0.99: {short}");
    assert!((0.89..0.92).contains(&long), "β₂ = 0.999: {long}");
    assert!(rms < 0.79, "RMSprop: {rms}");
}
// ANCHOR_END: adam_late_rate_without_momentum

// ANCHOR: adam_arrival
/// Adam's bias correction makes its first steps η long; RMSprop's first is η/√(1 − α) = 10η,
/// as `s` starts at (1 − α)g². RMSprop arrives (excess MSE < 1e-2) after 20 steps, Adam 78.
#[test]
fn rmsprop_arrives_four_times_sooner_than_adam() {
    let (adam_run, _) = full_batch_run(&adam(0.9, 0.999), 300);
    let (rms_run, _) = full_batch_run(&rmsprop(), 300);
    for &step in &adam_run.step[..3] {
        assert!((step / 0.1 - 1.0).abs() < 3e-3, "{step}");
    }
    assert!((rms_run.step[0] - 1.0).abs() < 1e-6);
    let arrival = |run: &Run| Run::first_below(&run.excess, 1e-2);
    assert_eq!((arrival(&rms_run), arrival(&adam_run)), (20, 78));
}
// ANCHOR_END: adam_arrival

// ANCHOR: adam_after_100
/// After the 100 epochs of the comparison figure: 6.1e-4 against 0.
#[test]
fn after_100_epochs_adam_is_at_6e_4_and_rmsprop_at_the_minimum() {
    let (adam_run, _) = full_batch_run(&adam(0.9, 0.999), 300);
    let (rms_run, _) = full_batch_run(&rmsprop(), 300);
    assert!((adam_run.excess[100] - 6.1e-4).abs() < 0.05e-4);
    assert!(rms_run.excess[100] < 1e-14);
}
// ANCHOR_END: adam_after_100

/// Adam's steps do shrink with the gradient: v̂ remembers the large early
/// gradients, so near the end the denominator is fixed and the step is
/// proportional to m̂, like SGD with momentum.
#[test]
fn adams_steps_shrink_with_the_gradient_because_v_hat_remembers() {
    let optimizer = adam(0.9, 0.999);
    let (probe, _) = full_batch_run(&optimizer, 1500);
    let t = Run::first_below(&probe.distance, 1e-6);
    let (run, state) = full_batch_run(&optimizer, t);
    assert!(run.step[t - 1] < 1e-5 * optimizer.lr, "{}", run.step[t - 1]);
    let (_, v_hat) = optimizer.bias_corrected(&state);
    assert!(v_hat.iter().all(|&v| v.sqrt() > 0.2), "{v_hat}");
}
