//! Reference solution to chapter 10's exercise (`workbook/src/faq.rs`).

use lossbook::train::{ConvergenceMonitor, StopReason};

// ANCHOR: should_stop
/// Solution to Exercise 10.1.
pub fn should_stop(
    monitor: &ConvergenceMonitor,
    losses: &[f64],
    validation: &[f64],
    gradient_norm: f64,
) -> Option<StopReason> {
    let k = monitor.patience;
    if gradient_norm < monitor.gradient_tolerance {
        return Some(StopReason::GradientVanished {
            norm: gradient_norm,
        });
    }
    let (mut best, mut since_best) = (f64::INFINITY, 0);
    for &loss in losses {
        if loss < best - monitor.min_delta {
            (best, since_best) = (loss, 0);
        } else {
            since_best += 1;
        }
    }
    if since_best >= k {
        return Some(StopReason::LossPlateau);
    }
    let rising = |tail: &[f64]| tail.windows(2).all(|w| w[1] > w[0]);
    if validation.len() > k && rising(&validation[validation.len() - k - 1..]) {
        return Some(StopReason::ValidationRising);
    }
    None
}
// ANCHOR_END: should_stop
