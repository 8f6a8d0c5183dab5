//! `kiez serve`: the real binary serving a temp site on a free port, live
//! reload over Server-Sent Events, build errors shown in the browser, and
//! what the server refuses to serve. A tiny HTTP client over `TcpStream`
//! keeps the dev-dependencies as they are. What the server does against
//! hostile clients (rebinding, slow clients, odd lengths) and byte ranges
//! are in `serve/hardening.rs`.
#![cfg(feature = "serve")]

mod hardening;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

use crate::harness::{TestSite, NOW};

/// How long an edit may take to show; generous for a loaded CI machine.
const WAIT: Duration = Duration::from_secs(10);

/// A running `kiez serve`, killed when dropped (also when a test fails).
struct Server {
    child: Child,
    addr: SocketAddr,
    stdout: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Server {
    /// Starts `kiez serve . --port 0` in `site` and waits for its URL.
    fn start(site: &TestSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kiez"))
            .args(["serve", ".", "--port", "0"])
            .current_dir(site.root())
            .env("SOURCE_DATE_EPOCH", NOW)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start kiez serve");
        let (tx, stdout) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        let mut server = Server {
            child,
            addr: "127.0.0.1:1".parse().unwrap(),
            stdout,
            stderr,
        };
        let line = server
            .wait_for_line("Serving at http://", Duration::from_secs(60))
            .unwrap_or_else(|| panic!("no URL printed; stderr:\n{}", server.stderr()));
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap();
        assert!(url.ends_with('/'), "{url}");
        server.addr = url["http://".len()..url.len() - 1].parse().unwrap();
        server
    }

    fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Waits for a stdout line containing `text`.
    fn wait_for_line(&self, text: &str, within: Duration) -> Option<String> {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let line = self.stdout.recv_timeout(left).ok()?;
            if line.contains(text) {
                return Some(line);
            }
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    fn request(&self, method: &str, target: &str) -> Reply {
        send(
            self.addr,
            &format!(
                "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.addr
            ),
        )
    }

    /// Polls `target` until `done` holds for its reply.
    fn poll(&self, target: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + WAIT;
        loop {
            let reply = self.get(target);
            if done(&reply) {
                return reply;
            }
            assert!(
                Instant::now() < deadline,
                "{target} did not change in {WAIT:?}; last reply {}:\n{}\nstderr:\n{}",
                reply.status,
                reply.text(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens the live-reload stream as the page of build `build` would.
    fn events(&self, build: &str) -> Events {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        write!(
            stream,
            "GET /__kiez/events?build={build} HTTP/1.1\r\nHost: {}\r\n\
             Accept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let head = head.to_ascii_lowercase();
        assert!(head.contains("content-type: text/event-stream"), "{head}");
        assert!(head.contains("transfer-encoding: chunked"), "{head}");
        Events {
            reader,
            pending: String::new(),
        }
    }

    /// Still running (not exited on a bad edit)?
    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

/// A parsed HTTP response.
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn html(&self) -> Html {
        Html::parse_document(&self.text())
    }
}

/// Sends a raw request and reads the whole response (the request asks the
/// server to close the connection afterwards).
fn send(addr: SocketAddr, raw: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(&bytes)));
    let head = String::from_utf8(bytes[..split].to_vec()).unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        head,
        body: bytes[split + 4..].to_vec(),
    }
}

/// A live-reload connection. The stream has no length, so HTTP/1.1
/// sends it in chunks; `pending` holds decoded text not yet an event.
struct Events {
    reader: BufReader<TcpStream>,
    pending: String,
}

impl Events {
    /// The next event's name and data, or `None` after `within`.
    fn next(&mut self, within: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let frame: String = self.pending.drain(..end + 2).collect();
                let (mut event, mut data) = (String::new(), String::new());
                for line in frame.lines() {
                    if let Some(name) = line.strip_prefix("event: ") {
                        event = name.to_string();
                    } else if let Some(value) = line.strip_prefix("data: ") {
                        data = value.to_string();
                    }
                }
                // Events have a name; heartbeats are bare comments.
                if !event.is_empty() {
                    return Some((event, data));
                }
                continue;
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            self.reader
                .get_ref()
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .unwrap();
            self.read_chunk()?;
        }
    }

    /// Reads one chunk of the chunked transfer coding into `pending`.
    fn read_chunk(&mut self) -> Option<()> {
        let mut size = String::new();
        if self.reader.read_line(&mut size).ok()? == 0 {
            return None;
        }
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        if size == 0 {
            return None;
        }
        // The data, then the CRLF that ends every chunk.
        let mut bytes = vec![0; size + 2];
        self.reader.read_exact(&mut bytes).ok()?;
        self.pending
            .push_str(std::str::from_utf8(&bytes[..size]).ok()?);
        Some(())
    }

    /// Waits for event `name`, skipping others; returns its data.
    fn wait_for(&mut self, name: &str) -> serde_json::Value {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        loop {
            let left = deadline.checked_duration_since(Instant::now());
            match left.and_then(|left| self.next(left)) {
                Some((event, data)) if event == name => {
                    return serde_json::from_str(&data).unwrap();
                }
                Some(other) => seen.push(other),
                None => panic!("no `{name}` event within {WAIT:?}; got {seen:?}"),
            }
        }
    }
}

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
    // Share cards come from kiez's cache folder, also served.
    let card = select(&html, "meta[property='og:image']")[0]
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    let card = server.get(&format!("/{}", card.strip_prefix(&server.url()).unwrap()));
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
    let data = events.wait_for("reload");
    let new_build = data["build"].as_str().unwrap().to_string();
    assert_ne!(new_build, build);
    let reply = server.get("/articles/a/");
    assert!(reply.text().contains("Zweiter Stand."));
    assert_eq!(page_build(&reply), new_build);
    server
        .wait_for_line("Rebuilt after a change to content/articles/a.md", WAIT)
        .expect("rebuild note");
    // A page still showing an older build catches up when it connects.
    assert_eq!(
        server.events(&build).next(WAIT).unwrap(),
        (
            "reload".to_string(),
            format!("{{\"build\":\"{new_build}\"}}")
        )
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
    assert!(server.stderr().contains("is not a valid date"));
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
    let server = Server::start(&site);
    assert_eq!(server.get("/ok.txt").text(), "fine");
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

/// Headless Chromium, killed when dropped.
struct Browser {
    child: Child,
    /// The DevTools HTTP endpoint.
    devtools: SocketAddr,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Browser {
    /// Opens `url` in headless Chromium with DevTools on a free port.
    fn open(chromium: &std::path::Path, url: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(chromium)
            .args(crate::harness::CHROMIUM_FLAGS)
            .arg("--remote-debugging-port=0")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // Chromium writes the port it chose into the profile.
        let file = profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + WAIT * 3;
        let port: u16 = loop {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            if let Some(port) = text.lines().next().and_then(|l| l.trim().parse().ok()) {
                break port;
            }
            assert!(Instant::now() < deadline, "chromium did not start");
            std::thread::sleep(Duration::from_millis(50));
        };
        Browser {
            child,
            devtools: SocketAddr::from(([127, 0, 0, 1], port)),
            _profile: profile,
        }
    }

    /// Title of the open tab showing a page under `url`, from DevTools'
    /// target list: enough to see a reload without a WebSocket client.
    fn title(&self, url: &str) -> Option<String> {
        let mut stream = TcpStream::connect(self.devtools).ok()?;
        stream.set_read_timeout(Some(WAIT)).ok()?;
        stream
            .write_all(b"GET /json/list HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .ok()?;
        let mut reader = BufReader::new(stream);
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).ok()?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().ok()?;
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        let targets: Vec<serde_json::Value> = serde_json::from_slice(&body).ok()?;
        targets
            .iter()
            .find(|t| t["type"] == "page" && t["url"].as_str().is_some_and(|u| u.starts_with(url)))
            .and_then(|t| t["title"].as_str())
            .map(str::to_string)
    }

    /// Waits until the tab's title contains `text`.
    fn wait_for_title(&self, url: &str, text: &str) -> String {
        let deadline = Instant::now() + WAIT * 3;
        loop {
            let title = self.title(url).unwrap_or_default();
            if title.contains(text) {
                return title;
            }
            assert!(
                Instant::now() < deadline,
                "the page's title stayed `{title}`, never showing `{text}`"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
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
