//! Build-time math: `$…$` and `$$…$$` in the book's markdown become MathML.
//!
//! Why at build time: the book must render offline and make no network
//! request, so MathJax/KaTeX from a CDN are out, and shipping a JavaScript
//! renderer would still leave the raw LaTeX visible without JS. Browsers lay
//! out MathML Core natively, and `math-core` converts LaTeX to it in Rust.
//!
//! Why before markdown rendering (a preprocessor): mdBook renders markdown
//! with pulldown-cmark, which would eat `_`, `*` and `\` inside formulas. We
//! replace every formula by *one line* of HTML first. Inline formulas become
//! inline HTML, whose text between tags is still markdown, so every ASCII
//! punctuation character in MathML text is written as a numeric character
//! reference (`&#42;` for `*`): markdown decodes it back to the character and
//! can no longer mistake it for emphasis, a table pipe or an escape. Display
//! formulas become `<div class="math-display">…</div>` surrounded by blank
//! lines, which CommonMark treats as a raw HTML block.
//!
//! Syntax rules for authors (also in `xtask/README.md`):
//! * inline: `$x$`; the opening `$` must be followed, and the closing `$`
//!   preceded, by a non-space character; it may wrap across lines of one
//!   paragraph;
//! * display: `$$` alone on a line, the formula, `$$` alone on a line — or
//!   `$$ formula $$` alone on one line;
//! * `\$` is a literal dollar sign (it is a markdown escape, left untouched);
//! * nothing inside fenced code blocks, inline code spans or HTML comments
//!   is touched;
//! * anything else with a `$` is an error, so a stray dollar sign can never
//!   silently swallow half a paragraph into a formula.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

/// A problem with one formula (or one `$`), located by 1-based line number in
/// the chapter's markdown (after mdBook expanded `{{#include}}` directives).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    pub line: usize,
    pub message: String,
}

/// One formula found in a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Formula {
    /// Bytes of the markdown to replace (delimiters included; for display math
    /// the whole `$$` … `$$` lines, from the start of the opening line's
    /// indentation to the end of the closing line, newline excluded).
    replace: Range<usize>,
    /// Bytes of the LaTeX source, delimiters excluded.
    latex: Range<usize>,
    display: bool,
    /// 1-based line of the opening delimiter.
    line: usize,
    /// Leading whitespace of a display formula's `$$` line, repeated on the
    /// generated `<div>` so that formulas inside list items stay inside them.
    indent: Range<usize>,
}

/// The mdBook preprocessor that converts every chapter's math to MathML.
///
/// It is registered in-process by `cargo xtask book` (after mdBook's own
/// `links` preprocessor, so included markdown is converted too); it is not a
/// `[preprocessor]` table in book.toml, because mdBook would then look for an
/// external `mdbook-…` command.
pub struct MathPreprocessor {
    /// Prefix for file names in error messages, so they can be clicked from a
    /// terminal opened at the workspace root (e.g. `book/src`).
    display_src_dir: PathBuf,
}

impl MathPreprocessor {
    /// `display_src_dir` is how error messages spell the book's `src` dir.
    pub fn new(display_src_dir: impl Into<PathBuf>) -> Self {
        Self {
            display_src_dir: display_src_dir.into(),
        }
    }
}

impl Preprocessor for MathPreprocessor {
    fn name(&self) -> &str {
        "lossbook-math"
    }

    fn run(&self, _ctx: &PreprocessorContext, mut book: Book) -> anyhow::Result<Book> {
        let converter = converter()?;
        let mut errors = Vec::new();
        book.for_each_chapter_mut(|chapter| {
            let file = chapter
                .source_path
                .as_ref()
                .or(chapter.path.as_ref())
                .map(|p| self.display_src_dir.join(p).display().to_string())
                .unwrap_or_else(|| format!("chapter {:?}", chapter.name));
            match render_math(&chapter.content, &converter) {
                Ok(content) => chapter.content = content,
                Err(errs) => errors.extend(
                    errs.into_iter()
                        .map(|e| format!("{file}:{}: {}", e.line, e.message)),
                ),
            }
        });
        if !errors.is_empty() {
            bail!("{} math error(s):\n  {}", errors.len(), errors.join("\n  "));
        }
        Ok(book)
    }
}

/// The one LaTeX → MathML configuration used for the whole book.
pub fn converter() -> anyhow::Result<LatexToMathML> {
    let config = MathCoreConfig {
        // A LaTeX typo must fail the build, not render as red text.
        ignore_unknown_commands: false,
        ..MathCoreConfig::default()
    };
    LatexToMathML::new(config)
        .map_err(|(err, index, def)| anyhow::anyhow!("macro #{index} `{def}`: {err}"))
        .context("configuring math-core")
}

/// Replace every formula in `markdown` by MathML, or report every problem.
pub fn render_math(markdown: &str, converter: &LatexToMathML) -> Result<String, Vec<MathError>> {
    let (formulas, mut errors) = find_formulas(markdown);
    let snippets: Vec<(&str, MathDisplay)> = formulas
        .iter()
        .map(|f| {
            let display = if f.display {
                MathDisplay::Block
            } else {
                MathDisplay::Inline
            };
            (&markdown[f.latex.clone()], display)
        })
        .collect();
    // `convert_all` shares one state across the chapter, so `\tag`, `\label`
    // and `\eqref` work between formulas of the same chapter.
    let results = converter.convert_all(&snippets);

    let mut out = String::with_capacity(markdown.len() * 2);
    let mut copied = 0;
    for (formula, result) in formulas.iter().zip(results) {
        let latex = markdown[formula.latex.clone()].trim();
        let kind = if formula.display { "display" } else { "inline" };
        let mathml = match result {
            Ok(converted) if converted.warnings.has_any() => {
                let what = if converted.warnings.has_undefined_references() {
                    "reference to an undefined \\label"
                } else {
                    "unknown command"
                };
                errors.push(MathError {
                    line: formula.line,
                    message: format!("LaTeX error in {kind} math `{latex}`: {what}"),
                });
                continue;
            }
            Ok(converted) => converted.mathml,
            Err(err) => {
                let mut message = format!("LaTeX error in {kind} math `{latex}`: ");
                message.push_str(&err.error_message());
                errors.push(MathError {
                    line: formula.line,
                    message,
                });
                continue;
            }
        };
        out.push_str(&markdown[copied..formula.replace.start]);
        let html = markdown_safe(&mathml);
        if formula.display {
            let indent = &markdown[formula.indent.clone()];
            let _ = write!(out, "\n{indent}<div class=\"math-display\">{html}</div>\n");
        } else {
            out.push_str(&html);
        }
        copied = formula.replace.end;
    }
    out.push_str(&markdown[copied..]);

    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// Make one MathML string safe to drop into markdown: a single line whose
/// text content contains no character markdown would interpret.
///
/// Tags are copied verbatim (attributes are not markdown); in text, ASCII
/// punctuation becomes a numeric character reference, existing entity
/// references (`&lt;`, `&amp;` from math-core) are kept, and newlines become
/// spaces so the formula cannot end a paragraph or an HTML block.
fn markdown_safe(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len() + mathml.len() / 4);
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    let mut chars = mathml.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_tag {
            out.push(if c == '\n' { ' ' } else { c });
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), _) if q == c => quote = None,
                (None, '>') => in_tag = false,
                _ => {}
            }
            continue;
        }
        match c {
            '<' => {
                in_tag = true;
                out.push(c);
            }
            '&' => {
                if let Some(len) = entity_len(&mathml[i..]) {
                    out.push_str(&mathml[i..i + len]);
                    // Skip the rest of the entity (all ASCII, one byte each).
                    for _ in 1..len {
                        chars.next();
                    }
                } else {
                    out.push_str("&amp;");
                }
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Length of a character reference (`&name;`, `&#123;`, `&#x1F;`) at the
/// start of `s`, if there is one.
fn entity_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix('&')?;
    let end = body.find(';')?;
    let name = &body[..end];
    let valid = !name.is_empty()
        && name.len() <= 32
        && match name.strip_prefix('#') {
            Some(num) => {
                let hex = num.strip_prefix(['x', 'X']);
                match hex {
                    Some(h) => !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()),
                    None => !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()),
                }
            }
            None => name.chars().all(|c| c.is_ascii_alphanumeric()),
        };
    valid.then_some(end + 2)
}

/// Line-level scanner state.
struct Scanner<'a> {
    src: &'a str,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    formulas: Vec<Formula>,
    errors: Vec<MathError>,
}

impl Scanner<'_> {
    /// 1-based line number of byte `pos`.
    fn line_of(&self, pos: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= pos)
    }

    fn error(&mut self, pos: usize, message: impl Into<String>) {
        let line = self.line_of(pos);
        self.errors.push(MathError {
            line,
            message: message.into(),
        });
    }

    /// Scan one paragraph (consecutive non-blank lines, `range` in bytes) for
    /// inline math, skipping code spans, HTML comments and `\` escapes.
    fn scan_inline(&mut self, range: Range<usize>) {
        let bytes = self.src.as_bytes();
        let end = range.end;
        let mut k = range.start;
        while k < end {
            match bytes[k] {
                // A markdown backslash escape: `\$` is a literal dollar, and
                // `\\$x$` is a backslash followed by math, as in CommonMark.
                b'\\' => {
                    k += if k + 1 < end && bytes[k + 1].is_ascii_punctuation() {
                        2
                    } else {
                        1
                    }
                }
                b'`' => {
                    let run = count_run(&bytes[k..end], b'`');
                    k = match find_backtick_run(&bytes[k + run..end], run) {
                        Some(close) => k + run + close + run,
                        None => k + run,
                    };
                }
                b'<' if bytes[k..end].starts_with(b"<!--") => {
                    k = match self.src[k + 4..end].find("-->") {
                        Some(close) => k + 4 + close + 3,
                        None => end,
                    };
                }
                b'$' => match self.inline_formula(k, end) {
                    Some(next) => k = next,
                    // After a `$` error the rest of the paragraph is
                    // ambiguous; one message per paragraph is enough.
                    None => return,
                },
                _ => k += 1,
            }
        }
    }

    /// Parse the inline formula opening at `open`; return where scanning
    /// resumes, or `None` after reporting an error.
    fn inline_formula(&mut self, open: usize, end: usize) -> Option<usize> {
        let bytes = self.src.as_bytes();
        match bytes.get(open + 1).filter(|_| open + 1 < end) {
            Some(b'$') => {
                self.error(
                    open,
                    "`$$` inside a paragraph: display math needs `$$` on lines of its own \
                     (write `\\$` for a literal dollar sign)",
                );
                return None;
            }
            None | Some(b' ' | b'\t' | b'\n' | b'\r') => {
                self.error(
                    open,
                    "a `$` followed by a space is not inline math: write `\\$` for a literal \
                     dollar sign, or `$x$` with no space after the opening `$`",
                );
                return None;
            }
            Some(_) => {}
        }
        let mut m = open + 1;
        while m < end {
            match bytes[m] {
                // Inside LaTeX, `\$` is a dollar sign and `\\` a line break:
                // neither can close the formula.
                b'\\' => m += 2,
                b'$' => break,
                _ => m += 1,
            }
        }
        if m >= end {
            self.error(
                open,
                "unclosed inline math: no closing `$` in this paragraph (write `\\$` for a \
                 literal dollar sign)",
            );
            return None;
        }
        if bytes[m - 1].is_ascii_whitespace() {
            self.error(
                open,
                "the `$` closing inline math must follow a non-space character; if these are \
                 dollar amounts, write `\\$`",
            );
            return None;
        }
        let line = self.line_of(open);
        self.formulas.push(Formula {
            replace: open..m + 1,
            latex: open + 1..m,
            display: false,
            line,
            indent: open..open,
        });
        Some(m + 1)
    }
}

/// Number of leading `b` bytes in `s`.
fn count_run(s: &[u8], b: u8) -> usize {
    s.iter().take_while(|&&x| x == b).count()
}

/// Offset of the first run of exactly `len` backticks in `s` (CommonMark's
/// rule for the end of a code span).
fn find_backtick_run(s: &[u8], len: usize) -> Option<usize> {
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'`' {
            let run = count_run(&s[i..], b'`');
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// The opening fence of a fenced code block (` ``` ` or `~~~`, any
/// indentation so fences inside list items count), as (char, length).
fn fence_open(trimmed: &str) -> Option<(u8, usize)> {
    let c = *trimmed.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let len = count_run(trimmed.as_bytes(), c);
    // A backtick fence's info string may not contain backticks.
    (len >= 3 && !(c == b'`' && trimmed[len..].contains('`'))).then_some((c, len))
}

/// Whether `trimmed` closes a fence opened with `fence`.
fn fence_closes(trimmed: &str, (c, len): (u8, usize)) -> bool {
    let run = count_run(trimmed.as_bytes(), c);
    run >= len && trimmed[run..].trim().is_empty()
}

/// Find every formula in a chapter; also report `$` misuse.
fn find_formulas(src: &str) -> (Vec<Formula>, Vec<MathError>) {
    let mut line_starts = vec![0];
    line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
    // (start, end without the line break) of every line.
    let lines: Vec<Range<usize>> = line_starts
        .iter()
        .enumerate()
        .map(|(n, &start)| {
            let end = line_starts.get(n + 1).map_or(src.len(), |&next| next - 1);
            let end = if src[start..end].ends_with('\r') {
                end - 1
            } else {
                end
            };
            start..end
        })
        .collect();
    let mut sc = Scanner {
        src,
        line_starts,
        formulas: Vec::new(),
        errors: Vec::new(),
    };

    let mut fence: Option<(u8, usize)> = None;
    let mut paragraph: Option<Range<usize>> = None;
    let mut n = 0;
    while n < lines.len() {
        let line = lines[n].clone();
        let text = &src[line.clone()];
        let trimmed = text.trim_start();
        let indent = line.start..line.start + (text.len() - trimmed.len());
        let trimmed = trimmed.trim_end();
        n += 1;

        if let Some(open) = fence {
            if fence_closes(trimmed, open) {
                fence = None;
            }
            continue;
        }
        let is_block_start =
            trimmed.is_empty() || fence_open(trimmed).is_some() || trimmed.starts_with("$$");
        if is_block_start && let Some(par) = paragraph.take() {
            sc.scan_inline(par);
        }
        if trimmed.is_empty() {
            continue;
        }
        if let Some(open) = fence_open(trimmed) {
            fence = Some(open);
            continue;
        }
        if trimmed == "$$" {
            // Multi-line display math: find the closing `$$` line.
            let close = (n..lines.len()).find(|&j| src[lines[j].clone()].trim() == "$$");
            let Some(close) = close else {
                sc.error(
                    line.start,
                    "unclosed display math: `$$` without a closing `$$` line",
                );
                break;
            };
            let latex = line.end..lines[close].start;
            sc.formulas.push(Formula {
                replace: indent.start..lines[close].end,
                latex,
                display: true,
                line: n,
                indent,
            });
            n = close + 1;
            continue;
        }
        if trimmed.starts_with("$$") {
            if trimmed.len() > 4
                && trimmed.ends_with("$$")
                && !trimmed[2..trimmed.len() - 2].contains("$$")
            {
                // One-line display math `$$ x $$`.
                let start = indent.end;
                sc.formulas.push(Formula {
                    replace: indent.start..start + trimmed.len(),
                    latex: start + 2..start + trimmed.len() - 2,
                    display: true,
                    line: n,
                    indent,
                });
            } else {
                sc.error(
                    line.start,
                    "display math must be `$$` alone on a line, the formula, then `$$` alone \
                     on a line (or `$$ formula $$` alone on one line)",
                );
            }
            continue;
        }
        paragraph = Some(match paragraph {
            Some(par) => par.start..line.end,
            None => line.clone(),
        });
    }
    // An unclosed fence runs to the end of the chapter, as in CommonMark.
    if let Some(par) = paragraph.take() {
        sc.scan_inline(par);
    }
    (sc.formulas, sc.errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> Result<String, Vec<MathError>> {
        render_math(md, &converter().unwrap())
    }

    fn errors(md: &str) -> Vec<MathError> {
        render(md).expect_err("expected a math error")
    }

    /// Every construct the book's chapters rely on converts without error.
    #[test]
    fn converts_every_construct_the_book_uses() {
        let converter = converter().unwrap();
        let cases = [
            (r"\frac{1}{N}", "<mfrac>"),
            (r"\sum_{i=1}^{N} x_i", "∑"),
            (
                r"|x| = \begin{cases} x & x \ge 0 \\ -x & \text{otherwise} \end{cases}",
                "<mtable",
            ),
            (r"\hat{y}", "<mover"),
            (r"\nabla_\theta L", "∇"),
            (r"\frac{m_t}{\sqrt{\hat v_t}+\epsilon}", "<msqrt>"),
            (r"D_{KL}(p\|q)", "‖"),
            (r"\max(0, 1 - y\hat y)", "max"),
            (r"\log p", "log"),
            (r"\lVert x \rVert_2^2", "‖"),
            (r"\operatorname{sign}(x)", "sign"),
            (r"\mathbb{E}[X]", "𝔼"),
            (r"w^\top x", "⊤"),
            (r"a \le b", "≤"),
            (r"a \ge b", "≥"),
            (r"a \cdot b", "⋅"),
            (r"\gamma", "γ"),
            (r"\beta_1^t", "<msubsup>"),
        ];
        for (latex, expected) in cases {
            for display in [MathDisplay::Inline, MathDisplay::Block] {
                let result = converter
                    .convert_with_local_state(latex, display)
                    .unwrap_or_else(|e| panic!("`{latex}` failed: {}", e.error_message()));
                assert!(!result.warnings.has_any(), "`{latex}` warned");
                assert!(
                    result.mathml.contains(expected),
                    "`{latex}` → {} lacks {expected}",
                    result.mathml
                );
                assert!(!result.mathml.contains('\n'), "`{latex}` is not one line");
            }
        }
    }

    #[test]
    fn inline_math_becomes_single_line_mathml() {
        let out = render("Loss $L(\\hat{y}, y)$ here.\n").unwrap();
        assert!(out.starts_with("Loss <math>"), "{out}");
        assert!(out.ends_with("</math> here.\n"), "{out}");
        assert!(!out.contains('$'));
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn display_math_becomes_a_div_between_blank_lines() {
        let md = "Text before\n$$\n\\frac{a}{b}\n$$\nText after\n";
        let out = render(md).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "Text before");
        assert_eq!(lines[1], "");
        assert!(lines[2].starts_with("<div class=\"math-display\"><math display=\"block\">"));
        assert!(lines[2].ends_with("</math></div>"));
        assert_eq!(lines[3], "");
        assert_eq!(lines[4], "Text after");
    }

    #[test]
    fn one_line_display_math_and_indentation_are_kept() {
        let out = render("- item\n\n  $$ x^2 $$\n").unwrap();
        assert!(out.contains("\n  <div class=\"math-display\">"), "{out}");
    }

    #[test]
    fn markdown_specials_inside_formulas_are_entity_encoded() {
        // `_`, `*` and `|` would otherwise be emphasis or table syntax.
        let out = render("$a_1 * b_2$ and $x_1 * y_2$ and $|x|$\n").unwrap();
        let text_between_tags: String = {
            let mut s = String::new();
            let mut in_tag = false;
            for c in out.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => s.push(c),
                    _ => {}
                }
            }
            s
        };
        assert!(!text_between_tags.contains(['_', '*', '|', '\\']), "{out}");
        assert!(out.contains("&#124;"), "{out}");
    }

    #[test]
    fn code_is_left_alone() {
        let md = "Use `$x$` or ``a ` $y$`` here.\n\n```rust\nlet s = \"$$\";\nlet t = \"$z$\";\n```\n\n~~~\n$x\n~~~\n<!-- $draft -->\n";
        assert_eq!(render(md).unwrap(), md);
    }

    #[test]
    fn escaped_dollars_are_literal() {
        let md = "It costs \\$5 and \\$10.\n";
        assert_eq!(render(md).unwrap(), md);
        // `\\` is an escaped backslash, so the `$` after it opens math.
        let out = render("a \\\\$x$\n").unwrap();
        assert!(out.starts_with("a \\\\<math>"), "{out}");
        // Inside math, `\$` does not close the formula.
        let out = render("$\\$5$\n").unwrap();
        assert!(out.contains("&#36;"), "{out}");
    }

    #[test]
    fn inline_math_may_wrap_within_a_paragraph() {
        let out = render("see $a +\nb$ here\n").unwrap();
        assert!(!out.contains('$'), "{out}");
    }

    #[test]
    fn stray_dollars_are_errors() {
        assert_eq!(errors("It costs $5 and $10.\n")[0].line, 1);
        assert_eq!(errors("para\n\ncosts $ 5\n")[0].line, 3);
        let e = errors("a $x\n\nb$ c\n");
        assert!(e[0].message.contains("unclosed inline math"), "{e:?}");
        let e = errors("inline $$x$$ display\n");
        assert!(e[0].message.contains("own"), "{e:?}");
        let e = errors("text\n$$\nx\n");
        assert!(e[0].message.contains("unclosed display math"), "{e:?}");
    }

    #[test]
    fn latex_errors_name_the_formula_and_line() {
        let e = errors("ok $x$\n\n$$\n\\fracc{a}{b}\n$$\n");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("\\fracc{a}{b}"), "{}", e[0].message);
        assert!(e[0].message.contains("display"), "{}", e[0].message);
        let e = errors("$\\frac{a}$\n");
        assert!(
            e[0].message.contains("inline math `\\frac{a}`"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn equation_references_resolve_within_a_chapter() {
        let out = render("$$\n\\begin{equation} x = 1 \\label{eq:one} \\end{equation}\n$$\n\nSee $\\eqref{eq:one}$.\n").unwrap();
        assert!(
            out.contains("id=\"eq:one\"") && out.contains("<a href=\"#eq:one\">&#40;1&#41;</a>"),
            "{out}"
        );
        let e = errors("See $\\eqref{eq:nowhere}$.\n");
        assert!(e[0].message.contains("undefined"), "{e:?}");
    }

    #[test]
    fn entities_are_recognised() {
        assert_eq!(entity_len("&lt;x"), Some(4));
        assert_eq!(entity_len("&#42;"), Some(5));
        assert_eq!(entity_len("&#x2A;"), Some(6));
        assert_eq!(entity_len("& b;"), None);
        assert_eq!(entity_len("&;"), None);
        assert_eq!(markdown_safe("<mi>a&amp;b*</mi>"), "<mi>a&amp;b&#42;</mi>");
        assert_eq!(
            markdown_safe("<mo x=\"a>b\">_</mo>"),
            "<mo x=\"a>b\">&#95;</mo>"
        );
    }
}
