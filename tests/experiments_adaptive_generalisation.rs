//! The experiment `adaptive_generalisation` (FAQ Q2, Wilson et al. 2017):
//! every number its book page prints is checked against the committed
//! results `results/experiments/adaptive_generalisation.json`; one digits
//! run and one draw of the constructed problem are re-computed from scratch
//! and must equal the committed ones bit for bit; the verdicts' margins are
//! asserted on the committed numbers.

use lossbook::experiments::Spread;
use lossbook::experiments::adaptive_generalisation::{self as experiment, grids};
use lossbook::experiments::digits_mlp::{self, Method};
use serde_json::Value;

mod common;
use common::{printed, spread};

const ID: &str = "adaptive_generalisation";

/// The method the validation split picked, rebuilt from the results.
fn best(entry: &Value) -> Method {
    let lr = entry["best"]["lr"].as_f64().unwrap();
    match entry["method"].as_str().unwrap() {
        "SGD + momentum" => Method::Momentum {
            lr,
            momentum: entry["best"]["momentum"].as_f64().unwrap(),
        },
        "Adam" => Method::Adam { lr },
        "AdamW" => Method::AdamW {
            lr,
            weight_decay: entry["best"]["weight_decay"].as_f64().unwrap(),
        },
        other => panic!("unexpected method {other}"),
    }
}

#[test]
fn the_grids_are_the_ones_the_results_record() {
    let json = common::results(ID);
    for (entry, grid) in json["methods"].as_array().unwrap().iter().zip(grids()) {
        let swept: Vec<Value> = entry["sweep"]
            .as_array()
            .unwrap()
            .iter()
            .map(|point| {
                let mut point = point.clone();
                point.as_object_mut().unwrap().remove("validation_accuracy");
                point
            })
            .collect();
        let expected: Vec<Value> = grid.iter().map(|m| m.to_json()).collect();
        assert_eq!(swept, expected);
        assert!(grid.contains(&best(entry)));
    }
}

/// One digits run of the committed results, re-computed from scratch: the
/// tuned Adam, seed 0.
#[test]
fn one_digits_run_reproduces_the_committed_results_bit_for_bit() {
    let json = common::results(ID);
    let entry = &json["methods"][1];
    let task = digits_mlp::digits_task(0.0).unwrap();
    let outcome =
        digits_mlp::run(&task, best(entry), experiment::BATCH, experiment::EPOCHS, 0).unwrap();
    assert_eq!(outcome.to_json(), entry["runs"][0]);
}

/// One draw of the constructed problem, re-computed from scratch (seed 0).
#[test]
fn one_draw_of_the_construction_reproduces_bit_for_bit() {
    let json = common::results(ID);
    let draw: Vec<Value> = experiment::wilson_run(0)
        .unwrap()
        .iter()
        .map(|s| s.to_json())
        .collect();
    assert_eq!(serde_json::json!(draw), json["wilson"]["draws"][0]);
}

fn f(value: &Value) -> f64 {
    value.as_f64().unwrap()
}

fn percent_interval(s: &Spread) -> String {
    format!("{:.1} % ± {:.1}", 100.0 * s.mean, 100.0 * s.half_width)
}

fn points_interval(s: &Spread) -> String {
    format!("{:.1} ± {:.1}", 100.0 * s.mean, 100.0 * s.half_width)
}

/// Every number of the digits half of
/// `book/src/experiments/adaptive_generalisation.md`, from the committed results.
#[test]
fn the_page_prints_the_committed_digits_numbers() {
    let json = common::results(ID);
    let page = common::page(ID);
    let protocol = &json["protocol"];
    assert_eq!(protocol["batch"], 32);
    assert_eq!(protocol["epochs"], 50);
    assert_eq!(protocol["momentum"], 0.9);
    assert_eq!(digits_mlp::HIDDEN, 32);
    printed(&page, "η ∈ {0.003, 0.01, 0.03, 0.1, 0.3}");
    assert_eq!(experiment::SGD_RATES, [0.003, 0.01, 0.03, 0.1, 0.3]);
    printed(&page, "η ∈ {0.0001, 0.0003, 0.001, 0.003, 0.01}");
    assert_eq!(experiment::ADAM_RATES, [1e-4, 3e-4, 1e-3, 3e-3, 1e-2]);
    printed(&page, "λ ∈ {0.01, 0.1, 1}");
    assert_eq!(experiment::ADAMW_DECAYS, [0.01, 0.1, 1.0]);
    let methods = json["methods"].as_array().unwrap();
    for entry in methods {
        assert_eq!(entry["best_at_lr_edge"], false, "{}", entry["method"]);
        let best = &entry["best"];
        let setting = match best.get("weight_decay") {
            Some(decay) => format!("η = {}, λ = {}", f(&best["lr"]), f(decay)),
            None => format!("η = {}", f(&best["lr"])),
        };
        let row = format!(
            "| {} | {setting} | {} | {} | {} | {} |",
            entry["method"].as_str().unwrap(),
            percent_interval(&spread(&entry["validation_accuracy"])),
            percent_interval(&spread(&entry["train_accuracy"])),
            percent_interval(&spread(&entry["test_accuracy"])),
            points_interval(&spread(&entry["gap"])),
        );
        printed(&page, &row);
    }
    let adamw = &methods[2];
    assert_eq!(
        f(&adamw["best"]["weight_decay"]),
        experiment::ADAMW_DECAYS[0]
    );
    let at = |decay: f64| {
        adamw["sweep"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["lr"] == adamw["best"]["lr"] && f(&p["weight_decay"]) == decay)
            .map(|p| f(&p["validation_accuracy"]))
            .unwrap()
    };
    assert_eq!(at(0.01), at(0.1));
    printed(
        &page,
        "AdamW's tuned\nλ = 0.01 is the smallest of its grid, tied with λ = 0.1 at the same rate",
    );
    let test: Vec<Spread> = methods
        .iter()
        .map(|e| spread(&e["test_accuracy"]))
        .collect();
    let gap: Vec<Spread> = methods.iter().map(|e| spread(&e["gap"])).collect();
    let validation: Vec<f64> = methods
        .iter()
        .map(|e| spread(&e["validation_accuracy"]).mean)
        .collect();
    // "within 0.2 points", "less than one image", "ahead by 0.2 points ... behind by 0.2".
    let spread_of = |v: &[f64]| {
        v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            - v.iter().copied().fold(f64::INFINITY, f64::min)
    };
    assert!(spread_of(&validation) < 0.002);
    let test_means: Vec<f64> = test.iter().map(|s| s.mean).collect();
    assert!(spread_of(&test_means) * 360.0 < 1.0);
    printed(&page, "On the 360 test images");
    assert_eq!(
        format!("{:.1}", 100.0 * (test[0].mean - test[1].mean)),
        "0.2"
    );
    assert_eq!(format!("{:.1}", 100.0 * (gap[1].mean - gap[0].mean)), "0.2");
    printed(
        &page,
        "ahead of Adam by 0.2 points of test accuracy and behind it by 0.2 points of\ngap",
    );
}

/// The verdict on the digits: neither the test accuracy nor the gap of SGD
/// with momentum is separated from Adam's (or AdamW's) by more than the
/// seeds' noise.
#[test]
fn momentum_and_adam_generalise_alike_on_the_digits() {
    let json = common::results(ID);
    let methods = json["methods"].as_array().unwrap();
    assert_eq!(methods[0]["method"], "SGD + momentum");
    for other in &methods[1..] {
        for key in ["test_accuracy", "gap"] {
            let (a, b) = (spread(&methods[0][key]), spread(&other[key]));
            assert!(!a.separated_from(&b), "{key}: {a:?} {b:?}");
        }
    }
    // The ledger's statement prints these numbers.
    let statement = common::ledger(ID, "momentum_and_adam_generalise_alike_on_the_digits");
    for entry in methods {
        let name = entry["method"].as_str().unwrap();
        let test = format!(
            "{} ({name})",
            percent_interval(&spread(&entry["test_accuracy"]))
        );
        assert!(statement.contains(&test), "{statement} lacks {test}");
    }
    for entry in &methods[..2] {
        let gap = points_interval(&spread(&entry["gap"]));
        assert!(statement.contains(&gap), "{statement} lacks {gap}");
    }
}

/// The numbers of the construction's table, and its verdict: GD reaches the
/// minimum-norm solution (relative distance below 1e-14, test error 0) in
/// every draw; Adam, at every rate, interpolates (training MSE below 1e-4,
/// no training error) but lies over twice the minimum norm's length away
/// and misclassifies every negative point (test error 1 − p) in every draw.
#[test]
fn gd_finds_the_minimum_norm_solution_and_adam_a_worse_one() {
    let json = common::results(ID);
    let page = common::page(ID);
    let wilson = &json["wilson"];
    assert_eq!(
        (
            wilson["samples"].as_u64(),
            f(&wilson["positive_probability"])
        ),
        (Some(40), 0.7)
    );
    assert_eq!(wilson["steps"], 20_000);
    printed(
        &page,
        "We draw 40 training samples with $p = 0.7$ (240 features)",
    );
    printed(
        &page,
        "run GD at $\\eta = 1/L$ and Adam at η ∈ {0.001, 0.01, 0.1}, each for 20,000",
    );
    let summary = wilson["summary"].as_array().unwrap();
    let row = |name: &str, cell: &dyn Fn(&Value) -> String| {
        let cells: Vec<String> = summary.iter().map(cell).collect();
        format!("| {name} | {} |", cells.join(" | "))
    };
    printed(
        &page,
        &row("training MSE (largest over seeds)", &|s| {
            format!("{:.1e}", f(&s["train_mse"]["max"]))
        }),
    );
    printed(
        &page,
        &row("‖w − X⁺y‖ / ‖X⁺y‖ (mean)", &|s| {
            let d = f(&s["distance_to_min_norm"]["mean"]);
            if d < 1e-3 {
                format!("{d:.1e}")
            } else {
                format!("{d:.2}")
            }
        }),
    );
    printed(
        &page,
        &row("‖w‖ / ‖X⁺y‖ (mean)", &|s| {
            format!("{:.2}", f(&s["norm_ratio"]["mean"]))
        }),
    );
    printed(
        &page,
        &row("test error", &|s| {
            format!("{:.0} %", 100.0 * f(&s["test_error"]["mean"]))
        }),
    );
    for draw in wilson["draws"].as_array().unwrap() {
        let draw = draw.as_array().unwrap();
        assert_eq!(draw[0]["method"], "GD");
        assert!(f(&draw[0]["distance_to_min_norm"]) < 1e-14);
        assert_eq!(f(&draw[0]["test_error"]), 0.0);
        for solution in draw {
            assert_eq!(f(&solution["train_error"]), 0.0);
            // Residuals under 1 % of the ±1 labels: MSE below 1e-4.
            assert!(f(&solution["train_mse"]) < 1e-4);
        }
        for adam in &draw[1..] {
            assert_eq!(adam["method"], "Adam");
            assert!(f(&adam["distance_to_min_norm"]) > 2.0);
            assert!(f(&adam["norm_ratio"]) > 2.0);
            assert!((f(&adam["test_error"]) - 0.3).abs() < 1e-12);
        }
    }
    let norm = f(&summary[1]["norm_ratio"]["mean"]);
    assert_eq!(format!("{norm:.1}"), "2.6");
    let statement = common::ledger(
        ID,
        "gd_finds_the_minimum_norm_solution_and_adam_a_worse_one",
    );
    for text in [
        "40 samples, p = 0.7, 5 draws",
        "to 1e-14 relative",
        "2.6×",
        "30 %",
    ] {
        assert!(statement.contains(text), "{statement} lacks {text}");
    }
    printed(&page, "Adam's is about\n2.6 times longer");
    printed(&page, "$1 - p$ = 30 %");
}
