//! A bar chart of counts as a PNG, encoded here: the image is small and flat, so stored (uncompressed)
//! deflate blocks are enough and no image library is needed. Numbers are not drawn; the embed that
//! carries the chart states them as text.

/// Height of the image in pixels; bars use all but a margin.
const HEIGHT: u32 = 200;
const MARGIN: u32 = 10;
const TARGET_WIDTH: u32 = 600;
const BACKGROUND: [u8; 3] = [0xff, 0xff, 0xff];
const BAR: [u8; 3] = [0x2f, 0x7f, 0x6f];
const BASELINE: [u8; 3] = [0x33, 0x33, 0x33];

/// A PNG of one bar per count, tallest bar the full height, with a baseline. An empty or all-zero
/// series gives the baseline alone.
pub fn bar_chart_png(counts: &[usize]) -> Vec<u8> {
    let bars = counts.len().max(1) as u32;
    let slot = ((TARGET_WIDTH - 2 * MARGIN) / bars).max(3);
    let width = slot * bars + 2 * MARGIN;
    let gap = (slot / 5).max(1);
    let baseline_y = HEIGHT - MARGIN;
    let tallest = counts.iter().copied().max().unwrap_or(0);
    let usable = baseline_y - MARGIN;
    let mut pixels = vec![0u8; (width * HEIGHT * 3) as usize];
    for y in 0..HEIGHT {
        for x in 0..width {
            let colour = if y == baseline_y && x >= MARGIN / 2 && x < width - MARGIN / 2 {
                BASELINE
            } else if y < baseline_y && x >= MARGIN && x < width - MARGIN {
                let index = ((x - MARGIN) / slot) as usize;
                let within = (x - MARGIN) % slot;
                let count = counts.get(index).copied().unwrap_or(0);
                let bar_height = if tallest == 0 {
                    0
                } else {
                    // Any non-zero count shows at least one pixel, so "some" never looks like "none".
                    ((count as u64 * u64::from(usable)).div_ceil(tallest as u64)) as u32
                };
                if within >= gap && within < slot - gap && baseline_y - y <= bar_height {
                    BAR
                } else {
                    BACKGROUND
                }
            } else {
                BACKGROUND
            };
            let at = ((y * width + x) * 3) as usize;
            pixels[at..at + 3].copy_from_slice(&colour);
        }
    }
    encode_rgb(width, HEIGHT, &pixels)
}

/// Encodes 8-bit RGB pixels (row-major) as a PNG.
pub fn encode_rgb(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    let row = width as usize * 3;
    let mut raw = Vec::with_capacity((row + 1) * height as usize);
    for line in pixels.chunks(row) {
        raw.push(0); // filter type: none
        raw.extend_from_slice(line);
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // Bit depth 8, colour type 2 (RGB), deflate, no filter method variants, no interlace.
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib_stored(&raw));
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let crc = crc32(&png[start..]);
    png.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream of stored deflate blocks (at most 65535 bytes each).
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let mut blocks = data.chunks(65_535).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        out.push(u8::from(blocks.peek().is_none()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= 65_521;
        b %= 65_521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads back the chunks and the stored-deflate pixels, checking every CRC and the Adler-32.
    fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let mut at = 8;
        let (mut width, mut height, mut idat) = (0, 0, Vec::new());
        while at < png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            let kind = &png[at + 4..at + 8];
            let data = &png[at + 8..at + 8 + len];
            let crc = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().unwrap());
            assert_eq!(crc, crc32(&png[at + 4..at + 8 + len]));
            match kind {
                b"IHDR" => {
                    width = u32::from_be_bytes(data[..4].try_into().unwrap());
                    height = u32::from_be_bytes(data[4..8].try_into().unwrap());
                }
                b"IDAT" => idat.extend_from_slice(data),
                _ => {}
            }
            at += 12 + len;
        }
        let mut raw = Vec::new();
        let mut pos = 2;
        loop {
            let last = idat[pos] & 1 == 1;
            let len = u16::from_le_bytes([idat[pos + 1], idat[pos + 2]]) as usize;
            let nlen = u16::from_le_bytes([idat[pos + 3], idat[pos + 4]]) as usize;
            assert_eq!(len, !nlen & 0xffff);
            raw.extend_from_slice(&idat[pos + 5..pos + 5 + len]);
            pos += 5 + len;
            if last {
                break;
            }
        }
        assert_eq!(
            u32::from_be_bytes(idat[pos..pos + 4].try_into().unwrap()),
            adler32(&raw)
        );
        (width, height, raw)
    }

    #[test]
    fn checksums_match_known_values() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    }

    #[test]
    fn bars_are_drawn_in_proportion() {
        let png = bar_chart_png(&[0, 5, 10]);
        let (width, height, raw) = decode(&png);
        assert_eq!(height, HEIGHT);
        assert_eq!(raw.len(), (width as usize * 3 + 1) * height as usize);
        let pixel = |x: u32, y: u32| {
            let at = (y * (width * 3 + 1) + 1 + x * 3) as usize;
            [raw[at], raw[at + 1], raw[at + 2]]
        };
        let slot = (width - 2 * MARGIN) / 3;
        let middle = |bar: u32| MARGIN + bar * slot + slot / 2;
        let top_of = |bar: u32| (0..HEIGHT).find(|&y| pixel(middle(bar), y) == BAR);
        assert_eq!(top_of(0), None);
        let (half, full) = (top_of(1).unwrap(), top_of(2).unwrap());
        assert_eq!(full, MARGIN);
        assert_eq!(HEIGHT - MARGIN - half, (HEIGHT - 2 * MARGIN) / 2);
        assert_eq!(pixel(middle(0), HEIGHT - MARGIN), BASELINE);
    }

    #[test]
    fn a_large_image_spans_several_blocks() {
        let png = bar_chart_png(&vec![3; 300]);
        let (width, _, raw) = decode(&png);
        assert!(raw.len() > 65_535);
        assert!(width >= 300 * 3);
        assert!(!bar_chart_png(&[]).is_empty());
    }
}
