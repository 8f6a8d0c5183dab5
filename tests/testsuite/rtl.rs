//! Right to left in the default theme, without a browser: the stylesheet
//! uses logical properties only (physical left/right only where an
//! allow-list says why), Arabic text is never letter-spaced or set in
//! capitals, arrows in templates point the reading way, and the Arabic
//! fixture site (`tests/fixtures/arabic`) comes out with `dir="rtl"`,
//! names isolated in `<bdi>` and no language switcher (one language).

use std::path::{Path, PathBuf};

use crate::harness::{kiez_in, Page};

/// Physical CSS the theme may keep, by selector, with the reason.
const ALLOWED: &[(&str, &str)] = &[(
    ".prose .table-scroll",
    "the scroll shadows are drawn at both edges alike, so they need no mirroring",
)];

fn theme_css() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/kiez.css"),
    )
    .unwrap()
}

/// Every style rule as (selector, declarations), `@media` blocks opened.
pub(crate) fn rules(css: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        let end = rest[start..].find("*/").expect("comment ends") + start + 2;
        rest = &rest[end..];
    }
    text.push_str(rest);
    let mut out = Vec::new();
    let mut prelude = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if prelude.trim().starts_with('@') => prelude.clear(),
            '{' => {
                let end = text[i..].find('}').expect("rule ends") + i;
                let decls = text[i + 1..end]
                    .split(';')
                    .filter_map(|d| d.split_once(':'))
                    .map(|(p, v)| (p.trim().to_string(), v.trim().to_string()))
                    .collect();
                out.push((prelude.trim().to_string(), decls));
                prelude.clear();
                while chars.next().is_some_and(|(j, _)| j < end) {}
            }
            '}' | ';' => prelude.clear(),
            c => prelude.push(c),
        }
    }
    out
}

fn words(value: &str) -> Vec<&str> {
    value
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect()
}

/// The space-separated parts of a value, `var(…)` and `calc(…)` whole.
fn parts(value: &str) -> Vec<String> {
    let (mut out, mut depth) = (vec![String::new()], 0);
    for c in value.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c.is_whitespace() && depth == 0 => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        out.last_mut().unwrap().push(c);
    }
    out.retain(|p| !p.is_empty());
    out
}

/// Why a declaration is tied to the left or right side, if it is.
fn physical(prop: &str, value: &str) -> Option<&'static str> {
    let v = words(value);
    let sides = parts(value);
    let four_sided = [
        "margin",
        "padding",
        "inset",
        "border-width",
        "border-style",
        "border-color",
        "scroll-margin",
        "scroll-padding",
    ];
    if prop.contains("left") || prop.contains("right") {
        return Some("a left/right property (use inline-start/end)");
    }
    if v.iter().any(|w| *w == "left" || *w == "right") {
        return Some("a left/right value (use start/end)");
    }
    if four_sided.contains(&prop) && sides.len() == 4 && sides[1] != sides[3] {
        return Some("right and left differ in a four-value shorthand");
    }
    if prop == "border-radius" && sides.iter().any(|w| *w != sides[0]) {
        return Some("corners differ (use border-start-start-radius …)");
    }
    if prop.ends_with("shadow") {
        let offsets = value.split(',').filter_map(|s| {
            words(s)
                .into_iter()
                .find(|w| *w != "inset" && !w.starts_with("var"))
        });
        if offsets.into_iter().any(|x| x != "0" && x != "none") {
            return Some("a shadow offset to one side");
        }
    }
    if prop == "transform"
        && ["translateX", "scaleX", "rotate"]
            .iter()
            .any(|f| value.contains(f))
    {
        return Some("a sideways transform");
    }
    if prop.starts_with("background") && value.contains("gradient") {
        return Some("a gradient may imply a side");
    }
    None
}

#[test]
fn the_theme_stylesheet_uses_logical_properties() {
    let rules = rules(&theme_css());
    assert!(rules.len() > 150, "{} rules parsed", rules.len());
    let mut found = Vec::new();
    let mut used = Vec::new();
    for (selector, decls) in &rules {
        for (prop, value) in decls {
            let Some(why) = physical(prop, value) else {
                continue;
            };
            match ALLOWED.iter().find(|(s, _)| s == selector) {
                Some((s, _)) => used.push(*s),
                None => found.push(format!("{selector} {{ {prop}: {value} }}: {why}")),
            }
        }
    }
    assert!(found.is_empty(), "physical CSS:\n{}", found.join("\n"));
    for (selector, _) in ALLOWED {
        assert!(
            used.contains(selector),
            "{selector} is allowed but no longer physical"
        );
    }
}

#[test]
fn the_lint_catches_what_it_is_for() {
    for (prop, value) in [
        ("margin-left", "1rem"),
        ("left", "0"),
        ("text-align", "right"),
        ("float", "left"),
        ("padding", "0 1rem 0 0"),
        ("border-radius", "0 4px 4px 0"),
        ("box-shadow", "2px 0 4px #000"),
        ("transform", "rotate(90deg)"),
        ("background", "linear-gradient(to right, red, blue)"),
    ] {
        assert!(physical(prop, value).is_some(), "{prop}: {value}");
    }
    for (prop, value) in [
        ("margin-inline-start", "1rem"),
        ("padding", "0 1rem"),
        ("margin", "0.4em 0 0.3em"),
        ("text-align", "start"),
        ("box-shadow", "inset 0 -3px 0 var(--link)"),
        ("border-radius", "var(--radius)"),
    ] {
        assert_eq!(physical(prop, value), None, "{prop}: {value}");
    }
}

#[test]
fn arabic_is_never_letter_spaced_or_set_in_capitals() {
    let rules = rules(&theme_css());
    let reset = rules
        .iter()
        .find(|(s, d)| {
            s.starts_with(":lang(ar) :is(")
                && d.contains(&("letter-spacing".into(), "normal".into()))
                && d.contains(&("text-transform".into(), "none".into()))
        })
        .expect("a :lang(ar) reset of letter spacing and capitals");
    let inner = reset
        .0
        .trim_start_matches(":lang(ar) :is(")
        .trim_end_matches(')');
    let reset_list: Vec<&str> = inner.split(',').map(str::trim).collect();
    for (selector, decls) in &rules {
        let styled = decls.iter().any(|(p, v)| {
            (p == "text-transform" && v != "none")
                || (p == "letter-spacing" && v != "normal" && v != "0")
                || (p.starts_with("font-variant") && v.contains("small-caps"))
        });
        if !styled || selector.contains(":lang(ar)") {
            continue;
        }
        for one in selector.split(',').map(str::trim) {
            assert!(
                reset_list.contains(&one),
                "`{one}` spaces or capitalises letters; add it to the :lang(ar) reset"
            );
        }
    }
    let body = rules
        .iter()
        .find(|(s, _)| s == "body:lang(ar)")
        .expect("body:lang(ar)");
    let leading: f32 = body
        .1
        .iter()
        .find(|(p, _)| p == "line-height")
        .unwrap()
        .1
        .parse()
        .unwrap();
    assert!(leading >= 1.7, "Arabic line height {leading}");
    let fonts = &rules
        .iter()
        .flat_map(|(_, d)| d)
        .find(|(p, _)| p == "--font-arabic")
        .expect("--font-arabic")
        .1;
    assert!(
        fonts.starts_with("\"Noto Sans Arabic\", \"Noto Naskh Arabic\""),
        "{fonts}"
    );
}

#[test]
fn arrows_in_templates_follow_the_reading_direction() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let forward = r#"{% if site.dir == "rtl" %}←{% else %}→{% endif %}"#;
    let back = r#"{% if site.dir == "rtl" %}→{% else %}←{% endif %}"#;
    let mut arrows = 0;
    for path in crate::harness::walk(&root) {
        let text = std::fs::read_to_string(&path).unwrap();
        let bare = text.replace(forward, "").replace(back, "");
        assert!(
            !bare.contains('→') && !bare.contains('←'),
            "{}: an arrow that does not turn on right-to-left pages",
            path.display()
        );
        arrows += text.matches(forward).count() + text.matches(back).count();
    }
    assert!(arrows >= 8, "{arrows} arrows");
}

/// Builds the Arabic fixture site into a temp folder.
pub(crate) fn build_arabic(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arabic");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let mut args = vec![
        "build",
        fixture.to_str().unwrap(),
        "-q",
        "-o",
        public.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let result = kiez_in(Path::new(env!("CARGO_MANIFEST_DIR")), &args);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (out, public)
}

fn page(public: &Path, rel: &str) -> Page {
    Page(scraper::Html::parse_document(
        &std::fs::read_to_string(public.join(rel)).unwrap(),
    ))
}

#[test]
fn the_arabic_site_reads_right_to_left_and_isolates_names() {
    let (_tmp, public) = build_arabic(&[]);
    for rel in crate::harness::html_files(&public) {
        let html = std::fs::read_to_string(&rel).unwrap();
        assert!(
            html.contains(r#"<html lang="ar" dir="rtl">"#),
            "{}",
            rel.display()
        );
    }
    let first = page(&public, "articles/index.html");
    assert!(first.text("a[rel=next]").ends_with('←'), "next points left");
    let second = page(&public, "articles/page/2/index.html");
    assert!(
        second.text("a[rel=prev]").starts_with('→'),
        "back points right"
    );
    let home = page(&public, "index.html");
    assert!(home.texts(".more a").iter().all(|t| t.ends_with('←')));
    assert!(home
        .texts(".card .meta bdi")
        .contains(&"سلمى حداد".to_string()));
    assert!(home
        .texts(".event-card .meta bdi")
        .contains(&"مركز الجيران".to_string()));
    assert_eq!(
        home.text(".site-footer p bdi"),
        "جمعية ليندنهوف التعاونية للإسكان"
    );
    let event = page(&public, "events/mietercafe/index.html");
    assert_eq!(
        event.texts(".event-details bdi"),
        [
            "مركز الجيران",
            "Am Lindenhof 7, 10827 Berlin",
            "Mieterbeirat Lindenhof"
        ]
    );
    let article = page(&public, "articles/wlan-gemeinschaftsraum/index.html");
    assert_eq!(
        article.attrs(".meta a bdi", "dir").len(),
        0,
        "bdi takes its direction from its text"
    );
    assert_eq!(article.texts(".meta a bdi"), ["Mehmet Demir", "سلمى حداد"]);
    // One language: no switcher, and not a byte of it.
    assert_eq!(home.count(".languages"), 0);
    let raw = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        raw.contains("</a>\n    <nav class=\"main-nav\""),
        "header unchanged"
    );
}

#[test]
fn a_german_site_keeps_its_arrows_and_has_no_switcher() {
    let site = crate::harness::TestSite::new();
    for i in 1..=12 {
        site.article(
            &format!("a{i}"),
            &format!("Beitrag {i}"),
            &format!("2026-10-{i:02}"),
            "",
            "Text.",
        );
    }
    site.build_ok();
    let list = site.html("articles/index.html");
    assert!(list.text("a[rel=next]").ends_with('→'));
    assert_eq!(list.count(".languages"), 0);
    assert!(!site.read("index.html").contains(" dir="));
}
