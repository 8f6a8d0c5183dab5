//! One new article or event as every platform sees it before its own
//! format: headline, the event's date and place, summary, link, hashtags
//! and share image; and the one rule for fitting it into a length limit
//! (the summary gives way first, then hashtags, then the headline).

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use crate::content::{EventStatus, Kind};
use crate::i18n::text;
use crate::site::{Page, Site};

/// Hashtags per post at most: more reads as spam on every platform.
const MAX_HASHTAGS: usize = 5;

/// The share image of a post.
#[derive(Debug, Clone)]
pub struct Image {
    /// Absolute URL on the live site.
    pub url: String,
    /// Alternative text.
    pub alt: String,
    /// The file name (`abc123.png`).
    pub file_name: String,
    /// `image/png`, `image/jpeg` …
    pub mime: &'static str,
    /// The bytes, from the site just built; `None` when the image is on
    /// another host.
    pub bytes: Option<Arc<[u8]>>,
}

/// A new article or event, in the site's language.
#[derive(Debug, Clone)]
pub struct Post {
    /// `article` or `event`.
    pub kind: &'static str,
    /// Title as written.
    pub title: String,
    /// "Termin: …", "Abgesagt: …" or the title.
    pub headline: String,
    /// Absolute URL.
    pub url: String,
    /// Plain-text summary.
    pub summary: String,
    /// Events: "Samstag, 5. Dezember 2026, 15:00 Uhr · Innenhof".
    pub when: Option<String>,
    /// When it counts as published (feeds' date).
    pub date: Option<DateTime<FixedOffset>>,
    /// Categories and tags as written.
    pub tags: Vec<String>,
    /// `#Hausordnung`, from the tags.
    pub hashtags: Vec<String>,
    /// The share card or the page's own picture.
    pub image: Option<Image>,
    /// The site's language code (`de`).
    pub language: &'static str,
    /// The site's title.
    pub site: String,
}

impl Post {
    /// The post for `page`; `image` as the social plan found it.
    pub fn new(site: &Site, page: &Page, image: Option<Image>) -> Post {
        let item = &page.item;
        let lang = site.config.language;
        let event = item.event.as_ref();
        let headline = match event.map(|e| e.status) {
            Some(EventStatus::Cancelled) => {
                format!("{}: {}", text(&site.config, "status_cancelled"), item.title)
            }
            Some(EventStatus::Postponed) => {
                format!("{}: {}", text(&site.config, "status_postponed"), item.title)
            }
            Some(_) => format!("{}: {}", text(&site.config, "type_event"), item.title),
            None => item.title.clone(),
        };
        let mut tags: Vec<String> = Vec::new();
        for tag in item.categories.iter().chain(&item.tags) {
            if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
                tags.push(tag.clone());
            }
        }
        let mut hashtags: Vec<String> = Vec::new();
        for tag in tags.iter().filter_map(|t| hashtag(t)) {
            if !hashtags
                .iter()
                .any(|h| h.to_lowercase() == tag.to_lowercase())
            {
                hashtags.push(tag);
            }
        }
        hashtags.truncate(MAX_HASHTAGS);
        Post {
            kind: if item.kind == Kind::Event {
                "event"
            } else {
                "article"
            },
            title: item.title.clone(),
            headline,
            url: page.permalink.clone(),
            summary: page.description(),
            when: event.map(|e| crate::i18n::event_line(e, lang)),
            date: crate::feeds::feed_date(page),
            tags,
            hashtags,
            image,
            language: lang.code(),
            site: site.config.title.clone(),
        }
    }

    /// What to say when the picture shows nothing but text: the headline.
    pub fn image_alt(&self) -> String {
        self.image
            .as_ref()
            .map(|i| i.alt.clone())
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| self.headline.clone())
    }

    /// The parts of the post shortened until `count` of their plain text
    /// is at most `limit`.
    pub fn fit(&self, limit: usize, count: fn(&str) -> usize) -> Parts<'_> {
        let mut parts = Parts {
            headline: self.headline.clone(),
            when: self.when.as_deref(),
            summary: self.summary.clone(),
            url: &self.url,
            hashtags: &self.hashtags,
        };
        while count(&parts.plain()) > limit {
            let over = count(&parts.plain()) - limit;
            if !parts.summary.is_empty() {
                parts.summary = shorten(&parts.summary, over);
            } else if !parts.hashtags.is_empty() {
                parts.hashtags = &parts.hashtags[..parts.hashtags.len() - 1];
            } else if parts.headline.chars().count() > 1 {
                parts.headline = shorten(&parts.headline, over);
            } else {
                break;
            }
        }
        parts
    }
}

/// A post's parts after fitting, ready for a platform's format.
#[derive(Debug, Clone)]
pub struct Parts<'a> {
    /// Headline.
    pub headline: String,
    /// The event's date and place.
    pub when: Option<&'a str>,
    /// The summary, maybe shortened (ending in `…`) or empty.
    pub summary: String,
    /// The link.
    pub url: &'a str,
    /// The hashtags that fit.
    pub hashtags: &'a [String],
}

impl Parts<'_> {
    /// Headline, date and place, summary, link and hashtags as plain text,
    /// one paragraph each.
    pub fn plain(&self) -> String {
        let mut blocks = vec![match self.when {
            Some(when) => format!("{}\n{when}", self.headline),
            None => self.headline.clone(),
        }];
        if !self.summary.is_empty() {
            blocks.push(self.summary.clone());
        }
        blocks.push(self.url.to_string());
        if !self.hashtags.is_empty() {
            blocks.push(self.hashtags.join(" "));
        }
        blocks.join("\n\n")
    }
}

/// `text` without at least `over` more characters, cut at a word and
/// ending in `…`; empty when little would remain.
fn shorten(text: &str, over: usize) -> String {
    let chars: Vec<char> = text.trim_end_matches('…').chars().collect();
    let keep = chars.len().saturating_sub(over + 1);
    if keep < 10 {
        return String::new();
    }
    let cut: String = chars[..keep].iter().collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(at) if at > cut.len() / 2 => &cut[..at],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':', '.', '-']))
}

/// A tag as a hashtag: words joined in CamelCase, umlauts and ß kept,
/// everything but letters and digits dropped (`Repair-Café` →
/// `#RepairCafé`); `None` when nothing or only digits remain, which no
/// platform links.
pub fn hashtag(tag: &str) -> Option<String> {
    let mut out = String::from("#");
    for word in tag.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            // `ß` has no one-letter capital; it stays as it is.
            match first {
                'ß' => out.push(first),
                _ => out.extend(first.to_uppercase()),
            }
            out.extend(chars);
        }
    }
    let body = &out[1..];
    (!body.is_empty() && !body.chars().all(|c| c.is_ascii_digit())).then_some(out)
}

/// Characters as Mastodon counts them: every http(s) link as 23, however
/// long (its server shortens nothing but counts so).
pub fn mastodon_length(text: &str) -> usize {
    let word_length = |word: &str| {
        if word.starts_with("https://") || word.starts_with("http://") {
            23
        } else {
            word.chars().count()
        }
    };
    let mut n = 0;
    let mut word = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            n += word_length(&word) + 1;
            word.clear();
        } else {
            word.push(c);
        }
    }
    n + word_length(&word)
}

/// Characters, for platforms that count them plainly.
pub fn char_length(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_are_camel_case_with_umlauts() {
        assert_eq!(hashtag("hausordnung").unwrap(), "#Hausordnung");
        assert_eq!(hashtag("Mieterfest im Hof").unwrap(), "#MieterfestImHof");
        assert_eq!(hashtag("Repair-Café").unwrap(), "#RepairCafé");
        assert_eq!(hashtag("Grünflächen").unwrap(), "#Grünflächen");
        assert_eq!(hashtag("übergabe").unwrap(), "#Übergabe");
        assert_eq!(hashtag("2026"), None);
        assert_eq!(hashtag("–"), None);
    }

    #[test]
    fn mastodon_counts_every_link_as_23() {
        let long = format!("Neu: https://example.org/{}", "a".repeat(100));
        assert_eq!(mastodon_length(&long), 5 + 23);
        assert_eq!(mastodon_length("a\n\nb"), 4);
    }

    #[test]
    fn fitting_shortens_the_summary_first() {
        let post = Post {
            kind: "article",
            title: "T".into(),
            headline: "Titel".into(),
            url: format!("https://example.org/{}", "x".repeat(200)),
            summary: "Wort ".repeat(200),
            when: None,
            date: None,
            tags: vec![],
            hashtags: vec!["#Hof".into(), "#Garten".into()],
            image: None,
            language: "de",
            site: "S".into(),
        };
        let parts = post.fit(500, mastodon_length);
        let text = parts.plain();
        assert!(mastodon_length(&text) <= 500, "{}", mastodon_length(&text));
        assert!(parts.summary.ends_with("Wort…"), "{}", parts.summary);
        assert!(text.ends_with("#Hof #Garten"));
    }
}
