//! `kiez announce`: its arguments, and the report printed per channel
//! (with `--dry-run`, every request as it would be sent, secrets named by
//! their variable, never shown).

use std::path::PathBuf;

use kiez::announce::{Outcome, Report};

/// What `kiez announce` takes.
#[derive(clap::Args)]
pub struct Args {
    /// The site folder, holding kiez.yaml.
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    /// Publish for this URL instead of the config's base_url (e.g. a staging host).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Announce what the live site's JSON Feed does not list yet (the default).
    #[arg(long, conflicts_with = "since")]
    pub since_live: bool,
    /// The live feed to compare with: a URL, or a file saved before publishing [default: BASE_URL/feed.json].
    #[arg(long, value_name = "URL|FILE", conflicts_with = "since")]
    pub live_feed: Option<String>,
    /// Announce what was published on or after DATE (2026-11-20, 2026-11-20T18:00) instead; events need a `date:`.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Announce nothing when more items than N are new (a moved site would look all new).
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub max: usize,
    /// Print what would be sent to each channel; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Exit with 1 when a channel fails (by default failures are reported, exit 0).
    #[arg(long)]
    pub strict: bool,
}

/// `kiez announce`: announces, prints each channel's outcome (with
/// `--dry-run`, each request) and fails only with `--strict`.
pub fn announce(args: Args) -> kiez::Result<()> {
    use kiez::announce::{Options, Since};
    let mut build = kiez::BuildOptions::new(args.site_dir)?;
    build.base_url = args.base_url;
    let opts = Options {
        since: match args.since {
            Some(date) if !args.since_live => Since::Date(date),
            _ => Since::Live(args.live_feed),
        },
        max: args.max,
        dry_run: args.dry_run,
    };
    let report = kiez::announce::run(&build, &opts)?;
    print_report(&report, args.dry_run);
    if args.strict {
        kiez::announce::strict(&report)?;
    }
    Ok(())
}

/// One block per channel: each item's outcome, and with `dry_run` its
/// requests.
fn print_report(report: &Report, dry_run: bool) {
    let n = report.posts.len();
    println!(
        "{n} new item{} ({}){}",
        if n == 1 { "" } else { "s" },
        report.basis,
        if n == 0 { "; nothing to announce" } else { ":" }
    );
    for post in &report.posts {
        println!("  {} {}", post.kind, post.url);
    }
    for channel in &report.channels {
        if n == 0 {
            break;
        }
        match channel.kind.name() {
            kind if kind == channel.label => println!("\n{kind}:"),
            kind => println!("\n{} ({kind}):", channel.label),
        }
        if let Some(why) = &channel.error {
            eprintln!("error: {}: {why}", channel.label);
        }
        for message in &channel.messages {
            let url = &report.posts[message.post].url;
            match &message.outcome {
                Outcome::Planned => {
                    println!("  --- {url}");
                    for request in &message.requests {
                        println!("{}\n", indent(request));
                    }
                }
                Outcome::Sent => println!("  sent: {url}"),
                Outcome::Failed(why) => eprintln!("error: {}: {url}: {why}", channel.label),
                Outcome::Skipped => println!("  not sent (after the error above): {url}"),
            }
        }
    }
    let failed = report.failed_channels();
    if failed > 0 && !dry_run {
        println!(
            "\n{failed} of {} channels failed; the others were announced to",
            report.channels.len()
        );
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
