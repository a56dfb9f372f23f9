//! The one training loop (article: 批量/随机/小批量梯度下降, and FAQ Q4).
//!
//! The article writes its loop six times, once per method. Here batch GD,
//! SGD and mini-batch GD are one loop with a [`Batching`] choice, and the
//! update rule is whatever [`Optimizer`] it is handed.

use nalgebra::DVector;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::clip::GradientClip;
use crate::error::{Error, Result, non_negative};
use crate::objective::Objective;
use crate::optim::Optimizer;
use crate::schedule::{ReduceOnPlateau, Schedule};

// ANCHOR: batching
/// How many samples each gradient step sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Batching {
    /// Batch gradient descent: one step per epoch on all samples.
    Full,
    /// Mini-batches of this size from a fresh shuffle every epoch (the last
    /// one may be smaller). `MiniBatch(1)` is stochastic gradient descent.
    MiniBatch(usize),
}
// ANCHOR_END: batching

// ANCHOR: pace
/// What a schedule's `t` counts. PyTorch leaves it to the caller, who calls
/// `scheduler.step()` once per epoch (StepLR, cosine) or once per batch
/// (OneCycleLR, warm-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchedulePace {
    /// `t` is the epoch: the rate is constant within an epoch.
    Epoch,
    /// `t` is the number of gradient steps taken so far.
    Step,
}
// ANCHOR_END: pace

// ANCHOR: apply_schedule
impl TrainConfig<'_> {
    /// Sets the optimizer's rate (and momentum, if the schedule sets it) for
    /// the step about to be taken in `epoch`, after `steps` steps in all.
    fn apply_schedule<O: Optimizer>(
        &self,
        optimizer: &mut O,
        epoch: usize,
        steps: usize,
    ) -> Result<()> {
        let Some(schedule) = self.schedule else {
            return Ok(());
        };
        let t = match self.pace {
            SchedulePace::Epoch => epoch,
            SchedulePace::Step => steps,
        };
        optimizer.set_learning_rate(schedule.learning_rate(t));
        match schedule.momentum(t) {
            Some(momentum) => optimizer.set_momentum(momentum),
            None => Ok(()),
        }
    }
}
// ANCHOR_END: apply_schedule

/// What to run: everything but the problem, the start and the optimizer.
pub struct TrainConfig<'a> {
    pub epochs: usize,
    pub batching: Batching,
    /// Seeds the shuffles, so that two runs are identical.
    pub seed: u64,
    /// If set, the learning rate of epoch (or step) `t` is
    /// `schedule.learning_rate(t)`, and its momentum `schedule.momentum(t)`.
    pub schedule: Option<&'a dyn Schedule>,
    /// Whether the schedule's `t` counts epochs or gradient steps.
    pub pace: SchedulePace,
    /// If set, each gradient is clipped before the optimizer sees it.
    pub clip: Option<GradientClip>,
    /// If set, training stops early when the monitor says so.
    pub monitor: Option<ConvergenceMonitor>,
    /// Held-out data whose loss is recorded each epoch (and watched by the monitor).
    pub validation: Option<&'a dyn Objective>,
    /// If set, the rate starts at this rule's rate and, after each epoch,
    /// becomes what the rule makes of that epoch's loss (the validation loss
    /// when there is validation data, else the training loss), as PyTorch's
    /// `scheduler.step(val_loss)` once per epoch. It cannot be combined with
    /// `schedule`: both would set the rate.
    pub on_plateau: Option<ReduceOnPlateau>,
}

impl TrainConfig<'_> {
    /// `epochs` of the given batching, seed 0, nothing else.
    pub fn new(epochs: usize, batching: Batching) -> Self {
        Self {
            epochs,
            batching,
            seed: 0,
            schedule: None,
            pace: SchedulePace::Epoch,
            clip: None,
            monitor: None,
            validation: None,
            on_plateau: None,
        }
    }
}

/// What a run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainReport {
    /// The parameters at the end.
    pub params: DVector<f64>,
    /// The reported loss after each epoch.
    pub loss_history: Vec<f64>,
    /// The validation loss after each epoch (empty without validation data).
    pub validation_history: Vec<f64>,
    /// The parameters at the start and after each epoch.
    pub param_history: Vec<DVector<f64>>,
    /// Why training stopped before `epochs`, if it did.
    pub stopped: Option<StopReason>,
    /// Gradient steps taken in all.
    pub steps: usize,
}

// ANCHOR: train
/// Minimises `objective` from `initial` with `optimizer`; each epoch visits every sample once.
pub fn train<O: Optimizer>(
    objective: &dyn Objective,
    initial: DVector<f64>,
    optimizer: &mut O,
    config: &TrainConfig<'_>,
) -> Result<TrainReport> {
    let mut batches = Batches::new(objective.sample_count(), config)?;
    let mut params = initial;
    let mut state = optimizer.init(&params)?;
    let mut report = TrainReport::start(&params, config.epochs);
    let mut on_plateau = config.start_on_plateau(optimizer)?;
    for epoch in 0..config.epochs {
        for batch in batches.next_epoch() {
            config.apply_schedule(optimizer, epoch, report.steps)?;
            let mut gradient = objective.gradient(&params, batch);
            if let Some(clip) = config.clip {
                clip.apply(&mut gradient)?;
            }
            optimizer.step(&mut state, &mut params, &gradient)?;
            report.steps += 1;
        }
        if report.end_epoch(objective, config, &params, batches.all()) {
            break;
        }
        report.reduce_on_plateau(&mut on_plateau, optimizer);
    }
    report.params = params;
    Ok(report)
}
// ANCHOR_END: train

impl TrainConfig<'_> {
    /// A fresh copy of the `on_plateau` rule, with the optimizer set to its
    /// starting rate; an error if a schedule is set too.
    fn start_on_plateau<O: Optimizer>(&self, optimizer: &mut O) -> Result<Option<ReduceOnPlateau>> {
        let Some(rule) = self.on_plateau else {
            return Ok(None);
        };
        if self.schedule.is_some() {
            return Err(Error::Conflict {
                first: "schedule",
                second: "on_plateau",
                reason: "both would set the learning rate",
            });
        }
        optimizer.set_learning_rate(rule.learning_rate());
        Ok(Some(rule))
    }
}

impl TrainReport {
    /// Feeds a plateau rule, if there is one, the epoch's last validation
    /// loss (else its training loss), and sets the rate it returns.
    fn reduce_on_plateau<O: Optimizer>(
        &self,
        rule: &mut Option<ReduceOnPlateau>,
        optimizer: &mut O,
    ) {
        let Some(rule) = rule else {
            return;
        };
        let history = if self.validation_history.is_empty() {
            &self.loss_history
        } else {
            &self.validation_history
        };
        let loss = history.last().copied().unwrap_or(f64::NAN);
        optimizer.set_learning_rate(rule.step(loss));
    }
}

/// The mini-batches of one run: the sample order, reshuffled every epoch
/// unless the batch is the whole data set.
struct Batches {
    order: Vec<usize>,
    batch_size: usize,
    shuffle: Option<ChaCha8Rng>,
}

impl Batches {
    /// Checks the batching and the monitor of `config` for `samples` samples.
    fn new(samples: usize, config: &TrainConfig<'_>) -> Result<Self> {
        let batch_size = match config.batching {
            Batching::Full => samples,
            Batching::MiniBatch(0) => return Err(Error::ZeroBatchSize),
            Batching::MiniBatch(size) => size,
        };
        if let Some(monitor) = &config.monitor {
            monitor.validate()?;
        }
        let shuffle =
            (config.batching != Batching::Full).then(|| ChaCha8Rng::seed_from_u64(config.seed));
        Ok(Self {
            order: (0..samples).collect(),
            batch_size,
            shuffle,
        })
    }

    /// The batches of the next epoch, after a fresh shuffle.
    fn next_epoch(&mut self) -> std::slice::Chunks<'_, usize> {
        if let Some(rng) = &mut self.shuffle {
            self.order.shuffle(rng);
        }
        self.order.chunks(self.batch_size)
    }

    /// Every sample index (in the current order).
    fn all(&self) -> &[usize] {
        &self.order
    }
}

impl TrainReport {
    /// The report before the first epoch: only the starting parameters.
    pub(crate) fn start(params: &DVector<f64>, epochs: usize) -> Self {
        Self {
            params: params.clone(),
            loss_history: Vec::with_capacity(epochs),
            validation_history: Vec::new(),
            param_history: vec![params.clone()],
            stopped: None,
            steps: 0,
        }
    }

    /// Records the epoch that just ended; `true` if the monitor says stop.
    fn end_epoch(
        &mut self,
        objective: &dyn Objective,
        config: &TrainConfig<'_>,
        params: &DVector<f64>,
        samples: &[usize],
    ) -> bool {
        self.loss_history.push(objective.reported_loss(params));
        self.param_history.push(params.clone());
        if let Some(validation) = config.validation {
            self.validation_history
                .push(validation.reported_loss(params));
        }
        if let Some(monitor) = &config.monitor {
            let gradient_norm = objective.gradient(params, samples).norm();
            self.stopped =
                monitor.check(&self.loss_history, &self.validation_history, gradient_norm);
        }
        self.stopped.is_some()
    }
}

// ANCHOR: stop_reason
/// Why a [`ConvergenceMonitor`] stopped training.
#[derive(Debug, Clone, PartialEq)]
pub enum StopReason {
    /// The full-batch gradient norm fell below the tolerance.
    GradientVanished { norm: f64 },
    /// The training loss has not improved by `min_delta` for `patience` epochs.
    LossPlateau,
    /// The validation loss rose `patience` epochs in a row: over-fitting.
    ValidationRising,
}
// ANCHOR_END: stop_reason

// ANCHOR: monitor_struct
/// The article's three signs of convergence (FAQ Q4): the training loss no
/// longer falls, the validation loss starts to rise, the gradient norm is
/// close to zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConvergenceMonitor {
    /// Epochs without improvement (or with rising validation loss) to wait.
    pub patience: usize,
    /// The smallest decrease of the loss, below the best so far, that counts
    /// as an improvement (Keras's `min_delta`; judged by [`Plateau`]).
    pub min_delta: f64,
    /// Stop when `‖∇J‖` is below this.
    pub gradient_tolerance: f64,
}
// ANCHOR_END: monitor_struct

impl ConvergenceMonitor {
    /// Errors unless `patience ≥ 1`, `min_delta ≥ 0`, `gradient_tolerance ≥ 0`.
    pub fn validate(&self) -> Result<()> {
        if self.patience == 0 {
            return Err(Error::InvalidParameter {
                name: "patience",
                value: 0.0,
                expected: "at least 1",
            });
        }
        non_negative("min_delta", self.min_delta)?;
        non_negative("gradient_tolerance", self.gradient_tolerance)
    }

    // ANCHOR: monitor_check
    /// The first of the three signs that holds after the latest epoch, if any.
    pub fn check(
        &self,
        losses: &[f64],
        validation: &[f64],
        gradient_norm: f64,
    ) -> Option<StopReason> {
        if gradient_norm < self.gradient_tolerance {
            return Some(StopReason::GradientVanished {
                norm: gradient_norm,
            });
        }
        let k = self.patience;
        let mut plateau = Plateau::new(Mode::Min, Threshold::Abs(self.min_delta));
        for &loss in losses {
            plateau.observe(loss);
        }
        if plateau.bad_epochs() >= k {
            return Some(StopReason::LossPlateau);
        }
        if validation.len() > k
            && validation[validation.len() - k - 1..]
                .windows(2)
                .all(|w| w[1] > w[0])
        {
            return Some(StopReason::ValidationRising);
        }
        None
    }
    // ANCHOR_END: monitor_check
}

/// Whether smaller or larger values of the watched quantity are better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A loss: lower is better.
    Min,
    /// An accuracy: higher is better.
    Max,
}

/// By how much a value must beat the best so far to count as better,
/// PyTorch's `threshold` with its `threshold_mode`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    /// `rel`: beat `best · (1 ∓ threshold)`.
    Rel(f64),
    /// `abs`: beat `best ∓ threshold`.
    Abs(f64),
}

/// The one plateau rule, shared by [`ConvergenceMonitor`] and
/// [`crate::schedule::ReduceOnPlateau`] (PyTorch's `ReduceLROnPlateau`
/// logic): a value is better if it beats the best so far by the threshold;
/// each value that is not is one more bad epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plateau {
    mode: Mode,
    threshold: Threshold,
    best: f64,
    bad_epochs: usize,
}

// ANCHOR: plateau
impl Plateau {
    /// Whether `value` beats the best so far by the threshold.
    pub fn is_better(&self, value: f64) -> bool {
        match (self.mode, self.threshold) {
            (Mode::Min, Threshold::Rel(t)) => value < self.best * (1.0 - t),
            (Mode::Min, Threshold::Abs(t)) => value < self.best - t,
            (Mode::Max, Threshold::Rel(t)) => value > self.best * (t + 1.0),
            (Mode::Max, Threshold::Abs(t)) => value > self.best + t,
        }
    }

    /// Records one epoch's value; returns the bad epochs in a row since the
    /// last improvement.
    pub fn observe(&mut self, value: f64) -> usize {
        if self.is_better(value) {
            self.best = value;
            self.bad_epochs = 0;
        } else {
            self.bad_epochs += 1;
        }
        self.bad_epochs
    }
}
// ANCHOR_END: plateau

impl Plateau {
    /// A tracker that has seen nothing: the first value is always better.
    pub fn new(mode: Mode, threshold: Threshold) -> Self {
        let best = match mode {
            Mode::Min => f64::INFINITY,
            Mode::Max => f64::NEG_INFINITY,
        };
        Self {
            mode,
            threshold,
            best,
            bad_epochs: 0,
        }
    }

    /// The best value seen (±∞ before the first).
    pub fn best(&self) -> f64 {
        self.best
    }

    /// The mode it was built with.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The threshold it was built with.
    pub fn threshold(&self) -> Threshold {
        self.threshold
    }

    /// Bad epochs in a row since the last improvement.
    pub fn bad_epochs(&self) -> usize {
        self.bad_epochs
    }

    /// Forgets the bad epochs (a reduction or a cooldown), keeps the best.
    pub fn reset_bad_epochs(&mut self) {
        self.bad_epochs = 0;
    }
}
