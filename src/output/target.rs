//! Where a build may write: the `-o` folder resolved (no `..` and no
//! symlink left), checked against the site's own folders, and recognised
//! as kiez's by the marker file every output carries — never by the names
//! of the files in it, which any other generator writes too.

use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::error::{Error, Result, SourceError};

/// The marker file kiez writes into the root of every output.
pub const MARKER: &str = ".kiez-output";
/// The marker's first line.
const MARKER_HEAD: &str = "kiez output";

/// An output folder that passed every check, with both paths resolved.
pub(super) struct Checked {
    /// The output folder, resolved.
    pub out: PathBuf,
    /// The site folder, resolved.
    pub site: PathBuf,
    /// Worth telling but no reason to stop (another site wrote the output).
    pub warnings: Vec<SourceError>,
}

/// The marker's text. The site is named by a hash of its resolved path:
/// enough to tell two sites apart, without publishing the build machine's
/// folder names with the site.
pub(super) fn marker_text(site: &Path) -> String {
    format!(
        "{MARKER_HEAD}\nsite {}\n# kiez wrote this folder and replaces it whole on every build:\n# files put here by hand are deleted. Put them in the site's static/ folder.\n",
        site_id(site)
    )
}

fn site_id(site: &Path) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in site.as_os_str().as_encoded_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The site id in `dir`'s marker: `None` when there is no marker (or it
/// is a symlink or not kiez's), `Some(None)` for a marker naming no site.
pub(super) fn marker_site(dir: &Path) -> Option<Option<String>> {
    let path = dir.join(MARKER);
    if !path.symlink_metadata().is_ok_and(|m| m.is_file()) {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    (lines.next()? == MARKER_HEAD).then(|| {
        lines
            .find_map(|l| l.strip_prefix("site "))
            .map(|id| id.trim().to_string())
    })
}

/// Resolves `out_dir` and `site_dir` and refuses an output whose
/// replacement would delete the site, one of its inputs, or files kiez did
/// not write. Creates nothing: a refused build leaves no trace.
pub(super) fn check(out_dir: &Path, site_dir: &Path) -> Result<Checked> {
    let out = crate::fs::resolve(out_dir)?;
    let site = crate::fs::resolve(site_dir)?;
    if !site.join(crate::config::CONFIG_FILE).is_file() {
        // Not a site (a typo, usually): let the config loader say so as it
        // always does, before the lock creates any folder for the output.
        SiteConfig::load(site_dir)?;
    }
    // Name the resolved folder too when `-o` hid it behind `..` or a link.
    let shown = if std::path::absolute(out_dir).is_ok_and(|a| a == out) {
        format!("`{}`", out_dir.display())
    } else {
        format!("`{}` (that is `{}`)", out_dir.display(), out.display())
    };
    let refuse = |why: String| Err(Error::Usage(format!("the output folder {shown} {why}")));
    if out.file_name().is_none() || site.starts_with(&out) {
        return refuse("contains the site itself; choose another with -o".into());
    }
    let dirs = SiteConfig::dirs(&site);
    for (name, dir) in [
        ("content", &dirs.content),
        ("static", &dirs.static_files),
        ("templates", &dirs.templates),
    ] {
        let dir = crate::fs::resolve(dir)?;
        if out.starts_with(&dir) {
            return refuse(format!(
                "is inside the site's {name}/ folder; choose another with -o"
            ));
        }
        if dir.starts_with(&out) {
            return refuse(format!(
                "contains the site's {name}/ folder; choose another with -o"
            ));
        }
    }
    if out.exists() && !out.is_dir() {
        return refuse("exists and is not a folder; choose another with -o".into());
    }
    let mut warnings = Vec::new();
    let non_empty = std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some());
    match marker_site(&out) {
        None if non_empty => {
            return refuse(format!(
                "is not empty and has no `{MARKER}` file, so kiez did not write it \
                 (or an older kiez did: those wrote no marker). A build replaces its \
                 output folder whole, which would delete these files: choose another \
                 folder with -o, or empty this one (delete it, if it is an older kiez output)"
            ));
        }
        Some(Some(id)) if id != site_id(&site) => warnings.push(SourceError::new(
            out_dir,
            "this output folder was last written by a build of another site folder; it is replaced",
        )),
        _ => {}
    }
    Ok(Checked {
        out,
        site,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_names_the_site_without_its_path() {
        let text = marker_text(Path::new("/home/ada/magazin"));
        assert!(text.starts_with("kiez output\nsite "), "{text}");
        assert!(!text.contains("ada"), "{text}");
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(marker_site(tmp.path()), None);
        std::fs::write(tmp.path().join(MARKER), &text).unwrap();
        assert_eq!(
            marker_site(tmp.path()),
            Some(Some(site_id(Path::new("/home/ada/magazin"))))
        );
        std::fs::write(tmp.path().join(MARKER), "something else\n").unwrap();
        assert_eq!(marker_site(tmp.path()), None);
    }
}
