//! Successful builds: every page type, lists, taxonomies, links, bundles.

use crate::harness::{snapshot, TestSite};

fn full_site() -> TestSite {
    let site = TestSite::new();
    site.file("content/index.md", "---\ntitle: Willkommen im Hof\n---\nHallo Nachbarn.\n")
        .article(
            "hoffest",
            "Mieterfest im Hof — Größer!",
            "2026-06-01",
            "tags: [Hof, Feste]\ncategories: [Nachbarschaft]\nauthors: [Erika Muster]\n",
            "Erster Absatz.\n\nSiehe [das Fest](../events/sommerfest.md#wann) und [Heizung](../faq/heizung/kalt.md).",
        )
        .article("winter", "Tipps für den Winter", "2026-10-01", "tags: [Heizung]\n", "Lüften!")
        .file(
            "content/events/sommerfest.md",
            "---\ntitle: Sommerfest\nstart: 2027-07-01T15:00\nend: 2027-07-01T22:00\nlocation:\n  name: Innenhof\n  address: Lindenstraße 1, 10969 Berlin\n  lat: 52.5\n  lon: 13.4\ntags: [Feste]\n---\nMit Grill.\n",
        )
        .file(
            "content/events/versammlung.md",
            "---\ntitle: Versammlung 2025\nstart: 2025-05-01T18:00\n---\nVorbei.\n",
        )
        .file(
            "content/faq/heizung/_category.yaml",
            "title: Heizung\ndescription: Warm durch den Winter\norder: 1\n",
        )
        .file(
            "content/faq/heizung/kalt.md",
            "---\ntitle: Warum ist es kalt?\norder: 2\ntags: [Heizung]\nrelated: [heizung/entlueften.md]\n---\nEntlüften Sie den Heizkörper.\n",
        )
        .file(
            "content/faq/heizung/entlueften.md",
            "---\ntitle: Wie entlüfte ich?\norder: 1\n---\nMit dem Schlüssel.\n",
        )
        .file("content/pages/impressum.md", "---\ntitle: Impressum\n---\nAngaben.\n")
        .file("content/pages/ueber-uns.md", "---\ntitle: Über uns\nmenu: 1\n---\nWir.\n");
    site
}

#[test]
fn every_page_type_renders_with_its_title() {
    let site = full_site();
    site.build_ok();
    let cases = [
        ("index.html", "Willkommen im Hof"),
        ("articles/hoffest/index.html", "Mieterfest im Hof — Größer!"),
        ("articles/index.html", "Magazin"),
        ("events/index.html", "Termine"),
        ("events/sommerfest/index.html", "Sommerfest"),
        ("faq/index.html", "Fragen & Antworten"),
        ("faq/heizung/index.html", "Heizung"),
        ("faq/heizung/kalt/index.html", "Warum ist es kalt?"),
        ("impressum/index.html", "Impressum"),
        ("tags/index.html", "Schlagwörter"),
        ("tags/hof/index.html", "Hof"),
        ("categories/nachbarschaft/index.html", "Nachbarschaft"),
        ("authors/erika-muster/index.html", "Erika Muster"),
        ("404.html", "Seite nicht gefunden"),
    ];
    for (file, h1) in cases {
        let page = site.html(file);
        assert_eq!(page.text("h1"), h1, "{file}");
        assert_eq!(page.attrs("html", "lang"), vec!["de"], "{file}");
        assert!(
            page.text("title").contains(h1) || file == "index.html",
            "{file}"
        );
    }
}

#[test]
fn home_links_latest_articles_upcoming_events_and_faq_topics() {
    let site = full_site();
    site.build_ok();
    let home = site.html("index.html");
    let links = home.attrs(".card-title a", "href");
    assert_eq!(
        links,
        vec![
            "/articles/winter/",
            "/articles/hoffest/",
            "/events/sommerfest/"
        ]
    );
    assert_eq!(home.attrs(".topic-list a", "href"), vec!["/faq/heizung/"]);
    // The menu has the sections plus the page with `menu:`; the imprint is in the footer.
    let nav = home.attrs(".main-nav a", "href");
    assert_eq!(nav, vec!["/articles/", "/events/", "/faq/", "/ueber-uns/"]);
    assert!(home
        .attrs(".site-footer a", "href")
        .contains(&"/impressum/".to_string()));
}

#[test]
fn german_titles_give_transliterated_slugs() {
    let site = TestSite::new();
    site.file(
        "content/articles/Größere Feste für Älteste.md",
        "---\ntitle: x\ndate: 2026-01-01\n---\nx\n",
    );
    site.build_ok();
    assert!(site.exists("articles/groessere-feste-fuer-aelteste/index.html"));
}

#[test]
fn content_links_are_rewritten_to_urls() {
    let site = full_site();
    site.build_ok();
    let page = site.html("articles/hoffest/index.html");
    let hrefs = page.attrs(".prose a:not(.anchor)", "href");
    assert_eq!(
        hrefs,
        vec!["/events/sommerfest/#wann", "/faq/heizung/kalt/"]
    );
}

#[test]
fn base_url_path_prefixes_every_internal_link() {
    let site = full_site();
    site.build_ok_with(&["--base-url", "https://example.org/mag/"]);
    let page = site.html("articles/hoffest/index.html");
    for href in page.attrs("a[href^='/']", "href") {
        assert!(href.starts_with("/mag/"), "{href}");
    }
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        vec!["https://example.org/mag/articles/hoffest/"]
    );
}

#[test]
fn events_list_upcoming_soonest_first_then_past() {
    let site = full_site();
    site.file(
        "content/events/adventsmarkt.md",
        "---\ntitle: Adventsmarkt\nstart: 2026-12-05\nstatus: cancelled\n---\nLeider nicht.\n",
    );
    site.build_ok();
    let page = site.html("events/index.html");
    let upcoming = page.texts("#upcoming + .event-list .card-title");
    assert_eq!(upcoming, vec!["Adventsmarkt", "Sommerfest"]);
    assert_eq!(page.texts(".past .card-title"), vec!["Versammlung 2025"]);
    assert_eq!(page.texts(".is-cancelled .badge"), vec!["Abgesagt"]);
}

#[test]
fn event_page_shows_date_place_and_map_in_german() {
    let site = full_site();
    site.build_ok();
    let page = site.html("events/sommerfest/index.html");
    let when = page.texts(".event-details dd");
    assert_eq!(when[0], "Donnerstag, 1. Juli 2027, 15:00 Uhr – 22:00 Uhr");
    assert!(when[1].starts_with("Innenhof Lindenstraße 1"));
    let map = page.attrs(".event-details a", "href");
    assert!(map[0].starts_with("https://www.openstreetmap.org/?mlat=52.5&mlon=13.4"));
}

#[test]
fn article_shows_german_date_and_reading_time() {
    let site = full_site();
    site.build_ok();
    let page = site.html("articles/hoffest/index.html");
    assert_eq!(page.text(".page-header time"), "1. Juni 2026");
    assert_eq!(
        page.attrs(".page-header time", "datetime"),
        vec!["2026-06-01T00:00:00+02:00"]
    );
    assert!(page.text(".page-header .meta").contains("1 Min. Lesezeit"));
}

#[test]
fn english_sites_get_english_strings_and_dates() {
    let site = full_site();
    site.file(
        "kiez.yaml",
        &crate::harness::CONFIG.replace("language: de", "language: en"),
    );
    site.build_ok();
    let page = site.html("articles/hoffest/index.html");
    assert_eq!(page.text(".page-header time"), "June 1, 2026");
    assert_eq!(page.attrs("html", "lang"), vec!["en"]);
    assert_eq!(site.html("events/index.html").text("h1"), "Events");
}

#[test]
fn pagination_boundaries() {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!(
            "{}sections:\n  articles:\n    per_page: 2\n  home:\n    articles: 3\n    events: 3\n",
            crate::harness::CONFIG
        ),
    );
    for n in 1..=5 {
        site.article(
            &format!("a{n}"),
            &format!("Artikel {n}"),
            &format!("2026-0{n}-01"),
            "",
            "x",
        );
    }
    site.build_ok();
    let first = site.html("articles/index.html");
    assert_eq!(first.texts(".card-title"), vec!["Artikel 5", "Artikel 4"]);
    assert_eq!(first.count("a[rel=prev]"), 0);
    assert_eq!(
        first.attrs("a[rel=next]", "href"),
        vec!["/articles/page/2/"]
    );
    let last = site.html("articles/page/3/index.html");
    assert_eq!(last.texts(".card-title"), vec!["Artikel 1"]);
    assert_eq!(last.attrs("a[rel=prev]", "href"), vec!["/articles/page/2/"]);
    assert_eq!(last.count("a[rel=next]"), 0);
    assert!(!site.exists("articles/page/4/index.html"));
    // page/1 redirects to the list's first page.
    let redirect = site.html("articles/page/1/index.html");
    assert_eq!(
        redirect.attrs("meta[http-equiv=refresh]", "content"),
        vec!["0; url=/articles/"]
    );
    assert_eq!(site.html("index.html").count(".card-article"), 3);
}

#[test]
fn exactly_per_page_articles_make_one_page() {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!(
            "{}sections:\n  articles:\n    per_page: 2\n  home:\n    articles: 3\n    events: 3\n",
            crate::harness::CONFIG
        ),
    );
    site.article("a", "A", "2026-01-01", "", "x")
        .article("b", "B", "2026-01-02", "", "x");
    site.build_ok();
    assert!(!site.exists("articles/page/2/index.html"));
    assert_eq!(site.html("articles/index.html").count("nav.pagination"), 0);
}

#[test]
fn drafts_and_future_articles_are_left_out_unless_asked() {
    let site = TestSite::new();
    site.article("published", "Published", "2026-11-01", "", "x")
        .article("draft", "Draft", "2026-11-01", "draft: true\n", "x")
        // One minute after NOW (2026-11-24T12:00Z = 13:00 in Berlin).
        .article(
            "future",
            "Future",
            "2026-11-24T13:01",
            "tags: [Zukunft]\n",
            "x",
        )
        .article("past-today", "Earlier today", "2026-11-24T12:59", "", "x");
    site.build_ok();
    assert!(site.exists("articles/published/index.html"));
    assert!(site.exists("articles/past-today/index.html"));
    assert!(!site.exists("articles/draft/index.html"));
    assert!(!site.exists("articles/future/index.html"));
    assert!(!site.exists("tags/zukunft/index.html"));
    let list = site.html("articles/index.html").texts(".card-title");
    assert_eq!(list, vec!["Earlier today", "Published"]);

    site.build_ok_with(&["--drafts"]);
    assert!(site.exists("articles/draft/index.html"));
    assert!(site.exists("articles/future/index.html"));
    assert!(site.exists("tags/zukunft/index.html"));
}

#[test]
fn taxonomy_pages_list_the_right_items() {
    let site = full_site();
    site.build_ok();
    let feste = site.html("tags/feste/index.html");
    assert_eq!(
        feste.attrs(".card-title a", "href"),
        vec!["/events/sommerfest/", "/articles/hoffest/"]
    );
    let heizung = site.html("tags/heizung/index.html");
    assert_eq!(
        heizung.texts(".card-title"),
        vec!["Tipps für den Winter", "Warum ist es kalt?"]
    );
    let index = site.html("tags/index.html");
    assert_eq!(
        index.attrs(".term-cloud a", "href"),
        vec!["/tags/feste/", "/tags/heizung/", "/tags/hof/"]
    );
    assert_eq!(index.texts(".term-cloud .count"), vec!["2", "2", "1"]);
}

#[test]
fn faq_lists_questions_in_order_with_anchors_and_related() {
    let site = full_site();
    site.build_ok();
    let category = site.html("faq/heizung/index.html");
    assert_eq!(
        category.texts("details summary"),
        vec!["Wie entlüfte ich?", "Warum ist es kalt?"]
    );
    assert_eq!(category.attrs("details", "id"), vec!["entlueften", "kalt"]);
    let question = site.html("faq/heizung/kalt/index.html");
    assert_eq!(
        question.attrs(".related a", "href"),
        vec!["/faq/heizung/entlueften/"]
    );
    let crumbs = question.texts(".breadcrumbs li");
    assert_eq!(
        crumbs,
        vec![
            "Startseite",
            "Fragen & Antworten",
            "Heizung",
            "Warum ist es kalt?"
        ]
    );
}

#[test]
fn bundle_images_are_copied_beside_the_page() {
    let site = TestSite::new();
    site.file(
        "content/articles/fest/index.md",
        "---\ntitle: Fest\ndate: 2026-01-01\nimage: titel.jpg\nimage_alt: Der Hof\ngallery:\n  - src: fotos/1.jpg\n    caption: Grill\n---\n![Kinder](kinder.png)\n",
    )
    .bytes("content/articles/fest/titel.jpg", &crate::harness::png(1200, 630))
    .bytes("content/articles/fest/kinder.png", &crate::harness::png(600, 400))
    .bytes("content/articles/fest/fotos/1.jpg", &crate::harness::png(2000, 1000))
    .bytes("content/articles/fest/plan.pdf", b"%PDF-1.4");
    site.build_ok();
    // Images are published re-encoded (no EXIF), the largest variant
    // under the original name; other files are copied as they are.
    let size = |rel: &str| {
        let s = imagesize::size(site.public().join(rel)).unwrap();
        (s.width, s.height)
    };
    // titel.jpg holds PNG bytes (as editors sometimes do): re-encoded as JPEG.
    assert_eq!(size("articles/fest/titel.jpg"), (1200, 630));
    assert_eq!(size("articles/fest/kinder.png"), (600, 400));
    assert_eq!(size("articles/fest/fotos/1.jpg"), (1600, 800));
    assert_eq!(
        std::fs::read(site.public().join("articles/fest/plan.pdf")).unwrap(),
        b"%PDF-1.4"
    );
    let page = site.html("articles/fest/index.html");
    let inline = page.attrs(".prose img", "src");
    assert!(
        inline[0].starts_with("/_img/") && inline[0].ends_with("-600.png"),
        "{inline:?}"
    );
    assert_eq!(page.attrs(".prose img", "width"), vec!["600"]);
    assert_eq!(page.attrs(".prose img", "height"), vec!["400"]);
    assert_eq!(page.attrs(".prose img", "loading"), vec!["lazy"]);
    assert_eq!(
        page.attrs(".cover img", "src"),
        vec!["/articles/fest/titel.jpg"]
    );
    assert_eq!(page.attrs(".cover img", "alt"), vec!["Der Hof"]);
    assert_eq!(
        page.attrs(".gallery a", "href"),
        vec!["/articles/fest/fotos/1.jpg"]
    );
    assert_eq!(page.texts(".gallery figcaption"), vec!["Grill"]);
    let srcset = page.attrs(".gallery img", "srcset");
    let widths: Vec<&str> = srcset[0]
        .split(", ")
        .map(|c| c.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(widths, vec!["480w", "960w", "1600w"]);
    for candidate in srcset[0].split(", ") {
        let url = candidate.split(' ').next().unwrap();
        assert!(site.exists(url.trim_start_matches('/')), "{url}");
    }
}

#[test]
fn site_template_overrides_the_theme() {
    let site = full_site();
    site.file(
        "templates/partials/footer.html",
        "<footer id=\"custom-footer\">{{ site.title }}</footer>",
    );
    site.build_ok();
    let page = site.html("articles/hoffest/index.html");
    assert_eq!(page.text("#custom-footer"), "Testblatt");
    assert_eq!(page.count(".site-footer"), 0);
}

#[test]
fn static_files_are_copied_verbatim() {
    let site = full_site();
    site.bytes("static/images/logo.svg", b"<svg/>")
        .bytes("static/robots.txt", b"x");
    site.build_ok();
    assert_eq!(
        std::fs::read(site.public().join("images/logo.svg")).unwrap(),
        b"<svg/>"
    );
    assert!(site.exists("kiez.css"));
}

#[test]
fn hostile_titles_are_escaped() {
    let site = TestSite::new();
    site.article(
        "x",
        "<script>alert(1)</script> & \\\"Gäste\\\"",
        "2026-01-01",
        "description: \"<b>fett</b>\"\n",
        "x",
    );
    site.build_ok();
    let page = site.html("articles/x/index.html");
    // The only scripts are JSON-LD, and they parse back to the same title.
    assert_eq!(
        page.count("script:not([type='application/ld+json']):not([src])"),
        0
    );
    assert_eq!(page.attrs("script[src]", "src"), vec!["/share.js"]);
    let article = page.jsonld_of("Article");
    assert_eq!(article["headline"], "<script>alert(1)</script> & \"Gäste\"");
    assert_eq!(page.text("h1"), "<script>alert(1)</script> & \"Gäste\"");
    assert_eq!(
        page.attrs("meta[name=description]", "content"),
        vec!["<b>fett</b>"]
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = TestSite::new();
    site.article("neu", "Neu", "2026-01-01", "aliases: [/alt/seite/]\n", "x");
    site.build_ok();
    let page = site.html("alt/seite/index.html");
    assert_eq!(
        page.attrs("meta[http-equiv=refresh]", "content"),
        vec!["0; url=/articles/neu/"]
    );
}

#[test]
fn output_is_byte_identical_across_builds() {
    let site = full_site();
    site.build_ok();
    let first = snapshot(&site.public());
    site.build_ok();
    assert_eq!(first, snapshot(&site.public()));
    assert!(first.len() > 20);
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let site = TestSite::new();
    site.article("code", "Code", "2026-01-01", "", "```yaml\ntitle: x\n```\n");
    site.build_ok();
    let page = site.html("articles/code/index.html");
    assert!(page.count("pre.code span[class^=hl-]") > 0);
    // Keyboards reach a block that scrolls sideways.
    assert_eq!(page.attrs("pre.code", "tabindex"), ["0"]);
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href"),
        vec!["/kiez.css", "/syntax.css"]
    );
    assert!(site
        .read("syntax.css")
        .contains("prefers-color-scheme: dark"));
}

/// Highlighting is the costliest part of rendering Markdown; a build
/// keeps what it highlighted in `.kiez-cache/code.bin` for the next.
#[test]
fn highlighted_code_is_kept_between_builds_and_follows_edits() {
    let site = TestSite::new();
    let code = |text: &str| format!("```rust\n{text}\n```\n");
    site.article("a", "A", "2026-01-01", "", &code("let a = 1;"));
    site.article("b", "B", "2026-01-02", "", &code("let b = 2;"));
    site.build_ok();
    let cache = site.root().join(".kiez-cache/code.bin");
    let page = site.read("articles/a/index.html");
    let kept = std::fs::read(&cache).unwrap();
    site.build_ok();
    assert_eq!(site.read("articles/a/index.html"), page, "from the cache");
    assert_eq!(std::fs::read(&cache).unwrap(), kept, "nothing new to keep");

    site.article("a", "A", "2026-01-01", "", &code("let edited = 3;"));
    site.build_ok();
    let page = site.html("articles/a/index.html");
    assert_eq!(page.text("pre.code").replace(' ', ""), "letedited=3;");
    assert!(page.count("pre.code span[class^=hl-]") > 0);
    assert_ne!(std::fs::read(&cache).unwrap(), kept);

    // A block no page shows any more is dropped.
    site.article("b", "B", "2026-01-02", "", "Kein Code.");
    site.build_ok();
    assert!(std::fs::read(&cache).unwrap().len() < kept.len());
    // A damaged cache is no cache.
    std::fs::write(&cache, b"kiez-code-1\n\x01\x02").unwrap();
    site.build_ok();
    let page = site.html("articles/a/index.html");
    assert!(page.count("pre.code span[class^=hl-]") > 0);
}

#[test]
fn task_list_checkboxes_are_labelled_by_their_text() {
    let site = TestSite::new();
    site.article(
        "liste",
        "Liste",
        "2026-01-01",
        "",
        "- [x] Heizung *geprüft*\n- [ ] Fenster [abgedichtet](https://example.org/)\n  - [ ] innen\n- ohne Kästchen\n",
    );
    site.build_ok();
    let page = site.html("articles/liste/index.html");
    let checkbox = scraper::Selector::parse(".prose input[type=checkbox]").unwrap();
    let mut found = Vec::new();
    for input in page.0.select(&checkbox) {
        // The checkbox is inside its label, so the label's text names it;
        // it stays disabled and keeps its state.
        let label = input
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "label")
            .expect("checkbox inside a label");
        let name: String = label.text().collect();
        let state = input.value().attr("checked").is_some();
        assert!(input.value().attr("disabled").is_some());
        assert_eq!(
            label
                .parent()
                .and_then(scraper::ElementRef::wrap)
                .unwrap()
                .value()
                .attr("class"),
            Some("task")
        );
        found.push((name.trim().to_string(), state));
    }
    assert_eq!(
        found,
        [
            ("Heizung geprüft".to_string(), true),
            ("Fenster abgedichtet".to_string(), false),
            ("innen".to_string(), false),
        ]
    );
    assert_eq!(page.count(".prose li.task"), 3);
    assert_eq!(page.count(".prose li:not(.task)"), 1);
}

#[test]
fn tables_scroll_in_a_box_that_keyboards_reach_and_that_is_named() {
    let site = TestSite::new();
    site.article(
        "tabelle",
        "Tabelle",
        "2026-01-01",
        "",
        "| Tag | Uhrzeit |\n|---|---|\n| Dienstag | 9–12 Uhr |\n",
    );
    site.build_ok();
    let page = site.html("articles/tabelle/index.html");
    assert_eq!(page.count(".prose .table-scroll > table"), 1);
    assert_eq!(page.attrs(".table-scroll", "tabindex"), ["0"]);
    assert_eq!(page.attrs(".table-scroll", "role"), ["region"]);
    assert_eq!(page.attrs(".table-scroll", "aria-label"), ["Tag, Uhrzeit"]);
}
