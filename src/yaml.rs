//! The only module that touches the YAML library. serde_yaml is deprecated
//! upstream; keeping it behind these functions means a swap to a
//! maintained fork changes this file alone. Callers see `serde_json` values.
//!
//! Nesting is checked before parsing: serde_yaml only rejects deep nesting
//! at its recursion limit, after work quadratic in the depth (40,000 nested
//! `[` took 19 s). [`MAX_DEPTH`] is far beyond any hand-written file.

use serde::de::DeserializeOwned;

/// A YAML problem with its 1-based position inside the parsed text.
#[derive(Debug)]
pub struct YamlError {
    /// 1-based line within the text given to the parser.
    pub line: Option<usize>,
    /// 1-based column, when the parser knows it.
    pub column: Option<u32>,
    /// The parser's message, without its own "at line …" suffix.
    pub message: String,
}

impl YamlError {
    fn from_serde(err: serde_yaml::Error) -> Self {
        let line = err.location().map(|l| l.line());
        let column = err.location().and_then(|l| u32::try_from(l.column()).ok());
        let mut message = err.to_string();
        // serde_yaml appends " at line N column M"; we print our own position.
        if let Some(idx) = message.find(" at line ") {
            message.truncate(idx);
        }
        YamlError {
            line,
            column,
            message,
        }
    }
}

/// Deepest nesting of lists and groups of keys accepted.
pub const MAX_DEPTH: usize = 64;

/// Deserializes `text` into `T` (used for strict structs such as the config).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    check_depth(text)?;
    serde_yaml::from_str(text).map_err(YamlError::from_serde)
}

/// Writes `value` as a YAML document (without the `---` line), quoting
/// and escaping every string that needs it; for files kiez writes, such as
/// the front matter of imported pages.
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(YamlError::from_serde)
}

/// Parses `text` into a JSON value tree. An empty document becomes an empty
/// object, because a front matter block may legitimately hold nothing yet.
pub fn to_json(text: &str) -> Result<serde_json::Value, YamlError> {
    if text.trim().is_empty() {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    check_depth(text)?;
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(YamlError::from_serde)?;
    yaml_to_json(value).map_err(|message| YamlError {
        line: None,
        column: None,
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

/// Fails on the first line nested deeper than [`MAX_DEPTH`], counting
/// indentation levels, `- ` items opened on one line and open flow
/// brackets. An estimate in one linear pass: it may count a level YAML
/// would not (a block scalar's deeper indentation), never misses one.
fn check_depth(text: &str) -> Result<(), YamlError> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = FlowScan::default();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let mut block = 0;
        if flow.depth == 0 && flow.quote.is_none() {
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            while indents.last().is_some_and(|&top| top > indent) {
                indents.pop();
            }
            if indents.last().is_none_or(|&top| top < indent) {
                indents.push(indent);
            }
            let mut rest = trimmed;
            while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
                block += 1;
                rest = r.trim_start_matches(' ');
            }
            // A quoted key may itself contain `: ` or brackets.
            let key_end = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |at| at + 2),
                _ => 0,
            };
            let value = rest[key_end..]
                .find(": ")
                .map_or("", |at| rest[key_end + at + 1..].trim_start());
            let flow_start = [rest, value]
                .into_iter()
                .map(skip_properties)
                .find(|v| v.starts_with(['[', '{']));
            if let Some(start) = flow_start {
                flow.scan(start);
            }
        } else {
            flow.scan(line);
        }
        if indents.len() + block + flow.deepest > MAX_DEPTH {
            return Err(YamlError {
                line: Some(i + 1),
                column: None,
                message: format!("lists or keys nested more than {MAX_DEPTH} levels deep"),
            });
        }
        flow.deepest = flow.depth;
    }
    Ok(())
}

/// `value` without leading anchors and tags (`&a !!seq [`), which may
/// stand before a collection.
fn skip_properties(mut value: &str) -> &str {
    while value.starts_with(['&', '!']) {
        value = value
            .split_once(' ')
            .map_or("", |(_, rest)| rest.trim_start_matches(' '));
    }
    value
}

/// State of a `[…]`/`{…}` collection, which may span lines.
#[derive(Default)]
struct FlowScan {
    depth: usize,
    /// Deepest depth reached on the current line.
    deepest: usize,
    quote: Option<char>,
    /// Whether the next character starts a scalar: only there does a quote
    /// open a string (`[it's]` holds a plain scalar, not a quote).
    at_scalar_start: bool,
}

impl FlowScan {
    fn scan(&mut self, text: &str) {
        let mut chars = text.chars().peekable();
        let mut previous = ' ';
        while let Some(c) = chars.next() {
            match (self.quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some('\''), '\'') if chars.peek() == Some(&'\'') => {
                    chars.next();
                }
                (Some(q), c) if c == q => self.quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if self.at_scalar_start => self.quote = Some(c),
                (None, '#') if previous.is_whitespace() => break,
                (None, '[' | '{') => {
                    self.depth += 1;
                    self.deepest = self.deepest.max(self.depth);
                }
                (None, ']' | '}') => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            if !c.is_whitespace() {
                self.at_scalar_start = self.quote.is_none() && matches!(c, '[' | '{' | ',' | ':');
            }
            previous = c;
        }
    }
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
    fn deep_nesting_is_refused_before_parsing() {
        // Before: 40,000 levels took serde_yaml 19 s to reject.
        let n = 40_000;
        let deep = format!("title: a\nx: {}{}\n", "[".repeat(n), "]".repeat(n));
        let err = to_json(&deep).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(
            err.message.contains("nested more than 64"),
            "{}",
            err.message
        );
        let dashes = format!("x:\n{}a\n", "- ".repeat(n));
        assert_eq!(to_json(&dashes).unwrap_err().line, Some(2));
        let multi_line = format!("x:\n{}", "  [\n".repeat(100));
        assert!(to_json(&multi_line).unwrap_err().message.contains("nested"));
        // An apostrophe inside a plain scalar opens no string that could
        // hide the brackets after it.
        let hidden = format!("a: [it's]\nb: {}\n", "[".repeat(1000));
        assert_eq!(to_json(&hidden).unwrap_err().line, Some(2));
        let tagged = format!("a: &x !!seq {}\n", "[".repeat(1000));
        assert_eq!(to_json(&tagged).unwrap_err().line, Some(1));
    }

    #[test]
    fn ordinary_nesting_and_brackets_in_text_pass() {
        let text = "- \"a: [b\"\n\"k: [\": [1]\ntitle: \"[[[[ a\"\nnote: it's [x] # [[[[\ntags: [a, \"b]]]]\", 'c''[[']\nlocation:\n  name: Hof\n  geo: {lat: 1, lon: [2, 3]}\n";
        assert_eq!(check_depth(text).err().map(|e| e.message), None);
        let text = text.split_once('\n').unwrap().1;
        let value = to_json(text).unwrap();
        assert_eq!(value["tags"][1], "b]]]]");
        assert_eq!(value["k: ["][0], 1);
        let many = format!("x: {}{}\n", "[".repeat(60), "]".repeat(60));
        assert!(to_json(&many).is_ok());
    }

    #[test]
    fn empty_document_is_an_empty_object() {
        assert_eq!(to_json("\n").unwrap(), serde_json::json!({}));
    }
}
