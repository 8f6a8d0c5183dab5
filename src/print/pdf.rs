//! Laid-out pages to PDF bytes with krilla: fonts embedded as subsets,
//! images as they are (JPEG passes through untouched), running heads and
//! page numbers, links, bookmarks. The same pages give the same bytes:
//! no creation date is written.

use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::Document;

use super::fonts::{Face, Fonts};
use super::layout::{Op, Paper, Sheet};
use crate::error::{Error, Result};

/// What frames the pages and describes the file.
pub struct Frame<'a> {
    /// Document title (PDF metadata), and the running head's left side.
    pub title: &'a str,
    /// Language tag of the text (`de`).
    pub language: &'a str,
    /// Bookmarks: title and 0-based page index.
    pub outline: &'a [(String, usize)],
}

/// Writes the pages into a PDF.
pub fn write(sheets: &[Sheet], paper: Paper, fonts: &mut Fonts, frame: &Frame) -> Result<Vec<u8>> {
    let mut document = Document::new();
    for (index, sheet) in sheets.iter().enumerate() {
        let settings = PageSettings::from_wh(paper.width, paper.height)
            .ok_or_else(|| Error::Usage("the paper size is not a valid page".into()))?;
        let mut page = document.start_page_with(settings);
        let mut links = Vec::new();
        {
            let mut surface = page.surface();
            for op in &sheet.ops {
                draw(&mut surface, fonts, op, &mut links);
            }
            if sheet.numbered {
                furniture(&mut surface, fonts, paper, sheet, frame.title, index + 1);
            }
        }
        for (rect, url) in links {
            let link = LinkAnnotation::new(rect, Target::Action(LinkAction::new(url).into()));
            page.add_annotation(Annotation::new_link(link, None));
        }
    }
    let mut outline = Outline::new();
    for (title, page) in frame.outline {
        let dest = XyzDestination::new(*page, Point::from_xy(0.0, 0.0));
        outline.push_child(OutlineNode::new(title.clone(), dest));
    }
    document.set_outline(outline);
    document.set_metadata(
        Metadata::new()
            .title(frame.title.to_string())
            .language(frame.language.to_string())
            .creator("kiez".to_string()),
    );
    document
        .finish()
        .map_err(|e| Error::Usage(format!("cannot write the PDF: {e:?}")))
}

fn fill(gray: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(gray, gray, gray).into(),
        ..Fill::default()
    }
}

/// Draws one operation; links are collected for the page's annotations.
fn draw(surface: &mut Surface, fonts: &mut Fonts, op: &Op, links: &mut Vec<(Rect, String)>) {
    match op {
        Op::Text {
            x,
            y,
            size,
            face,
            slant,
            gray,
            text,
        } => {
            surface.set_fill(Some(fill(*gray)));
            let glyphs = fonts.glyphs(text, *face);
            // Inter has no italic here: emphasis is the upright face
            // slanted by about 11 degrees, as browsers synthesise it.
            let kx = if *slant { -0.2 } else { 0.0 };
            surface.push_transform(&Transform::from_row(1.0, 0.0, kx, 1.0, *x, *y));
            surface.draw_glyphs(
                Point::from_xy(0.0, 0.0),
                &glyphs,
                fonts.font(*face),
                text,
                *size,
                false,
            );
            surface.pop();
        }
        Op::Image { x, y, w, h, image } => {
            if let Some(size) = Size::from_wh(*w, *h) {
                surface.push_transform(&Transform::from_translate(*x, *y));
                surface.draw_image(image.clone(), size);
                surface.pop();
            }
        }
        Op::Rect { x, y, w, h, gray } => {
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                let mut path = PathBuilder::new();
                path.push_rect(rect);
                if let Some(path) = path.finish() {
                    surface.set_fill(Some(fill(*gray)));
                    surface.draw_path(&path);
                }
            }
        }
        Op::Link { x, y, w, h, url } => {
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                links.push((rect, url.clone()));
            }
        }
    }
}

/// Running head (document title left, the page's article right, a
/// hairline below) and the page number at the foot.
fn furniture(
    surface: &mut Surface,
    fonts: &mut Fonts,
    paper: Paper,
    sheet: &Sheet,
    title: &str,
    number: usize,
) {
    let margin = paper.margin();
    let size = 8.5 * paper.scale();
    let head_y = margin * 0.7;
    let text = |surface: &mut Surface, fonts: &mut Fonts, x: f32, y: f32, s: &str, face: Face| {
        draw(
            surface,
            fonts,
            &Op::Text {
                x,
                y,
                size,
                face,
                slant: false,
                gray: 90,
                text: s.to_string(),
            },
            &mut Vec::new(),
        );
    };
    if let Some(head) = &sheet.head {
        text(surface, fonts, margin, head_y, title, Face::Bold);
        let room = paper.width - 2.0 * margin - fonts.width(title, Face::Bold, size) - 24.0;
        let head = fit(fonts, head, size, room);
        let x = paper.width - margin - fonts.width(&head, Face::Regular, size);
        text(surface, fonts, x, head_y, &head, Face::Regular);
        let rule = Op::Rect {
            x: margin,
            y: head_y + 5.0,
            w: paper.width - 2.0 * margin,
            h: 0.5,
            gray: 150,
        };
        draw(surface, fonts, &rule, &mut Vec::new());
    }
    let number = number.to_string();
    let x = (paper.width - fonts.width(&number, Face::Regular, size)) / 2.0;
    text(
        surface,
        fonts,
        x,
        paper.height - margin * 0.6,
        &number,
        Face::Regular,
    );
}

/// `text` shortened with an ellipsis to fit `room` points.
pub fn fit(fonts: &mut Fonts, text: &str, size: f32, room: f32) -> String {
    if fonts.width(text, Face::Regular, size) <= room {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && fonts.width(&format!("{out}…"), Face::Regular, size) > room {
        out.pop();
    }
    format!("{}…", out.trim_end())
}
