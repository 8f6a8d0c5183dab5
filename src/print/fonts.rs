//! The two faces print uses (Inter Regular and Bold, embedded), their
//! advance widths for line breaking, and the glyph runs krilla draws.
//! No shaping: German and English text needs no ligatures or
//! reordering, and a run's width is the sum of its glyphs' advances, so
//! what the layout measured is exactly what the PDF shows.

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::prelude::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::util::fonts;

/// Regular or bold; italics are drawn slanted (Inter ships no italic here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Body text.
    Regular,
    /// Headings, emphasis, labels.
    Bold,
}

/// One face: its PDF font and its metrics.
struct Metrics {
    font: Font,
    /// Glyph and advance (in em) of each character, looked up once.
    cmap: std::collections::HashMap<char, (u32, f32)>,
    data: &'static [u8],
    upem: f32,
}

impl Metrics {
    fn new(data: &'static [u8]) -> Metrics {
        let font = Font::new(data.into(), 0).expect("embedded font parses");
        let upem = FontRef::new(data)
            .map(|f| {
                f32::from(
                    f.metrics(Size::unscaled(), LocationRef::default())
                        .units_per_em,
                )
            })
            .unwrap_or(1000.0);
        Metrics {
            font,
            cmap: Default::default(),
            data,
            upem,
        }
    }

    fn glyph(&mut self, c: char) -> (u32, f32) {
        if let Some(g) = self.cmap.get(&c) {
            return *g;
        }
        let font = FontRef::new(self.data).expect("embedded font parses");
        let gid = font.charmap().map(c).unwrap_or_default();
        let advance = font
            .glyph_metrics(Size::unscaled(), LocationRef::default())
            .advance_width(gid)
            .unwrap_or(0.0)
            / self.upem;
        let g = (gid.to_u32(), advance);
        self.cmap.insert(c, g);
        g
    }
}

/// Both faces, with a cache of measured characters.
pub struct Fonts {
    regular: Metrics,
    bold: Metrics,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            regular: Metrics::new(fonts::REGULAR),
            bold: Metrics::new(fonts::BOLD),
        }
    }
}

/// Characters the fonts draw as something else: typographic spaces
/// become plain ones, invisible ones vanish.
fn printable(c: char) -> Option<char> {
    match c {
        '\u{00ad}' | '\u{200b}' | '\u{feff}' => None,
        '\u{00a0}' | '\u{2009}' | '\u{202f}' | '\t' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    }
}

impl Fonts {
    fn face(&mut self, face: Face) -> &mut Metrics {
        match face {
            Face::Regular => &mut self.regular,
            Face::Bold => &mut self.bold,
        }
    }

    /// The PDF font of a face.
    pub fn font(&self, face: Face) -> Font {
        match face {
            Face::Regular => self.regular.font.clone(),
            Face::Bold => self.bold.font.clone(),
        }
    }

    /// Width of `text` at `size` points.
    pub fn width(&mut self, text: &str, face: Face, size: f32) -> f32 {
        let metrics = self.face(face);
        text.chars()
            .filter_map(printable)
            .map(|c| metrics.glyph(c).1)
            .sum::<f32>()
            * size
    }

    /// The glyphs of `text`, each mapped back to its bytes in `text` so
    /// that the PDF's text can be copied and searched.
    pub fn glyphs(&mut self, text: &str, face: Face) -> Vec<KrillaGlyph> {
        let metrics = self.face(face);
        text.char_indices()
            .filter_map(|(at, c)| {
                let (gid, advance) = metrics.glyph(printable(c)?);
                Some(KrillaGlyph::new(
                    GlyphId::new(gid),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    at..at + c.len_utf8(),
                    None,
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_is_wider_and_widths_scale() {
        let mut fonts = Fonts::default();
        let regular = fonts.width("Hofblatt", Face::Regular, 10.0);
        assert!(regular > 30.0 && regular < 60.0, "{regular}");
        assert!(fonts.width("Hofblatt", Face::Bold, 10.0) > regular);
        let double = fonts.width("Hofblatt", Face::Regular, 20.0);
        assert!((double - 2.0 * regular).abs() < 0.01);
        assert_eq!(fonts.glyphs("a\u{00ad}b", Face::Regular).len(), 2);
    }
}
