//! `kiez print`: the printed edition or a stairwell notice as PDF.

use std::path::PathBuf;

use kiez::print::{Paper, PrintOptions};

/// Print the edition as a PDF, or an A4 notice for the stairwell board.
#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["edition", "notice"]))]
pub struct PrintArgs {
    /// The edition to print (its ID, e.g. 2026-4).
    edition: Option<String>,
    /// Instead, a one-page notice of this event or FAQ answer (its file,
    /// e.g. content/events/sommerfest.md), with a QR code to its page.
    #[arg(long, value_name = "FILE")]
    notice: Option<PathBuf>,
    /// A5 pages instead of A4.
    #[arg(long)]
    a5: bool,
    /// Where to write the PDF [default: SITE-EDITION.pdf or aushang-SLUG.pdf in the current folder].
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The site folder, holding kiez.yaml.
    #[arg(long, default_value = ".", value_name = "SITE_DIR")]
    site: PathBuf,
    /// Print URLs and QR codes for this URL instead of the config's base_url.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

/// Makes the PDF and writes it.
pub fn run(args: PrintArgs) -> kiez::Result<()> {
    let opts = PrintOptions {
        site_dir: args.site,
        paper: if args.a5 { Paper::A5 } else { Paper::A4 },
        base_url: args.base_url,
        now: kiez::now()?,
    };
    let printed = match (&args.notice, &args.edition) {
        (Some(file), _) => kiez::print::notice(&opts, file)?,
        (None, Some(edition)) => kiez::print::edition(&opts, edition)?,
        (None, None) => {
            return Err(kiez::Error::Usage(
                "name an edition or a --notice FILE".into(),
            ))
        }
    };
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from(&printed.file_name));
    std::fs::write(&path, &printed.pdf).map_err(|e| kiez::Error::io("cannot write", &path, e))?;
    let pages = printed.pages;
    println!(
        "Wrote {} ({pages} page{})",
        path.display(),
        if pages == 1 { "" } else { "s" }
    );
    Ok(())
}
