//! Real-world layouts built as they are: dates taken from file names as
//! Jekyll and Zola name posts.

use crate::harness::TestSite;

/// `articles/feed.json`, parsed.
fn feed_items(site: &TestSite) -> Vec<(String, String)> {
    let feed: serde_json::Value = serde_json::from_str(&site.read("articles/feed.json")).unwrap();
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
