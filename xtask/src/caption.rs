//! Listing captions: every code block made of `{{#include …}}` lines gets a
//! caption naming the file it shows, and whether that file is library code
//! or a test.
//!
//! The caption is built from the include path itself, so it cannot drift
//! from the listing. That path is gone once mdBook's `links` preprocessor
//! has replaced the directive by the file's text, so captions are added just
//! before it: [`CaptionedLinks`] takes the place of `links`, captions every
//! chapter, then runs mdBook's own `links` on the result.

use std::path::{Component, Path, PathBuf};

use mdbook_driver::builtin_preprocessors::LinkPreprocessor;
use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

/// mdBook's `links` preprocessor, preceded by the captioning step.
///
/// Registered under `links`' own name, so it replaces the built-in one at
/// the same place in mdBook's order (first, before any other preprocessor).
pub struct CaptionedLinks;

impl Preprocessor for CaptionedLinks {
    fn name(&self) -> &str {
        LinkPreprocessor::NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> anyhow::Result<Book> {
        let book_root = std::path::absolute(&ctx.root)?;
        let src = book_root.join(&ctx.config.book.src);
        // Paths are shown from the directory that holds the book: the
        // workspace, where `src/` and `tests/` live.
        let workspace = book_root.parent().unwrap_or(&book_root).to_path_buf();
        book.for_each_chapter_mut(|chapter| {
            if let Some(path) = &chapter.path {
                let dir = src.join(path).parent().unwrap_or(&src).to_path_buf();
                chapter.content = caption_listings(&chapter.content, &dir, &workspace);
            }
        });
        LinkPreprocessor::new().run(ctx, book)
    }
}

/// What kind of code a workspace path holds, from its first directory (the
/// workbook's from its second: the reader's exercise, its solution, or a test).
fn kind(shown: &Path) -> Option<&'static str> {
    if let Ok(rest) = shown.strip_prefix("workbook") {
        return Some(if rest.starts_with("src/solutions") {
            "reference solution"
        } else if rest.starts_with("tests") {
            "workbook test"
        } else {
            "exercise"
        });
    }
    match shown.components().next()?.as_os_str().to_str()? {
        "src" => Some("library code"),
        "tests" => Some("test"),
        "benches" | "bench" => Some("benchmark"),
        "xtask" => Some("build tool"),
        _ => None,
    }
}

/// Remove `.` and `..` lexically (the file need not exist here; a missing
/// one is reported by `links` and by `tests/book_sync.rs`).
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

/// The file an `{{#include PATH…}}` line pulls in, if the line is one.
fn included_path(line: &str) -> Option<&str> {
    let arg = line
        .trim()
        .strip_prefix("{{#include ")?
        .strip_suffix("}}")?
        .trim();
    Some(arg.split(':').next().unwrap_or(arg).trim())
}

/// The caption of a listing that includes `paths` (as written, relative to
/// `chapter_dir`), one line of HTML indented by `indent`.
fn caption(paths: &[&str], chapter_dir: &Path, workspace: &Path, indent: &str) -> String {
    let mut files: Vec<(String, Option<&str>)> = Vec::new();
    for path in paths {
        let resolved = normalize(&chapter_dir.join(path));
        let entry = match resolved.strip_prefix(workspace) {
            Ok(shown) => (shown.display().to_string(), kind(shown)),
            Err(_) => ((*path).to_string(), None),
        };
        if !files.contains(&entry) {
            files.push(entry);
        }
    }
    let parts: Vec<String> = files
        .iter()
        .map(|(file, kind)| match kind {
            Some(kind) => format!("<code>{file}</code> — {kind}"),
            None => format!("<code>{file}</code>"),
        })
        .collect();
    format!(
        "{indent}<p class=\"listing-caption\">{}</p>",
        parts.join("; ")
    )
}

/// Adds a caption line before every fenced code block whose non-blank lines
/// are all `{{#include}}` directives. Other blocks and text are unchanged.
pub fn caption_listings(markdown: &str, chapter_dir: &Path, workspace: &Path) -> String {
    let lines: Vec<&str> = markdown.split_inclusive('\n').collect();
    let mut out = String::with_capacity(markdown.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let Some((fence, indent)) = fence_open(line) else {
            out.push_str(line);
            i += 1;
            continue;
        };
        let close = lines[i + 1..]
            .iter()
            .position(|l| closes(l, &fence))
            .map(|p| p + i + 1);
        let body_end = close.unwrap_or(lines.len());
        let body: Vec<&str> = lines[i + 1..body_end]
            .iter()
            .copied()
            .filter(|l| !l.trim().is_empty())
            .collect();
        let paths: Option<Vec<&str>> = body.iter().map(|l| included_path(l)).collect();
        if let Some(paths) = paths.filter(|p| !p.is_empty()) {
            // A raw HTML block must be separated from what follows by a
            // blank line, or the fence would be read as part of it.
            out.push_str(&caption(&paths, chapter_dir, workspace, indent));
            out.push_str("\n\n");
        }
        let end = close.map_or(lines.len(), |c| c + 1);
        for l in &lines[i..end] {
            out.push_str(l);
        }
        i = end;
    }
    out
}

/// An opening code fence (the fence itself) and its indentation.
fn fence_open(line: &str) -> Option<(String, &str)> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let c = trimmed.chars().next().filter(|&c| c == '`' || c == '~')?;
    let len = trimmed.chars().take_while(|&x| x == c).count();
    let info = &trimmed[len..];
    (len >= 3 && !(c == '`' && info.contains('`'))).then(|| (c.to_string().repeat(len), indent))
}

fn closes(line: &str, fence: &str) -> bool {
    let trimmed = line.trim();
    let c = fence.chars().next().unwrap_or('`');
    trimmed.len() >= fence.len() && trimmed.chars().all(|x| x == c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captioned(markdown: &str) -> String {
        caption_listings(markdown, Path::new("/ws/book/src"), Path::new("/ws"))
    }

    #[test]
    fn library_and_test_listings_are_named_and_told_apart() {
        let md = "Text.\n\n```rust\n{{#include ../../src/optim/adam.rs:adam_update}}\n```\n\n\
                  ```rust\n{{#include ../../tests/optimizers.rs:adam_bias}}\n```\n";
        let out = captioned(md);
        assert!(out.contains(
            "<p class=\"listing-caption\"><code>src/optim/adam.rs</code> — library code</p>\n\n```rust\n"
        ), "{out}");
        assert!(out.contains(
            "<p class=\"listing-caption\"><code>tests/optimizers.rs</code> — test</p>\n\n```rust\n"
        ), "{out}");
        // Nothing else changed.
        assert_eq!(out.matches("listing-caption").count(), 2);
        assert!(out.starts_with("Text.\n\n<p"), "{out}");
    }

    #[test]
    fn workbook_listings_say_exercise_or_solution() {
        let md = "```rust\n{{#include ../../workbook/src/regression.rs:huber}}\n```\n\n\
                  ```rust\n{{#include ../../workbook/src/solutions/regression.rs:huber}}\n```\n";
        let out = captioned(md);
        assert!(
            out.contains("<code>workbook/src/regression.rs</code> — exercise</p>"),
            "{out}"
        );
        assert!(
            out.contains(
                "<code>workbook/src/solutions/regression.rs</code> — reference solution</p>"
            ),
            "{out}"
        );
    }

    #[test]
    fn other_blocks_are_left_alone_and_indentation_is_kept() {
        let md =
            "```text\nplain\n```\n\n- item\n\n  ```rust\n  {{#include ../../src/a.rs:x}}\n  ```\n";
        let out = captioned(md);
        assert!(out.starts_with("```text\nplain\n```\n"), "{out}");
        assert!(
            out.contains("  <p class=\"listing-caption\"><code>src/a.rs</code> — library code</p>\n\n  ```rust"),
            "{out}"
        );
    }

    #[test]
    fn one_caption_per_block_with_each_file_once() {
        let md = "```rust\n{{#include ../../src/a.rs:x}}\n\n{{#include ../../src/a.rs:y}}\n\
                  {{#include ../../tests/b.rs:z}}\n```\n";
        let out = captioned(md);
        assert!(
            out.starts_with(
                "<p class=\"listing-caption\"><code>src/a.rs</code> — library code; \
             <code>tests/b.rs</code> — test</p>\n\n"
            ),
            "{out}"
        );
    }
}
