//! The dev server's preview of the lists an edited page is on
//! (`Reuse::preview_lists`): after the page itself, the list pages and
//! feeds that show it or whose cards it moved, rendered before the
//! rebuild. Each must be the file the rebuild then makes, and the pages
//! it leaves alone must be ones the edit did not change.

use std::collections::BTreeSet;
use std::path::Path;

use super::{replace, Session};
use crate::harness::{Page, TestSite};

impl Session {
    /// Applies `edit` to the file at `rel`, previews its page and then
    /// its lists as the dev server does, and rebuilds (checked against a
    /// fresh build). Every list page and feed previewed must be the file
    /// the rebuild made; returns the output paths previewed and the
    /// output paths the rebuild changed. `showing` gets the paths of the
    /// first wave (what shows the page).
    fn preview_lists(
        &mut self,
        rel: &str,
        edit: impl FnOnce(String) -> Option<String>,
        showing: &mut BTreeSet<String>,
    ) -> (BTreeSet<String>, BTreeSet<String>) {
        let path = self.site().join(rel);
        let text = edit(std::fs::read_to_string(&path).unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        self.changed(rel);
        let dirs = kiez::config::SiteConfig::dirs(self.site());
        let content = Path::new(rel).strip_prefix("content").unwrap();
        let page = self
            .reuse
            .preview(&dirs, false, content)
            .expect("previewed");
        let mut lists = self.reuse.preview_lists().expect("its lists previewed");
        *showing = lists.iter().map(|f| f.path.clone()).collect();
        let moved = self.reuse.preview_moved().expect("moved cards previewed");
        assert!(moved.iter().all(|f| !showing.contains(&f.path)));
        lists.extend(moved);
        let before = self.out.clone();
        self.check(&format!("{rel} (lists previewed)"));
        let changed = self
            .out
            .iter()
            .filter(|(path, bytes)| before.get(*path) != Some(bytes))
            .map(|(path, _)| path.clone())
            .collect();
        for file in lists.iter().filter(|f| f.path != page[0].path) {
            let built = self.out.get(&file.path).and_then(|f| f.as_ref().ok());
            assert!(
                built.is_some_and(|b| b[..] == file.bytes[..]),
                "{} was previewed with other bytes than the rebuild made:\n{}",
                file.path,
                String::from_utf8_lossy(&file.bytes)
            );
        }
        (lists.into_iter().map(|f| f.path).collect(), changed)
    }
}

/// Seven articles, two to a list page, tagged Hof or Garten.
fn session() -> Session {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!(
            "{}sections:\n  articles:\n    per_page: 2\n  home:\n    articles: 2\n    events: 2\n",
            crate::harness::CONFIG
        ),
    );
    for n in 1..=7 {
        let tag = if n % 2 == 0 { "Garten" } else { "Hof" };
        site.article(
            &format!("a{n}"),
            &format!("Artikel {n}"),
            &format!("2026-0{n}-01"),
            &format!("tags: [{tag}]\n"),
            &format!("Text {n}."),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    super::copy_dir(site.root(), &root);
    Session::of(dir, root)
}

/// Asserts that every page and feed the rebuild changed was previewed,
/// but for the search index, the sitemap and the `new` lists' files,
/// which only the rebuild makes.
fn all_lists_previewed(previewed: &BTreeSet<String>, changed: &BTreeSet<String>, new: &[&str]) {
    let left: Vec<&String> = changed
        .iter()
        .filter(|p| p.ends_with(".html") || p.ends_with(".xml") || p.ends_with(".json"))
        .filter(|p| !p.starts_with("search") && !p.contains("sitemap"))
        .filter(|p| !new.iter().any(|n| p.starts_with(n)))
        .filter(|p| !previewed.contains(*p))
        .collect();
    assert!(left.is_empty(), "changed but not previewed: {left:?}");
}

#[test]
fn a_title_edit_reaches_the_lists_showing_the_page() {
    let mut s = session();
    let (previewed, changed) = s.preview_lists(
        "content/articles/a3.md",
        replace("Artikel 3", "Artikel drei"),
        &mut BTreeSet::new(),
    );
    // a3 is the fifth newest: the third page of the article list.
    for path in [
        "articles/page/3/index.html",
        "tags/hof/page/2/index.html",
        "rss.xml",
        "feed.json",
        "tags/hof/rss.xml",
    ] {
        assert!(previewed.contains(path), "{path} not in {previewed:?}");
    }
    for path in [
        "articles/index.html",
        "articles/page/2/index.html",
        "tags/garten/index.html",
        "tags/hof/index.html",
        "tags/garten/rss.xml",
    ] {
        assert!(!previewed.contains(path), "{path} does not show a3");
    }
    all_lists_previewed(&previewed, &changed, &[]);
    let list = Page(scraper::Html::parse_document(
        std::str::from_utf8(s.out["tags/hof/page/2/index.html"].as_ref().unwrap()).unwrap(),
    ));
    assert!(list.texts("main a").contains(&"Artikel drei".to_string()));
}

#[test]
fn a_date_edit_moves_the_page_on_every_list_page_between() {
    let mut s = session();
    // The oldest article becomes the newest: every card on the way moves.
    let mut showing = BTreeSet::new();
    let (previewed, changed) = s.preview_lists(
        "content/articles/a1.md",
        replace("2026-01-01", "2026-08-01"),
        &mut showing,
    );
    // What shows the page comes first, the pages it moved after.
    for path in ["index.html", "articles/index.html", "tags/hof/index.html"] {
        assert!(showing.contains(path), "{path} not in {showing:?}");
    }
    assert!(!showing.contains("articles/page/2/index.html"));
    for path in [
        "index.html",
        "articles/index.html",
        "articles/page/2/index.html",
        "articles/page/3/index.html",
        "articles/page/4/index.html",
        "tags/hof/index.html",
        "tags/hof/page/2/index.html",
        "rss.xml",
    ] {
        assert!(previewed.contains(path), "{path} not in {previewed:?}");
    }
    assert!(!previewed.contains("tags/garten/index.html"));
    all_lists_previewed(&previewed, &changed, &[]);
}

#[test]
fn a_tag_edit_moves_the_page_between_term_lists() {
    let mut s = session();
    let (previewed, changed) = s.preview_lists(
        "content/articles/a7.md",
        replace("tags: [Hof]", "tags: [Garten, Keller]"),
        &mut BTreeSet::new(),
    );
    for path in [
        "tags/index.html",
        "tags/hof/index.html",
        "tags/hof/page/2/index.html",
        "tags/garten/index.html",
        "tags/garten/rss.xml",
    ] {
        assert!(previewed.contains(path), "{path} not in {previewed:?}");
    }
    // A new tag's page waits for the rebuild, which draws its share image.
    assert!(previewed.contains("tags/keller/rss.xml"));
    assert!(!previewed.contains("tags/keller/index.html"));
    let new = ["tags/keller/index.html", "tags/keller/page/1/"];
    all_lists_previewed(&previewed, &changed, &new);
}

#[test]
fn a_body_edit_renders_only_what_shows_its_card() {
    let mut s = session();
    let (previewed, changed) = s.preview_lists(
        "content/articles/a4.md",
        |t| Some(t + "\nNoch ein Satz.\n"),
        &mut BTreeSet::new(),
    );
    assert!(!previewed.contains("articles/index.html"));
    assert!(!previewed.contains("tags/hof/index.html"));
    all_lists_previewed(&previewed, &changed, &[]);
}
