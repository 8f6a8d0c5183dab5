//! Bad input: every case exits 1, names the file (and line where there is
//! one), and leaves the last good output untouched.

use crate::harness::{snapshot, TestSite, CONFIG};

/// Builds a good site, applies `breakage`, and checks the failed build.
/// Returns stderr for further assertions.
pub(crate) fn fails_cleanly(breakage: impl FnOnce(&TestSite), expected: &[&str]) -> String {
    let site = TestSite::new();
    site.article("gut", "Gut", "2026-01-01", "", "Alles gut.");
    site.build_ok();
    let before = snapshot(&site.public());
    breakage(&site);
    let stderr = site.build_fails();
    for needle in expected {
        assert!(stderr.contains(needle), "expected `{needle}` in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        snapshot(&site.public()),
        before,
        "output changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name().to_string_lossy().contains(".kiez-new")
                || e.file_name().to_string_lossy().contains(".kiez-old")
        })
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
    stderr
}

#[test]
fn broken_yaml() {
    fails_cleanly(
        |s| {
            s.file(
                "content/articles/kaputt.md",
                "---\ntitle: Kaputt\ndate: [2026\n---\nx\n",
            );
        },
        &["content/articles/kaputt.md:", "invalid YAML"],
    );
}

#[test]
fn wrong_type_names_line_and_key() {
    fails_cleanly(
        |s| {
            s.file(
                "content/articles/typ.md",
                "---\ntitle: Typ\ndate: 2026-01-01\ndraft: vielleicht\n---\nx\n",
            );
        },
        &[
            "content/articles/typ.md:4: key `draft`",
            "expected a boolean",
        ],
    );
}

#[test]
fn missing_required_key() {
    fails_cleanly(
        |s| {
            s.file(
                "content/articles/ohne.md",
                "---\ntitle: Ohne Datum\n---\nx\n",
            );
        },
        &[
            "content/articles/ohne.md:2: key `date`",
            "missing required key `date`",
        ],
    );
}

#[test]
fn bad_date() {
    fails_cleanly(
        |s| {
            s.file(
                "content/events/fest.md",
                "---\ntitle: Fest\nstart: 2026-02-30T18:00\n---\nx\n",
            );
        },
        &[
            "content/events/fest.md:3: key `start`",
            "not a valid date",
            "hint:",
        ],
    );
}

#[test]
fn event_ending_before_it_starts() {
    fails_cleanly(
        |s| {
            s.file(
                "content/events/fest.md",
                "---\ntitle: Fest\nstart: 2026-12-01T18:00\nend: 2026-12-01T17:00\n---\nx\n",
            );
        },
        &[
            "content/events/fest.md:4: key `end`",
            "ends before it starts",
        ],
    );
}

#[test]
fn unknown_event_timezone() {
    fails_cleanly(
        |s| {
            s.file(
                "content/events/fest.md",
                "---\ntitle: Fest\nstart: 2026-12-01T18:00\ntimezone: Europe/Lindenhof\n---\nx\n",
            );
        },
        &[
            "content/events/fest.md:4: key `timezone`",
            "unknown time zone",
        ],
    );
}

#[test]
fn file_without_front_matter() {
    fails_cleanly(
        |s| {
            s.file("content/articles/nackt.md", "# Nur Text\n");
        },
        &["content/articles/nackt.md:1", "no front matter", "`---`"],
    );
}

#[test]
fn unknown_config_key_suggests_the_right_one() {
    fails_cleanly(
        |s| {
            s.file("kiez.yaml", &format!("{CONFIG}descripton: Tippfehler\n"));
        },
        &[
            "kiez.yaml:5:1: key `descripton`",
            "did you mean `description`",
        ],
    );
}

#[test]
fn template_error_names_the_template() {
    fails_cleanly(
        |s| {
            s.file("templates/article.html", "{% extends \"base.html\" %}{% block content %}{{ page.nope | upper }}{% endblock content %}");
        },
        &["template `article.html`", "nope"],
    );
}

#[test]
fn template_syntax_error_names_the_template() {
    fails_cleanly(
        |s| {
            s.file("templates/page.html", "{% if %}");
        },
        &["page.html"],
    );
}

#[test]
fn dangling_content_link_names_both_files() {
    fails_cleanly(
        |s| {
            s.article(
                "link",
                "Link",
                "2026-01-02",
                "",
                "Text\n\nZum [Fest](../events/fehlt.md).",
            );
        },
        &["content/articles/link.md:7", "../events/fehlt.md"],
    );
}

#[test]
fn link_to_a_draft_is_dangling_without_drafts() {
    fails_cleanly(
        |s| {
            s.article("entwurf", "Entwurf", "2026-01-02", "draft: true\n", "x");
            s.article("link", "Link", "2026-01-02", "", "[E](entwurf.md)");
        },
        &["content/articles/link.md", "entwurf.md", "--drafts"],
    );
}

#[test]
fn missing_image_names_page_and_key() {
    fails_cleanly(
        |s| {
            s.file(
                "content/articles/bild/index.md",
                "---\ntitle: Bild\ndate: 2026-01-01\nimage: fehlt.jpg\n---\nx\n",
            );
        },
        &["content/articles/bild/index.md:4: key `image`", "fehlt.jpg"],
    );
}

#[test]
fn missing_inline_image() {
    fails_cleanly(
        |s| {
            s.file(
                "content/articles/bild/index.md",
                "---\ntitle: Bild\ndate: 2026-01-01\n---\n\n![Hof](hof.jpg)\n",
            );
        },
        &["content/articles/bild/index.md:6", "hof.jpg"],
    );
}

#[test]
fn two_items_with_the_same_url() {
    let stderr = fails_cleanly(
        |s| {
            s.article("doppelt", "Eins", "2026-01-01", "", "x");
            s.article("anders", "Zwei", "2026-01-01", "slug: Doppelt\n", "x");
        },
        &[
            "content/articles/anders.md:4: key `slug`: makes the URL /articles/doppelt/, as `",
            "content/articles/doppelt.md` does; give one of them another `slug`",
        ],
    );
    assert!(!stderr.contains("look alike"), "{stderr}");
}

/// Both URLs set by `slug:`: the message names both lines.
#[test]
fn two_slugs_with_the_same_url() {
    fails_cleanly(
        |s| {
            s.article("eins", "Eins", "2026-01-01", "slug: gleich\n", "x");
            s.article(
                "zwei",
                "Zwei",
                "2026-01-01",
                "tags: [a]\nslug: gleich\n",
                "x",
            );
        },
        &[
            "content/articles/zwei.md:5: key `slug`: makes the URL /articles/gleich/, as `",
            "content/articles/eins.md` does (line 4, key `slug`)",
        ],
    );
}

/// A page taking the address of a list page kiez makes.
#[test]
fn slug_taking_a_list_page() {
    fails_cleanly(
        |s| {
            s.file(
                "content/pages/suche.md",
                "---\ntitle: Suche\nslug: search\n---\nx\n",
            );
        },
        &["content/pages/suche.md:3: key `slug`: makes the URL /search/, which is a list page"],
    );
}

#[test]
fn unknown_related_question() {
    fails_cleanly(
        |s| {
            s.file(
                "content/faq/heizung/kalt.md",
                "---\ntitle: Kalt?\nrelated:\n  - heizung/fehlt.md\n---\nx\n",
            );
        },
        &[
            "content/faq/heizung/kalt.md:3: key `related`",
            "heizung/fehlt.md",
        ],
    );
}

#[test]
fn file_outside_known_sections() {
    fails_cleanly(
        |s| {
            s.file("content/blog/x.md", "---\ntitle: X\n---\n");
        },
        &["content/blog/x.md", "articles/"],
    );
}

#[test]
fn category_file_with_unknown_key() {
    fails_cleanly(
        |s| {
            s.file(
                "content/faq/heizung/_category.yaml",
                "title: Heizung\nreihenfolge: 1\n",
            );
        },
        &["content/faq/heizung/_category.yaml:2: key `reihenfolge`"],
    );
}

#[test]
fn path_escaping_alias_is_rejected() {
    fails_cleanly(
        |s| {
            s.article("a", "A", "2026-01-01", "aliases: [\"../../etc/x\"]\n", "x");
        },
        &["content/articles/a.md:4: key `aliases`"],
    );
}

#[test]
fn missing_config() {
    let site = TestSite::new();
    std::fs::remove_file(site.root().join("kiez.yaml")).unwrap();
    let stderr = site.build_fails();
    assert!(
        stderr.contains("kiez.yaml") && stderr.contains("kiez init"),
        "{stderr}"
    );
}

#[test]
fn bad_source_date_epoch_is_a_usage_error() {
    let site = TestSite::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kiez"))
        .args(["build", "."])
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", "gestern")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SOURCE_DATE_EPOCH"));
}

#[test]
fn alias_taking_another_pages_address() {
    fails_cleanly(
        |s| {
            s.file(
                "content/pages/impressum.md",
                "---\ntitle: Impressum\n---\nx\n",
            );
            s.article("alt", "Alt", "2026-01-01", "aliases: [/impressum/]\n", "x");
        },
        &[
            "content/articles/alt.md:4: key `aliases`: makes the URL /impressum/, as `",
            "content/pages/impressum.md` does; remove the alias",
        ],
    );
}

#[test]
fn faq_category_without_letters() {
    fails_cleanly(
        |s| {
            s.file(
                "content/faq/heizung/q.md",
                "---\ntitle: Q?\ncategory: \"!!!\"\n---\nx\n",
            );
        },
        &["content/faq/heizung/q.md:3: key `category`"],
    );
}

#[test]
fn every_error_of_a_site_is_reported_in_one_run() {
    let stderr = fails_cleanly(
        |site| {
            site.file(
                "content/articles/a.md",
                "---\ntitle: A\ndate: gestern\n---\nx\n",
            )
            .file(
                "content/articles/b.md",
                "---\ntitle: B\ndate: 2026-01-01\n---\n[x](weg.md)\n",
            )
            .file(
                "content/articles/c.md",
                "---\ntitle: C\ndate: 2026-01-01\n---\n![Bild](fehlt.jpg)\n",
            )
            .file(
                "content/articles/d.md",
                "---\ntitle: [D]\ndate: 2026-01-01\n---\nx\n",
            )
            .file(
                "content/articles/e.md",
                "---\ntitle: E\ndate: [2026\n---\nx\n",
            )
            // A link to a file that failed is that file's error only.
            .file(
                "content/articles/f.md",
                "---\ntitle: F\ndate: 2026-01-01\n---\n[a](a.md)\n",
            );
        },
        &[],
    );
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("Error: "))
        .collect();
    let files: Vec<&str> = errors
        .iter()
        .map(|l| l.trim_start_matches("Error: ").split(':').next().unwrap())
        .collect();
    assert_eq!(
        files,
        ["a.md", "b.md", "c.md", "d.md", "e.md"].map(|f| format!("./content/articles/{f}")),
        "{stderr}"
    );
    assert!(errors[0].contains(":3: key `date`"), "{stderr}");
    assert!(errors[1].contains(":5: link to `weg.md`"), "{stderr}");
    assert!(
        errors[2].contains(":5: image `fehlt.jpg` not found"),
        "{stderr}"
    );
    assert!(stderr.lines().any(|l| l == "5 errors"), "{stderr}");
}

#[test]
fn a_misspelt_key_is_a_warning_with_the_key_it_means() {
    let site = TestSite::new();
    site.file(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2026-01-01\ncategorie: [Hof]\nstart: 2026-02-01\nmood: sunny\n---\nx\n",
    );
    let out = site.build_ok();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("Warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            "Warning: ./content/articles/a.md:4: key `categorie`: unknown key; did you mean `categories`?",
            "Warning: ./content/articles/a.md:5: key `start`: unknown key; `start` is a key of events, not of an article",
        ],
        "{stderr}"
    );
}
