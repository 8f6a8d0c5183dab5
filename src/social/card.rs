//! Generated share images: the 1200×630 preview card ("og:image") of pages
//! without their own picture, and the square and story images of articles
//! and events ([`super::format`]): title, section, event date and place,
//! site name and logo, in the theme's colours, and on square and story
//! images the page's short URL. The frame every image of a site and
//! format shares is laid out here as SVG, each image's text in
//! [`super::layout`]; both are rasterised with resvg using the Inter font
//! embedded in the binary, so every machine renders the same pixels.
//! [`super::canvas`] draws the frame once and encodes the images, which
//! are cached on disk by a hash of their inputs.

use std::sync::{Arc, OnceLock};

use base64::Engine;

use super::format::Format;
use crate::error::Result;

/// Link card size, the one every network recommends.
pub const WIDTH: u32 = 1200;
/// Link card height.
pub const HEIGHT: u32 = 630;

/// Bump when the fonts, the rasteriser or the encoder change (the drawing
/// code is hashed too).
const VERSION: &str = "kiez-card-inter-4.0b7-resvg-0.49-png-0.18-indexed";
/// The drawing code: any change to it renames every card.
const DRAWING: [&str; 6] = [
    include_str!("card.rs"),
    include_str!("canvas.rs"),
    include_str!("format.rs"),
    include_str!("glyphs.rs"),
    include_str!("layout.rs"),
    include_str!("shape.rs"),
];

pub(super) static FONT_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/fonts/Inter-Bold.otf"
));
pub(super) static FONT_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/fonts/Inter-Regular.otf"
));
/// Noto Sans Arabic, subset by `scripts/subset-arabic-font` (SIL Open Font
/// License, `themes/default/fonts/LICENSE-NotoSansArabic.txt`): Arabic
/// text on cards, joined and shaped ([`super::shape`]).
pub(super) static ARABIC_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/fonts/NotoSansArabic-Bold.ttf"
));
pub(super) static ARABIC_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/fonts/NotoSansArabic-Regular.ttf"
));

/// Everything drawn on one share image; its hash names the file.
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub struct CardSpec {
    /// Big text.
    pub title: String,
    /// Small uppercase label above it (Magazin, Veranstaltung, FAQ).
    pub section: String,
    /// Date and place of an event, under the title: the link card
    /// joins them on one line, taller formats give each its lines.
    pub detail: Vec<String>,
    /// Site name at the bottom.
    pub site_name: String,
    /// The site's logo as SVG text, drawn beside the site name.
    pub logo_svg: Option<String>,
    /// Background colour (`#rrggbb`).
    pub background: String,
    /// The image's shape.
    pub format: Format,
    /// The page's address without `https://`, printed where the image
    /// is not a link (square and story images).
    pub url: Option<String>,
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

    /// What this card shares with the site's other cards of its format.
    pub fn frame(&self) -> Frame<'_> {
        Frame {
            site_name: &self.site_name,
            logo_svg: self.logo_svg.as_deref(),
            background: &self.background,
            format: self.format,
        }
    }
}

impl Frame<'_> {
    /// Whether the site's name reads right to left: then the footer is
    /// mirrored, logo tile at the right.
    pub fn rtl(&self) -> bool {
        super::shape::is_rtl(self.site_name)
    }
}

/// The part of a card every card of a site and format shares: drawn once
/// per build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Frame<'a> {
    /// Site name at the bottom.
    pub site_name: &'a str,
    /// The site's logo as SVG text.
    pub logo_svg: Option<&'a str>,
    /// Background colour (`#rrggbb`).
    pub background: &'a str,
    /// The image's shape.
    pub format: Format,
}

pub(super) fn fontdb() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(FONT_BOLD.to_vec());
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(ARABIC_BOLD.to_vec());
        db.load_font_data(ARABIC_REGULAR.to_vec());
        db.set_sans_serif_family("Inter");
        Arc::new(db)
    })
    .clone()
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
    let g = frame.format.geometry();
    let (width, height, margin) = (g.width, g.height, g.margin);
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">"##
    );
    if colour {
        svg.push_str(&format!(
            r##"<rect width="{width}" height="{height}" fill="{}"/>"##,
            xml(frame.background)
        ));
    }
    svg.push_str(&format!(
        r##"<rect width="{}" height="{height}" fill="#ffffff" fill-opacity="0.35"/><rect x="{margin}" y="{}" width="{}" height="2" fill="#ffffff" fill-opacity="0.35"/>"##,
        g.stripe,
        g.rule,
        g.text_width()
    ));
    let rtl = frame.rtl();
    let mut name_x = margin;
    let mut name_right = width as f32 - margin;
    if let Some(logo) = frame.logo_svg {
        let (top, size, radius, _) = g.tile;
        let left = g.tile_left(rtl);
        // A white tile keeps any logo colour readable on the accent background.
        svg.push_str(&format!(
            r##"<rect x="{left}" y="{top}" width="{size}" height="{size}" rx="{radius}" fill="#ffffff"/>"##
        ));
        if colour {
            let (x, y, inner) = g.logo_box(rtl);
            let data = base64::engine::general_purpose::STANDARD.encode(logo);
            svg.push_str(&format!(
                r##"<image x="{x}" y="{y}" width="{inner}" height="{inner}" href="data:image/svg+xml;base64,{data}"/>"##,
            ));
        }
        name_x += size + 20.0;
        name_right -= size + 20.0;
    }
    let (name_y, name_size) = g.name;
    let name = super::shape::shape_line(frame.site_name, name_size, true, rtl);
    let text = if name.is_plain() {
        svg.push_str(&format!(r#"<text x="{name_x}" y="{name_y}""#));
        xml(frame.site_name)
    } else {
        svg.push_str("<text");
        let x = if rtl { name_right - name.width } else { name_x };
        super::shape::tspans(&name, x, name_y)
    };
    svg.push_str(&format!(
        r##" font-family="Inter" font-weight="700" font-size="{name_size}" fill="#ffffff">{text}</text></svg>"##
    ));
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
            detail: Vec::new(),
            site_name: "Hofblatt".into(),
            logo_svg: None,
            background: "#1f6b45".into(),
            format: Format::Card,
            url: None,
        }
    }

    #[test]
    fn hash_changes_with_inputs() {
        assert_ne!(spec("A").hash(), spec("B").hash());
        assert_eq!(spec("A").hash(), spec("A").hash());
        let square = CardSpec {
            format: Format::Square,
            ..spec("A")
        };
        assert_ne!(square.hash(), spec("A").hash());
    }

    #[test]
    fn hostile_text_stays_text() {
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
