//! The language data of one-language sites in Turkish, Ukrainian and
//! Arabic: the theme's strings and a site's overrides of them, dates,
//! slugs (percent-encoded in feeds and the sitemap) and, in headless
//! Chromium, search that finds what a reader types without the special
//! letters.

use std::path::Path;

use crate::harness::{Page, TestSite};

/// A site in `lang` with `extra` appended to its `kiez.yaml`.
fn site_in(lang: &str, extra: &str) -> TestSite {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!("title: Hofblatt\nbase_url: https://mag.example.org/\nlanguage: {lang}\ntimezone: Europe/Berlin\n{extra}"),
    );
    site
}

fn arabic_site() -> TestSite {
    let site = site_in("ar", "");
    site.article(
        "tadfia",
        "كيف أشغّل التدفئة؟",
        "2026-11-02",
        "",
        "افتحوا صمّام المُشِعّ وانتظروا قليلًا حتى يسخن الماء.",
    )
    .file(
        "content/articles/حفلة الصيف.md",
        "---\ntitle: حفلة الصيف في الفناء\ndate: 2026-06-01\n---\nنلتقي في الفناء.\n",
    )
    .file(
        "content/events/lika.md",
        "---\ntitle: لقاء الجيران\nstart: 2026-11-22T18:05\n---\nلقاء شهري.\n",
    );
    site
}

fn turkish_site() -> TestSite {
    let site = site_in("tr", "");
    site.article(
        "isitma",
        "Kışın ısıtma ipuçları",
        "2026-11-02",
        "",
        "Işığı kapatın ve ısıtmayı doğru ayarlayın.",
    )
    .file(
        "content/events/bulusma.md",
        "---\ntitle: Komşu buluşması\nstart: 2026-11-22T18:05\n---\nHerkes davetli.\n",
    );
    site
}

fn ukrainian_site() -> TestSite {
    let site = site_in("uk", "");
    site.article(
        "grafik",
        "Графік прибирання подвір'я",
        "2026-11-02",
        "",
        "Щосуботи прибираємо разом із сусідами. Ґанок фарбуємо навесні.",
    )
    .file(
        "content/events/zustrich.md",
        "---\ntitle: Зустріч сусідів\nstart: 2026-11-22T18:05\n---\nЛаскаво просимо.\n",
    );
    site
}

#[test]
fn the_theme_speaks_the_site_language_with_its_dates() {
    let site = turkish_site();
    site.build_ok();
    let home = site.html("index.html");
    assert_eq!(home.text(".skip-link"), "İçeriğe geç");
    let event = site.html("events/bulusma/index.html");
    let text = event.text("main");
    assert!(text.contains("22 Kasım 2026"), "{text}");
    assert!(text.contains("18:05") && !text.contains("Uhr"), "{text}");
    let site = ukrainian_site();
    site.build_ok();
    let event = site.html("events/zustrich/index.html");
    assert!(
        event.text("main").contains("22 листопада 2026"),
        "{}",
        event.text("main")
    );
}

#[test]
fn a_site_overrides_a_string_of_its_language() {
    let site = site_in(
        "tr",
        "languages:\n  - code: tr\n    strings:\n      skip_to_content: Doğrudan içeriğe\n",
    );
    site.article("isitma", "Isıtma", "2026-11-02", "", "Metin.");
    site.build_ok();
    for page in ["index.html", "articles/isitma/index.html"] {
        let html = site.read(page);
        assert!(
            html.contains("Doğrudan içeriğe"),
            "{page}: the override is shown"
        );
        assert!(
            !html.contains("İçeriğe geç"),
            "{page}: the shipped string is replaced"
        );
    }
}

#[test]
fn an_unknown_string_key_names_file_line_and_key() {
    let site = site_in(
        "tr",
        "languages:\n  - code: tr\n    strings:\n      read_mor: Okumaya devam\n",
    );
    let err = site.build_fails();
    assert!(err.contains("kiez.yaml"), "{err}");
    assert!(err.contains(":8") || err.contains("line 8"), "{err}");
    assert!(err.contains("languages.strings.read_mor"), "{err}");
    assert!(err.contains("did you mean `read_more`"), "{err}");
}

#[test]
fn arabic_slugs_stay_arabic_and_are_percent_encoded_in_xml() {
    let site = arabic_site();
    site.build_ok();
    assert!(site.exists("articles/حفلة-الصيف/index.html"));
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap parses");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.iter().all(|l| l.is_ascii()), "{locs:?}");
    assert!(
        locs.contains(&"https://mag.example.org/articles/%D8%AD%D9%81%D9%84%D8%A9-%D8%A7%D9%84%D8%B5%D9%8A%D9%81/"),
        "{locs:?}"
    );
    let feed = site.read("rss.xml");
    let channel = rss::Channel::read_from(feed.as_bytes()).expect("feed parses");
    for item in channel.items() {
        let link = item.link().unwrap_or_default();
        assert!(link.is_ascii(), "{link}");
    }
    // HTML links may stay IRIs.
    let home = site.html("index.html");
    assert!(home
        .attrs("a", "href")
        .iter()
        .any(|h| h.contains("حفلة-الصيف")));
}

/// Percent-encodes a query for a URL.
fn query(q: &str) -> String {
    q.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// The result titles and excerpt highlights of `q` on the site served at
/// `base`.
fn search(chromium: &Path, base: &str, profile: &Path, q: &str) -> (Vec<String>, Vec<String>) {
    let out = std::process::Command::new(chromium)
        .args(crate::harness::CHROMIUM_FLAGS)
        .args(["--virtual-time-budget=10000", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("{base}/search/?q={}", query(q)))
        .output()
        .expect("chromium runs");
    let page = Page(scraper::Html::parse_document(&String::from_utf8_lossy(
        &out.stdout,
    )));
    (
        page.texts(".result h2 a"),
        page.texts(".result .excerpt mark"),
    )
}

#[test]
fn search_finds_what_readers_type_without_special_letters() {
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    let profile = tempfile::tempdir().unwrap();
    let ar = arabic_site();
    ar.build_ok();
    let base = crate::search::serve(ar.public());
    // Without harakat and shadda, ه for ة, ا for أ.
    for q in ["المشع", "التدفئه", "اشغل"] {
        let (titles, marks) = search(&chromium, &base, profile.path(), q);
        assert_eq!(titles, ["كيف أشغّل التدفئة؟"], "{q}");
        // The body holds the first word: its excerpt marks the stem
        // (without the article), written with its harakat.
        if q == "المشع" {
            assert_eq!(marks, ["مُشِعّ"], "{q}");
        }
    }
    let tr = turkish_site();
    tr.build_ok();
    let base = crate::search::serve(tr.public());
    // i for ı, I for İ, without ş.
    for q in ["isitma", "ISIGI", "kisin"] {
        let (titles, _) = search(&chromium, &base, profile.path(), q);
        assert_eq!(titles, ["Kışın ısıtma ipuçları"], "{q}");
    }
    let uk = ukrainian_site();
    uk.build_ok();
    let base = crate::search::serve(uk.public());
    // A Ukrainian word as it is, and ґ typed as г.
    for q in ["прибирання", "ганок", "Сусідами"] {
        let (titles, _) = search(&chromium, &base, profile.path(), q);
        assert_eq!(titles, ["Графік прибирання подвір'я"], "{q}");
    }
}

#[test]
fn the_digest_names_its_month_in_the_site_language() {
    let site = ukrainian_site();
    let out = tempfile::tempdir().unwrap();
    let run = site.kiez(&[
        "digest",
        ".",
        "--month",
        "2026-11",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(out.path().join("digest.txt")).unwrap();
    assert!(text.contains("Листопад 2026"), "{text}");
    assert!(text.contains("Графік прибирання"), "{text}");
    let html = std::fs::read_to_string(out.path().join("digest.html")).unwrap();
    let page = Page(scraper::Html::parse_document(&html));
    assert!(
        page.text("title").contains("Листопад 2026"),
        "{}",
        page.text("title")
    );
}
