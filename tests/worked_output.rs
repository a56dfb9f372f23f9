//! The output the book shows is what the code prints today.

use lossbook::article::generated_files;
use std::path::Path;

#[test]
fn the_books_generated_output_is_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("book/src/generated");
    let bless = std::env::var_os("LOSSBOOK_BLESS").is_some();
    for (name, expected) in generated_files().unwrap() {
        let path = dir.join(name);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &expected).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == expected,
            "book/src/generated/{name} is out of date: run `LOSSBOOK_BLESS=1 cargo test --test worked_output` (or `cargo xtask book`)"
        );
    }
}

#[test]
fn the_printed_values_are_the_articles_corrected_numbers() {
    let regression = lossbook::article::regression_output().unwrap();
    assert_eq!(
        regression,
        "MSE Loss: 0.0250\nMAE Loss: 0.1500\nHuber Loss: 0.0125\n"
    );
    let classification = lossbook::article::classification_output().unwrap();
    assert_eq!(classification, "BCE Loss: 0.2027\nCCE Loss: 0.3635\n");
}
