//! When a digest is posted: a local time of day in an IANA time zone, on chosen weekdays, covering
//! a window.

pub mod slots;
pub mod weekdays;
pub mod window;

pub use weekdays::{ParseWeekdaysError, Weekdays};
pub use window::{DigestWindow, ParseDigestWindowError};

use chrono::NaiveTime;
use std::fmt;

/// A time of day written `HH:MM` on a 24-hour clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigestTime(NaiveTime);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a time of day: use 24-hour HH:MM, like 08:00 or 17:30")]
pub struct ParseDigestTimeError(String);

impl DigestTime {
    pub fn parse(input: &str) -> Result<Self, ParseDigestTimeError> {
        let trimmed = input.trim();
        let error = || ParseDigestTimeError(truncate_for_message(trimmed));
        let (hours, minutes) = trimmed.split_once(':').ok_or_else(error)?;
        let valid_part = |p: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
        };
        if !valid_part(hours, 1..=2) || !valid_part(minutes, 2..=2) {
            return Err(error());
        }
        let hours: u32 = hours.parse().map_err(|_| error())?;
        let minutes: u32 = minutes.parse().map_err(|_| error())?;
        NaiveTime::from_hms_opt(hours, minutes, 0)
            .map(Self)
            .ok_or_else(error)
    }

    pub fn as_naive(self) -> NaiveTime {
        self.0
    }
}

impl fmt::Display for DigestTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%H:%M"))
    }
}

/// An IANA time zone such as `Europe/Paris`; daylight-saving rules come with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone(chrono_tz::Tz);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a known time zone: use an IANA name such as Europe/London, America/New_York or UTC")]
pub struct ParseTimeZoneError(String);

impl TimeZone {
    /// Accepts IANA names in any letter case and stores the canonical spelling.
    pub fn parse(input: &str) -> Result<Self, ParseTimeZoneError> {
        let trimmed = input.trim();
        trimmed
            .parse::<chrono_tz::Tz>()
            .ok()
            .or_else(|| {
                chrono_tz::TZ_VARIANTS
                    .iter()
                    .find(|tz| tz.name().eq_ignore_ascii_case(trimmed))
                    .copied()
            })
            .map(Self)
            .ok_or_else(|| ParseTimeZoneError(truncate_for_message(trimmed)))
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }

    pub fn as_tz(self) -> chrono_tz::Tz {
        self.0
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Keeps error messages short when someone pastes a novel into an option.
fn truncate_for_message(text: &str) -> String {
    const LIMIT: usize = 64;
    if text.chars().count() <= LIMIT {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(LIMIT).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_parse_on_a_24_hour_clock() {
        assert_eq!(DigestTime::parse("08:00").unwrap().to_string(), "08:00");
        assert_eq!(DigestTime::parse("8:05").unwrap().to_string(), "08:05");
        assert_eq!(DigestTime::parse("23:59").unwrap().to_string(), "23:59");
        for bad in [
            "24:00", "12:60", "8", "8:5", "08:00:00", "ab:cd", "", "-1:00", "+8:00", "８:00",
        ] {
            assert!(DigestTime::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn time_zones_are_iana_names_in_any_case() {
        assert_eq!(
            TimeZone::parse("europe/paris").unwrap().name(),
            "Europe/Paris"
        );
        assert_eq!(TimeZone::parse("UTC").unwrap().name(), "UTC");
        assert!(TimeZone::parse("Mars/Olympus_Mons").is_err());
        assert!(TimeZone::parse("").is_err());
    }

    #[test]
    fn long_garbage_is_cut_short_in_the_message() {
        let error = TimeZone::parse(&"x".repeat(5000)).unwrap_err().to_string();
        assert!(error.len() < 200, "{error}");
    }
}
