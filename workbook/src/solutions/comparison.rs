//! Reference solution to chapter 8's exercise (`workbook/src/comparison.rs`).

// ANCHOR: epochs_to_tolerance
/// Solution to Exercise 8.1: find the last excess that is not below, from
/// the end; the run settles just after it.
pub fn epochs_to_tolerance(excess: &[f64], tolerance: f64) -> Option<usize> {
    let below = |e: f64| e < tolerance; // false for NaN
    match excess.iter().rposition(|&e| !below(e)) {
        None => Some(0),
        Some(last) if last + 1 < excess.len() => Some(last + 1),
        Some(_) => None,
    }
}
// ANCHOR_END: epochs_to_tolerance
