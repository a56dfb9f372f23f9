//! The experiments of the "Experiments on real data" chapter: the article's
//! practical claims (FAQ Q1–Q3, the comparison table, the summary's defaults)
//! put to trained models on real data.
//!
//! Every experiment follows one protocol. Each method is tuned on the
//! validation split over a stated grid, at its own best hyperparameters;
//! each configuration runs over the [`SEEDS`]; the spread over seeds is
//! reported as a [`Spread`] (mean, standard deviation, 95 % confidence
//! interval); the test split is evaluated once, for the configuration the
//! validation split picked. The verdict is whatever the numbers say.
//!
//! The full experiments run in release from one command,
//! `cargo run --release --bin experiments`, which writes one JSON file per
//! experiment to `results/experiments/`. The files are committed; the tests
//! check every number the book prints against them and re-run one
//! configuration of each experiment to show the files reproduce bit for bit.

use std::path::PathBuf;

use crate::error::{Error, Result};

pub mod adaptive_generalisation;
pub mod batch_size;
pub mod bce_vs_mse;
pub mod comparison_table;
pub mod digits_mlp;
pub mod focal_imbalance;
pub mod weight_decay;

/// The seeds every configuration runs over (initialisation and shuffles).
pub const SEEDS: [u64; 5] = [0, 1, 2, 3, 4];

/// One experiment: what the `experiments` binary runs and writes.
#[derive(Debug, Clone, Copy)]
pub struct Experiment {
    /// The file stem under `results/experiments/`, e.g. `bce_vs_mse`.
    pub id: &'static str,
    /// The claim it tests, in a few words.
    pub title: &'static str,
    /// Runs the full experiment, reporting each finished run to `progress`.
    pub run: fn(&mut Progress) -> Result<serde_json::Value>,
}

/// Every experiment, in the order of the chapter's sections.
pub const EXPERIMENTS: &[Experiment] = &[
    Experiment {
        id: bce_vs_mse::ID,
        title: "FAQ Q1: BCE vs MSE from a saturated start (breast cancer)",
        run: bce_vs_mse::run,
    },
    Experiment {
        id: adaptive_generalisation::ID,
        title: "FAQ Q2: SGD + momentum vs Adam vs AdamW (digits MLP, Wilson et al.)",
        run: adaptive_generalisation::run,
    },
    Experiment {
        id: weight_decay::ID,
        title: "FAQ Q2: AdamW vs Adam + L2 (digits MLP)",
        run: weight_decay::run,
    },
    Experiment {
        id: "batch_size",
        title: "FAQ Q3: batch size, generalisation and escaping a shallow basin",
        run: batch_size::run,
    },
    Experiment {
        id: "comparison_table",
        title: "The comparison table: momentum with noise, RMSprop with drift, Adam's default rates",
        run: comparison_table::run,
    },
    Experiment {
        id: "focal_imbalance",
        title: "Focal loss against α-weighted BCE on one digit against the rest",
        run: focal_imbalance::run,
    },
];

/// Where the committed results live: `results/experiments/` at the top of
/// the repository.
pub fn results_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results/experiments")
}

/// Counts finished runs of an experiment and shows the count on stderr.
#[derive(Debug)]
pub struct Progress {
    id: &'static str,
    done: usize,
    total: usize,
    quiet: bool,
}

impl Progress {
    /// A counter for `total` runs of experiment `id`; `quiet` prints nothing
    /// (the tests' re-runs).
    pub fn new(id: &'static str, total: usize, quiet: bool) -> Self {
        Self {
            id,
            done: 0,
            total,
            quiet,
        }
    }

    /// Sets how many runs the experiment will make, once it knows.
    pub fn expect(&mut self, total: usize) {
        self.total = total;
    }

    /// One more run is finished.
    pub fn tick(&mut self) {
        self.done += 1;
        if !self.quiet {
            eprint!("\r{}: {}/{} runs", self.id, self.done, self.total);
            if self.done == self.total {
                eprintln!();
            }
        }
    }

    /// Runs finished so far.
    pub fn done(&self) -> usize {
        self.done
    }
}

// ANCHOR: spread
/// A quantity measured once per seed: its mean `x̄`, the sample standard
/// deviation `s` (divisor n − 1), and the half-width `t₀.₉₇₅,ₙ₋₁ · s/√n` of
/// the 95 % confidence interval for the mean under Student's t.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub n: usize,
    pub mean: f64,
    pub std: f64,
    pub min: f64,
    pub max: f64,
    pub half_width: f64,
}
// ANCHOR_END: spread

/// Student's t quantile t₀.₉₇₅ for 1 to 30 degrees of freedom.
const T_975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

impl Spread {
    /// The spread of `values` (one per seed). Errors on fewer than two
    /// values, where no standard deviation exists. A NaN reaches every field
    /// but `n`. Above 31 values the t quantile is the normal one, 1.960.
    pub fn of(values: &[f64]) -> Result<Self> {
        let n = values.len();
        if n < 2 {
            return Err(Error::InvalidParameter {
                name: "number of seeds",
                value: n as f64,
                expected: "at least 2",
            });
        }
        let count = n as f64;
        let mean = values.iter().sum::<f64>() / count;
        let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (count - 1.0);
        let std = variance.sqrt();
        let t = T_975.get(n - 2).copied().unwrap_or(1.960);
        let nan_aware = |pick: fn(f64, f64) -> f64| {
            values
                .iter()
                .copied()
                .reduce(|a, b| {
                    if a.is_nan() || b.is_nan() {
                        f64::NAN
                    } else {
                        pick(a, b)
                    }
                })
                .unwrap_or(f64::NAN)
        };
        Ok(Self {
            n,
            mean,
            std,
            min: nan_aware(f64::min),
            max: nan_aware(f64::max),
            half_width: t * std / count.sqrt(),
        })
    }

    /// Whether the 95 % intervals of `self` and `other` do not overlap, so
    /// that the difference of their means is more than the seeds' noise.
    pub fn separated_from(&self, other: &Spread) -> bool {
        (self.mean - other.mean).abs() > self.half_width + other.half_width
    }

    /// The spread as JSON: `{"n", "mean", "std", "min", "max", "half_width"}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "n": self.n,
            "mean": self.mean,
            "std": self.std,
            "min": self.min,
            "max": self.max,
            "half_width": self.half_width,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_one_to_five() {
        let spread = Spread::of(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert_eq!(spread.mean, 3.0);
        assert_eq!(spread.std, 2.5f64.sqrt());
        // t₀.₉₇₅,₄ = 2.776 (tables), s = √2.5, n = 5.
        assert!((spread.half_width - 2.776 * 2.5f64.sqrt() / 5f64.sqrt()).abs() < 1e-15);
        assert_eq!((spread.min, spread.max), (1.0, 5.0));
    }

    #[test]
    fn spread_uses_t_for_small_samples_and_normal_beyond_thirty_one() {
        let two = Spread::of(&[0.0, 2.0]).unwrap();
        assert!((two.half_width - 12.706 * 2f64.sqrt() / 2f64.sqrt()).abs() < 1e-12);
        let many: Vec<f64> = (0..40).map(|i| f64::from(i % 2)).collect();
        let spread = Spread::of(&many).unwrap();
        assert!((spread.half_width - 1.960 * spread.std / 40f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn spread_needs_two_values_and_keeps_nan() {
        assert!(Spread::of(&[1.0]).is_err());
        assert!(Spread::of(&[]).is_err());
        let spread = Spread::of(&[1.0, f64::NAN, 3.0]).unwrap();
        assert!(spread.mean.is_nan() && spread.min.is_nan() && spread.max.is_nan());
    }

    #[test]
    fn separation_needs_more_than_both_half_widths() {
        let a = Spread::of(&[1.0, 1.2, 1.4]).unwrap();
        let near = Spread::of(&[1.1, 1.3, 1.5]).unwrap();
        let far = Spread::of(&[3.0, 3.2, 3.4]).unwrap();
        assert!(!a.separated_from(&near));
        assert!(a.separated_from(&far) && far.separated_from(&a));
    }
}
