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

/// Records what a build tells its progress bar.
#[derive(Default)]
struct Recorder {
    stages: std::sync::Mutex<Vec<(&'static str, usize)>>,
    steps: std::sync::atomic::AtomicUsize,
}

impl kiez::util::progress::Progress for Recorder {
    fn stage(&self, name: &'static str, steps: usize) {
        self.stages.lock().unwrap().push((name, steps));
    }
    fn advance(&self, n: usize) {
        self.steps
            .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    }
}

#[test]
fn progress_is_told_every_stage_and_every_page() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "tags: [x]\n", "x")
        .article("b", "B", "2026-01-02", "", "y");
    let recorder = std::sync::Arc::new(Recorder::default());
    let mut opts = kiez::BuildOptions::new(site.root()).unwrap();
    opts.progress = kiez::util::progress::Tracker::new(recorder.clone());
    let report = kiez::build(&opts).unwrap();
    let stages = recorder.stages.lock().unwrap().clone();
    let names: Vec<&str> = stages.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        [
            "reading content",
            "images and links",
            "pages",
            "feeds, calendars and search",
            "share cards",
            "writing"
        ]
    );
    let pages = stages[2].1;
    assert_eq!(
        recorder.steps.load(std::sync::atomic::Ordering::Relaxed),
        pages
    );
    assert_eq!(report.timings.pages.len(), pages);
    assert!(pages >= report.pages, "every HTML page is a rendered page");
}

#[test]
fn timings_name_stages_templates_and_slowest_pages_and_piped_output_has_no_bar() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "x");
    let out = site.build_ok_with(&["--timings"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let section = |title: &str| -> Vec<String> {
        stdout
            .lines()
            .skip_while(|l| *l != title)
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .map(|l| l.trim().to_string())
            .collect()
    };
    let stages = section("Stages:");
    for stage in ["content", "site", "pages", "feeds", "cards", "write"] {
        assert!(stages.iter().any(|l| l.starts_with(stage)), "{stdout}");
    }
    let templates = section("Templates (pages, time summed over threads):");
    let article = templates
        .iter()
        .find(|l| l.starts_with("article.html"))
        .expect("article.html listed");
    assert_eq!(article.split_whitespace().nth(1), Some("1"), "{stdout}");
    let slowest = section("Slowest pages:");
    assert!(!slowest.is_empty() && slowest.len() <= 10, "{stdout}");
    assert!(slowest
        .iter()
        .any(|l| l.contains("/articles/a/  (article.html)")));
    // Not a terminal: no bar, no carriage returns, no escape codes.
    assert!(
        !stderr.contains('\r') && !stderr.contains('\x1b'),
        "{stderr:?}"
    );
    assert!(!stdout.contains('\r') && !stdout.contains('\x1b'));
}
