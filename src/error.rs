//! The error type of a build: every failure names the file (and where it
//! can, the line and key) so an editor can fix it without reading Rust.

use std::fmt;
use std::path::{Path, PathBuf};

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop a build. `main` prints it once and exits 1.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input in a file the user wrote: config, front matter, Markdown.
    /// Boxed: it is the largest variant, and every `Result` carries it.
    #[error("{0}")]
    Source(Box<SourceError>),
    /// A file could not be read, written or copied.
    #[error("{action} `{}`: {source}", path.display())]
    Io {
        /// What kiez was doing ("cannot read", "cannot write").
        action: &'static str,
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A template failed to parse or render; `chain` holds Tera's causes.
    #[error("template `{template}`: {chain}")]
    Template {
        /// The template's name, e.g. `article.html`.
        template: String,
        /// Tera's error and all its causes, joined.
        chain: String,
    },
    /// Two content files (or a file and a list page kiez makes) would be
    /// written to the same URL. Printed at the second file, at the line of
    /// the key that set the URL when one did (`slug`, `aliases`).
    #[error("{second}: {}", conflict(url, first.as_ref(), second))]
    UrlConflict {
        /// The contested URL path.
        url: String,
        /// The file that claimed it first (in sorted order); `None` for a
        /// list page kiez generates (`/articles/`, `/tags/`, …).
        first: Option<Claim>,
        /// The file that claimed it second.
        second: Claim,
    },
    /// A file or folder kiez was to read leads, through a symlink or `..`,
    /// outside the site folder: kiez never reads or publishes such files.
    #[error("`{}` leads to `{}`, outside the site folder; kiez reads and publishes only files inside the site", path.display(), target.display())]
    Outside {
        /// The path as the site names it.
        path: PathBuf,
        /// Where it really is, every symlink followed.
        target: PathBuf,
    },
    /// Another build holds the lock of the output folder.
    #[error("another kiez build is writing `{}` ({holder}); wait until it is done, or choose another folder with -o", output.display())]
    Locked {
        /// The output folder.
        output: PathBuf,
        /// Who holds the lock, as that build wrote it into the lock file.
        holder: String,
    },
    /// `kiez announce` stopped before sending anything (no live feed, too
    /// many new items) or, with `--strict`, after a channel failed.
    #[error("{0}")]
    Announce(String),
    /// Invalid command-line input that clap cannot check (e.g. a bad URL).
    #[error("{0}")]
    Usage(String),
    /// Several independent errors of one build, sorted by file and line
    /// (see [`Error::many`]): an editor fixes them all in one go.
    #[error("{}", show_all(.0))]
    Many(Vec<Error>),
}

fn show_all(errors: &[Error]) -> String {
    let mut text: Vec<String> = errors.iter().map(Error::to_string).collect();
    text.push(format!("{} errors", errors.len()));
    text.join("\n")
}

/// A content file's claim on a URL, and the front matter key that made
/// the URL when one did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The content file.
    pub path: PathBuf,
    /// The key that set the URL (`slug`, `aliases`) and its 1-based line;
    /// `None` when the URL comes from the file's name.
    pub key: Option<(&'static str, usize)>,
}

/// `path:line: key `slug``, as [`SourceError`] prints a place.
impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        match self.key {
            Some((key, line)) => write!(f, ":{line}: key `{key}`"),
            None => Ok(()),
        }
    }
}

/// The message of [`Error::UrlConflict`] after the second file's place.
fn conflict(url: &str, first: Option<&Claim>, second: &Claim) -> String {
    let Some(first) = first else {
        return format!(
            "makes the URL {url}, which is a list page kiez generates; give it another `slug`"
        );
    };
    let fix = if second.key.is_some_and(|(key, _)| key == "aliases") {
        "remove the alias or give the page another `slug`"
    } else {
        "give one of them another `slug`"
    };
    let place = match first.key {
        Some((key, line)) => format!(" (line {line}, key `{key}`)"),
        None => String::new(),
    };
    format!(
        "makes the URL {url}, as `{}` does{place}; {fix}{}",
        first.path.display(),
        look_alike(&first.path, &second.path)
    )
}

/// For two file names that look the same but are different characters
/// (`ü` as one letter, or as `u` plus a combining mark, which macOS and
/// some editors write): a sentence saying so, else nothing.
fn look_alike(first: &Path, second: &Path) -> String {
    let (a, b) = (first.to_string_lossy(), second.to_string_lossy());
    if a != b && deunicode::deunicode(&a) == deunicode::deunicode(&b) {
        " (the two names look alike but are written with different Unicode characters, \
         e.g. `ü` as one letter or as `u` plus a combining mark; rename one of them)"
            .to_string()
    } else {
        String::new()
    }
}

impl Error {
    /// One error for all of `errors`: nested lists flattened, sorted by
    /// file and line, the same message once; a single error stays itself.
    pub fn many(errors: Vec<Error>) -> Error {
        let mut all: Vec<Error> = Vec::new();
        for error in errors {
            match error {
                Error::Many(inner) => all.extend(inner),
                other => all.push(other),
            }
        }
        all.sort_by_cached_key(Error::place);
        all.dedup_by(|a, b| a.to_string() == b.to_string());
        match all.len() {
            1 => all.pop().expect("one error"),
            _ => Error::Many(all),
        }
    }

    /// Each error this one stands for: itself, or the errors of a
    /// [`Error::Many`].
    pub fn each(&self) -> &[Error] {
        match self {
            Error::Many(all) => all,
            one => std::slice::from_ref(one),
        }
    }

    /// The error as a problem at a place in a file, when it is one: a
    /// [`SourceError`] itself, or a URL conflict at the second file.
    pub fn source_error(&self) -> Option<SourceError> {
        match self {
            Error::Source(e) => Some(e.as_ref().clone()),
            Error::UrlConflict { url, first, second } => {
                let mut e = SourceError::new(&second.path, conflict(url, first.as_ref(), second));
                if let Some((key, line)) = second.key {
                    e = e.key(key).line(line);
                }
                Some(e)
            }
            _ => None,
        }
    }

    /// Where the error is, for sorting: file, then line.
    fn place(&self) -> (PathBuf, usize) {
        match self {
            Error::Source(e) => (e.path.clone(), e.line.unwrap_or(0)),
            Error::Io { path, .. } | Error::Outside { path, .. } => (path.clone(), 0),
            Error::UrlConflict { second, .. } => {
                (second.path.clone(), second.key.map_or(0, |(_, line)| line))
            }
            _ => (PathBuf::new(), 0),
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// Builds a template error, flattening Tera's cause chain into one line
    /// because the useful part (the missing variable, the bad filter) is
    /// usually in a `source()` several levels down.
    pub fn template(template: &str, err: &tera::Error) -> Self {
        let mut chain = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            source = cause.source();
        }
        Error::Template {
            template: template.to_string(),
            chain,
        }
    }
}

impl From<SourceError> for Error {
    fn from(e: SourceError) -> Self {
        Error::Source(Box::new(e))
    }
}

/// A problem at a place in a user's file, printed as `path:line: key: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// The file, as the user would type it (relative to the site when possible).
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when the parser told it; `u32`
    /// keeps the error small enough to pass around by value.
    pub column: Option<u32>,
    /// The front matter or config key concerned, when there is one.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when kiez can tell.
    pub hint: Option<String>,
}

/// The values of `results`, or all of their errors as one (see
/// [`Error::many`]).
pub fn gather<T>(results: impl IntoIterator<Item = Result<T>>) -> Result<Vec<T>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(Error::many(errors))
    }
}

impl SourceError {
    /// A new error about `path` with no position yet.
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        SourceError {
            path: path.into(),
            line: None,
            column: None,
            key: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Sets the 1-based line.
    pub fn line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the 1-based column.
    pub fn column(mut self, column: usize) -> Self {
        self.column = Some(u32::try_from(column).unwrap_or(u32::MAX));
        self
    }

    /// Sets the key.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SourceError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_errors_are_sorted_flattened_and_counted() {
        let at = |file: &str, line| Error::from(SourceError::new(file, "x").line(line));
        let err = Error::many(vec![
            at("b.md", 2),
            Error::many(vec![at("a.md", 9), at("b.md", 1)]),
            at("a.md", 9),
        ]);
        assert_eq!(err.each().len(), 3);
        assert_eq!(err.to_string(), "a.md:9: x\nb.md:1: x\nb.md:2: x\n3 errors");
        assert!(matches!(Error::many(vec![at("a.md", 1)]), Error::Source(_)));
    }

    #[test]
    fn source_error_prints_file_line_key_and_hint() {
        let err = SourceError::new("content/articles/a.md", "expected a date")
            .line(3)
            .key("date")
            .hint("write it as 2026-11-20");
        assert_eq!(
            err.to_string(),
            "content/articles/a.md:3: key `date`: expected a date\n  hint: write it as 2026-11-20"
        );
    }

    #[test]
    fn url_conflict_names_both_files_and_the_slug_line() {
        let err = Error::UrlConflict {
            url: "/articles/x/".into(),
            first: Some(Claim {
                path: "content/articles/a.md".into(),
                key: None,
            }),
            second: Claim {
                path: "content/articles/b.md".into(),
                key: Some(("slug", 3)),
            },
        };
        assert_eq!(
            err.to_string(),
            "content/articles/b.md:3: key `slug`: makes the URL /articles/x/, \
             as `content/articles/a.md` does; give one of them another `slug`"
        );
    }
}
