//! JSON Schemas of each content kind's front matter and of `kiez.yaml`
//! (`kiez schema`), derived with schemars from the structs the loader
//! reads them into (`content::matter`, `config::SiteConfig`): a key added
//! there is in the schema with its type, nothing to keep in step by hand.
//!
//! What the structs cannot say is added here: which keys a kind requires
//! (the loader reports them missing itself, so they are `Option` there)
//! and that unknown keys are allowed (they become `page.extra`). The test
//! `tests/testsuite/schema.rs` checks the result with an independent
//! validator against `example-site/` and against broken files.
//!
//! Draft-07, because that is the draft editors' YAML language servers
//! (VS Code's YAML extension) read best.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::content::matter;
use crate::error::Result;

/// Where `kiez cms init` writes the schemas, relative to the site.
pub const DIR: &str = "static/admin/schema";

/// Writes every schema into `dir` as `NAME.json`; returns the paths.
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for target in Target::ALL {
        let path = dir.join(target.file_name());
        crate::fs::write(&path, target.to_json())?;
        written.push(path);
    }
    Ok(written)
}

/// What a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An article's front matter.
    Article,
    /// An event's front matter.
    Event,
    /// A FAQ answer's front matter.
    Faq,
    /// A plain page's front matter (and the home page's).
    Page,
    /// A magazine edition's front matter (`content/editions/ID.md`).
    Edition,
    /// `kiez.yaml`.
    Config,
}

/// Front matter as the loader reads it: the shared keys, then the kind's.
/// Only its schema is ever made, never a value.
#[allow(dead_code)]
#[derive(JsonSchema)]
struct Matter<K: JsonSchema> {
    #[serde(flatten)]
    common: matter::Common,
    #[serde(flatten)]
    own: K,
}

impl Target {
    /// Every schema, in the order `kiez schema` prints them.
    pub const ALL: [Target; 6] = [
        Target::Article,
        Target::Event,
        Target::Faq,
        Target::Page,
        Target::Edition,
        Target::Config,
    ];

    /// The name on the command line and in file names (`article.json`).
    pub fn name(self) -> &'static str {
        match self {
            Target::Article => "article",
            Target::Event => "event",
            Target::Faq => "faq",
            Target::Page => "page",
            Target::Edition => "edition",
            Target::Config => "kiez.yaml",
        }
    }

    /// The schema's file name under `static/admin/schema/`.
    pub fn file_name(self) -> String {
        match self {
            Target::Config => "kiez.json".into(),
            other => format!("{}.json", other.name()),
        }
    }

    /// The keys the loader reports as missing. Kept beside the schema
    /// rather than as attributes on the structs because the loader, not
    /// serde, enforces them; the schema test removes each one from a
    /// valid file and expects both the loader and the schema to refuse it.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            Target::Article | Target::Edition => &["title", "date"],
            Target::Event => &["title", "start"],
            Target::Faq | Target::Page => &["title"],
            Target::Config => &["title", "base_url"],
        }
    }

    /// The JSON Schema.
    pub fn schema(self) -> Value {
        let generator = || SchemaSettings::draft07().into_generator();
        let mut schema = match self {
            Target::Article => generator().into_root_schema_for::<Matter<matter::Article>>(),
            Target::Event => generator().into_root_schema_for::<Matter<matter::Event>>(),
            Target::Faq => generator().into_root_schema_for::<Matter<matter::Faq>>(),
            Target::Page => generator().into_root_schema_for::<Matter<matter::Page>>(),
            Target::Edition => generator().into_root_schema_for::<Matter<matter::Edition>>(),
            Target::Config => generator().into_root_schema_for::<SiteConfig>(),
        }
        .to_value();
        let obj = schema
            .as_object_mut()
            .expect("a struct's schema is an object");
        let (title, description) = match self {
            Target::Config => (
                "kiez.yaml".to_string(),
                "The configuration of a kiez site.".to_string(),
            ),
            other => (
                format!("kiez {} front matter", other.name()),
                format!(
                    "The front matter of {} in a kiez site. Keys not listed here are kept for templates (page.extra).",
                    other.noun()
                ),
            ),
        };
        obj.insert("title".into(), json!(title));
        obj.insert("description".into(), json!(description));
        obj.insert("required".into(), json!(self.required()));
        if self != Target::Config {
            obj.insert("additionalProperties".into(), json!(true));
        }
        schema
    }

    /// The schema as pretty-printed JSON with a final newline.
    pub fn to_json(self) -> String {
        let mut text = serde_json::to_string_pretty(&self.schema()).expect("JSON values serialize");
        text.push('\n');
        text
    }

    fn noun(self) -> &'static str {
        match self {
            Target::Article => "an article",
            Target::Event => "an event",
            Target::Faq => "a FAQ answer",
            Target::Page => "a page",
            Target::Edition => "an edition",
            Target::Config => "kiez.yaml",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_a_kind_is_a_property() {
        let keys = |t: Target| {
            let schema = t.schema();
            let props = schema["properties"].as_object().unwrap().clone();
            props.keys().cloned().collect::<Vec<_>>()
        };
        for (target, own) in [
            (Target::Article, matter::ARTICLE_KEYS),
            (Target::Event, matter::EVENT_KEYS),
            (Target::Faq, matter::FAQ_KEYS),
            (Target::Page, &[][..]),
            (Target::Edition, matter::EDITION_KEYS),
        ] {
            let props = keys(target);
            for key in matter::COMMON_KEYS.iter().chain(own) {
                assert!(props.contains(&key.to_string()), "{key} of {target:?}");
            }
            assert_eq!(props.len(), matter::COMMON_KEYS.len() + own.len());
        }
        assert!(keys(Target::Config).contains(&"cms".to_string()));
    }

    #[test]
    fn unknown_keys_are_allowed_in_front_matter_but_not_in_the_config() {
        assert_eq!(Target::Article.schema()["additionalProperties"], true);
        assert_eq!(Target::Config.schema()["additionalProperties"], false);
    }
}
