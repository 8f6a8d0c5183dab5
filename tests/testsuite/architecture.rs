//! The module order of ARCHITECTURE.md, checked: a module may use leaf
//! helpers and the stages before it, never a later stage. Siblings of the
//! output stage (events, search, feeds, social, render) may only use the
//! public items at the root of the siblings listed in `SIBLING_USES`,
//! never their submodules. Reads the `crate::` paths of every source
//! file (comments aside).

use std::collections::BTreeMap;
use std::path::Path;

/// Stages in pipeline order; a module may use its own and earlier ones.
const ORDER: &[&[&str]] = &[
    // Leaves: no pipeline imports at all.
    &["util", "error", "diagnostic", "fs", "yaml"],
    &["config"],
    &["content"],
    &["i18n"],
    &["markdown"],
    &["images"],
    &["site"],
    &["events", "search", "feeds", "social", "render"],
    &["incremental"],
    &["output"],
    // Reads the site model the crate root makes, as `kiez share` does.
    &["print"],
    &["check"],
    &["cms"],
    &["scaffold"],
    &["import"],
    &["announce"],
    &["serve"],
];

/// Which output-stage sibling may use which (root items only).
const SIBLING_USES: &[(&str, &str)] = &[("render", "feeds"), ("render", "social")];

fn level(module: &str) -> Option<usize> {
    ORDER.iter().position(|stage| stage.contains(&module))
}

/// `crate::a::b` paths used in `text`, as (a, b).
fn crate_paths(text: &str) -> Vec<(String, String)> {
    let mut paths = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + 7..];
            let segs: Vec<&str> = rest
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .collect();
            let first = segs[0].to_string();
            // `use crate::x::{a, b}`: the group counts as root items.
            let second = segs.get(1).map(|s| s.to_string()).unwrap_or_default();
            paths.push((first, second));
        }
    }
    paths
}

/// Module name → (file, text) of each of its source files.
type Files = BTreeMap<String, Vec<(String, String)>>;

/// Every module's source files, and the submodule names of each.
fn sources() -> (Files, BTreeMap<String, Vec<String>>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Files::new();
    let mut submodules: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in walk(&src) {
        let rel = entry
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let module = rel.split(['/', '.']).next().unwrap().to_string();
        if let Some((_, sub)) = rel.split_once('/') {
            let sub = sub.trim_end_matches(".rs").split('/').next().unwrap();
            if sub != "mod" {
                submodules
                    .entry(module.clone())
                    .or_default()
                    .push(sub.to_string());
            }
        }
        let text = std::fs::read_to_string(&entry).unwrap();
        files.entry(module).or_default().push((rel, text));
    }
    (files, submodules)
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

#[test]
fn modules_only_use_earlier_stages() {
    let (files, submodules) = sources();
    let mut wrong = Vec::new();
    for (module, texts) in &files {
        // The crate root runs the pipeline and the binary drives it.
        if module == "lib" || module == "main" || module == "cli" {
            continue;
        }
        let own = level(module).unwrap_or_else(|| panic!("src/{module} is not in ORDER"));
        for (file, text) in texts {
            for (used, item) in crate_paths(text) {
                if &used == module || used.is_empty() {
                    continue;
                }
                let Some(theirs) = level(&used) else {
                    // An item of the crate root (`crate::generate`).
                    if own < level("incremental").unwrap() {
                        wrong.push(format!("{file}: uses crate::{used}, the pipeline's root"));
                    }
                    continue;
                };
                let sibling = theirs == own && own > 0;
                if theirs > own {
                    wrong.push(format!("{file}: uses crate::{used}, a later stage"));
                } else if sibling && !SIBLING_USES.contains(&(module.as_str(), used.as_str())) {
                    wrong.push(format!("{file}: uses its sibling crate::{used}"));
                } else if sibling && submodules.get(&used).is_some_and(|s| s.contains(&item)) {
                    wrong.push(format!(
                        "{file}: uses crate::{used}::{item}, a sibling's internals"
                    ));
                }
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "imports against the module order:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_crate_paths() {
    let paths = crate_paths(
        "use crate::site::{Page, Site};\nlet x = crate::social::meta::f(); // crate::nope",
    );
    assert_eq!(
        paths,
        vec![
            ("site".to_string(), String::new()),
            ("social".to_string(), "meta".to_string())
        ]
    );
}
