//! The shapes a share image comes in, each with its geometry: the
//! 1200×630 link preview card ("og:image"), and for image-first platforms
//! (Instagram, WhatsApp status, Snapchat) a 1080×1080 square post and a
//! 1080×1920 story. One drawing code ([`super::card`], [`super::canvas`])
//! serves all three; only these numbers differ.

/// One share image shape.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// 1200×630, the link preview every network shows.
    Card,
    /// 1080×1080, a feed post.
    Square,
    /// 1080×1920, a story (9:16).
    Story,
}

/// Where everything sits on one format, in pixels.
#[derive(Debug)]
pub struct Geometry {
    /// Canvas width.
    pub width: u32,
    /// Canvas height.
    pub height: u32,
    /// Left and right margin of all text.
    pub margin: f32,
    /// Width of the light stripe at the left edge.
    pub stripe: f32,
    /// Baseline, size and letter spacing of the section label.
    pub label: (f32, f32, f32),
    /// Top of the title block, and the line it is centred above.
    pub title_top: f32,
    /// The title (and event lines) are centred between `title_top` and this.
    pub title_centre_bottom: f32,
    /// Nothing of the title block may reach below this.
    pub title_limit: f32,
    /// Title sizes, biggest first; the biggest that fits is used.
    pub title_sizes: &'static [f32],
    /// Most title lines, without and with event lines under it.
    pub title_lines: (usize, usize),
    /// Event lines: size, gap after the title, line height, most lines.
    pub detail: (f32, f32, f32, usize),
    /// The rule above the footer (its top).
    pub rule: f32,
    /// The white logo tile: top, size, corner radius, logo inset.
    pub tile: (f32, f32, f32, f32),
    /// Site name: baseline and size.
    pub name: (f32, f32),
    /// The printed short URL: first baseline, size, smallest size, line
    /// height, most lines; `None` where the image itself is the link.
    pub url: Option<(f32, f32, f32, f32, usize)>,
}

const CARD: Geometry = Geometry {
    width: 1200,
    height: 630,
    margin: 80.0,
    stripe: 20.0,
    label: (112.0, 30.0, 3.0),
    title_top: 150.0,
    title_centre_bottom: 470.0,
    title_limit: 492.0,
    title_sizes: &[78.0, 68.0, 60.0, 54.0, 48.0],
    title_lines: (4, 3),
    detail: (34.0, 52.0, 0.0, 1),
    rule: 486.0,
    tile: (512.0, 72.0, 14.0, 8.0),
    name: (560.0, 34.0),
    url: None,
};

// Phones show a square post about 360 CSS pixels wide, a third of its
// size: the smallest text here (the URL, 34 px) is still 11 px there,
// titles at least 20 px.
const SQUARE: Geometry = Geometry {
    width: 1080,
    height: 1080,
    margin: 90.0,
    stripe: 24.0,
    label: (160.0, 36.0, 4.0),
    title_top: 205.0,
    title_centre_bottom: 760.0,
    title_limit: 772.0,
    title_sizes: &[104.0, 92.0, 84.0, 76.0, 68.0, 60.0],
    title_lines: (6, 5),
    detail: (42.0, 78.0, 54.0, 4),
    rule: 800.0,
    tile: (834.0, 88.0, 16.0, 10.0),
    name: (892.0, 44.0),
    url: Some((978.0, 36.0, 30.0, 46.0, 2)),
};

// Stories are shown full screen; Instagram lays its own controls over
// the top ~250 and the bottom ~250 pixels, so everything stays between.
const STORY: Geometry = Geometry {
    width: 1080,
    height: 1920,
    margin: 90.0,
    stripe: 24.0,
    label: (330.0, 44.0, 5.0),
    title_top: 390.0,
    title_centre_bottom: 1300.0,
    title_limit: 1320.0,
    title_sizes: &[128.0, 112.0, 100.0, 90.0, 80.0, 72.0],
    title_lines: (8, 7),
    detail: (50.0, 92.0, 64.0, 5),
    rule: 1360.0,
    tile: (1400.0, 112.0, 20.0, 12.0),
    name: (1473.0, 54.0),
    url: Some((1580.0, 44.0, 34.0, 56.0, 2)),
};

impl Format {
    /// Every format, in output order.
    pub const ALL: [Format; 3] = [Format::Card, Format::Square, Format::Story];

    /// The format's geometry.
    pub fn geometry(self) -> &'static Geometry {
        match self {
            Format::Card => &CARD,
            Format::Square => &SQUARE,
            Format::Story => &STORY,
        }
    }

    /// Lowercase name, also the file name of share images
    /// (`square.png`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Card => "card",
            Format::Square => "square",
            Format::Story => "story",
        }
    }
}

impl Geometry {
    /// Width of the text column.
    pub fn text_width(&self) -> f32 {
        self.width as f32 - 2.0 * self.margin
    }

    /// Left edge of the logo tile: at the left margin, or for a site
    /// whose name reads right to left at the right one.
    pub fn tile_left(&self, rtl: bool) -> f32 {
        if rtl {
            self.width as f32 - self.margin - self.tile.1
        } else {
            self.margin
        }
    }

    /// Where the logo is drawn: left, top and size in whole pixels.
    pub fn logo_box(&self, rtl: bool) -> (usize, usize, usize) {
        let (top, size, _, inset) = self.tile;
        (
            (self.tile_left(rtl) + inset) as usize,
            (top + inset) as usize,
            (size - 2.0 * inset) as usize,
        )
    }

    /// Pixels of one image.
    pub fn pixels(&self) -> usize {
        (self.width * self.height) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_sits_inside_its_canvas() {
        for format in Format::ALL {
            let g = format.geometry();
            // The limit bounds line boxes, whose leading ends below the
            // descenders: the card's reaches a little past its rule.
            assert!(g.title_limit <= g.rule + 10.0, "{format:?}");
            assert!(g.tile.0 > g.rule, "{format:?}");
            assert!(g.tile.0 + g.tile.1 < g.height as f32, "{format:?}");
            if let Some((first, _, _, height, lines)) = g.url {
                let last = first + height * (lines - 1) as f32;
                assert!(last + 20.0 < g.height as f32, "{format:?}");
            }
            assert!(g.title_sizes.windows(2).all(|w| w[0] > w[1]));
        }
        assert_eq!(CARD.logo_box(false), (88, 520, 56));
        assert_eq!(CARD.logo_box(true), (1200 - 80 - 72 + 8, 520, 56));
    }
}
