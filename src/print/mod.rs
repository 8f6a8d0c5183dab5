//! Paper: `kiez print EDITION` (the printed edition as a PDF: cover,
//! contents with page numbers, articles, upcoming events, imprint) and
//! `kiez print --notice FILE` (one A4 page for the stairwell notice
//! board, with a QR code to the page). Read from the content library,
//! not from rendered HTML: Markdown is laid out by a small engine of
//! kiez's own (`layout`) and written with krilla (`pdf`), fonts embedded,
//! original image files at full resolution.

mod article;
mod blocks;
mod edition;
mod fonts;
mod layout;
mod notice;
mod pdf;
mod qr;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use layout::Paper;

use crate::config::{SiteConfig, SiteDirs};
use crate::content::{self, Item};
use crate::error::{Result, SourceError};
use crate::site::Site;

/// What `kiez print` was asked for.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    /// The site folder (holding `kiez.yaml`).
    pub site_dir: PathBuf,
    /// Page size.
    pub paper: Paper,
    /// Override of the config's `base_url` (for the printed URLs and QR codes).
    pub base_url: Option<String>,
    /// "Now": which events are upcoming, which articles published.
    pub now: DateTime<Utc>,
}

/// A finished PDF and the file name it is written to unless told otherwise.
pub struct Printed {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// `hofblatt-2026-4.pdf`, `aushang-sommerfest-2026.pdf`.
    pub file_name: String,
    /// Pages in it.
    pub pages: usize,
}

/// The site as print reads it: the finished model (for its lists, such
/// as an edition's articles in the editors' order), whose items print
/// lays out from their Markdown.
pub(crate) struct Source {
    pub site: Site,
    pub dirs: SiteDirs,
    pub now: DateTime<Utc>,
}

impl Source {
    fn load(opts: &PrintOptions) -> Result<Source> {
        let mut build = crate::BuildOptions::new(&opts.site_dir)?;
        build.base_url = opts.base_url.clone();
        build.now = opts.now;
        let (site, dirs) = crate::site_model(&build)?;
        Ok(Source {
            site,
            dirs,
            now: opts.now,
        })
    }

    /// The site's configuration.
    pub fn config(&self) -> &SiteConfig {
        &self.site.config
    }

    /// The item of a source path (`articles/x.md`).
    fn item(&self, source: &str) -> Option<&Item> {
        self.site.page(source).map(|p| &p.item)
    }

    /// The items of one kind.
    pub fn of_kind(&self, kind: content::Kind) -> impl Iterator<Item = &Item> {
        self.site
            .pages
            .iter()
            .map(|p| &p.item)
            .filter(move |i| i.kind == kind)
    }

    /// The absolute URL of an item's page.
    pub fn url(&self, item: &Item) -> String {
        self.site.config.absolute_url(&item.path)
    }

    /// What a link in `item`'s body is printed as: a short absolute URL
    /// (`hofblatt.example/events/x/`), `None` for anchors on the page.
    pub fn short_link(&self, item: &Item, target: &str) -> Option<String> {
        if target.starts_with('#') || target.is_empty() {
            return None;
        }
        let url = if let Some(mail) = target.strip_prefix("mailto:") {
            return Some(mail.split('?').next().unwrap_or(mail).to_string());
        } else if target.contains("://") {
            target.to_string()
        } else if target.starts_with('/') {
            self.site.config.absolute(target)
        } else {
            let file = target.split('#').next().unwrap_or(target);
            let dir = item.source.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            let source = normalize(&format!("{dir}/{file}"));
            match self.item(&source) {
                Some(linked) => self.url(linked),
                None => return None,
            }
        };
        Some(short_url(&url))
    }

    /// The file of an image an item names: a bundle file, or `/path` in
    /// `static/`. Remote images are not fetched (`None`).
    pub fn image_file(&self, item: &Item, src: &str) -> Option<PathBuf> {
        if src.contains("://") {
            return None;
        }
        if let Some(rel) = src.strip_prefix('/') {
            return Some(self.dirs.static_files.join(rel));
        }
        let dir = match &item.bundle_dir {
            Some(dir) => dir.clone(),
            None => self.dirs.content.join(&item.source).parent()?.to_path_buf(),
        };
        Some(dir.join(src))
    }
}

/// `a/./b/../c.md` → `a/c.md`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// A URL as printed: no scheme, no `www.`, no trailing slash.
pub fn short_url(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/').to_string()
}

/// `kiez print EDITION`.
pub fn edition(opts: &PrintOptions, id: &str) -> Result<Printed> {
    let source = Source::load(opts)?;
    edition::print(&source, id, opts.paper)
}

/// `kiez print --notice FILE`: FILE is an event or a FAQ answer, named
/// by its path (from the current folder or the site folder) or by its
/// path below `content/`.
pub fn notice(opts: &PrintOptions, file: &Path) -> Result<Printed> {
    let source = Source::load(opts)?;
    let item = find_item(&source, file)?;
    notice::print(&source, item, opts.paper)
}

/// The content item a path on the command line names.
fn find_item<'s>(source: &'s Source, file: &Path) -> Result<&'s Item> {
    let content = std::fs::canonicalize(&source.dirs.content).ok();
    let candidates = [
        file.to_path_buf(),
        source.dirs.root.join(file),
        source.dirs.content.join(file),
    ];
    let rel = candidates.iter().find_map(|path| {
        let full = std::fs::canonicalize(path).ok()?;
        let rel = full.strip_prefix(content.as_ref()?).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    });
    let Some(rel) = rel else {
        let message = format!(
            "no such file in the site's content folder `{}`",
            source.dirs.content.display()
        );
        return Err(SourceError::new(file, message).into());
    };
    match source.item(&rel) {
        Some(item) if matches!(item.kind, content::Kind::Event | content::Kind::Faq) => Ok(item),
        Some(item) => Err(SourceError::new(
            &item.file,
            format!(
                "this is {}; a notice is made of an event or a FAQ answer",
                item.kind.noun()
            ),
        )
        .into()),
        None => Err(SourceError::new(
            file,
            "not a published content file (a draft?); a notice is made of an event or a FAQ answer",
        )
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_printed_short() {
        assert_eq!(short_url("https://www.a.example/x/y/"), "a.example/x/y");
        assert_eq!(normalize("articles/../events/./x.md"), "events/x.md");
    }
}
