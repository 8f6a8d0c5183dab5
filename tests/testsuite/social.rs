//! Link previews: Open Graph / Twitter meta on every page, generated card
//! images (decoded and measured), JSON-LD parsed back, share links.

use std::collections::BTreeMap;

use crate::harness::{TestSite, CONFIG};

const LONG_TITLE: &str = "Nebenkostenabrechnungsnachzahlungsratenvereinbarung: Was Mitglieder der Wohnungsbaugenossenschaft über Betriebskostenvorauszahlungen und Heizkostenverteilerablesungen wissen müssen";
const HOSTILE: &str = "</script><script>alert(1)</script> \"Hof\" & 'Garten' <b>";

fn social_site() -> TestSite {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!("{CONFIG}description: Das Magazin.\nauthors:\n  Erika Muster:\n    mastodon: \"@erika@social.example\"\nshare:\n  networks: [whatsapp, mastodon, email]\n  mastodon_instance: https://social.example\n"),
    )
    .article("lang", LONG_TITLE, "2026-05-01T10:00", "authors: [Erika Muster]\ncategories: [Rat & Service]\ntags: [Kosten, Heizung]\nupdated: 2026-05-02\n", &"Wort ".repeat(120))
    .file("content/articles/boese.md", &format!("---\ntitle: {}\ndate: 2026-04-01\n---\nText.\n", serde_json::to_string(HOSTILE).unwrap()))
    .file("content/events/fest.md", "---\ntitle: Hoffest\nstart: 2026-12-05T15:00\nlocation: {name: Innenhof}\n---\nFeiern.\n")
    .file("content/faq/heizung/kalt.md", "---\ntitle: Warum ist es kalt?\n---\nEntlüften.\n")
    .file("content/pages/impressum.md", "---\ntitle: Impressum\n---\nAngaben.\n");
    site
}

fn metas(page: &crate::harness::Page) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let sel = scraper::Selector::parse("head meta").unwrap();
    for el in page.0.select(&sel) {
        let key = el.value().attr("property").or(el.value().attr("name"));
        if let (Some(key), Some(content)) = (key, el.value().attr("content")) {
            map.entry(key.to_string())
                .or_default()
                .push(content.to_string());
        }
    }
    map
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG decodes");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("frame decodes");
    (info.width, info.height)
}

#[test]
fn every_page_has_complete_cards_with_existing_images() {
    let site = social_site();
    site.build_ok();
    let files = crate::harness::html_files(&site.public());
    let mut checked = 0;
    for file in files {
        let rel = file
            .strip_prefix(site.public())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let page = site.html(&rel);
        if page.count("meta[http-equiv=refresh]") > 0 {
            continue;
        }
        let m = metas(&page);
        for key in [
            "og:title",
            "og:description",
            "og:type",
            "og:url",
            "og:site_name",
            "og:locale",
            "og:image",
            "og:image:width",
            "og:image:height",
            "og:image:alt",
            "twitter:card",
            "twitter:title",
            "twitter:description",
            "twitter:image",
        ] {
            assert_eq!(m.get(key).map(Vec::len), Some(1), "{rel}: {key} in {m:?}");
        }
        assert_eq!(m["twitter:card"][0], "summary_large_image");
        assert_eq!(m["og:locale"][0], "de_DE");
        assert_eq!(m["og:site_name"][0], "Testblatt");
        let canonical = page.attrs("link[rel=canonical]", "href");
        if rel != "404.html" {
            assert_eq!(vec![m["og:url"][0].clone()], canonical, "{rel}");
            let expected = format!(
                "https://mag.example.org/{}",
                rel.trim_end_matches("index.html")
            );
            assert_eq!(m["og:url"][0], expected, "{rel}");
        }
        let image = &m["og:image"][0];
        let local = image
            .strip_prefix("https://mag.example.org/")
            .expect("absolute og:image on the site");
        let bytes = std::fs::read(site.public().join(local))
            .unwrap_or_else(|_| panic!("{rel}: {image} missing"));
        let (w, h) = png_size(&bytes);
        assert_eq!(
            (w.to_string(), h.to_string()),
            (
                m["og:image:width"][0].clone(),
                m["og:image:height"][0].clone()
            ),
            "{rel}"
        );
        assert_eq!((w, h), (1200, 630));
        assert!(
            bytes.len() < 300 * 1024,
            "{rel}: card is {} bytes",
            bytes.len()
        );
        assert!(m["og:description"][0].chars().count() <= 201, "{rel}");
        checked += 1;
    }
    assert!(checked >= 15, "{checked} pages checked");
}

#[test]
fn articles_carry_article_meta_and_fediverse_creator() {
    let site = social_site();
    site.build_ok();
    let m = metas(&site.html("articles/lang/index.html"));
    assert_eq!(m["og:type"], vec!["article"]);
    assert_eq!(m["og:title"], vec![LONG_TITLE]);
    assert_eq!(
        m["article:published_time"],
        vec!["2026-05-01T10:00:00+02:00"]
    );
    assert_eq!(
        m["article:modified_time"],
        vec!["2026-05-02T00:00:00+02:00"]
    );
    assert_eq!(m["article:author"], vec!["Erika Muster"]);
    assert_eq!(m["article:section"], vec!["Rat & Service"]);
    assert_eq!(m["article:tag"], vec!["Kosten", "Heizung"]);
    assert_eq!(m["fediverse:creator"], vec!["@erika@social.example"]);
    // The summary is cut at a word near 200 characters.
    let description = &m["og:description"][0];
    assert!(
        description.ends_with('…') && description.chars().count() <= 201,
        "{description}"
    );
    let event = metas(&site.html("events/fest/index.html"));
    assert_eq!(event["og:type"], vec!["website"]);
    assert!(
        event["og:description"][0].starts_with("Samstag, 5. Dezember 2026, 15:00 Uhr · Innenhof")
    );
    assert!(!event.contains_key("fediverse:creator"));
}

#[test]
fn hostile_and_long_titles_survive_meta_json_ld_and_card() {
    let site = social_site();
    site.build_ok();
    let page = site.html("articles/boese/index.html");
    let m = metas(&page);
    assert_eq!(m["og:title"], vec![HOSTILE]);
    assert_eq!(m["twitter:title"], vec![HOSTILE]);
    assert_eq!(m["og:image:alt"], vec![HOSTILE]);
    assert_eq!(
        page.count("script:not([type='application/ld+json']):not([src])"),
        0
    );
    let article = page.jsonld_of("Article");
    assert_eq!(article["headline"], HOSTILE);
    assert_eq!(article["image"][0], m["og:image"][0]);
    let raw = site.read("articles/boese/index.html");
    assert!(
        !raw.contains("</script><script>alert"),
        "raw script injection"
    );
    for rel in ["articles/boese/index.html", "articles/lang/index.html"] {
        let m = metas(&site.html(rel));
        let local = m["og:image"][0]
            .trim_start_matches("https://mag.example.org/")
            .to_string();
        assert_eq!(
            png_size(&std::fs::read(site.public().join(local)).unwrap()),
            (1200, 630)
        );
    }
}

#[test]
fn card_cache_redraws_only_changed_cards() {
    let site = social_site();
    let drawn = |out: std::process::Output| -> usize {
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let n = stdout
            .split(" social cards drawn")
            .next()
            .unwrap()
            .rsplit(' ')
            .next()
            .unwrap();
        n.parse().unwrap_or_else(|_| panic!("{stdout}"))
    };
    let first = drawn(site.build_ok());
    assert!(first >= 15, "{first}");
    assert_eq!(drawn(site.build_ok()), 0);
    site.article("boese", "Ein neuer Titel", "2026-11-20", "", "Text.");
    // Its link card, and square and story image now that it is recent.
    assert_eq!(drawn(site.build_ok()), 3);
}

#[test]
fn cold_card_builds_give_the_same_bytes_in_the_site_colours() {
    // Cards are drawn from a frame shared by all of them (background,
    // logo, site name) and written as indexed PNGs: two cold builds must
    // still write identical files, each a 1200×630 card in the accent
    // colour with the logo's colours on its tile.
    let site = social_site();
    site.file(
        "kiez.yaml",
        &format!("{CONFIG}colors:\n  accent: \"#204a87\"\npublisher:\n  name: Hof eG\n  logo: /logo.svg\n"),
    )
    .file(
        "static/logo.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#e3a83b"/></svg>"##,
    );
    let cards = || -> BTreeMap<String, Vec<u8>> {
        std::fs::remove_dir_all(site.root().join(".kiez-cache")).ok();
        site.build_ok();
        // The link cards; square and story images are in folders.
        crate::harness::snapshot(&site.public().join("social"))
            .into_iter()
            .filter(|(path, _)| !path.contains('/'))
            .collect()
    };
    let first = cards();
    assert!(first.len() >= 15, "{} cards", first.len());
    assert_eq!(first, cards());
    for bytes in first.values() {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("PNG decodes");
        let mut rgb = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut rgb).expect("frame decodes");
        assert_eq!((info.width, info.height), (1200, 630));
        let pixel = |x: usize, y: usize| &rgb[(y * 1200 + x) * 3..][..3];
        assert_eq!(pixel(600, 620), [0x20, 0x4a, 0x87], "background");
        assert_eq!(pixel(116, 548), [0xe3, 0xa8, 0x3b], "logo");
        assert_eq!(pixel(84, 516), [255, 255, 255], "logo tile");
    }
}

#[test]
fn own_images_are_used_and_small_ones_warned_about() {
    let site = social_site();
    let png_bytes = crate::harness::png(800, 400);
    site.file(
        "content/articles/foto/index.md",
        "---\ntitle: Foto\ndate: 2026-01-01\nimage: hof.png\nimage_alt: Der Hof\n---\nx\n",
    )
    .bytes("content/articles/foto/hof.png", &png_bytes);
    let out = site.build_ok();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("hof.png` is 800×400"), "{stderr}");
    let m = metas(&site.html("articles/foto/index.html"));
    assert_eq!(
        m["og:image"],
        vec!["https://mag.example.org/articles/foto/hof.png"]
    );
    assert_eq!(m["og:image:width"], vec!["800"]);
    assert_eq!(m["og:image:alt"], vec!["Der Hof"]);

    site.bytes("content/articles/foto/hof.png", b"not an image");
    let err = site.build_fails();
    assert!(
        err.contains("content/articles/foto/index.md:4: key `image`"),
        "{err}"
    );
}

#[test]
fn share_links_need_no_third_party_script() {
    let site = social_site();
    site.build_ok();
    let page = site.html("articles/lang/index.html");
    let hrefs = page.attrs(".share a", "href");
    assert_eq!(hrefs.len(), 3);
    assert!(hrefs[0].starts_with("https://wa.me/?text=Nebenkosten"));
    assert!(hrefs[0].ends_with("https%3A%2F%2Fmag.example.org%2Farticles%2Flang%2F"));
    assert!(hrefs[1].starts_with("https://social.example/share?text="));
    assert!(hrefs[2].starts_with("mailto:?subject="));
    // The only script is the theme's own, and the native share button is hidden without it.
    assert_eq!(page.attrs("script[src]", "src"), vec!["/share.js"]);
    assert_eq!(page.count("button.share-native[hidden]"), 1);
    assert!(site.exists("share.js"));
    assert_eq!(site.html("impressum/index.html").count(".share"), 0);
    assert_eq!(
        site.html("faq/heizung/kalt/index.html").count(".share a"),
        3
    );
}
