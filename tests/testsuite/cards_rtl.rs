//! Share cards beyond German: Arabic titles, event lines and site names
//! shaped, in visual order and aligned right on the link card, square and
//! story image (checked through the layout the library exposes, and as
//! decoded PNGs of a real build); Ukrainian, Russian and Turkish letters
//! drawn from Inter, never as its empty .notdef box. With
//! `KIEZ_SCREENSHOTS=1` the Arabic images are saved as
//! docs/screenshots/share-ar-*.png.

use kiez::social::card::CardSpec;
use kiez::social::format::Format;
use kiez::social::layout::{layout, Layout};
use kiez::social::shape;

use crate::harness::{TestSite, NOW};

const PARTY: &str = "حفلة الصيف في الفناء: موسيقى وطعام للجميع";
const LONG: &str = "اجتماع السكان السنوي لمناقشة تجديد الواجهات وتركيب النوافذ الجديدة ونظام التدفئة في جميع المباني";

fn arabic_site() -> TestSite {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        "title: هوف بلات\nbase_url: https://mag.example.org/\nlanguage: ar\ntimezone: Europe/Berlin\nsocial: {recent_days: 0}\n",
    )
    .article("sanierung", LONG, "2026-05-01T10:00", "", "نص.")
    .file(
        "content/events/hoffest.md",
        &format!("---\ntitle: \"{PARTY}\"\nstart: 2026-07-04T15:00\nlocation: {{name: الفناء الداخلي, address: Lindenstraße 12}}\n---\nموسيقى.\n"),
    );
    site
}

fn kit(site: &TestSite, page: &str) -> kiez::social::kit::Kit {
    let mut opts = kiez::BuildOptions::new(site.root()).unwrap();
    opts.now = chrono::DateTime::from_timestamp(NOW.parse().unwrap(), 0).unwrap();
    kiez::share(&opts, page).unwrap()
}

/// The page's image specs in all three formats: its square and story
/// images as `kiez share` plans them, and the link card of the same text.
fn specs(site: &TestSite, page: &str) -> Vec<CardSpec> {
    let kit = kit(site, page);
    let mut specs: Vec<CardSpec> = kit.share.images.iter().map(|i| i.spec.clone()).collect();
    specs.push(CardSpec {
        format: Format::Card,
        url: None,
        ..specs[0].clone()
    });
    specs
}

/// Smallest title size the German tests accept (the card's smallest size).
fn minimum(format: Format) -> f32 {
    match format {
        Format::Card => 48.0,
        Format::Square => 60.0,
        Format::Story => 72.0,
    }
}

fn assert_right_aligned(placed: &Layout, title: &str) {
    let format = placed.format;
    assert!(
        placed.title_size >= minimum(format),
        "{format:?}: {}",
        placed.title_size
    );
    assert!(!placed.cut, "{format:?}: {:?}", placed.title);
    let words: Vec<&str> = placed
        .title
        .iter()
        .flat_map(|l| l.text.split(' '))
        .collect();
    assert_eq!(words.join(" "), title, "{format:?}: no word cut or lost");
    for line in &placed.title {
        assert!(line.rtl, "{line:?}");
        let right = line.x + line.width;
        assert!(
            (right - placed.safe.1).abs() <= 1.0,
            "{format:?}: right edge {right}"
        );
        // Shaped into runs of the Arabic font, not Inter's empty boxes.
        assert!(line
            .shaped
            .runs
            .iter()
            .all(|r| r.face == shape::Face::Arabic));
    }
    for line in placed.lines() {
        assert!(line.x >= placed.safe.0 - 0.01, "{format:?}: {line:?}");
        assert!(
            line.x + line.width <= placed.safe.1 + 0.01,
            "{format:?}: {line:?}"
        );
    }
}

#[test]
fn arabic_titles_are_right_aligned_in_every_format() {
    let site = arabic_site();
    for (page, title) in [
        ("/events/hoffest/", PARTY),
        ("content/articles/sanierung.md", LONG),
    ] {
        let specs = specs(&site, page);
        assert_eq!(specs.len(), 3);
        for spec in &specs {
            let placed = layout(spec);
            assert_right_aligned(&placed, title);
            if title == LONG {
                assert!(placed.title.len() >= 2, "{:?} wraps", spec.format);
            }
        }
    }
    // Each event line is a paragraph of its own (the place reads right to
    // left, the German street name left to right), all aligned right
    // under the Arabic title.
    let square = layout(&specs(&site, "/events/hoffest/")[0]);
    let texts: Vec<(&str, bool)> = square
        .detail
        .iter()
        .map(|l| (l.text.as_str(), l.rtl))
        .collect();
    assert!(texts.contains(&("الفناء الداخلي", true)), "{texts:?}");
    assert!(
        texts.contains(&("Lindenstraße\u{a0}12", false)),
        "{texts:?}"
    );
    for line in square.detail.iter().chain(&square.url) {
        assert!(line.right);
        assert!(
            (line.x + line.width - square.safe.1).abs() <= 1.0,
            "{line:?}"
        );
    }
}

#[test]
fn a_german_title_on_an_arabic_site_stays_left_aligned() {
    let site = arabic_site();
    site.article(
        "deutsch",
        "Sommerfest im Hof",
        "2026-05-02T10:00",
        "",
        "Text.",
    );
    for spec in specs(&site, "content/articles/deutsch.md") {
        let placed = layout(&spec);
        for line in &placed.title {
            assert!(!line.rtl);
            assert_eq!(line.x, placed.safe.0);
            assert!(line.shaped.is_plain());
        }
    }
}

/// Width, height and RGB pixels of a PNG file.
fn decode(path: &std::path::Path) -> (u32, u32, Vec<u8>) {
    let file = std::fs::File::open(path).unwrap();
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("frame decodes");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    (info.width, info.height, buf)
}

fn png(path: &std::path::Path) -> (u32, u32) {
    let (width, height, _) = decode(path);
    (width, height)
}

#[test]
fn drawn_arabic_text_ends_at_the_right_margin() {
    // usvg draws each run where the layout measured it: the title's ink
    // ends at the safe area's right edge (less the last letter's side
    // bearing) and starts inside it.
    let site = arabic_site();
    site.build_ok();
    let kit = kit(&site, "/events/hoffest/");
    for (image, file) in kit.share.images.iter().zip(&kit.files) {
        let placed = layout(&image.spec);
        let (width, _, pixels) = decode(file);
        let width = width as usize;
        let background = &pixels[width * 3 - 3..width * 3];
        for line in &placed.title {
            let rows = (line.y - line.size * 0.6) as usize..line.y as usize;
            let ink: Vec<usize> = rows
                .flat_map(|y| (0..width).map(move |x| (x, y)))
                .filter(|&(x, y)| pixels[(y * width + x) * 3..][..3] != *background && x > 40)
                .map(|(x, _)| x)
                .collect();
            let (left, right) = (*ink.iter().min().unwrap(), *ink.iter().max().unwrap());
            let edge = placed.safe.1 as usize;
            assert!(
                right <= edge + 1 && right + 12 >= edge,
                "{:?}: ink ends at {right}, edge {edge}",
                image.format
            );
            assert!(
                left as f32 >= placed.safe.0 - 1.0,
                "{:?}: ink starts at {left}",
                image.format
            );
        }
    }
}

#[test]
fn arabic_images_decode_at_their_size_and_stay_small() {
    let site = arabic_site();
    site.build_ok();
    let mut shots = Vec::new();
    for page in ["events/hoffest", "articles/sanierung"] {
        for (name, size) in [("square", (1080, 1080)), ("story", (1080, 1920))] {
            let path = site.public().join(format!("social/{page}/{name}.png"));
            assert_eq!(png(&path), size, "{}", path.display());
            let bytes = std::fs::metadata(&path).unwrap().len();
            assert!(bytes < 500 * 1024, "{}: {bytes} bytes", path.display());
            shots.push((format!("{page}-{name}"), path));
        }
        let html = scraper::Html::parse_document(&site.read(&format!("{page}/index.html")));
        let sel = scraper::Selector::parse(r#"meta[property="og:image"]"#).unwrap();
        let url = html
            .select(&sel)
            .next()
            .unwrap()
            .value()
            .attr("content")
            .unwrap();
        let path = site
            .public()
            .join(url.strip_prefix("https://mag.example.org/").unwrap());
        assert_eq!(png(&path), (1200, 630), "{url}");
        let bytes = std::fs::metadata(&path).unwrap().len();
        assert!(bytes < 300 * 1024, "{url}: {bytes} bytes");
        shots.push((format!("{page}-card"), path));
    }
    if std::env::var_os("KIEZ_SCREENSHOTS").is_some() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        for (name, file) in [
            ("events/hoffest-card", "share-ar-card.png"),
            ("events/hoffest-square", "share-ar-square.png"),
            ("articles/sanierung-story", "share-ar-story.png"),
        ] {
            let (_, path) = shots.iter().find(|(n, _)| n == name).unwrap();
            std::fs::copy(path, dir.join(file)).unwrap();
        }
    }
}

#[test]
fn cyrillic_and_turkish_titles_draw_no_notdef_glyph() {
    for title in [
        "Літнє свято у дворі",
        "Летний праздник во дворе",
        "Yaz şenliği İçin ığ",
    ] {
        assert!(!shape::is_rtl(title));
        for bold in [true, false] {
            let line = shape::shape_line(title, 78.0, bold, false);
            assert!(line.is_plain(), "{title}: one Inter run");
            for run in &line.runs {
                let (ids, _) = shape::shape(&run.text, run.face, bold, run.rtl);
                assert!(ids.iter().all(|&id| id != 0), "{title}: .notdef in {ids:?}");
            }
        }
    }
}
