//! Front-matter keys that attach files and links to a page, checked:
//! `aliases:` (old paths), `gallery:`, `downloads:` and `discussion:`.

use super::frontmatter::Fields;
use super::matter;
use super::{Download, GalleryImage, Item};
use crate::error::Result;

const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "avif", "svg"];

/// Old paths must be paths of this site.
pub(super) fn check_aliases(f: &Fields, aliases: &[String]) -> Result<()> {
    for alias in aliases {
        if alias.contains("://")
            || alias.split(['/', '\\']).any(|seg| seg == "..")
            || alias.trim_matches('/').is_empty()
            || alias
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains('.') && !last.ends_with(".html"))
        {
            return Err(f
                .error("aliases", format!("`{alias}` is not a path on this site"))
                .hint("write old paths like /alte-adresse/ (no .., no host)")
                .into());
        }
    }
    Ok(())
}

/// `gallery:` as a list of images, or a folder name of the bundle.
pub(super) fn gallery(f: &Fields, raw: Option<matter::Gallery>) -> Result<Vec<GalleryImage>> {
    Ok(match raw {
        None => Vec::new(),
        Some(matter::Gallery::Folder(folder)) => vec![GalleryImage {
            src: format!("{}/", folder.trim_end_matches('/')),
            caption: String::new(),
            alt: None,
        }],
        Some(matter::Gallery::Images(images)) => {
            for image in &images {
                f.check_link("gallery", Some(&image.src))?;
            }
            images
        }
    })
}

/// `discussion:` must be a safe link (or `false`).
pub(super) fn discussion(
    f: &Fields,
    raw: Option<matter::Discussion>,
) -> Result<Option<matter::Discussion>> {
    if let Some(matter::Discussion::Url(url)) = &raw {
        f.check_link("discussion", Some(url))?;
    }
    Ok(raw)
}

/// `downloads:` as files or links, each a safe link.
pub(super) fn downloads(
    f: &Fields,
    raw: Option<Vec<matter::RawDownload>>,
) -> Result<Vec<Download>> {
    let downloads: Vec<Download> = raw
        .unwrap_or_default()
        .into_iter()
        .map(|raw| match raw {
            matter::RawDownload::Path(src) => Download { src, title: None },
            matter::RawDownload::Full { src, title } => Download { src, title },
        })
        .collect();
    for download in &downloads {
        f.check_link("downloads", Some(&download.src))?;
    }
    Ok(downloads)
}

/// `gallery: fotos` (a folder name) expands to every image in that folder
/// of the bundle, in file-name order.
pub(super) fn resolve_gallery_folder(item: &mut Item) {
    let Some(folder) = item
        .gallery
        .first()
        .filter(|g| item.gallery.len() == 1 && g.src.ends_with('/'))
        .map(|g| g.src.clone())
    else {
        return;
    };
    item.gallery = item
        .assets
        .iter()
        .filter(|a| a.starts_with(&folder) && is_image(a))
        .map(|a| GalleryImage {
            src: a.clone(),
            caption: String::new(),
            alt: None,
        })
        .collect();
}

/// Whether a file name has an image extension.
fn is_image(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}
