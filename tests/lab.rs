//! The lab (`src/lab.rs`, `cargo run --bin lab`): every bad argument is a
//! clear error with exit code 2, a race's table is the library's own run
//! bit for bit, the SVG is written and deterministic, every optimizer,
//! problem and schedule is reachable, and every lab command the book names
//! runs (and reproduces the figure where the book says it does).

use std::path::{Path, PathBuf};
use std::process::Command;

use lossbook::figures::optimizers;
use lossbook::lab::{self, LabError, OptimizerName, ProblemName, Race, RaceArgs};
use lossbook::nalgebra::DVector;
use lossbook::objective::{LinearRegression, Objective, Quadratic};
use lossbook::optim::{Adam, Optimizer, Sgd};
use lossbook::schedule::{CosineAnnealing, ReduceOnPlateau};
use lossbook::train::{Batching, Mode, Plateau, Threshold, TrainConfig, train};

fn args(line: &str) -> Vec<String> {
    std::iter::once("lab".to_string())
        .chain(line.split_whitespace().map(str::to_string))
        .collect()
}

fn race_args(line: &str) -> RaceArgs {
    match lab::parse(args(line)) {
        Ok(lab::Cli {
            command: lab::Command::Race(race),
        }) => race,
        Ok(other) => panic!("`{line}` parsed as {other:?}"),
        Err(error) => panic!("`{line}` was rejected: {error}"),
    }
}

fn run(line: &str) -> Race {
    lab::race(&race_args(line)).unwrap_or_else(|e| panic!("`{line}` failed: {e}"))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lossbook-lab-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------------------
// Bad arguments
// ---------------------------------------------------------------------------

const GOOD: &str = "race --problem quadratic --optimizers sgd,adam --lr 0.01,0.1 --steps 5";

/// The error of `line` (which must be rejected before anything runs, or by
/// `execute`), its exit code 2, and every `needle` in its message.
fn rejected(line: &str, needles: &[&str]) {
    // Never let a wrongly accepted line write into the repository.
    let line = if line.contains("--out") {
        line.to_string()
    } else {
        format!(
            "{line} --out {}",
            temp("rejected").join("race.svg").display()
        )
    };
    let line = line.as_str();
    let error = match lab::parse(args(line)).and_then(|cli| lab::execute(&cli)) {
        Err(error) => error,
        Ok(out) => panic!("`{line}` was accepted: {out}"),
    };
    assert_eq!(error.exit_code(), 2, "`{line}`: {error}");
    let message = error.to_string();
    for needle in needles {
        assert!(
            message.contains(needle),
            "`{line}`: message lacks {needle:?}:\n{message}"
        );
    }
}

#[test]
fn an_unknown_optimizer_names_the_argument_and_every_allowed_name() {
    let mut needles = vec!["'--optimizers", "'sgdd'"];
    needles.extend(OptimizerName::names());
    rejected(
        "race --problem quadratic --optimizers sgd,sgdd --lr 0.1,0.1",
        &needles,
    );
}

#[test]
fn a_learning_rate_count_other_than_the_optimizer_count_is_rejected() {
    for lrs in ["0.1", "0.1,0.1,0.1"] {
        rejected(
            &format!("race --problem quadratic --optimizers sgd,adam --lr {lrs}"),
            &["'--lr'", "one per optimizer", "for 2 optimizers"],
        );
    }
}

#[test]
fn a_learning_rate_at_or_below_zero_is_rejected() {
    for lr in ["0", "-0.1", "nan", "inf"] {
        rejected(
            &format!("race --problem quadratic --optimizers sgd --lr={lr}"),
            &["'--lr", &format!("'{lr}'"), "> 0"],
        );
    }
}

#[test]
fn zero_steps_are_rejected() {
    rejected(
        "race --problem quadratic --optimizers sgd --lr 0.1 --steps 0",
        &["'--steps", "'0'", "at least 1"],
    );
    // More than the loop can hold in memory is refused too, not a panic.
    rejected(
        "race --problem quadratic --optimizers sgd --lr 0.1 --steps 18446744073709551615",
        &["'--steps", "at most 100000"],
    );
}

#[test]
fn a_condition_number_below_one_is_rejected() {
    for kappa in ["0.5", "0", "-3"] {
        rejected(
            &format!("{GOOD} --kappa={kappa}"),
            &["'--kappa", &format!("'{kappa}'"), "≥ 1"],
        );
    }
    rejected(
        "race --problem rosenbrock --kappa 10 --optimizers sgd --lr 0.001",
        &["'--kappa'", "only applies to --problem quadratic"],
    );
}

#[test]
fn a_zero_batch_is_rejected() {
    rejected(
        &format!("{GOOD} --batch 0"),
        &["'--batch", "'0'", "≥ 1", "'full'"],
    );
    rejected(
        &format!("{GOOD} --batch 1,2,3"),
        &[
            "'--batch'",
            "one value for all or one value per optimizer (2)",
        ],
    );
}

#[test]
fn a_beta_of_one_or_more_is_rejected() {
    for beta in ["1", "1.5", "-0.1"] {
        rejected(
            &format!("race --problem quadratic --optimizers momentum --lr 0.01 --beta={beta}"),
            &["'--beta", &format!("'{beta}'"), "[0, 1)", "'-'"],
        );
    }
    rejected(
        "race --problem quadratic --optimizers sgd,adam --lr 0.1,0.1 --beta 0.9,0.9",
        &["'--beta'", "sgd has no β", "'-'"],
    );
    rejected(
        "race --problem quadratic --optimizers sgd,adam --lr 0.1,0.1 --beta 0.9",
        &["'--beta'", "one value per optimizer (2)"],
    );
}

#[test]
fn an_unknown_schedule_syntax_is_rejected() {
    let cases: [(&str, &[&str]); 7] = [
        (
            "cosin:T=10",
            &["unknown schedule 'cosin'", "cosine", "warmup", "plateau"],
        ),
        ("cosine:X=10", &["cosine has no key 'X'", "T, eta_min"]),
        ("cosine:T=ten", &["T=ten is not a whole number"]),
        ("cosine:T", &["'T' in cosine is not key=value"]),
        ("step:gamma=0.5", &["step needs size="]),
        ("warmup:T=5@5", &["A@M@B"]),
        ("plateau@5@cosine", &["cannot be part of a sequence"]),
    ];
    for (spec, needles) in cases {
        let mut all = vec!["'--schedule"];
        all.extend_from_slice(needles);
        rejected(&format!("{GOOD} --schedule {spec}"), &all);
    }
    // Parsed, but outside what the library's constructor allows.
    rejected(
        &format!("{GOOD} --schedule exponential:gamma=1.5"),
        &[
            "'--schedule'",
            "exponential:gamma=1.5",
            "gamma = 1.5",
            "(0, 1]",
        ],
    );
}

#[test]
fn an_unwritable_out_is_rejected_before_anything_runs() {
    let missing = temp("missing").join("no-such-dir").join("race.svg");
    rejected(
        &format!("{GOOD} --out {}", missing.display()),
        &["'--out'", "directory does not exist"],
    );
    let dir = temp("is-dir");
    rejected(
        &format!("{GOOD} --out {}", dir.display()),
        &["'--out'", "is a directory"],
    );
}

/// The binary itself: each bad command line exits with 2 and a message on
/// stderr, never a panic (101) and never a silent success.
#[test]
fn the_binary_exits_with_2_on_every_bad_argument() {
    let out = temp("binary").join("race.svg");
    let bad = [
        "race --problem quadratic --optimizers nope --lr 0.1",
        "race --problem quadratic --optimizers sgd,adam --lr 0.1",
        "race --problem quadratic --optimizers sgd --lr 0",
        "race --problem quadratic --optimizers sgd --lr 0.1 --steps 0",
        &format!("{GOOD} --kappa 0.5"),
        &format!("{GOOD} --batch 0"),
        "race --problem quadratic --optimizers adam --lr 0.1 --beta 1",
        &format!("{GOOD} --schedule nope"),
        &format!("{GOOD} --out /nonexistent-dir-for-lab/race.svg"),
        "race --problem nope --optimizers sgd --lr 0.1",
        "fly",
    ];
    for line in bad {
        let output = Command::new(env!("CARGO_BIN_EXE_lab"))
            .args(line.split_whitespace())
            .current_dir(out.parent().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "`{line}`: {stderr}");
        assert!(stderr.starts_with("error:"), "`{line}`: {stderr}");
        assert!(!stderr.contains("panicked"), "`{line}`: {stderr}");
        assert!(output.stdout.is_empty(), "`{line}` printed to stdout");
    }
    let help = Command::new(env!("CARGO_BIN_EXE_lab"))
        .args(["race", "--help"])
        .output()
        .unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--schedule"));
}

// ---------------------------------------------------------------------------
// The lab's numbers are the library's
// ---------------------------------------------------------------------------

/// The table's cells of `column` (by header), one per lane: cells are
/// separated by two or more spaces and never contain two in a row.
fn column(table: &str, header: &str) -> Vec<String> {
    let cells = |line: &str| -> Vec<String> {
        line.split("  ")
            .map(str::trim)
            .filter(|cell| !cell.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut lines = table.lines().skip(1);
    let head = cells(lines.next().unwrap());
    let index = head.iter().position(|h| h == header).unwrap();
    lines.map(|line| cells(line)[index].clone()).collect()
}

fn final_loss<O: Optimizer>(
    objective: &dyn Objective,
    start: DVector<f64>,
    mut optimizer: O,
    config: &TrainConfig<'_>,
) -> f64 {
    *train(objective, start, &mut optimizer, config)
        .unwrap()
        .loss_history
        .last()
        .unwrap()
}

#[test]
fn a_small_race_table_is_the_library_run_bit_for_bit() {
    let race = run(
        "race --problem quadratic --kappa 100 --optimizers sgd,momentum,adam \
                    --lr 0.01,0.01,0.1 --steps 50",
    );
    let quadratic = Quadratic::ill_conditioned(100.0).unwrap();
    let start = DVector::from_vec(vec![-4.0, 1.0]);
    let config = TrainConfig::new(50, Batching::Full);
    let sgd = |lr, momentum| Sgd {
        lr,
        momentum,
        ..Sgd::default()
    };
    let expected = [
        final_loss(&quadratic, start.clone(), sgd(0.01, 0.0), &config),
        final_loss(&quadratic, start.clone(), sgd(0.01, 0.9), &config),
        final_loss(
            &quadratic,
            start.clone(),
            Adam {
                lr: 0.1,
                ..Adam::default()
            },
            &config,
        ),
    ];
    let table = race.table();
    let cells = column(&table, "final loss");
    assert_eq!(cells.len(), 3, "{table}");
    for (cell, expected) in cells.iter().zip(expected) {
        let printed: f64 = cell.parse().unwrap();
        assert_eq!(printed.to_bits(), expected.to_bits(), "{table}");
    }
    assert_eq!(
        column(&table, "optimizer"),
        ["sgd", "momentum", "adam"],
        "{table}"
    );
    assert_eq!(column(&table, "beta"), ["-", "0.9", "0.9"], "{table}");
}

#[test]
fn a_mini_batch_race_under_a_schedule_is_the_library_run_bit_for_bit() {
    let race = run(
        "race --problem regression --optimizers adam --lr 0.05 --batch 8 \
                    --schedule cosine:T=30,eta_min=0.001 --steps 30 --seed 3",
    );
    let problem = LinearRegression::article_problem();
    let cosine = CosineAnnealing::new(0.05, 0.001, 30).unwrap();
    let config = TrainConfig {
        seed: 3,
        schedule: Some(&cosine),
        ..TrainConfig::new(30, Batching::MiniBatch(8))
    };
    let adam = Adam {
        lr: 0.05,
        ..Adam::default()
    };
    let expected = final_loss(&problem, DVector::zeros(3), adam, &config);
    let printed: f64 = column(&race.table(), "final loss")[0].parse().unwrap();
    assert_eq!(printed.to_bits(), expected.to_bits());
    assert_eq!(race.lanes[0].gradient_steps, 30 * 25);
}

/// ReduceOnPlateau is not a function of t: the lab feeds it the training
/// loss once per epoch. The expected run here is written out by hand.
#[test]
fn the_plateau_schedule_follows_pytorchs_once_per_epoch_rule() {
    let race = run(
        "race --problem rosenbrock --optimizers sgd --lr 0.002 --steps 60 \
                    --schedule plateau:factor=0.5,patience=0,threshold=0.05",
    );
    let rosenbrock = lossbook::objective::Rosenbrock;
    let mut rule = ReduceOnPlateau::with(
        0.002,
        Plateau::new(Mode::Min, Threshold::Rel(0.05)),
        0.5,
        0,
        0,
        0.0,
    )
    .unwrap();
    let mut params = DVector::from_vec(vec![-1.2, 1.0]);
    let mut sgd = Sgd {
        lr: 0.002,
        ..Sgd::default()
    };
    let mut state = sgd.init(&params).unwrap();
    let mut losses = vec![rosenbrock.objective(&params)];
    for _ in 0..60 {
        let gradient = rosenbrock.full_gradient(&params);
        sgd.step(&mut state, &mut params, &gradient).unwrap();
        losses.push(rosenbrock.objective(&params));
        sgd.lr = rule.step(*losses.last().unwrap());
    }
    assert!(sgd.lr < 0.002, "the rule never reduced the rate");
    assert_eq!(race.lanes[0].losses, losses);
}

#[test]
fn steps_to_tolerance_is_the_first_step_from_which_the_quantity_stays_below() {
    let race = run(
        "race --problem quadratic --kappa 1 --optimizers sgd,sgd,sgd \
                    --lr 1,0.5,0.001 --steps 40 --tol 1e-6",
    );
    // κ = 1, η = 1: one exact step to the minimum.
    let q = &race.lanes[0].quantity;
    assert_eq!((q[0], q[1]), (8.5, 0.0));
    assert_eq!(race.lanes[0].epochs_to_tolerance, Some(1));
    // η = 0.5 halves θ each step: f_t = 8.5/4ᵗ < 1e-6 from t = 12.
    assert_eq!(race.lanes[1].epochs_to_tolerance, Some(12));
    assert!(8.5 / 4f64.powi(11) >= 1e-6 && 8.5 / 4f64.powi(12) < 1e-6);
    assert_eq!(race.lanes[2].epochs_to_tolerance, None);
    assert_eq!(
        column(&race.table(), "steps to tol"),
        ["1", "12", "not reached"]
    );
}

// ---------------------------------------------------------------------------
// The SVG
// ---------------------------------------------------------------------------

#[test]
fn the_svg_is_written_and_deterministic() {
    let dir = temp("svg");
    let write = |name: &str| {
        let out = dir.join(name);
        let line = format!(
            "race --problem regression --optimizers sgd,momentum,adam --lr 0.1,0.1,0.1 \
             --batch full,full,20 --steps 40 --out {}",
            out.display()
        );
        let printed = lab::execute(&lab::parse(args(&line)).unwrap()).unwrap();
        assert!(printed.ends_with(&format!("wrote {}\n", out.display())));
        std::fs::read_to_string(out).unwrap()
    };
    let (first, second) = (write("a.svg"), write("b.svg"));
    assert_eq!(first, second, "two runs wrote different SVGs");
    assert!(first.starts_with("<svg width=\"720\" height=\"450\""));
    for label in [
        "sgd, η = 0.1",
        "momentum, η = 0.1, μ = 0.9",
        "adam, η = 0.1, β₁ = 0.9, B = 20",
        "tolerance 1e-10",
        "excess MSE(θ) − MSE(θ*)",
        "epoch",
    ] {
        assert!(first.contains(label), "the SVG lacks {label:?}");
    }
}

// ---------------------------------------------------------------------------
// Everything is reachable
// ---------------------------------------------------------------------------

#[test]
fn every_optimizer_runs_and_is_a_different_rule() {
    let names = OptimizerName::names();
    let line = format!(
        "race --problem rosenbrock --optimizers {} --lr {} --steps 200",
        names.join(","),
        vec!["0.001"; names.len()].join(",")
    );
    let race = run(&line);
    let finals: Vec<f64> = race.lanes.iter().map(|lane| lane.final_loss()).collect();
    for (i, a) in finals.iter().enumerate() {
        assert!(a.is_finite(), "{} diverged", names[i]);
        for (j, b) in finals.iter().enumerate().skip(i + 1) {
            assert_ne!(a, b, "{} and {} gave the same run", names[i], names[j]);
        }
    }
}

#[test]
fn every_problem_runs_and_starts_where_it_should() {
    for problem in ProblemName::names() {
        let race = run(&format!(
            "race --problem {problem} --optimizers adam --lr 0.01 --steps 3"
        ));
        let q = &race.lanes[0].quantity;
        assert_eq!(q.len(), 4);
        assert!(
            q.iter().all(|v| v.is_finite()) && q[3] < q[0],
            "{problem}: {q:?}"
        );
    }
}

#[test]
fn every_schedule_changes_the_run_and_list_names_it() {
    let base = "race --problem regression --optimizers momentum --lr 0.05 --steps 30";
    let constant = run(base).lanes[0].losses.clone();
    let specs = [
        "step:size=5,gamma=0.5",
        "multistep:at=5/10,gamma=0.5",
        "exponential:gamma=0.9",
        "cosine:T=30",
        "warmup:T=10",
        "linear:T=10,start=0.1",
        "warmup-cosine:warmup=5",
        "polynomial:power=2",
        "restarts:T0=5,mult=2",
        "onecycle",
        "onecycle:momentum=off,anneal=linear",
        "plateau:patience=0,factor=0.5,threshold=0.5",
        "warmup:T=5@5@exponential:gamma=0.8",
    ];
    for spec in specs {
        let losses = run(&format!("{base} --schedule {spec}")).lanes[0]
            .losses
            .clone();
        assert_ne!(losses, constant, "--schedule {spec} changed nothing");
        assert!(losses.iter().all(|l| l.is_finite()), "{spec}: {losses:?}");
    }
    assert_eq!(
        run(&format!("{base} --schedule constant")).lanes[0].losses,
        constant
    );
    let list = lab::list();
    for name in specs
        .iter()
        .map(|s| s.split([':', '@']).next().unwrap())
        .chain(OptimizerName::names())
        .chain(ProblemName::names())
    {
        assert!(list.contains(name), "`lab list` does not name {name}");
    }
}

#[test]
fn a_schedule_per_optimizer_labels_each_curve() {
    let race = run(
        "race --problem regression --optimizers sgd,sgd --lr 0.1,0.1 --steps 20 \
                    --schedule constant --schedule cosine:T=20",
    );
    assert_eq!(race.lanes[0].label, "sgd, η = 0.1, constant");
    assert_eq!(race.lanes[1].label, "sgd, η = 0.1, cosine");
    let same_name = run(
        "race --problem regression --optimizers sgd,sgd --lr 0.1,0.1 --steps 20 \
                         --batch 8 --schedule cosine:T=20 --schedule cosine:T=10",
    );
    assert_eq!(same_name.lanes[1].label, "sgd, η = 0.1, cosine:T=10");
    assert_eq!(same_name.title, "the article's regression, B = 8");
    assert_ne!(race.lanes[0].losses, race.lanes[1].losses);
}

// ---------------------------------------------------------------------------
// The book's lab commands
// ---------------------------------------------------------------------------

const CHAPTERS: [&str; 5] = [
    "gradient-descent.md",
    "momentum-adaptive.md",
    "pytorch-optimizers.md",
    "optimizer-comparison.md",
    "schedules.md",
];

const PREFIX: &str = "cargo run --release --bin lab -- ";

/// Every lab command in `chapter`: lines of its code blocks that start with
/// [`PREFIX`], joined over trailing backslashes.
fn book_commands(chapter: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("book/src")
        .join(chapter);
    let text = std::fs::read_to_string(path).unwrap();
    let mut commands = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(command) = current.as_mut() {
            command.push(' ');
            command.push_str(line.trim_end_matches('\\').trim());
        } else if let Some(rest) = line.strip_prefix(PREFIX) {
            current = Some(rest.trim_end_matches('\\').trim().to_string());
        }
        if !line.ends_with('\\')
            && let Some(command) = current.take()
        {
            commands.push(command);
        }
    }
    commands
}

#[test]
fn every_optimizer_chapter_names_a_lab_command_that_runs() {
    for chapter in CHAPTERS {
        let commands = book_commands(chapter);
        assert!(!commands.is_empty(), "{chapter} names no lab command");
        for command in commands {
            let race = run(&command);
            assert!(
                race.lanes
                    .iter()
                    .all(|lane| lane.losses.iter().all(|l| l.is_finite())),
                "{chapter}: `{command}` diverged"
            );
        }
    }
}

/// gradient-descent.md says its first lab command reproduces the batch-size
/// figure: the same four curves, point for point.
#[test]
fn the_gradient_descent_command_reproduces_the_batch_size_figure() {
    let command = &book_commands("gradient-descent.md")[0];
    let race = run(command);
    let figure = optimizers::batch_size_data().unwrap();
    let curves = race.curves();
    assert_eq!(curves.len(), figure.len());
    for (lab, book) in curves.iter().zip(&figure) {
        assert_eq!(lab.points, book.points, "{} differs", book.label);
    }
}

/// A lab error is an error value, not a panic, even when the library is the
/// one that refuses (Nesterov needs μ > 0).
#[test]
fn a_library_refusal_is_an_argument_error() {
    let error = lab::race(&race_args(
        "race --problem quadratic --optimizers nesterov --lr 0.01 --beta 0",
    ))
    .unwrap_err();
    assert!(matches!(error, LabError::Library(_)), "{error:?}");
    assert_eq!(error.exit_code(), 2);
    assert!(error.to_string().contains("momentum = 0"), "{error}");
}

/// optimizer-comparison.md says its two commands reproduce the step counts
/// of the convergence and narrow-valley figures' captions.
#[test]
fn the_comparison_commands_reproduce_the_captions_step_counts() {
    let commands = book_commands("optimizer-comparison.md");
    let convergence = run(&commands[0]).table();
    assert_eq!(
        column(&convergence, "epochs to tol"),
        ["8", "not reached", "not reached", "6", "6", "8", "20"],
        "{convergence}"
    );
    let valley = run(&commands[1]).table();
    assert_eq!(
        column(&valley, "steps to tol"),
        ["786", "83", "122", "525", "62"],
        "{valley}"
    );
}

/// momentum-adaptive.md's command: the step counts of tuned GD and tuned
/// momentum at κ = 100 agree with the heavy ball's closed form, and are the
/// ones the book prints.
#[test]
fn the_momentum_command_agrees_with_the_closed_form() {
    use lossbook::optim::momentum_theory::position;
    let command = &book_commands("momentum-adaptive.md")[0];
    let race = run(command);
    let kappa = 100.0;
    let closed_form = |lr: f64, beta: f64| -> Option<usize> {
        let f = |t: u32| {
            let x = -4.0 * position(lr, beta, 1.0, t).unwrap();
            let y = position(lr, beta, kappa, t).unwrap();
            0.5 * (x * x + kappa * y * y)
        };
        let excess: Vec<f64> = (0..=1000).map(f).collect();
        let above = excess.iter().rposition(|&e| e >= 1e-10)?;
        (above + 1 < excess.len()).then_some(above + 1)
    };
    let gd = closed_form(2.0 / 101.0, 0.0).unwrap();
    let momentum = closed_form(4.0 / 121.0, 81.0 / 121.0).unwrap();
    let counts: Vec<usize> = race
        .lanes
        .iter()
        .map(|lane| lane.epochs_to_tolerance.unwrap())
        .collect();
    assert_eq!(counts, [gd, momentum]);
    eprintln!("GD {gd} steps, momentum {momentum}");
    // The book's numbers: 678 and 93 steps, 7.3 times fewer.
    assert_eq!((gd, momentum), (678, 93));
    assert_eq!(format!("{:.1}", gd as f64 / momentum as f64), "7.3");
}

/// schedules.md's command: the article's warm-up, which keeps η₀ after its
/// ramp, ends with an excess of 1.2e-3; the four decaying schedules end
/// between 2e-7 and 5e-6, over 200 times lower.
#[test]
fn the_schedules_command_shows_decay_lowering_the_floor() {
    let command = &book_commands("schedules.md")[0];
    let race = run(command);
    let finals: Vec<f64> = race.lanes.iter().map(|lane| lane.quantity[100]).collect();
    let warmup = finals[3];
    assert_eq!(format!("{warmup:.1e}"), "1.2e-3", "{finals:?}");
    for (i, &excess) in finals.iter().enumerate().filter(|&(i, _)| i != 3) {
        assert!((2e-7..5e-6).contains(&excess), "schedule {i}: {excess:e}");
        assert!(warmup > 200.0 * excess, "schedule {i}: {excess:e}");
    }
}
