//! The Performance chapter's numbers, checked against the committed results
//! of one run (`bench/results/summary.json` and `bench/results/rust.json`,
//! written by `bash bench/run.sh`). They say what was measured on that
//! machine on that date, not what this machine measures: when the benchmarks
//! are re-run, these tests say which sentence of the chapter the new numbers
//! no longer support.

use serde_json::Value;
use std::sync::LazyLock;

fn results(file: &str) -> Value {
    let path = format!("{}/bench/results/{file}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

static SUMMARY: LazyLock<Value> = LazyLock::new(|| results("summary.json"));

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

fn within(value: f64, low: f64, high: f64) -> bool {
    (low..=high).contains(&value)
}

#[test]
fn the_machine_and_the_triad_rate_are_those_the_chapter_names() {
    let machine = &results("rust.json")["machine"];
    assert_eq!(machine["cpu_model"], "AMD EPYC");
    assert!(machine["cpu_mhz"].as_str().unwrap().starts_with("244"));
    assert_eq!(machine["logical_cpus"], 2);
    assert!(
        machine["date_utc"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-03")
    );
    let caches = machine["caches"].as_str().unwrap();
    assert!(
        caches.contains("1 MiB (2 instances)"),
        "512 KiB of L2 per core"
    );
    assert!(caches.contains("32 MiB (1 instance)"), "one shared L3");
    assert!(
        !machine["cpu_simd"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str().unwrap().starts_with("avx512"))
    );
    let triad = field("stream_triad", 1e7, "rust", "gb_per_s");
    assert!(within(triad, 24.95, 25.05), "{triad}");
    assert_eq!(field("stream_triad", 1e7, "rust", "bytes"), 24.0 * 1e7);
}

#[test]
fn the_triad_rate_is_a_reference_that_kernels_can_exceed() {
    // With the write-allocate read of a's cache lines, the triad moved 32
    // bytes per element, not 24: 33.3 GB/s.
    let triad = field("stream_triad", 1e7, "rust", "gb_per_s");
    assert!(within(triad * 32.0 / 24.0, 33.25, 33.35));
    // The working sets at 10⁷ elements are five times the 32 MiB L3 or more.
    let l3 = 32.0 * 1024.0 * 1024.0;
    assert!(field("mse", 1e7, "fast", "bytes") > 4.5 * l3);
    assert_eq!(field("adam_step", 1e7, "fast", "bytes"), 7.0 * 8.0 * 1e7);
    // The in-place steps exceed the reference: the fast Adam step by 25 %.
    assert!(within(
        field("adam_step", 1e7, "fast", "bw_fraction"),
        1.245,
        1.255
    ));
}

#[test]
fn fast_losses_at_1e7_take_8_to_13_ms_and_beat_numpy_3_to_16_times() {
    for op in ["mse", "mae", "huber", "bce", "cce"] {
        let seconds = field(op, 1e7, "fast", "median_s");
        let fraction = field(op, 1e7, "fast", "bw_fraction");
        let ratio = field(op, 1e7, "fast", "ratio");
        assert!(within(seconds, 0.0081, 0.0132), "{op}: {seconds}");
        assert!(within(fraction, 0.485, 0.79), "{op}: {fraction}");
        assert!(within(ratio, 3.4, 15.55), "{op}: {ratio}");
    }
    // The three that only subtract and compare reach three quarters or more.
    for op in ["mse", "mae", "huber"] {
        let fraction = field(op, 1e7, "fast", "bw_fraction");
        assert!(within(fraction, 0.735, 0.79), "{op}: {fraction}");
    }
}

#[test]
fn readable_losses_reach_half_to_two_thirds_of_the_reference_or_a_few_percent_with_logs() {
    for op in ["mse", "mae"] {
        let seconds = field(op, 1e7, "readable", "median_s");
        let fraction = field(op, 1e7, "readable", "bw_fraction");
        assert!(within(seconds, 0.0100, 0.0104), "{op}: {seconds}");
        assert!(within(fraction, 0.615, 0.64), "{op}: {fraction}");
    }
    let huber = field("huber", 1e7, "readable", "bw_fraction");
    assert!(within(huber, 0.475, 0.485), "{huber}");
    for (op, ns) in [("bce", 22.6e-9), ("cce", 9.5e-9)] {
        let seconds = field(op, 1e7, "readable", "median_s");
        let fraction = field(op, 1e7, "readable", "bw_fraction");
        assert!(
            within(seconds / 1e7, ns - 0.1e-9, ns + 0.1e-9),
            "{op}: {seconds}"
        );
        assert!(within(fraction, 0.025, 0.07), "{op}: {fraction}");
    }
}

#[test]
fn softmax_cross_entropy_reaches_8_percent_of_its_reference() {
    let seconds = field("softmax_ce", 1e7, "fast", "median_s");
    let fraction = field("softmax_ce", 1e7, "fast", "bw_fraction");
    let ratio = field("softmax_ce", 1e7, "fast", "ratio");
    let torch = field("softmax_ce", 1e7, "fast", "torch_ratio");
    assert!(within(seconds, 0.0455, 0.0457), "{seconds}");
    assert!(within(fraction, 0.075, 0.08), "{fraction}");
    assert!(within(ratio, 5.5, 5.6), "{ratio}");
    assert!(within(torch, 2.9, 3.0), "{torch}");
}

/// PyTorch's three implementations of Adam's step and lossbook's fused one.
#[test]
fn a_fused_adam_step_beats_foreach_beats_a_for_loop() {
    let torch = results("torch.json");
    let torch_adam = |variant: &str| {
        (torch["results"].as_array().unwrap().iter())
            .find(|r| r["op"] == "adam_step" && r["variant"] == variant)
            .unwrap()["median_s"]
            .as_f64()
            .unwrap()
    };
    let (for_loop, foreach, fused) = (
        torch_adam("for-loop"),
        torch_adam("foreach"),
        torch_adam("fused"),
    );
    assert!(within(for_loop, 0.1965, 0.1970), "{for_loop}");
    assert!(within(foreach, 0.1092, 0.1095), "{foreach}");
    assert!(within(fused, 0.0205, 0.0206), "{fused}");
    let fast = field("adam_step", 1e7, "fast", "median_s");
    let bound = field("adam_step", 1e7, "fast", "bound_s");
    assert!(within(fast, 0.0179, 0.0180), "{fast}");
    assert!(within(bound, 0.01515, 0.01517), "{bound}");
    // Adam's readable step: 32.4 ms, 47 % of the bound, 4.9× NumPy.
    let readable = field("adam_step", 1e7, "readable", "median_s");
    assert!(within(readable, 0.0323, 0.0325), "{readable}");
    assert!(within(bound / readable, 0.465, 0.47));
    let numpy = field("adam_step", 1e7, "readable", "ratio");
    assert!(within(numpy, 4.9, 4.95), "{numpy}");
}

/// Every fast step against its bound and PyTorch's fastest variant.
#[test]
fn fast_steps_reach_84_percent_of_their_bound_and_beat_pytorch_but_at_plain_sgd() {
    let steps = [
        ("sgd_step", 1.11, 0.97, "foreach"),
        ("sgd_momentum_step", 1.04, 1.04, "fused"),
        ("nesterov_step", 1.00, 1.28, "fused"),
        ("rmsprop_step", 0.96, 9.68, "foreach"),
        ("adam_step", 0.84, 1.15, "fused"),
        ("adamw_step", 0.87, 1.09, "fused"),
    ];
    for (op, bound, torch, variant) in steps {
        let r = row(op, 1e7, "fast");
        let of_bound = r["bound_fraction"].as_f64().unwrap();
        let speedup = r["torch_ratio"].as_f64().unwrap();
        assert!(
            within(of_bound, bound - 0.01, bound + 0.01),
            "{op}: {of_bound}"
        );
        assert!(
            within(speedup, torch - 0.01, torch + 0.01),
            "{op}: {speedup}"
        );
        assert_eq!(r["torch_variant"], variant, "{op}");
    }
}

#[test]
fn per_sample_sgd_is_53_times_numpys_loop_and_mini_batches_2_7_times() {
    let sgd_seconds = field("epoch_sgd", 1e6, "fast", "median_s");
    let sgd_ratio = field("epoch_sgd", 1e6, "fast", "ratio");
    let numpy = row("epoch_sgd", 1e6, "fast")["numpy_median_s"]
        .as_f64()
        .unwrap();
    let fraction = field("epoch_sgd", 1e6, "fast", "bw_fraction");
    assert!(within(sgd_seconds, 0.129, 0.130), "{sgd_seconds}");
    assert!(within(numpy, 6.91, 6.93), "{numpy}");
    assert!(within(sgd_ratio, 53.4, 53.5), "{sgd_ratio}");
    assert!(within(fraction, 0.08, 0.09), "{fraction}");
    let mini_ratio = field("epoch_minibatch_32", 1e6, "fast", "ratio");
    assert!(within(mini_ratio, 2.7, 2.8), "{mini_ratio}");
    // The fused batch-GD epoch is not faster here: 38.0 ms against 35.1 ms.
    let fast = field("epoch_batch_gd", 1e6, "fast", "median_s");
    let readable = field("epoch_batch_gd", 1e6, "readable", "median_s");
    assert!(within(fast, 0.0379, 0.0381) && within(readable, 0.0350, 0.0351));
}
