//! Checks of what a body's Markdown says: links to pages, files and
//! `#anchors` that do not exist, link text that says nothing, images
//! without alternative text, headings that skip a level. Each finding
//! points at the Markdown that causes it; the links' targets are looked
//! up in the rendered output ([`Targets`]).

use std::collections::BTreeMap;

use super::external::Link;
use super::targets::{join, percent_decode, Found, Targets};
use super::{Finding, Input};
use crate::markdown::{self, Element};
use crate::site::{Page, Site};

/// Link texts that say nothing about where a link goes, as compared
/// after [`normalize`].
const VAGUE: &[&str] = &[
    "hier",
    "hier klicken",
    "klicken sie hier",
    "klick hier",
    "mehr",
    "mehr lesen",
    "mehr erfahren",
    "mehr infos",
    "mehr dazu",
    "weiter",
    "weiterlesen",
    "link",
    "dieser link",
    "diesen link",
    "dort",
    "diese seite",
    "here",
    "click here",
    "click",
    "more",
    "read more",
    "learn more",
    "this",
    "this link",
    "this page",
];

/// The body findings of every page, and every external link with where
/// it is (for `--external`).
pub(super) fn check(input: &Input) -> (Vec<Finding>, Vec<Link>) {
    let site = input.site;
    let mut targets = Targets::new(input.files, input.copies);
    let by_output: BTreeMap<String, &Page> =
        site.pages.iter().map(|p| (output_path(p), p)).collect();
    let mut out = (Vec::new(), Vec::new());
    for page in &site.pages {
        let target = Target {
            site,
            page,
            by_output: &by_output,
        };
        check_page(&target, &mut targets, &mut out);
    }
    out
}

/// The findings and external links of one page's body.
fn check_page(target: &Target, targets: &mut Targets, out: &mut (Vec<Finding>, Vec<Link>)) {
    let item = &target.page.item;
    let (findings, external) = out;
    let mut level = 1;
    for found in markdown::scan(&item.body) {
        let at = |check, message: String| Finding::in_body(check, item, found.offset, message);
        let (what, dest) = match found.element {
            Element::Heading { level: next } => {
                if next > level + 1 {
                    findings.push(skipped_level(
                        at("heading_levels", String::new()),
                        level,
                        next,
                    ));
                }
                level = next;
                continue;
            }
            Element::Image { src, alt } => {
                if alt.trim().is_empty() {
                    findings.push(
                        at("image_alt", format!("image `{src}` has no alternative text")).hint(
                            "describe what it shows between the brackets: ![Tische im Innenhof](hof.jpg)",
                        ),
                    );
                }
                ("image", src)
            }
            Element::Link { dest, text, auto } => {
                if !auto {
                    findings.extend(
                        vague_text(&text)
                            .map(|(message, hint)| at("link_text", message).hint(hint)),
                    );
                }
                ("link", dest)
            }
        };
        if let Some(url) = external_url(&dest) {
            external.push(Link {
                url,
                at: at("external_links", String::new()),
            });
        } else if !has_scheme(&dest) {
            findings.extend(target.check(what, &dest, targets, at));
        }
    }
}

/// Where a page is in the output: `articles/x/index.html`.
fn output_path(page: &Page) -> String {
    format!("{}index.html", page.item.path.trim_start_matches('/'))
}

fn skipped_level(finding: Finding, level: u8, next: u8) -> Finding {
    let after = if level == 1 {
        "the page title (level 1)".to_string()
    } else {
        format!("a level {level} heading")
    };
    Finding {
        message: format!(
            "heading of level {next} follows {after}; level {} is skipped",
            level + 1
        ),
        ..finding
    }
    .hint(format!(
        "start it with {} or add the level in between; screen readers navigate by heading levels",
        "#".repeat(level as usize + 1)
    ))
}

/// A message and hint when a link's text says nothing.
fn vague_text(text: &str) -> Option<(String, String)> {
    let normal = normalize(text);
    if normal.is_empty() {
        return Some((
            "link has no text".into(),
            "write where it leads between the brackets; screen readers read links by their text"
                .into(),
        ));
    }
    VAGUE.contains(&normal.as_str()).then(|| {
        (
            format!("link text `{}` says nothing about where the link goes", text.trim()),
            "name the target, e.g. [die Hausordnung](…) instead of [hier](…); screen readers list links by their text".into(),
        )
    })
}

/// Lower case, letters, digits and single spaces only.
fn normalize(text: &str) -> String {
    let kept: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `dest` starts with a scheme (`mailto:`, `https:`).
fn has_scheme(dest: &str) -> bool {
    dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// The URL to fetch for a web link (`https://`, `http://`, `//host`).
fn external_url(dest: &str) -> Option<String> {
    let lower = dest.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(dest.to_string())
    } else {
        dest.starts_with("//").then(|| format!("https:{dest}"))
    }
}

/// A link of `page` to be looked up.
struct Target<'a> {
    site: &'a Site,
    page: &'a Page,
    by_output: &'a BTreeMap<String, &'a Page>,
}

impl Target<'_> {
    /// The finding for a link to a page or file of the site that is not
    /// there, or to an anchor that is not on its page.
    fn check(
        &self,
        what: &str,
        dest: &str,
        targets: &mut Targets,
        at: impl Fn(&'static str, String) -> Finding,
    ) -> Option<Finding> {
        let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
        let path = path.split('?').next().unwrap_or("");
        let logical = match self.logical(path) {
            Ok(Some(logical)) => logical,
            Ok(None) => return None,
            Err(base) => {
                return Some(
                    at("internal_links", format!("{what} `{dest}` leaves the site, which is published under `{base}`"))
                        .hint(format!("link the page by its file (../events/sommerfest.md) or by a path starting with {base}")),
                )
            }
        };
        let Found::File(file, ids) = targets.find(&logical) else {
            return Some(
                at("internal_links", format!("{what} `{dest}` points to no page or file of this site"))
                    .hint("link other content by its file, e.g. ../events/sommerfest.md, and files in static/ by their path, e.g. /downloads/x.pdf"),
            );
        };
        let fragment = percent_decode(fragment).unwrap_or_default();
        let ids = ids?;
        if fragment.is_empty() || ids.contains(&fragment) {
            return None;
        }
        let headings: Vec<String> = self
            .by_output
            .get(file)
            .map(|p| {
                p.content
                    .toc
                    .iter()
                    .flat_map(|h| std::iter::once(h).chain(&h.children))
            })
            .into_iter()
            .flatten()
            .take(6)
            .map(|h| format!("#{}", h.id))
            .collect();
        let hint = if headings.is_empty() {
            "that page has no headings to link to; check the spelling".to_string()
        } else {
            format!("headings there: {}", headings.join(", "))
        };
        Some(
            at(
                "anchors",
                format!("link `{dest}`: no heading or element there has the id `{fragment}`"),
            )
            .hint(hint),
        )
    }

    /// The site path a link goes to (`articles/x/`, decoded), `None`
    /// when it is a `.md` link the build has already refused, or the
    /// base path when it leads out of it.
    fn logical(&self, path: &str) -> Result<Option<String>, String> {
        let item = &self.page.item;
        if path.is_empty() {
            return Ok(Some(item.path.trim_start_matches('/').to_string()));
        }
        if path.ends_with(".md") && !path.starts_with("//") {
            let page = markdown::resolve(&item.source, path).and_then(|s| self.site.page(&s));
            return Ok(page.map(|p| p.item.path.trim_start_matches('/').to_string()));
        }
        let url = if path.starts_with('/') {
            path.to_string()
        } else {
            join(&self.page.url, path)
        };
        let base = self.site.config.base_path();
        match url.strip_prefix(base) {
            Some(rest) => Ok(Some(
                percent_decode(rest).unwrap_or_else(|| rest.to_string()),
            )),
            None if format!("{url}/") == base => Ok(Some(String::new())),
            None => Err(base.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vague_link_texts_are_found_in_any_case_and_punctuation() {
        assert!(vague_text("Hier!").is_some());
        assert!(vague_text(" Click  here ").is_some());
        assert!(vague_text("mehr …").is_some());
        assert!(vague_text("").is_some());
        assert!(vague_text("die Hausordnung").is_none());
        assert!(vague_text("hier ist der Plan").is_none());
    }

    #[test]
    fn schemes_are_told_from_paths() {
        assert!(has_scheme("mailto:a@b.example"));
        assert!(!has_scheme("../a.md"));
        assert!(!has_scheme("/x/"));
        assert_eq!(
            external_url("//cdn.example/x").as_deref(),
            Some("https://cdn.example/x")
        );
        assert_eq!(
            external_url("HTTPS://a.example").as_deref(),
            Some("HTTPS://a.example")
        );
        assert_eq!(external_url("tel:123"), None);
    }
}
