//! Issue 13, findings 1–4: no `-o` deletes a user's files, two builds do
//! not mix their outputs, a killed build leaves the last good site in
//! place, and no symlink or `..` publishes a file from outside the site.

use std::path::{Path, PathBuf};

use crate::harness::{kiez_in, png, TestSite, CONFIG};

/// A temp folder holding a small site in `s/`, for runs from outside it.
fn site_in_folder() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    write(&site.join("kiez.yaml"), CONFIG);
    write(
        &site.join("content/articles/a.md"),
        "---\ntitle: A\ndate: 2026-01-01\n---\nText.\n",
    );
    write(&site.join("static/style.css"), "body{}");
    (tmp, site)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn dot_dot_in_output_reaches_no_foreign_or_input_folder() {
    let (tmp, site) = site_in_folder();
    write(&tmp.path().join("keep/thesis.tex"), "years of work");
    let out = kiez_in(tmp.path(), &["build", "s", "-o", "nope/../keep"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("keep"), "{}", stderr(&out));
    assert!(tmp.path().join("keep/thesis.tex").is_file());
    assert!(
        !tmp.path().join("nope").exists(),
        "a refused build creates nothing"
    );

    let out = kiez_in(tmp.path(), &["build", "s", "-o", "s/x/../content"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(site.join("content/articles/a.md").is_file());

    let out = kiez_in(tmp.path(), &["build", "s", "-o", "s/x/../static/out"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!site.join("static/out").exists());

    let out = kiez_in(
        tmp.path(),
        &["build", "s", "-o", "s/content/../templates/x"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!site.join("templates").exists());
}

#[test]
fn only_a_folder_with_the_kiez_marker_is_replaced() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "x");
    // Looks like a built site (the old test), but another tool wrote it.
    site.file("docs/404.html", "not found")
        .file("docs/sitemap.xml", "<urlset/>")
        .file("docs/CNAME", "mag.example.org");
    let out = site.kiez(&["build", ".", "-o", "docs"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains(".kiez-output"), "{message}");
    assert!(
        message.contains("older"),
        "says what to do with an old output: {message}"
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("docs/CNAME")).unwrap(),
        "mag.example.org"
    );

    // An empty folder is fine; the build marks it, and the next build
    // replaces it.
    std::fs::create_dir(site.root().join("fresh")).unwrap();
    site.build_ok_with(&["-o", "fresh"]);
    let marker = std::fs::read_to_string(site.root().join("fresh/.kiez-output")).unwrap();
    assert!(marker.starts_with("kiez output\n"), "{marker}");
    site.file("fresh/stray.txt", "left by hand");
    site.build_ok_with(&["-o", "fresh"]);
    assert!(!site.root().join("fresh/stray.txt").exists());
    assert!(site.root().join("fresh/articles/a/index.html").is_file());

    // Without its marker, a kiez output is just a folder of files.
    std::fs::remove_file(site.root().join("fresh/.kiez-output")).unwrap();
    let out = site.kiez(&["build", ".", "-o", "fresh"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(site.root().join("fresh/articles/a/index.html").is_file());
}

#[test]
fn a_second_build_into_a_locked_output_fails_at_once() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "x");
    site.build_ok();
    let before = crate::harness::snapshot(&site.public());
    // Another build holds the lock.
    let lock_path = site.root().join(".public.kiez-lock");
    let lock = std::fs::File::create(&lock_path).unwrap();
    lock.lock().unwrap();
    std::fs::write(&lock_path, "pid 4242, site /elsewhere").unwrap();
    site.article("b", "B", "2026-01-02", "", "y");
    let out = site.kiez(&["build", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("another kiez build"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("pid 4242"), "{}", stderr(&out));
    assert_eq!(crate::harness::snapshot(&site.public()), before);
    drop(lock);
    site.build_ok();
    assert!(site.exists("articles/b/index.html"));
}

#[test]
fn a_killed_build_leaves_a_site_in_place_and_its_leftovers_go() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "x");
    site.build_ok();
    // Killed between the two renames of the old swap: the last good site
    // waits at `.public.kiez-old`, a half-written one at `.kiez-new`.
    let old = site.root().join(".public.kiez-old");
    std::fs::rename(site.public(), &old).unwrap();
    site.file(".public.kiez-new/half.html", "half");
    // The next build fails: the last good site must still be published.
    site.file("content/articles/kaputt.md", "---\ntitle: [\n---\n");
    site.build_fails();
    assert!(site.exists("articles/a/index.html"), "last good site back");
    assert!(!old.exists());
    assert!(!site.root().join(".public.kiez-new").exists());

    // The starter .gitignore keeps staging folders and the lock out of git.
    let tmp = tempfile::tempdir().unwrap();
    let init = kiez_in(tmp.path(), &["init", "s"]);
    assert!(init.status.success());
    let ignore = std::fs::read_to_string(tmp.path().join("s/.gitignore")).unwrap();
    for pattern in [".*.kiez-new/", ".*.kiez-old/", ".*.kiez-lock"] {
        assert!(
            ignore.lines().any(|l| l == pattern),
            "{pattern} in {ignore}"
        );
    }
}

/// Watches the output path while builds replace it: with an atomic swap
/// there is never a moment without a site.
#[cfg(target_os = "linux")]
#[test]
fn the_output_never_goes_missing_during_a_swap() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "x");
    site.build_ok();
    let index = site.public().join("index.html");
    let done = AtomicBool::new(false);
    let missing = AtomicUsize::new(0);
    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                if std::fs::symlink_metadata(&index).is_err() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        for _ in 0..15 {
            site.build_ok_with(&["--quiet"]);
        }
        done.store(true, Ordering::Relaxed);
    });
    assert_eq!(
        missing.load(Ordering::Relaxed),
        0,
        "output missing at times"
    );
}

#[cfg(unix)]
#[test]
fn symlinked_download_out_of_the_site_is_an_error() {
    let site = TestSite::new();
    site.file(
        "content/articles/x/index.md",
        "---\ntitle: X\ndate: 2026-01-01\ndownloads: [env.pdf]\n---\nText.\n",
    );
    std::os::unix::fs::symlink(
        "/proc/self/environ",
        site.root().join("content/articles/x/env.pdf"),
    )
    .unwrap();
    let message = site.build_fails();
    assert!(
        message.contains("content/articles/x/index.md:4: key `downloads`"),
        "{message}"
    );
    assert!(message.contains("outside the site"), "{message}");
    assert!(!site.exists("articles/x/env.pdf"));
}

#[test]
fn download_path_climbing_out_of_static_is_an_error() {
    let site = TestSite::new();
    site.file("static/style.css", "body{}");
    site.article(
        "x",
        "X",
        "2026-01-01",
        "downloads: [/../../../../../../../../etc/passwd]\n",
        "Text.",
    );
    let message = site.build_fails();
    assert!(
        message.contains("content/articles/x.md:4: key `downloads`"),
        "{message}"
    );
    assert!(message.contains("outside the site"), "{message}");
}

#[test]
fn image_path_climbing_out_of_the_site_is_an_error() {
    let site = TestSite::new();
    let outside = site
        .root()
        .parent()
        .unwrap()
        .join(format!("kiez-secret-{}.png", std::process::id()));
    std::fs::write(&outside, png(8, 8)).unwrap();
    site.file("static/style.css", "body{}");
    let name = outside.file_name().unwrap().to_str().unwrap();
    site.article(
        "x",
        "X",
        "2026-01-01",
        &format!("image: /../../{name}\n"),
        "Text.",
    );
    let out = site.kiez(&["build", "."]);
    std::fs::remove_file(&outside).ok();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("key `image`"), "{message}");
    assert!(message.contains("outside the site"), "{message}");
}

#[cfg(unix)]
#[test]
fn static_symlinks_are_followed_inside_the_site_only() {
    use std::os::unix::fs::symlink;
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "x");
    site.file("static/css/site.css", "body{}");
    symlink("css/site.css", site.root().join("static/alias.css")).unwrap();
    site.build_ok();
    assert_eq!(site.read("alias.css"), "body{}");

    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "TOKEN=abc").unwrap();
    symlink(secret.path(), site.root().join("static/token.txt")).unwrap();
    let message = site.build_fails();
    assert!(message.contains("static/token.txt"), "{message}");
    assert!(message.contains("outside the site"), "{message}");
    assert!(!site.exists("token.txt"));

    // A whole input folder linked out of the site is refused too.
    std::fs::remove_file(site.root().join("static/token.txt")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    write(
        &elsewhere.path().join("articles/b.md"),
        "---\ntitle: B\ndate: 2026-01-01\n---\n",
    );
    std::fs::remove_dir_all(site.root().join("content")).unwrap();
    symlink(elsewhere.path(), site.root().join("content")).unwrap();
    let message = site.build_fails();
    assert!(message.contains("content"), "{message}");
    assert!(message.contains("outside the site"), "{message}");
}
