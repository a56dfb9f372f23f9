//! Checks on the rendered book that mdBook itself does not make.
//!
//! * No `{{#` left over: mdBook leaves a directive it could not expand (a
//!   mistyped `{{#include}}`) verbatim in the page.
//! * No raw `\(`, `\[` or `$$` in visible text: that would be math the
//!   preprocessor never saw. Code blocks, scripts and styles are exempt,
//!   since code may legitimately contain them.
//! * No external URL in `src=`/`srcset=`/`data=`/`poster=` attributes, in
//!   `<link href=…>`, or in CSS `url(…)`/`@import`: the book must render with
//!   no network access and must not phone home.

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Check every `.html` and `.css` file under `dir`; return all problems, each
/// naming the file (relative to `dir`) and line.
pub fn check_output(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    let mut problems = Vec::new();
    for file in files {
        let name = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .display()
            .to_string();
        match file.extension().and_then(|e| e.to_str()) {
            Some("html") => problems.extend(check_html(&name, &fs::read_to_string(&file)?)),
            Some("css") => problems.extend(check_css(&name, &fs::read_to_string(&file)?)),
            _ => {}
        }
    }
    Ok(problems)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// 1-based line number of byte `pos` in `text`.
fn line_of(text: &str, pos: usize) -> usize {
    text[..pos].bytes().filter(|&b| b == b'\n').count() + 1
}

/// A short, single-line excerpt of `text` starting at `pos`.
fn excerpt(text: &str, pos: usize) -> String {
    text[pos..]
        .chars()
        .take(60)
        .take_while(|&c| c != '\n')
        .collect()
}

/// Whether a URL points off this machine. `data:` URLs are inline content
/// (mdBook's CSS embeds SVG icons whose `xmlns` contains `http://`).
fn is_external(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    !url.starts_with("data:") && (url.starts_with("//") || url.contains("://"))
}

/// One HTML tag: its lowercase name, attributes, and byte range.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    range: Range<usize>,
}

/// Parse the tag starting with `<` at `start`, if it is an opening or closing
/// tag (not a comment or doctype).
fn parse_tag(html: &str, start: usize) -> Option<Tag> {
    let bytes = html.as_bytes();
    let mut i = start + 1;
    let name_start = i;
    if bytes.get(i) == Some(&b'/') {
        i += 1;
    }
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    if i == name_start || (i == name_start + 1 && bytes[name_start] == b'/') {
        return None;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        if bytes[i] == b'>' {
            return Some(Tag {
                name,
                attrs,
                range: start..i + 1,
            });
        }
        let attr_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let attr = html[attr_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[i + 1..].find(q as char)? + i + 1;
                    value = html[i + 1..end].to_string();
                    i = end + 1;
                }
                _ => {
                    let end = i;
                    while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = html[end..i].to_string();
                }
            }
        }
        attrs.push((attr, value));
    }
}

/// Elements whose content is not prose, so math delimiters inside are fine.
const RAW_ELEMENTS: [&str; 5] = ["code", "pre", "script", "style", "math"];

/// Problems in one rendered HTML page.
pub fn check_html(name: &str, html: &str) -> Vec<String> {
    let mut problems = Vec::new();

    for (pos, _) in html.match_indices("{{#") {
        problems.push(format!(
            "{name}:{}: leftover mdBook directive `{}`",
            line_of(html, pos),
            excerpt(html, pos)
        ));
    }

    // Walk the tags: check URLs, and blank out non-prose content (keeping
    // newlines for line numbers) to look for unrendered math afterwards.
    let mut prose = html.as_bytes().to_vec();
    let blank = |prose: &mut Vec<u8>, range: Range<usize>| {
        for b in &mut prose[range] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let mut pos = 0;
    while let Some(offset) = html[pos..].find('<') {
        let start = pos + offset;
        if html[start..].starts_with("<!--") {
            let end = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            blank(&mut prose, start..end);
            pos = end;
            continue;
        }
        let Some(tag) = parse_tag(html, start) else {
            pos = start + 1;
            continue;
        };
        pos = tag.range.end;
        for (attr, value) in &tag.attrs {
            let loads = matches!(attr.as_str(), "src" | "srcset" | "data" | "poster")
                || (tag.name == "link" && attr == "href");
            if loads && is_external(value) {
                problems.push(format!(
                    "{name}:{}: external URL in <{} {attr}=\"{value}\"> (the book must not load \
                     anything from the network)",
                    line_of(html, start),
                    tag.name
                ));
            }
        }
        if RAW_ELEMENTS.contains(&tag.name.as_str()) {
            let close = format!("</{}", tag.name);
            let end =
                find_ascii_case_insensitive(&html[pos..], &close).map_or(html.len(), |e| pos + e);
            blank(&mut prose, pos..end);
            pos = end;
        }
    }

    let prose = String::from_utf8_lossy(&prose);
    for delimiter in ["\\(", "\\[", "$$"] {
        for (pos, _) in prose.match_indices(delimiter) {
            problems.push(format!(
                "{name}:{}: raw math delimiter `{delimiter}` in the page text (not converted to \
                 MathML): `{}`",
                line_of(html, pos),
                excerpt(html, pos)
            ));
        }
    }
    problems
}

/// Problems in one CSS file: only `url(…)` and `@import` can load anything.
pub fn check_css(name: &str, css: &str) -> Vec<String> {
    let lower = css.to_ascii_lowercase();
    let mut problems = Vec::new();
    for (pos, _) in lower.match_indices("url(") {
        let value = lower[pos + 4..].split(')').next().unwrap_or("");
        let value = value.trim().trim_matches(['"', '\'']);
        if is_external(value) {
            problems.push(format!(
                "{name}:{}: external URL in CSS `{}`",
                line_of(css, pos),
                excerpt(css, pos)
            ));
        }
    }
    for (pos, _) in lower.match_indices("@import") {
        let rest = lower[pos + 7..].trim_start();
        // `@import url(…)` is covered by the `url(` check above.
        let rest = rest.trim_start_matches(['"', '\'']);
        if !rest.starts_with("url(")
            && is_external(rest.split([';', '"', '\'', ')']).next().unwrap_or(""))
        {
            problems.push(format!(
                "{name}:{}: external @import `{}`",
                line_of(css, pos),
                excerpt(css, pos)
            ));
        }
    }
    problems
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_page_passes() {
        let html = "<!DOCTYPE html>\n<html><head><link rel=\"stylesheet\" href=\"css/a.css\">\
            <script src=\"book.js\"></script><script>if (a < b) { x = '$$'; }</script></head>\n\
            <body><p>Cost \\$5 <a href=\"https://example.org\">ext link</a></p>\
            <pre><code>let re = \"\\\\(\";</code></pre><math><mi>x</mi></math></body></html>";
        assert_eq!(check_html("ok.html", html), Vec::<String>::new());
    }

    #[test]
    fn leftover_directive_is_reported_with_line() {
        let p = check_html(
            "a.html",
            "<p>x</p>\n<pre><code>{{#include ../src/x.rs:y}}</code></pre>",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].starts_with("a.html:2: leftover mdBook directive `{{#include"),
            "{p:?}"
        );
    }

    #[test]
    fn raw_math_delimiters_in_prose_are_reported() {
        for raw in ["\\(x\\)", "\\[x\\]", "$$x$$"] {
            let p = check_html("m.html", &format!("<p>see {raw}</p>"));
            assert!(
                !p.is_empty() && p[0].contains("raw math delimiter"),
                "{raw}: {p:?}"
            );
        }
    }

    #[test]
    fn external_resources_are_reported() {
        for tag in [
            "<script async src=\"https://cdn.example/mathjax.js\"></script>",
            "<img src='//cdn.example/a.png'>",
            "<link rel=stylesheet href=http://fonts.example/css>",
            "<IMG SRC=\"HTTPS://x/y.png\">",
        ] {
            let p = check_html("e.html", tag);
            assert_eq!(p.len(), 1, "{tag}: {p:?}");
            assert!(p[0].contains("external URL"), "{p:?}");
        }
        assert_eq!(check_html("e.html", "<img src=\"figures/a.svg\">").len(), 0);
    }

    #[test]
    fn css_external_urls_are_reported() {
        assert_eq!(
            check_css("a.css", "a { src: url('../fonts/x.woff2') }").len(),
            0
        );
        let svg =
            "a { mask: url('data:image/svg+xml,<svg xmlns=\"http://www.w3.org/2000/svg\"/>') }";
        assert_eq!(check_css("a.css", svg).len(), 0);
        assert_eq!(
            check_css("a.css", "@font-face { src: url(https://x/y.woff2) }").len(),
            1
        );
        assert_eq!(check_css("a.css", "@import \"https://x/y.css\";").len(), 1);
        assert_eq!(check_css("a.css", "@import url(//x/y.css);").len(), 1);
    }
}
