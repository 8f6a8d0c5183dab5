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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::content::Kind;
use crate::error::Result;
use crate::site::{Page, Site};
use crate::util::artifact::{OutputFile, Sink};

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
/// Arabic prefixes of the definite article (with و, ب, ك, ف, ل before
/// it), as Lucene's light Arabic stemmer strips them: `التدفئة` is found
/// as `تدفئة`. Shipped to the browser in `meta.json` (`prefixes`).
const ARABIC_PREFIXES: [&str; 6] = ["وال", "بال", "كال", "فال", "ال", "لل"];

pub use crate::util::fold::{fold, Rules};

/// The prefixes [`stem`] strips under `rules`.
fn prefixes(rules: Rules) -> &'static [&'static str] {
    match rules {
        Rules::Arabic => &ARABIC_PREFIXES,
        _ => &[],
    }
}

/// Strips an Arabic article (keeping two letters) and one common
/// German/English inflection ending (keeping four): `kosten` → `kost`,
/// `heizungen` → `heizung`, `التدفئه` → `تدفئه`.
pub fn stem(word: &str, rules: Rules) -> String {
    let word = prefixes(rules)
        .iter()
        .find_map(|p| {
            word.strip_prefix(p)
                .filter(|rest| rest.chars().count() >= 2)
        })
        .unwrap_or(word);
    for suffix in SUFFIXES {
        if let Some(rest) = word.strip_suffix(suffix) {
            if rest.len() >= MIN_PART {
                return rest.to_string();
            }
        }
    }
    word.to_string()
}

/// Folded words of a text (harakat and combining marks belong to their
/// word).
pub fn words(text: &str, rules: Rules) -> Vec<String> {
    text.split(|c: char| !crate::util::fold::is_word_char(c))
        .map(|w| fold(w, rules))
        .filter(|w| w.chars().count() >= 2)
        .collect()
}

/// The file name of the chunk for a two-letter `key`: the key itself
/// when ASCII, else `u` and the letters' code points in hex
/// (`u62a_62f`), so the index's file names stay ASCII on every host.
/// `search.js` names chunks the same way.
fn chunk_file(key: &str) -> String {
    if key.is_ascii() {
        return key.to_string();
    }
    let hex: Vec<String> = key.chars().map(|c| format!("{:x}", c as u32)).collect();
    format!("u{}", hex.join("_"))
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

/// The non-ASCII letters of a text.
fn letters_of(text: &str) -> BTreeSet<char> {
    text.chars()
        .filter(|c| !c.is_ascii() && c.is_alphanumeric())
        .collect()
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    documents: usize,
    lang: &'a str,
    /// Two-letter prefixes that have a chunk.
    chunks: Vec<String>,
    /// How the browser folds non-ASCII letters, as the index did.
    fold: BTreeMap<char, String>,
    /// Prefixes the stemmer strips (Arabic articles).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    prefixes: &'static [&'static str],
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

/// Pages whose text and words are in memory at once while the index is
/// built: all of them were hundreds of MB at 10,000 articles.
const BATCH: usize = 256;

/// Builds the index files for every searchable page of `site`. Each
/// goes to `sink` as it is made; returns the files it kept.
pub fn render_index(site: &Site, sink: &Sink) -> Result<Vec<OutputFile>> {
    let rules = site.config.language.folding();
    let docs: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].item.kind != Kind::Home && !site.pages[i].item.fallback)
        .collect();
    let mut vocabulary: HashMap<String, u32> = HashMap::new();
    let mut doc_words: Vec<Vec<(u32, u32)>> = Vec::with_capacity(docs.len());
    let mut letters = BTreeSet::new();
    let mut fragments = Vec::new();
    for (n, batch) in docs.chunks(BATCH).enumerate() {
        let done: Vec<_> = batch
            .par_iter()
            .enumerate()
            .map(|(k, &i)| {
                let page = &site.pages[i];
                let text = crate::markdown::html_to_text(&page.content.html.unpack());
                let fragment = OutputFile::new(
                    format!("search/f/{}.json", n * BATCH + k),
                    json(&Fragment::new(page, &text)),
                );
                Ok((
                    weighted_words(page, &text, rules),
                    letters_of(&text),
                    sink.put(fragment)?,
                ))
            })
            .collect::<Result<_>>()?;
        for (weights, seen, fragment) in done {
            doc_words.push(intern(&mut vocabulary, weights));
            letters.extend(seen);
            fragments.extend(fragment);
        }
    }
    let chunks = chunks(postings(&vocabulary, doc_words, rules));
    let meta = Meta {
        version: 1,
        documents: docs.len(),
        lang: site.config.language.code(),
        chunks: chunks.keys().cloned().collect(),
        fold: crate::util::fold::browser_table(letters, rules),
        prefixes: prefixes(rules),
    };
    let mut files: Vec<OutputFile> = sink
        .put(OutputFile::new("search/meta.json", json(&meta)))?
        .into_iter()
        .collect();
    // Each chunk goes to the sink as it is made and is let go of: all of
    // them with their JSON were a whole build's peak memory at 100,000
    // articles.
    for (key, terms) in chunks {
        let path = format!("search/i/{}.json", chunk_file(&key));
        let file = OutputFile::new(path, json(&terms));
        drop(terms);
        files.extend(sink.put(file)?);
    }
    files.append(&mut fragments);
    Ok(files)
}

/// A page's words as ids in `vocabulary` (which learns the new ones), so
/// each distinct word of the site is held once.
fn intern(vocabulary: &mut HashMap<String, u32>, weights: HashMap<String, u32>) -> Vec<(u32, u32)> {
    weights
        .into_iter()
        .map(|(word, weight)| {
            let next = vocabulary.len() as u32;
            (*vocabulary.entry(word).or_insert(next), weight)
        })
        .collect()
}

fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("index files serialize")
}

/// Each distinct word of a page with its weight (title, tag and category
/// words count ten times), so repeated words are folded and looked up
/// once.
fn weighted_words(page: &Page, text: &str, rules: Rules) -> HashMap<String, u32> {
    let mut weights: HashMap<String, u32> = HashMap::new();
    let terms = page.item.tags.iter().chain(&page.item.categories);
    for word in words(&page.item.title, rules)
        .into_iter()
        .chain(terms.flat_map(|t| words(t, rules)))
    {
        *weights.entry(word).or_insert(0) += 10;
    }
    for word in words(text, rules) {
        *weights.entry(word).or_insert(0) += 1;
    }
    weights
}

/// term → [document id, weight] in document order, where a word's terms
/// are its stem and the stems of its compound parts (parts the site also
/// uses alone). Each document's words are let go of once its postings
/// are made: both at once were the search stage's peak memory.
fn postings(
    vocabulary: &HashMap<String, u32>,
    doc_words: Vec<Vec<(u32, u32)>>,
    rules: Rules,
) -> BTreeMap<String, Vec<[u32; 2]>> {
    let mut words = vec![""; vocabulary.len()];
    for (word, &id) in vocabulary {
        words[id as usize] = word;
    }
    let long: HashSet<&str> = words
        .iter()
        .copied()
        .filter(|w| w.len() >= MIN_PART)
        .collect();
    let word_terms: Vec<Vec<String>> = words
        .par_iter()
        .map(|word| {
            let mut terms = vec![stem(word, rules)];
            let parts = compound_parts(word, &long);
            terms.extend(parts.iter().map(|p| stem(p, rules)));
            terms.sort();
            terms.dedup();
            terms
        })
        .collect();
    let mut term_ids: HashMap<String, u32> = HashMap::new();
    let terms_of: Vec<Vec<u32>> = word_terms
        .into_iter()
        .map(|terms| {
            let t = terms.into_iter().map(|term| {
                let next = term_ids.len() as u32;
                *term_ids.entry(term).or_insert(next)
            });
            t.collect()
        })
        .collect();
    let mut lists: Vec<Vec<[u32; 2]>> = vec![Vec::new(); term_ids.len()];
    for (doc, weights) in doc_words.into_iter().enumerate() {
        let doc = doc as u32;
        for (word, weight) in weights {
            for &term in &terms_of[word as usize] {
                let list = &mut lists[term as usize];
                match list.last_mut() {
                    Some(last) if last[0] == doc => last[1] = (last[1] + weight).min(1000),
                    _ => list.push([doc, weight.min(1000)]),
                }
            }
        }
    }
    term_ids
        .into_iter()
        .map(|(term, id)| (term, std::mem::take(&mut lists[id as usize])))
        .collect()
}

/// Postings sorted by weight, capped, and grouped by two-letter prefix.
fn chunks(postings: BTreeMap<String, Vec<[u32; 2]>>) -> Chunks {
    let mut chunks = Chunks::new();
    for (term, mut list) in postings {
        let key: String = term.chars().take(2).collect();
        list.sort_by(|a, b| b[1].cmp(&a[1]).then(a[0].cmp(&b[0])));
        list.truncate(MAX_POSTINGS);
        list.shrink_to_fit();
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
        assert_eq!(fold("Heizkörper", Rules::German), "heizkoerper");
        assert_eq!(fold("HEIZKOERPER", Rules::German), "heizkoerper");
        assert_eq!(fold("Straße", Rules::German), "strasse");
        assert_eq!(fold("Café", Rules::German), "cafe");
    }

    #[test]
    fn stemming_keeps_four_letters() {
        assert_eq!(stem("kosten", Rules::German), "kost");
        assert_eq!(stem("heizungen", Rules::German), "heizung");
        assert_eq!(stem("haus", Rules::German), "haus");
        assert_eq!(stem("neben", Rules::German), "nebe");
    }

    #[test]
    fn arabic_articles_are_stripped_to_two_letters() {
        let a = Rules::Arabic;
        assert_eq!(stem(&fold("التدفئة", a), a), fold("تدفئة", a));
        assert_eq!(stem(&fold("والسكان", a), a), "سكان");
        assert_eq!(stem("الم", a), "الم");
        assert_eq!(stem("kosten", a), "kost");
    }

    #[test]
    fn chunk_files_are_ascii() {
        assert_eq!(chunk_file("he"), "he");
        assert_eq!(chunk_file("تد"), "u62a_62f");
        assert_eq!(chunk_file("кі"), "u43a_456");
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
