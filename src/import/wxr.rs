//! Reads a WordPress export (WXR, "WordPress eXtended RSS", versions 1.0
//! to 1.2) into plain structs, with a real XML parser: exports carry
//! HTML in CDATA, entities and several namespaces, which only a parser
//! reads reliably. Elements are matched by namespace *and* name, since
//! the `wp:` namespace URI changes with the WXR version.

use std::collections::BTreeMap;
use std::path::Path;

use roxmltree::{Document, Node};

use crate::error::{Result, SourceError};

/// The site as the export describes it.
#[derive(Debug, Default)]
pub struct Channel {
    pub title: String,
    /// The site's address, e.g. `https://example.org/`.
    pub link: String,
    pub description: String,
    /// e.g. `de-DE`.
    pub language: String,
    pub wxr_version: String,
    /// Author login → display name.
    pub authors: BTreeMap<String, String>,
    /// Category nicename → (name, parent nicename).
    pub categories: BTreeMap<String, (String, String)>,
    pub items: Vec<Item>,
}

/// One `<item>`: a post, page, attachment, event or anything else.
#[derive(Debug, Default)]
pub struct Item {
    pub id: u64,
    pub title: String,
    pub link: String,
    /// The author's login.
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    /// Local time, `2015-01-05 10:00:00` (`0000-00-00 00:00:00` for some drafts).
    pub date: String,
    /// The same in UTC, to learn the offset of `date`.
    pub date_gmt: String,
    /// The slug (`post_name`); often empty for drafts.
    pub name: String,
    pub status: String,
    pub parent: u64,
    pub post_type: String,
    pub attachment_url: String,
    pub meta: BTreeMap<String, String>,
    /// (domain, nicename, name): `category` or `post_tag`.
    pub terms: Vec<(String, String, String)>,
    pub comments: usize,
    /// Line of the `<item>` in the export, for messages.
    pub line: usize,
}

/// Which namespace an element is in.
#[derive(PartialEq, Clone, Copy)]
enum Ns {
    None,
    Wp,
    Content,
    Excerpt,
    Dc,
    Other,
}

fn ns(node: Node) -> Ns {
    match node.tag_name().namespace() {
        None => Ns::None,
        Some(uri)
            if uri.starts_with("http://wordpress.org/export/") && uri.ends_with("/excerpt/") =>
        {
            Ns::Excerpt
        }
        Some(uri) if uri.starts_with("http://wordpress.org/export/") => Ns::Wp,
        Some("http://purl.org/rss/1.0/modules/content/") => Ns::Content,
        Some("http://purl.org/dc/elements/1.1/") => Ns::Dc,
        Some(_) => Ns::Other,
    }
}

/// The text of `node`'s first child element `(space, name)`, or "".
fn text(node: Node, space: Ns, name: &str) -> String {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name && ns(*c) == space)
        .map(|c| c.text().map(str::to_string).unwrap_or_else(|| all_text(c)))
        .unwrap_or_default()
}

/// Text split over several nodes (CDATA next to text) joined.
fn all_text(node: Node) -> String {
    node.children().filter_map(|c| c.text()).collect()
}

/// Parses an export; errors name the file and line.
pub fn parse(xml: &str, path: &Path) -> Result<Channel> {
    let doc = Document::parse_with_options(
        xml,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .map_err(|e| {
        SourceError::new(path, format!("not readable as XML: {e}"))
            .line(e.pos().row as usize)
            .column(e.pos().col as usize)
            .hint("export the site again with Tools → Export in WordPress")
    })?;
    let channel = doc
        .root_element()
        .children()
        .find(|c| c.has_tag_name("channel"))
        .filter(|_| doc.root_element().has_tag_name("rss"))
        .ok_or_else(|| {
            SourceError::new(path, "not a WordPress export: no <rss><channel>")
                .hint("export the site with Tools → Export in WordPress")
        })?;
    let mut out = Channel {
        title: text(channel, Ns::None, "title"),
        link: text(channel, Ns::None, "link"),
        description: text(channel, Ns::None, "description"),
        language: text(channel, Ns::None, "language"),
        wxr_version: text(channel, Ns::Wp, "wxr_version"),
        ..Channel::default()
    };
    if out.wxr_version.is_empty() {
        return Err(SourceError::new(
            path,
            "an RSS feed, not a WordPress export: no <wp:wxr_version>",
        )
        .hint("export the site with Tools → Export in WordPress")
        .into());
    }
    for child in channel.children().filter(|c| c.is_element()) {
        match (ns(child), child.tag_name().name()) {
            (Ns::Wp, "author") => {
                let login = text(child, Ns::Wp, "author_login");
                let name = text(child, Ns::Wp, "author_display_name");
                out.authors.insert(login, name);
            }
            (Ns::Wp, "category") => {
                let nicename = text(child, Ns::Wp, "category_nicename");
                let name = text(child, Ns::Wp, "cat_name");
                let parent = text(child, Ns::Wp, "category_parent");
                out.categories.insert(nicename, (name, parent));
            }
            (Ns::None, "item") => out.items.push(item(&doc, child)),
            _ => {}
        }
    }
    Ok(out)
}

fn item(doc: &Document, node: Node) -> Item {
    let number = |name: &str| text(node, Ns::Wp, name).trim().parse().unwrap_or(0);
    let mut item = Item {
        id: number("post_id"),
        title: text(node, Ns::None, "title"),
        link: text(node, Ns::None, "link"),
        creator: text(node, Ns::Dc, "creator"),
        content: text(node, Ns::Content, "encoded"),
        excerpt: text(node, Ns::Excerpt, "encoded"),
        date: text(node, Ns::Wp, "post_date"),
        date_gmt: text(node, Ns::Wp, "post_date_gmt"),
        name: text(node, Ns::Wp, "post_name"),
        status: text(node, Ns::Wp, "status"),
        parent: number("post_parent"),
        post_type: text(node, Ns::Wp, "post_type"),
        attachment_url: text(node, Ns::Wp, "attachment_url"),
        line: doc.text_pos_at(node.range().start).row as usize,
        ..Item::default()
    };
    for child in node.children().filter(|c| c.is_element()) {
        match (ns(child), child.tag_name().name()) {
            (Ns::Wp, "postmeta") => {
                let key = text(child, Ns::Wp, "meta_key");
                item.meta.insert(key, text(child, Ns::Wp, "meta_value"));
            }
            (Ns::Wp, "comment") => item.comments += 1,
            (Ns::None, "category") => item.terms.push((
                child.attribute("domain").unwrap_or_default().to_string(),
                child.attribute("nicename").unwrap_or_default().to_string(),
                all_text(child),
            )),
            _ => {}
        }
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_rss_feed_is_not_an_export() {
        let err = parse(
            "<rss><channel><title>A</title></channel></rss>",
            Path::new("x.xml"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("not a WordPress export"), "{err}");
    }

    #[test]
    fn broken_xml_names_the_line() {
        let err = parse("<rss>\n<channel>\n<item></channel>", Path::new("x.xml")).unwrap_err();
        assert!(err.to_string().starts_with("x.xml:3"), "{err}");
    }
}
