//! `kiez new` and `kiez translate`: a content file started with its
//! front matter filled in, in the default language or another of the
//! site's languages.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use kiez::scaffold::NewKind;

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Article,
    Event,
    Faq,
}

#[derive(Args)]
pub struct NewArgs {
    /// What to create.
    kind: Kind,
    /// Its title; the file name is made from it.
    title: String,
    /// The site folder.
    #[arg(long, default_value = ".", value_name = "SITE_DIR")]
    site: PathBuf,
    /// FAQ category folder (for `faq`).
    #[arg(long)]
    category: Option<String>,
    /// Write it in this language of `languages:` (`x.tr.md`).
    #[arg(long, value_name = "CODE")]
    lang: Option<String>,
}

#[derive(Args)]
pub struct TranslateArgs {
    /// The content file in the default language (`content/articles/x.md`).
    file: PathBuf,
    /// The language to translate into, one of `languages:` in kiez.yaml.
    #[arg(long, value_name = "CODE")]
    to: String,
    /// The site folder.
    #[arg(long, default_value = ".", value_name = "SITE_DIR")]
    site: PathBuf,
}

pub fn new(args: NewArgs) -> kiez::Result<()> {
    let kind = match args.kind {
        Kind::Article => NewKind::Article,
        Kind::Event => NewKind::Event,
        Kind::Faq => NewKind::Faq,
    };
    let path = kiez::scaffold::new_content(
        &args.site,
        kind,
        &args.title,
        args.category.as_deref(),
        args.lang.as_deref(),
        kiez::now()?,
    )?;
    println!("Created {}", path.display());
    Ok(())
}

pub fn translate(args: TranslateArgs) -> kiez::Result<()> {
    let path = kiez::scaffold::translate(&args.site, &args.file, &args.to)?;
    println!("Created {}", path.display());
    Ok(())
}
