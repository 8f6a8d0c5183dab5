//! How errors and warnings look to an editor by default: the message, the
//! place, the offending line with the spot underlined, the hint. Exact
//! transcripts, so a change to what editors read shows up in review.

use std::process::{Command, Output};

use crate::harness::{TestSite, NOW};

/// Runs `kiez build .` with the default message format and the given
/// colour variables (and no others).
fn build(site: &TestSite, colour: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiez"));
    cmd.args(["build", "."])
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", NOW);
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"] {
        cmd.env_remove(var);
    }
    cmd.envs(colour.iter().copied()).output().expect("run kiez")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A site with five broken files, each broken a different way.
fn five_broken() -> TestSite {
    let site = TestSite::new();
    site.file(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2026-13-45\n---\nx\n",
    )
    .file(
        "content/articles/b.md",
        "---\ntitle: \"B\" [\ndate: 2026-01-01\n---\nx\n",
    )
    .file(
        "content/articles/c.md",
        "---\ntitle: C\ndate: 2026-01-01\ndraft: vielleicht\n---\nx\n",
    )
    .file(
        "content/articles/d.md",
        "---\ntitle: D\ndate: 2026-01-01\n---\nSiehe [hier](weg.md).\n",
    )
    .file(
        "content/events/e.md",
        "---\ntitel: Fest\nstart: 2026-06-01T15:00\n---\nx\n",
    );
    site
}

const FIVE_ERRORS: &str = "\
error: key `date`: `2026-13-45` is not a valid date
 --> ./content/articles/a.md:3:7
  |
3 | date: 2026-13-45
  |       ^^^^^^^^^^
  |
  = help: write a date as 2026-11-20, a local time as 2026-11-20T18:00, or RFC 3339 like 2026-11-20T18:00:00+01:00

error: invalid YAML: did not find expected key
 --> ./content/articles/b.md:2:12
  |
2 | title: \"B\" [
  |            ^

error: key `draft`: found string \"vielleicht\", but expected a boolean
 --> ./content/articles/c.md:4:8
  |
4 | draft: vielleicht
  |        ^^^^^^^^^^

error: link to `weg.md`, which is not a content file of this build
 --> ./content/articles/d.md:5:14
  |
5 | Siehe [hier](weg.md).
  |              ^^^^^^
  |
  = help: link to another file by its path relative to this one, e.g. ../events/sommerfest.md; drafts are only there with --drafts

error: missing required key `title` for an event
 --> ./content/events/e.md:2:1
  |
2 | titel: Fest
  | ^^^^^^
  |
  = help: `titel` looks like a misspelling: write `title:`

5 errors
";

#[test]
fn five_errors_in_five_files_are_shown_in_one_run_with_their_lines() {
    let site = five_broken();
    let out = build(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), FIVE_ERRORS);
    assert!(!site.public().exists(), "a failed build writes nothing");
}

#[test]
fn colour_only_when_forced_and_never_with_no_color() {
    let site = five_broken();
    let escapes = |out: &Output| stderr(out).contains("\x1b[");
    assert!(!escapes(&build(&site, &[])), "piped stderr has no colour");
    assert!(escapes(&build(&site, &[("CLICOLOR_FORCE", "1")])));
    let both = build(&site, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!escapes(&both), "NO_COLOR wins");
    assert_eq!(stderr(&both), FIVE_ERRORS);
}

#[test]
fn a_near_miss_key_is_a_warning_with_its_line_and_the_build_goes_on() {
    let site = TestSite::new();
    site.file(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2026-01-01\ncategorie: [Hof]\n---\nx\n",
    );
    let out = build(&site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "\
warning: key `categorie`: unknown key; did you mean `categories`?
 --> ./content/articles/a.md:4:12
  |
4 | categorie: [Hof]
  |            ^^^^^
  |
  = help: keys kiez does not know are only passed to templates as page.extra

"
    );
}

#[test]
fn a_template_error_names_the_variable_it_probably_meant() {
    let site = TestSite::new();
    site.article("a", "A", "2026-01-01", "", "x").file(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.titel }}{% endblock content %}",
    );
    let out = build(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.starts_with("error: template `article.html`: "),
        "{text}"
    );
    assert!(
        text.contains("Variable `page.titel` not found in context while rendering 'article.html'; did you mean `page.title`? (while rendering /articles/a/ (from ./content/articles/a.md))"),
        "{text}"
    );
}
