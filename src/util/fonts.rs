//! The fonts embedded in the binary (Inter, SIL Open Font License, in
//! `themes/default/fonts/`), shared by the share cards and the print
//! edition so that each is in the binary once.

/// Inter Bold (CFF outlines).
pub static BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/fonts/Inter-Bold.otf"
));

/// Inter Regular (CFF outlines).
pub static REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/fonts/Inter-Regular.otf"
));
