//! The files a page offers for download: named in `downloads:` (beside
//! the page, in `static/`, or elsewhere on the web) or documents in its
//! bundle, each resolved inside the site and measured.

use std::path::{Path, PathBuf};

use super::DownloadFile;
use crate::config::{SiteConfig, SiteDirs};
use crate::content::Item;
use crate::error::Result;
use crate::util::artifact::Copy;

/// Bundle files with these extensions are listed as downloads without
/// being named in `downloads:`.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "zip", "csv", "txt",
    "rtf",
];

impl super::Site {
    /// Files copied verbatim from the pages: downloads beside them and every
    /// bundle's assets.
    pub fn copies(&self) -> Vec<Copy> {
        let mut copies = Vec::new();
        for page in self.pages.iter().filter(|p| !p.item.fallback) {
            copies.extend(page.downloads.iter().filter_map(|d| {
                d.copy.as_ref().map(|(from, to)| Copy {
                    from: from.clone(),
                    to: to.clone(),
                    link: false,
                })
            }));
            if let Some(dir) = &page.item.bundle_dir {
                let prefix = page.item.path.trim_start_matches('/');
                copies.extend(page.item.assets.iter().map(|asset| {
                    let to = format!("{prefix}{asset}");
                    // A processed image is published as its largest variant:
                    // same URL, no EXIF data.
                    match self.images.replaced.get(&to) {
                        Some(variant) => Copy {
                            from: variant.clone(),
                            to,
                            link: true,
                        },
                        None => Copy {
                            from: dir.join(asset),
                            to,
                            link: false,
                        },
                    }
                }));
            }
        }
        copies
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Every download of `item`: its `downloads:` list in order, then the
/// documents of its bundle it does not list. URLs are percent-encoded, so
/// `100%.pdf` or `a#b.pdf` stay links to their files.
pub(super) fn resolve_downloads(
    item: &Item,
    page_url: &str,
    config: &SiteConfig,
    dirs: &SiteDirs,
) -> Result<Vec<DownloadFile>> {
    let mut out = Vec::new();
    for download in &item.downloads {
        let src = download.src.as_str();
        let mut entry = if src.contains("://") {
            DownloadFile {
                title: String::new(),
                url: src.to_string(),
                kind: String::new(),
                size: None,
                copy: None,
            }
        } else if let Some(rel) = src.strip_prefix('/') {
            from_static(item, src, rel, config, dirs)?
        } else {
            beside_page(item, src, page_url, dirs)?
        };
        entry.title = download.title.clone().unwrap_or_else(|| file_name(src));
        entry.kind = extension(src).to_uppercase();
        out.push(entry);
    }
    out.extend(bundle_documents(item, page_url));
    Ok(out)
}

fn file_name(src: &str) -> String {
    src.rsplit('/').next().unwrap_or(src).to_string()
}

/// `/path` in `static/`: measured, published by the static copy.
fn from_static(
    item: &Item,
    src: &str,
    rel: &str,
    config: &SiteConfig,
    dirs: &SiteDirs,
) -> Result<DownloadFile> {
    let file = dirs.static_files.join(rel);
    let size = std::fs::metadata(&file).map(|m| m.len()).map_err(|_| {
        item.error(
            "downloads",
            format!("download `{src}` not found in static/"),
        )
    })?;
    inside_site(item, src, &file, dirs)?;
    Ok(DownloadFile {
        title: String::new(),
        url: crate::util::url::encode_path(&config.static_url(src)),
        kind: String::new(),
        size: Some(size),
        copy: None,
    })
}

/// A file beside the content file (or in its bundle): measured, and
/// copied next to the page unless the bundle copy publishes it.
fn beside_page(item: &Item, src: &str, page_url: &str, dirs: &SiteDirs) -> Result<DownloadFile> {
    if src.split('/').any(|seg| seg == "..") {
        return Err(item
            .error(
                "downloads",
                format!("download `{src}` must be beside the page"),
            )
            .hint("put the file in the page's folder, or in static/ and write /path")
            .into());
    }
    let folder = item.file.parent().unwrap_or(Path::new("."));
    let file = folder.join(src);
    let size = std::fs::metadata(&file)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .ok_or_else(|| item.error("downloads", format!("download `{src}` not found")))?;
    let file = inside_site(item, src, &file, dirs)?;
    let in_bundle = item.assets.iter().any(|a| a == src);
    let name = if in_bundle {
        src.to_string()
    } else {
        file_name(src)
    };
    let to = format!("{}{name}", item.path.trim_start_matches('/'));
    Ok(DownloadFile {
        title: String::new(),
        url: crate::util::url::encode_path(&format!("{page_url}{name}")),
        kind: String::new(),
        size: Some(size),
        copy: (!in_bundle).then_some((file, to)),
    })
}

/// Documents in a bundle are offered even when not listed.
fn bundle_documents(item: &Item, page_url: &str) -> Vec<DownloadFile> {
    let Some(dir) = &item.bundle_dir else {
        return Vec::new();
    };
    item.assets
        .iter()
        .filter(|asset| {
            !item.downloads.iter().any(|d| d.src == **asset)
                && DOCUMENT_EXTENSIONS.contains(&extension(asset).as_str())
        })
        .map(|asset| DownloadFile {
            title: file_name(asset),
            url: crate::util::url::encode_path(&format!("{page_url}{asset}")),
            kind: extension(asset).to_uppercase(),
            size: std::fs::metadata(dir.join(asset)).map(|m| m.len()).ok(),
            copy: None,
        })
        .collect()
}

/// A download's file resolved, or an error at the page's `downloads:` when
/// it leads out of the site (a `..` or a symlink).
fn inside_site(item: &Item, src: &str, file: &Path, dirs: &SiteDirs) -> Result<PathBuf> {
    crate::fs::inside(&dirs.root, file).map_err(|e| {
        item.error("downloads", format!("download `{src}`: {e}"))
            .into()
    })
}
