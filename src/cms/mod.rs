//! The web editor: `kiez schema` (JSON Schemas of front matter and
//! `kiez.yaml`, in [`schema`]) and `kiez cms init` (a Decap CMS
//! configuration made from the same content model).

pub mod schema;
