//! What every chapter's tests share: comparisons whose failure message says
//! which input, what was expected and what the exercise returned.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use proptest::test_runner::Config;

/// Property tests run fewer cases than the book's (64, not 256): each case
/// calls the reader's code, which may be slow in a debug build. Failures are
/// not persisted, so a reader's wrong answers leave no files behind.
pub fn cases() -> Config {
    Config {
        failure_persistence: None,
        ..Config::with_cases(64)
    }
}

/// Whether `got` is within `tol` of `expected`, relative to
/// `max(1, |expected|)`; infinities and NaN must match exactly.
pub fn close(expected: f64, got: f64, tol: f64) -> bool {
    if expected.is_nan() {
        return got.is_nan();
    }
    if expected.is_infinite() {
        return got == expected;
    }
    (got - expected).abs() <= tol * expected.abs().max(1.0)
}

/// Fails with `what` (the exercise and its input), expected and got.
#[track_caller]
pub fn assert_close(what: &str, expected: f64, got: f64, tol: f64) {
    assert!(
        close(expected, got, tol),
        "{what}: expected {expected:?}, got {got:?}"
    );
}

/// [`assert_close`] for every entry, and the lengths.
#[track_caller]
pub fn assert_all_close(what: &str, expected: &[f64], got: &[f64], tol: f64) {
    assert_eq!(
        got.len(),
        expected.len(),
        "{what}: expected {} values, got {}",
        expected.len(),
        got.len()
    );
    let bad = expected
        .iter()
        .zip(got)
        .position(|(&e, &g)| !close(e, g, tol));
    if let Some(i) = bad {
        panic!(
            "{what}: entry {i} is wrong: expected {:?}, got {:?} (expected {expected:?}, got {got:?})",
            expected[i], got[i]
        );
    }
}

/// Central difference `(f(x + h) − f(x − h))/2h` of `f` in entry `i`.
pub fn central_difference(f: impl Fn(&[f64]) -> f64, x: &[f64], i: usize, h: f64) -> f64 {
    let (mut plus, mut minus) = (x.to_vec(), x.to_vec());
    plus[i] += h;
    minus[i] -= h;
    (f(&plus) - f(&minus)) / (2.0 * h)
}
