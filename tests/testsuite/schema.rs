//! `kiez schema`: the JSON Schemas accept every content file and the
//! config of `example-site/` and refuse broken ones. Checked with the
//! `jsonschema` crate, a validator that shares nothing with kiez's loader;
//! where the loader is asked too, both must agree.

use std::path::{Path, PathBuf};

use kiez::cms::schema::Target;
use serde_json::Value;

fn validator(target: Target) -> jsonschema::Validator {
    jsonschema::validator_for(&target.schema()).expect("kiez writes a valid schema")
}

/// The front matter of a Markdown file as JSON, read by a YAML parser.
fn front_matter(text: &str) -> Value {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---").expect("closing ---");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).unwrap();
    serde_json::to_value(yaml).unwrap()
}

/// Which schema a file under `content/` is read with.
fn target_of(rel: &str) -> Target {
    match rel.split('/').next().unwrap() {
        "articles" => Target::Article,
        "events" => Target::Event,
        "faq" => Target::Faq,
        "editions" => Target::Edition,
        _ => Target::Page,
    }
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site")
}

#[test]
fn schemas_accept_every_file_of_the_example_site() {
    let content = example().join("content");
    let mut checked = 0;
    for path in crate::harness::walk(&content) {
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let rel = path.strip_prefix(&content).unwrap().to_string_lossy();
        let matter = front_matter(&std::fs::read_to_string(&path).unwrap());
        let errors: Vec<String> = validator(target_of(&rel))
            .iter_errors(&matter)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{rel}: {errors:?}");
        checked += 1;
    }
    assert!(checked > 40, "only {checked} files found");
    let config: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(example().join("kiez.yaml")).unwrap())
            .unwrap();
    let config = serde_json::to_value(config).unwrap();
    assert!(validator(Target::Config).is_valid(&config));
}

/// Front matters (YAML) that both the schema and kiez's loader refuse.
const BROKEN: &[(Target, &str, &str)] = &[
    (Target::Article, "articles/a.md", "title: A"),
    (Target::Article, "articles/a.md", "date: 2026-01-01"),
    (
        Target::Article,
        "articles/a.md",
        "title: A\ndate: nächsten Dienstag",
    ),
    (
        Target::Article,
        "articles/a.md",
        "title: A\ndate: 2026-01-01\ntags: {a: 1}",
    ),
    (
        Target::Article,
        "articles/a.md",
        "title: A\ndate: 2026-01-01\ndraft: vielleicht",
    ),
    (
        Target::Article,
        "articles/a.md",
        "title: A\ndate: 2026-01-01\ngallery: [{caption: ohne Bild}]",
    ),
    (
        Target::Article,
        "articles/a.md",
        "title: [A, B]\ndate: 2026-01-01",
    ),
    (Target::Event, "events/e.md", "title: E"),
    (
        Target::Event,
        "events/e.md",
        "title: E\nstart: 2026-05-01T18:00\nstatus: maybe",
    ),
    (
        Target::Event,
        "events/e.md",
        "title: E\nstart: 2026-05-01T18:00\nrepeat: {weekday: tuesday}",
    ),
    (
        Target::Event,
        "events/e.md",
        "title: E\nstart: 2026-05-01T18:00\nrepeat: {every: day}",
    ),
    (
        Target::Event,
        "events/e.md",
        "title: E\nstart: 2026-05-01T18:00\nrepeat: {every: month, weekdays: 2nd tuesday}",
    ),
    (
        Target::Event,
        "events/e.md",
        "title: E\nstart: 2026-05-01T18:00\nrepeat: {every: month, interval: -1}",
    ),
    (
        Target::Event,
        "events/e.md",
        "title: E\nstart: 2026-05-01T18:00\nlocation: {address: Hof 1}",
    ),
    (
        Target::Event,
        "events/e.md",
        "title: E\nstart: 2026-05-01T18:00\nlocation: {name: Hof, lat: nördlich}",
    ),
    (
        Target::Event,
        "events/e.md",
        "title: E\nstart: 2026-05-01T18:00\nregistration: {link: https://x.example/}",
    ),
    (
        Target::Event,
        "events/e.md",
        "title: E\nstart: 2026-05-01T18:00\nall_day: ja bitte",
    ),
    (Target::Faq, "faq/allgemein/f.md", "order: 1"),
    (Target::Faq, "faq/allgemein/f.md", "title: F\norder: zuerst"),
    (Target::Page, "pages/p.md", "description: keine Überschrift"),
    (Target::Page, "pages/p.md", "title: P\nmenu: oben"),
];

#[test]
fn schemas_and_loader_refuse_broken_front_matter() {
    let site = tempfile::tempdir().unwrap();
    let config = kiez::config::SiteConfig::from_str(
        "title: T\nbase_url: https://example.org/\n",
        Path::new("kiez.yaml"),
    )
    .unwrap();
    let content = site.path().join("content");
    let opts = kiez::content::LoadOptions {
        content_dir: &content,
        config: &config,
        drafts: true,
        now: chrono::Utc::now(),
    };
    for (target, rel, yaml) in BROKEN {
        let matter: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let matter = serde_json::to_value(matter).unwrap();
        assert!(
            !validator(*target).is_valid(&matter),
            "the schema accepts {yaml:?}"
        );
        let text = format!("---\n{yaml}\n---\nText.\n");
        assert!(
            kiez::content::parse_file(&opts, rel, &text).is_err(),
            "the loader accepts {yaml:?}"
        );
    }
}

#[test]
fn config_schema_refuses_broken_configs() {
    let broken = [
        "title: T",
        "title: T\nbase_url: https://example.org/\ncolours: {accent: red}",
        "title: T\nbase_url: https://example.org/\nlanguage: fr",
        "title: T\nbase_url: https://example.org/\ncms: {script: /decap.js}",
        "title: T\nbase_url: https://example.org/\nsections: {articles: {per_page: viele}}",
    ];
    for yaml in broken {
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let value = serde_json::to_value(value).unwrap();
        assert!(
            !validator(Target::Config).is_valid(&value),
            "the schema accepts {yaml:?}"
        );
        assert!(
            kiez::config::SiteConfig::from_str(yaml, Path::new("kiez.yaml")).is_err(),
            "the loader accepts {yaml:?}"
        );
    }
}

#[test]
fn kiez_schema_prints_each_schema_as_json() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["article", "event", "faq", "page", "kiez.yaml"] {
        let out = crate::harness::kiez_in(dir.path(), &["schema", name]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(jsonschema::validator_for(&schema).is_ok(), "{name}");
    }
}

#[test]
fn new_points_files_at_their_schema_once_the_site_has_one() {
    let site = crate::harness::TestSite::new();
    let out = site.kiez(&["new", "article", "Ohne Schema"]);
    assert!(out.status.success());
    let text =
        std::fs::read_to_string(site.root().join("content/articles/ohne-schema.md")).unwrap();
    assert!(!text.contains("yaml-language-server"));

    let out = site.kiez(&["schema", "--out", "static/admin/schema"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (args, rel) in [
        (
            &["new", "article", "Mit Schema"][..],
            "content/articles/mit-schema.md",
        ),
        (
            &["new", "faq", "Wer?", "--category", "Haus"],
            "content/faq/haus/wer.md",
        ),
    ] {
        assert!(site.kiez(args).status.success());
        let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
        let line = text.lines().nth(1).unwrap();
        let schema = line
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{line}"));
        // The path is relative to the file and leads to the schema.
        let target = site.root().join(rel).parent().unwrap().join(schema);
        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(target).unwrap()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert!(validator.is_valid(&front_matter(&text)), "{text}");
    }
    site.build_ok_with(&["--drafts"]);
}
