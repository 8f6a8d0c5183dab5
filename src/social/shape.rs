//! Text as share images draw it: shaped by harfrust (HarfBuzz's port, the
//! shaper usvg draws with, so a width measured here is the width drawn),
//! put in visual order by the Unicode bidi algorithm with each
//! paragraph's direction taken from its first strong letter, and split
//! into runs of one font and one direction: Inter for Latin, Cyrillic and
//! Greek, Noto Sans Arabic for Arabic. [`super::layout`] places each run
//! as its own SVG text chunk, so usvg shapes every run on its own, exactly
//! as measured here, and never has to guess a paragraph's direction (it
//! assumes left to right) or fall back between fonts (it cannot for mixed
//! text).

use std::collections::HashMap;
use std::sync::OnceLock;

use harfrust::{Direction, Feature, ShapeOptions, ShaperData, Tag, UnicodeBuffer};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::prelude::{LocationRef, Size};
use skrifa::MetadataProvider;
use unicode_bidi::{BidiClass, BidiInfo, Level};

use super::card::{ARABIC_BOLD, ARABIC_REGULAR, FONT_BOLD, FONT_REGULAR};

/// The family name of the Arabic font, as SVG names it.
pub const ARABIC_FAMILY: &str = "Noto Sans Arabic";

/// Which of the embedded fonts a run is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Inter: Latin, Cyrillic, Greek, digits, punctuation.
    Latin,
    /// Noto Sans Arabic.
    Arabic,
}

/// One embedded font, parsed once.
struct Font {
    data: &'static [u8],
    shaper: ShaperData,
    upem: f32,
}

fn font(face: Face, bold: bool) -> &'static Font {
    static FONTS: [OnceLock<Font>; 4] = [const { OnceLock::new() }; 4];
    let (index, data) = match (face, bold) {
        (Face::Latin, true) => (0, FONT_BOLD),
        (Face::Latin, false) => (1, FONT_REGULAR),
        (Face::Arabic, true) => (2, ARABIC_BOLD),
        (Face::Arabic, false) => (3, ARABIC_REGULAR),
    };
    FONTS[index].get_or_init(|| {
        let parsed = harfrust::FontRef::new(data).expect("embedded font parses");
        Font {
            data,
            shaper: ShaperData::new(&parsed),
            upem: skrifa::FontRef::new(data)
                .expect("embedded font parses")
                .metrics(Size::unscaled(), LocationRef::default())
                .units_per_em as f32,
        }
    })
}

/// Whether `face` has a glyph for `c`.
fn covers(face: Face, c: char) -> bool {
    let data = font(face, true).data;
    skrifa::FontRef::new(data).is_ok_and(|f| f.charmap().map(c).is_some())
}

/// Whether a paragraph reads right to left: its first strong letter is
/// Arabic or Hebrew (a German title on an Arabic site stays left to
/// right); without any, left to right.
pub fn is_rtl(paragraph: &str) -> bool {
    paragraph
        .chars()
        .find_map(|c| match unicode_bidi::bidi_class(c) {
            BidiClass::L => Some(false),
            BidiClass::R | BidiClass::AL => Some(true),
            _ => None,
        })
        .unwrap_or(false)
}

/// Whether any of `text` needs more than one left-to-right Inter run.
fn needs_bidi(text: &str) -> bool {
    text.chars().any(|c| {
        let code = c as u32;
        matches!(
            unicode_bidi::bidi_class(c),
            BidiClass::R | BidiClass::AL | BidiClass::AN
        ) || (0x0600..=0x08ff).contains(&code)
            || (0xfb50..=0xfeff).contains(&code)
    })
}

/// One shaped glyph, in font units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// Its id in the run's font.
    pub id: u32,
    /// The byte offset of the text it was shaped from: glyphs of one
    /// cluster share it (letter spacing goes between clusters).
    pub cluster: u32,
    /// How far it moves the pen.
    pub advance: i32,
    /// Its offset from the pen, rightwards and upwards (marks).
    pub offset: (i32, i32),
}

/// The advance of `glyphs` of `face` in ems.
fn ems(glyphs: &[Glyph], face: Face, bold: bool) -> f32 {
    let units: i32 = glyphs.iter().map(|g| g.advance).sum();
    units as f32 / font(face, bold).upem
}

/// Glyph ids and advance (in ems) of `text` shaped with one font in one
/// direction, as drawn (kerned).
pub fn shape(text: &str, face: Face, bold: bool, rtl: bool) -> (Vec<u32>, f32) {
    let glyphs = shape_with(text, face, bold, rtl, true);
    (
        glyphs.iter().map(|g| g.id).collect(),
        ems(&glyphs, face, bold),
    )
}

/// The glyphs of `text` in visual order, kerned or not.
fn shape_with(text: &str, face: Face, bold: bool, rtl: bool, kern: bool) -> Vec<Glyph> {
    let font = font(face, bold);
    let parsed = harfrust::FontRef::new(font.data).expect("embedded font parses");
    let shaper = font.shaper.shaper(&parsed).build();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    buffer.guess_segment_properties();
    let no_kern = [Feature::new(Tag::new(b"kern"), 0, ..)];
    let features: &[Feature] = if kern { &[] } else { &no_kern };
    let out = shaper.shape(buffer, ShapeOptions::new().features(features));
    out.glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| Glyph {
            id: info.glyph_id,
            cluster: info.cluster,
            advance: pos.x_advance,
            offset: (pos.x_offset, pos.y_offset),
        })
        .collect()
}

/// The outline of glyph `id` of `face` in font units (y up), drawn into
/// `pen`; `None` when the font has no such glyph.
pub fn outline(face: Face, bold: bool, id: u32, pen: &mut impl OutlinePen) -> Option<()> {
    let font = skrifa::FontRef::new(font(face, bold).data).ok()?;
    let glyph = font.outline_glyphs().get(id.into())?;
    let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
    glyph.draw(settings, pen).ok().map(|_| ())
}

/// The units per em of `face`: outlines scale by size / this.
pub fn units_per_em(face: Face, bold: bool) -> f32 {
    font(face, bold).upem
}

/// One piece of a line drawn with one font in one direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text, in logical order.
    pub text: String,
    /// Its font.
    pub face: Face,
    /// Right to left (shaped so, and drawn so by usvg).
    pub rtl: bool,
    /// Left edge, from the line's left edge.
    pub x: f32,
    /// Shaped width.
    pub width: f32,
    /// Its glyphs in visual order.
    pub glyphs: Vec<Glyph>,
}

/// A line of text in visual order, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    /// Its runs, leftmost first.
    pub runs: Vec<Run>,
    /// Their widths together.
    pub width: f32,
}

impl Shaped {
    /// Whether the line is one left-to-right Inter run, drawn as plain SVG
    /// text (every German line).
    pub fn is_plain(&self) -> bool {
        matches!(self.runs.as_slice(), [run] if run.face == Face::Latin && !run.rtl)
    }
}

/// The font each character of a run of direction `rtl` is drawn with:
/// Arabic runs in the Arabic font wherever it has the character (its own
/// spaces and punctuation keep the run whole), others in Inter wherever
/// Inter has it.
fn face_of(c: char, rtl: bool) -> Face {
    let (first, second) = if rtl {
        (Face::Arabic, Face::Latin)
    } else {
        (Face::Latin, Face::Arabic)
    };
    if covers(first, c) || !covers(second, c) {
        first
    } else {
        second
    }
}

/// `text` (one line of a paragraph of direction `rtl`) shaped at `size`
/// and laid out in visual order.
pub fn shape_line(text: &str, size: f32, bold: bool, rtl: bool) -> Shaped {
    shape_line_with(text, size, bold, rtl, true)
}

/// [`shape_line`], kerned or not.
fn shape_line_with(text: &str, size: f32, bold: bool, rtl: bool, kern: bool) -> Shaped {
    let mut pieces: Vec<(String, Face, bool)> = Vec::new();
    if !rtl && !needs_bidi(text) {
        pieces.push((text.to_string(), Face::Latin, false));
    } else {
        let level = if rtl { Level::rtl() } else { Level::ltr() };
        let info = BidiInfo::new(text, Some(level));
        for paragraph in &info.paragraphs {
            let (levels, runs) = info.visual_runs(paragraph, paragraph.range.clone());
            for range in runs {
                let run_rtl = levels[range.start].is_rtl();
                let mut split: Vec<(String, Face, bool)> = Vec::new();
                for c in text[range].chars() {
                    let face = face_of(c, run_rtl);
                    match split.last_mut() {
                        Some((s, f, _)) if *f == face => s.push(c),
                        _ => split.push((c.to_string(), face, run_rtl)),
                    }
                }
                if run_rtl {
                    split.reverse();
                }
                pieces.extend(split);
            }
        }
    }
    let mut x = 0.0;
    let runs = pieces
        .into_iter()
        .filter(|(text, _, _)| !text.is_empty())
        .map(|(text, face, rtl)| {
            let glyphs = shape_with(&text, face, bold, rtl, kern);
            let width = ems(&glyphs, face, bold) * size;
            let run = Run {
                text,
                face,
                rtl,
                x,
                width,
                glyphs,
            };
            x += width;
            run
        })
        .collect();
    Shaped { runs, width: x }
}

/// A line's runs as SVG `tspan`s, its left edge at `x`, on baseline `y`
/// (whole pixels, as every card line). Each run is a chunk of its own,
/// wrapped in a mark of its direction, so usvg (which lays out every
/// chunk left to right) keeps its spaces and punctuation on the run's
/// side and shapes it in its own direction; marks take no room.
pub fn tspans(line: &Shaped, x: f32, y: f32) -> String {
    let mut svg = String::new();
    for run in &line.runs {
        let family = match run.face {
            Face::Latin => String::new(),
            Face::Arabic => format!(r#" font-family="{ARABIC_FAMILY}""#),
        };
        let mark = if run.rtl { '\u{200f}' } else { '\u{200e}' };
        svg.push_str(&format!(
            r#"<tspan x="{}" y="{y:.0}"{family}>{mark}{}{mark}</tspan>"#,
            x + run.x,
            crate::util::escape::xml(&run.text)
        ));
    }
    svg
}

/// Width of `text` at `size` as fitting measures it: shaped (joined,
/// ligated) but not kerned. Kerning only ever narrows Inter's lines a
/// little, so lines fitted unkerned fit drawn, with a hair to spare, and
/// German titles break exactly where they did before shaping came in;
/// lines are placed by their drawn (kerned) width ([`shape_line`]).
pub fn width(text: &str, size: f32, bold: bool, rtl: bool) -> f32 {
    shape_line_with(text, size, bold, rtl, false).width
}

/// Widths of words, shaped once (as [`width`] measures) and scaled to each
/// size: fitting a title tries many sizes and line breaks of the same
/// words.
pub struct Measure {
    bold: bool,
    rtl: bool,
    ems: HashMap<String, f32>,
}

impl Measure {
    /// Measures text of a paragraph of direction `rtl`.
    pub fn new(bold: bool, rtl: bool) -> Measure {
        Measure {
            bold,
            rtl,
            ems: HashMap::new(),
        }
    }

    /// Width of `piece` (a word, a character, a space) at `size`.
    pub fn piece(&mut self, piece: &str, size: f32) -> f32 {
        if let Some(em) = self.ems.get(piece) {
            return em * size;
        }
        let em = width(piece, 1.0, self.bold, self.rtl);
        self.ems.insert(piece.to_string(), em);
        em * size
    }

    /// Width of `words` set with single spaces between them.
    pub fn words<'w>(&mut self, words: impl IntoIterator<Item = &'w str>, size: f32) -> f32 {
        let mut total = 0.0;
        for (i, word) in words.into_iter().enumerate() {
            if i > 0 {
                total += self.piece(" ", size);
            }
            total += self.piece(word, size);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_comes_from_the_first_strong_letter() {
        assert!(is_rtl("حفلة الصيف"));
        assert!(is_rtl("2026: حفلة Hofblatt"));
        assert!(!is_rtl("Sommerfest حفلة"));
        assert!(!is_rtl("2026"));
        assert!(!is_rtl("Літнє свято"));
    }

    #[test]
    fn arabic_is_joined_not_drawn_letter_by_letter() {
        let word = "مرحبا";
        let (shaped, advance) = shape(word, Face::Arabic, true, true);
        // Each letter alone takes its isolated form.
        let mut isolated = Vec::new();
        let mut unshaped = 0.0;
        for c in word.chars() {
            let (ids, em) = shape(&c.to_string(), Face::Arabic, true, true);
            isolated.extend(ids);
            unshaped += em;
        }
        isolated.reverse();
        assert!(shaped.iter().all(|&g| g != 0), "{shaped:?}");
        assert_ne!(shaped, isolated);
        assert!((advance - unshaped).abs() > 0.01, "{advance} {unshaped}");
    }

    #[test]
    fn cyrillic_and_turkish_letters_are_in_inter() {
        for text in [
            "Літнє свято у дворі",
            "Yaz şenliği İçin ığ",
            "Летний праздник ёЁ",
        ] {
            for bold in [true, false] {
                let (ids, _) = shape(text, Face::Latin, bold, false);
                assert!(ids.iter().all(|&g| g != 0), "{text}: {ids:?}");
            }
            let line = shape_line(text, 40.0, true, false);
            assert!(line.is_plain(), "{line:?}");
        }
    }

    #[test]
    fn mixed_lines_are_in_visual_order() {
        // An Arabic paragraph with a Latin name and digits: the first
        // Arabic word is rightmost, the Latin name (the digits after it
        // go with it, rule W7) left of it in Inter.
        let line = shape_line("حفلة Hofblatt 2026", 40.0, true, true);
        let texts: Vec<(&str, Face, bool)> = line
            .runs
            .iter()
            .map(|r| (r.text.as_str(), r.face, r.rtl))
            .collect();
        assert_eq!(texts.last().unwrap(), &("حفلة ", Face::Arabic, true));
        assert_eq!(
            texts.first().unwrap(),
            &("Hofblatt 2026", Face::Latin, false)
        );
        let line = shape_line("حفلة ٢٠٢٦ Hofblatt", 40.0, true, true);
        let texts: Vec<&str> = line.runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["Hofblatt", " ", "٢٠٢٦", "حفلة "]);
        let sum: f32 = line.runs.iter().map(|r| r.width).sum();
        assert!((sum - line.width).abs() < 0.01);
        for pair in line.runs.windows(2) {
            assert!((pair[0].x + pair[0].width - pair[1].x).abs() < 0.01);
        }
    }

    #[test]
    fn words_measure_as_the_shaped_line() {
        for (text, rtl) in [
            ("حفلة الصيف في الفناء: موسيقى وطعام للجميع", true),
            ("Mieterfest im Hof: Größer als je zuvor", false),
        ] {
            let mut measure = Measure::new(true, rtl);
            let words = measure.words(text.split(' '), 78.0);
            let whole = width(text, 78.0, true, rtl);
            assert!((words - whole).abs() < 0.5, "{text}: {words} {whole}");
        }
    }
}
