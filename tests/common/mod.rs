//! What the experiments' tests (`tests/experiments_*.rs`) share: an
//! experiment's committed results and book page, the spreads and numbers in
//! them, and the ledger row a test backs. Each test file is its own crate and
//! uses only a part of this module, hence the `allow(dead_code)`.
#![allow(dead_code)]

use lossbook::experiments::Spread;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The committed results of experiment `id`, `results/experiments/<id>.json`.
pub fn results(id: &str) -> Value {
    let path = format!("{ROOT}/results/experiments/{id}.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The book page of experiment `id`, `book/src/experiments/<id>.md`.
pub fn page(id: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/book/src/experiments/{id}.md")).unwrap()
}

/// Asserts that `page` prints `text`.
pub fn printed(page: &str, text: &str) {
    assert!(page.contains(text), "the page does not print “{text}”");
}

/// A JSON number.
pub fn number(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value}"))
}

/// A spread read back from the JSON that [`Spread::to_json`] wrote.
pub fn spread(value: &Value) -> Spread {
    let f = |key: &str| number(&value[key]);
    Spread {
        n: value["n"].as_u64().unwrap() as usize,
        mean: f("mean"),
        std: f("std"),
        min: f("min"),
        max: f("max"),
        half_width: f("half_width"),
    }
}

/// The statement of the ledger row that `tests/experiments_<id>.rs::<test>` backs.
pub fn ledger(id: &str, test: &str) -> &'static str {
    let reference = format!("tests/experiments_{id}.rs::{test}");
    lossbook::claims::CLAIMS
        .iter()
        .find(|claim| claim.status.test() == Some(reference.as_str()))
        .unwrap_or_else(|| panic!("no ledger row names {reference}"))
        .statement
}

/// Asserts that the ledger row backed by `test` of experiment `id` says `text`.
pub fn stated(id: &str, test: &str, text: &str) {
    let statement = ledger(id, test);
    assert!(
        statement.contains(text),
        "the ledger row of {test} does not say “{text}”: {statement}"
    );
}
