//! `kiez translate FILE --to CODE` and `kiez new … --lang CODE`: where a
//! translation lives (`x.CODE.md` beside `x.md`, `index.CODE.md` in a
//! bundle) and the stub a translator starts from: the original's front
//! matter and body, held back as a draft until it is translated.

use std::path::{Path, PathBuf};

use crate::config::{Language, SiteConfig};
use crate::error::{Error, Result};

/// The language `code` of the site at `site_dir`'s `languages:`.
pub fn site_language(config: &SiteConfig, code: &str) -> Result<Language> {
    let listed: Vec<&str> = config.languages.iter().map(|l| l.code.code()).collect();
    Language::from_code(code)
        .filter(|l| config.languages.iter().any(|e| e.code == *l))
        .ok_or_else(|| {
            Error::Usage(match listed.is_empty() {
                true => format!(
                    "`{code}` is not a language of this site; add `languages:` to kiez.yaml"
                ),
                false => format!(
                    "`{code}` is not a language of this site ({})",
                    listed.join(", ")
                ),
            })
        })
}

/// `x.md` → `x.CODE.md`; `""` for the default language.
pub fn suffix(config: &SiteConfig, lang: Language) -> String {
    match lang == config.language {
        true => String::new(),
        false => format!(".{}", lang.code()),
    }
}

/// Writes the translation stub of the content file `file` into `to`;
/// returns its path.
pub fn translate(site_dir: &Path, file: &Path, to: &str) -> Result<PathBuf> {
    let config = SiteConfig::load(site_dir)?;
    let lang = site_language(&config, to)?;
    if lang == config.language {
        return Err(Error::Usage(format!(
            "`{to}` is the site's default language; translate into another one"
        )));
    }
    let content = site_dir.join("content");
    let abs = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io("cannot read", Path::new("."), e))?
            .join(file)
    };
    let rel = abs
        .strip_prefix(std::fs::canonicalize(&content).unwrap_or(content.clone()))
        .or_else(|_| abs.strip_prefix(&content))
        .map_err(|_| {
            Error::Usage(format!(
                "`{}` is not a file under {}",
                file.display(),
                content.display()
            ))
        })?;
    let rel = rel.to_string_lossy().replace('\\', "/");
    let (base, from) = crate::content::translation::split_lang(&rel, &config);
    if from != config.language || !rel.ends_with(".md") {
        return Err(Error::Usage(format!(
            "`{rel}` is not a content file in the default language"
        )));
    }
    let target = content.join(format!(
        "{}{}.md",
        base.trim_end_matches(".md"),
        suffix(&config, lang)
    ));
    if target.exists() {
        return Err(Error::Usage(format!(
            "`{}` already exists",
            target.display()
        )));
    }
    let text = crate::fs::read_to_string(&abs)?;
    crate::fs::write(&target, stub(&text, config.language, lang))?;
    Ok(target)
}

/// The original with `draft: true` added to its front matter, so that the
/// untranslated stub is not published, and a note on what to do.
fn stub(text: &str, from: Language, to: Language) -> String {
    let note = format!(
        "<!-- Translate this page from {} into {}, then remove `draft: true`. -->\n",
        from.native_name(),
        to.native_name()
    );
    match text.strip_prefix("---\n") {
        Some(rest) => match rest.split_once("\n---\n") {
            Some((matter, body)) => {
                let matter: Vec<&str> = matter
                    .lines()
                    .filter(|l| !l.starts_with("draft:"))
                    .collect();
                format!("---\n{}\ndraft: true\n---\n{note}{body}", matter.join("\n"))
            }
            None => format!("{note}{text}"),
        },
        None => format!("---\ndraft: true\n---\n{note}{text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stub_keeps_the_front_matter_and_is_a_draft() {
        let text = "---\ntitle: Hallo\ndraft: false\ntags: [a]\n---\nText.\n";
        let out = stub(text, Language::De, Language::Tr);
        assert!(
            out.starts_with("---\ntitle: Hallo\ntags: [a]\ndraft: true\n---\n<!--"),
            "{out}"
        );
        assert!(out.ends_with("Text.\n"));
        assert!(out.contains("Türkçe"));
    }
}
