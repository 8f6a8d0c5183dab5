//! An article's Markdown as print blocks, read from pulldown-cmark's
//! event stream: paragraphs of styled spans, headings, list items,
//! quotes, images, tables, code. Raw HTML is left out (print has no
//! browser); a link keeps its text and is followed by its short URL.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::fonts::Face;
use super::layout::Span;

/// One block of an article body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 2 to 6 (the article title is level 1).
    Heading(u8, Vec<Span>),
    /// A paragraph; `quote` > 0 inside block quotes.
    Para { spans: Vec<Span>, quote: usize },
    /// A list item's paragraph: the marker (`•`, `3.`) on its first one.
    Item {
        depth: usize,
        marker: Option<String>,
        spans: Vec<Span>,
    },
    /// An image by its Markdown source and its caption.
    Image { src: String, caption: String },
    /// A table: rows of cells, the first row the header.
    Table(Vec<Vec<Vec<Span>>>),
    /// Preformatted lines.
    Code(String),
    /// A thematic break.
    Rule,
}

/// Turns a link target into what is printed after the link text (a
/// short absolute URL), or `None` to print nothing.
pub type Links<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Reader state while walking the events.
struct Reader<'l, 'a> {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    bold: usize,
    slant: usize,
    links: Vec<Option<String>>,
    lists: Vec<Option<u64>>,
    marker: Option<String>,
    quote: usize,
    heading: Option<u8>,
    image: Option<(String, String, String)>,
    table: Option<Vec<Vec<Vec<Span>>>>,
    code: Option<String>,
    short: &'l Links<'a>,
}

/// The blocks of a Markdown body.
pub fn read(markdown: &str, short: &Links) -> Vec<Block> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut reader = Reader {
        blocks: Vec::new(),
        spans: Vec::new(),
        bold: 0,
        slant: 0,
        links: Vec::new(),
        lists: Vec::new(),
        marker: None,
        quote: 0,
        heading: None,
        image: None,
        table: None,
        code: None,
        short,
    };
    for event in Parser::new_ext(markdown, options) {
        reader.event(event);
    }
    reader.flush();
    reader.blocks
}

impl Reader<'_, '_> {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => {
                self.flush();
                self.blocks.push(Block::Rule);
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                });
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.slant += 1,
            Tag::Link { dest_url, .. } => self.links.push((self.short)(&dest_url)),
            Tag::Image {
                dest_url, title, ..
            } => {
                self.flush();
                self.image = Some((dest_url.to_string(), title.to_string(), String::new()));
            }
            Tag::List(start) => {
                self.flush();
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                self.marker = Some(match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ => "•".to_string(),
                });
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
            }
            Tag::Table(_) => self.table = Some(Vec::new()),
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.push(Vec::new());
                }
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                let spans = std::mem::take(&mut self.spans);
                let level = self.heading.take().unwrap_or(2);
                self.blocks.push(Block::Heading(level, spans));
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.slant = self.slant.saturating_sub(1),
            TagEnd::Link => {
                if let Some(Some(url)) = self.links.pop() {
                    self.spans.push(Span {
                        gray: 90,
                        ..Span::plain(format!(" ({url})"))
                    });
                }
            }
            TagEnd::Image => {
                if let Some((src, title, alt)) = self.image.take() {
                    let caption = if title.is_empty() { alt } else { title };
                    self.blocks.push(Block::Image { src, caption });
                }
            }
            TagEnd::Paragraph | TagEnd::Item => self.flush(),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.spans);
                if let Some(row) = self.table.as_mut().and_then(|t| t.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.blocks.push(Block::Table(table));
                }
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.blocks.push(Block::Code(code.trim_end().to_string()));
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(code) = &mut self.code {
            code.push_str(text);
            return;
        }
        if let Some((_, _, alt)) = &mut self.image {
            alt.push_str(text);
            return;
        }
        let face = if self.bold > 0 || self.heading.is_some() || self.table_head() {
            Face::Bold
        } else {
            Face::Regular
        };
        let slant = self.slant > 0 || self.quote > 0;
        match self.spans.last_mut() {
            Some(last) if last.face == face && last.slant == slant && last.gray == 0 => {
                last.text.push_str(text)
            }
            _ => self.spans.push(Span {
                slant,
                ..Span::styled(text, face)
            }),
        }
    }

    fn table_head(&self) -> bool {
        self.table.as_ref().is_some_and(|t| t.len() == 1)
    }

    /// Ends the paragraph being collected, if any.
    fn flush(&mut self) {
        if self.spans.iter().all(|s| s.text.trim().is_empty()) {
            self.spans.clear();
            return;
        }
        let spans = std::mem::take(&mut self.spans);
        let block = if self.lists.is_empty() {
            Block::Para {
                spans,
                quote: self.quote,
            }
        } else {
            Block::Item {
                depth: self.lists.len(),
                marker: self.marker.take(),
                spans,
            }
        };
        self.blocks.push(block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn paragraphs_lists_links_and_tables() {
        let md = "Intro **fett** und [Link](../events/x.md).\n\n## Zwischentitel\n\n- eins\n- zwei\n\n1. a\n2. b\n\n> Zitat\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n![Alt](bild.jpg \"Unterschrift\")\n\n<div>raw</div>\n";
        let short = |url: &str| Some(format!("site.example/{url}"));
        let blocks = read(md, &short);
        let Block::Para { spans, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(
            text(spans),
            "Intro fett und Link (site.example/../events/x.md)."
        );
        assert_eq!(spans[1].face, Face::Bold);
        assert!(matches!(&blocks[1], Block::Heading(2, s) if text(s) == "Zwischentitel"));
        let markers: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Item { marker, .. } => marker.clone(),
                _ => None,
            })
            .collect();
        assert_eq!(markers, ["•", "•", "1.", "2."]);
        assert!(blocks
            .iter()
            .any(|b| matches!(b, Block::Para { quote: 1, spans } if spans[0].slant)));
        assert!(blocks
            .iter()
            .any(|b| matches!(b, Block::Table(rows) if rows.len() == 2 && rows[1].len() == 2)));
        assert!(blocks.contains(&Block::Image {
            src: "bild.jpg".into(),
            caption: "Unterschrift".into()
        }));
        assert!(!blocks
            .iter()
            .any(|b| matches!(b, Block::Para { spans, .. } if text(spans).contains("raw"))));
    }
}
