//! The default theme on the example site: responsive images, galleries, no
//! third-party requests, and the size budgets of the theme issue.

use std::io::Write;
use std::path::Path;

use crate::harness::{build_example, html_files as html_pages, Page};

fn parse(path: &Path) -> Page {
    Page(scraper::Html::parse_document(
        &std::fs::read_to_string(path).unwrap(),
    ))
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap().len()
}

#[test]
fn every_image_has_size_and_raster_images_have_srcset() {
    let (_tmp, public) = build_example();
    let mut images = 0;
    for path in html_pages(&public) {
        let page = parse(&path);
        let sel = scraper::Selector::parse("main img").unwrap();
        for img in page.0.select(&sel) {
            let v = img.value();
            let src = v.attr("src").unwrap();
            let rel = path.strip_prefix(&public).unwrap().display().to_string();
            assert!(v.attr("alt").is_some(), "{rel}: {src} without alt");
            assert!(
                v.attr("width").is_some() && v.attr("height").is_some(),
                "{rel}: {src} without size"
            );
            assert!(
                v.attr("srcset").is_some() && v.attr("sizes").is_some(),
                "{rel}: {src} without srcset"
            );
            assert_eq!(v.attr("decoding"), Some("async"), "{rel}: {src}");
            let above_the_fold = v.attr("fetchpriority") == Some("high");
            assert!(
                above_the_fold || v.attr("loading") == Some("lazy"),
                "{rel}: {src} not lazy"
            );
            // The stated size is the real size of the largest candidate.
            let largest = v
                .attr("srcset")
                .unwrap()
                .split(", ")
                .last()
                .unwrap()
                .split(' ')
                .next()
                .unwrap();
            let size = imagesize::size(public.join(largest.trim_start_matches('/'))).unwrap();
            assert_eq!(
                size.width.to_string(),
                v.attr("width").unwrap(),
                "{rel}: {largest}"
            );
            assert_eq!(
                size.height.to_string(),
                v.attr("height").unwrap(),
                "{rel}: {largest}"
            );
            images += 1;
        }
    }
    assert!(images >= 20, "{images} images checked");
}

#[test]
fn gallery_links_full_size_images_and_has_a_lightbox() {
    let (_tmp, public) = build_example();
    let page = parse(&public.join("articles/sommerfest-2026/index.html"));
    let links = page.attrs(".gallery a[data-gallery]", "href");
    assert_eq!(links.len(), 6);
    for link in &links {
        let size = imagesize::size(public.join(link.trim_start_matches('/'))).unwrap();
        assert!(size.width >= 1200, "{link} is the full size");
    }
    assert_eq!(page.count(".gallery figcaption"), 6);
    assert_eq!(page.count("dialog.lightbox"), 1);
    // The example site also has the comment embed and a reach counter.
    assert_eq!(
        page.attrs("script[src]", "src"),
        vec!["/gallery.js", "/comments.js", "/share.js", "/analytics.js"]
    );
}

#[test]
fn no_third_party_requests_and_no_script_needed_to_read() {
    let (_tmp, public) = build_example();
    for path in html_pages(&public) {
        let page = parse(&path);
        let rel = path.strip_prefix(&public).unwrap().display().to_string();
        for url in page
            .attrs("script[src]", "src")
            .into_iter()
            .chain(page.attrs("link[rel=stylesheet]", "href"))
            .chain(page.attrs("link[rel=icon]", "href"))
            .chain(page.attrs("img", "src"))
        {
            assert!(
                url.starts_with('/') && !url.starts_with("//"),
                "{rel}: external {url}"
            );
        }
        // Scripts only enhance: they are deferred, and there is no inline script.
        assert_eq!(page.count("script[src]:not([defer])"), 0, "{rel}");
        assert_eq!(
            page.count("script:not([src]):not([type='application/ld+json'])"),
            0,
            "{rel}"
        );
    }
}

#[test]
fn css_and_js_budgets() {
    let (_tmp, public) = build_example();
    let css = std::fs::metadata(public.join("kiez.css")).unwrap().len();
    assert!(css < 20 * 1024, "kiez.css is {css} bytes");
    let js: u64 = ["share.js", "search.js", "gallery.js"]
        .iter()
        .map(|f| std::fs::metadata(public.join(f)).unwrap().len())
        .sum();
    assert!(js < 10 * 1024, "theme JavaScript is {js} bytes");
    // The first view of each audited page: HTML and CSS, as transferred.
    let css_gz = gzip_len(&std::fs::read(public.join("kiez.css")).unwrap());
    for page in [
        "index.html",
        "articles/unsere-hauswarte/index.html",
        "events/index.html",
        "events/mietercafe/index.html",
        "faq/index.html",
        "faq/heizung/heizkoerper-wird-nicht-warm/index.html",
    ] {
        let html = gzip_len(&std::fs::read(public.join(page)).unwrap());
        assert!(html + css_gz < 50 * 1024, "{page}: {} bytes", html + css_gz);
    }
}

#[test]
fn every_form_control_has_a_label() {
    // axe's `label` rule: task-list checkboxes once had none.
    let (_tmp, public) = build_example();
    let controls = scraper::Selector::parse("input:not([type=hidden]), select, textarea").unwrap();
    let mut checkboxes = 0;
    for path in html_pages(&public) {
        let page = parse(&path);
        let rel = path.strip_prefix(&public).unwrap().display().to_string();
        for control in page.0.select(&controls) {
            let by_id = control
                .value()
                .id()
                .is_some_and(|id| page.count(&format!("label[for='{id}']")) == 1);
            let wrapped = control
                .ancestors()
                .filter_map(scraper::ElementRef::wrap)
                .any(|e| e.value().name() == "label" && e.text().any(|t| !t.trim().is_empty()));
            assert!(
                by_id || wrapped,
                "{rel}: {} without a label",
                control.html()
            );
            checkboxes += usize::from(control.value().attr("type") == Some("checkbox"));
        }
    }
    assert!(checkboxes >= 8, "{checkboxes} checkboxes checked");
}
