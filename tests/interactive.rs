//! The interactive figures' grids (`figures/*.js`, written by `cargo run
//! --bin figures` from `lossbook::figures::interactive`): the committed
//! files are fresh (see also tests/figures.rs), small, deterministic, and
//! each grid point agrees with an independent computation at the same
//! slider settings (a closed form, or a direct call of the library).

use std::sync::OnceLock;

use nalgebra::DVector;
use serde_json::Value;

use lossbook::figures::interactive::{
    self, Grid, INTERACTIVE, MOMENTUM_KAPPA, MOMENTUM_START, MOMENTUM_STEPS, SCHEDULE_EPOCHS,
    SCHEDULE_FLOORS, SCHEDULE_LR, SCHEDULE_PERIODS, SCHEDULE_WARMUPS, round,
};
use lossbook::objective::LinearRegression;
use lossbook::optim::Sgd;
use lossbook::optim::momentum_theory::{critical_momentum, position, worst_rate};
use lossbook::schedule::{CosineAnnealing, LinearWarmup, Schedule, Sequential, WarmRestarts};
use lossbook::train::{Batching, TrainConfig, train};

/// Every grid built once for the whole test binary, by figure name.
fn grid(name: &str) -> &'static Grid {
    static GRIDS: OnceLock<Vec<(&'static str, Grid)>> = OnceLock::new();
    let grids = GRIDS.get_or_init(|| {
        INTERACTIVE
            .iter()
            .map(|f| (f.name, (f.build)().expect("every grid builds")))
            .collect()
    });
    &grids.iter().find(|(n, _)| *n == name).expect(name).1
}

fn number(value: Option<&Value>) -> f64 {
    value.and_then(Value::as_f64).expect("a number")
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_f64().unwrap_or(f64::NAN))
        .collect()
}

/// A `[xs, ys]` series.
fn pairs(value: Option<&Value>) -> (Vec<f64>, Vec<f64>) {
    let both = value.and_then(Value::as_array).expect("[xs, ys]");
    (numbers(&both[0]), numbers(&both[1]))
}

/// `a` equals `b` rounded to 6 significant digits: within half a unit of
/// the sixth digit (relative 5e-6), plus the last bit of `b`'s own rounding.
fn rounded_equal(a: f64, b: f64) -> bool {
    (a - b).abs() <= 5.000_001e-6 * b.abs() + 1e-300
}

fn values_of(grid: &Grid, id: &str) -> Vec<f64> {
    grid.control(id).values.clone()
}

// ---------------------------------------------------------------------------
// The files
// ---------------------------------------------------------------------------

#[test]
fn data_files_are_at_most_300_kb_and_parse_back() {
    for (file, text) in interactive::render_all().unwrap() {
        assert!(text.len() <= 300_000, "{file}: {} bytes", text.len());
        assert!(text.starts_with(interactive::HEADER), "{file}");
        let json = interactive::parse(&text).unwrap_or_else(|| panic!("{file} does not parse"));
        assert!(json["tables"].as_array().is_some_and(|t| !t.is_empty()));
    }
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let (first, second) = (
        interactive::render_all().unwrap(),
        interactive::render_all().unwrap(),
    );
    assert_eq!(first, second);
}

#[test]
fn numbers_are_rounded_to_six_significant_digits() {
    assert_eq!(round(1.234_567_89), Value::from(1.234_57));
    assert_eq!(round(-0.000_123_456_789), Value::from(-0.000_123_457));
    assert_eq!(round(98_765_432.1), Value::from(98_765_400.0));
    assert_eq!(round(f64::NAN), Value::Null);
    assert_eq!(round(f64::INFINITY), Value::Null);
    assert_eq!(serde_json::to_string(&round(0.1)).unwrap(), "0.1");
    assert_eq!(serde_json::to_string(&round(1e-7)).unwrap(), "1e-7");
}

/// Every table has one row per combination of its sliders, each row the
/// same keys; every live series and output is found in some table.
#[test]
fn every_series_and_output_has_a_value_at_every_setting() {
    for figure in INTERACTIVE {
        let grid = grid(figure.name);
        for table in &grid.tables {
            let count: usize = (table.by.iter())
                .map(|id| grid.control(id).values.len())
                .product();
            assert_eq!(table.rows.len(), count, "{}: {:?}", figure.name, table.by);
            let keys: Vec<&String> = table.rows[0].keys().collect();
            assert!(
                table
                    .rows
                    .iter()
                    .all(|r| r.keys().collect::<Vec<_>>() == keys)
            );
        }
        let live = (grid.panels.iter())
            .flat_map(|p| &p.series)
            .filter(|s| !s.fixed)
            .map(|s| s.key);
        for key in live.chain(grid.outputs.iter().map(|o| o.key)) {
            assert!(grid.lookup(key, &[]).is_some(), "{}: {key}", figure.name);
        }
        for series in grid
            .panels
            .iter()
            .flat_map(|p| &p.series)
            .filter(|s| s.fixed)
        {
            assert!(grid.fixed.contains_key(series.key), "{}", series.key);
        }
        for control in &grid.controls {
            assert!(control.initial < control.values.len(), "{}", control.id);
        }
    }
}

// ---------------------------------------------------------------------------
// Huber's δ
// ---------------------------------------------------------------------------

/// The loss is ½e² up to |e| = δ and δ(|e| − δ/2) beyond; the gradient is e
/// clipped to [−δ, δ].
#[test]
fn huber_grid_is_the_huber_loss_and_its_clipped_gradient() {
    let grid = grid("huber_explorer");
    let e = &grid.axes["e"];
    for (i, &delta) in values_of(grid, "delta").iter().enumerate() {
        let at = [("delta", i)];
        let loss = numbers(grid.lookup("loss", &at).unwrap());
        let gradient = numbers(grid.lookup("gradient", &at).unwrap());
        for (k, &e) in e.iter().enumerate() {
            let expected = if e.abs() <= delta {
                0.5 * e * e
            } else {
                delta * (e.abs() - 0.5 * delta)
            };
            assert!(rounded_equal(loss[k], expected), "δ = {delta}, e = {e}");
            assert!(
                rounded_equal(gradient[k], e.clamp(-delta, delta)),
                "δ = {delta}, e = {e}"
            );
        }
    }
}

/// Once the outlier x is more than δ above Huber's constant, the constant is
/// 3 + max(0, δ − 2)/4 whatever x is (the four other values' gradients
/// balance the outlier's clipped δ); the mean is (10 + x)/5, the median 3.
#[test]
fn huber_constant_stops_moving_once_the_outlier_is_beyond_delta() {
    let grid = grid("huber_explorer");
    let mut checked = 0;
    for (i, &delta) in values_of(grid, "delta").iter().enumerate() {
        let settled = 3.0 + (delta - 2.0).max(0.0) / 4.0;
        for (j, &x) in values_of(grid, "outlier").iter().enumerate() {
            let at = [("delta", i), ("outlier", j)];
            let fit = number(grid.lookup("fit_here", &at));
            if x - settled > delta {
                assert!(rounded_equal(fit, settled), "δ = {delta}, x = {x}: {fit}");
                checked += 1;
            }
            let (hx, hy) = pairs(grid.lookup("here", &at));
            assert_eq!((hx, hy), (vec![x], vec![fit]));
            assert!(rounded_equal(
                number(grid.lookup("mean_here", &at)),
                (10.0 + x) / 5.0
            ));
            assert_eq!(number(grid.lookup("median_here", &at)), 3.0);
        }
    }
    assert!(checked > 300, "{checked} settings past δ");
}

// ---------------------------------------------------------------------------
// Focal loss
// ---------------------------------------------------------------------------

/// −α(1 − pₜ)ᵞ log pₜ for y = 1 and −(1 − α)(1 − pₜ)ᵞ log pₜ for y = 0; the
/// share of the cross-entropy kept is α(1 − pₜ)ᵞ; γ = 0 gives |∂ℓ/∂z| =
/// α_t(1 − pₜ), the weighted cross-entropy's.
#[test]
fn focal_grid_is_the_focal_loss() {
    let grid = grid("focal_explorer");
    let pts = &grid.axes["pt"];
    for (i, &gamma) in values_of(grid, "gamma").iter().enumerate() {
        for (j, &alpha) in values_of(grid, "alpha").iter().enumerate() {
            let at = [("gamma", i), ("alpha", j)];
            let positive = numbers(grid.lookup("positive", &at).unwrap());
            let negative = numbers(grid.lookup("negative", &at).unwrap());
            let positive_gradient = numbers(grid.lookup("positive_gradient", &at).unwrap());
            for (k, &p) in pts.iter().enumerate() {
                let focal = -(1.0 - p).powf(gamma) * p.ln();
                assert!(
                    rounded_equal(positive[k], alpha * focal),
                    "{gamma} {alpha} {p}"
                );
                assert!(rounded_equal(negative[k], (1.0 - alpha) * focal));
                if gamma == 0.0 {
                    assert!((positive_gradient[k] - alpha * (1.0 - p)).abs() < 1e-5);
                }
            }
            let kept_easy = number(grid.lookup("kept_easy", &at));
            let kept_hard = number(grid.lookup("kept_hard", &at));
            assert!(rounded_equal(kept_easy, alpha * 0.1f64.powf(gamma)));
            assert!(rounded_equal(kept_hard, alpha * 0.9f64.powf(gamma)));
        }
    }
}

// ---------------------------------------------------------------------------
// Momentum
// ---------------------------------------------------------------------------

/// Every drawn path is the closed form θₜ = θ₀ · position(η, β, λ, t) along
/// each eigendirection (λ = 1 for x, κ for y), step for step; a path stops
/// early only where the rate is ≥ 1, and the rate exceeds 1 exactly where
/// ηκ > 2(1 + β).
#[test]
fn momentum_paths_are_the_closed_form() {
    let grid = grid("momentum_explorer");
    let (lrs, betas) = (values_of(grid, "lr"), values_of(grid, "momentum"));
    for (i, &lr) in lrs.iter().enumerate() {
        for (j, &beta) in betas.iter().enumerate() {
            let at = [("lr", i), ("momentum", j)];
            let (xs, ys) = pairs(grid.lookup("path", &at));
            let rate = number(grid.lookup("rate", &at));
            for (t, (&x, &y)) in xs.iter().zip(&ys).enumerate() {
                let t32 = u32::try_from(t).unwrap();
                let cx = MOMENTUM_START[0] * position(lr, beta, 1.0, t32).unwrap();
                let cy = MOMENTUM_START[1] * position(lr, beta, MOMENTUM_KAPPA, t32).unwrap();
                // The closed form and the iteration differ by rounding
                // that grows with t when the roots nearly coincide.
                let tolerance = |c: f64| 6e-6 * c.abs() + 1e-12;
                assert!(
                    (x - cx).abs() <= tolerance(cx),
                    "η = {lr}, β = {beta}, t = {t}: x"
                );
                assert!(
                    (y - cy).abs() <= tolerance(cy),
                    "η = {lr}, β = {beta}, t = {t}: y"
                );
            }
            assert!(rounded_equal(
                rate,
                worst_rate(lr, beta, 1.0, MOMENTUM_KAPPA).unwrap()
            ));
            // Away from the boundary itself (where ρ = 1 up to rounding).
            let margin = lr * MOMENTUM_KAPPA - 2.0 * (1.0 + beta);
            if margin.abs() > 1e-9 {
                assert_eq!(rate > 1.0, margin > 0.0, "η = {lr}, β = {beta}: ρ = {rate}");
            }
            if xs.len() < MOMENTUM_STEPS + 1 {
                // ρ ≥ 1: on the boundary ρ = 1 the path still leaves the box.
                assert!(rate >= 1.0 - 1e-9, "η = {lr}, β = {beta} stopped early");
                assert!(grid.lookup("final", &at).unwrap().is_null());
            }
        }
    }
}

/// Above both critical-damping curves both directions oscillate and the
/// rate is √β; the β* shown are the library's critical momenta.
#[test]
fn momentum_rate_is_root_beta_above_both_critical_curves() {
    let grid = grid("momentum_explorer");
    let (lrs, betas) = (values_of(grid, "lr"), values_of(grid, "momentum"));
    let mut above = 0;
    for (i, &lr) in lrs.iter().enumerate() {
        let beta_1 = number(grid.lookup("critical_1_here", &[("lr", i)]));
        let beta_k = number(grid.lookup("critical_kappa_here", &[("lr", i)]));
        assert!(rounded_equal(beta_1, (1.0 - lr.sqrt()).powi(2)));
        assert!(rounded_equal(
            beta_k,
            critical_momentum(lr, MOMENTUM_KAPPA).unwrap()
        ));
        for (j, &beta) in betas.iter().enumerate() {
            let rate = number(grid.lookup("rate", &[("lr", i), ("momentum", j)]));
            if beta > beta_1 && beta > beta_k {
                assert!(rounded_equal(rate, beta.sqrt()), "η = {lr}, β = {beta}");
                above += 1;
            }
        }
    }
    assert!(above > 50, "{above} settings above both curves");
}

// ---------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------

/// The schedule the sliders describe, built here from the library's parts.
fn schedule_at(warmup: usize, period: usize, eta_min: f64, restarts: bool) -> Box<dyn Schedule> {
    let anneal: Box<dyn Schedule> = if restarts {
        Box::new(WarmRestarts::new(SCHEDULE_LR, period, 1, eta_min).unwrap())
    } else {
        Box::new(CosineAnnealing::new(SCHEDULE_LR, eta_min, period).unwrap())
    };
    if warmup == 0 {
        return anneal;
    }
    let ramp = LinearWarmup::new(SCHEDULE_LR, 1.0 / warmup as f64, 1.0, warmup).unwrap();
    Box::new(Sequential::new(Box::new(ramp), anneal, warmup).unwrap())
}

/// The rate curve rises linearly over the warm-up from η₀/W to η₀, is η₀
/// again at every restart, and sits at η_min after T without restarts.
#[test]
fn schedule_rates_are_warm_up_then_cosine() {
    let grid = grid("schedule_explorer");
    for (a, &warmup) in SCHEDULE_WARMUPS.iter().enumerate() {
        for (b, &period) in SCHEDULE_PERIODS.iter().enumerate() {
            for (c, &eta_min) in SCHEDULE_FLOORS.iter().enumerate() {
                for restarts in [false, true] {
                    let at = [
                        ("warmup", a),
                        ("period", b),
                        ("eta_min", c),
                        ("restarts", usize::from(restarts)),
                    ];
                    let rate = numbers(grid.lookup("rate", &at).unwrap());
                    assert_eq!(rate.len(), SCHEDULE_EPOCHS);
                    if warmup > 0 {
                        assert!(rounded_equal(rate[0], SCHEDULE_LR / warmup as f64));
                    }
                    let mut t = warmup;
                    while t < SCHEDULE_EPOCHS {
                        assert!(rounded_equal(rate[t], SCHEDULE_LR), "{at:?} t = {t}");
                        if !restarts {
                            break;
                        }
                        t += period;
                    }
                    if !restarts {
                        for &r in &rate[(warmup + period).min(SCHEDULE_EPOCHS)..] {
                            assert!(rounded_equal(r, eta_min), "{at:?}");
                        }
                    }
                    let schedule = schedule_at(warmup, period, eta_min, restarts);
                    for (t, &r) in rate.iter().enumerate() {
                        assert!(rounded_equal(r, schedule.learning_rate(t)));
                    }
                }
            }
        }
    }
}

/// One training curve of the grid equals a direct run of the library's loop
/// at the same settings (warm-up 10, T = 25, η_min = 0.001, restarts).
#[test]
fn schedule_training_curve_is_the_library_loop() {
    let grid = grid("schedule_explorer");
    let at = [
        ("warmup", 2),
        ("period", 1),
        ("eta_min", 1),
        ("restarts", 1),
    ];
    let excess = numbers(grid.lookup("excess", &at).unwrap());
    let schedule = schedule_at(10, 25, 0.001, true);
    let problem = LinearRegression::article_problem();
    let floor = problem.mse(&problem.normal_equation().unwrap());
    let mut config = TrainConfig::new(100, Batching::MiniBatch(8));
    config.schedule = Some(schedule.as_ref());
    let mut sgd = Sgd::default();
    let report = train(&problem, DVector::zeros(3), &mut sgd, &config).unwrap();
    assert_eq!(excess.len(), report.loss_history.len());
    for (k, (&e, &loss)) in excess.iter().zip(&report.loss_history).enumerate() {
        assert!(rounded_equal(e, loss - floor), "epoch {k}");
    }
    let last = number(grid.lookup("final_excess", &at));
    assert_eq!(last, *excess.last().unwrap());
}

/// Below the λ = 1 critical-damping curve the x direction is overdamped: x
/// falls towards 0 without changing sign. Past ηκ = 2(1 + β) the path leaves
/// the plotted box |x|, |y| ≤ 1.5 within the 40 steps.
#[test]
fn momentum_paths_below_the_curve_keep_their_sign_and_unstable_ones_leave() {
    let grid = grid("momentum_explorer");
    let (lrs, betas) = (values_of(grid, "lr"), values_of(grid, "momentum"));
    let (mut below, mut unstable) = (0, 0);
    for (i, &lr) in lrs.iter().enumerate() {
        for (j, &beta) in betas.iter().enumerate() {
            let (xs, ys) = pairs(grid.lookup("path", &[("lr", i), ("momentum", j)]));
            if beta < critical_momentum(lr, 1.0).unwrap() {
                assert!(xs.iter().all(|&x| x > 0.0), "η = {lr}, β = {beta}");
                below += 1;
            }
            if lr * MOMENTUM_KAPPA - 2.0 * (1.0 + beta) > 1e-9 {
                let left = xs.iter().chain(&ys).any(|v| v.abs() > 1.5);
                assert!(left, "η = {lr}, β = {beta} stays on the plot");
                unstable += 1;
            }
        }
    }
    assert!(
        below > 20 && unstable > 10,
        "{below} below, {unstable} unstable"
    );
}

/// The numbers in the schedules chapter's sentence: the first settings end
/// at an excess of 7.8e-7 against 1.2e-3 at the constant rate (seed 0); with
/// η_min = 0, T = 10 and no warm-up the rate is 0 from epoch 10 on, so the
/// excess is frozen from then on, at 1.2e-4.
#[test]
fn schedule_sentence_numbers() {
    let grid = grid("schedule_explorer");
    let first = number(grid.lookup("final_excess", &[]));
    assert!((first - 7.8e-7).abs() < 0.05e-7, "{first}");
    let constant = numbers(&grid.fixed["constant"]);
    let last = *constant.last().unwrap();
    assert!((last - 1.2e-3).abs() < 0.05e-3, "{last}");
    let at = [
        ("warmup", 0),
        ("period", 0),
        ("eta_min", 0),
        ("restarts", 0),
    ];
    let rate = numbers(grid.lookup("rate", &at).unwrap());
    assert!(rate[10..].iter().all(|&r| r == 0.0));
    let excess = numbers(grid.lookup("excess", &at).unwrap());
    // Epoch t's rate moves θ in epoch t; from the end of epoch 9 (index 9) on θ is fixed.
    assert!(
        excess[9..].iter().all(|&e| e == excess[9]),
        "{:?}",
        &excess[8..12]
    );
    assert!((excess[9] - 1.2e-4).abs() < 0.05e-4, "{}", excess[9]);
}
