//! Inline images: which bundle files a body shows (read before it is
//! rendered, so they can be resized first), and the responsive
//! attributes of their resized variants, set on the image's events while
//! the body becomes HTML.

use pulldown_cmark::{CowStr, Event, Parser, Tag};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::{is_relative, split_suffix, PARSE_OPTIONS};

/// The `<img>` attributes of an image that was resized.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageAttrs {
    /// The variant browsers without `srcset` load.
    pub src: String,
    /// Every variant with its width.
    pub srcset: String,
    /// Intrinsic size, so the layout does not jump while it loads.
    pub width: u32,
    pub height: u32,
}

/// The attributes of the image a page shows at a URL, if it was resized.
pub type ImageLookup<'a> = &'a (dyn Fn(&str) -> Option<ImageAttrs> + Sync);

/// The relative image sources of `markdown` (files beside it), as
/// [`super::Rendered::local_images`] will list them.
pub fn local_images(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, PARSE_OPTIONS)
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                let (path, _) = split_suffix(&dest_url);
                is_relative(path).then(|| path.to_string())
            }
            _ => None,
        })
        .collect()
}

/// Replaces the events of each resized image with one `<img>` that has
/// `srcset`, `sizes`, `width`, `height`, lazy loading and async decoding;
/// its `alt` is written as pulldown-cmark writes it.
pub(super) fn set_attrs<'a>(
    events: Vec<Event<'a>>,
    lookup: ImageLookup,
    sizes: &str,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut rest = events.into_iter();
    while let Some(event) = rest.next() {
        let Event::Start(Tag::Image {
            ref dest_url,
            ref title,
            ..
        }) = event
        else {
            out.push(event);
            continue;
        };
        let Some(attrs) = lookup(dest_url) else {
            out.push(event);
            continue;
        };
        let inner = take_inner(&mut rest);
        match img_tag(&attrs, sizes, &inner, title) {
            Some(html) => out.push(Event::InlineHtml(CowStr::from(html))),
            // Leave what cannot be written the same way as it was.
            None => {
                out.push(event);
                out.extend(inner);
                out.push(Event::End(pulldown_cmark::TagEnd::Image));
            }
        }
    }
    out
}

/// The events inside an image, up to its end (consumed, not returned).
fn take_inner<'a>(rest: &mut impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut inner = Vec::new();
    let mut nest = 0usize;
    for event in rest.by_ref() {
        match event {
            Event::End(_) if nest == 0 => break,
            Event::Start(_) => nest += 1,
            Event::End(_) => nest -= 1,
            _ => {}
        }
        inner.push(event);
    }
    inner
}

/// The whole `<img>` element; `None` for an alt text with a footnote
/// reference, whose number only pulldown-cmark's writer knows.
fn img_tag(attrs: &ImageAttrs, sizes: &str, inner: &[Event], title: &str) -> Option<String> {
    let mut html = String::from("<img src=\"");
    let _ = escape_href(&mut html, &attrs.src);
    html.push_str("\" srcset=\"");
    let _ = escape_html(&mut html, &attrs.srcset);
    html.push_str("\" sizes=\"");
    let _ = escape_html(&mut html, sizes);
    html.push_str(&format!(
        "\" width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\" alt=\"",
        attrs.width, attrs.height
    ));
    for event in inner {
        match event {
            Event::InlineHtml(text) | Event::Code(text) | Event::Text(text) => {
                let _ = escape_html(&mut html, text);
            }
            Event::InlineMath(text) => {
                html.push('$');
                let _ = escape_html(&mut html, text);
                html.push('$');
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => html.push(' '),
            Event::TaskListMarker(true) => html.push_str("[x]"),
            Event::TaskListMarker(false) => html.push_str("[ ]"),
            Event::FootnoteReference(_) => return None,
            _ => {}
        }
    }
    if !title.is_empty() {
        html.push_str("\" title=\"");
        let _ = escape_html(&mut html, title);
    }
    html.push_str("\" />");
    Some(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(markdown: &str) -> String {
        let events: Vec<Event> = Parser::new_ext(markdown, PARSE_OPTIONS).collect();
        let lookup = |url: &str| {
            (url == "x.jpg").then(|| ImageAttrs {
                src: "/_img/h-960.jpg".into(),
                srcset: "/_img/h-480.jpg 480w, /_img/h-960.jpg 960w".into(),
                width: 960,
                height: 540,
            })
        };
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, set_attrs(events, &lookup, "100vw").into_iter());
        html
    }

    #[test]
    fn resized_images_get_responsive_attributes() {
        assert_eq!(
            render("![Der *neue* \"Hof\"](x.jpg \"Titel\") ![](y.svg)"),
            "<p><img src=\"/_img/h-960.jpg\" srcset=\"/_img/h-480.jpg 480w, /_img/h-960.jpg 960w\" \
             sizes=\"100vw\" width=\"960\" height=\"540\" loading=\"lazy\" decoding=\"async\" \
             alt=\"Der neue &quot;Hof&quot;\" title=\"Titel\" /> <img src=\"y.svg\" alt=\"\" /></p>\n"
        );
    }

    #[test]
    fn alt_text_is_written_as_pulldown_cmark_writes_it() {
        let plain = |md: &str| {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(md, PARSE_OPTIONS));
            html
        };
        let md = "![a `b` <i>c</i> &amp; d\ne](x.jpg)";
        let ours = render(md);
        let alt = |html: &str| {
            html.split("alt=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(alt(&ours), alt(&plain(md)));
    }

    #[test]
    fn local_images_are_the_relative_ones() {
        assert_eq!(
            local_images(
                "![a](foto.jpg?v=2) ![b](/static.png) ![c](https://x.org/y.png) [d](doc.pdf)"
            ),
            vec!["foto.jpg"]
        );
    }
}
