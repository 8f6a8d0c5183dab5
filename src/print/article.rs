//! One article on the pages of the print edition: its opener (kicker,
//! title, summary, byline, cover image), its body block by block, its
//! gallery, and where to read it online.

use std::path::Path;

use krilla::image::Image;

use super::blocks::{self, Block};
use super::fonts::Face;
use super::layout::{break_lines, Flow, Op, Span, Style};
use super::Source;
use crate::content::Item;
use crate::error::{Error, Result, SourceError};
use crate::i18n::format_date;

/// Body text size on A4, in points.
pub const BODY: f32 = 10.5;

/// The style of body text on this paper.
pub fn body_style(flow: &Flow) -> Style {
    Style {
        size: BODY * flow.paper.scale(),
        leading: 1.45,
        indent: 0.0,
        width: 0.0,
    }
}

/// Reads an image file for print, as it is (no resizing: print wants
/// every pixel). SVG and unknown formats give `None`.
pub fn picture(file: &Path) -> Result<Option<Image>> {
    let data = std::fs::read(file).map_err(|e| Error::io("cannot read", file, e))?;
    let bad = |e: String| {
        Error::from(SourceError::new(
            file,
            format!("cannot read the image: {e}"),
        ))
    };
    let image = match data.get(..12) {
        Some([0xff, 0xd8, ..]) => Image::from_jpeg(data.into(), true).map_err(bad)?,
        Some([0x89, b'P', b'N', b'G', ..]) => Image::from_png(data.into(), true).map_err(bad)?,
        Some([b'G', b'I', b'F', ..]) => Image::from_gif(data.into(), true).map_err(bad)?,
        Some([b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P']) => {
            Image::from_webp(data.into(), true).map_err(bad)?
        }
        _ => return Ok(None),
    };
    Ok(Some(image))
}

/// An image an item names, or an error at the key or line naming it.
fn item_picture(
    source: &Source,
    item: &Item,
    src: &str,
    key: Option<&str>,
) -> Result<Option<Image>> {
    let Some(file) = source.image_file(item, src) else {
        return Ok(None);
    };
    if !file.is_file() {
        let message = format!("image `{src}` not found (looked for `{}`)", file.display());
        let err = match key {
            Some(key) => item.error(key, message),
            None => {
                let line = item.body.lines().position(|l| l.contains(src)).unwrap_or(0);
                SourceError::new(&item.file, message).line(item.body_line + line)
            }
        };
        return Err(err.into());
    }
    picture(&file)
}

/// Lays out one article from the top of a new page.
pub fn article(flow: &mut Flow, source: &Source, item: &Item) -> Result<()> {
    opener(flow, source, item);
    if let Some(src) = &item.image {
        if let Some(image) = item_picture(source, item, src, Some("image"))? {
            let (w, h) = (flow.column(), flow.paper.height * 0.38);
            flow.image(&image, w, h, &[]);
            flow.gap(10.0);
        }
    }
    body(flow, source, item, &item.body)?;
    gallery(flow, source, item)?;
    flow.gap(8.0);
    let lang = source.config().language;
    let online = format!(
        "{}: {}",
        crate::i18n::text_in(source.config(), lang, "type_article"),
        super::short_url(&source.url(item))
    );
    flow.say(&online, Face::Regular, 90, 8.5 * flow.paper.scale(), 1.45);
    Ok(())
}

/// Date and categories, title, summary, authors.
fn opener(flow: &mut Flow, source: &Source, item: &Item) {
    let s = flow.paper.scale();
    let lang = source.config().language;
    let mut kicker: Vec<String> = item.categories.clone();
    if let Some(date) = &item.date {
        kicker.insert(0, format_date(date, "long", lang).unwrap_or_default());
    }
    flow.say(&kicker.join(" · "), Face::Bold, 90, 9.0 * s, 1.4);
    flow.gap(4.0);
    flow.say(&item.title, Face::Bold, 0, 22.0 * s, 1.18);
    if let Some(description) = &item.description {
        flow.gap(6.0);
        flow.say(description, Face::Regular, 40, 12.5 * s, 1.4);
    }
    if !item.authors.is_empty() {
        flow.gap(4.0);
        let by = format!(
            "{} {}",
            crate::i18n::text_in(source.config(), lang, "by"),
            item.authors.join(", ")
        );
        flow.say(&by, Face::Regular, 90, 9.0 * s, 1.45);
    }
    flow.gap(10.0);
}

/// A Markdown body, block by block.
pub fn body(flow: &mut Flow, source: &Source, item: &Item, markdown: &str) -> Result<()> {
    let short = |url: &str| source.short_link(item, url);
    let style = body_style(flow);
    let line = style.size * style.leading;
    for block in blocks::read(markdown, &short) {
        match block {
            Block::Heading(level, spans) => {
                let size = match level {
                    2 => 15.0,
                    3 => 12.5,
                    _ => 11.0,
                } * flow.paper.scale();
                flow.gap(size * 0.9);
                let heading = Style {
                    size,
                    leading: 1.25,
                    ..style
                };
                // Kept with the next three lines of text.
                flow.paragraph(&spans, heading, line * 3.0);
                flow.gap(2.0);
            }
            Block::Para { spans, quote } => quoted(flow, &spans, quote),
            Block::Item {
                depth,
                marker,
                spans,
            } => list_item(flow, depth, marker, &spans),
            Block::Image { src, caption } => {
                if let Some(image) = item_picture(source, item, &src, None)? {
                    flow.gap(4.0);
                    let caption = [Span {
                        gray: 60,
                        ..Span::plain(caption)
                    }];
                    flow.image(&image, flow.column(), flow.paper.height * 0.4, &caption);
                    flow.gap(6.0);
                }
            }
            Block::Table(rows) => table(flow, &rows),
            Block::Code(code) => {
                let mono = Style {
                    size: 9.0 * flow.paper.scale(),
                    leading: 1.35,
                    indent: 12.0,
                    width: 0.0,
                };
                for text in code.lines() {
                    flow.paragraph(
                        &[Span {
                            gray: 40,
                            ..Span::plain(text)
                        }],
                        mono,
                        0.0,
                    );
                }
                flow.gap(6.0);
            }
            Block::Rule => {
                flow.gap(6.0);
                flow.rule(0.5, 150);
                flow.gap(8.0);
            }
        }
    }
    Ok(())
}

/// A paragraph, indented with a bar beside it when quoted.
fn quoted(flow: &mut Flow, spans: &[Span], quote: usize) {
    let mut style = body_style(flow);
    style.indent = 16.0 * quote as f32;
    let (top, page) = (flow.y, flow.sheets.len());
    flow.paragraph(spans, style, 0.0);
    if quote > 0 && flow.sheets.len() == page {
        flow.push(Op::Rect {
            x: flow.left() + 4.0,
            y: top + 2.0,
            w: 2.0,
            h: flow.y - top - 4.0,
            gray: 150,
        });
    }
    flow.gap(style.size * 0.55);
}

/// A list item: the marker hanging left of the text.
fn list_item(flow: &mut Flow, depth: usize, marker: Option<String>, spans: &[Span]) {
    let mut style = body_style(flow);
    style.indent = 14.0 * depth as f32;
    let line = style.size * style.leading;
    flow.ensure(line * 2.0);
    if let Some(marker) = marker {
        let width = flow.fonts.width(&marker, Face::Regular, style.size);
        flow.push(Op::Text {
            x: flow.left() + style.indent - width - 5.0,
            y: flow.y + style.size * 0.95 + (line - style.size * 1.2) / 2.0,
            size: style.size,
            face: Face::Regular,
            slant: false,
            gray: 0,
            text: marker,
        });
    }
    flow.paragraph(spans, style, 0.0);
    flow.gap(2.0);
}

/// A table: equal columns, the header bold, a rule under each row.
fn table(flow: &mut Flow, rows: &[Vec<Vec<Span>>]) {
    let columns = rows.iter().map(|r| r.len()).max().unwrap_or(0).max(1);
    let size = 9.0 * flow.paper.scale();
    let pad = 4.0;
    let width = flow.column() / columns as f32;
    flow.gap(4.0);
    for row in rows {
        let cells: Vec<_> = row
            .iter()
            .map(|cell| break_lines(flow.fonts, cell, size, width - 2.0 * pad))
            .collect();
        let lines = cells.iter().map(|c| c.len()).max().unwrap_or(1).max(1);
        let height = lines as f32 * size * 1.35 + 2.0 * pad;
        flow.ensure(height);
        for (n, cell) in cells.iter().enumerate() {
            let x = flow.left() + n as f32 * width + pad;
            for (i, line) in cell.iter().enumerate() {
                let y = flow.y + pad + size * 0.95 + i as f32 * size * 1.35;
                flow.draw_line(line, x, y, size);
            }
        }
        flow.y += height;
        flow.rule(0.5, 150);
    }
    flow.gap(8.0);
}

/// The gallery: two pictures a row, each with its caption.
fn gallery(flow: &mut Flow, source: &Source, item: &Item) -> Result<()> {
    if item.gallery.is_empty() {
        return Ok(());
    }
    flow.gap(10.0);
    let gutter = 12.0;
    let width = (flow.column() - gutter) / 2.0;
    let size = 8.5 * flow.paper.scale();
    for pair in item.gallery.chunks(2) {
        let mut cells = Vec::new();
        for picture in pair {
            if let Some(image) = item_picture(source, item, &picture.src, Some("gallery"))? {
                let (pw, ph) = image.size();
                let h = width * ph as f32 / pw.max(1) as f32;
                let caption = picture.caption.clone();
                let lines = break_lines(
                    flow.fonts,
                    &[Span {
                        gray: 60,
                        ..Span::plain(caption)
                    }],
                    size,
                    width,
                );
                cells.push((image, h, lines));
            }
        }
        let height = cells
            .iter()
            .map(|(_, h, lines)| h + 4.0 + lines.len() as f32 * size * 1.35)
            .fold(0.0, f32::max);
        flow.ensure(height + 8.0);
        for (n, (image, h, lines)) in cells.into_iter().enumerate() {
            let x = flow.left() + n as f32 * (width + gutter);
            flow.push(Op::Image {
                x,
                y: flow.y,
                w: width,
                h,
                image,
            });
            for (i, line) in lines.iter().enumerate() {
                let y = flow.y + h + 4.0 + size * 0.95 + i as f32 * size * 1.35;
                flow.draw_line(line, x, y, size);
            }
        }
        flow.y += height + 10.0;
    }
    Ok(())
}
