//! The claims ledger names only tests that exist, and the book's page is current.

use lossbook::claims::{CLAIMS, Evidence, render_markdown};
use std::collections::HashSet;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn every_verified_claim_names_an_existing_test() {
    for claim in CLAIMS {
        let Evidence::Verified(reference) = claim.evidence else {
            continue;
        };
        let (file, function) = reference.split_once("::").expect("tests/file.rs::function");
        let source = std::fs::read_to_string(Path::new(ROOT).join(file))
            .unwrap_or_else(|e| panic!("{reference}: cannot read {file}: {e}"));
        let defined = source
            .lines()
            .any(|line| line.trim_start().starts_with(&format!("fn {function}(")));
        assert!(
            defined,
            "the ledger names {reference}, but {file} has no `fn {function}(`"
        );
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
        if let Evidence::Verified(test) = claim.evidence {
            assert!(tests.insert(test), "{test} backs two claims");
        }
    }
}

#[test]
fn cited_claims_give_a_source_and_a_reason() {
    for claim in CLAIMS {
        if let Evidence::Cited { source, reason } = claim.evidence {
            assert!(
                !source.is_empty() && !reason.is_empty(),
                "{}",
                claim.article
            );
        }
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
