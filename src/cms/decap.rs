//! The parts of a Decap CMS `config.yml` that kiez writes, as serde
//! structs: the backend, collections, and fields with their widget
//! options. Only options Decap documents are here (the test
//! `tests/testsuite/cms.rs` checks every emitted widget and option
//! against Decap's documented list), and every one is optional so that
//! an unset option is left out of the file. Sveltia CMS reads the same
//! configuration.

use serde::Serialize;
use serde_json::Value;

/// The whole configuration.
#[derive(Debug, Serialize)]
pub struct Config {
    /// Where the content lives and how editors log in.
    pub backend: Backend,
    /// Lets `npx decap-server` serve the local checkout (on localhost only).
    pub local_backend: bool,
    /// The editor's interface language.
    pub locale: &'static str,
    /// Uploads not stored beside an entry (pages, events, FAQ).
    pub media_folder: String,
    /// The URL path of `media_folder` on the site.
    pub public_folder: String,
    /// How entry file names are made from titles.
    pub slug: Slug,
    /// What editors can edit.
    pub collections: Vec<Collection>,
}

/// `backend:`.
#[derive(Debug, Serialize)]
pub struct Backend {
    /// `github`, `gitlab` or `gitea`.
    pub name: &'static str,
    /// `owner/name`.
    pub repo: String,
    /// The branch editors commit to.
    pub branch: String,
    /// The forge's address (GitLab, Gitea/Forgejo).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The forge's API (Gitea/Forgejo).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_root: Option<String>,
    /// `pkce` for GitLab: the browser logs in without a server of ours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<&'static str>,
    /// The OAuth application's id (GitLab, Gitea/Forgejo).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
}

/// `slug:`: file names from titles.
#[derive(Debug, Serialize)]
pub struct Slug {
    /// `unicode` keeps umlauts in the file name, so that kiez, which makes
    /// the URL from the file name, transliterates them its way
    /// (`größer` → `groesser`); Decap's `ascii` would drop them to `o`.
    pub encoding: &'static str,
    /// Whether Decap strips accents itself (no: see `encoding`).
    pub clean_accents: bool,
    /// What replaces spaces and punctuation.
    pub sanitize_replacement: &'static str,
}

/// One collection: a folder of entries or a list of single files.
#[derive(Debug, Default, Serialize)]
pub struct Collection {
    pub name: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_singular: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    /// Entry path below `folder` (`{{slug}}/index` for page bundles).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Uploads of an entry; `""` puts them beside its file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_folder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_folder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sortable_fields: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<FileEntry>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<Field>>,
}

/// One file of a file collection.
#[derive(Debug, Serialize)]
pub struct FileEntry {
    pub name: String,
    pub label: String,
    pub file: String,
    pub fields: Vec<Field>,
}

/// One field and its widget. Decap's default for `required` is true;
/// kiez sets it on every field, so optional keys stay optional.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Field {
    pub label: String,
    pub name: String,
    pub widget: &'static str,
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// `[regex, message]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<[String; 2]>,
    // select
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple: Option<bool>,
    // datetime
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_format: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picker_utc: Option<bool>,
    // number
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    // image
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choose_url: Option<bool>,
    // list and object
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collapsed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_singular: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Box<Field>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<Field>>,
}

/// Day.js format of a local date and time as kiez reads it
/// (`2026-11-20 18:00`, in the event's or site's time zone).
pub const DATETIME_FORMAT: &str = "YYYY-MM-DD HH:mm";
/// Day.js format of a date.
pub const DATE_FORMAT: &str = "YYYY-MM-DD";

impl Field {
    /// An optional field.
    pub fn new(name: &str, label: &str, widget: &'static str) -> Field {
        Field {
            name: name.into(),
            label: label.into(),
            widget,
            ..Field::default()
        }
    }

    /// The field must be filled in.
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// Help text under the widget.
    pub fn hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = Some(hint.into());
        self
    }

    /// A value the form starts with.
    pub fn with_default(mut self, value: Value) -> Field {
        self.default = Some(value);
        self
    }

    /// A local date and time, stored without offset: kiez reads it in the
    /// event's or site's time zone, whatever the editor's browser is set to.
    pub fn datetime(name: &str, label: &str) -> Field {
        Field {
            format: Some(DATETIME_FORMAT),
            picker_utc: Some(false),
            default: Some(Value::String(String::new())),
            ..Field::new(name, label, "datetime")
        }
    }

    /// A date without time.
    pub fn date(name: &str, label: &str) -> Field {
        Field {
            date_format: Some(DATE_FORMAT),
            time_format: Some(false),
            picker_utc: Some(true),
            default: Some(Value::String(String::new())),
            ..Field::new(name, label, "datetime")
        }
    }

    /// A whole number, at least `min`.
    pub fn int(name: &str, label: &str, min: Option<i64>) -> Field {
        Field {
            value_type: Some("int"),
            min,
            ..Field::new(name, label, "number")
        }
    }

    /// A choice of `options`; several when `multiple`.
    pub fn select(name: &str, label: &str, options: Vec<Value>, multiple: bool) -> Field {
        Field {
            options: Some(options),
            multiple: multiple.then_some(true),
            ..Field::new(name, label, "select")
        }
    }

    /// A group of keys.
    pub fn object(name: &str, label: &str, fields: Vec<Field>) -> Field {
        Field {
            fields: Some(fields),
            collapsed: Some(true),
            ..Field::new(name, label, "object")
        }
    }

    /// A list of one repeated field (a list of plain values). It starts
    /// empty: Decap's default is one item, whose required child would
    /// then block saving an entry that needs no list at all.
    pub fn list_of(name: &str, label: &str, field: Field) -> Field {
        Field {
            field: Some(Box::new(field)),
            default: Some(Value::Array(Vec::new())),
            ..Field::new(name, label, "list")
        }
    }

    /// A list of groups of keys, starting empty like [`Field::list_of`].
    pub fn list_of_objects(name: &str, label: &str, fields: Vec<Field>) -> Field {
        Field {
            fields: Some(fields),
            default: Some(Value::Array(Vec::new())),
            collapsed: Some(true),
            ..Field::new(name, label, "list")
        }
    }

    /// A web address (`http://` or `https://`).
    pub fn url(name: &str, label: &str, message: &str) -> Field {
        Field {
            pattern: Some(["^https?://\\S+$".into(), message.into()]),
            ..Field::new(name, label, "string")
        }
    }
}
