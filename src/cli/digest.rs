//! `kiez digest`: writes the e-mail newsletter of a period as
//! `digest.html` and `digest.txt` for the cooperative's mailing tool.

use std::path::PathBuf;

use kiez::render::digest::Period;

/// What `kiez digest` takes.
#[derive(clap::Args)]
pub struct DigestArgs {
    /// The site folder, holding kiez.yaml.
    #[arg(default_value = ".")]
    site_dir: PathBuf,
    /// Everything since this date (2026-11-01), up to now.
    #[arg(long, value_name = "DATE", required_unless_present = "month")]
    since: Option<String>,
    /// One calendar month (2026-11).
    #[arg(long, value_name = "YYYY-MM", conflicts_with = "since")]
    month: Option<String>,
    /// Folder to write digest.html and digest.txt into [default: the current folder].
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    output: PathBuf,
    /// Publish for this URL instead of the config's base_url.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

/// Renders the digest and writes its two files.
pub fn run(args: DigestArgs) -> kiez::Result<()> {
    let mut opts = kiez::BuildOptions::new(&args.site_dir)?;
    opts.base_url = args.base_url;
    let config = kiez::SiteConfig::load(&args.site_dir)?;
    let period = match (&args.since, &args.month) {
        (Some(since), _) => Period::since(since, config.tz, opts.now)?,
        (None, Some(month)) => Period::month(month, config.tz)?,
        (None, None) => {
            return Err(kiez::Error::Usage(
                "give --since DATE or --month YYYY-MM".into(),
            ))
        }
    };
    let digest = kiez::digest(&opts, &period)?;
    let html = args.output.join("digest.html");
    let text = args.output.join("digest.txt");
    kiez::fs::write(&html, &digest.html)?;
    kiez::fs::write(&text, &digest.text)?;
    println!(
        "Wrote {} and {}: {} articles, {} upcoming events, {} FAQ answers",
        html.display(),
        text.display(),
        digest.articles.len(),
        digest.events,
        digest.answers
    );
    Ok(())
}
