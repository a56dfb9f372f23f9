//! Learning-rate schedules (article: 学习率调度): the rate as a function of
//! the epoch (or step) number `t = 0, 1, 2, …`.
//!
//! Steps are `usize`, so a negative step cannot be asked for; every
//! constructor checks its parameters and returns an error for a period of
//! zero, a non-positive rate and the like.

use crate::error::{Error, Result, non_negative, parameter, positive};

// ANCHOR: schedule
/// A learning-rate schedule: `η(t)` for step `t`.
pub trait Schedule: std::fmt::Debug {
    /// The learning rate at step `t`.
    fn learning_rate(&self, t: usize) -> f64;
}
// ANCHOR_END: schedule

fn at_least_one(name: &'static str, value: usize) -> Result<()> {
    if value == 0 {
        return Err(Error::InvalidParameter {
            name,
            value: 0.0,
            expected: "at least 1",
        });
    }
    Ok(())
}

fn factor(name: &'static str, value: f64) -> Result<()> {
    parameter(name, value, "in (0, 1]", |g| g > 0.0 && g <= 1.0)
}

/// A constant rate: `η(t) = η₀`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Constant {
    lr: f64,
}

impl Constant {
    /// Errors unless `lr > 0`.
    pub fn new(lr: f64) -> Result<Self> {
        positive("lr", lr)?;
        Ok(Self { lr })
    }
}

impl Schedule for Constant {
    fn learning_rate(&self, _t: usize) -> f64 {
        self.lr
    }
}

// ANCHOR: step_decay
/// Step decay, PyTorch's `StepLR` and the article's `learning_rate_decay`:
/// `η(t) = η₀ · γ^⌊t/k⌋`, the rate multiplied by γ every k steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepDecay {
    initial_lr: f64,
    step_size: usize,
    gamma: f64,
}

impl StepDecay {
    /// Errors unless `initial_lr > 0`, `step_size ≥ 1` and `0 < γ ≤ 1`.
    pub fn new(initial_lr: f64, step_size: usize, gamma: f64) -> Result<Self> {
        positive("initial_lr", initial_lr)?;
        at_least_one("step_size", step_size)?;
        factor("gamma", gamma)?;
        Ok(Self {
            initial_lr,
            step_size,
            gamma,
        })
    }
}

impl Schedule for StepDecay {
    fn learning_rate(&self, t: usize) -> f64 {
        let decays = i32::try_from(t / self.step_size).unwrap_or(i32::MAX);
        self.initial_lr * self.gamma.powi(decays)
    }
}
// ANCHOR_END: step_decay

// ANCHOR: exponential
/// Exponential decay, PyTorch's `ExponentialLR`: `η(t) = η₀ · γᵗ`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exponential {
    initial_lr: f64,
    gamma: f64,
}

impl Exponential {
    /// Errors unless `initial_lr > 0` and `0 < γ ≤ 1`.
    pub fn new(initial_lr: f64, gamma: f64) -> Result<Self> {
        positive("initial_lr", initial_lr)?;
        factor("gamma", gamma)?;
        Ok(Self { initial_lr, gamma })
    }
}

impl Schedule for Exponential {
    fn learning_rate(&self, t: usize) -> f64 {
        self.initial_lr * self.gamma.powi(i32::try_from(t).unwrap_or(i32::MAX))
    }
}
// ANCHOR_END: exponential

// ANCHOR: cosine_struct
/// Cosine annealing (Loshchilov & Hutter 2017), the closed form of PyTorch's
/// `CosineAnnealingLR`: `η(t) = η_min + ½(η₀ − η_min)(1 + cos(π t/T))` for
/// `0 ≤ t ≤ T`, so `η(0) = η₀` and `η(T) = η_min`.
///
/// After `T` the rate stays at `η_min`. PyTorch's scheduler instead keeps
/// following the cosine, so its rate climbs back towards `η₀` (a restart
/// without warning); the article's `cosine_annealing` does the same.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CosineAnnealing {
    initial_lr: f64,
    eta_min: f64,
    t_max: usize,
}
// ANCHOR_END: cosine_struct

impl CosineAnnealing {
    /// Errors unless `initial_lr > 0`, `0 ≤ η_min ≤ initial_lr`, `T ≥ 1`.
    pub fn new(initial_lr: f64, eta_min: f64, t_max: usize) -> Result<Self> {
        positive("initial_lr", initial_lr)?;
        non_negative("eta_min", eta_min)?;
        parameter("eta_min", eta_min, "at most initial_lr", |e| {
            e <= initial_lr
        })?;
        at_least_one("t_max", t_max)?;
        Ok(Self {
            initial_lr,
            eta_min,
            t_max,
        })
    }
}

// ANCHOR: cosine_rate
impl Schedule for CosineAnnealing {
    fn learning_rate(&self, t: usize) -> f64 {
        let progress = t.min(self.t_max) as f64 / self.t_max as f64;
        self.eta_min
            + 0.5
                * (self.initial_lr - self.eta_min)
                * (1.0 + (std::f64::consts::PI * progress).cos())
    }
}
// ANCHOR_END: cosine_rate

// ANCHOR: warmup_struct
/// Linear warm-up, the closed form of PyTorch's `LinearLR`:
/// `η(t) = η₀ · (s + (e − s) · min(t, n)/n)`, a straight line from `s·η₀` at
/// `t = 0` to `e·η₀` at `t = n`, then flat.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearWarmup {
    initial_lr: f64,
    start_factor: f64,
    end_factor: f64,
    total_steps: usize,
}
// ANCHOR_END: warmup_struct

impl LinearWarmup {
    /// Errors unless `initial_lr > 0`, `0 < s ≤ 1`, `0 ≤ e ≤ 1`, `n ≥ 1`,
    /// PyTorch's ranges.
    pub fn new(
        initial_lr: f64,
        start_factor: f64,
        end_factor: f64,
        total_steps: usize,
    ) -> Result<Self> {
        positive("initial_lr", initial_lr)?;
        factor("start_factor", start_factor)?;
        parameter("end_factor", end_factor, "in [0, 1]", |e| {
            (0.0..=1.0).contains(&e)
        })?;
        at_least_one("total_steps", total_steps)?;
        Ok(Self {
            initial_lr,
            start_factor,
            end_factor,
            total_steps,
        })
    }

    // ANCHOR: warmup_article
    /// The article's `warmup_lr`: `η₀ (t + 1)/W` for `t < W`, then `η₀`.
    ///
    /// It reaches `η₀` at `t = W − 1`, one step before PyTorch's
    /// `LinearLR(start_factor = 1/W, total_iters = W)` does: it is
    /// `LinearLR(start_factor = 1/W, total_iters = W − 1)`.
    pub fn article(initial_lr: f64, warmup_steps: usize) -> Result<Self> {
        at_least_one("warmup_steps", warmup_steps)?;
        let start_factor = 1.0 / warmup_steps as f64;
        Self::new(initial_lr, start_factor, 1.0, (warmup_steps - 1).max(1))
    }
    // ANCHOR_END: warmup_article
}

// ANCHOR: warmup_rate
impl Schedule for LinearWarmup {
    fn learning_rate(&self, t: usize) -> f64 {
        let progress = t.min(self.total_steps) as f64 / self.total_steps as f64;
        self.initial_lr * (self.start_factor + (self.end_factor - self.start_factor) * progress)
    }
}
// ANCHOR_END: warmup_rate

// ANCHOR: sequential_struct
/// One schedule until a milestone, then another restarted from its own
/// step 0, PyTorch's `SequentialLR`: `η(t) = first(t)` for `t < m`, else
/// `second(t − m)`.
#[derive(Debug)]
pub struct Sequential {
    first: Box<dyn Schedule>,
    second: Box<dyn Schedule>,
    milestone: usize,
}
// ANCHOR_END: sequential_struct

impl Sequential {
    /// Errors unless `milestone ≥ 1`.
    pub fn new(
        first: Box<dyn Schedule>,
        second: Box<dyn Schedule>,
        milestone: usize,
    ) -> Result<Self> {
        at_least_one("milestone", milestone)?;
        Ok(Self {
            first,
            second,
            milestone,
        })
    }
}

// ANCHOR: sequential_rate
impl Schedule for Sequential {
    fn learning_rate(&self, t: usize) -> f64 {
        if t < self.milestone {
            self.first.learning_rate(t)
        } else {
            self.second.learning_rate(t - self.milestone)
        }
    }
}
// ANCHOR_END: sequential_rate

// ANCHOR: warmup_cosine
/// Linear warm-up from `η₀/warmup` for `warmup` steps, then cosine annealing
/// from `η₀` to `η_min` over the remaining `total − warmup` steps.
pub fn warmup_cosine(
    initial_lr: f64,
    warmup: usize,
    total: usize,
    eta_min: f64,
) -> Result<Sequential> {
    at_least_one("warmup", warmup)?;
    parameter("total", total as f64, "greater than warmup", |t| {
        t > warmup as f64
    })?;
    let ramp = LinearWarmup::new(initial_lr, 1.0 / warmup as f64, 1.0, warmup)?;
    let anneal = CosineAnnealing::new(initial_lr, eta_min, total - warmup)?;
    Sequential::new(Box::new(ramp), Box::new(anneal), warmup)
}
// ANCHOR_END: warmup_cosine
