//! What a link on the site may point to: every file of the output (as
//! rendered in memory or copied), and the `id`s of each rendered page,
//! read from its final HTML only when a link asks for one.

use std::collections::{BTreeMap, BTreeSet};

use crate::util::artifact::{Copy, OutputFile};

/// The output's files by path (`articles/x/index.html`), with the HTML
/// of rendered pages for their ids.
pub(super) struct Targets<'a> {
    files: BTreeMap<&'a str, Option<&'a [u8]>>,
    ids: BTreeMap<&'a str, BTreeSet<String>>,
}

/// A link's target, found.
pub(super) enum Found<'a> {
    /// No file of the output is there.
    Nothing,
    /// A file of the output, with its ids when it is a rendered page.
    File(&'a str, Option<&'a BTreeSet<String>>),
}

impl<'a> Targets<'a> {
    pub(super) fn new(files: &'a [OutputFile], copies: &'a [Copy]) -> Self {
        let mut map: BTreeMap<&str, Option<&[u8]>> = BTreeMap::new();
        for file in files {
            let html = file.path.ends_with(".html").then_some(&file.bytes[..]);
            map.insert(&file.path, html);
        }
        // A copy overrides a rendered file of the same path.
        for copy in copies {
            map.insert(&copy.to, None);
        }
        Targets {
            files: map,
            ids: BTreeMap::new(),
        }
    }

    /// The file a site path (`articles/x/`, without base path and leading
    /// `/`, percent-decoded) is served from: the path itself or its
    /// `index.html`.
    pub(super) fn find(&mut self, path: &str) -> Found<'_> {
        let index = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            format!("{path}/index.html")
        };
        let found = [path, index.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty() && !p.ends_with('/'))
            .find_map(|p| self.files.get_key_value(p))
            .map(|(&key, &html)| (key, html));
        let Some((key, html)) = found else {
            return Found::Nothing;
        };
        match html {
            Some(html) => {
                let ids = self.ids.entry(key).or_insert_with(|| ids_of(html));
                Found::File(key, Some(ids))
            }
            None => Found::File(key, None),
        }
    }
}

/// Every `id` and `name` attribute value in `html`, entities decoded.
fn ids_of(html: &[u8]) -> BTreeSet<String> {
    let html = String::from_utf8_lossy(html);
    let mut ids = BTreeSet::new();
    for attr in [" id=\"", " name=\""] {
        for (at, _) in html.match_indices(attr) {
            let rest = &html[at + attr.len()..];
            if let Some(end) = rest.find('"') {
                ids.insert(decode_entities(&rest[..end]));
            }
        }
    }
    ids
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Decodes `%XX` escapes; `None` when they do not make UTF-8.
pub(super) fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Resolves `target` (a relative URL path) against the folder URL
/// `base` (`/articles/x/`); `..` above the root stays at the root, as in
/// a browser.
pub(super) fn join(base: &str, target: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let last = target.rsplit('/').next().unwrap_or("");
    let mut path = format!("/{}", parts.join("/"));
    if matches!(last, "" | "." | "..") && !path.ends_with('/') {
        path.push('/');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_like_a_browser() {
        assert_eq!(join("/articles/a/", "../b/"), "/articles/b/");
        assert_eq!(join("/articles/a/", "plan.pdf"), "/articles/a/plan.pdf");
        assert_eq!(join("/articles/a/", "../../../x"), "/x");
        assert_eq!(join("/articles/a/", ".."), "/articles/");
        assert_eq!(join("/a/", "./"), "/a/");
    }

    #[test]
    fn pages_are_found_by_folder_and_ids_read_once() {
        let files = vec![
            OutputFile::new("index.html", b"<h1 id=\"top\">x</h1>".to_vec()),
            OutputFile::new(
                "faq/a/index.html",
                b"<h2 id=\"wann\">W</h2><a name=\"alt\">".to_vec(),
            ),
            OutputFile::new("rss.xml", b"<rss/>".to_vec()),
        ];
        let mut targets = Targets::new(&files, &[]);
        let Found::File(path, Some(ids)) = targets.find("faq/a/") else {
            panic!()
        };
        assert_eq!(path, "faq/a/index.html");
        assert!(ids.contains("wann") && ids.contains("alt"));
        assert!(matches!(targets.find("faq/a"), Found::File(_, Some(_))));
        assert!(matches!(targets.find(""), Found::File("index.html", _)));
        assert!(matches!(targets.find("rss.xml"), Found::File(_, None)));
        assert!(matches!(targets.find("faq/b/"), Found::Nothing));
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("gr%C3%BC%C3%9Fe").as_deref(), Some("grüße"));
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
    }
}
