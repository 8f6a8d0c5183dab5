//! How a new run of `kiez cms init` meets the `config.yml` already there:
//! kiez owns its top-level keys, its collections (by name: `articles`,
//! `events`, `faq-…`, `faq-categories`, `pages`, `settings`) and their
//! fields (by name); those are rewritten, a kiez field whole (so that an
//! option an older kiez wrote does not linger). Everything else the site
//! added is kept: other top-level keys, other collections, other fields,
//! and options kiez does not set on its collections (say, `delete:
//! false` or `publish`). The `backend` block is kept unless a forge is asked for, since
//! it holds the repository and app id someone filled in. A `faq-…`
//! collection whose folder is gone is dropped.

use serde_json::{Map, Value};

/// The new configuration: `generated` over `existing`.
pub fn merge(generated: Value, existing: Option<Value>, keep_backend: bool) -> Value {
    let (Value::Object(generated), Some(Value::Object(mut out))) = (generated.clone(), existing)
    else {
        return generated;
    };
    for (key, value) in generated {
        match key.as_str() {
            "backend" if keep_backend && out.contains_key("backend") => {}
            "collections" => {
                let old = out.remove("collections").unwrap_or(Value::Null);
                out.insert(key, Value::Array(collections(value, old)));
            }
            _ => {
                out.insert(key, value);
            }
        }
    }
    Value::Object(out)
}

fn name(value: &Value) -> Option<&str> {
    value.get("name").and_then(Value::as_str)
}

/// Generated items (by `name`) over old ones, then the old ones kiez did
/// not generate, in their order. `drop` says which of those go.
fn by_name(
    generated: Value,
    old: Value,
    drop: fn(&str) -> bool,
    meet: fn(Value, Value) -> Value,
) -> Vec<Value> {
    let generated = match generated {
        Value::Array(items) => items,
        _ => Vec::new(),
    };
    let old = match old {
        Value::Array(items) => items,
        _ => Vec::new(),
    };
    let mut out: Vec<Value> = generated
        .iter()
        .map(
            |g| match old.iter().find(|o| name(o).is_some() && name(o) == name(g)) {
                Some(o) => meet(g.clone(), o.clone()),
                None => g.clone(),
            },
        )
        .collect();
    for o in old {
        let generated_too = generated.iter().any(|g| name(g) == name(&o));
        if !generated_too && !name(&o).is_some_and(drop) {
            out.push(o);
        }
    }
    out
}

fn collections(generated: Value, old: Value) -> Vec<Value> {
    by_name(generated, old, |name| name.starts_with("faq-"), overlay)
}

/// A collection or file entry: `generated`'s keys over `old`'s; `files`
/// merge by name, `fields` by name with kiez's fields replaced whole.
fn overlay(generated: Value, old: Value) -> Value {
    let (Value::Object(generated), Value::Object(mut out)) = (generated.clone(), old) else {
        return generated;
    };
    for (key, value) in generated {
        let merged = match key.as_str() {
            "files" => {
                let old = out.remove(&key).unwrap_or(Value::Null);
                Value::Array(by_name(value, old, |_| false, overlay))
            }
            "fields" => {
                let old = out.remove(&key).unwrap_or(Value::Null);
                Value::Array(by_name(value, old, |_| false, |g, _| g))
            }
            _ => value,
        };
        out.insert(key, merged);
    }
    Value::Object(Map::from_iter(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kiez_parts_are_rewritten_and_the_site_parts_kept() {
        let generated = json!({
            "backend": {"name": "github", "repo": "OWNER/REPOSITORY"},
            "locale": "de",
            "collections": [
                {"name": "articles", "label": "Artikel", "fields": [
                    {"name": "title", "widget": "string", "hint": "neu"},
                ]},
                {"name": "faq-heizung", "label": "FAQ"},
            ],
        });
        let existing = json!({
            "backend": {"name": "gitea", "repo": "lindenhof/hofblatt"},
            "locale": "en",
            "site_url": "https://hofblatt.example/",
            "collections": [
                {"name": "rezepte", "label": "Rezepte"},
                {"name": "articles", "label": "Alt", "delete": false, "fields": [
                    {"name": "title", "widget": "text", "hint": "alt", "i18n": true},
                    {"name": "mood", "widget": "string"},
                ]},
                {"name": "faq-weg", "label": "FAQ: gelöscht"},
            ],
        });
        let merged = merge(generated.clone(), Some(existing.clone()), true);
        assert_eq!(merged["backend"]["repo"], "lindenhof/hofblatt");
        assert_eq!(merged["locale"], "de");
        assert_eq!(merged["site_url"], "https://hofblatt.example/");
        let names: Vec<_> = merged["collections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["articles", "faq-heizung", "rezepte"]);
        let articles = &merged["collections"][0];
        assert_eq!(articles["label"], "Artikel");
        assert_eq!(articles["delete"], false);
        assert_eq!(
            articles["fields"],
            json!([
                {"name": "title", "widget": "string", "hint": "neu"},
                {"name": "mood", "widget": "string"},
            ])
        );
        let merged = merge(generated, Some(existing), false);
        assert_eq!(merged["backend"]["repo"], "OWNER/REPOSITORY");
    }
}
