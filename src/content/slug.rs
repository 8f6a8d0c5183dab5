//! URL slugs, folded by the rules of the content file's language (see
//! [`crate::util::fold`]): German spelled out (ä → ae, ß → ss), Turkish
//! letters to their base letter (ğ → g, ı → i), Ukrainian by KMU 2010,
//! Russian by ICAO 9303, Arabic kept in Arabic letters; hyphens between
//! words.

use super::frontmatter::{self, Fields};
use super::{dates, Kind};
use crate::config::Language;
use crate::error::Result;

/// Turns a title or file name into a lowercase slug in `lang`, folding
/// letters with [`crate::util::fold::fold_text`]: ASCII, or Arabic letters
/// and ASCII for Arabic.
pub fn slugify(text: &str, lang: Language) -> String {
    let folded = crate::util::fold::fold_text(text, lang.folding());
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The file's name without `.md`, or its bundle folder's name.
pub(super) fn file_name(rel: &str) -> &str {
    rel.strip_suffix("/index.md")
        .or_else(|| rel.strip_suffix(".md"))
        .and_then(|s| s.rsplit('/').next())
        .unwrap_or_default()
}

/// The slug: `slug:`, else the file (or bundle folder) name without a
/// leading date (`2024-05-01-sommerfest` → `sommerfest`).
pub(super) fn slug_of(
    f: &Fields,
    rel: &str,
    kind: Kind,
    explicit: Option<&str>,
    lang: Language,
) -> Result<String> {
    let name = file_name(rel);
    let stem = dates::split_dated_name(name).map_or(name, |(_, rest)| rest);
    let slug = slugify(explicit.unwrap_or(stem), lang);
    let key = if explicit.is_some() { "slug" } else { "title" };
    if slug.len() > frontmatter::MAX_SLUG {
        return Err(f
            .error(key, "the name is too long for a URL")
            .hint("shorten the file name or set a shorter `slug:`")
            .into());
    }
    if slug.is_empty() && kind != Kind::Home {
        return Err(f
            .error(key, "cannot make a URL slug from this name")
            .hint("rename the file or set `slug:` with letters or digits")
            .into());
    }
    Ok(slug)
}

#[cfg(test)]
mod tests {
    use super::slugify;
    use crate::config::Language;

    /// One table per language: title → slug.
    #[test]
    fn slug_table_per_language() {
        let table: &[(Language, &[(&str, &str)])] = &[
            (
                Language::De,
                &[
                    ("Mieterfest im Hof — Größer!", "mieterfest-im-hof-groesser"),
                    ("Übergabe & Schlüssel", "uebergabe-schluessel"),
                    ("Straßenfest 2026", "strassenfest-2026"),
                    ("Café crème", "cafe-creme"),
                    ("  --  ", ""),
                ],
            ),
            (
                Language::En,
                &[
                    (
                        "Summer party in the courtyard",
                        "summer-party-in-the-courtyard",
                    ),
                    ("Größe", "groesse"),
                ],
            ),
            (
                Language::Tr,
                &[
                    ("Avluda yaz şenliği", "avluda-yaz-senligi"),
                    ("Isıtma İpuçları", "isitma-ipuclari"),
                    ("Çöp ayrıştırma", "cop-ayristirma"),
                    ("Görüşme günü", "gorusme-gunu"),
                ],
            ),
            (
                Language::Uk,
                &[
                    ("Літнє свято у дворі", "litnie-sviato-u-dvori"),
                    ("Як заощадити на опаленні", "yak-zaoshchadyty-na-opalenni"),
                    ("Згода сусідів", "zghoda-susidiv"),
                    ("Їжа та єдність", "yizha-ta-yednist"),
                    ("Подвір'я", "podviria"),
                ],
            ),
            (
                Language::Ru,
                &[
                    ("Летний праздник во дворе", "letnii-prazdnik-vo-dvore"),
                    ("Ещё объявление", "eshche-obieiavlenie"),
                    ("Горячая вода", "goriachaia-voda"),
                ],
            ),
            (
                Language::Ar,
                &[
                    ("حفلة الصيف في الفناء", "حفلة-الصيف-في-الفناء"),
                    ("نصائح التَّدْفِئَة", "نصائح-التدفئة"),
                    ("قواعد المبنـــى ٢٠٢٦", "قواعد-المبنى-2026"),
                    ("Hofblatt: عدد جديد", "hofblatt-عدد-جديد"),
                ],
            ),
        ];
        for (lang, rows) in table {
            for (title, slug) in *rows {
                assert_eq!(slugify(title, *lang), *slug, "{} {title}", lang.code());
            }
        }
    }
}
