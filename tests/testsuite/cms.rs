//! `kiez cms init`: the Decap CMS configuration is valid YAML, uses only
//! widgets and options Decap documents, covers the content model, keeps a
//! site's own additions when run again; the admin page loads the CMS and
//! the theme's stylesheet.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::harness::{kiez_in, walk, TestSite};

/// Decap CMS's documented configuration, as of the docs at
/// decapcms.org/docs (Configuration Options, Collection Types, Widgets and
/// each widget's page; pages updated 2025-10-10 to 2026-01-30, Decap CMS
/// 3.x; the admin page loads 3.16.3). Options every widget has first.
const FIELD_OPTIONS: &[&str] = &[
    "name", "label", "widget", "required", "hint", "pattern", "default", "comment", "i18n",
];
const WIDGETS: &[(&str, &[&str])] = &[
    ("boolean", &[]),
    (
        "code",
        &[
            "default_language",
            "allow_language_selection",
            "keys",
            "output_code_only",
        ],
    ),
    ("color", &["allowInput", "enableAlpha"]),
    (
        "datetime",
        &["format", "date_format", "time_format", "picker_utc"],
    ),
    (
        "file",
        &[
            "media_library",
            "allow_multiple",
            "choose_url",
            "media_folder",
            "public_folder",
        ],
    ),
    ("hidden", &[]),
    (
        "image",
        &[
            "media_library",
            "allow_multiple",
            "choose_url",
            "media_folder",
            "public_folder",
        ],
    ),
    (
        "list",
        &[
            "allow_add",
            "allow_remove",
            "allow_reorder",
            "collapsed",
            "summary",
            "minimize_collapsed",
            "label_singular",
            "field",
            "fields",
            "max",
            "min",
            "add_to_top",
            "types",
            "typeKey",
        ],
    ),
    ("map", &["decimals", "type"]),
    (
        "markdown",
        &[
            "minimal",
            "buttons",
            "editor_components",
            "modes",
            "sanitize_preview",
        ],
    ),
    ("number", &["value_type", "min", "max", "step"]),
    ("object", &["collapsed", "summary", "fields"]),
    (
        "relation",
        &[
            "collection",
            "value_field",
            "search_fields",
            "file",
            "display_fields",
            "multiple",
            "min",
            "max",
            "options_length",
        ],
    ),
    ("select", &["options", "multiple", "min", "max"]),
    ("string", &[]),
    ("text", &[]),
];
const COLLECTION_OPTIONS: &[&str] = &[
    "name",
    "identifier_field",
    "label",
    "label_singular",
    "description",
    "files",
    "folder",
    "filter",
    "create",
    "publish",
    "hide",
    "delete",
    "extension",
    "format",
    "frontmatter_delimiter",
    "slug",
    "preview_path",
    "preview_path_date_field",
    "fields",
    "editor",
    "summary",
    "sortable_fields",
    "view_filters",
    "view_groups",
    "nested",
    "meta",
    "path",
    "media_folder",
    "public_folder",
    "i18n",
];
const FILE_OPTIONS: &[&str] = &[
    "name",
    "label",
    "file",
    "fields",
    "media_folder",
    "public_folder",
    "preview_path",
];
const TOP_LEVEL: &[&str] = &[
    "backend",
    "local_backend",
    "publish_mode",
    "media_folder",
    "public_folder",
    "media_library",
    "site_url",
    "display_url",
    "logo_url",
    "logo",
    "locale",
    "show_preview_links",
    "search",
    "slug",
    "collections",
    "i18n",
    "editor",
];
const BACKEND_OPTIONS: &[&str] = &[
    "name",
    "repo",
    "branch",
    "api_root",
    "site_domain",
    "base_url",
    "auth_endpoint",
    "auth_type",
    "app_id",
    "cms_label_prefix",
    "squash_merges",
    "open_authoring",
    "commit_messages",
    "preview_context",
    "use_graphql",
];
const SLUG_OPTIONS: &[&str] = &["encoding", "clean_accents", "sanitize_replacement"];

fn copy_example() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    let to = tempfile::tempdir().unwrap();
    for file in walk(&from) {
        let rel = file.strip_prefix(&from).unwrap();
        if rel.starts_with("public") || rel.starts_with(".kiez-cache") {
            continue;
        }
        let target = to.path().join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, target).unwrap();
    }
    to
}

fn cms_init(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["cms", "init", "."];
    all.extend_from_slice(args);
    let out = kiez_in(dir, &all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("static/admin/config.yml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("config.yml is YAML");
    serde_json::to_value(yaml).unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn assert_keys(value: &Value, allowed: &[&str], what: &str) {
    for key in keys(value) {
        assert!(
            allowed.contains(&key),
            "`{key}` is not a documented option of {what}"
        );
    }
}

/// Checks a field and its children; counts the widgets seen.
fn check_field(field: &Value, seen: &mut BTreeMap<String, usize>) {
    let widget = field["widget"]
        .as_str()
        .expect("every field names its widget");
    let (_, options) = WIDGETS
        .iter()
        .find(|(name, _)| *name == widget)
        .unwrap_or_else(|| panic!("`{widget}` is not a documented widget"));
    let allowed: Vec<&str> = FIELD_OPTIONS
        .iter()
        .chain(options.iter())
        .copied()
        .collect();
    assert_keys(
        field,
        &allowed,
        &format!("the {widget} widget ({})", field["name"]),
    );
    assert!(field["required"].is_boolean(), "{field}");
    *seen.entry(widget.to_string()).or_default() += 1;
    if let Some(options) = field["options"].as_array() {
        assert!(!options.is_empty(), "a select needs options: {field}");
    }
    if let Some(children) = field["fields"].as_array() {
        children.iter().for_each(|f| check_field(f, seen));
    }
    if field.get("field").is_some() {
        check_field(&field["field"], seen);
    }
}

#[test]
fn config_uses_only_documented_widgets_and_options() {
    let site = copy_example();
    let config = cms_init(site.path(), &["--repo", "lindenhof/hofblatt"]);
    assert_keys(&config, TOP_LEVEL, "the configuration");
    assert_keys(&config["backend"], BACKEND_OPTIONS, "backend");
    assert_keys(&config["slug"], SLUG_OPTIONS, "slug");
    assert_eq!(config["local_backend"], true);
    let mut seen = BTreeMap::new();
    for collection in config["collections"].as_array().unwrap() {
        assert_keys(collection, COLLECTION_OPTIONS, "a collection");
        let fields = collection["fields"].as_array().into_iter().flatten();
        fields.for_each(|f| check_field(f, &mut seen));
        for file in collection["files"].as_array().into_iter().flatten() {
            assert_keys(file, FILE_OPTIONS, "a file");
            file["fields"]
                .as_array()
                .unwrap()
                .iter()
                .for_each(|f| check_field(f, &mut seen));
        }
    }
    for widget in [
        "string", "text", "markdown", "datetime", "image", "list", "object", "select", "number",
        "boolean", "color",
    ] {
        assert!(seen.contains_key(widget), "no {widget} widget: {seen:?}");
    }
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no collection {name}"))
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

#[test]
fn collections_follow_the_content_model_and_the_site() {
    let site = copy_example();
    let config = cms_init(
        site.path(),
        &["--backend", "gitea", "--repo", "lindenhof/hofblatt"],
    );
    assert_eq!(config["backend"]["name"], "gitea");
    assert_eq!(config["backend"]["api_root"], "https://codeberg.org/api/v1");
    // Articles are page bundles: media beside index.md.
    let articles = collection(&config, "articles");
    assert_eq!(articles["path"], "{{slug}}/index");
    assert_eq!(articles["media_folder"], "");
    // Categories and authors are chosen from the terms the site uses.
    let categories = field(&articles["fields"], "categories");
    assert_eq!(categories["widget"], "select");
    assert!(categories["options"]
        .as_array()
        .unwrap()
        .contains(&"Nachbarschaft".into()));
    assert_eq!(field(&articles["fields"], "date")["required"], true);
    assert_eq!(field(&articles["fields"], "body")["widget"], "markdown");
    // Events: required start, the repeat rule with a weekday select.
    let events = collection(&config, "events");
    assert_eq!(field(&events["fields"], "start")["required"], true);
    let repeat = field(&events["fields"], "repeat");
    // Not required: Decap would require it of events that do not repeat.
    assert_eq!(field(&repeat["fields"], "every")["required"], false);
    let weekdays = &field(&repeat["fields"], "weekday")["options"];
    assert!(weekdays
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["value"] == "2nd tuesday"));
    let status = &field(&events["fields"], "status")["options"];
    assert!(status
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["value"] == "moved-online"));
    // One FAQ collection per category folder, titled by _category.yaml.
    let heizung = collection(&config, "faq-heizung");
    assert_eq!(heizung["folder"], "content/faq/heizung");
    let folders = std::fs::read_dir(site.path().join("content/faq"))
        .unwrap()
        .count();
    let categories = collection(&config, "faq-categories");
    assert_eq!(categories["files"].as_array().unwrap().len(), folders);
    assert_eq!(categories["files"][0]["fields"][0]["name"], "title");
    // kiez.yaml as a settings file.
    let settings = collection(&config, "settings");
    assert_eq!(settings["files"][0]["file"], "kiez.yaml");
    assert!(collection(&config, "pages")["folder"] == "content/pages");
}

#[test]
fn running_again_keeps_the_sites_additions() {
    let site = copy_example();
    let path = site.path().join("static/admin/config.yml");
    let mut config = cms_init(site.path(), &["--repo", "lindenhof/hofblatt"]);
    // The site adds a collection, a field, an option and a top-level key.
    config["collections"].as_array_mut().unwrap().push(serde_json::json!(
        {"name": "rezepte", "label": "Rezepte", "folder": "content/rezepte", "fields": [{"name": "title", "label": "Titel", "widget": "string"}]}
    ));
    let articles = config["collections"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["name"] == "articles")
        .unwrap();
    let fields = articles["fields"].as_array_mut().unwrap();
    fields.push(serde_json::json!({"name": "mood", "label": "Stimmung", "widget": "string", "required": false}));
    fields[0]["hint"] = "ein eigener Hinweis".into();
    articles["delete"] = false.into();
    config["display_url"] = "https://hofblatt.example/".into();
    std::fs::write(&path, serde_yaml::to_string(&config).unwrap()).unwrap();

    let again = cms_init(site.path(), &[]);
    assert_eq!(again["backend"]["repo"], "lindenhof/hofblatt");
    assert_eq!(again["display_url"], "https://hofblatt.example/");
    assert_eq!(collection(&again, "rezepte")["folder"], "content/rezepte");
    let articles = collection(&again, "articles");
    assert_eq!(field(&articles["fields"], "mood")["label"], "Stimmung");
    assert_eq!(articles["delete"], false);
    // kiez's own fields are rewritten whole.
    assert_eq!(field(&articles["fields"], "title")["hint"], Value::Null);
    assert_eq!(field(&articles["fields"], "title")["widget"], "string");
}

#[test]
fn admin_page_loads_the_cms_and_the_theme_stylesheet() {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!(
            "{}cms:\n  script_url: /admin/decap-cms.js\n",
            crate::harness::CONFIG
        ),
    );
    cms_init(site.root(), &[]);
    let text = std::fs::read_to_string(site.root().join("static/admin/index.html")).unwrap();
    let page = scraper::Html::parse_document(&text);
    let scripts: Vec<_> = page
        .select(&scraper::Selector::parse("script").unwrap())
        .collect();
    assert_eq!(scripts[0].value().attr("src"), Some("/admin/decap-cms.js"));
    let inline: String = scripts[1].text().collect();
    assert!(
        inline.contains("registerPreviewStyle(\"/kiez.css\")"),
        "{inline}"
    );
    // `kiez serve` must not reload the editor (and lose a form) on a save.
    let no_reload =
        scraper::Selector::parse(r#"meta[name="kiez-live-reload"][content="off"]"#).unwrap();
    assert_eq!(page.select(&no_reload).count(), 1);
    // The admin page and schemas are published with the site.
    site.build_ok();
    assert!(site.exists("admin/index.html"));
    assert!(site.exists("admin/config.yml"));
    assert!(site.exists("admin/schema/article.json"));

    // A page of the site's own is left alone.
    site.file(
        "static/admin/index.html",
        "<!doctype html><p>eigene Seite</p>\n",
    );
    cms_init(site.root(), &[]);
    let text = std::fs::read_to_string(site.root().join("static/admin/index.html")).unwrap();
    assert!(text.contains("eigene Seite"));
}

#[test]
fn a_bad_script_url_is_an_error_naming_the_key() {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!(
            "{}cms:\n  script_url: \"javascript:alert(1)\"\n",
            crate::harness::CONFIG
        ),
    );
    let out = site.kiez(&["cms", "init", "."]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("kiez.yaml") && stderr.contains("cms.script_url"),
        "{stderr}"
    );
}

/// What Decap writes for a form whose optional fields were left empty or
/// emptied: blank strings and empty lists. It must build like a file
/// without those keys.
#[test]
fn blank_fields_the_cms_writes_build_cleanly() {
    let site = TestSite::new();
    site.file(
        "content/articles/hoffest/index.md",
        "---\ntitle: Hoffest\ndate: 2026-01-01 10:00\ndescription: Ein Fest.\nimage: ''\nimage_alt: ''\ncategories: []\ntags: []\nauthors: []\nupdated: ''\ngallery: []\nslug: ''\ndraft: false\n---\nText\n",
    );
    site.file(
        "content/events/treffen.md",
        "---\ntitle: Treffen\nstart: 2026-05-05 18:00\nend: ''\nall_day: false\ntimezone: ''\nonline_url: ''\norganizer: ''\nstatus: scheduled\nlocation:\n  name: Hof\n  address: ''\nregistration:\n  url: ''\n  deadline: ''\nrepeat:\n  every: month\n  weekday: 1st tuesday\n  until: ''\n  except: []\ndescription: Monatlich.\nimage: ''\nimage_alt: ''\ntags: []\ndraft: false\n---\nText\n",
    );
    let out = site.kiez(&["check", ".", "--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{report}");
    // An untouched repeat and place group is no rule and no place.
    site.file(
        "content/events/einmal.md",
        "---\ntitle: Einmal\nstart: 2026-06-05 18:00\nlocation: {name: '', address: ''}\nrepeat:\n  every: ''\n  weekday: ''\n  except: []\n  count: null\n---\nText\n",
    );
    site.build_ok();
    let page = site.html("events/einmal/index.html");
    assert_eq!(page.text("h1"), "Einmal");
    let page = site.html("events/treffen/index.html");
    assert_eq!(page.text("h1"), "Treffen");
    assert!(site.exists("articles/hoffest/index.html"));
}

/// What a form could still get wrong — a required field missing (a
/// config.yml edited by hand, or another CMS), a value outside the
/// choices — stops `kiez check` with the file and the key.
#[test]
fn check_reports_what_the_cms_could_write_wrongly() {
    let cases = [
        ("title: T\nend: 2026-05-05 20:00", "start"),
        ("title: T\nstart: 2026-05-05 18:00\nrepeat:\n  weekday: 2nd tuesday", "repeat"),
        ("title: T\nstart: 2026-05-05 18:00\nrepeat:\n  every: month\n  weekday: zweimal", "repeat.weekday"),
        ("title: T\nstart: 2026-05-05 18:00\nrepeat:\n  every: week\n  weekday: 2nd tuesday", "repeat.weekday"),
        ("title: T\nstart: 2026-05-05 18:00\nrepeat:\n  every: month\n  until: 2026-09-01\n  count: 3", "repeat"),
        ("title: T\nstart: 2026-05-05 18:00\nstatus: vielleicht", "status"),
        ("title: ''\nstart: 2026-05-05 18:00", "title"),
    ];
    for (yaml, key) in cases {
        let site = TestSite::new();
        site.file("content/events/e.md", &format!("---\n{yaml}\n---\nText\n"));
        let out = site.kiez(&["check", ".", "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{yaml}");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let finding = &report["findings"][0];
        assert_eq!(finding["level"], "error", "{yaml}: {report}");
        assert!(finding["file"]
            .as_str()
            .unwrap()
            .ends_with("content/events/e.md"));
        let message = finding["message"].as_str().unwrap();
        assert!(message.contains(&format!("`{key}")), "{yaml}: {message}");
    }
    // A cover image without alt text (Decap cannot require it only when
    // there is an image) is a finding, an error with --strict.
    let site = TestSite::new();
    site.bytes(
        "content/articles/a/bild.png",
        &crate::harness::png(1200, 630),
    );
    site.file(
        "content/articles/a/index.md",
        "---\ntitle: A\ndate: 2026-01-01\ndescription: D.\nimage: bild.png\n---\nText\n",
    );
    let out = site.kiez(&["check", ".", "--strict", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["check"] == "image_alt" && f["level"] == "error"));
}
