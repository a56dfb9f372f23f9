//! Learning-rate schedules (article: 学习率调度): the rate as a function of
//! the epoch (or step) number `t = 0, 1, 2, …`.
//!
//! Steps are `usize`, so a negative step cannot be asked for; every
//! constructor checks its parameters and returns an error for a period of
//! zero, a non-positive rate and the like.

use crate::error::{Error, Result, decay_rate, fraction, non_negative, parameter, positive};
use crate::train::{Mode, Plateau, Threshold};

// ANCHOR: schedule
/// A learning-rate schedule: `η(t)` for step `t`.
pub trait Schedule: std::fmt::Debug {
    /// The learning rate at step `t`.
    fn learning_rate(&self, t: usize) -> f64;

    /// The momentum at step `t`, for the schedules that set it too
    /// ([`OneCycle`]); `None` leaves the optimizer's momentum alone.
    fn momentum(&self, _t: usize) -> Option<f64> {
        None
    }
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

/// Read-only access to a schedule's parameters, so that a caller can print or
/// plot them.
macro_rules! getters {
    ($type:ty { $($field:ident: $t:ty),* $(,)? }) => {
        impl $type {
            $(
                #[doc = concat!("The `", stringify!($field), "` it was built with.")]
                pub fn $field(&self) -> $t {
                    self.$field.clone()
                }
            )*
        }
    };
}

getters!(Constant { lr: f64 });
getters!(StepDecay {
    initial_lr: f64,
    step_size: usize,
    gamma: f64
});
getters!(Exponential {
    initial_lr: f64,
    gamma: f64
});
getters!(CosineAnnealing {
    initial_lr: f64,
    eta_min: f64,
    t_max: usize
});
getters!(LinearWarmup {
    initial_lr: f64,
    start_factor: f64,
    end_factor: f64,
    total_steps: usize
});
getters!(Sequential { milestone: usize });
getters!(MultiStep { initial_lr: f64, milestones: Vec<usize>, gamma: f64 });
getters!(Polynomial {
    initial_lr: f64,
    total_steps: usize,
    power: f64
});
getters!(WarmRestarts {
    initial_lr: f64,
    t_0: usize,
    t_mult: usize,
    eta_min: f64
});
getters!(OneCycle {
    max_lr: f64,
    total_steps: usize,
    pct_start: f64,
    anneal: Anneal,
    div_factor: f64,
    final_div_factor: f64,
    cycle_momentum: bool,
    base_momentum: f64,
    max_momentum: f64,
});

// ANCHOR: multistep
/// PyTorch's `MultiStepLR`: `η(t) = η₀ · γ^(number of milestones ≤ t)`.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiStep {
    initial_lr: f64,
    milestones: Vec<usize>,
    gamma: f64,
}

impl Schedule for MultiStep {
    fn learning_rate(&self, t: usize) -> f64 {
        let passed = self.milestones.partition_point(|&m| m <= t);
        self.initial_lr * self.gamma.powi(i32::try_from(passed).unwrap_or(i32::MAX))
    }
}
// ANCHOR_END: multistep

impl MultiStep {
    /// Errors unless `initial_lr > 0`, `0 < γ ≤ 1` and the milestones are
    /// strictly increasing (PyTorch sorts them and counts repeats twice; here
    /// a repeat is an error).
    pub fn new(initial_lr: f64, milestones: Vec<usize>, gamma: f64) -> Result<Self> {
        positive("initial_lr", initial_lr)?;
        factor("gamma", gamma)?;
        if let Some(w) = milestones.windows(2).find(|w| w[1] <= w[0]) {
            return Err(Error::InvalidParameter {
                name: "milestones",
                value: w[1] as f64,
                expected: "strictly increasing",
            });
        }
        Ok(Self {
            initial_lr,
            milestones,
            gamma,
        })
    }
}

// ANCHOR: polynomial
/// PyTorch's `PolynomialLR`: `η(t) = η₀ (1 − min(t, T)/T)^p`, zero from `T` on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Polynomial {
    initial_lr: f64,
    total_steps: usize,
    power: f64,
}

impl Schedule for Polynomial {
    fn learning_rate(&self, t: usize) -> f64 {
        let left = 1.0 - t.min(self.total_steps) as f64 / self.total_steps as f64;
        self.initial_lr * left.powf(self.power)
    }
}
// ANCHOR_END: polynomial

impl Polynomial {
    /// Errors unless `initial_lr > 0`, `T ≥ 1` and `p > 0`.
    pub fn new(initial_lr: f64, total_steps: usize, power: f64) -> Result<Self> {
        positive("initial_lr", initial_lr)?;
        at_least_one("total_steps", total_steps)?;
        positive("power", power)?;
        Ok(Self {
            initial_lr,
            total_steps,
            power,
        })
    }
}

// ANCHOR: warm_restarts
/// SGDR (Loshchilov & Hutter 2017), PyTorch's `CosineAnnealingWarmRestarts`:
/// cosine annealing from η₀ to η_min over a period `Tᵢ`, then a restart at η₀;
/// the first period is `T₀` and each is `T_mult` times the one before.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WarmRestarts {
    initial_lr: f64,
    t_0: usize,
    t_mult: usize,
    eta_min: f64,
}

impl Schedule for WarmRestarts {
    fn learning_rate(&self, t: usize) -> f64 {
        let (mut t_cur, mut t_i) = (t, self.t_0);
        if self.t_mult == 1 {
            t_cur %= t_i;
        }
        while t_cur >= t_i {
            t_cur -= t_i;
            t_i = t_i.saturating_mul(self.t_mult);
        }
        let cosine = 1.0 + (std::f64::consts::PI * t_cur as f64 / t_i as f64).cos();
        self.eta_min + (self.initial_lr - self.eta_min) * cosine / 2.0
    }
}
// ANCHOR_END: warm_restarts

impl WarmRestarts {
    /// Errors unless `initial_lr > 0`, `T₀ ≥ 1`, `T_mult ≥ 1` and
    /// `0 ≤ η_min ≤ initial_lr`.
    pub fn new(initial_lr: f64, t_0: usize, t_mult: usize, eta_min: f64) -> Result<Self> {
        positive("initial_lr", initial_lr)?;
        at_least_one("t_0", t_0)?;
        at_least_one("t_mult", t_mult)?;
        non_negative("eta_min", eta_min)?;
        parameter("eta_min", eta_min, "at most initial_lr", |e| {
            e <= initial_lr
        })?;
        Ok(Self {
            initial_lr,
            t_0,
            t_mult,
            eta_min,
        })
    }
}

/// How [`OneCycle`] moves between two values, PyTorch's `anneal_strategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anneal {
    /// `end + (start − end)(1 + cos(π·pct))/2`.
    Cos,
    /// `start + (end − start)·pct`.
    Linear,
}

// ANCHOR: anneal
impl Anneal {
    /// The value a fraction `pct` of the way from `start` to `end`, by
    /// PyTorch's formula. A `pct` above 1 (past `total_steps`) holds the end
    /// value. The ends are rates or momenta, never negative, so a result
    /// rounded below 0 (a subnormal `max_lr` gave −5e-324) is 0.
    pub fn between(self, start: f64, end: f64, pct: f64) -> f64 {
        let pct = pct.min(1.0);
        let value = match self {
            Self::Cos => end + (start - end) / 2.0 * ((std::f64::consts::PI * pct).cos() + 1.0),
            Self::Linear => (end - start) * pct + start,
        };
        if value < 0.0 { 0.0 } else { value }
    }
}
// ANCHOR_END: anneal

// ANCHOR: one_cycle_struct
/// Smith's one-cycle policy, PyTorch's `OneCycleLR` (two phases,
/// `three_phase = False`): over the first `pct_start` of `total_steps` the
/// rate rises from `max_lr/div_factor` to `max_lr` while the momentum falls
/// from `max_momentum` to `base_momentum`; then the rate falls to
/// `max_lr/(div_factor · final_div_factor)` and the momentum climbs back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneCycle {
    max_lr: f64,
    total_steps: usize,
    pct_start: f64,
    anneal: Anneal,
    div_factor: f64,
    final_div_factor: f64,
    cycle_momentum: bool,
    base_momentum: f64,
    max_momentum: f64,
}
// ANCHOR_END: one_cycle_struct

impl OneCycle {
    /// PyTorch's defaults for `max_lr` and `total_steps`: `pct_start = 0.3`,
    /// cosine, `div_factor = 25`, `final_div_factor = 1e4`, momentum cycled
    /// between 0.85 and 0.95. Errors unless `max_lr > 0` and `total_steps ≥ 1`.
    pub fn new(max_lr: f64, total_steps: usize) -> Result<Self> {
        Self::with(
            max_lr,
            total_steps,
            0.3,
            Anneal::Cos,
            (25.0, 1e4),
            Some((0.85, 0.95)),
        )
    }

    /// Every option: `divs = (div_factor, final_div_factor)`, both > 0;
    /// `momentum = Some((base, max))` to cycle it, both in [0, 1). Errors
    /// unless also `pct_start ∈ [0, 1]` and `pct_start · total_steps ≠ 1`
    /// (a first phase that ends at step 0, where PyTorch divides by zero).
    pub fn with(
        max_lr: f64,
        total_steps: usize,
        pct_start: f64,
        anneal: Anneal,
        divs: (f64, f64),
        momentum: Option<(f64, f64)>,
    ) -> Result<Self> {
        positive("max_lr", max_lr)?;
        at_least_one("total_steps", total_steps)?;
        fraction("pct_start", pct_start)?;
        // A first phase ending at step 0 would divide 0 by 0 (PyTorch raises).
        parameter("pct_start", pct_start, "not 1/total_steps", |p| {
            p * total_steps as f64 != 1.0
        })?;
        positive("div_factor", divs.0)?;
        positive("final_div_factor", divs.1)?;
        let (base_momentum, max_momentum) = momentum.unwrap_or((0.85, 0.95));
        decay_rate("base_momentum", base_momentum)?;
        decay_rate("max_momentum", max_momentum)?;
        Ok(Self {
            max_lr,
            total_steps,
            pct_start,
            anneal,
            div_factor: divs.0,
            final_div_factor: divs.1,
            cycle_momentum: momentum.is_some(),
            base_momentum,
            max_momentum,
        })
    }

    // ANCHOR: one_cycle_phase
    /// `(pct, phase)`: how far step `t` is through its phase, 0 (rising) or 1.
    /// PyTorch's phase ends are `pct_start · total − 1` and `total − 1`; past
    /// the end the rate holds its final value (PyTorch raises an error).
    fn phase(&self, t: usize) -> (f64, usize) {
        let rise_end = self.pct_start * self.total_steps as f64 - 1.0;
        let t = t as f64;
        if t <= rise_end {
            (t / rise_end, 0)
        } else {
            (
                (t - rise_end) / (self.total_steps as f64 - 1.0 - rise_end),
                1,
            )
        }
    }
    // ANCHOR_END: one_cycle_phase
}

// ANCHOR: one_cycle_rate
impl Schedule for OneCycle {
    fn learning_rate(&self, t: usize) -> f64 {
        let initial = self.max_lr / self.div_factor;
        let lowest = initial / self.final_div_factor;
        match self.phase(t) {
            (pct, 0) => self.anneal.between(initial, self.max_lr, pct),
            (pct, _) => self.anneal.between(self.max_lr, lowest, pct),
        }
    }

    /// The momentum moves against the rate: high when the rate is low.
    fn momentum(&self, t: usize) -> Option<f64> {
        let (low, high) = (self.base_momentum, self.max_momentum);
        self.cycle_momentum.then(|| match self.phase(t) {
            (pct, 0) => self.anneal.between(high, low, pct),
            (pct, _) => self.anneal.between(low, high, pct),
        })
    }
}
// ANCHOR_END: one_cycle_rate

/// PyTorch's `ReduceLROnPlateau`: after more than `patience` epochs in a
/// row whose metric is not better (by [`Plateau`]'s rule), the rate becomes
/// `max(η·factor, min_lr)`, unless that changes it by `eps` or less; then
/// `cooldown` epochs pass in which bad epochs are not counted.
///
/// It is not a [`Schedule`]: its rate depends on the metrics it is fed, not
/// on `t` alone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReduceOnPlateau {
    lr: f64,
    plateau: Plateau,
    factor: f64,
    patience: usize,
    cooldown: usize,
    min_lr: f64,
    eps: f64,
    cooldown_counter: usize,
}

// ANCHOR: reduce_on_plateau
impl ReduceOnPlateau {
    /// Feeds one epoch's metric; returns the rate for the next epoch.
    pub fn step(&mut self, metric: f64) -> f64 {
        self.plateau.observe(metric);
        if self.cooldown_counter > 0 {
            self.cooldown_counter -= 1;
            self.plateau.reset_bad_epochs();
        }
        if self.plateau.bad_epochs() > self.patience {
            let reduced = (self.lr * self.factor).max(self.min_lr);
            if self.lr - reduced > self.eps {
                self.lr = reduced;
            }
            self.cooldown_counter = self.cooldown;
            self.plateau.reset_bad_epochs();
        }
        self.lr
    }
}
// ANCHOR_END: reduce_on_plateau

impl ReduceOnPlateau {
    /// PyTorch's defaults from `initial_lr`: mode min, `factor = 0.1`,
    /// `patience = 10`, relative threshold 1e-4, no cooldown, `min_lr = 0`,
    /// `eps = 1e-8`.
    pub fn new(initial_lr: f64) -> Result<Self> {
        let rule = Plateau::new(Mode::Min, Threshold::Rel(1e-4));
        Self::with(initial_lr, rule, 0.1, 10, 0, 0.0)
    }

    /// Every option: `rule` is the mode and threshold (a fresh [`Plateau`]).
    /// Errors unless `initial_lr > 0`, `0 < factor < 1`, the threshold is
    /// finite and ≥ 0, and `min_lr ≥ 0`.
    pub fn with(
        initial_lr: f64,
        rule: Plateau,
        factor: f64,
        patience: usize,
        cooldown: usize,
        min_lr: f64,
    ) -> Result<Self> {
        positive("initial_lr", initial_lr)?;
        parameter("factor", factor, "in (0, 1)", |f| f > 0.0 && f < 1.0)?;
        let (Threshold::Rel(threshold) | Threshold::Abs(threshold)) = rule.threshold();
        non_negative("threshold", threshold)?;
        non_negative("min_lr", min_lr)?;
        Ok(Self {
            lr: initial_lr,
            plateau: rule,
            factor,
            patience,
            cooldown,
            min_lr,
            eps: 1e-8,
            cooldown_counter: 0,
        })
    }

    /// The current rate.
    pub fn learning_rate(&self) -> f64 {
        self.lr
    }
}

getters!(ReduceOnPlateau {
    plateau: Plateau,
    factor: f64,
    patience: usize,
    cooldown: usize,
    min_lr: f64,
    eps: f64,
});
