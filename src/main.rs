//! The `kiez` command line: parses arguments, calls the library, prints
//! the result or the error once, and picks the exit code (0 ok, 1 content
//! or template error, 2 usage error).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

// glibc's allocator fragments under a build's many short-lived strings
// (45 % of the search stage in malloc at 100,000 articles); mimalloc keeps
// per-thread free lists. See BENCHMARKS.md.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "cli/announce.rs"]
mod announce;
#[path = "cli/content.rs"]
mod content;
#[path = "cli/digest.rs"]
mod digest;
#[path = "cli/import.rs"]
mod import;
#[path = "cli/man.rs"]
mod man;
#[path = "cli/paper.rs"]
mod paper;
#[path = "cli/print.rs"]
mod print;
#[path = "cli/progress.rs"]
mod progress;
#[path = "cli/share.rs"]
mod share;

use kiez::scaffold::Ci;
use print::{print_bytes, print_error, print_timings, print_warnings};

/// Static site generator for community magazines and knowledge bases.
#[derive(Parser)]
#[command(name = "kiez", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How errors and warnings are shown: with the offending line
    /// (human), or one `path:line:col: message` line each (short), for
    /// editors and log searches.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
}

#[derive(clap::Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Output folder [default: SITE_DIR/public].
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Print nothing but errors and warnings.
    #[arg(short, long)]
    quiet: bool,
    /// Also print where the time went, stage by stage.
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,
    /// Print the time of each stage, the costliest templates and the
    /// slowest pages.
    #[arg(long)]
    timings: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    Human,
    Short,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (replaced only if the build succeeds).
    Build(BuildArgs),
    /// Check config, content and templates like a build, plus editorial checks, without writing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        check: CheckArgs,
    },
    /// Create a working starter site in DIR.
    Init {
        /// Folder to create (must not exist, or be empty).
        dir: PathBuf,
        /// Also write a workflow that builds and publishes the site on every push and daily.
        #[arg(long, value_name = "PLATFORM")]
        ci: Option<CiPlatform>,
    },
    /// Create a content file with its front matter filled in.
    New(content::NewArgs),
    /// Start a translation: copy a content file to `NAME.CODE.md` beside it, as a draft.
    ///
    /// The copy keeps the original's front matter and body, adds `draft: true` so that it is not
    /// published half translated, and says what to do in a comment.
    Translate(content::TranslateArgs),
    /// Post new articles and events to the channels of `announce:` in kiez.yaml (run after publishing).
    ///
    /// "New" is what the live site's JSON Feed does not list yet, or what was published since
    /// --since. Tokens and webhook URLs come from the environment variables kiez.yaml names.
    Announce(announce::Args),
    /// Move an existing site in: write a new kiez site and a report of what needs a human.
    Import {
        #[command(subcommand)]
        from: import::ImportFrom,
    },
    /// Build the site in memory and serve it; rebuild and reload the browser on every change.
    #[cfg(feature = "serve")]
    Serve {
        /// The site folder, holding kiez.yaml.
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Include drafts and articles dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Port to listen on; 0 picks any free port.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; 0.0.0.0 serves other devices on your network too.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Also print where each build's time went, stage by stage.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Print an article's or event's square and story images and its captions for WhatsApp, Instagram, LinkedIn and Mastodon.
    Share {
        /// The article or event: its content file (content/articles/NAME.md) or its URL (/articles/NAME/).
        page: String,
        /// The site folder.
        #[arg(long, default_value = ".", value_name = "SITE_DIR")]
        site: PathBuf,
        /// The output folder of `kiez build`, where the images are published [default: SITE_DIR/public].
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Include drafts and articles dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Print one JSON document instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Set up a web editor (Decap CMS or Sveltia CMS) under /admin/.
    Cms {
        #[command(subcommand)]
        command: CmsCommand,
    },
    /// Print an edition as a PDF, or a stairwell notice with a QR code (`--notice FILE`).
    Print(paper::PrintArgs),
    /// Print the JSON Schema of a content kind's front matter or of kiez.yaml.
    ///
    /// For editors: VS Code's YAML extension validates a file that starts with
    /// `# yaml-language-server: $schema=PATH`. `kiez cms init` writes all of them
    /// to static/admin/schema/.
    Schema {
        /// Which schema to print.
        #[arg(required_unless_present = "out")]
        target: Option<SchemaTarget>,
        /// Write every schema into DIR as NAME.json instead of printing one.
        #[arg(long, value_name = "DIR", conflicts_with = "target")]
        out: Option<PathBuf>,
    },
    /// Write the e-mail newsletter of a period: digest.html and digest.txt for a mailing tool.
    Digest(digest::DigestArgs),
    /// Print a shell's completion script.
    ///
    /// For example: `kiez completions bash > ~/.local/share/bash-completion/completions/kiez`,
    /// `kiez completions zsh > ~/.zfunc/_kiez`, `kiez completions fish > ~/.config/fish/completions/kiez.fish`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    ///
    /// For example: `kiez man > ~/.local/share/man/man1/kiez.1`, then `man kiez`.
    Man,
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site folder, holding kiez.yaml.
    #[arg(default_value = ".")]
    site_dir: PathBuf,
    /// Include drafts and articles dated in the future.
    #[arg(long)]
    drafts: bool,
    /// Publish for this URL instead of the config's base_url (e.g. a staging host).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

/// Where `kiez init --ci` publishes from.
#[derive(Clone, Copy, ValueEnum)]
enum CiPlatform {
    /// GitHub Actions to GitHub Pages.
    Github,
    /// GitLab CI/CD to GitLab Pages.
    Gitlab,
    /// Forgejo Actions to a `pages` branch (Codeberg Pages).
    Forgejo,
}

/// What `kiez check` adds to the site arguments.
#[derive(clap::Args)]
struct CheckArgs {
    /// Treat every warning as an error (exit code 1).
    #[arg(long)]
    strict: bool,
    /// How to print findings.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also ask every web link's server whether it answers (cached for a day in .kiez-cache/links.json).
    #[arg(long)]
    external: bool,
    /// Seconds each web link may take to answer (with --external).
    #[arg(long, default_value_t = 10, value_name = "SECS", requires = "external")]
    timeout: u64,
}

/// Output formats of `kiez check`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One line per finding, `path:line:col: level: message (hint) [check]`.
    Text,
    /// One JSON document with every finding.
    Json,
    /// GitHub Actions annotations (`::warning file=PATH,line=N::MESSAGE`).
    Github,
}

#[derive(Subcommand)]
enum CmsCommand {
    /// Write static/admin/index.html, static/admin/config.yml and the JSON Schemas; run again after changes.
    ///
    /// Running it again rewrites kiez's collections, fields and keys in config.yml and keeps
    /// everything the site added. See docs/cms.md.
    Init {
        /// The site folder, holding kiez.yaml.
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Where editors log in [default: keep config.yml's, else github].
        #[arg(long, value_enum, value_name = "FORGE")]
        backend: Option<ForgeArg>,
        /// The site's repository, OWNER/NAME.
        #[arg(long, value_name = "OWNER/NAME")]
        repo: Option<String>,
        /// The branch editors commit to.
        #[arg(long, default_value = "main")]
        branch: String,
        /// The forge's address, for self-hosted GitLab, Gitea or Forgejo [default: gitlab.com, codeberg.org].
        #[arg(long, value_name = "URL")]
        forge_url: Option<String>,
        /// The OAuth application id (GitLab, Gitea, Forgejo).
        #[arg(long, value_name = "ID")]
        app_id: Option<String>,
    },
}

/// The forge of `kiez cms init --backend`.
#[derive(Clone, Copy, ValueEnum)]
enum ForgeArg {
    /// GitHub (needs an OAuth proxy).
    Github,
    /// GitLab.com or self-hosted GitLab.
    Gitlab,
    /// Gitea or Forgejo (Codeberg).
    Gitea,
}

/// What `kiez schema` describes.
#[derive(Clone, Copy, ValueEnum)]
enum SchemaTarget {
    Article,
    Event,
    Faq,
    Page,
    Edition,
    #[value(name = "kiez.yaml")]
    Config,
}

impl SiteArgs {
    fn options(self) -> kiez::Result<kiez::BuildOptions> {
        let mut opts = kiez::BuildOptions::new(self.site_dir)?;
        opts.drafts = self.drafts;
        opts.base_url = self.base_url;
        Ok(opts)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = cli.message_format;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            print_error(&err, format);
            match err {
                kiez::Error::Usage(_) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}

fn run(cli: Cli) -> kiez::Result<()> {
    match cli.command {
        Command::Build(args) => build(args, cli.message_format),
        Command::Check { site, check: args } => check(site, args),
        Command::Init { dir, ci } => init(&dir, ci),
        Command::New(args) => content::new(args),
        Command::Translate(args) => content::translate(args),
        #[cfg(feature = "serve")]
        Command::Serve {
            site_dir,
            drafts,
            port,
            bind,
            open,
            verbose,
        } => serve(site_dir, drafts, port, bind, (open, verbose)),
        Command::Cms {
            command:
                CmsCommand::Init {
                    site_dir,
                    backend,
                    repo,
                    branch,
                    forge_url,
                    app_id,
                },
        } => {
            let forge = backend.map(|b| match b {
                ForgeArg::Github => kiez::cms::Forge::GitHub,
                ForgeArg::Gitlab => kiez::cms::Forge::GitLab,
                ForgeArg::Gitea => kiez::cms::Forge::Gitea,
            });
            let opts = kiez::cms::InitOptions {
                forge,
                repo,
                branch,
                forge_url,
                app_id,
            };
            cms_init(&site_dir, &opts)
        }
        Command::Print(args) => paper::run(args),
        Command::Share {
            page,
            site,
            output,
            drafts,
            json,
        } => {
            let mut opts = kiez::BuildOptions::new(site)?;
            (opts.output, opts.drafts) = (output, drafts);
            let kit = kiez::share(&opts, &page)?;
            let text = if json {
                share::json(&kit)
            } else {
                share::text(&kit)
            };
            print_bytes(text.as_bytes())
        }
        Command::Schema { target, out } => schema(target, out.as_deref()),
        Command::Import { from } => import::import(from),
        Command::Announce(args) => announce::announce(args),
        Command::Digest(args) => digest::run(args),
        Command::Completions { shell } => completions(shell),
        Command::Man => man::man(),
    }
}

/// `kiez build`: builds and reports what was written, unless quiet.
fn build(args: BuildArgs, format: MessageFormat) -> kiez::Result<()> {
    let BuildArgs {
        site,
        output,
        quiet,
        verbose,
        timings,
    } = args;
    let mut opts = site.options()?;
    opts.output = output;
    let bar = (!quiet).then(progress::Bar::start);
    if let Some(bar) = &bar {
        opts.progress = bar.tracker();
    }
    let report = kiez::build(&opts);
    if let Some(bar) = &bar {
        bar.finish();
    }
    let report = report?;
    print_warnings(&report.warnings, format);
    if !quiet {
        println!(
            "Built {} pages ({} files, {} social cards drawn, {} hidden drafts/future) into {} in {} ms",
            report.pages,
            report.files,
            report.cards_drawn,
            report.hidden,
            report.output.display(),
            report.elapsed.as_millis()
        );
    }
    if verbose {
        println!("Time: {}", report.timings);
    }
    if timings {
        print_timings(&report.timings);
    }
    Ok(())
}

/// `kiez check`: prints the findings in the chosen format and a summary;
/// exits 1 when there is an error (with `--strict`, any finding). In the
/// JSON and GitHub formats an error that stops the build is printed as a
/// finding too, so CI sees it in the same shape.
fn check(site: SiteArgs, args: CheckArgs) -> kiez::Result<()> {
    use kiez::check::{format, Finding};
    let opts = site.options()?;
    let external = args.external.then(|| kiez::check::External {
        timeout: std::time::Duration::from_secs(args.timeout),
        ..kiez::check::External::new(opts.cache_root().join("links.json"))
    });
    let (pages, mut findings) = match kiez::check(&opts, external.as_ref()) {
        Ok((report, findings)) => (report.pages, findings),
        Err(err) if args.format != Format::Text && !matches!(err, kiez::Error::Usage(_)) => {
            (0, vec![Finding::from_error(&err)])
        }
        Err(err) => return Err(err),
    };
    if args.strict {
        kiez::check::strict(&mut findings);
    }
    match args.format {
        Format::Text => {
            print!("{}", format::text(&findings));
            println!("{}", format::summary(pages, &findings));
        }
        Format::Json => print!("{}", format::json(pages, &findings)),
        Format::Github => print!("{}", format::github(pages, &findings)),
    }
    if kiez::check::count(&findings).0 > 0 {
        use std::io::Write;
        let _ = std::io::stdout().flush();
        // The findings are the report; no further error line is printed.
        std::process::exit(1);
    }
    Ok(())
}

/// `kiez init`: creates the starter site and tells how to build it.
fn init(dir: &Path, ci: Option<CiPlatform>) -> kiez::Result<()> {
    let ci = ci.map(|ci| match ci {
        CiPlatform::Github => Ci::GitHub,
        CiPlatform::Gitlab => Ci::GitLab,
        CiPlatform::Forgejo => Ci::Forgejo,
    });
    kiez::scaffold::init(dir, ci)?;
    println!(
        "Created a site in {0}. Build it with: kiez build {0}",
        dir.display()
    );
    if let Some(ci) = ci {
        println!(
            "Publishing workflow: {} (its first lines say what to set up)",
            dir.join(ci.path()).display()
        );
    }
    Ok(())
}

/// `kiez new`: creates a content file dated now and names it.
/// `kiez serve`: serves until stopped, problems on stderr and the rest on
/// stdout so a redirected log keeps them apart.
#[cfg(feature = "serve")]
fn serve(
    site_dir: PathBuf,
    drafts: bool,
    port: u16,
    bind: std::net::IpAddr,
    (open, verbose): (bool, bool),
) -> kiez::Result<()> {
    let mut build = kiez::BuildOptions::new(site_dir)?;
    build.drafts = drafts;
    let opts = kiez::serve::ServeOptions {
        build,
        bind,
        port,
        open,
    };
    kiez::serve::serve(&opts, |note| {
        if note.is_problem() {
            eprintln!("{note}");
        } else {
            println!("{note}");
        }
        if let (true, kiez::serve::Note::Built { timings, .. }) = (verbose, &note) {
            println!("  Time: {timings}");
        }
    })?;
    println!("Stopped.");
    Ok(())
}

/// `kiez cms init`: names what it wrote and what is left to do.
fn cms_init(site_dir: &Path, opts: &kiez::cms::InitOptions) -> kiez::Result<()> {
    let report = kiez::cms::init(site_dir, opts)?;
    for path in &report.written {
        println!("Wrote {}", path.display());
    }
    for note in &report.notes {
        println!("Note: {note}");
    }
    println!("Try it locally: `npx decap-server` in the site folder and `kiez serve`, then open /admin/ (see docs/cms.md).");
    Ok(())
}

/// `kiez schema`: one schema on stdout, or all of them into a folder.
fn schema(target: Option<SchemaTarget>, out: Option<&Path>) -> kiez::Result<()> {
    use kiez::cms::schema::Target;
    if let Some(dir) = out {
        for path in kiez::cms::schema::write_all(dir)? {
            println!("Wrote {}", path.display());
        }
        return Ok(());
    }
    let target = match target {
        Some(SchemaTarget::Article) => Target::Article,
        Some(SchemaTarget::Event) => Target::Event,
        Some(SchemaTarget::Faq) => Target::Faq,
        Some(SchemaTarget::Page) => Target::Page,
        Some(SchemaTarget::Edition) => Target::Edition,
        // clap requires a target when there is no --out.
        Some(SchemaTarget::Config) | None => Target::Config,
    };
    print_bytes(target.to_json().as_bytes())
}

/// `kiez completions SHELL`: the completion script, from the clap definitions.
fn completions(shell: clap_complete::Shell) -> kiez::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "kiez", &mut script);
    print_bytes(&script)
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
