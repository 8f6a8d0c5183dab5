//! `kiez print`: the print edition and stairwell notices, read back with
//! a PDF library (lopdf): page count, media boxes, embedded fonts, the
//! text of each page, the contents' page numbers against the pages the
//! articles start on; the notice's QR code decoded (rqrr) from the image
//! in the PDF.

use lopdf::{Document, Object};

use crate::harness::{png, TestSite};

const A4: (f32, f32) = (595.28, 841.89);
const A5: (f32, f32) = (419.53, 595.28);

fn print_site() -> TestSite {
    let site = TestSite::new();
    let long = "Im Hof wird gebaut, gepflanzt und gefeiert, und alle Nachbarn sind eingeladen mitzumachen. ".repeat(12);
    let body = format!(
        "{long}\n\n## Was geplant ist\n\n{long}\n\n- Beete anlegen\n- Bänke streichen\n\n> Ein Hof für alle.\n\n| Wann | Was |\n|---|---|\n| Montag | Gießen |\n\n![Der Hof im Sommer](hof.png \"Der Hof im Sommer\")\n\nMehr beim [Hoffest](../../events/fest.md).\n\n{long}\n\n{long}\n"
    );
    site.file("content/editions/2026-4.md", "---\ntitle: Testblatt 4/2026\ndate: 2026-11-20\n---\nLiebe Leserinnen und Leser, viel Freude mit dieser Ausgabe.\n")
        .file("content/articles/hofgarten/index.md", &format!("---\ntitle: Der neue Hofgarten\ndate: 2026-11-10\nedition: 2026-4\ndescription: Wie aus Rasen ein Garten wird.\nauthors: [Erika Muster]\n---\n{body}"))
        .bytes("content/articles/hofgarten/hof.png", &png(64, 40))
        .article("kurz", "Sprechzeiten im Advent", "2026-11-12", "edition: 2026-4\n", "Die Geschäftsstelle ist bis 23. Dezember geöffnet.")
        .article("dritter", "Neue Fahrradbügel", "2026-11-14", "edition: 2026-4\n", &long)
        .article("andere", "Nicht in dieser Ausgabe", "2026-11-15", "", "Text.")
        .file("content/events/fest.md", "---\ntitle: Hoffest im Advent\nstart: 2026-12-05T15:00\nend: 2026-12-05T19:00\nlocation: {name: Innenhof, address: Lindenstraße 1}\nregistration: {deadline: 2026-12-01}\ndescription: Glühwein, Waffeln und Lichter im Hof.\n---\nKommen Sie vorbei.\n")
        .file("content/faq/heizung/kalt.md", "---\ntitle: Die Heizung ist ausgefallen – was tun?\nemergency: 030 1234567-99\n---\nRufen Sie abends und am Wochenende den Notdienst an.\n")
        .file("content/pages/impressum.md", "---\ntitle: Impressum\n---\nHerausgegeben von der Testgenossenschaft eG.\n");
    site
}

/// Runs `kiez print ARGS -o out.pdf` and reads the PDF.
fn print(site: &TestSite, args: &[&str]) -> Document {
    let mut all = vec!["print"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", "out.pdf"]);
    let out = site.kiez(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Document::load(site.root().join("out.pdf")).expect("a PDF lopdf reads")
}

/// The text of each page, in page order.
fn page_texts(doc: &Document) -> Vec<String> {
    let pages = doc.get_pages();
    pages
        .keys()
        .map(|n| doc.extract_text(&[*n]).unwrap_or_default())
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn media_boxes(doc: &Document) -> Vec<(f32, f32)> {
    doc.get_pages()
        .values()
        .map(|id| {
            let page = doc.get_dictionary(*id).unwrap();
            let mb = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let n = |o: &Object| o.as_float().unwrap();
            (n(&mb[2]) - n(&mb[0]), n(&mb[3]) - n(&mb[1]))
        })
        .collect()
}

fn close(a: (f32, f32), b: (f32, f32)) -> bool {
    (a.0 - b.0).abs() < 0.05 && (a.1 - b.1).abs() < 0.05
}

/// Font descriptors with the font program embedded.
fn embedded_fonts(doc: &Document) -> usize {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor"))
        .filter(|d| d.has(b"FontFile2") || d.has(b"FontFile3"))
        .count()
}

#[test]
fn the_edition_has_cover_contents_articles_calendar_and_imprint() {
    let site = print_site();
    let doc = print(&site, &["2026-4"]);
    let texts = page_texts(&doc);
    assert!(texts.len() >= 6, "{} pages: {texts:#?}", texts.len());
    assert!(media_boxes(&doc).iter().all(|b| close(*b, A4)));
    assert!(embedded_fonts(&doc) >= 2, "regular and bold embedded");
    assert!(texts[0].contains("Testblatt 4/2026"), "cover: {}", texts[0]);
    assert!(texts[1].starts_with("Inhalt") || texts[1].contains("Inhalt"));
    let titles = [
        "Der neue Hofgarten",
        "Sprechzeiten im Advent",
        "Neue Fahrradbügel",
    ];
    for title in titles {
        // The contents give the page; the article starts there, not before.
        let page = toc_number(&texts[1], title);
        let first = texts
            .iter()
            .skip(2)
            .position(|t| t.contains(title))
            .map(|i| i + 3);
        assert_eq!(
            first,
            Some(page),
            "{title}: contents say {page}\n{texts:#?}"
        );
        assert!(
            texts[page - 1].contains(&format!("{page}")),
            "page number on page {page}"
        );
    }
    let all = texts.join("\n");
    assert!(!all.contains("Nicht in dieser Ausgabe"));
    assert!(
        all.contains("Hoffest im Advent"),
        "calendar lists the event"
    );
    assert!(
        all.contains("Herausgegeben von der Testgenossenschaft"),
        "imprint"
    );
    assert!(all.contains("Der Hof im Sommer"), "caption");
    assert!(
        all.contains("mag.example.org/events/fest"),
        "link printed as short URL"
    );
    // The long article runs over more than one page, each with its head.
    let hofgarten = texts
        .iter()
        .filter(|t| t.contains("Der neue Hofgarten"))
        .count();
    assert!(
        hofgarten >= 3,
        "contents, opener and running heads: {hofgarten}"
    );
}

/// The page number the contents page gives `title`: the number drawn
/// just before the title (numbers are drawn first on each entry).
fn toc_number(toc: &str, title: &str) -> usize {
    let at = toc
        .find(title)
        .unwrap_or_else(|| panic!("{title} not in contents: {toc}"));
    let before: Vec<&str> = toc[..at].split_whitespace().collect();
    before
        .last()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page number before {title}: {toc}"))
}

#[test]
fn a5_pages_on_request() {
    let site = print_site();
    let doc = print(&site, &["2026-4", "--a5"]);
    assert!(media_boxes(&doc).iter().all(|b| close(*b, A5)));
}

/// Decodes the QR code image of a notice.
fn qr_of(doc: &Document) -> String {
    for object in doc.objects.values() {
        let Ok(stream) = object.as_stream() else {
            continue;
        };
        if stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Image") {
            continue;
        }
        let w = stream.dict.get(b"Width").unwrap().as_i64().unwrap() as usize;
        let h = stream.dict.get(b"Height").unwrap().as_i64().unwrap() as usize;
        let pixels = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        if pixels.len() != w * h {
            continue;
        }
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        return grids[0].decode().unwrap().1;
    }
    panic!("no QR image in the notice");
}

#[test]
fn an_event_notice_is_one_page_with_a_qr_code_to_the_event() {
    let site = print_site();
    let doc = print(&site, &["--notice", "content/events/fest.md"]);
    assert_eq!(doc.get_pages().len(), 1);
    assert!(close(media_boxes(&doc)[0], A4));
    assert!(embedded_fonts(&doc) >= 1);
    let text = &page_texts(&doc)[0];
    for fact in [
        "Hoffest im Advent",
        "Samstag, 5. Dezember 2026",
        "15:00 – 19:00 Uhr",
        "Innenhof",
        "Lindenstraße 1",
        "Anmeldung bis 1. Dezember 2026",
        "Glühwein",
    ] {
        assert!(text.contains(fact), "{fact} missing: {text}");
    }
    assert_eq!(qr_of(&doc), "https://mag.example.org/events/fest/");
}

#[test]
fn a_faq_notice_shows_the_emergency_number() {
    let site = print_site();
    let doc = print(&site, &["--notice", "content/faq/heizung/kalt.md"]);
    assert_eq!(doc.get_pages().len(), 1);
    let text = &page_texts(&doc)[0];
    assert!(
        text.contains("Notdienst") && text.contains("030 1234567-99"),
        "{text}"
    );
    assert_eq!(qr_of(&doc), "https://mag.example.org/faq/heizung/kalt/");
}

#[test]
fn a_long_notice_still_fits_one_page() {
    let site = print_site();
    let words = "Sehr viel Text über das Fest, ".repeat(400);
    site.file("content/events/lang.md", &format!("---\ntitle: Ein Fest mit einem sehr langen Titel, der umbrechen muss, damit er passt\nstart: 2026-12-06T15:00\ndescription: {words}\n---\n"));
    let doc = print(&site, &["--notice", "content/events/lang.md"]);
    assert_eq!(doc.get_pages().len(), 1);
    assert_eq!(qr_of(&doc), "https://mag.example.org/events/lang/");
}

#[test]
fn bad_input_is_a_clear_error() {
    let site = print_site();
    let unknown = site.kiez(&["print", "1999-1", "--message-format", "short"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("1999-1"));
    let article = site.kiez(&[
        "print",
        "--notice",
        "content/articles/kurz.md",
        "--message-format",
        "short",
    ]);
    assert_eq!(article.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&article.stderr);
    assert!(
        stderr.contains("kurz.md") && stderr.contains("event or a FAQ answer"),
        "{stderr}"
    );
    let missing = site.kiez(&["print", "--notice", "content/events/nope.md"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope.md"));
}
