//! `kiez check`: editorial checks of a finished site. It reads the
//! [`Site`] and the pages rendered in memory (never the output folder)
//! and returns [`Finding`]s, each at the file, line and column an editor
//! has to change: front-matter findings at their key's line, body findings
//! at the Markdown that causes them. Each check has a name that
//! `check:` in `kiez.yaml` can switch off ([`CheckConfig`]).
//!
//! [`matter`] holds the checks of front matter (descriptions, lengths,
//! cover images, events, FAQ age, duplicate titles), [`body`] those of the
//! Markdown (links and anchors, link text, alt text, heading levels),
//! [`targets`] what links may point to, [`external`] the `--external`
//! link check, and [`format`] the three ways of printing findings. The
//! library prints nothing: `main.rs` prints what [`format`] returns.

mod body;
pub mod external;
pub mod format;
mod matter;
mod targets;
mod translations;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::{CheckConfig, SiteDirs};
use crate::content::Item;
use crate::error::{Error, SourceError};
use crate::site::Site;
use crate::util::artifact::{Copy, OutputFile};

pub use external::External;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Stops the build (or, with `--strict`, any finding).
    Error,
    /// Worth fixing; the site builds.
    Warning,
}

impl Level {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One thing `kiez check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The file to change, when there is one.
    pub file: Option<PathBuf>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// Error or warning.
    pub level: Level,
    /// The check's name, as `check:` in `kiez.yaml` switches it off;
    /// `build` for what the build itself reports.
    pub check: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Finding {
    /// A warning about `file` with no position yet.
    fn new(check: &'static str, file: &Path, message: impl Into<String>) -> Self {
        Finding {
            file: Some(tidy(file)),
            line: None,
            column: None,
            level: Level::Warning,
            check,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning about `item`'s front matter `key`, at its line.
    fn at_key(check: &'static str, item: &Item, key: &str, message: impl Into<String>) -> Self {
        let mut finding = Finding::new(check, &item.file, message);
        finding.line = item.key_lines.get(key).copied();
        finding
    }

    /// A warning about the Markdown at byte `offset` of `item`'s body.
    fn in_body(
        check: &'static str,
        item: &Item,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let mut finding = Finding::new(check, &item.file, message);
        let before = &item.body[..offset.min(item.body.len())];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        finding.line = Some(item.body_line + before.matches('\n').count());
        finding.column = Some(before[line_start..].chars().count() + 1);
        finding
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The error that stopped the build, as a finding (for the JSON and
    /// GitHub formats, which must report it in their own shape).
    pub fn from_error(err: &Error) -> Self {
        let mut finding = match err.source_error() {
            Some(e) => Finding::from_source(&e),
            None => Finding {
                file: None,
                line: None,
                column: None,
                level: Level::Warning,
                check: "build",
                message: err.to_string(),
                hint: None,
            },
        };
        finding.level = Level::Error;
        finding
    }

    /// A warning of the build, at its file, line and key.
    pub fn from_warning(warning: &SourceError) -> Self {
        Finding::from_source(warning)
    }

    fn from_source(e: &SourceError) -> Self {
        let mut finding = Finding::new("build", &e.path, e.message.clone());
        if let Some(key) = &e.key {
            finding.message = format!("key `{key}`: {}", e.message);
        }
        finding.line = e.line;
        finding.column = e.column.map(|c| c as usize);
        finding.hint = e.hint.clone();
        finding
    }
}

/// A path as messages show it: without a leading `./`, so that GitHub
/// finds the file.
fn tidy(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

/// What the checks read: the site model, its rendered files, and the
/// build's warnings.
pub struct Input<'a> {
    /// The finished site (its default language's part).
    pub site: &'a Site,
    /// The other languages' parts of a multilingual site.
    pub languages: &'a [std::sync::Arc<Site>],
    /// Its folders.
    pub dirs: &'a SiteDirs,
    /// Every rendered file (pages, feeds, theme files).
    pub files: &'a [OutputFile],
    /// Every copied file (static files, bundle assets, images).
    pub copies: &'a [Copy],
    /// What the build warned about.
    pub warnings: &'a [SourceError],
}

/// Runs every check `kiez.yaml` leaves on (and the external link check
/// when `external` is given), and returns the findings sorted by file,
/// line and column, the build's warnings among them.
pub fn run(input: &Input, external: Option<&External>) -> Vec<Finding> {
    let config: &CheckConfig = &input.site.config.check;
    let mut findings = matter::check(input.site, input.dirs);
    let (body_findings, mut links) = body::check(input);
    findings.extend(body_findings);
    findings.extend(translations::check(input.site, input.languages));
    if let Some(external) = external.filter(|_| config.external_links) {
        links.extend(external::front_matter_links(input.site));
        findings.extend(external::check(&links, external));
    }
    // The build warns about small cover images too; `cover_size` says it
    // at the key's line, and keeps it quiet when switched off.
    let owned: Vec<(Option<PathBuf>, String)> = findings
        .iter()
        .filter(|f| f.check == "cover_size")
        .map(|f| (f.file.clone(), f.message.clone()))
        .collect();
    findings.retain(|f| config.enabled(f.check));
    findings.extend(
        input
            .warnings
            .iter()
            .filter(|w| !owned.contains(&(Some(tidy(&w.path)), w.message.clone())))
            .map(Finding::from_warning),
    );
    sort(&mut findings);
    findings
}

/// Sorts findings by file, line, column, then check and message; those
/// without a file first.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.check, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.check, &b.message))
    });
}

/// `--strict`: every warning becomes an error.
pub fn strict(findings: &mut [Finding]) {
    for finding in findings {
        finding.level = Level::Error;
    }
}

/// How many errors and warnings there are.
pub fn count(findings: &[Finding]) -> (usize, usize) {
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    (errors, findings.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_warnings_keep_their_file_line_column_and_key() {
        let w = SourceError::new("./content/a.md", "unknown")
            .line(4)
            .column(1)
            .key("tag")
            .hint("did you mean `tags`?");
        let f = Finding::from_warning(&w);
        assert_eq!(f.file.as_deref(), Some(Path::new("content/a.md")));
        assert_eq!((f.line, f.column), (Some(4), Some(1)));
        assert_eq!(f.message, "key `tag`: unknown");
        assert_eq!(f.hint.as_deref(), Some("did you mean `tags`?"));
        assert_eq!(f.level, Level::Warning);
        let e = Finding::from_error(&Error::Usage("bad".into()));
        assert_eq!((e.file, e.level), (None, Level::Error));
    }
}
