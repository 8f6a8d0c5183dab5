//! A fixture-site builder: write files, run `kiez`, parse the output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// 2026-11-24T12:00:00Z: "now" for every test build.
pub const NOW: &str = "1795521600";

pub const CONFIG: &str =
    "title: Testblatt\nbase_url: https://mag.example.org/\nlanguage: de\ntimezone: Europe/Berlin\n";

/// A site in a temp folder.
pub struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// A site with a minimal valid `kiez.yaml` and nothing else.
    pub fn new() -> Self {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.file("kiez.yaml", CONFIG);
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file relative to the site root.
    pub fn file(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Writes bytes relative to the site root.
    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// An article with a title, a date and a body.
    pub fn article(&self, name: &str, title: &str, date: &str, extra: &str, body: &str) -> &Self {
        self.file(
            &format!("content/articles/{name}.md"),
            &format!("---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\n{body}\n"),
        )
    }

    /// Runs `kiez ARGS` in the site folder with a fixed "now".
    pub fn kiez(&self, args: &[&str]) -> Output {
        kiez_in(self.root(), args)
    }

    /// Runs `kiez build .` (one line per warning) and asserts it succeeded.
    pub fn build_ok(&self) -> Output {
        self.build_ok_with(&[])
    }

    /// Runs `kiez build . EXTRA` and asserts it succeeded.
    pub fn build_ok_with(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build", ".", "--message-format", "short"];
        args.extend_from_slice(extra);
        let out = self.kiez(&args);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Runs `kiez build .` with one line per error (the form most tests
    /// read), asserts exit code 1, returns stderr.
    pub fn build_fails(&self) -> String {
        let out = self.kiez(&["build", ".", "--message-format", "short"]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(1),
            "expected exit 1, stderr:\n{stderr}"
        );
        stderr
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Parses an output HTML file.
    pub fn html(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.read(rel)))
    }
}

/// Runs the kiez binary in `dir`.
pub fn kiez_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiez"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", NOW)
        .env_remove("RUST_LOG")
        .output()
        .expect("run kiez")
}

/// A parsed HTML page.
pub struct Page(pub Html);

impl Page {
    /// Trimmed, whitespace-collapsed text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.0
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The one element matching `css`'s text; panics if there is not exactly one.
    pub fn text(&self, css: &str) -> String {
        let texts = self.texts(css);
        assert_eq!(texts.len(), 1, "expected one `{css}`, found {texts:?}");
        texts.into_iter().next().unwrap()
    }

    /// Attribute values of every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.0
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    pub fn count(&self, css: &str) -> usize {
        self.0.select(&Selector::parse(css).unwrap()).count()
    }

    /// Every JSON-LD block, parsed (a block that is not JSON fails the test).
    pub fn jsonld(&self) -> Vec<serde_json::Value> {
        let sel = Selector::parse("script[type='application/ld+json']").unwrap();
        self.0
            .select(&sel)
            .map(|s| serde_json::from_str(&s.inner_html()).expect("JSON-LD parses"))
            .collect()
    }

    /// The first JSON-LD block of a schema.org type.
    pub fn jsonld_of(&self, kind: &str) -> serde_json::Value {
        self.jsonld()
            .into_iter()
            .find(|v| v["@type"] == kind)
            .unwrap_or_else(|| panic!("no {kind} JSON-LD"))
    }
}

/// Every file under `dir` with its bytes, sorted, for before/after comparisons.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walk(dir)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap();
            (rel, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Every file below `dir`.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// A real PNG of `width`×`height`, for fixtures that need a readable image.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bytes, width, height);
        enc.set_color(png::ColorType::Rgb);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&vec![120u8; (width * height * 3) as usize])
            .unwrap();
    }
    bytes
}

/// Every HTML file below `dir`.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// Debian's Chromium for end-to-end tests; `None` (the test is skipped)
/// when it is not installed, unless `KIEZ_E2E` says it must be, as in CI.
pub fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("KIEZ_E2E").is_none(),
            "KIEZ_E2E is set but chromium is not installed"
        );
        eprintln!("skipped: no chromium (CI installs it and sets KIEZ_E2E=1)");
    }
    found
}

/// Flags for a quiet, throwaway headless Chromium.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Builds `example-site/` into a temp folder; keep the guard alive while
/// reading the output.
pub fn build_example() -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("public");
    let result = kiez_in(
        root,
        &["build", "example-site", "-o", target.to_str().unwrap()],
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (out, target)
}
