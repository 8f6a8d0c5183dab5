//! `kiez init` (a working starter site, with `--ci` a publishing
//! workflow) and `kiez new` (a content file with its front matter filled
//! in). The workflows are embedded from `src/scaffold/ci/`; the recipes
//! around them are in `docs/publishing.md`. `kiez new` points the file
//! at its JSON Schema when the site has one (see [`crate::cms::schema`]).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};

use crate::config::{Language, SiteConfig};
use crate::content::slug::slugify;
use crate::error::{Error, Result};

mod translate;

pub use translate::translate;

/// What `kiez new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// `content/articles/SLUG.md`.
    Article,
    /// `content/events/SLUG.md`.
    Event,
    /// `content/faq/CATEGORY/SLUG.md`.
    Faq,
}

/// A CI platform whose publishing workflow `kiez init --ci` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    /// GitHub Actions deploying to GitHub Pages.
    GitHub,
    /// GitLab CI/CD deploying to GitLab Pages.
    GitLab,
    /// Forgejo Actions pushing to a `pages` branch (Codeberg Pages).
    Forgejo,
}

/// Where CI installs kiez from: the package's `repository` once
/// Cargo.toml names one, else a placeholder the workflow's comment and
/// its first step explain.
const KIEZ_GIT: &str = if env!("CARGO_PKG_REPOSITORY").is_empty() {
    "https://example.org/REPLACE-WITH-THE-KIEZ-REPOSITORY.git"
} else {
    env!("CARGO_PKG_REPOSITORY")
};

impl Ci {
    /// Where the platform looks for the workflow, relative to the site.
    pub fn path(self) -> &'static str {
        match self {
            Ci::GitHub => ".github/workflows/publish.yml",
            Ci::GitLab => ".gitlab-ci.yml",
            Ci::Forgejo => ".forgejo/workflows/publish.yml",
        }
    }

    /// The workflow: build with kiez on every push and daily, cache kiez
    /// and `.kiez-cache`, publish `public/`.
    pub fn workflow(self) -> String {
        let text = match self {
            Ci::GitHub => include_str!("scaffold/ci/github.yml"),
            Ci::GitLab => include_str!("scaffold/ci/gitlab-ci.yml"),
            Ci::Forgejo => include_str!("scaffold/ci/forgejo.yml"),
        };
        text.replace("__KIEZ_GIT__", KIEZ_GIT)
    }
}

const STARTER: &[(&str, &str)] = &[
    (
        ".gitignore",
        "public/\n.kiez-cache/\n# A build's lock and staging folders beside its output\n.*.kiez-lock\n.*.kiez-new/\n.*.kiez-old/\n",
    ),
    (
        "kiez.yaml",
        "title: Unser Hofblatt\nbase_url: https://magazin.example.org/\nlanguage: de\ndescription: Neuigkeiten, Termine und Antworten für alle Mitglieder.\ntimezone: Europe/Berlin\npublisher:\n  name: Musterhaus eG\nsections:\n  articles:\n    per_page: 10\n",
    ),
    (
        "content/index.md",
        "---\ntitle: Willkommen\n---\nHier schreibt die Redaktion, was im Haus los ist.\n",
    ),
    (
        "content/articles/willkommen.md",
        "---\ntitle: Willkommen beim neuen Hofblatt\ndate: 2026-01-01\nauthors: [Redaktion]\ntags: [Intern]\n---\nDas ist der erste Beitrag. Schreiben Sie ihn in Markdown.\n\n<!-- more -->\n\n## Wie es weitergeht\n\nNeue Beiträge legen Sie mit `kiez new article \"Titel\"` an.\n",
    ),
    (
        "content/events/erstes-treffen.md",
        "---\ntitle: Erstes Redaktionstreffen\nstart: 2026-02-01T18:00\nend: 2026-02-01T20:00\nlocation:\n  name: Gemeinschaftsraum\n  address: Musterstraße 1, 10115 Berlin\n---\nAlle, die mitschreiben möchten, sind willkommen.\n",
    ),
    (
        "content/faq/allgemein/_category.yaml",
        "title: Allgemeines\ndescription: Fragen rund um die Genossenschaft\norder: 1\n",
    ),
    (
        "content/faq/allgemein/wer-ist-ansprechpartner.md",
        "---\ntitle: Wer ist mein Ansprechpartner?\norder: 1\n---\nDie Geschäftsstelle, montags bis freitags von 9 bis 15 Uhr.\n",
    ),
    (
        "content/pages/impressum.md",
        "---\ntitle: Impressum\n---\nMusterhaus eG, Musterstraße 1, 10115 Berlin.\n",
    ),
];

/// Creates a starter site in `dir`, which must not exist or be empty, with
/// the publishing workflow of `ci` if given.
pub fn init(dir: &Path, ci: Option<Ci>) -> Result<Vec<PathBuf>> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| Error::io("cannot read", dir, e))?
            .next()
            .is_some()
    {
        return Err(Error::Usage(format!(
            "`{}` exists and is not empty; kiez init only writes into a new or empty folder",
            dir.display()
        )));
    }
    let mut written = Vec::new();
    for (name, text) in STARTER {
        let path = dir.join(name);
        crate::fs::write(&path, text)?;
        written.push(path);
    }
    if let Some(ci) = ci {
        let path = dir.join(ci.path());
        crate::fs::write(&path, ci.workflow())?;
        written.push(path);
    }
    crate::fs::create_dir_all(&dir.join("static"))?;
    crate::fs::create_dir_all(&dir.join("templates"))?;
    Ok(written)
}

/// Puts a `# yaml-language-server: $schema=…` line at the top of the front
/// matter when the site has the schemas (`kiez cms init` or `kiez schema
/// --out static/admin/schema` writes them): editors' YAML language servers
/// then complete and check the keys. The path is relative to the file, so
/// it works offline and before the site is published; without the schema
/// it would point at nothing, and the editor would complain.
fn with_schema_line(site_dir: &Path, rel: &str, kind: NewKind, text: String) -> String {
    use crate::cms::schema::{Target, DIR};
    let target = match kind {
        NewKind::Article => Target::Article,
        NewKind::Event => Target::Event,
        NewKind::Faq => Target::Faq,
    };
    let schema = format!("{DIR}/{}", target.file_name());
    if !site_dir.join(&schema).is_file() {
        return text;
    }
    let up = "../".repeat(rel.matches('/').count());
    let line = format!("# yaml-language-server: $schema={up}{schema}\n");
    match text.strip_prefix("---\n") {
        Some(rest) => format!("---\n{line}{rest}"),
        None => text,
    }
}

/// The body a new file starts with, in its language: for an article,
/// an event, a FAQ answer.
fn placeholders(lang: Language) -> [&'static str; 3] {
    match lang {
        Language::De => [
            "Der erste Absatz ist die Zusammenfassung.",
            "Worum es geht und wer kommen kann.",
            "Die Antwort in wenigen Sätzen.",
        ],
        Language::En => [
            "The first paragraph is the summary.",
            "What it is about and who can come.",
            "The answer in a few sentences.",
        ],
        Language::Tr => [
            "İlk paragraf özettir.",
            "Ne hakkında olduğu ve kimlerin gelebileceği.",
            "Birkaç cümlede cevap.",
        ],
        Language::Uk => [
            "Перший абзац — це короткий зміст.",
            "Про що йдеться і хто може прийти.",
            "Відповідь у кількох реченнях.",
        ],
        Language::Ru => [
            "Первый абзац — это краткое содержание.",
            "О чём речь и кто может прийти.",
            "Ответ в нескольких предложениях.",
        ],
        Language::Ar => [
            "الفقرة الأولى هي الملخص.",
            "موضوع الفعالية ومن يمكنه الحضور.",
            "الجواب في بضع جمل.",
        ],
    }
}

/// Creates a content file for `title` in the site at `site_dir`, in the
/// site's default language or, with `lang`, as a file of that language.
pub fn new_content(
    site_dir: &Path,
    kind: NewKind,
    title: &str,
    category: Option<&str>,
    lang: Option<&str>,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    if !crate::content::date_in_range(&now) {
        return Err(Error::Usage(format!(
            "the current time {now} is outside the years {} to {} kiez writes",
            crate::content::MIN_YEAR,
            crate::content::MAX_YEAR
        )));
    }
    let config = SiteConfig::load(site_dir)?;
    let lang = match lang {
        Some(code) => translate::site_language(&config, code)?,
        None => config.language,
    };
    let suffix = translate::suffix(&config, lang);
    let [summary, about, answer] = placeholders(lang);
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "cannot make a file name from the title `{title}`"
        )));
    }
    let category = match category {
        None => "allgemein".to_string(),
        Some(raw) => {
            let slug = slugify(raw);
            if slug.is_empty() {
                return Err(Error::Usage(format!(
                    "cannot make a folder name from the category `{raw}`; use letters or digits"
                )));
            }
            slug
        }
    };
    let local = now.with_timezone(&config.tz);
    // JSON strings are valid YAML, and quoting keeps `:` and `#` in titles safe.
    let quoted = serde_json::to_string(title).expect("strings serialize");
    let (path, text) = match kind {
        NewKind::Article => (
            format!("content/articles/{slug}{suffix}.md"),
            format!(
                "---\ntitle: {quoted}\ndate: {}\ndescription: \"\"\ntags: []\nauthors: []\ndraft: true\n---\n{summary}\n",
                local.format("%Y-%m-%dT%H:%M")
            ),
        ),
        NewKind::Event => {
            // In range by the check above, so two weeks later still is.
            let start = (local + Duration::days(14)).format("%Y-%m-%d");
            (
                format!("content/events/{slug}{suffix}.md"),
                format!(
                    "---\ntitle: {quoted}\nstart: {start}T18:00\nend: {start}T20:00\nlocation:\n  name: \"\"\n  address: \"\"\ndescription: \"\"\ntags: []\n---\n{about}\n"
                ),
            )
        }
        NewKind::Faq => {
            (
                format!("content/faq/{category}/{slug}{suffix}.md"),
                format!("---\ntitle: {quoted}\norder: 100\ntags: []\n---\n{answer}\n"),
            )
        }
    };
    let text = with_schema_line(site_dir, &path, kind, text);
    let path = site_dir.join(path);
    if path.exists() {
        return Err(Error::Usage(format!(
            "`{}` already exists; choose another title",
            path.display()
        )));
    }
    crate::fs::write(&path, text)?;
    Ok(path)
}
