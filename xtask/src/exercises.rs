//! `cargo xtask exercises`: the reader's progress through the workbook.
//!
//! Runs the workbook's tests (`cargo test -p workbook --tests --no-fail-fast`,
//! with `--features solutions` for the reference solutions), reads libtest's
//! plain-text report and prints, chapter by chapter, how many exercises pass
//! and what is wrong with the first one that does not. An exercise is done
//! when every one of its tests passes.
//!
//! The tests of Exercise `C.N`, whose function is `name`, live in a module
//! `exC_N_name` of the chapter's test file (`workbook/tests/*.rs`), so the
//! exercise can be read off each test's name. Stable libtest has no JSON
//! output, so the report is parsed from its text: one `test NAME ... ok` (or
//! `FAILED`) line per test, and a `---- NAME stdout ----` section with the
//! captured panic of each failure.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use anyhow::Context as _;

/// The chapters that have exercises: number, title, the reader's file.
const CHAPTERS: [(u32, &str, &str); 10] = [
    (2, "Regression losses", "regression.rs"),
    (3, "Classification losses", "classification.rs"),
    (4, "Cross-entropy and information theory", "information.rs"),
    (5, "Other losses", "other_losses.rs"),
    (6, "Gradient descent", "gradient_descent.rs"),
    (7, "Momentum and adaptive learning rates", "momentum.rs"),
    (8, "Comparing the optimizers", "comparison.rs"),
    (9, "Learning-rate schedules", "schedules.rs"),
    (10, "FAQ", "faq.rs"),
    (12, "Performance", "performance.rs"),
];

/// What `todo!("…")` panics with.
const TODO: &str = "not yet implemented";

/// One test of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct TestResult {
    /// The full name, e.g. `ex2_2_huber_gradient::at_the_kink`.
    pub name: String,
    pub passed: bool,
    /// The last panic message of a failed test, if one was captured.
    pub message: Option<String>,
}

/// Every test line of a libtest report, with the panic of each failure.
/// Ignored tests are left out.
pub fn parse_report(stdout: &str) -> Vec<TestResult> {
    let mut results: Vec<TestResult> = Vec::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let (name, passed) = if let Some(name) = rest.strip_suffix(" ... ok") {
            (name, true)
        } else if let Some(name) = rest.strip_suffix(" ... FAILED") {
            (name, false)
        } else {
            continue;
        };
        results.push(TestResult {
            name: name.to_string(),
            passed,
            message: None,
        });
    }
    for (name, section) in failure_sections(stdout) {
        if let Some(result) = results.iter_mut().find(|r| r.name == name && !r.passed) {
            result.message = last_panic(&section);
        }
    }
    results
}

/// The `---- NAME stdout ----` sections of a report: (name, text).
fn failure_sections(stdout: &str) -> Vec<(String, String)> {
    let mut sections = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in stdout.lines() {
        let header = line
            .strip_prefix("---- ")
            .and_then(|rest| rest.strip_suffix(" stdout ----"));
        if let Some(name) = header {
            sections.extend(current.take());
            current = Some((name.to_string(), String::new()));
        } else if line == "failures:" || line.starts_with("test result:") {
            sections.extend(current.take());
        } else if let Some((_, text)) = &mut current {
            text.push_str(line);
            text.push('\n');
        }
    }
    sections.extend(current);
    sections
}

/// The message of the last panic in a captured output: the lines after its
/// `thread '…' panicked at FILE:LINE:COL:` line, up to a blank line, without
/// the backtrace note and proptest's tab-indented statistics.
fn last_panic(section: &str) -> Option<String> {
    let lines: Vec<&str> = section.lines().collect();
    let start = lines
        .iter()
        .rposition(|l| l.starts_with("thread '") && l.contains(" panicked at "))?;
    let message: Vec<&str> = lines[start + 1..]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| !l.starts_with("note: ") && !l.starts_with('\t'))
        .copied()
        .collect();
    let text = message.join("\n");
    // proptest wraps the case's panic: `Test failed: MESSAGE.`
    let text = match text.strip_prefix("Test failed: ") {
        Some(inner) => {
            inner.replacen(
                ".\nminimal failing input: ",
                "\n(minimal failing input: ",
                1,
            ) + ")"
        }
        None => text,
    };
    Some(text)
}

/// One exercise and how its tests went.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    pub chapter: u32,
    pub number: u32,
    /// The function the reader writes.
    pub name: String,
    pub passed: usize,
    pub total: usize,
    /// The first failing test (in report order) and its message.
    pub first_failure: Option<(String, Option<String>)>,
}

impl Exercise {
    pub fn done(&self) -> bool {
        self.passed == self.total
    }

    /// Whether the reader has not started: a failure is a `todo!` panic.
    pub fn not_started(&self) -> bool {
        matches!(&self.first_failure, Some((_, Some(m))) if m.contains(TODO))
    }
}

/// `ex12_1_mse_with_gradient::worked` → (12, 1, `mse_with_gradient`).
pub fn exercise_of(test: &str) -> Option<(u32, u32, String)> {
    let module = test.split("::").next()?;
    let mut parts = module.strip_prefix("ex")?.splitn(3, '_');
    let chapter = parts.next()?.parse().ok()?;
    let number = parts.next()?.parse().ok()?;
    let name = parts.next().filter(|n| !n.is_empty())?;
    Some((chapter, number, name.to_string()))
}

/// The exercises of a report, in chapter and exercise order. Tests whose
/// names do not follow the `exC_N_name::` pattern are returned apart.
pub fn exercises(results: &[TestResult]) -> (Vec<Exercise>, Vec<String>) {
    let mut by_id: BTreeMap<(u32, u32), Exercise> = BTreeMap::new();
    let mut strays = Vec::new();
    for result in results {
        let Some((chapter, number, name)) = exercise_of(&result.name) else {
            strays.push(result.name.clone());
            continue;
        };
        let exercise = by_id.entry((chapter, number)).or_insert(Exercise {
            chapter,
            number,
            name,
            passed: 0,
            total: 0,
            first_failure: None,
        });
        exercise.total += 1;
        if result.passed {
            exercise.passed += 1;
        } else if exercise.first_failure.is_none() {
            exercise.first_failure = Some((result.name.clone(), result.message.clone()));
        }
    }
    (by_id.into_values().collect(), strays)
}

/// The chapter's title and file, or a placeholder for an unknown number.
fn chapter_info(chapter: u32) -> (String, String) {
    CHAPTERS.iter().find(|(n, _, _)| *n == chapter).map_or(
        (format!("Chapter {chapter}"), "?".to_string()),
        |(_, title, file)| (title.to_string(), format!("workbook/src/{file}")),
    )
}

/// Why an exercise is not done, in one or a few lines.
fn diagnosis(exercise: &Exercise) -> String {
    let (_, file) = chapter_info(exercise.chapter);
    let Some((test, message)) = &exercise.first_failure else {
        return "not done".to_string();
    };
    if exercise.not_started() {
        return format!("not started: its body in {file} is still `todo!()`");
    }
    let failing = exercise.total - exercise.passed;
    let message = message
        .as_deref()
        .unwrap_or("the test failed without a panic message");
    let message = message.replace('\n', "\n      ");
    format!(
        "{message}\n      ({failing} of {} tests fail; this one is `{test}`)",
        exercise.total
    )
}

/// The progress report, and whether every exercise is done.
pub fn render(exercises: &[Exercise]) -> (String, bool) {
    let mut out = String::new();
    let mut chapters: Vec<u32> = exercises.iter().map(|e| e.chapter).collect();
    chapters.dedup();
    for chapter in chapters {
        let of_chapter: Vec<&Exercise> =
            exercises.iter().filter(|e| e.chapter == chapter).collect();
        let done = of_chapter.iter().filter(|e| e.done()).count();
        let (title, _) = chapter_info(chapter);
        out.push_str(&format!(
            "{chapter:>2}. {title}: {done}/{} done",
            of_chapter.len()
        ));
        match of_chapter.iter().find(|e| !e.done()) {
            None => out.push('\n'),
            Some(next) => out.push_str(&format!(
                ", next: Exercise {}.{} {} — {}\n",
                next.chapter,
                next.number,
                next.name,
                diagnosis(next)
            )),
        }
    }
    let done = exercises.iter().filter(|e| e.done()).count();
    let all = !exercises.is_empty() && done == exercises.len();
    if all {
        out.push_str(&format!("\nAll {done} exercises done.\n"));
    } else {
        out.push_str(&format!(
            "\n{done}/{} exercises done. Edit the file named above, then run `cargo xtask exercises` again.\n",
            exercises.len()
        ));
    }
    (out, all)
}

/// Runs the workbook's tests and prints the progress; `Ok(true)` if every
/// exercise is done.
pub fn run(root: &Path, solutions: bool) -> anyhow::Result<bool> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["test", "--package", "workbook", "--tests", "--no-fail-fast"]);
    if solutions {
        command.args(["--features", "solutions"]);
    }
    eprintln!(
        "xtask: running the workbook's tests{} (the first run compiles them: a minute or two) …",
        if solutions {
            " on the reference solutions"
        } else {
            ""
        }
    );
    let output = command
        .env("RUST_BACKTRACE", "0")
        .output()
        .context("running cargo test for the workbook")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results = parse_report(&stdout);
    if results.is_empty() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        eprint!("{stderr}");
        anyhow::bail!(
            "the workbook's tests did not run (does the workbook compile? cargo's messages are above)"
        );
    }
    let (exercises, strays) = exercises(&results);
    let (report, all_done) = render(&exercises);
    print!("{report}");
    if !strays.is_empty() {
        anyhow::bail!(
            "tests not named after an exercise (`exC_N_name::…`): {}",
            strays.join(", ")
        );
    }
    if all_done && !output.status.success() {
        anyhow::bail!(
            "every test that ran passed, but cargo test failed: a test binary did not finish"
        );
    }
    Ok(all_done)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A libtest report with a pass, a `todo!`, a wrong answer and a
    /// proptest failure, as `cargo test` prints it.
    const REPORT: &str = "
running 4 tests
test ex2_1_huber::worked_values ... ok
test ex2_2_huber_gradient::at_the_kink ... FAILED
test ex2_2_huber_gradient::matches_lossbook ... FAILED
test ex3_1_bce_with_logits::worked_values ... FAILED
test ex3_1_bce_with_logits::ignored_one ... ignored

failures:

---- ex2_2_huber_gradient::at_the_kink stdout ----

thread 'ex2_2_huber_gradient::at_the_kink' (77) panicked at workbook/tests/regression.rs:60:9:
huber_gradient at |e| = δ: expected [0.5], got [0.25]
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- ex2_2_huber_gradient::matches_lossbook stdout ----

thread 'ex2_2_huber_gradient::matches_lossbook' (78) panicked at workbook/tests/common/mod.rs:30:5:
huber_gradient(target [0.0]): expected [1.0], got [2.0]

thread 'ex2_2_huber_gradient::matches_lossbook' (78) panicked at workbook/tests/regression.rs:70:5:
Test failed: huber_gradient(target [0.0]): expected [1.0], got [2.0].
minimal failing input: delta = 0.5
\tsuccesses: 0
\tlocal rejects: 0

---- ex3_1_bce_with_logits::worked_values stdout ----

thread 'ex3_1_bce_with_logits::worked_values' (79) panicked at workbook/src/classification.rs:18:5:
not yet implemented: Exercise 3.1: bce_with_logits
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    ex2_2_huber_gradient::at_the_kink
    ex2_2_huber_gradient::matches_lossbook
    ex3_1_bce_with_logits::worked_values

test result: FAILED. 1 passed; 3 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s
";

    #[test]
    fn the_report_is_parsed_test_by_test_with_each_failures_last_panic() {
        let results = parse_report(REPORT);
        let names: Vec<(&str, bool)> = results
            .iter()
            .map(|r| (r.name.as_str(), r.passed))
            .collect();
        assert_eq!(
            names,
            [
                ("ex2_1_huber::worked_values", true),
                ("ex2_2_huber_gradient::at_the_kink", false),
                ("ex2_2_huber_gradient::matches_lossbook", false),
                ("ex3_1_bce_with_logits::worked_values", false),
            ]
        );
        assert_eq!(results[0].message, None);
        assert_eq!(
            results[1].message.as_deref(),
            Some("huber_gradient at |e| = δ: expected [0.5], got [0.25]")
        );
        assert_eq!(
            results[2].message.as_deref(),
            Some(
                "huber_gradient(target [0.0]): expected [1.0], got [2.0]\n\
                 (minimal failing input: delta = 0.5)"
            )
        );
        assert_eq!(
            results[3].message.as_deref(),
            Some("not yet implemented: Exercise 3.1: bce_with_logits")
        );
    }

    #[test]
    fn test_names_give_the_exercise() {
        assert_eq!(
            exercise_of("ex12_1_mse_with_gradient::a_million_samples"),
            Some((12, 1, "mse_with_gradient".to_string()))
        );
        assert_eq!(exercise_of("ex2_x_huber::a"), None);
        assert_eq!(exercise_of("ex2_1_::a"), None);
        assert_eq!(exercise_of("checker::good"), None);
    }

    #[test]
    fn progress_names_the_next_exercise_and_why() {
        let (exercises, strays) = exercises(&parse_report(REPORT));
        assert!(strays.is_empty(), "{strays:?}");
        assert_eq!(exercises.len(), 3);
        assert!(exercises[0].done());
        assert!(!exercises[1].done() && !exercises[1].not_started());
        assert!(exercises[2].not_started());
        let (text, all_done) = render(&exercises);
        assert!(!all_done);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            " 2. Regression losses: 1/2 done, next: Exercise 2.2 huber_gradient — \
             huber_gradient at |e| = δ: expected [0.5], got [0.25]"
        );
        assert_eq!(
            lines[1],
            "      (2 of 2 tests fail; this one is `ex2_2_huber_gradient::at_the_kink`)"
        );
        assert_eq!(
            lines[2],
            " 3. Classification losses: 0/1 done, next: Exercise 3.1 bce_with_logits — \
             not started: its body in workbook/src/classification.rs is still `todo!()`"
        );
        assert!(text.ends_with("1/3 exercises done. Edit the file named above, then run `cargo xtask exercises` again.\n"));
    }

    /// Each `pub fn` of a Rust file: (name, signature up to the `{`, body).
    fn functions(text: &str) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("\npub fn ") {
            let item = &rest[start + 1..];
            let open = item.find(" {\n").expect("a body");
            let close = item.find("\n}\n").expect("a closing brace");
            let name = item["pub fn ".len()..].split(['(', '<']).next().unwrap();
            out.push((
                name.to_string(),
                item[..open].to_string(),
                item[open + 3..close].trim().to_string(),
            ));
            rest = &item[close..];
        }
        out
    }

    /// The stubs, the solutions, the tests and this table agree: every stub
    /// is `todo!("Exercise C.N: name")` under a doc comment naming the same
    /// exercise, its solution has the same signature, and its tests are the
    /// module `exC_N_name` of the chapter's test file.
    #[test]
    fn stubs_solutions_and_tests_agree() {
        let workbook = crate::workspace_root().join("workbook");
        let read = |path: &str| std::fs::read_to_string(workbook.join(path)).unwrap();
        let mut count = 0;
        for (chapter, _, file) in CHAPTERS {
            let stubs = functions(&read(&format!("src/{file}")));
            let solutions = functions(&read(&format!("src/solutions/{file}")));
            let tests = read(&format!("tests/{file}"));
            assert!(!stubs.is_empty(), "no exercise in workbook/src/{file}");
            let stub = read(&format!("src/{file}"));
            for (number, (name, signature, body)) in (1..).zip(&stubs) {
                let id = format!("{chapter}.{number}");
                assert_eq!(
                    body,
                    &format!("todo!(\"Exercise {id}: {name}\")"),
                    "workbook/src/{file}: {name}"
                );
                assert!(
                    stub.contains(&format!("/// **Exercise {id}.**")),
                    "workbook/src/{file}: doc of {name}"
                );
                let solution = solutions.iter().find(|(n, _, _)| n == name);
                assert_eq!(
                    solution.map(|s| &s.1),
                    Some(signature),
                    "workbook/src/solutions/{file}: {name}"
                );
                let module = format!("mod ex{chapter}_{number}_{name} {{");
                assert!(
                    tests.contains(&module),
                    "workbook/tests/{file} lacks `{module}`"
                );
                count += 1;
            }
            assert_eq!(
                solutions.len(),
                stubs.len(),
                "workbook/src/solutions/{file}"
            );
        }
        assert!(count >= 12, "only {count} exercises");
    }

    #[test]
    fn all_done_only_when_every_test_of_every_exercise_passes() {
        let passing = "test ex2_1_huber::a ... ok\ntest ex2_1_huber::b ... ok\n";
        let (exercises, _) = exercises(&parse_report(passing));
        let (text, all_done) = render(&exercises);
        assert!(all_done);
        assert_eq!(
            text,
            " 2. Regression losses: 1/1 done\n\nAll 1 exercises done.\n"
        );
        // Nothing ran: not done.
        assert!(!render(&[]).1);
    }
}
