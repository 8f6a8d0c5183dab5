//! `kiez share PAGE`: prints a page's square and story images and its
//! captions per platform, ready to copy, or all of it as JSON.

/// The kit as text: the page, its image files, then one block per
/// platform's caption.
pub fn text(kit: &kiez::social::kit::Kit) -> String {
    let share = &kit.share;
    let mut out = format!("{}\n{}\n", share.title, share.url);
    if !share.images.is_empty() {
        out.push_str("\nImages:\n");
        for (image, file) in share.images.iter().zip(&kit.files) {
            out.push_str(&format!(
                "  {:<6} {}×{}  {}\n",
                image.format.name(),
                image.width,
                image.height,
                file.display()
            ));
        }
    }
    for caption in &share.captions {
        out.push_str(&format!("\n── {} ──\n{}\n", caption.name, caption.text));
    }
    out
}

/// The kit as one JSON document.
pub fn json(kit: &kiez::social::kit::Kit) -> String {
    let mut text = serde_json::to_string_pretty(kit).unwrap_or_default();
    text.push('\n');
    text
}
