//! Generated 1200×630 preview cards ("og:image") for pages without their
//! own picture: title, section, event date and place, site name and logo,
//! in the theme's colours. Laid out here as SVG (the frame every card of a
//! site shares, and each card's text) and rasterised with resvg using the
//! Inter font embedded in the binary, so every machine renders the same
//! pixels; [`super::canvas`] draws the frame once and encodes the cards.
//! Cards are cached on disk by a hash of their inputs.

use std::sync::{Arc, OnceLock};

use base64::Engine;
use skrifa::prelude::{FontRef, LocationRef, MetadataProvider, Size};

use crate::error::Result;

/// Card size, the one every network recommends.
pub const WIDTH: u32 = 1200;
/// Card height.
pub const HEIGHT: u32 = 630;

/// Bump when the fonts, the rasteriser or the encoder change (the drawing
/// code is hashed too).
const VERSION: &str = "kiez-card-inter-4.0b7-resvg-0.49-png-0.18-indexed";
/// The drawing code: any change to it renames every card.
const DRAWING: [&str; 2] = [include_str!("card.rs"), include_str!("canvas.rs")];

static FONT_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/fonts/Inter-Bold.otf"
));
static FONT_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/fonts/Inter-Regular.otf"
));

const MARGIN: f32 = 80.0;
const TEXT_WIDTH: f32 = WIDTH as f32 - 2.0 * MARGIN;

/// Everything drawn on one card; its hash names the file.
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub struct CardSpec {
    /// Big text.
    pub title: String,
    /// Small uppercase label above it (Magazin, Veranstaltung, FAQ).
    pub section: String,
    /// Date and place of an event, under the title.
    pub detail: Option<String>,
    /// Site name at the bottom.
    pub site_name: String,
    /// The site's logo as SVG text, drawn beside the site name.
    pub logo_svg: Option<String>,
    /// Background colour (`#rrggbb`).
    pub background: String,
}

impl CardSpec {
    /// A stable hash of what the card shows and of the code that draws
    /// it (this file's source, the font and renderer versions), so the
    /// cache never serves a stale card, and naming a card needs no
    /// layout: a warm build lays out no card at all.
    pub fn hash(&self) -> String {
        // The drawing code is the same for every card: hash it once.
        static SEED: OnceLock<crate::util::hash::Fnv> = OnceLock::new();
        let mut h = SEED
            .get_or_init(|| {
                let mut h = crate::util::hash::Fnv::new(VERSION.as_bytes());
                for code in DRAWING {
                    std::hash::Hasher::write(&mut h, code.as_bytes());
                }
                h
            })
            .clone();
        std::hash::Hash::hash(self, &mut h);
        h.hex()
    }

    /// What this card shares with the site's other cards.
    pub fn frame(&self) -> Frame<'_> {
        Frame {
            site_name: &self.site_name,
            logo_svg: self.logo_svg.as_deref(),
            background: &self.background,
        }
    }
}

/// The part of a card every card of a site shares: drawn once per build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Frame<'a> {
    /// Site name at the bottom.
    pub site_name: &'a str,
    /// The site's logo as SVG text.
    pub logo_svg: Option<&'a str>,
    /// Background colour (`#rrggbb`).
    pub background: &'a str,
}

pub(super) fn fontdb() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(FONT_BOLD.to_vec());
        db.load_font_data(FONT_REGULAR.to_vec());
        db.set_sans_serif_family("Inter");
        Arc::new(db)
    })
    .clone()
}

/// Width of `text` in pixels at `size`, from the font's advance widths.
fn measure(font: &FontRef, size: f32, text: &str) -> f32 {
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .map(|c| {
            charmap
                .map(c)
                .and_then(|g| metrics.advance_width(g))
                .unwrap_or(size * 0.6)
        })
        .sum()
}

/// Breaks `text` into lines no wider than `width`. A word wider than a line
/// (German compounds: "Nebenkostenabrechnungsnachzahlung") is split with a
/// hyphen where it overflows.
pub fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let font = FontRef::new(FONT_BOLD).expect("embedded font parses");
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&font, size, &candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // Split an over-long word where it overflows: one pass over its
        // characters, keeping room for the hyphen.
        let hyphen = measure(&font, size, "-");
        let mut rest = String::new();
        let mut rest_width = 0.0;
        for c in word.chars() {
            let w = measure(&font, size, c.encode_utf8(&mut [0; 4]));
            if rest_width + w + hyphen > width && rest.chars().count() > 1 {
                lines.push(format!("{rest}-"));
                rest.clear();
                rest_width = 0.0;
            }
            rest.push(c);
            rest_width += w;
        }
        line = rest;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Picks the biggest title size whose wrapped lines fit in `max_lines`;
/// at the smallest size, cuts the last line with an ellipsis.
fn fit_title(title: &str, max_lines: usize) -> (f32, Vec<String>) {
    // Four lines hold at most a few hundred characters; measuring more
    // would only be cut away.
    let title: String = title.chars().take(400).collect();
    let title = title.as_str();
    const SIZES: [f32; 5] = [78.0, 68.0, 60.0, 54.0, 48.0];
    for size in SIZES {
        let lines = wrap(title, size, TEXT_WIDTH);
        if lines.len() <= max_lines {
            return (size, lines);
        }
    }
    let size = SIZES[SIZES.len() - 1];
    let font = FontRef::new(FONT_BOLD).expect("embedded font parses");
    let mut lines = wrap(title, size, TEXT_WIDTH);
    lines.truncate(max_lines);
    let last = lines.last_mut().expect("at least one line");
    let mut text = last.trim_end_matches('-').to_string();
    while !text.is_empty() && measure(&font, size, &format!("{text} …")) > TEXT_WIDTH {
        text.pop();
    }
    *last = format!("{} …", text.trim_end());
    (size, lines)
}

use crate::util::escape::xml;

/// Accepts `#rgb`/`#rrggbb` only: the colour lands in SVG markup.
pub fn safe_color(color: &str, fallback: &str) -> String {
    let hex = color.strip_prefix('#').unwrap_or("");
    if (hex.len() == 3 || hex.len() == 6) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        color.to_string()
    } else {
        fallback.to_string()
    }
}

/// The frame as SVG markup. Without `colour`, only what is white (at some
/// opacity) on a transparent canvas: its alpha is the white coverage the
/// canvas keeps. With it, the background and the logo too, from which the
/// canvas takes the logo's colours.
pub fn frame_svg(frame: &Frame, colour: bool) -> String {
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">"##
    );
    if colour {
        svg.push_str(&format!(
            r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="{}"/>"##,
            xml(frame.background)
        ));
    }
    svg.push_str(&format!(
        r##"<rect width="20" height="{HEIGHT}" fill="#ffffff" fill-opacity="0.35"/><rect x="{MARGIN}" y="486" width="{TEXT_WIDTH}" height="2" fill="#ffffff" fill-opacity="0.35"/>"##
    ));
    let mut name_x = MARGIN;
    if let Some(logo) = frame.logo_svg {
        // A white tile keeps any logo colour readable on the accent background.
        svg.push_str(&format!(
            r##"<rect x="{MARGIN}" y="512" width="72" height="72" rx="14" fill="#ffffff"/>"##
        ));
        if colour {
            let data = base64::engine::general_purpose::STANDARD.encode(logo);
            svg.push_str(&format!(
                r##"<image x="{}" y="520" width="56" height="56" href="data:image/svg+xml;base64,{data}"/>"##,
                MARGIN + 8.0
            ));
        }
        name_x += 92.0;
    }
    svg.push_str(&format!(
        r##"<text x="{name_x}" y="560" font-family="Inter" font-weight="700" font-size="34" fill="#ffffff">{}</text></svg>"##,
        xml(frame.site_name)
    ));
    svg
}

/// A card's own text as SVG markup, white on a transparent canvas.
pub fn text_svg(spec: &CardSpec) -> String {
    let max_lines = if spec.detail.is_some() { 3 } else { 4 };
    let (size, lines) = fit_title(&spec.title, max_lines);
    let line_height = size * 1.15;
    let block = line_height * lines.len() as f32;
    let detail_height = if spec.detail.is_some() { 72.0 } else { 0.0 };
    // Centre title and detail between the section label and the footer.
    let top = 150.0 + ((470.0 - 150.0) - block - detail_height).max(0.0) / 2.0;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"><text x="{MARGIN}" y="112" font-family="Inter" font-weight="700" font-size="30" letter-spacing="3" fill="#ffffff" fill-opacity="0.85">{section}</text>"##,
        section = xml(&spec.section.to_uppercase()),
    );
    svg.push_str(&format!(
        r##"<text font-family="Inter" font-weight="700" font-size="{size}" fill="#ffffff">"##
    ));
    // Baselines on whole pixels: crisp horizontal edges, and each glyph
    // raster (`super::glyphs`) then serves every line it appears on.
    for (i, line) in lines.iter().enumerate() {
        let y = top + size + i as f32 * line_height;
        svg.push_str(&format!(
            r#"<tspan x="{MARGIN}" y="{y:.0}">{}</tspan>"#,
            xml(line)
        ));
    }
    svg.push_str("</text>");
    if let Some(detail) = &spec.detail {
        let detail_lines = wrap(detail, 34.0, TEXT_WIDTH);
        let y = top + block + 52.0;
        svg.push_str(&format!(
            r##"<text x="{MARGIN}" y="{y:.0}" font-family="Inter" font-weight="400" font-size="34" fill="#ffffff">{}</text>"##,
            xml(detail_lines.first().map(String::as_str).unwrap_or(""))
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Largest logo file drawn on cards; a logo is a few kilobytes, and every
/// card parses it again.
const MAX_LOGO_BYTES: usize = 256 * 1024;
/// How far beyond its own canvas (per side, as a multiple) a logo may draw
/// filter layers. resvg allocates and filters a layer the size of a
/// filter's region: a 246-byte logo whose blur covered a hundred times its
/// size took four seconds per card. Drop shadows and glows need well under
/// twice the size.
const MAX_LOGO_LAYER: f32 = 4.0;

/// Whether `svg` is cheap enough to draw on every card; otherwise why not.
/// Checked once per build by the caller, which leaves the logo out (with a
/// warning) rather than failing a build over decoration.
pub fn check_logo(svg: &str) -> std::result::Result<(), String> {
    if svg.len() > MAX_LOGO_BYTES {
        return Err(format!(
            "is {} KB; logos on social cards may have at most {} KB",
            svg.len() / 1024,
            MAX_LOGO_BYTES / 1024
        ));
    }
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .map_err(|e| format!("cannot be read as SVG: {e}"))?;
    let size = tree.size();
    let (max_w, max_h) = (
        size.width() * MAX_LOGO_LAYER,
        size.height() * MAX_LOGO_LAYER,
    );
    let mut groups = vec![tree.root()];
    while let Some(group) = groups.pop() {
        let layer = group.abs_layer_bounding_box();
        if layer.width() > max_w || layer.height() > max_h {
            return Err(format!(
                "draws a {:.0}×{:.0} layer (a filter region?) on a {:.0}×{:.0} canvas; at most {MAX_LOGO_LAYER} times the canvas is drawn on social cards",
                layer.width(),
                layer.height(),
                size.width(),
                size.height()
            ));
        }
        for node in group.children() {
            if let resvg::usvg::Node::Group(child) = node {
                groups.push(child);
            }
        }
    }
    Ok(())
}

/// Renders one card to PNG bytes. A build draws many cards through one
/// [`super::canvas::Canvas`] instead, which draws the frame only once.
pub fn render_png(spec: &CardSpec) -> Result<Vec<u8>> {
    super::canvas::Canvas::new(&spec.frame())?.draw(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(title: &str) -> CardSpec {
        CardSpec {
            title: title.into(),
            section: "Magazin".into(),
            detail: None,
            site_name: "Hofblatt".into(),
            logo_svg: None,
            background: "#1f6b45".into(),
        }
    }

    #[test]
    fn long_compounds_are_hyphenated_to_fit() {
        let lines = wrap(
            "Nebenkostenabrechnungsnachzahlungsratenvereinbarungsformular",
            78.0,
            TEXT_WIDTH,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines[0].ends_with('-'));
        let font = FontRef::new(FONT_BOLD).unwrap();
        for line in &lines {
            assert!(measure(&font, 78.0, line) <= TEXT_WIDTH, "{line}");
        }
    }

    #[test]
    fn endless_words_are_cut_quickly() {
        // The old cut was cubic: this title took minutes. Now it finishes
        // (no timing asserted here; scripts/bench-build measures speed).
        let (_, lines) = fit_title(&"W".repeat(200_000), 4);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].ends_with('…'));
        assert!(
            text_svg(&spec("a\u{1}b")).contains(">AB<")
                || !text_svg(&spec("a\u{1}b")).contains('\u{1}')
        );
    }

    #[test]
    fn very_long_titles_are_ellipsised_to_four_lines() {
        let (size, lines) = fit_title(&"Sehr langer Titel mit vielen Wörtern ".repeat(10), 4);
        assert_eq!(size, 48.0);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].ends_with('…'));
    }

    #[test]
    fn hash_changes_with_inputs() {
        assert_ne!(spec("A").hash(), spec("B").hash());
        assert_eq!(spec("A").hash(), spec("A").hash());
    }

    #[test]
    fn hostile_text_stays_text() {
        let svg = text_svg(&spec("</text><script>x</script> & \"q\""));
        assert!(!svg.contains("<script>"));
        let png = render_png(&spec("</text><script>x</script> & \"q\"")).unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }

    #[test]
    fn logos_with_huge_filter_regions_are_refused() {
        // Before: this 246-byte logo made every card take seconds to draw.
        let hostile = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><filter id="f" x="-500" y="-500" width="1000" height="1000" filterUnits="userSpaceOnUse"><feGaussianBlur stdDeviation="50"/></filter><circle cx="5" cy="5" r="4" filter="url(#f)"/></svg>"#;
        let err = check_logo(hostile).unwrap_err();
        assert!(err.contains("1000×1000 layer"), "{err}");
        let shadow = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><filter id="f"><feGaussianBlur stdDeviation="0.5"/></filter><circle cx="5" cy="5" r="4" filter="url(#f)"/></svg>"#;
        check_logo(shadow).unwrap();
        assert!(check_logo(&" ".repeat(MAX_LOGO_BYTES + 1)).is_err());
    }

    #[test]
    fn colors_are_validated() {
        assert_eq!(safe_color("#1f6b45", "#000"), "#1f6b45");
        assert_eq!(safe_color("red\"/><script>", "#000"), "#000");
    }
}
