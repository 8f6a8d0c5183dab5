//! The command line: init, new, check, usage errors.

use crate::harness::{kiez_in, TestSite};

#[test]
fn init_creates_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = kiez_in(dir.path(), &["init", "neu"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = kiez_in(dir.path(), &["build", "neu"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.starts_with("Built ") && summary.contains(" ms"),
        "{summary}"
    );
    assert!(dir
        .path()
        .join("neu/public/articles/willkommen/index.html")
        .is_file());
    // A second init into the now non-empty folder is refused.
    assert_eq!(kiez_in(dir.path(), &["init", "neu"]).status.code(), Some(2));
}

#[test]
fn new_writes_front_matter_that_builds() {
    let site = TestSite::new();
    for (kind, title) in [
        ("article", "Größer: feiern!"),
        ("event", "Hof-Café"),
        ("faq", "Wo ist der Schlüssel?"),
    ] {
        let out = site.kiez(&["new", kind, title, "--category", "Schlüssel & Co"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(site
        .root()
        .join("content/articles/groesser-feiern.md")
        .is_file());
    assert!(site.root().join("content/events/hof-cafe.md").is_file());
    assert!(site
        .root()
        .join("content/faq/schluessel-co/wo-ist-der-schluessel.md")
        .is_file());
    site.build_ok_with(&["--drafts"]);
    let page = site.html("articles/groesser-feiern/index.html");
    assert_eq!(page.text("h1"), "Größer: feiern!");
    // Creating the same file again is refused rather than overwriting it.
    assert_eq!(
        site.kiez(&["new", "article", "Größer: feiern!"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn check_validates_without_writing() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "[x](fehlt.md)");
    let out = site.kiez(&["check", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.public().exists());
    site.article("a", "A", "2026-01-01", "", "ok");
    assert!(site.kiez(&["check", "."]).status.success());
    assert!(!site.public().exists());
}

#[test]
fn usage_errors_exit_2() {
    let site = TestSite::new();
    assert_eq!(
        site.kiez(&["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(site.kiez(&["new", "poem", "x"]).status.code(), Some(2));
    let out = site.kiez(&["build", ".", "--base-url", "not a url"]);
    assert_eq!(out.status.code(), Some(2));
    // An output folder that would swallow the site is refused.
    let out = site.kiez(&["build", ".", "-o", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(site.root().join("kiez.yaml").is_file());
}

#[test]
fn help_explains_each_command() {
    let site = TestSite::new();
    let out = site.kiez(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["build", "check", "init", "new"] {
        assert!(help.contains(cmd), "{help}");
    }
    let out = site.kiez(&["build", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--drafts") && help.contains("--base-url") && help.contains("--output"));
}

#[test]
fn quiet_build_prints_nothing() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "x");
    let out = site.build_ok_with(&["--quiet"]);
    assert!(out.stdout.is_empty());
}

#[test]
fn output_flag_writes_elsewhere() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "x");
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("site");
    site.build_ok_with(&["-o", target.to_str().unwrap()]);
    assert!(target.join("articles/a/index.html").is_file());
    assert!(!site.public().exists());
}

#[test]
fn output_that_kiez_did_not_write_is_not_replaced() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "x");
    site.file("precious/thesis.txt", "years of work");
    assert_eq!(
        site.kiez(&["build", ".", "-o", "precious"]).status.code(),
        Some(2)
    );
    assert!(site.root().join("precious/thesis.txt").is_file());
    assert_eq!(
        site.kiez(&["build", ".", "-o", "kiez.yaml"]).status.code(),
        Some(2)
    );
    assert!(site.root().join("kiez.yaml").is_file());
    // A folder kiez built before is replaced as usual.
    site.build_ok();
    site.build_ok();
}
