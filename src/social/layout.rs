//! Where a share image's own text goes: the title wrapped and shrunk until
//! it fits its format's area (whole words first, a word split with a
//! hyphen only when no size leaves it whole), the event lines under it,
//! and the short URL printed at the bottom of square and story images.
//! [`layout`] returns every line with its measured width, so tests can
//! check that nothing leaves the safe area. [`text_svg`] writes it as
//! SVG: the card's text as resvg would draw it, which `super::glyphs`
//! reproduces from the same shaped runs without parsing it (the canvas
//! tests compare the two).

use super::card::CardSpec;
use super::format::{Format, Geometry};
use super::shape::{self, is_rtl, Measure, Shaped};
use crate::util::escape::xml;

/// Line height of titles, as a multiple of their size.
const LEADING: f32 = 1.15;

/// One line of text as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The text, in logical order.
    pub text: String,
    /// Left edge: the safe area's left edge, or for an aligned-right line
    /// its right edge less the line's width.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Font size in pixels.
    pub size: f32,
    /// Width as drawn (shaped, in the line's own weight).
    pub width: f32,
    /// Drawn bold (titles; the date on square and story images).
    pub bold: bool,
    /// Part of a right-to-left paragraph (ordered and shaped so).
    pub rtl: bool,
    /// Aligned right: every line of an image whose title reads right to
    /// left, so a Latin address or URL lines up under an Arabic title.
    pub right: bool,
    /// The line's runs in visual order, each of one font and direction.
    pub shaped: Shaped,
}

/// A share image's text, placed.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The format laid out for.
    pub format: Format,
    /// Size of the title's lines.
    pub title_size: f32,
    /// Left and right edge of the safe area text must stay within.
    pub safe: (f32, f32),
    /// The title's lines (all of one size).
    pub title: Vec<Line>,
    /// Event lines (date and time, place).
    pub detail: Vec<Line>,
    /// The printed short URL.
    pub url: Vec<Line>,
    /// Whether a word had to be split or the title cut short: only for
    /// titles no size of the format holds whole.
    pub cut: bool,
}

impl Layout {
    /// Every line, title first.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.title.iter().chain(&self.detail).chain(&self.url)
    }
}

/// Breaks `text` into lines no wider than `width`, at spaces but not at
/// no-break spaces ("19:00\u{a0}Uhr"). A word wider than a line (German
/// compounds: "Nebenkostenabrechnungsnachzahlung") is split with a hyphen
/// where it overflows. Measured shaped, in the bold face.
pub fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut measure = Measure::new(true, is_rtl(text));
    wrap_words(text, size, width, true, &mut measure).unwrap_or_default()
}

/// [`wrap`]; `None` when a word does not fit a line and `split` is off.
fn wrap_words(
    text: &str,
    size: f32,
    width: f32,
    split: bool,
    measure: &mut Measure,
) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    let space = measure.piece(" ", size);
    let words = text
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|w| !w.is_empty());
    for word in words {
        let word_width = measure.piece(word, size);
        let candidate = if line.is_empty() {
            word_width
        } else {
            line_width + space + word_width
        };
        if candidate <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            line_width = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if word_width <= width {
            line = word.to_string();
            line_width = word_width;
            continue;
        }
        if !split {
            return None;
        }
        // Split an over-long word where it overflows: one pass over its
        // characters, keeping room for the hyphen.
        let hyphen = measure.piece("-", size);
        let mut rest = String::new();
        let mut rest_width = 0.0;
        for c in word.chars() {
            let w = measure.piece(c.encode_utf8(&mut [0; 4]), size);
            if rest_width + w + hyphen > width && rest.chars().count() > 1 {
                lines.push(format!("{rest}-"));
                rest.clear();
                rest_width = 0.0;
            }
            rest.push(c);
            rest_width += w;
        }
        line = rest;
        line_width = rest_width;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Some(lines)
}

/// Picks the biggest title size whose lines fit: at most `max_lines`, no
/// taller than `room`, words whole if any size allows. At the smallest
/// size, cuts the last line with an ellipsis. Returns the size, the lines
/// and whether anything was cut.
fn fit_title(title: &str, g: &Geometry, max_lines: usize, room: f32) -> (f32, Vec<String>, bool) {
    // The most lines hold at most a few hundred characters; measuring more
    // would only be cut away.
    let title: String = title.chars().take(400).collect();
    let title = title.as_str();
    let width = g.text_width();
    let mut measure = Measure::new(true, is_rtl(title));
    let fits = |size: f32, lines: &[String]| {
        lines.len() <= max_lines && lines.len() as f32 * size * LEADING <= room
    };
    for split in [false, true] {
        for &size in g.title_sizes {
            if let Some(lines) = wrap_words(title, size, width, split, &mut measure) {
                if fits(size, &lines) {
                    let cut = split && lines.iter().any(|l| l.ends_with('-'));
                    return (size, lines, cut);
                }
            }
        }
    }
    let size = g.title_sizes[g.title_sizes.len() - 1];
    let most = max_lines.min((room / (size * LEADING)) as usize).max(1);
    let mut lines = wrap(title, size, width);
    lines.truncate(most);
    ellipsise(lines.last_mut().expect("at least one line"), size, width);
    (size, lines, true)
}

/// Shortens `line` until it fits `width` with " …" after it (at its end:
/// on the left of a right-to-left line).
fn ellipsise(line: &mut String, size: f32, width: f32) {
    let rtl = is_rtl(line);
    let mut text = line.trim_end_matches('-').to_string();
    while !text.is_empty() && shape::width(&format!("{text} …"), size, true, rtl) > width {
        text.pop();
    }
    *line = format!("{} …", text.trim_end());
}

/// The event lines at the format's detail size, whether each is bold, and
/// whether it reads right to left (each item is a paragraph of its own):
/// the link card keeps one line (its items joined), taller formats wrap
/// each item and set the first (the date) in bold.
fn detail_lines(spec: &CardSpec, g: &Geometry) -> Vec<(String, bool, bool)> {
    let (size, _, _, most) = g.detail;
    let width = g.text_width();
    if most == 1 {
        let joined = spec.detail.join(" · ");
        let rtl = is_rtl(&joined);
        return wrap(&joined, size, width)
            .into_iter()
            .take(1)
            .map(|l| (l, false, rtl))
            .collect();
    }
    let mut lines: Vec<(String, bool, bool)> = spec
        .detail
        .iter()
        .enumerate()
        .flat_map(|(i, item)| {
            let rtl = is_rtl(item);
            wrap(item, size, width)
                .into_iter()
                .map(move |l| (l, i == 0, rtl))
        })
        .collect();
    if lines.len() > most {
        lines.truncate(most);
        ellipsise(&mut lines.last_mut().expect("lines").0, size, width);
    }
    lines
}

/// Pieces a URL may break between: before a `/`, after a `-` or `.`.
fn url_pieces(url: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    for c in url.chars() {
        if c == '/' && !pieces.last().is_some_and(String::is_empty) {
            pieces.push(String::new());
        }
        pieces.last_mut().expect("one piece").push(c);
        if c == '-' || c == '.' {
            pieces.push(String::new());
        }
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// The short URL in as few lines as fit, at the biggest size that holds
/// it in the format's lines; a URL that fits nowhere is cut to its host.
fn url_lines(url: &str, g: &Geometry) -> (f32, Vec<String>) {
    let Some((_, biggest, smallest, _, most)) = g.url else {
        return (0.0, Vec::new());
    };
    let mut measure = Measure::new(true, false);
    let width = g.text_width();
    let pieces = url_pieces(url);
    // Host and path on a line each read best, when both fit.
    let by_host = url
        .split_once('/')
        .map(|(host, path)| vec![host.to_string(), format!("/{path}")]);
    let mut size = biggest;
    while size >= smallest {
        if let Some(lines) = by_host.as_ref().filter(|_| most >= 2) {
            if measure.piece(url, size) > width
                && lines.iter().all(|l| measure.piece(l, size) <= width)
            {
                return (size, lines.clone());
            }
        }
        let mut lines: Vec<(String, f32)> = vec![(String::new(), 0.0)];
        for piece in &pieces {
            let piece_width = measure.piece(piece, size);
            let (last, last_width) = lines.last_mut().expect("a line");
            if last.is_empty() || *last_width + piece_width <= width {
                last.push_str(piece);
                *last_width += piece_width;
            } else {
                lines.push((piece.clone(), piece_width));
            }
        }
        if lines.len() <= most && lines.iter().all(|(_, w)| *w <= width) {
            return (size, lines.into_iter().map(|(l, _)| l).collect());
        }
        size -= 2.0;
    }
    let mut host = url.split('/').next().unwrap_or_default().to_string();
    if measure.piece(&host, smallest) > width {
        ellipsise(&mut host, smallest, width);
    }
    (smallest, vec![host])
}

/// Places every line of `spec`'s own text.
pub fn layout(spec: &CardSpec) -> Layout {
    let g = spec.format.geometry();
    let detail = detail_lines(spec, g);
    let (detail_size, gap, detail_step, _) = g.detail;
    let detail_height = if detail.is_empty() {
        0.0
    } else {
        gap + 20.0 + detail_step * (detail.len() - 1) as f32
    };
    let max_lines = if detail.is_empty() {
        g.title_lines.0
    } else {
        g.title_lines.1
    };
    let room = g.title_limit - g.title_top - detail_height;
    let (size, lines, cut) = fit_title(&spec.title, g, max_lines, room);
    let line_height = size * LEADING;
    let block = line_height * lines.len() as f32;
    // Centre title and detail between the section label and the footer.
    let top = g.title_top
        + ((g.title_centre_bottom - g.title_top) - block - detail_height).max(0.0) / 2.0;
    let safe = (g.margin, g.width as f32 - g.margin);
    let right = is_rtl(&spec.title);
    let line = |text: String, y: f32, size: f32, bold: bool, rtl: bool| {
        let shaped = shape::shape_line(&text, size, bold, rtl);
        Line {
            width: shaped.width,
            x: if right { safe.1 - shaped.width } else { safe.0 },
            text,
            y,
            size,
            bold,
            rtl,
            right,
            shaped,
        }
    };
    let title = lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let y = top + size + i as f32 * line_height;
            line(text, y, size, true, right)
        })
        .collect();
    let detail = detail
        .into_iter()
        .enumerate()
        .map(|(i, (text, bold, rtl))| {
            let y = top + block + gap + i as f32 * detail_step;
            line(text, y, detail_size, bold, rtl)
        })
        .collect();
    let url = match (&spec.url, g.url) {
        (Some(url), Some((first, _, _, step, _))) => {
            let (size, lines) = url_lines(url, g);
            lines
                .into_iter()
                .enumerate()
                .map(|(i, text)| line(text, first + i as f32 * step, size, false, false))
                .collect()
        }
        _ => Vec::new(),
    };
    Layout {
        format: spec.format,
        title_size: size,
        safe,
        title,
        detail,
        url,
        cut,
    }
}

/// The section label, and the letter spacing it is set with: plain Inter
/// text is spaced; on an image whose title reads right to left, or with
/// Arabic in it, it is set without spacing (spacing would pull joined
/// letters apart) and aligned with the title.
pub fn label(spec: &CardSpec) -> (Line, f32) {
    let g = spec.format.geometry();
    let (y, size, spacing) = g.label;
    let text = spec.section.to_uppercase();
    let (right, rtl) = (is_rtl(&spec.title), is_rtl(&text));
    let shaped = shape::shape_line(&text, size, true, rtl);
    let spaced = shaped.is_plain() && !right;
    let x = if right {
        g.width as f32 - g.margin - shaped.width
    } else {
        g.margin
    };
    let line = Line {
        text,
        x,
        y,
        size,
        width: shaped.width,
        bold: true,
        rtl,
        right,
        shaped,
    };
    (line, if spaced { spacing } else { 0.0 })
}

fn label_svg(spec: &CardSpec) -> String {
    let (line, spacing) = label(spec);
    let open = r##"font-family="Inter" font-weight="700""##;
    let paint = r##"fill="#ffffff" fill-opacity="0.85""##;
    let size = line.size;
    if spacing != 0.0 {
        return format!(
            r##"<text x="{}" y="{}" {open} font-size="{size}" letter-spacing="{spacing}" {paint}>{}</text>"##,
            line.x,
            line.y,
            xml(&line.text)
        );
    }
    format!(
        r##"<text {open} font-size="{size}" {paint}>{}</text>"##,
        shape::tspans(&line.shaped, line.x, line.y)
    )
}

/// A share image's own text as SVG markup, white on a transparent canvas.
/// A German line is one plain text chunk; a line with Arabic in it one
/// chunk per run ([`shape::tspans`]).
pub fn text_svg(spec: &CardSpec) -> String {
    let g = spec.format.geometry();
    let placed = layout(spec);
    let (width, height) = (g.width, g.height);
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">"##
    );
    svg.push_str(&label_svg(spec));
    svg.push_str(&format!(
        r##"<text font-family="Inter" font-weight="700" font-size="{}" fill="#ffffff">"##,
        placed.title_size
    ));
    // Baselines on whole pixels: crisp horizontal edges, and each glyph
    // raster (`super::glyphs`) then serves every line it appears on.
    for line in &placed.title {
        if line.shaped.is_plain() {
            svg.push_str(&format!(
                r#"<tspan x="{}" y="{:.0}">{}</tspan>"#,
                line.x,
                line.y,
                xml(&line.text)
            ));
        } else {
            svg.push_str(&shape::tspans(&line.shaped, line.x, line.y));
        }
    }
    svg.push_str("</text>");
    for (line, opacity) in placed
        .detail
        .iter()
        .map(|l| (l, ""))
        .chain(placed.url.iter().map(|l| (l, r#" fill-opacity="0.9""#)))
    {
        let style = format!(
            r##"font-family="Inter" font-weight="{}" font-size="{}" fill="#ffffff"{opacity}"##,
            if line.bold { 700 } else { 400 },
            line.size,
        );
        if line.shaped.is_plain() {
            svg.push_str(&format!(
                r##"<text x="{}" y="{:.0}" {style}>{}</text>"##,
                line.x,
                line.y,
                xml(&line.text)
            ));
        } else {
            svg.push_str(&format!(
                "<text {style}>{}</text>",
                shape::tspans(&line.shaped, line.x, line.y)
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(title: &str, format: Format) -> CardSpec {
        CardSpec {
            title: title.into(),
            section: "Magazin".into(),
            detail: Vec::new(),
            site_name: "Hofblatt".into(),
            logo_svg: None,
            background: "#1f6b45".into(),
            format,
            url: Some("hofblatt.lindenhof-eg.example/articles/aufzuege-modernisierung".into()),
        }
    }

    const LONG: &str = "Generalsanierung der Wohnanlage Kastanienweg: Fassadendämmung, Fenstertausch und neue Heizungsanlage im Überblick";

    #[test]
    fn long_compounds_are_hyphenated_to_fit() {
        let width = Format::Card.geometry().text_width();
        let lines = wrap(
            "Nebenkostenabrechnungsnachzahlungsratenvereinbarungsformular",
            78.0,
            width,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines[0].ends_with('-'));
        for line in &lines {
            assert!(shape::width(line, 78.0, true, false) <= width, "{line}");
        }
    }

    #[test]
    fn a_smaller_size_is_preferred_to_splitting_a_word() {
        let placed = layout(&spec(
            "Nebenkostenabrechnungsnachzahlung im Kastanienweg",
            Format::Card,
        ));
        assert!(!placed.cut, "{:?}", placed.title);
        assert!(placed.title.iter().all(|l| !l.text.ends_with('-')));
    }

    #[test]
    fn long_german_titles_fit_every_format_whole() {
        for format in Format::ALL {
            let placed = layout(&spec(LONG, format));
            assert!(!placed.cut, "{format:?}");
            let words: Vec<String> = placed
                .title
                .iter()
                .flat_map(|l| l.text.split(' ').map(String::from).collect::<Vec<_>>())
                .collect();
            assert_eq!(words.join(" "), LONG, "{format:?}");
            for line in placed.lines() {
                assert!(line.x + line.width <= placed.safe.1, "{format:?} {line:?}");
            }
            let g = format.geometry();
            let last = placed.title.last().unwrap();
            assert!(last.y + last.size * 0.25 <= g.title_limit, "{format:?}");
        }
    }

    #[test]
    fn short_urls_break_at_slashes() {
        let placed = layout(&spec("Titel", Format::Square));
        let texts: Vec<&str> = placed.url.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts.concat(),
            "hofblatt.lindenhof-eg.example/articles/aufzuege-modernisierung"
        );
        assert!(texts.len() <= 2, "{texts:?}");
        assert!(placed.url.iter().all(|l| l.size >= 30.0));
        let endless = url_lines(
            &format!("a.example/{}", "x".repeat(300)),
            Format::Story.geometry(),
        );
        assert_eq!(endless.1, vec!["a.example"]);
        assert!(layout(&spec("T", Format::Card)).url.is_empty());
    }

    #[test]
    fn endless_words_are_cut_quickly() {
        // The old cut was cubic: this title took minutes. Now it finishes
        // (no timing asserted here; scripts/bench-build measures speed).
        let g = Format::Card.geometry();
        let (_, lines, cut) = fit_title(&"W".repeat(200_000), g, 4, 342.0);
        assert!(cut);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].ends_with('…'));
        let svg = text_svg(&spec("a\u{1}b", Format::Card));
        assert!(svg.contains(">AB<") || !svg.contains('\u{1}'));
    }

    #[test]
    fn very_long_titles_are_ellipsised_to_four_lines() {
        let placed = layout(&spec(
            &"Sehr langer Titel mit vielen Wörtern ".repeat(10),
            Format::Card,
        ));
        assert_eq!(placed.title_size, 48.0);
        assert_eq!(placed.title.len(), 4);
        assert!(placed.title[3].text.ends_with('…'));
        assert!(placed.cut);
    }

    #[test]
    fn arabic_titles_align_right_in_every_format() {
        let title = "حفلة الصيف في الفناء: موسيقى وطعام للجميع";
        for format in Format::ALL {
            let placed = layout(&spec(title, format));
            assert!(!placed.cut, "{format:?}");
            assert!(placed.title_size >= *format.geometry().title_sizes.last().unwrap());
            for line in &placed.title {
                assert!(line.rtl && line.right, "{line:?}");
                assert!((line.x + line.width - placed.safe.1).abs() <= 1.0);
                assert!(line.x >= placed.safe.0, "{format:?} {line:?}");
            }
            let svg = text_svg(&spec(title, format));
            assert!(
                svg.contains("font-family=\"Noto Sans Arabic\">\u{200f}"),
                "{svg}"
            );
        }
    }

    #[test]
    fn hostile_text_stays_text() {
        let svg = text_svg(&spec("</text><script>x</script> & \"q\"", Format::Story));
        assert!(!svg.contains("<script>"));
    }
}
