//! `kiez digest`: the e-mail newsletter parsed as HTML (what mail clients
//! need: no script, no stylesheet, absolute URLs, sized images with alt
//! text, a hidden preheader) and as plain text; where Chromium is
//! installed, the example site's digest rendered at 600 and 375 px
//! without sideways scrolling (with `KIEZ_SCREENSHOTS=1` saved as
//! docs/screenshots/digest-600.png and digest-375.png).

use std::path::Path;

use scraper::{Html, Selector};

use crate::harness::{kiez_in, TestSite, CONFIG};

/// A site with articles inside and outside November 2026, an event, FAQ
/// answers (new, updated, old), an edition and a newsletter sign-up.
fn digest_site() -> TestSite {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!(
            "{CONFIG}newsletter:\n  url: https://listen.example.org/subscription/form\n  label: Newsletter bestellen\n"
        ),
    )
    .file(
        "content/articles/winter/index.md",
        "---\ntitle: Winter <im> Hof & mehr\ndate: 2026-11-10\ndescription: Kalt & klar.\nimage: bild.png\nimage_alt: Schnee im Hof\nedition: 2026-4\n---\nText.\n",
    )
    .bytes("content/articles/winter/bild.png", &png(800, 400))
    .article("herbst", "Herbstputz", "2026-11-02", "", "Mit [Link](winter/index.md).")
    .article("alt", "Alter Beitrag", "2026-10-20", "", "Oktober.")
    .file(
        "content/editions/2026-4.md",
        "---\ntitle: Heft 4/2026\ndate: 2026-11-20\n---\nEditorial.\n",
    )
    .file(
        "content/events/markt.md",
        "---\ntitle: Weihnachtsmarkt\nstart: 2026-12-05T15:00\nlocation: {name: Innenhof}\n---\n",
    )
    .file(
        "content/events/vorbei.md",
        "---\ntitle: Vorbei\nstart: 2026-10-01T15:00\n---\n",
    )
    .file(
        "content/faq/heizung/neu.md",
        "---\ntitle: Neue Frage?\ndate: 2026-11-05\n---\nNeue Antwort.\n",
    )
    .file(
        "content/faq/heizung/geaendert.md",
        "---\ntitle: Geänderte Frage?\ndate: 2025-01-01\nupdated: 2026-11-15\n---\nNeu gefasst.\n",
    )
    .file(
        "content/faq/heizung/alt.md",
        "---\ntitle: Alte Frage?\ndate: 2025-01-01\n---\nUnverändert.\n",
    );
    site
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([60, 120, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Runs `kiez digest . ARGS -o OUT` and returns (digest.html, digest.txt).
fn digest(site: &TestSite, args: &[&str]) -> (Html, String, String) {
    let out = site.root().join("newsletter");
    std::fs::create_dir_all(&out).unwrap();
    let mut all = vec!["digest", "."];
    all.extend_from_slice(args);
    all.extend(["-o", out.to_str().unwrap()]);
    let run = site.kiez(&all);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = std::fs::read_to_string(out.join("digest.html")).unwrap();
    let text = std::fs::read_to_string(out.join("digest.txt")).unwrap();
    (Html::parse_document(&html), html, text)
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// What every mail client needs of the HTML part.
fn assert_mail_safe(doc: &Html, raw: &str) {
    assert!(select(doc, "script").is_empty(), "no script");
    assert!(select(doc, "link").is_empty(), "no external stylesheet");
    assert!(select(doc, "style").is_empty(), "styles are inline");
    assert!(!raw.contains("javascript:"));
    let imgs = select(doc, "img");
    assert!(!imgs.is_empty());
    for img in imgs {
        let attr = |name| img.value().attr(name).unwrap_or_default();
        assert!(attr("src").starts_with("http"), "{:?}", img.value());
        assert!(!attr("alt").is_empty(), "{:?}", img.value());
        assert!(attr("width").parse::<u32>().unwrap() <= 600);
        assert!(attr("height").parse::<u32>().unwrap() > 0);
    }
    for a in select(doc, "a") {
        let href = a.value().attr("href").expect("every link has an href");
        assert!(
            href.starts_with("https://") || href.starts_with("http://127.0.0.1"),
            "relative link {href}"
        );
    }
    let widths: Vec<&str> = select(doc, "table")
        .iter()
        .filter_map(|t| t.value().attr("style"))
        .filter_map(|s| s.split("max-width:").nth(1))
        .collect();
    assert!(widths.iter().all(|w| w.starts_with("600px")), "{widths:?}");
}

#[test]
fn a_month_digest_holds_the_months_articles_events_and_answers() {
    let site = digest_site();
    let (doc, raw, text) = digest(&site, &["--month", "2026-11"]);
    assert_mail_safe(&doc, &raw);
    let titles: Vec<String> = select(&doc, "h3 a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert!(
        titles.contains(&"Winter <im> Hof & mehr".to_string()),
        "{titles:?}"
    );
    assert!(titles.contains(&"Herbstputz".to_string()));
    assert!(
        !titles.contains(&"Alter Beitrag".to_string()),
        "October is out"
    );
    assert!(titles.contains(&"Neue Frage?".to_string()));
    assert!(
        titles.contains(&"Geänderte Frage?".to_string()),
        "updated in November"
    );
    assert!(!titles.contains(&"Alte Frage?".to_string()));
    assert!(
        raw.contains("Winter &lt;im&gt; Hof &amp; mehr"),
        "escaped in HTML"
    );
    assert!(raw.contains("Weihnachtsmarkt") && !raw.contains(">Vorbei<"));
    assert!(raw.contains("Heft 4/2026"), "the month's new edition");
    let img = &select(&doc, "img[alt='Schnee im Hof']")[0];
    assert_eq!(img.value().attr("width"), Some("560"));
    assert_eq!(img.value().attr("height"), Some("280"));
    // The preheader: hidden, first in the body, naming the contents.
    let pre = &select(&doc, "body > div")[0];
    assert!(pre.value().attr("style").unwrap().contains("display:none"));
    assert!(pre.text().collect::<String>().contains("Winter <im> Hof"));
    // The sign-up link, absolute.
    let signup: Vec<&str> = select(&doc, "a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("listen.example.org"))
        .collect();
    assert_eq!(signup, ["https://listen.example.org/subscription/form"]);
    // The plain text: every article URL, no markup, no HTML escapes.
    for url in [
        "https://mag.example.org/articles/winter/",
        "https://mag.example.org/articles/herbst/",
        "https://mag.example.org/events/markt/",
        "https://listen.example.org/subscription/form",
    ] {
        assert!(text.contains(url), "{url} missing:\n{text}");
    }
    assert!(text.contains("Winter <im> Hof & mehr"), "{text}");
    assert!(!text.contains("&amp;") && !text.contains("<a "), "{text}");
    assert!(!text.contains("/articles/alt/"));
}

#[test]
fn since_runs_to_now() {
    let site = digest_site();
    let (doc, _, text) = digest(&site, &["--since", "2026-11-09"]);
    assert!(text.contains("/articles/winter/"));
    assert!(!text.contains("/articles/herbst/"), "before --since");
    assert_eq!(
        select(&doc, "h3 a").len(),
        2,
        "the article and the updated answer"
    );
}

#[test]
fn bad_periods_are_usage_errors() {
    let site = digest_site();
    for args in [
        &["digest", ".", "--month", "2026-13"][..],
        &["digest", ".", "--month", "November"],
        &["digest", ".", "--since", "gestern"],
        &["digest", ".", "--since", "2030-01-01"],
        &["digest", "."],
    ] {
        let out = site.kiez(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn a_site_template_overrides_the_digest() {
    let site = digest_site();
    site.file(
        "templates/digest.txt",
        "Eigene Fassung: {{ articles | length }}\n",
    );
    let (_, _, text) = digest(&site, &["--month", "2026-11"]);
    assert_eq!(text, "Eigene Fassung: 2\n");
}

#[test]
fn the_footer_links_the_newsletter_and_a_form_posts_to_the_tool() {
    let site = digest_site();
    site.build_ok();
    let home = site.html("index.html");
    assert_eq!(
        home.attrs(".site-footer .newsletter a", "href"),
        ["https://listen.example.org/subscription/form"]
    );
    assert_eq!(
        home.text(".site-footer .newsletter a"),
        "Newsletter bestellen"
    );
    site.file(
        "kiez.yaml",
        &format!(
            "{CONFIG}newsletter:\n  url: https://listen.example.org/subscription/form\n  form: true\n  hidden: {{l: abc-123}}\n"
        ),
    );
    site.build_ok();
    let home = site.html("index.html");
    assert_eq!(
        home.attrs(".site-footer form", "action"),
        ["https://listen.example.org/subscription/form"]
    );
    assert_eq!(
        home.attrs(".site-footer input[type=email]", "name"),
        ["email"]
    );
    assert_eq!(
        home.attrs(".site-footer input[type=hidden]", "value"),
        ["abc-123"]
    );
    assert_eq!(
        home.text(".site-footer form button"),
        "Newsletter abonnieren"
    );
    assert_eq!(home.text(".site-footer form label"), "E-Mail-Adresse");
}

#[test]
fn a_newsletter_address_must_be_https() {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!("{CONFIG}newsletter:\n  url: javascript:alert(1)\n"),
    );
    let stderr = site.build_fails();
    assert!(stderr.contains("kiez.yaml:5: key `newsletter`"), "{stderr}");
    assert!(stderr.contains("not an https:// address"), "{stderr}");
}

/// The document's scroll and client width at a window width, measured by
/// a script in a copy of the digest (the digest itself has none).
fn overflow(chromium: &Path, dir: &Path, base: &str, width: u32) -> (u32, u32, u32) {
    let html = std::fs::read_to_string(dir.join("digest.html")).unwrap();
    let probe = "<script>var d=document.documentElement;document.body.setAttribute('data-size',\
                 d.scrollWidth+' '+d.clientWidth+' '+d.scrollHeight)</script></body>";
    std::fs::write(dir.join("probe.html"), html.replace("</body>", probe)).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(chromium)
        .args(crate::harness::CHROMIUM_FLAGS)
        .args([
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--window-size={width},900"))
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("{base}/probe.html"))
        .output()
        .expect("chromium runs");
    let dom = Html::parse_document(&String::from_utf8_lossy(&out.stdout));
    let size = select(&dom, "body")[0]
        .value()
        .attr("data-size")
        .expect("the probe ran")
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect::<Vec<u32>>();
    (size[0], size[1], size[2])
}

#[test]
fn the_example_digest_fits_600_and_375_pixels_in_chromium() {
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    let base = crate::search::serve(public.clone());
    let base_url = format!("{base}/");
    let built = kiez_in(
        root,
        &[
            "build",
            "example-site",
            "-q",
            "-o",
            public.to_str().unwrap(),
            "--base-url",
            &base_url,
        ],
    );
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let run = kiez_in(
        root,
        &[
            "digest",
            "example-site",
            "--month",
            "2026-11",
            "--base-url",
            &base_url,
            "-o",
            public.to_str().unwrap(),
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let raw = std::fs::read_to_string(public.join("digest.html")).unwrap();
    assert_mail_safe(&Html::parse_document(&raw), &raw);
    // The screenshots in the repository are remade on request only: the
    // footer shows this test server's port, so every run differs.
    let shots = match std::env::var_os("KIEZ_SCREENSHOTS") {
        Some(_) => root.join("docs/screenshots"),
        None => tmp.path().join("shots"),
    };
    std::fs::create_dir_all(&shots).unwrap();
    for width in [600, 375] {
        let (scroll, client, height) = overflow(&chromium, &public, &base, width);
        assert!(
            scroll <= client,
            "{width} px: scrollWidth {scroll} > clientWidth {client}"
        );
        let profile = tempfile::tempdir().unwrap();
        let shot = shots.join(format!("digest-{width}.png"));
        let out = std::process::Command::new(&chromium)
            .args(crate::harness::CHROMIUM_FLAGS)
            .args(["--hide-scrollbars", "--virtual-time-budget=5000"])
            .arg(format!("--window-size={width},{height}"))
            .arg(format!("--screenshot={}", shot.display()))
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("{base}/digest.html"))
            .output()
            .expect("chromium runs");
        assert!(
            out.status.success() && shot.exists(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
