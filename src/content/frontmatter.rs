//! Splits a content file into its `---` front matter and Markdown body, and
//! gives typed, located access to the front matter's keys: every error names
//! the file, the line and the key.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::dates;
use super::matter::{DateText, Strings};
use crate::error::{Result, SourceError};
use crate::yaml;

/// Most entries of a list key such as `tags` or `aliases`. Every tag,
/// category and author gets its own pages listing everything under it, so
/// 2,000 tags on one page wrote 260 MB; no page needs a hundred.
pub const MAX_LIST: usize = 100;

/// The longest slug kiez writes as a folder name (file systems allow 255
/// bytes; the output adds `index.html` and the staging name).
pub const MAX_SLUG: usize = 120;

const HINT_SHAPE: &str =
    "start the file with a `---` line, then keys such as `title: My title`, then a closing `---` line";

/// A content file split in two.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
}

/// Splits `text` at its `---` lines.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err(SourceError::new(path, "no front matter found")
            .line(1)
            .hint(HINT_SHAPE)
            .into());
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &rest[..offset],
                body: &rest[offset + line.len()..],
                yaml_line: 2,
            });
        }
        offset += line.len();
    }
    Err(SourceError::new(path, "front matter is not closed")
        .line(1)
        .hint("add a `---` line after the last front matter key")
        .into())
}

/// A file's front matter: read as typed structs, with every error
/// located at the line of its key.
pub struct Fields<'a> {
    map: Map<String, Value>,
    yaml: &'a str,
    yaml_line: usize,
    path: &'a Path,
}

impl<'a> Fields<'a> {
    /// Parses the YAML of a split file.
    pub fn parse(split: &Split<'a>, path: &'a Path) -> Result<Self> {
        let value = yaml::to_json(split.yaml).map_err(|e| {
            let mut err = SourceError::new(path, format!("invalid YAML: {}", e.message));
            if let Some(line) = e.line {
                err = err.line(line + split.yaml_line - 1);
                err.column = e.column;
            }
            err
        })?;
        let Value::Object(map) = value else {
            return Err(
                SourceError::new(path, "front matter must be `key: value` lines")
                    .line(split.yaml_line)
                    .hint(HINT_SHAPE)
                    .into(),
            );
        };
        Ok(Fields {
            map,
            yaml: split.yaml,
            yaml_line: split.yaml_line,
            path,
        })
    }

    /// An error located at `key` (a dotted path like `location.lat`).
    pub fn error(&self, key: &str, message: impl Into<String>) -> SourceError {
        let parts: Vec<&str> = key.split('.').filter(|p| !p.is_empty()).collect();
        // Fall back to the parent key's line when a nested one is not found.
        let line = (1..=parts.len())
            .rev()
            .find_map(|n| yaml::key_line(self.yaml, &parts[..n]))
            .map(|l| l + self.yaml_line - 1)
            .unwrap_or(self.yaml_line);
        SourceError::new(self.path, message).line(line).key(key)
    }

    /// Reads the whole front matter as `T` (see [`super::matter`]).
    pub fn read<T: DeserializeOwned>(&mut self) -> Result<T> {
        let map = std::mem::take(&mut self.map);
        self.read_from(map)
    }

    /// Leaves out the `known` keys whose value is blank text (`end: ''`),
    /// also inside a group (`location: {address: ''}`), and groups left
    /// empty by that: web editors such as
    /// Decap CMS write an emptied form field that way, and it means what
    /// leaving the key out means. `title` stays, so that a blank title is
    /// reported as such; keys kiez does not know stay as written, for
    /// templates.
    pub fn drop_blank(&mut self, known: impl Fn(&str) -> bool) {
        let blank = |v: &Value| v.as_str().is_some_and(|s| s.trim().is_empty());
        self.map
            .retain(|key, value| key == "title" || !known(key) || !blank(value));
        for (key, value) in self.map.iter_mut() {
            if let (true, Value::Object(group)) = (known(key), value) {
                // In a group an empty list or null is left out too
                // (`repeat: {every: '', except: []}` from an untouched form).
                group.retain(|_, v| {
                    !(blank(v) || v.is_null() || v.as_array().is_some_and(Vec::is_empty))
                });
            }
        }
        // A group left empty (`location: {name: '', address: ''}`, as
        // `kiez new` and an untouched form write it) is no group at all.
        self.map
            .retain(|key, value| !(known(key) && value.as_object().is_some_and(Map::is_empty)));
    }

    /// Reads keys the front matter had (what [`Fields::read`] left) as `T`.
    pub fn read_from<T: DeserializeOwned>(&self, map: Map<String, Value>) -> Result<T> {
        let value = Value::Object(map);
        let mut track = serde_path_to_error::Track::new();
        let de = serde_path_to_error::Deserializer::new(&value, &mut track);
        T::deserialize(de).map_err(|e| {
            let key = key_of(&track.path());
            self.error(&key, describe_type_error(&e.to_string())).into()
        })
    }

    /// The error for a key that must be present. When a top-level key is
    /// a typo away from it (`titel:` for `title:`), the error points there.
    pub fn missing(&self, key: &str, kind: &str) -> crate::error::Error {
        let err = SourceError::new(
            self.path,
            format!("missing required key `{key}` for {kind}"),
        );
        match misspelt(self.yaml, key) {
            Some((line, typo)) => err
                .line(line + self.yaml_line - 1)
                .column(1)
                .hint(format!("`{typo}` looks like a misspelling: write `{key}:`")),
            None => err
                .line(self.yaml_line)
                .key(key)
                .hint(format!("add a line `{key}: …` to the front matter")),
        }
        .into()
    }

    /// An error at `key` unless `url` is a safe link: relative, or with a
    /// scheme of [`crate::util::url::SAFE_SCHEMES`].
    pub fn check_link(&self, key: &str, url: Option<&str>) -> Result<()> {
        match url.map(crate::util::url::check_link) {
            Some(Err(message)) => Err(self
                .error(key, message)
                .hint("write a web address starting with https://, or a path on this site")
                .into()),
            _ => Ok(()),
        }
    }

    /// A list of strings at `key`, at most [`MAX_LIST`] entries.
    pub fn list(&self, key: &str, list: Option<Strings>) -> Result<Vec<String>> {
        let list = list.unwrap_or_default().0;
        if list.len() > MAX_LIST {
            return Err(self
                .error(
                    key,
                    format!("{} entries; at most {MAX_LIST} are allowed", list.len()),
                )
                .hint("keep the list to what readers browse by")
                .into());
        }
        Ok(list)
    }

    /// A list of taxonomy terms (tags, categories, authors): each becomes
    /// a folder of the output, so its slug must fit a file name.
    pub fn terms(
        &self,
        key: &str,
        list: Option<Strings>,
        lang: crate::config::Language,
    ) -> Result<Vec<String>> {
        let list = self.list(key, list)?;
        if let Some(long) = list
            .iter()
            .find(|t| super::slug::slugify(t, lang).len() > MAX_SLUG)
        {
            let shown: String = long.chars().take(40).collect();
            return Err(self
                .error(key, format!("`{shown}…` is too long for a {key} name"))
                .hint("keep names of tags, categories and authors short, like `Hofleben`")
                .into());
        }
        Ok(list)
    }

    /// A date in one of the formats of the design, local times read in
    /// `tz`: the instant, and whether only a date was given.
    pub fn date(
        &self,
        key: &str,
        text: Option<&DateText>,
        tz: chrono_tz::Tz,
    ) -> Result<Option<(DateTime<FixedOffset>, bool)>> {
        let Some(DateText(raw)) = text else {
            return Ok(None);
        };
        dates::parse(raw, tz).map(Some).map_err(|message| {
            let mut err = self.error(key, message);
            err.hint = Some(dates::HINT.into());
            err.into()
        })
    }

    /// A date that must be present.
    pub fn required_date(
        &self,
        key: &str,
        text: Option<&DateText>,
        kind: &str,
        tz: chrono_tz::Tz,
    ) -> Result<(DateTime<FixedOffset>, bool)> {
        self.date(key, text, tz)?
            .ok_or_else(|| self.missing(key, kind))
    }

    /// The file line of every top-level key, for errors found later (a
    /// missing image is only noticed once the site model exists).
    pub fn key_lines(&self) -> std::collections::BTreeMap<String, usize> {
        self.map
            .keys()
            .filter_map(|k| {
                yaml::key_line(self.yaml, &[k.as_str()])
                    .map(|l| (k.clone(), l + self.yaml_line - 1))
            })
            .collect()
    }
}

/// The dotted key of a value serde failed on (`location.lat`): list
/// positions are left out, so the line found is the list's.
fn key_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|seg| match seg {
            Segment::Map { key } => Some(key.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Reads a small YAML data file such as `_category.yaml` into a JSON object.
pub fn parse_data_file(text: &str, path: &Path) -> Result<Map<String, Value>> {
    match yaml::to_json(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(SourceError::new(path, "expected `key: value` lines").into()),
        Err(e) => {
            let mut err = SourceError::new(path, format!("invalid YAML: {}", e.message));
            if let Some(line) = e.line {
                err = err.line(line);
                err.column = e.column;
            }
            Err(err.into())
        }
    }
}

/// The first top-level key of `yaml` (with its 1-based line) that is a
/// small edit away from `key` or differs only in case.
fn misspelt<'y>(yaml: &'y str, key: &str) -> Option<(usize, &'y str)> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let (name, _) = line.split_once(':')?;
        let close = name == name.trim_start()
            && !name.is_empty()
            && !name.contains(char::is_whitespace)
            && name != key
            && (name.eq_ignore_ascii_case(key) || strsim::damerau_levenshtein(name, key) <= 2);
        close.then_some((i + 1, name))
    })
}

/// Finds the line of a key in a data file (for errors about its values).
pub fn data_key_line(text: &str, key: &str) -> Option<usize> {
    yaml::key_line(text, &[key])
}

/// serde's wording ("invalid type: sequence, expected a string") reads as
/// jargon to editors; say it in their words.
fn describe_type_error(message: &str) -> String {
    message
        .replace("invalid type: ", "found ")
        .replace("a sequence", "a list")
        .replace("sequence", "a list")
        .replace("map,", "a group of keys,")
        .replace(", expected", ", but expected")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_body_and_yaml() {
        let s = split("---\ntitle: A\n---\nBody\n", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
    }

    #[test]
    fn missing_front_matter_says_what_to_add() {
        let err = split("# Just markdown\n", Path::new("a.md"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("no front matter"), "{err}");
        assert!(err.contains("`---`"), "{err}");
    }

    fn common(text: &str) -> Result<super::super::matter::Common> {
        let s = split(text, Path::new("a.md")).unwrap();
        Fields::parse(&s, Path::new("a.md")).unwrap().read()
    }

    #[test]
    fn wrong_type_names_key_and_line() {
        let err = common("---\ntitle: A\ntags:\n  nested: 1\n---\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a.md:3: key `tags`"), "{err}");
        let err = common("---\ntitle: A\nauthors: [Eva]\ntags:\n  - Hof\n  - [x]\n---\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("a.md:4: key `tags`: found a list, but expected a string"),
            "{err}"
        );
    }

    #[test]
    fn yaml_syntax_error_line_is_file_relative() {
        let text = "---\ntitle: A\ndate: [2026\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let err = Fields::parse(&s, Path::new("a.md")).err().unwrap();
        let crate::error::Error::Source(err) = err else {
            panic!()
        };
        assert!(err.line.unwrap() >= 3, "{err}");
    }

    #[test]
    fn long_lists_are_refused_at_their_key() {
        let tags: Vec<String> = (0..2000).map(|i| format!("t{i}")).collect();
        let list = |n: usize| {
            let text = format!("---\ntitle: A\ntags: [{}]\n---\n", tags[..n].join(", "));
            let s = split(&text, Path::new("a.md")).unwrap();
            let mut f = Fields::parse(&s, Path::new("a.md")).unwrap();
            let c: super::super::matter::Common = f.read().unwrap();
            f.list("tags", c.tags).map_err(|e| e.to_string())
        };
        let err = list(2000).unwrap_err();
        assert!(
            err.starts_with("a.md:3: key `tags`: 2000 entries; at most 100"),
            "{err}"
        );
        assert_eq!(list(100).unwrap().len(), 100);
    }
}
