//! The files an importer writes: content files whose front matter is a
//! serialized [`Front`] (so every string is escaped by the YAML writer),
//! and `kiez.yaml`.

use std::path::Path;

use serde::Serialize;

use crate::error::{Result, SourceError};

/// The front matter of an imported page of any kind; empty keys are left
/// out. Field names are kiez's keys (`content/matter.rs`).
#[derive(Debug, Default, Serialize)]
pub struct Front {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_alt: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_day: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// An event's `location:`.
#[derive(Debug, Serialize)]
pub struct Location {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// The `kiez.yaml` of an imported site.
#[derive(Debug, Serialize)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    pub language: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A content file: the front matter between `---` lines, then the body.
pub fn document(path: &Path, front: &Front, body: &str) -> Result<String> {
    Ok(format!(
        "---\n{}---\n\n{}\n",
        yaml(path, front)?,
        body.trim()
    ))
}

/// `value` as YAML; a failure names the file it was meant for.
pub fn yaml<T: Serialize>(path: &Path, value: &T) -> Result<String> {
    crate::yaml::to_string(value).map_err(|e| SourceError::new(path, e.message).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_escaped_by_the_yaml_writer() {
        let front = Front {
            title: "Hof: \"Fest\" – Größer! #1".into(),
            tags: vec!["yes".into(), "12".into()],
            ..Front::default()
        };
        let text = document(Path::new("a.md"), &front, "Text").unwrap();
        let yaml = text
            .trim_start_matches("---\n")
            .split("---\n")
            .next()
            .unwrap();
        let back: serde_json::Value = crate::yaml::to_json(yaml).unwrap();
        assert_eq!(back["title"], "Hof: \"Fest\" – Größer! #1");
        assert_eq!(back["tags"][0], "yes");
        assert_eq!(back["tags"][1], "12");
        assert!(back.get("draft").is_none());
    }
}
