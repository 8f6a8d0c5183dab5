//! URL building: a logical site path (`/articles/x/`) to the root-relative
//! or absolute URL it is published at, under the base URL's path and, on a
//! multilingual site, the language's `/CODE/`.

use super::SiteConfig;

impl SiteConfig {
    /// The path part of the base URL (`/` or `/magazin/`), which every
    /// site-relative link must start with so sites work under a sub-path.
    pub fn base_path(&self) -> &str {
        path_of(&self.base_url)
    }

    /// The base URL of the whole site: `base_url` without a language's
    /// `/CODE/`.
    pub fn root_url(&self) -> &str {
        self.root_url.as_deref().unwrap_or(&self.base_url)
    }

    /// Root-relative URL of a file every language shares (the theme's
    /// stylesheet and scripts, files in `static/`).
    pub fn static_url(&self, path: &str) -> String {
        format!(
            "{}{}",
            path_of(self.root_url()),
            path.trim_start_matches('/')
        )
    }

    /// Absolute URL of a logical site path such as `/articles/x/`.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    /// Scheme and host of the base URL (`https://a.example`), to make
    /// root-relative URLs absolute.
    pub fn origin(&self) -> &str {
        let path = self.base_path();
        &self.base_url[..self.base_url.len() - path.len()]
    }

    /// Makes a root-relative URL absolute; other URLs stay as they are.
    pub fn absolute(&self, url: &str) -> String {
        crate::util::url::absolute(self.origin(), url)
    }

    /// Root-relative URL of a logical site path, with the base path in
    /// front (`/mag/articles/x/` for a site published under `/mag/`).
    pub fn site_url(&self, path: &str) -> String {
        format!("{}{}", self.base_path(), path.trim_start_matches('/'))
    }
}

/// The path part of an absolute URL (`/` or `/magazin/`).
fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map(|i| &after_scheme[i..])
        .unwrap_or("/")
}
