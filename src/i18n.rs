//! UI strings and date formats for the languages kiez ships (German,
//! English, Turkish, Ukrainian, Russian, Arabic). Templates get the
//! strings as `t.KEY`; dates go through the `date` filter, which uses
//! [`format_date`]. A site replaces any string per language with
//! `languages: [{code: tr, strings: {read_more: "…"}}]`.

use serde_json::{Map, Value};

use crate::config::{Language, SiteConfig};
use crate::error::{Result, SourceError};

mod dates;
mod privacy;
mod repeat;

/// The shipped strings, one file per language, each in the order of
/// German's (a test holds them to the same keys).
mod lang {
    pub(super) mod ar;
    pub(super) mod de;
    pub(super) mod en;
    pub(super) mod ru;
    pub(super) mod tr;
    pub(super) mod uk;
}

pub use dates::{event_line, format_date, format_size, month_year};
pub use privacy::analytics_notice;
pub use repeat::describe_repeat;

/// The shipped strings of `lang`: (key, text).
fn table(lang: Language) -> &'static [(&'static str, &'static str)] {
    match lang {
        Language::De => lang::de::STRINGS,
        Language::En => lang::en::STRINGS,
        Language::Tr => lang::tr::STRINGS,
        Language::Uk => lang::uk::STRINGS,
        Language::Ru => lang::ru::STRINGS,
        Language::Ar => lang::ar::STRINGS,
    }
}

/// The string kiez ships for `key` in `lang`; the key itself when there
/// is no such string. For output that knows no site (or must not follow
/// its overrides); everything else uses [`text`].
pub fn shipped(key: &'static str, lang: Language) -> &'static str {
    table(lang)
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, text)| text)
}

/// The site's own wording for `lang` (`languages: [{strings: …}]`).
fn overrides(
    config: &SiteConfig,
    lang: Language,
) -> Option<&std::collections::BTreeMap<String, String>> {
    config
        .languages
        .iter()
        .find(|entry| entry.code == lang)
        .map(|entry| &entry.strings)
}

/// One UI string in the site's language (`config.language`), as the site
/// overrides it or as shipped, for output outside templates (calendar
/// entries, feeds, print).
pub fn text<'a>(config: &'a SiteConfig, key: &'static str) -> &'a str {
    text_in(config, config.language, key)
}

/// One UI string in `lang`, as the site overrides it or as shipped.
pub fn text_in<'a>(config: &'a SiteConfig, lang: Language, key: &'static str) -> &'a str {
    overrides(config, lang)
        .and_then(|o| o.get(key))
        .map_or_else(|| shipped(key, lang), String::as_str)
}

/// The UI strings of the site's language as a template object, the
/// site's overrides applied.
pub fn strings(config: &SiteConfig) -> Value {
    strings_in(config, config.language)
}

/// The UI strings of `lang` as a template object, the site's overrides
/// applied.
pub fn strings_in(config: &SiteConfig, lang: Language) -> Value {
    let mut map: Map<String, Value> = table(lang)
        .iter()
        .map(|(key, text)| (key.to_string(), Value::String(text.to_string())))
        .collect();
    for (key, text) in overrides(config, lang).into_iter().flatten() {
        map.insert(key.clone(), Value::String(text.clone()));
    }
    Value::Object(map)
}

/// Refuses a key in `languages: [{strings: …}]` that names no UI string:
/// a typo would otherwise leave the shipped text in place unnoticed.
/// `config_path` is the site's `kiez.yaml`, read again only to point at
/// the line.
pub fn check_overrides(config: &SiteConfig, config_path: &std::path::Path) -> Result<()> {
    let known = lang::de::STRINGS;
    for entry in &config.languages {
        let Some(key) = entry
            .strings
            .keys()
            .find(|k| !known.iter().any(|(s, _)| s == k))
        else {
            continue;
        };
        let mut err = SourceError::new(config_path, format!("unknown UI string `{key}`"))
            .key(format!("languages.strings.{key}"));
        if let Ok(text) = std::fs::read_to_string(config_path) {
            if let Some(line) = crate::yaml::key_line(&text, &["languages", "strings", key]) {
                err = err.line(line);
            }
        }
        let near = known
            .iter()
            .map(|(k, _)| (strsim::damerau_levenshtein(k, key), *k))
            .min()
            .filter(|(distance, _)| *distance <= 3);
        err = err.hint(match near {
            Some((_, k)) => format!("did you mean `{k}`?"),
            None => "see the keys of the shipped strings in src/i18n/lang/en.rs".into(),
        });
        return Err(err.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LANGUAGES;

    #[test]
    fn every_language_has_every_string() {
        let keys: Vec<&str> = lang::de::STRINGS.iter().map(|(k, _)| *k).collect();
        for &lang in LANGUAGES {
            let these: Vec<&str> = table(lang).iter().map(|(k, _)| *k).collect();
            assert_eq!(these, keys, "{}", lang.code());
            for (key, text) in table(lang) {
                assert!(!text.is_empty(), "{} {key}", lang.code());
            }
        }
    }

    #[test]
    fn non_german_languages_are_not_english() {
        for lang in [Language::Tr, Language::Uk, Language::Ru, Language::Ar] {
            assert_ne!(shipped("read_more", lang), "Read more");
        }
        assert_eq!(shipped("read_more", Language::Tr), "Devamını oku");
        assert_eq!(shipped("no_such_key", Language::Ar), "no_such_key");
    }
}
