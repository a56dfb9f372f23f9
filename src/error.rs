//! One error type for every way an input can be outside a function's domain.
//!
//! Every public function that can be handed bad input returns `Result<_, Error>`
//! instead of panicking: a teaching library is called from notebooks, plots and
//! property tests, and a typed error lets each of those decide what to do (and
//! lets the tests name the exact kind of mistake they expect).
//!
//! NaN is *not* an input error. A NaN inside the data flows through to a NaN
//! result, so that it is never hidden behind a plausible number.

use thiserror::Error;

/// Why an input was rejected.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
    /// Two inputs that must pair up element by element have different lengths.
    #[error("length mismatch: {left_name} has {left} elements but {right_name} has {right}")]
    LengthMismatch {
        left_name: &'static str,
        left: usize,
        right_name: &'static str,
        right: usize,
    },
    /// Two matrices that must pair up row by row have different shapes.
    #[error(
        "shape mismatch: {left_name} is {}x{} but {right_name} is {}x{}",
        left.0, left.1, right.0, right.1
    )]
    ShapeMismatch {
        left_name: &'static str,
        left: (usize, usize),
        right_name: &'static str,
        right: (usize, usize),
    },
    /// A mean over zero elements has no value.
    #[error("{what} is empty: a mean over zero elements is undefined")]
    Empty { what: &'static str },
    /// A probability (or a label that must be one) lies outside [0, 1].
    #[error("{what}[{index}] = {value} is not a probability in [0, 1]")]
    NotAProbability {
        what: &'static str,
        index: usize,
        value: f64,
    },
    /// A vector that must be a probability distribution does not sum to 1.
    #[error("{what} sums to {sum}, not 1: it is not a probability distribution")]
    NotADistribution { what: &'static str, sum: f64 },
    /// A class label is not a valid class index.
    #[error("label[{index}] = {label} but there are only {classes} classes")]
    LabelOutOfRange {
        index: usize,
        label: usize,
        classes: usize,
    },
    /// A binary label is neither 0 nor 1.
    #[error("{what}[{index}] = {value} must be exactly 0 or 1")]
    NotBinary {
        what: &'static str,
        index: usize,
        value: f64,
    },
    /// A distance is negative.
    #[error("distance[{index}] = {value} is negative")]
    NegativeDistance { index: usize, value: f64 },
    /// A hyperparameter lies outside the range the method is defined on.
    #[error("{name} = {value} is invalid: it must be {expected}")]
    InvalidParameter {
        name: &'static str,
        value: f64,
        expected: &'static str,
    },
    /// A batch size of zero would never take a step.
    #[error("batch size must be at least 1")]
    ZeroBatchSize,
    /// Two options were set that cannot act together.
    #[error("{first} and {second} cannot be combined: {reason}")]
    Conflict {
        first: &'static str,
        second: &'static str,
        reason: &'static str,
    },
    /// A data file's line (counted from 1, the header) cannot be read as numbers.
    #[error("data line {line}: {reason}")]
    InvalidData { line: usize, reason: &'static str },
}

/// The result type of every fallible function in the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Checks that two slices pair up element by element (`zip` would silently truncate).
pub(crate) fn same_len(
    left_name: &'static str,
    left: &[f64],
    right_name: &'static str,
    right: &[f64],
) -> Result<()> {
    if left.len() != right.len() {
        return Err(Error::LengthMismatch {
            left_name,
            left: left.len(),
            right_name,
            right: right.len(),
        });
    }
    if left.is_empty() {
        return Err(Error::Empty { what: left_name });
    }
    Ok(())
}

/// Checks that every entry is in [0, 1]; NaN passes so that it reaches the result.
// `!(0.0..=1.0).contains(&v)` would reject NaN; these comparisons let it through.
#[allow(clippy::manual_range_contains)]
pub(crate) fn probabilities(what: &'static str, values: &[f64]) -> Result<()> {
    match values.iter().position(|&v| v < 0.0 || v > 1.0) {
        Some(index) => Err(Error::NotAProbability {
            what,
            index,
            value: values[index],
        }),
        None => Ok(()),
    }
}

/// Checks a hyperparameter against a predicate; NaN always fails it.
pub(crate) fn parameter(
    name: &'static str,
    value: f64,
    expected: &'static str,
    valid: impl Fn(f64) -> bool,
) -> Result<()> {
    if value.is_finite() && valid(value) {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            name,
            value,
            expected,
        })
    }
}

/// `value > 0`, finite.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<()> {
    parameter(name, value, "finite and > 0", |v| v > 0.0)
}

/// `0 <= value < 1`, as every decay rate β, ρ and momentum coefficient must be.
pub(crate) fn decay_rate(name: &'static str, value: f64) -> Result<()> {
    parameter(name, value, "in [0, 1)", |v| (0.0..1.0).contains(&v))
}

/// `0 <= value <= 1`, as a dampening or a smoothing fraction must be.
pub(crate) fn fraction(name: &'static str, value: f64) -> Result<()> {
    parameter(name, value, "in [0, 1]", |v| (0.0..=1.0).contains(&v))
}

/// `value >= 0`, finite.
pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<()> {
    parameter(name, value, "finite and >= 0", |v| v >= 0.0)
}
