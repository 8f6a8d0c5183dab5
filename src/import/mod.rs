//! `kiez import`: moves an existing site in. An importer reads the old
//! site, writes a new kiez site folder (`kiez.yaml`, `content/`) and
//! returns a [`Report`] of what it did and of everything left for a human
//! (shortcodes it cannot run, media it could not find, items it skipped).
//! The library never prints: `main.rs` prints the report, and the
//! importer also writes it into the new site as `import-report.md`.
//!
//! Importers never overwrite: the target folder must be missing or empty.
//! Front matter is serialized through serde ([`write::Front`]), so titles
//! with quotes, colons or non-ASCII letters are escaped by the YAML
//! writer, never by hand.

mod html;
mod hugo;
mod jekyll;
mod media;
pub mod report;
mod text;
mod wordpress;
mod write;
mod wxr;

use std::path::{Path, PathBuf};

/// The language whose rules imported slugs follow: an import writes a
/// German or English site (see `write_config`), and both fold alike.
const SLUG_LANG: crate::config::Language = crate::config::Language::De;

use crate::error::{Error, Result, SourceError};

pub use report::Report;

/// What `kiez import wordpress` was asked to do.
#[derive(Debug, Clone)]
pub struct WordPressOptions {
    /// The WordPress export (WXR 1.1 or 1.2, "Tools → Export").
    pub export: PathBuf,
    /// A copy of `wp-content/uploads`: images found there are copied into
    /// the articles' bundles; without it their URLs stay as they are.
    pub media: Option<PathBuf>,
    /// The new site's folder (missing or empty).
    pub output: PathBuf,
    /// A mapping file: which custom post types become which kind of page.
    pub map: Option<PathBuf>,
}

/// What `kiez import jekyll` was asked to do.
#[derive(Debug, Clone)]
pub struct JekyllOptions {
    /// The Jekyll site's folder (holding `_config.yml` and `_posts/`).
    pub source: PathBuf,
    /// The new site's folder (missing or empty).
    pub output: PathBuf,
}

/// Imports a Jekyll site into a new site at `opts.output`.
pub fn jekyll(opts: &JekyllOptions) -> Result<Report> {
    check_empty(&opts.output)?;
    if !opts.source.join("_posts").is_dir() && !opts.source.join("_config.yml").is_file() {
        return Err(SourceError::new(
            &opts.source,
            "not a Jekyll site: no `_config.yml` and no `_posts/`",
        )
        .hint("name the folder that holds the site's `_config.yml`")
        .into());
    }
    let report = jekyll::import(opts)?;
    crate::fs::write(&opts.output.join("import-report.md"), report.to_markdown())?;
    Ok(report)
}

/// What `kiez import hugo` was asked to do.
#[derive(Debug, Clone)]
pub struct HugoOptions {
    /// The Hugo site's folder (holding `content/` and its config).
    pub source: PathBuf,
    /// The new site's folder (missing or empty).
    pub output: PathBuf,
}

/// Imports a Hugo site into a new site at `opts.output`.
pub fn hugo(opts: &HugoOptions) -> Result<Report> {
    check_empty(&opts.output)?;
    if !opts.source.join("content").is_dir() {
        return Err(
            SourceError::new(&opts.source, "not a Hugo site: no `content/` folder")
                .hint("name the folder that holds the site's `hugo.toml` and `content/`")
                .into(),
        );
    }
    let report = hugo::import(opts)?;
    crate::fs::write(&opts.output.join("import-report.md"), report.to_markdown())?;
    Ok(report)
}

/// What a custom post type becomes, from the mapping file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MapTo {
    /// An article (`content/articles/`).
    Article,
    /// A plain page (`content/pages/`).
    Page,
    /// A FAQ answer, in the folder of its first category.
    Faq,
}

/// Reads a mapping file: `POST_TYPE: article|page|faq` per line.
fn read_map(path: &Path) -> Result<std::collections::BTreeMap<String, MapTo>> {
    let text = crate::fs::read_to_string(path)?;
    crate::yaml::from_str(&text).map_err(|e| {
        let mut err = SourceError::new(path, e.message)
            .hint("write one `post_type: article`, `page` or `faq` per line");
        if let Some(line) = e.line {
            err = err.line(line);
        }
        err.into()
    })
}

/// Imports a WordPress export into a new site at `opts.output`.
pub fn wordpress(opts: &WordPressOptions) -> Result<Report> {
    check_empty(&opts.output)?;
    let map = match &opts.map {
        Some(path) => read_map(path)?,
        None => Default::default(),
    };
    let text = crate::fs::read_to_string(&opts.export)?;
    let channel = wxr::parse(&text, &opts.export)?;
    let report = wordpress::import(&channel, opts, &map)?;
    crate::fs::write(&opts.output.join("import-report.md"), report.to_markdown())?;
    Ok(report)
}

/// An import writes only into a new or empty folder: it must never mix
/// its files with a site that is already there.
fn check_empty(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))?;
    if entries.next().is_some() {
        return Err(SourceError::new(
            dir,
            "the folder is not empty; an import never writes into an existing site",
        )
        .hint("choose a new folder with -o, or empty this one")
        .into());
    }
    Ok(())
}
