//! Reach figures and the click-to-load comments, in parsed HTML: the
//! analytics loader and its `<noscript>` pixel appear only when
//! `analytics:` is set, carry each provider's addresses and ids (escaped,
//! even when hostile), the privacy paragraph says what is measured in
//! German and English, and the Discourse comment button appears only with
//! `embed: true`. The browser side is in `analytics_e2e.rs`.

use crate::harness::{TestSite, CONFIG};

/// A site with `extra` appended to `kiez.yaml`, one article and a privacy
/// page that asks for the paragraph.
fn site(extra: &str) -> TestSite {
    site_in(CONFIG, extra)
}

/// [`site`] with another base configuration.
fn site_in(config: &str, extra: &str) -> TestSite {
    let site = TestSite::new();
    site.file("kiez.yaml", &format!("{config}{extra}"))
        .article("hof", "Hoffest", "2026-11-01", "", "Text.")
        .file(
            "content/pages/datenschutz.md",
            "---\ntitle: Datenschutz\n---\n## Reichweite\n\n<!-- analytics -->\n\nEnde.\n",
        );
    site.build_ok();
    site
}

/// The loader's `data-` attributes (`None` when there is no loader).
fn loader(site: &TestSite, rel: &str) -> Option<Vec<(String, String)>> {
    let page = site.html(rel);
    let sel = scraper::Selector::parse("script[data-analytics]").unwrap();
    let scripts: Vec<_> = page.0.select(&sel).collect();
    assert!(scripts.len() <= 1);
    let script = scripts.first()?;
    assert_eq!(script.value().attr("src"), Some("/analytics.js"));
    assert!(script.value().attr("defer").is_some());
    let mut attrs: Vec<(String, String)> = script
        .value()
        .attrs()
        .filter(|(k, _)| k.starts_with("data-"))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    attrs.sort();
    Some(attrs)
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    v.sort();
    v
}

fn pixel(site: &TestSite, rel: &str) -> Vec<String> {
    // html5ever parses <noscript> as text when scripting is on; read the
    // image out of that text with a second parse.
    site.html(rel)
        .texts("noscript")
        .iter()
        .flat_map(|inner| {
            let frag = scraper::Html::parse_fragment(inner);
            let sel = scraper::Selector::parse("img").unwrap();
            frag.select(&sel)
                .filter_map(|i| i.value().attr("src").map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn nothing_is_loaded_without_analytics() {
    let site = site("");
    for rel in [
        "index.html",
        "articles/hof/index.html",
        "datenschutz/index.html",
    ] {
        assert_eq!(loader(&site, rel), None, "{rel}");
        assert_eq!(site.html(rel).count("noscript"), 0, "{rel}");
    }
    assert!(!site.exists("analytics.js"));
    assert!(!site.exists("comments.js"));
    let page = site.html("datenschutz/index.html");
    assert!(page
        .text("p.analytics-notice")
        .contains("nicht mit einem Analysewerkzeug"));
}

/// A config snippet, the loader's expected attributes, the expected pixel.
type Case = (
    &'static str,
    Vec<(&'static str, &'static str)>,
    Option<&'static str>,
);

#[test]
fn each_provider_gets_its_script_ids_and_pixel() {
    let cases: [Case; 4] = [
        (
            "provider: plausible\n  url: https://stats.example/\n",
            vec![
                ("data-analytics", "plausible"),
                ("data-host", "mag.example.org"),
                ("data-src", "https://stats.example/js/script.js"),
                ("data-id", "mag.example.org"),
            ],
            None,
        ),
        (
            "provider: umami\n  url: https://u.example/umami\n  id: 94db1cb1-74f4-4a40-ad6c-962362670409\n",
            vec![
                ("data-analytics", "umami"),
                ("data-host", "mag.example.org"),
                ("data-src", "https://u.example/umami/script.js"),
                ("data-id", "94db1cb1-74f4-4a40-ad6c-962362670409"),
            ],
            None,
        ),
        (
            "provider: goatcounter\n  url: https://hof.goatcounter.com\n",
            vec![
                ("data-analytics", "goatcounter"),
                ("data-host", "mag.example.org"),
                ("data-src", "https://hof.goatcounter.com/count.js"),
                ("data-endpoint", "https://hof.goatcounter.com/count"),
            ],
            Some("https://hof.goatcounter.com/count?p=%2Farticles%2Fhof%2F"),
        ),
        (
            "provider: matomo\n  url: https://matomo.example\n  id: \"7\"\n",
            vec![
                ("data-analytics", "matomo"),
                ("data-host", "mag.example.org"),
                ("data-src", "https://matomo.example/matomo.js"),
                ("data-id", "7"),
                ("data-endpoint", "https://matomo.example/matomo.php"),
            ],
            Some("https://matomo.example/matomo.php?idsite=7&rec=1"),
        ),
    ];
    for (config, expected, expected_pixel) in cases {
        let site = site(&format!("analytics:\n  {config}"));
        let rel = "articles/hof/index.html";
        assert_eq!(loader(&site, rel), Some(pairs(&expected)), "{config}");
        assert_eq!(
            pixel(&site, rel),
            expected_pixel
                .map(str::to_string)
                .into_iter()
                .collect::<Vec<_>>(),
            "{config}"
        );
        assert!(loader(&site, "index.html").is_some());
        assert!(site.read("analytics.js").contains("globalPrivacyControl"));
    }
}

#[test]
fn a_hostile_id_stays_an_attribute_value() {
    let hostile = r#"a" onload="alert(1)'></script><script>alert(2)</script>"#;
    let site = site(&format!(
        "analytics:\n  provider: umami\n  url: https://u.example\n  id: '{}'\n",
        hostile.replace('\'', "''")
    ));
    let attrs = loader(&site, "index.html").unwrap();
    assert!(
        attrs.contains(&("data-id".into(), hostile.into())),
        "{attrs:?}"
    );
    let page = site.html("index.html");
    // Exactly the loader and nothing the id could have opened.
    assert_eq!(page.count("script:not([type])"), 1);
    assert_eq!(page.count("script[onload]"), 0);
}

#[test]
fn the_privacy_paragraph_says_what_is_measured_in_german_and_english() {
    let analytics = "analytics:\n  provider: goatcounter\n  url: https://stats.example\n";
    let site = site(analytics);
    let de = site
        .html("datenschutz/index.html")
        .text("p.analytics-notice");
    for part in [
        "mit GoatCounter, betrieben unter stats.example",
        "keine Cookies",
        "IP-Adresse wird nicht gespeichert",
        "„Do Not Track“ oder „Global Privacy Control“",
        "Klicks auf die Links zum Teilen, zum Abonnieren der Feeds und des Kalenders",
        "unsichtbares Bild",
    ] {
        assert!(de.contains(part), "{part} missing from {de}");
    }
    let english = site_in(&CONFIG.replace("language: de", "language: en"), analytics);
    let en = english
        .html("datenschutz/index.html")
        .text("p.analytics-notice");
    for part in [
        "with GoatCounter, run at stats.example",
        "No cookies are set",
        "your IP address is not stored",
        "“Do Not Track” or “Global Privacy Control”",
    ] {
        assert!(en.contains(part), "{part} missing from {en}");
    }
    let plausible = site_with_plausible();
    let de = plausible
        .html("datenschutz/index.html")
        .text("p.analytics-notice");
    assert!(
        de.contains("Plausible Analytics") && !de.contains("Bild"),
        "{de}"
    );
}

fn site_with_plausible() -> TestSite {
    site("analytics:\n  provider: plausible\n  url: https://plausible.io\n")
}

#[test]
fn wrong_analytics_values_are_located_and_named() {
    let cases = [
        (
            "  provider: fathom\n  url: https://x.example\n",
            "fathom",
            6,
        ),
        (
            "  provider: plausible\n  url: http://x.example\n",
            "analytics.url",
            7,
        ),
        (
            "  provider: matomo\n  url: https://x.example\n  id: abc\n",
            "analytics.id",
            8,
        ),
        (
            "  provider: umami\n  url: https://x.example\n",
            "needs an `id`",
            5,
        ),
        (
            "  provider: plausible\n  url: https://x.example\n  domian: a\n",
            "domian",
            8,
        ),
    ];
    for (yaml, needle, line) in cases {
        let site = TestSite::new();
        site.file("kiez.yaml", &format!("{CONFIG}analytics:\n{yaml}"));
        let err = site.build_fails();
        assert!(err.contains(needle), "{needle}: {err}");
        assert!(err.contains(&format!("kiez.yaml:{line}:")), "{line}: {err}");
    }
}

#[test]
fn the_comment_button_appears_only_with_embed() {
    let plain = site("community:\n  discourse: https://forum.example/\n");
    let page = plain.html("articles/hof/index.html");
    assert_eq!(page.count(".discussion-embed"), 0);
    assert!(!plain.exists("comments.js"));
    let embed = site("community:\n  discourse: https://forum.example/\n  embed: true\n");
    let page = embed.html("articles/hof/index.html");
    assert_eq!(
        page.attrs(".discussion-embed", "data-forum"),
        ["https://forum.example/"]
    );
    assert_eq!(
        page.attrs(".discussion-embed", "data-url"),
        ["https://mag.example.org/articles/hof/"]
    );
    assert_eq!(
        page.text(".discussion-embed button"),
        "Kommentare aus dem Forum laden"
    );
    // Nothing from the forum is referenced by the page itself.
    let sel = scraper::Selector::parse("[src]").unwrap();
    for el in page.0.select(&sel) {
        let src = el.value().attr("src").unwrap();
        assert!(!src.contains("forum.example"), "{src}");
    }
    assert!(embed.exists("comments.js"));
    let mail = TestSite::new();
    mail.file(
        "kiez.yaml",
        &format!("{CONFIG}community:\n  email: a@b.example\n  embed: true\n"),
    );
    assert!(mail.build_fails().contains("only used with `discourse`"));
}
