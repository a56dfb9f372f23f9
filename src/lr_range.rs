//! The learning-rate range test (Smith 2017): one run whose rate grows
//! exponentially every step, and the loss it leaves after each.

use nalgebra::DVector;

use crate::error::{Error, Result, parameter, positive};
use crate::objective::Objective;
use crate::optim::Optimizer;

/// What a range test saw: the rate of each step and the loss after it.
#[derive(Debug, Clone, PartialEq)]
pub struct LrRange {
    pub learning_rates: Vec<f64>,
    pub losses: Vec<f64>,
}

// ANCHOR: lr_range
/// Up to `steps` full-batch steps at `ηₖ = η_start (η_end/η_start)^(k/(steps − 1))`,
/// the loss after each; stops once it is over 4× the best so far, or not finite.
pub fn lr_range_test<O: Optimizer>(
    objective: &dyn Objective,
    initial: DVector<f64>,
    optimizer: &mut O,
    (start, end): (f64, f64),
    steps: usize,
) -> Result<LrRange> {
    check(start, end, steps)?;
    let (mut params, all): (_, Vec<usize>) = (initial, (0..objective.sample_count()).collect());
    let mut state = optimizer.init(&params)?;
    let (mut learning_rates, mut losses) = (Vec::new(), Vec::new());
    for k in 0..steps {
        let lr = start * (end / start).powf(k as f64 / (steps - 1) as f64);
        optimizer.set_learning_rate(lr);
        let gradient = objective.gradient(&params, &all);
        optimizer.step(&mut state, &mut params, &gradient)?;
        learning_rates.push(lr);
        losses.push(objective.reported_loss(&params));
        if diverged(&losses) {
            break;
        }
    }
    Ok(LrRange {
        learning_rates,
        losses,
    })
}
// ANCHOR_END: lr_range

// ANCHOR: lr_suggestion
impl LrRange {
    /// Smith's reading: the rate of the step after which the loss fell the
    /// most. The rates are evenly spaced in log η, so this is where the
    /// curve of loss against log η is steepest.
    pub fn steepest(&self) -> f64 {
        let falls = self.losses.windows(2).map(|w| w[0] - w[1]);
        let (best, _) = falls
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |(i, most), (k, fall)| {
                if fall > most { (k, fall) } else { (i, most) }
            });
        self.learning_rates[best + 1]
    }
}
// ANCHOR_END: lr_suggestion

/// The latest loss is not finite or over 4× the best so far.
fn diverged(losses: &[f64]) -> bool {
    let best = losses.iter().copied().fold(f64::INFINITY, f64::min);
    let latest = losses[losses.len() - 1];
    !latest.is_finite() || latest > 4.0 * best
}

/// `0 < η_start < η_end` and at least two steps.
fn check(start: f64, end: f64, steps: usize) -> Result<()> {
    positive("start_lr", start)?;
    parameter("end_lr", end, "finite and > start_lr", |e| e > start)?;
    if steps < 2 {
        return Err(Error::InvalidParameter {
            name: "steps",
            value: steps as f64,
            expected: "at least 2",
        });
    }
    Ok(())
}
