//! `kiez completions` and `kiez man`: generated from the clap definitions,
//! so every command `kiez --help` lists must show up in both.

use crate::harness::kiez_in;

/// Runs kiez with `args` and returns its stdout, asserting success.
fn stdout(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = kiez_in(dir.path(), args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The commands `kiez --help` lists (without `help` itself).
fn commands() -> Vec<String> {
    let help = stdout(&["--help"]);
    let list = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section")
        .split("\n\n")
        .next()
        .unwrap();
    let names: Vec<String> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    for expected in ["build", "check", "init", "new", "completions", "man"] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    names
}

#[test]
fn completions_know_every_command() {
    let commands = commands();
    let bash = stdout(&["completions", "bash"]);
    for name in &commands {
        assert!(bash.contains(&format!("kiez,{name})")), "bash: {name}");
    }
    // `--ci` values complete too.
    assert!(bash.contains("github gitlab forgejo"), "{bash}");
    if std::path::Path::new("/bin/bash").exists() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("kiez.bash");
        std::fs::write(&script, &bash).unwrap();
        let check = std::process::Command::new("/bin/bash")
            .arg("-n")
            .arg(&script)
            .output()
            .unwrap();
        assert!(check.status.success(), "bash -n: {check:?}");
    }
    for shell in ["zsh", "fish", "powershell"] {
        let script = stdout(&["completions", shell]);
        for name in &commands {
            assert!(script.contains(name.as_str()), "{shell}: {name}");
        }
    }
    assert_eq!(
        kiez_in(std::path::Path::new("."), &["completions", "tcsh"])
            .status
            .code(),
        Some(2)
    );
}

/// The roff requests clap_mangen and `kiez man` write; anything else would
/// be a malformed page.
const MACROS: &[&str] = &[
    "TH", "SH", "SS", "TP", "PP", "IP", "RS", "RE", "br", "ie", "el",
];

#[test]
fn man_page_is_roff_with_a_section_per_command() {
    let page = stdout(&["man"]);
    let requests: Vec<&str> = page
        .lines()
        .filter(|l| l.starts_with('.') || l.starts_with('\''))
        .map(|l| l[1..].split_whitespace().next().unwrap_or(""))
        .collect();
    for r in &requests {
        assert!(MACROS.contains(r), "unknown roff request `.{r}`");
    }
    let first = requests.iter().position(|r| *r == "TH").expect(".TH");
    assert!(
        requests[..first].iter().all(|r| *r == "ie" || *r == "el"),
        "{requests:?}"
    );
    assert!(page.contains("\n.TH KIEZ 1 "), "{page}");
    for section in ["NAME", "SYNOPSIS", "COMMANDS", "VERSION"] {
        assert!(page.contains(&format!("\n.SH {section}\n")), "{section}");
    }
    for name in commands() {
        assert!(
            page.contains(&format!("\n.SS \"kiez {name}\"\n")),
            "no section for {name}"
        );
    }
    // Options of the commands are there, with their help.
    assert!(page.contains("\\-\\-base\\-url"), "{page}");
    assert!(page.contains("forgejo"), "{page}");
    // Where groff is installed, it reads the page without a warning.
    let Ok(mut groff) = std::process::Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        return;
    };
    use std::io::Write;
    groff
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let out = groff.wait_with_output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
}
