//! QR codes as black-and-white images: one gray sample per eighth of a
//! module, drawn without interpolation, so printers and viewers keep the
//! edges sharp and a phone reads the code from a metre away.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use krilla::image::{BitsPerComponent, CustomImage, Image, ImageColorspace};
use qrcode::{Color, EcLevel, QrCode};

use crate::error::{Error, Result};

/// Samples per module: enough that even viewers that smooth images show
/// square modules.
const SCALE: usize = 8;
/// Light modules around the code, as the standard asks.
const QUIET: usize = 4;

/// The code's pixels.
#[derive(Clone)]
struct Pixels {
    gray: Arc<Vec<u8>>,
    side: u32,
}

impl Hash for Pixels {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.gray.hash(state);
        self.side.hash(state);
    }
}

impl CustomImage for Pixels {
    fn color_channel(&self) -> &[u8] {
        &self.gray
    }
    fn alpha_channel(&self) -> Option<&[u8]> {
        None
    }
    fn bits_per_component(&self) -> BitsPerComponent {
        BitsPerComponent::Eight
    }
    fn size(&self) -> (u32, u32) {
        (self.side, self.side)
    }
    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }
    fn color_space(&self) -> ImageColorspace {
        ImageColorspace::Luma
    }
}

/// A QR code of `url` (error correction M: a smudged or torn notice
/// still scans), quiet zone included.
pub fn image(url: &str) -> Result<Image> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| Error::Usage(format!("cannot make a QR code of `{url}`: {e}")))?;
    let modules = code.width();
    let dark: Vec<bool> = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    let side = (modules + 2 * QUIET) * SCALE;
    let mut gray = vec![255u8; side * side];
    for (i, _) in dark.iter().enumerate().filter(|(_, d)| **d) {
        let (mx, my) = (i % modules + QUIET, i / modules + QUIET);
        for y in my * SCALE..(my + 1) * SCALE {
            gray[y * side + mx * SCALE..y * side + (mx + 1) * SCALE].fill(0);
        }
    }
    let pixels = Pixels {
        gray: Arc::new(gray),
        side: side as u32,
    };
    Image::from_custom(pixels, false).map_err(|e| Error::Usage(format!("QR code image: {e}")))
}
