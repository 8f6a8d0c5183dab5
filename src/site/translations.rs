//! How the languages of a multilingual site link up: for each page of each
//! language, the same page in the other languages. A content page's
//! translations share its translation key; a list page (home, articles,
//! events, FAQ, a term) is the same list in another language when that
//! language has a list at the same logical path. The result feeds the
//! language switcher, `<link rel="alternate" hreflang>` and the sitemap's
//! `xhtml:link` alternates, which must be reciprocal.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{Site, TaxonomyKind};
use crate::config::Language;
use crate::content::Kind;

/// One language of the site, as the switcher shows it.
#[derive(Debug, Clone)]
pub struct LanguageLink {
    /// The language.
    pub lang: Language,
    /// Its name in itself.
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Its base URL (absolute, with its `/CODE/`).
    pub base_url: String,
    /// Its home page, root-relative.
    pub home: String,
}

/// One page in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate {
    /// The language.
    pub lang: Language,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub absolute: String,
}

/// The pages of every language, grouped by what they show.
#[derive(Debug, Default)]
pub struct Translations {
    /// The languages, the default first.
    pub languages: Vec<LanguageLink>,
    /// (language, logical path) → group.
    groups: HashMap<(Language, String), usize>,
    /// Group → its logical path in each language that has it.
    members: Vec<BTreeMap<Language, String>>,
}

impl Translations {
    /// Groups the pages of `sites`, one per language, the default first.
    pub fn new(sites: &[Arc<Site>]) -> Self {
        let mut t = Translations::default();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for site in sites {
            let c = &site.config;
            let entry = c.languages.iter().find(|l| l.code == c.language);
            t.languages.push(LanguageLink {
                lang: c.language,
                name: entry
                    .map_or(c.language.native_name(), |e| e.display_name())
                    .into(),
                dir: entry.map_or(c.language.direction(), |e| e.dir()).as_str(),
                base_url: c.base_url.clone(),
                home: c.base_path().to_string(),
            });
            // The home page is grouped as the list it is, by its path.
            let items = site
                .pages
                .iter()
                .filter(|p| !p.item.fallback && p.item.kind != Kind::Home);
            let keyed =
                items.map(|p| (format!("k:{}", p.item.translation_key), p.item.path.clone()));
            let lists = list_paths(site).into_iter().map(|p| (format!("p:{p}"), p));
            for (key, path) in keyed.chain(lists) {
                let next = t.members.len();
                let group = *by_key.entry(key).or_insert(next);
                if group == next {
                    t.members.push(BTreeMap::new());
                }
                t.members[group].insert(c.language, path.clone());
                t.groups.insert((c.language, path), group);
            }
        }
        t
    }

    /// The page at logical `path` of language `lang` in every language
    /// that has it, itself included, in the order of `languages`; empty
    /// when it has no translation.
    pub fn alternates(&self, lang: Language, path: &str) -> Vec<Alternate> {
        let Some(&group) = self.groups.get(&(lang, path.to_string())) else {
            return Vec::new();
        };
        let members = &self.members[group];
        if members.len() < 2 {
            return Vec::new();
        }
        self.languages
            .iter()
            .filter_map(|l| {
                let path = members.get(&l.lang)?;
                let absolute = format!("{}{}", l.base_url, path.trim_start_matches('/'));
                let url = format!("{}{}", l.home, path.trim_start_matches('/'));
                Some(Alternate {
                    lang: l.lang,
                    url,
                    absolute,
                })
            })
            .collect()
    }
}

/// The logical paths of the list pages a site's languages may share (the
/// first page of each list).
fn list_paths(site: &Site) -> Vec<String> {
    let mut paths: Vec<String> = ["/", "/articles/", "/events/", "/faq/", "/search/"]
        .map(String::from)
        .into();
    if !site.editions.is_empty() {
        paths.push("/editions/".into());
    }
    paths.extend(site.sections.iter().map(|s| s.path.clone()));
    paths.extend(site.faq.iter().map(|s| s.path.clone()));
    for kind in TaxonomyKind::ALL {
        paths.push(format!("/{}/", kind.key()));
        paths.extend(site.taxonomy(kind).terms.iter().map(|t| t.path.clone()));
    }
    paths
}
