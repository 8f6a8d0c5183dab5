//! How pages look when shared: the Open Graph image of every page (its own
//! picture, or a generated card), the cards themselves ([`card`]), square
//! and story images and captions for image-first platforms ([`share`]),
//! and schema.org JSON-LD ([`jsonld`]). Templates print the meta tags from
//! the view this module prepares.

pub mod canvas;
pub mod card;
mod discussion;
pub mod format;
mod glyphs;
pub mod jsonld;
pub mod kit;
pub mod layout;
pub mod meta;
pub mod shape;
pub mod share;

pub use discussion::discussion_link;
pub use meta::{page_meta, PageMeta, Subject};

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::SiteDirs;
use crate::content::Kind;
use crate::error::{Result, SourceError};
use crate::site::{Page, Site, TaxonomyKind};
use crate::util::artifact::OutputFile;
use card::CardSpec;
use format::Format;

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
    pub warnings: Vec<SourceError>,
    /// Square and story images and captions of articles and events, by
    /// logical path (see [`Shares`]).
    pub shares: BTreeMap<String, share::Share>,
}

/// Which articles and events [`plan`] plans square and story images and
/// captions for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shares {
    /// The recent ones (`social.recent_days`): what a build publishes.
    Recent,
    /// Every one: `kiez share` picks one of them.
    All,
}

impl Social {
    /// The image for a page path; list pages beyond the first share it.
    pub fn image_for(&self, path: &str) -> Option<&OgImage> {
        self.images.get(crate::util::url::list_root(path))
    }
}

/// The publisher's SVG logo for the cards: `None` when it cannot be read
/// (cards are drawn without it), an error when it leads out of the site.
fn read_logo(dirs: &SiteDirs, logo: &str) -> Result<Option<String>> {
    let path = dirs.static_files.join(logo.trim_start_matches('/'));
    match crate::fs::inside(&dirs.root, &path) {
        Ok(file) => Ok(std::fs::read_to_string(file).ok()),
        Err(e @ crate::error::Error::Outside { .. }) => Err(SourceError::new(
            dirs.root.join(crate::config::CONFIG_FILE),
            e.to_string(),
        )
        .key("publisher.logo")
        .into()),
        Err(_) => Ok(None),
    }
}

/// Decides the share image of every page: the page's own raster image
/// when it has one, else a generated card; and the square and story
/// images of the articles and events `shares` asks for.
pub fn plan(site: &Site, dirs: &SiteDirs, shares: Shares) -> Result<Social> {
    let config = &site.config;
    let logo_svg = config
        .publisher
        .logo
        .as_deref()
        .filter(|l| l.ends_with(".svg") && l.starts_with('/'))
        .map(|l| read_logo(dirs, l))
        .transpose()?
        .flatten();
    // A logo too costly to draw is left off rather than slowing every card.
    let logo_warning = logo_svg
        .as_deref()
        .and_then(|svg| card::check_logo(svg).err());
    let cards = Cards {
        site,
        strings: crate::i18n::strings(config),
        logo_svg: logo_svg.filter(|_| logo_warning.is_none()),
        background: card::safe_color(&config.colors.accent, "#0a6847"),
        formats: share::formats(&config.social),
    };
    let mut social = Social::default();
    // Many pages may share one image file (a default cover): read each
    // file's size once.
    let mut sizes = HashMap::new();
    social.warnings.extend(logo_warning.map(|why| {
        SourceError::new(
            "kiez.yaml",
            format!("the logo {why}; cards are drawn without it"),
        )
        .key("publisher.logo")
    }));
    social
        .images
        .insert("/".into(), cards.make(&config.title, cards.s("home"), None));
    for page in &site.pages {
        // A borrowed untranslated item's page is in its own language.
        if page.item.kind == Kind::Home || page.item.fallback {
            continue;
        }
        let recent = || share::recent(page, site.now, config.social.recent_days);
        if matches!(page.item.kind, Kind::Article | Kind::Event)
            && (shares == Shares::All || recent())
        {
            social
                .shares
                .insert(page.item.path.clone(), cards.share(page));
        }
        if let Some(own) = own_image(site, dirs, page, &mut sizes, &mut social.warnings)? {
            social.images.insert(page.item.path.clone(), own);
            continue;
        }
        social
            .images
            .insert(page.item.path.clone(), cards.for_page(page));
    }
    social.images.extend(cards.for_lists());
    Ok(social)
}

/// What all generated cards of a site share, so each card is described
/// by its texts alone.
struct Cards<'a> {
    site: &'a Site,
    /// UI strings in the site's language, for section labels.
    strings: serde_json::Value,
    logo_svg: Option<String>,
    background: String,
    /// Formats for image-first platforms each article and event gets.
    formats: Vec<Format>,
}

impl Cards<'_> {
    /// A UI string; the key itself when it has no translation.
    fn s(&self, key: &str) -> String {
        self.strings[key].as_str().unwrap_or(key).to_string()
    }

    /// What a generated image of `format` shows.
    fn spec(&self, title: &str, section: String, detail: Vec<String>, format: Format) -> CardSpec {
        CardSpec {
            title: title.to_string(),
            section,
            detail,
            site_name: self.site.config.title.clone(),
            logo_svg: self.logo_svg.clone(),
            background: self.background.clone(),
            format,
            url: None,
        }
    }

    /// A generated card's share image, its file named by the card's hash.
    fn make(&self, title: &str, section: String, detail: Option<String>) -> OgImage {
        let config = &self.site.config;
        let detail = detail.into_iter().collect();
        let spec = self.spec(title, section, detail, Format::Card);
        let hash = spec.hash();
        OgImage {
            url: config.absolute_url(&format!("/social/{hash}.png")),
            width: card::WIDTH,
            height: card::HEIGHT,
            alt: title.to_string(),
            card: Some((spec, hash)),
        }
    }

    /// The card of a content page, labelled with its first category, its
    /// event's date and place or its FAQ category.
    fn for_page(&self, page: &Page) -> OgImage {
        let (section, detail) = self.for_page_parts(page);
        self.make(&page.item.title, section, detail)
    }

    /// A content page card's label and event line.
    fn for_page_parts(&self, page: &Page) -> (String, Option<String>) {
        let site = self.site;
        match page.item.kind {
            Kind::Article => (
                page.item
                    .categories
                    .first()
                    .cloned()
                    .unwrap_or_else(|| self.s("articles")),
                None,
            ),
            Kind::Event => (
                self.s("card_event"),
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
                    Some(sec) => (
                        format!("{} · {}", self.s("faq_short"), sec.category.title),
                        None,
                    ),
                    None => (self.s("faq_short"), None),
                }
            }
            Kind::Edition => (
                self.s("edition"),
                page.item
                    .date
                    .and_then(|d| crate::i18n::format_date(&d, "long", site.config.language)),
            ),
            Kind::Page | Kind::Home => (site.config.title.clone(), None),
        }
    }

    /// Cards of the generated pages (section lists, FAQ categories,
    /// taxonomies and their terms), by path.
    fn for_lists(&self) -> Vec<(String, OgImage)> {
        let site = self.site;
        let site_title = &site.config.title;
        let mut images = Vec::new();
        let lists = [
            ("/articles/", self.s("articles")),
            ("/events/", self.s("events")),
            ("/faq/", self.s("faq")),
            ("/search/", self.s("search")),
            ("/editions/", self.s("editions")),
        ];
        let lists = lists
            .into_iter()
            .filter(|(path, _)| *path != "/editions/" || !site.editions.is_empty());
        for (path, title) in lists {
            images.push((path.into(), self.make(&title, site_title.clone(), None)));
        }
        for section in &site.sections {
            let title = &section.section.title;
            images.push((
                section.path.clone(),
                self.make(title, self.s("articles"), None),
            ));
        }
        for section in &site.faq {
            images.push((
                section.path.clone(),
                self.make(&section.category.title, self.s("faq_short"), None),
            ));
        }
        for kind in TaxonomyKind::ALL {
            let label = self.s(kind.key());
            images.push((
                format!("/{}/", kind.key()),
                self.make(&label, site_title.clone(), None),
            ));
            for term in &site.taxonomy(kind).terms {
                images.push((
                    term.path.clone(),
                    self.make(&term.name, label.clone(), None),
                ));
            }
        }
        images
    }
}

/// "Dienstag, 8. Dezember 2026, 19:00 Uhr · Nachbarschaftstreff": one
/// line, so the card shows the place's name without its address.
fn event_detail(site: &Site, page: &Page, event: &crate::content::Event) -> String {
    let mut shown = event.clone();
    shown.start = page.when.unwrap_or(event.start);
    if let Some(location) = shown.location.as_mut() {
        location.address = None;
    }
    crate::i18n::event_line(&shown, site.config.language)
}

/// The page's own image, when it is a raster file kiez can measure.
fn own_image(
    site: &Site,
    dirs: &SiteDirs,
    page: &Page,
    sizes: &mut HashMap<PathBuf, std::result::Result<(usize, usize), String>>,
    warnings: &mut Vec<SourceError>,
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
    let size = sizes.entry(file.clone()).or_insert_with(|| {
        imagesize::size(&file)
            .map(|s| (s.width, s.height))
            .map_err(|e| e.to_string())
    });
    let size = size.clone().map_err(|e| {
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
    let (mut width, mut height) = (size.0 as u32, size.1 as u32);
    // A bundle image is published as its largest resized variant.
    if let (Some(r), None) = (site.images.by_url.get(url.as_str()), src.strip_prefix('/')) {
        (width, height) = (r.width, r.height);
    }
    if width < card::WIDTH || height < card::HEIGHT {
        let mut small = SourceError::new(
            &page.item.file,
            format!(
                "image `{src}` is {width}×{height}; link previews look best at 1200×630 or larger"
            ),
        )
        .key("image");
        small.line = page.item.key_lines.get("image").copied();
        warnings.push(small);
    }
    Ok(Some(OgImage {
        url: site.config.absolute(url),
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

/// Draws every generated image (link cards, square and story images) not
/// yet in `cache_dir`, and the captions beside square and story images.
/// Cached images are hard-linked into the output rather than read and
/// written again (on a 10,000-article site the cards alone are 400 MB);
/// when the cache cannot be written the images come back as files
/// instead. Returns files, links and how many images were drawn anew.
pub fn render_cards(
    social: &Social,
    cache_dir: &Path,
) -> Result<(Vec<OutputFile>, Vec<crate::util::artifact::Copy>, usize)> {
    use crate::util::artifact::Copy;
    let mut specs: BTreeMap<&str, &CardSpec> = BTreeMap::new();
    let mut targets: Vec<(String, &str)> = Vec::new();
    for image in social.images.values() {
        if let Some((spec, hash)) = &image.card {
            if specs.insert(hash, spec).is_none() {
                targets.push((format!("social/{hash}.png"), hash));
            }
        }
    }
    let mut files = Vec::new();
    for share in social.shares.values() {
        for image in &share.images {
            specs.insert(&image.hash, &image.spec);
            targets.push((image.file.clone(), &image.hash));
        }
        if let (false, Some(caption)) = (share.images.is_empty(), share.caption("instagram")) {
            files.push(OutputFile::new(
                share.caption_file(),
                format!("{caption}\n").into_bytes(),
            ));
        }
    }
    let (drawn, count) = draw(specs, cache_dir)?;
    let mut links = Vec::new();
    for (to, hash) in targets {
        match &drawn[hash] {
            Drawn::Cached(from) => links.push(Copy {
                from: from.clone(),
                to,
                link: true,
            }),
            Drawn::Bytes(bytes) => files.push(OutputFile {
                path: to,
                bytes: bytes.clone(),
            }),
        }
    }
    Ok((files, links, count))
}

/// A generated image: in the cache, or in memory when the cache cannot be
/// written.
#[derive(Debug, Clone)]
pub enum Drawn {
    /// The cached file.
    Cached(std::path::PathBuf),
    /// The PNG bytes.
    Bytes(std::sync::Arc<[u8]>),
}

/// Draws the images of `specs` (by hash) not yet in `cache_dir` and stores
/// them there. Returns every image and how many were drawn anew.
pub fn draw<'a>(
    specs: BTreeMap<&'a str, &'a CardSpec>,
    cache_dir: &Path,
) -> Result<(BTreeMap<&'a str, Drawn>, usize)> {
    let cached = std::fs::create_dir_all(cache_dir).is_ok();
    let mut done = BTreeMap::new();
    let mut todo = Vec::new();
    for (hash, spec) in specs {
        let path = cache_dir.join(format!("{hash}.png"));
        if cached && path.is_file() {
            done.insert(hash, Drawn::Cached(path));
        } else {
            todo.push((hash, spec, path));
        }
    }
    // The frame (background, logo, site name) is drawn once per format,
    // not per image; a warm build draws none.
    let mut canvases = BTreeMap::new();
    for (_, spec, _) in &todo {
        if let std::collections::btree_map::Entry::Vacant(entry) = canvases.entry(spec.frame()) {
            entry.insert(canvas::Canvas::new(&spec.frame())?);
        }
    }
    let count = todo.len();
    let results: Vec<(&str, Drawn)> = todo
        .into_par_iter()
        .map(|(hash, spec, path)| {
            let bytes = canvases[&spec.frame()].draw(spec)?;
            if cached && crate::fs::store(&path, &bytes) {
                return Ok((hash, Drawn::Cached(path)));
            }
            Ok((hash, Drawn::Bytes(bytes.into())))
        })
        .collect::<Result<_>>()?;
    done.extend(results);
    Ok((done, count))
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

pub use crate::util::url::encode_component as url_encode;

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
