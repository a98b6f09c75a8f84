//! How far back a channel's digest looks: a fixed span (`24h` … `7d`), or everything since the
//! channel's last digest (`since-last`, the default), never more than a week.

use super::slots::MAX_WINDOW;
use crate::domain::ConfigDuration;
use chrono::Duration;
use std::fmt;

/// The shortest fixed window: a digest is posted at most once a day.
const MIN_FIXED: Duration = Duration::hours(24);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestWindow {
    /// Since the channel's last digest (for its first one, since its previous scheduled time), at
    /// most `MAX_WINDOW`: a weekly digest covers the week, a daily one the day.
    SinceLast,
    /// A fixed span, between 24 hours and `MAX_WINDOW`.
    Fixed(ConfigDuration),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a digest window: write `since-last`, or a span from `24h` to `7d` such as `48h` or `3d`")]
pub struct ParseDigestWindowError(String);

impl DigestWindow {
    pub fn parse(input: &str) -> Result<Self, ParseDigestWindowError> {
        let trimmed = input.trim();
        let error = || ParseDigestWindowError(super::truncate_for_message(trimmed));
        let lower = trimmed.to_lowercase();
        if matches!(
            lower.as_str(),
            "since-last" | "since last" | "since_last" | "sincelast"
        ) {
            return Ok(Self::SinceLast);
        }
        let span = ConfigDuration::parse(&lower).map_err(|_| error())?;
        Self::fixed(span).ok_or_else(error)
    }

    /// A fixed window, if `span` is within 24 hours and a week.
    pub fn fixed(span: ConfigDuration) -> Option<Self> {
        let secs = span.as_secs() as i64;
        (secs >= MIN_FIXED.num_seconds() && secs <= MAX_WINDOW.num_seconds())
            .then_some(Self::Fixed(span))
    }

    /// The longest span one regular digest covers.
    pub fn longest(self) -> Duration {
        match self {
            Self::SinceLast => MAX_WINDOW,
            Self::Fixed(span) => Duration::seconds(span.as_secs() as i64).min(MAX_WINDOW),
        }
    }
}

impl fmt::Display for DigestWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SinceLast => f.write_str("since-last"),
            Self::Fixed(span) => write!(f, "{span}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_last_and_spans_from_a_day_to_a_week_parse() {
        assert_eq!(
            DigestWindow::parse("since-last").unwrap(),
            DigestWindow::SinceLast
        );
        assert_eq!(DigestWindow::parse("48h").unwrap().to_string(), "2d");
        assert_eq!(DigestWindow::parse("7d").unwrap().longest(), MAX_WINDOW);
        assert_eq!(
            DigestWindow::parse(" 24H ").unwrap().longest(),
            Duration::hours(24)
        );
    }

    #[test]
    fn spans_outside_a_day_to_a_week_are_refused() {
        for bad in ["1h", "23h", "8d", "30d", "forever", "", "-1d", "since"] {
            let error = DigestWindow::parse(bad).unwrap_err().to_string();
            assert!(error.contains("since-last"), "{bad}: {error}");
        }
    }
}
