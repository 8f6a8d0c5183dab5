//! The example site must always build, completely.

use crate::harness::{build_example, walk, Page};

#[test]
fn example_site_builds_completely() {
    let (_out, target) = build_example();
    let read = |rel: &str| std::fs::read_to_string(target.join(rel)).unwrap();
    let html = |rel: &str| Page(scraper::Html::parse_document(&read(rel)));

    let articles = html("articles/index.html").count(".card-article");
    let pages: usize = std::fs::read_dir(target.join("articles")).unwrap().count();
    assert!(articles >= 10, "{articles} articles on the first list page");
    assert!(pages >= 13, "{pages} article folders");
    let events = html("events/index.html");
    assert!(events.count(".event-card") >= 6);
    assert!(events.count(".is-cancelled") >= 1);
    let faq = html("faq/index.html");
    assert!(faq.count("details.faq-item") >= 20);
    assert!(faq.count(".faq-section") >= 4);
    // Recent articles and events have all their images for image-first
    // platforms (`social.recent_days`), older ones none.
    let (mut shared, mut older) = (0, 0);
    for section in ["articles", "events"] {
        for entry in std::fs::read_dir(target.join(section)).unwrap() {
            let slug = entry.unwrap().file_name().into_string().unwrap();
            if slug == "page"
                || !target
                    .join(section)
                    .join(&slug)
                    .join("index.html")
                    .is_file()
            {
                continue;
            }
            let files = ["square.png", "story.png", "caption.txt"].map(|file| {
                target
                    .join(format!("social/{section}/{slug}/{file}"))
                    .is_file()
            });
            match files {
                [true, true, true] => shared += 1,
                [false, false, false] => older += 1,
                _ => panic!("{section}/{slug}: some share images missing: {files:?}"),
            }
        }
    }
    assert!(
        shared >= 10 && older >= 5,
        "{shared} pages with share images, {older} without"
    );
    for page in ["impressum/index.html", "datenschutz/index.html", "404.html"] {
        assert!(target.join(page).is_file(), "{page}");
    }
    // Every root-relative link and image points at a file of the build.
    for entry in walk(&target) {
        if entry.extension().is_some_and(|e| e == "html") {
            let page = html(entry.strip_prefix(&target).unwrap().to_str().unwrap());
            for url in page
                .attrs("a[href^='/'], img[src^='/'], link[href^='/']", "href")
                .into_iter()
                .chain(page.attrs("img[src^='/']", "src"))
            {
                let path = url
                    .split(['#', '?'])
                    .next()
                    .unwrap()
                    .trim_start_matches('/');
                let file = target.join(path);
                let ok = file.is_file() || file.join("index.html").is_file();
                assert!(ok, "{}: broken link {url}", entry.display());
            }
        }
    }
}
