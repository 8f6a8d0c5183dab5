//! Translations: which language a content file is in (`NAME.CODE.md`,
//! `index.CODE.md`, `_category.CODE.yaml`, as in Hugo and Zola), and the
//! whole library split into one library per language, each of which the
//! later stages treat as a one-language site.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::{FaqCategory, Item, Kind, Library};
use crate::config::{Language, SiteConfig};

/// The path of the original a file translates (`articles/x.en.md` →
/// `articles/x.md`) and the file's language. Only codes of the site's
/// `languages:` count, so a one-language site reads `x.en.md` as before.
pub fn split_lang<'a>(rel: &'a str, config: &SiteConfig) -> (Cow<'a, str>, Language) {
    if config.languages.len() > 1 {
        for ext in [".md", ".yaml"] {
            let Some(stem) = rel.strip_suffix(ext) else {
                continue;
            };
            let Some((name, code)) = stem.rsplit_once('.') else {
                continue;
            };
            let listed = config.languages.iter().find(|l| l.code.code() == code);
            if let (false, Some(entry)) = (code.contains('/'), listed) {
                return (Cow::Owned(format!("{name}{ext}")), entry.code);
            }
        }
    }
    (Cow::Borrowed(rel), config.language)
}

/// The kinds a language's lists may borrow from the default language.
const FALLBACK_KINDS: &[Kind] = &[Kind::Article, Kind::Event, Kind::Faq];

/// One library per language of the site, the default language first.
/// Each item's `source` becomes its original's (`articles/x.md`), so links,
/// `related:` and editions' `articles:` written against the original find
/// the translation in its own language. With `fallback`, a language also
/// gets the default language's untranslated articles, events and questions,
/// marked [`Item::fallback`].
pub fn split(mut library: Library, config: &SiteConfig) -> Vec<Library> {
    let entries = config.language_entries();
    if entries.len() < 2 {
        return vec![library];
    }
    let default = config.language;
    let items = std::mem::take(&mut library.items);
    let mut out: Vec<Library> = entries
        .iter()
        .map(|entry| Library {
            faq_categories: categories_in(&library, entry.code, default),
            sections: library.sections.clone(),
            ..Library::default()
        })
        .collect();
    let keys_of = |lang: Language| -> BTreeSet<&str> {
        items
            .iter()
            .filter(|i| i.lang == lang)
            .map(|i| i.translation_key.as_str())
            .collect()
    };
    for (entry, lib) in entries.iter().zip(&mut out) {
        let own = keys_of(entry.code);
        for item in &items {
            let borrowed = config.translations.fallback
                && item.lang == default
                && entry.code != default
                && FALLBACK_KINDS.contains(&item.kind)
                && !own.contains(item.translation_key.as_str());
            if item.lang == entry.code || borrowed {
                let mut item = item.clone();
                item.source = split_lang(&item.source, config).0.into_owned();
                item.fallback = borrowed;
                lib.items.push(item);
            }
        }
        lib.items.sort_by(|a, b| a.source.cmp(&b.source));
    }
    out[0].hidden = library.hidden;
    out[0].errors = library.errors;
    for lib in &mut out {
        lib.failed = library.failed.clone();
    }
    out
}

/// The FAQ categories with their titles in `lang` where a
/// `_category.CODE.yaml` gives them.
fn categories_in(library: &Library, lang: Language, default: Language) -> Vec<FaqCategory> {
    let mut list = library.faq_categories.clone();
    if lang != default {
        for (l, translated) in &library.translated_categories {
            if let Some(c) = list
                .iter_mut()
                .filter(|_| *l == lang)
                .find(|c| c.slug == translated.slug)
            {
                c.title = translated.title.clone();
                c.description = translated.description.clone();
            }
        }
    }
    list
}

/// Items grouped by language, for checks that hold within one language
/// (each URL once).
pub(super) fn by_language(items: &[Item]) -> Vec<Vec<&Item>> {
    let langs: BTreeSet<Language> = items.iter().map(|i| i.lang).collect();
    langs
        .into_iter()
        .map(|l| items.iter().filter(|i| i.lang == l).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(langs: &str) -> SiteConfig {
        SiteConfig::from_str(
            &format!("title: T\nbase_url: https://a.example/\n{langs}"),
            std::path::Path::new("kiez.yaml"),
        )
        .unwrap()
    }

    #[test]
    fn a_listed_code_before_the_extension_is_the_language() {
        let c = config("languages: [{code: de}, {code: en}, {code: ar}]\n");
        let split = |rel| {
            let (base, lang) = split_lang(rel, &c);
            (base.into_owned(), lang.code())
        };
        assert_eq!(split("articles/x.en.md"), ("articles/x.md".into(), "en"));
        assert_eq!(
            split("articles/b/index.ar.md"),
            ("articles/b/index.md".into(), "ar")
        );
        assert_eq!(
            split("faq/h/_category.en.yaml"),
            ("faq/h/_category.yaml".into(), "en")
        );
        assert_eq!(split("articles/x.md"), ("articles/x.md".into(), "de"));
        assert_eq!(split("articles/v1.2.md"), ("articles/v1.2.md".into(), "de"));
        assert_eq!(split("articles/x.tr.md"), ("articles/x.tr.md".into(), "de"));
    }

    #[test]
    fn a_one_language_site_keeps_its_file_names() {
        let c = config("");
        assert_eq!(split_lang("articles/x.en.md", &c).0, "articles/x.en.md");
    }
}
