//! Languages: the UI languages kiez ships (`Language`), and `languages:`
//! and `translations:` in `kiez.yaml`, which publish one site in several
//! of them. The first entry of `languages:` (or `language:` when the list
//! is absent) is the default language; every other language's pages live
//! under `/CODE/`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{MenuItem, SiteConfig};
use crate::error::{Result, SourceError};
use crate::yaml;

/// A language kiez ships UI strings and date formats for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    serde::Serialize,
    Default,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// German.
    #[default]
    De,
    /// English.
    En,
    /// Turkish.
    Tr,
    /// Ukrainian.
    Uk,
    /// Russian.
    Ru,
    /// Arabic (right to left).
    Ar,
}

/// Every language kiez ships, in the order of their codes' first use.
pub const LANGUAGES: &[Language] = &[
    Language::De,
    Language::En,
    Language::Tr,
    Language::Uk,
    Language::Ru,
    Language::Ar,
];

/// Which way a language's text runs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Persian, Hebrew, Urdu).
    Rtl,
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

impl Language {
    /// The ISO 639-1 code, as used in `<html lang>`, `hreflang` and the
    /// `/CODE/` URL prefix.
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
            Language::Tr => "tr",
            Language::Uk => "uk",
            Language::Ru => "ru",
            Language::Ar => "ar",
        }
    }

    /// The language whose code is `code`.
    pub fn from_code(code: &str) -> Option<Language> {
        LANGUAGES.iter().copied().find(|l| l.code() == code)
    }

    /// The language's name in itself, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::De => "Deutsch",
            Language::En => "English",
            Language::Tr => "Türkçe",
            Language::Uk => "Українська",
            Language::Ru => "Русский",
            Language::Ar => "العربية",
        }
    }

    /// "In this language", said in it: the note on an untranslated item
    /// another language's list shows ("auf Deutsch").
    pub fn in_itself(self) -> &'static str {
        match self {
            Language::De => "auf Deutsch",
            Language::En => "in English",
            Language::Tr => "Türkçe",
            Language::Uk => "українською",
            Language::Ru => "на русском",
            Language::Ar => "بالعربية",
        }
    }

    /// The writing direction of the language's script.
    pub fn direction(self) -> Direction {
        match self {
            Language::Ar => Direction::Rtl,
            _ => Direction::Ltr,
        }
    }

    /// The Open Graph locale (`og:locale`), language and main country.
    pub fn og_locale(self) -> &'static str {
        match self {
            Language::De => "de_DE",
            Language::En => "en_US",
            Language::Tr => "tr_TR",
            Language::Uk => "uk_UA",
            Language::Ru => "ru_RU",
            Language::Ar => "ar_AR",
        }
    }
}

/// One entry of `languages:`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageEntry {
    /// The language (`de`, `en`, `tr`, `uk`, `ru`, `ar`).
    pub code: Language,
    /// The language's name in itself, for the switcher (default: its
    /// usual name, e.g. "Türkçe").
    #[serde(default)]
    pub name: Option<String>,
    /// Writing direction; defaults from the code (`ar` is right to left).
    #[serde(default)]
    pub direction: Option<Direction>,
    /// The site title in this language (default: `title`).
    #[serde(default)]
    pub title: Option<String>,
    /// The site description in this language (default: `description`).
    #[serde(default)]
    pub description: Option<String>,
    /// The header menu in this language (default: `menu`).
    #[serde(default)]
    pub menu: Option<Vec<MenuItem>>,
    /// UI strings that replace the shipped ones, by key (`read_more: …`).
    #[serde(default)]
    pub strings: BTreeMap<String, String>,
}

impl LanguageEntry {
    /// An entry with every value defaulted.
    pub fn plain(code: Language) -> Self {
        LanguageEntry {
            code,
            name: None,
            direction: None,
            title: None,
            description: None,
            menu: None,
            strings: BTreeMap::new(),
        }
    }

    /// The name shown in the switcher.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(self.code.native_name())
    }

    /// The writing direction, given or from the code.
    pub fn dir(&self) -> Direction {
        self.direction.unwrap_or(self.code.direction())
    }
}

/// `translations:` in `kiez.yaml`: how the languages of a site meet.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TranslationsConfig {
    /// Put the default language under its prefix too (`/de/articles/…`);
    /// the site root then lists the languages.
    pub prefix_default: bool,
    /// A language's lists show the default language's items that have no
    /// translation, marked with their language, linking to the original.
    pub fallback: bool,
}

impl SiteConfig {
    /// `languages:`: each code once; the default language comes first.
    pub(super) fn check_languages(
        &mut self,
        text: &str,
        at: &dyn Fn(&str) -> SourceError,
    ) -> Result<()> {
        let Some(first) = self.languages.first() else {
            return Ok(());
        };
        if yaml::key_line(text, &["language"]).is_some() && first.code != self.language {
            return Err(SourceError {
                message: format!(
                    "`language: {}` is not the first of `languages:` ({})",
                    self.language.code(),
                    first.code.code()
                ),
                hint: Some("list the default language first, or leave out `language:`".into()),
                ..at("language")
            }
            .into());
        }
        self.language = first.code;
        let mut seen = std::collections::BTreeSet::new();
        if let Some(twice) = self.languages.iter().find(|l| !seen.insert(l.code)) {
            return Err(SourceError {
                message: format!("language `{}` is listed twice", twice.code.code()),
                ..at("languages")
            }
            .into());
        }
        Ok(())
    }

    /// The site's languages, the default first; one entry for a
    /// one-language site.
    pub fn language_entries(&self) -> Vec<LanguageEntry> {
        if self.languages.is_empty() {
            vec![LanguageEntry::plain(self.language)]
        } else {
            self.languages.clone()
        }
    }

    /// The URL prefix of `lang`'s pages: `en/`, or nothing for the default
    /// language unless `translations: {prefix_default: true}`.
    pub fn lang_prefix(&self, lang: Language) -> String {
        let default = self.languages.first().map_or(self.language, |l| l.code);
        if lang == default && !self.translations.prefix_default {
            String::new()
        } else {
            format!("{}/", lang.code())
        }
    }

    /// Absolute URL of the logical path `path` (`/articles/x/`) in `lang`.
    pub fn absolute_in(&self, lang: Language, path: &str) -> String {
        let root = self.root_url();
        format!(
            "{root}{}{}",
            self.lang_prefix(lang),
            path.trim_start_matches('/')
        )
    }

    /// Root-relative URL of the logical path `path` in `lang`.
    pub fn url_in(&self, lang: Language, path: &str) -> String {
        let absolute = self.absolute_in(lang, path);
        let origin_len = self.origin().len();
        absolute[origin_len..].to_string()
    }

    /// The configuration of one language's part of the site: its title,
    /// description and menu, and a `base_url` under its prefix, so that
    /// every URL the later stages build lands in that language.
    pub fn for_language(&self, entry: &LanguageEntry) -> SiteConfig {
        let mut c = self.clone();
        let root = self.root_url().to_string();
        c.base_url = format!("{root}{}", self.lang_prefix(entry.code));
        c.root_url = Some(root);
        c.language = entry.code;
        if let Some(title) = &entry.title {
            c.title = title.clone();
        }
        if let Some(description) = &entry.description {
            c.description = description.clone();
        }
        if let Some(menu) = &entry.menu {
            c.menu = menu.clone();
        }
        c
    }

    /// The writing direction of the site's (this language's) pages.
    pub fn direction(&self) -> Direction {
        let entry = self.languages.iter().find(|l| l.code == self.language);
        entry.map_or(self.language.direction(), LanguageEntry::dir)
    }

    /// Whether the site is published in more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_arabic_runs_right_to_left() {
        for &lang in LANGUAGES {
            assert_eq!(Language::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Language::Ar.direction(), Direction::Rtl);
        assert_eq!(Language::Uk.direction(), Direction::Ltr);
        assert_eq!(Language::from_code("xx"), None);
    }
}
