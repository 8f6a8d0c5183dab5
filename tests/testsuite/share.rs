//! Images and captions for image-first platforms: square and story images
//! decoded and measured, long German titles checked through the layout
//! the library exposes, captions of `kiez share` read as text and JSON.

use std::path::Path;

use kiez::social::format::Format;
use kiez::social::layout::layout;

use crate::harness::{TestSite, CONFIG, NOW};

const LONG: &str = "Generalsanierung der Wohnanlage Kastanienweg: Fassadendämmung, Fenstertausch und neue Heizungsanlage im Überblick";

fn share_site(social: &str) -> TestSite {
    let site = TestSite::new();
    site.file("kiez.yaml", &format!("{CONFIG}{social}"))
        .article(
            "sanierung",
            LONG,
            "2026-05-01T10:00",
            "description: Was sich am Kastanienweg ändert.\ntags: [Sanierung, Rat & Service, Heizung]\n",
            "Text.",
        )
        .file(
            "content/events/hoffest.md",
            "---\ntitle: Hoffest\nstart: 2026-12-05T15:00\nlocation: {name: Innenhof, address: Lindenstraße 12}\ntags: [Nachbarschaft]\n---\nFeiern.\n",
        );
    site
}

/// The library's share kit of `page`, as `kiez share` gets it.
fn kit(site: &TestSite, page: &str) -> kiez::social::kit::Kit {
    let mut opts = kiez::BuildOptions::new(site.root()).unwrap();
    opts.now = chrono::DateTime::from_timestamp(NOW.parse().unwrap(), 0).unwrap();
    kiez::share(&opts, page).unwrap()
}

fn decode(path: &Path) -> (u32, u32) {
    let image = image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .decode()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (image.width(), image.height())
}

#[test]
fn square_and_story_images_have_their_sizes_and_stay_small() {
    // The article is older than `recent_days`' default 90.
    let site = share_site("social:\n  recent_days: 0\n");
    site.build_ok();
    for page in ["articles/sanierung", "events/hoffest"] {
        for (name, size) in [("square", (1080, 1080)), ("story", (1080, 1920))] {
            let path = site.public().join(format!("social/{page}/{name}.png"));
            assert_eq!(decode(&path), size, "{}", path.display());
            let bytes = std::fs::metadata(&path).unwrap().len();
            assert!(bytes < 500 * 1024, "{}: {bytes} bytes", path.display());
        }
        let caption = site.read(&format!("social/{page}/caption.txt"));
        assert!(
            caption.contains("Link in der Bio: mag.example.org/"),
            "{caption}"
        );
    }
    let caption = site.read("social/articles/sanierung/caption.txt");
    assert!(
        caption.contains("#Sanierung #RatService #Heizung"),
        "{caption}"
    );
}

#[test]
fn long_german_titles_fit_whole_and_readable() {
    let site = share_site("");
    let kit = kit(&site, "content/articles/sanierung.md");
    assert_eq!(kit.share.images.len(), 2);
    for image in &kit.share.images {
        let placed = layout(&image.spec);
        let minimum = match image.format {
            Format::Square => 60.0,
            Format::Story => 72.0,
            Format::Card => unreachable!("not a share image"),
        };
        assert!(
            placed.title_size >= minimum,
            "{:?}: {}",
            image.format,
            placed.title_size
        );
        assert!(!placed.cut, "{:?}: {:?}", image.format, placed.title);
        let words: Vec<&str> = placed
            .title
            .iter()
            .flat_map(|l| l.text.split(' '))
            .collect();
        assert_eq!(words.join(" "), LONG, "no word cut or lost");
        for line in placed.lines() {
            assert!(line.x >= placed.safe.0, "{line:?}");
            assert!(line.x + line.width <= placed.safe.1, "{line:?}");
        }
        let url: String = placed.url.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(url, "mag.example.org/articles/sanierung");
    }
}

#[test]
fn event_images_carry_date_time_and_place() {
    let site = share_site("");
    let kit = kit(&site, "/events/hoffest/");
    for image in &kit.share.images {
        let placed = layout(&image.spec);
        let detail: Vec<String> = placed
            .detail
            .iter()
            .map(|l| l.text.replace('\u{a0}', " "))
            .collect();
        let detail = detail.join(" ");
        assert!(
            detail.contains("Samstag, 5. Dezember 2026, 15:00 Uhr"),
            "{detail}"
        );
        assert!(detail.contains("Innenhof Lindenstraße 12"), "{detail}");
    }
}

#[test]
fn kiez_share_prints_captions_per_platform() {
    let site = share_site("social:\n  hashtags: [Lindenhof]\n  recent_days: 365\n");
    site.build_ok();
    let out = site.kiez(&["share", "content/articles/sanierung.md"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("*{LONG}*")), "{text}");
    assert!(text.contains("#Lindenhof #Sanierung #RatService #Heizung"));
    assert!(text.contains("https://mag.example.org/articles/sanierung/"));
    assert!(
        text.contains("public/social/articles/sanierung/square.png"),
        "{text}"
    );

    let out = site.kiez(&["share", "/articles/sanierung/", "--json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["url"], "https://mag.example.org/articles/sanierung/");
    let captions = json["captions"].as_array().unwrap();
    let caption = |platform: &str| {
        captions.iter().find(|c| c["platform"] == platform).unwrap()["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(caption("whatsapp").starts_with(&format!("*{LONG}*")));
    assert!(caption("instagram").contains("#Heizung"));
    assert!(caption("linkedin").contains("https://mag.example.org/articles/sanierung/"));
    assert!(caption("mastodon").chars().count() <= 500);
    for file in json["files"].as_array().unwrap() {
        // Relative to where kiez ran: the site folder.
        assert!(site.root().join(file.as_str().unwrap()).is_file(), "{file}");
    }

    let faq = site
        .file("content/faq/a/b.md", "---\ntitle: Frage?\n---\nAntwort.\n")
        .kiez(&["share", "content/faq/a/b.md"]);
    assert_eq!(faq.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&faq.stderr).contains("articles and events"));
}

#[test]
fn share_images_are_reproducible() {
    let site = share_site("social:\n  recent_days: 0\n");
    site.build_ok();
    let read = |rel: &str| std::fs::read(site.public().join(rel)).unwrap();
    let files = [
        "social/articles/sanierung/square.png",
        "social/events/hoffest/story.png",
        "social/events/hoffest/caption.txt",
    ];
    let first: Vec<Vec<u8>> = files.iter().map(|f| read(f)).collect();
    std::fs::remove_dir_all(site.root().join(".kiez-cache")).unwrap();
    site.build_ok();
    let second: Vec<Vec<u8>> = files.iter().map(|f| read(f)).collect();
    assert!(first == second, "a cold rebuild drew other bytes");
}

#[test]
fn images_follow_the_config() {
    let site = share_site("social:\n  images: [story]\n");
    site.build_ok();
    assert!(site.exists("social/events/hoffest/story.png"));
    assert!(!site.exists("social/events/hoffest/square.png"));
    let none = share_site("social:\n  images: []\n");
    none.build_ok();
    assert!(!none.exists("social/articles"));
    let bad = share_site("social:\n  images: [poster]\n");
    let err = bad.build_fails();
    assert!(err.contains("kiez.yaml") && err.contains("poster"), "{err}");
    let tag = share_site("social:\n  hashtags: [\"Hof fest\"]\n");
    let err = tag.build_fails();
    assert!(
        err.contains("kiez.yaml:") && err.contains("Hof fest"),
        "{err}"
    );
}

#[test]
fn a_build_draws_images_only_for_recent_pages() {
    let site = share_site("");
    site.article("neu", "Neu im Hof", "2026-11-01", "", "Text.");
    site.file(
        "content/events/treff.md",
        "---\ntitle: Treff\nstart: 2026-01-06T18:00\nrepeat: {every: month, weekday: 1st tuesday}\n---\nx\n",
    );
    site.file(
        "content/events/kurs.md",
        "---\ntitle: Kurs\nstart: 2026-01-06T18:00\nrepeat: {every: week, until: 2026-03-31}\n---\nx\n",
    );
    site.file(
        "content/events/flohmarkt.md",
        "---\ntitle: Flohmarkt\nstart: 2026-06-01T10:00\n---\nx\n",
    );
    site.build_ok();
    for (page, published) in [
        ("articles/neu", true),
        ("events/hoffest", true),
        ("events/treff", true),
        ("articles/sanierung", false),
        ("events/flohmarkt", false),
        ("events/kurs", false),
    ] {
        for file in ["square.png", "story.png", "caption.txt"] {
            let path = format!("social/{page}/{file}");
            assert_eq!(site.exists(&path), published, "{path}");
        }
    }
    // `kiez share` still draws an older page's images, into the cache.
    let old = kit(&site, "/articles/sanierung/");
    assert_eq!(old.files.len(), 2);
    for file in &old.files {
        assert!(
            file.starts_with(site.root().join(".kiez-cache")),
            "{}",
            file.display()
        );
        assert_eq!(decode(file).0, 1080);
    }
}
