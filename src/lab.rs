//! The lab: race any of the library's optimizers on any of its problems,
//! under any of its schedules, from the command line (`src/bin/lab.rs`).
//!
//! ```text
//! cargo run --release --bin lab -- race --problem quadratic --kappa 100 \
//!     --optimizers sgd,momentum,adam --lr 0.01,0.01,0.1 --steps 200
//! cargo run --release --bin lab -- list
//! ```
//!
//! A race runs every optimizer through the one training loop
//! ([`crate::train::train`]) from the problem's fixed start, records the
//! quantity `q_t` after each of `--steps` epochs (the excess
//! `f(θ_t) − f(θ*)` where the optimum `f(θ*)` is known, the training loss
//! itself where it is not), draws `q_t` against `t` on a log axis with the
//! book's own plotting code, and prints a table: final loss, and the epochs
//! until `q_t < tol` for good (the criterion of [`crate::tuning::Criterion`]).
//!
//! Everything here only parses, dispatches and reports: every number comes
//! from the library's optimizers, schedules, problems and loop. Bad
//! arguments are a [`LabError`] that names the argument and what it allows;
//! the binary turns it into a message and exit code 2, never a panic.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use clap::{Args, Parser, Subcommand, ValueEnum};
use nalgebra::DVector;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::data::{Dataset, Standardizer};
use crate::figures::plot::{self, Axes};
use crate::figures::{Curve, FigureError};
use crate::models::mlp::Activation;
use crate::models::{HuberRegression, LogisticRegression, Mlp, SoftmaxRegression};
use crate::objective::{LinearRegression, Objective, Quadratic, Rosenbrock};
use crate::optim::{
    Adadelta, Adagrad, Adam, AdamW, Adamax, ArticleMomentum, NAdam, Optimizer, RAdam, RmsProp, Sgd,
};
use crate::schedule::{
    Anneal, Constant, CosineAnnealing, Exponential, LinearWarmup, MultiStep, OneCycle, Polynomial,
    ReduceOnPlateau, Schedule, Sequential, StepDecay, WarmRestarts, warmup_cosine,
};
use crate::train::{Batching, Mode, Plateau, SchedulePace, Threshold, TrainConfig, train};
use crate::tuning::{self, settles_below};

/// The lab's command line.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "lab",
    about = "Race lossbook's optimizers on its problems; every number comes from the library."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What the lab is asked to do.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Run optimizers side by side; write an SVG and print a table.
    Race(RaceArgs),
    /// Print every optimizer, problem and schedule the lab can run.
    List,
}

/// The arguments of `lab race`.
#[derive(Debug, Clone, Args)]
pub struct RaceArgs {
    /// The problem to minimise.
    #[arg(long, value_enum)]
    pub problem: ProblemName,
    /// Condition number κ ≥ 1 of the quadratic ½(x² + κy²) [default: 100].
    #[arg(long, value_parser = parse_kappa)]
    pub kappa: Option<f64>,
    /// Comma-separated optimizers, one curve each (names may repeat).
    #[arg(long, value_enum, value_delimiter = ',', required = true)]
    pub optimizers: Vec<OptimizerName>,
    /// Comma-separated learning rates η > 0, one per optimizer.
    #[arg(long, value_parser = parse_lr, value_delimiter = ',', required = true)]
    pub lr: Vec<f64>,
    /// Comma-separated β in [0, 1), one per optimizer; `-` keeps an
    /// optimizer's default (see `lab list`). Omitted: every default.
    #[arg(long, value_parser = parse_beta, value_delimiter = ',', allow_hyphen_values = true)]
    pub beta: Vec<Beta>,
    /// Epochs to run, 1 to 100000 (at full batch one epoch is one gradient step).
    #[arg(long, default_value_t = 200, value_parser = parse_steps)]
    pub steps: usize,
    /// Learning-rate schedule, once for all optimizers or once per optimizer
    /// (repeat the flag); see `lab list` for the syntax.
    #[arg(long)]
    pub schedule: Vec<ScheduleArg>,
    /// What a schedule's t counts: epochs, or gradient steps.
    #[arg(long, value_enum, default_value = "epoch")]
    pub pace: Pace,
    /// Batch size ≥ 1 or `full`: one for all, or comma-separated, one per optimizer.
    #[arg(long, value_parser = parse_batch, value_delimiter = ',')]
    pub batch: Vec<Batch>,
    /// Seed of the mini-batch shuffles (and of the MLP's initial weights).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Tolerance on the plotted quantity, > 0 [default: 1e-10 on the excess
    /// for quadratic, rosenbrock and regression; 0.1 on the training loss
    /// for the model problems].
    #[arg(long, value_parser = parse_tol)]
    pub tol: Option<f64>,
    /// Where to write the SVG.
    #[arg(long, default_value = "race.svg")]
    pub out: PathBuf,
}

/// The problems of the book a race can run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProblemName {
    /// ½(x² + κy²) from (−4, 1); f* = 0.
    Quadratic,
    /// Rosenbrock's valley (1 − x)² + 100(y − x²)² from (−1.2, 1); f* = 0.
    Rosenbrock,
    /// The article's linear regression (200 samples, θ* = (4, 3, −2)) from θ = 0.
    Regression,
    /// Logistic regression, breast-cancer training split, λ = 1e-3, from 0.
    LogisticCancer,
    /// Softmax regression, digits training split, λ = 1e-3, from 0.
    SoftmaxDigits,
    /// One-hidden-layer tanh MLP (16 units), digits training split, seeded start.
    MlpDigits,
    /// Huber regression (δ = 3.824) on the standardised stack-loss data, from 0.
    HuberStackloss,
}

/// Every optimizer (and variant) of [`crate::optim`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OptimizerName {
    /// Plain gradient descent, Sgd without momentum; no β.
    Sgd,
    /// Heavy ball, Sgd with momentum μ = β (default 0.9).
    Momentum,
    /// Nesterov, Sgd with momentum μ = β (default 0.9) and `nesterov`.
    Nesterov,
    /// The article's momentum, ArticleMomentum with γ = β (default 0.9).
    ArticleMomentum,
    /// Adagrad; no β.
    Adagrad,
    /// RmsProp with decay α = β (default 0.99).
    Rmsprop,
    /// Centered RmsProp with decay α = β (default 0.99).
    RmspropCentered,
    /// Adam with β₁ = β (default 0.9).
    Adam,
    /// AdamW (weight decay 1e-2) with β₁ = β (default 0.9).
    Adamw,
    /// Adam with `amsgrad`, β₁ = β (default 0.9).
    Amsgrad,
    /// NAdam with β₁ = β (default 0.9).
    Nadam,
    /// RAdam with β₁ = β (default 0.9).
    Radam,
    /// Adamax with β₁ = β (default 0.9).
    Adamax,
    /// Adadelta with ρ = β (default 0.9).
    Adadelta,
}

/// What a schedule's `t` counts ([`SchedulePace`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Pace {
    Epoch,
    Step,
}

/// One optimizer's β: `None` keeps its default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beta(pub Option<f64>);

/// A `--schedule` value: the text as given and what it parses to.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleArg {
    pub text: String,
    pub spec: ScheduleSpec,
}

impl FromStr for ScheduleArg {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        Ok(Self {
            text: text.to_string(),
            spec: text.parse()?,
        })
    }
}

/// One optimizer's batching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batch(pub Batching);

fn number(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .map_err(|_| format!("'{text}' is not a number"))
}

fn parse_lr(text: &str) -> Result<f64, String> {
    let lr = number(text)?;
    if lr.is_finite() && lr > 0.0 {
        Ok(lr)
    } else {
        Err("a learning rate must be finite and > 0".to_string())
    }
}

fn parse_kappa(text: &str) -> Result<f64, String> {
    let kappa = number(text)?;
    if kappa.is_finite() && kappa >= 1.0 {
        Ok(kappa)
    } else {
        Err("κ must be finite and ≥ 1".to_string())
    }
}

fn parse_tol(text: &str) -> Result<f64, String> {
    let tol = number(text)?;
    if tol.is_finite() && tol > 0.0 {
        Ok(tol)
    } else {
        Err("the tolerance must be finite and > 0".to_string())
    }
}

/// The most epochs a race may run: the loop keeps every epoch's parameters.
pub const MAX_STEPS: usize = 100_000;

fn parse_steps(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("at least 1 step is needed".to_string()),
        Ok(steps) if steps > MAX_STEPS => Err(format!("at most {MAX_STEPS} steps")),
        Ok(steps) => Ok(steps),
        Err(_) => Err(format!(
            "'{text}' is not a whole number from 1 to {MAX_STEPS}"
        )),
    }
}

fn parse_beta(text: &str) -> Result<Beta, String> {
    if text.trim() == "-" {
        return Ok(Beta(None));
    }
    let beta = number(text)?;
    if beta.is_finite() && (0.0..1.0).contains(&beta) {
        Ok(Beta(Some(beta)))
    } else {
        Err("β must be in [0, 1), or '-' for the optimizer's default".to_string())
    }
}

fn parse_batch(text: &str) -> Result<Batch, String> {
    if text.trim() == "full" {
        return Ok(Batch(Batching::Full));
    }
    match text.trim().parse::<usize>() {
        Ok(0) => Err("a batch size must be ≥ 1 (or 'full')".to_string()),
        Ok(size) => Ok(Batch(Batching::MiniBatch(size))),
        Err(_) => Err(format!("'{text}' is neither a batch size ≥ 1 nor 'full'")),
    }
}

// ---------------------------------------------------------------------------
// Schedules

/// A learning-rate schedule as written on the command line,
/// `name[:key=value,…]`, or `A@M@B` for `A` until epoch `M`, then `B`
/// (a [`Sequential`]). Each one starts from the optimizer's own `--lr`.
#[derive(Debug, Clone, PartialEq)]
pub enum ScheduleSpec {
    /// [`Constant`]: η.
    Constant,
    /// [`StepDecay`]: `η·γ^⌊t/size⌋`.
    Step { size: usize, gamma: f64 },
    /// [`MultiStep`]: `η·γ^(milestones passed)`.
    MultiStep { at: Vec<usize>, gamma: f64 },
    /// [`Exponential`]: `η·γᵗ`.
    Exponential { gamma: f64 },
    /// [`CosineAnnealing`]: `η_min + ½(η − η_min)(1 + cos(π min(t, T)/T))`.
    Cosine { t: Option<usize>, eta_min: f64 },
    /// [`LinearWarmup::article`]: from η/T up to η over T epochs.
    Warmup { t: usize },
    /// [`LinearWarmup::new`]: `η(s + (e − s) min(t, T)/T)`.
    Linear { start: f64, end: f64, t: usize },
    /// [`warmup_cosine`]: a warm-up of `warmup`, then cosine to epoch T.
    WarmupCosine {
        warmup: usize,
        t: Option<usize>,
        eta_min: f64,
    },
    /// [`Polynomial`]: `η(1 − min(t, T)/T)^p`.
    Polynomial { t: Option<usize>, power: f64 },
    /// [`WarmRestarts`]: cosine cycles of length T₀, T₀·mult, …
    Restarts {
        t0: usize,
        mult: usize,
        eta_min: f64,
    },
    /// [`OneCycle`] with max rate η.
    OneCycle {
        t: Option<usize>,
        pct: f64,
        anneal: Anneal,
        div: f64,
        final_div: f64,
        momentum: bool,
        base_m: f64,
        max_m: f64,
    },
    /// [`ReduceOnPlateau`] on the training loss, once per epoch.
    Plateau {
        factor: f64,
        patience: usize,
        threshold: f64,
        absolute: bool,
        cooldown: usize,
        min_lr: f64,
    },
    /// [`Sequential`]: the first until `milestone`, then the second from 0.
    Sequence(Box<ScheduleSpec>, usize, Box<ScheduleSpec>),
}

/// The schedules, their keys and defaults, as `lab list` prints them.
pub const SCHEDULE_SYNTAX: &[(&str, &str)] = &[
    ("constant", "η throughout (the default)"),
    ("step:size=N[,gamma=0.1]", "StepDecay: η·γ^⌊t/size⌋"),
    (
        "multistep:at=M1/M2/…[,gamma=0.1]",
        "MultiStep: ×γ at each milestone",
    ),
    ("exponential:gamma=G", "Exponential: η·γᵗ"),
    (
        "cosine[:T=steps,eta_min=0]",
        "CosineAnnealing from η to η_min at t = T",
    ),
    (
        "warmup:T=N",
        "the article's linear warm-up from η/T to η (LinearWarmup::article)",
    ),
    (
        "linear:T=N[,start=1/3,end=1]",
        "LinearWarmup: η·(start + (end − start)·min(t, T)/T)",
    ),
    (
        "warmup-cosine:warmup=W[,T=steps,eta_min=0]",
        "warm-up over W, then cosine to t = T",
    ),
    (
        "polynomial[:T=steps,power=1]",
        "Polynomial: η(1 − min(t, T)/T)^power",
    ),
    (
        "restarts:T0=N[,mult=1,eta_min=0]",
        "WarmRestarts: cosine cycles of T0, T0·mult, …",
    ),
    (
        "onecycle[:T=steps,pct=0.3,anneal=cos|linear,div=25,final_div=1e4,momentum=on|off,base_m=0.85,max_m=0.95]",
        "OneCycle, peak η (cycles the momentum of optimizers that have one)",
    ),
    (
        "plateau[:factor=0.1,patience=10,threshold=1e-4,mode=rel|abs,cooldown=0,min_lr=0]",
        "ReduceOnPlateau on the training loss, once per epoch (not in a sequence)",
    ),
    (
        "A@M@B",
        "Sequential: schedule A until t = M, then B with its own t from 0",
    ),
];

/// The names a schedule may have, for error messages.
const SCHEDULE_NAMES: &str = "constant, step, multistep, exponential, cosine, warmup, linear, \
                              warmup-cosine, polynomial, restarts, onecycle, plateau, or A@M@B";

/// The `key=value` pairs of one schedule, each used at most once.
struct Keys<'a> {
    name: &'a str,
    pairs: Vec<(&'a str, &'a str)>,
    allowed: &'static [&'static str],
}

impl<'a> Keys<'a> {
    fn new(name: &'a str, text: &'a str, allowed: &'static [&'static str]) -> Result<Self, String> {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for item in text.split(',').filter(|item| !item.is_empty()) {
            let Some((key, value)) = item.split_once('=') else {
                return Err(format!("'{item}' in {name} is not key=value"));
            };
            if !allowed.contains(&key) {
                return Err(format!(
                    "{name} has no key '{key}' (its keys: {})",
                    keys_or_none(allowed)
                ));
            }
            if pairs.iter().any(|&(k, _)| k == key) {
                return Err(format!("{name}: key '{key}' is given twice"));
            }
            pairs.push((key, value));
        }
        Ok(Self {
            name,
            pairs,
            allowed,
        })
    }

    fn raw(&self, key: &str) -> Option<&'a str> {
        debug_assert!(self.allowed.contains(&key));
        self.pairs.iter().find(|&&(k, _)| k == key).map(|&(_, v)| v)
    }

    fn float(&self, key: &str, default: Option<f64>) -> Result<f64, String> {
        match (self.raw(key), default) {
            (Some(value), _) => value
                .parse::<f64>()
                .map_err(|_| format!("{}: {key}={value} is not a number", self.name)),
            (None, Some(default)) => Ok(default),
            (None, None) => Err(format!("{} needs {key}=…", self.name)),
        }
    }

    fn count(&self, key: &str, default: Option<usize>) -> Result<usize, String> {
        match (self.raw(key), default) {
            (Some(value), _) => value
                .parse::<usize>()
                .map_err(|_| format!("{}: {key}={value} is not a whole number", self.name)),
            (None, Some(default)) => Ok(default),
            (None, None) => Err(format!("{} needs {key}=…", self.name)),
        }
    }

    fn optional_count(&self, key: &str) -> Result<Option<usize>, String> {
        self.raw(key).map(|_| self.count(key, None)).transpose()
    }

    fn choice(&self, key: &str, options: [&str; 2], default: &str) -> Result<bool, String> {
        let value = self.raw(key).unwrap_or(default);
        match options.iter().position(|&o| o == value) {
            Some(i) => Ok(i == 0),
            None => Err(format!(
                "{}: {key}={value} must be {} or {}",
                self.name, options[0], options[1]
            )),
        }
    }
}

fn keys_or_none(allowed: &[&str]) -> String {
    if allowed.is_empty() {
        "none".to_string()
    } else {
        allowed.join(", ")
    }
}

impl FromStr for ScheduleSpec {
    type Err = String;

    /// Parses `name[:key=value,…]` or `A@M@B` (see [`SCHEDULE_SYNTAX`]).
    fn from_str(text: &str) -> Result<Self, String> {
        if text.contains('@') {
            let parts: Vec<&str> = text.split('@').collect();
            let [first, milestone, second] = parts[..] else {
                return Err(
                    "a sequence is written A@M@B (one schedule, a milestone, one \
                            schedule)"
                        .to_string(),
                );
            };
            let milestone = milestone.parse::<usize>().map_err(|_| {
                format!("the milestone '{milestone}' of A@M@B is not a whole number")
            })?;
            let (first, second) = (first.parse::<Self>()?, second.parse::<Self>()?);
            if matches!(first, Self::Plateau { .. }) || matches!(second, Self::Plateau { .. }) {
                return Err("plateau reacts to the loss and cannot be part of a sequence".into());
            }
            return Ok(Self::Sequence(Box::new(first), milestone, Box::new(second)));
        }
        let (name, rest) = text.split_once(':').unwrap_or((text, ""));
        let keys = |allowed: &'static [&'static str]| Keys::new(name, rest, allowed);
        Ok(match name {
            "constant" => {
                keys(&[])?;
                Self::Constant
            }
            "step" => {
                let k = keys(&["size", "gamma"])?;
                Self::Step {
                    size: k.count("size", None)?,
                    gamma: k.float("gamma", Some(0.1))?,
                }
            }
            "multistep" => {
                let k = keys(&["at", "gamma"])?;
                let at = k
                    .raw("at")
                    .ok_or("multistep needs at=M1/M2/…")?
                    .split('/')
                    .map(|m| {
                        m.parse::<usize>().map_err(|_| {
                            format!("multistep: milestone '{m}' is not a whole number")
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Self::MultiStep {
                    at,
                    gamma: k.float("gamma", Some(0.1))?,
                }
            }
            "exponential" => {
                let k = keys(&["gamma"])?;
                Self::Exponential {
                    gamma: k.float("gamma", None)?,
                }
            }
            "cosine" => {
                let k = keys(&["T", "eta_min"])?;
                Self::Cosine {
                    t: k.optional_count("T")?,
                    eta_min: k.float("eta_min", Some(0.0))?,
                }
            }
            "warmup" => {
                let k = keys(&["T"])?;
                Self::Warmup {
                    t: k.count("T", None)?,
                }
            }
            "linear" => {
                let k = keys(&["T", "start", "end"])?;
                Self::Linear {
                    t: k.count("T", None)?,
                    start: k.float("start", Some(1.0 / 3.0))?,
                    end: k.float("end", Some(1.0))?,
                }
            }
            "warmup-cosine" => {
                let k = keys(&["warmup", "T", "eta_min"])?;
                Self::WarmupCosine {
                    warmup: k.count("warmup", None)?,
                    t: k.optional_count("T")?,
                    eta_min: k.float("eta_min", Some(0.0))?,
                }
            }
            "polynomial" => {
                let k = keys(&["T", "power"])?;
                Self::Polynomial {
                    t: k.optional_count("T")?,
                    power: k.float("power", Some(1.0))?,
                }
            }
            "restarts" => {
                let k = keys(&["T0", "mult", "eta_min"])?;
                Self::Restarts {
                    t0: k.count("T0", None)?,
                    mult: k.count("mult", Some(1))?,
                    eta_min: k.float("eta_min", Some(0.0))?,
                }
            }
            "onecycle" => {
                let k = keys(&[
                    "T",
                    "pct",
                    "anneal",
                    "div",
                    "final_div",
                    "momentum",
                    "base_m",
                    "max_m",
                ])?;
                Self::OneCycle {
                    t: k.optional_count("T")?,
                    pct: k.float("pct", Some(0.3))?,
                    anneal: if k.choice("anneal", ["cos", "linear"], "cos")? {
                        Anneal::Cos
                    } else {
                        Anneal::Linear
                    },
                    div: k.float("div", Some(25.0))?,
                    final_div: k.float("final_div", Some(1e4))?,
                    momentum: k.choice("momentum", ["on", "off"], "on")?,
                    base_m: k.float("base_m", Some(0.85))?,
                    max_m: k.float("max_m", Some(0.95))?,
                }
            }
            "plateau" => {
                let k = keys(&[
                    "factor",
                    "patience",
                    "threshold",
                    "mode",
                    "cooldown",
                    "min_lr",
                ])?;
                Self::Plateau {
                    factor: k.float("factor", Some(0.1))?,
                    patience: k.count("patience", Some(10))?,
                    threshold: k.float("threshold", Some(1e-4))?,
                    absolute: !k.choice("mode", ["rel", "abs"], "rel")?,
                    cooldown: k.count("cooldown", Some(0))?,
                    min_lr: k.float("min_lr", Some(0.0))?,
                }
            }
            _ => return Err(format!("unknown schedule '{name}': use {SCHEDULE_NAMES}")),
        })
    }
}

impl ScheduleSpec {
    /// The [`Schedule`] starting from `lr`, with `ticks` the number of
    /// times `t` advances in the run (the default T); `None` for
    /// [`ScheduleSpec::Plateau`], which is not a function of `t`.
    pub fn build(&self, lr: f64, ticks: usize) -> crate::Result<Option<Box<dyn Schedule>>> {
        let ticks = ticks.max(1);
        let schedule: Box<dyn Schedule> = match *self {
            Self::Constant => Box::new(Constant::new(lr)?),
            Self::Step { size, gamma } => Box::new(StepDecay::new(lr, size, gamma)?),
            Self::MultiStep { ref at, gamma } => Box::new(MultiStep::new(lr, at.clone(), gamma)?),
            Self::Exponential { gamma } => Box::new(Exponential::new(lr, gamma)?),
            Self::Cosine { t, eta_min } => {
                Box::new(CosineAnnealing::new(lr, eta_min, t.unwrap_or(ticks))?)
            }
            Self::Warmup { t } => Box::new(LinearWarmup::article(lr, t)?),
            Self::Linear { start, end, t } => Box::new(LinearWarmup::new(lr, start, end, t)?),
            Self::WarmupCosine { warmup, t, eta_min } => {
                Box::new(warmup_cosine(lr, warmup, t.unwrap_or(ticks), eta_min)?)
            }
            Self::Polynomial { t, power } => {
                Box::new(Polynomial::new(lr, t.unwrap_or(ticks), power)?)
            }
            Self::Restarts { t0, mult, eta_min } => {
                Box::new(WarmRestarts::new(lr, t0, mult, eta_min)?)
            }
            Self::OneCycle {
                t,
                pct,
                anneal,
                div,
                final_div,
                momentum,
                base_m,
                max_m,
            } => Box::new(OneCycle::with(
                lr,
                t.unwrap_or(ticks),
                pct,
                anneal,
                (div, final_div),
                momentum.then_some((base_m, max_m)),
            )?),
            Self::Plateau { .. } => {
                self.plateau(lr)?;
                return Ok(None);
            }
            Self::Sequence(ref first, milestone, ref second) => {
                let first = first.build(lr, milestone)?;
                let second = second.build(lr, ticks.saturating_sub(milestone))?;
                // The parser keeps plateau, the one `None`, out of sequences.
                let (Some(first), Some(second)) = (first, second) else {
                    return Err(crate::Error::InvalidParameter {
                        name: "schedule",
                        value: f64::NAN,
                        expected: "not plateau inside a sequence",
                    });
                };
                Box::new(Sequential::new(first, second, milestone)?)
            }
        };
        Ok(Some(schedule))
    }

    /// The [`ReduceOnPlateau`] of a [`ScheduleSpec::Plateau`] from `lr`.
    fn plateau(&self, lr: f64) -> crate::Result<ReduceOnPlateau> {
        let Self::Plateau {
            factor,
            patience,
            threshold,
            absolute,
            cooldown,
            min_lr,
        } = *self
        else {
            return Err(crate::Error::InvalidParameter {
                name: "schedule",
                value: f64::NAN,
                expected: "plateau",
            });
        };
        let threshold = if absolute {
            Threshold::Abs(threshold)
        } else {
            Threshold::Rel(threshold)
        };
        let rule = Plateau::new(Mode::Min, threshold);
        ReduceOnPlateau::with(lr, rule, factor, patience, cooldown, min_lr)
    }
}

// ---------------------------------------------------------------------------
// Problems

/// A problem ready to run: the objective, the start and, if known, `f(θ*)`.
pub struct Setup {
    pub objective: Box<dyn Objective>,
    pub initial: DVector<f64>,
    /// The optimal reported loss, where it is known exactly (or, for the
    /// regression, by the normal equations).
    pub best: Option<f64>,
    /// A one-line description for the table and the figure title.
    pub title: String,
}

/// The L2 strength of the logistic and softmax problems.
pub const MODEL_L2: f64 = 1e-3;
/// Hidden units of the MLP problem.
pub const MLP_HIDDEN: usize = 16;
/// Half-width of the uniform range of the MLP's seeded initial weights.
pub const MLP_INIT: f64 = 0.1;
/// Huber's δ on stack loss: statsmodels' threshold 1.345 times its starting
/// scale 2.843 (see the models chapter).
pub const HUBER_DELTA: f64 = 3.823657390103353;
/// The default tolerance where the optimum is not known: on the training loss.
pub const MODEL_TOLERANCE: f64 = 0.1;

impl ProblemName {
    /// Whether `f(θ*)` is known, so that the lab plots the excess.
    pub fn has_known_optimum(self) -> bool {
        matches!(self, Self::Quadratic | Self::Rosenbrock | Self::Regression)
    }

    /// The default `--tol`: [`tuning::TOLERANCE`] on the excess, or
    /// [`MODEL_TOLERANCE`] on the training loss.
    pub fn default_tolerance(self) -> f64 {
        if self.has_known_optimum() {
            tuning::TOLERANCE
        } else {
            MODEL_TOLERANCE
        }
    }

    /// The objective, start and optimum of the problem; `kappa` only for the quadratic.
    pub fn setup(self, kappa: f64, seed: u64) -> crate::Result<Setup> {
        let zeros = |n: usize| DVector::zeros(n);
        Ok(match self {
            Self::Quadratic => Setup {
                objective: Box::new(Quadratic::ill_conditioned(kappa)?),
                initial: DVector::from_vec(vec![-4.0, 1.0]),
                best: Some(0.0),
                title: format!("½(x² + κy²), κ = {kappa}"),
            },
            Self::Rosenbrock => Setup {
                objective: Box::new(Rosenbrock),
                initial: DVector::from_vec(vec![-1.2, 1.0]),
                best: Some(0.0),
                title: "Rosenbrock".to_string(),
            },
            Self::Regression => {
                let problem = LinearRegression::article_problem();
                let best = problem.mse(&problem.normal_equation()?);
                Setup {
                    initial: zeros(problem.feature_count()),
                    objective: Box::new(problem),
                    best: Some(best),
                    title: "the article's regression".to_string(),
                }
            }
            Self::LogisticCancer => {
                let train = Dataset::breast_cancer().prepare()?.train;
                let model = LogisticRegression::new(train.features, train.targets, MODEL_L2)?;
                Setup {
                    initial: zeros(model.param_count()),
                    objective: Box::new(model),
                    best: None,
                    title: "logistic regression, breast cancer".to_string(),
                }
            }
            Self::SoftmaxDigits => {
                let train = Dataset::digits().prepare()?.train;
                let labels = train.class_labels()?;
                let model = SoftmaxRegression::new(train.features, labels, 10, MODEL_L2)?;
                Setup {
                    initial: zeros(model.param_count()),
                    objective: Box::new(model),
                    best: None,
                    title: "softmax regression, digits".to_string(),
                }
            }
            Self::MlpDigits => {
                let train = Dataset::digits().prepare()?.train;
                let labels = train.class_labels()?;
                let model = Mlp::new(
                    train.features,
                    labels,
                    MLP_HIDDEN,
                    10,
                    Activation::Tanh,
                    0.0,
                )?;
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let initial = DVector::from_fn(model.param_count(), |_, _| {
                    rng.gen_range(-MLP_INIT..MLP_INIT)
                });
                Setup {
                    initial,
                    objective: Box::new(model),
                    best: None,
                    title: format!("MLP ({MLP_HIDDEN} tanh units), digits"),
                }
            }
            Self::HuberStackloss => {
                let stack = Dataset::stackloss();
                let x = Standardizer::fit(&stack.features)?.apply(&stack.features)?;
                let model = HuberRegression::new(x, stack.targets, HUBER_DELTA)?;
                Setup {
                    initial: zeros(model.param_count()),
                    objective: Box::new(model),
                    best: None,
                    title: "Huber regression, stack loss".to_string(),
                }
            }
        })
    }
}

impl ProblemName {
    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Quadratic => "quadratic",
            Self::Rosenbrock => "rosenbrock",
            Self::Regression => "regression",
            Self::LogisticCancer => "logistic-cancer",
            Self::SoftmaxDigits => "softmax-digits",
            Self::MlpDigits => "mlp-digits",
            Self::HuberStackloss => "huber-stackloss",
        }
    }

    /// Every problem's command-line name, in `lab list` order.
    pub fn names() -> Vec<&'static str> {
        Self::value_variants().iter().map(|p| p.name()).collect()
    }
}

impl OptimizerName {
    /// Every optimizer's command-line name, in `lab list` order.
    pub fn names() -> Vec<&'static str> {
        Self::value_variants().iter().map(|o| o.name()).collect()
    }

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sgd => "sgd",
            Self::Momentum => "momentum",
            Self::Nesterov => "nesterov",
            Self::ArticleMomentum => "article-momentum",
            Self::Adagrad => "adagrad",
            Self::Rmsprop => "rmsprop",
            Self::RmspropCentered => "rmsprop-centered",
            Self::Adam => "adam",
            Self::Adamw => "adamw",
            Self::Amsgrad => "amsgrad",
            Self::Nadam => "nadam",
            Self::Radam => "radam",
            Self::Adamax => "adamax",
            Self::Adadelta => "adadelta",
        }
    }

    /// What β sets and its default, or `None` for an optimizer without one.
    pub fn beta(self) -> Option<(&'static str, f64)> {
        match self {
            Self::Sgd | Self::Adagrad => None,
            Self::Momentum | Self::Nesterov => Some(("μ", 0.9)),
            Self::ArticleMomentum => Some(("γ", 0.9)),
            Self::Rmsprop | Self::RmspropCentered => Some(("α", 0.99)),
            Self::Adadelta => Some(("ρ", 0.9)),
            Self::Adam | Self::Adamw | Self::Amsgrad | Self::Nadam | Self::Radam | Self::Adamax => {
                Some(("β₁", 0.9))
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The race

/// One competitor, resolved from the arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub optimizer: OptimizerName,
    pub lr: f64,
    /// The β used (`None` for an optimizer without one).
    pub beta: Option<f64>,
    pub batching: Batching,
    pub schedule: Option<ScheduleArg>,
}

/// One competitor's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub entry: Entry,
    /// The legend label.
    pub label: String,
    /// The reported loss at the start and after each epoch.
    pub losses: Vec<f64>,
    /// The plotted quantity `q_t`: `losses[t] − f(θ*)`, or `losses[t]`.
    pub quantity: Vec<f64>,
    /// The first epoch from which `q_t < tol` to the end, if any.
    pub epochs_to_tolerance: Option<usize>,
    /// Gradient steps taken in all.
    pub gradient_steps: usize,
}

impl Lane {
    /// The reported loss after the last epoch.
    pub fn final_loss(&self) -> f64 {
        self.losses[self.losses.len() - 1]
    }
}

/// A finished race.
#[derive(Debug, Clone, PartialEq)]
pub struct Race {
    pub problem: ProblemName,
    /// The problem, and the batch and schedule if every lane shares them.
    pub title: String,
    /// `f(θ*)` if known: then the quantity is the excess.
    pub best: Option<f64>,
    pub steps: usize,
    pub tolerance: f64,
    pub lanes: Vec<Lane>,
}

/// Why the lab stopped.
#[derive(Debug, thiserror::Error)]
pub enum LabError {
    /// clap rejected the command line (or was asked for `--help`).
    #[error("{}", .0.render())]
    Parse(#[from] clap::Error),
    /// An argument is outside what it allows.
    #[error("error: invalid value '{value}' for '{argument}': {reason}")]
    Argument {
        argument: &'static str,
        value: String,
        reason: String,
    },
    /// The library rejected a setting (named in the message).
    #[error("error: {0}")]
    Library(#[from] crate::Error),
    /// The figure could not be drawn.
    #[error("error: {0}")]
    Figure(#[from] FigureError),
}

impl LabError {
    /// The process exit code: 0 for `--help`, 1 for a drawing failure, 2
    /// for every bad argument.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Parse(error) => error.exit_code(),
            Self::Figure(FigureError::Drawing(_)) => 1,
            _ => 2,
        }
    }

    fn argument(
        argument: &'static str,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Self::Argument {
            argument,
            value: value.into(),
            reason: reason.into(),
        }
    }
}

/// Parses the arguments (the first is the program name) and checks what
/// clap cannot: list lengths that must match, and arguments that belong to
/// one problem.
pub fn parse<I, T>(args: I) -> Result<Cli, LabError>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = Cli::try_parse_from(args)?;
    if let Command::Race(race) = &cli.command {
        race.entries()?;
    }
    Ok(cli)
}

fn per_optimizer<T: Clone>(
    argument: &'static str,
    values: &[T],
    n: usize,
    shared: bool,
) -> Result<Option<Vec<T>>, LabError> {
    match values.len() {
        0 => Ok(None),
        1 if shared => Ok(Some(vec![values[0].clone(); n])),
        len if len == n => Ok(Some(values.to_vec())),
        len => Err(LabError::argument(
            argument,
            format!("{len} values"),
            format!(
                "give {}one value per optimizer ({n})",
                if shared { "one value for all or " } else { "" }
            ),
        )),
    }
}

impl RaceArgs {
    /// The competitors, one per optimizer, with β defaults filled in.
    pub fn entries(&self) -> Result<Vec<Entry>, LabError> {
        let n = self.optimizers.len();
        if self.lr.len() != n {
            return Err(LabError::argument(
                "--lr",
                self.lr
                    .iter()
                    .map(f64::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
                format!(
                    "{} learning rates for {n} optimizers: give exactly one per optimizer",
                    self.lr.len()
                ),
            ));
        }
        if self.kappa.is_some() && self.problem != ProblemName::Quadratic {
            return Err(LabError::argument(
                "--kappa",
                self.kappa.map(|k| k.to_string()).unwrap_or_default(),
                "κ only applies to --problem quadratic",
            ));
        }
        let betas = per_optimizer("--beta", &self.beta, n, false)?;
        let batches = per_optimizer("--batch", &self.batch, n, true)?;
        let schedules = per_optimizer("--schedule", &self.schedule, n, true)?;
        let mut entries = Vec::with_capacity(n);
        for (i, &optimizer) in self.optimizers.iter().enumerate() {
            let given = betas.as_ref().and_then(|b| b[i].0);
            let beta = match (optimizer.beta(), given) {
                (None, Some(beta)) => {
                    return Err(LabError::argument(
                        "--beta",
                        beta.to_string(),
                        format!(
                            "{} has no β: write '-' in its place (optimizer {})",
                            optimizer.name(),
                            i + 1
                        ),
                    ));
                }
                (None, None) => None,
                (Some((_, default)), given) => Some(given.unwrap_or(default)),
            };
            entries.push(Entry {
                optimizer,
                lr: self.lr[i],
                beta,
                batching: batches.as_ref().map_or(Batching::Full, |b| b[i].0),
                schedule: schedules.as_ref().map(|s| s[i].clone()),
            });
        }
        Ok(entries)
    }

    /// The SVG's directory must exist before anything runs.
    fn check_out(&self) -> Result<(), LabError> {
        let parent = match self.out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let reason = match std::fs::metadata(parent) {
            Ok(meta) if meta.is_dir() => match std::fs::metadata(&self.out) {
                Ok(meta) if meta.is_dir() => "is a directory",
                _ => return Ok(()),
            },
            Ok(_) => "its parent is not a directory",
            Err(_) => "its directory does not exist",
        };
        Err(LabError::argument(
            "--out",
            self.out.display().to_string(),
            format!("cannot write the SVG there: {reason}"),
        ))
    }
}

/// Everything one lane's training run needs besides the optimizer.
struct Lap<'a> {
    setup: &'a Setup,
    config: TrainConfig<'a>,
}

impl Lap<'_> {
    fn go<O: Optimizer>(&self, mut optimizer: O) -> crate::Result<crate::train::TrainReport> {
        let objective = self.setup.objective.as_ref();
        train(
            objective,
            self.setup.initial.clone(),
            &mut optimizer,
            &self.config,
        )
    }

    /// Builds the entry's optimizer (PyTorch's defaults but lr and β) and runs it.
    fn run(&self, entry: &Entry) -> crate::Result<crate::train::TrainReport> {
        let lr = entry.lr;
        let b = entry.beta.unwrap_or(0.0);
        match entry.optimizer {
            OptimizerName::Sgd => self.go(Sgd {
                lr,
                ..Sgd::default()
            }),
            OptimizerName::Momentum => self.go(Sgd {
                lr,
                momentum: b,
                ..Sgd::default()
            }),
            OptimizerName::Nesterov => self.go(Sgd {
                lr,
                momentum: b,
                nesterov: true,
                ..Sgd::default()
            }),
            OptimizerName::ArticleMomentum => self.go(ArticleMomentum { lr, momentum: b }),
            OptimizerName::Adagrad => self.go(Adagrad {
                lr,
                ..Adagrad::default()
            }),
            OptimizerName::Rmsprop => self.go(RmsProp {
                lr,
                alpha: b,
                ..RmsProp::default()
            }),
            OptimizerName::RmspropCentered => self.go(RmsProp {
                lr,
                alpha: b,
                centered: true,
                ..RmsProp::default()
            }),
            OptimizerName::Adam => self.go(Adam {
                lr,
                beta1: b,
                ..Adam::default()
            }),
            OptimizerName::Amsgrad => self.go(Adam {
                lr,
                beta1: b,
                amsgrad: true,
                ..Adam::default()
            }),
            OptimizerName::Adamw => self.go(AdamW {
                lr,
                beta1: b,
                ..AdamW::default()
            }),
            OptimizerName::Nadam => self.go(NAdam {
                lr,
                beta1: b,
                ..NAdam::default()
            }),
            OptimizerName::Radam => self.go(RAdam {
                lr,
                beta1: b,
                ..RAdam::default()
            }),
            OptimizerName::Adamax => self.go(Adamax {
                lr,
                beta1: b,
                ..Adamax::default()
            }),
            OptimizerName::Adadelta => self.go(Adadelta {
                lr,
                rho: b,
                ..Adadelta::default()
            }),
        }
    }
}

/// `x` in the shortest form that reads back as the same `f64`: plain
/// decimals from 0.001 to 10⁶, scientific notation (`1.5e-8`) outside.
fn exact(x: f64) -> String {
    if x == 0.0 || !x.is_finite() || (1e-3..1e6).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

fn batch_label(batching: Batching) -> String {
    match batching {
        Batching::Full => "full".to_string(),
        Batching::MiniBatch(size) => size.to_string(),
    }
}

fn schedule_label(schedule: &Option<ScheduleArg>) -> String {
    match schedule {
        None => "constant".to_string(),
        Some(arg) => arg.text.clone(),
    }
}

/// Runs the race the arguments describe: every entry from the problem's
/// start through [`train`], in argument order.
pub fn race(args: &RaceArgs) -> Result<Race, LabError> {
    let entries = args.entries()?;
    let kappa = args.kappa.unwrap_or(tuning::CONDITION_NUMBER);
    let setup = args.problem.setup(kappa, args.seed)?;
    let tolerance = args.tol.unwrap_or(args.problem.default_tolerance());
    let samples = setup.objective.sample_count();
    let schedules_differ = entries.windows(2).any(|w| w[0].schedule != w[1].schedule);
    let batches_differ = entries.windows(2).any(|w| w[0].batching != w[1].batching);
    // A schedule's name alone labels it when the names tell the lanes apart.
    let short = |entry: &Entry| {
        let label = schedule_label(&entry.schedule);
        label
            .split([':', '@'])
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let mut short_names: Vec<String> = entries.iter().map(short).collect();
    short_names.sort();
    short_names.dedup();
    let short_schedules = short_names.len() == entries.len();
    // What every lane shares goes into the title instead of each label.
    let mut title = setup.title.clone();
    if let (false, Batching::MiniBatch(size)) = (batches_differ, entries[0].batching) {
        let _ = write!(title, ", B = {size}");
    }
    if let (false, Some(schedule)) = (schedules_differ, &entries[0].schedule) {
        let _ = write!(title, ", {}", schedule.text);
    }
    let mut lanes = Vec::with_capacity(entries.len());
    for entry in &entries {
        let steps_per_epoch = match entry.batching {
            Batching::Full => 1,
            Batching::MiniBatch(size) => samples.div_ceil(size),
        };
        let ticks = match args.pace {
            Pace::Epoch => args.steps,
            Pace::Step => args.steps.saturating_mul(steps_per_epoch),
        };
        let schedule_error = |error: crate::Error| {
            LabError::argument(
                "--schedule",
                schedule_label(&entry.schedule),
                error.to_string(),
            )
        };
        let (schedule, plateau) = match entry.schedule.as_ref().map(|arg| &arg.spec) {
            None => (None, None),
            Some(spec) => (
                spec.build(entry.lr, ticks).map_err(schedule_error)?,
                match spec {
                    ScheduleSpec::Plateau { .. } => {
                        Some(spec.plateau(entry.lr).map_err(schedule_error)?)
                    }
                    _ => None,
                },
            ),
        };
        let config = TrainConfig {
            seed: args.seed,
            schedule: schedule.as_deref(),
            pace: match args.pace {
                Pace::Epoch => SchedulePace::Epoch,
                Pace::Step => SchedulePace::Step,
            },
            on_plateau: plateau,
            ..TrainConfig::new(args.steps, entry.batching)
        };
        let lap = Lap {
            setup: &setup,
            config,
        };
        let report = lap.run(entry)?;
        let start = setup.objective.reported_loss(&setup.initial);
        let losses: Vec<f64> = std::iter::once(start).chain(report.loss_history).collect();
        let quantity: Vec<f64> = match setup.best {
            Some(best) => losses.iter().map(|loss| loss - best).collect(),
            None => losses.clone(),
        };
        let mut label = format!("{}, η = {}", entry.optimizer.name(), exact(entry.lr));
        if let (Some((symbol, _)), Some(beta)) = (entry.optimizer.beta(), entry.beta) {
            let _ = write!(label, ", {symbol} = {}", exact(beta));
        }
        if let (true, Batching::MiniBatch(size)) = (batches_differ, entry.batching) {
            let _ = write!(label, ", B = {size}");
        }
        if schedules_differ && short_schedules {
            let _ = write!(label, ", {}", short(entry));
        } else if schedules_differ {
            let _ = write!(label, ", {}", schedule_label(&entry.schedule));
        }
        lanes.push(Lane {
            entry: entry.clone(),
            label,
            epochs_to_tolerance: settles_below(&quantity, tolerance),
            losses,
            quantity,
            gradient_steps: report.steps,
        });
    }
    Ok(Race {
        problem: args.problem,
        title,
        best: setup.best,
        steps: args.steps,
        tolerance,
        lanes,
    })
}

impl Race {
    /// Whether any lane used mini-batches (then the x axis counts epochs).
    fn has_mini_batches(&self) -> bool {
        self.lanes
            .iter()
            .any(|lane| lane.entry.batching != Batching::Full)
    }

    fn unit(&self) -> &'static str {
        if self.has_mini_batches() {
            "epochs"
        } else {
            "steps"
        }
    }

    fn quantity_name(&self) -> &'static str {
        match (self.problem, self.best) {
            (ProblemName::Regression, _) => "excess MSE(θ) − MSE(θ*)",
            (_, Some(_)) => "f(θ) − f(θ*)",
            (_, None) => "training loss",
        }
    }

    /// The table the lab prints: one row per lane, the final loss in the
    /// shortest form that reads back as the same `f64`.
    pub fn table(&self) -> String {
        let unit = self.unit();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "race on {}: {} {unit}; tolerance: {} < {} for good",
            self.title,
            self.steps,
            self.quantity_name(),
            exact(self.tolerance)
        );
        let header = [
            "optimizer".to_string(),
            "lr".to_string(),
            "beta".to_string(),
            "batch".to_string(),
            "schedule".to_string(),
            "final loss".to_string(),
            format!("{unit} to tol"),
        ];
        let rows: Vec<[String; 7]> = self
            .lanes
            .iter()
            .map(|lane| {
                [
                    lane.entry.optimizer.name().to_string(),
                    exact(lane.entry.lr),
                    lane.entry.beta.map_or("-".to_string(), exact),
                    batch_label(lane.entry.batching),
                    schedule_label(&lane.entry.schedule),
                    exact(lane.final_loss()),
                    lane.epochs_to_tolerance
                        .map_or("not reached".to_string(), |e| e.to_string()),
                ]
            })
            .collect();
        let widths: Vec<usize> = (0..header.len())
            .map(|c| {
                rows.iter()
                    .map(|row| row[c].chars().count())
                    .chain(std::iter::once(header[c].chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in std::iter::once(&header).chain(rows.iter()) {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &w)| format!("{cell:<w$}"))
                .collect();
            let _ = writeln!(out, "{}", cells.join("  ").trim_end());
        }
        out
    }

    /// The curves the SVG draws: `(t, q_t)` for each lane.
    pub fn curves(&self) -> Vec<Curve> {
        self.lanes
            .iter()
            .map(|lane| {
                let points = lane
                    .quantity
                    .iter()
                    .enumerate()
                    .map(|(t, &q)| (t as f64, q))
                    .collect();
                Curve::new(lane.label.clone(), points)
            })
            .collect()
    }

    /// The SVG: `q_t` against `t` on a log axis, drawn by the book's
    /// plotting code, with the tolerance as a reference line.
    pub fn svg(&self) -> Result<String, LabError> {
        let curves = self.curves();
        let steps = self.steps as f64;
        let tol = self.tolerance;
        let reference = Curve::new(
            format!("tolerance {}", exact(tol)),
            vec![(0.0, tol), (steps, tol)],
        );
        let x_label = if self.has_mini_batches() {
            "epoch"
        } else {
            "step"
        };
        let y = log_range(&curves, tol);
        let title = format!("Lab race: {}", self.title);
        let svg = plot::svg(&title, |area| {
            let (area, legend) = plot::with_legend_column(area, legend_width(&curves));
            let mut chart = plot::log_y_chart(
                &area,
                &Axes {
                    caption: None,
                    x_label,
                    y_label: self.quantity_name(),
                    x: 0.0..steps,
                    y,
                },
            )?;
            plot::draw_curves(&mut chart, &curves)?;
            plot::draw_curve(&mut chart, &reference, plot::reference(0))?;
            let mut entries = plot::entries(&curves);
            entries.push((reference.label.as_str(), plot::reference(0)));
            plot::legend_column(&legend, &entries)
        })?;
        Ok(svg)
    }
}

/// The width of the SVG's legend column in display pixels: room for the
/// longest label (about 8.6 pixels a character) beside its line sample,
/// between 200 and 360.
fn legend_width(curves: &[Curve]) -> u32 {
    let longest = curves
        .iter()
        .map(|curve| curve.label.chars().count())
        .max()
        .unwrap_or(0)
        .max("tolerance 1e-10".len());
    (longest as f64 * 8.6 + 72.0).clamp(200.0, 360.0) as u32
}

/// Decades from `10^⌊log q_min⌋` to `10^⌈log q_max⌉` over the finite,
/// positive values and a tenth of the tolerance (so that its line shows),
/// at most 30 decades deep.
fn log_range(curves: &[Curve], tolerance: f64) -> std::ops::Range<f64> {
    let values = curves
        .iter()
        .flat_map(Curve::ys)
        .chain([tolerance / 10.0, tolerance])
        .filter(|q| q.is_finite() && *q > 0.0);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), q| {
        (lo.min(q), hi.max(q))
    });
    let top = hi.log10().ceil().min(300.0);
    let bottom = lo.log10().floor().max(top - 30.0);
    let bottom = if bottom >= top { top - 1.0 } else { bottom };
    10f64.powf(bottom)..10f64.powf(top)
}

/// Every optimizer, problem and schedule the lab knows, with their settings.
pub fn list() -> String {
    let mut out = String::from("optimizers (--optimizers; β via --beta, '-' for the default):\n");
    for optimizer in OptimizerName::value_variants() {
        let beta = match optimizer.beta() {
            Some((symbol, default)) => format!("β sets {symbol}, default {default}"),
            None => "no β".to_string(),
        };
        let _ = writeln!(out, "  {:<18} {beta}", optimizer.name());
    }
    out.push_str("problems (--problem):\n");
    for problem in ProblemName::value_variants() {
        let name = problem.name();
        let quantity = if problem.has_known_optimum() {
            "plots f − f*"
        } else {
            "plots the training loss"
        };
        let _ = writeln!(
            out,
            "  {name:<16} {quantity}, default --tol {}",
            exact(problem.default_tolerance())
        );
    }
    out.push_str("schedules (--schedule; T defaults to the run's length):\n");
    for (syntax, meaning) in SCHEDULE_SYNTAX {
        let _ = writeln!(out, "  {syntax}\n      {meaning}");
    }
    out
}

/// Runs the parsed command: `race` writes the SVG to `--out` and returns
/// the table (and where the SVG went); `list` returns [`list`].
pub fn execute(cli: &Cli) -> Result<String, LabError> {
    match &cli.command {
        Command::List => Ok(list()),
        Command::Race(args) => {
            args.check_out()?;
            let race = race(args)?;
            let svg = race.svg()?;
            std::fs::write(&args.out, svg).map_err(|error| {
                LabError::argument(
                    "--out",
                    args.out.display().to_string(),
                    format!("cannot write the SVG: {error}"),
                )
            })?;
            Ok(format!("{}wrote {}\n", race.table(), args.out.display()))
        }
    }
}

/// The whole program: parse, run, report. Returns the exit code; output
/// goes to stdout, errors (and nothing else) to stderr.
pub fn main<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    match parse(args).and_then(|cli| execute(&cli)) {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(LabError::Parse(error)) => {
            let code = error.exit_code();
            let _ = error.print();
            code
        }
        Err(error) => {
            eprintln!("{error}");
            error.exit_code()
        }
    }
}
