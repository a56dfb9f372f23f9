//! Facts about the optimizers and the learning-rate schedules.

use approx::assert_relative_eq;
use lossbook::objective::{Objective, Quadratic};
use lossbook::optim::*;
use lossbook::schedule::*;
use nalgebra::DVector;
use proptest::prelude::*;

fn vector(values: &[f64]) -> DVector<f64> {
    DVector::from_column_slice(values)
}

/// Runs `optimizer` for `steps` steps on the gradients `gradients(t, θ)`.
fn run<O: Optimizer>(
    optimizer: &mut O,
    start: &DVector<f64>,
    steps: usize,
    gradient: impl Fn(usize, &DVector<f64>) -> DVector<f64>,
    mut before_step: impl FnMut(usize, &mut O),
) -> DVector<f64> {
    let mut params = start.clone();
    let mut state = optimizer.init(&params).unwrap();
    for t in 0..steps {
        before_step(t, optimizer);
        let g = gradient(t, &params);
        optimizer.step(&mut state, &mut params, &g).unwrap();
    }
    params
}

/// Where one step of `optimizer` from θ = 0 along `grad` lands.
fn first_step<O: Optimizer>(optimizer: &O, grad: &DVector<f64>) -> DVector<f64> {
    let mut params = DVector::zeros(grad.len());
    let mut state = optimizer.init(&params).unwrap();
    optimizer.step(&mut state, &mut params, grad).unwrap();
    params
}

// ANCHOR: adam_bias_correction
proptest! {
    #[test]
    fn adam_bias_correction_recovers_a_constant_gradient_exactly(
        g in prop::collection::vec(-100.0..100.0f64, 1..5),
        steps in 1..60usize,
        beta1 in 0.5..0.99f64,
        beta2 in 0.9..0.9999f64,
    ) {
        let adam = Adam { beta1, beta2, ..Adam::default() };
        let grad = vector(&g);
        let mut params = DVector::zeros(g.len());
        let mut state = adam.init(&params).unwrap();
        for _ in 0..steps {
            adam.step(&mut state, &mut params, &grad).unwrap();
            let (m_hat, v_hat) = adam.bias_corrected(&state);
            for i in 0..g.len() {
                prop_assert!((m_hat[i] - g[i]).abs() <= 1e-12 * g[i].abs().max(1.0));
                prop_assert!((v_hat[i] - g[i] * g[i]).abs() <= 1e-12 * (g[i] * g[i]).max(1.0));
            }
        }
    }
}
// ANCHOR_END: adam_bias_correction

// ANCHOR: adam_first_step
proptest! {
    #[test]
    fn adams_first_step_is_lr_times_g_over_abs_g_plus_eps(
        g in prop::collection::vec(-100.0..100.0f64, 1..5),
        lr in 1e-4..1.0f64,
    ) {
        let adam = Adam { lr, ..Adam::default() };
        let params = first_step(&adam, &vector(&g));
        for (theta, &g) in params.iter().zip(&g) {
            prop_assert!((theta + lr * g / (g.abs() + adam.eps)).abs() <= 1e-12 * lr);
        }
    }
}
// ANCHOR_END: adam_first_step

// ANCHOR: scale_invariance
proptest! {
    #[test]
    fn rmsprop_and_adam_steps_ignore_the_scale_of_the_gradient(
        g in prop::collection::vec(0.1..10.0f64, 1..5),
        scale in 0.01..100.0f64,
    ) {
        // "Adaptive learning rate": the step depends on g/√E[g²], not on the size of g.
        fn first_step<O: Optimizer>(opt: &O, g: &DVector<f64>) -> DVector<f64> {
            let mut params = DVector::zeros(g.len());
            let mut state = opt.init(&params).unwrap();
            opt.step(&mut state, &mut params, g).unwrap();
            params
        }
        let g = vector(&g);
        let scaled = &g * scale;
        let rms = RmsProp { eps: 1e-12, ..RmsProp::default() };
        let adam = Adam { eps: 1e-12, ..Adam::default() };
        for (a, b) in [(first_step(&rms, &g), first_step(&rms, &scaled)), (first_step(&adam, &g), first_step(&adam, &scaled))] {
            for i in 0..a.len() {
                prop_assert!((a[i] - b[i]).abs() <= 1e-9 * a[i].abs());
            }
        }
        let sgd = Sgd { lr: 0.1, ..Sgd::default() };
        let (a, b) = (first_step(&sgd, &g), first_step(&sgd, &scaled));
        assert_relative_eq!(b[0] / a[0], scale, max_relative = 1e-12);
    }
}
// ANCHOR_END: scale_invariance

// ANCHOR: momentum_formulations
proptest! {
    #[test]
    fn the_two_momentum_formulations_agree_while_the_learning_rate_is_constant(
        start in prop::collection::vec(-5.0..5.0f64, 2),
        lr in 0.001..0.1f64,
        momentum in 0.0..0.99f64,
    ) {
        let quadratic = Quadratic::ill_conditioned(10.0).unwrap();
        let gradient = |_: usize, p: &DVector<f64>| quadratic.full_gradient(p);
        let start = vector(&start);
        let article = run(&mut ArticleMomentum { lr, momentum }, &start, 50, gradient, |_, _| {});
        let torch = run(&mut Sgd { lr, momentum, ..Sgd::default() }, &start, 50, gradient, |_, _| {});
        for i in 0..2 {
            prop_assert!((article[i] - torch[i]).abs() <= 1e-10 * (1.0 + torch[i].abs()));
        }
    }
}
// ANCHOR_END: momentum_formulations

// ANCHOR: nesterov
proptest! {
    #[test]
    fn nesterov_differs_from_heavy_ball_momentum(start in prop::collection::vec(1.0..5.0f64, 2)) {
        let quadratic = Quadratic::ill_conditioned(10.0).unwrap();
        let gradient = |_: usize, p: &DVector<f64>| quadratic.full_gradient(p);
        let start = vector(&start);
        let heavy = run(&mut Sgd { lr: 0.01, momentum: 0.9, ..Sgd::default() }, &start, 5, gradient, |_, _| {});
        let nesterov = run(&mut Sgd { lr: 0.01, momentum: 0.9, nesterov: true, ..Sgd::default() }, &start, 5, gradient, |_, _| {});
        prop_assert!((heavy - nesterov).norm() > 1e-6);
    }
}
// ANCHOR_END: nesterov

// ANCHOR: schedule_properties
// ANCHOR: cosine_property
proptest! {
    #[test]
    fn cosine_annealing_falls_monotonically_from_lr0_to_eta_min(
        lr0 in 1e-4..1.0f64,
        min_fraction in 0.0..1.0f64,
        t_max in 1..500usize,
    ) {
        let eta_min = lr0 * min_fraction;
        let cosine = CosineAnnealing::new(lr0, eta_min, t_max).unwrap();
        prop_assert!((cosine.learning_rate(0) - lr0).abs() <= 1e-15 * lr0);
        prop_assert!((cosine.learning_rate(t_max) - eta_min).abs() <= 1e-15 * lr0);
        for t in 0..t_max + 10 {
            prop_assert!(cosine.learning_rate(t + 1) <= cosine.learning_rate(t));
        }
    }
}
// ANCHOR_END: cosine_property

// ANCHOR: warmup_linear
proptest! {
    #[test]
    fn warmup_is_linear(lr0 in 1e-4..1.0f64, start in 0.01..1.0f64, steps in 1..100usize) {
        let warmup = LinearWarmup::new(lr0, start, 1.0, steps).unwrap();
        let increment = lr0 * (1.0 - start) / steps as f64;
        prop_assert!((warmup.learning_rate(0) - start * lr0).abs() <= 1e-15);
        for t in 0..steps {
            let step = warmup.learning_rate(t + 1) - warmup.learning_rate(t);
            prop_assert!((step - increment).abs() <= 1e-12 * lr0);
        }
        prop_assert!((warmup.learning_rate(steps + 7) - lr0).abs() <= 1e-15);
    }
}
// ANCHOR_END: warmup_linear

// ANCHOR: step_decay_property
proptest! {
    #[test]
    fn step_decay_multiplies_by_gamma_every_step_size_epochs(
        lr0 in 1e-4..1.0f64,
        gamma in 0.01..1.0f64,
        step_size in 1..20usize,
        t in 0..200usize,
    ) {
        let decay = StepDecay::new(lr0, step_size, gamma).unwrap();
        let expected = lr0 * gamma.powi((t / step_size) as i32);
        prop_assert!((decay.learning_rate(t) - expected).abs() <= 1e-15 * lr0);
        // Constant inside a period, one factor of gamma across a boundary.
        let start = (t / step_size) * step_size;
        prop_assert_eq!(decay.learning_rate(start), decay.learning_rate(start + step_size - 1));
        assert_relative_eq!(
            decay.learning_rate(start + step_size),
            gamma * decay.learning_rate(start),
            max_relative = 1e-12
        );
    }
}
// ANCHOR_END: step_decay_property

// ANCHOR_END: schedule_properties

// ANCHOR: exponential_property
proptest! {
    #[test]
    fn exponential_decay_is_geometric(lr0 in 1e-4..1.0f64, gamma in 0.5..1.0f64, t in 0..300usize) {
        let schedule = Exponential::new(lr0, gamma).unwrap();
        assert_relative_eq!(
            schedule.learning_rate(t + 1),
            gamma * schedule.learning_rate(t),
            max_relative = 1e-12
        );
    }
}
// ANCHOR_END: exponential_property

// ANCHOR: momentum_lr_change
#[test]
fn the_two_momentum_formulations_differ_after_a_learning_rate_change() {
    let quadratic = Quadratic::ill_conditioned(10.0).unwrap();
    let gradient = |_: usize, p: &DVector<f64>| quadratic.full_gradient(p);
    let start = vector(&[3.0, 1.0]);
    let mut article = ArticleMomentum {
        lr: 0.01,
        momentum: 0.9,
    };
    let mut torch = Sgd {
        lr: 0.01,
        momentum: 0.9,
        ..Sgd::default()
    };
    let mut constant_rate = torch;
    let ten_steps = run(&mut constant_rate, &start, 10, gradient, |_, _| {});
    // Ten steps at 0.01, then the rate drops tenfold for step 11.
    let drop = |t: usize, lr: &mut f64| *lr = if t < 10 { 0.01 } else { 0.001 };
    let article = run(&mut article, &start, 11, gradient, |t, o| {
        drop(t, &mut o.lr)
    });
    let torch = run(&mut torch, &start, 11, gradient, |t, o| drop(t, &mut o.lr));
    // At step 11 the article's velocity still carries the old rate: its step is far larger.
    let article_step = (&article - &ten_steps).norm();
    let torch_step = (&torch - &ten_steps).norm();
    assert!(
        article_step > 5.0 * torch_step,
        "article step {article_step}, torch step {torch_step}"
    );
}
// ANCHOR_END: momentum_lr_change

// ANCHOR: rmsprop_epsilon
#[test]
fn rmsprop_epsilon_inside_the_root_damps_small_gradients_far_more() {
    // The article's formula divides by √(s + ε); its code (and PyTorch) by √s + ε.
    let (lr, rho, eps, g) = (0.01, 0.9, 1e-8, 1e-5);
    let rms = RmsProp {
        lr,
        alpha: rho,
        eps,
        ..RmsProp::default()
    };
    let mut params = vector(&[0.0]);
    let mut state = rms.init(&params).unwrap();
    rms.step(&mut state, &mut params, &vector(&[g])).unwrap();
    let s = state.square_avg[0];
    let outside = lr * g / (s.sqrt() + eps);
    let inside = lr * g / (s + eps).sqrt();
    assert_relative_eq!(-params[0], outside, max_relative = 1e-12);
    assert!(
        outside > 30.0 * inside,
        "ε outside: {outside}, inside: {inside}"
    );
}
// ANCHOR_END: rmsprop_epsilon

// ANCHOR: adamw_decay
#[test]
fn adamw_decoupled_decay_differs_from_adam_with_l2() {
    // Two weights with the same value and very different gradient scales.
    let start = vector(&[1.0, 1.0]);
    let gradient = |_: usize, _: &DVector<f64>| vector(&[100.0, 0.01]);
    let mut plain = Adam {
        lr: 0.01,
        ..Adam::default()
    };
    let mut l2 = Adam {
        weight_decay: 0.1,
        ..plain
    };
    let mut decoupled = AdamW::from(l2);
    let adam_l2 = run(&mut l2, &start, 100, gradient, |_, _| {});
    let adamw = run(&mut decoupled, &start, 100, gradient, |_, _| {});
    let plain = run(&mut plain, &start, 100, gradient, |_, _| {});
    // Adam's L2 term is divided by √v̂ like the gradient; AdamW's decay is not.
    let decay_w = &plain - &adamw;
    let decay_l2 = &plain - &adam_l2;
    assert!(
        (decay_w[0] - decay_w[1]).abs() < 0.1 * decay_w[0].abs(),
        "AdamW decays both alike: {decay_w}"
    );
    assert!(
        decay_l2[0].abs() < 0.01 * decay_l2[1].abs(),
        "Adam+L2 barely decays the large-gradient weight: {decay_l2}"
    );
    assert!((&adamw - &adam_l2).norm() > 0.1);
}
// ANCHOR_END: adamw_decay

// ANCHOR: adam_is_rmsprop_with_momentum
#[test]
fn adam_with_beta1_zero_tends_to_rmsprop_once_bias_correction_fades() {
    // "Adam = Momentum + RMSprop": without momentum (β₁ = 0) and once 1 − β₂ᵗ ≈ 1,
    // Adam's step is RMSprop's with ρ = β₂.
    let rho = 0.9;
    let gradient =
        |t: usize, _: &DVector<f64>| vector(&[(t as f64).sin() + 1.5, (0.3 * t as f64).cos()]);
    let start = vector(&[0.0, 0.0]);
    let steps = 400;
    let adam = Adam {
        beta1: 0.0,
        beta2: rho,
        ..Adam::default()
    };
    let rms = RmsProp {
        lr: adam.lr,
        alpha: rho,
        eps: adam.eps,
        ..RmsProp::default()
    };
    // The last step of each: where it ends minus where it was one step before.
    let adam_step = run(&mut adam.clone(), &start, steps, gradient, |_, _| {})
        - run(&mut adam.clone(), &start, steps - 1, gradient, |_, _| {});
    let rms_step = run(&mut rms.clone(), &start, steps, gradient, |_, _| {})
        - run(&mut rms.clone(), &start, steps - 1, gradient, |_, _| {});
    for i in 0..2 {
        assert_relative_eq!(adam_step[i], rms_step[i], max_relative = 1e-6);
    }
}
// ANCHOR_END: adam_is_rmsprop_with_momentum

// ANCHOR: optimizer_defaults
#[test]
fn defaults_are_pytorchs() {
    assert_eq!(
        (
            Sgd::default().lr,
            Sgd::default().momentum,
            Sgd::default().nesterov
        ),
        (1e-3, 0.0, false)
    );
    let adagrad = Adagrad::default();
    assert_eq!(
        (
            adagrad.lr,
            adagrad.eps,
            adagrad.lr_decay,
            adagrad.initial_accumulator_value
        ),
        (1e-2, 1e-10, 0.0, 0.0)
    );
    let rms = RmsProp::default();
    assert_eq!(
        (rms.lr, rms.alpha, rms.eps, rms.momentum, rms.centered),
        (1e-2, 0.99, 1e-8, 0.0, false)
    );
    let adam = Adam::default();
    assert_eq!(
        (
            adam.lr,
            adam.beta1,
            adam.beta2,
            adam.eps,
            adam.weight_decay,
            adam.amsgrad
        ),
        (1e-3, 0.9, 0.999, 1e-8, 0.0, false)
    );
    let adamw = AdamW::default();
    assert_eq!(
        (
            adamw.lr,
            adamw.beta1,
            adamw.beta2,
            adamw.eps,
            adamw.weight_decay
        ),
        (1e-3, 0.9, 0.999, 1e-8, 1e-2)
    );
}
// ANCHOR_END: optimizer_defaults

// ANCHOR: article_warmup
#[test]
fn article_warmup_reaches_lr0_one_step_before_pytorchs_linear_lr() {
    let article = LinearWarmup::article(0.1, 5).unwrap();
    let expected = [0.02, 0.04, 0.06, 0.08, 0.1, 0.1];
    for (t, lr) in expected.iter().enumerate() {
        assert_relative_eq!(article.learning_rate(t), *lr, max_relative = 1e-12);
    }
    let torch_style = LinearWarmup::new(0.1, 1.0 / 5.0, 1.0, 5).unwrap();
    assert!(torch_style.learning_rate(4) < 0.1 - 1e-3);
    assert_relative_eq!(torch_style.learning_rate(5), 0.1, max_relative = 1e-12);
}
// ANCHOR_END: article_warmup

// ANCHOR: cosine_after_t_max
#[test]
fn cosine_holds_eta_min_after_t_max() {
    let cosine = CosineAnnealing::new(0.1, 0.001, 30).unwrap();
    assert_eq!(cosine.learning_rate(45), cosine.learning_rate(30));
}
// ANCHOR_END: cosine_after_t_max

// ANCHOR: warmup_cosine
#[test]
fn warmup_cosine_ramps_then_anneals() {
    let schedule = warmup_cosine(0.1, 5, 50, 0.0).unwrap();
    assert_relative_eq!(schedule.learning_rate(0), 0.02, max_relative = 1e-12);
    assert_relative_eq!(schedule.learning_rate(5), 0.1, max_relative = 1e-12);
    assert!(schedule.learning_rate(4) < schedule.learning_rate(5));
    assert!(schedule.learning_rate(30) < schedule.learning_rate(6));
    assert!(schedule.learning_rate(50).abs() < 1e-15);
}
// ANCHOR_END: warmup_cosine

#[test]
fn every_state_counts_its_steps_with_one_type() {
    let params = vector(&[1.0, -2.0]);
    let grad = vector(&[0.5, 0.25]);
    fn count<O: Optimizer>(optimizer: &O, params: &DVector<f64>, grad: &DVector<f64>) -> O::State {
        let mut params = params.clone();
        let mut state = optimizer.init(&params).unwrap();
        for _ in 0..3 {
            optimizer.step(&mut state, &mut params, grad).unwrap();
        }
        state
    }
    assert_eq!(count(&Sgd::default(), &params, &grad).steps, StepCount(3));
    assert_eq!(
        count(&Adagrad::default(), &params, &grad).steps,
        StepCount(3)
    );
    assert_eq!(
        count(&RmsProp::default(), &params, &grad).steps,
        StepCount(3)
    );
    assert_eq!(count(&Adam::default(), &params, &grad).steps, StepCount(3));
    assert_eq!(count(&AdamW::default(), &params, &grad).steps, StepCount(3));
}

#[test]
fn step_count_powers_are_exact_below_and_continuous_past_i32() {
    assert_eq!(StepCount(3).power(0.5), 0.125);
    assert_eq!(StepCount(0).power(0.9), 1.0);
    // Past i32::MAX the count still raises β to the right power: at
    // β = 1 − 1e-10 and t = 2³², βᵗ = exp(t·ln β) ≈ e^(−0.4295).
    let t = 1u64 << 32;
    let beta: f64 = 1.0 - 1e-10;
    let expected = (t as f64 * beta.ln()).exp();
    assert_relative_eq!(StepCount(t).power(beta), expected, max_relative = 1e-12);
    assert!((StepCount(t).power(beta) - 0.6508).abs() < 1e-3);
}

// ANCHOR: adamax_bound
proptest! {
    /// An Adamax step moves a coordinate by at most `η/(1 − β₁ᵗ) · (1 − β₁)Σⱼ<ₜ(β₁/β₂)ʲ`:
    /// `|gₜ₋ⱼ| ≤ uₜ/β₂ʲ`, since `u` forgets by β₂ per step.
    #[test]
    fn adamax_steps_obey_the_bound_that_allows_for_forgetting(
        gradients in prop::collection::vec(prop::collection::vec(-1e3..1e3f64, 3), 1..30),
        lr in 1e-4..1.0f64,
        beta1 in 0.0..0.99f64,
        beta2 in 0.5..0.9999f64,
    ) {
        let adamax = Adamax { lr, beta1, beta2, ..Adamax::default() };
        let mut params = vector(&[0.5, -1.0, 2.0]);
        let mut state = adamax.init(&params).unwrap();
        for (t, g) in (1..).zip(&gradients) {
            let before = params.clone();
            adamax.step(&mut state, &mut params, &vector(g)).unwrap();
            let sum: f64 = (0..t).map(|j| (beta1 / beta2).powi(j)).sum();
            let bound = lr / (1.0 - beta1.powi(t)) * (1.0 - beta1) * sum;
            for i in 0..3 {
                prop_assert!((params[i] - before[i]).abs() <= bound * (1.0 + 1e-12));
            }
        }
    }
}
// ANCHOR_END: adamax_bound

// ANCHOR: adamax_past_bound
/// The shorter bound `η/(1 − β₁ᵗ)` fails when gradients shrink by β₂ per step:
/// at PyTorch's defaults, step 50 is 0.36 % longer.
#[test]
fn adamax_can_step_past_the_corrected_learning_rate() {
    let adamax = Adamax {
        lr: 1.0,
        ..Adamax::default()
    };
    let mut params = vector(&[0.0]);
    let mut state = adamax.init(&params).unwrap();
    let mut before = 0.0;
    for k in 1..=50 {
        before = params[0];
        let g = vector(&[0.999f64.powi(k - 50)]);
        adamax.step(&mut state, &mut params, &g).unwrap();
    }
    let ratio = (params[0] - before).abs() * (1.0 - 0.9f64.powi(50));
    assert!(ratio > 1.0036 && ratio < 1.0037, "{ratio}");
}
// ANCHOR_END: adamax_past_bound

// ANCHOR: radam_warmup
/// RAdam's first five steps (ρₜ ≤ 5 for β₂ = 0.999) are momentum SGD with
/// bias correction, `θ ← θ − η m/(1 − β₁ᵗ)`; the sixth is rectified.
#[test]
fn radam_starts_as_bias_corrected_momentum_sgd() {
    let radam = RAdam {
        lr: 0.1,
        ..RAdam::default()
    };
    let gradient = |theta: &DVector<f64>| theta.map(|x| 2.0 * x - 1.0);
    let (mut ours, mut reference) = (vector(&[3.0, -2.0]), vector(&[3.0, -2.0]));
    let mut state = radam.init(&ours).unwrap();
    let mut m = DVector::zeros(2);
    for t in 1..=6 {
        let g = gradient(&ours);
        radam.step(&mut state, &mut ours, &g).unwrap();
        m = 0.9 * &m + 0.1 * gradient(&reference);
        reference -= 0.1 * &m / (1.0 - 0.9f64.powi(t));
        let gap = (&ours - &reference).amax();
        if t <= 5 {
            assert!(gap < 1e-15, "step {t}: {gap}");
        } else {
            assert!(gap > 1e-3, "step {t} should be adaptive: {gap}");
        }
    }
}
// ANCHOR_END: radam_warmup

// ANCHOR: adadelta_units
proptest! {
    /// Adadelta's first step hardly changes when the objective is scaled by
    /// c ≥ 1: it is about √(ε/(1 − ρ)) per coordinate, whatever |g| ≥ 0.1.
    #[test]
    fn adadelta_first_step_ignores_the_scale_of_the_objective(
        g in prop_oneof![0.1..10.0f64, -10.0..-0.1f64],
        c in 1.0..1e3f64,
    ) {
        let adadelta = Adadelta::default();
        let step = |grad: f64| first_step(&adadelta, &vector(&[grad]))[0];
        let (plain, scaled) = (step(g), step(c * g));
        prop_assert!((scaled / plain - 1.0).abs() < 1e-3);
        prop_assert!((plain.abs() / (1e-6f64 / 0.1).sqrt() - 1.0).abs() < 1e-3);
    }
}
// ANCHOR_END: adadelta_units

// ANCHOR: warm_restarts_property
/// SGDR restarts at η₀ after periods of T₀, T₀·T_mult, T₀·T_mult², …, and
/// reaches η_min only in the limit: just before a restart it is still above.
#[test]
fn warm_restarts_restart_at_lr0_after_growing_periods() {
    let sgdr = WarmRestarts::new(0.1, 3, 2, 0.001).unwrap();
    for restart in [0, 3, 9, 21, 45] {
        assert_eq!(sgdr.learning_rate(restart), 0.1, "t = {restart}");
        if restart > 0 {
            let before = sgdr.learning_rate(restart - 1);
            assert!(before > 0.001 && before < 0.03, "t = {restart}: {before}");
        }
    }
    assert!((1..3).all(|t| sgdr.learning_rate(t) < sgdr.learning_rate(t - 1)));
}
// ANCHOR_END: warm_restarts_property

// ANCHOR: one_cycle_inverse
proptest! {
    /// OneCycle's momentum moves against its rate: within a phase, where η
    /// rises μ falls. (Across the phase boundary both may fall a little.)
    #[test]
    fn one_cycle_momentum_moves_against_the_rate(
        total in 2..500usize,
        pct_start in 0.05..0.95f64,
        linear in any::<bool>(),
    ) {
        let anneal = if linear { Anneal::Linear } else { Anneal::Cos };
        let divs = (25.0, 1e4);
        let cycle = OneCycle::with(1.0, total, pct_start, anneal, divs, Some((0.85, 0.95))).unwrap();
        let rise_end = pct_start * total as f64 - 1.0;
        for t in (1..total).filter(|&t| (t as f64 > rise_end) == ((t - 1) as f64 > rise_end)) {
            let rate = cycle.learning_rate(t) - cycle.learning_rate(t - 1);
            let momentum = cycle.momentum(t).unwrap() - cycle.momentum(t - 1).unwrap();
            prop_assert!(rate * momentum <= 0.0, "t = {}: {} {}", t, rate, momentum);
        }
    }
}
// ANCHOR_END: one_cycle_inverse
