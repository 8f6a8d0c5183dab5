//! Card text drawn from rasterised glyphs. usvg lays the text out (shaping,
//! kerning, letter spacing); instead of filling the outlines of every card
//! anew, each glyph is rasterised once per build at each size and
//! eighth-of-a-pixel position it appears at, and cards are composed from
//! those coverage masks. Titles repeat the same few dozen letters, so after the
//! first cards nearly every glyph is a lookup.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use resvg::tiny_skia::{self, FillRule, Paint, PathBuilder, Pixmap, Transform};
use resvg::usvg;
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::prelude::{LocationRef, Size};
use skrifa::MetadataProvider;

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

/// The glyph, its size (the transform's scale, as bits) and its
/// sub-pixel phase on each axis.
type Key = (usvg::fontdb::ID, u32, [u32; 4], u8, u8);

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

/// Every text node under `group`.
fn texts<'t>(group: &'t usvg::Group, out: &mut Vec<&'t usvg::Text>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(child) => texts(child, out),
            usvg::Node::Text(text) => out.push(text),
            _ => {}
        }
    }
}

impl Glyphs {
    /// The mask of `glyph` at scale `scale` and phase (`px`, `py`); `None`
    /// for a glyph without outline (a space).
    fn mask(&self, tree: &usvg::Tree, glyph: &usvg::layout::PositionedGlyph) -> Option<Arc<Mask>> {
        let ts = glyph.outline_transform();
        let (_, px) = quantise(ts.tx);
        let (_, py) = quantise(ts.ty);
        let scale = [ts.sx, ts.kx, ts.ky, ts.sy].map(f32::to_bits);
        let key = (glyph.font, glyph.id.0, scale, px, py);
        if let Some(found) = self.masks.lock().expect("not poisoned").get(&key) {
            return found.clone();
        }
        let placed = Transform::from_row(
            ts.sx,
            ts.ky,
            ts.kx,
            ts.sy,
            px as f32 / PHASES,
            py as f32 / PHASES,
        );
        let mask = rasterise(tree, glyph, placed).map(Arc::new);
        self.masks
            .lock()
            .expect("not poisoned")
            .insert(key, mask.clone());
        mask
    }

    /// Lays every glyph of `tree`'s text over `coverage` (white coverage
    /// per pixel of a `width`-wide canvas); returns the rows touched.
    pub fn draw(&self, tree: &usvg::Tree, coverage: &mut [u8], width: usize) -> (usize, usize) {
        let height = coverage.len() / width;
        let (mut first, mut last) = (height, 0);
        let mut nodes = Vec::new();
        texts(tree.root(), &mut nodes);
        for text in nodes {
            for span in text.layouted() {
                let opacity = span.fill.as_ref().map_or(0.0, |f| f.opacity().get());
                let alpha = (opacity * 255.0).round() as u32;
                if !span.visible || alpha == 0 {
                    continue;
                }
                for glyph in &span.positioned_glyphs {
                    let Some(mask) = self.mask(tree, glyph) else {
                        continue;
                    };
                    let ts = glyph.outline_transform();
                    let (x, y) = (quantise(ts.tx).0 + mask.left, quantise(ts.ty).0 + mask.top);
                    for (row, line) in mask.coverage.chunks_exact(mask.width).enumerate() {
                        let yy = y + row as i32;
                        if yy < 0 || yy >= height as i32 {
                            continue;
                        }
                        first = first.min(yy as usize);
                        last = last.max(yy as usize + 1);
                        for (col, &m) in line.iter().enumerate() {
                            let xx = x + col as i32;
                            if m == 0 || xx < 0 || xx >= width as i32 {
                                continue;
                            }
                            let top = (m as u32 * alpha + 127) / 255;
                            let under = &mut coverage[yy as usize * width + xx as usize];
                            let base = *under as u32;
                            *under = (base + (top * (255 - base) + 127) / 255) as u8;
                        }
                    }
                }
            }
        }
        (first, last.max(first))
    }
}

/// Fills the outline of `glyph` under `placed` (its scale and sub-pixel
/// offset) into a coverage mask.
fn rasterise(
    tree: &usvg::Tree,
    glyph: &usvg::layout::PositionedGlyph,
    placed: Transform,
) -> Option<Mask> {
    let path = tree.fontdb().with_face_data(glyph.font, |data, index| {
        let font = skrifa::FontRef::from_index(data, index).ok()?;
        let outline = font.outline_glyphs().get(glyph.id.into())?;
        let mut pen = Pen(PathBuilder::new());
        let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
        outline.draw(settings, &mut pen).ok()?;
        pen.0.finish()
    })??;
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
