//! Runs the experiments of the "Experiments on real data" chapter and
//! writes their results as JSON.
//!
//! ```text
//! cargo run --release --bin experiments                 # all, into results/experiments/
//! cargo run --release --bin experiments -- ID ...       # only these
//! cargo run --release --bin experiments -- --list       # their ids and titles
//! cargo run --release --bin experiments -- --out DIR    # into DIR, which must exist
//! ```
//!
//! Each file is written to a temporary file beside it and renamed into
//! place, so an interrupted run never leaves a half-written result.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use lossbook::experiments::{EXPERIMENTS, Experiment, Progress, results_dir};

const USAGE: &str = "usage: experiments [--list] [--out DIR] [ID ...]\n\
    Runs the named experiments (default: all) and writes DIR/ID.json \
    (default DIR: results/experiments/ at the top of the repository).";

/// What the command line asks for.
enum Command {
    Help,
    List,
    Run {
        out: PathBuf,
        chosen: Vec<&'static Experiment>,
    },
}

fn find(id: &str) -> Result<&'static Experiment, String> {
    EXPERIMENTS
        .iter()
        .find(|experiment| experiment.id == id)
        .ok_or_else(|| {
            let known: Vec<&str> = EXPERIMENTS.iter().map(|e| e.id).collect();
            format!(
                "unknown experiment {id:?}; the experiments are: {}",
                known.join(", ")
            )
        })
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut out = None;
    let mut chosen = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--list" => return Ok(Command::List),
            "--out" => match args.next() {
                Some(dir) => out = Some(PathBuf::from(dir)),
                None => return Err("--out needs a directory".to_string()),
            },
            _ if arg.starts_with('-') => return Err(format!("unexpected option {arg:?}")),
            id => chosen.push(find(id)?),
        }
    }
    if chosen.is_empty() {
        chosen = EXPERIMENTS.iter().collect();
    }
    Ok(Command::Run {
        out: out.unwrap_or_else(results_dir),
        chosen,
    })
}

fn run(out: &std::path::Path, experiment: &Experiment) -> Result<(), String> {
    let started = Instant::now();
    let mut progress = Progress::new(experiment.id, 0, false);
    let value = (experiment.run)(&mut progress).map_err(|e| format!("{}: {e}", experiment.id))?;
    let mut text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    text.push('\n');
    let path = out.join(format!("{}.json", experiment.id));
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, text)
        .and_then(|()| std::fs::rename(&partial, &path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!(
        "wrote {} ({} runs, {:.1} s)",
        path.display(),
        progress.done(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    let result = match parse(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            Ok(())
        }
        Ok(Command::List) => {
            for experiment in EXPERIMENTS {
                println!("{:<28} {}", experiment.id, experiment.title);
            }
            Ok(())
        }
        Ok(Command::Run { out, chosen }) => {
            if out.is_dir() {
                let started = Instant::now();
                let outcome = chosen.iter().try_for_each(|e| run(&out, e));
                println!("total {:.1} s", started.elapsed().as_secs_f64());
                outcome
            } else {
                Err(format!("{} is not a directory", out.display()))
            }
        }
        Err(message) => Err(format!("{message}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
