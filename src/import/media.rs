//! Images and other uploads a WordPress page names: found in a copy of
//! `wp-content/uploads` (`--media`) and copied into the page's bundle,
//! or left at their old URL and listed in the report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The part of an upload's URL after which its path in the uploads folder follows.
const UPLOADS: &str = "/wp-content/uploads/";

/// Every upload URL in `text` (Markdown or a front-matter value), in order, once.
pub fn upload_urls(text: &str) -> Vec<String> {
    let mut urls: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(UPLOADS) {
        let before = &rest[..at];
        let start = before
            .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '<' | '['))
            .map_or(0, |i| i + 1);
        let after = &rest[at..];
        let len = after
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>' | ']'))
            .unwrap_or(after.len());
        let url = format!("{}{}", &before[start..], &after[..len]);
        if url.starts_with("http") && !urls.contains(&url) {
            urls.push(url);
        }
        rest = &after[len..];
    }
    urls
}

/// The file behind `url` in `media`: the path after `wp-content/uploads/`,
/// or, for a resized copy (`hof-300x200.jpg`) not in the folder, the
/// original (`hof.jpg`), which kiez resizes itself.
pub fn find(media: &Path, url: &str) -> Option<PathBuf> {
    let rel = url.split(UPLOADS).nth(1)?.split(['?', '#']).next()?;
    if rel.split('/').any(|seg| seg == ".." || seg.is_empty()) {
        return None;
    }
    let exact = media.join(rel);
    if exact.is_file() {
        return Some(exact);
    }
    let original = media.join(without_size(rel)?);
    original.is_file().then_some(original)
}

/// `2015/01/hof-300x200.jpg` → `2015/01/hof.jpg`.
fn without_size(rel: &str) -> Option<String> {
    let (stem, ext) = rel.rsplit_once('.')?;
    let (base, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(w) && digits(h)).then(|| format!("{base}.{ext}"))
}

/// Bundle file names for the found files: their own names, numbered when
/// two uploads of different months share one.
pub fn bundle_names(found: &BTreeMap<String, PathBuf>) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let mut taken: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (url, path) in found {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        let mut candidate = name.clone();
        let mut n = 2;
        while taken.get(&candidate).is_some_and(|p| p != path) {
            candidate = format!("{n}-{name}");
            n += 1;
        }
        taken.insert(candidate.clone(), path.clone());
        names.insert(url.clone(), candidate);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_found_in_markdown() {
        let md = "![a](https://x.example/wp-content/uploads/2015/01/a-300x200.jpg) and \
                  <audio src=\"https://x.example/wp-content/uploads/b.mp3\">";
        assert_eq!(
            upload_urls(md),
            [
                "https://x.example/wp-content/uploads/2015/01/a-300x200.jpg",
                "https://x.example/wp-content/uploads/b.mp3"
            ]
        );
    }

    #[test]
    fn resized_names_lead_to_the_original() {
        assert_eq!(
            without_size("2015/01/a-b-300x200.jpg").unwrap(),
            "2015/01/a-b.jpg"
        );
        assert!(without_size("2015/01/a-b.jpg").is_none());
    }
}
