//! Durations as operators write them in configuration: `90s`, `2m`, `1h`, `7d`.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A positive duration written as a whole number and one unit (`s`, `m`, `h`, `d`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConfigDuration(Duration);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseDurationError {
    #[error("a duration is a whole number and a unit, like `90s`, `2m`, `1h` or `7d`; got `{0}`")]
    Malformed(String),
    #[error("unknown duration unit in `{0}`: use s, m, h or d")]
    UnknownUnit(String),
    #[error("a duration must be more than zero; got `{0}`")]
    Zero(String),
    #[error("duration `{0}` is too long: at most 3650d")]
    TooLong(String),
}

const MAX_SECONDS: u64 = 3650 * 86_400;

impl ConfigDuration {
    pub fn parse(text: &str) -> Result<Self, ParseDurationError> {
        let trimmed = text.trim();
        let split = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(|| ParseDurationError::Malformed(trimmed.to_owned()))?;
        let (digits, unit) = trimmed.split_at(split);
        if digits.is_empty() {
            return Err(ParseDurationError::Malformed(trimmed.to_owned()));
        }
        let unit_seconds = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3_600,
            "d" => 86_400,
            _ => return Err(ParseDurationError::UnknownUnit(trimmed.to_owned())),
        };
        let amount: u64 = digits
            .parse()
            .map_err(|_| ParseDurationError::TooLong(trimmed.to_owned()))?;
        let seconds = amount
            .checked_mul(unit_seconds)
            .filter(|s| *s <= MAX_SECONDS)
            .ok_or_else(|| ParseDurationError::TooLong(trimmed.to_owned()))?;
        if seconds == 0 {
            return Err(ParseDurationError::Zero(trimmed.to_owned()));
        }
        Ok(Self(Duration::from_secs(seconds)))
    }

    pub fn as_duration(self) -> Duration {
        self.0
    }

    pub fn as_secs(self) -> u64 {
        self.0.as_secs()
    }

    /// Builds a duration from whole seconds, as stored in the database.
    pub fn from_secs(seconds: u64) -> Result<Self, ParseDurationError> {
        Self::parse(&format!("{seconds}s"))
    }
}

impl FromStr for ConfigDuration {
    type Err = ParseDurationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for ConfigDuration {
    /// Prints the largest unit that divides the duration exactly, so `parse(display(d)) == d`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.as_secs();
        match s {
            _ if s % 86_400 == 0 => write!(f, "{}d", s / 86_400),
            _ if s % 3_600 == 0 => write!(f, "{}h", s / 3_600),
            _ if s % 60 == 0 => write!(f, "{}m", s / 60),
            _ => write!(f, "{s}s"),
        }
    }
}

impl<'de> serde::Deserialize<'de> for ConfigDuration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_unit_is_understood() {
        assert_eq!(ConfigDuration::parse("90s").unwrap().as_secs(), 90);
        assert_eq!(ConfigDuration::parse("2m").unwrap().as_secs(), 120);
        assert_eq!(ConfigDuration::parse("1h").unwrap().as_secs(), 3_600);
        assert_eq!(ConfigDuration::parse(" 7d ").unwrap().as_secs(), 604_800);
    }

    #[test]
    fn malformed_durations_are_refused_with_the_reason() {
        assert!(matches!(
            ConfigDuration::parse("90"),
            Err(ParseDurationError::Malformed(_))
        ));
        assert!(matches!(
            ConfigDuration::parse("m"),
            Err(ParseDurationError::Malformed(_))
        ));
        assert!(matches!(
            ConfigDuration::parse("5w"),
            Err(ParseDurationError::UnknownUnit(_))
        ));
        assert!(matches!(
            ConfigDuration::parse("1h30m"),
            Err(ParseDurationError::UnknownUnit(_))
        ));
        assert!(matches!(
            ConfigDuration::parse("-5m"),
            Err(ParseDurationError::Malformed(_))
        ));
        assert!(matches!(
            ConfigDuration::parse("0s"),
            Err(ParseDurationError::Zero(_))
        ));
        assert!(matches!(
            ConfigDuration::parse("99999999999999999999999d"),
            Err(ParseDurationError::TooLong(_))
        ));
        assert!(matches!(
            ConfigDuration::parse("3651d"),
            Err(ParseDurationError::TooLong(_))
        ));
    }

    #[test]
    fn display_round_trips() {
        for text in ["90s", "2m", "1h", "7d", "25h", "61s"] {
            let parsed = ConfigDuration::parse(text).unwrap();
            assert_eq!(parsed.to_string(), text);
            assert_eq!(ConfigDuration::parse(&parsed.to_string()).unwrap(), parsed);
        }
    }
}
