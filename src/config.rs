//! The site configuration, `kiez.yaml`: a strict typed struct (an unknown
//! key is an error with a "did you mean" hint), validated once, then passed
//! by reference to every later stage.
//!
//! ```
//! let config = kiez::config::SiteConfig::from_str(
//!     "title: Hofblatt\nbase_url: https://hofblatt.example.org\nlanguage: de\n",
//!     std::path::Path::new("kiez.yaml"),
//! ).unwrap();
//! assert_eq!(config.base_url, "https://hofblatt.example.org/");
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Result, SourceError};
use crate::yaml;

mod analytics;
mod announce;
mod check;
mod community;
mod languages;
mod newsletter;
mod social;
mod urls;

pub use analytics::{AnalyticsConfig, AnalyticsProvider};
pub use announce::{AnnounceConfig, Channel, ChannelKind};
pub use check::CheckConfig;
pub use community::{CommunityConfig, Provider, PROVIDERS};
pub use languages::{Direction, Language, LanguageEntry, TranslationsConfig, LANGUAGES};
pub use newsletter::NewsletterConfig;
pub use social::{ImageFormat, SocialConfig};

/// The file name kiez looks for in a site folder.
pub const CONFIG_FILE: &str = "kiez.yaml";

/// `kiez.yaml`, as written by the user.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, shown in the header and in feeds.
    pub title: String,
    /// Absolute URL the site is published at; always ends with `/`.
    pub base_url: String,
    /// UI language; with `languages:`, the first of them.
    #[serde(default)]
    pub language: Language,
    /// The languages the site is published in, the default first (see
    /// [`LanguageEntry`]); empty for a one-language site.
    #[serde(default)]
    pub languages: Vec<LanguageEntry>,
    /// How the languages meet: prefixes and fallback.
    #[serde(default)]
    pub translations: TranslationsConfig,
    /// One-sentence description for the home page and feeds.
    #[serde(default)]
    pub description: String,
    /// IANA time zone for dates without an offset.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// The organisation behind the site.
    #[serde(default)]
    pub publisher: Publisher,
    /// Header navigation; pages with `menu:` are appended after these.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// Per-section settings.
    #[serde(default)]
    pub sections: Sections,
    /// Theme colours.
    #[serde(default)]
    pub colors: Colors,
    /// Feed settings.
    #[serde(default)]
    pub feeds: FeedsConfig,
    /// Whether search engines may index the site; `false` for staging
    /// builds writes a robots.txt that disallows everything.
    #[serde(default = "yes")]
    pub indexing: bool,
    /// Author profiles by name as written in `authors:` (Mastodon handle
    /// for `fediverse:creator`).
    #[serde(default)]
    pub authors: BTreeMap<String, AuthorProfile>,
    /// FAQ settings.
    #[serde(default)]
    pub faq: FaqConfig,
    /// Share buttons.
    #[serde(default)]
    pub share: ShareConfig,
    /// Where readers discuss pages (see [`CommunityConfig`]).
    #[serde(default)]
    pub community: CommunityConfig,
    /// Where `kiez announce` posts new articles and events.
    #[serde(default)]
    pub announce: AnnounceConfig,
    /// A privacy-friendly reach counter (see [`AnalyticsConfig`]).
    #[serde(default)]
    pub analytics: Option<AnalyticsConfig>,
    /// Images and captions for image-first platforms (see [`SocialConfig`]).
    #[serde(default)]
    pub social: SocialConfig,
    /// Where readers sign up for the e-mail newsletter (see
    /// [`NewsletterConfig`]).
    #[serde(default)]
    pub newsletter: NewsletterConfig,
    /// Which editorial checks `kiez check` runs.
    #[serde(default)]
    pub check: CheckConfig,
    /// The web editor that `kiez cms init` sets up.
    #[serde(default)]
    pub cms: CmsConfig,
    /// Free-form values for templates (`config.extra`).
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The base URL of the whole site when this configuration is one
    /// language's (whose `base_url` then ends in `/CODE/`); see
    /// [`SiteConfig::for_language`].
    #[serde(skip)]
    pub root_url: Option<String>,
    /// The parsed `timezone`, filled in by validation.
    #[serde(skip, default = "default_tz")]
    pub tz: chrono_tz::Tz,
}

/// The publishing organisation.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// Legal name, e.g. "Wohnungsbaugenossenschaft Lindenhof eG".
    #[serde(default)]
    pub name: String,
    /// Logo path under `static/`, e.g. `/images/logo.svg`.
    #[serde(default)]
    pub logo: Option<String>,
}

/// One header navigation entry.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// Label shown to readers.
    pub name: String,
    /// Site-relative (`/faq/`) or absolute URL.
    pub url: String,
}

/// Settings of the sections.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Sections {
    /// The article list.
    pub articles: ArticlesSection,
    /// The home page.
    pub home: HomeSection,
}

impl Default for Sections {
    fn default() -> Self {
        Sections {
            articles: ArticlesSection { per_page: 10 },
            home: HomeSection {
                articles: 6,
                events: 3,
            },
        }
    }
}

/// Settings of `/articles/`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticlesSection {
    /// Articles per list page.
    pub per_page: usize,
}

/// Settings of `/`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HomeSection {
    /// How many latest articles the home page shows.
    pub articles: usize,
    /// How many upcoming events the home page shows.
    pub events: usize,
}

/// FAQ settings.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FaqConfig {
    /// Where readers ask a question that is missing: a `mailto:` address
    /// or the URL of a form or forum.
    #[serde(default)]
    pub ask_url: Option<String>,
}

/// `cms:` settings of the web editor (`kiez cms init`).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CmsConfig {
    /// Where `/admin/` loads the editor's script from; default: Decap CMS
    /// from a CDN. Point it at a copy under `static/` to host it yourself,
    /// or at Sveltia CMS.
    #[serde(default)]
    pub script_url: Option<String>,
}

/// An author's public profiles.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorProfile {
    /// Mastodon handle, `@name@instance.social`.
    #[serde(default)]
    pub mastodon: Option<String>,
}

/// Networks offered as share links, in order.
pub const SHARE_NETWORKS: &[&str] = &[
    "whatsapp", "facebook", "linkedin", "x", "mastodon", "xing", "telegram", "email",
];

/// Share link settings.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ShareConfig {
    /// Which networks get a share link (see [`SHARE_NETWORKS`]).
    pub networks: Vec<String>,
    /// Mastodon instance to share to; default: share.joinmastodon.org,
    /// which asks readers for theirs.
    pub mastodon_instance: Option<String>,
}

impl Default for ShareConfig {
    fn default() -> Self {
        ShareConfig {
            networks: SHARE_NETWORKS.iter().map(|s| s.to_string()).collect(),
            mastodon_instance: None,
        }
    }
}

/// Feed settings.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FeedsConfig {
    /// Items per feed, newest first.
    pub limit: usize,
}

impl Default for FeedsConfig {
    fn default() -> Self {
        FeedsConfig { limit: 20 }
    }
}

fn yes() -> bool {
    true
}

/// Theme colours (CSS colour values).
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Colors {
    /// Links, buttons and accents in light mode.
    pub accent: String,
    /// Accents in dark mode.
    pub accent_dark: String,
}

impl Default for Colors {
    fn default() -> Self {
        Colors {
            accent: "#0a6847".into(),
            accent_dark: "#7fd8b0".into(),
        }
    }
}

fn default_timezone() -> String {
    "Europe/Berlin".into()
}

fn default_tz() -> chrono_tz::Tz {
    chrono_tz::Europe::Berlin
}

impl SiteConfig {
    /// Reads and validates `SITE_DIR/kiez.yaml`.
    pub fn load(site_dir: &Path) -> Result<Self> {
        let path = site_dir.join(CONFIG_FILE);
        if !path.is_file() {
            return Err(SourceError::new(&path, "no kiez.yaml found")
                .hint("run kiez in a site folder, or create one with `kiez init DIR`")
                .into());
        }
        Self::check_links(site_dir)?;
        let text = crate::fs::read_to_string(&path)?;
        Self::from_str(&text, &path)
    }

    /// Refuses a `kiez.yaml`, `content/`, `static/` or `templates/` that
    /// is a symlink out of the site folder: kiez reads nothing outside it.
    fn check_links(site_dir: &Path) -> Result<()> {
        let dirs = Self::dirs(site_dir);
        let config = site_dir.join(CONFIG_FILE);
        for path in [&config, &dirs.content, &dirs.static_files, &dirs.templates] {
            if path.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
                crate::fs::inside(site_dir, path)?;
            }
        }
        Ok(())
    }

    /// Parses and validates config text; `path` is used in messages only.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str, path: &Path) -> Result<Self> {
        let mut config: SiteConfig = yaml::from_str(text).map_err(|e| {
            let mut err = SourceError::new(path, e.message.clone());
            if let Some(line) = e.line {
                err = err.line(line);
                err.column = e.column;
            }
            if let Some((key, hint)) = unknown_field_hint(&e.message) {
                err.message = format!("unknown key `{key}`");
                err = err.key(key).hint(hint);
            }
            err
        })?;
        config.validate(text, path)?;
        Ok(config)
    }

    /// Menu links and the FAQ's ask link must use a safe scheme.
    fn check_urls(&self, at: &dyn Fn(&str) -> SourceError) -> Result<()> {
        let links = self.menu.iter().map(|m| ("menu", m.url.as_str()));
        let ask = self.faq.ask_url.iter().map(|u| ("faq", u.as_str()));
        for (key, url) in links.chain(ask) {
            if let Err(message) = crate::util::url::check_link(url) {
                return Err(SourceError {
                    message,
                    hint: Some(
                        "write a web address starting with https://, or a path on this site".into(),
                    ),
                    ..at(key)
                }
                .into());
            }
        }
        Ok(())
    }

    fn validate(&mut self, text: &str, path: &Path) -> Result<()> {
        let at = |key: &str| {
            let mut err = SourceError::new(path, "").key(key);
            if let Some(line) = yaml::key_line(text, &[key]) {
                err = err.line(line);
            }
            err
        };
        self.tz = self.timezone.parse().map_err(|_| SourceError {
            message: format!("unknown time zone `{}`", self.timezone),
            hint: Some("use an IANA name such as Europe/Berlin".into()),
            ..at("timezone")
        })?;
        self.base_url = normalize_base_url(&self.base_url).map_err(|message| SourceError {
            message,
            hint: Some("write it like https://magazin.example.org/".into()),
            ..at("base_url")
        })?;
        // Colours are written into a <style> element and SVG: allow CSS
        // colour syntax only, nothing that could end the element.
        for (key, value) in [
            ("accent", &self.colors.accent),
            ("accent_dark", &self.colors.accent_dark),
        ] {
            let ok = !value.is_empty()
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "#(),.% ".contains(c));
            if !ok {
                return Err(SourceError {
                    message: format!("`{value}` is not a CSS colour (colors.{key})"),
                    hint: Some("write a colour like \"#1f6b45\"".into()),
                    ..at("colors")
                }
                .into());
            }
        }
        self.check_languages(text, &at)?;
        self.check_urls(&at)?;
        self.check_share(&at)?;
        for (key, checked) in [
            ("community", self.community.check()),
            ("social", self.social.check()),
            ("newsletter", self.newsletter.check()),
        ] {
            checked.map_err(|(message, hint)| SourceError {
                message,
                hint: Some(hint),
                ..at(key)
            })?;
        }
        self.announce.validate(text, path)?;
        self.check_analytics(text, path)?;
        if self.sections.articles.per_page == 0 {
            return Err(SourceError {
                message: "`per_page` must be at least 1".into(),
                ..at("sections")
            }
            .into());
        }
        Ok(())
    }

    /// `share:`: known networks, an https Mastodon instance.
    fn check_share(&self, at: &dyn Fn(&str) -> SourceError) -> Result<()> {
        if let Some(unknown) = self
            .share
            .networks
            .iter()
            .find(|n| !SHARE_NETWORKS.contains(&n.as_str()))
        {
            return Err(SourceError {
                message: format!("unknown share network `{unknown}`"),
                hint: Some(format!("choose from {}", SHARE_NETWORKS.join(", "))),
                ..at("share")
            }
            .into());
        }
        if let Some(url) = &self.share.mastodon_instance {
            if !url.starts_with("https://") {
                return Err(SourceError {
                    message: format!("`{url}` is not an https:// URL"),
                    hint: Some("write the instance like https://social.example".into()),
                    ..at("share")
                }
                .into());
            }
        }
        Ok(())
    }

    /// `analytics:` errors point at the sub-key's line.
    fn check_analytics(&self, text: &str, path: &Path) -> Result<()> {
        let Some(analytics) = &self.analytics else {
            return Ok(());
        };
        analytics.check().map_err(|(key, message, hint)| {
            let mut err = SourceError::new(path, message)
                .key(format!("analytics.{key}"))
                .hint(hint);
            if let Some(line) = yaml::key_line(text, &["analytics", key])
                .or_else(|| yaml::key_line(text, &["analytics"]))
            {
                err = err.line(line);
            }
            err.into()
        })
    }

    /// Replaces the base URL (from `--base-url` or the dev server).
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        self.base_url = normalize_base_url(url).map_err(crate::error::Error::Usage)?;
        Ok(())
    }

    /// Where to find the site's own templates, static files and content.
    pub fn dirs(site_dir: &Path) -> SiteDirs {
        SiteDirs {
            root: site_dir.to_path_buf(),
            content: site_dir.join("content"),
            static_files: site_dir.join("static"),
            templates: site_dir.join("templates"),
        }
    }
}

/// The folders of a site.
#[derive(Debug, Clone)]
pub struct SiteDirs {
    /// The site folder holding `kiez.yaml`.
    pub root: PathBuf,
    /// `content/`.
    pub content: PathBuf,
    /// `static/`, copied verbatim.
    pub static_files: PathBuf,
    /// `templates/`, overrides of theme templates.
    pub templates: PathBuf,
}

fn normalize_base_url(url: &str) -> std::result::Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` is not an absolute http(s) URL"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return Err(format!("`{url}` has no host"));
    }
    if rest.contains(['?', '#']) {
        return Err(format!(
            "`{url}` has a query or fragment; give the site's address only"
        ));
    }
    let mut url = url.to_string();
    if !rest.contains('/') || !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// From serde's "unknown field `x`, expected one of `a`, `b`" builds the key
/// and a hint naming the closest allowed key.
fn unknown_field_hint(message: &str) -> Option<(String, String)> {
    let rest = message.split("unknown field `").nth(1)?;
    let key = rest.split('`').next()?.to_string();
    let expected: Vec<&str> = rest
        .split("expected")
        .nth(1)
        .map(|list| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    let closest = expected
        .iter()
        .map(|cand| (edit_distance(&key, cand), *cand))
        .min()
        .filter(|(d, _)| *d <= 3);
    let hint = match closest {
        Some((_, cand)) => format!(
            "did you mean `{cand}`? allowed here: {}",
            expected.join(", ")
        ),
        None if expected.is_empty() => "remove this key".to_string(),
        None => format!("allowed here: {}", expected.join(", ")),
    };
    Some((key, hint))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig> {
        SiteConfig::from_str(text, Path::new("kiez.yaml"))
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let err =
            parse("title: A\nbase_url: https://a.example\ntimezon: Europe/Berlin\n").unwrap_err();
        let crate::error::Error::Source(err) = err else {
            panic!("wrong error {err:?}")
        };
        assert_eq!(err.line, Some(3));
        assert_eq!(err.key.as_deref(), Some("timezon"));
        assert!(err.hint.unwrap().contains("did you mean `timezone`"));
    }

    #[test]
    fn bad_timezone_is_reported_with_its_line() {
        let err = parse("title: A\nbase_url: https://a.example\ntimezone: Mars/Olympus\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("kiez.yaml:3: key `timezone`"), "{err}");
    }

    #[test]
    fn base_url_gets_a_trailing_slash_and_path() {
        let c = parse("title: A\nbase_url: https://a.example/mag\n").unwrap();
        assert_eq!(c.base_url, "https://a.example/mag/");
        assert_eq!(c.base_path(), "/mag/");
        assert_eq!(
            c.absolute_url("/articles/x/"),
            "https://a.example/mag/articles/x/"
        );
        assert_eq!(c.site_url("/articles/x/"), "/mag/articles/x/");
        assert_eq!(c.origin(), "https://a.example");
    }

    #[test]
    fn colors_cannot_break_out_of_css() {
        let err = parse(
            "title: A\nbase_url: https://a.example\ncolors:\n  accent: \"red}</style><script>\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("not a CSS colour"), "{err}");
        assert!(parse(
            "title: A\nbase_url: https://a.example\ncolors:\n  accent: \"rgb(10, 20, 30)\"\n"
        )
        .is_ok());
    }

    #[test]
    fn base_url_with_query_is_rejected() {
        assert!(parse("title: A\nbase_url: https://a.example/?x=1\n").is_err());
    }

    #[test]
    fn missing_title_is_an_error() {
        assert!(parse("base_url: https://a.example\n").is_err());
    }
}
