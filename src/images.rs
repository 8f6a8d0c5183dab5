//! Responsive images. Every raster image a page shows (cover, gallery,
//! inline) is decoded once, turned upright by its EXIF orientation, resized
//! to a few widths and re-encoded — which also drops EXIF and GPS data, so
//! a phone photo never publishes where it was taken. Results are cached by
//! a hash of the file's bytes and hard-linked into the output.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;

use crate::error::{Result, SourceError};
use crate::util::artifact::Copy;

/// Widths generated (never wider than the original).
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// Largest image decoded, in pixels. Decoding takes four to eight bytes a
/// pixel, several times over while converting, on every rayon thread at
/// once: a 350 KB PNG of 14,000 × 14,000 pixels took 780 MB per thread.
/// 50 megapixels is beyond any phone or camera photo a site would show.
pub const MAX_PIXELS: u64 = 50_000_000;
/// JPEG quality: visually clean for photos at a third of the size of 95.
const QUALITY: u8 = 80;

/// One processed image, as `<img>` attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Responsive {
    /// Fallback `src`: the variant closest to 960 px.
    pub src: String,
    /// `srcset` with every width.
    pub srcset: String,
    /// Intrinsic width of the largest variant.
    pub width: u32,
    /// Intrinsic height of the largest variant.
    pub height: u32,
}

/// Every processed image, by the URL the page uses for it.
#[derive(Debug, Default)]
pub struct Images {
    /// Original root-relative URL → variants.
    pub by_url: BTreeMap<String, Responsive>,
    /// Output path of an original bundle image → its largest variant, which
    /// replaces it (so no EXIF data is published, and links to the full
    /// size still work).
    pub replaced: BTreeMap<String, PathBuf>,
    /// Variant files to link into the output.
    pub links: Vec<Copy>,
    /// How many images were decoded in this build (not from the cache).
    pub processed: usize,
}

/// A resized file in the cache: (path, width, height).
type Variant = (PathBuf, u32, u32);

/// One image after processing: its URL, attributes, output links, the
/// original it replaces, and whether it was decoded in this build.
type Processed = (
    String,
    Responsive,
    Vec<(PathBuf, String)>,
    Option<(String, PathBuf)>,
    bool,
);

/// An image file a page shows.
#[derive(Debug)]
pub struct Source {
    /// The file.
    pub file: PathBuf,
    /// The content file showing it, for errors.
    pub page: PathBuf,
    /// The front matter key naming the image and its line, if any.
    pub key: Option<(&'static str, Option<usize>)>,
    /// Output path of the original, for bundle images.
    pub output: Option<String>,
}

/// Whether kiez resizes images of this name.
pub fn is_raster(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Makes the variants of every image in `sources` (by the URL pages use
/// for it). `base_path` is the site's root-relative base (`/` or `/mag/`);
/// files must lie inside `root`.
pub fn process(
    sources: BTreeMap<String, Source>,
    root: &Path,
    base_path: &str,
    cache_dir: &Path,
) -> Result<Images> {
    let site_url = |path: &str| format!("{base_path}{}", path.trim_start_matches('/'));
    let _ = std::fs::create_dir_all(cache_dir);
    let done: Vec<Processed> = sources
        .into_par_iter()
        .map(|(url, source)| {
            let (variants, fresh) = variants(&source, root, cache_dir)?;
            let largest = variants.last().expect("at least one variant").clone();
            let middle = variants
                .iter()
                .min_by_key(|v| v.1.abs_diff(960))
                .expect("at least one variant");
            let link = |v: &Variant| {
                let name =
                    v.0.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned();
                (v.0.clone(), format!("_img/{name}"))
            };
            let responsive = Responsive {
                src: site_url(&format!("/{}", link(middle).1)),
                srcset: variants
                    .iter()
                    .map(|v| format!("{} {}w", site_url(&format!("/{}", link(v).1)), v.1))
                    .collect::<Vec<_>>()
                    .join(", "),
                width: largest.1,
                height: largest.2,
            };
            let links = variants.iter().map(link).collect();
            // Replace the original only with a file of the same format.
            let same_format = |out: &str| {
                let ext = |p: &str| {
                    let e = p.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
                    if e == "jpeg" {
                        "jpg".to_string()
                    } else {
                        e
                    }
                };
                ext(out) == ext(&largest.0.to_string_lossy())
            };
            let replaced = source
                .output
                .filter(|out| same_format(out))
                .map(|out| (out, largest.0.clone()));
            Ok((url, responsive, links, replaced, fresh))
        })
        .collect::<Result<_>>()?;

    let mut images = Images::default();
    for (url, responsive, links, replaced, fresh) in done {
        images.by_url.insert(url, responsive);
        images
            .links
            .extend(links.into_iter().map(|(from, to)| Copy {
                from,
                to,
                link: true,
            }));
        if let Some((out, file)) = replaced {
            images.replaced.insert(out, file);
        }
        images.processed += usize::from(fresh);
    }
    images.links.sort_by(|a, b| a.to.cmp(&b.to));
    images.links.dedup_by(|a, b| a.to == b.to);
    Ok(images)
}

fn fnv(bytes: &[u8]) -> String {
    crate::util::hash::hex(b"kiez-img-1", bytes)
}

/// An error about `source`, at the page and key that name it.
fn fail(source: &Source, message: String) -> SourceError {
    let mut err =
        SourceError::new(&source.page, message).hint("save the image again as JPEG, PNG or WebP");
    if let Some((key, line)) = source.key {
        err = err.key(key);
        err.line = line;
    }
    err
}

/// "cannot `verb` image `file`: `e`", at the page and key.
fn cannot(source: &Source, verb: &str, e: impl std::fmt::Display) -> SourceError {
    let file = source.file.display();
    fail(source, format!("cannot {verb} image `{file}`: {e}"))
}

/// The variants of one image as (cached file, width, height), smallest
/// first, decoding only when the cache lacks them. An image leading out of
/// the site folder `root` (through `..` or a symlink) is an error.
fn variants(source: &Source, root: &Path, cache_dir: &Path) -> Result<(Vec<Variant>, bool)> {
    let file = match crate::fs::inside(root, &source.file) {
        Err(e @ crate::error::Error::Outside { .. }) => {
            return Err(fail(source, e.to_string()).into())
        }
        // A missing file is reported by the read below.
        _ => &source.file,
    };
    let bytes = std::fs::read(file).map_err(|e| cannot(source, "read", e))?;
    let hash = fnv(&bytes);
    let index = cache_dir.join(format!("{hash}.txt"));
    if let Some(cached) = cached_variants(&index, cache_dir) {
        return Ok((cached, false));
    }
    check_pixels(source, &bytes)?;
    let (img, opaque) = decode_upright(source, &bytes)?;
    let (w0, h0) = (img.width(), img.height());
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < w0).collect();
    widths.push(w0.min(*WIDTHS.last().expect("widths")));
    widths.dedup();
    // PNGs stay PNG (screenshots, diagrams); photos become JPEG.
    let source_png = source
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let jpeg = opaque && !source_png;
    let ext = if jpeg { "jpg" } else { "png" };
    let mut out = Vec::new();
    let mut resizer = fast_image_resize::Resizer::new();
    for w in widths {
        let h = ((u64::from(h0) * u64::from(w) + u64::from(w0) / 2) / u64::from(w0)).max(1) as u32;
        let resized = if w == w0 {
            img.clone()
        } else {
            let mut dst = DynamicImage::new(w, h, img.color());
            resizer
                .resize(&img, &mut dst, None)
                .map_err(|e| cannot(source, "resize", e))?;
            dst
        };
        let encoded = encode(&resized, jpeg).map_err(|e| cannot(source, "encode", e))?;
        let path = cache_dir.join(format!("{hash}-{w}.{ext}"));
        // The output links to these files, so unlike card caching this
        // write must succeed.
        crate::fs::write(&path, &encoded)?;
        out.push((path, w, h));
    }
    let index_text: String = out
        .iter()
        .map(|(p, w, h)| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            format!("{name} {w} {h}\n")
        })
        .collect();
    crate::fs::store(&index, index_text.as_bytes());
    Ok((out, true))
}

/// The variants listed in a cache index, if all of them are still there.
fn cached_variants(index: &Path, cache_dir: &Path) -> Option<Vec<Variant>> {
    let text = std::fs::read_to_string(index).ok()?;
    let cached: Vec<Variant> = text
        .lines()
        .filter_map(|l| {
            let mut parts = l.split(' ');
            let name = parts.next()?;
            let w = parts.next()?.parse().ok()?;
            let h = parts.next()?.parse().ok()?;
            Some((cache_dir.join(name), w, h))
        })
        .collect();
    (!cached.is_empty() && cached.iter().all(|(p, _, _)| p.is_file())).then_some(cached)
}

/// The header says how big the image is; refuse before allocating.
fn check_pixels(source: &Source, bytes: &[u8]) -> Result<()> {
    let Ok(size) = imagesize::blob_size(bytes) else {
        return Ok(());
    };
    let pixels = (size.width as u64).saturating_mul(size.height as u64);
    if pixels <= MAX_PIXELS {
        return Ok(());
    }
    Err(fail(
        source,
        format!(
            "image `{}` is {}×{} pixels; kiez processes at most {} megapixels",
            source.file.display(),
            size.width,
            size.height,
            MAX_PIXELS / 1_000_000
        ),
    )
    .hint("scale the image down (a 4000 pixel wide photo is plenty) and save it again")
    .into())
}

/// Decodes `bytes`, turned upright by the EXIF orientation, as RGB when
/// fully opaque (so it can become a JPEG) or RGBA; and whether it is
/// opaque.
fn decode_upright(source: &Source, bytes: &[u8]) -> Result<(DynamicImage, bool)> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| cannot(source, "read", e))?
        .into_decoder()
        .map_err(|e| cannot(source, "decode", e))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| cannot(source, "decode", e))?;
    img.apply_orientation(orientation);
    let opaque = !img.color().has_alpha() || img.to_rgba8().pixels().all(|p| p.0[3] == 255);
    let img = if opaque {
        DynamicImage::ImageRgb8(img.to_rgb8())
    } else {
        DynamicImage::ImageRgba8(img.to_rgba8())
    };
    Ok((img, opaque))
}

/// One variant as JPEG or PNG bytes.
fn encode(image: &DynamicImage, jpeg: bool) -> image::ImageResult<Vec<u8>> {
    let mut encoded = Vec::new();
    if jpeg {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut encoded, QUALITY);
        image.write_with_encoder(encoder)?;
    } else {
        image.write_to(&mut Cursor::new(&mut encoded), image::ImageFormat::Png)?;
    }
    Ok(encoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 40×20 JPEG whose EXIF says "rotate 90° clockwise" and carries a
    /// GPS block, as phone photos do.
    fn phone_photo() -> Vec<u8> {
        let mut jpeg = Vec::new();
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
            40,
            20,
            image::Rgb([200, 30, 30]),
        ));
        img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg, 90,
        ))
        .unwrap();
        let mut tiff: Vec<u8> = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
        tiff.extend([2, 0]); // IFD0: two entries
        tiff.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]); // Orientation = 6
        tiff.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]); // GPS IFD at 38
        tiff.extend([0, 0, 0, 0]);
        tiff.extend([1, 0]); // GPS IFD: one entry
        tiff.extend([0x01, 0x00, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]); // GPSLatitudeRef = "N"
        tiff.extend([0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let len = (app1.len() + 2) as u16;
        let mut out = vec![0xff, 0xd8, 0xff, 0xe1];
        out.extend(len.to_be_bytes());
        out.extend(app1);
        out.extend(&jpeg[2..]);
        out
    }

    #[test]
    fn orientation_is_applied_and_exif_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("foto.jpg");
        std::fs::write(&file, phone_photo()).unwrap();
        let source = Source {
            file,
            page: "a.md".into(),
            key: None,
            output: None,
        };
        let (made, fresh) = variants(&source, dir.path(), &dir.path().join("cache")).unwrap();
        assert!(fresh);
        assert_eq!(made.len(), 1);
        let (path, w, h) = &made[0];
        assert_eq!((*w, *h), (20, 40), "turned upright");
        let bytes = std::fs::read(path).unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (20, 40));
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "EXIF removed");
        // A second run is served from the cache.
        let (again, fresh) = variants(&source, dir.path(), &dir.path().join("cache")).unwrap();
        assert!(!fresh);
        assert_eq!(again, made);
    }

    #[test]
    fn large_images_get_three_widths() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gross.png");
        let img = DynamicImage::ImageRgb8(image::RgbImage::new(2000, 1000));
        img.save(&file).unwrap();
        let source = Source {
            file,
            page: "a.md".into(),
            key: None,
            output: None,
        };
        let (made, _) = variants(&source, dir.path(), dir.path()).unwrap();
        let sizes: Vec<(u32, u32)> = made.iter().map(|v| (v.1, v.2)).collect();
        assert_eq!(sizes, vec![(480, 240), (960, 480), (1600, 800)]);
    }

    #[test]
    fn corrupt_images_name_the_page() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("kaputt.jpg");
        std::fs::write(&file, b"\xff\xd8\xff garbage").unwrap();
        let source = Source {
            file,
            page: "content/articles/a.md".into(),
            key: Some(("image", Some(4))),
            output: None,
        };
        let err = variants(&source, dir.path(), dir.path())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("content/articles/a.md:4: key `image`: cannot decode image"),
            "{err}"
        );
    }
}
