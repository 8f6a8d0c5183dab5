//! Card text drawn from rasterised glyphs. Lines come shaped from
//! [`super::shape`] (harfrust, the shaper usvg uses) and are placed here
//! as usvg would place the SVG of [`super::layout::text_svg`]: each run
//! from its left edge, each glyph at the pen plus its offset, letter
//! spacing between clusters. Instead of filling the outlines of every card
//! anew, each glyph is rasterised once per build at each size and
//! eighth-of-a-pixel position it appears at, and cards are composed from
//! those coverage masks. Titles repeat the same few dozen letters, so after
//! the first cards nearly every glyph is a lookup. No SVG is parsed per
//! card; the canvas tests check the result against resvg drawing that SVG.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use resvg::tiny_skia::{self, FillRule, Paint, PathBuilder, Pixmap, Transform};
use skrifa::outline::OutlinePen;

use super::card::CardSpec;
use super::layout::Line;
use super::shape::{self, Face};

/// Sub-pixel positions per pixel, per axis. tiny-skia's anti-aliasing
/// samples an edge at quarter pixels; eighths keep glyph edges within one
/// such step of where resvg would draw them (quarters measured up to two
/// steps off), and are few enough positions that one raster of a glyph
/// serves many cards.
const PHASES: f32 = 8.0;

/// One glyph's coverage, placed relative to its quantised origin.
struct Mask {
    left: i32,
    top: i32,
    width: usize,
    coverage: Vec<u8>,
}

/// The glyph (font, weight, id), its size in pixels (as bits) and its
/// sub-pixel phase on each axis.
type Key = (Face, bool, u32, u32, u8, u8);

/// One glyph placed on a card.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    face: Face,
    bold: bool,
    id: u32,
    size: f32,
    /// Where its origin lands, in pixels.
    x: f32,
    y: f32,
    /// White at this opacity, of 255.
    alpha: u32,
}

/// White at `opacity` (an SVG `fill-opacity`) as usvg draws it, of 255.
fn alpha(opacity: f32) -> u32 {
    (opacity * 255.0).round() as u32
}

/// Every glyph of `spec`'s own text, with the opacities of
/// [`super::layout::text_svg`]: the label, the title, the event lines and
/// the printed URL.
pub fn card(spec: &CardSpec) -> Vec<Placed> {
    let mut out = Vec::new();
    let (label, spacing) = super::layout::label(spec);
    place(&label, spacing, alpha(0.85), &mut out);
    let placed = super::layout::layout(spec);
    for line in placed.title.iter().chain(&placed.detail) {
        place(line, 0.0, alpha(1.0), &mut out);
    }
    for line in &placed.url {
        place(line, 0.0, alpha(0.9), &mut out);
    }
    out
}

/// The glyphs of `line` at `alpha` (of 255), placed as usvg places the
/// line's SVG text: each run from its own left edge (`tspan x`), on the
/// baseline rounded as the SVG prints it, `spacing` pixels added after
/// every cluster but a run's last (`letter-spacing`, only ever on a plain
/// line, one run of Latin script).
fn place(line: &Line, spacing: f32, alpha: u32, out: &mut Vec<Placed>) {
    let y = line.y.round_ties_even();
    for run in &line.shaped.runs {
        let scale = line.size / shape::units_per_em(run.face, line.bold);
        let left = line.x + run.x;
        let mut pen = 0.0;
        let mut glyphs = run.glyphs.iter().peekable();
        while let Some(first) = glyphs.next() {
            // One cluster: its glyphs are offset in font units from its start.
            let mut units = 0;
            let mut advance = 0.0;
            let mut glyph = Some(first);
            while let Some(g) = glyph {
                out.push(Placed {
                    face: run.face,
                    bold: line.bold,
                    id: g.id,
                    size: line.size,
                    x: left + pen + (units + g.offset.0) as f32 * scale,
                    y: y - g.offset.1 as f32 * scale,
                    alpha,
                });
                units += g.advance;
                advance += g.advance as f32 * scale;
                glyph = glyphs.next_if(|next| next.cluster == first.cluster);
            }
            pen += advance;
            if glyphs.peek().is_some() {
                pen += spacing;
            }
        }
    }
}

/// Glyph masks of one build, shared by the threads drawing cards.
#[derive(Default)]
pub struct Glyphs {
    masks: Mutex<HashMap<Key, Option<Arc<Mask>>>>,
}

/// Builds a tiny-skia path from a font outline.
struct Pen(PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// Splits a coordinate into whole pixels and a phase (0..PHASES).
fn quantise(v: f32) -> (i32, u8) {
    let steps = (v * PHASES).round() as i32;
    (
        steps.div_euclid(PHASES as i32),
        steps.rem_euclid(PHASES as i32) as u8,
    )
}

/// What a card is drawn on: the shared elements of a `width`-wide card.
pub struct Sheet<'a> {
    /// Pixels per row.
    pub width: usize,
    /// White coverage per pixel.
    pub coverage: &'a [u8],
    /// Palette indices, row by row.
    pub indices: &'a [u8],
    /// Palette index of each white coverage.
    pub ramp: &'a [u8; 256],
}

/// The rows `first..` of a card that its text touches, as palette indices.
pub struct Band {
    /// The first row.
    pub first: usize,
    /// Palette indices of those rows, row by row.
    pub indices: Vec<u8>,
}

impl Glyphs {
    /// The mask of `glyph` at its size and sub-pixel phase, and the pixel
    /// its top-left corner lands on; `None` for a glyph without outline
    /// (a space).
    fn mask(&self, glyph: &Placed) -> Option<(Arc<Mask>, i32, i32)> {
        let (x, px) = quantise(glyph.x);
        let (y, py) = quantise(glyph.y);
        let key = (
            glyph.face,
            glyph.bold,
            glyph.id,
            glyph.size.to_bits(),
            px,
            py,
        );
        let found = self.masks.lock().expect("not poisoned").get(&key).cloned();
        let mask = match found {
            Some(mask) => mask,
            None => {
                let mask = rasterise(glyph, px, py).map(Arc::new);
                let mut masks = self.masks.lock().expect("not poisoned");
                masks.insert(key, mask.clone());
                mask
            }
        }?;
        let (left, top) = (x + mask.left, y + mask.top);
        Some((mask, left, top))
    }

    /// Lays `glyphs` over `sheet` and returns the rows they touch: each
    /// pixel a glyph covers gets the ramp's colour for its new white
    /// coverage as it is composed (so no pass compares the card with the
    /// shared canvas afterwards, and the logo keeps its colours where no
    /// text falls).
    pub fn draw(&self, glyphs: &[Placed], sheet: Sheet<'_>) -> Band {
        let width = sheet.width;
        let height = (sheet.coverage.len() / width) as i32;
        let masks: Vec<_> = glyphs
            .iter()
            .filter(|g| g.alpha > 0)
            .filter_map(|g| Some((self.mask(g)?, g.alpha)))
            .collect();
        let rows = |&(ref m, _, top): &(Arc<Mask>, i32, i32)| {
            top.clamp(0, height)..(top + (m.coverage.len() / m.width) as i32).clamp(0, height)
        };
        // Coverage accumulates where glyphs overlap, so the rows the text
        // touches get a working copy.
        let first = masks.iter().map(|(m, _)| rows(m).start).min().unwrap_or(0);
        let last = masks.iter().map(|(m, _)| rows(m).end).max().unwrap_or(0);
        let (first, last) = (first as usize, (last as usize).max(first as usize));
        let mut coverage = sheet.coverage[first * width..last * width].to_vec();
        let mut indices = sheet.indices[first * width..last * width].to_vec();
        for ((mask, left, top), alpha) in &masks {
            // The mask's columns that land on the card.
            let cols =
                (-left).max(0) as usize..mask.width.min((width as i32 - left).max(0) as usize);
            for (row, line) in mask.coverage.chunks_exact(mask.width).enumerate() {
                let yy = top + row as i32;
                if yy < 0 || yy >= height || cols.is_empty() {
                    continue;
                }
                let start = (yy as usize - first) * width + (left + cols.start as i32) as usize;
                let span = start..start + cols.len();
                compose(
                    &mut coverage[span.clone()],
                    &mut indices[span],
                    &line[cols.clone()],
                    *alpha,
                    sheet.ramp,
                );
            }
        }
        Band { first, indices }
    }
}

/// Lays one row of a glyph's mask (white at `alpha` of 255) over the
/// pixels `under`, giving each pixel whose coverage grows the ramp's index
/// for it. (Skipping empty stretches eight pixels at a time measured no
/// faster.)
fn compose(under: &mut [u8], indices: &mut [u8], mask: &[u8], alpha: u32, ramp: &[u8; 256]) {
    for ((under, index), &m) in under.iter_mut().zip(indices).zip(mask) {
        if m == 0 {
            continue;
        }
        let top = if alpha == 255 {
            m as u32
        } else {
            (m as u32 * alpha + 127) / 255
        };
        let below = *under as u32;
        let now = below + (top * (255 - below) + 127) / 255;
        if now != below {
            *under = now as u8;
            *index = ramp[now as usize];
        }
    }
}

/// Fills the outline of `glyph` at its size, moved by (`px`, `py`)
/// eighths of a pixel, into a coverage mask.
fn rasterise(glyph: &Placed, px: u8, py: u8) -> Option<Mask> {
    let mut pen = Pen(PathBuilder::new());
    shape::outline(glyph.face, glyph.bold, glyph.id, &mut pen)?;
    let path = pen.0.finish()?;
    // Outlines are in font units with y up; the card's y runs down.
    let scale = glyph.size / shape::units_per_em(glyph.face, glyph.bold);
    let placed = Transform::from_row(
        scale,
        0.0,
        0.0,
        -scale,
        px as f32 / PHASES,
        py as f32 / PHASES,
    );
    let path = path.transform(placed)?;
    let bounds = path.bounds();
    let (left, top) = (
        bounds.left().floor() as i32 - 1,
        bounds.top().floor() as i32 - 1,
    );
    let width = (bounds.right().ceil() as i32 + 1 - left) as u32;
    let height = (bounds.bottom().ceil() as i32 + 1 - top) as u32;
    let mut pixmap = Pixmap::new(width, height)?;
    let mut paint = Paint::default();
    paint.set_color(tiny_skia::Color::WHITE);
    paint.anti_alias = true;
    pixmap.fill_path(
        &path,
        &paint,
        FillRule::Winding,
        Transform::from_translate(-left as f32, -top as f32),
        None,
    );
    Some(Mask {
        left,
        top,
        width: width as usize,
        coverage: pixmap.pixels().iter().map(|p| p.alpha()).collect(),
    })
}
