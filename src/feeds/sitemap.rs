//! `sitemap.xml` (a sitemap index past 50,000 URLs, as the protocol
//! requires) and `robots.txt`.

use chrono::{DateTime, FixedOffset};

use crate::content::Kind;
use crate::site::{Site, TaxonomyKind, Translations};
use crate::util::artifact::OutputFile;

const MAX_URLS: usize = 50_000;

/// Every public page with its last modification, in a stable order.
fn entries(site: &Site) -> Vec<(String, Option<DateTime<FixedOffset>>)> {
    let config = &site.config;
    let lastmod = |indices: &mut dyn Iterator<Item = &usize>| {
        indices
            .filter_map(|&i| super::modified_date(&site.pages[i]))
            .max()
    };
    let mut out = vec![(config.absolute_url("/"), lastmod(&mut site.articles.iter()))];
    let per_page = config.sections.articles.per_page;
    for (n, chunk) in site.articles.chunks(per_page).enumerate() {
        let path = if n == 0 {
            "/articles/".to_string()
        } else {
            format!("/articles/page/{}/", n + 1)
        };
        out.push((config.absolute_url(&path), lastmod(&mut chunk.iter())));
    }
    if site.articles.is_empty() {
        out.push((config.absolute_url("/articles/"), None));
    }
    out.push((
        config.absolute_url("/events/"),
        lastmod(&mut site.upcoming.iter().chain(&site.past)),
    ));
    if let Some(latest) = site.latest_edition() {
        let page = &site.pages[latest.page];
        out.push((
            config.absolute_url("/editions/"),
            super::modified_date(page),
        ));
    }
    if !site.faq.is_empty() {
        out.push((
            config.absolute_url("/faq/"),
            lastmod(&mut site.faq.iter().flat_map(|s| &s.questions)),
        ));
        for section in &site.faq {
            out.push((
                config.absolute_url(&section.path),
                lastmod(&mut section.questions.iter()),
            ));
        }
    }
    for page in &site.pages {
        if page.item.kind != Kind::Home && !page.item.fallback {
            out.push((page.permalink.clone(), super::modified_date(page)));
        }
    }
    for kind in TaxonomyKind::ALL {
        let terms = &site.taxonomy(kind).terms;
        if terms.is_empty() {
            continue;
        }
        out.push((config.absolute_url(&format!("/{}/", kind.key())), None));
        for term in terms {
            out.push((
                config.absolute_url(&term.path),
                lastmod(&mut term.pages.iter()),
            ));
        }
    }
    out
}

/// A sitemap entry: the page, when it last changed, and its versions in
/// every language (`hreflang`, URL) on a multilingual site.
struct Entry {
    loc: String,
    lastmod: Option<DateTime<FixedOffset>>,
    alternates: Vec<(&'static str, String)>,
}

fn urlset(entries: &[Entry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if entries.iter().any(|e| !e.alternates.is_empty()) {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for Entry {
        loc,
        lastmod,
        alternates,
    } in entries
    {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&crate::util::escape::xml(loc));
        xml.push_str("</loc>\n");
        if let Some(d) = lastmod {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", d.to_rfc3339()));
        }
        // The sitemap schema allows other namespaces' elements last.
        for (lang, href) in alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>\n",
                crate::util::escape::xml(href)
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `sitemap.xml`, or past 50,000 URLs a sitemap index plus `sitemap-N.xml`.
pub fn sitemaps(site: &Site) -> Vec<OutputFile> {
    let entries: Vec<Entry> = entries(site)
        .into_iter()
        .map(|(loc, lastmod)| Entry {
            loc,
            lastmod,
            alternates: Vec::new(),
        })
        .collect();
    write(site, entries)
}

/// The one sitemap of a multilingual site: every language's pages, each
/// with its translations as `xhtml:link` alternates (and `x-default`, the
/// default language's), the same set on every member of a group.
pub fn sitemaps_languages(sites: &[std::sync::Arc<Site>], t: &Translations) -> Vec<OutputFile> {
    let mut all = Vec::new();
    for site in sites {
        let lang = site.config.language;
        for (loc, lastmod) in entries(site) {
            let path = loc.strip_prefix(&site.config.base_url).unwrap_or("");
            let found = t.alternates(lang, &format!("/{path}"));
            let mut alternates: Vec<(&'static str, String)> = found
                .iter()
                .map(|a| (a.lang.code(), a.absolute.clone()))
                .collect();
            if let Some(first) = found.first().filter(|a| a.lang == sites[0].config.language) {
                alternates.push(("x-default", first.absolute.clone()));
            }
            all.push(Entry {
                loc,
                lastmod,
                alternates,
            });
        }
    }
    write(&sites[0], all)
}

fn write(site: &Site, entries: Vec<Entry>) -> Vec<OutputFile> {
    if entries.len() <= MAX_URLS {
        return vec![OutputFile {
            path: "sitemap.xml".into(),
            bytes: urlset(&entries).into_bytes().into(),
        }];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in entries.chunks(MAX_URLS).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n",
            crate::util::escape::xml(&format!("{}{name}", site.config.root_url()))
        ));
        files.push(OutputFile {
            path: name,
            bytes: urlset(chunk).into_bytes().into(),
        });
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: index.into_bytes().into(),
    });
    files
}

/// `robots.txt`: points to the sitemap; disallows everything when the
/// config says `indexing: false` (staging builds).
pub fn robots(site: &Site) -> String {
    let sitemap = format!("{}sitemap.xml", site.config.root_url());
    if site.config.indexing {
        format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
    } else {
        "User-agent: *\nDisallow: /\n".to_string()
    }
}
