//! What `kiez` prints besides a command's own output: errors and warnings
//! in the chosen message format, `--timings`, and generated text on
//! stdout (binary only: the library never prints).

use std::path::Path;

use super::MessageFormat;

/// `--timings`: stages, then templates by total time, then the slowest
/// pages (which ran in parallel, so they add up to more than `pages`).
pub fn print_timings(t: &kiez::util::timings::Timings) {
    let ms = |d: std::time::Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!("Stages:");
    for (name, took) in &t.stages {
        println!("  {name:<10} {:>10}", ms(*took));
    }
    println!("Templates (pages, time summed over threads):");
    for (template, pages, took) in t.templates() {
        println!("  {template:<24} {pages:>6} {:>10}", ms(took));
    }
    println!("Slowest pages:");
    for page in t.slowest_pages(10) {
        println!(
            "  {:>10}  {}  ({})",
            ms(page.took),
            page.path,
            page.template
        );
    }
}

/// Writes generated text to stdout, naming stdout when that fails.
pub fn print_bytes(bytes: &[u8]) -> kiez::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| kiez::Error::io("cannot write", Path::new("standard output"), e))
}

// Rendered in colour; anstream strips it when stderr is no terminal or
// NO_COLOR is set, and keeps it for CLICOLOR_FORCE.
pub fn print_error(err: &kiez::Error, format: MessageFormat) {
    match format {
        MessageFormat::Human => anstream::eprintln!("{}", kiez::diagnostic::errors(err, true)),
        MessageFormat::Short => {
            for one in err.each() {
                eprintln!("Error: {one}");
            }
            if err.each().len() > 1 {
                eprintln!("{} errors", err.each().len());
            }
        }
    }
}

pub fn print_warnings(warnings: &[kiez::error::SourceError], format: MessageFormat) {
    use kiez::diagnostic::{render, Severity};
    for w in warnings {
        match format {
            MessageFormat::Human => {
                anstream::eprintln!("{}\n", render(Severity::Warning, w, true))
            }
            MessageFormat::Short => eprintln!("Warning: {w}"),
        }
    }
}
