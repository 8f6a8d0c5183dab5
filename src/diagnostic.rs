//! Errors and warnings as an editor reads them: the message, the file at
//! line and column, the offending line with the spot underlined, and the
//! hint. Rendered to text with annotate-snippets (the renderer of rustc's
//! messages), so the layout is one developers already know; `main` prints
//! the text and decides on colour.
//!
//! The spot on the line is found from what the error knows: the parser's
//! column, else the value (or the name) of the front-matter key, else a
//! `quoted` word of the message that appears on the line, else the line.

use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::error::{Error, SourceError};

/// Files larger than this are not read to show a line: a diagnostic must
/// not take longer than the build it reports on.
const MAX_SOURCE: u64 = 4 << 20;

/// Whether a diagnostic stops the build or only tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The build failed because of it.
    Error,
    /// The build succeeded; something is probably not as meant.
    Warning,
}

/// Every error `err` stands for, each with its line shown, then a count
/// when there are several.
pub fn errors(err: &Error, color: bool) -> String {
    let mut shown: Vec<String> = err
        .each()
        .iter()
        .map(|one| match one.source_error() {
            Some(e) => render(Severity::Error, &e, color),
            None => title_only(&one.to_string(), color),
        })
        .collect();
    if shown.len() > 1 {
        shown.push(format!("{} errors", shown.len()));
    }
    shown.join("\n\n")
}

/// One problem in a file, with the file's line shown when it can be read.
pub fn render(severity: Severity, e: &SourceError, color: bool) -> String {
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = match &e.key {
        Some(key) => format!("key `{key}`: {}", e.message),
        None => e.message.clone(),
    };
    let path = e.path.display().to_string();
    let source = e
        .line
        .and_then(|n| line_of(&e.path, n).map(|text| (n, text)));
    let mut group = match &source {
        Some((n, text)) => {
            let mut snippet = Snippet::source(text.as_str()).line_start(*n).path(&path);
            if let Some(span) = spot(e, text) {
                snippet = snippet.annotation(AnnotationKind::Primary.span(span));
            }
            level.primary_title(title).element(snippet)
        }
        // Without a readable line the place is still shown as `path:line`.
        None => level.primary_title(title).element(Origin::path(place(e))),
    };
    if let Some(hint) = &e.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    renderer(color).render(&[group])
}

/// A message without a place in a file (an I/O or template error).
fn title_only(message: &str, color: bool) -> String {
    renderer(color).render(&[Group::with_title(Level::ERROR.primary_title(message))])
}

fn renderer(color: bool) -> Renderer {
    if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// `path:line:column`, as much of it as is known.
fn place(e: &SourceError) -> String {
    let mut place = e.path.display().to_string();
    let column = e.column.map(|c| c as usize);
    for n in [e.line, column].into_iter().map_while(|n| n) {
        place.push_str(&format!(":{n}"));
    }
    place
}

/// Line `n` (1-based) of the file at `path`, when it can be read.
fn line_of(path: &Path, n: usize) -> Option<String> {
    if std::fs::metadata(path).ok()?.len() > MAX_SOURCE {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let line = text.lines().nth(n.checked_sub(1)?)?;
    Some(line.to_string())
}

/// The byte range of `line` that the error is about.
fn spot(e: &SourceError, line: &str) -> Option<Range<usize>> {
    if let Some(column) = e.column {
        let start = line
            .char_indices()
            .nth((column as usize).saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        return Some(start..start + word_len(&line[start..]));
    }
    if let Some(span) = e.key.as_deref().and_then(|key| key_spot(line, key)) {
        return Some(span);
    }
    if let Some(span) = quoted(&e.message).find_map(|word| {
        line.find(word)
            .filter(|_| !word.is_empty())
            .map(|i| i..i + word.len())
    }) {
        return Some(span);
    }
    let start = line.len() - line.trim_start().len();
    let end = line.trim_end().len();
    (start < end).then_some(start..end)
}

/// Where `key: value` sits on `line`: the value when there is one, else
/// the key. `key` may be a path (`location.lat`); its last part is looked
/// for.
fn key_spot(line: &str, key: &str) -> Option<Range<usize>> {
    let name = key.rsplit('.').next()?;
    let body = line.trim_start().trim_start_matches("- ");
    let at = line.len() - body.len();
    let rest = body.strip_prefix(name)?.strip_prefix(':')?;
    let value = rest.trim_start();
    let value_at = line.len() - value.len();
    let value = value.split(" #").next().unwrap_or("").trim_end();
    if value.is_empty() {
        Some(at..at + name.len())
    } else {
        Some(value_at..value_at + value.len())
    }
}

/// The words of `message` quoted in backticks.
fn quoted(message: &str) -> impl Iterator<Item = &str> {
    message.split('`').skip(1).step_by(2)
}

/// Length of the token at the start of `text`: up to white space, at
/// least one character (so a caret shows even at the end of a line).
fn word_len(text: &str) -> usize {
    let first = text.chars().next().map_or(0, char::len_utf8);
    text.find(char::is_whitespace)
        .unwrap_or(text.len())
        .max(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn a_key_error_underlines_the_value_and_shows_the_hint() {
        let (_dir, path) = site_file("---\ntitle: A\ndate: 2026-13-45\n---\n");
        let e = SourceError::new(&path, "`2026-13-45` is not a valid date")
            .line(3)
            .key("date")
            .hint("write a date as 2026-11-20");
        let text = render(Severity::Error, &e, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "error: key `date`: `2026-13-45` is not a valid date"
        );
        assert_eq!(lines[1], format!(" --> {}:3:7", path.display()));
        assert_eq!(lines[3], "3 | date: 2026-13-45");
        assert_eq!(lines[4], "  |       ^^^^^^^^^^");
        assert_eq!(lines[6], "  = help: write a date as 2026-11-20");
        assert!(!text.contains('\x1b'), "no colour when asked for none");
        assert!(render(Severity::Error, &e, true).contains('\x1b'));
    }

    #[test]
    fn the_spot_comes_from_column_key_quote_or_line() {
        let at = |e: SourceError, line: &str| spot(&e, line).map(|r| line[r].to_string());
        let e = || SourceError::new("a.md", "bad");
        assert_eq!(at(e().column(8), "title: \"A\" ["), Some("\"A\"".into()));
        assert_eq!(at(e().column(12), "title: \"A\" ["), Some("[".into()));
        assert_eq!(at(e().key("tags"), "tags:"), Some("tags".into()));
        assert_eq!(
            at(e().key("location.lat"), "  lat: 91 # x"),
            Some("91".into())
        );
        assert_eq!(
            at(e().key("aliases"), "  - aliases: [a]"),
            Some("[a]".into())
        );
        let link = SourceError::new("a.md", "link to `weg.md` leads nowhere");
        assert_eq!(at(link, "Siehe [x](weg.md)."), Some("weg.md".into()));
        assert_eq!(at(e(), "  ganze Zeile  "), Some("ganze Zeile".into()));
        assert_eq!(at(e(), ""), None);
    }

    #[test]
    fn several_errors_end_with_a_count_and_unreadable_files_keep_their_place() {
        let one = SourceError::new("missing/a.md", "x").line(2);
        let err = Error::many(vec![one.clone().into(), one.line(4).into()]);
        let text = errors(&err, false);
        assert!(text.contains("--> missing/a.md:2\n"), "{text}");
        assert!(text.contains("--> missing/a.md:4\n"), "{text}");
        assert!(text.ends_with("\n\n2 errors"), "{text}");
        let io = Error::Usage("no such site".into());
        assert_eq!(errors(&io, false), "error: no such site");
    }
}
