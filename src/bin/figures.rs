//! Renders every figure of the book as SVG, and every interactive figure's
//! precomputed grid as `figures/<name>.js` (see `lossbook::figures::interactive`).
//!
//! ```text
//! cargo run --bin figures                # into figures/ at the top of the repository
//! cargo run --bin figures -- --out DIR   # into DIR, which must exist
//! ```
//!
//! All figures are rendered in memory first; each file is then written to a
//! temporary file beside it and renamed into place, so a failure never
//! leaves a half-written SVG behind.

use std::path::PathBuf;
use std::process::ExitCode;

use lossbook::figures;

const USAGE: &str = "usage: figures [--out DIR]\n\
    Renders every figure of the book as SVG, and the interactive figures' \
    grids as .js data files, into DIR \
    (default: figures/ at the top of the repository).";

/// What the command line asks for.
enum Command {
    Help,
    Write(PathBuf),
}

/// `--out DIR`, `--out=DIR` or `--help`; anything else is an error message.
fn parse(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut out = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--out" => match args.next() {
                Some(dir) => out = Some(PathBuf::from(dir)),
                None => return Err("--out needs a directory".to_string()),
            },
            _ => match arg.strip_prefix("--out=") {
                Some(dir) => out = Some(PathBuf::from(dir)),
                None => return Err(format!("unexpected argument {arg:?}")),
            },
        }
    }
    Ok(Command::Write(
        out.unwrap_or_else(figures::default_output_dir),
    ))
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Write(dir)) => match figures::write_all(&dir) {
            Ok(paths) => {
                for path in paths {
                    println!("wrote {}", path.display());
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("figures: {error}");
                ExitCode::FAILURE
            }
        },
        Err(message) => {
            eprintln!("figures: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
