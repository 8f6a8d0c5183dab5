//! A Hugo site becomes a kiez site: pages of the `posts`/`post`/`blog`/
//! `news`/`articles` sections → articles, every other page → a page
//! (nested sections flattened, the old URL an alias), leaf bundles
//! (`NAME/index.md` with its files) → bundles, `static/` → `static/`.
//! Front matter is YAML (`---`) or TOML (`+++`). Hugo's shortcodes
//! `figure`, `youtube` and `highlight` are converted; every other one
//! stays in the text and is listed.

use std::path::Path;

use serde_json::Value;

use super::jekyll::{date, image, list, string};
use super::report::{Left, Report, Skipped};
use super::text::{non_empty, strip_tags};
use super::write::{self, Front};
use super::HugoOptions;
use super::SLUG_LANG;
use crate::content::slug::slugify;
use crate::error::{Error, Result, SourceError};

type Map = serde_json::Map<String, Value>;

/// Sections whose pages are articles.
const ARTICLE_SECTIONS: &[&str] = &["posts", "post", "blog", "news", "articles"];

/// Writes the site; returns the report.
pub fn import(opts: &HugoOptions) -> Result<Report> {
    let mut report = Report {
        source: format!("Hugo site `{}`", opts.source.display()),
        ..Report::default()
    };
    write_config(opts)?;
    let content = opts.source.join("content");
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io("cannot read", &content, e.into()))?;
        let rel = entry
            .path()
            .strip_prefix(&content)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if !entry.file_type().is_file() {
            continue;
        }
        if rel.ends_with(".md") {
            page(opts, &rel, entry.path(), &mut report)?;
        } else if !in_leaf_bundle(&content, &rel) {
            // Bundle files travel with their page; nothing else may vanish silently.
            report.skipped.push(Skipped {
                item: format!("`content/{rel}`"),
                reason: "neither a Markdown page nor a file of a page bundle".into(),
            });
        }
    }
    let stat = opts.source.join("static");
    for entry in walkdir::WalkDir::new(&stat)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&stat).unwrap_or(entry.path());
            crate::fs::copy(entry.path(), &opts.output.join("static").join(rel))?;
            report.count("static files copied");
        }
    }
    Ok(report)
}

/// Whether `rel` lies in a folder (or below one) that holds an `index.md`.
fn in_leaf_bundle(content: &Path, rel: &str) -> bool {
    let mut dir = rel;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        if content.join(parent).join("index.md").is_file() {
            return true;
        }
        dir = parent;
    }
    false
}

/// The first of Hugo's config files that exists, as JSON values.
fn read_config(dir: &Path) -> Result<Map> {
    for name in [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "config.toml",
        "config.yaml",
        "config.yml",
    ] {
        let path = dir.join(name);
        if path.is_file() {
            let text = crate::fs::read_to_string(&path)?;
            return parse(&text, name.ends_with(".toml"), &path, 1);
        }
    }
    Ok(Map::new())
}

/// TOML or YAML text as a JSON map; errors at the file's line.
fn parse(text: &str, is_toml: bool, path: &Path, first_line: usize) -> Result<Map> {
    if is_toml {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text.get(..s.start).unwrap_or("").lines().count().max(1));
            let mut err = SourceError::new(path, e.message().to_string());
            if let Some(line) = line {
                err = err.line(line + first_line - 1);
            }
            Error::from(err)
        })?;
        return Ok(match toml_to_json(toml::Value::Table(table)) {
            Value::Object(map) => map,
            _ => Map::new(),
        });
    }
    match crate::yaml::to_json(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Ok(Map::new()),
        Err(e) => {
            let mut err = SourceError::new(path, e.message);
            if let Some(line) = e.line {
                err = err.line(line + first_line - 1);
            }
            Err(err.into())
        }
    }
}

/// TOML values as JSON; dates become their text.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn write_config(opts: &HugoOptions) -> Result<()> {
    let config = read_config(&opts.source)?;
    let get = |k: &str| string(&config, k).unwrap_or_default();
    let base = get("baseURL");
    let lang = get("languageCode").to_ascii_lowercase();
    let description = config
        .get("params")
        .and_then(Value::as_object)
        .and_then(|p| string(p, "description"));
    let config = write::Config {
        title: non_empty(get("title")).unwrap_or_else(|| "Imported site".into()),
        base_url: if base.starts_with("http") {
            format!("{}/", base.trim_end_matches('/'))
        } else {
            "https://example.org/".into()
        },
        language: if lang.starts_with("de") { "de" } else { "en" }.into(),
        description,
    };
    let path = opts.output.join("kiez.yaml");
    crate::fs::write(&path, write::yaml(&path, &config)?)
}

/// Splits `---` YAML or `+++` TOML front matter from the body:
/// (front matter, is TOML, body).
fn split(text: &str) -> Option<(&str, bool, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fence = ["---", "+++"].into_iter().find(|f| text.starts_with(f))?;
    let rest = text[3..]
        .strip_prefix('\n')
        .or_else(|| text[3..].strip_prefix("\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some((
                &rest[..offset],
                fence == "+++",
                &rest[offset + line.len()..],
            ));
        }
        offset += line.len();
    }
    None
}

/// One content file.
fn page(opts: &HugoOptions, rel: &str, path: &Path, report: &mut Report) -> Result<()> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let skip = |report: &mut Report, reason: &str| {
        report.skipped.push(Skipped {
            item: format!("`content/{rel}`"),
            reason: reason.into(),
        })
    };
    if name == "_index.md" {
        skip(report, "a section's list page: kiez makes its lists itself");
        return Ok(());
    }
    let text = crate::fs::read_to_string(path)?;
    let Some((raw, is_toml, body)) = split(&text) else {
        skip(report, "no YAML (---) or TOML (+++) front matter");
        return Ok(());
    };
    let f = parse(raw, is_toml, path, 2)?;
    let section = if rel.contains('/') {
        rel.split('/').next().unwrap_or("")
    } else {
        ""
    };
    let is_article = ARTICLE_SECTIONS.contains(&section);
    let bundle = (name == "index.md").then(|| rel.trim_end_matches("/index.md"));
    let stem = bundle.map_or(name.trim_end_matches(".md"), |b| {
        b.rsplit('/').next().unwrap_or(b)
    });
    let slug = string(&f, "slug").unwrap_or_else(|| stem.to_string());
    let slug = slugify(&slug, SLUG_LANG);
    let mut front = map_front(&f, stem);
    let (folder, url) = if is_article {
        if front.date.is_none() {
            skip(report, "an article without `date` or `publishDate`");
            return Ok(());
        }
        ("articles", format!("/articles/{slug}/"))
    } else {
        ("pages", format!("/{slug}/"))
    };
    if !front.draft {
        front.aliases = aliases(&f, rel, bundle, &url);
    }
    if f.contains_key("expiryDate") {
        report.notes.push(format!(
            "`content/{rel}` has `expiryDate`: kiez keeps pages published; delete it when it expires"
        ));
    }
    let (markdown, left) = shortcodes(body);
    let out_rel = match bundle {
        Some(_) => format!("content/{folder}/{slug}/index.md"),
        None => format!("content/{folder}/{slug}.md"),
    };
    if let Some(bundle) = bundle {
        copy_bundle(
            &path.with_file_name(""),
            &opts.output.join(format!("content/{folder}/{slug}")),
            bundle,
        )?;
    }
    report.left.extend(left.into_iter().map(|text| Left {
        file: out_rel.clone(),
        text,
    }));
    let out = opts.output.join(&out_rel);
    if out.exists() {
        skip(
            report,
            &format!("`{out_rel}` was already written from another file"),
        );
        return Ok(());
    }
    crate::fs::write(&out, write::document(&out, &front, &markdown)?)?;
    report.count(match (is_article, front.draft) {
        (true, true) => "drafts",
        (true, false) => "articles",
        (false, _) => "pages",
    });
    Ok(())
}

/// Hugo's keys mapped to kiez's. A `publishDate` after `date` is the day
/// the article appears, which is what kiez's `date` decides.
fn map_front(f: &Map, stem: &str) -> Front {
    let published = string(f, "publishDate").map(|d| date(&d));
    let dated = string(f, "date").map(|d| date(&d));
    Front {
        title: string(f, "title").unwrap_or_else(|| stem.replace('-', " ")),
        draft: f.get("draft") == Some(&Value::Bool(true)),
        date: match (dated, published) {
            (Some(d), Some(p)) => Some(if p > d { p } else { d }),
            (d, p) => d.or(p),
        },
        description: ["description", "summary"]
            .iter()
            .find_map(|k| string(f, k))
            .map(|d| strip_tags(&d)),
        categories: list(f, &["categories"]),
        tags: list(f, &["tags"]),
        authors: list(f, &["authors", "author"]),
        image: image(f).or_else(|| list(f, &["images"]).into_iter().next()),
        ..Front::default()
    }
}

/// `aliases`, `url`, and the URL Hugo gave the page by default.
fn aliases(f: &Map, rel: &str, bundle: Option<&str>, url: &str) -> Vec<String> {
    let mut old = list(f, &["aliases"]);
    old.extend(string(f, "url"));
    let default = bundle.unwrap_or_else(|| rel.trim_end_matches(".md"));
    let default = match string(f, "slug") {
        Some(slug) => match default.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{slug}"),
            None => slug,
        },
        None => default.to_string(),
    };
    old.push(default.to_lowercase());
    let mut out: Vec<String> = Vec::new();
    for alias in old {
        let alias = format!("/{}/", alias.trim_matches('/'));
        if alias != url && alias != "//" && !out.contains(&alias) {
            out.push(alias);
        }
    }
    out
}

/// A leaf bundle's other files, beside the new `index.md`.
fn copy_bundle(from: &Path, to: &Path, bundle: &str) -> Result<()> {
    for entry in walkdir::WalkDir::new(from)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        if entry.file_type().is_file() && rel != Path::new("index.md") {
            crate::fs::copy(entry.path(), &to.join(rel)).map_err(|e| match e {
                Error::Io { .. } => e,
                other => SourceError::new(from, format!("bundle `{bundle}`: {other}")).into(),
            })?;
        }
    }
    Ok(())
}

/// Converts `figure`, `youtube` and `highlight`; keeps and lists the
/// rest: (body, shortcodes left).
fn shortcodes(body: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(body.len());
    let mut left = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        let close = match rest.get(start + 2..start + 3) {
            Some("<") => ">}}",
            Some("%") => "%}}",
            _ => {
                out.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
                continue;
            }
        };
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find(close) else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = &rest[start..start + len + 3];
        match convert(tag[3..tag.len() - 3].trim()) {
            Some(text) => out.push_str(&text),
            None => {
                left.push(tag.to_string());
                out.push_str(tag);
            }
        }
        rest = &rest[start + len + 3..];
    }
    out.push_str(rest);
    (out, left)
}

/// One shortcode's Markdown, when kiez has a form for it.
fn convert(inner: &str) -> Option<String> {
    let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let attrs = super::html::attrs(args);
    let attr = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    match name {
        "figure" => {
            let src = attr("src")?;
            let alt = attr("alt").or_else(|| attr("title")).unwrap_or_default();
            let caption = attr("caption").or_else(|| attr("title"));
            Some(match caption {
                Some(c) => format!("![{alt}]({src})\n\n*{c}*"),
                None => format!("![{alt}]({src})"),
            })
        }
        "youtube" => {
            let id = attr("id").or_else(|| attrs.first().map(|(_, v)| v.clone()))?;
            Some(format!(
                "[YouTube: {id}](https://www.youtube.com/watch?v={id})"
            ))
        }
        "highlight" => Some(format!(
            "```{}",
            attrs.first().map_or("", |(_, v)| v.as_str())
        )),
        "/highlight" => Some("```".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_shortcodes_are_converted_or_kept() {
        let (body, left) = shortcodes(
            "{{< figure src=\"a.jpg\" alt=\"A\" caption=\"Der Hof\" >}}\n{{< youtube abc >}}\n{{< highlight go >}}\nx\n{{< /highlight >}}\n{{% notice tip %}}Hi{{% /notice %}} {{ .Title }}",
        );
        assert!(body.starts_with("![A](a.jpg)\n\n*Der Hof*\n[YouTube: abc](https://www.youtube.com/watch?v=abc)\n```go\nx\n```\n"), "{body}");
        assert_eq!(left, ["{{% notice tip %}}", "{{% /notice %}}"]);
    }

    #[test]
    fn toml_front_matter_is_read() {
        let (raw, is_toml, body) =
            split("+++\ntitle = \"A\"\ndate = 2024-05-01T10:00:00+02:00\n+++\nText").unwrap();
        assert!(is_toml);
        assert_eq!(body, "Text");
        let f = parse(raw, true, Path::new("a.md"), 2).unwrap();
        assert_eq!(f["date"], "2024-05-01T10:00:00+02:00");
    }
}
