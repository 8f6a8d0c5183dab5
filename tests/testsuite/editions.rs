//! Magazine editions: `content/editions/ID.md` and `edition:` on
//! articles. Pages parsed with scraper, feeds with the `rss` reader and
//! serde, the sitemap with roxmltree.

use crate::errors::fails_cleanly;
use crate::harness::TestSite;

/// Two editions: 2026-3 orders its articles by `weight:`, 2026-4 by its
/// own `articles:` list (which also takes in an article without
/// `edition:`).
fn edition_site() -> TestSite {
    let site = TestSite::new();
    site.file(
        "content/editions/2026-3.md",
        "---\ntitle: Hofblatt 3/2026\ndate: 2026-07-20\ndescription: Die Sommerausgabe.\n---\nLiebe Mitglieder, <b>Sommer</b>!\n",
    )
    .file(
        "content/editions/2026-4/index.md",
        "---\ntitle: Hofblatt 4/2026\ndate: 2026-11-20\ncover: titel.png\nimage_alt: Ein Fenster bei Nacht\n\
         articles:\n  - articles/winter.md\n  - articles/heizung.md\n  - articles/ohne.md\n---\nLiebe Mitglieder, es wird kalt.\n",
    )
    .bytes("content/editions/2026-4/titel.png", &png())
    .article("fest", "Sommerfest", "2026-07-01", "edition: 2026-3\nweight: 2\n", "Fest.")
    .article("hauswart", "Hauswarte", "2026-05-01", "edition: 2026-3\nweight: 1\n", "Hauswarte.")
    .article("beirat", "Beirat", "2026-06-01", "edition: 2026-3\n", "Beirat.")
    .article("heizung", "Heiztipps", "2026-11-18", "edition: 2026-4\n", "Heizen.")
    .article("winter", "Winterdienst", "2026-11-10", "edition: 2026-4\n", "Räumen.")
    .article("ohne", "Ohne Angabe", "2026-11-01", "", "Gelistet.")
    .article("lose", "Lose", "2026-11-02", "", "In keiner Ausgabe.");
    site
}

/// A small valid PNG.
fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(40, 30, image::Rgb([200, 80, 40]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn edition_page_lists_its_articles_in_the_editors_order() {
    let site = edition_site();
    site.build_ok();
    let page = site.html("editions/2026-4/index.html");
    assert_eq!(page.text("h1"), "Hofblatt 4/2026");
    assert!(page.text(".editorial").contains("es wird kalt"));
    assert_eq!(
        page.attrs(".edition-articles .card-title a", "href"),
        ["/articles/winter/", "/articles/heizung/", "/articles/ohne/"],
        "the edition's articles: list"
    );
    assert_eq!(
        page.attrs(".cover img", "src"),
        ["/editions/2026-4/titel.png"]
    );
    assert_eq!(page.attrs(".cover img", "alt"), ["Ein Fenster bei Nacht"]);
    let summer = site.html("editions/2026-3/index.html");
    assert_eq!(
        summer.texts(".edition-articles .card-title"),
        ["Hauswarte", "Sommerfest", "Beirat"],
        "by weight, then those without"
    );
    // The editorial is Markdown with its HTML; the title is escaped.
    assert_eq!(summer.text(".editorial b"), "Sommer");
}

#[test]
fn articles_link_their_edition_and_the_edition_links_back() {
    let site = edition_site();
    site.build_ok();
    for (article, edition) in [
        ("heizung", Some("/editions/2026-4/")),
        ("ohne", Some("/editions/2026-4/")),
        ("fest", Some("/editions/2026-3/")),
        ("lose", None),
    ] {
        let page = site.html(&format!("articles/{article}/index.html"));
        let links = page.attrs(".edition-link a", "href");
        assert_eq!(links.first().map(String::as_str), edition, "{article}");
        if let Some(edition) = edition {
            let back = site.html(&format!("{}index.html", &edition[1..]));
            let cards = back.attrs(".edition-articles .card-title a", "href");
            assert!(
                cards.contains(&format!("/articles/{article}/")),
                "{cards:?}"
            );
        }
    }
}

#[test]
fn home_shows_the_latest_edition_and_the_archive_all() {
    let site = edition_site();
    site.build_ok();
    let home = site.html("index.html");
    assert_eq!(
        home.attrs("#edition-title a", "href"),
        ["/editions/2026-4/"]
    );
    assert_eq!(
        home.texts(".edition-toc a"),
        ["Winterdienst", "Heiztipps", "Ohne Angabe"]
    );
    let archive = site.html("editions/index.html");
    assert_eq!(archive.text("h1"), "Ausgaben");
    assert_eq!(
        archive.attrs(".card-title a", "href"),
        ["/editions/2026-4/", "/editions/2026-3/"],
        "newest first"
    );
    assert!(home
        .attrs(".site-footer a", "href")
        .contains(&"/editions/".to_string()));
}

#[test]
fn edition_feeds_hold_its_articles() {
    let site = edition_site();
    site.build_ok();
    let text = site.read("editions/2026-4/rss.xml");
    let channel = rss::Channel::read_from(text.as_bytes()).unwrap();
    assert!(
        channel.title().starts_with("Hofblatt 4/2026"),
        "{}",
        channel.title()
    );
    let mut links: Vec<&str> = channel.items().iter().filter_map(|i| i.link()).collect();
    links.sort_unstable();
    assert_eq!(
        links,
        [
            "https://mag.example.org/articles/heizung/",
            "https://mag.example.org/articles/ohne/",
            "https://mag.example.org/articles/winter/",
        ]
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.read("editions/2026-4/feed.json")).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["items"].as_array().unwrap().len(), 3);
    // The page announces its feed for autodiscovery.
    let page = site.html("editions/2026-4/index.html");
    let alternates = page.attrs("link[rel=alternate]", "href");
    assert!(
        alternates
            .iter()
            .any(|h| h.ends_with("/editions/2026-4/rss.xml")),
        "{alternates:?}"
    );
}

#[test]
fn edition_pages_have_share_meta_and_are_in_the_sitemap() {
    let site = edition_site();
    site.build_ok();
    let page = site.html("editions/2026-4/index.html");
    let og_image = page.attrs("meta[property='og:image']", "content");
    assert_eq!(og_image.len(), 1);
    assert!(
        og_image[0].starts_with("https://mag.example.org/"),
        "{og_image:?}"
    );
    assert_eq!(
        page.attrs("meta[property='og:title']", "content"),
        ["Hofblatt 4/2026"]
    );
    assert_eq!(
        page.jsonld_of("PublicationIssue")["name"],
        "Hofblatt 4/2026"
    );
    // An edition without a cover gets a generated card.
    let summer = site.html("editions/2026-3/index.html");
    let card = summer.attrs("meta[property='og:image']", "content");
    assert!(card[0].contains("/social/"), "{card:?}");
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for url in [
        "https://mag.example.org/editions/",
        "https://mag.example.org/editions/2026-3/",
        "https://mag.example.org/editions/2026-4/",
    ] {
        assert!(locs.contains(&url), "{url} missing from {locs:?}");
    }
}

#[test]
fn a_site_without_editions_has_no_archive() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "A.");
    site.build_ok();
    assert!(!site.exists("editions/index.html"));
    let home = site.html("index.html");
    assert_eq!(home.count("#edition-title"), 0);
    assert!(!home.attrs("a", "href").contains(&"/editions/".to_string()));
}

#[test]
fn an_unknown_edition_names_file_line_and_key() {
    let stderr = fails_cleanly(
        |s| {
            s.file(
                "content/editions/2026-4.md",
                "---\ntitle: Heft 4\ndate: 2026-11-01\n---\n",
            );
            s.article(
                "falsch",
                "Falsch",
                "2026-02-01",
                "tags: [a]\nedition: 2026-5\n",
                "x",
            );
        },
        &[
            "content/articles/falsch.md:5: key `edition`",
            "unknown edition `2026-5`",
            "2026-4",
        ],
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn an_edition_listing_a_missing_article_names_its_line() {
    fails_cleanly(
        |s| {
            s.file(
                "content/editions/2026-4.md",
                "---\ntitle: Heft 4\ndate: 2026-11-01\narticles:\n  - articles/gibtsnicht.md\n---\n",
            );
        },
        &[
            "content/editions/2026-4.md:4: key `articles`",
            "no article `articles/gibtsnicht.md`",
        ],
    );
}

#[test]
fn an_edition_needs_a_date() {
    fails_cleanly(
        |s| {
            s.file("content/editions/2026-4.md", "---\ntitle: Heft 4\n---\n");
        },
        &["content/editions/2026-4.md", "date"],
    );
}

#[test]
fn articles_of_a_draft_edition_build_without_it() {
    let site = TestSite::new();
    site.file(
        "content/editions/2027-1.md",
        "---\ntitle: Heft 1/2027\ndate: 2026-11-01\ndraft: true\n---\n",
    )
    .article("a", "A", "2026-01-01", "edition: 2027-1\n", "A.");
    site.build_ok();
    assert!(!site.exists("editions/2027-1/index.html"));
    assert_eq!(site.html("articles/a/index.html").count(".edition-link"), 0);
}
