//! kiez builds community magazines and knowledge bases from Markdown.
//!
//! The build is a straight pipeline, read top to bottom in [`build`]:
//! load the config → parse the content → build the site model (Markdown
//! rendered, references checked, lists sorted) → render templates → write
//! the output folder atomically. Each stage only reads what the previous
//! one produced.

pub mod announce;
pub mod check;
pub mod cms;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod error;
pub mod events;
pub mod feeds;
pub mod fs;
pub mod i18n;
pub mod images;
pub mod import;
pub mod incremental;
pub mod markdown;
pub mod output;
pub mod print;
pub mod render;
pub mod scaffold;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod social;
pub mod util;
mod yaml;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

pub use config::SiteConfig;
pub use error::{Error, Result};
pub use incremental::Reuse;
pub use site::Site;

/// What `kiez build` and `kiez check` were asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `kiez.yaml`).
    pub site_dir: PathBuf,
    /// Output folder; `SITE_DIR/public` by default.
    pub output: Option<PathBuf>,
    /// Include drafts and future-dated articles.
    pub drafts: bool,
    /// Override of the config's `base_url`.
    pub base_url: Option<String>,
    /// "Now", for drafts, future posts and upcoming events.
    pub now: DateTime<Utc>,
    /// Where generated images are cached between builds;
    /// `SITE_DIR/.kiez-cache` by default.
    pub cache: Option<PathBuf>,
    /// Told of each stage and page, for a progress bar.
    pub progress: util::progress::Tracker,
    /// Keep each page's Markdown in the site model once it is rendered,
    /// for what reads it later (`kiez check`, the dev server's reuse);
    /// [`build`] lets it go: at 10,000 articles it is 80 MB.
    pub keep_markdown: bool,
}

impl BuildOptions {
    /// Options for `site_dir` with defaults and "now" from [`now`].
    pub fn new(site_dir: impl Into<PathBuf>) -> Result<Self> {
        Ok(BuildOptions {
            site_dir: site_dir.into(),
            output: None,
            drafts: false,
            base_url: None,
            now: now()?,
            cache: None,
            progress: Default::default(),
            keep_markdown: true,
        })
    }

    /// The folder for cached generated images (share cards, resized
    /// images).
    pub fn cache_root(&self) -> PathBuf {
        self.cache
            .clone()
            .unwrap_or_else(|| self.site_dir.join(".kiez-cache"))
    }

    /// The output folder this build writes.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.site_dir.join("public"))
    }
}

/// What a build did, for the summary line.
#[derive(Debug)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// All files written or copied.
    pub files: usize,
    /// Drafts and future articles left out.
    pub hidden: usize,
    /// Social cards drawn anew (not taken from the cache).
    pub cards_drawn: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Where the site is.
    pub output: PathBuf,
    /// Things worth fixing that did not stop the build.
    pub warnings: Vec<error::SourceError>,
    /// Where the time went, stage by stage.
    pub timings: util::timings::Timings,
}

/// "Now" for this build: `SOURCE_DATE_EPOCH` when set (reproducible builds),
/// else the clock.
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            .filter(content::date_in_range)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "SOURCE_DATE_EPOCH=`{value}` is not a number of seconds since 1970 within the years {} to {}",
                    content::MIN_YEAR,
                    content::MAX_YEAR
                ))
            }),
        Err(_) => Ok(Utc::now()),
    }
}

/// Builds the site and replaces the output folder with it.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let out_dir = opts.output_dir();
    // Checked and locked before rendering, so a refused or concurrent
    // build fails at once.
    let target = output::Target::open(&out_dir, &opts.site_dir)?;
    // Pages and feeds go into the staging folder as they are rendered.
    let sink = target.begin()?;
    let lean = BuildOptions {
        keep_markdown: false,
        ..opts.clone()
    };
    let mut generated = generate_with(&lean, &mut Reuse::default(), &mut |_| (), &sink)?;
    let warnings = target.warnings().to_vec();
    opts.progress.stage("writing", 0);
    target.finish(&generated.files, &generated.copies)?;
    generated.timings.lap("write");
    let mut report = generated.report(started, out_dir);
    report.warnings.extend(warnings);
    Ok(report)
}

/// Loads, parses and renders everything like [`build`], but writes
/// nothing (the image cache aside); then runs the editorial checks of
/// [`check`](mod@check), and the external link check when `external` is
/// given. The findings include the build's warnings.
pub fn check(
    opts: &BuildOptions,
    external: Option<&check::External>,
) -> Result<(BuildReport, Vec<check::Finding>)> {
    let started = Instant::now();
    let generated = generate(opts, &mut Reuse::default())?;
    let dirs = SiteConfig::dirs(&opts.site_dir);
    let findings = check::run(
        &check::Input {
            site: &generated.site,
            languages: &generated.languages,
            dirs: &dirs,
            files: &generated.files,
            copies: &generated.copies,
            warnings: &generated.warnings,
        },
        external,
    );
    let mut report = generated.report(started, opts.output_dir());
    report.warnings.clear();
    Ok((report, findings))
}

/// A site rendered in memory, not yet written: what `kiez build` writes
/// and what the dev server serves.
pub struct Generated {
    /// The site model it was rendered from (the default language's).
    pub site: Arc<Site>,
    /// The other languages' site models, in the order of `languages:`.
    pub languages: Vec<Arc<Site>>,
    /// Rendered pages, feeds and theme files (those the sink kept: all
    /// but with `kiez build`'s, which wrote most of them at once).
    pub files: Vec<util::artifact::OutputFile>,
    /// How many files and HTML pages the sink wrote.
    pub written: (usize, usize),
    /// Files copied verbatim (`static/`, bundle assets); they override
    /// rendered files of the same path.
    pub copies: Vec<util::artifact::Copy>,
    /// Things worth fixing that did not stop the build.
    pub warnings: Vec<error::SourceError>,
    /// Drafts and future articles left out.
    pub hidden: usize,
    /// Social cards drawn in this build (the others came from the cache).
    pub cards_drawn: usize,
    /// Pages and feeds taken over from the last build (see [`Reuse`]).
    pub reused: usize,
    /// Where the time went, stage by stage.
    pub timings: util::timings::Timings,
}

impl Generated {
    fn report(self, started: Instant, output: PathBuf) -> BuildReport {
        BuildReport {
            pages: self
                .files
                .iter()
                .filter(|f| f.path.ends_with(".html"))
                .count()
                + self.written.1,
            files: self.files.len() + self.written.0 + self.copies.len(),
            hidden: self.hidden,
            cards_drawn: self.cards_drawn,
            elapsed: started.elapsed(),
            output,
            warnings: self.warnings,
            timings: self.timings,
        }
    }
}

/// The pipeline up to writing: config → content → site model → pages and
/// feeds, all in memory. `reuse` carries what the dev server keeps between
/// builds (see [`incremental`]); `kiez build` passes an empty one.
pub fn generate(opts: &BuildOptions, reuse: &mut Reuse) -> Result<Generated> {
    generate_with(opts, reuse, &mut |_| (), &util::artifact::Sink::keep())
}

/// [`generate`], handing the pages of the content files marked as edited
/// ([`Reuse::content_changed`]) to `edited` as soon as they are rendered,
/// before the rest of the site: the dev server shows the page being
/// edited while lists and feeds are still being made (Hugo's "fast
/// render"). The same pages are in the result too, unless `sink` wrote
/// them (as it writes most pages and feeds for `kiez build`).
pub fn generate_with(
    opts: &BuildOptions,
    reuse: &mut Reuse,
    edited: &mut dyn FnMut(Vec<util::artifact::OutputFile>),
    sink: &util::artifact::Sink,
) -> Result<Generated> {
    let mut timings = util::timings::Timings::start();
    let progress = &opts.progress;
    progress.stage("reading content", 0);
    let dirs = SiteConfig::dirs(&opts.site_dir);
    let config = site_config(opts)?;
    let load = content::LoadOptions {
        content_dir: &dirs.content,
        config: &config,
        drafts: opts.drafts,
        now: opts.now,
    };
    let (library, mut warnings) = content::load(&load, reuse.parsed.as_mut())?;
    let hidden = library.hidden;
    timings.lap("content");
    progress.stage("images and links", 0);
    let sites: Vec<Arc<Site>> = language_sites(opts, &config, library, &dirs, reuse)?
        .into_iter()
        .map(Arc::new)
        .collect();
    timings.lap("site");
    // Each language is rendered as a one-language site under its prefix;
    // only the default language's pages are kept between dev builds.
    let translations = (sites.len() > 1).then(|| Arc::new(site::Translations::new(&sites)));
    let mut out = Rendered::default();
    let stage = Stage {
        opts,
        dirs: &dirs,
        translations: translations.clone(),
    };
    for (n, site) in sites.iter().enumerate() {
        let mut fresh = Reuse::default();
        let reuse = if n == 0 { &mut *reuse } else { &mut fresh };
        let prefix = config.lang_prefix(site.config.language);
        let mut edited = |files: Vec<_>| edited(prefixed(files, &prefix));
        let sink = sink.under(&prefix);
        let part = render_site(&stage, site, reuse, &mut edited, &mut timings, &sink)?;
        out.add(part, &prefix);
    }
    if config.is_multilingual() && config.translations.prefix_default {
        root_pages(&config, &sites[0], reuse, &mut out, sink)?;
    }
    out.files.extend(render::theme_files(&config));
    out.files.extend(match &translations {
        Some(t) => feeds::render_sitemap_languages(&sites, t),
        None => feeds::render_sitemap(&sites[0]),
    });
    warnings.append(&mut out.warnings);
    let mut copies = output::copies_of_dir(&dirs.root, &dirs.static_files, "")?;
    copies.append(&mut out.copies);
    reuse.remember(&sites[0], translations);
    timings.lap("copies");
    Ok(Generated {
        site: Arc::clone(&sites[0]),
        languages: sites[1..].to_vec(),
        files: out.files,
        written: sink.written(),
        copies,
        warnings,
        hidden,
        cards_drawn: out.cards_drawn,
        reused: out.reused,
        timings,
    })
}

/// The root of a site whose every language has its prefix: a page
/// forwarding to the default language and a copy of its 404 page (which
/// the sink may have written already: then a link to that file).
fn root_pages(
    config: &SiteConfig,
    site: &Site,
    reuse: &Reuse,
    out: &mut Rendered,
    sink: &util::artifact::Sink,
) -> Result<()> {
    out.files
        .push(render::root_redirect(site, reuse.renderer())?);
    let not_found = format!("{}404.html", config.lang_prefix(config.language));
    match (out.files.iter().find(|f| f.path == not_found), sink.dir()) {
        (Some(page), _) => out.files.push(util::artifact::OutputFile::new(
            "404.html",
            page.bytes.to_vec(),
        )),
        (None, Some(dir)) => out.copies.push(util::artifact::Copy {
            from: dir.join(&not_found),
            to: "404.html".into(),
            link: true,
        }),
        (None, None) => {}
    }
    Ok(())
}

/// One `Site` per language of the site, the default language first (one
/// for a one-language site). Only the default language's reuses the dev
/// server's last model.
fn language_sites(
    opts: &BuildOptions,
    config: &SiteConfig,
    library: content::Library,
    dirs: &config::SiteDirs,
    reuse: &Reuse,
) -> Result<Vec<Site>> {
    let image_cache = opts.cache_root().join("images");
    // Only a build that renders every body may drop the code it did not
    // show; the dev server's rebuilds render only the edited ones.
    let code_file = opts.cache_root().join("code.bin");
    let code = reuse
        .last_site()
        .is_none()
        .then(|| markdown::CodeCache::load(&code_file));
    let caches = site::Caches {
        images: &image_cache,
        code: code.as_ref(),
    };
    let libraries = content::translation::split(library, config);
    let entries = config.language_entries();
    let mut sites = Vec::new();
    for (n, (library, entry)) in libraries.into_iter().zip(&entries).enumerate() {
        let config = match config.is_multilingual() {
            true => config.for_language(entry),
            false => config.clone(),
        };
        let previous = if n == 0 { reuse.last_site() } else { None };
        sites.push(Site::new(
            config,
            library,
            dirs,
            opts.now,
            previous,
            caches,
            opts.keep_markdown,
        )?);
    }
    if let Some(code) = code {
        code.save(&code_file);
    }
    Ok(sites)
}

/// What every language's rendering shares.
struct Stage<'a> {
    opts: &'a BuildOptions,
    dirs: &'a config::SiteDirs,
    translations: Option<Arc<site::Translations>>,
}

/// The files of one or all languages.
#[derive(Default)]
struct Rendered {
    files: Vec<util::artifact::OutputFile>,
    copies: Vec<util::artifact::Copy>,
    warnings: Vec<error::SourceError>,
    cards_drawn: usize,
    reused: usize,
}

impl Rendered {
    /// Adds one language's files, under its prefix (`en/`).
    fn add(&mut self, mut part: Rendered, prefix: &str) {
        self.files.append(&mut prefixed(part.files, prefix));
        for mut copy in part.copies {
            copy.to.insert_str(0, prefix);
            self.copies.push(copy);
        }
        self.warnings.append(&mut part.warnings);
        self.cards_drawn += part.cards_drawn;
        self.reused += part.reused;
    }
}

fn prefixed(
    mut files: Vec<util::artifact::OutputFile>,
    prefix: &str,
) -> Vec<util::artifact::OutputFile> {
    if !prefix.is_empty() {
        for file in &mut files {
            file.path.insert_str(0, prefix);
        }
    }
    files
}

/// Pages, feeds, calendars, search index and share images of one
/// language's site, with paths inside its part of the output, each handed
/// to `sink` as it is made (the files it kept are returned).
fn render_site(
    stage: &Stage,
    site: &Arc<Site>,
    reuse: &mut Reuse,
    edited: &mut dyn FnMut(Vec<util::artifact::OutputFile>),
    timings: &mut util::timings::Timings,
    sink: &util::artifact::Sink,
) -> Result<Rendered> {
    let (opts, dirs, progress) = (stage.opts, stage.dirs, &stage.opts.progress);
    let feeds = feeds::specs(site);
    let social = social::plan(site, dirs, social::Shares::Recent)?;
    reuse.load_renderer(&dirs.templates, &site.config)?;
    timings.lap("plan");
    let prepared = render::Pages::new(site, reuse.renderer(), &feeds, &social)
        .with_translations(stage.translations.clone())
        .with_progress(progress.clone());
    let first = reuse.edited_pages(site);
    if !first.is_empty() {
        edited(prepared.render_some(reuse.renderer(), &first)?);
        timings.lap("edited page");
    }
    progress.stage("pages", prepared.len());
    let assets = match reuse.answers_demands() {
        true => {
            let statics = output::copies_of_dir(&dirs.root, &dirs.static_files, "")?;
            Some(incremental::Assets::of(site, statics))
        }
        false => None,
    };
    let (mut files, reused) = reuse.render_pages(&prepared, sink, assets)?;
    timings.pages.extend(prepared.times());
    drop(prepared);
    timings.lap("pages");
    progress.stage("feeds, calendars and search", 0);
    files.extend(feeds::render_feeds(site, &feeds, sink)?);
    files.extend(sink.put_all(events::render_calendars(site))?);
    timings.lap("feeds");
    if !reuse.defers_search() {
        files.extend(search::render_index(site, sink)?);
        timings.lap("search");
    }
    progress.stage("share cards", 0);
    let (cards, card_links, cards_drawn) = match reuse.cards_later(site) {
        true => Default::default(),
        false => social::render_cards(&social, &opts.cache_root().join("social"))?,
    };
    files.extend(sink.put_all(cards)?);
    timings.lap("cards");
    let mut copies = site.copies();
    copies.extend(card_links);
    copies.extend(site.images.links.iter().cloned());
    let warnings = social.warnings.clone();
    reuse.remember_plan(social, feeds);
    Ok(Rendered {
        files,
        copies,
        warnings,
        cards_drawn,
        reused,
    })
}

/// `kiez share PAGE`: the square and story images and the captions of one
/// article or event, named by its content file or URL. Reads the site
/// like a build and draws only that page's images (into the cache, where
/// a build has usually put them already); writes nothing else.
pub fn share(opts: &BuildOptions, page: &str) -> Result<social::kit::Kit> {
    let (site, dirs) = site_model(opts)?;
    let social = social::plan(&site, &dirs, social::Shares::All)?;
    let places = social::kit::Places {
        dirs: &dirs,
        cache: &opts.cache_root().join("social"),
        output: &opts.output_dir(),
    };
    social::kit::kit(&site, &social, page, &places)
}

/// The e-mail newsletter of `period` (`kiez digest`): the site model is
/// made as for a build (images resized into the cache, so the digest's
/// images have their sizes and URLs), then only the digest's two
/// templates are rendered. Nothing is written.
pub fn digest(
    opts: &BuildOptions,
    period: &render::digest::Period,
) -> Result<render::digest::Digest> {
    let (site, dirs) = site_model(opts)?;
    let renderer = render::Renderer::new(&dirs.templates, &site.config)?;
    render::digest::render(&site, &renderer, period)
}

/// The finished site model as a build makes it (images resized into the
/// cache; the default language's on a multilingual site), for the commands
/// that render only a part of it: `kiez share`, `digest` and `print`.
pub fn site_model(opts: &BuildOptions) -> Result<(Site, config::SiteDirs)> {
    let dirs = SiteConfig::dirs(&opts.site_dir);
    let config = site_config(opts)?;
    let load = content::LoadOptions {
        content_dir: &dirs.content,
        config: &config,
        drafts: opts.drafts,
        now: opts.now,
    };
    let (library, _) = content::load(&load, None)?;
    let mut sites = language_sites(opts, &config, library, &dirs, &Reuse::default())?;
    Ok((sites.swap_remove(0), dirs))
}

/// The site's `kiez.yaml`, with `--base-url` applied.
fn site_config(opts: &BuildOptions) -> Result<SiteConfig> {
    let mut config = SiteConfig::load(&opts.site_dir)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url)?;
    }
    Ok(config)
}
