//! The FAQ library: categories, order, anchors, related questions,
//! downloads, the "ask us" link and FAQPage JSON-LD.

use crate::harness::{TestSite, CONFIG};

fn faq_site() -> TestSite {
    let site = TestSite::new();
    site.file("kiez.yaml", &format!("{CONFIG}faq:\n  ask_url: mailto:redaktion@example.org\n"))
        .file("content/faq/heizung/_category.yaml", "title: Heizung & Warmwasser\ndescription: Warm durch den Winter\norder: 2\n")
        .file("content/faq/miete/_category.yaml", "title: Miete\norder: 1\n")
        .file("content/faq/heizung/kalt.md", "---\ntitle: Warum ist es kalt?\norder: 2\ntags: [Heizung]\n---\nEntlüften Sie den **Heizkörper**.\n")
        .file("content/faq/heizung/entlueften.md", "---\ntitle: Wie entlüfte ich?\norder: 1\ntags: [Heizung]\nupdated: 2026-10-01\ndownloads:\n  - src: anleitung.pdf\n    title: Anleitung\n  - /formulare/antrag.pdf\n---\nMit dem Schlüssel.\n")
        .bytes("content/faq/heizung/anleitung.pdf", &[b'%'; 2048])
        .bytes("static/formulare/antrag.pdf", &[b'%'; 1_500_000])
        .file("content/faq/miete/zahlen/index.md", "---\ntitle: Wann zahle ich?\n---\nZum Monatsersten.\n")
        .bytes("content/faq/miete/zahlen/lastschrift.pdf", b"%PDF-1.4")
        .bytes("content/faq/miete/vergessen.pdf", b"%PDF-1.4");
    site
}

#[test]
fn index_lists_categories_in_order_with_accordions_and_anchors() {
    let site = faq_site();
    let out = site.build_ok();
    let page = site.html("faq/index.html");
    assert_eq!(
        page.texts(".faq-section h2"),
        vec!["Miete", "Heizung & Warmwasser"]
    );
    assert_eq!(
        page.texts("details.faq-item summary"),
        vec!["Wann zahle ich?", "Wie entlüfte ich?", "Warum ist es kalt?"]
    );
    assert_eq!(
        page.attrs("details.faq-item", "id"),
        vec!["miete-zahlen", "heizung-entlueften", "heizung-kalt"]
    );
    // A file in a category folder that no question lists is reported, not published.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("vergessen.pdf") && stderr.contains("not published"),
        "{stderr}"
    );
    assert!(!site.exists("faq/miete/vergessen.pdf"));
    let category = site.html("faq/heizung/index.html");
    assert_eq!(category.text("h1"), "Heizung & Warmwasser");
    assert_eq!(category.attrs("details", "id"), vec!["entlueften", "kalt"]);
    // The full answer is in the accordion, so it works without JavaScript.
    assert!(category
        .texts("details .prose")
        .iter()
        .any(|t| t.contains("Entlüften Sie den Heizkörper")));
}

#[test]
fn question_page_has_related_updated_downloads_and_ask_link() {
    let site = faq_site();
    site.build_ok();
    let page = site.html("faq/heizung/entlueften/index.html");
    assert_eq!(page.attrs(".related a", "href"), vec!["/faq/heizung/kalt/"]);
    assert_eq!(
        page.attrs(".meta time", "datetime"),
        vec!["2026-10-01T00:00:00+02:00"]
    );
    assert_eq!(
        page.attrs(".downloads a", "href"),
        vec![
            "/faq/heizung/entlueften/anleitung.pdf",
            "/formulare/antrag.pdf"
        ]
    );
    assert_eq!(
        page.texts(".downloads li"),
        vec!["Anleitung (PDF, 2 KB)", "antrag.pdf (PDF, 1,4 MB)"]
    );
    assert_eq!(
        std::fs::read(site.public().join("faq/heizung/entlueften/anleitung.pdf"))
            .unwrap()
            .len(),
        2048
    );
    assert_eq!(
        page.attrs(".faq-ask a", "href"),
        vec!["mailto:redaktion@example.org"]
    );
    // A bundle's documents are listed without being named.
    let bundle = site.html("faq/miete/zahlen/index.html");
    assert_eq!(
        bundle.attrs(".downloads a", "href"),
        vec!["/faq/miete/zahlen/lastschrift.pdf"]
    );
    assert!(site.exists("faq/miete/zahlen/lastschrift.pdf"));
}

#[test]
fn faq_json_ld_has_every_answer() {
    let site = faq_site();
    site.build_ok();
    for (file, questions) in [
        ("faq/index.html", 3),
        ("faq/heizung/index.html", 2),
        ("faq/heizung/kalt/index.html", 1),
    ] {
        let data = site.html(file).jsonld();
        let faq = data
            .iter()
            .find(|v| v["@type"] == "FAQPage")
            .unwrap_or_else(|| panic!("{file}"));
        let entities = faq["mainEntity"].as_array().unwrap();
        assert_eq!(entities.len(), questions, "{file}");
        for q in entities {
            assert_eq!(q["@type"], "Question");
            assert!(q["name"].as_str().unwrap().ends_with('?'));
            assert_eq!(q["acceptedAnswer"]["@type"], "Answer");
            assert!(!q["acceptedAnswer"]["text"].as_str().unwrap().is_empty());
        }
    }
    let data = site.html("faq/heizung/kalt/index.html").jsonld();
    let q = &data.iter().find(|v| v["@type"] == "FAQPage").unwrap()["mainEntity"][0];
    assert!(q["acceptedAnswer"]["text"]
        .as_str()
        .unwrap()
        .contains("<strong>Heizkörper</strong>"));
}

#[test]
fn missing_download_is_an_error() {
    let site = faq_site();
    site.file(
        "content/faq/heizung/kalt.md",
        "---\ntitle: Warum ist es kalt?\ndownloads: [fehlt.pdf]\n---\nx\n",
    );
    let err = site.build_fails();
    assert!(
        err.contains("content/faq/heizung/kalt.md:3: key `downloads`") && err.contains("fehlt.pdf"),
        "{err}"
    );
}

/// Issue 13, finding 12: file names with `%`, `#` or spaces stay links to
/// their files, and the linked file exists under the decoded name.
#[test]
fn download_hrefs_are_percent_encoded() {
    let site = faq_site();
    site.file(
        "content/faq/miete/zahlen/index.md",
        "---\ntitle: Wann zahle ich?\ndownloads: [\"100%.pdf\"]\n---\nZum Monatsersten.\n",
    )
    .bytes("content/faq/miete/zahlen/100%.pdf", b"%PDF-1.4")
    .bytes("content/faq/miete/zahlen/a#b c.pdf", b"%PDF-1.4");
    site.build_ok();
    let page = site.html("faq/miete/zahlen/index.html");
    let hrefs = page.attrs(".downloads a", "href");
    assert!(
        hrefs.contains(&"/faq/miete/zahlen/100%25.pdf".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/faq/miete/zahlen/a%23b%20c.pdf".to_string()),
        "{hrefs:?}"
    );
    assert!(site.exists("faq/miete/zahlen/100%.pdf"));
    assert!(site.exists("faq/miete/zahlen/a#b c.pdf"));
}
