//! `kiez serve`: the real binary serving a temp site on a free port, live
//! reload over Server-Sent Events, build errors shown in the browser, and
//! what the server refuses to serve, through the small client in
//! `serve/client.rs`. What the server does against hostile clients
//! (rebinding, slow clients, odd lengths) and byte ranges are in
//! `serve/hardening.rs`.
#![cfg(feature = "serve")]

mod browser;
mod client;
mod hardening;

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

use crate::harness::TestSite;
use browser::Browser;
use client::{Reply, Server, WAIT};

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

/// The build id a page was served from, as its reload script sends it.
fn page_build(reply: &Reply) -> String {
    let html = reply.html();
    let scripts = select(&html, "script[data-kiez-build]");
    assert_eq!(scripts.len(), 1, "one reload script per page");
    scripts[0]
        .value()
        .attr("data-kiez-build")
        .unwrap()
        .to_string()
}

fn site_with_article() -> TestSite {
    let site = TestSite::new();
    site.article("a", "Hoffest", "2026-06-01", "", "Erster Stand.");
    site
}

/// Pages asked for while the first build runs are rendered at once, as
/// that build renders them: the answer before the build is done is the
/// answer after, byte for byte, and no open page is told to reload.
#[test]
fn pages_are_served_before_the_first_build_is_done() {
    let site = TestSite::new();
    for n in 0..150 {
        let body = format!("## Teil {n}\n\nText über den Hof, Absatz {n}.\n\n- eins\n- zwei\n");
        let date = format!("2026-0{}-{:02}", 1 + n % 9, 1 + n % 28);
        site.article(
            &format!("a{n}"),
            &format!("Artikel {n}"),
            &date,
            "tags: [hof]\n",
            &body,
        );
    }
    let server = Server::start_early(&site);
    let targets = [
        "/articles/",
        "/articles/a7/",
        "/tags/hof/page/2/",
        "/kiez.css",
    ];
    let early: Vec<Reply> = targets.iter().map(|t| server.get(t)).collect();
    let build = page_build(&early[0]);
    // Build ids end in the build's number; 0 is the first build's early
    // answers, which the finished build keeps when it changes none.
    assert!(build.ends_with("-0"), "served early, as build {build}");
    let mut events = server.events_of(&build, "%2Farticles%2Fa7%2F");
    assert_eq!(
        events.next(WAIT).unwrap().0,
        "ok",
        "up to date on connecting"
    );
    assert!(
        server.wait_for_line("Built ", WAIT * 6).is_some(),
        "{}",
        server.stderr()
    );
    for (target, before) in targets.iter().zip(&early) {
        assert_eq!(before.status, 200, "{target}");
        let after = server.get(target);
        assert!(
            after.body == before.body,
            "{target} changed when the build was done"
        );
    }
    let h1: Vec<String> = select(&early[1].html(), "h1")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(h1, ["Artikel 7"]);
    let cards = select(&early[2].html(), "main a[href*='/articles/a']").len();
    assert!(cards >= 10, "page 2 of the tag lists articles: {cards}");
    // The finished build changed nothing the open page shows.
    assert_eq!(events.next(WAIT).unwrap().0, "ok");
    assert_eq!(events.next(Duration::from_millis(500)), None);
}

#[test]
fn serves_pages_built_for_its_own_address_from_memory() {
    let site = site_with_article();
    let server = Server::start(&site);
    let reply = server.get("/articles/a/");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    let html = reply.html();
    let h1: Vec<String> = select(&html, "h1")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(h1, ["Hoffest"]);
    let canonical = select(&html, "link[rel=canonical]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(canonical, format!("{}articles/a/", server.url()));
    // Share cards come from kiez's cache folder, also served; the first
    // build's are drawn just after its pages are served.
    let card = select(&html, "meta[property='og:image']")[0]
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    let card = format!("/{}", card.strip_prefix(&server.url()).unwrap());
    let started = Instant::now();
    let card = loop {
        let reply = server.get(&card);
        if reply.status == 200 || started.elapsed() > WAIT {
            break reply;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(card.status, 200);
    assert_eq!(card.header("Content-Type").as_deref(), Some("image/png"));
    // The script sits inside <body>, after the page's own content.
    assert!(reply.text().contains("</script></body>"));
    page_build(&reply);
    // Only HTML gets the script.
    assert!(!server.get("/kiez.css").text().contains("data-kiez-build"));
    assert!(!site.public().exists(), "serve must not write public/");
}

#[test]
fn an_edit_is_served_and_announced() {
    let site = site_with_article();
    let server = Server::start(&site);
    let build = page_build(&server.get("/articles/a/"));
    let mut events = server.events(&build);
    // A page that is up to date is told so on connecting.
    assert_eq!(events.next(WAIT).unwrap().0, "ok");
    site.article("a", "Hoffest", "2026-06-01", "", "Zweiter Stand.");
    // The edited page is announced as soon as it is served, ahead of the
    // lists that show it, which may follow with a build of their own.
    let data = events.wait_for("reload");
    assert_ne!(data["build"].as_str().unwrap(), build);
    // First as the dev server's preview, rendered against the last build
    // (its build id ends in `p`).
    assert!(data["build"].as_str().unwrap().ends_with('p'), "{data}");
    let reply = server.get("/articles/a/");
    assert!(reply.text().contains("Zweiter Stand."));
    server
        .wait_for_line("Rebuilt after a change to content/articles/a.md", WAIT)
        .expect("rebuild note");
    let new_build = page_build(&server.get("/articles/a/"));
    assert_ne!(new_build, build);
    // A page still showing an older build catches up when it connects.
    assert_eq!(
        server.events(&build).next(WAIT).unwrap(),
        (
            "reload".to_string(),
            format!("{{\"build\":\"{new_build}\"}}")
        )
    );
}

/// Open pages say which page they are; an edit reloads the pages it
/// changed, and only tells the others that the site builds.
#[test]
fn an_edit_reloads_only_the_pages_it_changed() {
    let site = site_with_article();
    site.file(
        "content/pages/impressum.md",
        "---\ntitle: Impressum\n---\nHof 1.\n",
    );
    let server = Server::start(&site);
    let build = page_build(&server.get("/articles/a/"));
    let mut article = server.events_of(&build, "%2Farticles%2Fa%2F");
    let mut imprint = server.events_of(&build, "%2Fimpressum%2F");
    assert_eq!(article.next(WAIT).unwrap().0, "ok");
    assert_eq!(imprint.next(WAIT).unwrap().0, "ok");
    site.article("a", "Hoffest", "2026-06-01", "", "Erster Stand.\n\nMehr.");
    article.wait_for("reload");
    server
        .wait_for_line("Rebuilt after a change to content/articles/a.md", WAIT)
        .expect("rebuild note");
    let mut told = Vec::new();
    while let Some((event, _)) = imprint.next(Duration::from_millis(300)) {
        told.push(event);
    }
    assert!(
        !told.is_empty() && told.iter().all(|e| e == "ok"),
        "{told:?}"
    );
}

#[test]
fn an_edited_page_served_early_is_taken_back_when_the_rest_of_the_build_fails() {
    let site = site_with_article();
    // Only the term page of the tag `Boom` fails, after the article's page
    // has been rendered and served.
    site.file(
        "templates/taxonomy_term.html",
        "{% extends \"base.html\" %}{% block content %}{% if term.name == \"Boom\" %}{{ nope.nope }}{% endif %}{% endblock content %}",
    );
    let server = Server::start(&site);
    let build = page_build(&server.get("/articles/a/"));
    let mut events = server.events(&build);
    site.article(
        "a",
        "Hoffest",
        "2026-06-01",
        "tags: [Boom]\n",
        "Neuer Stand.",
    );
    let overlay = events.wait_for("failed")["html"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(overlay.contains("nope.nope"), "{overlay}");
    let text = server.get("/articles/a/").text();
    assert!(
        text.contains("Erster Stand.") && !text.contains("Neuer Stand."),
        "the last good page is served again"
    );
}

#[test]
fn a_stylesheet_change_swaps_styles_without_a_reload() {
    let site = site_with_article();
    site.file("static/extra.css", "p { color: red }");
    let server = Server::start(&site);
    let build = page_build(&server.get("/"));
    let mut events = server.events(&build);
    site.file("static/extra.css", "p { color: blue }");
    assert!(events.wait_for("css")["build"].is_string());
    assert_eq!(server.get("/extra.css").text(), "p { color: blue }");
}

#[test]
fn a_broken_edit_shows_the_error_and_keeps_the_last_good_page() {
    let site = site_with_article();
    let mut server = Server::start(&site);
    let build = page_build(&server.get("/articles/a/"));
    let mut events = server.events(&build);
    site.article("a", "Hoffest", "<script>x</script>", "", "Kaputt.");

    let overlay = events.wait_for("failed")["html"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        overlay.contains(
            "articles/a.md:3: key `date`: `&lt;script&gt;x&lt;/script&gt;` is not a valid date"
        ),
        "{overlay}"
    );
    assert!(!overlay.contains("<script>x"), "{overlay}");

    // The last good page is still served, now with the overlay on it.
    let reply = server.get("/articles/a/");
    assert_eq!(reply.status, 200);
    let text = reply.text();
    assert!(text.contains("Erster Stand.") && !text.contains("Kaputt."));
    let html = reply.html();
    let shown: String = select(&html, "#kiez-overlay pre")[0].text().collect();
    assert!(
        shown.contains("`<script>x</script>` is not a valid date"),
        "{shown}"
    );
    assert!(
        server.stderr_shows("is not a valid date"),
        "{}",
        server.stderr()
    );
    assert!(server.alive());

    site.article("a", "Hoffest", "2026-06-01", "", "Repariert.");
    events.wait_for("reload");
    let reply = server.get("/articles/a/");
    assert!(reply.text().contains("Repariert."));
    assert!(select(&reply.html(), "#kiez-overlay").is_empty());
}

#[test]
fn a_site_that_never_built_gets_an_error_page_until_it_does() {
    let site = TestSite::new();
    site.article("a", "Hoffest", "2026-13-45", "", "Erster Stand.");
    let server = Server::start(&site);
    let reply = server.get("/articles/a/");
    assert_eq!(reply.status, 500);
    let html = reply.html();
    let shown: String = select(&html, "#kiez-overlay pre")[0].text().collect();
    assert!(shown.contains("articles/a.md:3: key `date`"), "{shown}");
    page_build(&reply);

    site.article("a", "Hoffest", "2026-06-01", "", "Erster Stand.");
    let reply = server.poll("/articles/a/", |r| r.status == 200);
    assert!(reply.text().contains("Erster Stand."));
}

#[test]
fn deletes_renames_and_editor_files_do_not_stop_the_server() {
    let site = site_with_article();
    site.file(
        "content/articles/b/index.md",
        "---\ntitle: Bündel\ndate: 2026-05-01\n---\nMit Bild.\n",
    );
    site.bytes("content/articles/b/foto.png", &crate::harness::png(4, 4));
    let mut server = Server::start(&site);
    assert_eq!(server.get("/articles/b/foto.png").status, 200);

    // Editor leftovers next to content are no content.
    site.file("content/articles/.a.md.swp", "binary junk");
    site.file("content/articles/a.md~", "---\nnot: valid");
    site.file("content/articles/4913", "");
    std::fs::remove_file(site.root().join("content/articles/4913")).unwrap();

    std::fs::rename(
        site.root().join("content/articles/b"),
        site.root().join("content/articles/c"),
    )
    .unwrap();
    server.poll("/articles/c/foto.png", |r| r.status == 200);
    assert_eq!(server.get("/articles/b/").status, 404);

    std::fs::remove_file(site.root().join("content/articles/a.md")).unwrap();
    server.poll("/articles/a/", |r| r.status == 404);

    // Renaming the whole content folder away and back.
    std::fs::rename(site.root().join("content"), site.root().join("inhalt")).unwrap();
    server.poll("/articles/c/", |r| r.status == 404);
    std::fs::rename(site.root().join("inhalt"), site.root().join("content")).unwrap();
    server.poll("/articles/c/", |r| r.status == 200);
    site.article("a", "Zurück", "2026-06-01", "", "Wieder da.");
    server.poll("/articles/a/", |r| r.text().contains("Wieder da."));
    assert!(server.alive());
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
}

#[test]
fn nothing_outside_the_output_can_be_read() {
    let site = site_with_article();
    site.file("static/ok.txt", "fine");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP-SECRET").unwrap();
    let server = Server::start(&site);
    assert_eq!(server.get("/ok.txt").text(), "fine");
    // Linked only now: a build with a link out of the site fails (see
    // output_safety.rs), and the last good build must not serve it either.
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(
            outside.path().join("secret.txt"),
            site.root().join("static/leak.txt"),
        )
        .unwrap();
        symlink(outside.path(), site.root().join("static/outside")).unwrap();
    }
    for target in [
        "/../kiez.yaml",
        "/articles/../../kiez.yaml",
        "/%2e%2e/kiez.yaml",
        "/%2E%2E%2Fkiez.yaml",
        "/%252e%252e/kiez.yaml",
        "/%252e%252e%252fkiez.yaml",
        "/..%5ckiez.yaml",
        "/..\\kiez.yaml",
        "/articles\\..\\..\\kiez.yaml",
        "/kiez.yaml%00.html",
        "//etc/passwd",
        "/../../../../../../etc/passwd",
        "/kiez.yaml",
        "/content/articles/a.md",
        "/static/ok.txt",
        "/leak.txt",
        "/outside/secret.txt",
        "/.kiez-cache/",
    ] {
        let reply = server.get(target);
        // 400: hyper refuses some of these as malformed before kiez sees them.
        assert!(
            [400, 403, 404].contains(&reply.status),
            "{target}: {}",
            reply.status
        );
        let text = reply.text();
        assert!(
            !text.contains("TOP-SECRET") && !text.contains("base_url") && !text.contains("root:"),
            "{target} leaked:\n{text}"
        );
    }
    let post = server.request("POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("Allow").as_deref(), Some("GET, HEAD"));
}

#[test]
fn files_have_their_content_type_and_head_works() {
    let site = site_with_article();
    site.file(
        "content/events/fest.md",
        "---\ntitle: Fest\nstart: 2026-12-01T18:00\n---\nKommt!\n",
    );
    let png = crate::harness::png(2, 2);
    for (name, bytes) in [
        ("x.png", png.clone()),
        ("x.jpg", b"\xff\xd8\xff".to_vec()),
        ("x.webp", b"RIFF".to_vec()),
        ("x.avif", b"avif".to_vec()),
        ("x.gif", b"GIF89a".to_vec()),
        ("x.pdf", b"%PDF-1.4".to_vec()),
        ("x.woff2", b"wOF2".to_vec()),
        ("x.txt", b"text".to_vec()),
        (
            "x.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
        ),
        ("x.js", b"let x;".to_vec()),
        ("x.json", b"{}".to_vec()),
    ] {
        site.bytes(&format!("static/{name}"), &bytes);
    }
    let server = Server::start(&site);
    for (target, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/kiez.css", "text/css; charset=utf-8"),
        ("/x.js", "text/javascript; charset=utf-8"),
        ("/x.json", "application/json"),
        ("/feed.json", "application/json"),
        ("/rss.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/events/calendar.ics", "text/calendar; charset=utf-8"),
        ("/x.svg", "image/svg+xml"),
        ("/x.png", "image/png"),
        ("/x.jpg", "image/jpeg"),
        ("/x.webp", "image/webp"),
        ("/x.avif", "image/avif"),
        ("/x.gif", "image/gif"),
        ("/x.pdf", "application/pdf"),
        ("/x.woff2", "font/woff2"),
        ("/x.txt", "text/plain; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let get = server.get(target);
        assert_eq!(get.status, 200, "{target}");
        assert_eq!(
            get.header("Content-Type").as_deref(),
            Some(expected),
            "{target}"
        );
        let head = server.request("HEAD", target);
        assert_eq!(head.status, 200, "{target}");
        assert!(head.body.is_empty(), "HEAD {target} has a body");
        assert_eq!(
            head.header("Content-Length"),
            Some(get.body.len().to_string()),
            "{target}"
        );
    }
    assert_eq!(server.get("/x.png").body, png);
}

/// The server holds text files packed; each kind must reach the client
/// whole, as `kiez build` writes it.
#[test]
fn text_files_held_packed_are_served_whole() {
    let site = site_with_article();
    site.file(
        "content/events/fest.md",
        "---\ntitle: Fest\nstart: 2026-12-01T18:00\n---\nKommt!\n",
    );
    let server = Server::start(&site);
    let feed: serde_json::Value = serde_json::from_str(&server.get("/feed.json").text()).unwrap();
    let titles: Vec<&str> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|item| item["title"].as_str())
        .collect();
    assert!(titles.contains(&"Hoffest"), "{titles:?}");
    let rss = server.get("/rss.xml").text();
    let rss = roxmltree::Document::parse(&rss).unwrap();
    assert!(rss
        .descendants()
        .any(|n| n.has_tag_name("title") && n.text() == Some("Hoffest")));
    let ics = server.get("/events/calendar.ics").text();
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let summary = calendar.events[0]
        .properties
        .iter()
        .find(|p| p.name == "SUMMARY")
        .and_then(|p| p.value.clone());
    assert_eq!(summary.as_deref(), Some("Fest"));
    // Files that do not name the server's address are the built bytes.
    let search = server.poll("/search/meta.json", |reply| reply.status == 200);
    let served: Vec<Vec<u8>> = ["/kiez.css", "/search/f/0.json"]
        .iter()
        .map(|target| server.get(target).body)
        .chain([search.body])
        .collect();
    drop(server);
    site.build_ok();
    for (path, served) in ["kiez.css", "search/f/0.json", "search/meta.json"]
        .iter()
        .zip(served)
    {
        assert_eq!(
            std::fs::read(site.public().join(path)).unwrap(),
            served,
            "{path}"
        );
    }
}

#[test]
fn folders_redirect_to_their_slash_and_unknown_paths_get_the_404_page() {
    let site = site_with_article();
    let server = Server::start(&site);
    let reply = server.get("/articles/a");
    assert_eq!(reply.status, 308);
    assert_eq!(reply.header("Location").as_deref(), Some("/articles/a/"));
    let reply = server.get("/articles/a?x=1");
    assert_eq!(
        reply.header("Location").as_deref(),
        Some("/articles/a/?x=1")
    );

    let reply = server.get("/gibt-es-nicht/");
    assert_eq!(reply.status, 404);
    let html = reply.html();
    let h1: String = select(&html, "h1")[0].text().collect();
    assert_eq!(h1, "Seite nicht gefunden");
    // The 404 page reloads on edits like any other page.
    page_build(&reply);
    assert_eq!(server.request("HEAD", "/gibt-es-nicht").status, 404);
}

#[test]
fn a_taken_port_is_a_usage_error_naming_a_free_one() {
    let site = site_with_article();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    // Spawned rather than run to the end, so a server that starts anyway
    // fails the test instead of hanging it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiez"))
        .args(["serve", ".", "--port", &port])
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("kiez serve did not stop on a taken port");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(2));
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        stderr.contains(&format!(
            "port {port} on 127.0.0.1 is already in use; try --port "
        )),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = site_with_article();
    let mut server = Server::start(&site);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + WAIT;
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "still running after SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}\n{}", server.stderr());
    assert!(server.wait_for_line("Stopped.", WAIT).is_some());
    assert!(!site.public().exists());
}

/// The whole loop in a real browser: an open page, an edit on disk, and
/// the page showing the edit without anyone touching the browser.
#[test]
fn a_page_open_in_chromium_reloads_itself_after_an_edit() {
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    let site = site_with_article();
    let server = Server::start(&site);
    let url = format!("{}articles/a/", server.url());
    let browser = Browser::open(&chromium, &url);
    browser.wait_for_title(&url, "Hoffest");
    site.article("a", "Hoffest im Herbst", "2026-06-01", "", "Zweiter Stand.");
    browser.wait_for_title(&url, "Hoffest im Herbst");
    // And back: the live-reload connection survives its own reload.
    site.article("a", "Hofflohmarkt", "2026-06-01", "", "Dritter Stand.");
    browser.wait_for_title(&url, "Hofflohmarkt");
}
