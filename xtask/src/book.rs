//! `cargo xtask book`: figures, then the mdBook, then checks on its output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail, ensure};
use mdbook_driver::MDBook;

use crate::{caption::CaptionedLinks, check, logs, math::MathPreprocessor};

/// Regenerate the book's figures by running the root crate's `figures`
/// binary, exactly as a person would (`cargo run --release --bin figures`).
///
/// `CARGO` is set by cargo for the processes it runs, so we reuse the same
/// toolchain that is running xtask; a bare `cargo` is the fallback when xtask
/// is run directly.
pub fn regenerate_figures(workspace: &Path) -> anyhow::Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("xtask: regenerating figures (cargo run --release --package lossbook --bin figures)");
    let status = Command::new(&cargo)
        .current_dir(workspace)
        .args([
            "run",
            "--release",
            "--package",
            "lossbook",
            "--bin",
            "figures",
        ])
        .status()
        .with_context(|| format!("could not run {}", Path::new(&cargo).display()))?;
    if !status.success() {
        bail!(
            "figure generation failed: `cargo run --release --package lossbook --bin figures` \
             exited with {status}.\n\
             If the `figures` binary does not exist yet (src/bin/figures.rs), build the book \
             without regenerating figures: `cargo xtask book --no-figures`"
        );
    }
    Ok(())
}

/// Build the mdBook at `book_dir` with the math preprocessor and check the
/// result; return the path of the generated `index.html`.
///
/// `display_dir` is how `book_dir` is spelled in error messages (e.g.
/// `book`), so that `book/src/x.md:12: …` can be opened from the workspace.
///
/// Fails on: a book.toml that would load MathJax from a CDN; a LaTeX or `$`
/// syntax error; any WARN/ERROR logged by mdBook (missing include, HTML parse
/// error, …); and any problem `check::check_output` finds in the HTML.
pub fn build(book_dir: &Path, display_dir: &Path) -> anyhow::Result<PathBuf> {
    let (result, problems) = logs::capture(|| -> anyhow::Result<PathBuf> {
        let mut book = MDBook::load(book_dir)
            .with_context(|| format!("loading the book in `{}`", display_dir.display()))?;
        let html = book.config.html_config().unwrap_or_default();
        ensure!(
            !html.mathjax_support,
            "{}: `output.html.mathjax-support` must be false: MathJax loads from a CDN, and \
             math is rendered to MathML at build time instead",
            display_dir.join("book.toml").display()
        );
        // Build into a staging directory next to the real one; `publish`
        // swaps it in only once the build and its checks have passed, so a
        // failed build never leaves a half-written book behind.
        let build_dir = book.root.join(&book.config.build.build_dir);
        book.config.build.build_dir = staging_dir(&build_dir);
        let src = display_dir.join(&book.config.book.src);
        // Replaces mdBook's `links` in place: listings are captioned with
        // the file they include just before the include is expanded.
        book.with_preprocessor(CaptionedLinks);
        // Registered after book.toml's preprocessors, so it runs after
        // mdBook's `links` (formulas in included markdown get converted too).
        book.with_preprocessor(MathPreprocessor::new(src));
        if let Err(error) = book.build() {
            let _ = fs::remove_dir_all(staging_dir(&build_dir));
            return Err(error);
        }
        Ok(build_dir)
    });
    let build_dir = result?;
    let staging = staging_dir(&build_dir);
    let index = check_staged(&staging, problems).inspect_err(|_| {
        let _ = fs::remove_dir_all(&staging);
    })?;
    publish(&staging, &build_dir)?;
    Ok(build_dir.join(index.strip_prefix(&staging)?))
}

/// Where a build of `build_dir` is written before it is known to be good.
fn staging_dir(build_dir: &Path) -> PathBuf {
    build_dir.with_extension("partial")
}

/// Replaces `build_dir` with the checked `staging` directory.
fn publish(staging: &Path, build_dir: &Path) -> anyhow::Result<()> {
    if build_dir.exists() {
        fs::remove_dir_all(build_dir)
            .with_context(|| format!("removing the old book in {}", build_dir.display()))?;
    }
    fs::rename(staging, build_dir)
        .with_context(|| format!("moving the new book into {}", build_dir.display()))
}

/// Fails if mdBook logged a problem or the HTML in `out_dir` has one;
/// returns the path of its `index.html`.
fn check_staged(out_dir: &Path, problems: Vec<String>) -> anyhow::Result<PathBuf> {
    if !problems.is_empty() {
        bail!(
            "mdBook logged {} warning(s)/error(s); fix them, the book is not clean:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }

    let index = out_dir.join("index.html");
    ensure!(
        index.is_file(),
        "mdBook did not produce {}",
        index.display()
    );
    let problems = check::check_output(out_dir)
        .with_context(|| format!("reading the built book in {}", out_dir.display()))?;
    if !problems.is_empty() {
        bail!(
            "the built book in {} has {} problem(s):\n  {}",
            out_dir.display(),
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Write a tiny book into a fresh temporary directory.
    fn tiny_book(chapter: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("src")).unwrap();
        fs::write(
            root.join("book.toml"),
            "[book]\ntitle = \"tiny\"\n[output.html]\nmathjax-support = false\n\
             [output.html.search]\nenable = true\n",
        )
        .unwrap();
        fs::write(
            root.join("src/SUMMARY.md"),
            "# Summary\n\n- [Chapter](chapter.md)\n",
        )
        .unwrap();
        fs::write(root.join("src/chapter.md"), chapter).unwrap();
        dir
    }

    fn chapter_html(index: &Path) -> String {
        fs::read_to_string(index.parent().unwrap().join("chapter.html")).unwrap()
    }

    /// The whole pipeline: math survives pulldown-cmark and mdBook's HTML
    /// re-serialisation intact, and the output passes the offline checks.
    #[test]
    fn tiny_book_renders_math_through_markdown() {
        let book = tiny_book(
            "# Chapter\n\n\
             Inline $a_i * b_i + c_i * d_i$ and $\\|x\\|$ and `$code$`.\n\n\
             | col | math |\n|---|---|\n| 1 | $p \\| q$ |\n| 2 | $|x|$ |\n\n\
             - list item\n\n  $$\n  \\sum_{i=1}^{N} w_i^\\top x_i\n  $$\n\n\
             $$\n\\mathcal{L} = \\begin{cases} \\frac{1}{2} x^2 & |x| \\le \\delta \\\\ \
             \\delta (|x| - \\frac{1}{2}\\delta) & \\text{otherwise} \\end{cases}\n$$\n\n\
             It costs \\$5.\n",
        );
        let index = build(book.path(), Path::new("tiny")).unwrap();
        let html = chapter_html(&index);
        let body = &html[html.find("<main>").unwrap()..html.find("</main>").unwrap()];
        // `_` and `*` did not turn into emphasis...
        assert!(!body.contains("<em>"), "{body}");
        // ...and are still in the formula as MathML subscripts and operators.
        assert!(body.contains("<msub><mi>a</mi><mi>i</mi></msub>"), "{body}");
        assert!(
            body.contains("<mo lspace=\"0.2222em\" rspace=\"0.2222em\">∗</mo>"),
            "{body}"
        );
        // The pipe inside a table cell did not split the cell.
        assert!(body.contains("<td><math><mi>p</mi>"), "{body}");
        assert!(
            body.contains("<td><math><mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">|</mo>"),
            "{body}"
        );
        assert_eq!(body.matches("<math").count(), 6, "{body}");
        assert_eq!(
            body.matches("<div class=\"math-display\"><math display=\"block\">")
                .count(),
            2
        );
        assert!(body.contains("<mtable"), "{body}");
        assert!(body.contains("<code>$code$</code>"), "{body}");
        assert!(body.contains("It costs $5."), "{body}");
    }

    /// A listing's caption names its file, from the workspace that holds the
    /// book, and reaches the HTML right above the code.
    #[test]
    fn tiny_book_captions_listings_with_their_file() {
        let workspace = tempfile::tempdir().unwrap();
        let book = tiny_book("# Chapter\n\n```rust\n{{#include ../../src/lib.rs:answer}}\n```\n");
        let book_dir = workspace.path().join("book");
        fs::rename(book.path(), &book_dir)
            .or_else(|_| copy_dir(book.path(), &book_dir))
            .unwrap();
        fs::create_dir_all(workspace.path().join("src")).unwrap();
        fs::write(
            workspace.path().join("src/lib.rs"),
            "// ANCHOR: answer\npub const ANSWER: u8 = 42;\n// ANCHOR_END: answer\n",
        )
        .unwrap();
        let index = build(&book_dir, Path::new("book")).unwrap();
        let html = chapter_html(&index);
        let caption = "<p class=\"listing-caption\"><code>src/lib.rs</code> — library code</p>";
        let at = html.find(caption).unwrap_or_else(|| panic!("{html}"));
        let code = html.find("ANSWER").unwrap();
        assert!(at < code, "{html}");
        assert!(!html[at..code].contains("</pre>"), "{html}");
    }

    /// `rename` fails across file systems; a flat copy of the tiny book.
    fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
        fs::create_dir_all(to.join("src"))?;
        fs::copy(from.join("book.toml"), to.join("book.toml"))?;
        for entry in fs::read_dir(from.join("src"))? {
            let entry = entry?;
            fs::copy(entry.path(), to.join("src").join(entry.file_name()))?;
        }
        Ok(())
    }

    #[test]
    fn latex_error_fails_the_build_naming_file_and_formula() {
        let book = tiny_book("# Chapter\n\nfine $x$\n\n$$\n\\frac{a}{\n$$\n");
        let err = format!("{:#}", build(book.path(), Path::new("tiny")).unwrap_err());
        assert!(err.contains("tiny/src/chapter.md:5:"), "{err}");
        assert!(err.contains("\\frac{a}{"), "{err}");
    }

    #[test]
    fn missing_include_fails_the_build() {
        let book = tiny_book("# Chapter\n\n```rust\n{{#include ../nowhere.rs:anchor}}\n```\n");
        let err = format!("{:#}", build(book.path(), Path::new("tiny")).unwrap_err());
        assert!(err.contains("mdBook logged"), "{err}");
        assert!(err.contains("nowhere.rs"), "{err}");
    }

    #[test]
    fn mathjax_is_refused() {
        let book = tiny_book("# Chapter\n");
        let toml = book.path().join("book.toml");
        let config = fs::read_to_string(&toml).unwrap().replace("false", "true");
        fs::write(&toml, config).unwrap();
        let err = format!("{:#}", build(book.path(), Path::new("tiny")).unwrap_err());
        assert!(err.contains("mathjax-support"), "{err}");
    }

    #[test]
    fn a_failed_build_keeps_the_previous_book_and_leaves_no_partial_output() {
        let book = tiny_book("# Chapter\n\nfine $x$\n");
        let index = build(book.path(), Path::new("tiny")).unwrap();
        let good = fs::read_to_string(&index).unwrap();
        // An include of a missing file fails after mdBook has started writing.
        let chapter = book.path().join("src/chapter.md");
        fs::write(
            &chapter,
            "# Chapter\n\n```rust\n{{#include ../nowhere.rs:anchor}}\n```\n",
        )
        .unwrap();
        assert!(build(book.path(), Path::new("tiny")).is_err());
        assert_eq!(fs::read_to_string(&index).unwrap(), good);
        assert!(!staging_dir(index.parent().unwrap()).exists());
    }
}
