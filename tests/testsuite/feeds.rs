//! Feeds parsed back with a feed parser (the `rss` crate's reader) and
//! JSON Feed read into typed structs; sitemap and robots checked as XML/text.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::harness::{TestSite, CONFIG};

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct JsonFeed {
    version: String,
    title: String,
    home_page_url: String,
    feed_url: String,
    #[serde(default)]
    description: Option<String>,
    language: String,
    #[serde(default)]
    icon: Option<String>,
    #[serde(default)]
    authors: Vec<Author>,
    items: Vec<JsonItem>,
}

#[derive(Deserialize, Debug)]
struct Author {
    name: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct JsonItem {
    id: String,
    url: String,
    title: String,
    content_html: String,
    summary: String,
    #[serde(default)]
    image: Option<String>,
    date_published: String,
    #[serde(default)]
    date_modified: Option<String>,
    #[serde(default)]
    authors: Vec<Author>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default, rename = "_kiez")]
    kiez: Option<BTreeMap<String, serde_json::Value>>,
}

fn feed_site() -> TestSite {
    let site = TestSite::new();
    site.article(
        "erster",
        "Erster Beitrag",
        "2026-01-10T09:00",
        "tags: [Hof]\nauthors: [Erika Muster]\ndescription: Kurz gesagt.\n",
        "Text mit [Link](zweiter.md) und ![Bild](/images/hof.png).",
    )
    .article("zweiter", "Zweiter Beitrag", "2026-02-10", "tags: [Hof, Garten]\nupdated: 2026-03-01\n", "Zwei.")
    .article("entwurf", "Entwurf", "2026-02-11", "draft: true\ntags: [Hof]\n", "Geheim.")
    .article("zukunft", "Zukunft", "2027-01-01", "tags: [Hof]\n", "Später.")
    .bytes("static/images/hof.png", b"png")
    .file(
        "content/events/fest.md",
        "---\ntitle: Hoffest\nstart: 2026-12-05T15:00\nlocation: {name: Innenhof, address: Lindenstraße 1}\ndate: 2026-11-01\n---\nKommt alle.\n",
    )
    .file(
        "content/faq/heizung/kalt.md",
        "---\ntitle: Warum ist es kalt?\ndate: 2026-04-01\nupdated: 2026-05-01\n---\nEntlüften.\n",
    )
    .file("content/faq/heizung/undatiert.md", "---\ntitle: Ohne Datum?\n---\nJa.\n");
    site
}

fn rss(site: &TestSite, path: &str) -> rss::Channel {
    let text = site.read(path);
    rss::Channel::read_from(text.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}\n{text}"))
}

fn json(site: &TestSite, path: &str) -> JsonFeed {
    serde_json::from_str(&site.read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn site_feed_has_articles_and_events_newest_first_without_drafts_or_future() {
    let site = feed_site();
    site.build_ok();
    let channel = rss(&site, "rss.xml");
    let titles: Vec<_> = channel
        .items
        .iter()
        .map(|i| i.title.clone().unwrap())
        .collect();
    assert_eq!(titles, vec!["Hoffest", "Zweiter Beitrag", "Erster Beitrag"]);
    assert_eq!(channel.language.as_deref(), Some("de"));
    assert_eq!(channel.link, "https://mag.example.org/");
    // lastBuildDate is the newest item's date, not the clock.
    assert_eq!(
        channel.last_build_date.as_deref(),
        Some("Sun, 1 Nov 2026 00:00:00 +0100")
    );
    let self_link = &channel.extensions["atom"]["link"][0];
    assert_eq!(self_link.attrs["href"], "https://mag.example.org/rss.xml");
    assert_eq!(self_link.attrs["rel"], "self");

    let feed = json(&site, "feed.json");
    let titles: Vec<_> = feed.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, vec!["Hoffest", "Zweiter Beitrag", "Erster Beitrag"]);
    assert_eq!(feed.version, "https://jsonfeed.org/version/1.1");
    assert_eq!(feed.feed_url, "https://mag.example.org/feed.json");
    assert_eq!(feed.home_page_url, "https://mag.example.org/");
    assert_eq!(feed.language, "de");
    assert_eq!(feed.title, "Testblatt");
    assert!(feed.description.is_none() && feed.icon.is_none() && feed.authors.is_empty());
}

#[test]
fn items_carry_absolute_links_dates_authors_and_categories() {
    let site = feed_site();
    site.build_ok();
    let channel = rss(&site, "articles/rss.xml");
    let item = channel
        .items
        .iter()
        .find(|i| i.title.as_deref() == Some("Erster Beitrag"))
        .unwrap();
    assert_eq!(
        item.link.as_deref(),
        Some("https://mag.example.org/articles/erster/")
    );
    let guid = item.guid.as_ref().unwrap();
    assert!(guid.permalink);
    assert_eq!(guid.value, "https://mag.example.org/articles/erster/");
    assert_eq!(
        item.pub_date.as_deref(),
        Some("Sat, 10 Jan 2026 09:00:00 +0100")
    );
    let content = item.content.as_deref().unwrap();
    let doc = scraper::Html::parse_fragment(content);
    let hrefs: Vec<_> = doc
        .select(&scraper::Selector::parse("a:not(.anchor)").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(hrefs, vec!["https://mag.example.org/articles/zweiter/"]);
    let srcs: Vec<_> = doc
        .select(&scraper::Selector::parse("img").unwrap())
        .map(|a| a.value().attr("src").unwrap().to_string())
        .collect();
    assert_eq!(srcs, vec!["https://mag.example.org/images/hof.png"]);
    assert_eq!(
        item.dublin_core_ext.as_ref().unwrap().creators,
        vec!["Erika Muster"]
    );
    let cats: Vec<_> = item.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cats, vec!["Hof"]);

    let feed = json(&site, "articles/feed.json");
    let item = feed
        .items
        .iter()
        .find(|i| i.title == "Zweiter Beitrag")
        .unwrap();
    assert_eq!(item.date_published, "2026-02-10T00:00:00+01:00");
    assert_eq!(
        item.date_modified.as_deref(),
        Some("2026-03-01T00:00:00+01:00")
    );
    assert_eq!(item.tags, vec!["Hof", "Garten"]);
    assert_eq!(item.id, item.url);
    let first = feed
        .items
        .iter()
        .find(|i| i.title == "Erster Beitrag")
        .unwrap();
    assert_eq!(first.summary, "Kurz gesagt.");
    assert_eq!(first.authors[0].name, "Erika Muster");
    assert!(first
        .content_html
        .contains("https://mag.example.org/articles/zweiter/"));
    assert!(first.image.is_none() && first.kiez.is_none());
}

#[test]
fn cover_image_is_media_content_and_inline() {
    let site = TestSite::new();
    site.file(
        "content/articles/bild/index.md",
        "---\ntitle: Bild\ndate: 2026-01-01\nimage: titel.jpg\nimage_alt: Hof im Schnee\n---\nText.\n",
    )
    .bytes("content/articles/bild/titel.jpg", &crate::harness::png(1200, 630));
    site.build_ok();
    let channel = rss(&site, "rss.xml");
    let item = &channel.items[0];
    let media = &item.extensions["media"]["content"][0];
    assert_eq!(
        media.attrs["url"],
        "https://mag.example.org/articles/bild/titel.jpg"
    );
    let doc = scraper::Html::parse_fragment(item.content.as_deref().unwrap());
    let img = doc
        .select(&scraper::Selector::parse("img").unwrap())
        .next()
        .unwrap();
    assert_eq!(
        img.value().attr("src"),
        Some("https://mag.example.org/articles/bild/titel.jpg")
    );
    assert_eq!(img.value().attr("alt"), Some("Hof im Schnee"));
    let feed = json(&site, "feed.json");
    assert_eq!(
        feed.items[0].image.as_deref(),
        Some("https://mag.example.org/articles/bild/titel.jpg")
    );
}

#[test]
fn events_feed_states_date_and_place() {
    let site = feed_site();
    site.build_ok();
    let channel = rss(&site, "events/rss.xml");
    assert_eq!(channel.items.len(), 1);
    let desc = channel.items[0].description.as_deref().unwrap();
    assert!(
        desc.contains("Samstag, 5. Dezember 2026, 15:00 Uhr · Innenhof, Lindenstraße 1"),
        "{desc}"
    );
    let feed = json(&site, "events/feed.json");
    let ext = feed.items[0].kiez.as_ref().unwrap();
    assert_eq!(ext["event_start"], "2026-12-05T15:00:00+01:00");
    assert_eq!(ext["location"]["name"], "Innenhof");
    assert_eq!(feed.items[0].date_published, "2026-11-01T00:00:00+01:00");
}

#[test]
fn faq_feed_lists_dated_questions() {
    let site = feed_site();
    site.build_ok();
    let channel = rss(&site, "faq/rss.xml");
    let titles: Vec<_> = channel
        .items
        .iter()
        .map(|i| i.title.clone().unwrap())
        .collect();
    assert_eq!(titles, vec!["Warum ist es kalt?"]);
}

#[test]
fn per_tag_feeds_hold_the_tags_items() {
    let site = feed_site();
    site.build_ok();
    let garten = rss(&site, "tags/garten/rss.xml");
    let titles: Vec<_> = garten
        .items
        .iter()
        .map(|i| i.title.clone().unwrap())
        .collect();
    assert_eq!(titles, vec!["Zweiter Beitrag"]);
    let hof = json(&site, "tags/hof/feed.json");
    let titles: Vec<_> = hof.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, vec!["Zweiter Beitrag", "Erster Beitrag"]);
    assert_eq!(hof.feed_url, "https://mag.example.org/tags/hof/feed.json");
    assert!(site.exists("authors/erika-muster/rss.xml"));
}

#[test]
fn item_count_is_limited_by_config() {
    let site = TestSite::new();
    site.file("kiez.yaml", &format!("{CONFIG}feeds:\n  limit: 3\n"));
    for n in 1..=5 {
        site.article(
            &format!("a{n}"),
            &format!("A{n}"),
            &format!("2026-0{n}-01"),
            "",
            "x",
        );
    }
    site.build_ok();
    let titles: Vec<_> = rss(&site, "rss.xml")
        .items
        .iter()
        .map(|i| i.title.clone().unwrap())
        .collect();
    assert_eq!(titles, vec!["A5", "A4", "A3"]);
    assert_eq!(json(&site, "articles/feed.json").items.len(), 3);
}

#[test]
fn hostile_titles_are_escaped_in_every_format() {
    let title = "Fest & Feier <script>alert(\"x\")</script> 'Größer' 🎉";
    let site = TestSite::new();
    site.file(
        "content/articles/boese.md",
        &format!(
            "---\ntitle: {}\ndate: 2026-01-01\ntags: [\"<b>&</b>\"]\n---\nText & <mehr>.\n",
            serde_json::to_string(title).unwrap()
        ),
    );
    site.build_ok();
    let channel = rss(&site, "rss.xml");
    assert_eq!(channel.items[0].title.as_deref(), Some(title));
    assert_eq!(channel.items[0].categories[0].name, "<b>&</b>");
    let feed = json(&site, "feed.json");
    assert_eq!(feed.items[0].title, title);
    let page = site.html("articles/boese/index.html");
    assert_eq!(page.text("h1"), title);
    // The only scripts are JSON-LD, and they parse back to the same title.
    assert_eq!(
        page.count("script:not([type='application/ld+json']):not([src])"),
        0
    );
    assert_eq!(page.attrs("script[src]", "src"), vec!["/share.js"]);
    let article = page.jsonld_of("Article");
    assert_eq!(article["headline"], title);
}

#[test]
fn pages_link_their_feeds_for_autodiscovery() {
    let site = feed_site();
    site.build_ok();
    let home = site.html("index.html");
    let alternates = home.attrs("link[rel=alternate]", "href");
    assert_eq!(alternates, vec!["/rss.xml", "/feed.json"]);
    assert_eq!(
        home.attrs("link[rel=alternate]", "type"),
        vec!["application/rss+xml", "application/feed+json"]
    );
    let tag = site.html("tags/hof/index.html");
    assert_eq!(
        tag.attrs("link[rel=alternate]", "href"),
        vec![
            "/rss.xml",
            "/feed.json",
            "/tags/hof/rss.xml",
            "/tags/hof/feed.json"
        ]
    );
    assert_eq!(
        tag.attrs(".subscribe a", "href")[..2],
        ["/tags/hof/rss.xml", "/tags/hof/feed.json"]
    );
    let events = site.html("events/index.html");
    assert!(events
        .attrs("link[rel=alternate]", "href")
        .contains(&"/events/rss.xml".to_string()));
    // Every linked feed exists.
    for page in [
        "index.html",
        "tags/hof/index.html",
        "events/index.html",
        "articles/index.html",
        "faq/index.html",
    ] {
        for href in site.html(page).attrs("link[rel=alternate]", "href") {
            assert!(site.exists(href.trim_start_matches('/')), "{page}: {href}");
        }
    }
}

#[test]
fn sitemap_lists_public_pages_with_lastmod() {
    let site = feed_site();
    site.build_ok();
    let xml = site.read("sitemap.xml");
    let doc = sitemap_entries(&xml);
    assert!(doc.contains(&(
        "https://mag.example.org/articles/erster/".to_string(),
        Some("2026-01-10T09:00:00+01:00".to_string())
    )));
    assert!(doc.contains(&(
        "https://mag.example.org/articles/zweiter/".to_string(),
        Some("2026-03-01T00:00:00+01:00".to_string())
    )));
    assert!(doc
        .iter()
        .any(|(loc, _)| loc == "https://mag.example.org/faq/heizung/kalt/"));
    assert!(!doc
        .iter()
        .any(|(loc, _)| loc.contains("entwurf") || loc.contains("zukunft") || loc.contains("404")));
    let robots = site.read("robots.txt");
    assert!(robots
        .lines()
        .any(|l| l == "Sitemap: https://mag.example.org/sitemap.xml"));
    assert!(robots.lines().any(|l| l == "Allow: /"));
}

#[test]
fn staging_builds_disallow_indexing() {
    let site = feed_site();
    site.file("kiez.yaml", &format!("{CONFIG}indexing: false\n"));
    site.build_ok();
    assert!(site.read("robots.txt").lines().any(|l| l == "Disallow: /"));
    assert_eq!(
        site.html("index.html")
            .attrs("meta[name=robots]", "content"),
        vec!["noindex"]
    );
}

#[test]
fn golden_feeds() {
    let site = TestSite::new();
    site.article(
        "a",
        "Hof & Garten",
        "2026-03-01T10:00",
        "tags: [Hof]\nauthors: [Erika]\n",
        "Erster Absatz.\n\n## Mehr\n\nZweiter.",
    );
    site.file(
        "content/events/e.md",
        "---\ntitle: Fest\nstart: 2026-04-01T15:00\nlocation: {name: Hof}\n---\nFeiern.\n",
    );
    site.build_ok();
    for (file, golden) in [
        ("rss.xml", "golden/rss.xml"),
        ("feed.json", "golden/feed.json"),
    ] {
        let actual = site.read(file);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/testsuite")
            .join(golden);
        if std::env::var_os("KIEZ_BLESS").is_some() {
            std::fs::write(&path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            actual, expected,
            "{file} differs from {golden}; rerun with KIEZ_BLESS=1 to accept"
        );
    }
}

/// (loc, lastmod) pairs of a sitemap, parsed as XML.
fn sitemap_entries(xml: &str) -> Vec<(String, Option<String>)> {
    let doc = roxmltree::Document::parse(xml).expect("sitemap is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    root.children()
        .filter(|n| n.is_element())
        .map(|url| {
            let child = |name: &str| {
                url.children()
                    .find(|c| c.tag_name().name() == name)
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (child("loc").expect("every url has a loc"), child("lastmod"))
        })
        .collect()
}

#[test]
fn inline_images_in_feeds_are_resized_with_absolute_urls() {
    let site = TestSite::new();
    site.file(
        "content/articles/hof/index.md",
        "---\ntitle: Hof\ndate: 2026-01-01\n---\n![Der Hof im Schnee](hof.png)\n",
    )
    .bytes(
        "content/articles/hof/hof.png",
        &crate::harness::png(2000, 1000),
    );
    site.build_ok();
    let feed = json(&site, "feed.json");
    let html = crate::harness::Page(scraper::Html::parse_fragment(&feed.items[0].content_html));
    assert_eq!(html.attrs("img", "alt"), vec!["Der Hof im Schnee"]);
    assert_eq!(html.attrs("img", "width"), vec!["1600"]);
    let src = html.attrs("img", "src");
    assert!(
        src[0].starts_with("https://mag.example.org/_img/"),
        "{src:?}"
    );
    let srcset = html.attrs("img", "srcset");
    let urls: Vec<&str> = srcset[0]
        .split(", ")
        .map(|c| c.split(' ').next().unwrap())
        .collect();
    assert_eq!(urls.len(), 3, "{srcset:?}");
    for url in urls {
        let rel = url
            .strip_prefix("https://mag.example.org/")
            .unwrap_or_else(|| panic!("{url}"));
        assert!(site.exists(rel), "{url}");
    }
}
