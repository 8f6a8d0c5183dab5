//! The front matter of each kind of content as one typed struct: which
//! keys a kind has and what each must look like, in one place. serde reads
//! them; what serde cannot say (a date in the site's time zone, a safe
//! link, a list short enough) `load.rs` and `event.rs` check afterwards.
//! Errors from both are located by [`super::frontmatter::Fields`], which
//! knows the YAML's lines.
//!
//! Every front matter is read twice: as [`Common`] (the keys every kind
//! shares), whose `rest` is then read as the kind's own struct, whose
//! `extra` is what templates see as `page.extra`. Nesting by `flatten`
//! would lose the path of a wrong value inside the shared keys, and with
//! it the line.
//!
//! The same structs derive `JsonSchema`: `kiez schema` and the CMS
//! configuration are generated from them, so they cannot drift from what
//! the loader reads. The hand-written deserializers below have
//! hand-written schemas beside them that accept the same shapes.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{EventStatus, GalleryImage, Location};

/// The keys every kind of content may have.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Common {
    pub title: Option<String>,
    pub draft: Option<bool>,
    pub description: Option<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub tags: Option<Strings>,
    pub categories: Option<Strings>,
    pub authors: Option<Strings>,
    pub aliases: Option<Strings>,
    pub slug: Option<String>,
    pub updated: Option<DateText>,
    pub menu: Option<i64>,
    pub gallery: Option<Gallery>,
    pub downloads: Option<Vec<RawDownload>>,
    pub discussion: Option<Discussion>,
    /// Links translations whose file names differ: the same value in
    /// each language's file.
    pub translation_key: Option<String>,
    /// The kind's own keys and the extra ones.
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

/// An article's own keys.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Article {
    pub date: Option<DateText>,
    /// The magazine edition it appears in: the name of a file in
    /// `content/editions/` (`2026-4` for `editions/2026-4.md`).
    pub edition: Option<String>,
    /// Its place in its edition when the edition lists no order: lower
    /// first; articles without one follow, newest first.
    pub weight: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An event's own keys.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Event {
    /// When it was announced, for feeds.
    pub date: Option<DateText>,
    pub start: Option<DateText>,
    pub end: Option<DateText>,
    pub all_day: Option<bool>,
    pub timezone: Option<String>,
    pub location: Option<Location>,
    pub online_url: Option<String>,
    pub registration: Option<Registration>,
    /// A "find a date" poll (Doodle, Nuudel, Termino, Framadate …).
    pub poll: Option<String>,
    pub organizer: Option<String>,
    pub status: Option<EventStatus>,
    pub sequence: Option<u32>,
    pub repeat: Option<Repeat>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A FAQ answer's own keys.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Faq {
    pub date: Option<DateText>,
    pub category: Option<String>,
    pub order: Option<i64>,
    pub related: Option<Strings>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A magazine edition's own keys (`content/editions/ID.md`; the body is
/// the editorial).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Edition {
    /// The day it appears.
    pub date: Option<DateText>,
    /// The cover image (the same as `image:`): a bundle file name, a site
    /// path or an absolute URL.
    pub cover: Option<String>,
    /// Its articles in the editors' order, as paths below `content/`
    /// (`articles/hoffest.md`); listed articles belong to the edition
    /// even without `edition:`.
    pub articles: Option<Strings>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A plain page's (and the home page's) own keys: none.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Page {
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `registration:` of an event.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub deadline: Option<String>,
}

/// `repeat:` of an event.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repeat {
    /// `week` or `month` (also `weekly`, `monthly`, `Woche`, `Monat` …).
    #[schemars(extend("enum" = ["week", "month", "weekly", "monthly", "woche", "monat", "wöchentlich", "monatlich"]))]
    pub every: String,
    #[serde(default)]
    pub interval: Option<u32>,
    #[serde(default)]
    pub weekday: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub count: Option<u32>,
    #[serde(default)]
    pub except: Vec<String>,
}

/// `gallery:` as a list of images, or the name of a folder of the bundle.
#[derive(Debug)]
pub enum Gallery {
    Folder(String),
    Images(Vec<GalleryImage>),
}

impl<'de> Deserialize<'de> for Gallery {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Gallery;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a folder name or a list of images")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Gallery, E> {
                Ok(Gallery::Folder(s.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Gallery, A::Error> {
                Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(Gallery::Images)
            }
        }
        de.deserialize_any(V)
    }
}

impl JsonSchema for Gallery {
    fn schema_name() -> Cow<'static, str> {
        "Gallery".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let images = generator.subschema_for::<Vec<GalleryImage>>();
        json_schema!({
            "description": "A folder of the bundle whose images are shown, or a list of images.",
            "anyOf": [{"type": "string"}, images]
        })
    }
}

/// `downloads:` entries: a path, or a path with a title.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "a file path or `{src: …, title: …}`")]
pub enum RawDownload {
    Path(String),
    Full {
        src: String,
        #[serde(default)]
        title: Option<String>,
    },
}

/// A list of strings; a single string is a one-item list (editors often
/// write `tags: Hof`).
#[derive(Debug, Default)]
pub struct Strings(pub Vec<String>);

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Strings;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of strings")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Strings, E> {
                Ok(Strings(vec![s.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Strings, A::Error> {
                Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Strings)
            }
        }
        de.deserialize_any(V)
    }
}

impl JsonSchema for Strings {
    fn schema_name() -> Cow<'static, str> {
        "Strings".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A list of strings; a single string is a one-item list.",
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
        })
    }
}

/// `discussion:` of a page: where it is discussed (a link), or `false`
/// for no discussion link at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Discussion {
    /// The page's own topic or thread.
    Url(String),
    /// `discussion: false`.
    Off,
}

impl<'de> Deserialize<'de> for Discussion {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        match Value::deserialize(de)? {
            Value::String(s) => Ok(Discussion::Url(s)),
            Value::Bool(false) => Ok(Discussion::Off),
            other => Err(de::Error::invalid_type(
                unexpected(&other),
                &"a link or `false`",
            )),
        }
    }
}

impl JsonSchema for Discussion {
    fn schema_name() -> Cow<'static, str> {
        "Discussion".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Where this page is discussed (a link), or false for no discussion link.",
            "anyOf": [{"type": "string"}, {"const": false}]
        })
    }
}

/// A date as the editor wrote it, parsed later in the right time zone.
/// A number is taken as text: YAML reads `date: 2026` as one.
#[derive(Debug)]
pub struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        match Value::deserialize(de)? {
            Value::String(s) => Ok(DateText(s)),
            Value::Number(n) => Ok(DateText(n.to_string())),
            other => Err(de::Error::invalid_type(unexpected(&other), &"a date")),
        }
    }
}

impl JsonSchema for DateText {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": super::dates::HINT,
            "type": "string",
            "pattern": super::dates::PATTERN
        })
    }
}

fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
        Value::Number(_) | Value::String(_) => de::Unexpected::Other("a value"),
    }
}

/// The keys of [`Common`], as editors write them.
pub const COMMON_KEYS: &[&str] = &[
    "title",
    "draft",
    "description",
    "image",
    "image_alt",
    "tags",
    "categories",
    "authors",
    "aliases",
    "slug",
    "updated",
    "menu",
    "gallery",
    "downloads",
    "discussion",
    "translation_key",
];
/// The keys of [`Article`].
pub const ARTICLE_KEYS: &[&str] = &["date", "edition", "weight"];
/// The keys of [`Event`].
pub const EVENT_KEYS: &[&str] = &[
    "date",
    "start",
    "end",
    "all_day",
    "timezone",
    "location",
    "online_url",
    "registration",
    "poll",
    "organizer",
    "status",
    "sequence",
    "repeat",
];
/// The keys of [`Faq`].
pub const FAQ_KEYS: &[&str] = &["date", "category", "order", "related"];
/// The keys of [`Edition`].
pub const EDITION_KEYS: &[&str] = &["date", "cover", "articles"];

/// The keys of a kind besides [`COMMON_KEYS`].
pub fn own_keys(kind: super::Kind) -> &'static [&'static str] {
    match kind {
        super::Kind::Article => ARTICLE_KEYS,
        super::Kind::Event => EVENT_KEYS,
        super::Kind::Faq => FAQ_KEYS,
        super::Kind::Edition => EDITION_KEYS,
        super::Kind::Home | super::Kind::Page => &[],
    }
}

/// What an unknown key of a `kind` is probably meant to be: a known key a
/// typo away (`categorie`, `Tags`, `image-alt`), or a key of another kind
/// (`start:` on an article). `None` for a key that looks deliberate.
pub fn near_miss(kind: super::Kind, key: &str) -> Option<String> {
    let known = || COMMON_KEYS.iter().chain(own_keys(kind));
    let norm = |k: &str| k.to_lowercase().replace('-', "_");
    if known().any(|k| *k == key) {
        return None;
    }
    if let Some(k) = known().find(|k| norm(k) == norm(key)) {
        return Some(format!("did you mean `{k}`?"));
    }
    let close = known()
        .map(|k| (strsim::damerau_levenshtein(k, &norm(key)), k))
        .filter(|(d, k)| *d > 0 && *d <= if k.len() > 5 { 2 } else { 1 })
        .min();
    if let Some((_, k)) = close {
        return Some(format!("did you mean `{k}`?"));
    }
    [
        (super::Kind::Event, "events"),
        (super::Kind::Faq, "FAQ answers"),
        (super::Kind::Article, "articles"),
        (super::Kind::Edition, "editions"),
    ]
    .iter()
    .find(|(other, _)| *other != kind && own_keys(*other).contains(&key))
    .map(|(_, noun)| format!("`{key}` is a key of {noun}, not of {}", kind.noun()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;

    /// The top-level field names in a struct's `Debug` output.
    fn fields(debug: &str) -> Vec<String> {
        let inner = &debug[debug.find('{').unwrap() + 1..];
        let mut names = Vec::new();
        let mut depth = 0;
        for part in inner.split_inclusive([',', '{', '}', '[', ']', '(', ')']) {
            if depth == 0 {
                if let Some((name, _)) = part.split_once(": ") {
                    names.push(name.trim_start_matches([',', ' ']).trim().to_string());
                }
            }
            match part.chars().last() {
                Some('{' | '[' | '(') => depth += 1,
                Some('}' | ']' | ')') => depth -= 1,
                _ => {}
            }
        }
        names.retain(|n| n != "rest" && n != "extra");
        names
    }

    #[test]
    fn key_lists_match_the_structs() {
        let empty = || serde_json::Value::Object(Map::new());
        let c: Common = serde_json::from_value(empty()).unwrap();
        assert_eq!(fields(&format!("{c:?}")), COMMON_KEYS);
        let a: Article = serde_json::from_value(empty()).unwrap();
        assert_eq!(fields(&format!("{a:?}")), ARTICLE_KEYS);
        let e: Event = serde_json::from_value(empty()).unwrap();
        assert_eq!(fields(&format!("{e:?}")), EVENT_KEYS);
        let f: Faq = serde_json::from_value(empty()).unwrap();
        assert_eq!(fields(&format!("{f:?}")), FAQ_KEYS);
        let e: Edition = serde_json::from_value(empty()).unwrap();
        assert_eq!(fields(&format!("{e:?}")), EDITION_KEYS);
    }

    #[test]
    fn near_misses_are_named() {
        let hint = |kind, key| near_miss(kind, key);
        assert_eq!(
            hint(Kind::Article, "categorie").unwrap(),
            "did you mean `categories`?"
        );
        assert_eq!(hint(Kind::Article, "tag").unwrap(), "did you mean `tags`?");
        assert_eq!(
            hint(Kind::Article, "Image-Alt").unwrap(),
            "did you mean `image_alt`?"
        );
        assert!(hint(Kind::Article, "start")
            .unwrap()
            .contains("a key of events"));
        assert_eq!(hint(Kind::Article, "mood"), None);
        assert_eq!(hint(Kind::Event, "start"), None);
    }

    fn common(json: &str) -> Common {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn shared_keys_are_read_and_the_rest_kept() {
        let c = common(r#"{"title":"A","tags":"Hof","mood":"sunny","date":"2026-01-01"}"#);
        assert_eq!(c.tags.unwrap().0, vec!["Hof"]);
        let article: Article = serde_json::from_value(Value::Object(c.rest)).unwrap();
        assert_eq!(article.date.unwrap().0, "2026-01-01");
        assert_eq!(article.extra.keys().collect::<Vec<_>>(), vec!["mood"]);
    }

    #[test]
    fn gallery_is_a_folder_or_a_list() {
        let c = common(r#"{"gallery":"fotos"}"#);
        assert!(matches!(c.gallery, Some(Gallery::Folder(f)) if f == "fotos"));
        let c = common(r#"{"gallery":[{"src":"a.jpg","caption":"A"}]}"#);
        assert!(matches!(c.gallery, Some(Gallery::Images(i)) if i[0].src == "a.jpg"));
    }

    #[test]
    fn a_wrong_value_keeps_its_path() {
        let value: Value = serde_json::from_str(r#"{"title":"A","tags":["a",3]}"#).unwrap();
        let err = serde_path_to_error::deserialize::<_, Common>(value).unwrap_err();
        assert_eq!(err.path().to_string(), "tags[1]");
    }
}
