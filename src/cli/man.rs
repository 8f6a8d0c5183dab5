//! `kiez man`: the manual page, generated from the clap definitions.

use clap::CommandFactory;

use super::print::print_bytes;
use super::Cli;

/// `kiez man`: one page, `kiez(1)`: the synopsis, then a COMMANDS section
/// with each command's synopsis and options (clap_mangen alone would
/// refer to pages `kiez-build(1)` … that are not installed).
pub fn man() -> kiez::Result<()> {
    use clap_mangen::{roff::roman, roff::Roff, Man};
    let memory = "writing to memory does not fail";
    let roff = |render: fn(&Man, &mut dyn std::io::Write) -> std::io::Result<()>, page: &Man| {
        let mut text = Vec::new();
        render(page, &mut text).expect(memory);
        String::from_utf8(text).expect("roff is UTF-8")
    };
    let mut cmd = Cli::command();
    cmd.build();
    let page = Man::new(cmd.clone()).title("KIEZ");
    let mut out = roff(Man::render_title, &page);
    out += &roff(Man::render_name_section, &page);
    out += &roff(Man::render_synopsis_section, &page);
    out += &roff(Man::render_options_section, &page);
    out += ".SH COMMANDS\n";
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = sub.get_bin_name().unwrap_or(sub.get_name());
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        out += &Roff::new()
            .control("SS", [name])
            .text([roman(about)])
            .control("PP", [])
            .render();
        let sub_page = Man::new(sub.clone());
        for render in [Man::render_synopsis_section, Man::render_options_section] {
            // The section's own `.SH` heading goes: here it is part of COMMANDS.
            for line in roff(render, &sub_page).lines() {
                if !line.starts_with(".SH ") {
                    out += line;
                    out += "\n";
                }
            }
        }
    }
    out += &roff(Man::render_version_section, &page);
    // Each rendered piece repeats roff's two-line preamble; the first does.
    let preamble = [".ie \\n(.g .ds Aq", ".el .ds Aq"];
    let mut seen = [false; 2];
    let mut page_text = String::with_capacity(out.len());
    for line in out.lines() {
        if let Some(i) = preamble.iter().position(|p| line.starts_with(p)) {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
        }
        page_text += line;
        page_text += "\n";
    }
    print_bytes(page_text.as_bytes())
}
