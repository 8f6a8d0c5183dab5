//! Issue 13, findings 5 and 11: no field becomes a `javascript:` link, no
//! control character reaches a page, and a template that fails on one
//! page's data names that page.

use crate::errors::fails_cleanly;
use crate::harness::{TestSite, CONFIG};

#[test]
fn a_script_url_in_an_event_field_is_a_located_error() {
    fails_cleanly(
        |s| {
            s.file(
                "content/events/fest.md",
                "---\ntitle: Fest\nstart: 2026-12-01T18:00\nregistration:\n  url: javascript:alert(1)\n---\nx\n",
            );
        },
        &[
            "content/events/fest.md:5: key `registration.url`",
            "javascript:",
        ],
    );
    fails_cleanly(
        |s| {
            s.file(
                "content/events/online.md",
                "---\ntitle: Online\nstart: 2026-12-01T18:00\nonline_url: \" JavaScript:alert(1)\"\n---\nx\n",
            );
        },
        &["content/events/online.md:4: key `online_url`"],
    );
}

#[test]
fn script_links_in_markdown_and_downloads_are_located_errors() {
    fails_cleanly(
        |s| {
            s.article(
                "a",
                "A",
                "2026-01-01",
                "",
                "Text\n\n[Klick](javascript:alert(1))\n",
            );
        },
        &["content/articles/a.md:7", "javascript:"],
    );
    fails_cleanly(
        |s| {
            s.article(
                "b",
                "B",
                "2026-01-01",
                "downloads: [\"data:text/html,x\"]\n",
                "x",
            );
        },
        &["content/articles/b.md", "key `downloads`", "data:"],
    );
}

#[test]
fn a_script_url_in_the_menu_is_a_config_error() {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!("{CONFIG}menu:\n  - name: Böse\n    url: \"vbscript:x\"\n"),
    );
    let err = site.build_fails();
    assert!(
        err.contains("kiez.yaml:") && err.contains("key `menu`") && err.contains("vbscript:"),
        "{err}"
    );
}

#[test]
fn control_characters_never_reach_html() {
    let site = TestSite::new();
    site.article(
        "steuer",
        "Steuer\\x01zeichen\\x7f",
        "2026-01-01",
        "description: \"A\\u0002B\"\n",
        "Text mit \u{1b}[31m Escape und \u{0} Null.\n",
    );
    site.build_ok();
    let html = site.read("articles/steuer/index.html");
    let bad: Vec<char> = html
        .chars()
        .filter(|&c| {
            (c < ' ' && !"\t\n\r".contains(c))
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || c == '\u{fffe}'
                || c == '\u{ffff}'
        })
        .collect();
    assert!(bad.is_empty(), "control characters in the page: {bad:?}");
    let page = site.html("articles/steuer/index.html");
    assert_eq!(page.text("h1"), "Steuerzeichen");
}

#[test]
fn a_template_failing_on_one_page_names_that_page() {
    let site = TestSite::new();
    site.article("gut", "Gut", "2026-01-01", "", "x")
        .article("anders", "Anders", "2026-01-02", "extra_box: 1\n", "y")
        .file(
            "templates/article.html",
            "{% extends \"base.html\" %}{% block content %}{{ page.extra.extra_box.nope }}{% endblock content %}",
        );
    let err = site.build_fails();
    assert!(err.contains("article.html"), "{err}");
    assert!(err.contains("/articles/"), "names the page: {err}");
    assert!(
        err.contains("content/articles/"),
        "names the content file: {err}"
    );
}

/// Finding 11: a 300-character tag failed with "File name too long",
/// naming neither file nor key, while `kiez check` passed it.
#[test]
fn an_overlong_tag_is_a_located_error_in_build_and_check() {
    let long = "Hof".repeat(100);
    fails_cleanly(
        |s| {
            s.article("t", "T", "2026-01-01", &format!("tags: [{long}]\n"), "x");
        },
        &["content/articles/t.md:4: key `tags`", "too long"],
    );
    let site = TestSite::new();
    site.article("t", "T", "2026-01-01", &format!("tags: [{long}]\n"), "x");
    let out = site.kiez(&["check"]);
    assert_eq!(out.status.code(), Some(1));
}

/// Finding 11: invalid UTF-8 named the file but no line.
#[test]
fn invalid_utf8_names_file_and_line() {
    fails_cleanly(
        |s| {
            s.bytes(
                "content/articles/latin1.md",
                b"---\ntitle: Gr\xfc\xdfe\ndate: 2026-01-01\n---\nx\n",
            );
        },
        &["content/articles/latin1.md:2", "not UTF-8"],
    );
}

/// A template asking `range` for a hundred billion numbers used to
/// exhaust memory and abort kiez; it is a template error naming the page.
#[test]
fn a_huge_range_in_a_template_is_an_error_not_an_abort() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "x").file(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{% for i in range(end=100000000000) %}{{ i }}{% endfor %}{% endblock content %}",
    );
    let err = site.build_fails();
    assert!(
        err.contains("range") && err.contains("/articles/a/"),
        "{err}"
    );
    // Ordinary ranges still work.
    site.file(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}<ol class=\"r\">{% for i in range(start=1, end=4) %}<li>{{ i }}</li>{% endfor %}</ol>{% endblock content %}",
    );
    site.build_ok();
    let page = site.html("articles/a/index.html");
    assert_eq!(page.texts("ol.r li"), vec!["1", "2", "3"]);
}

/// Finding 11: `grüße.md` and the same name with `u` + U+0308 (as macOS
/// writes it) made a conflict message with two identical-looking names.
/// Both now fold to one slug, and the message says why they clash.
#[test]
fn look_alike_file_names_are_explained() {
    let site = TestSite::new();
    site.article("grüße", "A", "2026-01-01", "", "x").article(
        "gru\u{308}ße",
        "B",
        "2026-01-02",
        "",
        "y",
    );
    let err = site.build_fails();
    assert!(err.contains("/articles/gruesse/"), "{err}");
    assert!(err.contains("look alike"), "{err}");
}
