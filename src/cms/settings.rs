//! The settings form for `kiez.yaml`, made from its JSON Schema
//! ([`super::schema::Target::Config`]) rather than by hand: every key of
//! `SiteConfig` gets a field with the key's doc comment as its hint, so a
//! new config key appears in the editor on the next `kiez cms init`.
//! Maps with free keys (`authors:`, `extra:`) have no Decap widget; Decap
//! keeps them when it saves the file.

use serde_json::{json, Map, Value};

use super::decap::Field;

/// The fields of `kiez.yaml`.
pub fn fields() -> Vec<Field> {
    let schema = super::schema::Target::Config.schema();
    let defs = schema["definitions"].clone();
    object_fields(&schema, &defs, "")
}

/// Fields of an object schema's properties; `path` is where it sits
/// (`colors.`) and decides a few widgets.
fn object_fields(schema: &Value, defs: &Value, path: &str) -> Vec<Field> {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(props) = schema["properties"].as_object() else {
        return Vec::new();
    };
    let mut fields: Vec<Field> = props
        .iter()
        .filter_map(|(name, prop)| {
            let mut field = field(name, prop, defs, &format!("{path}{name}"))?;
            field.required = required.contains(&name.as_str());
            if let Some(text) = prop["description"].as_str() {
                field.hint = Some(text.replace('\n', " "));
            }
            // kiez's default, so that a form saved untouched writes what
            // kiez assumes anyway (Decap's own default for a boolean is
            // false, which would switch every check off).
            if !(prop["default"].is_null() || prop["default"].is_object()) {
                field.default = Some(prop["default"].clone());
            }
            Some(field)
        })
        .collect();
    // The keys a file must have first (`title`, `base_url`); the rest in
    // the schema's (alphabetical) order.
    fields.sort_by_key(|f| !f.required);
    fields
}

/// The schema a `$ref` (or an `allOf` of one `$ref`, schemars' way of
/// adding a default to a reference, or an `anyOf` of a `$ref` and null,
/// its way of writing an optional section) stands for.
fn resolve<'a>(prop: &'a Value, defs: &'a Value) -> &'a Value {
    let reference = prop["$ref"]
        .as_str()
        .or_else(|| prop["allOf"][0]["$ref"].as_str())
        .or_else(|| optional_ref(prop));
    match reference.and_then(|r| r.strip_prefix("#/definitions/")) {
        Some(name) => &defs[name],
        None => prop,
    }
}

/// The `$ref` of an optional section (`anyOf: [{$ref}, {type: null}]`).
fn optional_ref(prop: &Value) -> Option<&str> {
    prop["anyOf"]
        .as_array()?
        .iter()
        .find_map(|one| one["$ref"].as_str())
}

/// The type named in `type` (the first that is not `null`).
fn type_of(schema: &Value) -> &str {
    match &schema["type"] {
        Value::String(t) => t,
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or(""),
        _ => "",
    }
}

/// The values of an enumeration: `enum`, or `oneOf` of `const`s.
fn choices(schema: &Value) -> Option<Vec<Value>> {
    if let Some(values) = schema["enum"].as_array() {
        return Some(values.clone());
    }
    let consts: Vec<Value> = schema["oneOf"]
        .as_array()?
        .iter()
        .map(|one| one["const"].clone())
        .collect();
    (!consts.iter().any(Value::is_null)).then_some(consts)
}

fn field(name: &str, prop: &Value, defs: &Value, path: &str) -> Option<Field> {
    let schema = resolve(prop, defs);
    if let Some(options) = choices(schema) {
        return Some(Field::select(name, name, options, false));
    }
    let field = match type_of(schema) {
        "string" if path.starts_with("colors.") => Field::new(name, name, "color"),
        "string" if path.ends_with("logo") => Field::new(name, name, "image"),
        "string" => Field::new(name, name, "string"),
        "boolean" => Field::new(name, name, "boolean"),
        "integer" => Field::int(name, name, schema["minimum"].as_i64()),
        "object" if schema["properties"].is_object() => {
            let mut inner = object_fields(schema, defs, &format!("{path}."));
            // An optional section's keys are required only once it is
            // written, which Decap cannot say: none is required.
            if optional_ref(prop).is_some() {
                inner.iter_mut().for_each(|f| f.required = false);
            }
            Field::object(name, name, inner)
        }
        "array" => array(name, resolve(&schema["items"], defs), defs, path)?,
        // Free maps (`authors:`, `extra:`): no widget fits.
        _ => return None,
    };
    Some(field)
}

fn array(name: &str, items: &Value, defs: &Value, path: &str) -> Option<Field> {
    if path == "share.networks" {
        let networks = crate::config::SHARE_NETWORKS.iter().map(|n| json!(n));
        return Some(Field::select(name, name, networks.collect(), true));
    }
    match type_of(items) {
        "string" => Some(Field::list_of(name, name, Field::new(name, name, "string"))),
        "object" => Some(Field::list_of_objects(
            name,
            name,
            object_fields(items, defs, &format!("{path}.")),
        )),
        _ => None,
    }
}

/// The keys of `kiez.yaml` that have no field (free maps), for the docs
/// and the test that every other key has one.
pub fn keys_without_field() -> Vec<String> {
    let schema = super::schema::Target::Config.schema();
    let props: &Map<String, Value> = schema["properties"].as_object().expect("properties");
    let with: Vec<String> = fields().into_iter().map(|f| f.name).collect();
    props
        .keys()
        .filter(|k| !with.contains(k))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_config_key_but_the_free_maps_has_a_field() {
        assert_eq!(keys_without_field(), vec!["authors", "extra"]);
        let fields = fields();
        let by_name = |n: &str| fields.iter().find(|f| f.name == n).unwrap().clone();
        assert_eq!(by_name("language").widget, "select");
        assert_eq!(by_name("indexing").widget, "boolean");
        assert!(by_name("title").required);
        assert!(!by_name("description").required);
        let colors = by_name("colors").fields.unwrap();
        assert!(colors.iter().all(|f| f.widget == "color"));
        let check = by_name("check").fields.unwrap();
        assert!(check
            .iter()
            .any(|f| f.name == "faq_max_age_days" && f.widget == "number"));
        let anchors = check.iter().find(|f| f.name == "anchors").unwrap();
        assert_eq!(anchors.default, Some(json!(true)));
        assert_eq!(fields[0].name, "base_url");
        assert_eq!(fields[1].name, "title");
    }
}
