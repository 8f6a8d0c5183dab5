//! Writes a build into a hidden sibling folder and swaps it into place only
//! when everything was written, so a failed build never touches the last
//! good site.

use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::util::artifact::{Copy, OutputFile};

/// Refuses output folders whose replacement would destroy the site itself
/// (`-o .`, `-o ..`, `-o content`).
pub fn check_output_dir(out_dir: &Path, site_dir: &Path) -> Result<()> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(Error::Usage(format!(
            "the output `{}` exists and is not a folder; choose another with -o",
            out_dir.display()
        )));
    }
    // Replacing a folder deletes what is in it: only do that to an empty
    // folder or one a previous build wrote (it has both of these).
    let non_empty = std::fs::read_dir(out_dir).is_ok_and(|mut d| d.next().is_some());
    let looks_built = out_dir.join("404.html").is_file() && out_dir.join("sitemap.xml").is_file();
    if non_empty && !looks_built {
        return Err(Error::Usage(format!(
            "`{}` is not empty and was not written by kiez; choose another folder with -o, or empty it",
            out_dir.display()
        )));
    }
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (out, site) = (abs(out_dir), abs(site_dir));
    if site.starts_with(&out) {
        return Err(Error::Usage(format!(
            "the output folder `{}` contains the site itself; choose another with -o",
            out_dir.display()
        )));
    }
    for sub in ["content", "static", "templates"] {
        if out.starts_with(site.join(sub)) {
            return Err(Error::Usage(format!(
                "the output folder `{}` is inside the site's {sub}/ folder; choose another with -o",
                out_dir.display()
            )));
        }
    }
    Ok(())
}

/// Writes `files` and `copies` and then replaces `out_dir` with the result.
/// Later entries win: rendered pages first, then copies (the site's
/// `static/` may override a theme file of the same name).
pub fn write(out_dir: &Path, files: &[OutputFile], copies: &[Copy]) -> Result<()> {
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".{name}.kiez-new"));
    let previous = parent.join(format!(".{name}.kiez-old"));
    crate::fs::remove_dir_all(&staging)?;
    crate::fs::create_dir_all(&staging)?;

    let result = files
        .par_iter()
        .try_for_each(|f| crate::fs::write(&staging.join(&f.path), &f.bytes))
        .and_then(|()| {
            copies.par_iter().try_for_each(|c| {
                let to = staging.join(&c.to);
                if c.link {
                    if let Some(parent) = to.parent() {
                        crate::fs::create_dir_all(parent)?;
                    }
                    if std::fs::hard_link(&c.from, &to).is_ok() {
                        return Ok(());
                    }
                }
                crate::fs::copy(&c.from, &to)
            })
        });
    if let Err(e) = result {
        crate::fs::remove_dir_all(&staging).ok();
        return Err(e);
    }

    crate::fs::remove_dir_all(&previous)?;
    if out_dir.exists() {
        crate::fs::rename(out_dir, &previous)?;
    }
    if let Err(e) = crate::fs::rename(&staging, out_dir) {
        // Put the last good site back before reporting.
        crate::fs::rename(&previous, out_dir).ok();
        return Err(e);
    }
    crate::fs::remove_dir_all(&previous)?;
    Ok(())
}

/// Every file below `dir` as a copy into the output root, skipping editor
/// leftovers and hidden files.
pub fn copies_of_dir(dir: &Path, prefix: &str) -> Result<Vec<Copy>> {
    let mut copies = Vec::new();
    if !dir.is_dir() {
        return Ok(copies);
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !crate::fs::is_ignored(&e.file_name().to_string_lossy()))
    {
        let entry = entry.map_err(|e| Error::io("cannot read", dir, e.into()))?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            copies.push(Copy {
                from: entry.into_path(),
                to: format!("{prefix}{rel}"),
                link: false,
            });
        }
    }
    Ok(copies)
}
