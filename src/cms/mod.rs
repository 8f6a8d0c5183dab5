//! The web editor: `kiez schema` (JSON Schemas of front matter and
//! `kiez.yaml`, in [`schema`]) and `kiez cms init`, which writes a Decap
//! CMS (or Sveltia CMS) admin page and configuration made from the same
//! content model: one collection per kind, a field per front-matter key
//! ([`fields`]), a settings form for `kiez.yaml` ([`settings`]).
//!
//! Running `kiez cms init` again regenerates what kiez owns and keeps
//! what the site added ([`merge`]): `config.yml` is read back, kiez's
//! collections, fields and top-level keys are rewritten, everything else
//! is kept. `index.html` is rewritten only while it carries kiez's marker.

pub mod decap;
pub mod fields;
mod merge;
pub mod schema;
pub mod settings;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::{SiteConfig, CONFIG_FILE};
use crate::error::{Error, Result, SourceError};
use decap::{Backend, Collection, Config, FileEntry, Slug};
use fields::{Labels, Terms};

/// Where the admin page lives, relative to the site.
pub const ADMIN_DIR: &str = "static/admin";
/// The Decap CMS script `/admin/` loads unless `cms.script_url` says
/// otherwise: a pinned version, the one whose documented widgets and
/// options the tests check the configuration against.
pub const DEFAULT_SCRIPT: &str = "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js";
/// The second line of a generated `index.html`; while it is there, kiez
/// may rewrite the file.
const MARKER: &str = "<!-- Written by `kiez cms init`";

/// The git forge editors log in with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forge {
    /// GitHub (needs an OAuth proxy, see docs/cms.md).
    GitHub,
    /// GitLab, gitlab.com or self-hosted (PKCE login in the browser).
    GitLab,
    /// Gitea or Forgejo, e.g. Codeberg (PKCE login in the browser).
    Gitea,
}

/// What `kiez cms init` was asked for.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The forge; `None` keeps the backend of an existing `config.yml`
    /// (GitHub for a new one).
    pub forge: Option<Forge>,
    /// `owner/name` of the site's repository.
    pub repo: Option<String>,
    /// The branch editors commit to.
    pub branch: String,
    /// The forge's address for GitLab/Gitea/Forgejo (default gitlab.com,
    /// codeberg.org).
    pub forge_url: Option<String>,
    /// The OAuth application id (GitLab, Gitea/Forgejo).
    pub app_id: Option<String>,
}

/// What `kiez cms init` did.
#[derive(Debug)]
pub struct InitReport {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Things the user should know (a placeholder left to fill in, an
    /// index.html left alone).
    pub notes: Vec<String>,
}

/// Writes `static/admin/index.html`, `static/admin/config.yml` and the
/// JSON Schemas under `static/admin/schema/` for the site at `site_dir`.
pub fn init(site_dir: &Path, opts: &InitOptions) -> Result<InitReport> {
    let config = SiteConfig::load(site_dir)?;
    let admin = site_dir.join(ADMIN_DIR);
    let mut report = InitReport {
        written: Vec::new(),
        notes: Vec::new(),
    };
    let config_path = admin.join("config.yml");
    let existing = match config_path.is_file() {
        true => Some(read_existing(&config_path)?),
        false => None,
    };
    let keep_backend = opts.forge.is_none()
        && existing
            .as_ref()
            .is_some_and(|e| e.get("backend").is_some());
    let generated = configuration(site_dir, &config, opts)?;
    if !keep_backend && opts.repo.is_none() {
        report.notes.push(format!(
            "set `backend.repo` in {} to your repository (owner/name), or run again with --repo",
            config_path.display()
        ));
    }
    let generated = serde_json::to_value(&generated).expect("the configuration serializes");
    let merged = merge::merge(generated, existing, keep_backend);
    let yaml = crate::yaml::to_string(&merged)
        .map_err(|e| crate::error::SourceError::new(&config_path, e.message))?;
    let text = format!(
        "# Decap CMS configuration, written by `kiez cms init` from the site's content model.\n\
         # Running it again rewrites kiez's collections, fields and keys and keeps\n\
         # everything you add (collections, fields, keys); comments are not kept.\n{yaml}"
    );
    crate::fs::write(&config_path, text)?;
    report.written.push(config_path);

    let index = admin.join("index.html");
    let own = index.is_file() && !crate::fs::read_to_string(&index)?.contains(MARKER);
    if own {
        report.notes.push(format!(
            "{} is the site's own (it lacks kiez's first line) and was left as it is",
            index.display()
        ));
    } else {
        crate::fs::write(&index, index_html(&config, site_dir)?)?;
        report.written.push(index);
    }
    report
        .written
        .extend(schema::write_all(&site_dir.join(schema::DIR))?);
    Ok(report)
}

fn read_existing(path: &Path) -> Result<Value> {
    let text = crate::fs::read_to_string(path)?;
    crate::yaml::to_json(&text).map_err(|e| {
        let mut err = SourceError::new(path, format!("invalid YAML: {}", e.message))
            .hint("fix it, or delete the file to have kiez write a new one");
        if let Some(line) = e.line {
            err = err.line(line);
        }
        err.into()
    })
}

/// The generated configuration, before merging with the site's.
pub fn configuration(site_dir: &Path, config: &SiteConfig, opts: &InitOptions) -> Result<Config> {
    let l = Labels(config.language);
    let terms = terms(site_dir, config)?;
    let mut collections = vec![
        Collection {
            name: "articles".into(),
            label: l.t("Artikel", "Articles"),
            label_singular: Some(l.t("Artikel", "Article")),
            folder: Some("content/articles".into()),
            create: Some(true),
            extension: Some("md"),
            format: Some("frontmatter"),
            // A page bundle: the article's images go beside its index.md.
            path: Some("{{slug}}/index".into()),
            media_folder: Some(String::new()),
            public_folder: Some(String::new()),
            summary: Some("{{date}} · {{title}}".into()),
            sortable_fields: Some(vec!["date".into(), "title".into()]),
            fields: Some(fields::article(l, &terms)),
            ..Collection::default()
        },
        folder_collection(
            "events",
            l.t("Termine", "Events"),
            "content/events",
            fields::event(l, &terms, &config.timezone),
        ),
    ];
    collections.extend(faq_collections(site_dir, l)?);
    collections.push(folder_collection(
        "editions",
        l.t("Ausgaben", "Editions"),
        "content/editions",
        fields::edition(l),
    ));
    collections.push(folder_collection(
        "pages",
        l.t("Seiten", "Pages"),
        "content/pages",
        fields::page(l),
    ));
    collections.push(settings_collection(site_dir, l)?);
    Ok(Config {
        backend: backend(opts),
        local_backend: true,
        locale: config.language.code(),
        media_folder: "static/images/uploads".into(),
        public_folder: format!("{}images/uploads", config.base_path()),
        slug: Slug {
            encoding: "unicode",
            clean_accents: false,
            sanitize_replacement: "-",
        },
        collections,
    })
}

fn folder_collection(
    name: &str,
    label: String,
    folder: &str,
    fields: Vec<decap::Field>,
) -> Collection {
    Collection {
        name: name.into(),
        label,
        folder: Some(folder.into()),
        create: Some(true),
        extension: Some("md"),
        format: Some("frontmatter"),
        fields: Some(fields),
        ..Collection::default()
    }
}

/// One collection per FAQ category folder, titled from its
/// `_category.yaml`, and one file collection for those files.
fn faq_collections(site_dir: &Path, l: Labels) -> Result<Vec<Collection>> {
    let faq = site_dir.join("content/faq");
    let mut folders = Vec::new();
    if faq.is_dir() {
        for entry in std::fs::read_dir(&faq).map_err(|e| Error::io("cannot read", &faq, e))? {
            let entry = entry.map_err(|e| Error::io("cannot read", &faq, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !name.starts_with(['.', '_']) {
                folders.push(name);
            }
        }
    }
    folders.sort();
    let mut collections = Vec::new();
    let mut category_files = Vec::new();
    for folder in &folders {
        let file = faq.join(folder).join("_category.yaml");
        let title = match file.is_file() {
            true => crate::content::frontmatter::parse_data_file(
                &crate::fs::read_to_string(&file)?,
                &file,
            )?
            .get("title")
            .and_then(Value::as_str)
            .map(str::to_string),
            false => None,
        }
        .unwrap_or_else(|| folder.clone());
        let mut collection = folder_collection(
            &format!("faq-{folder}"),
            format!("FAQ: {title}"),
            &format!("content/faq/{folder}"),
            fields::faq(l),
        );
        collection.label_singular = Some(l.t("Frage", "Question"));
        collection.sortable_fields = Some(vec!["order".into(), "title".into()]);
        collections.push(collection);
        // Decap edits files that exist; a category without one keeps its
        // folder name as title until someone writes it in git.
        if file.is_file() {
            category_files.push(FileEntry {
                name: folder.clone(),
                label: title,
                file: format!("content/faq/{folder}/_category.yaml"),
                fields: fields::faq_category(l),
            });
        }
    }
    if !category_files.is_empty() {
        collections.push(Collection {
            name: "faq-categories".into(),
            label: l.t("FAQ-Kategorien", "FAQ categories"),
            files: Some(category_files),
            ..Collection::default()
        });
    }
    Ok(collections)
}

/// `kiez.yaml` and the home page intro, as single files.
fn settings_collection(site_dir: &Path, l: Labels) -> Result<Collection> {
    let mut files = vec![FileEntry {
        name: "site".into(),
        label: l.t(
            "Website-Einstellungen (kiez.yaml)",
            "Site settings (kiez.yaml)",
        ),
        file: CONFIG_FILE.into(),
        fields: settings::fields(),
    }];
    if site_dir.join("content/index.md").is_file() {
        files.push(FileEntry {
            name: "home".into(),
            label: l.t("Startseite", "Home page"),
            file: "content/index.md".into(),
            fields: vec![
                decap::Field::new("title", &l.t("Titel", "Title"), "string"),
                decap::Field::new("body", &l.t("Text", "Text"), "markdown"),
            ],
        });
    }
    Ok(Collection {
        name: "settings".into(),
        label: l.t("Einstellungen", "Settings"),
        files: Some(files),
        ..Collection::default()
    })
}

fn backend(opts: &InitOptions) -> Backend {
    let repo = opts
        .repo
        .clone()
        .unwrap_or_else(|| "OWNER/REPOSITORY".into());
    let base = |default: &str| {
        opts.forge_url
            .clone()
            .unwrap_or_else(|| default.into())
            .trim_end_matches('/')
            .to_string()
    };
    let app_id = || {
        Some(
            opts.app_id
                .clone()
                .unwrap_or_else(|| "OAUTH-APPLICATION-ID".into()),
        )
    };
    let plain = Backend {
        name: "github",
        repo,
        branch: opts.branch.clone(),
        base_url: None,
        api_root: None,
        auth_type: None,
        app_id: None,
    };
    match opts.forge.unwrap_or(Forge::GitHub) {
        Forge::GitHub => Backend {
            base_url: opts.forge_url.clone(),
            ..plain
        },
        Forge::GitLab => Backend {
            name: "gitlab",
            base_url: opts.forge_url.as_ref().map(|_| base("https://gitlab.com")),
            auth_type: Some("pkce"),
            app_id: app_id(),
            ..plain
        },
        Forge::Gitea => {
            let url = base("https://codeberg.org");
            Backend {
                name: "gitea",
                api_root: Some(format!("{url}/api/v1")),
                base_url: Some(url),
                app_id: app_id(),
                ..plain
            }
        }
    }
}

/// Every category and author the site uses (and the authors kiez.yaml
/// names), sorted. A file that fails to load is left out: the editor
/// should still open on a site with one broken article.
fn terms(site_dir: &Path, config: &SiteConfig) -> Result<Terms> {
    let content = site_dir.join("content");
    let opts = crate::content::LoadOptions {
        content_dir: &content,
        config,
        drafts: true,
        now: chrono::Utc::now(),
    };
    let (library, _) = crate::content::load(&opts, None)?;
    let mut terms = Terms::default();
    for item in &library.items {
        terms.categories.extend(item.categories.iter().cloned());
        terms.authors.extend(item.authors.iter().cloned());
    }
    terms.authors.extend(config.authors.keys().cloned());
    for list in [&mut terms.categories, &mut terms.authors] {
        list.sort();
        list.dedup();
    }
    Ok(terms)
}

/// The admin page: loads the CMS and registers the theme's stylesheet for
/// the preview, so an entry looks in the editor as on the site.
fn index_html(config: &SiteConfig, site_dir: &Path) -> Result<String> {
    use crate::util::escape::html;
    let script = config.cms.script_url.as_deref().unwrap_or(DEFAULT_SCRIPT);
    let ok =
        script.starts_with("https://") || script.starts_with("http://") || script.starts_with('/');
    if !ok || script.contains(char::is_whitespace) {
        let path = site_dir.join(CONFIG_FILE);
        return Err(
            SourceError::new(&path, format!("`{script}` is not a script address"))
                .key("cms.script_url")
                .hint("give an https:// URL or a path below static/, e.g. /admin/decap-cms.js")
                .into(),
        );
    }
    let stylesheet = config.site_url("/kiez.css");
    Ok(format!(
        "<!doctype html>\n{MARKER}; rewritten on every run while this line is here. Delete the line to keep your own version. -->\n\
<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"robots\" content=\"noindex\">\n\
<!-- kiez serve: no live reload here, it would throw away an unsaved form. -->\n\
<meta name=\"kiez-live-reload\" content=\"off\">\n<title>{title}</title>\n</head>\n<body>\n\
<script src=\"{script}\"></script>\n\
<script>\n  // The theme's stylesheet in the preview pane (Decap; Sveltia ignores it).\n\
  if (window.CMS && CMS.registerPreviewStyle) CMS.registerPreviewStyle({stylesheet});\n</script>\n\
</body>\n</html>\n",
        lang = config.language.code(),
        title = html(&format!("{} – CMS", config.title)),
        script = html(script),
        stylesheet = crate::util::escape::script_json(&stylesheet),
    ))
}
