//! The search index: what is indexed, how words are normalised, what a
//! query transfers; and, in headless Chromium, German queries end to end.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{build_example, kiez_in, Page, TestSite};

type Chunk = BTreeMap<String, Vec<[u32; 2]>>;

fn search_site() -> TestSite {
    let site = TestSite::new();
    site.article("abrechnung", "Die Nebenkostenabrechnung kommt", "2026-05-01", "", "Alles über die Abrechnung und die Kosten im Haus.")
        .article("entwurf", "Geheimer Entwurf", "2026-05-02", "draft: true\n", "Zuckerwatte")
        .article("zukunft", "Zukunftsmusik", "2027-05-02", "", "Marmeladenglas")
        .file("content/events/treffen.md", "---\ntitle: Treffen im Hof\nstart: 2026-12-01T18:00\n---\nWir reden über den Haustürschlüssel.\n")
        .file("content/faq/heizung/kalt.md", "---\ntitle: Warum ist der Heizkörper kalt?\n---\nDrehen Sie am Thermostat. Der Schlüssel liegt im Büro.\n")
        .file("content/pages/impressum.md", "---\ntitle: Impressum\n---\nVerantwortlich ist der Vorstand.\n");
    site
}

fn chunk(site: &TestSite, key: &str) -> Chunk {
    serde_json::from_str(&site.read(&format!("search/i/{key}.json"))).expect("chunk parses")
}

fn fragments(site: &TestSite) -> Vec<Value> {
    let meta: Value = serde_json::from_str(&site.read("search/meta.json")).unwrap();
    (0..meta["documents"].as_u64().unwrap())
        .map(|i| serde_json::from_str(&site.read(&format!("search/f/{i}.json"))).unwrap())
        .collect()
}

#[test]
fn every_page_type_is_indexed_but_drafts_and_future_are_not() {
    let site = search_site();
    site.build_ok();
    let docs = fragments(&site);
    let mut kinds: Vec<&str> = docs.iter().map(|d| d["k"].as_str().unwrap()).collect();
    kinds.sort();
    assert_eq!(kinds, vec!["article", "event", "faq", "page"]);
    let titles: Vec<&str> = docs.iter().map(|d| d["t"].as_str().unwrap()).collect();
    assert!(!titles.contains(&"Geheimer Entwurf") && !titles.contains(&"Zukunftsmusik"));
    assert!(!site.exists("search/i/zu.json") || !chunk(&site, "zu").contains_key("zuckerwatte"));
    let urls: Vec<&str> = docs.iter().map(|d| d["u"].as_str().unwrap()).collect();
    assert!(urls.contains(&"/faq/heizung/kalt/"));
}

#[test]
fn umlauts_are_folded_and_compounds_indexed_by_their_parts() {
    let site = search_site();
    site.build_ok();
    let docs = fragments(&site);
    let id_of = |title: &str| {
        docs.iter()
            .position(|d| d["t"].as_str().unwrap().contains(title))
            .unwrap() as u32
    };
    let he = chunk(&site, "he");
    // "Heizkörper" is indexed as "heizkoerp" (folded, stemmed): the query
    // "Heizkoerper" folds to the same key.
    assert!(he["heizkoerp"].iter().any(|p| p[0] == id_of("Heizkörper")));
    // "Kosten" finds the article about the "Nebenkostenabrechnung".
    let ko = chunk(&site, "ko");
    assert!(ko["kost"]
        .iter()
        .any(|p| p[0] == id_of("Nebenkostenabrechnung")));
    // "Schlüssel" finds the event about the "Haustürschlüssel".
    let sc = chunk(&site, "sc");
    assert!(sc["schluessel"].iter().any(|p| p[0] == id_of("Treffen")));
    // The parts are index terms only: the page text shown in results is unchanged.
    let treffen = &docs[id_of("Treffen") as usize];
    assert_eq!(treffen["x"], "Wir reden über den Haustürschlüssel.");
    // Title words weigh more than body words.
    let weight = |term: &str, title: &str| {
        chunk(&site, &term[..2])[term]
            .iter()
            .find(|p| p[0] == id_of(title))
            .unwrap()[1]
    };
    assert!(
        weight("abrechnung", "Nebenkostenabrechnung") > weight("haus", "Nebenkostenabrechnung")
    );
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap().len()
}

/// Bytes (gzip) the search page's first load plus one query transfers.
fn query_transfer(public: &Path, query_chunks: &[&str], results: usize) -> usize {
    let read = |rel: &str| std::fs::read(public.join(rel)).unwrap_or_else(|_| panic!("{rel}"));
    let mut total = 0;
    for rel in [
        "search/index.html",
        "kiez.css",
        "search.js",
        "search/meta.json",
    ] {
        total += gzip_len(&read(rel));
    }
    for key in query_chunks {
        total += gzip_len(&read(&format!("search/i/{key}.json")));
    }
    for i in 0..results {
        total += gzip_len(&read(&format!("search/f/{i}.json")));
    }
    total
}

#[test]
fn example_site_search_stays_within_budget() {
    let (_out, target) = build_example();
    // "Nebenkosten Heizung": two chunks, ten result fragments.
    let bytes = query_transfer(&target, &["ne", "he"], 10);
    assert!(
        bytes < 100 * 1024,
        "search page + first query transfer {bytes} bytes"
    );
    // No bundle files the page never loads.
    let shipped: Vec<String> = std::fs::read_dir(target.join("search"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut shipped = shipped;
    shipped.sort();
    assert_eq!(shipped, vec!["f", "i", "index.html", "meta.json"]);
}

/// Serves `dir` on 127.0.0.1 (GET only, no directory escapes) until the
/// test ends; returns the base URL.
pub(crate) fn serve(dir: PathBuf) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut buf = [0u8; 4096];
                let n = stream.read(&mut buf).unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]);
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let path = path.split('?').next().unwrap().trim_start_matches('/');
                let mut file = dir.join(path);
                if path.contains("..") {
                    file = dir.join("404.html");
                }
                if file.is_dir() {
                    file = file.join("index.html");
                }
                let (status, body) = match std::fs::read(&file) {
                    Ok(b) => ("200 OK", b),
                    Err(_) => ("404 Not Found", Vec::new()),
                };
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("json") => "application/json",
                    Some("svg") => "image/svg+xml",
                    Some("png") => "image/png",
                    _ => "application/octet-stream",
                };
                let head = format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                stream.write_all(head.as_bytes()).ok();
                stream.write_all(&body).ok();
            });
        }
    });
    format!("http://{addr}")
}

/// Loads `url` in headless Chromium, lets scripts run, returns the DOM.
fn rendered_dom(chromium: &Path, url: &str, profile: &Path) -> Page {
    let out = std::process::Command::new(chromium)
        .args(crate::harness::CHROMIUM_FLAGS)
        .args(["--virtual-time-budget=10000", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .output()
        .expect("chromium runs");
    Page(scraper::Html::parse_document(&String::from_utf8_lossy(
        &out.stdout,
    )))
}

#[test]
fn german_queries_work_in_a_real_browser() {
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("public");
    assert!(kiez_in(
        root,
        &["build", "example-site", "-o", target.to_str().unwrap()]
    )
    .status
    .success());
    let base = serve(target);
    let profile = out.path().join("chromium-profile");
    let results = |q: &str| {
        let page = rendered_dom(&chromium, &format!("{base}/search/?q={q}"), &profile);
        (
            page.texts(".result h2 a"),
            page.texts(".result .excerpt mark"),
            page.texts(".result-type"),
        )
    };
    // Without the umlaut, as typed on a phone without German keyboard.
    let (titles, marks, kinds) = results("Heizkoerper");
    assert!(
        titles
            .iter()
            .any(|t| t == "Warum wird mein Heizkörper nicht warm?"),
        "{titles:?}"
    );
    assert!(
        marks.iter().any(|m| m.starts_with("Heizkörper")),
        "{marks:?}"
    );
    assert!(kinds.contains(&"Frage".to_string()));
    // With the umlaut.
    let (titles, _, _) = results("Heizk%C3%B6rper");
    assert!(
        titles
            .iter()
            .any(|t| t == "Warum wird mein Heizkörper nicht warm?"),
        "{titles:?}"
    );
    // A part of a compound.
    let (titles, _, _) = results("Kosten");
    assert!(
        titles
            .iter()
            .any(|t| t == "Wie lese ich meine Nebenkostenabrechnung?"),
        "{titles:?}"
    );
    let (titles, marks, _) = results("Schl%C3%BCssel");
    assert!(
        titles.iter().any(|t| t.contains("Haustürschlüssel")),
        "{titles:?}"
    );
    assert!(!marks.is_empty());
    // Two words must both match; nonsense finds nothing and says so.
    let page = rendered_dom(
        &chromium,
        &format!("{base}/search/?q=Xylophonkonzert"),
        &profile,
    );
    assert_eq!(page.count(".result"), 0);
    assert_eq!(
        page.text("#search-status"),
        "Keine Treffer. Versuchen Sie ein anderes Wort."
    );
}
