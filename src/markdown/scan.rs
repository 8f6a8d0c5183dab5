//! The links, images and headings of a body with their byte offsets in
//! the Markdown, as the editor wrote them (before links are rewritten):
//! what `kiez check` reads to point at the line to fix.

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::PARSE_OPTIONS;

/// A link, image or heading of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// `[text](dest)`, `[text][ref]` or `<https://…>`.
    Link {
        /// The target as written.
        dest: String,
        /// The link's text (an image inside counts with its alt text).
        text: String,
        /// Whether it is an autolink (`<https://…>`), whose text is the URL.
        auto: bool,
    },
    /// `![alt](src)`.
    Image {
        /// The source as written.
        src: String,
        /// The alternative text.
        alt: String,
    },
    /// `## Heading`.
    Heading {
        /// 1 to 6.
        level: u8,
    },
}

/// An element and the byte offset in the Markdown where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// What it is.
    pub element: Element,
    /// Byte offset of its first character (`[`, `!`, `<` or `#`).
    pub offset: usize,
}

/// Every link, image and heading of `markdown`, in order of their start.
pub fn scan(markdown: &str) -> Vec<Located> {
    let mut found: Vec<Located> = Vec::new();
    // Indexes into `found` of the links and images still open, whose text
    // is being collected.
    let mut open: Vec<usize> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, PARSE_OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                open.push(found.len());
                found.push(Located {
                    element: Element::Link {
                        dest: dest_url.to_string(),
                        text: String::new(),
                        auto: matches!(link_type, LinkType::Autolink | LinkType::Email),
                    },
                    offset: range.start,
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                open.push(found.len());
                found.push(Located {
                    element: Element::Image {
                        src: dest_url.to_string(),
                        alt: String::new(),
                    },
                    offset: range.start,
                });
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                open.pop();
            }
            Event::Start(Tag::Heading { level, .. }) => found.push(Located {
                element: Element::Heading { level: level as u8 },
                offset: range.start,
            }),
            Event::Text(text) | Event::Code(text) => {
                for &i in &open {
                    match &mut found[i].element {
                        Element::Link { text: t, .. } | Element::Image { alt: t, .. } => {
                            t.push_str(&text)
                        }
                        Element::Heading { .. } => {}
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                for &i in &open {
                    if let Element::Link { text: t, .. } | Element::Image { alt: t, .. } =
                        &mut found[i].element
                    {
                        t.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_images_and_headings_with_their_offsets() {
        let md = "## Wann\n\nSee [hier](a.md#x) and ![](b.jpg).\n\n#### Tief\n\n[![Logo](l.png) und Text](/x/)\n";
        let found = scan(md);
        assert_eq!(found[0].element, Element::Heading { level: 2 });
        assert_eq!(found[0].offset, 0);
        assert_eq!(
            found[1].element,
            Element::Link {
                dest: "a.md#x".into(),
                text: "hier".into(),
                auto: false
            }
        );
        assert_eq!(&md[found[1].offset..found[1].offset + 5], "[hier");
        assert_eq!(
            found[2].element,
            Element::Image {
                src: "b.jpg".into(),
                alt: String::new()
            }
        );
        assert_eq!(found[3].element, Element::Heading { level: 4 });
        let Element::Link { text, .. } = &found[4].element else {
            panic!("{:?}", found[4])
        };
        assert_eq!(text, "Logo und Text");
        assert_eq!(
            found[5].element,
            Element::Image {
                src: "l.png".into(),
                alt: "Logo".into()
            }
        );
    }

    #[test]
    fn autolinks_are_marked() {
        let found = scan("<https://a.example/>");
        assert!(matches!(found[0].element, Element::Link { auto: true, .. }));
    }
}
