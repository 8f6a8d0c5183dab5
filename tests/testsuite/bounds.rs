//! Hostile input that used to crash or hang kiez (issue 13, findings 6–10
//! and part of 12): each case now ends quickly with a located error or a
//! bounded result. Results are the assertions; the wall-clock guards are
//! only a backstop so a regression fails instead of stalling the suite.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::harness::TestSite;

/// Generous: each case took from 8 s to forever before its fix, and well
/// under a second after, even in a debug build on a loaded machine.
const BACKSTOP: Duration = Duration::from_secs(60);

/// Runs `kiez build .` in `site`, killing it at the backstop so a
/// regression to a hang fails the test instead of stalling the suite.
fn build(site: &TestSite) -> Output {
    use std::io::Read;
    use std::process::Stdio;

    let mut child = Command::new(env!("CARGO_BIN_EXE_kiez"))
        .args(["build", ".", "--message-format", "short"])
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", crate::harness::NOW)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kiez");
    // Drain both pipes while waiting, so a chatty build cannot block.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).ok();
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > BACKSTOP {
            child.kill().ok();
            child.wait().ok();
            panic!("kiez build still running after {BACKSTOP:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Runs `kiez build .`, asserting it exits 1 without a panic; returns
/// stderr.
fn build_fails_quickly(site: &TestSite) -> String {
    let out = build(site);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Runs `kiez build .`, asserting success; returns stderr.
fn build_ok_quickly(site: &TestSite) -> String {
    let out = build(site);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

fn assert_contains(haystack: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            haystack.contains(needle),
            "expected `{needle}` in:\n{haystack}"
        );
    }
}

fn event(site: &TestSite, front_matter: &str) {
    site.file(
        "content/events/fest.md",
        &format!("---\ntitle: Fest\nstart: 2026-12-01T18:00\n{front_matter}---\nx\n"),
    );
}

#[test]
fn five_digit_years_are_located_errors() {
    // Before: `updated: +10000-01-01` panicked in the RSS writer.
    let site = TestSite::new();
    event(&site, "updated: +10000-01-01\n");
    let stderr = build_fails_quickly(&site);
    assert_contains(
        &stderr,
        &["content/events/fest.md:4: key `updated`", "1000 to 9899"],
    );
    // Before: an all-day event on the last day of 9999 wrote DTEND 10000.
    let site = TestSite::new();
    site.file(
        "content/events/fest.md",
        "---\ntitle: Fest\nstart: 9999-12-31\n---\nx\n",
    );
    let stderr = build_fails_quickly(&site);
    assert_contains(&stderr, &["content/events/fest.md:3: key `start`"]);
}

#[test]
fn huge_repeat_intervals_are_located_errors() {
    // Before: a panic (week) and an endless loop (month: u32::MAX wrapped).
    for (every, interval) in [("week", "100000000"), ("month", "4294967295")] {
        let site = TestSite::new();
        event(
            &site,
            &format!("repeat:\n  every: {every}\n  interval: {interval}\n"),
        );
        let stderr = build_fails_quickly(&site);
        assert_contains(
            &stderr,
            &["content/events/fest.md:6: key `repeat.interval`", "at most"],
        );
    }
    let site = TestSite::new();
    event(&site, "repeat:\n  every: week\n  count: 100000\n");
    let stderr = build_fails_quickly(&site);
    assert_contains(&stderr, &["content/events/fest.md:6: key `repeat.count`"]);
}

#[test]
fn rare_repeat_patterns_finish() {
    // Before: eight seconds searching for a 5th Monday every 24 months.
    let site = TestSite::new();
    site.file(
        "content/events/fest.md",
        "---\ntitle: Fest\nstart: 2027-02-01T18:00\nrepeat:\n  every: month\n  weekday: 5th monday\n  interval: 24\n---\nx\n",
    );
    build_ok_quickly(&site);
}

/// Runs the binary with its own `SOURCE_DATE_EPOCH`.
fn kiez_at(site: &TestSite, epoch: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiez"))
        .args(args)
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .expect("run kiez")
}

#[test]
fn out_of_range_epochs_are_usage_errors() {
    // Before: `kiez new event` panicked adding two weeks to year 262143.
    let site = TestSite::new();
    for args in [&["new", "event", "Fest"][..], &["build", "."]] {
        let out = kiez_at(&site, "8210266876799", args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_contains(&stderr, &["SOURCE_DATE_EPOCH"]);
    }
    assert!(!site.root().join("content/events").exists());
}

#[test]
fn a_category_without_letters_is_refused() {
    // Before: `--category '!!!'` wrote content/faq//x.md.
    let site = TestSite::new();
    let out = site.kiez(&["new", "faq", "X", "--category", "!!!"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_contains(&stderr, &["`!!!`"]);
    assert!(!site.root().join("content/faq").exists());
}

#[test]
fn a_very_long_word_is_indexed_quickly() {
    // Before: compound splitting was cubic (6,000 letters: ten seconds).
    let site = TestSite::new();
    let word = "haus".repeat(5000);
    site.article(
        "lang",
        &word[..2000],
        "2026-01-01",
        "",
        &format!("haus {word}"),
    );
    build_ok_quickly(&site);
    assert!(site.exists("search/meta.json"));
}

#[test]
fn duplicate_explicit_heading_ids_are_located_errors() {
    let site = TestSite::new();
    site.article(
        "doppelt",
        "Doppelt",
        "2026-01-01",
        "",
        "## Eins {#x}\n\nText\n\n## Zwei {#x}\n",
    );
    let stderr = build_fails_quickly(&site);
    // Front matter: 4 lines, the body starts on line 5.
    assert_contains(
        &stderr,
        &[
            "content/articles/doppelt.md:9:",
            "two headings have the id `x`",
        ],
    );
}

#[test]
fn explicit_heading_ids_are_kept() {
    let site = TestSite::new();
    site.article("ids", "Ids", "2026-01-01", "", "## A\n\n## B {#a}\n");
    build_ok_quickly(&site);
    let page = site.html("articles/ids/index.html");
    let ids = page.attrs("h2", "id");
    assert_eq!(ids[..2], ["a-1", "a"], "{ids:?}");
}

#[test]
fn forty_thousand_headings_build_quickly() {
    // Before: a quadratic insert, six seconds for the Markdown alone.
    let site = TestSite::new();
    site.article(
        "lang",
        "Lang",
        "2026-01-01",
        "",
        &"## Gleich\n\n".repeat(40_000),
    );
    build_ok_quickly(&site);
    let html = site.read("articles/lang/index.html");
    assert!(html.contains("id=\"gleich-39999\""));
}

/// A template's name and text.
type Template = (&'static str, &'static str);

/// A site with one article, for template cases.
fn site_with_article() -> TestSite {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "Text.");
    site
}

#[test]
fn template_loops_are_template_errors() {
    // Before: each of these overflowed the stack and aborted (exit 134).
    let cases: [(&[Template], &[&str]); 4] = [
        (
            &[("article.html", "x\n{% include \"article.html\" %}")],
            &["`article.html` includes `article.html` (line 2)"],
        ),
        (
            &[
                ("base.html", "{% extends \"article.html\" %}"),
                (
                    "article.html",
                    "{% extends \"base.html\" %}{% block content %}{% endblock content %}",
                ),
            ],
            &[
                "`base.html` extends `article.html`",
                "`article.html` extends `base.html`",
            ],
        ),
        (
            &[
                (
                    "macros.html",
                    "{% macro m(n) %}{{ self::m(n=n) }}{% endmacro m %}",
                ),
                (
                    "page.html",
                    "{% import \"macros.html\" as mm %}{{ mm::m(n=1) }}",
                ),
            ],
            &["`macros.html::m` calls `macros.html::m` (line 1)"],
        ),
        (
            &[
                ("a.html", "{% import \"b.html\" as b %}"),
                (
                    "b.html",
                    "{% import \"a.html\" as a %}{% macro x() %}y{% endmacro x %}",
                ),
                ("page.html", "{% import \"b.html\" as b %}{{ b::x() }}"),
            ],
            &["`a.html` imports `b.html` (line 1)"],
        ),
    ];
    for (templates, expected) in cases {
        let site = site_with_article();
        site.file("content/pages/p.md", "---\ntitle: P\n---\nx\n");
        for (name, text) in templates {
            site.file(&format!("templates/{name}"), text);
        }
        let stderr = build_fails_quickly(&site);
        assert_contains(&stderr, &["loop"]);
        assert_contains(&stderr, expected);
    }
}

#[test]
fn deeply_nested_templates_are_template_errors() {
    // Before: 3,000 nested `if`s or a 5,000-term sum aborted the process.
    let deep_ifs = format!(
        "{}x{}",
        "{% if true %}".repeat(3000),
        "{% endif %}".repeat(3000)
    );
    let sum = format!("{{{{ 1{} }}}}", " + 1".repeat(5000));
    // Before: a chain of 1,000 macros, each calling the next, aborted too.
    let chain: String = (0..1000)
        .map(|i| {
            format!(
                "{{% macro m{i}() %}}{{{{ self::m{}() }}}}{{% endmacro m{i} %}}",
                i + 1
            )
        })
        .chain(["{% macro m1000() %}x{% endmacro m1000 %}{{ self::m0() }}".into()])
        .collect();
    for (template, expected) in [
        (deep_ifs, "blocks nested"),
        (sum, "operators"),
        (chain, "at most 200 can be rendered"),
    ] {
        let site = site_with_article();
        site.file("templates/article.html", &template);
        let stderr = build_fails_quickly(&site);
        assert_contains(&stderr, &["template `article.html`", expected]);
    }
}

#[cfg(feature = "serve")]
#[test]
fn serve_survives_saving_a_template_loop() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::sync::{Arc, Mutex};

    let site = site_with_article();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiez"))
        .args(["serve", ".", "--port", "0"])
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", crate::harness::NOW)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kiez serve");
    let stderr = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&stderr);
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            sink.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    // Keep draining stdout: a closed pipe would make the server's own
    // messages fail.
    let (tx, lines) = std::sync::mpsc::channel();
    let out = BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            tx.send(line).ok();
        }
    });
    let serving =
        std::iter::from_fn(|| lines.recv_timeout(BACKSTOP).ok()).any(|l| l.contains("Serving at"));
    assert!(serving, "{}", stderr.lock().unwrap());

    site.file("templates/article.html", "{% include \"article.html\" %}");
    let started = Instant::now();
    while !stderr.lock().unwrap().contains("loop") && started.elapsed() < BACKSTOP {
        std::thread::sleep(Duration::from_millis(50));
    }
    let alive = child.try_wait().unwrap().is_none();
    child.kill().ok();
    child.wait().ok();
    let stderr = stderr.lock().unwrap();
    assert!(alive, "kiez serve exited:\n{stderr}");
    assert_contains(&stderr, &["`article.html` includes `article.html`"]);
}

#[test]
fn deeply_nested_yaml_is_refused_before_parsing() {
    // Before: serde_yaml spent 19 s (release) reaching its recursion limit.
    let site = TestSite::new();
    let n = 40_000;
    let deep = format!("x: {}{}\n", "[".repeat(n), "]".repeat(n));
    site.article("tief", "Tief", "2026-01-01", &deep, "x");
    let stderr = build_fails_quickly(&site);
    assert_contains(
        &stderr,
        &["content/articles/tief.md:4:", "nested more than 64 levels"],
    );
}

#[test]
fn too_many_tags_are_a_located_error() {
    // Before: 2,000 tags took 15 s and wrote 260 MB of tag pages.
    let site = TestSite::new();
    let tags: Vec<String> = (0..2000).map(|i| format!("Tag {i}")).collect();
    let extra = format!("tags: [{}]\n", tags.join(", "));
    site.article("viele", "Viele", "2026-01-01", &extra, "x");
    let stderr = build_fails_quickly(&site);
    assert_contains(
        &stderr,
        &["content/articles/viele.md:4: key `tags`", "at most 100"],
    );
}

/// A valid black 1-bit PNG: tiny on disk, `side`² pixels decoded.
fn huge_png(side: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut enc = png::Encoder::new(&mut bytes, side, side);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::One);
    let mut writer = enc.write_header().unwrap();
    let row = side.div_ceil(8) as usize;
    writer
        .write_image_data(&vec![0u8; row * side as usize])
        .unwrap();
    writer.finish().unwrap();
    bytes
}

#[test]
fn images_over_the_pixel_limit_are_refused_before_decoding() {
    // Before: decoded (64 megapixels, several hundred MB per thread).
    let site = TestSite::new();
    site.file(
        "content/articles/gross/index.md",
        "---\ntitle: Gross\ndate: 2026-01-01\nimage: riesig.png\n---\nx\n",
    );
    site.bytes("content/articles/gross/riesig.png", &huge_png(8000));
    let stderr = build_fails_quickly(&site);
    assert_contains(
        &stderr,
        &[
            "content/articles/gross/index.md:4: key `image`",
            "8000×8000 pixels",
            "at most 50 megapixels",
        ],
    );
}

#[test]
fn a_logo_with_a_huge_filter_region_is_left_off_cards() {
    // Before: every card took seconds to draw (a minute for a small site).
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!(
            "{}publisher:\n  name: Haus\n  logo: /logo.svg\n",
            crate::harness::CONFIG
        ),
    );
    site.file(
        "static/logo.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><filter id="f" x="-500" y="-500" width="1000" height="1000" filterUnits="userSpaceOnUse"><feGaussianBlur stdDeviation="50"/></filter><circle cx="5" cy="5" r="4" filter="url(#f)"/></svg>"#,
    );
    for i in 0..4 {
        site.article(&format!("a{i}"), &format!("A{i}"), "2026-01-01", "", "x");
    }
    let stderr = build_ok_quickly(&site);
    assert_contains(
        &stderr,
        &[
            "key `publisher.logo`",
            "1000×1000 layer",
            "drawn without it",
        ],
    );
}
