//! `kiez check`: a fixture site with one planted problem per editorial
//! check, run through the real binary. Asserts the exact text lines, the
//! exit codes with and without `--strict`, the JSON document parsed back,
//! the GitHub annotations, and that `check:` in `kiez.yaml` switches a
//! check off.

use crate::harness::{png, TestSite};

/// The fixture: a clean article that others link to, then one file per
/// problem ("now" is 2026-11-24).
fn planted() -> TestSite {
    let site = TestSite::new();
    site.article(
        "gut",
        "Hoffest im Juni",
        "2026-06-01",
        "description: Alles zum Hoffest.\n",
        "Einleitung.\n\n## Wann\n\nAm Samstag.",
    );
    // internal_links, anchors, link_text, image_alt (inline), heading_levels
    site.article(
        "links",
        "Links und Bilder",
        "2026-06-02",
        "description: Ein Artikel voller Fehler.\n",
        "Siehe [das Hoffest](gut.md#wo) und [den Plan](/downloads/plan.pdf).\n\n\
         Mehr [hier](gut.md), ![](/images/foto.png) und [den Abschnitt](#teil-eins).\n\n\
         ## Teil eins\n\n#### Zu tief\n",
    );
    site.bytes("static/images/foto.png", &png(8, 8));
    // description
    site.article("ohne", "Ohne Beschreibung", "2026-06-03", "", "Text.");
    // title_length, description_length
    site.article(
        "lang",
        &format!("Ein sehr langer Titel{}", " und noch mehr".repeat(5)),
        "2026-06-04",
        &format!("description: \"{}\"\n", "Viel zu lang. ".repeat(16)),
        "Text.",
    );
    // cover_size, image_alt (cover)
    site.file(
        "content/articles/cover/index.md",
        "---\ntitle: Mit Titelbild\ndate: 2026-06-05\ndescription: Klein.\nimage: titelbild.png\n---\nText.\n",
    );
    site.bytes("content/articles/cover/titelbild.png", &png(600, 315));
    // duplicate_titles
    site.file(
        "content/pages/hoffest.md",
        "---\ntitle: Hoffest im  juni\n---\nDie Seite.\n",
    );
    // event_place
    site.file(
        "content/events/treffen.md",
        "---\ntitle: Treffen\nstart: 2026-12-10T18:00\n---\nWir treffen uns.\n",
    );
    // registration_deadline
    site.file(
        "content/events/fest.md",
        "---\ntitle: Winterfest\nstart: 2026-12-20T15:00\nlocation: {name: Hof}\nregistration:\n  url: https://anmeldung.example/\n  deadline: 2026-11-01\n---\nKommt alle.\n",
    );
    // faq_age
    site.file(
        "content/faq/heizung/kalt.md",
        "---\ntitle: Die Heizung bleibt kalt\nupdated: 2024-01-10\n---\nEntlüften.\n",
    );
    // a build warning: a loose file nobody lists
    site.file("content/articles/notiz.txt", "vergessen");
    site
}

/// Every finding of the fixture, in the order `kiez check` prints them.
const EXPECTED: &[&str] = &[
    "content/articles/cover/index.md:5: warning: image `titelbild.png` is 600×315; link previews look best at 1200×630 or larger (use an image of at least 1200×630 pixels, or leave `image:` out to get a generated share card) [cover_size]",
    "content/articles/cover/index.md:5: warning: cover image `titelbild.png` has no `image_alt:` (describe what the image shows, for readers who cannot see it) [image_alt]",
    "content/articles/lang.md:2: warning: title has 91 characters; link previews cut it after about 70 (shorten it to 70 characters or fewer) [title_length]",
    "content/articles/lang.md:4: warning: description has 224 characters; link previews cut it after about 200 (shorten it to 200 characters or fewer) [description_length]",
    "content/articles/links.md:6:7: warning: link `gut.md#wo`: no heading or element there has the id `wo` (headings there: #wann) [anchors]",
    "content/articles/links.md:6:36: warning: link `/downloads/plan.pdf` points to no page or file of this site (link other content by its file, e.g. ../events/sommerfest.md, and files in static/ by their path, e.g. /downloads/x.pdf) [internal_links]",
    "content/articles/links.md:8:6: warning: link text `hier` says nothing about where the link goes (name the target, e.g. [die Hausordnung](…) instead of [hier](…); screen readers list links by their text) [link_text]",
    "content/articles/links.md:8:22: warning: image `/images/foto.png` has no alternative text (describe what it shows between the brackets: ![Tische im Innenhof](hof.jpg)) [image_alt]",
    "content/articles/links.md:12:1: warning: heading of level 4 follows a level 2 heading; level 3 is skipped (start it with ### or add the level in between; screen readers navigate by heading levels) [heading_levels]",
    "content/articles/notiz.txt: warning: not part of a page bundle nor listed under `downloads:`, so it is not published [build]",
    "content/articles/ohne.md:2: warning: article has no `description:` (add one sentence for link previews, search engines and article cards) [description]",
    "content/events/fest.md:5: warning: registration closed on 2026-11-01, but the event is still upcoming (set a new `deadline:`, or remove it if registration stays open) [registration_deadline]",
    "content/events/treffen.md:2: warning: upcoming event has neither `location:` nor `online_url:` (say where it takes place (`location: {name: …, address: …}`), or add the link to join online) [event_place]",
    "content/faq/heizung/kalt.md:3: warning: answer last updated on 2024-01-10, 1049 days ago (more than 365) (check the answer is still right, then set `updated:` to today's date) [faq_age]",
    "content/pages/hoffest.md:2: warning: title `Hoffest im  juni` is also the title of content/articles/gut.md (give each page its own title; search results and link previews tell pages apart by it) [duplicate_titles]",
];

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_planted_problem_is_one_line_and_warnings_exit_0() {
    let site = planted();
    let out = site.kiez(&["check"]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let (summary, findings) = lines.split_last().expect("a summary line");
    assert_eq!(findings, EXPECTED, "\n{text}");
    assert_eq!(*summary, "20 pages checked: 0 errors, 15 warnings");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!site.public().exists(), "check writes no site");
}

#[test]
fn strict_makes_every_warning_an_error() {
    let site = planted();
    let out = site.kiez(&["check", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.lines().all(|l| !l.contains(": warning: ")), "{text}");
    assert!(text.ends_with("20 pages checked: 15 errors, 0 warnings\n"));
    // A clean site passes even with --strict.
    let clean = TestSite::new();
    clean.article("a", "A", "2026-01-01", "description: Kurz.\n", "Text.");
    let out = clean.kiez(&["check", "--strict"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "11 pages checked: no problems found\n");
}

#[test]
fn json_holds_every_finding_with_its_place() {
    let site = planted();
    let out = site.kiez(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["pages"], 20);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 15);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), EXPECTED.len());
    let link_text = findings.iter().find(|f| f["check"] == "link_text").unwrap();
    assert_eq!(link_text["file"], "content/articles/links.md");
    assert_eq!(link_text["line"], 8);
    assert_eq!(link_text["column"], 6);
    assert_eq!(link_text["level"], "warning");
    assert_eq!(
        link_text["message"],
        "link text `hier` says nothing about where the link goes"
    );
    assert!(link_text["hint"]
        .as_str()
        .unwrap()
        .contains("[die Hausordnung]"));
    let build = findings.iter().find(|f| f["check"] == "build").unwrap();
    assert_eq!(build["line"], serde_json::Value::Null);
    let mut checks: Vec<&str> = findings
        .iter()
        .map(|f| f["check"].as_str().unwrap())
        .collect();
    checks.sort();
    checks.dedup();
    assert_eq!(checks.len(), 14, "every check and the build: {checks:?}");
}

#[test]
fn github_format_annotates_each_line() {
    let site = planted();
    let out = site.kiez(&["check", "--format", "github", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), EXPECTED.len() + 1);
    assert!(lines.contains(
        &"::error file=content/articles/links.md,line=8,col=6,title=kiez check%3A link_text::link text `hier` says nothing about where the link goes (name the target, e.g. [die Hausordnung](…) instead of [hier](…); screen readers list links by their text)"
    ), "{text}");
    assert!(lines.contains(
        &"::error file=content/articles/notiz.txt,title=kiez check%3A build::not part of a page bundle nor listed under `downloads:`, so it is not published"
    ), "{text}");
    assert_eq!(
        lines[EXPECTED.len()],
        "20 pages checked: 15 errors, 0 warnings"
    );
}

#[test]
fn a_check_switched_off_in_the_config_is_quiet() {
    let site = planted();
    site.file(
        "kiez.yaml",
        &format!(
            "{}check:\n  link_text: false\n  cover_size: false\n  faq_max_age_days: 2000\n",
            crate::harness::CONFIG
        ),
    );
    let out = site.kiez(&["check"]);
    let text = stdout(&out);
    assert!(!text.contains("[link_text]"), "{text}");
    assert!(!text.contains("[faq_age]"), "{text}");
    // The build's own warning about the small cover image goes quiet too.
    assert!(!text.contains("600×315"), "{text}");
    assert!(text.contains("[anchors]"), "{text}");
    assert!(
        text.ends_with("20 pages checked: 0 errors, 12 warnings\n"),
        "{text}"
    );
}

#[test]
fn a_build_error_is_a_finding_in_json_and_github() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "[x](fehlt.md)");
    let out = site.kiez(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let finding = &report["findings"][0];
    assert_eq!(finding["level"], "error");
    assert_eq!(finding["check"], "build");
    assert_eq!(finding["file"], "content/articles/a.md");
    assert_eq!(finding["line"], 5);
    let out = site.kiez(&["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with(
        "::error file=content/articles/a.md,line=5,title=kiez check%3A build::link to `fehlt.md`"
    ));
    // Text keeps the usual error line on stderr.
    let out = site.kiez(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/articles/a.md:5"));
}

/// A web server on 127.0.0.1 for `--external`: `/ok` answers 200,
/// `/fehlt` 404, `/haengt` nothing for three seconds. It records each
/// request as `METHOD /path` and stops when dropped.
struct FakeServer {
    base: String,
    requests: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl FakeServer {
    fn start() -> Self {
        use std::io::{BufRead, BufReader, Write};
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (seen, stopped) = (requests.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let seen = seen.clone();
                std::thread::spawn(move || {
                    let mut line = String::new();
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    reader.read_line(&mut line).unwrap_or_default();
                    let request: Vec<&str> = line.split_whitespace().take(2).collect();
                    let request = request.join(" ");
                    seen.lock().unwrap().push(request.clone());
                    let status = match request.split(' ').nth(1) {
                        Some("/ok") => "200 OK",
                        Some("/haengt") => {
                            std::thread::sleep(std::time::Duration::from_secs(3));
                            return;
                        }
                        _ => "404 Not Found",
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                });
            }
        });
        FakeServer {
            base,
            requests,
            stop,
        }
    }

    fn count(&self, path: &str) -> usize {
        let requests = self.requests.lock().unwrap();
        requests.iter().filter(|r| r.ends_with(path)).count()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = std::net::TcpStream::connect(self.base.trim_start_matches("http://"));
    }
}

/// Runs `kiez check --external` in `site` without any proxy settings.
fn check_external(site: &TestSite, extra: &[&str]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kiez"));
    cmd.args(["check", "--external", "--timeout", "1"])
        .args(extra)
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", crate::harness::NOW);
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.output().unwrap()
}

#[test]
fn external_links_are_asked_with_a_timeout_and_good_answers_cached() {
    let server = FakeServer::start();
    let base = &server.base;
    let site = TestSite::new();
    site.article(
        "a",
        "A",
        "2026-01-01",
        "description: Links nach draußen.\n",
        &format!("[Gut]({base}/ok#teil), [Weg]({base}/fehlt)\nund [Langsam]({base}/haengt)."),
    );
    site.file(
        "content/events/online.md",
        &format!("---\ntitle: Online\nstart: 2026-12-01T18:00\nonline_url: {base}/fehlt\n---\nIm Netz.\n"),
    );
    let out = check_external(&site, &[]);
    let text = stdout(&out);
    let col = format!("[Gut]({base}/ok#teil), ").len() + 1;
    let expected = format!(
        "content/articles/a.md:6:{col}: warning: link `{base}/fehlt` answers HTTP 404 (Not Found) (fix or remove the link; if the page moved, link its new address) [external_links]\n\
         content/articles/a.md:7:5: warning: link `{base}/haengt` did not answer within 1 s (the server may be down or slow; try again later, or fix the link) [external_links]\n\
         content/events/online.md:4: warning: link `{base}/fehlt` answers HTTP 404 (Not Found) (fix or remove the link; if the page moved, link its new address) [external_links]\n\
         12 pages checked: 0 errors, 3 warnings\n"
    );
    assert_eq!(text, expected);
    assert_eq!(out.status.code(), Some(0));
    // Each URL once, HEAD first; a 404 is asked again with GET, a
    // timeout is not.
    assert_eq!(server.count("/ok"), 1);
    assert_eq!(server.count("/fehlt"), 2);
    assert_eq!(server.count("/haengt"), 1);
    let cache = std::fs::read_to_string(site.root().join(".kiez-cache/links.json")).unwrap();
    assert!(cache.contains(&format!("{base}/ok\"")), "{cache}");
    assert!(!cache.contains("fehlt"), "{cache}");

    // The second run takes the good answer from the cache and asks the
    // others again.
    let out = check_external(&site, &[]);
    assert_eq!(stdout(&out), expected);
    assert_eq!(server.count("/ok"), 1);
    assert_eq!(server.count("/fehlt"), 4);
    let out = check_external(&site, &["--strict"]);
    assert_eq!(out.status.code(), Some(1));
}
