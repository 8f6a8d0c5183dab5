//! The only module that touches the YAML library. serde_yaml is deprecated
//! upstream; keeping it behind these three functions means a swap to a
//! maintained fork changes this file alone. Callers see `serde_json` values.

use serde::de::DeserializeOwned;

/// A YAML problem with its 1-based position inside the parsed text.
#[derive(Debug)]
pub struct YamlError {
    /// 1-based line within the text given to the parser.
    pub line: Option<usize>,
    /// The parser's message, without its own "at line …" suffix.
    pub message: String,
}

impl YamlError {
    fn from_serde(err: serde_yaml::Error) -> Self {
        let line = err.location().map(|l| l.line());
        let mut message = err.to_string();
        // serde_yaml appends " at line N column M"; we print our own position.
        if let Some(idx) = message.find(" at line ") {
            message.truncate(idx);
        }
        YamlError { line, message }
    }
}

/// Deserializes `text` into `T` (used for strict structs such as the config).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(YamlError::from_serde)
}

/// Parses `text` into a JSON value tree. An empty document becomes an empty
/// object, because a front matter block may legitimately hold nothing yet.
pub fn to_json(text: &str) -> Result<serde_json::Value, YamlError> {
    if text.trim().is_empty() {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(YamlError::from_serde)?;
    yaml_to_json(value).map_err(|message| YamlError {
        line: None,
        message,
    })
}

fn yaml_to_json(value: serde_yaml::Value) -> Result<serde_json::Value, String> {
    use serde_json::Value as J;
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(J::Number)
                    .unwrap_or(J::Null)
            }
        }
        Y::String(s) => J::String(s),
        Y::Sequence(items) => J::Array(
            items
                .into_iter()
                .map(yaml_to_json)
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => return Err(format!("unsupported mapping key {other:?}")),
                };
                out.insert(key, yaml_to_json(v)?);
            }
            J::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value)?,
    })
}

/// Finds the 1-based line of a (possibly nested) key in block-style YAML,
/// e.g. `["location", "lat"]`. Good enough for the hand-written files kiez
/// reads; returns `None` rather than guessing when the layout is unusual.
pub fn key_line(text: &str, path: &[&str]) -> Option<usize> {
    let mut start = 0;
    let mut min_indent = 0;
    let lines: Vec<&str> = text.lines().collect();
    let mut found = None;
    for key in path {
        let mut hit = None;
        for (i, line) in lines.iter().enumerate().skip(start) {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if found.is_some() && !trimmed.is_empty() && indent < min_indent {
                break;
            }
            let bare = trimmed.trim_start_matches("- ");
            let matches = bare
                .strip_prefix(key)
                .or_else(|| {
                    bare.strip_prefix('"')
                        .and_then(|r| r.strip_prefix(key))
                        .and_then(|r| r.strip_prefix('"'))
                })
                .is_some_and(|rest| rest.trim_start().starts_with(':'));
            if matches && indent >= min_indent {
                hit = Some((i, indent));
                break;
            }
        }
        let (i, indent) = hit?;
        found = Some(i + 1);
        start = i + 1;
        min_indent = indent + 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_line_finds_nested_keys() {
        let text = "title: A\nlocation:\n  name: Hof\n  lat: x\ntags: [a]\n";
        assert_eq!(key_line(text, &["title"]), Some(1));
        assert_eq!(key_line(text, &["location", "lat"]), Some(4));
        assert_eq!(key_line(text, &["tags"]), Some(5));
        assert_eq!(key_line(text, &["missing"]), None);
    }

    #[test]
    fn syntax_error_has_a_line() {
        let err = to_json("title: a\ndate: [unclosed\n").unwrap_err();
        assert!(err.line.is_some());
    }

    #[test]
    fn empty_document_is_an_empty_object() {
        assert_eq!(to_json("\n").unwrap(), serde_json::json!({}));
    }
}
