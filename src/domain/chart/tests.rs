use std::io::Read;

use chrono::{Duration, TimeZone, Utc};
use flate2::read::ZlibDecoder;
use flate2::Crc;

use super::*;

/// A PNG read back: every chunk's CRC checked, the IDAT inflated and unfiltered.
struct Decoded {
    width: u32,
    height: u32,
    idat_len: usize,
    palette: Vec<u8>,
    pixels: Vec<u8>,
}

impl Decoded {
    fn at(&self, x: u32, y: u32) -> u8 {
        self.pixels[(y * self.width + x) as usize]
    }

    fn count(&self, colour: u8, xs: std::ops::Range<u32>, ys: std::ops::Range<u32>) -> usize {
        ys.flat_map(|y| xs.clone().map(move |x| (x, y)))
            .filter(|&(x, y)| self.at(x, y) == colour)
            .count()
    }
}

fn decode(png: &[u8]) -> Decoded {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let mut at = 8;
    let (mut header, mut palette, mut idat) = (Vec::new(), Vec::new(), Vec::new());
    while at < png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind = &png[at + 4..at + 8];
        let data = &png[at + 8..at + 8 + len];
        let stored = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().unwrap());
        let mut crc = Crc::new();
        crc.update(&png[at + 4..at + 8 + len]);
        assert_eq!(
            stored,
            crc.sum(),
            "CRC of {:?}",
            String::from_utf8_lossy(kind)
        );
        match kind {
            b"IHDR" => header = data.to_vec(),
            b"PLTE" => palette = data.to_vec(),
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        at += 12 + len;
    }
    let width = u32::from_be_bytes(header[..4].try_into().unwrap());
    let height = u32::from_be_bytes(header[4..8].try_into().unwrap());
    assert_eq!(
        &header[8..],
        &[8, 3, 0, 0, 0],
        "8-bit palette, no interlace"
    );
    let mut raw = Vec::new();
    ZlibDecoder::new(&idat[..]).read_to_end(&mut raw).unwrap();
    assert_eq!(raw.len(), (width as usize + 1) * height as usize);
    let mut pixels = Vec::new();
    for line in raw.chunks(width as usize + 1) {
        assert_eq!(line[0], 0, "filter type none");
        pixels.extend_from_slice(&line[1..]);
    }
    assert!(pixels.iter().all(|&p| (p as usize) < palette.len() / 3));
    Decoded {
        width,
        height,
        idat_len: idat.len(),
        palette,
        pixels,
    }
}

fn days(counts: &[usize]) -> Vec<Bar> {
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 5, 0, 0).unwrap();
    let bins: Vec<VolumeBin> = counts
        .iter()
        .enumerate()
        .map(|(i, &posts)| VolumeBin {
            start: start + Duration::days(i as i64),
            posts,
        })
        .collect();
    volume_bars(&bins, Duration::days(1))
}

/// The x axis: the row of axis colour running from the y axis to the plot's right edge.
fn axis_row(image: &Decoded) -> (u32, u32) {
    (0..image.height)
        .rev()
        .find_map(|y| {
            let run = (0..image.width)
                .skip_while(|&x| image.at(x, y) != AXIS)
                .take_while(|&x| image.at(x, y) == AXIS)
                .count() as u32;
            (run > image.width / 2).then_some((y, run))
        })
        .expect("an x axis")
}

/// Columns with text in rows `ys`, grouped where they are at most `gap` pixels apart (a space
/// inside a label leaves 15).
fn text_groups(image: &Decoded, ys: std::ops::Range<u32>, gap: u32) -> Vec<(u32, u32)> {
    let mut groups: Vec<(u32, u32)> = Vec::new();
    for x in 0..image.width {
        if image.count(TEXT, x..x + 1, ys.clone()) > 0 {
            match groups.last_mut() {
                Some(last) if x - last.1 <= gap => last.1 = x,
                _ => groups.push((x, x)),
            }
        }
    }
    groups
}

#[test]
fn ninety_days_have_axes_labels_and_stay_small() {
    let counts: Vec<usize> = (0..90).map(|i| (i * 37) % 23 + i / 3).collect();
    let png = bar_chart_png("#MedEd: posts per day, last 90 days (UTC)", &days(&counts));
    assert!(png.len() < 50_000, "{} bytes", png.len());
    let image = decode(&png);
    assert_eq!((image.width, image.height), (WIDTH, HEIGHT));
    assert_eq!(image.palette.len(), PALETTE.len() * 3);
    assert!(
        image.idat_len * 10 < (WIDTH as usize + 1) * HEIGHT as usize,
        "compressed: {} bytes of IDAT",
        image.idat_len
    );
    let (axis_y, run) = axis_row(&image);
    assert_eq!(axis_y, AXIS_Y);
    assert!(run > WIDTH * 3 / 4, "the axis spans the plot: {run}");
    // A y axis: a column of axis colour from the plot's top to the x axis.
    let y_axis = (0..WIDTH)
        .find(|&x| (PLOT_TOP..=AXIS_Y).all(|y| image.at(x, y) == AXIS))
        .expect("a y axis");
    assert!(y_axis > PAD && y_axis < WIDTH / 4);
    assert!(
        image.count(TEXT, 0..WIDTH, PAD..PAD + TEXT_HEIGHT) > 200,
        "a title"
    );
    assert!(
        image.count(TEXT, 0..y_axis, PLOT_TOP - 8..AXIS_Y + 8) > 50,
        "tick labels left of the y axis"
    );
    assert!(
        image.count(GRID, y_axis..WIDTH, PLOT_TOP..AXIS_Y) > 500,
        "grid lines"
    );
    assert!(
        image.count(BAR, y_axis..WIDTH, PLOT_TOP..AXIS_Y) > 5_000,
        "bars"
    );
    // Dates under the axis, several of them, never touching one another.
    let labels = text_groups(&image, AXIS_Y + 9..HEIGHT, 15);
    assert!(labels.len() >= 5 && labels.len() <= 15, "{labels:?}");
    assert!(
        labels.windows(2).all(|w| w[1].0 > w[0].1 + 15),
        "{labels:?}"
    );
}

#[test]
fn bars_are_drawn_in_proportion_against_round_ticks() {
    let image = decode(&bar_chart_png("proportion", &days(&[0, 5, 10])));
    let y_axis = (0..WIDTH).find(|&x| image.at(x, PLOT_TOP) == AXIS).unwrap();
    let slot = (PLOT_RIGHT - y_axis - 1) / 3;
    let middle = |bar: u32| y_axis + 1 + bar * slot + slot / 2;
    let top_of = |bar: u32| (0..HEIGHT).find(|&y| image.at(middle(bar), y) == BAR);
    assert_eq!(top_of(0), None);
    // 10 is the top tick (steps of 2), so the tallest bar reaches the plot's top and 5 half of it.
    assert_eq!(top_of(2), Some(PLOT_TOP));
    assert_eq!(AXIS_Y - top_of(1).unwrap(), (AXIS_Y - PLOT_TOP) / 2);
    assert_eq!(image.at(middle(2), AXIS_Y - 1), BAR);
    assert_eq!(image.at(middle(2), AXIS_Y), AXIS);
}

#[test]
fn one_bar_and_no_posts_render_too() {
    let one = bar_chart_png("one", &days(&[3]));
    let image = decode(&one);
    assert!(one.len() < 50_000);
    assert_eq!(axis_row(&image).0, AXIS_Y);
    assert!(image.count(BAR, 0..WIDTH, PLOT_TOP..AXIS_Y) > 10_000);
    assert_eq!(
        text_groups(&image, AXIS_Y + 9..HEIGHT, 15).len(),
        1,
        "its date"
    );

    for bars in [Vec::new(), days(&[0; 7])] {
        let png = bar_chart_png("nothing", &bars);
        assert!(png.len() < 50_000);
        let image = decode(&png);
        assert_eq!((image.width, image.height), (WIDTH, HEIGHT));
        assert_eq!(axis_row(&image).0, AXIS_Y);
        assert_eq!(image.count(BAR, 0..WIDTH, 0..HEIGHT), 0);
        // "NO POSTS" across the middle of the plot.
        assert!(image.count(AXIS, 200..WIDTH - 100, PLOT_TOP + 20..AXIS_Y - 20) > 100);
    }
}

#[test]
fn ticks_are_round_and_few() {
    assert_eq!(y_scale(0), (1, 1));
    assert_eq!(y_scale(1), (1, 1));
    assert_eq!(y_scale(5), (1, 5));
    assert_eq!(y_scale(7), (2, 8));
    assert_eq!(y_scale(23), (5, 25));
    assert_eq!(y_scale(18_259), (5_000, 20_000));
    let (step, top) = y_scale(usize::MAX);
    assert!(step > 0 && top == usize::MAX, "{step} {top}");
    assert!(!bar_chart_png("huge", &days(&[usize::MAX, 1])).is_empty());
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(1_234_567), "1,234,567");
}

#[test]
fn labels_are_dates_or_hours_and_text_is_printable() {
    assert_eq!(days(&[1, 2])[1].label, "Nov 21");
    let hour = Utc.with_ymd_and_hms(2026, 12, 7, 4, 47, 0).unwrap();
    let bins = [VolumeBin {
        start: hour,
        posts: 2,
    }];
    assert_eq!(volume_bars(&bins, Duration::hours(1))[0].label, "04:47");
    assert_eq!(printable("Sjögren’s"), "Sjogren?s");
    assert_eq!(fit(&"x".repeat(200), 120), format!("{}...", "x".repeat(7)));
    // A title far too long is cut, not drawn past the edge.
    let image = decode(&bar_chart_png(&"W".repeat(500), &days(&[1])));
    assert_eq!(image.count(TEXT, WIDTH - PAD..WIDTH, 0..PLOT_TOP), 0);
}

#[test]
fn a_week_labels_every_day() {
    let image = decode(&bar_chart_png("week", &days(&[3, 0, 1, 12, 5, 4, 2])));
    assert_eq!(text_groups(&image, AXIS_Y + 9..HEIGHT, 15).len(), 7);
}
