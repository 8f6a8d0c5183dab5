//! The translations of a multilingual site: which pages a language does
//! not have yet (one finding per language, listing them), and which
//! translations are older than their original (the original's
//! `updated:` is later than the translation's).

use std::collections::HashMap;
use std::sync::Arc;

use super::Finding;
use crate::content::Kind;
use crate::site::{Page, Site};

/// The kinds whose translations are checked.
const KINDS: &[Kind] = &[
    Kind::Home,
    Kind::Article,
    Kind::Event,
    Kind::Faq,
    Kind::Page,
];

/// Missing and stale translations of `site` (the default language's) in
/// each of `others`.
pub fn check(site: &Site, others: &[Arc<Site>]) -> Vec<Finding> {
    let originals: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| !p.item.fallback && KINDS.contains(&p.item.kind))
        .collect();
    let mut findings = Vec::new();
    for other in others {
        let translated: HashMap<&str, &Page> = other
            .pages
            .iter()
            .filter(|p| !p.item.fallback)
            .map(|p| (p.item.translation_key.as_str(), p))
            .collect();
        let mut missing = Vec::new();
        for original in &originals {
            match translated.get(original.item.translation_key.as_str()) {
                None => missing.push(original.item.source.as_str()),
                Some(page) => findings.extend(stale(original, page)),
            }
        }
        if !missing.is_empty() {
            findings.push(missing_in(other, &missing, originals.len()));
        }
    }
    findings
}

/// One finding for the pages `other`'s language lacks.
fn missing_in(other: &Site, missing: &[&str], of: usize) -> Finding {
    let lang = other.config.language;
    let mut finding = Finding::new(
        "translations",
        std::path::Path::new("content"),
        format!(
            "{} of {of} pages are not in {} ({}): {}",
            missing.len(),
            lang.native_name(),
            lang.code(),
            listed(missing)
        ),
    );
    finding.file = None;
    finding.hint(format!(
        "start one with `kiez translate content/{} --to {}`",
        missing[0],
        lang.code()
    ))
}

/// The first twenty names, then how many more.
fn listed(names: &[&str]) -> String {
    const SHOWN: usize = 20;
    let mut text = names[..names.len().min(SHOWN)].join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}

/// A finding when `original` was updated after `translation`.
fn stale(original: &Page, translation: &Page) -> Option<Finding> {
    let changed = original.item.updated?;
    let translated = translation
        .item
        .updated
        .or(translation.item.published)
        .or(translation.item.date)?;
    if changed <= translated {
        return None;
    }
    let key = if translation.item.updated.is_some() {
        "updated"
    } else {
        "title"
    };
    let message = format!(
        "the original `{}` was updated on {} after this translation ({})",
        original.item.file.display(),
        changed.format("%Y-%m-%d"),
        translated.format("%Y-%m-%d")
    );
    Some(
        Finding::at_key("translations", &translation.item, key, message)
            .hint("bring the translation up to date, then set its `updated:` to today"),
    )
}
