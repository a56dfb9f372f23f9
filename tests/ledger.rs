//! The claims ledger names only tests that exist, each status carries what it
//! promises, and the book's page is current.

use lossbook::claims::{CLAIMS, STATUS_NAMES, Status, render_markdown};
use std::collections::HashSet;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The libraries and papers a convention row may name as the other choice.
const OTHERS: [&str; 6] = [
    "PyTorch",
    "Keras",
    "TensorFlow",
    "scikit-learn",
    "torchvision",
    "NumPy",
];

/// The source of test `tests/file.rs::function`: its doc comment and attributes
/// directly above `fn function(`, and its body up to its closing `}`.
fn test_source(reference: &str) -> String {
    let (file, function) = reference.split_once("::").expect("tests/file.rs::function");
    let source = std::fs::read_to_string(Path::new(ROOT).join(file))
        .unwrap_or_else(|e| panic!("{reference}: cannot read {file}: {e}"));
    let lines: Vec<&str> = source.lines().collect();
    let start = lines
        .iter()
        .position(|line| line.trim_start().starts_with(&format!("fn {function}(")))
        .unwrap_or_else(|| {
            panic!("the ledger names {reference}, but {file} has no `fn {function}(`")
        });
    let head = lines[..start]
        .iter()
        .rev()
        .take_while(|line| {
            let line = line.trim_start();
            line.starts_with("///") || line.starts_with("#[")
        })
        .count();
    let indent = &lines[start][..lines[start].len() - lines[start].trim_start().len()];
    let closing = format!("{indent}}}");
    let end = start
        + lines[start..]
            .iter()
            .position(|line| *line == closing)
            .unwrap();
    lines[start - head..=end].join("\n")
}

#[test]
fn every_tested_claim_names_an_existing_test() {
    for claim in CLAIMS {
        if let Some(test) = claim.status.test() {
            test_source(test);
        }
    }
}

#[test]
fn no_test_backs_two_claims_and_no_claim_is_listed_twice() {
    let mut tests = HashSet::new();
    let mut statements = HashSet::new();
    for claim in CLAIMS {
        assert!(
            statements.insert(claim.statement),
            "listed twice: {}",
            claim.statement
        );
        if let Some(test) = claim.status.test() {
            assert!(tests.insert(test), "{test} backs two claims");
        }
    }
}

#[test]
fn a_corrected_row_names_the_articles_wrong_statement_and_a_test_about_the_article() {
    for claim in CLAIMS {
        let Status::Corrected { wrong, test } = claim.status else {
            continue;
        };
        assert!(
            !wrong.is_empty() && wrong != claim.statement,
            "{}: say what the article gets wrong",
            claim.article
        );
        // The refuting test is written about the article: its name or a
        // comment in it says so.
        assert!(
            test_source(test).to_lowercase().contains("article"),
            "{test} does not mention the article it corrects"
        );
    }
}

#[test]
fn a_convention_row_says_what_the_other_choice_is_and_who_makes_it() {
    for claim in CLAIMS {
        if let Status::Convention { other, .. } = claim.status {
            assert!(
                OTHERS.iter().any(|name| other.contains(name)),
                "{}: the other choice `{other}` names none of {OTHERS:?}",
                claim.article
            );
        }
    }
}

#[test]
fn a_measured_row_names_the_committed_run_and_a_test_that_reads_it() {
    let run_file = Path::new(ROOT).join("bench/results/rust.json");
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run_file).unwrap()).unwrap();
    let machine = &results["machine"];
    let cpu = machine["cpu_model"].as_str().unwrap();
    let date = &machine["date_utc"].as_str().unwrap()[..10];
    let cores = format!("{} cores", machine["logical_cpus"]);
    for claim in CLAIMS {
        let Status::Measured { run, test } = claim.status else {
            continue;
        };
        for fact in [cpu, date, &cores] {
            assert!(
                run.contains(fact),
                "{}: `{run}` lacks {fact}",
                claim.article
            );
        }
        // The test reads the committed results and says so, in its own doc
        // comment or in its file's.
        let (file, _) = test.split_once("::").unwrap();
        let file_doc: String = std::fs::read_to_string(Path::new(ROOT).join(file))
            .unwrap()
            .lines()
            .take_while(|line| line.starts_with("//!"))
            .collect();
        assert!(
            (test_source(test) + &file_doc).contains("bench/results/"),
            "{test} does not say that it checks the committed bench/results/"
        );
    }
}

#[test]
fn cited_claims_give_a_source_and_a_reason() {
    for claim in CLAIMS {
        if let Status::Cited { source, reason } = claim.status {
            assert!(
                !source.is_empty() && !reason.is_empty(),
                "{}",
                claim.article
            );
        }
    }
}

#[test]
fn every_status_is_counted_on_the_page() {
    for claim in CLAIMS {
        assert!(STATUS_NAMES.contains(&claim.status.name()));
    }
    let page = render_markdown();
    for name in STATUS_NAMES {
        let count = CLAIMS.iter().filter(|c| c.status.name() == name).count();
        assert!(page.contains(&format!("{count} {name}")), "{name}");
    }
}

#[test]
fn the_books_ledger_page_is_current() {
    let path = Path::new(ROOT).join("book/src/claims.md");
    let expected = render_markdown();
    if std::env::var_os("LOSSBOOK_BLESS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "book/src/claims.md is out of date with src/claims.rs: run `LOSSBOOK_BLESS=1 cargo test --test ledger` (or `cargo xtask book`)"
    );
}
