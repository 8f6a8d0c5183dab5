//! How pages look when shared: the Open Graph image of every page (its own
//! picture, or a generated card), the cards themselves ([`card`]), and
//! schema.org JSON-LD ([`jsonld`]). Templates print the meta tags from the
//! view this module prepares.

pub mod card;
pub mod jsonld;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;

use crate::config::SiteDirs;
use crate::content::Kind;
use crate::error::{Result, SourceError};
use crate::output::OutputFile;
use crate::site::{Page, Site, TaxonomyKind};
use card::CardSpec;

/// The `og:image` of one page.
#[derive(Debug, Clone)]
pub struct OgImage {
    /// Absolute URL.
    pub url: String,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Alternative text.
    pub alt: String,
    /// The card to draw and its hash (which names the file), when the
    /// image is generated.
    pub card: Option<(CardSpec, String)>,
}

/// Share images for every page, by logical path (`/articles/x/`).
#[derive(Debug, Default)]
pub struct Social {
    /// Image per page path.
    pub images: BTreeMap<String, OgImage>,
    /// Own images smaller than 1200×630 (still used).
    pub warnings: Vec<String>,
}

impl Social {
    /// The image for a page path; list pages beyond the first share it.
    pub fn image_for(&self, path: &str) -> Option<&OgImage> {
        let path = if path.starts_with("/articles/page/") {
            "/articles/"
        } else {
            path
        };
        self.images.get(path)
    }
}

/// Decides the share image of every page: the page's own raster image
/// when it has one, else a generated card. Hashing a card means laying it
/// out, so the hashes of `previous` (the dev server's last build) are
/// reused for cards that did not change.
pub fn plan(site: &Site, dirs: &SiteDirs, previous: Option<&Social>) -> Result<Social> {
    let known: HashMap<&CardSpec, &str> = previous
        .iter()
        .flat_map(|p| p.images.values())
        .filter_map(|image| image.card.as_ref())
        .map(|(spec, hash)| (spec, hash.as_str()))
        .collect();
    let config = &site.config;
    let t = crate::i18n::strings(config.language);
    let s = |key: &str| t[key].as_str().unwrap_or(key).to_string();
    let logo_svg = config
        .publisher
        .logo
        .as_deref()
        .filter(|l| l.ends_with(".svg") && l.starts_with('/'))
        .and_then(|l| {
            std::fs::read_to_string(dirs.static_files.join(l.trim_start_matches('/'))).ok()
        });
    let logo_warning = logo_svg
        .as_deref()
        .and_then(|svg| card::check_logo(svg).err());
    let logo_svg = logo_svg.filter(|_| logo_warning.is_none());
    let background = card::safe_color(&config.colors.accent, "#0a6847");
    let site_name = config.title.clone();
    let make = |title: &str, section: String, detail: Option<String>| {
        let spec = CardSpec {
            title: title.to_string(),
            section,
            detail,
            site_name: site_name.clone(),
            logo_svg: logo_svg.clone(),
            background: background.clone(),
        };
        let hash = match known.get(&spec) {
            Some(hash) => hash.to_string(),
            None => spec.hash(),
        };
        OgImage {
            url: config.absolute_url(&format!("/social/{hash}.png")),
            width: card::WIDTH,
            height: card::HEIGHT,
            alt: title.to_string(),
            card: Some((spec, hash)),
        }
    };

    let mut social = Social::default();
    social.warnings.extend(logo_warning.map(|why| {
        format!("kiez.yaml: key `publisher.logo`: the logo {why}; cards are drawn without it")
    }));
    social
        .images
        .insert("/".into(), make(&config.title, s("home"), None));
    for page in &site.pages {
        if page.item.kind == Kind::Home {
            continue;
        }
        if let Some(own) = own_image(site, dirs, page, &mut social.warnings)? {
            social.images.insert(page.item.path.clone(), own);
            continue;
        }
        let (section, detail) = match page.item.kind {
            Kind::Article => (
                page.item
                    .categories
                    .first()
                    .cloned()
                    .unwrap_or_else(|| s("articles")),
                None,
            ),
            Kind::Event => (
                s("card_event"),
                page.item
                    .event
                    .as_ref()
                    .map(|e| event_detail(site, page, e)),
            ),
            Kind::Faq => {
                let category = page
                    .item
                    .faq
                    .as_ref()
                    .and_then(|f| site.faq.iter().find(|sec| sec.category.slug == f.category));
                match category {
                    Some(sec) => (format!("{} · {}", s("faq_short"), sec.category.title), None),
                    None => (s("faq_short"), None),
                }
            }
            Kind::Page | Kind::Home => (config.title.clone(), None),
        };
        social.images.insert(
            page.item.path.clone(),
            make(&page.item.title, section, detail),
        );
    }
    let lists = [
        ("/articles/", s("articles")),
        ("/events/", s("events")),
        ("/faq/", s("faq")),
        ("/search/", s("search")),
    ];
    for (path, title) in lists {
        social
            .images
            .insert(path.into(), make(&title, config.title.clone(), None));
    }
    for section in &site.faq {
        social.images.insert(
            section.path.clone(),
            make(&section.category.title, s("faq_short"), None),
        );
    }
    for kind in TaxonomyKind::ALL {
        let label = s(kind.key());
        social.images.insert(
            format!("/{}/", kind.key()),
            make(&label, config.title.clone(), None),
        );
        for term in &site.taxonomy(kind).terms {
            social
                .images
                .insert(term.path.clone(), make(&term.name, label.clone(), None));
        }
    }
    Ok(social)
}

/// "Dienstag, 8. Dezember 2026, 19:00 Uhr · Nachbarschaftstreff": one
/// line, so the card shows the place's name without its address.
fn event_detail(site: &Site, page: &Page, event: &crate::content::Event) -> String {
    let mut shown = event.clone();
    shown.start = page.when.unwrap_or(event.start);
    if let Some(location) = shown.location.as_mut() {
        location.address = None;
    }
    crate::feeds::event_line(site, &shown)
}

/// The page's own image, when it is a raster file kiez can measure.
fn own_image(
    site: &Site,
    dirs: &SiteDirs,
    page: &Page,
    warnings: &mut Vec<String>,
) -> Result<Option<OgImage>> {
    let (Some(src), Some(url)) = (&page.item.image, &page.image) else {
        return Ok(None);
    };
    if src.contains("://") || src.to_ascii_lowercase().ends_with(".svg") {
        return Ok(None);
    }
    let file = match (src.strip_prefix('/'), &page.item.bundle_dir) {
        (Some(rel), _) => dirs.static_files.join(rel),
        (None, Some(dir)) => dir.join(src),
        (None, None) => return Ok(None),
    };
    let size = imagesize::size(&file).map_err(|e| {
        SourceError::new(
            &page.item.file,
            format!("cannot read image `{}`: {e}", file.display()),
        )
        .key("image")
        .hint("save the image again as JPEG, PNG or WebP")
    });
    let size = match size {
        Ok(size) => size,
        Err(mut err) => {
            err.line = page.item.key_lines.get("image").copied();
            return Err(err.into());
        }
    };
    let (mut width, mut height) = (size.width as u32, size.height as u32);
    // A bundle image is published as its largest resized variant.
    if let (Some(r), None) = (site.images.by_url.get(url.as_str()), src.strip_prefix('/')) {
        (width, height) = (r.width, r.height);
    }
    if width < card::WIDTH || height < card::HEIGHT {
        warnings.push(format!(
            "{}: image `{src}` is {width}×{height}; link previews look best at 1200×630 or larger",
            page.item.file.display()
        ));
    }
    Ok(Some(OgImage {
        url: crate::feeds::absolute(site, url),
        width,
        height,
        alt: page
            .item
            .image_alt
            .clone()
            .unwrap_or_else(|| page.item.title.clone()),
        card: None,
    }))
}

/// Draws every generated card not yet in `cache_dir`. Cached cards are
/// hard-linked into the output rather than read and written again (on a
/// 10,000-article site they are 400 MB); when the cache cannot be written
/// the cards come back as files instead. Returns files, links and how many
/// cards were drawn anew.
pub fn render_cards(
    social: &Social,
    cache_dir: &Path,
) -> Result<(Vec<OutputFile>, Vec<crate::output::Copy>, usize)> {
    let mut specs: BTreeMap<&str, &CardSpec> = BTreeMap::new();
    for image in social.images.values() {
        if let Some((spec, hash)) = &image.card {
            specs.insert(hash, spec);
        }
    }
    let cached = std::fs::create_dir_all(cache_dir).is_ok();
    let results: Vec<(Option<OutputFile>, Option<crate::output::Copy>, bool)> = specs
        .into_par_iter()
        .map(|(hash, spec)| {
            let to = format!("social/{hash}.png");
            let path = cache_dir.join(format!("{hash}.png"));
            let link = |path| {
                Some(crate::output::Copy {
                    from: path,
                    to: to.clone(),
                    link: true,
                })
            };
            if cached && path.is_file() {
                return Ok((None, link(path), false));
            }
            let bytes = card::render_png(spec)?;
            if cached && card::store(&path, &bytes) {
                return Ok((None, link(path), true));
            }
            Ok((
                Some(OutputFile {
                    path: to,
                    bytes: bytes.into(),
                }),
                None,
                true,
            ))
        })
        .collect::<Result<_>>()?;
    let drawn = results.iter().filter(|r| r.2).count();
    let mut files = Vec::new();
    let mut links = Vec::new();
    for (file, link, _) in results {
        files.extend(file);
        links.extend(link);
    }
    Ok((files, links, drawn))
}

/// One share link.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ShareLink {
    /// Network key, e.g. `whatsapp` (also a CSS class).
    pub network: &'static str,
    /// Visible name.
    pub name: &'static str,
    /// Where the link goes: the network's plain share URL, no script.
    pub href: String,
}

/// Share links for `url` (absolute) and `title`, for the configured networks.
pub fn share_links(config: &crate::config::SiteConfig, url: &str, title: &str) -> Vec<ShareLink> {
    let u = url_encode(url);
    let t = url_encode(title);
    let text = url_encode(&format!("{title} {url}"));
    crate::config::SHARE_NETWORKS
        .iter()
        .filter(|n| config.share.networks.iter().any(|c| c == *n))
        .map(|&network| {
            let (name, href) = match network {
                "whatsapp" => ("WhatsApp", format!("https://wa.me/?text={text}")),
                "facebook" => (
                    "Facebook",
                    format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
                ),
                "linkedin" => (
                    "LinkedIn",
                    format!("https://www.linkedin.com/sharing/share-offsite/?url={u}"),
                ),
                "x" => ("X", format!("https://x.com/intent/post?url={u}&text={t}")),
                "mastodon" => (
                    "Mastodon",
                    match &config.share.mastodon_instance {
                        Some(instance) => {
                            format!("{}/share?text={text}", instance.trim_end_matches('/'))
                        }
                        None => format!("https://share.joinmastodon.org/#text={text}"),
                    },
                ),
                "xing" => (
                    "XING",
                    format!("https://www.xing.com/spi/shares/new?url={u}"),
                ),
                "telegram" => (
                    "Telegram",
                    format!("https://t.me/share/url?url={u}&text={t}"),
                ),
                _ => ("E-Mail", format!("mailto:?subject={t}&body={u}")),
            };
            ShareLink {
                network,
                name,
                href,
            }
        })
        .collect()
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_links_encode_url_and_title() {
        let config = crate::config::SiteConfig::from_str(
            "title: T\nbase_url: https://a.example\nshare:\n  networks: [whatsapp, email]\n",
            Path::new("kiez.yaml"),
        )
        .unwrap();
        let links = share_links(&config, "https://a.example/x/?a=1&b=2", "Größer & <besser>");
        assert_eq!(links.len(), 2);
        assert_eq!(
            links[0].href,
            "https://wa.me/?text=Gr%C3%B6%C3%9Fer%20%26%20%3Cbesser%3E%20https%3A%2F%2Fa.example%2Fx%2F%3Fa%3D1%26b%3D2"
        );
        assert!(links[1]
            .href
            .starts_with("mailto:?subject=Gr%C3%B6%C3%9Fer"));
    }
}
