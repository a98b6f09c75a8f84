//! A bar chart of counts as a compressed PNG, with a title, a y axis of counts with a few round ticks
//! and an x axis of the bars' labels (dates or hours). The caller gives the title and the labels, so
//! nothing here reads a clock; the text is drawn with a small built-in bitmap font (`chart/font.rs`)
//! and the image is encoded by `chart/png.rs`. The chart is an opaque light card with a mid-grey
//! border and dark text, so it reads the same on Discord's dark and light themes.

mod font;
mod png;

use chrono::Duration;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::domain::summary::VolumeBin;
use font::{glyph, GLYPH_HEIGHT, GLYPH_WIDTH};

/// Image size in pixels: fixed, whatever the number of bars (Discord scales it to the embed).
pub const WIDTH: u32 = 720;
pub const HEIGHT: u32 = 320;
/// Font pixels are drawn as `SCALE × SCALE` squares: Discord shows the image at about half size.
const SCALE: u32 = 2;
const ADVANCE: u32 = (GLYPH_WIDTH + 1) * SCALE;
const TEXT_HEIGHT: u32 = GLYPH_HEIGHT * SCALE;
const PAD: u32 = 16;
const PLOT_TOP: u32 = 50;
/// The x axis's row; the bars' labels go below it.
const AXIS_Y: u32 = HEIGHT - 40;
const PLOT_RIGHT: u32 = WIDTH - 20;
/// The widest a bar's label is drawn, in pixels.
const MAX_LABEL: u32 = 120;
/// The least room between two bars' labels, in pixels.
const LABEL_GAP: u32 = 16;
/// At most this many intervals between y ticks.
const MAX_TICKS: usize = 5;

/// The palette, by index: the PNG stores one index a pixel.
pub const PALETTE: [[u8; 3]; 6] = [
    [0xf2, 0xf3, 0xf5], // background card
    [0x9a, 0xa0, 0xa8], // border
    [0xd6, 0xd9, 0xde], // grid lines
    [0x4e, 0x50, 0x58], // axes and ticks
    [0x1e, 0x1f, 0x22], // text
    [0x2f, 0x7f, 0x6f], // bars
];
pub const BACKGROUND: u8 = 0;
pub const BORDER: u8 = 1;
pub const GRID: u8 = 2;
pub const AXIS: u8 = 3;
pub const TEXT: u8 = 4;
pub const BAR: u8 = 5;

/// One bar: its label on the x axis (shown when there is room) and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub count: usize,
}

/// The bars of a volume series: hours (`HH:MM`, UTC) when a bin is shorter than a day, else dates.
pub fn volume_bars(bins: &[VolumeBin], bin: Duration) -> Vec<Bar> {
    let format = if bin < Duration::days(1) {
        "%H:%M"
    } else {
        "%b %-d"
    };
    bins.iter()
        .map(|b| Bar {
            label: b.start.format(format).to_string(),
            count: b.posts,
        })
        .collect()
}

/// The PNG of `bars` under `title`. No bars, or only zeros, gives the axes and "no posts".
pub fn bar_chart_png(title: &str, bars: &[Bar]) -> Vec<u8> {
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    canvas.frame();
    let title = fit(&printable(title), WIDTH - 2 * PAD);
    canvas.text(PAD, PAD, &title, TEXT);

    let tallest = bars.iter().map(|b| b.count).max().unwrap_or(0);
    let (step, top) = y_scale(tallest);
    let ticks: Vec<(usize, String)> = (0..=top / step)
        .map(|i| (i * step, thousands(i * step)))
        .collect();
    let label_width = ticks.iter().map(|(_, l)| text_width(l)).max().unwrap_or(0);
    let left = PAD + label_width + 10;
    let height = AXIS_Y - PLOT_TOP;
    let row_of = |value: usize| AXIS_Y - (value as u128 * u128::from(height) / top as u128) as u32;

    for (value, label) in &ticks {
        let y = row_of(*value);
        if *value > 0 {
            canvas.fill(left + 1, y, PLOT_RIGHT, y + 1, GRID);
        }
        canvas.fill(left - 5, y, left, y + 1, AXIS);
        let ty = y.saturating_sub(TEXT_HEIGHT / 2);
        canvas.text(left - 8 - text_width(label), ty, label, TEXT);
    }

    let plot_width = PLOT_RIGHT - left - 1;
    let n = bars.len() as u32;
    let widest = bars
        .iter()
        .map(|b| text_width(&bar_label(&b.label)))
        .max()
        .unwrap_or(0);
    // Every `stride`-th bar is labelled, so that labels never touch.
    let stride = if n == 0 {
        1
    } else {
        (((widest + LABEL_GAP) * n).div_ceil(plot_width)).max(1)
    };
    for (i, bar) in bars.iter().enumerate() {
        let i = i as u32;
        let x0 = left + 1 + i * plot_width / n;
        let x1 = left + 1 + (i + 1) * plot_width / n;
        let gap = if x1 - x0 >= 4 { (x1 - x0) / 5 } else { 0 };
        if bar.count > 0 {
            // Any non-zero count shows at least one pixel, so "some" never looks like "none".
            let h = (bar.count as u128 * u128::from(height))
                .div_ceil(top as u128)
                .min(u128::from(height)) as u32;
            canvas.fill(x0 + gap, AXIS_Y - h, x1 - gap, AXIS_Y, BAR);
        }
        if i % stride == 0 {
            let centre = (x0 + x1) / 2;
            canvas.fill(centre, AXIS_Y + 1, centre + 1, AXIS_Y + 6, AXIS);
            let label = bar_label(&bar.label);
            let w = text_width(&label);
            let x = centre.saturating_sub(w / 2).clamp(2, WIDTH - 2 - w);
            canvas.text(x, AXIS_Y + 10, &label, TEXT);
        }
    }
    if tallest == 0 {
        let note = "NO POSTS";
        let x = left + (plot_width - text_width(note)) / 2;
        canvas.text(x, PLOT_TOP + height / 2 - TEXT_HEIGHT, note, AXIS);
    }
    canvas.fill(left, PLOT_TOP - 4, left + 1, AXIS_Y + 1, AXIS);
    canvas.fill(left, AXIS_Y, PLOT_RIGHT, AXIS_Y + 1, AXIS);
    png::encode_indexed(WIDTH, HEIGHT, &PALETTE, &canvas.pixels)
}

/// The y axis's tick step and top: steps of 1, 2 or 5 × 10ⁿ, at most `MAX_TICKS` of them.
fn y_scale(tallest: usize) -> (usize, usize) {
    let mut magnitude = 1usize;
    loop {
        for step in [
            magnitude,
            magnitude.saturating_mul(2),
            magnitude.saturating_mul(5),
        ] {
            if tallest.div_ceil(step) <= MAX_TICKS {
                return (step, tallest.div_ceil(step).max(1).saturating_mul(step));
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

/// A bar's label as drawn: printable and at most `MAX_LABEL` pixels wide.
fn bar_label(label: &str) -> String {
    fit(&printable(label), MAX_LABEL)
}

/// `12345` as `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The font's characters only: accents dropped ("Sjögren" → "Sjogren"), other characters as `?`.
fn printable(text: &str) -> String {
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// `text` cut to `width` pixels, ending in "..." when cut.
fn fit(text: &str, width: u32) -> String {
    if text_width(text) <= width {
        return text.to_owned();
    }
    let keep = (width / ADVANCE).saturating_sub(3) as usize;
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str("...");
    cut
}

fn text_width(text: &str) -> u32 {
    (text.chars().count() as u32 * ADVANCE).saturating_sub(SCALE)
}

/// Palette indices, row-major.
struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: u32, height: u32) -> Self {
        let pixels = vec![BACKGROUND; width as usize * height as usize];
        Self {
            width,
            height,
            pixels,
        }
    }

    /// Fills `[x0, x1) × [y0, y1)`, clipped to the image.
    fn fill(&mut self, x0: u32, y0: u32, x1: u32, y1: u32, colour: u8) {
        for y in y0..y1.min(self.height) {
            let row = (y * self.width) as usize;
            let (from, to) = (x0.min(self.width) as usize, x1.min(self.width) as usize);
            self.pixels[row + from..row + to.max(from)].fill(colour);
        }
    }

    /// A one-pixel border around the card, so it stands apart from a light background too.
    fn frame(&mut self) {
        let (w, h) = (self.width, self.height);
        self.fill(0, 0, w, 1, BORDER);
        self.fill(0, h - 1, w, h, BORDER);
        self.fill(0, 0, 1, h, BORDER);
        self.fill(w - 1, 0, w, h, BORDER);
    }

    /// `text` with its top-left corner at (`x`, `y`).
    fn text(&mut self, x: u32, y: u32, text: &str, colour: u8) {
        for (i, c) in text.chars().enumerate() {
            let gx = x + i as u32 * ADVANCE;
            for (row, bits) in glyph(c).iter().enumerate() {
                for col in 0..GLYPH_WIDTH {
                    if bits & (1 << (GLYPH_WIDTH - 1 - col)) != 0 {
                        let px = gx + col * SCALE;
                        let py = y + row as u32 * SCALE;
                        self.fill(px, py, px + SCALE, py + SCALE, colour);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
