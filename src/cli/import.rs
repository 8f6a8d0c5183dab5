//! `kiez import`: the sources it reads and the report it prints.

use std::path::PathBuf;

use clap::Subcommand;

/// What `kiez import` reads.
#[derive(Subcommand)]
pub enum ImportFrom {
    /// A WordPress export (Tools → Export → All content; WXR 1.1 or 1.2).
    Wordpress {
        /// The exported XML file.
        export: PathBuf,
        /// A copy of the site's wp-content/uploads: images are copied into the articles' folders.
        #[arg(long, value_name = "DIR")]
        media: Option<PathBuf>,
        /// The new site's folder (must not exist, or be empty).
        #[arg(short, long, value_name = "SITE_DIR")]
        output: PathBuf,
        /// A YAML file mapping custom post types to kinds, e.g. `ufaq: faq` (article, page or faq).
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
    },
    /// A Hugo site's folder (with hugo.toml or config.toml, content/).
    Hugo {
        /// The Hugo site's folder.
        dir: PathBuf,
        /// The new site's folder (must not exist, or be empty).
        #[arg(short, long, value_name = "SITE_DIR")]
        output: PathBuf,
    },
    /// A Jekyll site's folder (with _config.yml, _posts/).
    Jekyll {
        /// The Jekyll site's folder.
        dir: PathBuf,
        /// The new site's folder (must not exist, or be empty).
        #[arg(short, long, value_name = "SITE_DIR")]
        output: PathBuf,
    },
}

/// `kiez import`: imports, then prints the report the new site also keeps.
pub fn import(from: ImportFrom) -> kiez::Result<()> {
    let (report, output) = match from {
        ImportFrom::Wordpress {
            export,
            media,
            output,
            map,
        } => {
            let opts = kiez::import::WordPressOptions {
                export,
                media,
                output,
                map,
            };
            (kiez::import::wordpress(&opts)?, opts.output)
        }
        ImportFrom::Jekyll { dir, output } => {
            let opts = kiez::import::JekyllOptions {
                source: dir,
                output,
            };
            (kiez::import::jekyll(&opts)?, opts.output)
        }
        ImportFrom::Hugo { dir, output } => {
            let opts = kiez::import::HugoOptions {
                source: dir,
                output,
            };
            (kiez::import::hugo(&opts)?, opts.output)
        }
    };
    print!("{}", report.to_markdown());
    println!(
        "\nImported into {0} (this report is in {0}/import-report.md). Build it with: kiez build {0}",
        output.display()
    );
    Ok(())
}
