//! Comparing the optimizers fairly: one protocol for every comparison of
//! methods in the book.
//!
//! A claim "A is faster than B" means little if B ran at a poor learning
//! rate. So every comparison here follows the same protocol:
//!
//! 1. a [`Task`] fixes what all methods share: the objective, its best
//!    value, the start, the budget of epochs and the batching;
//! 2. each [`Method`] runs at every point of its own [`Grid`] of learning
//!    rates η (and of β, where the method has one);
//! 3. a stated [`Criterion`] picks the best point, and the [`Sweep`] keeps
//!    the whole table, so that the book can show what was tried.

use std::sync::OnceLock;

use nalgebra::DVector;

use crate::error::{Error, Result, decay_rate, positive};
use crate::objective::{LinearRegression, Objective, Quadratic, Rosenbrock};
use crate::optim::{Adam, Optimizer, RmsProp, Sgd};
use crate::train::{Batching, TrainConfig, TrainReport, train};

/// A method whose hyperparameters a sweep chooses. Every other setting is
/// PyTorch's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Plain gradient descent `θ ← θ − ηg` ([`Sgd`] without momentum); no β.
    Gd,
    /// Heavy-ball momentum, [`Sgd`] with `momentum = β`.
    Momentum,
    /// Nesterov momentum, [`Sgd`] with `momentum = β` and `nesterov`.
    Nesterov,
    /// [`RmsProp`] with decay `ρ = β` (PyTorch's `alpha`).
    RmsProp,
    /// [`Adam`] with `β₁ = β` and `β₂ = 0.999`.
    Adam,
}

impl Method {
    /// The method's name in legends and tables.
    pub fn name(self) -> &'static str {
        match self {
            Self::Gd => "GD",
            Self::Momentum => "momentum",
            Self::Nesterov => "Nesterov",
            Self::RmsProp => "RMSprop",
            Self::Adam => "Adam",
        }
    }

    /// The symbol of the method's β, or `None` if it has none.
    pub fn beta_name(self) -> Option<&'static str> {
        match self {
            Self::Gd => None,
            Self::Momentum | Self::Nesterov => Some("μ"),
            Self::RmsProp => Some("ρ"),
            Self::Adam => Some("β₁"),
        }
    }
}

/// What every method of one comparison shares.
pub struct Task<'a> {
    pub objective: &'a dyn Objective,
    /// The lowest reported loss, `f(θ*)`: a run is measured by its excess
    /// `f(θ_t) − f(θ*)`.
    pub best: f64,
    pub initial: DVector<f64>,
    /// The budget: a run never takes more than this many epochs.
    pub epochs: usize,
    pub batching: Batching,
}

/// The points a sweep tries: every learning rate, with every β if the
/// method has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub learning_rates: Vec<f64>,
    /// Empty for [`Method::Gd`]; not empty for every other method.
    pub betas: Vec<f64>,
}

/// How a sweep ranks its runs: fewest epochs until the excess falls below
/// `tolerance` and stays below it to the end of the budget (a run that dips
/// below and bounces back has not got there). A run that never gets there
/// ranks after every run that does; such runs rank by their
/// [`Trial::late_excess`], the worst excess over the last tenth of the
/// budget (the last value alone would reward a lucky dip). Ties go to the
/// first in grid order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Criterion {
    pub tolerance: f64,
}

/// One run of a sweep: where it was, and how it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Trial {
    pub lr: f64,
    /// `None` for a method without β.
    pub beta: Option<f64>,
    /// The excess at the start and after each epoch (`epochs + 1` values;
    /// NaN or ∞ once a run diverges).
    pub excess: Vec<f64>,
    /// The epoch from which the excess stays below the tolerance of the
    /// [`Criterion`], if it does.
    pub epochs_to_tolerance: Option<usize>,
}

impl Trial {
    /// The largest excess over the last tenth of the epochs (at least the
    /// last one), `∞` if the run diverged.
    pub fn late_excess(&self) -> f64 {
        let tail = (self.excess.len() / 10).max(1);
        let worst = self.excess[self.excess.len().saturating_sub(tail)..]
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        // `f64::max` skips NaN, so look for it separately.
        if worst.is_finite() && self.excess.iter().all(|e| !e.is_nan()) {
            worst
        } else {
            f64::INFINITY
        }
    }
}

/// A method's whole sweep and the run the criterion chose.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub method: Method,
    pub batching: Batching,
    pub criterion: Criterion,
    /// Every grid point in grid order: learning rate outer, β inner.
    pub trials: Vec<Trial>,
    /// The index in `trials` of the best run (the first, among equals).
    pub best: usize,
}

impl Sweep {
    /// The run the criterion chose.
    pub fn best(&self) -> &Trial {
        &self.trials[self.best]
    }

    /// The legend label of the chosen run, e.g. `momentum, η = 0.02, μ = 0.7`.
    pub fn label(&self) -> String {
        let trial = self.best();
        let name = match (self.method, self.batching) {
            (Method::Gd, Batching::MiniBatch(1)) => "SGD (B = 1)".to_string(),
            (Method::Gd, Batching::MiniBatch(size)) => format!("mini-batch (B = {size})"),
            (method, Batching::MiniBatch(size)) => format!("{} (B = {size})", method.name()),
            (method, Batching::Full) => method.name().to_string(),
        };
        let mut label = format!("{name}, η = {}", significant(trial.lr));
        if let (Some(name), Some(beta)) = (self.method.beta_name(), trial.beta) {
            label.push_str(&format!(", {name} = {beta}"));
        }
        label
    }
}

/// `x` to 2 significant digits, without trailing zeros (0.0158 → "0.016").
fn significant(x: f64) -> String {
    let decimals = (1 - x.log10().floor() as i32).max(0) as usize;
    let text = format!("{x:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Runs `method` at `(lr, beta)` on `task`; `beta` is ignored by
/// [`Method::Gd`] and must be set for every other method.
pub fn run(method: Method, lr: f64, beta: Option<f64>, task: &Task<'_>) -> Result<TrainReport> {
    let beta = || {
        beta.ok_or(Error::InvalidParameter {
            name: "beta",
            value: f64::NAN,
            expected: "set for a method with a β",
        })
    };
    let sgd = |momentum, nesterov| Sgd {
        lr,
        momentum,
        nesterov,
        ..Sgd::default()
    };
    match method {
        Method::Gd => train_on(task, sgd(0.0, false)),
        Method::Momentum => train_on(task, sgd(beta()?, false)),
        Method::Nesterov => train_on(task, sgd(beta()?, true)),
        Method::RmsProp => train_on(
            task,
            RmsProp {
                lr,
                alpha: beta()?,
                ..RmsProp::default()
            },
        ),
        Method::Adam => train_on(
            task,
            Adam {
                lr,
                beta1: beta()?,
                ..Adam::default()
            },
        ),
    }
}

fn train_on<O: Optimizer>(task: &Task<'_>, mut optimizer: O) -> Result<TrainReport> {
    let config = TrainConfig::new(task.epochs, task.batching);
    train(
        task.objective,
        task.initial.clone(),
        &mut optimizer,
        &config,
    )
}

// ANCHOR: tune
/// Runs `method` at every point of `grid` on `task` and picks the best run
/// on `criterion`.
pub fn tune(method: Method, grid: &Grid, task: &Task<'_>, criterion: Criterion) -> Result<Sweep> {
    check(method, grid, task, criterion)?;
    let betas: Vec<Option<f64>> = match method {
        Method::Gd => vec![None],
        _ => grid.betas.iter().copied().map(Some).collect(),
    };
    let mut trials = Vec::new();
    for &lr in &grid.learning_rates {
        for &beta in &betas {
            trials.push(trial(method, lr, beta, task, criterion)?);
        }
    }
    // Lexicographic: epochs to the tolerance (never: last), then late excess.
    let rank = |t: &Trial| (t.epochs_to_tolerance.unwrap_or(usize::MAX), t.late_excess());
    let best = (0..trials.len())
        .min_by(|&a, &b| {
            let (a, b) = (rank(&trials[a]), rank(&trials[b]));
            a.0.cmp(&b.0).then(a.1.total_cmp(&b.1))
        })
        .expect("the grid is not empty");
    Ok(Sweep {
        method,
        batching: task.batching,
        criterion,
        trials,
        best,
    })
}
// ANCHOR_END: tune

/// One run of a sweep, measured.
fn trial(
    method: Method,
    lr: f64,
    beta: Option<f64>,
    task: &Task<'_>,
    criterion: Criterion,
) -> Result<Trial> {
    let report = run(method, lr, beta, task)?;
    let start = task.objective.reported_loss(&task.initial);
    let excess: Vec<f64> = std::iter::once(start)
        .chain(report.loss_history)
        .map(|loss| loss - task.best)
        .collect();
    let epochs_to_tolerance = settles_below(&excess, criterion.tolerance);
    Ok(Trial {
        lr,
        beta,
        excess,
        epochs_to_tolerance,
    })
}

/// The first index from which every excess is below `tolerance`, if any:
/// the [`Criterion`]'s "epochs to the tolerance", shared with the lab.
pub fn settles_below(excess: &[f64], tolerance: f64) -> Option<usize> {
    // NaN counts as above: a run that produced NaN has not settled.
    let above = excess.iter().rposition(|&e| e >= tolerance || e.is_nan());
    match above {
        None => Some(0),
        Some(last) if last + 1 < excess.len() => Some(last + 1),
        Some(_) => None,
    }
}

/// The grid fits the method, every point is a valid setting, the budget is
/// at least one epoch and the tolerance is positive.
fn check(method: Method, grid: &Grid, task: &Task<'_>, criterion: Criterion) -> Result<()> {
    if grid.learning_rates.is_empty() {
        return Err(Error::Empty {
            what: "learning-rate grid",
        });
    }
    for &lr in &grid.learning_rates {
        positive("lr", lr)?;
    }
    match (method.beta_name(), grid.betas.first()) {
        (None, Some(&beta)) => {
            return Err(Error::InvalidParameter {
                name: "beta",
                value: beta,
                expected: "absent: plain GD has no β (leave the β grid empty)",
            });
        }
        (Some(_), None) => return Err(Error::Empty { what: "β grid" }),
        _ => {}
    }
    for &beta in &grid.betas {
        decay_rate("beta", beta)?;
        if method == Method::Nesterov && beta == 0.0 {
            return Err(Error::InvalidParameter {
                name: "beta",
                value: beta,
                expected: "> 0 for Nesterov momentum",
            });
        }
    }
    if task.epochs == 0 {
        return Err(Error::InvalidParameter {
            name: "epochs",
            value: 0.0,
            expected: "at least 1",
        });
    }
    positive("tolerance", criterion.tolerance)
}

// ANCHOR: comparisons
/// The tolerance of every comparison in the book: the [`Criterion`] is the
/// epochs until `f(θ_t) − f(θ*) < 10⁻¹⁰` for good.
pub const TOLERANCE: f64 = 1e-10;

/// The β grid of every method that has one (μ, ρ or β₁).
pub const BETAS: [f64; 9] = [0.01, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99];

/// The η grid of every comparison: `10^(k/10)` for `k = −40, …, 10`, that
/// is 10⁻⁴ to 10 in 51 steps of a factor 10^0.1 ≈ 1.26.
pub fn learning_rates() -> Vec<f64> {
    (-40..=10)
        .map(|k| 10f64.powf(f64::from(k) / 10.0))
        .collect()
}

/// The grid of `method`: every learning rate, with every β if it has one.
pub fn grid(method: Method) -> Grid {
    let betas = match method {
        Method::Gd => vec![],
        _ => BETAS.to_vec(),
    };
    Grid {
        learning_rates: learning_rates(),
        betas,
    }
}
// ANCHOR_END: comparisons

/// The condition number of [`Problem::IllConditioned`].
pub const CONDITION_NUMBER: f64 = 100.0;

/// The problems the book compares the optimizers on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// `f(x, y) = ½(x² + 100y²)` from (−4, 1), 1000 steps: κ = 100.
    IllConditioned,
    /// The article's regression from θ = 0, 100 epochs: κ ≈ 1.2.
    Article,
    /// Rosenbrock's valley from (−1.2, 1), 2000 steps.
    Rosenbrock,
}

impl Problem {
    /// The methods compared on the problem, with their batching.
    pub fn entries(self) -> &'static [(Method, Batching)] {
        const FULL_BATCH: [(Method, Batching); 5] = [
            (Method::Gd, Batching::Full),
            (Method::Momentum, Batching::Full),
            (Method::Nesterov, Batching::Full),
            (Method::RmsProp, Batching::Full),
            (Method::Adam, Batching::Full),
        ];
        const ARTICLE: [(Method, Batching); 7] = [
            (Method::Gd, Batching::Full),
            (Method::Gd, Batching::MiniBatch(1)),
            (Method::Gd, Batching::MiniBatch(40)),
            (Method::Momentum, Batching::Full),
            (Method::Nesterov, Batching::Full),
            (Method::RmsProp, Batching::Full),
            (Method::Adam, Batching::Full),
        ];
        match self {
            Self::Article => &ARTICLE,
            Self::IllConditioned | Self::Rosenbrock => &FULL_BATCH,
        }
    }

    /// The function minimised.
    pub fn objective(self) -> Box<dyn Objective> {
        match self {
            Self::IllConditioned => {
                Box::new(Quadratic::ill_conditioned(CONDITION_NUMBER).expect("κ = 100 is positive"))
            }
            Self::Article => Box::new(LinearRegression::article_problem()),
            Self::Rosenbrock => Box::new(Rosenbrock),
        }
    }

    /// The task of `batching` on this problem's `objective`.
    pub fn task<'a>(self, objective: &'a dyn Objective, batching: Batching) -> Result<Task<'a>> {
        let (best, initial, epochs) = match self {
            Self::IllConditioned => (0.0, vec![-4.0, 1.0], 1000),
            Self::Article => {
                let problem = LinearRegression::article_problem();
                (problem.mse(&problem.normal_equation()?), vec![0.0; 3], 100)
            }
            Self::Rosenbrock => (0.0, vec![-1.2, 1.0], 2000),
        };
        Ok(Task {
            objective,
            best,
            initial: DVector::from_vec(initial),
            epochs,
            batching,
        })
    }

    /// Every method of [`Problem::entries`] tuned on its [`grid`] to
    /// [`TOLERANCE`], in entry order; computed once per process.
    pub fn sweeps(self) -> Result<&'static [Sweep]> {
        static CACHE: [OnceLock<Result<Vec<Sweep>>>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let cell = &CACHE[self as usize];
        match cell.get_or_init(|| self.tune_all()) {
            Ok(sweeps) => Ok(sweeps),
            Err(error) => Err(error.clone()),
        }
    }

    fn tune_all(self) -> Result<Vec<Sweep>> {
        let objective = self.objective();
        let criterion = Criterion {
            tolerance: TOLERANCE,
        };
        self.entries()
            .iter()
            .map(|&(method, batching)| {
                let task = self.task(objective.as_ref(), batching)?;
                tune(method, &grid(method), &task, criterion)
            })
            .collect()
    }

    /// The sweep of `method` at full batch.
    pub fn sweep(self, method: Method) -> Result<&'static Sweep> {
        self.sweeps()?
            .iter()
            .find(|s| s.method == method && s.batching == Batching::Full)
            .ok_or(Error::Empty {
                what: "sweeps of this method on this problem",
            })
    }

    /// The run of `sweep`'s chosen setting, with its whole path.
    pub fn best_run(self, sweep: &Sweep) -> Result<TrainReport> {
        let objective = self.objective();
        let task = self.task(objective.as_ref(), sweep.batching)?;
        let best = sweep.best();
        run(sweep.method, best.lr, best.beta, &task)
    }
}
