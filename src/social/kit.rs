//! `kiez share PAGE`: finds one article or event by its content file or
//! its URL, draws its square and story images (through the cache, so after
//! a build nothing is drawn) and hands back files and captions for
//! `main.rs` to print.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::share::Share;
use super::{Drawn, Social};
use crate::config::SiteDirs;
use crate::content::Kind;
use crate::error::{Error, Result};
use crate::site::{Page, Site};

/// What `kiez share` prints for one page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Kit {
    /// Images, captions, URL and hashtags.
    #[serde(flatten)]
    pub share: Share,
    /// A file on disk per image, in the order of `share.images`: the
    /// output folder's copy when it is current, else the cached one.
    pub files: Vec<PathBuf>,
}

/// Where the share kit's files are looked for and drawn.
pub struct Places<'a> {
    /// The site's folders.
    pub dirs: &'a SiteDirs,
    /// `.kiez-cache/social`.
    pub cache: &'a Path,
    /// The output folder of `kiez build`.
    pub output: &'a Path,
}

/// The share kit of the page `arg` names: a content file
/// (`content/articles/x.md`, also relative to the site folder or to
/// `content/`), or a URL or path (`/articles/x/`, `https://site/articles/x/`).
pub fn kit(site: &Site, social: &Social, arg: &str, places: &Places) -> Result<Kit> {
    let page = find(site, places.dirs, arg)?;
    let Some(share) = social.shares.get(&page.item.path) else {
        return Err(Error::Usage(format!(
            "`{arg}` is {}; share images and captions are made for articles and events",
            kind_name(page.item.kind)
        )));
    };
    let specs: BTreeMap<&str, _> = share
        .images
        .iter()
        .map(|i| (i.hash.as_str(), &i.spec))
        .collect();
    let (drawn, _) = super::draw(specs, places.cache)?;
    let mut files = Vec::new();
    for image in &share.images {
        let Drawn::Cached(cached) = &drawn[image.hash.as_str()] else {
            return Err(Error::Usage(format!(
                "cannot write share images into {}",
                places.cache.display()
            )));
        };
        let published = places.output.join(&image.file);
        let current = std::fs::read(&published)
            .ok()
            .zip(std::fs::read(cached).ok())
            .is_some_and(|(a, b)| a == b);
        files.push(if current { published } else { cached.clone() });
    }
    Ok(Kit {
        share: share.clone(),
        files,
    })
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Faq => "an FAQ question",
        Kind::Home => "the home page",
        _ => "a plain page",
    }
}

/// The page `arg` names (see [`kit`]).
pub fn find<'s>(site: &'s Site, dirs: &SiteDirs, arg: &str) -> Result<&'s Page> {
    let by_source = source_of(dirs, arg).and_then(|source| site.page(&source));
    if let Some(page) = by_source {
        return Ok(page);
    }
    let path = url_path(site, arg);
    site.pages
        .iter()
        .find(|p| p.item.path == path)
        .ok_or_else(|| {
            Error::Usage(format!(
                "`{arg}` is neither a content file nor a page of the site; name an article or event like content/articles/NAME.md or /articles/NAME/"
            ))
        })
}

/// `arg` as a source path relative to `content/` (`articles/x.md`).
fn source_of(dirs: &SiteDirs, arg: &str) -> Option<String> {
    let content = dirs.content.canonicalize().ok()?;
    for candidate in [
        PathBuf::from(arg),
        dirs.root.join(arg),
        dirs.content.join(arg),
    ] {
        let candidate = if candidate.is_dir() {
            candidate.join("index.md")
        } else {
            candidate
        };
        let Ok(file) = candidate.canonicalize() else {
            continue;
        };
        if let Ok(rel) = file.strip_prefix(&content) {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            return Some(parts.join("/"));
        }
    }
    None
}

/// `arg` as a logical page path (`/articles/x/`): the site's address and
/// base path taken off, slashes around.
fn url_path(site: &Site, arg: &str) -> String {
    let config = &site.config;
    let mut rest = arg.trim();
    for prefix in [config.base_url.as_str(), config.origin()] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let base = config.base_path().trim_matches('/');
    let mut rest = rest.trim_matches('/');
    if !base.is_empty() {
        rest = rest
            .strip_prefix(base)
            .filter(|r| r.is_empty() || r.starts_with('/'))
            .map_or(rest, |r| r.trim_start_matches('/'));
    }
    if rest.is_empty() {
        "/".into()
    } else {
        format!("/{rest}/")
    }
}
