//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough and
//! task lists; heading ids and anchors; a table of contents; a summary;
//! reading time; links between content files rewritten to URLs; code
//! highlighted with CSS classes; labelled task-list checkboxes and
//! keyboard-scrollable tables. A leaf module: strings in, [`Rendered`] out.

mod a11y;
mod code_cache;
mod headings;
mod highlight;
mod images;
mod scan;

use std::collections::BTreeMap;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::util::escape::html as escape_html;
use crate::util::packed::Packed;

pub use code_cache::CodeCache;
pub use highlight::stylesheet as highlight_css;
pub use images::{local_images, ImageAttrs, ImageLookup};
pub use scan::{scan, Element, Located};

/// The CommonMark extensions kiez enables.
const PARSE_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// Words per minute used for the reading time.
const WORDS_PER_MINUTE: usize = 200;

/// What the renderer needs besides the Markdown.
pub struct MarkdownOptions<'a> {
    /// Content source path (`articles/x.md`) → page URL, for `.md` links.
    pub links: &'a BTreeMap<String, String>,
    /// The source path of the file being rendered.
    pub source: &'a str,
    /// For bundles: the page's URL, so `foto.jpg` becomes `/articles/x/foto.jpg`
    /// and still works where the HTML is shown elsewhere (lists, feeds).
    pub asset_base: Option<&'a str>,
    /// Turns a heading's text into an id (the site's slug rules).
    pub slugify: &'a dyn Fn(&str) -> String,
    /// The resized variants of an inline image, by the URL it has after
    /// links are rewritten.
    pub images: ImageLookup<'a>,
    /// The `sizes` attribute of inline images: how wide the theme shows
    /// them.
    pub sizes: &'a str,
    /// The HTML that stands for an `<!-- analytics -->` line: the privacy
    /// page's paragraph on what the reach counter measures.
    pub analytics_notice: &'a str,
    /// Code highlighted by earlier builds, if the caller keeps it.
    pub code: Option<&'a CodeCache>,
}

/// The marker a privacy page writes where the analytics paragraph goes.
pub const ANALYTICS_MARKER: &str = "<!-- analytics -->";

/// One entry of the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Heading {
    /// 2 or 3.
    pub level: u8,
    /// The `id` of the heading element.
    pub id: String,
    /// Plain text of the heading.
    pub title: String,
    /// Level-3 headings below a level-2 one.
    pub children: Vec<Heading>,
}

/// The result of rendering one body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    /// The full HTML, compressed: the site model holds every body until
    /// the build ends.
    pub html: Packed,
    /// HTML before `<!-- more -->`, else the first paragraph.
    pub summary_html: String,
    /// Whether the editor set the summary with `<!-- more -->`.
    pub explicit_summary: bool,
    /// Level 2 and 3 headings.
    pub toc: Vec<Heading>,
    /// Words in the text.
    pub word_count: usize,
    /// Minutes to read, at least 1.
    pub reading_time: usize,
    /// `.md` link targets that are not content files of this build.
    pub broken_links: Vec<String>,
    /// Link and image targets with a scheme links may not use
    /// (`javascript:`), each with the reason.
    pub unsafe_links: Vec<(String, String)>,
    /// Relative image sources, for the caller to check they exist.
    pub local_images: Vec<String>,
    /// Explicit `{#id}`s given to more than one heading, each with the
    /// 1-based body line of its second use, for the caller to report.
    pub duplicate_ids: Vec<(String, usize)>,
}

/// Renders `markdown`.
pub fn render(markdown: &str, opts: &MarkdownOptions) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(markdown, PARSE_OPTIONS).collect();
    let mut out = Rendered::default();

    let (headings, duplicates) = headings::assign_ids(&mut events, opts.slugify);
    out.duplicate_ids = duplicates
        .into_iter()
        .map(|id| {
            let line = headings::second_line(markdown, &id);
            (id, line)
        })
        .collect();
    out.toc = headings::build_toc(&headings);
    rewrite_links(&mut events, opts, &mut out);
    for event in &mut events {
        if matches!(event, Event::Html(h) if h.trim() == ANALYTICS_MARKER) {
            *event = Event::Html(format!("{}\n", opts.analytics_notice).into());
        }
    }
    let events = a11y::wrap_tables(a11y::label_tasks(highlight_code(events, opts.code)));
    out.word_count = count_words(&events);
    out.reading_time = out.word_count.div_ceil(WORDS_PER_MINUTE).max(1);

    let more = events.iter().position(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => h.trim() == "<!-- more -->",
        _ => false,
    });
    let summary: Vec<Event> = match more {
        Some(idx) => {
            out.explicit_summary = true;
            events[..idx].to_vec()
        }
        None => first_paragraph(&events),
    };
    pulldown_cmark::html::push_html(&mut out.summary_html, summary.into_iter());
    let events = images::set_attrs(events, opts.images, opts.sizes);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.html = Packed::new(&html);
    // The site model keeps every summary until the build ends, and a
    // string grown by doubling leaves up to half of its allocation unused.
    out.summary_html.shrink_to_fit();
    out
}

/// Splits a URL into the part before `#`/`?` and the rest.
fn split_suffix(url: &str) -> (&str, &str) {
    match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    }
}

fn is_relative(url: &str) -> bool {
    !(url.is_empty()
        || url.starts_with('#')
        || url.starts_with('/')
        || url.starts_with("//")
        || url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
        || url.starts_with("data:"))
}

/// Resolves `target` against the folder of `source`; `None` if it climbs
/// out of `content/`.
pub fn resolve(source: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if let Some(abs) = target.strip_prefix('/') {
        return resolve("", abs);
    } else {
        source.split('/').collect()
    };
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn rewrite_links(events: &mut [Event], opts: &MarkdownOptions, out: &mut Rendered) {
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if unsafe_link(dest_url, out) =>
            {
                *dest_url = CowStr::from("#");
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let (path, suffix) = split_suffix(dest_url);
                let is_content = path.ends_with(".md")
                    && (is_relative(path) || path.starts_with('/') && !path.starts_with("//"));
                if is_content {
                    let url = resolve(opts.source, path).and_then(|p| opts.links.get(&p));
                    match url {
                        Some(url) => *dest_url = CowStr::from(format!("{url}{suffix}")),
                        None => out.broken_links.push(path.to_string()),
                    }
                } else if let (true, Some(base)) = (is_relative(path), opts.asset_base) {
                    *dest_url = CowStr::from(format!("{base}{path}{suffix}"));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let (path, suffix) = split_suffix(dest_url);
                if is_relative(path) {
                    out.local_images.push(path.to_string());
                    if let Some(base) = opts.asset_base {
                        *dest_url = CowStr::from(format!("{base}{path}{suffix}"));
                    }
                }
            }
            _ => {}
        }
    }
}

fn highlight_code<'e>(events: Vec<Event<'e>>, cache: Option<&CodeCache>) -> Vec<Event<'e>> {
    let mut out = Vec::with_capacity(events.len());
    let mut code: Option<(String, String)> = None;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, text) = code.take().unwrap_or_default();
                let highlight = || highlight::highlight(&text, &lang);
                let body = match cache {
                    _ if lang.is_empty() => None,
                    Some(cache) => cache.get_or(&text, &lang, highlight),
                    None => highlight(),
                }
                .unwrap_or_else(|| escape_html(&text));
                let lang_attr = if lang.is_empty() {
                    String::new()
                } else {
                    format!(" data-lang=\"{}\"", escape_html(&lang))
                };
                // A long line scrolls the block sideways; keyboards must be
                // able to reach it to scroll it (axe: scrollable-region-focusable).
                out.push(Event::Html(CowStr::from(format!(
                    "<pre class=\"code\" tabindex=\"0\"{lang_attr}><code>{body}</code></pre>\n"
                ))));
            }
            other => out.push(other),
        }
    }
    out
}

fn count_words(events: &[Event]) -> usize {
    events
        .iter()
        .map(|e| match e {
            Event::Text(t) | Event::Code(t) => t.split_whitespace().count(),
            _ => 0,
        })
        .sum()
}

fn first_paragraph<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    let Some(start) = events
        .iter()
        .position(|e| matches!(e, Event::Start(Tag::Paragraph)))
    else {
        return Vec::new();
    };
    let end = events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        .map(|p| p + start)
        .unwrap_or(events.len() - 1);
    events[start..=end]
        .iter()
        .filter(|e| !matches!(e, Event::FootnoteReference(_)))
        .cloned()
        .collect()
}

/// Plain text of rendered HTML (for calendars and the search index):
/// paragraphs and list items on their own lines, tags removed, entities
/// decoded, heading anchors dropped.
pub fn html_to_text(html: &str) -> String {
    // By slices, not characters: highlighted code is mostly tags, and this
    // runs over every page's body for the search index.
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        text_break(&mut text, &rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let text = decode_entities(&text);
    // The heading anchors ("#") are navigation, not text; at most one
    // empty line between paragraphs.
    let mut out = String::with_capacity(text.len());
    let mut empty = 0;
    for line in text.lines() {
        let line = line.trim_end_matches(" #").trim_end();
        if line.is_empty() {
            empty += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if empty > 0 { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        empty = 0;
    }
    match out.trim_start() {
        trimmed if trimmed.len() < out.len() => trimmed.to_string(),
        _ => out,
    }
}

/// The line break, list bullet or space that the tag between `<` and `>`
/// stands for in plain text.
fn text_break(text: &mut String, tag: &str) {
    let closing = tag.starts_with('/');
    let name = tag
        .trim_start_matches('/')
        .split([' ', '/'])
        .next()
        .unwrap_or("");
    let is = |names: &[&str]| names.iter().any(|n| name.eq_ignore_ascii_case(n));
    if closing
        && is(&[
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "ul",
            "ol",
            "table",
            "blockquote",
        ])
    {
        text.push_str("\n\n");
    } else if !closing && is(&["li"]) {
        text.push_str("- ");
    } else if is(&["li", "br", "tr"]) {
        text.push('\n');
    } else if closing && is(&["td", "th"]) {
        text.push(' ');
    }
}

/// Undoes the five escapes pulldown-cmark and the templates write, in one
/// pass (so `&amp;lt;` stays `&lt;`).
fn decode_entities(text: &str) -> String {
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((entity, c)) => {
                out.push(*c);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Strips tags and collapses whitespace; cuts at a word boundary near `max`
/// characters, adding an ellipsis.
pub fn plain_text(html: &str, max: usize) -> String {
    let text = decode_entities(&crate::util::escape::tags_to_spaces(html));
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in words {
        if out.chars().count() + word.chars().count() + 1 > max {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `url` uses a scheme links may not use; records it with the
/// reason in `out`.
fn unsafe_link(url: &str, out: &mut Rendered) -> bool {
    match crate::util::url::check_link(url) {
        Ok(()) => false,
        Err(reason) => {
            out.unsafe_links.push((url.to_string(), reason));
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> String {
        crate::content::slug::slugify(s, crate::config::Language::De)
    }

    fn md(src: &str) -> Rendered {
        let mut links = BTreeMap::new();
        links.insert("events/fest.md".to_string(), "/events/fest/".to_string());
        render(
            src,
            &MarkdownOptions {
                links: &links,
                source: "articles/a.md",
                asset_base: None,
                slugify: &slug,
                images: &|_| None,
                sizes: "100vw",
                analytics_notice: "<p>notice</p>",
                code: None,
            },
        )
    }

    /// The rendered body, parsed as the browser would.
    fn parsed(r: &Rendered) -> scraper::Html {
        scraper::Html::parse_fragment(&r.html.unpack())
    }

    /// The text of each element matching `selector`.
    fn texts(html: &scraper::Html, selector: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(selector).expect("valid selector");
        html.select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect()
    }

    /// The value of `attr` on each element matching `selector`.
    fn attrs(html: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(selector).expect("valid selector");
        html.select(&selector)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    #[test]
    fn the_analytics_marker_becomes_the_notice_only_on_its_own_line() {
        let out = md("Vorher.\n\n<!-- analytics -->\n\nNachher `<!-- analytics -->`.\n");
        let html = parsed(&out);
        // The notice is a paragraph of its own between the two.
        assert_eq!(
            texts(&html, "p"),
            ["Vorher.", "notice", "Nachher <!-- analytics -->."]
        );
        // In code the marker stays text.
        assert_eq!(texts(&html, "p code"), ["<!-- analytics -->"]);
    }

    #[test]
    fn content_links_become_urls() {
        let r = md("See [the party](../events/fest.md#wann) and [x](../events/nope.md).");
        assert_eq!(
            attrs(&parsed(&r), "a", "href")[0],
            "/events/fest/#wann",
            "{}",
            r.html.unpack()
        );
        assert_eq!(r.broken_links, vec!["../events/nope.md"]);
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = md("## Über uns\n\ntext\n\n### Team\n\n## Über uns\n");
        assert_eq!(
            attrs(&parsed(&r), "h2, h3", "id"),
            ["ueber-uns", "team", "ueber-uns-1"]
        );
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].children[0].id, "team");
    }

    #[test]
    fn explicit_ids_win_and_generated_ones_avoid_them() {
        // Before: `{#a}` after a heading `A` became `a-1`, and `A 1` after
        // two `A`s repeated `a-1`.
        let r = md("## A\n\n## A\n\n## A 1\n\n## Z {#a}\n\n## B {#a-2}\n\n## A\n");
        let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a-1", "a-3", "a-1-1", "a", "a-2", "a-4"]);
        assert!(r.duplicate_ids.is_empty());
    }

    #[test]
    fn duplicate_explicit_ids_are_reported_with_their_line() {
        let r = md("## One {#x}\n\ntext\n\n## Two {#x}\n");
        assert_eq!(r.duplicate_ids, vec![("x".to_string(), 5)]);
    }

    #[test]
    fn many_headings_are_linear() {
        // Before: one `Vec::insert` per heading; 40,000 took six seconds.
        let text = "## Same\n\n".repeat(40_000);
        let r = md(&text);
        assert_eq!(r.toc.len(), 40_000);
        assert_eq!(r.toc[39_999].id, "same-39999");
    }

    #[test]
    fn summary_is_more_marker_or_first_paragraph() {
        let r = md("One.\n\nTwo.\n\n<!-- more -->\n\nThree.");
        assert!(r.explicit_summary);
        let summary = scraper::Html::parse_fragment(&r.summary_html);
        assert_eq!(texts(&summary, "p"), ["One.", "Two."]);
        let r = md("# T\n\nFirst.\n\nSecond.");
        assert_eq!(r.summary_html.trim(), "<p>First.</p>");
    }

    #[test]
    fn extensions_are_enabled() {
        let r = md("| a |\n|---|\n| b |\n\n~~x~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: Foot\n");
        let html = parsed(&r);
        assert_eq!(texts(&html, "table td"), ["b"]);
        assert_eq!(texts(&html, "del"), ["x"]);
        assert_eq!(attrs(&html, "li input", "type"), ["checkbox"]);
        assert_eq!(attrs(&html, "li input[checked]", "disabled").len(), 1);
        assert!(texts(&html, ".footnote-definition")[0].contains("Foot"));
    }

    #[test]
    fn code_is_highlighted_and_unknown_code_escaped() {
        let r = md("```rust\nlet x = 1;\n```\n\n```nope\n<b>\n```\n");
        let html = parsed(&r);
        let classes = attrs(&html, "pre span", "class");
        assert!(classes.iter().any(|c| c.starts_with("hl-")), "{classes:?}");
        // Unknown code stays text: no `<b>` element.
        assert_eq!(texts(&html, "pre code").last().unwrap(), "<b>\n");
        assert!(texts(&html, "b").is_empty());
    }

    #[test]
    fn html_becomes_readable_text() {
        let text = html_to_text("<h2 id=\"x\">Wann <a class=\"anchor\" href=\"#x\">#</a></h2><p>Um 5 &amp; so.</p><ul><li>eins</li><li>zwei</li></ul>");
        assert_eq!(text, "Wann\n\nUm 5 & so.\n\n- eins\n- zwei");

        // One pass: `&amp;lt;` is the text `&lt;`; a stray `&` stays.
        assert_eq!(
            html_to_text("<p>&amp;lt; &amp;amp; & &#39;</p>"),
            "&lt; &amp; & '"
        );
        // Empty lines collapse to one; tags in capitals count; a tag left
        // open at the end is dropped.
        assert_eq!(
            html_to_text(
                "  <P>a</P>\n\n\n<BR>b<TABLE><TR><TD>c</TD><TD>d</TD></TR></TABLE>e <span"
            ),
            "a\n\nb\nc d\n\ne"
        );
    }

    #[test]
    fn plain_text_strips_and_cuts_at_a_word() {
        assert_eq!(
            plain_text("<p>Hallo &amp; <b>Welt</b></p>", 100),
            "Hallo & Welt"
        );
        assert_eq!(plain_text("<p>eins zwei drei</p>", 9), "eins zwei…");
    }

    #[test]
    fn reading_time_rounds_up() {
        let words = "wort ".repeat(401);
        assert_eq!(md(&words).reading_time, 3);
    }
}
