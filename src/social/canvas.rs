//! The pixels of share cards. What every card of a site shows alike
//! (background, stripe, rule, logo tile and logo, site name) is drawn once
//! per build into a [`Canvas`]; a card then only lays out its own text
//! (section label, title, event line), composes it from glyphs rasterised
//! once per build (`super::glyphs`), and is written as an 8-bit indexed PNG
//! at the encoder's fast setting.
//!
//! Everything on a card but the logo is white at some opacity over the
//! background colour, so such a pixel is one number, its white coverage,
//! and the palette is a ramp from background to white plus the logo's own
//! colours. That keeps cards sharp (a ramp of 160 or more steps where
//! anti-aliasing needs far fewer; the logo in its exact colours unless it
//! has very many) and small, and it makes encoding cheap: a third of the
//! bytes of RGB, and background runs are zeros.

use std::collections::BTreeMap;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

use super::card::{self, CardSpec, Frame};
use super::format::Geometry;
use super::glyphs::Band;
use crate::error::{Error, Result};

/// Palette entries kept for the logo's colours; the rest is the ramp.
const LOGO_COLORS: usize = 96;

/// What every card of one frame shares, drawn once.
pub struct Canvas {
    /// Size and places of the frame's format.
    geometry: &'static Geometry,
    /// White coverage of the shared elements per pixel (0: background).
    coverage: Vec<u8>,
    /// The shared elements as palette indices, row by row.
    indices: Vec<u8>,
    /// The same rows as the PNG stores them ([`filter`]).
    rows: Vec<u8>,
    /// Palette as RGB triples: the ramp first (index 0 is the background,
    /// so background runs are zero bytes), then the logo's colours.
    palette: Vec<u8>,
    /// Palette index of each white coverage.
    ramp: [u8; 256],
    glyphs: super::glyphs::Glyphs,
}

/// Renders `svg` to a pixmap of `width`×`height` whose top-left corner is
/// at (`x`, `y`) of the SVG's canvas.
fn raster(tree: &usvg::Tree, x: i32, y: i32, width: u32, height: u32) -> Pixmap {
    let mut pixmap = Pixmap::new(width, height).expect("non-zero size");
    let shift = Transform::from_translate(-x as f32, -y as f32);
    resvg::render(tree, shift, &mut pixmap.as_mut());
    pixmap
}

fn parse(svg: &str, options: &usvg::Options, what: &str) -> Result<usvg::Tree> {
    usvg::Tree::from_str(svg, options)
        .map_err(|e| Error::Usage(format!("social card for `{what}`: {e}")))
}

/// `#rgb`/`#rrggbb` (checked by `card::safe_color`) as bytes.
fn rgb(color: &str) -> [u8; 3] {
    let hex = color.trim_start_matches('#');
    let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).unwrap_or(0);
    if hex.len() == 3 {
        [digit(0) * 17, digit(1) * 17, digit(2) * 17]
    } else {
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("0"), 16).unwrap_or(0);
        [byte(0), byte(2), byte(4)]
    }
}

/// White over `bg` at `coverage`/255, rounded.
fn tint(bg: [u8; 3], coverage: u32) -> [u8; 3] {
    bg.map(|c| (c as u32 + ((255 - c as u32) * coverage + 127) / 255) as u8)
}

/// The logo's distinct colours, made fewer by rounding away low bits
/// until at most `LOGO_COLORS` are left (only a photo-like logo needs
/// that; a flat logo keeps its exact colours). Returns each pixel's colour.
fn logo_colors(pixels: &[[u8; 3]]) -> Vec<[u8; 3]> {
    let round = |c: u8, bits: u32| -> u8 {
        let step = 1u32 << bits;
        ((c as u32 + step / 2) / step * step).min(255) as u8
    };
    for bits in 0..8 {
        let rounded: Vec<[u8; 3]> = pixels.iter().map(|p| p.map(|c| round(c, bits))).collect();
        let mut distinct = rounded.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() <= LOGO_COLORS {
            return rounded;
        }
    }
    unreachable!("rounding away seven bits leaves at most 27 colours")
}

/// Appends `row` as a PNG stores it with filter type Sub (1): the type,
/// then each byte minus the one before it. Runs of one colour become
/// runs of zeros, which the fast encoder stores as back-references.
fn filter(row: &[u8], out: &mut Vec<u8>) {
    out.push(1);
    out.extend(row.first());
    out.extend(row[1..].iter().zip(row).map(|(b, a)| b.wrapping_sub(*a)));
}

impl Canvas {
    /// Draws the shared elements of `frame`.
    pub fn new(frame: &Frame) -> Result<Canvas> {
        let options = usvg::Options {
            fontdb: card::fontdb(),
            font_family: "Inter".into(),
            ..Default::default()
        };
        let geometry = frame.format.geometry();
        let width = geometry.width as usize;
        let white = parse(&card::frame_svg(frame, false), &options, frame.site_name)?;
        let white = raster(&white, 0, 0, geometry.width, geometry.height);
        let coverage: Vec<u8> = white.pixels().iter().map(|p| p.alpha()).collect();
        let bg = rgb(frame.background);

        // The logo's pixels in full colour (over the white tile).
        let (lx, ly, size) = geometry.logo_box(frame.rtl());
        let mut logo = Vec::new();
        if frame.logo_svg.is_some() {
            let full = parse(&card::frame_svg(frame, true), &options, frame.site_name)?;
            let full = raster(&full, lx as i32, ly as i32, size as u32, size as u32);
            // The frame is opaque, so premultiplied pixels are the colours.
            logo = full
                .pixels()
                .iter()
                .map(|p| [p.red(), p.green(), p.blue()])
                .collect();
            logo = logo_colors(&logo);
        }
        let mut distinct = logo.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let steps = 256 - distinct.len().min(LOGO_COLORS);
        let mut palette: Vec<u8> = (0..steps)
            .flat_map(|k| tint(bg, (k * 255 / (steps - 1)) as u32))
            .collect();
        let mut logo_index = BTreeMap::new();
        for (i, color) in distinct.iter().enumerate() {
            logo_index.insert(*color, (steps + i) as u8);
            palette.extend_from_slice(color);
        }
        let mut ramp = [0u8; 256];
        for (c, index) in ramp.iter_mut().enumerate() {
            *index = ((c * (steps - 1) + 127) / 255) as u8;
        }
        let mut indices: Vec<u8> = coverage.iter().map(|&c| ramp[c as usize]).collect();
        for (i, color) in logo.iter().enumerate() {
            let at = (ly + i / size) * width + lx + i % size;
            indices[at] = logo_index[color];
        }
        let mut rows = Vec::with_capacity(indices.len() + geometry.height as usize);
        for row in indices.chunks_exact(width) {
            filter(row, &mut rows);
        }
        Ok(Canvas {
            geometry,
            coverage,
            indices,
            rows,
            palette,
            ramp,
            glyphs: Default::default(),
        })
    }

    /// The card for `spec` as PNG bytes: its text drawn onto the shared
    /// elements.
    pub fn draw(&self, spec: &CardSpec) -> Result<Vec<u8>> {
        let sheet = super::glyphs::Sheet {
            width: self.geometry.width as usize,
            coverage: &self.coverage,
            indices: &self.indices,
            ramp: &self.ramp,
        };
        let band = self.glyphs.draw(&super::glyphs::card(spec), sheet);
        self.encode(&band)
            .map_err(|e| Error::Usage(format!("social card for `{}`: {e}", spec.title)))
    }

    /// The card as an 8-bit indexed PNG: the shared rows as filtered once,
    /// the band's rows filtered now, each row handed to the fast encoder
    /// as png's own writer does at `Compression::Fast`.
    fn encode(&self, band: &Band) -> std::result::Result<Vec<u8>, png::EncodingError> {
        let g = self.geometry;
        let width = g.width as usize;
        let mut out = Vec::with_capacity(64 * 1024);
        let mut encoder = png::Encoder::new(&mut out, g.width, g.height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(&self.palette[..]);
        let mut writer = encoder.write_header()?;
        let mut data = fdeflate::Compressor::new(Vec::with_capacity(64 * 1024))?;
        let drawn = band.first..band.first + band.indices.len() / width;
        let mut row = Vec::with_capacity(width + 1);
        for (y, shared) in self.rows.chunks_exact(width + 1).enumerate() {
            if drawn.contains(&y) {
                row.clear();
                filter(&band.indices[(y - band.first) * width..][..width], &mut row);
                data.write_data(&row)?;
            } else {
                data.write_data(shared)?;
            }
        }
        writer.write_chunk(png::chunk::IDAT, &data.finish()?)?;
        writer.finish()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::format::Format;
    use super::*;

    const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><path d="M32 5C40 12 55 22 55 37C55 48 46 55 37 53C35 52.5 33.5 51.5 32 50C30.5 51.5 28 53 25 53.5C15 55 8 47 9 37C10 22 24 12 32 5Z" fill="#2f6b45"/><path d="M32 22L43 31.5V44H21V31.5Z" fill="#e3a83b"/></svg>"##;

    fn spec(title: &str, detail: Option<&str>) -> CardSpec {
        CardSpec {
            title: title.into(),
            section: "Nachbarschaft".into(),
            detail: detail.into_iter().map(Into::into).collect(),
            site_name: "Hofblatt".into(),
            logo_svg: Some(LOGO.into()),
            background: "#1f6b45".into(),
            format: Format::Card,
            url: None,
        }
    }

    fn decode(png: &[u8], format: Format) -> Vec<u8> {
        let g = format.geometry();
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("PNG decodes");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("frame decodes");
        assert_eq!((info.width, info.height), (g.width, g.height));
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf
    }

    /// The card as resvg draws it in one piece, in full colour: frame and
    /// text in one SVG.
    fn reference(spec: &CardSpec) -> Vec<u8> {
        let frame = card::frame_svg(&spec.frame(), true);
        let text = super::super::layout::text_svg(spec);
        let body = |svg: &str| {
            let start = svg.find('>').unwrap() + 1;
            svg[start..svg.len() - "</svg>".len()].to_string()
        };
        let svg = frame.replacen(&body(&frame), &(body(&frame) + &body(&text)), 1);
        let options = usvg::Options {
            fontdb: card::fontdb(),
            font_family: "Inter".into(),
            ..Default::default()
        };
        let tree = usvg::Tree::from_str(&svg, &options).unwrap();
        let g = spec.format.geometry();
        let pixmap = raster(&tree, 0, 0, g.width, g.height);
        pixmap
            .pixels()
            .iter()
            .flat_map(|p| [p.red(), p.green(), p.blue()])
            .collect()
    }

    #[test]
    fn cards_match_resvg_drawing_them_whole() {
        // Drawing the frame once and the text from cached glyphs, with a
        // palette, must look like the whole card drawn in full colour:
        // the same pixels but where a glyph edge falls on another quarter
        // pixel (glyphs are placed at eighths of a pixel, and tiny-skia
        // samples edges at quarter pixels: one step is 64 of 255).
        for spec in [
            spec("Mieterfest im Hof: Größer als je zuvor", None),
            spec(
                "Nebenkostenabrechnungsnachzahlungsratenvereinbarung",
                Some("Dienstag, 8. Dezember 2026, 19:00 Uhr · Nachbarschaftstreff"),
            ),
            CardSpec {
                format: Format::Square,
                url: Some("hofblatt.example/events/hoffest".into()),
                detail: vec![
                    "Samstag, 5. Dezember 2026, 15:00 Uhr".into(),
                    "Innenhof".into(),
                ],
                ..spec("Hoffest mit Glühwein", None)
            },
            CardSpec {
                format: Format::Story,
                url: Some("hofblatt.example/articles/fassaden-daemmung".into()),
                ..spec("Fassadendämmung im Kastanienweg", None)
            },
            // Arabic, right to left, with a Latin street name and digits,
            // on a site whose name mirrors the footer.
            CardSpec {
                site_name: "هوف بلات".into(),
                section: "فعالية".into(),
                ..spec(
                    "حفلة الصيف في الفناء: موسيقى وطعام للجميع",
                    Some("السبت 4 يوليو 2026، 15:00 · الفناء، Lindenstraße 12"),
                )
            },
            CardSpec {
                format: Format::Square,
                site_name: "هوف بلات".into(),
                url: Some("hofblatt.example/ar/events/hoffest".into()),
                detail: vec!["السبت 4 يوليو 2026، 15:00".into(), "الفناء الداخلي".into()],
                ..spec("حفلة الصيف في الفناء: موسيقى وطعام للجميع", None)
            },
        ] {
            let ours = decode(
                &Canvas::new(&spec.frame()).unwrap().draw(&spec).unwrap(),
                spec.format,
            );
            let whole = reference(&spec);
            let diffs: Vec<u32> = ours
                .iter()
                .zip(&whole)
                .map(|(a, b)| a.abs_diff(*b) as u32)
                .collect();
            let max = diffs.iter().max().unwrap();
            let mean = diffs.iter().sum::<u32>() as f64 / diffs.len() as f64;
            let off = diffs.iter().filter(|d| **d > 2).count() as f64 / diffs.len() as f64;
            eprintln!("MEASURE max {max} mean {mean} off {off}");
            // Measured: at most 57 apart, 0.06 and 0.14 on average, 0.3
            // and 0.6 % of the channels more than 2 apart. A title moved by
            // a pixel or left out fails this.
            assert!(
                *max <= 64 && mean < 0.25 && off < 0.01,
                "max {max}, mean {mean}, {off} more than 2 apart"
            );
            // Not trivially equal: the title is there, in white.
            assert!(ours.chunks(3).filter(|p| p == &[255, 255, 255]).count() > 20_000);
        }
    }

    #[test]
    fn one_canvas_draws_each_card_as_a_fresh_one_would() {
        let a = spec("Erster Titel", None);
        let b = spec("Ganz anderer, längerer Titel über zwei Zeilen hinweg", None);
        let canvas = Canvas::new(&a.frame()).unwrap();
        let (first, second, again) = (
            canvas.draw(&a).unwrap(),
            canvas.draw(&b).unwrap(),
            canvas.draw(&a).unwrap(),
        );
        assert_eq!(first, again);
        assert_ne!(first, second);
        assert_eq!(second, Canvas::new(&b.frame()).unwrap().draw(&b).unwrap());
    }

    #[test]
    fn cards_are_the_bytes_pngs_own_writer_makes() {
        // The shared rows are filtered once and the encoder is fed row by
        // row; the file must be what png writes for the same indices at
        // the fast setting with the Sub filter (which kiez used before).
        for spec in [
            spec("Mieterfest im Hof: Größer als je zuvor", None),
            CardSpec {
                format: Format::Story,
                url: Some("hofblatt.example/articles/fassaden-daemmung".into()),
                ..spec("Fassadendämmung im Kastanienweg", Some("Innenhof"))
            },
        ] {
            let ours = Canvas::new(&spec.frame()).unwrap().draw(&spec).unwrap();
            let mut reader = png::Decoder::new(std::io::Cursor::new(&ours))
                .read_info()
                .unwrap();
            let mut indices = vec![0; reader.output_buffer_size().unwrap()];
            let info = reader.next_frame(&mut indices).unwrap();
            assert_eq!(info.color_type, png::ColorType::Indexed);
            let palette = reader.info().palette.clone().unwrap();
            let mut theirs = Vec::new();
            let mut encoder = png::Encoder::new(&mut theirs, info.width, info.height);
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_depth(png::BitDepth::Eight);
            encoder.set_palette(palette.to_vec());
            encoder.set_compression(png::Compression::Fast);
            encoder.set_filter(png::Filter::Sub);
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(&indices).unwrap();
            writer.finish().unwrap();
            assert_eq!(ours, theirs);
            // Not a blank card: the title's white is in it.
            let white = palette
                .chunks(3)
                .position(|c| c == [255, 255, 255])
                .unwrap();
            assert!(indices.iter().filter(|&&i| i as usize == white).count() > 10_000);
        }
    }

    #[test]
    fn colours_parse() {
        assert_eq!(rgb("#1f6b45"), [0x1f, 0x6b, 0x45]);
        assert_eq!(rgb("#fff"), [255, 255, 255]);
        assert_eq!(tint([0, 0, 0], 255), [255, 255, 255]);
        assert_eq!(tint([10, 20, 30], 0), [10, 20, 30]);
    }

    #[test]
    fn many_coloured_logos_are_reduced_to_their_share_of_the_palette() {
        let pixels: Vec<[u8; 3]> = (0..56 * 56)
            .map(|i| [(i % 256) as u8, (i / 13 % 256) as u8, (i * 7 % 256) as u8])
            .collect();
        let mut reduced = logo_colors(&pixels);
        reduced.sort_unstable();
        reduced.dedup();
        assert!(reduced.len() <= LOGO_COLORS, "{}", reduced.len());
        assert!(reduced.len() > 8, "reduced more than needed");
    }
}
