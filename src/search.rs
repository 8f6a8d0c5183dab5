//! The static full-text search index: words of every article, event, FAQ
//! entry and page, normalised so umlauts match their spellings without them
//! (`Heizkoerper` finds `Heizkörper`), lightly stemmed, with German
//! compounds also indexed under their parts (`Kosten` finds
//! `Nebenkostenabrechnung`) — parts readers never see, since excerpts come
//! from the page text.
//!
//! Layout, so a query loads only what it needs: `search/meta.json` (a few
//! bytes), one chunk per two-letter term prefix (`search/i/he.json`) and one
//! fragment per page for results (`search/f/12.json`). `search.js` in the
//! theme implements the same normalisation; keep both in step.
//!
//! Why not pagefind: see the closing note of the search issue — this index
//! loads less per query on our sites and indexes compound parts directly.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::content::Kind;
use crate::site::{Page, Site};
use crate::util::artifact::OutputFile;

/// Shortest word kept in the index and shortest compound part.
const MIN_PART: usize = 4;
/// Words at least this long are tried as compounds.
const MIN_COMPOUND: usize = 8;
/// Longer words are not split: trying every substring is cubic in the
/// word's length (a 6,000-letter word took ten seconds), and real compounds
/// stay below this even with umlauts spelled out
/// (`rindfleischetikettierungsueberwachungsaufgabenuebertragungsgesetz`
/// has 65 letters).
const MAX_COMPOUND: usize = 80;
/// Postings kept per term (highest weights first), bounding chunk size on
/// very large sites.
const MAX_POSTINGS: usize = 2000;
/// Characters of page text shipped for excerpts.
const FRAGMENT_TEXT: usize = 4000;
/// Stemming suffixes, longest first; JS mirrors this list.
const SUFFIXES: [&str; 8] = ["ern", "em", "en", "er", "es", "e", "n", "s"];

pub use crate::util::fold::fold;

/// Strips one common German/English inflection ending, keeping at least
/// four letters: `kosten` → `kost`, `heizungen` → `heizung`.
pub fn stem(word: &str) -> String {
    for suffix in SUFFIXES {
        if let Some(rest) = word.strip_suffix(suffix) {
            if rest.len() >= MIN_PART {
                return rest.to_string();
            }
        }
    }
    word.to_string()
}

/// Folded words of a text.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(fold)
        .filter(|w| w.len() >= 2)
        .collect()
}

/// Parts of a compound that are words of the site themselves:
/// `nebenkostenabrechnung` → `neben`, `kosten`, `abrechnung` (if the site
/// uses those words on their own). Words longer than [`MAX_COMPOUND`] are
/// left whole.
pub fn compound_parts(word: &str, vocabulary: &HashSet<&str>) -> Vec<String> {
    let mut parts = Vec::new();
    if !(MIN_COMPOUND..=MAX_COMPOUND).contains(&word.len()) || !word.is_ascii() {
        return parts;
    }
    for start in 0..=word.len() - MIN_PART {
        for end in start + MIN_PART..=word.len() {
            if end - start == word.len() {
                continue;
            }
            let part = &word[start..end];
            if vocabulary.contains(part) && !parts.iter().any(|p| p == part) {
                parts.push(part.to_string());
            }
        }
    }
    parts
}

/// The non-ASCII letters of the site's text.
fn letters_of(texts: &[String]) -> std::collections::BTreeSet<char> {
    texts
        .par_iter()
        .map(|t| {
            t.chars()
                .filter(|c| !c.is_ascii() && c.is_alphanumeric())
                .collect::<std::collections::BTreeSet<char>>()
        })
        .reduce(Default::default, |mut a, b| {
            a.extend(b);
            a
        })
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    documents: usize,
    lang: &'a str,
    /// Two-letter prefixes that have a chunk.
    chunks: Vec<String>,
    /// How the browser folds non-ASCII letters, as the index did.
    fold: std::collections::BTreeMap<char, String>,
}

#[derive(Serialize)]
struct Fragment<'a> {
    /// URL.
    u: &'a str,
    /// Title.
    t: &'a str,
    /// Type: article, event, faq, page.
    k: &'static str,
    /// Date (RFC 3339), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    /// Plain text for excerpts.
    x: String,
}

/// Whether output path `path` is one of the index files [`render_index`]
/// writes (the search page itself is not).
pub fn is_index_file(path: &str) -> bool {
    path == "search/meta.json" || path.starts_with("search/i/") || path.starts_with("search/f/")
}

/// term → list of [document id, weight], by two-letter prefix of the term.
type Chunks = BTreeMap<String, BTreeMap<String, Vec<[u32; 2]>>>;

/// Builds the index files for every searchable page of `site`.
pub fn render_index(site: &Site) -> Vec<OutputFile> {
    let docs: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].item.kind != Kind::Home && !site.pages[i].item.fallback)
        .collect();
    let texts: Vec<String> = docs
        .par_iter()
        .map(|&i| crate::markdown::html_to_text(&site.pages[i].content.html))
        .collect();
    let doc_words: Vec<HashMap<String, u32>> = docs
        .par_iter()
        .zip(&texts)
        .map(|(&i, text)| weighted_words(&site.pages[i], text))
        .collect();
    let chunks = chunks(postings(&doc_words));

    let meta = Meta {
        version: 1,
        documents: docs.len(),
        lang: site.config.language.code(),
        chunks: chunks.keys().cloned().collect(),
        fold: crate::util::fold::browser_table(letters_of(&texts)),
    };
    let mut files = vec![OutputFile::new("search/meta.json", json(&meta))];
    for (key, terms) in &chunks {
        files.push(OutputFile::new(format!("search/i/{key}.json"), json(terms)));
    }
    for (id, (&i, text)) in docs.iter().zip(&texts).enumerate() {
        let fragment = Fragment::new(&site.pages[i], text);
        files.push(OutputFile::new(
            format!("search/f/{id}.json"),
            json(&fragment),
        ));
    }
    files
}

fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("index files serialize")
}

/// Each distinct word of a page with its weight (title, tag and category
/// words count ten times), so repeated words are folded and looked up
/// once.
fn weighted_words(page: &Page, text: &str) -> HashMap<String, u32> {
    let mut weights: HashMap<String, u32> = HashMap::new();
    let terms = page.item.tags.iter().chain(&page.item.categories);
    for word in words(&page.item.title)
        .into_iter()
        .chain(terms.flat_map(|t| words(t)))
    {
        *weights.entry(word).or_insert(0) += 10;
    }
    for word in words(text) {
        *weights.entry(word).or_insert(0) += 1;
    }
    weights
}

/// term → document id → weight, where a word's terms are its stem and
/// the stems of its compound parts (parts the site also uses alone).
fn postings(doc_words: &[HashMap<String, u32>]) -> BTreeMap<String, HashMap<u32, u32>> {
    let vocabulary: HashSet<&str> = doc_words
        .iter()
        .flat_map(|w| w.keys())
        .filter(|w| w.len() >= MIN_PART)
        .map(String::as_str)
        .collect();
    let distinct: HashSet<&str> = doc_words
        .iter()
        .flat_map(|w| w.keys())
        .map(String::as_str)
        .collect();
    let terms_of: HashMap<&str, Vec<String>> = distinct
        .into_par_iter()
        .map(|word| {
            let mut terms = vec![stem(word)];
            terms.extend(compound_parts(word, &vocabulary).iter().map(|p| stem(p)));
            terms.sort();
            terms.dedup();
            (word, terms)
        })
        .collect();
    let mut postings: BTreeMap<String, HashMap<u32, u32>> = BTreeMap::new();
    for (id, weights) in doc_words.iter().enumerate() {
        for (word, weight) in weights {
            for term in &terms_of[word.as_str()] {
                let entry = postings
                    .entry(term.clone())
                    .or_default()
                    .entry(id as u32)
                    .or_insert(0);
                *entry = (*entry + weight).min(1000);
            }
        }
    }
    postings
}

/// Postings sorted by weight, capped, and grouped by two-letter prefix.
fn chunks(postings: BTreeMap<String, HashMap<u32, u32>>) -> Chunks {
    let mut chunks = Chunks::new();
    for (term, docs_weights) in postings {
        let key: String = term.chars().take(2).collect();
        let mut list: Vec<[u32; 2]> = docs_weights.into_iter().map(|(d, w)| [d, w]).collect();
        list.sort_by(|a, b| b[1].cmp(&a[1]).then(a[0].cmp(&b[0])));
        list.truncate(MAX_POSTINGS);
        chunks.entry(key).or_default().insert(term, list);
    }
    chunks
}

impl<'a> Fragment<'a> {
    fn new(page: &'a Page, text: &str) -> Self {
        Fragment {
            u: &page.url,
            t: &page.item.title,
            k: match page.item.kind {
                Kind::Article => "article",
                Kind::Event => "event",
                Kind::Faq => "faq",
                Kind::Edition => "edition",
                Kind::Page | Kind::Home => "page",
            },
            d: page.when.or(page.item.date).map(|d| d.to_rfc3339()),
            x: text.chars().take(FRAGMENT_TEXT).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_umlaut_spellings_equal() {
        assert_eq!(fold("Heizkörper"), "heizkoerper");
        assert_eq!(fold("HEIZKOERPER"), "heizkoerper");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Café"), "cafe");
    }

    #[test]
    fn stemming_keeps_four_letters() {
        assert_eq!(stem("kosten"), "kost");
        assert_eq!(stem("heizungen"), "heizung");
        assert_eq!(stem("haus"), "haus");
        assert_eq!(stem("neben"), "nebe");
    }

    #[test]
    fn compounds_split_into_known_words() {
        let vocab: HashSet<&str> = ["kosten", "abrechnung", "neben", "schluessel", "haus"]
            .into_iter()
            .collect();
        let parts = compound_parts("nebenkostenabrechnung", &vocab);
        assert!(parts.contains(&"kosten".to_string()), "{parts:?}");
        assert!(parts.contains(&"abrechnung".to_string()));
        let parts = compound_parts("haustuerschluessel", &vocab);
        assert!(parts.contains(&"schluessel".to_string()) && parts.contains(&"haus".to_string()));
        assert!(compound_parts("kosten", &vocab).is_empty());
    }

    #[test]
    fn long_words_are_not_split() {
        // Before: cubic; a 20,000-letter word would have taken hours.
        let vocab: HashSet<&str> = ["haus", "kosten", "gesetz"].into_iter().collect();
        assert!(compound_parts(&"haus".repeat(5000), &vocab).is_empty());
        let long_but_real = "rindfleischetikettierungsueberwachungsaufgabenuebertragungsgesetz";
        assert!(compound_parts(long_but_real, &vocab).contains(&"gesetz".to_string()));
    }
}
