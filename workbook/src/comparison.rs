//! Chapter 8, Comparing the optimizers. Replace the `todo!` with your code,
//! then check it with `cargo xtask exercises` (or `cargo test -p workbook --test comparison`).

// The stubs do not read their arguments yet; your solution will.
#![allow(unused_variables)]

// ANCHOR: epochs_to_tolerance
/// **Exercise 8.1.** The comparison protocol's score of one run.
/// `excess[t]` is `f(θ_t) − f(θ*)` at the start (`t = 0`) and after each
/// epoch. Return the first `t` from which every excess is below `tolerance`
/// to the end of the run, or `None` if the last one is not: a run that dips
/// below and bounces back has not got there yet. NaN (a diverged run) counts
/// as above.
pub fn epochs_to_tolerance(excess: &[f64], tolerance: f64) -> Option<usize> {
    todo!("Exercise 8.1: epochs_to_tolerance")
}
// ANCHOR_END: epochs_to_tolerance
