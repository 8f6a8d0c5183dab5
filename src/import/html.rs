//! A WordPress body to Markdown: block-editor comments removed, classic
//! editor paragraphs restored (WordPress stores them as blank lines and
//! adds `<p>` only when it shows the page), the common shortcodes turned
//! into HTML that has a Markdown form, then htmd for the conversion.
//! Shortcodes kiez cannot run stay in the text, where a reader and an
//! editor see them, and are returned for the report.

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::{Element, HtmlToMarkdown};

use crate::util::escape;

/// A converted body and what it left for a human.
#[derive(Debug, Default)]
pub struct Body {
    pub markdown: String,
    /// Shortcodes and dynamic blocks kept as text, as they stood.
    pub left: Vec<String>,
}

/// An image a `[gallery]` shows: (URL, caption).
pub type Image = (String, String);

/// Stands for `<!--more-->` through htmd, which drops comments.
const MORE: &str = "kiezmoremarker";

/// The converter; made once per import. Embeds (iframe, audio, video)
/// stay HTML: Markdown has no form for them, and kiez passes HTML through.
pub fn converter() -> HtmlToMarkdown {
    HtmlToMarkdown::builder()
        .skip_tags(vec!["script", "style"])
        .add_handler(
            vec!["iframe", "audio", "video"],
            |_: &dyn Handlers, el: Element| -> Option<HandlerResult> {
                let mut tag = format!("<{}", el.tag);
                for attr in el.attrs {
                    let name: &str = &attr.name.local;
                    if matches!(name, "controls" | "allowfullscreen") {
                        tag += &format!(" {name}");
                    } else if matches!(name, "src" | "title" | "width" | "height") {
                        tag += &format!(" {name}=\"{}\"", escape::html(&attr.value));
                    }
                }
                if el.tag != "iframe" && !tag.contains(" controls") {
                    tag += " controls";
                }
                Some(format!("\n\n{tag}></{}>\n\n", el.tag).into())
            },
        )
        .build()
}

/// Converts one body. `gallery` gives the images of a `[gallery]` from
/// its `ids` attribute (empty: the post's own attachments).
pub fn convert(md: &HtmlToMarkdown, html: &str, gallery: &dyn Fn(&[u64]) -> Vec<Image>) -> Body {
    let mut left = Vec::new();
    let html = html.replace("\r\n", "\n");
    let html = strip_blocks(&html, &mut left);
    // WordPress, too, makes paragraphs before it runs shortcodes.
    let html = autop(&html);
    let html = shortcodes(&html, gallery, &mut left);
    let markdown = md
        .convert(&html)
        .unwrap_or_else(|_| html.clone())
        .replace(MORE, "<!-- more -->");
    Body {
        markdown: tidy(&markdown),
        left,
    }
}

/// Drops the blank paragraphs (spaces, no-break spaces) that embeds
/// inside `<p>` leave behind, so at most one empty line separates blocks.
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = 0;
    for line in markdown.lines() {
        if line.trim_matches(|c: char| c.is_whitespace()).is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
            out.push('\n');
        } else {
            blank = 0;
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Removes `<!-- wp:… -->` block comments; a self-closing one
/// (`<!-- wp:latest-posts /-->`) was filled in by WordPress when showing
/// the page, so its name is kept visibly and reported.
fn strip_blocks(html: &str, left: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        // The end is searched after `<!--`, so `<!-->` is no comment.
        let Some(len) = rest[start + 4..].find("-->").map(|l| l + 4) else {
            rest = &rest[start..];
            break;
        };
        let comment = &rest[start..start + len + 3];
        let inner = comment[4..comment.len() - 3].trim();
        if inner == "more" || inner.starts_with("more ") {
            out.push_str(&format!("\n\n{MORE}\n\n"));
        } else if inner.starts_with("wp:") && inner.ends_with('/') {
            let name = inner[3..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches('/');
            left.push(comment.to_string());
            out.push_str(&format!("\n\n[wp:{}]\n\n", escape::html(name)));
        } else if !(inner.starts_with("wp:") || inner.starts_with("/wp:")) {
            out.push_str(comment);
        }
        rest = &rest[start + len + 3..];
    }
    out.push_str(rest);
    out
}

/// A shortcode found in the text.
struct Shortcode<'a> {
    name: &'a str,
    attrs: Vec<(String, String)>,
    /// What stands between `[name]` and `[/name]`.
    inner: Option<&'a str>,
    /// Its whole text.
    whole: &'a str,
}

/// Converts the shortcodes kiez has a form for; keeps and lists the rest.
fn shortcodes(
    html: &str,
    gallery: &dyn Fn(&[u64]) -> Vec<Image>,
    left: &mut Vec<String>,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(off) = html[at..].find('[') {
        let start = at + off;
        out.push_str(&html[at..start]);
        match parse_shortcode(&html[start..]) {
            Some(code) => {
                at = start + code.whole.len();
                match convert_shortcode(&code, gallery) {
                    Some(html) => out.push_str(&html),
                    None => {
                        left.push(code.whole.to_string());
                        out.push_str(code.whole);
                    }
                }
            }
            None => {
                out.push('[');
                at = start + 1;
            }
        }
    }
    out.push_str(&html[at..]);
    out
}

/// `[name attrs]`, with `[/name]` when one follows. Plain brackets in
/// text (`[sic]`, `[siehe unten]`) are no shortcode: one needs attributes
/// with `=`, a URL, or a closing tag.
fn parse_shortcode(text: &str) -> Option<Shortcode<'_>> {
    if text.starts_with("[[") {
        return None;
    }
    let end = text.find(']')?;
    let open = &text[1..end];
    if open.contains('[') || open.contains('\n') {
        return None;
    }
    let name_len = open
        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'))
        .unwrap_or(open.len());
    let name = &open[..name_len];
    if name.is_empty() || !open[name_len..].is_empty() && !open[name_len..].starts_with([' ', '/'])
    {
        return None;
    }
    let attr_text = open[name_len..].trim().trim_end_matches('/');
    let close = format!("[/{name}]");
    let inner_end = (!open.ends_with('/'))
        .then(|| text[end + 1..].find(&close))
        .flatten();
    let (inner, whole_len) = match inner_end {
        Some(i) => (Some(&text[end + 1..end + 1 + i]), end + 1 + i + close.len()),
        None => (None, end + 1),
    };
    if inner.is_none() && !attr_text.contains('=') && !attr_text.contains("://") {
        return None;
    }
    Some(Shortcode {
        name,
        attrs: attrs(attr_text),
        inner,
        whole: &text[..whole_len],
    })
}

/// `a="x" b='y' c=z bare` → pairs; a bare value has the key "".
pub fn attrs(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (key, value_start) = match rest.find('=') {
            Some(eq) if !rest[..eq].contains(' ') => (rest[..eq].to_string(), &rest[eq + 1..]),
            _ => (String::new(), rest),
        };
        let (value, next) = match value_start.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &value_start[1..];
                let close = body.find(q).unwrap_or(body.len());
                (&body[..close], body.get(close + 1..).unwrap_or(""))
            }
            _ => {
                let stop = value_start.find(' ').unwrap_or(value_start.len());
                (&value_start[..stop], &value_start[stop..])
            }
        };
        out.push((key, value.to_string()));
        rest = next.trim_start();
    }
    out
}

/// HTML for a shortcode kiez has a form for; `None` for the others.
fn convert_shortcode(code: &Shortcode, gallery: &dyn Fn(&[u64]) -> Vec<Image>) -> Option<String> {
    let attr = |keys: &[&str]| {
        code.attrs
            .iter()
            .find(|(k, _)| keys.contains(&k.as_str()))
            .map(|(_, v)| v.clone())
    };
    let inner = code.inner.unwrap_or("").trim();
    match code.name {
        "caption" => {
            let image_end = inner.rfind('>').map_or(0, |i| i + 1);
            let caption =
                attr(&["caption"]).unwrap_or_else(|| inner[image_end..].trim().to_string());
            Some(format!(
                "\n\n<p>{}</p>\n\n<p><em>{}</em></p>\n\n",
                &inner[..image_end],
                caption
            ))
        }
        "gallery" => {
            let ids: Vec<u64> = attr(&["ids", "include"])
                .unwrap_or_default()
                .split(',')
                .filter_map(|id| id.trim().parse().ok())
                .collect();
            let images = gallery(&ids).into_iter().map(|(url, caption)| {
                format!(
                    "<p><img src=\"{}\" alt=\"{}\"></p>\n\n",
                    escape::html(&url),
                    escape::html(&caption)
                )
            });
            Some(format!("\n\n{}", images.collect::<String>()))
        }
        "embed" => {
            let url = escape::html(inner);
            Some(format!("\n\n<p><a href=\"{url}\">{url}</a></p>\n\n"))
        }
        "audio" | "video" => {
            let keys: &[&str] = if code.name == "audio" {
                &["src", "mp3", "m4a", "ogg", "wav", ""]
            } else {
                &["src", "mp4", "m4v", "webm", "ogv", ""]
            };
            let src = attr(keys)?;
            Some(format!(
                "\n\n<{0} controls src=\"{1}\"></{0}>\n\n",
                code.name,
                escape::html(&src)
            ))
        }
        _ => None,
    }
}

/// Classic-editor bodies have no `<p>`: WordPress makes paragraphs from
/// blank lines when it shows them, and so does this, for bodies without
/// any `<p>` (block-editor bodies have them already). A URL alone on a
/// line was an automatic embed; it becomes a link.
fn autop(html: &str) -> String {
    if html.contains("<p>") || html.contains("<p ") {
        return html.to_string();
    }
    const BLOCKS: &[&str] = &[
        "<p",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<ul",
        "<ol",
        "<table",
        "<blockquote",
        "<figure",
        "<div",
        "<pre",
        "<iframe",
        "<audio",
        "<video",
        "<hr",
        "<dl",
        "<form",
    ];
    let mut out = String::with_capacity(html.len() + 64);
    for block in html.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        let lower = block.to_ascii_lowercase();
        if BLOCKS.iter().any(|tag| lower.starts_with(tag)) {
            out += block;
        } else if block.starts_with("http") && !block.contains(char::is_whitespace) {
            let url = escape::html(block);
            out += &format!("<p><a href=\"{url}\">{url}</a></p>");
        } else {
            out += &format!("<p>{}</p>", block.replace('\n', "<br>"));
        }
        out += "\n\n";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> Body {
        convert(&converter(), html, &|_| {
            vec![("https://x.example/a.jpg".into(), "Ein Bild".into())]
        })
    }

    #[test]
    fn block_comments_go_and_dynamic_blocks_are_left() {
        let body = md("<!-- wp:paragraph -->\n<p>Hallo</p>\n<!-- /wp:paragraph -->\n<!-- wp:latest-posts {\"n\":3} /-->");
        assert!(!body.markdown.contains("wp:paragraph"), "{}", body.markdown);
        assert_eq!(body.left, ["<!-- wp:latest-posts {\"n\":3} /-->"]);
    }

    #[test]
    fn broken_comments_do_not_panic() {
        for html in [
            "<!-->",
            "<!--",
            "<!---->",
            "a <!-- wp:x /--> <!--more",
            "[",
            "[a=",
            "[/x]",
        ] {
            md(html);
        }
    }

    #[test]
    fn known_shortcodes_are_converted_others_kept() {
        let body = md("Text [embed]https://v.example/1[/embed]\n\n[gallery ids=\"4\"]\n\n[contact-form-7 id=\"5\"] [sic]");
        assert!(
            body.markdown
                .contains("[https://v.example/1](https://v.example/1)"),
            "{}",
            body.markdown
        );
        assert!(
            body.markdown
                .contains("![Ein Bild](https://x.example/a.jpg)"),
            "{}",
            body.markdown
        );
        assert!(
            body.markdown.contains("contact-form-7"),
            "{}",
            body.markdown
        );
        assert_eq!(body.left, ["[contact-form-7 id=\"5\"]"]);
    }

    #[test]
    fn caption_becomes_image_and_caption() {
        let body = md("[caption id=\"a\" width=\"300\"]<img src=\"https://x.example/b.jpg\" alt=\"B\"> Der Hof[/caption]");
        assert!(
            body.markdown.contains("![B](https://x.example/b.jpg)"),
            "{}",
            body.markdown
        );
        assert!(body.markdown.contains("*Der Hof*"), "{}", body.markdown);
    }

    #[test]
    fn classic_paragraphs_and_more_survive() {
        let body = md("Eins\nzwei\n\nDrei<!--more-->\n\nVier");
        assert!(
            body.markdown.contains("Eins  \nzwei\n\nDrei"),
            "{}",
            body.markdown
        );
        assert!(body.markdown.contains("<!-- more -->"), "{}", body.markdown);
    }

    #[test]
    fn attributes_of_every_quoting() {
        let got = attrs("a=\"x y\" b='z' c=1 https://u.example");
        assert_eq!(got[0], ("a".into(), "x y".into()));
        assert_eq!(got[1], ("b".into(), "z".into()));
        assert_eq!(got[2], ("c".into(), "1".into()));
        assert_eq!(got[3], ("".into(), "https://u.example".into()));
    }
}
