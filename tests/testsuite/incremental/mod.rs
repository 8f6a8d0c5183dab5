//! Rebuilds that reuse the last build (what `kiez serve` does after an
//! edit) must write exactly what a fresh build writes. Each step edits a
//! copy of the example site the way an editor would, tells the kept
//! `Reuse` what changed just as the dev server does, rebuilds, and
//! compares every file and copy with a fresh build of the same files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kiez::serve::{classify, rebuild_for, Rebuild};
use kiez::{BuildOptions, Reuse};

mod demand;
mod lists;

/// Output path → bytes, or for copies the file they come from.
type Output = BTreeMap<String, Result<Vec<u8>, PathBuf>>;

struct Session {
    _dir: tempfile::TempDir,
    opts: BuildOptions,
    reuse: Reuse,
    /// Output paths of the pages the last rebuild handed over early.
    early: Vec<String>,
    /// What the last rebuild made.
    out: Output,
}

impl Session {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
            &site,
        );
        Session::of(dir, site)
    }

    /// A session on the site at `site`, inside `dir`.
    fn of(dir: tempfile::TempDir, site: PathBuf) -> Self {
        let mut opts = BuildOptions::new(&site).unwrap();
        opts.now =
            chrono::DateTime::from_timestamp(crate::harness::NOW.parse().unwrap(), 0).unwrap();
        // Processed images are cached outside the site, shared by all
        // builds of this test.
        opts.cache = Some(dir.path().join("cache"));
        let mut session = Session {
            _dir: dir,
            opts,
            reuse: Reuse::between_builds(false),
            early: Vec::new(),
            out: Output::new(),
        };
        session.rebuild();
        session
    }

    fn site(&self) -> &Path {
        &self.opts.site_dir
    }

    /// Rebuilds with what the session kept; returns the output and how
    /// many pages and feeds were taken from the last build.
    /// Pages handed over early (the edited ones) must be the bytes the
    /// whole rebuild makes of them.
    fn rebuild(&mut self) -> (Output, usize) {
        let mut early = Vec::new();
        let keep = kiez::util::artifact::Sink::keep();
        let generated = kiez::generate_with(
            &self.opts,
            &mut self.reuse,
            &mut |files| early.extend(files),
            &keep,
        )
        .unwrap();
        let reused = generated.reused;
        let out = output(generated);
        for file in &early {
            assert_eq!(
                out.get(&file.path),
                Some(&Ok(file.bytes.to_vec())),
                "{} was served early with other bytes than the build made",
                file.path
            );
        }
        self.early = early.into_iter().map(|f| f.path).collect();
        self.out = out.clone();
        (out, reused)
    }

    /// Applies `edit` to the file at `rel`, tells the kept state as the
    /// dev server would, and checks the rebuild against a fresh build.
    /// Returns how many pages and feeds were reused.
    fn edit(&mut self, rel: &str, edit: impl FnOnce(String) -> Option<String>) -> usize {
        let path = self.site().join(rel);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        match edit(old) {
            Some(text) => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, text).unwrap();
            }
            None => std::fs::remove_file(&path).unwrap(),
        }
        self.changed(rel);
        self.check(rel)
    }

    /// Applies `edit` to the file at `rel` as [`Session::edit`] does,
    /// with the dev server's preview of the edited page before the
    /// rebuild; returns the preview (output path, HTML) and the page as
    /// the rebuild made it.
    fn preview(
        &mut self,
        rel: &str,
        edit: impl FnOnce(String) -> Option<String>,
    ) -> Option<(String, String, String)> {
        let path = self.site().join(rel);
        let text = edit(std::fs::read_to_string(&path).unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        self.changed(rel);
        let dirs = kiez::config::SiteConfig::dirs(self.site());
        let rel = Path::new(rel).strip_prefix("content").unwrap();
        let files = self.reuse.preview(&dirs, false, rel);
        self.check(&format!("{} (previewed)", rel.display()));
        let [file] = &files?[..] else {
            panic!("a preview is the one edited page");
        };
        let built = self.out[&file.path].clone().unwrap();
        let html = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).unwrap();
        Some((file.path.clone(), html(&file.bytes), html(&built)))
    }

    fn changed(&mut self, rel: &str) {
        let rel = Path::new(rel);
        match rebuild_for([classify(rel)]) {
            Rebuild::Pages => self
                .reuse
                .content_changed(rel.strip_prefix("content").unwrap()),
            Rebuild::Everything => self.reuse.forget(),
            Rebuild::Nothing => {}
        }
    }

    fn check(&mut self, what: &str) -> usize {
        let (incremental, reused) = self.rebuild();
        let fresh = output(kiez::generate(&self.opts, &mut Reuse::default()).unwrap());
        let differ: std::collections::BTreeSet<&String> = fresh
            .keys()
            .chain(incremental.keys())
            .filter(|path| fresh.get(*path) != incremental.get(*path))
            .collect();
        let first: Vec<_> = differ.iter().take(8).collect();
        assert!(
            differ.is_empty(),
            "after editing {what}, {} files of the rebuild differ from a fresh build, e.g. {first:?}",
            differ.len()
        );
        reused
    }
}

fn output(generated: kiez::Generated) -> Output {
    let mut out: Output = generated
        .files
        .into_iter()
        .map(|f| (f.path, Ok(f.bytes.to_vec())))
        .collect();
    for copy in generated.copies {
        out.insert(copy.to, Err(copy.from));
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with("public") || rel.starts_with(".kiez-cache") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn replace(from: &'static str, to: &'static str) -> impl FnOnce(String) -> Option<String> {
    move |text: String| {
        assert!(text.contains(from), "fixture lacks `{from}`");
        Some(text.replacen(from, to, 1))
    }
}

#[test]
fn edits_rebuild_to_exactly_what_a_fresh_build_writes() {
    let mut s = Session::new();

    // A body edit below the summary: only the article and feeds holding it.
    let reused = s.edit("content/articles/winterdienst.md", |t| {
        Some(t + "\nEin neuer Absatz am Ende.\n")
    });
    assert!(
        reused > 100,
        "a body edit re-rendered too much: {reused} reused"
    );
    assert_eq!(s.early, ["articles/winterdienst/index.html"]);

    // What lists show: title, summary, description.
    s.edit(
        "content/articles/winterdienst.md",
        replace("title: \"Winterdienst:", "title: \"Winterdienst 2026:"),
    );
    s.edit(
        "content/articles/winterdienst.md",
        replace("Der erste Frost ist da", "Der erste Schnee ist da"),
    );
    s.edit(
        "content/articles/winterdienst.md",
        replace("description: \"Bei Schnee", "description: \"Bei Eis"),
    );
    // Terms and order: the site changes shape.
    let reused = s.edit(
        "content/articles/winterdienst.md",
        replace("tags: [Winter,", "tags: [Winter, Streusalz,"),
    );
    assert!(
        reused > 0,
        "pages that show no tags are kept: {reused} reused"
    );
    s.edit(
        "content/articles/winterdienst.md",
        replace("categories: [\"Rat & Service\"]", "categories: [Hofleben]"),
    );
    s.edit(
        "content/articles/winterdienst.md",
        replace("date: 2026-11-12", "date: 2026-01-12"),
    );

    // FAQ answers show in full on the FAQ pages and the home page;
    // titles also in other questions' related lists.
    s.edit("content/faq/heizung/richtig-lueften.md", |t| {
        Some(t + "\nAuch im Winter kurz stoßlüften.\n")
    });
    s.edit("content/faq/heizung/richtig-lueften.md", |t| {
        let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
        let title = lines.iter().position(|l| l.starts_with("title:")).unwrap();
        lines[title] = "title: \"Wie lüfte ich richtig, auch im Winter?\"".into();
        Some(lines.join("\n") + "\n")
    });

    // Dates decide which feeds exist and what they hold.
    s.edit(
        "content/faq/reparaturen/notdienst.md",
        replace("updated: 2026-09-01\n", ""),
    );
    s.edit(
        "content/faq/reparaturen/haustuerschluessel-verloren.md",
        replace("order: 4\n", "order: 4\nupdated: 2026-10-01\n"),
    );
    // A question may name any page as related, and shows its title.
    s.edit(
        "content/faq/einzug-und-auszug/kuendigungsfrist.md",
        replace("related:\n", "related:\n  - articles/winterdienst.md\n"),
    );
    s.edit(
        "content/articles/winterdienst.md",
        replace(
            "title: \"Winterdienst 2026:",
            "title: \"Winterdienst 2026/27:",
        ),
    );
    s.edit(
        "content/faq/einzug-und-auszug/kuendigungsfrist.md",
        replace("  - articles/winterdienst.md\n", ""),
    );

    // Pages show the size of downloads in static/.
    let pdf = "static/downloads/hausordnung.pdf";
    let bytes = std::fs::read(s.site().join(pdf)).unwrap();
    std::fs::write(s.site().join(pdf), bytes.repeat(3)).unwrap();
    s.changed(pdf);
    s.check(pdf);
    s.edit("content/articles/winterdienst.md", |t| {
        Some(t + "\nNachtrag.\n")
    });

    // A recurring event: list, home page, calendars.
    s.edit(
        "content/events/mietercafe.md",
        replace(
            "name: Nachbarschaftstreff",
            "name: Nachbarschaftstreff (Saal)",
        ),
    );
    s.edit(
        "content/events/mietercafe.md",
        replace("end: 2026-10-13T21:00", "end: 2026-10-13T21:30"),
    );

    // A page in the footer of every page, and the home page's intro.
    s.edit(
        "content/pages/impressum.md",
        replace("title: \"Impressum\"", "title: \"Impressum & Kontakt\""),
    );
    s.edit("content/index.md", |t| {
        Some(t + "\nSchön, dass Sie da sind.\n")
    });

    // A new article, then gone again.
    let new = "content/articles/neu-im-hof.md";
    s.edit(new, |_| {
        Some("---\ntitle: Neu im Hof\ndate: 2026-11-20\ntags: [Winter]\n---\nHallo.\n".into())
    });
    s.edit(new, |t| Some(t.replace("Hallo.", "Hallo, Nachbarn.")));
    s.edit(new, |_| None);

    // A new section with an article, described, taken out of the main
    // list, then emptied.
    let sectioned = "content/articles/hofgeschichten/erste.md";
    s.edit(sectioned, |_| {
        Some("---\ntitle: Erste Geschichte\ndate: 2026-11-19\n---\nEs war einmal.\n".into())
    });
    let about = "content/articles/hofgeschichten/_section.yaml";
    s.edit(about, |_| Some("title: Hofgeschichten\n".into()));
    s.edit(about, |t| Some(t + "main_list: false\n"));
    s.edit(sectioned, |_| None);
    s.edit(about, |_| None);

    // A draft flag hides the article.
    s.edit(
        "content/articles/winterdienst.md",
        replace("---\ntitle:", "---\ndraft: true\ntitle:"),
    );
    s.edit(
        "content/articles/winterdienst.md",
        replace("draft: true\n", ""),
    );

    // An event moves to another day.
    s.edit(
        "content/events/repair-cafe-dezember.md",
        replace("start: 2026-12-", "start: 2026-11-"),
    );

    // A question moves to another category, by key and by folder.
    s.edit(
        "content/faq/heizung/richtig-lueften.md",
        replace("order: 4\n", "order: 4\ncategory: reparaturen\n"),
    );
    rename(
        &mut s,
        "content/faq/einzug-und-auszug/wohnungstausch.md",
        "content/faq/gemeinschaft/wohnungstausch.md",
    );
    // A broken edit fails without spoiling what is kept.
    let path = s.site().join("content/articles/winterdienst.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, good.replacen("date: 2026-01-12", "date: gestern", 1)).unwrap();
    s.changed("content/articles/winterdienst.md");
    assert!(kiez::generate(&s.opts, &mut s.reuse).is_err());
    s.edit("content/articles/winterdienst.md", |_| {
        Some(good.replacen("Der erste Schnee", "Der allererste Schnee", 1))
    });

    // An article renamed: a new URL for it, links to it follow.
    rename(
        &mut s,
        "content/articles/winterdienst.md",
        "content/articles/winterdienst-2026.md",
    );

    // A bundle's inline image replaced by one of another size: the
    // page's `<img>` must carry the new variants and dimensions. The
    // server starts afresh on any change but Markdown; marking only the
    // file changed checks that the kept pages cannot go stale even so.
    let image = "articles/neubau-kastanienweg/schnitt.jpg";
    let path = s.site().join("content").join(image);
    std::fs::write(path, crate::harness::png(800, 600)).unwrap();
    s.reuse.content_changed(Path::new(image));
    s.check(image);

    // Templates, static files and the config start from a fresh `Reuse`.
    s.edit("templates/partials/footer_extra.html", |_| {
        Some("<p>x</p>".into())
    });
    s.edit("templates/article.html", |_| {
        Some(
            "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{% endblock %}"
                .into(),
        )
    });
    s.edit("static/hinweis.txt", |_| Some("Hinweis".into()));
    let reused = s.edit("kiez.yaml", |t| Some(t.replacen("title:", "title: Das", 1)));
    assert_eq!(reused, 0);
}

/// Moves a file, as an editor's file manager does: one change for the
/// old name, one for the new.
fn rename(s: &mut Session, from: &str, to: &str) {
    let text = std::fs::read_to_string(s.site().join(from)).unwrap();
    std::fs::remove_file(s.site().join(from)).unwrap();
    std::fs::write(s.site().join(to), text).unwrap();
    s.changed(from);
    s.changed(to);
    s.check(&format!("{from} → {to}"));
}

/// The dev server serves the edited page at once, rendered against the
/// last build (`Reuse::preview`), then rebuilds. A preview must be the
/// page the rebuild makes, apart from what it leaves to the rebuild (the
/// share card's name); the rebuild that follows a preview must still be
/// a fresh build's output; edits that move a page or change its images
/// get no preview.
#[test]
fn a_preview_is_the_page_the_rebuild_makes() {
    let dir = tempfile::tempdir().unwrap();
    let site = crate::harness::TestSite::new();
    site.article(
        "hof",
        "Hoffest",
        "2026-06-01",
        "tags: [Hof]\n",
        "Erster Stand.\n\nSiehe [Kehrwoche](kehrwoche.md).",
    );
    site.article(
        "kehrwoche",
        "Kehrwoche",
        "2026-05-01",
        "tags: [Hof, Haus]\n",
        "Wer kehrt wann?",
    );
    site.file(
        "content/events/flohmarkt.md",
        "---\ntitle: Flohmarkt\nstart: 2026-12-05T10:00\nlocation: {name: Hof}\n---\nTische mitbringen.\n",
    );
    site.article("garten/index", "Garten", "2026-04-01", "", "Die Beete.");
    site.bytes(
        "content/articles/garten/beet.png",
        &crate::harness::png(40, 30),
    );
    let root = dir.path().join("site");
    copy_dir(site.root(), &root);
    let mut s = Session::of(dir, root);

    let (path, preview, built) = s
        .preview("content/articles/hof.md", |t| {
            Some(t + "\nEin neuer Absatz.\n")
        })
        .expect("a body edit is previewed");
    assert_eq!(path, "articles/hof/index.html");
    assert_eq!(preview, built, "a body edit's preview is the rebuilt page");
    let (_, preview, built) = s
        .preview("content/events/flohmarkt.md", replace("Tische", "Decken"))
        .expect("an event's body edit is previewed");
    assert_eq!(preview, built);

    let (_, preview, built) = s
        .preview(
            "content/articles/hof.md",
            replace("Hoffest", "Großes Hoffest"),
        )
        .expect("a title edit is previewed");
    let texts = |html: &str, css: &str| {
        crate::harness::Page(scraper::Html::parse_document(html)).texts(css)
    };
    assert_eq!(texts(&preview, "h1"), ["Großes Hoffest"]);
    assert_eq!(texts(&preview, "title"), texts(&built, "title"));
    assert_eq!(texts(&preview, "main"), texts(&built, "main"));

    type Edit = Box<dyn FnOnce(String) -> Option<String>>;
    let cases: [(&str, &str, Edit); 3] = [
        (
            "a new slug",
            "kehrwoche",
            Box::new(replace("title:", "slug: fest\ntitle:")),
        ),
        (
            "a draft",
            "garten/index",
            Box::new(replace("title:", "draft: true\ntitle:")),
        ),
        (
            "a new image",
            "garten/index",
            Box::new(|t| Some(t + "\n![Beet](beet.png)\n")),
        ),
    ];
    for (what, name, edit) in cases {
        let rel = format!("content/articles/{name}.md");
        let before = std::fs::read_to_string(s.site().join(&rel)).unwrap();
        assert!(
            s.preview(&rel, edit).is_none(),
            "{what} is left to the rebuild"
        );
        std::fs::write(s.site().join(&rel), before).unwrap();
        s.changed(&rel);
        s.check(what);
    }
}

/// On a multilingual site, an edit to a page of the default language is
/// previewed with its language switcher; a translation is left to the
/// rebuild (only the default language's model is kept).
#[test]
fn a_multilingual_sites_preview_is_the_page_the_rebuild_makes() {
    let mut s = Session::new();
    let (path, preview, built) = s
        .preview("content/articles/hausordnung-erklaert.md", |t| {
            Some(t + "\nEin neuer Absatz.\n")
        })
        .expect("an edit to the default language is previewed");
    assert_eq!(path, "articles/hausordnung-erklaert/index.html");
    assert_eq!(preview, built);
    let switcher = crate::harness::Page(scraper::Html::parse_document(&preview))
        .attrs("link[rel=alternate][hreflang]", "hreflang");
    assert!(switcher.len() >= 5, "{switcher:?}");
    let translation = s.preview("content/articles/hausordnung-erklaert.en.md", |t| {
        Some(t + "\nA new paragraph.\n")
    });
    assert!(
        translation.is_none(),
        "a translation is left to the rebuild"
    );
}
