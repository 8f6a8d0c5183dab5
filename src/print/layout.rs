//! A small page layout engine: text broken greedily into lines by glyph
//! advances, blocks flowed down a column and onto new pages, headings
//! kept with the text after them, images scaled to the column. It
//! produces [`Sheet`]s of positioned [`Op`]s, which `pdf` writes.

use krilla::image::Image;

use super::fonts::{Face, Fonts};

/// Paper size in points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paper {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl Paper {
    /// ISO A4, 210 × 297 mm.
    pub const A4: Paper = Paper {
        width: 595.28,
        height: 841.89,
    };
    /// ISO A5, 148 × 210 mm.
    pub const A5: Paper = Paper {
        width: 419.53,
        height: 595.28,
    };

    /// Margin on every side, in proportion to the paper.
    pub fn margin(&self) -> f32 {
        (self.width * 0.1).round()
    }

    /// Scale of type relative to A4: A5 sets everything a little smaller.
    pub fn scale(&self) -> f32 {
        if self.width < 500.0 {
            0.85
        } else {
            1.0
        }
    }
}

/// One thing drawn on a page; y grows downwards from the top edge.
#[derive(Debug, Clone)]
pub enum Op {
    /// A run of text of one style, `y` its baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        face: Face,
        slant: bool,
        gray: u8,
        text: String,
    },
    /// An image filling the box.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: Image,
    },
    /// A filled rectangle (rules, boxes).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: u8,
    },
    /// A clickable area opening a URL.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        url: String,
    },
}

impl Op {
    /// Upright text with its baseline at `y`.
    pub fn text(x: f32, y: f32, size: f32, face: Face, gray: u8, text: impl Into<String>) -> Op {
        Op::Text {
            x,
            y,
            size,
            face,
            slant: false,
            gray,
            text: text.into(),
        }
    }
}

/// One page: what is drawn on it and what frames it.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Everything on the page.
    pub ops: Vec<Op>,
    /// The running head (the article's title); `None` on the cover.
    pub head: Option<String>,
    /// Whether the page shows its number.
    pub numbered: bool,
}

/// A piece of inline text with its style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text, spaces included.
    pub text: String,
    /// Regular or bold.
    pub face: Face,
    /// Slanted (emphasis, quotes).
    pub slant: bool,
    /// Gray level, 0 black.
    pub gray: u8,
    /// Target when the text is a link.
    pub link: Option<String>,
}

impl Span {
    /// Plain regular text.
    pub fn plain(text: impl Into<String>) -> Span {
        Span::styled(text, Face::Regular)
    }

    /// Text in a face.
    pub fn styled(text: impl Into<String>, face: Face) -> Span {
        Span {
            text: text.into(),
            face,
            slant: false,
            gray: 0,
            link: None,
        }
    }
}

/// A paragraph's look.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Font size in points.
    pub size: f32,
    /// Line height as a multiple of the size.
    pub leading: f32,
    /// Left indent from the column's edge.
    pub indent: f32,
    /// Column width left for the text (0: the whole column).
    pub width: f32,
}

/// A word (or part of one) placed on a line.
#[derive(Debug, Clone)]
struct Piece {
    x: f32,
    width: f32,
    span: Span,
}

/// A broken line: its pieces, left to right.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pieces: Vec<Piece>,
}

impl Line {
    /// The line's width.
    #[cfg(test)]
    pub fn width(&self) -> f32 {
        self.pieces.last().map(|p| p.x + p.width).unwrap_or(0.0)
    }

    /// The texts of its pieces.
    pub fn texts(&self) -> Vec<&str> {
        self.pieces.iter().map(|p| p.span.text.as_str()).collect()
    }
}

/// Breaks spans into lines of at most `width` points: greedy, at spaces,
/// and inside a word only when the word alone is wider than the line.
pub fn break_lines(fonts: &mut Fonts, spans: &[Span], size: f32, width: f32) -> Vec<Line> {
    let mut lines = vec![Line::default()];
    let mut x = 0.0;
    let mut glue = false;
    for span in spans {
        let space = fonts.width(" ", span.face, size);
        for (i, word) in span.text.split(char::is_whitespace).enumerate() {
            if i > 0 {
                glue = true;
            }
            if word.is_empty() {
                continue;
            }
            let mut w = fonts.width(word, span.face, size);
            let mut gap = if glue && x > 0.0 { space } else { 0.0 };
            let mut word = word.to_string();
            if x + gap + w > width && x > 0.0 {
                lines.push(Line::default());
                x = 0.0;
                gap = 0.0;
            }
            // A word wider than the column (a long URL) is cut.
            while w > width && word.chars().count() > 1 {
                let (head, rest) = split_to_fit(fonts, &word, span.face, size, width - x);
                place(
                    &mut lines,
                    x,
                    gap,
                    fonts.width(&head, span.face, size),
                    span,
                    head,
                );
                lines.push(Line::default());
                x = 0.0;
                gap = 0.0;
                word = rest;
                w = fonts.width(&word, span.face, size);
            }
            place(&mut lines, x, gap, w, span, word);
            x += gap + w;
            glue = false;
        }
        if span.text.ends_with(char::is_whitespace) {
            glue = true;
        }
    }
    lines.retain(|l| !l.pieces.is_empty());
    lines
}

/// The longest head of `word` fitting `room`, and the rest.
fn split_to_fit(
    fonts: &mut Fonts,
    word: &str,
    face: Face,
    size: f32,
    room: f32,
) -> (String, String) {
    let mut cut = 1;
    for (n, (at, _)) in word.char_indices().enumerate().skip(1) {
        if fonts.width(&word[..at], face, size) > room {
            break;
        }
        cut = n;
    }
    let at = word
        .char_indices()
        .nth(cut)
        .map(|(a, _)| a)
        .unwrap_or(word.len());
    (word[..at].to_string(), word[at..].to_string())
}

/// Adds a word to the last line, joining it to the piece before when
/// the style is the same (so the PDF holds words with spaces between).
fn place(lines: &mut [Line], x: f32, gap: f32, w: f32, span: &Span, word: String) {
    let line = lines.last_mut().expect("one line at least");
    if let Some(last) = line.pieces.last_mut() {
        let same = last.span.face == span.face
            && last.span.slant == span.slant
            && last.span.gray == span.gray
            && last.span.link == span.link;
        if same && (last.x + last.width - x).abs() < 0.01 {
            if gap > 0.0 {
                last.span.text.push(' ');
            }
            last.span.text.push_str(&word);
            last.width += gap + w;
            return;
        }
    }
    line.pieces.push(Piece {
        x: x + gap,
        width: w,
        span: Span {
            text: word,
            ..span.clone()
        },
    });
}

/// Text flowing down the pages of a document.
pub struct Flow<'f> {
    /// The faces and their metrics.
    pub fonts: &'f mut Fonts,
    /// Paper of every page.
    pub paper: Paper,
    /// Pages made so far.
    pub sheets: Vec<Sheet>,
    /// Top of the next block on the current page.
    pub y: f32,
    /// Running head of pages started from now on.
    pub head: Option<String>,
}

impl<'f> Flow<'f> {
    /// An empty document.
    pub fn new(fonts: &'f mut Fonts, paper: Paper) -> Self {
        Flow {
            fonts,
            paper,
            sheets: Vec::new(),
            y: 0.0,
            head: None,
        }
    }

    /// Left edge of the column.
    pub fn left(&self) -> f32 {
        self.paper.margin()
    }

    /// Width of the column.
    pub fn column(&self) -> f32 {
        self.paper.width - 2.0 * self.paper.margin()
    }

    /// Top of the text area (below the running head).
    pub fn top(&self) -> f32 {
        self.paper.margin() * 1.1
    }

    /// Bottom of the text area (above the page number).
    pub fn bottom(&self) -> f32 {
        self.paper.height - self.paper.margin() * 1.1
    }

    /// Starts a new numbered page.
    pub fn new_page(&mut self) {
        self.sheets.push(Sheet {
            ops: Vec::new(),
            head: self.head.clone(),
            numbered: true,
        });
        self.y = self.top();
    }

    /// Whether nothing has been placed on the current page yet.
    pub fn at_top(&self) -> bool {
        self.sheets.is_empty() || self.y <= self.top() + 0.01
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.sheets.is_empty() || (self.y + height > self.bottom() && !self.at_top()) {
            self.new_page();
        }
    }

    /// Vertical space, dropped at the top of a page.
    pub fn gap(&mut self, height: f32) {
        if !self.at_top() {
            self.y += height;
        }
    }

    /// Draws on the current page.
    pub fn push(&mut self, op: Op) {
        if self.sheets.is_empty() {
            self.new_page();
        }
        self.sheets.last_mut().expect("a page").ops.push(op);
    }

    /// Flows a paragraph; `keep` more points must fit below its first
    /// two lines (a heading is kept with its text by asking for room for
    /// some of the text after it).
    pub fn paragraph(&mut self, spans: &[Span], style: Style, keep: f32) {
        let width = if style.width > 0.0 {
            style.width
        } else {
            self.column() - style.indent
        };
        let lines = break_lines(self.fonts, spans, style.size, width);
        let line_height = style.size * style.leading;
        let first = line_height * lines.len().min(2) as f32;
        self.ensure(first + keep);
        let x0 = self.left() + style.indent;
        for (n, line) in lines.iter().enumerate() {
            // No single last line at the top of a page (a widow).
            let left = lines.len() - n;
            let need = if left == 2 { 2.0 } else { 1.0 };
            if n > 0 {
                self.ensure(line_height * need);
            }
            let baseline = self.y + style.size * 0.95 + (line_height - style.size * 1.2) / 2.0;
            self.draw_line(line, x0, baseline, style.size);
            self.y += line_height;
        }
    }

    /// A paragraph of one style across the column.
    pub fn say(&mut self, text: &str, face: Face, gray: u8, size: f32, leading: f32) {
        let span = Span {
            gray,
            ..Span::styled(text, face)
        };
        let style = Style {
            size,
            leading,
            indent: 0.0,
            width: 0.0,
        };
        self.paragraph(&[span], style, 0.0);
    }

    /// Draws one line's pieces with its baseline at `y`.
    pub fn draw_line(&mut self, line: &Line, x0: f32, y: f32, size: f32) {
        for piece in &line.pieces {
            let span = &piece.span;
            self.push(Op::Text {
                x: x0 + piece.x,
                y,
                size,
                face: span.face,
                slant: span.slant,
                gray: span.gray,
                text: span.text.clone(),
            });
            if let Some(url) = &span.link {
                self.push(Op::Link {
                    x: x0 + piece.x,
                    y: y - size,
                    w: piece.width,
                    h: size * 1.25,
                    url: url.clone(),
                });
            }
        }
    }

    /// An image scaled to `width` (and at most `max_height`), with its
    /// caption below, kept together on one page.
    pub fn image(&mut self, image: &Image, width: f32, max_height: f32, caption: &[Span]) {
        let (pw, ph) = image.size();
        let mut w = width;
        let mut h = w * ph as f32 / pw.max(1) as f32;
        if h > max_height {
            h = max_height;
            w = h * pw as f32 / ph.max(1) as f32;
        }
        let size = 9.0 * self.paper.scale();
        let caption_lines = if caption.is_empty() {
            0
        } else {
            break_lines(self.fonts, caption, size, width).len()
        };
        let caption_height = caption_lines as f32 * size * 1.35;
        self.ensure(h + caption_height + 6.0);
        let x = self.left() + (self.column() - w) / 2.0;
        self.push(Op::Image {
            x,
            y: self.y,
            w,
            h,
            image: image.clone(),
        });
        self.y += h + 4.0;
        if !caption.is_empty() {
            let style = Style {
                size,
                leading: 1.35,
                indent: 0.0,
                width,
            };
            self.paragraph(caption, style, 0.0);
        }
    }

    /// A horizontal rule across the column.
    pub fn rule(&mut self, thickness: f32, gray: u8) {
        self.push(Op::Rect {
            x: self.left(),
            y: self.y,
            w: self.column(),
            h: thickness,
            gray,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_spaces_and_fit() {
        let mut fonts = Fonts::default();
        let text =
            "Einmal im Jahr wird der große Innenhof zum Festplatz, und alle sind eingeladen.";
        let lines = break_lines(&mut fonts, &[Span::plain(text)], 11.0, 150.0);
        assert!(lines.len() >= 3);
        for line in &lines {
            assert!(line.width() <= 150.01, "{}", line.width());
        }
        let words: Vec<String> = lines
            .iter()
            .flat_map(|l| l.pieces.iter().map(|p| p.span.text.clone()))
            .collect();
        assert_eq!(words.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        let mut fonts = Fonts::default();
        let url = "hofblatt.lindenhof-eg.example/articles/ein-sehr-langer-pfad/";
        let lines = break_lines(&mut fonts, &[Span::plain(url)], 11.0, 80.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width() <= 80.01));
    }

    #[test]
    fn styles_stay_apart_and_spaces_are_kept() {
        let mut fonts = Fonts::default();
        let spans = [
            Span::styled("Während der Geschäftszeiten", Face::Bold),
            Span::plain(" melden Sie den Ausfall."),
        ];
        let lines = break_lines(&mut fonts, &spans, 11.0, 500.0);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].pieces.len(), 2);
        assert_eq!(lines[0].pieces[1].span.text, "melden Sie den Ausfall.");
        assert!(lines[0].pieces[1].x > lines[0].pieces[0].width);
    }
}
