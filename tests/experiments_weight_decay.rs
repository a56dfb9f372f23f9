//! The experiment `weight_decay` (AdamW vs Adam + L2, Loshchilov & Hutter
//! 2019): every number its book page prints is checked against the
//! committed results `results/experiments/weight_decay.json`; one run is
//! re-computed from scratch and must equal the committed one bit for bit;
//! the verdict's margin is asserted on the committed numbers.

use lossbook::experiments::Spread;
use lossbook::experiments::digits_mlp::{self, Method};
use lossbook::experiments::weight_decay::{self as experiment, grids};
use serde_json::Value;

mod common;
use common::{printed, spread};

const ID: &str = "weight_decay";

/// The method the validation split picked, rebuilt from the results.
fn best(entry: &Value) -> Method {
    let lr = entry["best"]["lr"].as_f64().unwrap();
    match entry["method"].as_str().unwrap() {
        "Adam + L2" => Method::AdamL2 {
            lr,
            l2: entry["best"]["l2"].as_f64().unwrap(),
        },
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

/// One run of the committed results, re-computed from scratch: the tuned
/// AdamW, seed 0.
#[test]
fn one_run_reproduces_the_committed_results_bit_for_bit() {
    let json = common::results(ID);
    let entry = &json["methods"][1];
    let task = digits_mlp::digits_task(0.0).unwrap();
    let outcome =
        digits_mlp::run(&task, best(entry), experiment::BATCH, experiment::EPOCHS, 0).unwrap();
    assert_eq!(outcome.to_json(), entry["runs"][0]);
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

/// The mean validation accuracy of `method`'s sweep at `(lr, lambda)`.
fn at(entry: &Value, key: &str, lr: f64, lambda: f64) -> f64 {
    f(&entry["sweep"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| f(&p["lr"]) == lr && f(&p[key]) == lambda)
        .unwrap()["validation_accuracy"])
}

/// Every number of `book/src/experiments/weight_decay.md`, from the committed results.
#[test]
fn the_page_prints_the_committed_numbers() {
    let json = common::results(ID);
    let page = common::page(ID);
    let protocol = &json["protocol"];
    assert_eq!(
        (protocol["batch"].as_u64(), protocol["epochs"].as_u64()),
        (Some(32), Some(50))
    );
    assert_eq!(experiment::RATES, [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2]);
    printed(&page, "η ∈ {0.0001, 0.0003, 0.001, 0.003, 0.01,\n0.03}");
    assert_eq!(experiment::L2_STRENGTHS, [1e-5, 1e-4, 1e-3, 1e-2]);
    printed(&page, "λ ∈ {0.00001, 0.0001, 0.001, 0.01}");
    assert_eq!(experiment::DECAYS, [1e-3, 1e-2, 1e-1, 1.0]);
    printed(&page, "λ ∈ {0.001, 0.01, 0.1, 1}");
    let methods = json["methods"].as_array().unwrap();
    for entry in methods {
        assert_eq!(entry["best_at_lr_edge"], false, "{}", entry["method"]);
        let best = &entry["best"];
        let lambda = best.get("l2").or(best.get("weight_decay")).unwrap();
        let row = format!(
            "| {} | η = {}, λ = {} | {} | {} | {} | {} |",
            entry["method"].as_str().unwrap(),
            f(&best["lr"]),
            f(lambda),
            percent_interval(&spread(&entry["validation_accuracy"])),
            percent_interval(&spread(&entry["train_accuracy"])),
            percent_interval(&spread(&entry["test_accuracy"])),
            points_interval(&spread(&entry["gap"])),
        );
        printed(&page, &row);
    }
    let (l2, adamw) = (&methods[0], &methods[1]);
    // AdamW's three-way tie at η = 0.001, broken by the first.
    let tied: Vec<f64> = [1e-3, 1e-2, 1e-1]
        .iter()
        .map(|&l| at(adamw, "weight_decay", 1e-3, l))
        .collect();
    assert!(tied.iter().all(|&v| v == tied[0]), "{tied:?}");
    assert_eq!(f(&adamw["best"]["weight_decay"]), 1e-3);
    // The largest decays at η = 0.03.
    printed(
        &page,
        &format!(
            "λ = 0.01 drops Adam + L2 to\n{:.1} %",
            100.0 * at(l2, "l2", 3e-2, 1e-2)
        ),
    );
    printed(
        &page,
        &format!(
            "λ = 1 drops AdamW to {:.1} %",
            100.0 * at(adamw, "weight_decay", 3e-2, 1.0)
        ),
    );
    printed(
        &page,
        &format!(
            "with λ = 0.001\n({:.1} %)",
            100.0 * spread(&l2["validation_accuracy"]).mean
        ),
    );
    printed(
        &page,
        &format!(
            "with λ = 0.001 ({:.1} %)",
            100.0 * spread(&adamw["validation_accuracy"]).mean
        ),
    );
    let ahead = spread(&adamw["test_accuracy"]).mean - spread(&l2["test_accuracy"]).mean;
    assert_eq!(format!("{:.1}", 100.0 * ahead), "0.1");
    printed(&page, "AdamW is ahead by 0.1 points of test accuracy");
}

/// The verdict: AdamW's and Adam + L2's test accuracies (and gaps) at their
/// tuned settings are not separated by more than the seeds' noise.
#[test]
fn adamw_and_adam_with_l2_reach_the_same_test_accuracy() {
    let json = common::results(ID);
    let methods = json["methods"].as_array().unwrap();
    assert_eq!(
        (methods[0]["method"].as_str(), methods[1]["method"].as_str()),
        (Some("Adam + L2"), Some("AdamW"))
    );
    for key in ["test_accuracy", "gap"] {
        let (l2, adamw) = (spread(&methods[0][key]), spread(&methods[1][key]));
        assert!(!adamw.separated_from(&l2), "{key}: {adamw:?} {l2:?}");
    }
    // Plain Adam (the previous page's results) is within the same noise.
    let adaptive = common::results("adaptive_generalisation");
    let adam = &adaptive["methods"][1];
    assert_eq!(adam["method"], "Adam");
    for entry in methods {
        let (a, b) = (
            spread(&adam["test_accuracy"]),
            spread(&entry["test_accuracy"]),
        );
        assert!(!a.separated_from(&b), "{a:?} {b:?}");
    }
    // The ledger's statement prints these numbers.
    let statement = common::ledger(ID, "adamw_and_adam_with_l2_reach_the_same_test_accuracy");
    for (entry, name) in methods.iter().zip(["(Adam + L2)", "(AdamW)"]) {
        let text = format!(
            "{} {name}",
            percent_interval(&spread(&entry["test_accuracy"]))
        );
        assert!(statement.contains(&text), "{statement} lacks {text}");
    }
}
