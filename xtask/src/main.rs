//! Project automation for lossbook, run as `cargo xtask <command>` (the alias
//! lives in `.cargo/config.toml`). Only the Rust toolchain is needed: mdBook
//! is linked in as a library rather than installed as a binary.
//!
//! Commands:
//! * `book [--no-figures]`: regenerate the figures, build the book into
//!   `book/build/`, and fail on any math, include or offline-ness problem.
//! * `exercises [--solutions]`: run the workbook's tests and report the
//!   reader's progress per chapter; fail unless every exercise is done.

mod book;
mod caption;
mod check;
mod exercises;
mod logs;
mod math;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  book [--no-figures]   regenerate figures (cargo run --release --bin figures),
                        then build the mdBook in book/ with $...$ / $$...$$ math
                        rendered to MathML, and check the HTML works offline.
                        --no-figures skips the figure step.
  exercises [--solutions]
                        run the workbook's tests (workbook/) and report which
                        coding exercises are done, chapter by chapter, and
                        what is wrong with the next one. Exits non-zero
                        unless all are done. --solutions runs the tests on
                        the reference solutions instead of your code.
  help                  show this message

Math syntax for book authors, and how to preview: xtask/README.md
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["book", flags @ ..] => match parse_book_flags(flags) {
            Ok(figures) => run_book(figures),
            Err(message) => {
                eprintln!("xtask: {message}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["exercises", flags @ ..] => match parse_exercises_flags(flags) {
            Ok(solutions) => match exercises::run(&workspace_root(), solutions) {
                Ok(true) => return ExitCode::SUCCESS,
                Ok(false) => return ExitCode::FAILURE,
                Err(err) => Err(err),
            },
            Err(message) => {
                eprintln!("xtask: {message}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Returns whether figures should be regenerated.
fn parse_book_flags(flags: &[&str]) -> Result<bool, String> {
    let mut figures = true;
    for flag in flags {
        match *flag {
            "--no-figures" => figures = false,
            other => return Err(format!("unknown option for `book`: {other}")),
        }
    }
    Ok(figures)
}

/// Returns whether to run the tests on the reference solutions.
fn parse_exercises_flags(flags: &[&str]) -> Result<bool, String> {
    match flags {
        [] => Ok(false),
        ["--solutions"] => Ok(true),
        other => Err(format!(
            "unknown options for `exercises`: {}",
            other.join(" ")
        )),
    }
}

/// The workspace root, found from this crate's manifest directory so the
/// command works from any current directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn run_book(figures: bool) -> anyhow::Result<()> {
    let started = Instant::now();
    let root = workspace_root();
    if figures {
        book::regenerate_figures(&root)?;
    } else {
        eprintln!("xtask: --no-figures: using the figures already on disk");
    }
    let index = book::build(&root.join("book"), Path::new("book"))?;
    eprintln!(
        "xtask: book built and checked in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!("{}", index.display());
    Ok(())
}
