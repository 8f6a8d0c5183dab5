//! Real-world layouts built as they are: folders inside `articles/` as
//! sub-sections, dates taken from file names as Jekyll and Zola name
//! posts, and long lists (term pages) paginated.

use crate::harness::TestSite;

/// `articles/feed.json`, parsed.
fn feed_items(site: &TestSite) -> Vec<(String, String)> {
    feed_of(site, "articles/feed.json")
}

/// A JSON Feed's items as (url, date), parsed.
fn feed_of(site: &TestSite, rel: &str) -> Vec<(String, String)> {
    let feed: serde_json::Value = serde_json::from_str(&site.read(rel)).unwrap();
    feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["url"].as_str().unwrap().to_string(),
                item["date_published"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_date_in_the_file_name_dates_the_article_and_leaves_the_slug() {
    let site = TestSite::new();
    site.file(
        "content/articles/2024-05-01-sommerfest.md",
        "---\ntitle: Sommerfest\n---\nFest.\n",
    )
    .file(
        "content/articles/2024-06-02-hoffest/index.md",
        "---\ntitle: Hoffest\n---\nHof.\n",
    )
    // The front matter's date comes first.
    .file(
        "content/articles/2024-01-01-neujahr.md",
        "---\ntitle: Neujahr\ndate: 2024-01-05\n---\nNeu.\n",
    )
    // Not a date: part of the slug, and `date:` is still required.
    .file(
        "content/articles/2024-13-01-kein-datum.md",
        "---\ntitle: Kein Datum\ndate: 2024-03-01\n---\nx\n",
    );
    site.build_ok();
    let items = feed_items(&site);
    let base = "https://mag.example.org/articles";
    assert_eq!(
        items,
        [
            (
                format!("{base}/hoffest/"),
                "2024-06-02T00:00:00+02:00".into()
            ),
            (
                format!("{base}/sommerfest/"),
                "2024-05-01T00:00:00+02:00".into()
            ),
            (
                format!("{base}/2024-13-01-kein-datum/"),
                "2024-03-01T00:00:00+01:00".into()
            ),
            (
                format!("{base}/neujahr/"),
                "2024-01-05T00:00:00+01:00".into()
            ),
        ]
    );
}

#[test]
fn an_undated_file_name_still_needs_a_date() {
    let site = TestSite::new();
    site.file(
        "content/articles/sommerfest.md",
        "---\ntitle: Sommerfest\n---\nFest.\n",
    );
    let stderr = site.build_fails();
    assert!(stderr.contains("missing required key `date`"), "{stderr}");
}

fn sectioned() -> TestSite {
    let site = TestSite::new();
    site.article("oben", "Oben", "2026-01-05", "", "x")
        .file(
            "content/articles/inside-rust/a.md",
            "---\ntitle: A\ndate: 2026-01-04\n---\nx\n",
        )
        .file(
            "content/articles/inside-rust/b/index.md",
            "---\ntitle: B\ndate: 2026-01-03\n---\nx\n",
        )
        .file(
            "content/articles/archiv/2024/c.md",
            "---\ntitle: C\ndate: 2024-01-02\n---\nx\n",
        )
        .file(
            "content/articles/archiv/2024/2024-03-01-fruehling.md",
            "---\ntitle: Frühling\n---\nx\n",
        )
        .file(
            "content/articles/archiv/_section.yaml",
            "title: Altes Archiv\ndescription: Was früher war.\nmain_list: false\n",
        );
    site
}

#[test]
fn folders_in_articles_are_sections_with_lists_feeds_and_breadcrumbs() {
    let site = sectioned();
    site.build_ok();
    for page in [
        "articles/inside-rust/a/index.html",
        "articles/inside-rust/b/index.html",
        "articles/archiv/2024/c/index.html",
    ] {
        assert!(site.exists(page), "{page}");
    }
    let titles = |rel: &str| site.html(rel).texts(".cards h2");
    assert_eq!(
        titles("articles/index.html"),
        ["Oben", "A", "B"],
        "archiv is left out"
    );
    assert_eq!(titles("articles/inside-rust/index.html"), ["A", "B"]);
    assert_eq!(
        titles("articles/archiv/index.html"),
        ["Frühling", "C"],
        "sections below count; a dated file name dates its article"
    );
    assert_eq!(titles("articles/archiv/2024/index.html"), ["Frühling", "C"]);
    assert!(site.exists("articles/archiv/2024/fruehling/index.html"));
    let archiv = site.html("articles/archiv/index.html");
    assert_eq!(archiv.text("h1"), "Altes Archiv");
    assert_eq!(archiv.text(".lead"), "Was früher war.");
    // A section's list is shared with a card of its own.
    let card = archiv.attrs("meta[property='og:image']", "content");
    assert_eq!(card.len(), 1, "one og:image");
    let inside = site.html("articles/inside-rust/index.html");
    assert_ne!(card, inside.attrs("meta[property='og:image']", "content"));
    assert_eq!(
        site.html("articles/inside-rust/index.html").text("h1"),
        "Inside rust"
    );
    let crumbs = site
        .html("articles/archiv/2024/c/index.html")
        .texts(".breadcrumbs li");
    assert_eq!(
        crumbs,
        ["Startseite", "Magazin", "Altes Archiv", "2024", "C"]
    );
    let urls =
        |rel: &str| -> Vec<String> { feed_of(&site, rel).into_iter().map(|(u, _)| u).collect() };
    let base = "https://mag.example.org/articles";
    assert_eq!(
        urls("articles/inside-rust/feed.json"),
        [
            format!("{base}/inside-rust/a/"),
            format!("{base}/inside-rust/b/")
        ]
    );
    assert!(!urls("articles/feed.json")
        .iter()
        .any(|u| u.contains("archiv")));
    assert!(!urls("feed.json").iter().any(|u| u.contains("archiv")));
    assert_eq!(
        urls("articles/archiv/feed.json"),
        [
            format!("{base}/archiv/2024/fruehling/"),
            format!("{base}/archiv/2024/c/")
        ]
    );
    // Page 1 of a section redirects to the section.
    let redirect = site.html("articles/inside-rust/page/1/index.html");
    assert_eq!(
        redirect.attrs("link[rel=canonical]", "href"),
        [format!("{base}/inside-rust/")]
    );
}

#[test]
fn a_section_and_an_article_cannot_share_a_url() {
    let site = sectioned();
    site.article("inside-rust", "Inside", "2026-01-01", "", "x");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("content/articles/inside-rust.md: makes the URL /articles/inside-rust/, which is a list page kiez generates"),
        "{stderr}"
    );
}

#[test]
fn a_misspelt_section_key_is_a_located_error() {
    let site = sectioned();
    site.file(
        "content/articles/archiv/_section.yaml",
        "title: Archiv\nmainlist: false\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("content/articles/archiv/_section.yaml:2:1: unknown field `mainlist`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("allowed here: title, description, order, main_list"),
        "{stderr}"
    );
}

#[test]
fn term_pages_are_paginated_like_the_article_list() {
    let site = TestSite::new();
    for n in 1..=12 {
        site.article(
            &format!("a{n:02}"),
            &format!("A{n:02}"),
            &format!("2026-01-{n:02}"),
            "tags: [Hof]\n",
            "x",
        );
    }
    site.build_ok();
    let first = site.html("tags/hof/index.html");
    assert_eq!(first.count(".cards h2"), 10);
    assert_eq!(first.texts(".cards h2")[0], "A12", "newest first");
    let second = site.html("tags/hof/page/2/index.html");
    assert_eq!(second.texts(".cards h2"), ["A02", "A01"]);
    assert_eq!(
        second.attrs(".pagination a[rel=prev]", "href"),
        ["/tags/hof/"]
    );
    assert_eq!(
        first.attrs(".pagination a[rel=next]", "href"),
        ["/tags/hof/page/2/"]
    );
    // Every page of the list is shared with the term's card.
    let og = |page: &crate::harness::Page| page.attrs("meta[property='og:image']", "content");
    assert_eq!(og(&first).len(), 1);
    assert_eq!(og(&first), og(&second));
    // Every page of the list offers the term's feed.
    let feeds = |page: &crate::harness::Page| {
        page.attrs("link[rel=alternate][type='application/feed+json']", "href")
    };
    assert_eq!(feeds(&first), feeds(&second));
    assert!(
        feeds(&second)
            .iter()
            .any(|f| f.ends_with("/tags/hof/feed.json")),
        "{:?}",
        feeds(&second)
    );
    assert_eq!(
        site.html("tags/hof/page/1/index.html")
            .attrs("link[rel=canonical]", "href"),
        ["https://mag.example.org/tags/hof/"]
    );
}
