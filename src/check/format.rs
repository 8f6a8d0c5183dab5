//! The three ways `kiez check` prints its findings, as strings for
//! `main.rs` to print: one line per finding for people
//! (`path:line:col: level: message (hint) [check]`), one JSON document for
//! scripts, and GitHub Actions workflow commands (`::warning file=…::…`),
//! which show each finding on the changed line of a pull request.

use serde::Serialize;

use super::{count, Finding};

/// One line per finding.
pub fn text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&place(f));
        out.push_str(f.level.as_str());
        out.push_str(": ");
        out.push_str(&f.message);
        if let Some(hint) = &f.hint {
            out.push_str(&format!(" ({hint})"));
        }
        out.push_str(&format!(" [{}]\n", f.check));
    }
    out
}

/// `path:line:col: `, as much of it as is known.
fn place(f: &Finding) -> String {
    let Some(file) = &f.file else {
        return String::new();
    };
    let mut out = file.display().to_string();
    for n in [f.line, f.column].into_iter().map_while(|n| n) {
        out.push_str(&format!(":{n}"));
    }
    out.push_str(": ");
    out
}

/// The line after the findings: how many pages, errors and warnings.
pub fn summary(pages: usize, findings: &[Finding]) -> String {
    let (errors, warnings) = count(findings);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if findings.is_empty() {
        return format!("{}: no problems found", plural(pages, "page") + " checked");
    }
    format!(
        "{} checked: {}, {}",
        plural(pages, "page"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// The JSON document of `--format json`.
#[derive(Serialize)]
struct Report<'a> {
    pages: usize,
    errors: usize,
    warnings: usize,
    findings: &'a [Finding],
}

/// All findings and the counts as one JSON document (`file`, `line`,
/// `column` and `hint` are `null` when unknown).
pub fn json(pages: usize, findings: &[Finding]) -> String {
    let (errors, warnings) = count(findings);
    let report = Report {
        pages,
        errors,
        warnings,
        findings,
    };
    serde_json::to_string_pretty(&report).expect("findings serialize") + "\n"
}

/// One GitHub Actions workflow command per finding, then the summary.
pub fn github(pages: usize, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let mut props = Vec::new();
        if let Some(file) = &f.file {
            props.push(format!("file={}", property(&file.display().to_string())));
        }
        if let Some(line) = f.line {
            props.push(format!("line={line}"));
        }
        if let Some(col) = f.column {
            props.push(format!("col={col}"));
        }
        props.push(format!(
            "title={}",
            property(&format!("kiez check: {}", f.check))
        ));
        let mut message = f.message.clone();
        if let Some(hint) = &f.hint {
            message.push_str(&format!(" ({hint})"));
        }
        out.push_str(&format!(
            "::{} {}::{}\n",
            f.level.as_str(),
            props.join(","),
            data(&message)
        ));
    }
    out.push_str(&summary(pages, findings));
    out.push('\n');
    out
}

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Level;
    use std::path::PathBuf;

    fn finding() -> Finding {
        Finding {
            file: Some(PathBuf::from("content/a.md")),
            line: Some(7),
            column: Some(3),
            level: Level::Warning,
            check: "link_text",
            message: "link text `hier` says nothing, 100%".into(),
            hint: Some("name it".into()),
        }
    }

    #[test]
    fn text_lines_name_place_level_hint_and_check() {
        assert_eq!(
            text(&[finding()]),
            "content/a.md:7:3: warning: link text `hier` says nothing, 100% (name it) [link_text]\n"
        );
        let bare = Finding {
            file: None,
            line: None,
            column: None,
            hint: None,
            ..finding()
        };
        assert_eq!(
            text(&[bare]),
            "warning: link text `hier` says nothing, 100% [link_text]\n"
        );
    }

    #[test]
    fn github_commands_escape_their_parts() {
        assert_eq!(
            github(1, &[finding()]).lines().next().unwrap(),
            "::warning file=content/a.md,line=7,col=3,title=kiez check%3A link_text::link text `hier` says nothing, 100%25 (name it)"
        );
    }

    #[test]
    fn summary_counts_with_plurals() {
        assert_eq!(summary(1, &[]), "1 page checked: no problems found");
        assert_eq!(
            summary(3, &[finding()]),
            "3 pages checked: 0 errors, 1 warning"
        );
    }
}
