//! Keeps the book (`book/src/**/*.md`) in sync with the code it shows.
//!
//! The book's promise is that every Rust snippet a reader sees is real,
//! compiled and tested code. So a fenced block whose info string starts with
//! `rust` may contain nothing but `{{#include PATH:ANCHOR}}` lines that pull
//! an anchored region out of `src/` or `tests/`; a hand-written snippet could
//! silently drift from the implementation. mdBook itself is lenient here: an
//! include of a missing anchor renders as an empty block without any error,
//! which is why these checks exist.
//!
//! Checked, with the markdown file and line named in every failure:
//! * rust blocks: only `{{#include PATH:ANCHOR}}` lines; PATH (relative to the
//!   `.md` file) inside the repository's `src/` or `tests/`, or the
//!   workbook's `workbook/src/` or `workbook/tests/`; the file exists;
//!   the anchor is opened, closed after it, and encloses at least one
//!   non-blank line;
//! * other `{{#include}}` directives point to an existing file (and anchor);
//! * images (`![alt](path)` and `<img src="path">`) exist locally;
//! * every chapter linked from `SUMMARY.md` exists;
//! * every anchor in the Rust files of those directories is balanced.
//!
//! Anchor markers are line comments of the form `// ANCHOR` + `: name` and
//! `// ANCHOR_END` + `: name` (spelled apart here so this file does not
//! contain markers itself). Only std is used.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Where the code a rust block may include lives: the library, its tests,
/// and the workbook's exercises, solutions and tests.
const CODE_DIRS: [&str; 4] = ["src", "tests", "workbook/src", "workbook/tests"];

/// Read-only view of files, so the checks can run on in-memory fixtures.
trait Files {
    fn read(&self, path: &Path) -> Option<String>;
    fn exists(&self, path: &Path) -> bool;
}

/// The real repository on disk.
struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path) -> Option<String> {
        fs::read_to_string(path).ok()
    }
    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }
}

/// Remove `.` and `..` lexically, so that a path can be compared with the
/// repository's directories without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// An anchor marker on one line: `(is_end, name)`.
fn anchor_marker(line: &str) -> Option<(bool, &str)> {
    let comment = line.trim_start().strip_prefix("//")?.trim_start();
    let (is_end, rest) = if let Some(rest) = comment.strip_prefix("ANCHOR_END:") {
        (true, rest)
    } else {
        (false, comment.strip_prefix("ANCHOR:")?)
    };
    let name = rest.trim();
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    Some((is_end, if valid { name } else { "" }))
}

/// Problems with the anchor pairs of one source file (`name` is how the file
/// is spelled in messages).
fn anchor_balance(name: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    // Open anchors: name → line where opened.
    let mut open: HashMap<&str, usize> = HashMap::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let n = index + 1;
        let Some((is_end, anchor)) = anchor_marker(line) else {
            continue;
        };
        if anchor.is_empty() {
            problems.push(format!(
                "{name}:{n}: anchor marker without a valid name (letters, digits, `_`, `-`)"
            ));
        } else if is_end {
            if open.remove(anchor).is_none() {
                problems.push(format!(
                    "{name}:{n}: ANCHOR_END `{anchor}` without a preceding ANCHOR `{anchor}`"
                ));
            }
        } else if let Some(first) = seen.insert(anchor, n) {
            problems.push(format!(
                "{name}:{n}: anchor `{anchor}` already defined on line {first}"
            ));
        } else {
            open.insert(anchor, n);
        }
    }
    let mut unclosed: Vec<_> = open.into_iter().collect();
    unclosed.sort_by_key(|&(_, n)| n);
    for (anchor, n) in unclosed {
        problems.push(format!(
            "{name}:{n}: ANCHOR `{anchor}` is never closed by ANCHOR_END `{anchor}`"
        ));
    }
    problems
}

/// Check that `anchor` exists in `text`, is closed, and is not empty.
fn check_anchor(file: &str, text: &str, anchor: &str) -> Result<(), String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| anchor_marker(l) == Some((false, anchor)))
        .ok_or_else(|| format!("anchor `{anchor}` not found in {file}"))?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| anchor_marker(l) == Some((true, anchor)))
        .ok_or_else(|| {
            format!(
                "anchor `{anchor}` opened at {file}:{} is never closed",
                start + 1
            )
        })?
        + start
        + 1;
    // mdBook drops nested marker lines from the included text.
    let has_content = lines[start + 1..end]
        .iter()
        .any(|l| !l.trim().is_empty() && anchor_marker(l).is_none());
    if has_content {
        Ok(())
    } else {
        Err(format!(
            "anchor `{anchor}` at {file}:{} encloses no code",
            start + 1
        ))
    }
}

/// Opening fence of a fenced code block: (fence char, length, info string).
fn fence_open(line: &str) -> Option<(char, usize, &str)> {
    let trimmed = line.trim_start();
    let c = trimmed.chars().next().filter(|&c| c == '`' || c == '~')?;
    let len = trimmed.chars().take_while(|&x| x == c).count();
    let info = trimmed[len..].trim();
    (len >= 3 && !(c == '`' && info.contains('`'))).then_some((c, len, info))
}

fn fence_closes(line: &str, c: char, len: usize) -> bool {
    let trimmed = line.trim();
    trimmed.len() >= len && trimmed.chars().all(|x| x == c)
}

/// A parsed `{{#include …}}` argument: the path and what follows the first
/// `:` (an anchor name or a line range), if anything.
fn split_include(arg: &str) -> (&str, Option<&str>) {
    match arg.split_once(':') {
        Some((path, rest)) => (path.trim(), Some(rest.trim())),
        None => (arg.trim(), None),
    }
}

/// Whether an include's selector is a line range (`10`, `10:20`, `:20`, `10:`).
fn is_line_range(selector: &str) -> bool {
    selector
        .chars()
        .all(|c| c.is_ascii_digit() || c == ':' || c.is_whitespace())
}

/// Strip an optional title and angle brackets from a markdown link target,
/// and any `#fragment` or `?query`.
fn link_target(raw: &str) -> &str {
    let raw = raw.trim();
    let raw = match raw.strip_prefix('<') {
        Some(inner) => inner.split('>').next().unwrap_or(inner),
        None => raw.split_whitespace().next().unwrap_or(""),
    };
    raw.split(['#', '?']).next().unwrap_or("")
}

fn is_external(url: &str) -> bool {
    url.starts_with("//") || url.contains("://") || url.starts_with("data:")
}

/// Targets of `![alt](target)` image links on one line.
fn markdown_images(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("![") {
        let after = &rest[start + 2..];
        let Some(close) = after.find("](") else { break };
        let target = &after[close + 2..];
        let Some(end) = target.find(')') else { break };
        out.push(link_target(&target[..end]));
        rest = &target[end..];
    }
    out
}

/// Targets of `<img src="…">` tags on one line.
fn html_images(line: &str) -> Vec<&str> {
    let lower = line.to_ascii_lowercase();
    let mut out = Vec::new();
    for (start, _) in lower.match_indices("<img") {
        let tag_end = lower[start..].find('>').map_or(line.len(), |e| start + e);
        let tag = &lower[start..tag_end];
        let Some(src) = tag.find("src=") else {
            continue;
        };
        let value_start = start + src + 4;
        let value = &line[value_start..tag_end];
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value.split_whitespace().next().unwrap_or(""),
        };
        out.push(link_target(value));
    }
    out
}

/// The checks, relative to a repository root, over some `Files`.
struct Checker<'a, F: Files> {
    root: &'a Path,
    files: &'a F,
}

impl<F: Files> Checker<'_, F> {
    /// How a path is spelled in messages: relative to the repository.
    fn show(&self, path: &Path) -> String {
        path.strip_prefix(self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// Check one include directive's argument found at `md:line`.
    fn check_include(
        &self,
        md: &Path,
        line: usize,
        arg: &str,
        in_rust_block: bool,
    ) -> Option<String> {
        let here = format!("{}:{line}", self.show(md));
        let (path, selector) = split_include(arg);
        let dir = md.parent().unwrap_or(self.root);
        let target = normalize(&dir.join(path));
        let shown = self.show(&target);
        if in_rust_block
            && !CODE_DIRS
                .iter()
                .any(|dir| target.starts_with(self.root.join(dir)))
        {
            return Some(format!(
                "{here}: include `{path}` resolves to {shown}, outside src/, tests/, workbook/src/ and workbook/tests/"
            ));
        }
        let selector = selector.filter(|s| !s.is_empty());
        if in_rust_block && selector.is_none_or(is_line_range) {
            return Some(format!(
                "{here}: include `{arg}` must name an anchor (`PATH:ANCHOR`), not a whole file or a line range"
            ));
        }
        let Some(text) = self.files.read(&target) else {
            return Some(format!("{here}: included file {shown} does not exist"));
        };
        match selector {
            Some(anchor) if !is_line_range(anchor) => check_anchor(&shown, &text, anchor)
                .err()
                .map(|e| format!("{here}: {e}")),
            _ => None,
        }
    }

    /// Every problem in one markdown file.
    fn check_markdown(&self, md: &Path, text: &str) -> Vec<String> {
        let mut problems = Vec::new();
        let shown = self.show(md);
        let dir = md.parent().unwrap_or(self.root);
        // (fence char, fence length, is a rust block, line it opened on)
        let mut fence: Option<(char, usize, bool, usize)> = None;
        for (index, line) in text.lines().enumerate() {
            let n = index + 1;
            if let Some((c, len, is_rust, opened)) = fence {
                if fence_closes(line, c, len) {
                    fence = None;
                    continue;
                }
                if is_rust {
                    let trimmed = line.trim();
                    if trimmed.is_empty() {
                        continue;
                    }
                    let directive = trimmed
                        .strip_prefix("{{#include ")
                        .and_then(|rest| rest.strip_suffix("}}"));
                    match directive {
                        Some(arg) => problems.extend(self.check_include(md, n, arg, true)),
                        None => problems.push(format!(
                            "{shown}:{n}: the rust code block opened on line {opened} contains \
                             hand-written code `{trimmed}`; rust blocks may only contain \
                             `{{{{#include PATH:ANCHOR}}}}` lines pulling tested code from src/ or tests/"
                        )),
                    }
                    continue;
                }
            } else if let Some((c, len, info)) = fence_open(line) {
                let is_rust = info.starts_with("rust");
                fence = Some((c, len, is_rust, n));
                continue;
            }
            // Outside rust blocks: includes must resolve, images must exist.
            let mut rest = line;
            let mut offset = 0;
            while let Some(start) = rest.find("{{#include") {
                let absolute = offset + start;
                let escaped = line[..absolute].ends_with('\\');
                let after = &rest[start + "{{#include".len()..];
                let Some(end) = after.find("}}") else {
                    problems.push(format!(
                        "{shown}:{n}: unterminated `{{{{#include` directive"
                    ));
                    break;
                };
                if !escaped {
                    problems.extend(self.check_include(md, n, after[..end].trim(), false));
                }
                offset = absolute + "{{#include".len() + end + 2;
                rest = &line[offset..];
            }
            if fence.is_some() {
                continue;
            }
            for image in markdown_images(line).into_iter().chain(html_images(line)) {
                if image.is_empty() {
                    problems.push(format!("{shown}:{n}: image with an empty path"));
                } else if is_external(image) {
                    problems.push(format!(
                        "{shown}:{n}: image `{image}` is not a local file (the book must work offline)"
                    ));
                } else if !self.files.exists(&normalize(&dir.join(image))) {
                    problems.push(format!(
                        "{shown}:{n}: image `{image}` does not exist ({})",
                        self.show(&normalize(&dir.join(image)))
                    ));
                }
            }
        }
        if let Some((_, _, _, opened)) = fence {
            problems.push(format!("{shown}:{opened}: code block is never closed"));
        }
        problems
    }

    /// Every chapter linked from SUMMARY.md must exist.
    fn check_summary(&self, summary: &Path, text: &str) -> Vec<String> {
        let mut problems = Vec::new();
        let dir = summary.parent().unwrap_or(self.root);
        for (index, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(start) = rest.find("](") {
                let after = &rest[start + 2..];
                let Some(end) = after.find(')') else { break };
                let target = link_target(&after[..end]);
                // `[Draft chapter]()` is a draft: no file on purpose.
                if !target.is_empty() && !is_external(target) {
                    let path = normalize(&dir.join(target));
                    if !self.files.exists(&path) {
                        problems.push(format!(
                            "{}:{}: chapter `{target}` listed in SUMMARY.md does not exist",
                            self.show(summary),
                            index + 1
                        ));
                    }
                }
                rest = &after[end..];
            }
        }
        problems
    }
}

/// The repository root (this crate's manifest directory).
fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// All files below `dir` with extension `ext`, sorted; empty if `dir` is absent.
fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn fail_on(problems: Vec<String>, what: &str) {
    assert!(
        problems.is_empty(),
        "{} {what}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn book_markdown_is_in_sync_with_the_code() {
    let root = repo_root();
    let src = root.join("book").join("src");
    let checker = Checker {
        root: &root,
        files: &Disk,
    };
    let markdown = files_with_extension(&src, "md");
    assert!(
        !markdown.is_empty(),
        "no markdown found under {}",
        src.display()
    );
    let mut problems = Vec::new();
    for md in &markdown {
        let text = fs::read_to_string(md).unwrap();
        problems.extend(checker.check_markdown(md, &text));
    }
    let summary = src.join("SUMMARY.md");
    match fs::read_to_string(&summary) {
        Ok(text) => problems.extend(checker.check_summary(&summary, &text)),
        Err(e) => problems.push(format!("book/src/SUMMARY.md: cannot read: {e}")),
    }
    fail_on(problems, "book sync problem(s)");
}

#[test]
fn source_anchors_are_balanced() {
    let root = repo_root();
    let mut problems = Vec::new();
    for dir in CODE_DIRS {
        for file in files_with_extension(&root.join(dir), "rs") {
            let text = fs::read_to_string(&file).unwrap();
            let shown = file
                .strip_prefix(&root)
                .unwrap_or(&file)
                .display()
                .to_string();
            problems.extend(anchor_balance(&shown, &text));
        }
    }
    fail_on(problems, "unbalanced anchor(s)");
}

/// Tests of the checker itself, on in-memory files.
mod checker {
    use super::*;

    /// In-memory repository rooted at `/repo`.
    struct Mem(HashMap<PathBuf, String>);

    impl Files for Mem {
        fn read(&self, path: &Path) -> Option<String> {
            self.0.get(path).cloned()
        }
        fn exists(&self, path: &Path) -> bool {
            self.0.contains_key(path)
        }
    }

    fn marker(kind: &str, name: &str) -> String {
        format!("// {kind}: {name}")
    }

    /// `src/loss.rs` with a good anchor `mse`, an empty anchor `empty` and an
    /// unclosed anchor `open`, plus a figure.
    fn repo() -> Mem {
        let loss = [
            "use std::f64;".to_string(),
            marker("ANCHOR", "mse"),
            "pub fn mse(a: f64, b: f64) -> f64 { (a - b).powi(2) }".to_string(),
            marker("ANCHOR_END", "mse"),
            marker("ANCHOR", "empty"),
            String::new(),
            marker("ANCHOR_END", "empty"),
            marker("ANCHOR", "open"),
            "pub fn never_closed() {}".to_string(),
        ]
        .join("\n");
        Mem(HashMap::from([
            (PathBuf::from("/repo/src/loss.rs"), loss.clone()),
            (PathBuf::from("/repo/workbook/src/regression.rs"), loss),
            (
                PathBuf::from("/repo/book/src/fig/a.svg"),
                "<svg/>".to_string(),
            ),
            (PathBuf::from("/repo/book/src/intro.md"), String::new()),
            (PathBuf::from("/repo/Cargo.toml"), String::new()),
        ]))
    }

    fn check(markdown: &str) -> Vec<String> {
        let files = repo();
        let checker = Checker {
            root: Path::new("/repo"),
            files: &files,
        };
        checker.check_markdown(Path::new("/repo/book/src/ch.md"), markdown)
    }

    fn assert_one(problems: &[String], line: usize, needle: &str) {
        assert_eq!(problems.len(), 1, "{problems:?}");
        let prefix = format!("book/src/ch.md:{line}: ");
        assert!(problems[0].starts_with(&prefix), "{problems:?}");
        assert!(problems[0].contains(needle), "{problems:?}");
    }

    #[test]
    fn good_include_passes() {
        let md = "# Ch\n\n```rust\n{{#include ../../src/loss.rs:mse}}\n```\n\n![plot](fig/a.svg)\n";
        assert_eq!(check(md), Vec::<String>::new());
    }

    #[test]
    fn hand_written_rust_block_fails() {
        let md = "# Ch\n\n```rust,ignore\nfn mse() {}\n```\n";
        assert_one(&check(md), 4, "hand-written code `fn mse() {}`");
        // Other languages may be hand-written.
        assert_eq!(check("```text\nfn mse() {}\n```\n"), Vec::<String>::new());
    }

    #[test]
    fn missing_anchor_fails() {
        let md = "```rust\n{{#include ../../src/loss.rs:nope}}\n```\n";
        assert_one(&check(md), 2, "anchor `nope` not found in src/loss.rs");
    }

    #[test]
    fn unclosed_anchor_fails() {
        let md = "```rust\n{{#include ../../src/loss.rs:open}}\n```\n";
        assert_one(&check(md), 2, "opened at src/loss.rs:8 is never closed");
    }

    #[test]
    fn empty_anchor_fails() {
        let md = "```rust\n{{#include ../../src/loss.rs:empty}}\n```\n";
        assert_one(&check(md), 2, "encloses no code");
    }

    #[test]
    fn missing_file_and_paths_outside_src_fail() {
        let md = "```rust\n{{#include ../../src/gone.rs:mse}}\n```\n";
        assert_one(&check(md), 2, "src/gone.rs does not exist");
        let md = "```rust\n{{#include ../../Cargo.toml:x}}\n```\n";
        assert_one(
            &check(md),
            2,
            "outside src/, tests/, workbook/src/ and workbook/tests/",
        );
        let md = "```rust\n{{#include ../../src/loss.rs}}\n```\n";
        assert_one(&check(md), 2, "must name an anchor");
        let md = "```rust\n{{#include ../../workbook/Cargo.toml:x}}\n```\n";
        assert_one(
            &check(md),
            2,
            "outside src/, tests/, workbook/src/ and workbook/tests/",
        );
    }

    #[test]
    fn workbook_code_may_be_included() {
        let md = "```rust\n{{#include ../../workbook/src/regression.rs:mse}}\n```\n";
        assert_eq!(check(md), Vec::<String>::new());
    }

    #[test]
    fn includes_outside_rust_blocks_must_resolve() {
        assert_one(
            &check("text\n{{#include missing.md}}\n"),
            2,
            "missing.md does not exist",
        );
        assert_one(
            &check("```toml\n{{#include ../../src/loss.rs:nope}}\n```\n"),
            2,
            "anchor `nope` not found",
        );
        assert_eq!(check("{{#include intro.md}}\n"), Vec::<String>::new());
        // `\{{#include}}` is mdBook's escape for showing the directive.
        assert_eq!(check("write \\{{#include x.rs:y}}\n"), Vec::<String>::new());
    }

    #[test]
    fn images_must_exist_locally() {
        assert_one(
            &check("![a](fig/b.svg)\n"),
            1,
            "image `fig/b.svg` does not exist",
        );
        assert_one(
            &check("<img src=\"fig/c.png\" alt=\"c\">\n"),
            1,
            "`fig/c.png` does not exist",
        );
        assert_one(&check("![a](https://x.org/a.png)\n"), 1, "not a local file");
        assert_eq!(
            check("![a](fig/a.svg \"title\") <img src='fig/a.svg'>\n"),
            Vec::<String>::new()
        );
        // Images inside code blocks are code, not images.
        assert_eq!(
            check("```md\n![a](fig/zzz.svg)\n```\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn summary_chapters_must_exist() {
        let files = repo();
        let checker = Checker {
            root: Path::new("/repo"),
            files: &files,
        };
        let summary = Path::new("/repo/book/src/SUMMARY.md");
        let text = "# Summary\n\n[Intro](intro.md)\n- [Gone](gone.md)\n- [Draft]()\n";
        let problems = checker.check_summary(summary, text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("book/src/SUMMARY.md:4: chapter `gone.md`"),
            "{problems:?}"
        );
    }

    #[test]
    fn listing_length_counts_what_mdbook_shows() {
        let text = [
            marker("ANCHOR", "outer"),
            "fn a() {".to_string(),
            String::new(),
            marker("ANCHOR", "inner"),
            "    1".to_string(),
            marker("ANCHOR_END", "inner"),
            "}".to_string(),
            marker("ANCHOR_END", "outer"),
        ]
        .join("\n");
        // Blank lines and nested markers are not shown.
        assert_eq!(anchored_lines(&text, "outer"), Some(3));
        assert_eq!(anchored_lines(&text, "inner"), Some(1));
        assert_eq!(anchored_lines(&text, "missing"), None);
        assert_eq!(median(vec![30, 1, 14]), 14.0);
        assert_eq!(median(vec![10, 1, 14, 40]), 12.0);
    }

    #[test]
    fn anchor_balance_reports_every_kind_of_imbalance() {
        let text = [
            marker("ANCHOR", "a"),
            marker("ANCHOR_END", "a"),
            marker("ANCHOR", "b"),
            marker("ANCHOR_END", "c"),
            marker("ANCHOR", "a"),
            "/// ANCHOR in a doc comment is prose, not a marker: x".to_string(),
        ]
        .join("\n");
        let problems = anchor_balance("src/x.rs", &text);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with("src/x.rs:4: ANCHOR_END `c`"),
            "{problems:?}"
        );
        assert!(problems[1].starts_with("src/x.rs:5: anchor `a` already defined on line 1"));
        assert!(problems[2].starts_with("src/x.rs:3: ANCHOR `b` is never closed"));
    }
}

/// Longest listing a chapter may show, in non-blank lines.
const MAX_LISTING_LINES: usize = 30;

/// The longest the median listing may be, in non-blank lines.
const MAX_MEDIAN_LINES: f64 = 14.0;

/// Pages that are not chapters: the generated ledger and the references.
const NOT_CHAPTERS: [&str; 3] = ["SUMMARY.md", "claims.md", "references.md"];

/// One `{{#include PATH:ANCHOR}}` of a chapter and what it shows.
struct Listing {
    /// `src/optim/adam.rs:adam_update`, as the offenders are named.
    name: String,
    /// `book/src/chapter.md:12`, where it is included.
    at: String,
    /// Non-blank lines shown (nested anchor markers are dropped by mdBook).
    lines: usize,
}

/// The non-blank lines mdBook shows for `anchor` in `text`, if it exists.
fn anchored_lines(text: &str, anchor: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| anchor_marker(l) == Some((false, anchor)))?;
    let shown = lines[start + 1..]
        .iter()
        .take_while(|l| anchor_marker(l) != Some((true, anchor)))
        .filter(|l| !l.trim().is_empty() && anchor_marker(l).is_none())
        .count();
    Some(shown)
}

/// Every anchored include of Rust code in the chapter pages.
fn chapter_listings(root: &Path) -> Vec<Listing> {
    let src = root.join("book").join("src");
    let mut listings = Vec::new();
    for md in files_with_extension(&src, "md") {
        let page = md.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if NOT_CHAPTERS.contains(&page) {
            continue;
        }
        let text = fs::read_to_string(&md).unwrap();
        for (index, line) in text.lines().enumerate() {
            let Some(arg) = line
                .trim()
                .strip_prefix("{{#include ")
                .and_then(|rest| rest.strip_suffix("}}"))
            else {
                continue;
            };
            let (path, Some(anchor)) = split_include(arg) else {
                continue;
            };
            let target = normalize(&md.parent().unwrap().join(path));
            let shown_path = target.strip_prefix(root).unwrap_or(&target);
            if target.extension().is_none_or(|e| e != "rs") || is_line_range(anchor) {
                continue;
            }
            let lines = fs::read_to_string(&target)
                .ok()
                .and_then(|t| anchored_lines(&t, anchor))
                .unwrap_or(0);
            listings.push(Listing {
                name: format!("{}:{anchor}", shown_path.display()),
                at: format!(
                    "{}:{}",
                    md.strip_prefix(root).unwrap_or(&md).display(),
                    index + 1
                ),
                lines,
            });
        }
    }
    listings
}

fn median(mut values: Vec<usize>) -> f64 {
    values.sort_unstable();
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    }
}

/// The length gate: no chapter listing over [`MAX_LISTING_LINES`] non-blank
/// lines, and a median of at most [`MAX_MEDIAN_LINES`]. Run with `--nocapture` to see the
/// longest listings and the numbers per page.
#[test]
fn chapter_listings_are_short() {
    let root = repo_root();
    let listings = chapter_listings(&root);
    assert!(!listings.is_empty(), "no listings found in the chapters");
    let lengths: Vec<usize> = listings.iter().map(|l| l.lines).collect();
    let middle = median(lengths.clone());
    let mut longest: Vec<&Listing> = listings.iter().collect();
    longest.sort_by(|a, b| b.lines.cmp(&a.lines).then(a.name.cmp(&b.name)));
    println!(
        "{} listings: max {}, median {middle}, {} lines in all",
        listings.len(),
        lengths.iter().max().unwrap(),
        lengths.iter().sum::<usize>()
    );
    for listing in longest.iter().take(20) {
        println!("  {:4} {} ({})", listing.lines, listing.name, listing.at);
    }
    let mut problems = Vec::new();
    for listing in &listings {
        if listing.lines > MAX_LISTING_LINES {
            problems.push(format!(
                "{}: listing {} has {} non-blank lines (limit {MAX_LISTING_LINES}); anchor one \
                 item, or show the rule as a short function and move the rest to an appendix",
                listing.at, listing.name, listing.lines
            ));
        }
    }
    if middle > MAX_MEDIAN_LINES {
        problems.push(format!(
            "the median listing has {middle} non-blank lines, more than {MAX_MEDIAN_LINES}"
        ));
    }
    fail_on(problems, "listing length problem(s)");
}
