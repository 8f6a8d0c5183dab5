//! Sharing on image-first platforms: per article and event, square and
//! story images (drawn like the link cards, with the short URL printed on
//! them, since Instagram and Snapchat do not link) and captions with
//! hashtags from the page's tags, for WhatsApp, Instagram, LinkedIn and
//! Mastodon. A build writes them to `social/PATH/` (`square.png`,
//! `story.png`, `caption.txt`); `kiez share PAGE` prints them.

use super::card::CardSpec;
use super::format::Format;
use crate::site::Page;

/// Mastodon's limit on a post's length.
pub const MASTODON_LIMIT: usize = 500;
/// Mastodon counts every link as this many characters.
const MASTODON_URL: usize = 23;
/// Instagram takes at most 30 hashtags per post.
const INSTAGRAM_TAGS: usize = 30;
/// LinkedIn advises three to five hashtags.
const LINKEDIN_TAGS: usize = 5;

/// One generated image of a page for image-first platforms.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ShareImage {
    /// Its shape.
    pub format: Format,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Path in the output folder, e.g. `social/articles/x/square.png`.
    pub file: String,
    /// Absolute URL on the site.
    pub url: String,
    /// What is drawn; its hash names the cached file.
    #[serde(skip)]
    pub spec: CardSpec,
    /// The spec's hash.
    #[serde(skip)]
    pub hash: String,
}

/// A caption written for one platform's conventions.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Caption {
    /// `whatsapp`, `instagram`, `linkedin` or `mastodon`.
    pub platform: &'static str,
    /// The platform's name as shown.
    pub name: &'static str,
    /// The text to paste.
    pub text: String,
}

/// Everything to share one page with.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Share {
    /// The page's logical path (`/articles/x/`).
    pub path: String,
    /// Its title.
    pub title: String,
    /// Its absolute URL.
    pub url: String,
    /// Its URL without scheme and trailing slash, as printed on images.
    pub short_url: String,
    /// Hashtags from the site's `social.hashtags` and the page's tags.
    pub hashtags: Vec<String>,
    /// Square and story images, as `social.images` asks.
    pub images: Vec<ShareImage>,
    /// Captions per platform.
    pub captions: Vec<Caption>,
}

impl Share {
    /// Path of the caption file in the output folder.
    pub fn caption_file(&self) -> String {
        format!("social{}caption.txt", self.path)
    }

    /// The caption for `platform`.
    pub fn caption(&self, platform: &str) -> Option<&str> {
        self.captions
            .iter()
            .find(|c| c.platform == platform)
            .map(|c| c.text.as_str())
    }
}

/// `https://hofblatt.example/articles/x/` → `hofblatt.example/articles/x`.
pub fn short_url(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/').to_string()
}

/// A hashtag made from a tag: words joined, each after the first with a
/// capital (`Rat & Service` → `RatService`, which screen readers read as
/// two words); letters, digits and `_` only. `None` when nothing is left.
pub fn hashtag(tag: &str) -> Option<String> {
    let words: Vec<&str> = tag
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let mut chars = word.chars();
        if i > 0 {
            out.extend(chars.next().into_iter().flat_map(char::to_uppercase));
        }
        out.extend(chars);
    }
    (!out.is_empty()).then_some(out)
}

/// The page's hashtags: the site's first, then its tags, each once.
pub fn hashtags(site_tags: &[String], page: &Page) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    site_tags
        .iter()
        .chain(&page.item.tags)
        .filter_map(|t| hashtag(t))
        .filter(|t| seen.insert(t.to_lowercase()))
        .collect()
}

/// What a caption says about its page.
pub struct Text<'a> {
    /// Title.
    pub title: &'a str,
    /// Description or start of the summary.
    pub description: &'a str,
    /// Date, time and place of an event.
    pub when: Option<&'a str>,
    /// Absolute URL.
    pub url: &'a str,
    /// Short URL for Instagram, which does not link captions.
    pub short_url: &'a str,
    /// Hashtags without `#`.
    pub hashtags: &'a [String],
    /// "Link in der Bio" in the site's language.
    pub link_in_bio: &'a str,
}

fn tags(hashtags: &[String], most: usize) -> String {
    hashtags
        .iter()
        .take(most)
        .map(|t| format!("#{t}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Paragraphs joined by blank lines, empty ones left out.
fn paragraphs(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Captions for WhatsApp (`*bold*` title, the link previews itself),
/// Instagram (short URL with "link in bio", a hashtag block), LinkedIn
/// (link, a few hashtags) and Mastodon (within 500 characters, counting
/// the link as 23).
pub fn captions(text: &Text) -> Vec<Caption> {
    let when = text.when.unwrap_or("");
    // WhatsApp's bold has no escape: a star in the title would end it.
    let bold = format!("*{}*", text.title.replace('*', ""));
    let instagram_link = format!("{}: {}", text.link_in_bio, text.short_url);
    vec![
        Caption {
            platform: "whatsapp",
            name: "WhatsApp",
            text: paragraphs(&[&bold, text.description, when, text.url]),
        },
        Caption {
            platform: "instagram",
            name: "Instagram",
            text: paragraphs(&[
                text.title,
                text.description,
                when,
                &instagram_link,
                &tags(text.hashtags, INSTAGRAM_TAGS),
            ]),
        },
        Caption {
            platform: "linkedin",
            name: "LinkedIn",
            text: paragraphs(&[
                text.title,
                text.description,
                when,
                text.url,
                &tags(text.hashtags, LINKEDIN_TAGS),
            ]),
        },
        Caption {
            platform: "mastodon",
            name: "Mastodon",
            text: mastodon(text),
        },
    ]
}

/// A post's length as Mastodon counts it: characters, each link as 23.
pub fn mastodon_length(post: &str, url: &str) -> usize {
    let links = post.matches(url).count();
    post.chars().count() - links * url.chars().count() + links * MASTODON_URL
}

/// The Mastodon post: the description shortened at a word, then hashtags
/// dropped from the end, then the title shortened, until it fits.
fn mastodon(text: &Text) -> String {
    let when = text.when.unwrap_or("");
    let mut title = text.title.to_string();
    let mut description = text.description.to_string();
    let mut hashtags = text.hashtags.len();
    loop {
        let tags = tags(text.hashtags, hashtags);
        let post = paragraphs(&[&title, &description, when, text.url, &tags]);
        let over = mastodon_length(&post, text.url).saturating_sub(MASTODON_LIMIT);
        if over == 0 {
            return post;
        }
        if !description.is_empty() {
            description = shorten(&description, over);
        } else if hashtags > 0 {
            hashtags -= 1;
        } else if !title.is_empty() {
            title = shorten(&title, over);
        } else {
            return post;
        }
    }
}

/// `text` at least `by` characters shorter, cut at a word with " …";
/// empty when too little would be left.
fn shorten(text: &str, by: usize) -> String {
    let keep = text.chars().count().saturating_sub(by + 2);
    if keep < 20 {
        return String::new();
    }
    let cut: String = text.chars().take(keep).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => &cut,
    };
    format!("{} …", cut.trim_end())
}

impl super::Cards<'_> {
    /// The images and captions of an article or event.
    pub(super) fn share(&self, page: &Page) -> Share {
        let config = &self.site.config;
        let url = page.permalink.clone();
        let short = short_url(&url);
        let (mut section, _) = self.for_page_parts(page);
        let status = page.item.event.as_ref().and_then(|e| match e.status {
            crate::content::EventStatus::Cancelled => Some(self.s("status_cancelled")),
            crate::content::EventStatus::Postponed => Some(self.s("status_postponed")),
            _ => None,
        });
        if let Some(status) = &status {
            section = format!("{section} · {status}");
        }
        let (lines, when) = match &page.item.event {
            Some(event) => event_lines(self.site, page, event),
            None => (Vec::new(), None),
        };
        let images = self
            .formats
            .iter()
            .map(|&format| {
                let mut spec = self.spec(&page.item.title, section.clone(), lines.clone(), format);
                spec.url = Some(short.clone());
                let g = format.geometry();
                let file = format!("social{}{}.png", page.item.path, format.name());
                ShareImage {
                    format,
                    width: g.width,
                    height: g.height,
                    url: config.absolute_url(&file),
                    file,
                    hash: spec.hash(),
                    spec,
                }
            })
            .collect();
        let hashtags = hashtags(&config.social.hashtags, page);
        let description = page.description();
        let captions = captions(&Text {
            title: &page.item.title,
            description: &description,
            when: match (&status, &when) {
                (Some(status), Some(when)) => Some(format!("{status}: {when}")),
                _ => when,
            }
            .as_deref(),
            url: &url,
            short_url: &short,
            hashtags: &hashtags,
            link_in_bio: &self.s("link_in_bio"),
        });
        Share {
            path: page.item.path.clone(),
            title: page.item.title.clone(),
            url,
            short_url: short,
            hashtags,
            images,
            captions,
        }
    }
}

/// An event's lines on square and story images (date and time; place and
/// address) and its one line for captions.
fn event_lines(
    site: &crate::site::Site,
    page: &Page,
    event: &crate::content::Event,
) -> (Vec<String>, Option<String>) {
    let lang = site.config.language;
    let mut shown = event.clone();
    shown.start = page.when.unwrap_or(event.start);
    let whole = crate::i18n::event_line(&shown, lang);
    // The place's name and its address each start a line.
    let place: Vec<String> = match &shown.location {
        Some(loc) => std::iter::once(loc.name.clone())
            .chain(loc.address.as_deref().map(keep_numbers))
            .collect(),
        None => shown.online_url.iter().map(|_| "Online".into()).collect(),
    };
    // "19:00 Uhr" stays on one line when the date wraps.
    let mut date = crate::i18n::format_date(&shown.start, "weekday", lang).unwrap_or_default();
    if !shown.all_day {
        let time = crate::i18n::format_date(&shown.start, "time", lang).unwrap_or_default();
        date = format!("{date}, {}", time.replace(' ', "\u{a0}"));
    }
    (std::iter::once(date).chain(place).collect(), Some(whole))
}

/// Joins a house number to its street and a postcode to its town with
/// no-break spaces, so an address wraps between its parts
/// ("Lindenstraße 12," / "10827 Berlin").
fn keep_numbers(address: &str) -> String {
    let words: Vec<&str> = address.split(' ').collect();
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let before = words[i - 1];
            let number = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
            let house = number(word) && !before.ends_with(',') && !number(before);
            let postcode = number(before) && !before.ends_with(',');
            out.push(if house || postcode { '\u{a0}' } else { ' ' });
        }
        out.push_str(word);
    }
    out
}

/// Which formats the config asks for, in output order.
pub fn formats(config: &crate::config::SocialConfig) -> Vec<Format> {
    use crate::config::ImageFormat;
    [
        (ImageFormat::Square, Format::Square),
        (ImageFormat::Story, Format::Story),
    ]
    .into_iter()
    .filter(|(wanted, _)| config.images.contains(wanted))
    .map(|(_, format)| format)
    .collect()
}

/// Whether `page` is within the last `days` days of `now` (`0`: always):
/// an article by its date, an event while an occurrence is to come and
/// then by the end (or start) of its last one.
pub(super) fn recent(page: &Page, now: chrono::DateTime<chrono::Utc>, days: u32) -> bool {
    let cutoff = now - chrono::Duration::days(i64::from(days));
    let last = match &page.item.event {
        Some(_) if page.upcoming => return true,
        // A regular event's last occurrence (its `until:` or `count:`
        // reached); its end is the first occurrence's.
        Some(event) if event.repeat.is_some() => page.when,
        Some(event) => Some(event.end.unwrap_or(event.start)),
        None => page.item.date,
    };
    days == 0 || last.is_none_or(|d| d >= cutoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<'a>(description: &'a str, hashtags: &'a [String]) -> Text<'a> {
        Text {
            title: "Hoffest *im* Innenhof",
            description,
            when: Some("Samstag, 5. Dezember 2026, 15:00 Uhr · Innenhof"),
            url: "https://hofblatt.example/events/hoffest/",
            short_url: "hofblatt.example/events/hoffest",
            hashtags,
            link_in_bio: "Link in der Bio",
        }
    }

    #[test]
    fn hashtags_are_camel_cased_words() {
        assert_eq!(hashtag("Rat & Service").as_deref(), Some("RatService"));
        assert_eq!(hashtag("heizung").as_deref(), Some("heizung"));
        assert_eq!(hashtag("e-mobilität").as_deref(), Some("eMobilität"));
        assert_eq!(hashtag("Größer 2026").as_deref(), Some("Größer2026"));
        assert_eq!(hashtag(" & "), None);
    }

    #[test]
    fn addresses_wrap_between_their_parts() {
        assert_eq!(
            keep_numbers("Treff, Lindenstraße 12, 10827 Berlin"),
            "Treff, Lindenstraße\u{a0}12, 10827\u{a0}Berlin"
        );
    }

    #[test]
    fn short_urls_drop_scheme_and_slash() {
        assert_eq!(
            short_url("https://www.hof.example/articles/x/"),
            "hof.example/articles/x"
        );
        assert_eq!(short_url("https://hof.example/"), "hof.example");
    }

    #[test]
    fn captions_follow_each_platform() {
        let tags: Vec<String> = (0..40).map(|i| format!("Tag{i}")).collect();
        let all = captions(&text("Wir feiern.", &tags));
        let get = |p: &str| all.iter().find(|c| c.platform == p).unwrap().text.clone();
        assert!(get("whatsapp").starts_with("*Hoffest im Innenhof*\n\n"));
        assert!(!get("whatsapp").contains('#'));
        let insta = get("instagram");
        assert!(insta.contains("Link in der Bio: hofblatt.example/events/hoffest"));
        assert!(!insta.contains("https://"));
        assert_eq!(insta.matches('#').count(), 30);
        assert_eq!(get("linkedin").matches('#').count(), 5);
        assert!(get("mastodon").contains("https://hofblatt.example/events/hoffest/"));
    }

    #[test]
    fn mastodon_posts_stay_within_500() {
        let tags: Vec<String> = (0..60).map(|i| format!("Schlagwort{i}")).collect();
        let long = "Ein sehr langer Text über den Hof. ".repeat(40);
        for (description, tags) in [
            (long.as_str(), &tags[..]),
            ("", &tags[..]),
            (&long, &[][..]),
        ] {
            let t = text(description, tags);
            let post = mastodon(&t);
            assert!(mastodon_length(&post, t.url) <= MASTODON_LIMIT, "{post}");
            assert!(post.contains(t.url));
        }
    }
}
