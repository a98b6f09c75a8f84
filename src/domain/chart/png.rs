//! PNG encoding of a palette image: one byte a pixel indexing at most 256 colours, deflated with
//! `flate2` (already built for serenity, so no new crate). Flat colours in long runs compress to a
//! few kilobytes where the former stored (uncompressed) RGB blocks took ~350 KB.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::{Compression, Crc};

/// Encodes `pixels` (row-major palette indices, `width × height` of them) as an 8-bit indexed PNG.
pub fn encode_indexed(width: u32, height: u32, palette: &[[u8; 3]], pixels: &[u8]) -> Vec<u8> {
    debug_assert_eq!(pixels.len(), width as usize * height as usize);
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // Bit depth 8, colour type 3 (palette), deflate, adaptive filtering, no interlace.
    header.extend_from_slice(&[8, 3, 0, 0, 0]);
    let plte: Vec<u8> = palette.iter().flatten().copied().collect();
    let mut raw = Vec::with_capacity((width as usize + 1) * height as usize);
    for line in pixels.chunks(width.max(1) as usize) {
        // Filter type none: the PNG specification's advice for palette images.
        raw.push(0);
        raw.extend_from_slice(line);
    }
    let mut deflater = ZlibEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    deflater.write_all(&raw).expect("deflate into memory");
    let idat = deflater.finish().expect("deflate into memory");

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, *b"IHDR", &header);
    chunk(&mut png, *b"PLTE", &plte);
    chunk(&mut png, *b"IDAT", &idat);
    chunk(&mut png, *b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: [u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend_from_slice(&kind);
    png.extend_from_slice(data);
    let mut crc = Crc::new();
    crc.update(&png[start..]);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}
