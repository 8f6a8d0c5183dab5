//! The whole build of a small site written from one input: the text
//! before the first `@@@ NAME` line is `kiez.yaml`, and each `@@@ NAME`
//! line starts the file NAME (relative to the site folder, e.g.
//! `content/articles/a.md` or `templates/page.html`).

use std::path::{Path, PathBuf};

/// The line that starts a file.
const MARK: &[u8] = b"@@@ ";

/// Files of one input, as (relative name, bytes); `kiez.yaml` first.
pub fn split(data: &[u8]) -> Vec<(String, &[u8])> {
    let mut files = Vec::new();
    let mut name = "kiez.yaml".to_string();
    let mut start = 0;
    let mut at = 0;
    while at <= data.len() {
        let line_end = data[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |i| at + i);
        if let Some(next) = data[at..line_end].strip_prefix(MARK) {
            files.push((name, &data[start..at]));
            name = String::from_utf8_lossy(next).trim().to_string();
            start = (line_end + 1).min(data.len());
        }
        at = line_end + 1;
    }
    files.push((name, &data[start.min(data.len())..]));
    files
        .into_iter()
        .filter(|(name, _)| is_safe(name))
        .collect()
}

/// A relative name of at most six parts, none empty, `.` or `..`: the
/// harness writes only inside its site folder.
fn is_safe(name: &str) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    name.len() <= 200
        && parts.len() <= 6
        && !name.contains('\0')
        && parts
            .iter()
            .all(|p| !p.is_empty() && *p != "." && *p != "..")
}

/// This process's work folder, made once; each run empties it.
fn work_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| std::env::temp_dir().join(format!("kiez-fuzz-site-{}", std::process::id())))
}

/// Writes the site of `data` into a fresh folder and builds it into
/// another; any error must name one of the files written.
pub fn site(data: &[u8]) {
    let root = work_dir();
    let _ = std::fs::remove_dir_all(root);
    let site_dir = root.join("site");
    let mut written = Vec::new();
    for (name, bytes) in split(data) {
        let path = site_dir.join(&name);
        let ok = path
            .parent()
            .is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
            && std::fs::write(&path, bytes).is_ok();
        if ok {
            written.push(name);
        }
    }
    let opts = kiez::BuildOptions {
        site_dir: site_dir.clone(),
        output: Some(root.join("public")),
        drafts: data.first().is_some_and(|b| b & 1 == 1),
        base_url: None,
        now: crate::now(),
        // Kept between runs: drawing the same share card again each run
        // would be most of the time spent.
        cache: Some(root.with_extension("cache")),
        progress: Default::default(),
        keep_markdown: true,
    };
    if let Err(err) = kiez::build(&opts) {
        // A template is named as `templates/` sees it.
        let names: Vec<&str> = written
            .iter()
            .map(|n| n.strip_prefix("templates/").unwrap_or(n))
            .collect();
        crate::assert_names_file(&err, &names);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_config_and_files() {
        let files = split(b"title: T\n@@@ content/a.md\n---\nx\n@@@ ../up\nno\n@@@ b\n");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["kiez.yaml", "content/a.md", "b"]);
        assert_eq!(files[0].1, b"title: T\n");
        assert_eq!(files[1].1, b"---\nx\n");
        assert_eq!(files[2].1, b"");
    }

    #[test]
    #[should_panic(expected = "error without a file name")]
    fn an_error_naming_no_written_file_is_a_finding() {
        let err = kiez::Error::Usage("something failed".into());
        crate::assert_names_file(&err, &["kiez.yaml"]);
    }
}
