//! The comparison table's rules of thumb put to the test: momentum with
//! noisy gradients, RMSprop on a non-stationary objective, and (on the
//! digits MLP) where Adam's default rates land and how wide each method's
//! window of good learning rates is.
//!
//! The two synthetic parts drive the optimizers through their `step`
//! directly, with a fresh Gaussian draw each step: the noise of these
//! problems is independent from step to step, unlike a reshuffled finite
//! sum, whose batch gradients cancel over an epoch. Each method is tuned on
//! its own grid over [`TUNING_SEEDS`], then measured over the
//! [`SEEDS`], so that the reported runs are not those the
//! tuning picked.

use nalgebra::DVector;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use super::digits_mlp::{HIDDEN, Method, digits_task, summarise, sweep, validation_means};
use super::{Progress, SEEDS, Spread};
use crate::error::{Error, Result, non_negative, positive};
use crate::objective::standard_normal;
use crate::optim::{Optimizer, RmsProp, Sgd};
use crate::tuning::BETAS;

/// The seeds the sweeps are tuned over; the reported runs use
/// [`SEEDS`], disjoint from these.
pub const TUNING_SEEDS: [u64; 5] = [100, 101, 102, 103, 104];

/// The learning-rate grid of both synthetic parts: `10^(k/10)` for
/// `k = −40, …, 0`, 10⁻⁴ to 1 in 41 steps.
pub fn learning_rates() -> Vec<f64> {
    (-40..=0).map(|k| 10f64.powf(f64::from(k) / 10.0)).collect()
}

/// A method of the synthetic parts and its hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Plain SGD, `θ ← θ − ηg`.
    Sgd { lr: f64 },
    /// Heavy ball, PyTorch's form: `b ← βb + g`, `θ ← θ − ηb`.
    Momentum { lr: f64, beta: f64 },
    /// RMSprop: `s ← ρs + (1 − ρ)g²`, `θ ← θ − ηg/(√s + ε)`.
    RmsProp { lr: f64, rho: f64 },
}

impl Rule {
    /// The rule as JSON: `{"method", "lr", "beta"?}`.
    pub fn to_json(self) -> serde_json::Value {
        match self {
            Self::Sgd { lr } => json!({"method": "SGD", "lr": lr}),
            Self::Momentum { lr, beta } => json!({"method": "momentum", "lr": lr, "beta": beta}),
            Self::RmsProp { lr, rho } => json!({"method": "RMSprop", "lr": lr, "rho": rho}),
        }
    }
}

/// The noisy gradient of step `t` at `θ`, drawing its noise from the generator.
type NoisyGradient<'a> = dyn Fn(usize, &DVector<f64>, &mut ChaCha8Rng) -> DVector<f64> + 'a;

/// Runs `rule` for `steps` steps from `start`; `gradient(t, θ, rng)` is the
/// noisy gradient of step `t` and `score(t, θ)` what is recorded after it.
/// A step that leaves θ non-finite ends the run with `∞` for the rest.
fn drive(
    rule: Rule,
    start: &DVector<f64>,
    steps: usize,
    seed: u64,
    gradient: &NoisyGradient<'_>,
    score: &dyn Fn(usize, &DVector<f64>) -> f64,
) -> Result<Vec<f64>> {
    fn go<O: Optimizer>(
        optimizer: O,
        start: &DVector<f64>,
        steps: usize,
        seed: u64,
        gradient: &NoisyGradient<'_>,
        score: &dyn Fn(usize, &DVector<f64>) -> f64,
    ) -> Result<Vec<f64>> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut theta = start.clone();
        let mut state = optimizer.init(&theta)?;
        let mut scores = Vec::with_capacity(steps);
        for t in 0..steps {
            let g = gradient(t, &theta, &mut rng);
            optimizer.step(&mut state, &mut theta, &g)?;
            let value = score(t, &theta);
            if !value.is_finite() {
                scores.resize(steps, f64::INFINITY);
                break;
            }
            scores.push(value);
        }
        Ok(scores)
    }
    match rule {
        Rule::Sgd { lr } => go(
            Sgd {
                lr,
                ..Sgd::default()
            },
            start,
            steps,
            seed,
            gradient,
            score,
        ),
        Rule::Momentum { lr, beta } => go(
            Sgd {
                lr,
                momentum: beta,
                ..Sgd::default()
            },
            start,
            steps,
            seed,
            gradient,
            score,
        ),
        Rule::RmsProp { lr, rho } => go(
            RmsProp {
                lr,
                alpha: rho,
                ..RmsProp::default()
            },
            start,
            steps,
            seed,
            gradient,
            score,
        ),
    }
}

// ANCHOR: noisy_quadratic
/// `f(θ) = ½(θ₁² + κθ₂²)` observed through `g = ∇f(θ) + σξ`, `ξ ~ N(0, I)`
/// drawn afresh every step; condition number κ, minimum 0 at the origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoisyQuadratic {
    pub kappa: f64,
    pub sigma: f64,
}

impl NoisyQuadratic {
    /// Errors unless `κ > 0` and `σ ≥ 0`.
    pub fn new(kappa: f64, sigma: f64) -> Result<Self> {
        positive("kappa", kappa)?;
        non_negative("sigma", sigma)?;
        Ok(Self { kappa, sigma })
    }

    /// `f(θ)`.
    pub fn value(&self, theta: &DVector<f64>) -> f64 {
        0.5 * (theta[0] * theta[0] + self.kappa * theta[1] * theta[1])
    }

    /// One noisy gradient `(θ₁ + σξ₁, κθ₂ + σξ₂)`.
    pub fn noisy_gradient(&self, theta: &DVector<f64>, rng: &mut ChaCha8Rng) -> DVector<f64> {
        let (xi1, xi2) = (standard_normal(rng), standard_normal(rng));
        DVector::from_vec(vec![
            theta[0] + self.sigma * xi1,
            self.kappa * theta[1] + self.sigma * xi2,
        ])
    }
}
// ANCHOR_END: noisy_quadratic

/// The condition number of the noisy quadratic.
pub const QUADRATIC_KAPPA: f64 = 100.0;
/// The noise levels σ compared.
pub const QUADRATIC_SIGMAS: [f64; 3] = [0.01, 0.1, 1.0];
/// The start, as in the comparison chapter's κ = 100 problem.
pub const QUADRATIC_START: [f64; 2] = [-4.0, 1.0];
/// Steps of every run.
pub const QUADRATIC_STEPS: usize = 1000;

/// The score of a run: the mean of `f` over the last tenth of its steps.
fn late_mean(scores: &[f64]) -> f64 {
    let tail = &scores[scores.len() - scores.len() / 10..];
    tail.iter().sum::<f64>() / tail.len() as f64
}

/// The late mean of `f` for one run of `rule` on the noisy quadratic.
pub fn quadratic_run(problem: &NoisyQuadratic, rule: Rule, seed: u64) -> Result<f64> {
    NoisyQuadratic::new(problem.kappa, problem.sigma)?;
    let start = DVector::from_column_slice(&QUADRATIC_START);
    let scores = drive(
        rule,
        &start,
        QUADRATIC_STEPS,
        seed,
        &|_, theta, rng| problem.noisy_gradient(theta, rng),
        &|_, theta| problem.value(theta),
    )?;
    Ok(late_mean(&scores))
}

/// The mean over `seeds` of `run(seed)`, `∞` if any run diverged.
fn mean_over(seeds: &[u64], run: impl Fn(u64) -> Result<f64>) -> Result<f64> {
    let mut total = 0.0;
    for &seed in seeds {
        total += run(seed)?;
    }
    Ok(total / seeds.len() as f64)
}

/// The rule of `candidates` with the lowest mean score over
/// [`TUNING_SEEDS`] (the first among equals), and that score.
fn tune(
    candidates: &[Rule],
    run: &dyn Fn(Rule, u64) -> Result<f64>,
    progress: &mut Progress,
) -> Result<(Rule, f64)> {
    let mut best: Option<(Rule, f64)> = None;
    for &rule in candidates {
        let score = mean_over(&TUNING_SEEDS, |seed| run(rule, seed))?;
        progress.tick();
        if best.is_none_or(|(_, b)| score < b) {
            best = Some((rule, score));
        }
    }
    Ok(best.expect("the grid is not empty"))
}

/// Every `(η, β)` of the momentum grid: [`learning_rates`] × [`BETAS`].
fn momentum_grid() -> Vec<Rule> {
    learning_rates()
        .into_iter()
        .flat_map(|lr| BETAS.map(|beta| Rule::Momentum { lr, beta }))
        .collect()
}

fn sgd_grid() -> Vec<Rule> {
    learning_rates()
        .into_iter()
        .map(|lr| Rule::Sgd { lr })
        .collect()
}

fn rmsprop_grid() -> Vec<Rule> {
    learning_rates()
        .into_iter()
        .flat_map(|lr| BETAS.map(|rho| Rule::RmsProp { lr, rho }))
        .collect()
}

/// The scores of `rule` on [`SEEDS`], and their spread.
fn measure(run: &dyn Fn(Rule, u64) -> Result<f64>, rule: Rule) -> Result<serde_json::Value> {
    let values = SEEDS
        .iter()
        .map(|&seed| run(rule, seed))
        .collect::<Result<Vec<f64>>>()?;
    let spread = Spread::of(&values)?;
    Ok(json!({
        "rule": rule.to_json(),
        "values": values,
        "spread": spread.to_json(),
    }))
}

/// Part (a): tuned SGD and tuned heavy ball at each noise level, and SGD
/// at the heavy ball's effective rate `η/(1 − β)`.
pub fn momentum_part(progress: &mut Progress) -> Result<serde_json::Value> {
    let mut rows = Vec::new();
    for sigma in QUADRATIC_SIGMAS {
        let problem = NoisyQuadratic::new(QUADRATIC_KAPPA, sigma)?;
        let run = |rule, seed| quadratic_run(&problem, rule, seed);
        let (sgd, sgd_tuning) = tune(&sgd_grid(), &run, progress)?;
        let (momentum, momentum_tuning) = tune(&momentum_grid(), &run, progress)?;
        let Rule::Momentum { lr, beta } = momentum else {
            unreachable!("the momentum grid holds momentum rules")
        };
        let effective = Rule::Sgd {
            lr: lr / (1.0 - beta),
        };
        rows.push(json!({
            "sigma": sigma,
            "sgd": measure(&run, sgd)?,
            "sgd_tuning_score": sgd_tuning,
            "momentum": measure(&run, momentum)?,
            "momentum_tuning_score": momentum_tuning,
            "sgd_at_effective_rate": measure(&run, effective)?,
        }));
    }
    Ok(json!({
        "kappa": QUADRATIC_KAPPA,
        "start": QUADRATIC_START,
        "steps": QUADRATIC_STEPS,
        "score": "mean of f over the last 100 steps",
        "lr_grid": learning_rates(),
        "beta_grid": BETAS,
        "tuning_seeds": TUNING_SEEDS,
        "rows": rows,
    }))
}

// ANCHOR: drifting_target
/// `f_t(θ) = ½ a(t)(θ − m(t))²` with the target `m(t) = sin(2πt/P)` and the
/// scale `a(t) = 1` before the switch step and `a_after` from it on; the
/// gradient is observed with data noise, `g = a(t)(θ − m(t) + σξ)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DriftingTarget {
    pub period: f64,
    pub switch: usize,
    pub a_after: f64,
    pub sigma: f64,
}

impl DriftingTarget {
    /// Errors unless the period and the scale are positive and `σ ≥ 0`.
    pub fn check(&self) -> Result<()> {
        positive("period", self.period)?;
        positive("a_after", self.a_after)?;
        non_negative("sigma", self.sigma)
    }

    /// `m(t)`.
    pub fn target(&self, t: usize) -> f64 {
        (std::f64::consts::TAU * t as f64 / self.period).sin()
    }

    /// `a(t)`.
    pub fn scale(&self, t: usize) -> f64 {
        if t < self.switch { 1.0 } else { self.a_after }
    }

    /// The noisy gradient of step `t` at `θ`.
    pub fn noisy_gradient(&self, t: usize, theta: f64, rng: &mut ChaCha8Rng) -> f64 {
        self.scale(t) * (theta - self.target(t) + self.sigma * standard_normal(rng))
    }
}
// ANCHOR_END: drifting_target

/// Steps of every run of the drifting target.
pub const DRIFT_STEPS: usize = 4000;
/// The drifting problem: period 1000 steps, the scale jumps from 1 to 100
/// at step 2000, noise σ = 0.1.
pub const DRIFT: DriftingTarget = DriftingTarget {
    period: 1000.0,
    switch: 2000,
    a_after: 100.0,
    sigma: 0.1,
};
/// The control: the same target, but the scale stays 1.
pub const STATIONARY_SCALE: DriftingTarget = DriftingTarget {
    a_after: 1.0,
    ..DRIFT
};

/// The mean squared tracking error `(θ_t − m(t))²` over all steps of one
/// run of `rule` from `θ = 0` (`∞` if it diverged).
pub fn drift_run(problem: &DriftingTarget, rule: Rule, seed: u64) -> Result<f64> {
    problem.check()?;
    let scores = drive(
        rule,
        &DVector::zeros(1),
        DRIFT_STEPS,
        seed,
        &|t, theta, rng| DVector::from_element(1, problem.noisy_gradient(t, theta[0], rng)),
        &|t, theta| (theta[0] - problem.target(t)).powi(2),
    )?;
    Ok(scores.iter().sum::<f64>() / scores.len() as f64)
}

/// Part (b): tuned SGD and tuned RMSprop on the drifting target whose scale
/// jumps, and on the control whose scale does not.
pub fn rmsprop_part(progress: &mut Progress) -> Result<serde_json::Value> {
    let mut rows = Vec::new();
    for (name, problem) in [("scale_jumps", DRIFT), ("scale_constant", STATIONARY_SCALE)] {
        let run = |rule, seed| drift_run(&problem, rule, seed);
        let (sgd, sgd_tuning) = tune(&sgd_grid(), &run, progress)?;
        let (rmsprop, rmsprop_tuning) = tune(&rmsprop_grid(), &run, progress)?;
        rows.push(json!({
            "problem": name,
            "a_after": problem.a_after,
            "sgd": measure(&run, sgd)?,
            "sgd_tuning_score": sgd_tuning,
            "rmsprop": measure(&run, rmsprop)?,
            "rmsprop_tuning_score": rmsprop_tuning,
        }));
    }
    Ok(json!({
        "steps": DRIFT_STEPS,
        "period": DRIFT.period,
        "switch": DRIFT.switch,
        "sigma": DRIFT.sigma,
        "score": "mean of (θ_t − m(t))² over all steps",
        "lr_grid": learning_rates(),
        "rho_grid": BETAS,
        "tuning_seeds": TUNING_SEEDS,
        "rows": rows,
    }))
}

/// Runs tuned by the synthetic parts: `(41 + 41·9)` grid points per problem.
pub fn synthetic_runs() -> usize {
    let (lrs, betas) = (learning_rates().len(), BETAS.len());
    (QUADRATIC_SIGMAS.len() + 2) * (lrs + lrs * betas)
}

/// The L2 strength of the digits MLP in parts (c) and (d).
pub const MLP_L2: f64 = 1e-4;
/// Epochs of every MLP run.
pub const MLP_EPOCHS: usize = 40;
/// The mini-batch size of every MLP run.
pub const MLP_BATCH: usize = 32;
/// Adam's rates that the article recommends.
pub const ADAM_DEFAULTS: [f64; 3] = [1e-4, 3e-4, 1e-3];
/// How far below a method's best validation accuracy a rate may be and
/// still count as good: 1 and 5 percentage points.
pub const WINDOWS: [f64; 2] = [0.01, 0.05];

/// The rates swept for SGD and Adam on the MLP: `1·10ᵏ` and `3·10ᵏ` from
/// 10⁻⁵ to 10, written out so that Adam's recommended 1e-4, 3e-4 and 1e-3
/// are on the grid exactly.
pub const MLP_LEARNING_RATES: [f64; 13] = [
    1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0,
];

/// The rates of `sweep` whose mean validation accuracy is within `within`
/// of the best: how many, and the width `log₁₀(η_max/η_min)` in decades.
pub fn good_window(sweep: &[(Method, f64)], within: f64) -> serde_json::Value {
    let best = sweep
        .iter()
        .map(|(_, a)| *a)
        .fold(f64::NEG_INFINITY, f64::max);
    let good: Vec<f64> = sweep
        .iter()
        .filter(|(_, a)| *a >= best - within)
        .map(|(m, _)| m.lr())
        .collect();
    let lowest = good.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = good.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let worst = sweep.iter().map(|(_, a)| *a).fold(f64::INFINITY, f64::min);
    json!({
        "within": within,
        "count": good.len(),
        "lowest_lr": lowest,
        "highest_lr": highest,
        "decades": (highest / lowest).log10(),
        "best": best,
        "worst": worst,
    })
}

/// Where Adam at `lr` lands in its own sweep: its mean validation accuracy,
/// its rank (1 = best) among the swept rates, the fraction of rates it
/// beats or ties, and its gap to the best.
pub fn standing(sweep: &[(Method, f64)], lr: f64) -> Result<serde_json::Value> {
    let accuracy = sweep
        .iter()
        .find(|(m, _)| m.lr() == lr)
        .map(|(_, a)| *a)
        .ok_or(Error::Empty {
            what: "this rate in the sweep",
        })?;
    let better = sweep.iter().filter(|(_, a)| *a > accuracy).count();
    let at_most = sweep.iter().filter(|(_, a)| *a <= accuracy).count();
    let best = sweep
        .iter()
        .map(|(_, a)| *a)
        .fold(f64::NEG_INFINITY, f64::max);
    Ok(json!({
        "lr": lr,
        "validation_accuracy": accuracy,
        "rank": better + 1,
        "of": sweep.len(),
        "percentile": at_most as f64 / sweep.len() as f64,
        "gap_to_best": best - accuracy,
    }))
}

/// Parts (c) and (d): SGD and Adam swept over the same rates on the MLP.
pub fn mlp_part(progress: &mut Progress) -> Result<serde_json::Value> {
    let task = digits_task(MLP_L2)?;
    let rates = MLP_LEARNING_RATES;
    let sgd: Vec<Method> = rates.iter().map(|&lr| Method::Sgd { lr }).collect();
    let adam: Vec<Method> = rates.iter().map(|&lr| Method::Adam { lr }).collect();
    let sgd_swept = sweep(&task, &sgd, MLP_BATCH, MLP_EPOCHS, &SEEDS, progress)?;
    let adam_swept = sweep(&task, &adam, MLP_BATCH, MLP_EPOCHS, &SEEDS, progress)?;
    let (sgd_means, adam_means) = (validation_means(&sgd_swept), validation_means(&adam_swept));
    let defaults = ADAM_DEFAULTS
        .iter()
        .map(|&lr| standing(&adam_means, lr))
        .collect::<Result<Vec<_>>>()?;
    let windows = |means: &[(Method, f64)]| -> Vec<serde_json::Value> {
        WINDOWS.iter().map(|&w| good_window(means, w)).collect()
    };
    Ok(json!({
        "hidden": HIDDEN,
        "l2": MLP_L2,
        "epochs": MLP_EPOCHS,
        "batch": MLP_BATCH,
        "learning_rates": rates,
        "sgd": summarise(&sgd_swept)?,
        "adam": summarise(&adam_swept)?,
        "adam_defaults": defaults,
        "sgd_windows": windows(&sgd_means),
        "adam_windows": windows(&adam_means),
    }))
}

/// The whole experiment.
pub fn run(progress: &mut Progress) -> Result<serde_json::Value> {
    progress.expect(synthetic_runs() + 2 * MLP_LEARNING_RATES.len() * SEEDS.len());
    let momentum = momentum_part(progress)?;
    let rmsprop = rmsprop_part(progress)?;
    let mlp = mlp_part(progress)?;
    Ok(json!({
        "momentum_noisy_quadratic": momentum,
        "rmsprop_drifting_target": rmsprop,
        "mlp": mlp,
    }))
}
