//! `kiez init --ci`: each platform's workflow is valid YAML with the keys
//! that platform requires, builds on push and daily, caches kiez and
//! `.kiez-cache`, and its `kiez build` line, run as the CI's shell would
//! run it, builds the starter site.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;

use crate::harness::{kiez_in, NOW};

/// A starter site made by `kiez init site --ci PLATFORM`, and its workflow.
struct Init {
    _dir: tempfile::TempDir,
    site: PathBuf,
    text: String,
    doc: Value,
}

fn init(platform: &str, workflow: &str) -> Init {
    let dir = tempfile::tempdir().unwrap();
    let out = kiez_in(dir.path(), &["init", "site", "--ci", platform]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(workflow));
    let site = dir.path().join("site");
    let text = std::fs::read_to_string(site.join(workflow)).unwrap();
    let doc: Value = serde_yaml::from_str(&text).expect("the workflow is YAML");
    assert!(!text.contains("__KIEZ_GIT__"), "placeholder left:\n{text}");
    Init {
        _dir: dir,
        site,
        text,
        doc,
    }
}

/// The one `kiez build` command of a workflow (comments aside).
fn build_line(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && l.contains("kiez build"))
        .collect();
    assert_eq!(lines.len(), 1, "one `kiez build` line: {lines:?}");
    let line = lines[0]
        .trim_start_matches("- ")
        .trim_start_matches("run: ");
    assert!(line.starts_with("kiez build"), "{line}");
    line.to_string()
}

/// Runs `line` with `sh -c` in `site`, the test's kiez first on the PATH,
/// and `env` set, as a CI job would; asserts it built the site.
fn run_in_site(site: &Path, line: &str, env: &[(&str, &str)]) {
    let kiez_dir = Path::new(env!("CARGO_BIN_EXE_kiez")).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(kiez_dir.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let out = Command::new("sh")
        .args(["-c", line])
        .current_dir(site)
        .env("PATH", path)
        .env("SOURCE_DATE_EPOCH", NOW)
        .envs(env.iter().copied())
        .output()
        .expect("run sh");
    assert!(
        out.status.success(),
        "`{line}` failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.join("public/articles/willkommen/index.html").is_file());
}

/// Every step of every job.
fn steps(doc: &Value) -> Vec<&Value> {
    let jobs = doc["jobs"].as_mapping().expect("jobs");
    assert!(!jobs.is_empty());
    jobs.values()
        .flat_map(|job| job["steps"].as_sequence().expect("steps").iter())
        .collect()
}

fn step_using<'a>(steps: &[&'a Value], action: &str) -> &'a Value {
    steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with(&format!("{action}@")))
        })
        .unwrap_or_else(|| panic!("no step uses {action}"))
}

fn runs(steps: &[&Value]) -> String {
    steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cron line of five fields, for a daily build.
fn assert_daily(on: &Value) {
    assert!(on["push"].is_mapping(), "on.push: {on:?}");
    let cron = on["schedule"][0]["cron"]
        .as_str()
        .expect("on.schedule cron");
    let fields: Vec<&str> = cron.split_whitespace().collect();
    assert_eq!(fields.len(), 5, "{cron}");
    assert_eq!(&fields[2..], ["*", "*", "*"], "daily: {cron}");
}

/// Both caches of an Actions workflow: kiez itself and `.kiez-cache`.
fn assert_actions_cache(steps: &[&Value]) {
    let paths: Vec<&str> = steps
        .iter()
        .filter(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .filter_map(|s| s["with"]["path"].as_str())
        .collect();
    assert_eq!(paths, ["~/.kiez", ".kiez-cache"]);
    let runs = runs(steps);
    assert!(
        runs.contains("cargo install --locked --git \"$KIEZ_GIT\""),
        "{runs}"
    );
}

#[test]
fn github_workflow_deploys_to_pages() {
    let init = init("github", ".github/workflows/publish.yml");
    let doc = &init.doc;
    assert_daily(&doc["on"]);
    assert_eq!(doc["permissions"]["pages"], "write");
    assert_eq!(doc["permissions"]["id-token"], "write");
    assert!(doc["env"]["KIEZ_GIT"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    let steps = steps(doc);
    step_using(&steps, "actions/checkout");
    assert_actions_cache(&steps);
    step_using(&steps, "actions/configure-pages");
    assert_eq!(
        step_using(&steps, "actions/upload-pages-artifact")["with"]["path"],
        "public"
    );
    step_using(&steps, "actions/deploy-pages");
    assert_eq!(doc["jobs"]["deploy"]["environment"]["name"], "github-pages");
    // Actions fills in `${{ … }}` before the shell sees the line.
    let line = build_line(&init.text).replace(
        "${{ steps.pages.outputs.base_url }}",
        "https://verein.github.io/hofblatt",
    );
    assert!(!line.contains("${{"), "{line}");
    run_in_site(&init.site, &line, &[]);
    let home = std::fs::read_to_string(init.site.join("public/index.html")).unwrap();
    assert!(home.contains("https://verein.github.io/hofblatt/"));
}

#[test]
fn gitlab_pipeline_publishes_pages_from_the_default_branch() {
    let init = init("gitlab", ".gitlab-ci.yml");
    let pages = &init.doc["pages"];
    let script: Vec<&str> = pages["script"]
        .as_sequence()
        .expect("pages.script")
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        script.iter().any(|s| s.starts_with("kiez build")),
        "{script:?}"
    );
    assert!(script[0].starts_with("cargo install --locked --git \"$KIEZ_GIT\""));
    assert_eq!(
        pages["artifacts"]["paths"],
        serde_yaml::from_str::<Value>("[public]").unwrap()
    );
    let rule = pages["rules"][0]["if"].as_str().expect("rules[0].if");
    assert!(rule.contains("$CI_DEFAULT_BRANCH"), "{rule}");
    let cached: Vec<&str> = pages["cache"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|c| c["paths"].as_sequence().unwrap())
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(cached, [".kiez-tool/", ".kiez-cache/"]);
    // GitLab keeps schedules outside the file: the comment says where.
    assert!(init.text.contains("Pipeline schedules"));
    assert!(init.doc["variables"]["KIEZ_GIT"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    let line = build_line(&init.text);
    run_in_site(
        &init.site,
        &line,
        &[("CI_PAGES_URL", "https://hofblatt-4f2a.gitlab.io")],
    );
    let home = std::fs::read_to_string(init.site.join("public/index.html")).unwrap();
    assert!(home.contains("https://hofblatt-4f2a.gitlab.io/"));
}

#[test]
fn forgejo_workflow_pushes_to_the_pages_branch() {
    let init = init("forgejo", ".forgejo/workflows/publish.yml");
    let doc = &init.doc;
    assert_daily(&doc["on"]);
    assert!(doc["env"]["KIEZ_GIT"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    let steps = steps(doc);
    step_using(&steps, "actions/checkout");
    assert_actions_cache(&steps);
    let runs = runs(&steps);
    assert!(runs.contains("refs/heads/pages"), "{runs}");
    run_in_site(&init.site, &build_line(&init.text), &[]);
    // No --base-url: the site's own base_url is used.
    let home = std::fs::read_to_string(init.site.join("public/index.html")).unwrap();
    assert!(home.contains("https://magazin.example.org/"));
}

#[test]
fn init_without_ci_writes_no_workflow_and_ignores_outputs() {
    let dir = tempfile::tempdir().unwrap();
    assert!(kiez_in(dir.path(), &["init", "site"]).status.success());
    let site = dir.path().join("site");
    assert!(!site.join(".github").exists() && !site.join(".gitlab-ci.yml").exists());
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "public/"));
    assert!(ignore.lines().any(|l| l == ".kiez-cache/"));
    let out = kiez_in(dir.path(), &["init", "other", "--ci", "jenkins"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("other").exists());
}
