//! The Performance chapter's numbers, checked against the committed results
//! (`bench/results/summary.json`, written by `bash bench/run.sh`). When the
//! benchmarks are re-run, these tests say which sentence of the chapter the
//! new numbers no longer support.

use serde_json::Value;
use std::sync::LazyLock;

static SUMMARY: LazyLock<Value> = LazyLock::new(|| {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/results/summary.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
});

/// The row of one operation, size and variant.
fn row(op: &str, n: f64, variant: &str) -> &'static Value {
    SUMMARY["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["op"] == op && r["n"].as_f64() == Some(n) && r["variant"] == variant)
        .unwrap_or_else(|| panic!("no row {op} {n} {variant}"))
}

fn field(op: &str, n: f64, variant: &str, name: &str) -> f64 {
    row(op, n, variant)[name].as_f64().unwrap()
}

#[test]
fn the_triad_bandwidth_is_14_3_gb_per_s() {
    let triad = field("stream_triad", 1e7, "rust", "gb_per_s");
    assert!((14.25..14.35).contains(&triad), "{triad}");
}

#[test]
fn fast_losses_at_1e7_run_at_the_bandwidth_bound_and_3_to_19_times_numpy() {
    for op in ["mse", "mae", "huber", "bce", "cce"] {
        let fraction = field(op, 1e7, "fast", "bw_fraction");
        let ratio = field(op, 1e7, "fast", "ratio");
        assert!((1.115..=1.195).contains(&fraction), "{op}: {fraction}");
        assert!((3.35..=18.85).contains(&ratio), "{op}: {ratio}");
    }
}

#[test]
fn readable_losses_reach_a_quarter_to_three_quarters_of_the_bound_or_a_tenth_with_logs() {
    for op in ["mse", "mae", "huber"] {
        let fraction = field(op, 1e7, "readable", "bw_fraction");
        assert!((0.245..=0.745).contains(&fraction), "{op}: {fraction}");
    }
    for op in ["bce", "cce"] {
        let fraction = field(op, 1e7, "readable", "bw_fraction");
        assert!((0.085..=0.115).contains(&fraction), "{op}: {fraction}");
    }
}

#[test]
fn softmax_cross_entropy_is_compute_bound_at_38_percent() {
    let fraction = field("softmax_ce", 1e7, "fast", "bw_fraction");
    let ratio = field("softmax_ce", 1e7, "fast", "ratio");
    assert!(
        (0.375..0.385).contains(&fraction) && fraction < 0.7,
        "{fraction}"
    );
    assert!((14.85..14.95).contains(&ratio), "{ratio}");
}

#[test]
fn adams_step_is_within_the_bandwidth_bound_and_7_times_numpy() {
    let seconds = field("adam_step", 1e7, "readable", "median_s");
    let bound = field("adam_step", 1e7, "readable", "bound_s");
    let ratio = field("adam_step", 1e7, "readable", "ratio");
    assert!((0.0275..0.0285).contains(&seconds), "{seconds}");
    // Time over bytes/bandwidth: 0.71, inside the 1.5 the target allows.
    assert!(
        (0.70..0.72).contains(&(seconds / bound)),
        "{seconds} vs {bound}"
    );
    assert!((7.25..7.35).contains(&ratio), "{ratio}");
}

#[test]
fn per_sample_and_mini_batch_epochs_miss_their_targets() {
    let sgd_seconds = field("epoch_sgd", 1e6, "fast", "median_s");
    let sgd_ratio = field("epoch_sgd", 1e6, "fast", "ratio");
    assert!((0.0885..0.0895).contains(&sgd_seconds), "{sgd_seconds}");
    assert!(
        (29.75..29.85).contains(&sgd_ratio) && sgd_ratio < 100.0,
        "{sgd_ratio}"
    );
    let mini_ratio = field("epoch_minibatch_32", 1e6, "fast", "ratio");
    assert!(
        (2.85..2.95).contains(&mini_ratio) && mini_ratio < 20.0,
        "{mini_ratio}"
    );
}
