//! Reach and comments in a real browser (headless Chromium over the
//! DevTools protocol, only with Chromium installed; `KIEZ_E2E=1` makes it
//! required). A fake counter and a fake forum on 127.0.0.1 log every
//! connection they accept: the counter's script is fetched on a normal
//! visit and never when the browser sends Do Not Track (its own setting)
//! or exposes Global Privacy Control, or when the page is not on the
//! published host; the forum is contacted only after
//! the reader clicks "load comments".

pub(crate) mod cdp;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cdp::Chrome;

use crate::harness::TestSite;

/// A local HTTP server on a free port: serves files from `root` (when
/// given) or a tiny script, and logs each request line; a connection that
/// sends nothing is logged as `(connection)`.
struct Server {
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(root: Option<PathBuf>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, root) = (Arc::clone(&seen), root.clone());
                std::thread::spawn(move || answer(stream, root.as_deref(), &seen));
            }
        });
        Server { port, log }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Waits until a logged request line contains `path`.
    fn wait_for(&self, path: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.log().iter().any(|l| l.contains(path)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

fn answer(stream: TcpStream, root: Option<&Path>, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).ok();
    log.lock().unwrap().push(if line.is_empty() {
        "(connection)".into()
    } else {
        line.trim_end().to_string()
    });
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let path = line
        .split(' ')
        .nth(1)
        .unwrap_or("/")
        .split('?')
        .next()
        .unwrap();
    let (status, kind, body) = match root {
        Some(root) => {
            let mut file = root.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file = file.join("index.html");
            }
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("css") => "text/css",
                _ => "application/octet-stream",
            };
            match std::fs::read(&file) {
                Ok(body) => ("200 OK", kind, body),
                Err(_) => ("404 Not Found", "text/plain", b"not found".to_vec()),
            }
        }
        None => (
            "200 OK",
            "text/javascript",
            b"window.fakeServerScript = (window.fakeServerScript || 0) + 1;".to_vec(),
        ),
    };
    let mut stream = stream;
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok();
    stream.write_all(&body).ok();
}

/// A built site served on 127.0.0.1, with `extra` in its `kiez.yaml`
/// (`{counter}` and `{forum}` replaced by the fake servers' addresses).
struct Fixture {
    _site: TestSite,
    web: Server,
    counter: Server,
    forum: Server,
}

fn fixture(extra: &str) -> Fixture {
    let site = TestSite::new();
    let counter = Server::start(None);
    let forum = Server::start(None);
    // The site's server must know its port before the build names it.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let extra = extra
        .replace("{counter}", &counter.url())
        .replace("{forum}", &forum.url());
    site.file(
        "kiez.yaml",
        &format!("title: Testblatt\nbase_url: http://127.0.0.1:{port}/\nlanguage: de\n{extra}"),
    )
    .article("hof", "Hoffest", "2026-11-01", "", "Text.");
    site.build_ok();
    let web = Server::start_on(port, site.public());
    Fixture {
        _site: site,
        web,
        counter,
        forum,
    }
}

impl Server {
    fn start_on(port: u16, root: PathBuf) -> Server {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("the site's port is free");
        let log = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, root) = (Arc::clone(&seen), root.clone());
                std::thread::spawn(move || answer(stream, Some(&root), &seen));
            }
        });
        Server { port, log }
    }
}

const PLAUSIBLE: &str = "analytics:\n  provider: plausible\n  url: {counter}\n";

/// Visits the article in `chrome` and returns what the counter received.
fn visit(fixture: &Fixture, chrome: &mut Chrome) -> Vec<String> {
    let url = format!("{}/articles/hof/", fixture.web.url());
    chrome.open(&url);
    // The loader ran (or decided not to) before `load`; give a counter
    // request that would still be on its way a moment to arrive.
    std::thread::sleep(Duration::from_millis(500));
    fixture.counter.log()
}

#[test]
fn the_counter_script_loads_on_a_normal_visit() {
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    let fixture = fixture(PLAUSIBLE);
    let mut chrome = Chrome::start(&chromium, false);
    visit(&fixture, &mut chrome);
    assert!(
        fixture.counter.wait_for("GET /js/script.js "),
        "{:?}",
        fixture.counter.log()
    );
    assert_eq!(chrome.eval("window.fakeServerScript"), 1);
    // Plausible's script finds its domain on its own element.
    assert_eq!(
        chrome.eval("document.querySelector('script[data-domain]').dataset.domain"),
        "127.0.0.1"
    );
    assert_eq!(chrome.eval("document.cookie"), "");
    // Share and subscribe clicks become Plausible events (the fake script
    // leaves them in the queue the loader set up).
    let events = chrome.eval(
        "for (const a of document.querySelectorAll('.share a, .subscribe a')) { \
           a.addEventListener('click', e => e.preventDefault()); a.click(); } \
         JSON.stringify(plausible.q.map(e => [e[0], e[1].props.target]))",
    );
    let events: Vec<(String, String)> = serde_json::from_str(events.as_str().unwrap()).unwrap();
    assert!(
        events.contains(&("Share".into(), "facebook".into())),
        "{events:?}"
    );
    assert!(
        events.contains(&("Share".into(), "email".into())),
        "{events:?}"
    );
    assert!(
        events.contains(&("Subscribe".into(), "rss".into())),
        "{events:?}"
    );
    assert!(
        events.contains(&("Subscribe".into(), "json-feed".into())),
        "{events:?}"
    );
}

#[test]
fn a_copy_on_another_host_is_not_counted() {
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    let fixture = fixture(PLAUSIBLE);
    let mut chrome = Chrome::start(&chromium, false);
    // The same files, reached as localhost instead of the published
    // 127.0.0.1: a preview or a local check.
    let url = format!("http://localhost:{}/articles/hof/", fixture.web.port);
    chrome.open(&url);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(chrome.eval("typeof window.plausible"), "undefined");
    let log = fixture.counter.log();
    assert!(log.is_empty(), "the counter was contacted: {log:?}");
}

#[test]
fn do_not_track_keeps_the_counter_out() {
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    let fixture = fixture(PLAUSIBLE);
    let mut chrome = Chrome::start(&chromium, true);
    let log = visit(&fixture, &mut chrome);
    // The setting really reached the page; otherwise this proves nothing.
    assert_eq!(chrome.eval("navigator.doNotTrack"), "1");
    assert_eq!(
        chrome.eval("document.querySelectorAll('script[data-analytics]').length"),
        1
    );
    assert!(log.is_empty(), "the counter was contacted: {log:?}");
}

#[test]
fn global_privacy_control_keeps_the_counter_out() {
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    for provider in ["plausible", "goatcounter"] {
        let fixture = fixture(&PLAUSIBLE.replace("plausible", provider));
        let mut chrome = Chrome::start(&chromium, false);
        // What a browser with GPC switched on exposes to every page.
        chrome.call(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source":
                "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', \
                 { get: () => true, configurable: true });" }),
        );
        let log = visit(&fixture, &mut chrome);
        assert_eq!(chrome.eval("navigator.globalPrivacyControl"), true);
        assert!(
            log.is_empty(),
            "{provider}: the counter was contacted: {log:?}"
        );
    }
}

#[test]
fn forum_comments_load_only_after_the_click() {
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    let fixture = fixture("community:\n  discourse: {forum}/\n  embed: true\n");
    let mut chrome = Chrome::start(&chromium, false);
    visit(&fixture, &mut chrome);
    assert_eq!(
        chrome.eval("document.querySelector('.discussion-embed button').hidden"),
        false
    );
    std::thread::sleep(Duration::from_millis(500));
    assert!(fixture.forum.log().is_empty(), "{:?}", fixture.forum.log());
    chrome.eval("document.querySelector('.discussion-embed button').click()");
    assert!(
        fixture.forum.wait_for("GET /javascripts/embed.js "),
        "{:?}",
        fixture.forum.log()
    );
    assert_eq!(
        chrome.eval("DiscourseEmbed.discourseEmbedUrl"),
        format!("{}/articles/hof/", fixture.web.url())
    );
    assert_eq!(
        chrome.eval("DiscourseEmbed.discourseUrl"),
        format!("{}/", fixture.forum.url())
    );
    assert_eq!(
        chrome.eval("!!document.getElementById('discourse-comments')"),
        true
    );
}
