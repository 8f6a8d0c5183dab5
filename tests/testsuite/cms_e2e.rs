//! End to end: Decap CMS, configured by `kiez cms init`, in headless
//! Chromium. Installs Decap CMS, its local proxy backend and puppeteer-core
//! from npm (versions pinned in `tests/e2e-cms/package-lock.json`), serves a
//! fixture site with `kiez serve` and the proxy over a temporary copy,
//! creates an article, a monthly event and a FAQ answer through the forms
//! (`tests/e2e-cms/drive.mjs`), then builds and checks the site. Runs only
//! with `KIEZ_E2E=1` (as `.ci/run` sets), since it downloads from npm;
//! `KIEZ_SCREENSHOTS=DIR` keeps the editor's screenshots for the docs.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{kiez_in, TestSite};

/// Kills a background process when the test ends, passed or not.
struct Background(Child);

impl Drop for Background {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `tests/e2e-cms` with its packages installed (once; `npm ci` from the
/// lock file).
fn packages() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e-cms");
    if !dir
        .join("node_modules/decap-cms/dist/decap-cms.js")
        .is_file()
    {
        let status = Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("npm is installed (.ci/run installs it)");
        assert!(status.success(), "npm ci failed");
    }
    dir
}

fn site(script: &str, png: &[u8]) -> TestSite {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!("{}cms:\n  script_url: {script}\n", crate::harness::CONFIG),
    );
    site.article(
        "erster",
        "Erster Beitrag",
        "2026-01-01",
        "description: Der erste.\ncategories: [Hof]\n",
        "Text",
    );
    site.file(
        "content/faq/haus/_category.yaml",
        "title: Rund ums Haus\norder: 1\n",
    );
    site.file(
        "content/faq/haus/muell.md",
        "---\ntitle: Wann wird der Müll abgeholt?\norder: 1\n---\nDienstags.\n",
    );
    site.bytes("upload/hof.png", png);
    site
}

#[test]
fn an_editor_creates_an_article_and_an_event_in_decap_cms() {
    if std::env::var_os("KIEZ_E2E").is_none() {
        eprintln!("skipped: set KIEZ_E2E=1 to install Decap CMS from npm and drive it in Chromium");
        return;
    }
    let Some(chromium) = crate::harness::chromium() else {
        return;
    };
    let packages = packages();
    let site = site("/admin/decap/decap-cms.js", &crate::harness::png(1200, 630));
    let root = site.root();
    // The proxy works on a git checkout, as editors' sites are.
    let git = Command::new("git")
        .args(["init", "-q", "."])
        .current_dir(root)
        .status();
    assert!(git.is_ok_and(|s| s.success()), "git init");
    let out = kiez_in(root, &["cms", "init", "."]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The CMS is served by the site itself (`cms.script_url`): no CDN.
    let dist = packages.join("node_modules/decap-cms/dist");
    std::fs::create_dir_all(root.join("static/admin/decap")).unwrap();
    for entry in std::fs::read_dir(&dist).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with("decap-cms.js") {
            std::fs::copy(
                dist.join(&name),
                root.join("static/admin/decap").join(&name),
            )
            .unwrap();
        }
    }
    // The proxy on a free port rather than Decap's default 8081.
    let proxy_port = free_port();
    let config = root.join("static/admin/config.yml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "local_backend: true",
        &format!("local_backend:\n  url: http://localhost:{proxy_port}/api/v1"),
    );
    std::fs::write(&config, text).unwrap();

    let _proxy = Background(
        Command::new("node")
            .arg(packages.join("node_modules/decap-server/dist/index.js"))
            .env("PORT", proxy_port.to_string())
            .env("GIT_REPO_DIRECTORY", root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("node is installed"),
    );
    let serve_port = free_port();
    let _serve = Background(
        Command::new(env!("CARGO_BIN_EXE_kiez"))
            .args(["serve", ".", "--port", &serve_port.to_string()])
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for(proxy_port, "decap-server");
    wait_for(serve_port, "kiez serve");

    let shots = match std::env::var_os("KIEZ_SCREENSHOTS") {
        Some(dir) => PathBuf::from(dir),
        None => root.join("screenshots"),
    };
    std::fs::create_dir_all(&shots).unwrap();
    let driven = Command::new("node")
        .arg(packages.join("drive.mjs"))
        .arg(&chromium)
        .arg(format!("http://127.0.0.1:{serve_port}/admin/"))
        .arg(root.join("upload/hof.png"))
        .arg(&shots)
        .current_dir(&packages)
        .output()
        .unwrap();
    assert!(
        driven.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&driven.stdout),
        String::from_utf8_lossy(&driven.stderr)
    );
    check_what_the_editor_wrote(&site);
}

fn check_what_the_editor_wrote(site: &TestSite) {
    // The image went beside the article's index.md (a page bundle).
    let bundle = std::fs::read_dir(site.root().join("content/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("index.md").is_file())
        .expect("the article is a bundle");
    assert!(bundle.join("hof.png").is_file());

    let strict = site.kiez(&["check", ".", "--strict"]);
    assert!(
        strict.status.success(),
        "{}",
        String::from_utf8_lossy(&strict.stdout)
    );
    site.build_ok();
    // The URL is made the kiez way from the umlaut file name.
    let article = site.html("articles/neue-fahrradstaender-im-hof/index.html");
    assert_eq!(article.text("h1"), "Neue Fahrradständer im Hof");
    assert!(article
        .attrs("img", "alt")
        .contains(&"Neue Fahrradständer vor Haus 3".to_string()));
    assert!(site.exists("tags/fahrrad/index.html"));
    let event = site.html("events/mietercafe/index.html");
    assert_eq!(event.text("h1"), "Mietercafé");
    let ics = site.read("events/mietercafe.ics");
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let rrule = calendar.events[0]
        .properties
        .iter()
        .find(|p| p.name == "RRULE")
        .and_then(|p| p.value.clone());
    assert_eq!(rrule.as_deref(), Some("FREQ=MONTHLY;BYDAY=2TU"));
    let faq = site.html("faq/haus/wo-steht-der-fahrradkeller/index.html");
    assert_eq!(faq.text("h1"), "Wo steht der Fahrradkeller?");
}
