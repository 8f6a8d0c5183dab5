//! A Jekyll site becomes a kiez site: `_posts/` → articles (the date and
//! slug from `YYYY-MM-DD-NAME.md` when the front matter has none),
//! `_drafts/` and `published: false` → drafts, other pages with front
//! matter → pages, other files outside `_` folders → `static/` (so
//! `/assets/…` links keep working). Old URLs (the site's `permalink`
//! pattern, a page's `permalink`, `redirect_from`) become aliases. The
//! Liquid kiez can resolve (`highlight`, `raw`, `post_url`, `site.baseurl`,
//! `relative_url`) is resolved; every other tag stays and is listed.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::report::{Left, Report, Skipped};
use super::text::{non_empty, strip_tags};
use super::write::{self, Front};
use super::JekyllOptions;
use super::SLUG_LANG;
use crate::content::slug::slugify;
use crate::error::{Result, SourceError};

/// A content file of the old site.
struct Source {
    /// Relative to the site, `/`-separated.
    rel: String,
    front: serde_json::Map<String, Value>,
    body: String,
}

/// Front matter keys that are mapped or mean nothing to kiez.
const MAPPED: &[&str] = &[
    "title",
    "date",
    "categories",
    "category",
    "tags",
    "tag",
    "author",
    "authors",
    "excerpt",
    "description",
    "summary",
    "image",
    "published",
    "permalink",
    "redirect_from",
    "layout",
    "slug",
    "last_modified_at",
];

/// Writes the site; returns the report.
pub fn import(opts: &JekyllOptions) -> Result<Report> {
    let config = read_config(&opts.source)?;
    let mut report = Report {
        source: format!("Jekyll site `{}`", opts.source.display()),
        ..Report::default()
    };
    write_config(&config, opts)?;
    let permalink = config
        .get("permalink")
        .and_then(Value::as_str)
        .unwrap_or("date");
    let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&opts.source)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&opts.source).to_path_buf();
            crate::error::Error::io("cannot read", &path, e.into())
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&opts.source)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let file = File {
            rel: &rel,
            path: entry.path(),
            permalink,
        };
        file.import(opts, &mut report, &mut dropped)?;
    }
    for (key, n) in dropped {
        report.notes.push(format!(
            "front matter key `{key}` not imported ({n} files): kiez has no such key"
        ));
    }
    Ok(report)
}

/// `_config.yml` as JSON values; an empty map without one.
fn read_config(dir: &Path) -> Result<serde_json::Map<String, Value>> {
    let path = dir.join("_config.yml");
    if !path.exists() {
        return Ok(Default::default());
    }
    let text = crate::fs::read_to_string(&path)?;
    match crate::yaml::to_json(&text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Ok(Default::default()),
        Err(e) => {
            let mut err = SourceError::new(&path, e.message);
            if let Some(line) = e.line {
                err = err.line(line);
            }
            Err(err.into())
        }
    }
}

fn write_config(config: &serde_json::Map<String, Value>, opts: &JekyllOptions) -> Result<()> {
    let get = |k: &str| config.get(k).and_then(Value::as_str).unwrap_or("").trim();
    let url = get("url").trim_end_matches('/');
    let base = get("baseurl").trim_matches('/');
    let base_url = match (url.starts_with("http"), base.is_empty()) {
        (false, _) => "https://example.org/".to_string(),
        (true, true) => format!("{url}/"),
        (true, false) => format!("{url}/{base}/"),
    };
    let lang = get("lang").to_ascii_lowercase();
    let config = write::Config {
        title: non_empty(get("title").to_string()).unwrap_or_else(|| "Imported site".into()),
        base_url,
        language: if lang.starts_with("de") { "de" } else { "en" }.into(),
        description: non_empty(get("description").to_string()),
    };
    let path = opts.output.join("kiez.yaml");
    crate::fs::write(&path, write::yaml(&path, &config)?)
}

/// One file of the old site.
struct File<'a> {
    rel: &'a str,
    path: &'a Path,
    /// The site's `permalink` setting.
    permalink: &'a str,
}

impl File<'_> {
    fn import(
        &self,
        opts: &JekyllOptions,
        report: &mut Report,
        dropped: &mut BTreeMap<String, usize>,
    ) -> Result<()> {
        let top = self.rel.split('/').next().unwrap_or("");
        let is_text = [".md", ".markdown", ".html"]
            .iter()
            .any(|ext| self.rel.ends_with(ext));
        let in_posts = top == "_posts" || top == "_drafts";
        if (top.starts_with('_') && !in_posts) || is_meta(self.rel) {
            // Layouts, includes and data are the theme; any other `_`
            // folder with pages is a collection, which must not vanish
            // silently.
            const THEME: &[&str] = &[
                "_layouts",
                "_includes",
                "_sass",
                "_data",
                "_site",
                "_plugins",
            ];
            if is_text && top.starts_with('_') && !THEME.contains(&top) {
                report.skipped.push(Skipped {
                    item: format!("`{}`", self.rel),
                    reason: format!(
                        "the collection `{top}` is not mapped; move it into content/ by hand"
                    ),
                });
            }
            return Ok(());
        }
        let source = if is_text { self.read()? } else { None };
        let Some(source) = source else {
            // No front matter: Jekyll copies such files as they are.
            if in_posts {
                return Ok(());
            }
            report.count("static files copied");
            return crate::fs::copy(self.path, &opts.output.join("static").join(self.rel));
        };
        let name = self.rel.rsplit('/').next().unwrap_or(self.rel);
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        if !in_posts && matches!(stem, "index" | "404") {
            report.skipped.push(Skipped {
                item: format!("`{}`", self.rel),
                reason:
                    "kiez makes the home and 404 pages itself (`content/index.md` may add an intro)"
                        .into(),
            });
            return Ok(());
        }
        for key in source
            .front
            .keys()
            .filter(|k| !MAPPED.contains(&k.as_str()))
        {
            *dropped.entry(key.clone()).or_default() += 1;
        }
        self.write(&source, stem, top, opts, report)
    }

    /// The file's front matter and body; `None` without front matter.
    fn read(&self) -> Result<Option<Source>> {
        let text = crate::fs::read_to_string(self.path)?;
        if !text.starts_with("---") {
            return Ok(None);
        }
        let split = crate::content::frontmatter::split(&text, self.path)?;
        let front = match crate::yaml::to_json(split.yaml) {
            Ok(Value::Object(map)) => map,
            Ok(_) => Default::default(),
            Err(e) => {
                let mut err = SourceError::new(self.path, e.message);
                if let Some(line) = e.line {
                    err = err.line(line + split.yaml_line - 1);
                }
                return Err(err.into());
            }
        };
        Ok(Some(Source {
            rel: self.rel.to_string(),
            front,
            body: split.body.to_string(),
        }))
    }
}

/// Files of Jekyll itself, never content.
fn is_meta(rel: &str) -> bool {
    matches!(
        rel,
        "Gemfile" | "Gemfile.lock" | "_config.yml" | "README.md" | "LICENSE" | "CNAME"
    ) || rel.ends_with(".gemspec")
        || rel.starts_with("vendor/")
        || rel.starts_with("node_modules/")
}

impl File<'_> {
    /// Maps the front matter, converts the body, writes the file.
    fn write(
        &self,
        src: &Source,
        stem: &str,
        top: &str,
        opts: &JekyllOptions,
        report: &mut Report,
    ) -> Result<()> {
        let f = &src.front;
        let is_post = top == "_posts" || top == "_drafts";
        // `2024-05-01-sommerfest` → the date and the name.
        let named = stem
            .get(..10)
            .filter(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
            .zip(stem.get(11..))
            .filter(|_| is_post);
        let (name_date, name) = match named {
            Some((day, rest)) => (Some(day.to_string()), rest),
            None => (None, stem),
        };
        let slug = slugify(
            f.get("slug").and_then(Value::as_str).unwrap_or(name),
            SLUG_LANG,
        );
        let mut front = map_front(f, name, top == "_drafts");
        front.date = string(f, "date").map(|d| date(&d)).or(name_date);
        if front.date.is_none() && top == "_drafts" {
            // Jekyll dates a draft by its file's time, and so does this.
            front.date = std::fs::metadata(self.path)
                .and_then(|m| m.modified())
                .ok()
                .map(|t| {
                    chrono::DateTime::<chrono::Utc>::from(t)
                        .format("%Y-%m-%d")
                        .to_string()
                });
        }
        let (folder, url) = if is_post {
            if front.date.is_none() {
                report.skipped.push(Skipped {
                    item: format!("`{}`", src.rel),
                    reason: "it has no date, neither in front matter nor in its name".into(),
                });
                return Ok(());
            }
            ("articles", format!("/articles/{slug}/"))
        } else {
            ("pages", format!("/{slug}/"))
        };
        if !front.draft {
            front.aliases = self.aliases(src, &front, &slug, is_post, &url);
        }
        let (mut body, left) = liquid(&src.body);
        if src.rel.ends_with(".html") {
            body = super::html::convert(&super::html::converter(), &body, &|_| Vec::new()).markdown;
        }
        let rel = format!("content/{folder}/{slug}.md");
        report.left.extend(left.into_iter().map(|text| Left {
            file: rel.clone(),
            text,
        }));
        let path = opts.output.join(&rel);
        if path.exists() {
            report.skipped.push(Skipped {
                item: format!("`{}`", src.rel),
                reason: format!("`{rel}` was already written from another file"),
            });
            return Ok(());
        }
        crate::fs::write(&path, write::document(&path, &front, &body)?)?;
        report.count(match (is_post, front.draft) {
            (true, true) => "drafts",
            (true, false) => "articles",
            (false, _) => "pages",
        });
        Ok(())
    }

    /// The URLs Jekyll gave the file: its `permalink` (or the site's
    /// pattern), and `redirect_from`.
    fn aliases(
        &self,
        src: &Source,
        front: &Front,
        slug: &str,
        is_post: bool,
        url: &str,
    ) -> Vec<String> {
        let f = &src.front;
        let mut old = list(f, &["redirect_from"]);
        let own = string(f, "permalink");
        let date = front.date.as_deref().unwrap_or("");
        let made = match (own, is_post) {
            (Some(p), _) => Some(p),
            (None, true) => Some(post_url(self.permalink, &front.categories, date, slug)),
            (None, false) => {
                let page = self.rel.rsplit_once('.').map_or(self.rel, |(s, _)| s);
                Some(format!("/{page}.html"))
            }
        };
        old.extend(made);
        let mut aliases: Vec<String> = Vec::new();
        for alias in old {
            let alias = if alias.ends_with(".html") || alias.ends_with('/') {
                alias.trim_start_matches('/').to_string()
            } else {
                format!("{}/", alias.trim_matches('/'))
            };
            let alias = format!("/{alias}");
            if alias != url && alias != "/" && !aliases.contains(&alias) {
                aliases.push(alias);
            }
        }
        aliases
    }
}

/// The keys every Jekyll page may have, mapped to kiez's.
fn map_front(f: &serde_json::Map<String, Value>, name: &str, in_drafts: bool) -> Front {
    Front {
        title: string(f, "title").unwrap_or_else(|| name.replace('-', " ")),
        draft: in_drafts || f.get("published") == Some(&Value::Bool(false)),
        description: ["description", "excerpt", "summary"]
            .iter()
            .find_map(|k| string(f, k))
            .map(|d| strip_tags(&d)),
        categories: list(f, &["categories", "category"]),
        tags: list(f, &["tags", "tag"]),
        authors: list(f, &["authors", "author"]),
        image: image(f),
        ..Front::default()
    }
}

/// A post's URL under the site's `permalink` setting (`date`, `pretty`,
/// `ordinal`, `none`, or a pattern of `:year`, `:month`, `:day`,
/// `:title`, `:categories`, …).
fn post_url(permalink: &str, categories: &[String], date: &str, slug: &str) -> String {
    let pattern = match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    };
    let cats: Vec<String> = categories.iter().map(|c| slugify(c, SLUG_LANG)).collect();
    let part = |range: std::ops::Range<usize>| date.get(range).unwrap_or("").to_string();
    let url = pattern
        .replace(":categories", &cats.join("/"))
        .replace(":year", &part(0..4))
        .replace(":month", &part(5..7))
        .replace(":day", &part(8..10))
        .replace(":title", slug)
        .replace(":slug", slug)
        .replace(":output_ext", ".html");
    let mut clean = String::with_capacity(url.len());
    for c in url.chars() {
        if !(c == '/' && clean.ends_with('/')) {
            clean.push(c);
        }
    }
    clean
}

pub(super) fn string(f: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match f.get(key)? {
        Value::String(s) => non_empty(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A list key: a YAML list, or Jekyll's space-separated string.
pub(super) fn list(f: &serde_json::Map<String, Value>, keys: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in keys.iter().filter_map(|k| f.get(*k)) {
        let items: Vec<String> = match value {
            Value::String(s) if keys[0] == "categories" || keys[0] == "tags" => {
                s.split_whitespace().map(str::to_string).collect()
            }
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().or_else(|| v.get("name")?.as_str()))
                .map(str::to_string)
                .collect(),
            Value::Object(o) => o
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        };
        for item in items {
            if !item.trim().is_empty() && !out.contains(&item) {
                out.push(item);
            }
        }
    }
    out
}

/// `image: x.png` or `image: {path: x.png}` (jekyll-seo-tag).
pub(super) fn image(f: &serde_json::Map<String, Value>) -> Option<String> {
    match f.get("image")? {
        Value::String(s) => non_empty(s.clone()),
        Value::Object(o) => o.get("path").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// Jekyll's `2024-05-01 10:00:00 +0200` as RFC 3339; other forms as they are.
pub(super) fn date(raw: &str) -> String {
    let raw = raw.trim();
    if let Ok(d) = chrono::DateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S %z") {
        return d.to_rfc3339();
    }
    for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(raw, fmt) {
            return d.format("%Y-%m-%dT%H:%M").to_string();
        }
    }
    raw.to_string()
}

/// Resolves the Liquid kiez can, keeps the rest: (body, tags left).
fn liquid(body: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(body.len());
    let mut left = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find(['{']) {
        let (open, close) = match rest.get(start..start + 2) {
            Some("{%") => ("{%", "%}"),
            Some("{{") => ("{{", "}}"),
            _ => {
                out.push_str(&rest[..=start]);
                rest = &rest[start + 1..];
                continue;
            }
        };
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find(close) else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = &rest[start..start + len + 2];
        let inner = tag[2..tag.len() - 2].trim().trim_matches('-').trim();
        match resolve(open, inner) {
            Some(text) => out.push_str(&text),
            None => {
                left.push(tag.to_string());
                out.push_str(tag);
            }
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    (out, left)
}

/// What a Liquid tag stands for in kiez, when it is one kiez knows.
fn resolve(open: &str, inner: &str) -> Option<String> {
    let words: Vec<&str> = inner.split_whitespace().collect();
    match (open, words.as_slice()) {
        ("{%", ["highlight", lang, ..]) => Some(format!("```{lang}")),
        ("{%", ["endhighlight"]) => Some("```".into()),
        ("{%", ["raw"] | ["endraw"]) => Some(String::new()),
        ("{%", ["post_url", name]) => {
            let name = name.rsplit('/').next().unwrap_or(name);
            Some(format!(
                "/articles/{}/",
                slugify(name.get(11..).unwrap_or(name), SLUG_LANG)
            ))
        }
        ("{{", ["site.baseurl"] | ["site.url"]) => Some(String::new()),
        ("{{", [quoted, "|", "relative_url" | "absolute_url"]) => {
            Some(quoted.trim_matches(['"', '\'']).to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalink_patterns_give_old_urls() {
        let cats = vec!["Haus News".to_string()];
        assert_eq!(
            post_url("date", &cats, "2024-05-01", "fest"),
            "/haus-news/2024/05/01/fest.html"
        );
        assert_eq!(
            post_url("pretty", &[], "2024-05-01", "fest"),
            "/2024/05/01/fest/"
        );
        assert_eq!(
            post_url("/blog/:title/", &[], "2024-05-01", "fest"),
            "/blog/fest/"
        );
    }

    #[test]
    fn liquid_is_resolved_or_kept() {
        let (body, left) = liquid(
            "{% highlight rust %}\nfn x() {}\n{% endhighlight %}\n[a]({{ site.baseurl }}/b.png) {% post_url 2024-05-01-fest %} {% include foot.html %} {{ page.x }}",
        );
        assert!(
            body.starts_with("```rust\nfn x() {}\n```\n[a](/b.png) /articles/fest/ {% include"),
            "{body}"
        );
        assert_eq!(left, ["{% include foot.html %}", "{{ page.x }}"]);
    }

    #[test]
    fn jekyll_dates_become_rfc3339() {
        assert_eq!(
            date("2024-05-01 10:00:00 +0200"),
            "2024-05-01T10:00:00+02:00"
        );
        assert_eq!(date("2024-05-01"), "2024-05-01");
    }
}
