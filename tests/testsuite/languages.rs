//! Multilingual sites: translations by file name, one part of the output
//! per language, hreflang alternates that link back, the sitemap's
//! `xhtml:link`s, feeds and calendars per language, fallback items, and a
//! one-language site unchanged.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::harness::{html_files, snapshot, TestSite, CONFIG};

const TWO: &str = "title: Hofblatt\nbase_url: https://hof.example/\ntimezone: Europe/Berlin\n\
menu: [{name: Impressum, url: /impressum/}, {name: Magazin, url: /articles/}]\n\
languages:\n  - code: de\n  - code: en\n    title: Courtyard News\n    description: News from the courtyard\n\
translations:\n  fallback: true\n";

/// A German site with English translations of some of its content.
fn two_languages() -> TestSite {
    let site = TestSite::new();
    site.file("kiez.yaml", TWO)
        .article("hausordnung", "Die Hausordnung", "2026-05-01", "tags: [Haus]\n", "Ruhe ab 22 Uhr. Zum [Fest](../events/fest.md).")
        .article("hausordnung.en", "The house rules", "2026-05-01", "tags: [House]\n", "Quiet from 10 pm. To the [party](../events/fest.md) and [waste](muell.md).")
        .article("muell", "Mülltrennung", "2026-04-01", "", "Bitte trennen.")
        .file("content/articles/hof/index.md", "---\ntitle: Der Hof\ndate: 2026-03-01\nimage: hof.png\nimage_alt: Hof\n---\nGrün.\n")
        .file("content/articles/hof/index.en.md", "---\ntitle: The courtyard\ndate: 2026-03-01\nimage: hof.png\nimage_alt: Courtyard\n---\nGreen.\n")
        .bytes("content/articles/hof/hof.png", &crate::harness::png(40, 30))
        .file("content/events/fest.md", "---\ntitle: Sommerfest\nstart: 2027-07-01 15:00\n---\nFeiern.\n")
        .file("content/events/fest.en.md", "---\ntitle: Summer party\nstart: 2027-07-01 15:00\n---\nCelebrate.\n")
        .file("content/faq/heizung/_category.yaml", "title: Heizung\n")
        .file("content/faq/heizung/_category.en.yaml", "title: Heating\n")
        .file("content/faq/heizung/entlueften.md", "---\ntitle: Wie entlüfte ich?\n---\nSo.\n")
        .file("content/faq/heizung/entlueften.en.md", "---\ntitle: How do I bleed a radiator?\n---\nLike so.\n")
        .file("content/pages/impressum.md", "---\ntitle: Impressum\n---\nLindenhof eG.\n")
        .file("content/pages/contact.en.md", "---\ntitle: Contact\ntranslation_key: kontakt\n---\nCall.\n")
        .file("content/pages/kontakt.md", "---\ntitle: Kontakt\ntranslation_key: kontakt\n---\nRuf an.\n");
    site.build_ok();
    site
}

/// `hreflang` → absolute URL of a page's `<link rel="alternate">`s.
fn alternates(site: &TestSite, rel: &str) -> BTreeMap<String, String> {
    let page = site.html(rel);
    let langs = page.attrs("link[rel=alternate][hreflang]", "hreflang");
    let hrefs = page.attrs("link[rel=alternate][hreflang]", "href");
    langs.into_iter().zip(hrefs).collect()
}

/// The output file of an absolute URL of the test sites.
fn file_of(url: &str) -> String {
    let path = url.strip_prefix("https://hof.example/").expect("site URL");
    format!("{path}index.html")
}

#[test]
fn each_language_has_its_own_part_of_the_site() {
    let site = two_languages();
    let de = site.html("articles/hausordnung/index.html");
    let en = site.html("en/articles/hausordnung/index.html");
    assert_eq!(de.attrs("html", "lang"), ["de"]);
    assert_eq!(en.attrs("html", "lang"), ["en"]);
    assert!(
        en.attrs("html", "dir").is_empty(),
        "English runs left to right"
    );
    assert_eq!(en.text("h1"), "The house rules");
    assert!(en.texts("title")[0].contains("Courtyard News"));
    // A link written against the original's file finds the translation.
    assert!(en
        .attrs("a", "href")
        .contains(&"/en/events/fest/".to_string()));
    assert_eq!(en.attrs("link[rel=stylesheet]", "href")[0], "/kiez.css");
    assert_eq!(site.html("en/faq/heizung/index.html").text("h1"), "Heating");
    assert_eq!(site.html("faq/heizung/index.html").text("h1"), "Heizung");
    // The translated bundle has the original's files.
    assert!(site.exists("en/articles/hof/hof.png"));
    assert!(site.exists("en/tags/house/index.html"));
    assert!(!site.exists("en/tags/haus/index.html"));
}

#[test]
fn every_alternate_exists_and_links_back() {
    let site = two_languages();
    let public = site.public();
    let mut checked = 0;
    for file in html_files(&public) {
        let rel = file
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let page = site.html(&rel);
        let lang = page.attrs("html", "lang")[0].clone();
        let expected = if rel.starts_with("en/") { "en" } else { "de" };
        assert_eq!(lang, expected, "{rel}");
        let alts = alternates(&site, &rel);
        if alts.is_empty() {
            continue;
        }
        assert_eq!(alts.get("x-default"), alts.get("de"), "{rel}");
        for (hreflang, url) in alts.iter().filter(|(l, _)| *l != "x-default") {
            let target = file_of(url);
            assert!(site.exists(&target), "{rel}: {hreflang} → {url} is missing");
            assert_eq!(
                alternates(&site, &target),
                alts,
                "{target} does not link back like {rel}"
            );
            assert_eq!(site.html(&target).attrs("html", "lang")[0], *hreflang);
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} pages had alternates");
    // Translations with different file names are linked by translation_key.
    let contact = alternates(&site, "kontakt/index.html");
    assert_eq!(contact["en"], "https://hof.example/en/contact/");
    // A page without translation has none.
    assert!(alternates(&site, "articles/muell/index.html").is_empty());
}

#[test]
fn the_sitemap_lists_every_language_with_the_pages_alternates() {
    let site = two_languages();
    let text = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap parses");
    const SM: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const XHTML: &str = "http://www.w3.org/1999/xhtml";
    let mut locs = BTreeSet::new();
    for url in doc.descendants().filter(|n| n.has_tag_name((SM, "url"))) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name((SM, "loc")))
            .unwrap()
            .text()
            .unwrap();
        let listed: BTreeMap<String, String> = url
            .children()
            .filter(|n| n.has_tag_name((XHTML, "link")))
            .map(|n| {
                (
                    n.attribute("hreflang").unwrap().into(),
                    n.attribute("href").unwrap().into(),
                )
            })
            .collect();
        assert_eq!(listed, alternates(&site, &file_of(loc)), "{loc}");
        locs.insert(loc.to_string());
    }
    for page in [
        "https://hof.example/en/articles/hausordnung/",
        "https://hof.example/articles/muell/",
        "https://hof.example/en/",
    ] {
        assert!(locs.contains(page), "{page} not in the sitemap");
    }
    assert!(!locs
        .iter()
        .any(|l| l.starts_with("https://hof.example/en/articles/muell")));
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://hof.example/sitemap.xml"));
}

#[test]
fn feeds_and_calendars_are_per_language() {
    let site = two_languages();
    for (rel, lang, title) in [
        ("rss.xml", "de", "Die Hausordnung"),
        ("en/rss.xml", "en", "The house rules"),
    ] {
        let channel = rss::Channel::read_from(site.read(rel).as_bytes()).expect("feed parses");
        assert_eq!(channel.language(), Some(lang), "{rel}");
        let titles: Vec<&str> = channel.items().iter().filter_map(|i| i.title()).collect();
        assert!(titles.contains(&title), "{rel}: {titles:?}");
        // Untranslated items stay in their own language's feed.
        assert_eq!(
            titles.contains(&"Mülltrennung"),
            lang == "de",
            "{rel}: {titles:?}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&site.read("en/feed.json")).unwrap();
    assert_eq!(json["language"], "en");
    assert_eq!(json["feed_url"], "https://hof.example/en/feed.json");
    let ics = site.read("en/events/calendar.ics");
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .expect("calendar parses");
    let summaries: Vec<String> = calendar
        .events
        .iter()
        .flat_map(|e| &e.properties)
        .filter(|p| p.name == "SUMMARY")
        .filter_map(|p| p.value.clone())
        .collect();
    assert_eq!(summaries, ["Summer party"]);
}

#[test]
fn untranslated_items_appear_in_other_languages_lists_marked_and_linked_to_the_original() {
    let site = two_languages();
    let list = site.html("en/articles/index.html");
    // The German title and its note carry their language; the card itself
    // keeps the page's, so its dates and layout follow the page.
    let card = list.attrs("article.card a[lang=de][hreflang=de]", "href");
    assert_eq!(card, ["/articles/muell/"]);
    let note = list.texts("article.card .lang-note[lang=de]");
    assert_eq!(note, ["(auf Deutsch)"]);
    assert_eq!(list.count("article.card[lang]"), 0);
    assert!(!site.exists("en/articles/muell/index.html"));
    // The inherited menu leads to the untranslated imprint in German and
    // to the English list.
    let menu = list.attrs("header nav a", "href");
    assert!(
        menu.contains(&"/impressum/".to_string()) && menu.contains(&"/en/articles/".to_string()),
        "{menu:?}"
    );
    assert!(!site.exists("en/impressum/index.html"));
    // Without fallback the list holds only English items.
    let strict = two_languages_with(TWO.replace("fallback: true", "fallback: false"));
    let list = strict.html("en/articles/index.html");
    assert_eq!(list.count("article.card a[lang]"), 0);
    // A link to an untranslated page still leads to the original.
    let rules = strict.html("en/articles/hausordnung/index.html");
    assert!(rules
        .attrs("main a", "href")
        .contains(&"/articles/muell/".to_string()));
}

/// Menu and footer links to a page borrowed from German say that its
/// title is German (and, on Arabic pages, left to right); links to
/// translated pages and German pages' own links carry no language.
#[test]
fn menu_and_footer_links_to_borrowed_pages_say_their_language() {
    let site = two_languages();
    site.file(
        "kiez.yaml",
        &TWO.replace("translations:", "  - code: ar\ntranslations:")
            // English names the untranslated imprint in its own menu.
            .replace(
                "    description: News from the courtyard\n",
                "    description: News from the courtyard\n    menu: [{name: Legal notice, url: /impressum/}]\n",
            ),
    )
    .file(
        "content/pages/hilfe.md",
        "---\ntitle: Hilfe\nmenu: 1\n---\nSo.\n",
    )
    .file(
        "content/pages/hilfe.en.md",
        "---\ntitle: Help\nmenu: 1\n---\nLike so.\n",
    )
    .file(
        "content/pages/verein.md",
        "---\ntitle: Über uns\nmenu: 2\n---\nWir.\n",
    )
    .file(
        "content/pages/datenschutz.md",
        "---\ntitle: Datenschutz\n---\nDaten.\n",
    );
    site.build_ok();
    let (nav, footer) = ("nav.main-nav a", "footer .footer-links a");
    let en = site.html("en/articles/index.html");
    let borrowed = en.attrs("nav.main-nav a[lang=de][hreflang=de]", "href");
    assert_eq!(borrowed, ["/verein/"]);
    // An English label of a German page: only the target's language.
    let named = en.texts("nav.main-nav a[hreflang=de]:not([lang])");
    assert_eq!(named, ["Legal notice"]);
    let borrowed = en.attrs("footer .footer-links a[lang=de][hreflang=de]", "href");
    assert_eq!(borrowed, ["/datenschutz/", "/impressum/"]);
    for css in [nav, footer] {
        assert_eq!(en.count(&format!("{css}[dir]")), 0, "{css}");
    }
    // Translated pages: the English help in the menu, the contact page in
    // the footer.
    let help = en.attrs("nav.main-nav a[href='/en/hilfe/']", "lang");
    assert_eq!(help, Vec::<String>::new());
    assert_eq!(en.count("nav.main-nav a[href='/en/hilfe/']"), 1);
    let contact: Vec<_> = en.texts("footer .footer-links a:not([lang])");
    assert!(contact.contains(&"Contact".to_string()), "{contact:?}");
    // On Arabic pages the German titles also read left to right.
    let ar = site.html("ar/articles/index.html");
    let borrowed = ar.attrs("nav.main-nav a[lang=de][dir=ltr]", "href");
    assert_eq!(borrowed, ["/impressum/", "/hilfe/", "/verein/"]);
    assert_eq!(ar.count("nav.main-nav a[lang]:not([dir=ltr])"), 0);
    let de = site.html("articles/index.html");
    for css in [nav, footer] {
        assert_eq!(de.count(&format!("{css}[lang]")), 0, "{css}");
        assert!(de.count(css) > 0, "{css}");
    }
}

fn two_languages_with(config: String) -> TestSite {
    let site = two_languages();
    site.file("kiez.yaml", &config);
    site.build_ok();
    site
}

#[test]
fn the_default_language_may_have_its_prefix_too() {
    let config = TWO.replace("translations:\n", "translations:\n  prefix_default: true\n");
    let site = two_languages_with(config);
    assert!(site.exists("de/articles/hausordnung/index.html"));
    assert!(!site.exists("articles/hausordnung/index.html"));
    let root = site.html("index.html");
    let refresh = root.attrs("meta[http-equiv=refresh]", "content");
    assert_eq!(refresh, ["0; url=/de/"]);
    // The root's 404 is the default language's (a hard link to the file
    // the build wrote while rendering).
    assert_eq!(site.read("404.html"), site.read("de/404.html"));
    let alts = alternates(&site, "de/articles/hausordnung/index.html");
    assert_eq!(
        alts["x-default"],
        "https://hof.example/de/articles/hausordnung/"
    );
}

const FIVE: [&str; 5] = ["de", "en", "tr", "uk", "ar"];

/// The checks of one language of the five-language site: its event page
/// links the same alternates as the Arabic one, its feed says its
/// language, and each of its pages (`pages`: all of the site's, relative)
/// says its language and, in Arabic, its direction.
fn one_of_five_languages(
    site: &TestSite,
    code: &str,
    pages: &[String],
    alts: &BTreeMap<String, String>,
) {
    let prefix = if code == "de" {
        String::new()
    } else {
        format!("{code}/")
    };
    let event = format!("{prefix}events/fest/index.html");
    assert_eq!(alternates(site, &event), *alts, "{event}");
    let channel = rss::Channel::read_from(site.read(&format!("{prefix}rss.xml")).as_bytes());
    assert_eq!(channel.unwrap().language(), Some(code));
    let language_of = |rel: &str| {
        let prefixed = FIVE[1..].iter().find(|c| rel.starts_with(&format!("{c}/")));
        *prefixed.unwrap_or(&"de")
    };
    let own: Vec<&String> = pages
        .iter()
        .filter(|rel| language_of(rel) == code)
        .collect();
    assert!(own.contains(&&event), "{code}: {own:?}");
    let dir = if code == "ar" { vec!["rtl"] } else { vec![] };
    for rel in own {
        let page = site.html(rel);
        assert_eq!(page.attrs("html", "lang"), [code], "{rel}");
        assert_eq!(page.attrs("html", "dir"), dir, "{rel}");
    }
}

#[test]
fn five_languages_with_arabic_right_to_left() {
    let site = TestSite::new();
    let mut config = String::from("title: Hofblatt\nbase_url: https://hof.example/\nlanguages:\n");
    for code in FIVE {
        config.push_str(&format!("  - code: {code}\n"));
    }
    site.file("kiez.yaml", &config);
    for (code, title) in [
        ("", "Sommerfest"),
        (".en", "Summer party"),
        (".tr", "Yaz şenliği"),
        (".uk", "Літнє свято"),
        (".ar", "حفلة الصيف"),
    ] {
        site.file(
            &format!("content/events/fest{code}.md"),
            &format!("---\ntitle: {title}\nstart: 2027-07-01 15:00\n---\nText.\n"),
        );
    }
    site.build_ok();
    let alts = alternates(&site, "ar/events/fest/index.html");
    assert_eq!(alts.len(), 6, "{alts:?}");
    let public = site.public();
    let pages: Vec<String> = html_files(&public)
        .iter()
        .map(|file| {
            let rel = file.strip_prefix(&public).unwrap().to_string_lossy();
            rel.replace('\\', "/")
        })
        .collect();
    for code in FIVE {
        one_of_five_languages(&site, code, &pages, &alts);
    }
    let ar = site.html("ar/events/fest/index.html");
    assert_eq!(ar.text("h1"), "حفلة الصيف");
    assert!(ar
        .attrs("meta[property='og:locale:alternate']", "content")
        .contains(&"uk_UA".to_string()));
}

#[test]
fn a_one_language_site_is_unchanged() {
    let plain = TestSite::new();
    let listed = TestSite::new();
    listed.file(
        "kiez.yaml",
        &CONFIG.replace("language: de\n", "languages: [{code: de}]\n"),
    );
    for site in [&plain, &listed] {
        site.article("x", "Ein Beitrag", "2026-05-01", "", "Text.")
            .article("y.en", "Kein Englisch", "2026-05-02", "", "Text.");
        site.build_ok();
    }
    // `y.en.md` is an article named `y.en` when English is not a language.
    assert!(plain.exists("articles/y-en/index.html"));
    // The output marker names the site folder, which differs.
    let files = |dir: &Path| {
        let mut files = snapshot(dir);
        files.retain(|(name, _)| !name.contains(".kiez-output"));
        files
    };
    assert!(
        files(&plain.public()) == files(&listed.public()),
        "a one-entry languages: list changed the output"
    );
}

#[test]
fn language_mistakes_name_file_line_and_key() {
    let site = TestSite::new();
    site.file("kiez.yaml", "title: T\nbase_url: https://a.example/\nlanguage: en\nlanguages:\n  - code: de\n  - code: en\n");
    let err = site.build_fails();
    assert!(
        err.contains("kiez.yaml:3") && err.contains("language"),
        "{err}"
    );
    site.file(
        "kiez.yaml",
        "title: T\nbase_url: https://a.example/\nlanguages:\n  - code: de\n  - code: de\n",
    );
    let err = site.build_fails();
    assert!(
        err.contains("kiez.yaml") && err.contains("listed twice"),
        "{err}"
    );
    site.file(
        "kiez.yaml",
        "title: T\nbase_url: https://a.example/\nlanguages:\n  - code: xx\n",
    );
    let err = site.build_fails();
    assert!(err.contains("kiez.yaml:4") && err.contains("xx"), "{err}");
}

#[test]
fn editors_start_translations_and_check_lists_what_is_missing_or_stale() {
    let site = two_languages();
    let out = site.kiez(&["new", "article", "Sınav haftası", "--lang", "en"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site
        .root()
        .join("content/articles/sinav-haftasi.en.md")
        .exists());
    let out = site.kiez(&["new", "article", "Titel", "--lang", "tr"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("`tr` is not a language of this site (de, en)"));

    let out = site.kiez(&["translate", "content/articles/muell.md", "--to", "en"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stub = std::fs::read_to_string(site.root().join("content/articles/muell.en.md")).unwrap();
    assert!(
        stub.starts_with("---\ntitle: \"Mülltrennung\"\ndate: 2026-04-01\ndraft: true\n---\n<!--"),
        "{stub}"
    );
    assert!(stub.ends_with("Bitte trennen.\n"), "{stub}");
    let again = site.kiez(&["translate", "content/articles/muell.md", "--to", "en"]);
    assert!(
        !again.status.success(),
        "an existing translation is not overwritten"
    );

    // The original is updated after its translation.
    site.article(
        "hausordnung",
        "Die Hausordnung",
        "2026-05-01",
        "tags: [Haus]\nupdated: 2026-09-01\n",
        "Neu.",
    );
    let out = site.kiez(&["check", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON findings");
    let ours: Vec<&serde_json::Value> = findings["findings"]
        .as_array()
        .expect("a findings list")
        .iter()
        .filter(|f| f["check"] == "translations")
        .collect();
    let messages: Vec<&str> = ours
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("not in English (en)")
            && m.contains("articles/muell.md")
            && !m.contains("hausordnung")),
        "{messages:?}"
    );
    let stale = ours
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .contains("updated on 2026-09-01")
        })
        .expect("stale finding");
    assert!(
        stale["file"]
            .as_str()
            .unwrap()
            .ends_with("hausordnung.en.md"),
        "{stale}"
    );
}

#[test]
fn the_switcher_links_the_translation_or_the_other_languages_home() {
    let site = two_languages();
    let page = site.html("en/articles/hausordnung/index.html");
    let links = page.attrs("nav.languages a", "href");
    assert_eq!(
        links,
        ["/articles/hausordnung/", "/en/articles/hausordnung/"]
    );
    assert_eq!(
        page.attrs("nav.languages a[aria-current]", "hreflang"),
        ["en"]
    );
    let untranslated = site.html("articles/muell/index.html");
    assert_eq!(
        untranslated.attrs("nav.languages a", "href"),
        ["/articles/muell/", "/en/"]
    );
    assert_eq!(untranslated.count("nav.languages a[rel=alternate]"), 0);
    // A one-language site has no switcher.
    let plain = TestSite::new();
    plain
        .article("x", "Ein Beitrag", "2026-05-01", "", "Text.")
        .build_ok();
    assert_eq!(
        plain.html("articles/x/index.html").count("nav.languages"),
        0
    );
}
