//! The Arabic fixture site in headless Chromium (over the DevTools
//! protocol; only with Chromium installed, `KIEZ_E2E=1` makes it
//! required): no page reaches past either edge of a 320 or 390 px phone,
//! the header and pagination mirror, code stays left to right, and the
//! language switcher, rendered from a `languages` list of five, fits the
//! header at 320 px, on the Arabic site and on a German one.
//! `KIEZ_SCREENSHOTS=1` writes docs/screenshots/rtl-*.png;
//! `KIEZ_RTL_SITE=DIR` keeps the Arabic site with its switcher there, for
//! `../shared/oracle/run DIR https://hofblatt-ar.example/`.

use std::path::Path;

use base64::Engine;
use serde_json::{json, Value};

use crate::analytics_e2e::cdp::Chrome;

const PAGES: &[&str] = &[
    "/",
    "/articles/",
    "/articles/wlan-gemeinschaftsraum/",
    "/events/",
    "/events/mietercafe/",
    "/faq/",
    "/faq/heizung/",
    "/faq/heizung/heizkoerper-wird-nicht-warm/",
    "/search/?q=%D8%A7%D9%84%D8%B4%D8%A8%D9%83%D8%A9",
    "/editions/2026-4/",
    "/tags/",
    "/404.html",
];

/// Elements past the left or right edge that no scrolling box clips, and
/// the document's scroll and client width.
const OVERFLOW: &str = r#"(() => {
  const vw = document.documentElement.clientWidth, bad = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || (r.left >= -1 && r.right <= vw + 1)) continue;
    let p = e.parentElement, clipped = false;
    while (p && p !== document.body) {
      if (getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; }
      p = p.parentElement;
    }
    if (!clipped) bad.push(`${e.tagName}.${e.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return { sw: document.documentElement.scrollWidth, vw, bad: bad.slice(0, 5) };
})()"#;

/// The switcher as the theme renders it for five languages, `current`
/// the page's language (Ukrainian untranslated).
fn switcher(site: &Path, current: kiez::config::Language) -> String {
    let config = kiez::SiteConfig::load(site).unwrap();
    let renderer = kiez::render::Renderer::new(&site.join("templates"), &config).unwrap();
    let languages: Vec<Value> = [
        ("de", "Deutsch", "/de/", "ltr"),
        ("en", "English", "/en/", "ltr"),
        ("tr", "Türkçe", "/tr/", "ltr"),
        ("uk", "Українська", "/uk/", "ltr"),
        ("ar", "العربية", "/", "rtl"),
    ]
    .iter()
    .map(|(code, name, url, dir)| {
        json!({"code": code, "name": name, "url": url, "dir": dir,
               "current": *code == current.code(), "translated": *code != "uk"})
    })
    .collect();
    let mut context = tera::Context::new();
    context.insert("languages", &languages);
    let config = kiez::config::SiteConfig::from_str(
        "title: T\nbase_url: https://a.example/\n",
        std::path::Path::new("kiez.yaml"),
    )
    .unwrap();
    context.insert("t", &kiez::i18n::strings_in(&config, current));
    renderer
        .render("partials/languages.html", &context)
        .unwrap()
}

/// Puts the switcher where the header includes it, on every page that
/// has the theme's header. The lead's pipeline will fill `languages`;
/// until then this is what it prints.
fn with_switcher(public: &Path, site: &Path, current: kiez::config::Language) {
    let menu = switcher(site, current);
    let at = "</a>\n    <nav class=\"main-nav\"";
    let mut headers = 0;
    for page in crate::harness::html_files(public) {
        let html = std::fs::read_to_string(&page).unwrap();
        if html.contains(at) {
            let html = html.replacen(at, &format!("</a>{menu}{}", &at[4..]), 1);
            std::fs::write(&page, html).unwrap();
            headers += 1;
        }
    }
    assert!(headers > 5, "{headers} pages with the theme's header");
}

fn rect(chrome: &mut Chrome, selector: &str) -> [f64; 4] {
    let v = chrome.eval(&format!(
        "(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect(); \
         return [r.left, r.right, r.top, r.bottom]; }})()"
    ));
    let n = |i: usize| v[i].as_f64().unwrap_or_else(|| panic!("{selector}: {v}"));
    [n(0), n(1), n(2), n(3)]
}

fn style(chrome: &mut Chrome, selector: &str, prop: &str) -> String {
    chrome
        .eval(&format!(
            "getComputedStyle(document.querySelector('{selector}')).{prop}"
        ))
        .as_str()
        .unwrap_or_else(|| panic!("{selector}"))
        .to_string()
}

fn viewport(chrome: &mut Chrome, width: u32, dark: bool) {
    chrome.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": 760, "deviceScaleFactor": 1, "mobile": true}),
    );
    let scheme = if dark { "dark" } else { "light" };
    chrome.call(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
    );
}

/// Waits until the search script has listed its results.
fn wait_for_results(chrome: &mut Chrome) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while chrome.eval("document.querySelectorAll('#search-results li').length") == 0 {
        assert!(std::time::Instant::now() < deadline, "no search results");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn no_overflow(chrome: &mut Chrome, what: &str) {
    let m = chrome.eval(OVERFLOW);
    assert!(
        m["sw"] == m["vw"] && m["bad"].as_array().unwrap().is_empty(),
        "{what}: {m}"
    );
}

/// Mirrored layout at 390 px, measured where it shows.
fn assert_mirrored(chrome: &mut Chrome, base: &str) {
    chrome.open(&format!("{base}/"));
    let first = rect(chrome, ".main-nav li:first-child");
    let last = rect(chrome, ".main-nav li:last-child");
    // [left, right, top, bottom]: on one row the first item is the
    // rightmost; when the Arabic labels wrap, each row starts at the right.
    let same_row = (first[2] - last[2]).abs() < 1.0;
    assert!(
        if same_row {
            first[1] > last[1]
        } else {
            (first[1] - last[1]).abs() < 1.0
        },
        "first nav item {first:?}, last {last:?}"
    );
    if (first[2] - last[2]).abs() < 2.0 {
        assert!(first[0] >= last[1], "same row: first is right of last");
    }
    assert_eq!(style(chrome, ".edition-toc", "paddingLeft"), "0px");
    let badge = rect(chrome, ".event-card .event-date");
    let title = rect(chrome, ".event-card .card-title");
    assert!(
        badge[0] >= title[1],
        "the date badge {badge:?} is right of {title:?}"
    );

    chrome.open(&format!("{base}/articles/"));
    let vw = chrome
        .eval("document.documentElement.clientWidth")
        .as_f64()
        .unwrap();
    let next = rect(chrome, "a[rel=next]");
    let centre = |r: [f64; 4]| (r[0] + r[1]) / 2.0;
    assert!(
        next[0] < 20.0 && centre(next) < vw / 2.0,
        "next {next:?} is on the left"
    );
    chrome.open(&format!("{base}/articles/page/2/"));
    let prev = rect(chrome, "a[rel=prev]");
    assert!(
        prev[1] > vw - 20.0 && centre(prev) > vw / 2.0,
        "previous {prev:?} is on the right"
    );

    chrome.open(&format!("{base}/articles/wlan-gemeinschaftsraum/"));
    for code in [".prose pre", ".prose p code", r#"a[href^="tel:"]"#] {
        assert_eq!(style(chrome, code, "direction"), "ltr", "{code}");
    }
    assert_eq!(style(chrome, ".prose pre", "textAlign"), "start");
    assert_eq!(style(chrome, ".prose th", "textAlign"), "start");
    assert_eq!(
        style(chrome, ".prose blockquote", "borderRightWidth"),
        "4px"
    );
    assert_eq!(style(chrome, ".prose blockquote", "borderLeftWidth"), "0px");
    assert_eq!(style(chrome, ".toc ol", "paddingLeft"), "0px");
    let text = rect(chrome, ".prose > p");
    let pre = rect(chrome, ".prose pre");
    assert!(
        (text[1] - pre[1]).abs() < 1.0,
        "text and code share the right edge"
    );

    chrome.open(&format!("{base}/faq/heizung/"));
    assert_eq!(style(chrome, ".faq-item summary", "display"), "list-item");
    assert_eq!(style(chrome, ".faq-item summary", "direction"), "rtl");
    // The disclosure marker sits at the right: the question's text ends
    // well before the summary's right padding.
    let gap = chrome.eval(
        "(() => { const s = document.querySelector('.faq-item summary'), r = document.createRange(); \
         r.selectNodeContents(s); return s.getBoundingClientRect().right - r.getBoundingClientRect().right; })()",
    );
    assert!(gap.as_f64().unwrap() > 24.0, "marker room {gap}");
}

/// The switcher at 320 px: on the brand's row, at its end, and its open
/// list inside the screen.
fn assert_switcher_fits(chrome: &mut Chrome, base: &str, rtl: bool) {
    chrome.open(&format!("{base}/"));
    let brand = rect(chrome, ".brand");
    let summary = rect(chrome, ".languages summary");
    assert!(
        summary[2] < brand[3] && brand[2] < summary[3],
        "{summary:?} beside {brand:?}"
    );
    assert!(summary[0] >= 0.0 && summary[1] <= 320.0, "{summary:?}");
    if rtl {
        assert!(summary[1] <= brand[0], "left of the brand");
    } else {
        assert!(summary[0] >= brand[1], "right of the brand");
    }
    chrome.eval("document.querySelector('.languages details').open = true");
    let list = rect(chrome, ".languages ul");
    assert!(list[0] >= 0.0 && list[1] <= 320.0, "{list:?}");
    no_overflow(chrome, "320 px, switcher open");
    let current = chrome.eval("document.querySelector('.languages [aria-current=page]').lang");
    assert_eq!(current, if rtl { "ar" } else { "de" });
}

fn screenshot(chrome: &mut Chrome, dir: &Path, name: &str) {
    let data = chrome.call("Page.captureScreenshot", json!({"format": "png"}));
    let png = base64::engine::general_purpose::STANDARD
        .decode(data["data"].as_str().unwrap())
        .unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}

/// The pictures in the docs: home, an article at its code, the events and
/// an answer, in light and dark; the switcher open at 320 px.
fn screenshots(chrome: &mut Chrome, base: &str, dir: &Path) {
    let shots = [
        ("/", false, "rtl-home.png", ""),
        (
            "/articles/wlan-gemeinschaftsraum/",
            true,
            "rtl-article-dark.png",
            ".prose pre",
        ),
        ("/events/", false, "rtl-events.png", ".event-list"),
        (
            "/faq/heizung/heizkoerper-wird-nicht-warm/",
            true,
            "rtl-faq-dark.png",
            "",
        ),
    ];
    for (path, dark, name, at) in shots {
        viewport(chrome, 390, dark);
        chrome.open(&format!("{base}{path}"));
        if !at.is_empty() {
            chrome.eval(&format!(
                "window.scrollTo(0, document.querySelector('{at}').offsetTop - 250)"
            ));
        }
        screenshot(chrome, dir, name);
    }
    viewport(chrome, 320, false);
    chrome.open(&format!("{base}/"));
    chrome.eval("document.querySelector('.languages details').open = true");
    screenshot(chrome, dir, "rtl-switcher-320.png");
}

#[test]
fn arabic_pages_mirror_and_fit_phones_in_chromium() {
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join("tests/fixtures/arabic");
    let (_tmp, public) = crate::rtl::build_arabic(&[]);
    with_switcher(&public, &fixture, kiez::config::Language::Ar);
    if let Some(keep) = std::env::var_os("KIEZ_RTL_SITE") {
        for file in crate::harness::walk(&public) {
            let to = Path::new(&keep).join(file.strip_prefix(&public).unwrap());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&file, to).unwrap();
        }
    }
    let base = crate::search::serve(public);
    let mut chrome = Chrome::start(&chromium, false);
    for width in [320, 390] {
        viewport(&mut chrome, width, false);
        for page in PAGES {
            chrome.open(&format!("{base}{page}"));
            if page.starts_with("/search/") {
                wait_for_results(&mut chrome);
            }
            no_overflow(&mut chrome, &format!("{width} px {page}"));
        }
    }
    assert_mirrored(&mut chrome, &base);
    viewport(&mut chrome, 320, false);
    assert_switcher_fits(&mut chrome, &base, true);
    if std::env::var_os("KIEZ_SCREENSHOTS").is_some() {
        screenshots(&mut chrome, &base, &root.join("docs/screenshots"));
    }
}

#[test]
fn the_switcher_fits_a_german_header_at_320_px_in_chromium() {
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    let site = crate::harness::TestSite::new();
    site.article("a", "Heiztipps für den Winter", "2026-11-02", "", "Text.")
        .file(
            "content/events/cafe.md",
            "---\ntitle: Mietercafé\nstart: 2026-12-08T19:00\nlocation:\n  name: Nachbarschaftstreff\n---\nText.\n",
        )
        .file("content/faq/heizung/kalt.md", "---\ntitle: Warum ist es kalt?\n---\nText.\n")
        .file("content/pages/ueber-uns.md", "---\ntitle: Über uns\nmenu: 1\n---\nText.\n");
    site.build_ok();
    with_switcher(&site.public(), site.root(), kiez::config::Language::De);
    let base = crate::search::serve(site.public());
    let mut chrome = Chrome::start(&chromium, false);
    viewport(&mut chrome, 320, false);
    for page in ["/", "/articles/a/", "/events/", "/faq/heizung/kalt/"] {
        chrome.open(&format!("{base}{page}"));
        no_overflow(&mut chrome, page);
    }
    assert_switcher_fits(&mut chrome, &base, false);
}
