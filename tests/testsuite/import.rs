//! `kiez import wordpress`: the fixture export (`tests/fixtures/wordpress/
//! export.xml`: posts, a page with a parent, a draft, a private and a
//! trashed post, nested categories, tags, a featured image, attachments,
//! every converted shortcode and two that are not, Gutenberg markup, a
//! table, an iframe, non-ASCII titles and slugs, an Events Calendar event)
//! becomes a site that the real binary builds, with old addresses
//! redirecting and a report that lists exactly what needs a human.

use std::path::{Path, PathBuf};
use std::process::Output;

use scraper::Html;

use crate::harness::{kiez_in, snapshot, Page};

fn export() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wordpress/export.xml")
}

/// A copy of `wp-content/uploads` with two of the export's three images
/// (`fehlt.jpg` is missing on purpose).
fn uploads(dir: &Path) -> PathBuf {
    let media = dir.join("uploads");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site/content/articles");
    std::fs::create_dir_all(media.join("2015/01")).unwrap();
    for (from, to) in [
        ("neubau-kastanienweg/schnitt.jpg", "hof.jpg"),
        ("sommerfest-2026/fest-03-kapelle.jpg", "kapelle.jpg"),
    ] {
        std::fs::copy(example.join(from), media.join("2015/01").join(to)).unwrap();
    }
    media
}

/// Runs `kiez import wordpress EXPORT -o site [--media uploads]` in `dir`.
fn import(dir: &Path, media: bool) -> Output {
    let export = export();
    let mut args = vec![
        "import",
        "wordpress",
        export.to_str().unwrap(),
        "-o",
        "site",
    ];
    if media {
        args.extend(["--media", "uploads"]);
    }
    kiez_in(dir, &args)
}

/// Imports (with `--media` when asked) and builds; returns the temp dir.
fn imported_and_built(media: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if media {
        uploads(dir.path());
    }
    let out = import(dir.path(), media);
    assert!(
        out.status.success(),
        "import failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let built = kiez_in(dir.path(), &["build", "site", "--message-format", "short"]);
    assert!(
        built.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    dir
}

fn page(dir: &Path, rel: &str) -> Page {
    let path = dir.join("site/public").join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Page(Html::parse_document(&text))
}

/// The lines of one `## TITLE (N)` section of the report.
fn section(report: &str, title: &str) -> Vec<String> {
    let Some(start) = report.find(&format!("## {title}")) else {
        return Vec::new();
    };
    report[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| l.strip_prefix("- ").map(str::to_string))
        .collect()
}

#[test]
fn wordpress_export_builds_with_titles_urls_and_bodies() {
    let dir = imported_and_built(true);
    let d = dir.path();
    // `kiez check` finds no error: only what the source lacks (a description).
    let check = kiez_in(d, &["check", "site"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let fest = page(d, "articles/mieterfest-im-hof/index.html");
    assert_eq!(fest.text("h1"), "Mieterfest im Hof – Größer!");
    assert_eq!(fest.count("main table"), 1, "the HTML table survives");
    assert!(fest.texts("main").join(" ").contains("Die Bühne am Abend"));
    let radio = page(d, "articles/klassika/index.html");
    assert_eq!(radio.text("h1"), "Классика: \"Hof\" im Radio");
    assert_eq!(radio.count("main iframe"), 1);
    assert_eq!(radio.count("main audio[controls]"), 1);
    assert_eq!(radio.count("main video[controls]"), 1);
    let radio_text = radio.texts("main").join(" ");
    assert!(radio_text.contains("[contact-form-7 id=\"5\" title=\"Kontakt\"]"));
    assert!(radio_text.contains("Zum Schluss [sic] ein Satz"));
    assert!(!radio_text.contains("[embed]"), "embed converted");
    assert_eq!(page(d, "ueber-uns/index.html").text("h1"), "Über uns");
    assert_eq!(page(d, "team/index.html").text("h1"), "Das Team");
    let event = page(d, "events/hofflohmarkt/index.html");
    assert_eq!(event.text("h1"), "Hofflohmarkt");
    assert!(event.texts("main").join(" ").contains("Gemeinschaftsraum"));
    for rel in ["categories/haus", "categories/garten", "tags/fest"] {
        assert!(
            d.join("site/public").join(rel).join("index.html").exists(),
            "{rel}"
        );
    }
    // Drafts and private posts are imported as drafts: kept, not published.
    for name in ["entwurf-heizung", "vorstandssache"] {
        let src =
            std::fs::read_to_string(d.join(format!("site/content/articles/{name}.md"))).unwrap();
        assert!(src.contains("\ndraft: true\n"), "{src}");
        assert!(!d.join(format!("site/public/articles/{name}")).exists());
    }
    // With --media the post is a bundle with its images.
    let bundle = d.join("site/content/articles/mieterfest-im-hof");
    assert!(bundle.join("hof.jpg").exists() && bundle.join("kapelle.jpg").exists());
    let src = std::fs::read_to_string(bundle.join("index.md")).unwrap();
    assert!(
        src.contains("image: hof.jpg\nimage_alt: Der Innenhof im Sommer\n"),
        "{src}"
    );
    assert!(src.contains("categories:\n- Haus\n- Garten\n"), "{src}");
}

#[test]
fn old_addresses_redirect() {
    let dir = imported_and_built(true);
    for (old, new) in [
        ("2015/01/mieterfest-im-hof", "/articles/mieterfest-im-hof/"),
        ("2015/02/классика", "/articles/klassika/"),
        ("ueber-uns/team", "/team/"),
        ("event/hofflohmarkt", "/events/hofflohmarkt/"),
    ] {
        let redirect = page(dir.path(), &format!("{old}/index.html"));
        let refresh = redirect.attrs("meta[http-equiv=refresh]", "content");
        assert_eq!(refresh, [format!("0; url={new}")], "{old}");
    }
}

#[test]
fn report_lists_exactly_what_needs_a_human() {
    let dir = tempfile::tempdir().unwrap();
    uploads(dir.path());
    let out = import(dir.path(), true);
    assert!(out.status.success());
    let report = std::fs::read_to_string(dir.path().join("site/import-report.md")).unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(&report));
    assert_eq!(
        section(&report, "Left for a human"),
        [
            "`content/articles/mieterfest-im-hof/index.md`: `<!-- wp:latest-posts {\"postsToShow\":3} /-->`",
            "`content/articles/klassika.md`: `[contact-form-7 id=\"5\" title=\"Kontakt\"]`",
            "`content/articles/klassika.md`: `[su_button url=\"https://hofblatt.example.org/kontakt/\"]Schreib uns[/su_button]`",
        ]
    );
    assert_eq!(
        section(&report, "Media not found"),
        [
            "`content/articles/mieterfest-im-hof/index.md`: https://hofblatt.example.org/wp-content/uploads/2015/01/fehlt.jpg",
            "`content/articles/klassika.md`: https://hofblatt.example.org/wp-content/uploads/2015/02/interview.mp3",
        ]
    );
    let skipped = section(&report, "Skipped");
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert!(skipped[0].contains("Alter Kram") && skipped[0].contains("trash"));
    assert!(skipped[2].contains("`ufaq`"), "{skipped:?}");
    for count in [
        "articles: 2",
        "drafts: 2",
        "pages: 2",
        "events: 1",
        "media files copied: 2",
    ] {
        assert!(
            section(&report, "Imported").iter().any(|l| l == count),
            "{count}\n{report}"
        );
    }
    assert!(report.contains("2 comments were not imported"));
    assert!(section(&report, "Old links")
        .contains(&"`/?p=10` → `/articles/mieterfest-im-hof/`".to_string()));
}

#[test]
fn without_media_the_old_urls_stay_and_are_listed() {
    let dir = imported_and_built(false);
    let site = dir.path().join("site");
    assert!(site.join("content/articles/mieterfest-im-hof.md").exists());
    let report = std::fs::read_to_string(site.join("import-report.md")).unwrap();
    let remote = section(&report, "Media still at its old address");
    assert!(
        remote.iter().any(|l| l.ends_with("/2015/01/hof.jpg")),
        "{remote:?}"
    );
    assert!(section(&report, "Media not found").is_empty());
}

#[test]
fn a_mapping_file_makes_custom_post_types_faq_answers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("map.yaml"), "ufaq: faq\n").unwrap();
    let export = export();
    let args = [
        "import",
        "wordpress",
        export.to_str().unwrap(),
        "-o",
        "site",
        "--map",
        "map.yaml",
    ];
    assert!(kiez_in(dir.path(), &args).status.success());
    let built = kiez_in(dir.path(), &["build", "site", "--message-format", "short"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let faq = page(dir.path(), "faq/heizung/wann-wird-geheizt/index.html");
    assert_eq!(faq.text("h1"), "Wann wird geheizt?");
    assert!(page(dir.path(), "faqs/wann-wird-geheizt/index.html")
        .attrs("meta[http-equiv=refresh]", "content")
        .contains(&"0; url=/faq/heizung/wann-wird-geheizt/".to_string()));
    let report = std::fs::read_to_string(dir.path().join("site/import-report.md")).unwrap();
    assert!(report.contains("- FAQ answers: 1\n"), "{report}");
    assert!(!report.contains("`ufaq`"), "{report}");
}

#[test]
fn import_into_a_non_empty_folder_fails_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(import(dir.path(), false).status.success());
    let before = snapshot(&dir.path().join("site"));
    let again = import(dir.path(), false);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
    assert_eq!(snapshot(&dir.path().join("site")), before);
}

/// The Jekyll fixture (`tests/fixtures/jekyll/`): dates from file names,
/// a draft, a page with `permalink` and `redirect_from`, Liquid that kiez
/// resolves (`post_url`, `highlight`, `site.baseurl`) and Liquid it keeps.
#[test]
fn jekyll_site_builds_with_old_urls_redirecting() {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jekyll");
    let out = kiez_in(
        dir.path(),
        &["import", "jekyll", source.to_str().unwrap(), "-o", "site"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let built = kiez_in(dir.path(), &["build", "site", "--message-format", "short"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let d = dir.path();
    let fest = page(d, "articles/sommerfest/index.html");
    assert_eq!(fest.text("h1"), "Sommerfest: Größer als je");
    assert_eq!(
        fest.attrs("main a[href='/articles/fruehjahr/']", "href")
            .len(),
        1
    );
    assert_eq!(
        fest.count("main pre code"),
        1,
        "highlight became a code block"
    );
    assert_eq!(page(d, "about/index.html").text("h1"), "Über uns");
    for (old, new) in [
        ("haus/2024/05/01/sommerfest.html", "/articles/sommerfest/"),
        ("fruehjahrsputz/index.html", "/articles/fruehjahr/"),
        ("ueber/index.html", "/about/"),
    ] {
        let refresh = page(d, old).attrs("meta[http-equiv=refresh]", "content");
        assert_eq!(refresh, [format!("0; url={new}")], "{old}");
    }
    assert!(
        d.join("site/public/assets/hof.png").exists(),
        "static files kept"
    );
    let draft = std::fs::read_to_string(d.join("site/content/articles/neue-idee.md")).unwrap();
    assert!(draft.contains("\ndraft: true\n"), "{draft}");
    let report = std::fs::read_to_string(d.join("site/import-report.md")).unwrap();
    assert_eq!(
        section(&report, "Left for a human"),
        [
            "`content/articles/fruehjahr.md`: `{{ page.helpers | join: \", \" }}`",
            "`content/articles/sommerfest.md`: `{% include gallery.html folder=\"sommerfest\" %}`",
        ]
    );
    let skipped = section(&report, "Skipped");
    assert!(
        skipped
            .iter()
            .any(|l| l.starts_with("`_events/hoffest.md`")),
        "{skipped:?}"
    );
}

/// The Hugo fixture (`tests/fixtures/hugo/`): TOML and YAML front matter,
/// a leaf bundle with its image, a nested section, `publishDate`,
/// `aliases`, a draft, shortcodes kiez converts and ones it keeps.
#[test]
fn hugo_site_builds_with_bundles_and_old_urls_redirecting() {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hugo");
    let out = kiez_in(
        dir.path(),
        &["import", "hugo", source.to_str().unwrap(), "-o", "site"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let built = kiez_in(dir.path(), &["build", "site", "--message-format", "short"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let d = dir.path();
    let fest = page(d, "articles/sommerfest/index.html");
    assert_eq!(fest.text("h1"), "Sommerfest: Größer als je");
    assert_eq!(
        fest.count("main img[alt='Der Hof']"),
        1,
        "figure became an image"
    );
    assert!(d.join("site/content/articles/sommerfest/hof.png").exists());
    assert_eq!(
        page(d, "articles/fruehjahrsputz/index.html").text("h1"),
        "Frühjahrsputz"
    );
    assert_eq!(page(d, "install/index.html").text("h1"), "Installation");
    for (old, new) in [
        ("posts/sommerfest", "/articles/sommerfest/"),
        ("posts/2024/fruehjahrsputz", "/articles/fruehjahrsputz/"),
        ("docs/guide/install", "/install/"),
        ("ueber", "/about/"),
    ] {
        let refresh =
            page(d, &format!("{old}/index.html")).attrs("meta[http-equiv=refresh]", "content");
        assert_eq!(refresh, [format!("0; url={new}")], "{old}");
    }
    assert!(
        !d.join("site/public/articles/entwurf").exists(),
        "drafts stay drafts"
    );
    assert!(d.join("site/public/hallo.txt").exists(), "static/ is kept");
    let report = std::fs::read_to_string(d.join("site/import-report.md")).unwrap();
    assert_eq!(
        section(&report, "Left for a human"),
        [
            "`content/pages/install.md`: `{{< ref \"about.md\" >}}`",
            "`content/articles/sommerfest/index.md`: `{{% notice tip %}}`",
            "`content/articles/sommerfest/index.md`: `{{% /notice %}}`",
        ]
    );
    let skipped = section(&report, "Skipped");
    assert!(
        skipped
            .iter()
            .any(|l| l.starts_with("`content/posts/loose.pdf`")),
        "{skipped:?}"
    );
    assert!(
        !skipped.iter().any(|l| l.contains("hof.png")),
        "bundle files travel along"
    );
}
